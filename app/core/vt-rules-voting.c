/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules-voting"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>

#include "vt-checks.h"
#include "vt-kind-ids.h"
#include "vt-rules-private.h"

/* While the doors are open: outdoor voting (two workers take the mobile urn out to a voter
 * who cannot come in), special envelopes counted live per reason, and the incidents of the
 * day. Some incidents are a state (the power is out until it is back); the wrong marks, the
 * unstamped ballots and the finished outdoor votes are what the count's reconciliation
 * refers to when ballots and roll marks differ. */

const VtRuleModule vt_rules_voting_module = {
  "voting",
  "CREATE TABLE outdoor_vote ("
  "  seq INTEGER PRIMARY KEY NOT NULL," /* the outdoor.start entry */
  "  worker TEXT NOT NULL,"
  "  second_worker TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('started', 'out', 'done')),"
  "  out_seq INTEGER,"
  "  end_seq INTEGER"
  ") STRICT;"
  "CREATE TABLE envelope_count ("
  "  reason TEXT PRIMARY KEY NOT NULL,"
  "  n INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE wrong_mark ("
  "  seq INTEGER PRIMARY KEY NOT NULL,"
  "  table_id TEXT NOT NULL,"
  "  page INTEGER NOT NULL,"
  "  line INTEGER NOT NULL,"
  "  resolved_seq INTEGER"
  ") STRICT;"
  "CREATE TABLE unstamped ("
  "  seq INTEGER PRIMARY KEY NOT NULL,"
  "  table_id TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE incident_state ("
  "  kind TEXT PRIMARY KEY NOT NULL," /* power, fire-alarm, phone, electronic-roll */
  "  state TEXT NOT NULL,"
  "  seq INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE turnout ("
  "  seq INTEGER NOT NULL,"
  "  table_id TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (seq, table_id)"
  ") STRICT;",
  "DELETE FROM outdoor_vote; DELETE FROM envelope_count; DELETE FROM wrong_mark; "
  "DELETE FROM unstamped; DELETE FROM incident_state; DELETE FROM turnout;",
};

/* The local time of an earlier entry, "14:05", for messages. */
static char *
entry_time (VtRuleContext *ctx,
            gint64         seq)
{
  g_autofree char *ts = vt_sql_string (ctx, "SELECT ts_utc FROM journal WHERE seq = ?1", "i",
                                       seq);
  char *clock = vt_rules_dup_clock_utc (ctx, ts);

  return clock != NULL ? clock : g_strdup ("?");
}

/* "Power cut — the whole building" when the entry has a note. Takes @summary. */
static char *
with_note (char       *summary,
           JsonObject *payload)
{
  const char *note = json_object_get_string_member_with_default (payload, "note", NULL);
  char *result;

  if (note == NULL || *note == '\0')
    return summary;
  /* Translators: a log line and the note that goes with it: "Power cut — whole building" */
  result = g_strdup_printf (_("%s — %s"), summary, note);
  g_free (summary);
  return result;
}

/* ---- outdoor voting --------------------------------------------------------------------- */

/* One flow: outdoor.start (two workers go out with the equipment and the mobile urn, the
 * voter's line in the roll given), then outdoor.end (back, the mobile urn still sealed with
 * the strip read on it). Older journals have outdoor.out between the two; it is replayed as
 * it was, and no longer given. */

