/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules-closing"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>
#include <stdarg.h>

#include <string.h>

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-kind-ids.h"
#include "vt-role.h"
#include "vt-rules-private.h"

/* After the doors close: the closing steps, the roll marks per table and day, the special
 * envelopes counted against the day's log, and shipment 1; and the tables of the count that
 * follows, whose rules are in vt-rules-count.c. Every count is kept with its control count,
 * so that a correction that makes them disagree shows up as a finding instead of slipping
 * through: corrections are checked field by field only, not by these rules. */

const VtRuleModule vt_rules_closing_module = {
  "closing",
  "CREATE TABLE closing_step ("
  "  step TEXT PRIMARY KEY NOT NULL,"   /* the entry kind */
  "  seq INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE roll_marks ("
  "  table_id TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"             /* 1-based, as in the entry */
  "  n INTEGER NOT NULL,"
  "  control INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  PRIMARY KEY (table_id, day)"
  ") STRICT;"
  "CREATE TABLE envelopes_counted ("
  "  reason TEXT PRIMARY KEY NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  control INTEGER NOT NULL,"
  "  live INTEGER NOT NULL,"            /* the envelopes logged, when they were counted */
  "  explanation TEXT,"
  "  seq INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE shipment ("
  "  id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),"
  "  rolls INTEGER,"
  "  stamps INTEGER,"
  "  envelopes INTEGER,"
  "  packed_seq INTEGER,"
  "  handed_to TEXT,"
  "  handed_seq INTEGER"
  ") STRICT;"
  "CREATE TABLE pile ("
  "  contest TEXT NOT NULL,"
  "  pile TEXT NOT NULL,"               /* a party list id, approved, blank or doubtful */
  "  n INTEGER NOT NULL,"
  "  control INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  PRIMARY KEY (contest, pile)"
  ") STRICT;"
  "CREATE TABLE explanation ("
  "  code TEXT NOT NULL,"               /* K302 or K402 */
  "  subject TEXT NOT NULL,"            /* a reason id or a contest id */
  "  text TEXT NOT NULL,"
  "  entries TEXT NOT NULL,"            /* a JSON array of entry numbers */
  "  seq INTEGER NOT NULL,"
  "  PRIMARY KEY (code, subject)"
  ") STRICT;"
  "CREATE TABLE results ("
  "  id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),"
  "  phoned_to TEXT NOT NULL,"
  "  seq INTEGER NOT NULL"
  ") STRICT;",
  "DELETE FROM closing_step; DELETE FROM roll_marks; DELETE FROM envelopes_counted; "
  "DELETE FROM shipment; DELETE FROM pile; DELETE FROM explanation; DELETE FROM results;",
};

/* The steps that must be done before an urn is opened (K303), in the order of the day. */
static const char * const steps_before_count[] = {
  VT_KIND_CLOSING_UNUSED_BALLOTS_REMOVED,
  VT_KIND_CLOSING_STAMPS_HANDED_IN,
  VT_KIND_SHIPMENT_HANDED_OVER,
};

/* ---- the configuration ------------------------------------------------------------------ */

const char *
vt_closing_contest_name (VtConfig   *config,
                         const char *id)
{
  const VtContest *contest = vt_config_find_contest (config, id);
  return contest != NULL ? contest->name : id;
}

const char *
vt_closing_reason_label (VtConfig   *config,
                         const char *id)
{
  const VtEnvelopeReason *reason = vt_config_find_envelope_reason (config, id);
  return reason != NULL ? reason->label : id;
}

gboolean
vt_closing_is_total_pile (const char *pile)
{
  return g_strcmp0 (pile, "approved") == 0 || g_strcmp0 (pile, "blank") == 0 ||
         g_strcmp0 (pile, "doubtful") == 0;
}

/* A pile as the chair calls it: the party list's name, or the kind of ballots. */
const char *
vt_closing_pile_label (const VtContest *contest,
                       const char      *pile)
{
  if (g_strcmp0 (pile, "approved") == 0)
    return _("approved ballots");
  if (g_strcmp0 (pile, "blank") == 0)
    return _("blank ballots");
  if (g_strcmp0 (pile, "doubtful") == 0)
    return _("doubtful ballots");

  for (guint i = 0; contest != NULL && i < contest->lists->len; i++)
    {
      VtPartyList *list = g_ptr_array_index (contest->lists, i);
      if (g_strcmp0 (list->id, pile) == 0)
        return list->name;
    }
  return pile;
}

/* ---- shared rules ----------------------------------------------------------------------- */

gboolean
vt_closing_phase_is_after_voting (VtPhase phase)
{
  return phase == VT_PHASE_CLOSING || phase == VT_PHASE_COUNTING || phase == VT_PHASE_PROTOCOL;
}

/* A day's marks can be counted once its doors have closed: between two days, the days closed
 * for the night so far; after the last closing, every day. */
