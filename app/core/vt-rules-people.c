/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules-people"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-json-reader.h"
#include "vt-kind-ids.h"
#include "vt-rules-private.h"

/* Board and staff (who is here, who signed the confidentiality declaration), the opening
 * checklist, and the doors: opening and closing move the station from phase to phase. */

const VtRuleModule vt_rules_people_module = {
  "people",
  "CREATE TABLE person_state ("
  "  person TEXT PRIMARY KEY NOT NULL,"
  "  present INTEGER NOT NULL DEFAULT 0,"
  "  arrived TEXT,"         /* first arrival, UTC */
  "  departed TEXT,"        /* last departure, UTC */
  "  declaration_seq INTEGER"
  ") STRICT;"
  "CREATE TABLE check_state ("
  "  check_id TEXT PRIMARY KEY NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('done', 'deviation')),"
  "  note TEXT,"
  "  seq INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE door_event ("
  "  seq INTEGER PRIMARY KEY NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('open', 'close', 'night')),"
  "  at TEXT NOT NULL,"
  "  queue INTEGER,"
  "  reason TEXT"
  ") STRICT;",
  "DELETE FROM person_state; DELETE FROM check_state; DELETE FROM door_event;",
};

static char *
time_string (VtRuleContext *ctx)
{
  return g_date_time_format_iso8601 (ctx->time);
}

/* ---- board and staff -------------------------------------------------------------------- */

/* A name as two lists would write the same person: spaces trimmed and collapsed, any case. */
static char *
name_key (const char *name)
{
  g_autofree char *normal = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) words = g_strsplit_set (normal != NULL ? normal : "", " \t", -1);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  return g_utf8_casefold (joined->str, -1);
}

/* The people added by person.add entries in the journal as it is inside the transaction:
 * those of a staff list still being written are not yet the configuration's. Calls @func with
 * each one's payload until it returns TRUE; returns whether one did. */
static gboolean
any_added_person (VtRuleContext *ctx,
                  gboolean     (*func) (JsonObject *payload, gconstpointer data),
                  gconstpointer   data)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (ctx->db, "SELECT payload FROM journal WHERE kind = ?1 ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, VT_KIND_PERSON_ADD, -1, SQLITE_STATIC);
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = json_from_string ((const char *)sqlite3_column_text (stmt, 0),
                                                   NULL);
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        found = func (json_node_get_object (node), data);
    }
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
payload_has_id (JsonObject   *payload,
                gconstpointer id)
{
  return g_strcmp0 (json_object_get_string_member_with_default (payload, "person", NULL),
                    id) == 0;
}

static gboolean
payload_has_name (JsonObject   *payload,
                  gconstpointer key)
{
  g_autofree char *other = name_key (json_object_get_string_member_with_default (payload,
                                                                                 "name", ""));
  return g_str_equal (other, key);
}

static gboolean
payload_has_role (JsonObject   *payload,
                  gconstpointer role)
{
  VtRole other;

  return vt_role_from_string (json_object_get_string_member_with_default (payload, "role", ""),
                              &other) && other == GPOINTER_TO_UINT (role);
}

/* Someone of @name among the station's people, or NULL. */
static const VtPerson *
find_person_named (VtConfig   *config,
                   const char *key)
{
  GPtrArray *people = vt_config_get_people (config);

  for (guint i = 0; i < people->len; i++)
    {
      const VtPerson *person = g_ptr_array_index (people, i);
      g_autofree char *other = name_key (person->name);

      if (g_str_equal (other, key))
        return person;
    }
  return NULL;
}

static const VtPerson *
find_person_in_role (VtConfig *config,
                     VtRole    role)
{
  GPtrArray *people = vt_config_get_people (config);

  for (guint i = 0; i < people->len; i++)
    if (((const VtPerson *)g_ptr_array_index (people, i))->role == role)
      return g_ptr_array_index (people, i);
  return NULL;
}