VT_RULE_CHECK (vt_check_outdoor_start)
{
  /* The whole procedure is for voters in this roll; the others have a procedure of their
   * own, so this comes first of this kind's own rule (who goes out, who stays and who is here
   * are checked before it, by vt-rules-presence.c). */
  if (!vt_payload_bool (ctx, "in_roll"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "outdoor.not-in-roll",
                           _("The voter is not in this station's roll, so there is no outdoor "
                             "vote into the mobile urn. The voter votes in a special envelope "
                             "instead; log it as a special envelope."));

  /* Two different workers, both here, neither the chair: vt-rules-presence.c. */

  if (!vt_payload_has (ctx, "table"))
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "outdoor.roll-table",
                           _("Give the table whose roll has the voter, and the page and line "
                             "there (they are on the poll card); the voter is marked there."));

  /* As for a wrong mark: a paper roll has numbered pages and lines, an electronic one may
   * have neither. */
  if ((vt_payload_int (ctx, "page", 0) < 1 || vt_payload_int (ctx, "line", 0) < 1) &&
      !vt_config_get_electronic_roll (ctx->config))
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "outdoor.roll-position",
                           _("Give the voter's page and line in the roll as they are printed "
                             "(they are on the poll card too); both start at 1."));

  if (!vt_seals_mobile_urn_sealed (ctx))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "outdoor.no-mobile-urn",
                           _("There is no sealed mobile urn. Take a mobile urn into use, show "
                             "it empty and seal it first."));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_outdoor_start)
{
  return vt_sql_exec (ctx, error,
                      "INSERT OR REPLACE INTO outdoor_vote (seq, worker, second_worker, status) "
                      "VALUES (?1, ?2, ?3, 'started')",
                      "iss", ctx->seq, vt_payload_string (ctx, "worker"),
                      vt_payload_string (ctx, "second_worker"));
}

/* The mobile urn comes back sealed with the strip it went out with: the number read on it is
 * one the register has on a mobile urn that is still sealed. */
static gboolean
check_mobile_urn_back (VtRuleContext *ctx,
                       GError       **error)
{
  gint64 strip = vt_payload_int (ctx, "strip", 0);
  /* The mobile urn the strip was put on, whether or not its seal was broken since. */
  g_autofree char *urn = vt_sql_string (ctx, "SELECT s.urn FROM strip s JOIN urn u "
                                             "ON u.id = s.urn WHERE s.number = ?1 "
                                             "AND s.status IN ('applied', 'broken') "
                                             "AND u.kind = 'mobile'",
                                        "i", strip);
  g_autofree char *sealed = NULL;

  if (urn != NULL &&
      vt_sql_int (ctx, 0, "SELECT count (*) FROM strip s JOIN urn u ON u.id = s.urn "
                          "WHERE s.number = ?1 AND s.status = 'applied' "
                          "AND u.status IN ('sealed', 'full')", "i", strip) > 0)
    return TRUE;

  if (urn != NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "outdoor.mobile-urn-not-sealed",
                           _("Mobile urn %s is no longer sealed in the register: its seal was "
                             "broken, or it was opened. Log the outdoor vote back before a seal "
                             "is broken; if the urn came back with its seal broken, tell the "
                             "election office and write what happened in the log."), urn);

  sealed = vt_sql_string (ctx, "SELECT group_concat (s.urn || ' ' || s.number, ', ') "
                               "FROM strip s JOIN urn u ON u.id = s.urn "
                               "WHERE s.status = 'applied' AND u.kind = 'mobile' "
                               "AND u.status IN ('sealed', 'full')", NULL);
  if (sealed == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "outdoor.mobile-urn-not-sealed",
                           _("Strip %" PRId64 " is not the seal of a mobile urn, and no mobile "
                             "urn is sealed in the register. Read the number on the seal "
                             "again; if the urn came back without its seal, tell the election "
                             "office and write what happened in the log."), strip);
  /* Translators: the second %s lists mobile urns and their strips: "M1 1002" */
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "outdoor.wrong-strip",
                         _("Strip %" PRId64 " is not the seal of a mobile urn: the register has "
                           "%s. Read the number on the seal again. If it really is another "
                           "number, the seal was changed while the urn was out: tell the "
                           "election office and write what happened in the log."),
                         strip, sealed);
}