gboolean
vt_closing_day_is_over (VtRuleContext *ctx,
                        gint64         day)
{
  if (vt_closing_phase_is_after_voting (vt_rules_get_phase (ctx)))
    return TRUE;
  return day <= vt_sql_int (ctx, 0, "SELECT count (*) FROM door_event WHERE action = 'night'",
                            NULL);
}

static gint64
last_change_k302 (VtRuleContext *ctx,
                  const char    *reason)
{
  return MAX (vt_sql_int (ctx, 0, "SELECT seq FROM envelopes_counted WHERE reason = ?1", "s",
                          reason),
              vt_sql_int (ctx, 0,
                          "SELECT max (c.seq) FROM correction c JOIN journal j ON j.seq = c.target "
                          "WHERE j.kind IN ('envelope', 'envelopes.counted', "
                          "'envelopes.count', 'envelopes.control') "
                          "AND (json_extract (j.payload, '$.reason') = ?1 "
                          "OR json_extract (c.changes, '$.reason') = ?1)",
                          "s", reason));
}

/* The board's explanation of a finding, if it was given after the numbers last changed. */
char *
vt_closing_dup_explanation (VtRuleContext *ctx,
                            const char    *code,
                            const char    *subject,
                            gint64         last_change)
{
  return vt_sql_string (ctx, "SELECT text FROM explanation "
                             "WHERE code = ?1 AND subject = ?2 AND seq > ?3",
                        "ssi", code, subject, last_change);
}

/* ---- the numbered checks ---------------------------------------------------------------- */

static void
check_steps (VtRuleContext *ctx,
             GPtrArray     *findings)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps_before_count); i++)
    {
      const char *step = steps_before_count[i];
      gboolean done;

      if (g_str_equal (step, VT_KIND_SHIPMENT_HANDED_OVER))
        done = vt_sql_int (ctx, 0, "SELECT handed_seq FROM shipment WHERE id = 1", NULL) > 0;
      else
        done = vt_sql_int (ctx, 0, "SELECT seq FROM closing_step WHERE step = ?1", "s",
                           step) > 0;
      if (!done)
        /* Translators: %s is a step such as "Stamps handed in" */
        g_ptr_array_add (findings, vt_finding_new (VT_CHECK_K303, step, _("Not done yet: %s"),
                                                   vt_rules_kind_name (step)));
    }
}

static void
check_roll_marks (VtRuleContext *ctx,
                  GPtrArray     *findings)
{
  GPtrArray *tables = vt_config_get_tables (ctx->config);
  guint n_days = vt_config_get_days (ctx->config)->len;

  for (guint day = 1; day <= n_days; day++)
    {
      if (!vt_closing_day_is_over (ctx, day))
        continue;
      for (guint i = 0; i < tables->len; i++)
        {
          VtRollTable *table = g_ptr_array_index (tables, i);
          g_autofree char *subject = g_strdup_printf ("%s/%u", table->id, day);
          gint64 n = vt_sql_int (ctx, -1, "SELECT n FROM roll_marks "
                                          "WHERE table_id = ?1 AND day = ?2",
                                 "si", table->id, (gint64)day);
          gint64 control = vt_sql_int (ctx, -1, "SELECT control FROM roll_marks "
                                                "WHERE table_id = ?1 AND day = ?2",
                                       "si", table->id, (gint64)day);

          if (n < 0)
            g_ptr_array_add (findings,
                             vt_finding_new (VT_CHECK_K301, subject,
                                             _("Table %s, day %u: the roll marks are not "
                                               "counted yet"), table->id, day));
          /* The first count is not shown while the control count is awaited. */
          else if (control < 0)
            g_ptr_array_add (findings,
                             vt_finding_new (VT_CHECK_K301, subject,
                                             _("Table %s, day %u: the roll marks are counted, "
                                               "awaiting the control count by a second board "
                                               "member"), table->id, day));
          else if (n != control)
            g_ptr_array_add (findings,
                             vt_finding_new (VT_CHECK_K301, subject,
                                             _("Table %s, day %u: the count (%" PRId64 ") and "
                                               "the control count (%" PRId64 ") differ: count "
                                               "the marks again"),
                                             table->id, day, n, control));
        }
    }
}

