/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules-core"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>

#include "vt-command.h"
#include "vt-kind-ids.h"
#include "vt-rules-private.h"
#include "vt-store-private.h"

/* The station's own state (its phase), corrections, and the rebuild that makes the derived
 * state follow a correction: every module's tables are emptied and the journal is applied
 * again from the first entry, leaving out what was annulled and using what was amended. */

const VtRuleModule vt_rules_core_module = {
  "core",
  "CREATE TABLE station_state ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ") STRICT;"
  "CREATE TABLE correction ("
  "  seq INTEGER PRIMARY KEY NOT NULL,"
  "  target INTEGER NOT NULL,"
  "  annul INTEGER NOT NULL,"
  "  changes TEXT"
  ") STRICT;"
  "CREATE INDEX correction_target ON correction (target);",
  "DELETE FROM station_state; DELETE FROM correction;",
};

static const VtRuleModule * const modules[] = {
  &vt_rules_core_module,
  &vt_rules_people_module,
  &vt_rules_seals_module,
  &vt_rules_voting_module,
  &vt_rules_closing_module,
  &vt_rules_organisation_module,
};

/* ---- schema ----------------------------------------------------------------------------- */

char *
vt_rules_dup_schema (void)
{
  GString *sql = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    g_string_append (sql, modules[i]->schema);
  return g_string_free (sql, FALSE);
}

/* ---- rebuilding after a correction ------------------------------------------------------ */

static gboolean
exec_sql (sqlite3    *db,
          const char *sql,
          GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "updating the station's state"));
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();
  return json_object_ref (json_node_get_object (node));
}

static void
merge_changes (JsonObject *payload,
               JsonObject *changes)
{
  g_autoptr(GList) members = json_object_get_members (changes);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (payload, l->data,
                            json_node_copy (json_object_get_member (changes, l->data)));
}

/* The payload an entry has after every correction of it, or NULL if it was annulled. */
JsonObject *
vt_rules_effective_payload (sqlite3    *db,
                            gint64      seq,
                            const char *payload)
{
  g_autoptr(JsonObject) effective = parse_object (payload);
  sqlite3_stmt *stmt = NULL;
  gboolean annulled = FALSE;

  sqlite3_prepare_v2 (db, "SELECT annul, changes FROM correction WHERE target = ?1 ORDER BY seq",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (sqlite3_column_int (stmt, 0))
        annulled = TRUE;
      else
        {
          g_autoptr(JsonObject) changes = parse_object ((const char *)sqlite3_column_text (stmt,
                                                                                           1));
          merge_changes (effective, changes);
        }
    }
  sqlite3_finalize (stmt);

  return annulled ? NULL : g_steal_pointer (&effective);
}

static gboolean
record_correction (sqlite3    *db,
                   gint64      seq,
                   const char *kind,
                   JsonObject *payload,
                   GError    **error)
{
  g_autofree char *changes = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (json_object_has_member (payload, "changes"))
    changes = json_to_string (json_object_get_member (payload, "changes"), FALSE);

  sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO correction (seq, target, annul, changes) "
                          "VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, json_object_get_int_member (payload, "entry"));
  sqlite3_bind_int (stmt, 3, g_str_equal (kind, VT_KIND_CORRECTION_ANNUL));
  if (changes != NULL)
    sqlite3_bind_text (stmt, 4, changes, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, db, rc, C_("while …", "updating the station's state"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_correction (const char *kind)
{
  return g_str_has_prefix (kind, "correction.");
}

/* An amendment not yet in the journal, replayed as if it were, and what to check again. */
typedef struct
{
  gint64      seq;      /* the amendment's own */
  const char *kind;
  JsonObject *payload;  /* its fields: the entry amended, the changes */
  gint64      target;
  JsonObject *changes;
} Recheck;

/* Whether @payload names one of the corrected values again: a later entry that could clash
 * with the corrected one (the same strip, the same pile). */
static gboolean
names_a_changed_value (JsonObject *payload,
                       JsonObject *changes)
{
  g_autoptr(GList) members = json_object_get_members (changes);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (payload, l->data);

      if (value != NULL && json_node_equal (value, json_object_get_member (changes, l->data)))
        return TRUE;
    }
  return FALSE;
}

/* The rule of @kind, whoever takes part first, as when the entry was given. */
static gboolean
recheck_entry (VtRuleContext     *ctx,
               const VtEntryKind *kind,
               const Recheck     *recheck,
               GError           **error)
{
  g_autoptr(GError) refusal = NULL;

  ctx->replaying = FALSE;
  if (vt_rules_check_presence (ctx, &refusal) && (kind->check == NULL ||
                                                  kind->check (ctx, &refusal)))
    {
      ctx->replaying = TRUE;
      return TRUE;
    }
  if (refusal->domain != VT_RULE_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&refusal));
      return FALSE;
    }
  if (ctx->seq == recheck->target)
    return vt_rule_refuse (error, refusal->code, "correction.refused-by-rule",
                           /* Translators: "Entry 12 (Urn sealed), corrected, would be refused:
                            * Strip 1002 is already used …" */
                           _("Entry %" PRId64 " (%s), corrected, would be refused: %s"),
                           ctx->seq, vt_entry_kind_get_name (kind), refusal->message);
  return vt_rule_refuse (error, refusal->code, "correction.refused-by-rule",
                         /* Translators: "After the correction, entry 15 (Urn sealed) would be
                          * refused: …" */
                         _("After the correction, entry %" PRId64 " (%s) would be refused: %s"),
                         ctx->seq, vt_entry_kind_get_name (kind), refusal->message);
}

