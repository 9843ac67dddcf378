/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-store-check"

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include "vt-i18n.h"
#include <sqlite3.h>

#include "vt-error.h"
#include "vt-store-private.h"
#include "vt-verify.h"

/* The whole-file checks of opening a station file: its pages (quick_check) and its chain.
 * They are started ahead, in a thread of their own, when the file is known before the window;
 * an open store whose check still runs waits for it before its first write. Opening itself
 * (open_store ()) and everything else about the file are in vt-store.c. */

/* A damaged page can still read: as NULL where the schema says NOT NULL, as text where it
 * says INTEGER. Nothing after opening expects that, so a damaged file is refused here, before
 * anything writes to it, and verify tells what is wrong. */
static gboolean
check_not_damaged (sqlite3  *db,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check (1)", -1, &stmt, NULL);
  gboolean ok;

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    vt_store_set_sqlite_error (error, db, rc == SQLITE_ROW ? SQLITE_CORRUPT : rc,
                               C_("while …", "checking the station file"));
  return ok;
}

/* Refuse a file whose chain, or whose first entry, no longer holds: it would print changed
 * entries under their old checksum. */
gboolean
vt_store_check_chain_on_open (VtStore *self,
                              GError **error)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) local_error = NULL;

  if (vt_verify_connection (self->db, VT_VERIFY_OPEN, &report, &local_error))
    return TRUE;
  if (!g_error_matches (local_error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED,
               _("The station file “%s” has been changed outside Valgting: %s Open the second "
                 "copy instead, and run “valgting verify” on this file to see what else was "
                 "changed."), self->path, local_error->message);
  return FALSE;
}

/* ---- the check, started ahead -----------------------------------------------------------
 *
 * quick_check reads the whole file: ~0.2 s for 200,000 entries, on the way to the first frame.
 * The application knows the file from its command line before the toolkit starts, so it can
 * start the check then, in a thread of its own with its own read-only connection, while the
 * toolkit starts on the other core. Opening then waits for that result instead of checking
 * again — if it is about the same file in the same state (device, inode, size and time of
 * the file and of its -wal); otherwise, or when the early check could not run, opening
 * checks as before. Either way a damaged file is refused before anything reads or writes it
 * through the store. */

typedef struct
{
  dev_t  dev;
  ino_t  ino;
  off_t  size;
  gint64 mtime_ns;
  off_t  wal_size;
  gint64 wal_mtime_ns;
} FileState;

struct CheckAhead
{
  char      *path;
  FileState  before;
  GThread   *thread;  /* NULL once joined: then result holds what it found */
  int        result;
  gboolean   after_first_frame;
};

G_LOCK_DEFINE_STATIC (check_ahead);
static CheckAhead *check_ahead;

/* A file this big takes its checks longer than the window takes to start (~300 ms for the
 * 62 MB of 200,000 entries here). It opens without waiting for them (see open_store ()), so
 * they need not start before the window has drawn its first frame either, and sharing the
 * processors with the window's start would only delay it. They start then
 * (vt_store_check_ahead_go ()), or after a second in a program that never says so. A smaller
 * file, every real day's, is checked at once, and a damaged one refused before it is shown. */
#define CHECK_AFTER_FIRST_FRAME_SIZE (16 * 1024 * 1024)
#define CHECK_AFTER_FIRST_FRAME_WAIT G_USEC_PER_SEC
static gint64 check_after_first_frame_size = CHECK_AFTER_FIRST_FRAME_SIZE;
static gint64 check_after_first_frame_wait = CHECK_AFTER_FIRST_FRAME_WAIT;

/* For tests: checks started ahead wait while held, so that a test knows they still run. */
static GMutex hold_lock;
static GCond hold_cond;
static gboolean held;
static gboolean first_frame_drawn;

void
vt_store_check_ahead_go (void)
{
  g_mutex_lock (&hold_lock);
  first_frame_drawn = TRUE;
  g_cond_broadcast (&hold_cond);
  g_mutex_unlock (&hold_lock);
}