VT_RULE_CHECK (vt_check_person_add)
{
  const char *id = vt_payload_string (ctx, "person");
  const char *name = vt_payload_string (ctx, "name");
  g_autofree char *key = name_key (name);
  const VtPerson *same;
  VtRole role;

  if (!vt_reader_is_id (id))
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "person.bad-id",
                           _("“%s” is not a usable id for a person; use up to 64 letters a–z, "
                             "digits and “-”."), id);
  if (*key == '\0')
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "person.no-name",
                           _("The person has no name; write the name."));
  if (vt_config_find_person (ctx->config, id) != NULL ||
      any_added_person (ctx, payload_has_id, id))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "person.duplicate-id",
                           _("The station already has a person with the id “%s”."), id);
  same = find_person_named (ctx->config, key);
  if (same != NULL || any_added_person (ctx, payload_has_name, key))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "person.duplicate",
                           _("%s is already on the station's staff; a person is added once. "
                             "If these are two people of the same name, write the names so "
                             "that they can be told apart (for example with a middle initial)."),
                           same != NULL ? same->name : name);

  /* The board has one chair and at most one deputy chair (the configuration's rule). */
  if (vt_role_from_string (vt_payload_string (ctx, "role"), &role) &&
      (role == VT_ROLE_LEDER || role == VT_ROLE_NESTLEDER))
    {
      const VtPerson *holder = find_person_in_role (ctx->config, role);

      if (holder != NULL || any_added_person (ctx, payload_has_role, GUINT_TO_POINTER (role)))
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "person.role-taken",
                               role == VT_ROLE_LEDER
                                 ? _("The board already has its chair (%s), and has only one. "
                                     "Give %s another role.")
                                 : _("The board already has its deputy chair (%s), and has "
                                     "only one. Give %s another role."),
                               holder != NULL ? holder->name : "—", name);
    }
  return TRUE;
}

