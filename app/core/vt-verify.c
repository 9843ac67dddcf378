/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-verify"

#include "config.h"

#include <inttypes.h>
#include "vt-i18n.h"
#include <sqlite3.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "vt-command.h"
#include "vt-entry-kind.h"
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

/* Not only the names: a guard whose body does nothing, under its right name, is as good as
 * none. Every table, index and trigger must be defined as Valgting defines it. */
static gboolean
check_guards (sqlite3 *db,
              GError **error)
{
  g_autofree char *type = NULL;
  g_autofree char *name = NULL;
  gboolean missing = FALSE;
  gboolean guard = FALSE;
  g_autofree char *valid = NULL;

  if (!vt_store_find_schema_difference (db, &type, &name, &missing))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (guards); i++)
    guard = guard || g_strcmp0 (name, guards[i]) == 0;
  valid = g_utf8_make_valid (name, -1);

  if (guard && missing)
    return tampered (error, _("The guard “%s” that keeps the journal append-only has been "
                              "removed: the file was changed outside Valgting."), valid);
  if (guard)
    return tampered (error, _("The guard “%s” that keeps the journal append-only has been "
                              "replaced by another definition: the file was changed outside "
                              "Valgting."), valid);
  if (missing)
    return tampered (error, _("The %s “%s” of the station file has been removed: the file was "
                              "changed outside Valgting."), type, valid);
  return tampered (error, _("The %s “%s” of the station file is not the one Valgting makes: "
                            "the file was changed outside Valgting."), type, valid);
}

/* vt_journal_compute_hash(), without building the text: the same bytes fed piece by piece
 * into one checksum, so that opening a long journal costs little more than reading it. */
static char *
hash_entry (GChecksum    *sum,
            sqlite3_stmt *stmt,
            gint64        seq,
            const char   *prev_hash)
{
  char number[32];
  static const int text_columns[] = { 1, 2, -3, 4, 5, 6 };

  g_checksum_reset (sum);
  g_checksum_update (sum, (const guchar *)"valgting-journal-1\n", -1);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT "\n", seq);
  g_checksum_update (sum, (const guchar *)number, -1);
  for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
    {
      if (text_columns[i] < 0)
        {
          g_snprintf (number, sizeof number, "%d\n", sqlite3_column_int (stmt, -text_columns[i]));
          g_checksum_update (sum, (const guchar *)number, -1);
          continue;
        }
      /* As %s would: up to the first NUL. */
      g_checksum_update (sum, sqlite3_column_text (stmt, text_columns[i]), -1);
      g_checksum_update (sum, (const guchar *)"\n", 1);
    }
  g_checksum_update (sum, (const guchar *)prev_hash, -1);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
