/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-store"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "vt-i18n.h"
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "vt-command.h"
#include "vt-copy.h"
#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
#include "vt-error.h"
#include "vt-station-files.h"
#include "vt-store-private.h"
#include "vt-stmt-cache.h"

/* The station file: one sqlite database per station per election (SQLite as an application
 * file format). Every change is one journal entry, hash-chained to the one before, appended
 * with its derived state in one durable transaction (WAL, synchronous=FULL). An entry that
 * vt_store_append() returned is on disk. */

G_DEFINE_FINAL_TYPE (VtStore, vt_store, G_TYPE_OBJECT)

enum {
  APPENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Beside the file while it is open: who holds it, to tell a second window or machine. The
 * lock itself is the flock; this is only the name on the door, best effort. */
static char *
holder_path (const char *path)
{
  return g_strconcat (path, ".lock", NULL);
}

static void
vt_store_finalize (GObject *object)
{
  VtStore *self = (VtStore *)object;

  vt_store_wait_check (self);
  g_clear_error (&self->check_error);
  g_mutex_clear (&self->check_lock);
  g_clear_pointer (&self->select_seq_stmt, sqlite3_finalize);
  g_clear_pointer (&self->select_command_stmt, sqlite3_finalize);
  vt_stmt_cache_drop (self->db);
  g_clear_pointer (&self->db, sqlite3_close);
  if (self->lock_fd >= 0)
    {
      g_autofree char *holder = holder_path (self->path);
      g_unlink (holder);
      g_close (self->lock_fd, NULL);
    }
  g_clear_object (&self->config);
  g_free (self->path);
  g_free (self->head_hash);

  G_OBJECT_CLASS (vt_store_parent_class)->finalize (object);
}

static void
vt_store_class_init (VtStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vt_store_finalize;

  /**
   * VtStore::appended:
   * @entry: the entry, committed to disk
   *
   * Emitted after an entry is durably committed, never before.
   */
  signals[APPENDED] =
    g_signal_new ("appended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, VT_TYPE_JOURNAL_ENTRY);
}

static void
vt_store_init (VtStore *self)
{
  self->lock_fd = -1;
  g_mutex_init (&self->check_lock);
}

/* ---- sqlite helpers shared with the schema --------------------------------------------- */

/* After a write, sync or truncate of @db's files failed: whether its disk is full. sqlite
 * keeps no reliable errno for a failed fsync of the WAL (the unix VFS reports whatever errno
 * holds when asked), so the file system's free space is asked too: almost none left is a full
 * disk, not a failing one. */
static gboolean
failed_for_room (sqlite3 *db,
                 int      code)
{
  int system_errno = db != NULL ? sqlite3_system_errno (db) : 0;
  const char *path = db != NULL ? sqlite3_db_filename (db, "main") : NULL;

  if ((code & 0xff) == SQLITE_FULL)
    return TRUE;
  if ((code & 0xff) != SQLITE_IOERR)
    return FALSE;
  /* sqlite calls only ENOSPC "full": a file that reaches a size limit (4 GiB on a FAT32 USB
   * stick) or a disk quota comes back as an I/O error, and needs the same advice. */
  if (system_errno == ENOSPC || system_errno == EFBIG || system_errno == EDQUOT)
    return TRUE;
  switch (code)
    {
    case SQLITE_IOERR_WRITE:
    case SQLITE_IOERR_FSYNC:
    case SQLITE_IOERR_DIR_FSYNC:
    case SQLITE_IOERR_TRUNCATE:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP:
      return path != NULL && *path != '\0' && vt_copy_disk_is_full (path);
    default:
      return FALSE;   /* a read error is not for want of room */
    }
}

const char *
vt_store_sqlite_reason (int code)
{
  switch (code & 0xff)
    {
    case SQLITE_CORRUPT:
      return _("its contents are damaged");
    case SQLITE_NOTADB:
      return _("it is not a database");
    case SQLITE_FULL:
      return _("the disk is full");
    case SQLITE_IOERR:
      return _("the disk reported an error reading or writing it");
    case SQLITE_READONLY:
      return _("the file or its disk is read-only");
    case SQLITE_CANTOPEN:
      return _("the file or its folder cannot be opened");
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return _("permission denied");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return _("another program is using it");
    case SQLITE_NOMEM:
      return _("the computer ran out of memory");
    case SQLITE_PROTOCOL:
      return _("the file could not be locked (is it on a network drive?)");
    case SQLITE_TOOBIG:
    case SQLITE_NOLFS:
      return _("it is too large");
    default:
      return _("the database reported an error");
    }
}

void
vt_store_set_sqlite_error (GError    **error,
                           sqlite3    *db,
                           int         code,
                           const char *doing)
{
  int primary = code & 0xff;
  /* sqlite's message can quote the file's own bytes (a damaged schema's name, say): made
   * valid here, as every message is shown and printed as UTF-8. */
  g_autofree char *detail = g_utf8_make_valid (db != NULL ? sqlite3_errmsg (db)
                                                          : sqlite3_errstr (code), -1);

  if (primary == SQLITE_IOERR && failed_for_room (db, code))
    primary = SQLITE_FULL;

  switch (primary)
    {
    case SQLITE_FULL:
      /* Translators: here and below, %s is a phrase with the context "while …", such as "saving
       * the entry" */
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                   _("The disk became full while %s. Nothing of this step was saved; everything "
                     "before it is safe. Free some space or save a copy elsewhere, then try "
                     "again."), doing);
      break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                   _("The station file could not be written while %s (%s). Nothing of this "
                     "step was saved; everything before it is safe. Check that the disk or USB "
                     "stick is still there and has free space, or save a copy elsewhere, then "
                     "try again."),
                   doing, vt_store_sqlite_reason (code));
      break;
    case SQLITE_NOTADB:
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_A_STATION,
                   _("This is not a Valgting station file."));
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("The station file is damaged. Open its second copy, or run "
                     "“valgting verify” on it for details."));
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED,
                   _("The station file refused the change while %s: %s."), doing, detail);
      break;
    default:
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                   _("Unexpected database error while %s: %s."), doing, detail);
    }
}

