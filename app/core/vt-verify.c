/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-verify"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "vt-error.h"
#include "vt-journal-entry.h"
#include "vt-store-private.h"
#include "vt-verify.h"

/* Checks a station file without changing it: the database's own integrity, that the guards
 * that keep the journal append-only are in place, and that every entry still hashes to its
 * recorded value and chains to the entry before it. Any change, removal, insertion or
 * reordering of entries breaks one of these, and the message says which entry. */

static const char * const guards[] = {
  "journal_append_only_update",
  "journal_append_only_delete",
  "journal_append_in_order",
  "meta_write_once",
  "meta_keep",
};

void
vt_verify_report_clear (VtVerifyReport *report)
{
  g_clear_pointer (&report->head_hash, g_free);
  g_clear_pointer (&report->last_time_utc, g_free);
}

G_GNUC_PRINTF (2, 3) static gboolean
tampered (GError    **error,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED, message);
  return FALSE;
}

static gboolean
check_integrity (sqlite3 *db,
                 GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *)sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        {
          /* The lines name tables and indexes as the file spells them, in any bytes. */
          g_autofree char *valid = g_utf8_make_valid (line != NULL ? line : "", -1);
          g_string_append_printf (problems, "\n  %s", valid);
        }
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "checking the station file"));
      return FALSE;
    }
  if (problems->len > 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("The database is damaged (PRAGMA integrity_check):%s"), problems->str);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_guards (sqlite3 *db,
              GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (guards); i++)
    {
      sqlite3_stmt *stmt = NULL;
      gboolean found = FALSE;

      if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_schema WHERE type = 'trigger' "
                                  "AND name = ?1", -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, guards[i], -1, SQLITE_STATIC);
          found = sqlite3_step (stmt) == SQLITE_ROW;
        }
      sqlite3_finalize (stmt);

      if (!found)
        return tampered (error, _("The guard “%s” that keeps the journal append-only has been "
                                  "removed: the file was changed outside Valgting."), guards[i]);
    }
  return TRUE;
}

static gboolean
check_chain (sqlite3        *db,
             VtVerifyReport *report,
             GError        **error)
{
  g_autofree char *prev_hash = g_strdup (VT_JOURNAL_GENESIS_HASH);
  sqlite3_stmt *stmt = NULL;
  gint64 expected = 1;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT seq, command_id, ts_utc, utc_offset, kind, actor, payload, "
                           "prev_hash, hash FROM journal ORDER BY seq",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *stored_prev = (const char *)sqlite3_column_text (stmt, 7);
      const char *stored_hash = (const char *)sqlite3_column_text (stmt, 8);
      g_autofree char *hash = NULL;

      rc = SQLITE_OK;
      if (seq != expected)
        {
          sqlite3_finalize (stmt);
          if (seq > expected)
            return tampered (error, _("Journal entry %" PRId64 " is missing: the "
                                      "entries jump from %" PRId64 " to %"
                                      PRId64 "."), expected, expected - 1, seq);
          return tampered (error, _("Journal entry %" PRId64 " is out of order."), seq);
        }

      if (g_strcmp0 (stored_prev, prev_hash) != 0)
        {
          sqlite3_finalize (stmt);
          return tampered (error, _("Journal entry %" PRId64 " does not follow entry %"
                                    PRId64 ": an entry was inserted, removed or moved "
                                    "here."), seq, seq - 1);
        }

      hash = vt_journal_compute_hash (seq,
                                      (const char *)sqlite3_column_text (stmt, 1),
                                      (const char *)sqlite3_column_text (stmt, 2),
                                      sqlite3_column_int (stmt, 3),
                                      (const char *)sqlite3_column_text (stmt, 4),
                                      (const char *)sqlite3_column_text (stmt, 5),
                                      (const char *)sqlite3_column_text (stmt, 6),
                                      prev_hash);
      if (g_strcmp0 (hash, stored_hash) != 0)
        {
          sqlite3_finalize (stmt);
          return tampered (error, _("Journal entry %" PRId64 " was changed after it "
                                    "was written: its content no longer matches its hash."),
                           seq);
        }

      g_free (report->last_time_utc);
      report->last_time_utc = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      g_free (prev_hash);
      prev_hash = g_steal_pointer (&hash);
      expected++;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "checking the journal"));
      return FALSE;
    }

  report->n_entries = expected - 1;
  report->head_hash = g_steal_pointer (&prev_hash);
  return TRUE;
}

/* The derived counts are updated with every entry; if they disagree with the journal, entries
 * were removed from its end or added outside Valgting. */
static gboolean
check_derived (sqlite3 *db,
               GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *kind = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT coalesce (j.kind, k.kind) FROM "
                           "(SELECT kind, count (*) AS n FROM journal GROUP BY kind) AS j "
                           "FULL OUTER JOIN kind_count AS k ON j.kind = k.kind "
                           "WHERE j.n IS NOT k.n LIMIT 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    kind = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (kind != NULL)
    return tampered (error, _("The station's recorded state does not match its journal (entries "
                              "of kind “%s”): entries were removed or added outside Valgting."),
                     kind);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "checking the station's state"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vt_verify_file (const char     *path,
                VtVerifyReport *report,
                GError        **error)
{
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("There is no station file at “%s”."), path);
      return FALSE;
    }

  /* Read-only, so checking a file can never change it. */
  {
    g_autofree char *absolute = g_canonicalize_filename (path, NULL);
    g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);
    uri = g_strdup_printf ("file://%s?mode=ro", escaped);
  }
  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("Could not open “%s”: %s."), path, sqlite3_errstr (rc));
      goto out;
    }

  if (vt_store_pragma_int (db, "application_id") != VT_STORE_APPLICATION_ID)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_A_STATION,
                   _("“%s” is not a Valgting station file."), path);
      goto out;
    }
  if (vt_store_pragma_int (db, "user_version") < 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged: its file format number (%d) is not one Valgting "
                     "writes."), path, vt_store_pragma_int (db, "user_version"));
      goto out;
    }
  if (vt_store_pragma_int (db, "user_version") != VT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TOO_NEW,
                   _("“%s” has file format %d; this version of Valgting checks format %d. Open "
                     "it once with this version, or check it with the version that wrote it."),
                   path, vt_store_pragma_int (db, "user_version"), VT_STORE_SCHEMA_VERSION);
      goto out;
    }

  if (!check_integrity (db, error) || !check_guards (db, error) ||
      !check_chain (db, report, error) || !check_derived (db, error))
    goto out;

  {
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'training'", -1, &stmt,
                            NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
      report->training = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "1") == 0;
    sqlite3_finalize (stmt);
  }

  ok = TRUE;

out:
  sqlite3_close (db);
  if (!ok)
    vt_verify_report_clear (report);
  return ok;
}
