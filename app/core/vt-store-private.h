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

/* ---- the checks of opening (vt-store-check.c) -------------------------------------------
 *
 * Opening (vt-store.c) takes the check started ahead by vt_store_check_ahead (), or checks
 * itself; an open store whose check still runs keeps it as pending. Both files use these. */

/* A check started ahead: its file's state when it started, and its thread. */
typedef struct CheckAhead CheckAhead;

/* The station file's store; vt-store-check.c reads and sets its check fields and db. */
struct _VtStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  VtConfig *config;
  gboolean training;

  gint64 n_entries;
  char *head_hash;

  sqlite3_stmt *select_seq_stmt;
  sqlite3_stmt *select_command_stmt;

  int lock_fd;  /* holds flock (LOCK_EX) on the file while it is open, or -1 */

  /* The whole-file checks, when the check started ahead was still running as the store
   * opened: they are waited for before the first write (vt_store_ensure_checked ()) instead
   * of before the first frame. */
  GMutex check_lock;
  CheckAhead *pending;         /* the running check, until joined */
  int pending_result;          /* what it found, once joined (CHECK_* | CHAIN_OK) */
  gboolean checked;            /* the checks are done: check_error says how they went */
  GError *check_error;
};

/* What the thread found: the page check's CheckResult, and CHAIN_OK added when the chain and
 * first entry held too (vt_verify_connection (VT_VERIFY_OPEN), what opening checks next). */
#define CHAIN_OK 0x100

typedef enum
{
  CHECK_UNKNOWN,  /* it could not run: opening checks itself */
  CHECK_OK,
  CHECK_DAMAGED,
} CheckResult;

/* The check started ahead for @path, if any, taken once; NULL otherwise. */
CheckAhead *vt_store_take_check_ahead   (const char  *path);
/* Whether @ahead's thread is not joined yet: then it may still be running. */
gboolean vt_store_check_ahead_running   (CheckAhead  *ahead);
/* What @ahead found (CheckResult, maybe | CHAIN_OK), waiting for it; frees @ahead. */
int      vt_store_check_ahead_finish    (CheckAhead  *ahead);
/* The page check, from what was found ahead (CHECK_UNKNOWN: check now). */
gboolean vt_store_check_not_damaged_or_ahead (sqlite3  *db,
                                              int       ahead,
                                              GError  **error);
/* Refuses a file whose chain, or whose first entry, no longer holds. */
gboolean vt_store_check_chain_on_open   (VtStore     *self,
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