/* With WAL the entry reaches the disk at COMMIT: a failure there is about saving the entry. */
static gboolean
commit_entry (sqlite3  *db,
              int      *code,
              GError  **error)
{
  int rc = *code = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "saving the entry"));
      return FALSE;
    }
  return TRUE;
}

/**
 * vt_store_check_file:
 *
 * Whether the station file is still where it was opened: the same file at the same path.
 * Returns: %FALSE with %VT_STORE_ERROR_GONE when it was removed, moved or replaced.
 */
gboolean
vt_store_check_file (VtStore  *self,
                     GError  **error)
{
  GStatBuf at_path;
  struct stat opened;

  g_return_val_if_fail (VT_IS_STORE (self), FALSE);

  if (self->lock_fd < 0 || fstat (self->lock_fd, &opened) != 0)
    return TRUE;
  if (g_stat (self->path, &at_path) == 0 && at_path.st_dev == opened.st_dev &&
      at_path.st_ino == opened.st_ino)
    return TRUE;
  g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_GONE,
               _("The station file “%s” is gone — was the USB stick pulled out? Nothing of "
                 "this step was saved. Everything so far is still open: save a copy elsewhere "
                 "and carry on there."), self->path);
  return FALSE;
}

/**
 * vt_store_save_copy:
 * @destination: a new station file
 *
 * Saves the open station as @destination, from the open connection, even when its own file is
 * gone; checked and renamed into place like the second copy.
 */
gboolean
vt_store_save_copy (VtStore    *self,
                    const char *destination,
                    GError    **error)
{
  g_return_val_if_fail (VT_IS_STORE (self), FALSE);

  if (g_file_test (destination, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS,
                   _("“%s” exists already; choose a new name for the copy."), destination);
      return FALSE;
    }
  return vt_copy_database (self->db, destination, error);
}

gboolean
vt_store_exec (sqlite3    *db,
               const char *sql,
               GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "changing the station file"));
      return FALSE;
    }
  return TRUE;
}

int
vt_store_pragma_int (sqlite3    *db,
                     const char *pragma)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA %s", pragma);
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
rollback (sqlite3 *db)
{
  /* Nothing useful can be done if even the rollback fails; sqlite rolls back a hot journal
   * the next time the file is opened. */
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/* What the first bytes of @path say: 0 not sqlite (or unreadable), 1 sqlite, 2 sqlite with
 * Valgting's application id. A file cut off within its header counts as sqlite when what is
 * left starts like one. */
static int
header_kind (const char *path)
{
  static const char magic[16] = "SQLite format 3";
  guchar header[100] = { 0 };
  gssize n;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return 0;
  n = read (fd, header, sizeof header);
  g_close (fd, NULL);
  if (n <= 0 || memcmp (header, magic, MIN ((gsize)n, sizeof magic)) != 0)
    return 0;
  if (n < 72)
    return 1;
  return ((guint32)header[68] << 24 | (guint32)header[69] << 16 | (guint32)header[70] << 8 |
          header[71]) == VT_STORE_APPLICATION_ID ? 2 : 1;
}

gboolean
vt_store_identify (sqlite3    *db,
                   const char *path,
                   GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc, n_journal = 0, app_id;

  rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master "
                               "WHERE type = 'table' AND name = 'journal'", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          n_journal = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      int primary = rc & 0xff;
      int kind = header_kind (path);

      if ((primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) && kind == 0)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_A_STATION,
                     _("“%s” is not a Valgting station file."), path);
      else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                     _("“%s” is damaged or cut short (truncated): %s. Valgting will not change "
                       "it. Open its second copy instead, and keep this file for whoever "
                       "checks it."), path, vt_store_sqlite_reason (rc));
      else
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                     _("“%s” cannot be read here: %s. If it is on a read-only disk or a "
                       "folder you cannot write to, copy it (with any “-wal” file beside it) "
                       "to a folder you can write to and open the copy."),
                     path, vt_store_sqlite_reason (rc));
      return FALSE;
    }

  app_id = vt_store_pragma_int (db, "application_id");
  if (app_id != VT_STORE_APPLICATION_ID)
    {
      if (app_id == -1 || header_kind (path) == 0)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_A_STATION,
                     _("“%s” is not a Valgting station file."), path);
      else
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_A_STATION,
                     _("“%s” is a database, but not a Valgting station file."), path);
      return FALSE;
    }
  /* Valgting's mark but no journal: never finished being made (an older Valgting set the mark
   * before the tables), or made by something else. Nothing is written to it. */
  if (n_journal == 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("“%s” is marked as a Valgting station file but holds no station: it was "
                     "never finished being made. Valgting leaves it as it is. Make the station "
                     "again, or open its second copy."), path);
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
vt_store_open_db_read_only (const char *path,
                            GError    **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3 *db = NULL;
  GStatBuf st;
  gboolean immutable;
  int rc;

  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("Could not open “%s”: %s."), path, g_strerror (saved));
      return NULL;
    }

  /* Where nothing may be made beside the file (vt_station_files_in_place ()), not even the
   * -shm a read of a WAL file makes: immutable from the start. Elsewhere only when the -shm
   * cannot be made after all. */
  immutable = !vt_station_files_in_place (path, NULL);
  for (;;)
    {
      g_autofree char *uri = g_strdup_printf ("file://%s?mode=ro%s", escaped,
                                              immutable ? "&immutable=1" : "");
      sqlite3_stmt *stmt = NULL;

      /* Immutable ignores a -wal: only when there is none with entries in it. */
      if (immutable && g_stat (wal, &st) == 0 && st.st_size > 0)
        {
          g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                       _("“%s” is on a disk or in a folder Valgting cannot write to, and the "
                         "“-wal” file beside it holds entries not yet in it. Copy both files "
                         "(“%s” and “%s”) to a folder you can write to and open the copy."),
                       path, path, wal);
          return NULL;
        }
      rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                                      SQLITE_OPEN_NOMUTEX, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_extended_result_codes (db, TRUE);
          sqlite3_busy_timeout (db, 2000);
          /* The first read: where the -shm a WAL file needs cannot be made, it fails here. */
          rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL);
          if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
            rc = SQLITE_OK;
          sqlite3_finalize (stmt);
        }
      if (!immutable && ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY))
        {
          g_clear_pointer (&db, sqlite3_close);
          immutable = TRUE;
          continue;
        }
      break;
    }
  if (db == NULL || (rc != SQLITE_OK && (rc & 0xff) != SQLITE_CORRUPT &&
                     (rc & 0xff) != SQLITE_NOTADB))
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("Could not open “%s”: %s."), path, vt_store_sqlite_reason (rc));
      sqlite3_close (db);
      return NULL;
    }
  /* A damaged or foreign file: vt_store_identify () says which. */
  return db;
}