check_chain (sqlite3        *db,
             VtVerifyReport *report,
             GError        **error)
{
  g_autofree char *prev_hash = g_strdup (VT_JOURNAL_GENESIS_HASH);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
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

      hash = hash_entry (sum, stmt, seq, prev_hash);
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

/* The first entry fixes what the chain does not hold itself: the stored configuration (by its
 * SHA-256) and the training flag. Changing either changes what every document prints. */
static gboolean
check_first_entry (sqlite3        *db,
                   VtVerifyReport *report,
                   GError        **error)
{
  g_autofree char *config = meta_get (db, "config");
  g_autofree char *training = meta_get (db, "training");
  g_autofree char *kind = NULL;
  g_autofree char *payload_text = NULL;
  g_autoptr(JsonNode) node = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *payload;

  if (sqlite3_prepare_v2 (db, "SELECT kind, payload FROM journal WHERE seq = 1", -1, &stmt,
                          NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      kind = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      payload_text = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);

  if (kind == NULL)
    return tampered (error, _("The journal is empty: a station file begins with the entry "
                              "that created it."));
  if (g_strcmp0 (kind, VT_ENTRY_STATION_CREATED) != 0)
    return tampered (error, _("Journal entry 1 is not the one that created the station."));
  if (config == NULL || training == NULL)
    return tampered (error, _("The station file has lost its election configuration or its "
                              "training flag."));

  node = json_from_string (payload_text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return tampered (error, _("Journal entry 1 cannot be read."));
  payload = json_node_get_object (node);

  report->training = g_strcmp0 (training, "1") == 0;
  if (json_object_get_boolean_member_with_default (payload, "training", FALSE) !=
      report->training)
    return tampered (error, _("The station's training flag was changed after the station was "
                              "created: journal entry 1 says it is %s."),
                     report->training ? _("a real election") : _("a training station"));

  if (json_object_has_member (payload, "config_sha256"))
    {
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, config, -1);

      if (g_strcmp0 (sha, json_object_get_string_member_with_default (payload, "config_sha256",
                                                                       "")) != 0)
        return tampered (error, _("The station's election configuration (its people, "
                                  "election and checklists) was changed after the station was "
                                  "created: it no longer matches journal entry 1."));
      report->config_covered = TRUE;
    }
  else
    report->config_covered = FALSE;
  return TRUE;
}

static char *
describe_row (sqlite3_stmt *stmt)
{
  GString *out = g_string_new ("(");

  for (int c = 0; c < sqlite3_column_count (stmt); c++)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, c);
      g_autofree char *valid = NULL;

      if (c > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s = ", sqlite3_column_name (stmt, c));
      if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
        {
          g_string_append (out, "NULL");
          continue;
        }
      valid = g_utf8_make_valid (text, MIN (strlen (text), 80));
      if (sqlite3_column_type (stmt, c) == SQLITE_TEXT)
        g_string_append_printf (out, "'%s%s'", valid, strlen (text) > 80 ? "…" : "");
      else
        g_string_append (out, valid);
    }
  g_string_append_c (out, ')');
  return g_string_free (out, FALSE);
}

static int
compare_rows (sqlite3_stmt *a,
              sqlite3_stmt *b)
{
  for (int c = 0; c < sqlite3_column_count (a); c++)
    {
      int ta = sqlite3_column_type (a, c);
      int tb = sqlite3_column_type (b, c);
      int cmp;

      if (ta != tb)
        return ta < tb ? -1 : 1;
      if (ta == SQLITE_NULL)
        continue;
      if (ta == SQLITE_INTEGER)
        {
          gint64 x = sqlite3_column_int64 (a, c), y = sqlite3_column_int64 (b, c);
          if (x != y)
            return x < y ? -1 : 1;
          continue;
        }
      if (ta == SQLITE_FLOAT)
        {
          double x = sqlite3_column_double (a, c), y = sqlite3_column_double (b, c);
          if (x != y)
            return x < y ? -1 : 1;
          continue;
        }
      {
        int la = sqlite3_column_bytes (a, c), lb = sqlite3_column_bytes (b, c);
        const void *pa = sqlite3_column_blob (a, c), *pb = sqlite3_column_blob (b, c);
        cmp = memcmp (pa, pb, MIN (la, lb));
        if (cmp != 0)
          return cmp < 0 ? -1 : 1;
        if (la != lb)
          return la < lb ? -1 : 1;
      }
    }
  return 0;
}

/* One derived table of the file against the same table rebuilt from the journal, row by row
 * in the order of all their columns. */
static gboolean
compare_table (sqlite3    *file,
               sqlite3    *rebuilt,
               const char *table,
               GError    **error)
{
  g_autofree char *probe = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  g_autoptr(GString) order = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *a = NULL, *b = NULL;
  gboolean ok = TRUE;
  int n_columns;
  int ra, rb;

  if (sqlite3_prepare_v2 (rebuilt, probe, -1, &a, NULL) != SQLITE_OK)
    g_return_val_if_reached (FALSE);
  n_columns = sqlite3_column_count (a);
  sqlite3_finalize (a);
  for (int c = 1; c <= n_columns; c++)
    g_string_append_printf (order, "%s%d", c > 1 ? ", " : "", c);
  /* BINARY order for text in both, so that the two walks meet. */
  sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY %s", table, order->str);

  if (sqlite3_prepare_v2 (file, sql, -1, &a, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (rebuilt, sql, -1, &b, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (a);
      vt_store_set_sqlite_error (error, file, SQLITE_ERROR,
                                 C_("while …", "checking the station's state"));
      return FALSE;
    }

  ra = sqlite3_step (a);
  rb = sqlite3_step (b);
  while (ok && (ra == SQLITE_ROW || rb == SQLITE_ROW))
    {
      int cmp = ra != SQLITE_ROW ? 1 : rb != SQLITE_ROW ? -1 : compare_rows (a, b);

      if (cmp == 0)
        {
          ra = sqlite3_step (a);
          rb = sqlite3_step (b);
          continue;
        }
      ok = FALSE;
      if (ra == SQLITE_ROW && rb == SQLITE_ROW)
        {
          g_autofree char *has = describe_row (a);
          g_autofree char *gives = describe_row (b);
          tampered (error, _("The station's recorded state does not match its journal: in table "
                             "“%s” the file has the row %s where the journal gives %s. It was "
                             "changed outside Valgting, or entries were removed or added."),
                    table, has, gives);
        }
      else if (cmp < 0)
        {
          g_autofree char *row = describe_row (a);
          tampered (error, _("The station's recorded state does not match its journal: table "
                             "“%s” has the row %s, which the journal does not give. It was "
                             "changed outside Valgting, or entries were removed."), table, row);
        }
      else
        {
          g_autofree char *row = describe_row (b);
          tampered (error, _("The station's recorded state does not match its journal: table "
                             "“%s” lacks the row %s, which the journal gives. It was changed "
                             "outside Valgting, or entries were removed."), table, row);
        }
    }
  if (ok && (ra != SQLITE_DONE || rb != SQLITE_DONE))
    {
      ok = FALSE;
      vt_store_set_sqlite_error (error, ra != SQLITE_DONE ? file : rebuilt,
                                 ra != SQLITE_DONE ? ra : rb,
                                 C_("while …", "checking the station's state"));
    }
  sqlite3_finalize (a);
  sqlite3_finalize (b);
  return ok;
}

/* Every derived table rebuilt from the journal alone, in a copy in memory, and compared row by
 * row with the file's: a count raised, a person's state changed, a row added or removed. */
static gboolean
check_state (sqlite3 *db,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VtConfig) config = NULL;
  g_autofree char *config_data = meta_get (db, "config");
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  if (config_data == NULL ||
      (config = vt_config_new_from_data (config_data, -1, "config", &local_error)) == NULL)
    return tampered (error, _("The station's election configuration cannot be read: %s"),
                     local_error != NULL ? local_error->message : "—");

  rc = sqlite3_open_v2 (":memory:", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (copy, "main", db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (copy);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }
  if (rc != SQLITE_OK)
    {
      vt_store_set_sqlite_error (error, copy != NULL ? copy : db, rc,
                                 C_("while …", "checking the station's state"));
      goto out;
    }

  /* Rebuild: the counts by kind, then every procedure's tables. */
  if (!vt_store_exec (copy, "BEGIN; DELETE FROM kind_count;", error))
    goto out;
  sqlite3_prepare_v2 (copy, "SELECT kind, payload FROM journal ORDER BY seq", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (!vt_derived_apply (copy, (const char *)sqlite3_column_text (stmt, 0),
                           (const char *)sqlite3_column_text (stmt, 1), error))
      {
        sqlite3_finalize (stmt);
        goto out;
      }
  sqlite3_finalize (stmt);
  if (!vt_rules_rebuild (copy, config, error))
    goto out;

  ok = TRUE;
  sqlite3_prepare_v2 (copy, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                            "AND name NOT IN ('journal', 'meta') "
                            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                      -1, &stmt, NULL);
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    ok = compare_table (db, copy, (const char *)sqlite3_column_text (stmt, 0), error);
  sqlite3_finalize (stmt);

out:
  sqlite3_close (copy);
  return ok;
}

gboolean
vt_verify_connection (gpointer        handle,
                      VtVerifyDepth   depth,
                      VtVerifyReport *report,
                      GError        **error)
{
  sqlite3 *db = handle;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  if (!check_guards (db, error) || !check_chain (db, report, error) ||
      !check_first_entry (db, report, error) ||
      ((depth == VT_VERIFY_STATE ||
        (depth == VT_VERIFY_OPEN && report->n_entries <= VT_VERIFY_OPEN_STATE_MAX)) &&
       !check_state (db, error)))
    {
      vt_verify_report_clear (report);
      return FALSE;
    }
  return TRUE;
}

static sqlite3 *
open_to_check (const char *path,
               GError    **error)
{
  sqlite3 *db = NULL;

  vt_store_init_library ();

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("There is no station file at “%s”."), path);
      return NULL;
    }

  /* Read-only, so checking a file can never change it; on read-only media too. */
  db = vt_store_open_db_read_only (path, error);
  if (db == NULL)
    return NULL;
  if (!vt_store_identify (db, path, error))
    goto failed;
  if (vt_store_pragma_int (db, "user_version") < 0)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged: its file format number (%d) is not one Valgting "
                     "writes."), path, vt_store_pragma_int (db, "user_version"));
      goto failed;
    }
  if (vt_store_pragma_int (db, "user_version") != VT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TOO_NEW,
                   _("“%s” has file format %d; this version of Valgting checks format %d. Open "
                     "it once with this version, or check it with the version that wrote it."),
                   path, vt_store_pragma_int (db, "user_version"), VT_STORE_SCHEMA_VERSION);
      goto failed;
    }
  return db;