static void
check_envelopes (VtRuleContext *ctx,
                 GPtrArray     *findings)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (ctx->config);

  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gint64 counted = vt_sql_int (ctx, -1, "SELECT n FROM envelopes_counted WHERE reason = ?1",
                                   "s", reason->id);
      gint64 control = vt_sql_int (ctx, -1, "SELECT control FROM envelopes_counted "
                                            "WHERE reason = ?1", "s", reason->id);
      gint64 live = vt_sql_int (ctx, 0, "SELECT n FROM envelope_count WHERE reason = ?1", "s",
                                reason->id);
      VtFinding *finding;

      /* Until the two counts agree there is no count to hold against the day's log, and no
       * explanation answers that: the envelopes are counted again. */
      if (counted >= 0 && control < 0)
        {
          g_ptr_array_add (findings,
                           vt_finding_new (VT_CHECK_K302, reason->id,
                                           /* Translators: %s is a special-envelope reason */
                                           _("%s: counted, awaiting the control count by a "
                                             "second board member"), reason->label));
          continue;
        }
      if (counted >= 0 && control != counted)
        {
          g_ptr_array_add (findings,
                           vt_finding_new (VT_CHECK_K302, reason->id,
                                           /* Translators: %s is a special-envelope reason */
                                           _("%s: the count (%" PRId64 ") and the control count "
                                             "(%" PRId64 ") differ: count the envelopes again"),
                                           reason->label, counted, control));
          continue;
        }
      if (counted < 0 || counted == live)
        continue;

      finding = vt_finding_new (VT_CHECK_K302, reason->id,
                                /* Translators: "Ikke i kommunens manntall: 5 counted, 4 logged
                                 * during the day" */
                                _("%s: %" PRId64 " counted, %" PRId64 " logged during the day"),
                                reason->label, counted, live);
      finding->explanation = vt_closing_dup_explanation (ctx, VT_CHECK_K302, reason->id,
                                              last_change_k302 (ctx, reason->id));
      /* The explanation given with the count holds until an envelope logged during the day
       * is corrected after it. */
      if (finding->explanation == NULL &&
          vt_sql_int (ctx, 0,
                      "SELECT count (*) FROM correction c JOIN journal j ON j.seq = c.target "
                      "WHERE j.kind = 'envelope' AND (json_extract (j.payload, '$.reason') = ?1 "
                      "OR json_extract (c.changes, '$.reason') = ?1) "
                      "AND c.seq > (SELECT seq FROM envelopes_counted WHERE reason = ?1)",
                      "s", reason->id) == 0)
        finding->explanation = vt_sql_string (ctx, "SELECT explanation FROM envelopes_counted "
                                                   "WHERE reason = ?1", "s", reason->id);
      g_ptr_array_add (findings, finding);
    }
}

/* Every module's findings, in the order of the day. */
void
vt_checks_all (VtRuleContext *ctx,
               GPtrArray     *findings)
{
  /* The numbered checks are a polling station's; an organisation's meeting has none yet. */
  if (vt_config_is_organisation (ctx->config))
    return;
  vt_checks_people (ctx, findings);
  vt_checks_seals (ctx, findings);
  vt_checks_voting (ctx, findings);
  vt_checks_closing (ctx, findings);
}

void
vt_checks_closing (VtRuleContext *ctx,
                   GPtrArray     *findings)
{
  VtPhase phase = vt_rules_get_phase (ctx);

  if (!vt_closing_phase_is_after_voting (phase))
    return;

  check_steps (ctx, findings);
  check_roll_marks (ctx, findings);
  check_envelopes (ctx, findings);
  if (phase == VT_PHASE_COUNTING || phase == VT_PHASE_PROTOCOL)
    vt_checks_count (ctx, findings);
}

/* ---- closing steps ---------------------------------------------------------------------- */

gboolean
vt_rules_queue_still_voting (VtRuleContext *ctx)
{
  return vt_rules_get_phase (ctx) == VT_PHASE_CLOSING &&
         vt_sql_int (ctx, 0, "SELECT queue FROM door_event WHERE action = 'close' "
                             "ORDER BY seq DESC LIMIT 1", NULL) > 0 &&
         vt_sql_int (ctx, 0, "SELECT seq FROM closing_step WHERE step = ?1", "s",
                     VT_KIND_CLOSING_LAST_VOTER) == 0;
}

VT_RULE_CHECK (vt_check_closing_step)
{
  gint64 done = vt_sql_int (ctx, 0, "SELECT seq FROM closing_step WHERE step = ?1", "s",
                            ctx->kind);
  gint64 queue;

  if (done > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "closing.step-done",
                           /* Translators: %s is a closing step, such as "Stamps handed in" */
                           _("“%s” is already recorded, in entry %" PRId64 "."),
                           vt_rules_kind_name (ctx->kind), done);

  /* Those in the queue at closing time still vote: they need ballots and the stamps. */
  if (g_str_equal (ctx->kind, VT_KIND_CLOSING_LAST_VOTER))
    return TRUE;
  queue = vt_sql_int (ctx, 0, "SELECT queue FROM door_event WHERE action = 'close' "
                              "ORDER BY seq DESC LIMIT 1", NULL);
  if (queue > 0 && vt_sql_int (ctx, 0, "SELECT seq FROM closing_step WHERE step = ?1", "s",
                               VT_KIND_CLOSING_LAST_VOTER) == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "closing.queue-still-voting",
                           /* Translators: %s is a closing step, such as "Stamps handed in" */
                           ngettext ("%" PRId64 " person was in the queue when the doors "
                                     "closed: record that the last voter is done before “%s”.",
                                     "%" PRId64 " people were in the queue when the doors "
                                     "closed: record that the last voter is done before “%s”.",
                                     (gulong)queue),
                           queue, vt_rules_kind_name (ctx->kind));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_closing_step)
{
  return vt_sql_exec (ctx, error,
                      "INSERT INTO closing_step (step, seq) VALUES (?1, ?2) "
                      "ON CONFLICT (step) DO UPDATE SET seq = excluded.seq",
                      "si", ctx->kind, ctx->seq);
}

