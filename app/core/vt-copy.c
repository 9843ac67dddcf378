/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-copy"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "vt-i18n.h"
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "vt-copy.h"
#include "vt-error.h"
#include "vt-store-private.h"

static VtCopyFreeSpaceFunc free_space_func;

void
vt_copy_set_free_space_func_for_testing (VtCopyFreeSpaceFunc func)
{
  free_space_func = func;
}

gint64
vt_copy_free_space (const char *path)
{
  g_autofree char *folder = NULL;
  struct statvfs st;

  g_return_val_if_fail (path != NULL, -1);

  if (free_space_func != NULL)
    return free_space_func (path);
  /* The file itself when it exists; else its folder (a copy's file is gone after a failure). */
  if (statvfs (path, &st) != 0)
    {
      folder = g_path_get_dirname (path);
      if (statvfs (folder, &st) != 0)
        return -1;
    }
  /* f_bavail, not f_bfree: the blocks kept for root are no room for the chair. */
  return (gint64)st.f_bavail * (gint64)st.f_frsize;
}

/* A file at @path, or sqlite's -wal or -journal beside it, has (almost) reached the largest
 * size this process may write (RLIMIT_FSIZE, "ulimit -f"): writes past it fail with EFBIG,
 * which sqlite reports as a bare I/O error. For the chair it is the same as a full disk. */
static gboolean
at_size_limit (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-journal" };
  struct rlimit limit;

  if (getrlimit (RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      struct stat st;

      if (stat (file, &st) == 0 &&
          (guint64)st.st_size + VT_COPY_FULL_MARGIN > (guint64)limit.rlim_cur)
        return TRUE;
    }
  return FALSE;
}

gboolean
vt_copy_disk_is_full (const char *path)
{
  gint64 free_bytes = vt_copy_free_space (path);

  g_return_val_if_fail (path != NULL, FALSE);

  return (free_bytes >= 0 && free_bytes < VT_COPY_FULL_MARGIN) ||
         (free_space_func == NULL && at_size_limit (path));
}

GError *
vt_copy_full_error (const char *path)
{
  g_autofree char *folder = g_file_test (path, G_FILE_TEST_IS_DIR) ? g_strdup (path)
                                                                     : g_path_get_dirname (path);

  /* Translators: %s is the folder (a USB stick) the second copy goes to */
  return g_error_new (VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                      _("The second copy could not be made: the USB stick or folder “%s” is "
                        "full. The station file itself is safe, and nothing of the unfinished "
                        "copy was left there. Free some space on it, or use another USB stick "
                        "for the second copy."), folder);
}

/* A failure while writing the copy is a full stick when the system said so (sqlite calls only
 * ENOSPC full; a file size limit such as FAT's 4 GiB comes back as an I/O error with EFBIG) or,
 * since a failed fsync or close leaves no reliable errno, when the stick has no room left.
 * Asked before the unfinished copy is removed, which frees its room again. */
static gboolean
failed_for_room (const char *destination,
                 int         rc,
                 int         system_errno)
{
  if ((rc & 0xff) == SQLITE_FULL || system_errno == ENOSPC || system_errno == EFBIG ||
      system_errno == EDQUOT)
    return TRUE;
  return vt_copy_disk_is_full (destination);
}

static gboolean
copy_failed_full (GError    **error,
                  const char *destination)
{
  g_propagate_error (error, vt_copy_full_error (destination));
  return FALSE;
}

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
  if (fd < 0 && g_error_matches (create_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    return copy_failed_full (error, destination);
  if (fd < 0)
    return copy_failed (error, destination, create_error->message);
  g_close (fd, NULL);
  rc = sqlite3_open_v2 (part, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *why = g_strdup (vt_store_sqlite_reason (rc));
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
  if (rc != SQLITE_OK && failed_for_room (destination, rc, sqlite3_system_errno (to)))
    {
      g_free (check);
      sqlite3_close (to);
      remove_part (part);
      return copy_failed_full (error, destination);
    }
  if (rc != SQLITE_OK || g_strcmp0 (check, "ok") != 0)
    {
      g_autofree char *why = rc != SQLITE_OK ? g_strdup (vt_store_sqlite_reason (rc))
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
      gboolean full = vt_copy_disk_is_full (destination);

      remove_part (part);
      return full ? copy_failed_full (error, destination)
                  : copy_failed (error, destination, _("the copy could not be closed"));
    }

  if (!sync_path (part, O_RDONLY) || g_rename (part, destination) != 0)
    {
      int saved = errno;
      gboolean full = failed_for_room (destination, SQLITE_OK, saved);

      remove_part (part);
      return full ? copy_failed_full (error, destination)
                  : copy_failed (error, destination, g_strerror (saved));
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
      return copy_failed (error, destination, vt_store_sqlite_reason (rc));
    }
  sqlite3_busy_timeout (from, 2000);
  ok = vt_copy_database_full (from, destination, not_private, error);
  sqlite3_close (from);
  return ok;
}