failed:
  sqlite3_close (db);
  return NULL;
}

gboolean
vt_verify_file (const char     *path,
                VtVerifyReport *report,
                GError        **error)
{
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  db = open_to_check (path, error);
  if (db == NULL)
    return FALSE;
  ok = check_integrity (db, error) &&
       vt_verify_connection (db, VT_VERIFY_STATE, report, error);
  sqlite3_close (db);
  return ok;
}

gboolean
vt_verify_opened_store (gpointer         store,
                        VtVerifyReport  *report,
                        GError         **error)
{
  sqlite3 *db;
  gint64 n_entries;

  g_return_val_if_fail (VT_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  db = vt_store_get_db (store);
  n_entries = vt_store_get_n_entries (store);
  /* the open check rebuilt and compared the state of a journal up to this long */
  return check_integrity (db, error) &&
         vt_verify_connection (db, n_entries > VT_VERIFY_OPEN_STATE_MAX ? VT_VERIFY_STATE
                                                                        : VT_VERIFY_CHAIN,
                               report, error);
}

/* Only hex digits count: spaces, dashes and case as typed from the page do not matter. */
static char *
normalise_groups (const char *groups)
{
  GString *out = g_string_new (NULL);

  for (const char *p = groups; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (!g_ascii_isspace (*p) && *p != '-' && *p != ':')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  return g_string_free (out, FALSE);
}

gboolean
vt_verify_checksum (const char    *path,
                    const char    *groups,
                    VtVerifyPaper *result,
                    GError       **error)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autofree char *prefix = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (path != NULL && groups != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  prefix = normalise_groups (groups);
  if (prefix == NULL || strlen (prefix) < 8 || strlen (prefix) > 64)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a checksum from a printed page: type at least two groups "
                     "of four characters 0–9 and a–f, such as “3f2a 9c1b”."), groups);
      return FALSE;
    }

  /* Only a file whose chain holds can say where the paper's checksum is in it; its derived
   * state is another question (vt_verify_file). */
  db = open_to_check (path, error);
  if (db == NULL)
    return FALSE;
  if (!vt_verify_connection (db, VT_VERIFY_CHAIN, &report, error))
    {
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_prepare_v2 (db, "SELECT seq FROM journal WHERE substr (hash, 1, ?1) = ?2 ORDER BY seq",
                      -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, (int)strlen (prefix));
  sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (result->n_matches++ == 0)
        result->seq = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (result->seq > 0)
    result->n_following = report.n_entries - result->seq;
  return TRUE;
}

