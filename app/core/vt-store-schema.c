/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-store-schema"

#include "config.h"

#include "vt-i18n.h"
#include <string.h>

#include "vt-command.h"
#include "vt-error.h"
#include "vt-store-private.h"
#include "vt-stmt-cache.h"

/* The station file's schema, as numbered migrations. PRAGMA user_version is the number of
 * migrations applied; each runs in the caller's transaction, so a file is at one version or
 * the next, never in between. Never edit a migration that has shipped: add the next one. */

typedef gboolean (*MigrationFunc) (sqlite3 *db, GError **error);

static gboolean
migration_1_journal (sqlite3 *db,
                     GError **error)
{
  /* The journal is the record. The database itself refuses to change or remove an entry, and
   * refuses an entry that does not continue the sequence and the hash chain. */
  return vt_store_exec (db,
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE journal ("
    "  seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),"
    "  command_id TEXT NOT NULL UNIQUE,"
    "  ts_utc TEXT NOT NULL,"
    "  utc_offset INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ") STRICT;"
    "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal "
    "BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
    "CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal "
    "BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
    "CREATE TRIGGER journal_append_in_order BEFORE INSERT ON journal "
    "WHEN NEW.seq IS NOT (SELECT coalesce (max (seq), 0) + 1 FROM journal) "
    "  OR NEW.prev_hash IS NOT coalesce ((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1),"
    "                                   '" VT_JOURNAL_GENESIS_HASH "') "
    "BEGIN SELECT RAISE (ABORT, 'a journal entry must continue the chain'); END;"
    "CREATE TRIGGER meta_write_once BEFORE UPDATE ON meta "
    "BEGIN SELECT RAISE (ABORT, 'station metadata is written once'); END;"
    "CREATE TRIGGER meta_keep BEFORE DELETE ON meta "
    "BEGIN SELECT RAISE (ABORT, 'station metadata is written once'); END;",
    error);
}

static const char kind_count_schema[] =
  "CREATE TABLE kind_count ("
  "  kind TEXT PRIMARY KEY NOT NULL,"
  "  n INTEGER NOT NULL CHECK (n >= 0)"
  ") STRICT;";

static gboolean
migration_2_derived_state (sqlite3 *db,
                           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Derived state: what the screens show, kept up to date in the same transaction as each
   * entry so that opening a station never replays its history. A file made before this
   * migration has its state computed once, here, from its journal. */
  if (!vt_store_exec (db, kind_count_schema, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (db, "SELECT kind, payload FROM journal ORDER BY seq", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "upgrading the station file"));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!vt_derived_apply (db, (const char *)sqlite3_column_text (stmt, 0),
                             (const char *)sqlite3_column_text (stmt, 1), &local_error))
        break;
    }
  sqlite3_finalize (stmt);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "upgrading the station file"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
migration_3_rules (sqlite3 *db,
                   GError **error)
{
  g_autofree char *schema = vt_rules_dup_schema ();
  g_autoptr(VtConfig) config = NULL;
  sqlite3_stmt *stmt = NULL;

  /* The tables of every procedure: phase, people, seals and urns, voting, closing and the
   * count. Computed from the journal of a file that existed before. */
  if (!vt_store_exec (db, schema, error))
    return FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'config'", -1, &stmt, NULL) ==
        SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    config = vt_config_new_from_data ((const char *)sqlite3_column_text (stmt, 0), -1,
                                      "config", error);
  sqlite3_finalize (stmt);
  if (config == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                     _("The station file has lost its election configuration."));
      return FALSE;
    }
  return vt_rules_rebuild (db, config, error);
}

/* Urns taken into use without a table (the special-envelope urn, the mobile urn, a reserve
 * box) were recorded with added_seq 0 until vt_sql_exec () took the argument of a NULL
 * parameter: the state is computed again from the journal. */
static gboolean
migration_4_rebuild_urns (sqlite3 *db,
                          GError **error)
{
  g_autoptr(VtConfig) config = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'config'", -1, &stmt, NULL) ==
        SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    config = vt_config_new_from_data ((const char *)sqlite3_column_text (stmt, 0), -1,
                                      "config", error);
  sqlite3_finalize (stmt);
  if (config == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
                     _("The station file has lost its election configuration."));
      return FALSE;
    }
  return vt_rules_rebuild (db, config, error);
}

static const MigrationFunc migrations[] = {
  migration_1_journal,
  migration_2_derived_state,
  migration_3_rules,
  migration_4_rebuild_urns,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VT_STORE_SCHEMA_VERSION);

gboolean
vt_store_migrate (sqlite3 *db,
                  int      target,
                  GError **error)
{
  int version = vt_store_pragma_int (db, "user_version");

  g_assert (target <= VT_STORE_SCHEMA_VERSION);
  /* The caller refuses a file whose number no migration starts from. */
  g_return_val_if_fail (version >= 0, FALSE);

  for (; version < target; version++)
    {
      g_autofree char *bump = NULL;

      if (!migrations[version] (db, error))
        return FALSE;

      bump = g_strdup_printf ("PRAGMA user_version = %d;", version + 1);
      if (!vt_store_exec (db, bump, error))
        return FALSE;
    }
  return TRUE;
}