VT_RULE_SUMMARY (vt_summary_person_add)
{
  const char *name = json_object_get_string_member_with_default (payload, "name", "");
  const char *table = json_object_get_string_member_with_default (payload, "table", NULL);
  const char *shift = json_object_get_string_member_with_default (payload, "shift", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  VtRole role;

  if (vt_role_from_string (json_object_get_string_member_with_default (payload, "role", ""),
                           &role))
    /* Translators: "Kari Øvingsen (Chair)" */
    g_string_printf (text, _("%s (%s)"), name, vt_role_get_label (role));
  else
    g_string_assign (text, name);
  if (table != NULL)
    /* Translators: added to a person in the log: ", table 2" (the roll table, rode) */
    g_string_append_printf (text, _(", table %s"), table);
  if (shift != NULL)
    /* Translators: added to a person in the log: ", shift 08:00–14:00" */
    g_string_append_printf (text, _(", shift %s"), shift);
  (void)kind;
  (void)config;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * vt_rules_people_adopt:
 * @after_seq: the last entry already taken in; 0 for all
 *
 * Gives @config, a station's own configuration, every person its journal added (person.add)
 * after entry @after_seq, so that they are looked up as the configuration's people are.
 */
void
vt_rules_people_adopt (sqlite3  *db,
                       VtConfig *config,
                       gint64    after_seq)
{
  sqlite3_stmt *stmt = NULL;

  g_return_if_fail (VT_IS_CONFIG (config));

  if (sqlite3_prepare_v2 (db, "SELECT seq, payload FROM journal WHERE kind = ?1 AND seq > ?2 "
                              "ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return;
    }
  sqlite3_bind_text (stmt, 1, VT_KIND_PERSON_ADD, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, after_seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = json_from_string ((const char *)sqlite3_column_text (stmt, 1),
                                                   NULL);
      JsonObject *payload;
      VtRole role;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      payload = json_node_get_object (node);
      if (!vt_role_from_string (json_object_get_string_member_with_default (payload, "role", ""),
                                &role) ||
          !json_object_has_member (payload, "person") || !json_object_has_member (payload, "name"))
        continue;
      vt_config_add_person (config, json_object_get_string_member (payload, "person"),
                            json_object_get_string_member (payload, "name"), role,
                            json_object_get_string_member_with_default (payload, "table", NULL),
                            json_object_get_string_member_with_default (payload, "shift", NULL),
                            sqlite3_column_int64 (stmt, 0));
    }
  sqlite3_finalize (stmt);
}

VT_RULE_CHECK (vt_check_person_arrive)
{
  const char *person = vt_payload_string (ctx, "person");

  if (vt_rules_is_present (ctx, person))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "person.already-present",
                           _("%s is already registered as present."),
                           vt_rules_person_name (ctx->config, person));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_person_arrive)
{
  g_autofree char *at = time_string (ctx);

  return vt_sql_exec (ctx, error,
                      "INSERT INTO person_state (person, present, arrived) VALUES (?1, 1, ?2) "
                      "ON CONFLICT (person) DO UPDATE SET present = 1, "
                      "arrived = coalesce (arrived, excluded.arrived)",
                      "ss", vt_payload_string (ctx, "person"), at);
}

VT_RULE_CHECK (vt_check_person_leave)
{
  const char *person = vt_payload_string (ctx, "person");

  if (!vt_rules_is_present (ctx, person))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "person.not-present",
                           _("%s is not registered as present."),
                           vt_rules_person_name (ctx->config, person));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_person_leave)
{
  g_autofree char *at = time_string (ctx);

  return vt_sql_exec (ctx, error,
                      "UPDATE person_state SET present = 0, departed = ?2 WHERE person = ?1",
                      "ss", vt_payload_string (ctx, "person"), at);
}

VT_RULE_CHECK (vt_check_person_declaration)
{
  const char *person = vt_payload_string (ctx, "person");

  if (vt_sql_int (ctx, 0, "SELECT declaration_seq FROM person_state WHERE person = ?1", "s",
                  person) > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "person.declaration-signed",
                           _("%s has already signed the confidentiality declaration."),
                           vt_rules_person_name (ctx->config, person));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_person_declaration)
{
  return vt_sql_exec (ctx, error,
                      "INSERT INTO person_state (person, declaration_seq) VALUES (?1, ?2) "
                      "ON CONFLICT (person) DO UPDATE SET declaration_seq = excluded.declaration_seq",
                      "si", vt_payload_string (ctx, "person"), ctx->seq);
}

VT_RULE_SUMMARY (vt_summary_person)
{
  const char *id = json_object_get_string_member_with_default (payload, "person", "");
  const VtPerson *person = vt_config_find_person (config, id);

  /* Translators: "Kari Øvingsen (Chair)" */
  return person != NULL ? g_strdup_printf (_("%s (%s)"), person->name,
                                           vt_role_get_label (person->role))
                        : g_strdup (id);
}

/* ---- opening checks --------------------------------------------------------------------- */

VT_RULE_CHECK (vt_check_opening_check)
{
  g_autofree char *status = vt_sql_string (ctx, "SELECT status FROM check_state "
                                                "WHERE check_id = ?1", "s",
                                           vt_payload_string (ctx, "check"));

  if (g_strcmp0 (status, "done") == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "check.already-done",
                           _("“%s” is already done."),
                           vt_config_find_check (ctx->config,
                                                 vt_payload_string (ctx, "check"))->text);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_opening_check)
{
  const char *check = vt_payload_string (ctx, "check");
  gboolean ok;

  if (g_str_equal (ctx->kind, VT_KIND_CHECK_DONE))
    ok = vt_sql_exec (ctx, error,
                      "INSERT INTO check_state (check_id, status, seq) VALUES (?1, 'done', ?2) "
                      "ON CONFLICT (check_id) DO UPDATE SET status = 'done', seq = excluded.seq",
                      "si", check, ctx->seq);
  else
    ok = vt_sql_exec (ctx, error,
                      "INSERT INTO check_state (check_id, status, note, seq) "
                      "VALUES (?1, 'deviation', ?2, ?3) "
                      "ON CONFLICT (check_id) DO UPDATE SET status = 'deviation', "
                      "note = excluded.note, seq = excluded.seq",
                      "ssi", check, vt_payload_string (ctx, "note"), ctx->seq);

  return ok && vt_rules_enter_opening (ctx, error);
}

VT_RULE_SUMMARY (vt_summary_opening_check)
{
  const VtCheck *check = vt_config_find_check (
    config, json_object_get_string_member_with_default (payload, "check", ""));
  const char *text = check != NULL ? check->text : "";
  const char *note = json_object_get_string_member_with_default (payload, "note", NULL);

  if (note != NULL)
    /* Translators: an opening check that could not be done as written, and what was done */
    return g_strdup_printf (_("%s — deviation: %s"), text, note);
  return g_strdup (text);
}

void
vt_checks_people (VtRuleContext *ctx,
                  GPtrArray     *findings)
{
  GPtrArray *checks = vt_config_get_checklist (ctx->config);
  VtPhase phase = vt_rules_get_phase (ctx);

  if (phase != VT_PHASE_SETUP && phase != VT_PHASE_OPENING)
    return;

  for (guint i = 0; i < checks->len; i++)
    {
      VtCheck *check = g_ptr_array_index (checks, i);

      if (vt_sql_int (ctx, 0, "SELECT count (*) FROM check_state WHERE check_id = ?1", "s",
                      check->id) == 0)
        g_ptr_array_add (findings,
                         vt_finding_new (VT_CHECK_K101, check->id,
                                         _("Opening check not done: %s"), check->text));
    }
}

/* ---- the doors -------------------------------------------------------------------------- */

/* Refuse when a check that guards @step finds something (the check table says which). */
static gboolean
refuse_if_blocked (VtRuleContext *ctx,
                   VtCheckStep    step,
                   const char    *rule,
                   GError       **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);
  g_autoptr(GString) reasons = g_string_new (NULL);

  vt_checks_all (ctx, findings);
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (vt_finding_blocks_step (finding, step))
        g_string_append_printf (reasons, "\n%s: %s", finding->code, finding->message);
    }

  if (reasons->len == 0)
    return TRUE;
  return vt_rule_refuse (error, VT_RULE_ERROR_BLOCKED, rule, _("Not yet:%s"), reasons->str);
}

