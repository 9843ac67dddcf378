/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-copy"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "vt-copy.h"
#include "vt-error.h"

static gboolean
copy_failed (GError    **error,
             const char *destination,
             const char *why)
{
  /* Translators: the first %s is where the copy goes, the second why it failed */
  g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
               _("The second copy could not be written to “%s”: %s. The station file itself "
                 "is safe. Check the USB stick, or choose another place for the copy."),
               destination, why);
  return FALSE;
}

/* fsync a file or a folder, so the rename that follows is not ahead of the data. */
static gboolean
sync_path (const char *path,
           int         flags)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  g_close (fd, NULL);
  return ok;
}

/* Copies the open database @from to @destination: the backup API under a temporary name, no
 * -wal beside it, integrity_check, fsync, rename. */
gboolean
vt_copy_database (sqlite3     *from,
                  const char  *destination,
                  GError     **error)
{
  g_autofree char *part = g_strconcat (destination, ".part", NULL);
  g_autofree char *folder = g_path_get_dirname (destination);
  sqlite3 *to = NULL;
  sqlite3_backup *backup;
  char *check = NULL;
  int rc;

  g_unlink (part);
  rc = sqlite3_open_v2 (part, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                   SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *why = g_strdup (sqlite3_errstr (rc));
      sqlite3_close (to);
      g_unlink (part);
      return copy_failed (error, destination, why);
    }
  g_chmod (part, 0600);

  /* One consistent snapshot of the source, taken in one step. */
  backup = sqlite3_backup_init (to, "main", from, "main");
  if (backup != NULL)
    {
      sqlite3_backup_step (backup, -1);
      rc = sqlite3_backup_finish (backup);
    }
  else
    rc = sqlite3_errcode (to);

  /* A copy to carry away stands alone: no -wal beside it. Then it must pass the check. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (to, "PRAGMA journal_mode = DELETE;", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_stmt *stmt = NULL;
      if (sqlite3_prepare_v2 (to, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        check = g_utf8_make_valid ((const char *)sqlite3_column_text (stmt, 0), -1);
      sqlite3_finalize (stmt);
    }
  if (rc != SQLITE_OK || g_strcmp0 (check, "ok") != 0)
    {
      g_autofree char *why = rc != SQLITE_OK ? g_utf8_make_valid (sqlite3_errmsg (to), -1)
                                             : g_strdup_printf (_("the copy failed its check "
                                                                  "(%s)"), check);
      g_free (check);
      sqlite3_close (to);
      g_unlink (part);
      return copy_failed (error, destination, why);
    }
  g_free (check);
  sqlite3_close (to);

  if (!sync_path (part, O_RDONLY) || g_rename (part, destination) != 0)
    {
      int saved = errno;
      g_unlink (part);
      return copy_failed (error, destination, g_strerror (saved));
    }
  sync_path (folder, O_RDONLY | O_DIRECTORY);
  return TRUE;
}

gboolean
vt_copy_station_file (const char  *source,
                      const char  *destination,
                      GError     **error)
{
  sqlite3 *from = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (source != NULL && destination != NULL, FALSE);

  /* A read-only connection of its own: the window's connection keeps writing meanwhile. */
  rc = sqlite3_open_v2 (source, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close (from);
      return copy_failed (error, destination, sqlite3_errstr (rc));
    }
  sqlite3_busy_timeout (from, 2000);
  ok = vt_copy_database (from, destination, error);
  sqlite3_close (from);
  return ok;
}