/* Keep the derived tables in step with one entry. Called inside the entry's transaction. */
gboolean
vt_derived_apply (sqlite3    *db,
                  const char *kind,
                  const char *payload,
                  GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  stmt = vt_stmt_cache_take (db,
                             "INSERT INTO kind_count (kind, n) VALUES (?1, 1) "
                             "ON CONFLICT (kind) DO UPDATE SET n = n + 1",
                             &rc);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  vt_stmt_cache_give (db, stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "updating the station's state"));
      return FALSE;
    }
  return TRUE;
}

/* Every table, index and trigger of @db as written, sorted; NULL when it cannot be read. */
static char *
dup_schema_text (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT group_concat (line, char (10)) FROM ("
                          "  SELECT type || ' ' || name || ' ' || tbl_name || ' ' || "
                          "         coalesce (sql, '') AS line "
                          "  FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                          "  ORDER BY type, name)",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* The schema every migration together makes, in an empty database in memory, made once. The
 * migrations' own statements, without their data: the tables' text is the same whichever
 * version a file was made at. */
static const char *
expected_schema_text (void)
{
  static gsize expected;

  if (g_once_init_enter (&expected))
    {
      g_autofree char *rules_schema = vt_rules_dup_schema ();
      sqlite3 *db = NULL;
      char *text = NULL;

      if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) ==
            SQLITE_OK &&
          migration_1_journal (db, NULL) &&
          vt_store_exec (db, kind_count_schema, NULL) &&
          vt_store_exec (db, rules_schema, NULL))
        text = dup_schema_text (db);
      sqlite3_close (db);
      /* Our own SQL: it cannot fail but by a bug. */
      g_assert (text != NULL);
      g_once_init_leave (&expected, (gsize)text);
    }
  return (const char *)expected;
}

/* The first table, index or trigger of @db whose definition is not the one Valgting makes:
 * missing, changed (a guard trigger that does nothing, under its right name) or added. Sets
 * @type, @name and whether it is @missing; FALSE when every one is as Valgting makes it. */
gboolean
vt_store_find_schema_difference (sqlite3  *db,
                                 char    **type,
                                 char    **name,
                                 gboolean *missing)
{
  g_autofree char *rules_schema = vt_rules_dup_schema ();
  sqlite3 *expected = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  *type = *name = NULL;
  *missing = FALSE;
  if (sqlite3_open_v2 (":memory:", &expected, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                       NULL) != SQLITE_OK ||
      !migration_1_journal (expected, NULL) ||
      !vt_store_exec (expected, kind_count_schema, NULL) ||
      !vt_store_exec (expected, rules_schema, NULL))
    g_assert_not_reached (); /* our own SQL */

  /* Every object Valgting makes, with its definition, in the file. */
  sqlite3_prepare_v2 (expected, "SELECT type, name, sql FROM sqlite_schema "
                                "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                "ORDER BY type DESC, name", -1, &stmt, NULL);
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_stmt *look = NULL;
      const char *sql = (const char *)sqlite3_column_text (stmt, 2);

      sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2",
                          -1, &look, NULL);
      sqlite3_bind_text (look, 1, (const char *)sqlite3_column_text (stmt, 0), -1,
                         SQLITE_TRANSIENT);
      sqlite3_bind_text (look, 2, (const char *)sqlite3_column_text (stmt, 1), -1,
                         SQLITE_TRANSIENT);
      if (sqlite3_step (look) != SQLITE_ROW)
        found = *missing = TRUE;
      else if (g_strcmp0 ((const char *)sqlite3_column_text (look, 0), sql) != 0)
        found = TRUE;
      sqlite3_finalize (look);
      if (found)
        {
          *type = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
          *name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (expected);
  if (found)
    return TRUE;

  /* Nothing the file has that Valgting does not make. */
  sqlite3_prepare_v2 (db, "SELECT type, name FROM sqlite_schema "
                          "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type DESC, name",
                      -1, &stmt, NULL);
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *line = g_strdup_printf ("%s %s ", (const char *)sqlite3_column_text (stmt, 0),
                                               (const char *)sqlite3_column_text (stmt, 1));
      g_autofree char *at_start = g_strconcat ("\n", line, NULL);

      if (!g_str_has_prefix (expected_schema_text (), line) &&
          strstr (expected_schema_text (), at_start) == NULL)
        {
          found = TRUE;
          *type = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
          *name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
        }
    }
  sqlite3_finalize (stmt);
  return found;
}

/* Whether @db, at the current version, has exactly the tables, indexes and triggers Valgting
 * makes. The number in user_version says which migrations ran; this says that nobody has
 * dropped, added or changed a table since, which the rules rely on and which a file changed
 * outside Valgting, or made up of other bytes, need not hold. */
gboolean
vt_store_check_schema (sqlite3    *db,
                       const char *path,
                       GError    **error)
{
  g_autofree char *text = dup_schema_text (db);

  if (g_strcmp0 (text, expected_schema_text ()) == 0)
    return TRUE;

  g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT,
               _("The station file “%s” has been changed outside Valgting: its tables are not "
                 "the ones Valgting makes. Open the second copy instead, and run "
                 "“valgting verify” on this file to see what else was changed."),
               path);
  return FALSE;
}