/* How late the doors may open without a reason: a clock a few minutes off is no event. */
#define LATE_OPENING_MINUTES 5

static VtElectionDay *
today (VtRuleContext *ctx)
{
  int day = vt_rules_day_index (ctx);
  return day >= 0 ? g_ptr_array_index (vt_config_get_days (ctx->config), day) : NULL;
}

VT_RULE_CHECK (vt_check_doors_open)
{
  VtElectionDay *day = today (ctx);
  const char *reason = vt_payload_string (ctx, "reason");

  if (day == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "doors.not-election-day",
                           _("Today is not an election day of this election."));

  if (vt_sql_int (ctx, 0, "SELECT count (*) FROM door_event WHERE day = ?1 AND action = 'open'",
                  "i", (gint64)vt_rules_day_index (ctx)) > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "doors.already-opened-today",
                           _("The doors were already opened today."));

  if (g_date_time_compare (ctx->time, day->opens) < 0 && reason == NULL)
    {
      g_autofree char *opens = vt_rules_dup_clock (ctx, day->opens);
      return vt_rule_refuse (error, VT_RULE_ERROR_NEEDS_REASON, "doors.open-early",
                             _("The doors open at %s. To open earlier, give the reason; it is "
                               "logged."), opens);
    }

  /* Voters waited at a closed door: the protocol says why, as for closing early. */
  if (reason == NULL &&
      g_date_time_difference (ctx->time, day->opens) > LATE_OPENING_MINUTES * G_TIME_SPAN_MINUTE)
    {
      g_autofree char *opens = vt_rules_dup_clock (ctx, day->opens);
      g_autofree char *now = vt_rules_dup_clock (ctx, ctx->time);
      return vt_rule_refuse (error, VT_RULE_ERROR_NEEDS_REASON, "doors.open-late",
                             _("The doors were to open at %s; it is %s. To open this late, give "
                               "the reason (voters waited at a closed door); it is logged."),
                             opens, now);
    }

  return refuse_if_blocked (ctx, VT_STEP_DOORS_OPEN, "doors.open-blocked", error);
}