/* ---- opening ---------------------------------------------------------------------------- */

static sqlite3 *
open_db (const char *path,
         int         flags,
         GError    **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("Could not open the station file: %s."), vt_store_sqlite_reason (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 2000);
  return db;
}

static gboolean
configure_db (sqlite3 *db,
              GError **error)
{
  /* WAL with synchronous=FULL: a commit is durable when it returns, and a power cut can lose
   * at most the transaction that had not returned. */
  return vt_store_exec (db,
                        "PRAGMA journal_mode = WAL;"
                        "PRAGMA synchronous = FULL;"
                        "PRAGMA foreign_keys = ON;"
                        "PRAGMA secure_delete = ON;"
                        "PRAGMA trusted_schema = OFF;",
                        error);
}

static char *
meta_get (sqlite3    *db,
          const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) ==
      SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
meta_set (sqlite3    *db,
          const char *key,
          const char *value,
          GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "INSERT INTO meta (key, value) VALUES (?1, ?2)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "creating the station file"));
      return FALSE;
    }
  return TRUE;
}

/* The columns entry_from_row () reads, in its order. */
#define ENTRY_COLUMNS "seq, command_id, ts_utc, utc_offset, kind, actor, payload, prev_hash, hash"

/* Whether every column of a row of ENTRY_COLUMNS holds a value. Opening checks the file's
 * pages, but a reader on its own connection may meet a file changed since. */
static gboolean
row_is_whole (sqlite3_stmt *stmt)
{
  for (int i = 0; i < 9; i++)
    if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
      return FALSE;
  return TRUE;
}

static gboolean
prepare_statements (VtStore *self,
                    GError **error)
{
  static const struct {
    gsize offset;
    const char *sql;
  } statements[] = {
    { G_STRUCT_OFFSET (VtStore, select_seq_stmt),
      "SELECT " ENTRY_COLUMNS " FROM journal WHERE seq = ?1" },
    { G_STRUCT_OFFSET (VtStore, select_command_stmt),
      "SELECT " ENTRY_COLUMNS " FROM journal WHERE command_id = ?1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt **stmt = G_STRUCT_MEMBER_P (self, statements[i].offset);
      int rc = sqlite3_prepare_v3 (self->db, statements[i].sql, -1, SQLITE_PREPARE_PERSISTENT,
                                   stmt, NULL);
      if (rc != SQLITE_OK)
        {
          vt_store_set_sqlite_error (error, self->db, rc, C_("while …", "reading the station file"));
          return FALSE;
        }
    }
  /* The rules' statements too, kept from one entry to the next while the file is open. */
  vt_stmt_cache_enable (self->db);
  return TRUE;
}

static gboolean
load_head (VtStore *self,
           GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      self->n_entries = sqlite3_column_int64 (stmt, 0);
      g_free (self->head_hash);
      self->head_hash = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
    }
  else if (rc == SQLITE_DONE)
    {
      self->n_entries = 0;
      g_free (self->head_hash);
      self->head_hash = g_strdup (VT_JOURNAL_GENESIS_HASH);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, self->db, rc, C_("while …", "reading the station file"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_meta (VtStore *self,
           GError **error)
{
  g_autofree char *config_data = meta_get (self->db, "config");
  g_autofree char *training = meta_get (self->db, "training");
  g_autoptr(GError) local_error = NULL;

  if (config_data == NULL)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("The station file has lost its election configuration."));
      return FALSE;
    }

  self->config = vt_config_new_from_data (config_data, -1, self->path, &local_error);
  if (self->config == NULL)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("The station file's election configuration cannot be read: %s"),
                   local_error->message);
      return FALSE;
    }
  self->training = g_strcmp0 (training, "1") == 0;
  return TRUE;
}

/* Beside the file while it is open: who holds it (write_holder below). */
static void
write_holder (const char *path)
{
  g_autofree char *file = holder_path (path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *since = g_date_time_format (now, "%d.%m %H:%M");
  /* Translators: who holds a station file: "kari on stasjon-pc (process 4242), since 13.09
   * 08:02" */
  g_autofree char *text = g_strdup_printf (_("%s on %s (process %d), since %s"),
                                           g_get_user_name (), g_get_host_name (),
                                           (int)getpid (), since);

  /* Not synced: the name is only shown to whoever is refused the file (the lock itself is
   * taken above), and syncing a file and its folder held up every opening by two syncs of a
   * slow disk. A name cut short by a power cut is cut, not wrong: read_holder () checks it. */
  g_file_set_contents_full (file, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL);
}

static char *
read_holder (const char *path)
{
  g_autofree char *file = holder_path (path);
  char *text = NULL;

  if (!g_file_get_contents (file, &text, NULL, NULL))
    return NULL;
  /* empty: caught between truncating and writing it */
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > 200 || *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* One writer per station file: a second window or a second Valgting on the same file would
 * give two chairs two views of one log. flock () locks are separate from the POSIX locks
 * sqlite takes, are released by the kernel when the process dies (no stale lock after a power
 * cut or a crash), and conflict between two opens within one process too. */
static gboolean
take_lock (VtStore    *self,
           const char *path,
           GError    **error)
{
  self->lock_fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (self->lock_fd < 0)
    {
      int saved = errno;
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("Could not open the station file “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      /* Not ours: finalize must neither unlock nor remove the holder's name. */
      g_close (self->lock_fd, NULL);
      self->lock_fd = -1;
      if (saved == EWOULDBLOCK)
        {
          g_autofree char *holder = read_holder (path);

          if (holder != NULL)
            /* Translators: the second %s says who: "kari on stasjon-pc (process 4242), since
             * 13.09 08:02" */
            g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_IN_USE,
                         _("The station file “%s” is already open: %s. Use that window, or "
                           "close the station there first."), path, holder);
          else
            g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_IN_USE,
                         _("The station file “%s” is already open in another Valgting window "
                           "or program. Use that window, or close the station there first."),
                         path);
        }
      else
        /* Not held by anyone, but no lock to be had here (the document portal refuses flock):
         * a place to take a copy from, not to record in. */
        vt_station_files_lock_refused (path, saved, error);
      return FALSE;
    }
  write_holder (path);
  return TRUE;
}

void
vt_store_init_library (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* fails harmlessly (SQLITE_MISUSE) when sqlite was already initialised */
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&done, 1);
    }
}

