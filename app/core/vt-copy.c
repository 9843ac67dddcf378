/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-copy"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "vt-i18n.h"
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
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

/* The temporary copy and everything sqlite may have put beside it: none may stay on the stick
 * after a failed copy, they hold the station's data. */
static void
remove_part (const char *part)
{
  static const char *const suffixes[] = { "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *beside = g_strconcat (part, suffixes[i], NULL);
      g_unlink (beside);
    }
  g_unlink (part);
}

int
vt_copy_create_private (const char  *path,
                        gboolean    *not_private,
                        GError     **error)
{
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, -1);

  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                           g_strerror (saved));
      return -1;
    }
  if (not_private != NULL)
    *not_private = fstat (fd, &st) != 0 || (st.st_mode & 0077) != 0;
  return fd;
}

gboolean
vt_copy_path_is_private (const char *path)
{
  struct stat st;

  return g_stat (path, &st) == 0 && (st.st_mode & 0077) == 0;
}

GError *
vt_copy_not_private_warning (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  /* Translators: %s is the folder (a USB stick) the copy went to */
  return g_error_new (VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                      _("The second copy was made in “%s”, but that file system (FAT on most USB "
                        "sticks) cannot keep it private: anyone who gets the stick can read the "
                        "names in it. Keep the stick safe like the protocol, or use a stick "
                        "formatted for Linux."), folder);
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
  return vt_copy_database_full (from, destination, NULL, error);
}

gboolean
vt_copy_database_full (sqlite3     *from,
                       const char  *destination,
                       gboolean    *not_private,
                       GError     **error)
{
  g_autofree char *part = g_strconcat (destination, ".part", NULL);
  g_autofree char *folder = g_path_get_dirname (destination);
  sqlite3 *to = NULL;
  sqlite3_backup *backup;
  char *check = NULL;
  g_autoptr(GError) create_error = NULL;
  int rc, fd;

  /* The temporary is created here, 0600 from the start (sqlite gives its -journal and -wal
   * the same mode); a leftover from an earlier failed copy is removed first. */
  remove_part (part);
  fd = vt_copy_create_private (part, not_private, &create_error);
  if (fd < 0)
    return copy_failed (error, destination, create_error->message);
  g_close (fd, NULL);
  rc = sqlite3_open_v2 (part, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *why = g_strdup (sqlite3_errstr (rc));
      sqlite3_close (to);
      remove_part (part);
      return copy_failed (error, destination, why);
    }
  /* No -shm on the stick, and nothing another program could attach to. */
  sqlite3_exec (to, "PRAGMA locking_mode = EXCLUSIVE;", NULL, NULL, NULL);

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
      remove_part (part);
      return copy_failed (error, destination, why);
    }
  g_free (check);
  if (sqlite3_close (to) != SQLITE_OK)
    {
      remove_part (part);
      return copy_failed (error, destination, _("the copy could not be closed"));
    }

  if (!sync_path (part, O_RDONLY) || g_rename (part, destination) != 0)
    {
      int saved = errno;
      remove_part (part);
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
  return vt_copy_station_file_full (source, destination, NULL, error);
}

gboolean
vt_copy_station_file_full (const char  *source,
                           const char  *destination,
                           gboolean    *not_private,
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
  ok = vt_copy_database_full (from, destination, not_private, error);
  sqlite3_close (from);
  return ok;
}