/* ---- roll marks ------------------------------------------------------------------------- */

/* The older single entry, count and control count at once, as station files have it. */
VT_RULE_APPLY (vt_apply_roll_marks)
{
  return vt_sql_exec (ctx, error,
                      "INSERT INTO roll_marks (table_id, day, n, control, seq) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) "
                      "ON CONFLICT (table_id, day) DO UPDATE SET n = excluded.n, "
                      "control = excluded.control, seq = excluded.seq",
                      "siiii", vt_payload_string (ctx, "table"), vt_payload_int (ctx, "day", 1),
                      vt_payload_int (ctx, "count", 0), vt_payload_int (ctx, "control_count", 0),
                      ctx->seq);
}

/* ---- special envelopes ------------------------------------------------------------------ */

gint64
vt_closing_live_envelopes (VtRuleContext *ctx,
                           const char    *reason)
{
  return vt_sql_int (ctx, 0, "SELECT n FROM envelope_count WHERE reason = ?1", "s", reason);
}

/* The older single entry, count and control count at once, as station files have it. */
VT_RULE_APPLY (vt_apply_envelopes_counted)
{
  const char *reason = vt_payload_string (ctx, "reason");

  return vt_sql_exec (ctx, error,
                      "INSERT INTO envelopes_counted (reason, n, control, live, seq, explanation) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                      "ON CONFLICT (reason) DO UPDATE SET n = excluded.n, "
                      "control = excluded.control, live = excluded.live, "
                      "seq = excluded.seq, explanation = excluded.explanation",
                      vt_payload_has (ctx, "explanation") ? "siiiis" : "siiiin", reason,
                      vt_payload_int (ctx, "count", 0), vt_payload_int (ctx, "control_count", 0),
                      vt_closing_live_envelopes (ctx, reason), ctx->seq,
                      vt_payload_string (ctx, "explanation"));
}

/* ---- shipment 1 ------------------------------------------------------------------------- */

/* The ids of the urns @sql yields, as "M1, U3", or NULL when there are none. */
char *
vt_closing_dup_urn_list (VtRuleContext *ctx,
                         const char    *sql)
{
  GString *urns = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (ctx->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_critical ("Bad SQL in a rule: %s: %s", sql, sqlite3_errmsg (ctx->db));
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (urns, "%s%s", urns->len > 0 ? ", " : "",
                            (const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (urns, urns->len == 0);
}

/* The special-envelope urns still sealed: their envelopes are not out to be counted. An urn
 * never sealed, or whose seal two board members broke, holds nothing shut away. */
static char *
dup_sealed_special_envelope_urns (VtRuleContext *ctx)
{
  return vt_closing_dup_urn_list (ctx, "SELECT id FROM urn WHERE kind = 'special-envelope' "
                            "AND status IN ('sealed', 'full') ORDER BY id");
}

gint64
vt_rules_shipment_handed_over (VtRuleContext *ctx)
{
  return vt_sql_int (ctx, 0, "SELECT handed_seq FROM shipment WHERE id = 1", NULL);
}

static gboolean
check_shipment_packed (VtRuleContext *ctx,
                       GError       **error)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (ctx->config);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *sealed = NULL;
  gint64 packed = vt_sql_int (ctx, 0, "SELECT packed_seq FROM shipment WHERE id = 1", NULL);
  gint64 envelopes = vt_payload_int (ctx, "envelopes", 0);
  gint64 rolls = vt_payload_int (ctx, "rolls", 0);
  /* The configuration has no number of rolls: every table (rode) keeps one roll, its part of
   * the roll by surname range. */
  gint64 station_rolls = vt_config_get_tables (ctx->config)->len;
  gint64 counted;

  if (packed > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "shipment.already-packed",
                           _("Shipment 1 is already packed, in entry %" PRId64 ". To change "
                             "what it holds, correct that entry."), packed);

  /* The rolls leave with the shipment: their marks are counted and control-counted first, by
   * the same rule (K301) that the count is held to. */
  check_roll_marks (ctx, findings);
  for (guint i = 0; i < findings->len; i++)
    g_string_append_printf (missing, "\n%s",
                            ((VtFinding *)g_ptr_array_index (findings, i))->message);
  if (missing->len > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "shipment.roll-marks-not-counted",
                           _("Count the roll marks of every table and day, with a control "
                             "count, before shipment 1 is packed: the rolls leave with it.%s"),
                           missing->str);

  /* The special envelopes are in their urn until it is opened. */
  sealed = dup_sealed_special_envelope_urns (ctx);
  if (sealed != NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "shipment.special-urn-sealed",
                           /* Translators: %s lists urns, "S1" */
                           _("The special-envelope urn %s is still sealed. Open it, count its "
                             "envelopes per reason, and then pack shipment 1."), sealed);

  /* The envelopes leave with the shipment: count them first, while they are still here. */
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);

      if (vt_sql_int (ctx, 0, "SELECT count (*) FROM envelopes_counted "
                              "WHERE reason = ?1 AND control = n", "s", reason->id) > 0)
        continue;
      if (missing->len > 0)
        g_string_append (missing, ", ");
      g_string_append_printf (missing, "“%s”", reason->label);
    }
  if (missing->len > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "shipment.envelopes-not-counted",
                           _("Count the special envelopes before shipment 1 is packed. Not "
                             "counted yet: %s."), missing->str);

  counted = vt_sql_int (ctx, 0, "SELECT sum (n) FROM envelopes_counted", NULL);
  if (envelopes != counted)
    return vt_rule_refuse (error, VT_RULE_ERROR_MISMATCH, "shipment.envelope-count",
                           _("Shipment 1 holds %" PRId64 " special envelopes, but %" PRId64 " "
                             "were counted: count the envelopes in the shipment again."),
                           envelopes, counted);

  if (rolls != station_rolls)
    return vt_rule_refuse (error, VT_RULE_ERROR_MISMATCH, "shipment.roll-count",
                           ngettext ("Shipment 1 holds %" PRId64 " rolls, but the station has "
                                     "%" PRId64 ", one for its table: pack every roll.",
                                     "Shipment 1 holds %" PRId64 " rolls, but the station has "
                                     "%" PRId64 ", one for each table: pack every roll.",
                                     (gulong)station_rolls),
                           rolls, station_rolls);
  return TRUE;
}