static VtStore *
open_store (const char *path,
            gboolean    read_only,
            GError    **error)
{
  g_autoptr(VtStore) self = NULL;
  CheckAhead *ahead = NULL;
  gboolean chain_ok = FALSE;
  int version;

  g_return_val_if_fail (path != NULL, NULL);
  vt_store_init_library ();

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("There is no station file at “%s”."), path);
      return NULL;
    }

  /* Nothing beside it is made or locked where sqlite cannot keep it safe. */
  if (!read_only && !vt_station_files_in_place (path, error))
    return NULL;

  self = g_object_new (VT_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (read_only)
    {
      self->db = vt_store_open_db_read_only (path, error);
      if (self->db == NULL)
        return NULL;
    }
  else
    {
      if (!take_lock (self, path, error))
        return NULL;
      self->db = open_db (path, SQLITE_OPEN_READWRITE, error);
      if (self->db == NULL)
        return NULL;
    }

  if (!read_only && sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("The station file “%s” cannot be written to (read-only disk or no "
                     "permission). Copy it to a place you can write to and open the copy."),
                   path);
      return NULL;
    }

  /* What the file is, before anything is written to it. */
  if (!vt_store_identify (self->db, path, error))
    return NULL;

  version = vt_store_pragma_int (self->db, "user_version");
  if (version > VT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Valgting (file format %d; this version reads "
                     "up to %d). Open it with the newer version."),
                   path, version, VT_STORE_SCHEMA_VERSION);
      return NULL;
    }
  /* No Valgting writes a format below 0 (0: created, not yet set up): the number itself is
   * damaged, and no migration starts there. */
  if (version < 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged: its file format number (%d) is not one Valgting "
                     "writes. Open its second copy, or run “valgting verify” on it for "
                     "details."), path, version);
      return NULL;
    }

  ahead = vt_store_take_check_ahead (path);
  if (ahead != NULL && vt_store_check_ahead_running (ahead) && !read_only &&
      version == VT_STORE_SCHEMA_VERSION)
    {
      /* Still running: it goes on while the window opens. Nothing is written before it has
       * passed (vt_store_ensure_checked ()), which is what refusing a damaged file is for;
       * the chair sees the station a moment earlier, and a damaged one is refused then. A
       * file opened read-only, or one to migrate, is written to or never asked: checked now. */
      self->pending = g_steal_pointer (&ahead);
      chain_ok = TRUE;
    }
  else
    {
      int result = ahead != NULL ? vt_store_check_ahead_finish (g_steal_pointer (&ahead))
                                 : CHECK_UNKNOWN;

      if (!vt_store_check_not_damaged_or_ahead (self->db, result, error))
        return NULL;
      /* The early check read the chain of this very file at this format: nothing to
       * migrate. */
      chain_ok = (result & CHAIN_OK) != 0 && version == VT_STORE_SCHEMA_VERSION;
      self->checked = TRUE;
    }
  if (read_only)
    {
      if (!vt_store_exec (self->db, "PRAGMA trusted_schema = OFF;", error))
        return NULL;
      if (version < VT_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TOO_NEW,
                       _("“%s” has file format %d; this version of Valgting reads format %d "
                         "after bringing the file up to date, which it cannot do here. Copy it "
                         "to a folder you can write to and open the copy once."),
                       path, version, VT_STORE_SCHEMA_VERSION);
          return NULL;
        }
    }
  else
    {
      if (!configure_db (self->db, error))
        return NULL;
      if (version < VT_STORE_SCHEMA_VERSION)
        {
          /* From format 3 on the tables are all there: a migration that only computes the
           * state again (4) must not run on tables changed outside Valgting. */
          if (version >= 3 && !vt_store_check_schema (self->db, path, error))
            return NULL;
          if (!vt_store_exec (self->db, "BEGIN IMMEDIATE", error))
            return NULL;
          if (!vt_store_migrate (self->db, VT_STORE_SCHEMA_VERSION, error) ||
              !vt_store_exec (self->db, "COMMIT", error))
            {
              rollback (self->db);
              return NULL;
            }
        }
    }

  if (!vt_store_check_schema (self->db, path, error) ||
      (!chain_ok && !vt_store_check_chain_on_open (self, error)) ||
      !load_meta (self, error) || !prepare_statements (self, error) || !load_head (self, error))
    return NULL;
  /* The station's people: the configuration's and those its journal added. Most stations
   * add none, and the count by kind (trusted on opening, like every derived table) says so
   * without a scan of the whole journal before the first frame. */
  if (vt_store_count_kind (self, VT_KIND_PERSON_ADD) > 0)
    vt_rules_people_adopt (self->db, self->config, 0);

  return g_steal_pointer (&self);
}

VtStore *
vt_store_open (const char *path,
               GError    **error)
{
  return open_store (path, FALSE, error);
}

VtStore *
vt_store_open_read_only (const char *path,
                         GError    **error)
{
  return open_store (path, TRUE, error);
}

static VtJournalEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  time = g_date_time_new_from_iso8601 ((const char *)sqlite3_column_text (stmt, 2), utc);
  if (time == NULL)
    time = g_date_time_new_from_unix_utc (0);

  return vt_journal_entry_new (sqlite3_column_int64 (stmt, 0),
                               (const char *)sqlite3_column_text (stmt, 1),
                               time,
                               sqlite3_column_int (stmt, 3),
                               (const char *)sqlite3_column_text (stmt, 4),
                               (const char *)sqlite3_column_text (stmt, 5),
                               (const char *)sqlite3_column_text (stmt, 6),
                               (const char *)sqlite3_column_text (stmt, 7),
                               (const char *)sqlite3_column_text (stmt, 8));
}

static char *
payload_to_string (JsonObject *payload)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, payload);
  return json_to_string (node, FALSE);
}

/* Insert one entry continuing the chain. The caller holds the transaction. */
static VtJournalEntry *
insert_entry (sqlite3     *db,
              gint64       seq,
              const char  *prev_hash,
              const char  *command_id,
              GDateTime   *when,
              const char  *kind,
              const char  *actor,
              const char  *payload,
              GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *ts = NULL;
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt = NULL;
  int offset;
  int rc;

  if (when == NULL)
    when = now = g_date_time_new_now_utc ();

  /* Keep the station's wall-clock offset beside the UTC time: the log is read in local time,
   * and a laptop whose zone changes mid-day still shows what the chair saw. */
  local = g_date_time_to_local (when);
  offset = (int)(g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND);
  ts = vt_journal_format_time_utc (when);
  hash = vt_journal_compute_hash (seq, command_id, ts, offset, kind, actor, payload, prev_hash);

  stmt = vt_stmt_cache_take (db,
                             "INSERT INTO journal (seq, command_id, ts_utc, utc_offset, kind, "
                             "actor, payload, prev_hash, hash) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             &rc);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, seq);
      sqlite3_bind_text (stmt, 2, command_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, ts, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, offset);
      sqlite3_bind_text (stmt, 5, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, actor, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, payload, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, prev_hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, hash, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  vt_stmt_cache_give (db, stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "saving the entry"));
      return NULL;
    }

  /* The time as stored (to the millisecond), so that the state applied now is the state a
   * rebuild from the journal gives. */
  utc = g_date_time_new_from_iso8601 (ts, NULL);
  return vt_journal_entry_new (seq, command_id, utc, offset, kind, actor, payload, prev_hash,
                               hash);
}

static void
remove_station_file (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
  g_unlink (path);
}

/* A new station is built as ".NAME.new-XXXXXX" beside NAME. A leftover from a creation that
 * crashed holds no lock (the kernel dropped it with the process): it is removed here, so it
 * neither blocks making the station again nor stays with the workers' names in it. */
static void
remove_stale_temporaries (const char *folder,
                          const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = NULL;
      int fd;

      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;
      file = g_build_filename (folder, name, NULL);
      fd = g_open (file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        remove_station_file (file);
      g_close (fd, NULL);
    }
}