VT_RULE_APPLY (vt_apply_doors_open)
{
  g_autofree char *at = time_string (ctx);

  if (!vt_sql_exec (ctx, error,
                    "INSERT INTO door_event (seq, day, action, at, reason) "
                    "VALUES (?1, ?2, 'open', ?3, ?4)",
                    vt_payload_has (ctx, "reason") ? "iiss" : "iisn", ctx->seq,
                    (gint64)MAX (vt_rules_day_index (ctx), 0), at,
                    vt_payload_string (ctx, "reason")))
    return FALSE;
  return vt_rules_set_phase (ctx, VT_PHASE_VOTING, error);
}

VT_RULE_CHECK (vt_check_doors_close)
{
  VtElectionDay *day = today (ctx);
  int index = vt_rules_day_index (ctx);
  gboolean for_night = vt_payload_bool (ctx, "for_night");
  gboolean last_day = index < 0 || (guint)index + 1 >= vt_config_get_days (ctx->config)->len;

  if (for_night && last_day)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "doors.no-next-day",
                           _("This is the last election day: close the doors for good, not "
                             "for the night."));
  if (!for_night && !last_day)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "doors.next-day-follows",
                           _("Another election day follows: close the doors for the night, "
                             "with every urn sealed."));

  if (day != NULL && g_date_time_compare (ctx->time, day->closes) < 0 &&
      vt_payload_string (ctx, "reason") == NULL)
    {
      g_autofree char *closes = vt_rules_dup_clock (ctx, day->closes);
      return vt_rule_refuse (error, VT_RULE_ERROR_NEEDS_REASON, "doors.close-early",
                             _("The doors close at %s. To close earlier, give the reason; it is "
                               "logged."), closes);
    }

  return refuse_if_blocked (ctx, for_night ? VT_STEP_NIGHT_CLOSE : VT_STEP_DOORS_CLOSE,
                            "doors.close-blocked",
                            error);
}

VT_RULE_APPLY (vt_apply_doors_close)
{
  g_autofree char *at = time_string (ctx);
  gboolean for_night = vt_payload_bool (ctx, "for_night");

  if (!vt_sql_exec (ctx, error,
                    "INSERT INTO door_event (seq, day, action, at, queue, reason) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    vt_payload_has (ctx, "reason") ? "iissis" : "iissin", ctx->seq,
                    (gint64)MAX (vt_rules_day_index (ctx), 0), for_night ? "night" : "close", at,
                    vt_payload_int (ctx, "queue", 0), vt_payload_string (ctx, "reason")))
    return FALSE;
  return vt_rules_set_phase (ctx, for_night ? VT_PHASE_NIGHT : VT_PHASE_CLOSING, error);
}

VT_RULE_SUMMARY (vt_summary_doors)
{
  const char *reason = json_object_get_string_member_with_default (payload, "reason", NULL);
  g_autofree char *what = NULL;

  if (json_object_has_member (payload, "queue"))
    {
      gint64 queue = json_object_get_int_member (payload, "queue");
      if (json_object_get_boolean_member_with_default (payload, "for_night", FALSE))
        what = g_strdup (_("Doors closed for the night"));
      else
        /* Translators: "Doors closed; 4 in the queue still vote" */
        what = g_strdup_printf (ngettext ("Doors closed; %" PRId64 " in the queue still votes",
                                          "Doors closed; %" PRId64 " in the queue still vote",
                                          queue), queue);
    }
  else
    what = g_strdup (_("Doors opened"));

  if (reason != NULL)
    /* Translators: "Doors opened — reason: …" */
    return g_strdup_printf (_("%s — reason: %s"), what, reason);
  return g_steal_pointer (&what);
}