static gboolean
check_shipment_handed_over (VtRuleContext *ctx,
                            GError       **error)
{
  gint64 handed = vt_rules_shipment_handed_over (ctx);
  g_autofree char *sealed = NULL;

  if (handed > 0)
    {
      g_autofree char *to = vt_sql_string (ctx, "SELECT handed_to FROM shipment WHERE id = 1",
                                           NULL);
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "shipment.already-handed-over",
                             /* Translators: "… handed over to Valgkontoret, bud 3, in entry
                              * 52." */
                             _("Shipment 1 was already handed over to %s, in entry %" PRId64 "."),
                             to, handed);
    }
  if (vt_sql_int (ctx, 0, "SELECT packed_seq FROM shipment WHERE id = 1", NULL) <= 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "shipment.not-packed",
                           _("Shipment 1 is not packed yet: pack and seal it, with its counts, "
                             "before it is handed over."));
  /* Packed with the urn open, but a correction since may have undone the opening: the
   * envelopes must not stay behind in a sealed urn nobody may open later. */
  sealed = dup_sealed_special_envelope_urns (ctx);
  if (sealed != NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "shipment.special-urn-sealed",
                           _("The special-envelope urn %s is still sealed, and its envelopes "
                             "leave with shipment 1. Open it, count its envelopes into the "
                             "shipment, and then hand it over."), sealed);
  return TRUE;
}

VT_RULE_CHECK (vt_check_shipment)
{
  if (g_str_equal (ctx->kind, VT_KIND_SHIPMENT_PACKED))
    return check_shipment_packed (ctx, error);
  return check_shipment_handed_over (ctx, error);
}

VT_RULE_APPLY (vt_apply_shipment)
{
  if (g_str_equal (ctx->kind, VT_KIND_SHIPMENT_PACKED))
    return vt_sql_exec (ctx, error,
                        "INSERT INTO shipment (id, rolls, stamps, envelopes, packed_seq) "
                        "VALUES (1, ?1, ?2, ?3, ?4) "
                        "ON CONFLICT (id) DO UPDATE SET rolls = excluded.rolls, "
                        "stamps = excluded.stamps, envelopes = excluded.envelopes, "
                        "packed_seq = excluded.packed_seq",
                        "iiii", vt_payload_int (ctx, "rolls", 0), vt_payload_int (ctx, "stamps", 0),
                        vt_payload_int (ctx, "envelopes", 0), ctx->seq);

  return vt_sql_exec (ctx, error,
                      "INSERT INTO shipment (id, handed_to, handed_seq) VALUES (1, ?1, ?2) "
                      "ON CONFLICT (id) DO UPDATE SET handed_to = excluded.handed_to, "
                      "handed_seq = excluded.handed_seq",
                      "si", vt_payload_string (ctx, "to"), ctx->seq);
}

/* ---- summaries -------------------------------------------------------------------------- */