/* Renames @from to @to unless @to exists: another station made meanwhile is never replaced. */
static int
rename_no_replace (const char *from,
                   const char *to)
{
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
  if (syscall (SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
  /* A file system without renameat2's flag: a hard link fails on an existing name too. */
  if (link (from, to) == 0)
    return g_unlink (from);
  if (errno == EEXIST)
    return -1;
  if (g_file_test (to, G_FILE_TEST_EXISTS))
    {
      errno = EEXIST;
      return -1;
    }
  return g_rename (from, to);
}

static gboolean
sync_fd_of (const char *path,
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

static gboolean
create_file (const char          *path,
             VtConfig            *config,
             GDateTime           *created,
             int                  version,
             const VtStoreOrigin *origin,
             GError             **error)
{
  g_autoptr(VtConfig) station_config = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(VtJournalEntry) first = NULL;
  g_autofree char *config_data = NULL;
  g_autofree char *app_id_sql = NULL;
  g_autofree char *command_id = NULL;
  g_autofree char *payload_text = NULL;
  g_autofree char *precinct = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *part = NULL;
  sqlite3 *db = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (VT_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (created != NULL, FALSE);
  g_return_val_if_fail (version >= 1 && version <= VT_STORE_SCHEMA_VERSION, FALSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS,
                   _("There is already a file at “%s”; choose another name."), path);
      return FALSE;
    }

  /* Built under a temporary name in the same folder and renamed into place when complete: a
   * crash meanwhile leaves nothing under the real name. The temporary is created by us,
   * exclusively and readable by its owner only (a station file holds the workers' names;
   * sqlite gives its -wal the same mode), and locked while it is being made. */
  folder = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  prefix = g_strdup_printf (".%s.new-", base);
  remove_stale_temporaries (folder, prefix);
  part = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%sXXXXXX", folder, prefix);
  fd = g_mkstemp_full (part, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("Could not create the station file “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }
  flock (fd, LOCK_EX | LOCK_NB);

  db = open_db (part, SQLITE_OPEN_READWRITE, error);
  if (db == NULL)
    goto failed;

  app_id_sql = g_strdup_printf ("PRAGMA application_id = %d;", VT_STORE_APPLICATION_ID);
  if (!vt_store_exec (db, app_id_sql, error) || !configure_db (db, error))
    goto failed;

  station_config = vt_config_dup_for_station (config, created);
  config_data = vt_config_to_data (station_config);
  precinct = vt_config_dup_precinct_title (station_config);

  payload = json_object_new ();
  json_object_set_string_member (payload, "election",
                                 vt_config_get_election_name (station_config));
  json_object_set_string_member (payload, "precinct", precinct);
  json_object_set_string_member (payload, "municipality",
                                 vt_config_get_municipality_name (station_config));
  json_object_set_boolean_member (payload, "training", vt_config_get_training (station_config));
  /* The chain fixes the stored configuration too: every document prints from it, and meta is
   * outside the chain. (Files made before this carry no such member; verify says so.) */
  {
    g_autofree char *config_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                                 config_data, -1);
    json_object_set_string_member (payload, "config_sha256", config_sha);
  }
  json_object_set_string_member (payload, "created_by", PACKAGE_NAME " " PACKAGE_VERSION);
  /* A station made from a scenario says so from its first entry on, in the chain: nothing
   * printed from it can hide that the day was replayed, and the scenario is named by its
   * content, not only by a file name anyone can reuse. */
  if (origin != NULL && origin->scenario_sha256 != NULL)
    {
      json_object_set_string_member (payload, "replay_scenario",
                                     origin->scenario != NULL ? origin->scenario : "");
      json_object_set_string_member (payload, "replay_sha256", origin->scenario_sha256);
    }
  payload_text = payload_to_string (payload);
  /* A replay is reproducible: the same scenario on the same dates gives the same chain, down to
   * the checksum printed on its pages (its steps are "scenario:NAME:N"; only a refusal's entry
   * gets a command id of its own). */
  if (origin != NULL && origin->scenario_sha256 != NULL)
    command_id = g_strdup_printf ("scenario:%s:0", origin->scenario != NULL ? origin->scenario
                                                                           : "");
  else
    command_id = g_uuid_string_random ();

  /* The schema up to the first version, the station's identity and its first entry, then
   * every later migration: one transaction, so a half-made station file cannot exist. */
  if (!vt_store_exec (db, "BEGIN IMMEDIATE", error))
    goto failed;

  if (!vt_store_migrate (db, 1, error) ||
      !meta_set (db, "app_id", APP_ID, error) ||
      !meta_set (db, "config", config_data, error) ||
      !meta_set (db, "training", vt_config_get_training (station_config) ? "1" : "0", error) ||
      !(first = insert_entry (db, 1, VT_JOURNAL_GENESIS_HASH, command_id, created,
                              VT_ENTRY_STATION_CREATED, vt_config_get_chair (station_config)->id,
                              payload_text, error)) ||
      !vt_store_migrate (db, version, error) ||
      !vt_store_exec (db, "COMMIT", error))
    {
      rollback (db);
      goto failed;
    }

  /* Everything into the one file (no -wal to carry along in the rename; opening turns WAL on
   * again), made durable, then renamed into place. */
  if (!vt_store_exec (db, "PRAGMA journal_mode = DELETE;", error))
    goto failed;
  if (sqlite3_close (db) != SQLITE_OK)
    {
      db = NULL;
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                   _("Could not create the station file “%s”: %s."), path,
                   _("it could not be closed"));
      goto failed;
    }
  db = NULL;
  if (fsync (fd) != 0 || rename_no_replace (part, path) != 0)
    {
      int saved = errno;
      if (saved == EEXIST)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS,
                     _("There is already a file at “%s”; choose another name."), path);
      else
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                     _("Could not create the station file “%s”: %s."), path, g_strerror (saved));
      goto failed;
    }
  sync_fd_of (folder, O_RDONLY | O_DIRECTORY);
  g_close (fd, NULL);
  return TRUE;

failed:
  g_clear_pointer (&db, sqlite3_close);
  remove_station_file (part);
  g_close (fd, NULL);
  return FALSE;
}

gboolean
vt_store_create_file (const char *path,
                      VtConfig   *config,
                      GDateTime  *created,
                      int         version,
                      GError    **error)
{
  return create_file (path, config, created, version, NULL, error);
}

VtStore *
vt_store_create (const char *path,
                 VtConfig   *config,
                 GDateTime  *created,
                 GError    **error)
{
  return vt_store_create_full (path, config, created, NULL, error);
}

/* As vt_store_create (), with @origin (or %NULL) recorded in the first entry. */
VtStore *
vt_store_create_full (const char          *path,
                      VtConfig            *config,
                      GDateTime           *created,
                      const VtStoreOrigin *origin,
                      GError             **error)
{
  if (!create_file (path, config, created, VT_STORE_SCHEMA_VERSION, origin, error))
    return NULL;
  return vt_store_open (path, error);
}

/* ---- reading and appending -------------------------------------------------------------- */

const char *
vt_store_get_path (VtStore *self)
{
  g_return_val_if_fail (VT_IS_STORE (self), NULL);
  return self->path;
}

VtConfig *
vt_store_get_config (VtStore *self)
{
  g_return_val_if_fail (VT_IS_STORE (self), NULL);
  return self->config;
}

gboolean
vt_store_get_training (VtStore *self)
{
  g_return_val_if_fail (VT_IS_STORE (self), FALSE);
  return self->training;
}

gint64
vt_store_get_n_entries (VtStore *self)
{
  g_return_val_if_fail (VT_IS_STORE (self), 0);
  return self->n_entries;
}

const char *
vt_store_get_head_hash (VtStore *self)
{
  g_return_val_if_fail (VT_IS_STORE (self), NULL);
  return self->head_hash;
}

static VtJournalEntry *
select_one (VtStore      *self,
            sqlite3_stmt *stmt,
            GError      **error)
{
  VtJournalEntry *entry = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    entry = entry_from_row (stmt);
  else if (rc != SQLITE_DONE)
    vt_store_set_sqlite_error (error, self->db, rc, C_("while …", "reading the journal"));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return entry;
}

VtJournalEntry *
vt_store_get_entry (VtStore *self,
                    gint64   seq,
                    GError **error)
{
  VtJournalEntry *entry;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VT_IS_STORE (self), NULL);

  sqlite3_bind_int64 (self->select_seq_stmt, 1, seq);
  entry = select_one (self, self->select_seq_stmt, &local_error);
  if (entry == NULL && local_error == NULL)
    g_set_error (&local_error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                 _("Journal entry %" PRId64 " is missing."), seq);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return entry;
}

/**
 * vt_store_read_entries:
 * @path: a station file, open in a store or not
 * @last: the last sequence number to read
 *
 * Reads entries 1..@last of the station file at @path in order, on a read-only connection of
 * its own, so that it may run in a worker thread while the store writes: it sees the journal
 * as it was when it started. Entries are appended, never changed, so what it reads stays true.
 */