/* Recompute every derived table from the journal, with @recheck's amendment when it is not
 * NULL. Runs inside the caller's transaction. */
static gboolean
rebuild (sqlite3       *db,
         VtConfig      *config,
         const Recheck *recheck,
         GError       **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    if (!exec_sql (db, modules[i]->reset, error))
      return FALSE;

  /* A configuration read from the file (a migration, verify) has not yet the people the
   * journal added; the station's own has them already, and adding again changes nothing. */
  vt_rules_people_adopt (db, config, 0);

  /* First every correction, so that an entry is applied as corrected even when the
   * correction comes later in the journal. */
  sqlite3_prepare_v2 (db, "SELECT seq, kind, payload FROM journal WHERE kind LIKE 'correction.%' "
                          "ORDER BY seq", -1, &stmt, NULL);
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) payload = parse_object ((const char *)sqlite3_column_text (stmt, 2));
      ok = record_correction (db, sqlite3_column_int64 (stmt, 0),
                              (const char *)sqlite3_column_text (stmt, 1), payload, error);
    }
  sqlite3_finalize (stmt);
  if (ok && recheck != NULL)
    ok = record_correction (db, recheck->seq, recheck->kind, recheck->payload, error);
  if (!ok)
    return FALSE;

  sqlite3_prepare_v2 (db, "SELECT seq, ts_utc, actor, kind, payload FROM journal ORDER BY seq",
                      -1, &stmt, NULL);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind_id = (const char *)sqlite3_column_text (stmt, 3);
      const VtEntryKind *kind = vt_entry_kind_lookup (kind_id);
      g_autoptr(JsonObject) payload = NULL;
      g_autoptr(GDateTime) time = NULL;
      VtRuleContext ctx = { 0 };

      if (kind == NULL || kind->apply == NULL || is_correction (kind_id))
        continue;

      payload = vt_rules_effective_payload (db, sqlite3_column_int64 (stmt, 0),
                                            (const char *)sqlite3_column_text (stmt, 4));
      if (payload == NULL)
        continue; /* annulled */

      time = g_date_time_new_from_iso8601 ((const char *)sqlite3_column_text (stmt, 1), utc);
      ctx.db = db;
      ctx.config = config;
      ctx.seq = sqlite3_column_int64 (stmt, 0);
      ctx.time = time;
      ctx.actor = (const char *)sqlite3_column_text (stmt, 2);
      ctx.kind = kind_id;
      ctx.payload = payload;
      ctx.replaying = TRUE;
      if (recheck != NULL &&
          (ctx.seq == recheck->target ||
           (ctx.seq > recheck->target && names_a_changed_value (payload, recheck->changes))))
        ok = recheck_entry (&ctx, kind, recheck, error);
      ok = ok && kind->apply (&ctx, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
vt_rules_rebuild (sqlite3  *db,
                  VtConfig *config,
                  GError  **error)
{
  return rebuild (db, config, NULL, error);
}

/* The amended entry is held to its kind's full rule again, on the state as it would be
 * before it with the correction made; and every later entry that names a corrected value
 * again (the strip now on it, the pile it now counts) is held to its rule too. The replay is
 * undone either way: the correction's own apply rebuilds for good. */
static gboolean
recheck_amendment (VtRuleContext *ctx,
                   gint64         target,
                   JsonObject    *changes,
                   GError       **error)
{
  Recheck recheck = { ctx->seq, ctx->kind, ctx->payload, target, changes };
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (!exec_sql (ctx->db, "SAVEPOINT recheck_amendment", error))
    return FALSE;
  ok = rebuild (ctx->db, ctx->config, &recheck, &local_error);
  if (!exec_sql (ctx->db, "ROLLBACK TO recheck_amendment; RELEASE recheck_amendment",
                 ok ? error : NULL))
    return FALSE;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* ---- corrections ------------------------------------------------------------------------ */

VT_RULE_CHECK (vt_check_correction)
{
  gint64 target = vt_payload_int (ctx, "entry", 0);
  g_autofree char *target_kind = NULL;
  g_autofree char *target_payload = NULL;
  const VtEntryKind *kind;

  target_kind = vt_sql_string (ctx, "SELECT kind FROM journal WHERE seq = ?1", "i", target);
  if (target_kind == NULL || target >= ctx->seq)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "correction.no-such-entry",
                           _("There is no entry %" PRId64 " to correct."), target);

  kind = vt_entry_kind_lookup (target_kind);
  if (kind == NULL || !kind->correctable)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "correction.not-correctable",
                           _("Entry %" PRId64 " (%s) cannot be annulled or corrected; write a "
                             "new entry that explains what was wrong instead."),
                           target, kind != NULL ? vt_entry_kind_get_name (kind) : target_kind);

  if (vt_sql_int (ctx, 0, "SELECT count (*) FROM correction WHERE target = ?1 AND annul = 1",
                  "i", target) > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "correction.already-annulled",
                           _("Entry %" PRId64 " is already annulled."), target);

  if (g_str_equal (ctx->kind, VT_KIND_CORRECTION_AMEND))
    {
      JsonObject *changes = json_object_get_object_member (ctx->payload, "changes");
      g_autoptr(JsonObject) merged = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GList) members = json_object_get_members (changes);

      if (members == NULL)
        return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "correction.no-changes",
                               _("The correction changes nothing; give the corrected fields."));

      for (GList *l = members; l != NULL; l = l->next)
        if (vt_entry_kind_find_field (kind, l->data) == NULL)
          return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "correction.unknown-field",
                                 _("Entry %" PRId64 " (%s) has no field “%s”."), target,
                                 vt_entry_kind_get_name (kind), (const char *)l->data);

      /* The corrected entry must be one that could have been written. */
      target_payload = vt_sql_string (ctx, "SELECT payload FROM journal WHERE seq = ?1", "i",
                                      target);
      merged = vt_rules_effective_payload (ctx->db, target, target_payload);
      merge_changes (merged, changes);
      if (!vt_command_validate_fields (kind, ctx->config, merged, target, &local_error))
        return vt_rule_refuse (error, local_error->code, "correction.invalid",
                               _("The corrected entry would not be valid: %s"),
                               local_error->message);
      return recheck_amendment (ctx, target, changes, error);
    }
  return TRUE;
}