/* outdoor.end; and outdoor.out, which older journals have and which is no longer given. */
VT_RULE_CHECK (vt_check_outdoor_step)
{
  gint64 vote = vt_payload_int (ctx, "vote", 0);
  g_autofree char *status = vt_sql_string (ctx, "SELECT status FROM outdoor_vote WHERE seq = ?1",
                                           "i", vote);
  g_autofree char *kind = NULL;

  if (status == NULL)
    {
      kind = vt_sql_string (ctx, "SELECT kind FROM journal WHERE seq = ?1", "i", vote);
      if (g_strcmp0 (kind, VT_KIND_OUTDOOR_START) == 0)
        return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "outdoor.no-such-vote",
                               _("The outdoor vote of entry %" PRId64 " was annulled. Give the "
                                 "entry that started this outdoor vote."), vote);
      return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "outdoor.no-such-vote",
                             _("Entry %" PRId64 " did not start an outdoor vote. Give the entry "
                               "that started it (“Outdoor vote started”)."), vote);
    }

  if (g_str_equal (status, "done"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "outdoor.already-done",
                           _("Outdoor vote %" PRId64 " is already back."), vote);

  if (g_str_equal (ctx->kind, VT_KIND_OUTDOOR_END))
    return check_mobile_urn_back (ctx, error);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_outdoor_step)
{
  gint64 vote = vt_payload_int (ctx, "vote", 0);

  if (g_str_equal (ctx->kind, VT_KIND_OUTDOOR_OUT))
    return vt_sql_exec (ctx, error,
                        "UPDATE outdoor_vote SET status = 'out', out_seq = ?2 "
                        "WHERE seq = ?1 AND status = 'started'",
                        "ii", vote, ctx->seq);

  /* The journal says it is back: so it is, whether or not an older journal said in between
   * that the equipment went out. */
  return vt_sql_exec (ctx, error,
                      "UPDATE outdoor_vote SET status = 'done', end_seq = ?2 "
                      "WHERE seq = ?1 AND status != 'done'",
                      "ii", vote, ctx->seq);
}

static char *
summarise_outdoor (const char *kind,
                   VtConfig   *config,
                   JsonObject *payload)
{
  gint64 vote = json_object_get_int_member_with_default (payload, "vote", 0);

  if (json_object_has_member (payload, "worker"))
    {
      const char *worker = vt_rules_person_name (
        config, json_object_get_string_member_with_default (payload, "worker", ""));
      const char *second = vt_rules_person_name (
        config, json_object_get_string_member_with_default (payload, "second_worker", ""));
      const char *table = json_object_get_string_member_with_default (payload, "table", NULL);
      gint64 page = json_object_get_int_member_with_default (payload, "page", 0);
      gint64 line = json_object_get_int_member_with_default (payload, "line", 0);

      if (table != NULL && page >= 1 && line >= 1)
        /* Translators: "Outdoor vote: Liv Øvingstad and Anders Eksempelsen went out; the voter
         * is at table 2, page 14, line 7" */
        return g_strdup_printf (_("Outdoor vote: %s and %s went out; the voter is at table %s, "
                                  "page %" PRId64 ", line %" PRId64), worker, second, table,
                                page, line);
      if (table != NULL)
        /* Translators: "Outdoor vote: Liv Øvingstad and Anders Eksempelsen went out; the voter
         * is at table 2" (an electronic roll, without pages) */
        return g_strdup_printf (_("Outdoor vote: %s and %s went out; the voter is at table %s"),
                                worker, second, table);
      /* Translators: "Outdoor vote: Liv Øvingstad and Anders Eksempelsen went out" */
      return g_strdup_printf (_("Outdoor vote: %s and %s went out"), worker, second);
    }
  if (json_object_has_member (payload, "strip"))
    /* Translators: "Outdoor vote 42 back; the mobile urn is sealed, strip 1002"; 42 is the
     * entry that started it */
    return g_strdup_printf (_("Outdoor vote %" PRId64 " back; the mobile urn is sealed, "
                              "strip %" PRId64), vote,
                            json_object_get_int_member_with_default (payload, "strip", 0));
  if (g_strcmp0 (kind, VT_KIND_OUTDOOR_OUT) == 0)
    /* Translators: "Outdoor vote 42: equipment out"; 42 is the entry that started it */
    return g_strdup_printf (_("Outdoor vote %" PRId64 ": equipment out"), vote);
  if (g_strcmp0 (kind, VT_KIND_OUTDOOR_END) == 0)
    /* Translators: "Outdoor vote 42: equipment back"; 42 is the entry that started it */
    return g_strdup_printf (_("Outdoor vote %" PRId64 ": equipment back"), vote);
  /* Translators: "Outdoor vote 42"; 42 is the entry that started it */
  return g_strdup_printf (_("Outdoor vote %" PRId64), vote);
}