gboolean
vt_store_read_entries (const char        *path,
                       gint64             last,
                       VtStoreEntryFunc   func,
                       gpointer           data,
                       GCancellable      *cancellable,
                       GError           **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 expected = 1;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* As for checking and printing: on read-only media too (a station the window opened
   * read-only is searched from here), where a plain read-only open cannot make the -shm. */
  db = vt_store_open_db_read_only (path, error);
  if (db == NULL)
    return FALSE;

  rc = sqlite3_prepare_v2 (db, "SELECT " ENTRY_COLUMNS " FROM journal WHERE seq <= ?1 "
                               "ORDER BY seq", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, last);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(VtJournalEntry) entry = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            break;
          if (!row_is_whole (stmt) || sqlite3_column_int64 (stmt, 0) != expected++)
            {
              rc = SQLITE_CORRUPT;
              break;
            }
          entry = entry_from_row (stmt);
          if (!func (entry, data))
            {
              rc = SQLITE_DONE;
              break;
            }
        }
    }
  if (rc == SQLITE_DONE && expected <= last &&
      !g_cancellable_is_cancelled (cancellable))
    rc = SQLITE_CORRUPT; /* fewer entries than asked for */
  if (rc != SQLITE_DONE && (error == NULL || *error == NULL))
    vt_store_set_sqlite_error (error, db, rc, C_("while …", "reading the journal"));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rc == SQLITE_DONE && !g_cancellable_is_cancelled (cancellable);
}

/* The entries of @commands already in the file, in order: all of them (a retry of commands
 * that were saved), or none. Some but not all, or any with other content, is a conflict. */
static GPtrArray *
find_saved (VtStore              *self,
            const VtStoreCommand *commands,
            guint                 n,
            gboolean             *found,
            GError              **error)
{
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);

  *found = FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *payload_text = payload_to_string (commands[i].payload);
      VtJournalEntry *entry;

      sqlite3_bind_text (self->select_command_stmt, 1, commands[i].command_id, -1,
                         SQLITE_STATIC);
      entry = select_one (self, self->select_command_stmt, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (entry == NULL)
        continue;
      g_ptr_array_add (saved, entry);
      if (!g_str_equal (vt_journal_entry_get_kind (entry), commands[i].kind) ||
          !g_str_equal (vt_journal_entry_get_actor (entry), commands[i].actor) ||
          !g_str_equal (vt_journal_entry_get_payload (entry), payload_text))
        {
          g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CONFLICT,
                       _("This command was already saved as entry %" PRId64
                         " with other content; nothing was changed."),
                       vt_journal_entry_get_seq (entry));
          return NULL;
        }
    }
  if (saved->len > 0 && saved->len < n)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CONFLICT,
                   _("This command was already saved as entry %" PRId64
                     " with other content; nothing was changed."),
                   vt_journal_entry_get_seq (g_ptr_array_index (saved, 0)));
      return NULL;
    }
  *found = saved->len == n;
  return g_steal_pointer (&saved);
}

/* After a failed COMMIT the entries may be in the file all the same: sqlite wrote the WAL
 * frames and only their fsync failed, and the next recovery of the WAL will find them. So the
 * connection is closed and the file opened again, which settles what the file holds, and the
 * commands are looked up there: the chair is told what is true. Returns the entries when they
 * are in the file, with @error saying that the disk reported a problem; %NULL when they are
 * not. */
static GPtrArray *
settle_failed_commit (VtStore              *self,
                      const VtStoreCommand *commands,
                      guint                 n,
                      gboolean              full,
                      GError              **error)
{
  g_autoptr(GError) reopen_error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) failure = NULL;
  gboolean found;
  gint64 seq;

  g_assert (error != NULL && *error != NULL);
  failure = g_steal_pointer (error);

  g_clear_pointer (&self->select_seq_stmt, sqlite3_finalize);
  g_clear_pointer (&self->select_command_stmt, sqlite3_finalize);
  vt_stmt_cache_drop (self->db);
  g_clear_pointer (&self->db, sqlite3_close);
  self->db = open_db (self->path, SQLITE_OPEN_READWRITE, &reopen_error);
  if (self->db == NULL || !configure_db (self->db, &reopen_error) ||
      !prepare_statements (self, &reopen_error) || !load_head (self, &reopen_error))
    {
      /* Nothing can be said for sure: say so, and how to find out (not the failure's own
       * message, which says nothing was saved). */
      if (full)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                     _("The disk became full while saving the entry, and it could not be "
                       "checked whether this step was saved (%s). Free some space, then close "
                       "Valgting and open the station again: its log then shows whether the "
                       "step is there."), reopen_error->message);
      else
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                     _("The disk reported an error while saving the entry, and it could not be "
                       "checked whether this step was saved (%s). Close Valgting and open the "
                       "station again: its log then shows whether the step is there. The disk "
                       "or USB stick may be failing: save a copy elsewhere."),
                     reopen_error->message);
      return NULL;
    }

  entries = find_saved (self, commands, n, &found, NULL);
  if (entries == NULL || !found)
    {
      /* The file does not have them: the message's "nothing was saved" is true. */
      g_propagate_error (error, g_steal_pointer (&failure));
      return NULL;
    }

  seq = vt_journal_entry_get_seq (g_ptr_array_index (entries, 0));
  if (full)
    g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                 _("The disk became full while saving the entry, but the entry is in the "
                   "station file as number %" PRId64 ": do not give it again. Free some space "
                   "or save a copy elsewhere before the next step."), seq);
  else
    g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                 _("The disk reported an error while saving the entry, but the entry is in the "
                   "station file as number %" PRId64 ": do not give it again. The disk or USB "
                   "stick may be failing: save a copy elsewhere now."), seq);
  return g_steal_pointer (&entries);
}

/* The entries are in the file: the station's people follow its journal (person.add), then
 * whoever listens hears of each entry, in order. */
static void
announce (VtStore   *self,
          GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (vt_journal_entry_get_kind (g_ptr_array_index (entries, i)),
                     VT_KIND_PERSON_ADD))
      {
        vt_rules_people_adopt (self->db, self->config,
                               vt_journal_entry_get_seq (g_ptr_array_index (entries, 0)) - 1);
        break;
      }
  for (guint i = 0; i < entries->len; i++)
    g_signal_emit (self, signals[APPENDED], 0, g_ptr_array_index (entries, i));
}