void
vt_store_set_check_after_first_frame (gint64 size,
                                      gint64 wait_us)
{
  check_after_first_frame_size = size < 0 ? CHECK_AFTER_FIRST_FRAME_SIZE : size;
  check_after_first_frame_wait = wait_us < 0 ? CHECK_AFTER_FIRST_FRAME_WAIT : wait_us;
  g_mutex_lock (&hold_lock);
  first_frame_drawn = FALSE;
  g_mutex_unlock (&hold_lock);
}

void
vt_store_check_ahead_hold (gboolean hold)
{
  g_mutex_lock (&hold_lock);
  held = hold;
  g_cond_broadcast (&hold_cond);
  g_mutex_unlock (&hold_lock);
}

static gboolean
file_state (const char *path,
            FileState  *state)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;

  memset (state, 0, sizeof *state);
  if (stat (path, &st) != 0)
    return FALSE;
  state->dev = st.st_dev;
  state->ino = st.st_ino;
  state->size = st.st_size;
  state->mtime_ns = (gint64)st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                    st.st_mtim.tv_nsec;
  /* An empty -wal holds nothing: opening a WAL file makes one, and that changes no page. */
  if (stat (wal, &st) == 0 && st.st_size > 0)
    {
      state->wal_size = st.st_size;
      state->wal_mtime_ns = (gint64)st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                            st.st_mtim.tv_nsec;
    }
  return TRUE;
}

static gpointer
check_ahead_thread (gpointer data)
{
  CheckAhead *ahead = data;
  const char *path = ahead->path;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  CheckResult result = CHECK_UNKNOWN;

  g_mutex_lock (&hold_lock);
  while (held)
    g_cond_wait (&hold_cond, &hold_lock);
  if (ahead->after_first_frame)
    {
      gint64 until = g_get_monotonic_time () + check_after_first_frame_wait;

      while (!first_frame_drawn && g_cond_wait_until (&hold_cond, &hold_lock, until))
        ;
    }
  g_mutex_unlock (&hold_lock);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) ==
        SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA quick_check (1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      int rc = sqlite3_step (stmt);

      if (rc == SQLITE_ROW)
        result = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") == 0
                   ? CHECK_OK : CHECK_DAMAGED;
      else if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
        result = CHECK_DAMAGED;
    }
  sqlite3_finalize (stmt);
  /* The chain, read once more here instead of on the way to the first frame. Only its
   * success is passed on: any failure is found again, and explained, by opening itself. */
  if (result == CHECK_OK)
    {
      g_auto(VtVerifyReport) report = { 0 };

      if (vt_store_identify (db, path, NULL) &&
          vt_store_pragma_int (db, "user_version") == VT_STORE_SCHEMA_VERSION &&
          vt_verify_connection (db, VT_VERIFY_OPEN, &report, NULL))
        result |= CHAIN_OK;
    }
  sqlite3_close (db);
  return GINT_TO_POINTER (result);
}

void
vt_store_check_ahead (const char *path)
{
  g_autofree char *absolute = NULL;
  CheckAhead *ahead;

  g_return_if_fail (path != NULL);
  absolute = g_canonicalize_filename (path, NULL);
  ahead = g_new0 (CheckAhead, 1);
  if (!file_state (absolute, &ahead->before))
    {
      g_free (ahead);
      return;
    }
  ahead->path = g_steal_pointer (&absolute);
  ahead->after_first_frame = ahead->before.size + ahead->before.wal_size >=
                             check_after_first_frame_size;
  ahead->thread = g_thread_new ("vt-check-ahead", check_ahead_thread, ahead);

  G_LOCK (check_ahead);
  if (check_ahead != NULL)   /* only the latest: the one before is waited for and dropped */
    {
      if (check_ahead->thread != NULL)
        g_thread_join (check_ahead->thread);
      g_free (check_ahead->path);
      g_free (check_ahead);
    }
  check_ahead = ahead;
  G_UNLOCK (check_ahead);
}