VT_RULE_APPLY (vt_apply_correction)
{
  if (!record_correction (ctx->db, ctx->seq, ctx->kind, ctx->payload, error))
    return FALSE;
  return vt_rules_rebuild (ctx->db, ctx->config, error);
}

VT_RULE_SUMMARY (vt_summary_correction)
{
  gint64 entry = json_object_get_int_member_with_default (payload, "entry", 0);
  const char *reason = json_object_get_string_member_with_default (payload, "reason", "");

  if (json_object_has_member (payload, "changes"))
    {
      g_autofree char *changes = vt_field_dup_value_text (vt_entry_kind_find_field (kind,
                                                                                     "changes"),
                                                          config,
                                                          json_object_get_member (payload,
                                                                                  "changes"));
      /* Translators: "Entry 12 corrected (the count: 40): wrong table" */
      return g_strdup_printf (_("Entry %" PRId64 " corrected (%s): %s"), entry, changes, reason);
    }
  /* Translators: "Entry 12 annulled: logged twice" */
  return g_strdup_printf (_("Entry %" PRId64 " annulled: %s"), entry, reason);
}

/* ---- summaries of the station's own entries --------------------------------------------- */

VT_RULE_SUMMARY (vt_summary_station_created)
{
  const char *election = json_object_get_string_member_with_default (payload, "election", "");
  const char *precinct = json_object_get_string_member_with_default (payload, "precinct", "");
  const char *scenario = json_object_get_string_member_with_default (payload, "replay_scenario",
                                                                      NULL);
  gboolean training = json_object_get_boolean_member_with_default (payload, "training", FALSE);

  if (scenario != NULL && training)
    /* Translators: the first entry of a training station made by valgting replay; %s are
     * precinct, election and the scenario's file name */
    return g_strdup_printf (_("Training station %s created for %s by replaying the scenario %s"),
                            precinct, election, scenario);
  if (scenario != NULL)
    /* Translators: the first entry of a station made by valgting replay --keep-dates; %s are
     * precinct, election and the scenario's file name */
    return g_strdup_printf (_("Station %s created for %s by replaying the scenario %s"),
                            precinct, election, scenario);
  if (training)
    /* Translators: the first entry of a training station's log; %s are precinct and election */
    return g_strdup_printf (_("Training station %s created for %s"), precinct, election);

  /* Translators: the first entry of a station's log; %s are precinct and election */
  return g_strdup_printf (_("Station %s created for %s"), precinct, election);
}

VT_RULE_SUMMARY (vt_summary_note)
{
  return g_strdup (json_object_get_string_member_with_default (payload, "text", ""));
}

VT_RULE_SUMMARY (vt_summary_refused)
{
  const char *tried = json_object_get_string_member_with_default (payload, "tried", "");
  const char *reason = json_object_get_string_member_with_default (payload, "reason", "");
  const VtEntryKind *tried_kind = vt_entry_kind_lookup (tried);

  /* Translators: "Refused: Seal broken — it needs two different board members" */
  return g_strdup_printf (_("Refused: %s — %s"),
                          tried_kind != NULL ? vt_entry_kind_get_name (tried_kind) : tried, reason);
}
