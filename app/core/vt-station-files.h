/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-station.h"

G_BEGIN_DECLS

/* Where station files live (README, "Where station files live"): in Valgting's own folder,
 * g_get_user_data_dir ()/valgting/stations (~/.local/share natively, ~/.var/app/ID/data in the
 * Flatpak). New stations are made there. A file elsewhere is worked on in place only where
 * sqlite can keep it safe: its folder writable (for the -wal and -shm beside it), the file
 * writable, not a file the document portal hands over (it refuses flock, and its folder is not
 * the real one). Anywhere else the chair takes in a verified copy, or opens it read-only. */

/* The folder, not made yet; free it. */
char      *vt_station_files_folder    (void);
/* @folder/@name, or @folder/NAME-2.valgting, -3 … where that exists already; free it. */
char      *vt_station_files_new_path  (const char  *folder,
                                       const char  *name);
/* Whether @path can be opened for recording where it is; if not, VT_STORE_ERROR_NOT_IN_PLACE
 * says why and what the chair can do. A file that does not exist counts as in place. */
gboolean   vt_station_files_in_place  (const char  *path,
                                       GError     **error);
/* For the store: flock refused with @saved_errno (not "held by another"): not in place. */
void       vt_station_files_lock_refused (const char *path,
                                          int         saved_errno,
                                          GError    **error);
/* A copy of the station at @path in @folder, checked against the original (the same entries,
 * the same last checksum), opened for recording. The original is only read, never written,
 * and no -wal or -shm is made beside it. */
VtStation *vt_station_files_take_in   (const char  *path,
                                       const char  *folder,
                                       GError     **error);

G_END_DECLS
