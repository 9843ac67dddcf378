/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The second copy of a station file, on a USB stick or in another folder: made with sqlite's
 * backup API from a read-only connection of its own (so it can run in a thread while the
 * window logs on), written under a temporary name, checked with integrity_check, made durable
 * and only then renamed into place — a pulled stick never leaves a half copy under the real
 * name. The copy is a complete station file: a spare laptop opens it and carries on. */
gboolean vt_copy_station_file (const char  *source,
                               const char  *destination,
                               GError     **error);

/* The same; *@not_private is set TRUE when the copy was made but its file system does not
 * keep the mode 0600 it was created with (FAT on a USB stick). That is a warning, not a
 * failure: the copy is still what a spare laptop carries on with, so it is kept and the
 * chair is told (vt_copy_not_private_warning ()). */
gboolean vt_copy_station_file_full (const char  *source,
                                    const char  *destination,
                                    gboolean    *not_private,
                                    GError     **error);

/* Creates @path exclusively, mode 0600 from its creation, and returns its descriptor (-1 and
 * a G_FILE_ERROR when it cannot). *@not_private: the mode after creation is not 0600. */
int      vt_copy_create_private   (const char  *path,
                                   gboolean    *not_private,
                                   GError     **error);
/* The file exists and only its owner may read it. */
gboolean vt_copy_path_is_private  (const char  *path);
/* What the chair is told when a copy was written where it cannot be kept private. */
GError  *vt_copy_not_private_warning (const char *path);

/* Room for another entry or a copy's last pages: below this many free bytes a disk that
 * reports a write or sync error is called full. */
#define VT_COPY_FULL_MARGIN (256 * 1024)

/* The bytes an ordinary user may still write on the file system that holds @path (a file, or
 * the folder it would be in), or -1 when that cannot be known. */
gint64   vt_copy_free_space       (const char  *path);
/* The file system holding @path has (almost) no room left: less than VT_COPY_FULL_MARGIN. sqlite
 * keeps no reliable errno for a failed fsync, nor does a copy's close, so after an I/O error
 * this is how a full disk is told from a failing one. */
gboolean vt_copy_disk_is_full     (const char  *path);
/* Tests only: answer vt_copy_free_space () with @func (NULL: statvfs again), so that a disk
 * that is full can be simulated where making one is not possible. */
typedef gint64 (*VtCopyFreeSpaceFunc) (const char *path);
void     vt_copy_set_free_space_func_for_testing (VtCopyFreeSpaceFunc func);

/* What the chair is told when the copy's place (@path, a file or the folder it goes in) is
 * full: which stick or folder, that the station file is safe and nothing was left there, and
 * what to do. */
GError  *vt_copy_full_error       (const char  *path);

typedef struct sqlite3 sqlite3;

/* The same from a connection already open (the station's own, when its file is gone). */
gboolean vt_copy_database     (sqlite3     *from,
                               const char  *destination,
                               GError     **error);
gboolean vt_copy_database_full (sqlite3     *from,
                                const char  *destination,
                                gboolean    *not_private,
                                GError     **error);

G_END_DECLS