static char *
summarise_with_note (char       *text,
                     JsonObject *payload,
                     const char *field)
{
  const char *note = json_object_get_string_member_with_default (payload, field, NULL);
  char *result;

  if (note == NULL)
    return text;
  /* Translators: a summary followed by the entry's note or explanation */
  result = g_strdup_printf (_("%s — %s"), text, note);
  g_free (text);
  return result;
}

static char *
summarise_shipment (JsonObject *payload)
{
  gint64 rolls = json_object_get_int_member_with_default (payload, "rolls", 0);
  gint64 stamps = json_object_get_int_member_with_default (payload, "stamps", 0);
  gint64 envelopes = json_object_get_int_member_with_default (payload, "envelopes", 0);
  g_autofree char *rolls_text = g_strdup_printf (ngettext ("%" PRId64 " roll",
                                                           "%" PRId64 " rolls", (gulong)rolls),
                                                 rolls);
  g_autofree char *stamps_text = g_strdup_printf (ngettext ("%" PRId64 " stamp",
                                                            "%" PRId64 " stamps",
                                                            (gulong)stamps), stamps);
  g_autofree char *envelopes_text = g_strdup_printf (ngettext ("%" PRId64 " envelope",
                                                               "%" PRId64 " envelopes",
                                                               (gulong)envelopes), envelopes);

  /* Translators: "Shipment 1 packed: 3 rolls, 4 stamps, 11 envelopes" */
  return g_strdup_printf (_("Shipment 1 packed: %s, %s, %s"), rolls_text, stamps_text,
                          envelopes_text);
}

/* The items of an explanation in words: "entry 14: +1, voters who voted in one contest only:
 * −2". */
static char *
dup_items_text (VtConfig          *config,
                const VtCheckInfo *info,
                JsonArray         *items)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      gint64 count;

      if (item == NULL)
        continue;
      count = json_object_get_int_member_with_default (item, "count", 0);
      if (text->len > 0)
        g_string_append (text, ", ");
      if (json_object_has_member (item, "entry"))
        /* Translators: an item of an explanation, "entry 14: +1" */
        g_string_append_printf (text, _("entry %" PRId64 ": %+" PRId64),
                                json_object_get_int_member_with_default (item, "entry", 0),
                                count);
      else
        {
          const char *id = json_object_get_string_member_with_default (item, "reason", "");
          const VtExplainReason *reason = vt_check_find_reason (info, id);

          /* Translators: an item of an explanation, "voters who voted in one contest only:
           * −2" */
          g_string_append_printf (text, _("%s: %+" PRId64),
                                  reason != NULL ? vt_explain_reason_get_label (reason) : id,
                                  count);
        }
    }
  return g_string_free (text, FALSE);
}

static char *
summarise_explanation (VtConfig   *config,
                       JsonObject *payload)
{
  const char *code = json_object_get_string_member_with_default (payload, "code", "");
  const char *subject = json_object_get_string_member_with_default (payload, "subject", NULL);
  const char *text = json_object_get_string_member_with_default (payload, "text", "");
  const VtCheckInfo *info = vt_check_lookup (code);
  JsonArray *entries = vt_closing_payload_array (payload, "entries");
  JsonArray *items = vt_closing_payload_array (payload, "items");
  g_autofree char *about = NULL;
  char *summary;

  if (subject == NULL)
    about = g_strdup (code);
  else
    /* Translators: "K402, Kommunestyrevalget" */
    about = g_strdup_printf (_("%s, %s"), code,
                             info != NULL && info->about == VT_CHECK_ABOUT_REASON
                               ? vt_closing_reason_label (config, subject)
                               : vt_closing_contest_name (config, subject));

  if (json_object_get_boolean_member_with_default (payload, "not_explained", FALSE))
    /* Translators: "Not explained after a recount (K402, Kommunestyrevalget): …" */
    return g_strdup_printf (_("Not explained after a recount (%s): %s"), about, text);

  /* Translators: "Explained (K402, Kommunestyrevalget): 2 unstamped ballots" */
  summary = g_strdup_printf (_("Explained (%s): %s"), about, text);

  if (items != NULL && json_array_get_length (items) > 0)
    {
      g_autofree char *list = dup_items_text (config, info, items);
      char *with_items;

      /* Translators: "Explained (K402, …): … (entry 14: +1, entry 31: −1)" */
      with_items = g_strdup_printf (_("%s (%s)"), summary, list);
      g_free (summary);
      summary = with_items;
    }
  else if (entries != NULL && json_array_get_length (entries) > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      char *with_entries;

      for (guint i = 0; i < json_array_get_length (entries); i++)
        g_string_append_printf (list, "%s%" PRId64, i > 0 ? ", " : "",
                                json_array_get_int_element (entries, i));
      /* Translators: "Explained (K402, …): 2 unstamped ballots (log entries 14, 31)" */
      with_entries = g_strdup_printf (_("%s (log entries %s)"), summary, list->str);
      g_free (summary);
      summary = with_entries;
    }
  return summary;
}