VT_RULE_SUMMARY (vt_summary_outdoor)
{
  return summarise_outdoor (kind->id, config, payload);
}

/* ---- special envelopes ------------------------------------------------------------------ */

static gboolean
electronic_roll_down (VtRuleContext *ctx)
{
  g_autofree char *state = vt_sql_string (ctx, "SELECT state FROM incident_state "
                                               "WHERE kind = 'electronic-roll'", NULL);
  return g_strcmp0 (state, "down") == 0;
}

static gboolean
has_emergency_reason (VtConfig *config)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (config);

  for (guint i = 0; i < reasons->len; i++)
    if (((VtEnvelopeReason *)g_ptr_array_index (reasons, i))->field == VT_FIELD_EMERGENCY)
      return TRUE;
  return FALSE;
}

VT_RULE_CHECK (vt_check_envelope)
{
  const VtEnvelopeReason *reason =
    vt_config_find_envelope_reason (ctx->config, vt_payload_string (ctx, "reason"));
  gboolean down = electronic_roll_down (ctx);

  if (reason == NULL)
    return TRUE; /* the field's validation already refused it */

  if (reason->field == VT_FIELD_EMERGENCY && !down)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "envelope.roll-not-down",
                           _("The emergency envelope is only for while the electronic roll is "
                             "down, and it is not logged as down. If it is down now, log that "
                             "first; otherwise use the reason that fits the voter."));

  /* With the roll down nobody can see whether a voter is in it or already marked: every
   * voter votes in an emergency envelope. */
  if (reason->field != VT_FIELD_EMERGENCY && down && has_emergency_reason (ctx->config))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "envelope.roll-down",
                           _("The electronic roll is down, so every voter votes in an emergency "
                             "envelope. Log an emergency envelope, or log first that the roll "
                             "works again."));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_envelope)
{
  return vt_sql_exec (ctx, error,
                      "INSERT INTO envelope_count (reason, n) VALUES (?1, 1) "
                      "ON CONFLICT (reason) DO UPDATE SET n = n + 1",
                      "s", vt_payload_string (ctx, "reason"));
}

VT_RULE_SUMMARY (vt_summary_envelope)
{
  const char *id = json_object_get_string_member_with_default (payload, "reason", "");
  const VtEnvelopeReason *reason = vt_config_find_envelope_reason (config, id);

  /* Translators: "Special envelope: Ikke i kommunens manntall" (a label from the configuration) */
  return g_strdup_printf (_("Special envelope: %s"), reason != NULL ? reason->label : id);
}

gint64
vt_voting_live_envelopes (VtRuleContext *ctx,
                          const char    *reason)
{
  if (reason == NULL)
    return vt_sql_int (ctx, 0, "SELECT sum (n) FROM envelope_count", NULL);
  return vt_sql_int (ctx, 0, "SELECT n FROM envelope_count WHERE reason = ?1", "s", reason);
}

/* ---- incidents -------------------------------------------------------------------------- */

/* The incidents that are a state: something stops, and later works again. */
typedef struct
{
  const char *kind;  /* the entry kind */
  const char *key;   /* incident_state.kind */
  const char *stop;  /* the state that starts the incident */
} StateIncident;

static const StateIncident state_incidents[] = {
  { VT_KIND_INCIDENT_POWER, "power", "out" },
  { VT_KIND_INCIDENT_FIRE_ALARM, "fire-alarm", "evacuated" },
  { VT_KIND_INCIDENT_PHONE, "phone", "down" },
  { VT_KIND_INCIDENT_ELECTRONIC_ROLL, "electronic-roll", "down" },
};