void
vt_store_check_ahead_wait (void)
{
  G_LOCK (check_ahead);
  if (check_ahead != NULL && check_ahead->thread != NULL)
    {
      check_ahead->result = GPOINTER_TO_INT (g_thread_join (check_ahead->thread));
      check_ahead->thread = NULL;
    }
  G_UNLOCK (check_ahead);
}

static void
check_ahead_free (CheckAhead *ahead)
{
  if (ahead->thread != NULL)
    g_thread_join (ahead->thread);
  g_free (ahead->path);
  g_free (ahead);
}

/* The check started ahead for @path, if there is one; taken once. */
CheckAhead *
vt_store_take_check_ahead (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  CheckAhead *ahead = NULL;

  G_LOCK (check_ahead);
  if (check_ahead != NULL && g_str_equal (check_ahead->path, absolute))
    ahead = g_steal_pointer (&check_ahead);
  G_UNLOCK (check_ahead);
  return ahead;
}

gboolean
vt_store_check_ahead_running (CheckAhead *ahead)
{
  return ahead->thread != NULL;
}

/* What @ahead found, waiting for it if it still runs; CHECK_UNKNOWN when the file is no
 * longer in the state it checked. Frees @ahead. */
int
vt_store_check_ahead_finish (CheckAhead *ahead)
{
  int result = ahead->thread != NULL ? GPOINTER_TO_INT (g_thread_join (ahead->thread))
                                     : ahead->result;
  FileState now;

  ahead->thread = NULL;
  if (!file_state (ahead->path, &now) || memcmp (&now, &ahead->before, sizeof now) != 0)
    result = CHECK_UNKNOWN;
  check_ahead_free (ahead);
  return result;
}

/* The page check, from what was found ahead (CHECK_UNKNOWN: check now). */
gboolean
vt_store_check_not_damaged_or_ahead (sqlite3     *db,
                                     int          ahead,
                                     GError     **error)
{
  switch (ahead & ~CHAIN_OK)
    {
    case CHECK_OK:
      return TRUE;
    case CHECK_DAMAGED:
      vt_store_set_sqlite_error (error, db, SQLITE_CORRUPT,
                                 C_("while …", "checking the station file"));
      return FALSE;
    case CHECK_UNKNOWN:
    default:
      return check_not_damaged (db, error);
    }
}

/**
 * vt_store_get_check_pending:
 *
 * Whether the whole-file checks of opening (the pages, the chain) still run in the background:
 * then the first write waits for them, and refuses a damaged file.
 */
gboolean
vt_store_get_check_pending (VtStore *self)
{
  g_return_val_if_fail (VT_IS_STORE (self), FALSE);
  return !self->checked;
}

/**
 * vt_store_wait_check:
 *
 * Waits for the checks running in the background, if any. Safe from any thread; what they
 * found is taken by vt_store_ensure_checked () on the store's own.
 */
void
vt_store_wait_check (VtStore *self)
{
  g_return_if_fail (VT_IS_STORE (self));

  g_mutex_lock (&self->check_lock);
  if (self->pending != NULL)
    self->pending_result = vt_store_check_ahead_finish (g_steal_pointer (&self->pending));
  g_mutex_unlock (&self->check_lock);
}

/**
 * vt_store_ensure_checked:
 *
 * Makes sure the whole-file checks of opening are done and passed, waiting for the ones that
 * run in the background; every write asks this first. A file that fails is refused, with the
 * same error opening would have given, now and for every write after.
 */
gboolean
vt_store_ensure_checked (VtStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (VT_IS_STORE (self), FALSE);

  if (!self->checked)
    {
      vt_store_wait_check (self);
      if (vt_store_check_not_damaged_or_ahead (self->db, self->pending_result,
                                               &self->check_error) &&
          (self->pending_result & CHAIN_OK) == 0)
        vt_store_check_chain_on_open (self, &self->check_error);
      self->checked = TRUE;
    }
  if (self->check_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->check_error));
      return FALSE;
    }
  return TRUE;
}