VT_RULE_SUMMARY (vt_summary_closing)
{
  const char *id = kind != NULL ? kind->id : "";
  const char *to = json_object_get_string_member_with_default (payload, "to", "");

  if (g_str_equal (id, VT_KIND_CLOSING_LAST_VOTER))
    return g_strdup (_("The last voter in the queue has voted"));
  if (g_str_equal (id, VT_KIND_CLOSING_UNUSED_BALLOTS_REMOVED))
    return g_strdup (_("Every unused ballot is out of the room"));
  if (g_str_equal (id, VT_KIND_CLOSING_STAMPS_HANDED_IN))
    return g_strdup (_("Every stamp is handed in"));

  if (g_str_equal (id, VT_KIND_ROLL_MARKS))
    /* Translators: "Roll marks, table 2, day 1: 312 (control-counted)" */
    return g_strdup_printf (_("Roll marks, table %s, day %" PRId64 ": %" PRId64
                              " (control-counted)"),
                            json_object_get_string_member_with_default (payload, "table", ""),
                            json_object_get_int_member_with_default (payload, "day", 0),
                            json_object_get_int_member_with_default (payload, "count", 0));

  if (g_str_equal (id, VT_KIND_ENVELOPES_COUNTED))
    {
      const char *reason = json_object_get_string_member_with_default (payload, "reason", "");
      /* Translators: "Special envelopes, Ikke i kommunens manntall: 4 (control-counted)" */
      char *text = g_strdup_printf (_("Special envelopes, %s: %" PRId64 " (control-counted)"),
                                    vt_closing_reason_label (config, reason),
                                    json_object_get_int_member_with_default (payload, "count",
                                                                             0));
      return summarise_with_note (text, payload, "explanation");
    }

  /* The two counts, each with who made it. */
  if (g_str_equal (id, VT_KIND_ROLL_MARKS_COUNT) || g_str_equal (id, VT_KIND_ROLL_MARKS_CONTROL) ||
      g_str_equal (id, VT_KIND_ENVELOPES_COUNT) || g_str_equal (id, VT_KIND_ENVELOPES_CONTROL) ||
      g_str_equal (id, VT_KIND_PILE_COUNT) || g_str_equal (id, VT_KIND_PILE_CONTROL))
    {
      gboolean control = g_str_has_suffix (id, ".control");
      const VtPerson *person = vt_config_find_person (
        config, json_object_get_string_member_with_default (payload,
                                                            control ? "controller" : "counter",
                                                            ""));
      gint64 n = json_object_get_int_member_with_default (payload,
                                                          control ? "control_count" : "count",
                                                          0);
      const char *who = person != NULL ? person->name : "?";
      g_autofree char *what = NULL;
      char *text;

      if (g_str_has_prefix (id, "roll-marks."))
        /* Translators: "Roll marks, table 2, day 1" */
        what = g_strdup_printf (_("Roll marks, table %s, day %" PRId64),
                                json_object_get_string_member_with_default (payload, "table", ""),
                                json_object_get_int_member_with_default (payload, "day", 0));
      else if (g_str_has_prefix (id, "envelopes."))
        /* Translators: "Special envelopes, Ikke i kommunens manntall" */
        what = g_strdup_printf (_("Special envelopes, %s"),
                                vt_closing_reason_label (config,
                                              json_object_get_string_member_with_default (
                                                payload, "reason", "")));
      else
        {
          const char *contest_id = json_object_get_string_member_with_default (payload,
                                                                               "contest", "");
          const VtContest *contest = vt_config_find_contest (config, contest_id);

          /* Translators: "Kommunestyrevalget, Arbeiderpartiet" */
          what = g_strdup_printf (_("%s, %s"), contest != NULL ? contest->name : contest_id,
                                  vt_closing_pile_label (contest,
                                              json_object_get_string_member_with_default (
                                                payload, "pile", "")));
        }
      text = control
        /* Translators: "Kommunestyrevalget, Arbeiderpartiet: control count 312, by Ola
         * Prøvesen" */
        ? g_strdup_printf (_("%s: control count %" PRId64 ", by %s"), what, n, who)
        /* Translators: "Kommunestyrevalget, Arbeiderpartiet: 312, counted by Kari Øvingsen" */
        : g_strdup_printf (_("%s: %" PRId64 ", counted by %s"), what, n, who);
      return summarise_with_note (text, payload, "explanation");
    }

  if (g_str_equal (id, VT_KIND_SHIPMENT_PACKED))
    return summarise_shipment (payload);
  if (g_str_equal (id, VT_KIND_SHIPMENT_HANDED_OVER))
    /* Translators: "Shipment 1 handed over to Valgkontoret, bud 3" */
    return summarise_with_note (g_strdup_printf (_("Shipment 1 handed over to %s"), to),
                                payload, "note");

  if (g_str_equal (id, VT_KIND_COUNT_PILE))
    {
      const char *contest_id = json_object_get_string_member_with_default (payload, "contest",
                                                                           "");
      const VtContest *contest = vt_config_find_contest (config, contest_id);
      const char *pile = json_object_get_string_member_with_default (payload, "pile", "");

      /* Translators: "Kommunestyrevalget, Arbeiderpartiet: 312" */
      return g_strdup_printf (_("%s, %s: %" PRId64), contest != NULL ? contest->name : contest_id,
                              vt_closing_pile_label (contest, pile),
                              json_object_get_int_member_with_default (payload, "count", 0));
    }

  if (g_str_equal (id, VT_KIND_COUNT_EXPLAIN))
    return summarise_explanation (config, payload);

  if (g_str_equal (id, VT_KIND_COUNT_RECOUNTED))
    {
      const char *contest = json_object_get_string_member_with_default (payload, "contest", "");

      /* Translators: "Kommunestyrevalget recounted, pile by pile" */
      return summarise_with_note (g_strdup_printf (_("%s recounted, pile by pile"),
                                                   vt_closing_contest_name (config, contest)),
                                  payload, "note");
    }

  if (g_str_equal (id, VT_KIND_WARNING_ACCEPT))
    {
      const VtPerson *member = vt_config_find_person (
        config, json_object_get_string_member_with_default (payload, "member", ""));
      const VtPerson *second = vt_config_find_person (
        config, json_object_get_string_member_with_default (payload, "second_member", ""));

      /* Translators: "K403 accepted by Kari Øvingsen and Ola Prøve: the pile was checked" */
      return g_strdup_printf (_("%s accepted by %s and %s: %s"),
                              json_object_get_string_member_with_default (payload, "code", ""),
                              member != NULL ? member->name : "?",
                              second != NULL ? second->name : "?",
                              json_object_get_string_member_with_default (payload, "reason",
                                                                          ""));
    }

  if (g_str_equal (id, VT_KIND_RESULTS_PHONED))
    /* Translators: "Results phoned in to Valgkontoret" */
    return summarise_with_note (g_strdup_printf (_("Results phoned in to %s"), to), payload,
                                "note");

  return g_strdup ("");
}