static const StateIncident *
find_state_incident (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_incidents); i++)
    if (g_str_equal (state_incidents[i].kind, kind))
      return &state_incidents[i];
  return NULL;
}

/* Stopping what is already stopped. Separate literal messages, so translators see each. */
static gboolean
refuse_already_stopped (const char *key,
                        gint64      since,
                        GError    **error)
{
  if (g_str_equal (key, "power"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.power-already-out",
                           _("The power cut is already logged (entry %" PRId64 "). When the "
                             "power comes back, log that instead."), since);
  if (g_str_equal (key, "fire-alarm"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.fire-alarm-already-evacuated",
                           _("The evacuation is already logged (entry %" PRId64 "). When voting "
                             "resumes, log that instead."), since);
  if (g_str_equal (key, "phone"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.phone-already-down",
                           _("The phone is already logged as down (entry %" PRId64 "). When it "
                             "works again, log that instead."), since);
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.electronic-roll-already-down",
                         _("The electronic roll is already logged as down (entry %" PRId64 "). "
                           "When it works again, log that instead."), since);
}

/* Ending what was never logged as stopped. */
static gboolean
refuse_not_stopped (const char *key,
                    GError    **error)
{
  if (g_str_equal (key, "power"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.power-not-out",
                           _("The power is not logged as out, so it cannot come back. Log the "
                             "power cut first, if there was one."));
  if (g_str_equal (key, "fire-alarm"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.fire-alarm-not-evacuated",
                           _("The station is not logged as evacuated, so voting cannot resume. "
                             "Log the evacuation first, if there was one."));
  if (g_str_equal (key, "phone"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.phone-not-down",
                           _("The phone is not logged as down, so it cannot work again. Log "
                             "that it went down first, if it did."));
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.electronic-roll-not-down",
                         _("The electronic roll is not logged as down, so it cannot work again. "
                           "Log that it went down first, if it did."));
}

static gboolean
check_state_incident (VtRuleContext       *ctx,
                      const StateIncident *incident,
                      GError             **error)
{
  g_autofree char *current = vt_sql_string (ctx, "SELECT state FROM incident_state "
                                                 "WHERE kind = ?1", "s", incident->key);
  gboolean stopped = g_strcmp0 (current, incident->stop) == 0;
  gboolean stopping = g_str_equal (vt_payload_string (ctx, "state"), incident->stop);

  if (g_str_equal (incident->key, "electronic-roll") &&
      !vt_config_get_electronic_roll (ctx->config))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.no-electronic-roll",
                           _("This station uses a paper roll, not an electronic one. Log what "
                             "happened as a log entry instead."));

  if (stopping && stopped)
    return refuse_already_stopped (incident->key,
                                   vt_sql_int (ctx, 0, "SELECT seq FROM incident_state "
                                                       "WHERE kind = ?1", "s", incident->key),
                                   error);
  if (!stopping && !stopped)
    return refuse_not_stopped (incident->key, error);
  return TRUE;
}

static gboolean
check_wrong_mark (VtRuleContext *ctx,
                  GError       **error)
{
  const char *table = vt_payload_string (ctx, "table");
  gint64 page = vt_payload_int (ctx, "page", 0);
  gint64 line = vt_payload_int (ctx, "line", 0);
  gint64 earlier;

  /* A paper roll has numbered pages and lines; an electronic roll may have neither. */
  if ((page < 1 || line < 1) && !vt_config_get_electronic_roll (ctx->config))
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "incident.wrong-mark-position",
                           _("Give the page and the line of the wrong mark as they are printed "
                             "in the roll; both start at 1."));

  if (page < 1 || line < 1)
    return TRUE;
  earlier = vt_sql_int (ctx, 0, "SELECT seq FROM wrong_mark WHERE table_id = ?1 AND page = ?2 "
                                "AND line = ?3 AND resolved_seq IS NULL",
                        "sii", table, page, line);
  if (earlier > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.wrong-mark-twice",
                           _("The wrong mark at table %s, page %" PRId64 ", line %" PRId64 " is "
                             "already logged (entry %" PRId64 ")."), table, page, line, earlier);
  return TRUE;
}

static gboolean
check_wrong_mark_resolved (VtRuleContext *ctx,
                           GError       **error)
{
  gint64 entry = vt_payload_int (ctx, "entry", 0);
  gint64 resolved;

  if (vt_sql_int (ctx, 0, "SELECT count (*) FROM wrong_mark WHERE seq = ?1", "i", entry) == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "incident.not-a-wrong-mark",
                           _("Entry %" PRId64 " did not log a wrong voter marked. Give the entry "
                             "that did (“Wrong voter marked”)."), entry);

  resolved = vt_sql_int (ctx, 0, "SELECT resolved_seq FROM wrong_mark WHERE seq = ?1", "i",
                         entry);
  if (resolved > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "incident.wrong-mark-already-resolved",
                           _("The wrong mark of entry %" PRId64 " is already resolved (entry "
                             "%" PRId64 ")."), entry, resolved);
  return TRUE;
}

VT_RULE_CHECK (vt_check_incident)
{
  const StateIncident *incident = find_state_incident (ctx->kind);

  if (incident != NULL)
    return check_state_incident (ctx, incident, error);
  if (g_str_equal (ctx->kind, VT_KIND_INCIDENT_WRONG_MARK))
    return check_wrong_mark (ctx, error);
  if (g_str_equal (ctx->kind, VT_KIND_INCIDENT_WRONG_MARK_RESOLVED))
    return check_wrong_mark_resolved (ctx, error);
  if (g_str_equal (ctx->kind, VT_KIND_INCIDENT_TURNOUT))
    {
      JsonObject *counts = json_object_get_object_member (ctx->payload, "counts");
      if (json_object_get_size (counts) == 0)
        return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "incident.turnout-empty",
                               _("Give the marks so far for at least one table."));
    }
  /* Disturbance, press, assistance, missing material and unstamped ballots need nothing
   * beyond their fields. */
  return TRUE;
}

static gboolean
apply_turnout (VtRuleContext *ctx,
               GError       **error)
{
  JsonObject *counts = json_object_get_object_member (ctx->payload, "counts");
  g_autoptr(GList) tables = json_object_get_members (counts);

  for (GList *l = tables; l != NULL; l = l->next)
    if (!vt_sql_exec (ctx, error,
                      "INSERT OR REPLACE INTO turnout (seq, table_id, n) VALUES (?1, ?2, ?3)",
                      "isi", ctx->seq, (const char *)l->data,
                      json_object_get_int_member (counts, l->data)))
      return FALSE;
  return TRUE;
}

VT_RULE_APPLY (vt_apply_incident)
{
  const StateIncident *incident = find_state_incident (ctx->kind);

  if (incident != NULL)
    return vt_sql_exec (ctx, error,
                        "INSERT INTO incident_state (kind, state, seq) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (kind) DO UPDATE SET state = excluded.state, "
                        "seq = excluded.seq",
                        "ssi", incident->key, vt_payload_string (ctx, "state"), ctx->seq);

  if (g_str_equal (ctx->kind, VT_KIND_INCIDENT_WRONG_MARK))
    return vt_sql_exec (ctx, error,
                        "INSERT OR REPLACE INTO wrong_mark (seq, table_id, page, line) "
                        "VALUES (?1, ?2, ?3, ?4)",
                        "isii", ctx->seq, vt_payload_string (ctx, "table"),
                        vt_payload_int (ctx, "page", 0), vt_payload_int (ctx, "line", 0));

  if (g_str_equal (ctx->kind, VT_KIND_INCIDENT_WRONG_MARK_RESOLVED))
    return vt_sql_exec (ctx, error,
                        "UPDATE wrong_mark SET resolved_seq = ?2 "
                        "WHERE seq = ?1 AND resolved_seq IS NULL",
                        "ii", vt_payload_int (ctx, "entry", 0), ctx->seq);

  if (g_str_equal (ctx->kind, VT_KIND_INCIDENT_UNSTAMPED))
    return vt_sql_exec (ctx, error,
                        "INSERT OR REPLACE INTO unstamped (seq, table_id) VALUES (?1, ?2)",
                        "is", ctx->seq, vt_payload_string (ctx, "table"));

  if (g_str_equal (ctx->kind, VT_KIND_INCIDENT_TURNOUT))
    return apply_turnout (ctx, error);

  return TRUE;
}

static char *
summarise_turnout (VtConfig   *config,
                   JsonObject *payload)
{
  JsonObject *counts = json_object_get_object_member (payload, "counts");
  GPtrArray *tables = vt_config_get_tables (config);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  gint64 total = 0;

  if (counts == NULL)
    return g_strdup (_("Turnout"));

  /* In the configuration's order of tables, then any the configuration no longer has. */
  for (guint i = 0; i < tables->len; i++)
    {
      const char *id = ((VtRollTable *)g_ptr_array_index (tables, i))->id;
      gint64 n;

      if (!json_object_has_member (counts, id))
        continue;
      n = json_object_get_int_member (counts, id);
      total += n;
      if (list->len > 0)
        g_string_append (list, ", ");
      /* Translators: one table's roll marks in a turnout report: "table 1 312" */
      g_string_append_printf (list, _("table %s %" PRId64), id, n);
    }
  members = json_object_get_members (counts);
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;
      gint64 n = json_object_get_int_member (counts, l->data);

      for (guint i = 0; i < tables->len && !known; i++)
        known = g_str_equal (((VtRollTable *)g_ptr_array_index (tables, i))->id, l->data);
      if (known)
        continue;
      total += n;
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append_printf (list, _("table %s %" PRId64), (const char *)l->data, n);
    }

  /* Translators: "Turnout: table 1 312, table 2 298, table 3 305 (915 in all)" */
  return g_strdup_printf (_("Turnout: %s (%" PRId64 " in all)"), list->str, total);
}

