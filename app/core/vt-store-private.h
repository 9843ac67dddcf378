/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "vt-store.h"

G_BEGIN_DECLS

/* 'VTG1': marks a sqlite file as a Valgting station (PRAGMA application_id). */
#define VT_STORE_APPLICATION_ID 0x56544731

/* The schema version this build writes; PRAGMA user_version counts applied migrations. */
#define VT_STORE_SCHEMA_VERSION 4

gboolean vt_store_migrate          (sqlite3     *db,
                                    int          target,
                                    GError     **error);
gboolean vt_store_check_schema     (sqlite3     *db,
                                    const char  *path,
                                    GError     **error);
gboolean vt_store_exec             (sqlite3     *db,
                                    const char  *sql,
                                    GError     **error);
/* What sqlite's result @code means, in the user's language (sqlite3_errstr () is English
 * only): for a message about a station file or its copy. */
const char *vt_store_sqlite_reason (int code);
void     vt_store_set_sqlite_error (GError     **error,
                                    sqlite3     *db,
                                    int          code,
                                    const char  *doing);
int      vt_store_pragma_int       (sqlite3     *db,
                                    const char  *pragma);
/* Reads the file just opened as @db (before anything writes to it) and says truthfully what
 * it is when it is not a station: another database or file, a damaged or truncated station,
 * a file that cannot be read here, or one with Valgting's mark but no station in it. */
gboolean vt_store_identify         (sqlite3     *db,
                                    const char  *path,
                                    GError     **error);
/* Opens @path read-only for checking and printing, on read-only media too: sqlite needs to
 * make a -shm beside a WAL file, so where it cannot, the file is opened immutable — unless a
 * -wal with entries lies beside it, then the chair is told to copy both files. */
sqlite3 *vt_store_open_db_read_only (const char *path,
                                     GError    **error);
gboolean vt_store_find_schema_difference (sqlite3  *db,
                                          char    **type,
                                          char    **name,
                                          gboolean *missing);
sqlite3 *vt_store_get_db           (VtStore     *self);
gboolean vt_derived_apply          (sqlite3     *db,
                                    const char  *kind,
                                    const char  *payload,
                                    GError     **error);

/* Creates a closed station file at a schema @version; tests use older versions to check
 * the migrations, vt_store_create() the current one. */
gboolean vt_store_create_file      (const char  *path,
                                    VtConfig    *config,
                                    GDateTime   *created,
                                    int          version,
                                    GError     **error);

/* Waits until the check started by vt_store_check_ahead () has finished (its result is kept
 * for the open that takes it): for tests that change the file after the check. */
void     vt_store_check_ahead_wait (void);
/* For tests: while held, checks started ahead wait before they begin; so a store opened then
 * opens with its checks still to come (vt_store_get_check_pending ()). */
void     vt_store_check_ahead_hold (gboolean hold);
/* For tests: from what size on a file's checks wait for the first frame, and how long at most
 * (-1: the defaults); and the first frame not drawn yet. */
void     vt_store_set_check_after_first_frame (gint64 size,
                                               gint64 wait_us);

G_END_DECLS