/* ---- signing the protocol --------------------------------------------------------------- */

/* Who signs the form: the whole board (2019), or the leader and the deputy (2025). */
VT_RULE_CHECK (vt_check_protocol_sign)
{
  const char *id = vt_payload_string (ctx, "person");
  const VtPerson *person = vt_config_find_person (ctx->config, id);

  /* Who signs and that they are here: the presence table (vt-rules-presence.c) checked it. */
  if (person == NULL)
    return TRUE; /* the field's validation already refused it */
  /* Nobody signs over an open question: an error, or a warning the board has not explained. */
  {
    g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);
    g_autoptr(GString) reasons = g_string_new (NULL);

    vt_checks_all (ctx, findings);
    for (guint i = 0; i < findings->len; i++)
      {
        VtFinding *finding = g_ptr_array_index (findings, i);

        if (vt_finding_blocks_step (finding, VT_STEP_RESULTS))
          g_string_append_printf (reasons, "\n%s: %s", finding->code, finding->message);
      }
    if (reasons->len > 0)
      return vt_rule_refuse (error, VT_RULE_ERROR_BLOCKED, "protocol.sign-blocked",
                             _("The protocol cannot be signed while a check is open; explain "
                               "it or put it right first:%s"), reasons->str);
  }
  /* One signature, one way: drawn on screen, or in ink on the printed page. */
  {
    JsonArray *strokes = json_object_get_member (ctx->payload, "strokes") != NULL &&
                         JSON_NODE_HOLDS_ARRAY (json_object_get_member (ctx->payload, "strokes"))
                           ? json_object_get_array_member (ctx->payload, "strokes") : NULL;
    gboolean drawn = strokes != NULL && json_array_get_length (strokes) > 0;
    gboolean ink = vt_payload_bool (ctx, "on_paper");

    if (drawn == ink)
      return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "protocol.sign-one-way",
                             drawn
                               ? _("%s signed both on screen and in ink: give one of them.")
                               : _("No signature from %s: sign in the box on screen, or confirm "
                                   "that the printed signature page is signed in ink."),
                             person->name);
  }
  return TRUE;
}

VT_RULE_SUMMARY (vt_summary_protocol_sign)
{
  const VtPerson *person =
    vt_config_find_person (config, json_object_get_string_member_with_default (payload,
                                                                               "person", ""));
  if (json_object_get_boolean_member_with_default (payload, "on_paper", FALSE))
    /* Translators: a log line: "Signed in ink on the paper by Kari Øvingsen" */
    return g_strdup_printf (_("Signed in ink on the paper by %s"),
                            person != NULL ? person->name : "?");
  /* Translators: a log line: "Signed by Kari Øvingsen" */
  return g_strdup_printf (_("Signed by %s"), person != NULL ? person->name : "?");
}