static gboolean
read_hashes (const char *path,
             GPtrArray **hashes,
             GError    **error)
{
  g_auto(VtVerifyReport) report = { 0 };
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  /* The journals are compared; each must hold its own chain, whatever its derived state. */
  db = open_to_check (path, error);
  if (db == NULL)
    return FALSE;
  if (!vt_verify_connection (db, VT_VERIFY_CHAIN, &report, error))
    {
      g_prefix_error (error, "%s: ", path);
      sqlite3_close (db);
      return FALSE;
    }
  *hashes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_prepare_v2 (db, "SELECT hash FROM journal ORDER BY seq", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (*hashes, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return TRUE;
}

gboolean
vt_verify_against (const char         *path,
                   const char         *other,
                   VtVerifyComparison *result,
                   GError            **error)
{
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  guint i;

  g_return_val_if_fail (path != NULL && other != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!read_hashes (path, &mine, error) || !read_hashes (other, &theirs, error))
    return FALSE;

  result->n_file = mine->len;
  result->n_other = theirs->len;
  /* Each hash covers its entry and every entry before it: the first equal pair from the end
   * would do, but the first differing one is what to name. */
  for (i = 0; i < mine->len && i < theirs->len; i++)
    if (g_strcmp0 (g_ptr_array_index (mine, i), g_ptr_array_index (theirs, i)) != 0)
      break;

  if (i < mine->len && i < theirs->len)
    result->relation = VT_VERIFY_DIFFERENT;
  else if (mine->len == theirs->len)
    result->relation = VT_VERIFY_SAME;
  else if (mine->len < theirs->len)
    result->relation = VT_VERIFY_FILE_SHORTER;
  else
    result->relation = VT_VERIFY_OTHER_SHORTER;
  result->first_difference = result->relation == VT_VERIFY_SAME ? 0 : (gint64)i + 1;
  return TRUE;
}

gboolean
vt_verify_store (gpointer store,
                 GError **error)
{
  g_auto(VtVerifyReport) report = { 0 };

  g_return_val_if_fail (VT_IS_STORE (store), FALSE);
  return vt_verify_connection (vt_store_get_db (store), VT_VERIFY_STATE, &report, error);
}