/* The summary of an incident by its kind. Until a summary is told its entry's kind, NULL
 * for phone and electronic roll (both down|up) and for press and missing material (both a
 * note) gives a line that is true of both; the log shows the kind beside it. */
static char *
summarise_incident (const char *kind,
                    VtConfig   *config,
                    JsonObject *payload)
{
  const char *state = json_object_get_string_member_with_default (payload, "state", NULL);
  const char *note = json_object_get_string_member_with_default (payload, "note", "");
  char *text;

  if (json_object_has_member (payload, "counts"))
    return with_note (summarise_turnout (config, payload), payload);

  if (json_object_has_member (payload, "page") &&
      (json_object_get_int_member_with_default (payload, "page", 0) < 1 ||
       json_object_get_int_member_with_default (payload, "line", 0) < 1))
    /* Translators: "Wrong voter marked at table 2" (an electronic roll, without pages) */
    text = g_strdup_printf (_("Wrong voter marked at table %s"),
                            json_object_get_string_member_with_default (payload, "table", ""));
  else if (json_object_has_member (payload, "page"))
    /* Translators: "Wrong voter marked at table 2, page 14, line 7" */
    text = g_strdup_printf (_("Wrong voter marked at table %s, page %" PRId64 ", line %" PRId64),
                            json_object_get_string_member_with_default (payload, "table", ""),
                            json_object_get_int_member_with_default (payload, "page", 0),
                            json_object_get_int_member_with_default (payload, "line", 0));
  else if (json_object_has_member (payload, "entry"))
    /* Translators: "The wrongly marked voter of entry 12 came; “Feil” struck out" */
    text = g_strdup_printf (_("The wrongly marked voter of entry %" PRId64 " came; “Feil” "
                              "struck out"),
                            json_object_get_int_member_with_default (payload, "entry", 0));
  else if (json_object_has_member (payload, "table"))
    /* Translators: "Unstamped ballot in the urn of table 2" */
    text = g_strdup_printf (_("Unstamped ballot in the urn of table %s"),
                            json_object_get_string_member_with_default (payload, "table", ""));
  else if (json_object_has_member (payload, "removed"))
    return g_strdup_printf (json_object_get_boolean_member_with_default (payload, "removed",
                                                                         FALSE)
                              /* Translators: a disturbance, and what happened */
                              ? _("Disturbance; the person was removed: %s")
                              /* Translators: a disturbance, and what happened */
                              : _("Disturbance: %s"),
                            note);
  else if (json_object_has_member (payload, "own_helper"))
    text = g_strdup (json_object_get_boolean_member_with_default (payload, "own_helper", FALSE)
                       ? _("Assistance in the booth by the voter's own helper")
                       : _("Assistance in the booth by an election worker"));
  else if (g_strcmp0 (state, "out") == 0)
    text = g_strdup (_("Power cut"));
  else if (g_strcmp0 (state, "back") == 0)
    text = g_strdup (_("Power back"));
  else if (g_strcmp0 (state, "evacuated") == 0)
    text = g_strdup (_("Fire alarm: the station is evacuated"));
  else if (g_strcmp0 (state, "resumed") == 0)
    text = g_strdup (_("Fire alarm over: voting resumed"));
  else if (state != NULL && g_strcmp0 (kind, VT_KIND_INCIDENT_PHONE) == 0)
    text = g_strdup (g_str_equal (state, "down") ? _("Phone down") : _("Phone works again"));
  else if (state != NULL && g_strcmp0 (kind, VT_KIND_INCIDENT_ELECTRONIC_ROLL) == 0)
    text = g_strdup (g_str_equal (state, "down") ? _("Electronic roll down")
                                                 : _("Electronic roll works again"));
  else if (state != NULL)
    /* Translators: the phone or the electronic roll; the log shows which beside it */
    text = g_strdup (g_str_equal (state, "down") ? C_("phone or roll", "Down")
                                                 : C_("phone or roll", "Works again"));
  else if (g_strcmp0 (kind, VT_KIND_INCIDENT_PRESS) == 0)
    /* Translators: the press contacted the station, and what happened */
    return g_strdup_printf (_("Press: %s"), note);
  else if (g_strcmp0 (kind, VT_KIND_INCIDENT_MISSING_MATERIAL) == 0)
    /* Translators: material is missing, and what */
    return g_strdup_printf (_("Missing material: %s"), note);
  else
    return g_strdup (note);

  return with_note (text, payload);
}