/* Inside the transaction: checks, writes and applies each command in turn, each seeing the
 * state the ones before it left. */
static GPtrArray *
write_all (VtStore              *self,
           GDateTime            *when,
           const VtStoreCommand *commands,
           guint                 n,
           GError              **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  const char *prev_hash = self->head_hash;
  gint64 seq = self->n_entries;

  for (guint i = 0; i < n; i++)
    {
      const VtStoreCommand *command = &commands[i];
      const VtStoreRules *rules = command->rules;
      g_autofree char *payload_text = payload_to_string (command->payload);
      VtJournalEntry *entry;

      /* The rules see the state as it is inside this transaction, so nothing can change
       * between the check and the write. */
      if (rules != NULL && rules->check != NULL &&
          !rules->check (self, seq + 1, when, rules->data, error))
        return NULL;

      entry = insert_entry (self->db, seq + 1, prev_hash, command->command_id, when,
                            command->kind, command->actor, payload_text, error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
      if (!vt_derived_apply (self->db, command->kind, payload_text, error) ||
          (rules != NULL && rules->apply != NULL && !rules->apply (self, entry, rules->data,
                                                                    error)))
        return NULL;
      seq = vt_journal_entry_get_seq (entry);
      prev_hash = vt_journal_entry_get_hash (entry);
    }
  return g_steal_pointer (&entries);
}

/**
 * vt_store_append_all:
 * @when: (nullable): the time of the entries; %NULL for now
 * @commands: (array length=n): each with an id the caller made for it before trying it
 *
 * Appends one entry for each of @commands, with their derived state, in one durable
 * transaction: all of them, or none (a staff list is one import). Trying the same commands
 * again with the same ids returns the entries already written.
 *
 * Returns: (transfer container) (element-type VtJournalEntry): the entries, in order; when it
 *   returns them, they are on disk; when it returns %NULL, nothing of them is
 */
GPtrArray *
vt_store_append_all (VtStore              *self,
                     GDateTime            *when,
                     const VtStoreCommand *commands,
                     guint                 n,
                     GError              **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found;
  VtJournalEntry *last;
  int code;

  g_return_val_if_fail (VT_IS_STORE (self), NULL);
  g_return_val_if_fail (commands != NULL && n > 0, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_return_val_if_fail (commands[i].command_id != NULL && *commands[i].command_id != '\0',
                            NULL);
      g_return_val_if_fail (commands[i].kind != NULL, NULL);
      g_return_val_if_fail (commands[i].actor != NULL, NULL);
      g_return_val_if_fail (commands[i].payload != NULL, NULL);
    }

  /* A file removed under us (a USB stick pulled, the folder deleted) still takes writes on
   * Linux, into an inode nobody will ever see again: refuse before writing, and let the chair
   * save what is open elsewhere (vt_store_save_copy). */
  if (!vt_store_check_file (self, error))
    return NULL;
  /* Nothing is written to a file before the checks of opening have passed. */
  if (!vt_store_ensure_checked (self, error))
    return NULL;

  entries = find_saved (self, commands, n, &found, error);
  if (entries == NULL || found)
    return g_steal_pointer (&entries);
  g_clear_pointer (&entries, g_ptr_array_unref);

  if (when == NULL)
    when = now = g_date_time_new_now_utc ();

  if (!vt_store_exec (self->db, "BEGIN IMMEDIATE", error))
    return NULL;

  entries = write_all (self, when, commands, n, error);
  if (entries == NULL)
    {
      rollback (self->db);
      return NULL;
    }
  if (!commit_entry (self->db, &code, &local_error))
    {
      g_autoptr(GPtrArray) saved = NULL;
      /* Asked before the rollback, while sqlite still holds the failure's errno. */
      gboolean full = failed_for_room (self->db, code);

      rollback (self->db);
      /* A write that failed (a full disk) leaves no valid commit frame: nothing is saved, as
       * the message says. Any later failure (the fsync, the WAL index) may leave the whole
       * transaction in the file. */
      if (code != SQLITE_FULL && code != SQLITE_IOERR_WRITE)
        saved = settle_failed_commit (self, commands, n, full, &local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      /* In the file after all: the log shows them, and the next entry follows them. */
      if (saved != NULL)
        announce (self, saved);
      return NULL;
    }

  last = g_ptr_array_index (entries, entries->len - 1);
  self->n_entries = vt_journal_entry_get_seq (last);
  g_free (self->head_hash);
  self->head_hash = g_strdup (vt_journal_entry_get_hash (last));

  announce (self, entries);
  return g_steal_pointer (&entries);
}

/**
 * vt_store_append:
 * @command_id: an id the caller made for this command before trying it; trying the same
 *   command again (after a crash, or a retry) with the same id returns the entry already
 *   written instead of writing it twice
 * @when: (nullable): the time of the entry; %NULL for now
 *
 * Appends one entry and its derived state in one durable transaction. When this returns an
 * entry, it is on disk; when it returns %NULL, nothing of it is.
 */
VtJournalEntry *
vt_store_append (VtStore             *self,
                 const char          *command_id,
                 GDateTime           *when,
                 const char          *kind,
                 const char          *actor,
                 JsonObject          *payload,
                 const VtStoreRules  *rules,
                 GError             **error)
{
  VtStoreCommand command = { command_id, kind, actor, payload, rules };
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (VT_IS_STORE (self), NULL);
  g_return_val_if_fail (command_id != NULL && *command_id != '\0', NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  entries = vt_store_append_all (self, when, &command, 1, error);
  return entries != NULL ? g_object_ref (g_ptr_array_index (entries, 0)) : NULL;
}

sqlite3 *
vt_store_get_db (VtStore *self)
{
  g_return_val_if_fail (VT_IS_STORE (self), NULL);
  return self->db;
}

gint64
vt_store_count_kind (VtStore    *self,
                     const char *kind)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  g_return_val_if_fail (VT_IS_STORE (self), 0);

  if (sqlite3_prepare_v2 (self->db, "SELECT n FROM kind_count WHERE kind = ?1", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return n;
}