VT_RULE_SUMMARY (vt_summary_incident)
{
  return summarise_incident (kind->id, config, payload);
}

/* ---- reconciliation and checks ---------------------------------------------------------- */

void
vt_voting_explaining_entries (VtRuleContext *ctx,
                              GArray        *seqs)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (ctx->db,
                          "SELECT seq FROM unstamped "
                          "UNION SELECT seq FROM wrong_mark WHERE resolved_seq IS NULL "
                          "UNION SELECT seq FROM outdoor_vote WHERE status = 'done' "
                          "ORDER BY 1", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Cannot list the entries that explain a difference: %s",
                  sqlite3_errmsg (ctx->db));
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (seqs, seq);
    }
  sqlite3_finalize (stmt);
}

void
vt_checks_voting (VtRuleContext *ctx,
                  GPtrArray     *findings)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (ctx->db,
                          "SELECT seq, worker, second_worker FROM outdoor_vote "
                          "WHERE status != 'done' ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Cannot check the outdoor votes: %s", sqlite3_errmsg (ctx->db));
      return;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *worker = (const char *)sqlite3_column_text (stmt, 1);
      const char *second = (const char *)sqlite3_column_text (stmt, 2);
      g_autofree char *subject = g_strdup_printf ("%" PRId64, seq);
      g_autofree char *since = entry_time (ctx, seq);

      g_ptr_array_add (findings,
                       vt_finding_new (VT_CHECK_K201, subject,
                                       /* Translators: entry, two workers, start (14:05) */
                                       _("Outdoor vote %" PRId64 ": %s and %s are not back "
                                         "yet; they went out at %s."), seq,
                                       vt_rules_person_name (ctx->config, worker),
                                       vt_rules_person_name (ctx->config, second), since));
    }
  sqlite3_finalize (stmt);
}
