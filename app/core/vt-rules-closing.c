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
 * envelopes counted against the day's log, shipment 1, the preliminary count pile by pile, the
 * board's explanations of differences, and the results phoned in. Every count is kept with its
 * control count, so that a correction that makes them disagree shows up as a finding instead
 * of slipping through: corrections are checked field by field only, not by these rules. */

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

static const char *
contest_name (VtConfig   *config,
              const char *id)
{
  const VtContest *contest = vt_config_find_contest (config, id);
  return contest != NULL ? contest->name : id;
}

static const char *
reason_label (VtConfig   *config,
              const char *id)
{
  const VtEnvelopeReason *reason = vt_config_find_envelope_reason (config, id);
  return reason != NULL ? reason->label : id;
}

static gboolean
is_total_pile (const char *pile)
{
  return g_strcmp0 (pile, "approved") == 0 || g_strcmp0 (pile, "blank") == 0 ||
         g_strcmp0 (pile, "doubtful") == 0;
}

/* A pile as the chair calls it: the party list's name, or the kind of ballots. */
static const char *
pile_label (const VtContest *contest,
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

/* The piles the station counts for a contest: by party, every list and the blank and the
 * doubtful ballots; counting totals only, the approved, the blank and the doubtful ballots. */
static GPtrArray *
dup_piles (VtConfig        *config,
           const VtContest *contest)
{
  GPtrArray *piles = g_ptr_array_new ();

  if (vt_config_get_count_mode (config) == VT_COUNT_BY_PARTY)
    for (guint i = 0; i < contest->lists->len; i++)
      g_ptr_array_add (piles, ((VtPartyList *)g_ptr_array_index (contest->lists, i))->id);
  else
    g_ptr_array_add (piles, (gpointer)"approved");
  g_ptr_array_add (piles, (gpointer)"blank");
  g_ptr_array_add (piles, (gpointer)"doubtful");
  return piles;
}

/* ---- shared rules ----------------------------------------------------------------------- */

static gboolean
phase_is_after_voting (VtPhase phase)
{
  return phase == VT_PHASE_CLOSING || phase == VT_PHASE_COUNTING || phase == VT_PHASE_PROTOCOL;
}

/* A day's marks can be counted once its doors have closed: between two days, the days closed
 * for the night so far; after the last closing, every day. */
static gboolean
day_is_over (VtRuleContext *ctx,
             gint64         day)
{
  if (phase_is_after_voting (vt_rules_get_phase (ctx)))
    return TRUE;
  return day <= vt_sql_int (ctx, 0, "SELECT count (*) FROM door_event WHERE action = 'night'",
                            NULL);
}

/* The seq of the newest entry, or correction of an entry, that the numbers of a finding rest
 * on. An explanation written before it was about other numbers and no longer counts. */
static gint64
last_change_k402 (VtRuleContext *ctx,
                  const char    *contest)
{
  return MAX (vt_sql_int (ctx, 0,
                          "SELECT max (seq) FROM (SELECT seq FROM roll_marks "
                          "UNION ALL SELECT seq FROM pile WHERE contest = ?1)",
                          "s", contest),
              vt_sql_int (ctx, 0,
                          "SELECT max (c.seq) FROM correction c JOIN journal j ON j.seq = c.target "
                          "WHERE j.kind IN ('roll-marks', 'roll-marks.count', "
                          "'roll-marks.control') OR "
                          "(j.kind IN ('count.pile', 'pile.count', 'pile.control') AND "
                          "(json_extract (j.payload, '$.contest') = ?1 OR "
                          "json_extract (c.changes, '$.contest') = ?1))",
                          "s", contest));
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
static char *
dup_explanation (VtRuleContext *ctx,
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
      if (!day_is_over (ctx, day))
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
      finding->explanation = dup_explanation (ctx, VT_CHECK_K302, reason->id,
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

static int
compare_seqs (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* The log entries that can account for the finding's difference, as the check table names
 * their kinds: not annulled, and still standing (a wrong mark whose voter has not come). */
static void
add_proposals (VtRuleContext *ctx,
               VtFinding     *finding)
{
  const VtCheckInfo *info = vt_check_lookup (finding->code);
  static const char sql[] =
    "SELECT seq FROM journal j WHERE kind = ?1 "
    "AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.target = j.seq AND c.annul = 1) "
    "ORDER BY seq";

  for (guint k = 0; vt_check_takes_items (info) && info->explaining_kinds[k].kind != NULL; k++)
    {
      const VtExplainingKind *explaining = &info->explaining_kinds[k];
      sqlite3_stmt *stmt = NULL;

      if (!explaining->proposed)
        continue;
      if (sqlite3_prepare_v2 (ctx->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          g_critical ("Bad SQL in a rule: %s: %s", sql, sqlite3_errmsg (ctx->db));
          return;
        }
      sqlite3_bind_text (stmt, 1, explaining->kind, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 seq = sqlite3_column_int64 (stmt, 0);

          if (explaining->live == NULL || vt_sql_int (ctx, 0, explaining->live, "i", seq) > 0)
            g_array_append_val (finding->proposals, seq);
        }
      sqlite3_finalize (stmt);
    }
  /* In the order of the log, whatever their kinds. */
  g_array_sort (finding->proposals, compare_seqs);
}

/* K403, K404: a share of blank or doubtful ballots that a pile counted into the wrong contest
 * or the wrong pile would explain. Integer arithmetic: more than 3 % is 100 × n > 3 × ballots. */
static void
check_plausible (VtRuleContext   *ctx,
                 const VtContest *contest,
                 gint64           ballots,
                 GPtrArray       *findings)
{
  static const struct { const char *code; const char *pile; gint64 percent; } limits[] = {
    { VT_CHECK_K403, "blank", 3 },
    { VT_CHECK_K404, "doubtful", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      gint64 n = vt_sql_int (ctx, 0, "SELECT n FROM pile WHERE contest = ?1 AND pile = ?2",
                             "ss", contest->id, limits[i].pile);
      VtFinding *finding;

      if (ballots <= 0 || 100 * n <= limits[i].percent * ballots)
        continue;
      finding = vt_finding_new (limits[i].code, contest->id,
                                g_str_equal (limits[i].pile, "blank")
                                  /* Translators: "Kommunestyrevalget: 61 of 1203 ballots are
                                   * blank, more than 3 %" */
                                  ? _("%s: %" PRId64 " of %" PRId64 " ballots are blank, more "
                                      "than %" PRId64 " %%")
                                  : _("%s: %" PRId64 " of %" PRId64 " ballots are doubtful, "
                                      "more than %" PRId64 " %%"),
                                contest->name, n, ballots, limits[i].percent);
      finding->explanation = dup_explanation (ctx, limits[i].code, contest->id,
                                              last_change_k402 (ctx, contest->id));
      g_ptr_array_add (findings, finding);
    }
}

static void hold_explanation (VtRuleContext *ctx,
                              VtFinding     *finding);
/* Appends one part of a finding's message, after a "; " when it is not the first. */
static void append_part (GString    *message,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
append_part (GString    *message,
             const char *format,
             ...)
{
  va_list args;

  if (message->len > 0)
    g_string_append (message, "; ");
  va_start (args, format);
  g_string_append_vprintf (message, format, args);
  va_end (args);
}

static void
check_count (VtRuleContext *ctx,
             GPtrArray     *findings)
{
  GPtrArray *contests = vt_config_get_contests (ctx->config);
  gint64 marks = vt_sql_int (ctx, 0, "SELECT sum (n) FROM roll_marks", NULL);

  for (guint i = 0; i < contests->len; i++)
    {
      VtContest *contest = g_ptr_array_index (contests, i);
      g_autoptr(GPtrArray) piles = dup_piles (ctx->config, contest);
      g_autoptr(GString) missing = g_string_new (NULL);
      g_autoptr(GString) awaiting = g_string_new (NULL);
      g_autoptr(GString) differing = g_string_new (NULL);
      g_autofree char *difference = NULL;
      gint64 ballots;
      gint64 more;
      VtFinding *finding;

      for (guint p = 0; p < piles->len; p++)
        {
          const char *pile = g_ptr_array_index (piles, p);
          gint64 n = vt_sql_int (ctx, -1, "SELECT n FROM pile WHERE contest = ?1 AND pile = ?2",
                                 "ss", contest->id, pile);
          gint64 control = vt_sql_int (ctx, -1, "SELECT control FROM pile "
                                                "WHERE contest = ?1 AND pile = ?2",
                                       "ss", contest->id, pile);

          GString *list;

          /* A pile is counted when its control count agrees; until then it is in one list. */
          if (n >= 0 && n == control)
            continue;
          list = n < 0 ? missing : control < 0 ? awaiting : differing;
          if (list->len > 0)
            g_string_append (list, ", ");
          g_string_append (list, pile_label (contest, pile));
        }

      if (missing->len > 0 || awaiting->len > 0 || differing->len > 0)
        {
          g_autoptr(GString) message = g_string_new (NULL);

          if (missing->len > 0)
            /* Translators: "not counted yet: Høyre, blank ballots" */
            append_part (message, _("not counted yet: %s"), missing->str);
          if (awaiting->len > 0)
            /* Translators: "counted, awaiting the control count: Høyre" */
            append_part (message, _("counted, awaiting the control count: %s"), awaiting->str);
          if (differing->len > 0)
            /* Translators: "the count and the control count differ, count again: Høyre" */
            append_part (message, _("the count and the control count differ, count again: %s"),
                         differing->str);
          g_ptr_array_add (findings,
                           vt_finding_new (VT_CHECK_K401, contest->id,
                                           /* Translators: "Kommunestyrevalget: not counted
                                            * yet: Høyre; counted, awaiting the control count:
                                            * blank ballots" */
                                           _("%s: %s"), contest->name, message->str));
          continue;
        }

      ballots = vt_sql_int (ctx, 0, "SELECT sum (n) FROM pile WHERE contest = ?1", "s",
                            contest->id);
      check_plausible (ctx, contest, ballots, findings);
      if (ballots == marks)
        continue;

      more = ballots - marks;
      if (more > 0)
        difference = g_strdup_printf (ngettext ("%" PRId64 " more ballot than marks",
                                                "%" PRId64 " more ballots than marks",
                                                (gulong)more), more);
      else
        difference = g_strdup_printf (ngettext ("%" PRId64 " fewer ballot than marks",
                                                "%" PRId64 " fewer ballots than marks",
                                                (gulong)-more), -more);
      finding = vt_finding_new (VT_CHECK_K402, contest->id,
                                /* Translators: "Kommunestyrevalget: 1203 ballots, 1201 marks
                                 * in the roll: 2 more ballots than marks" */
                                _("%s: %" PRId64 " ballots, %" PRId64 " marks in the roll: %s"),
                                contest->name, ballots, marks, difference);
      finding->difference = more;
      finding->explanation = dup_explanation (ctx, VT_CHECK_K402, contest->id,
                                              last_change_k402 (ctx, contest->id));
      if (finding->explanation != NULL)
        hold_explanation (ctx, finding);
      add_proposals (ctx, finding);
      g_ptr_array_add (findings, finding);
    }
}

/* Every module's findings, in the order of the day. */
void
vt_checks_all (VtRuleContext *ctx,
               GPtrArray     *findings)
{
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

  if (!phase_is_after_voting (phase))
    return;

  check_steps (ctx, findings);
  check_roll_marks (ctx, findings);
  check_envelopes (ctx, findings);
  if (phase == VT_PHASE_COUNTING || phase == VT_PHASE_PROTOCOL)
    check_count (ctx, findings);
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

static gint64
live_envelopes (VtRuleContext *ctx,
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
                      live_envelopes (ctx, reason), ctx->seq,
                      vt_payload_string (ctx, "explanation"));
}

/* ---- shipment 1 ------------------------------------------------------------------------- */

/* The ids of the urns @sql yields, as "M1, U3", or NULL when there are none. */
static char *
dup_urn_list (VtRuleContext *ctx,
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
  return dup_urn_list (ctx, "SELECT id FROM urn WHERE kind = 'special-envelope' "
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

/* ---- the preliminary count -------------------------------------------------------------- */

/* The older single entry, count and control count at once, as station files have it. */
VT_RULE_APPLY (vt_apply_count_pile)
{
  return vt_sql_exec (ctx, error,
                      "INSERT INTO pile (contest, pile, n, control, seq) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) "
                      "ON CONFLICT (contest, pile) DO UPDATE SET n = excluded.n, "
                      "control = excluded.control, seq = excluded.seq",
                      "ssiii", vt_payload_string (ctx, "contest"), vt_payload_string (ctx, "pile"),
                      vt_payload_int (ctx, "count", 0), vt_payload_int (ctx, "control_count", 0),
                      ctx->seq);
}

/* ---- two people count ------------------------------------------------------------------- */

/* A pile, a table's roll marks of a day and a reason's special envelopes are counted by one
 * board member and control-counted by another, each count an entry of its own: the control
 * count is given without the first count shown. The derived row holds the first count in n
 * and the control count in control, -1 until it is given; when the two differ, the object is
 * counted again (a new first count, then a new control count), and every count stays in the
 * log. Rows written by the older single entry (count.pile, roll-marks, envelopes.counted)
 * have both numbers at once and read the same way. */

typedef enum
{
  COUNT_PILE,
  COUNT_ROLL_MARKS,
  COUNT_ENVELOPES,
} CountObject;

typedef struct
{
  CountObject  object;
  const char  *key;    /* the contest, the table or the reason */
  const char  *pile;   /* COUNT_PILE */
  gint64       day;    /* COUNT_ROLL_MARKS */
} CountSubject;

/* The row of the subject: seq 0 when it has none; control -1 while the control count is
 * awaited. */
typedef struct
{
  gint64 seq;
  gint64 n;
  gint64 control;
} CountRow;

static void
count_subject_from_payload (VtRuleContext *ctx,
                            CountSubject  *subject)
{
  memset (subject, 0, sizeof *subject);
  if (g_str_has_prefix (ctx->kind, "pile."))
    {
      subject->object = COUNT_PILE;
      subject->key = vt_payload_string (ctx, "contest");
      subject->pile = vt_payload_string (ctx, "pile");
    }
  else if (g_str_has_prefix (ctx->kind, "roll-marks."))
    {
      subject->object = COUNT_ROLL_MARKS;
      subject->key = vt_payload_string (ctx, "table");
      subject->day = vt_payload_int (ctx, "day", 1);
    }
  else
    {
      subject->object = COUNT_ENVELOPES;
      subject->key = vt_payload_string (ctx, "reason");
    }
}

static gint64
count_subject_column (VtRuleContext      *ctx,
                      const CountSubject *subject,
                      const char         *column,
                      gint64              fallback)
{
  g_autofree char *sql = NULL;

  switch (subject->object)
    {
    case COUNT_PILE:
      sql = g_strdup_printf ("SELECT %s FROM pile WHERE contest = ?1 AND pile = ?2", column);
      return vt_sql_int (ctx, fallback, sql, "ss", subject->key, subject->pile);
    case COUNT_ROLL_MARKS:
      sql = g_strdup_printf ("SELECT %s FROM roll_marks WHERE table_id = ?1 AND day = ?2",
                             column);
      return vt_sql_int (ctx, fallback, sql, "si", subject->key, subject->day);
    case COUNT_ENVELOPES:
    default:
      sql = g_strdup_printf ("SELECT %s FROM envelopes_counted WHERE reason = ?1", column);
      return vt_sql_int (ctx, fallback, sql, "s", subject->key);
    }
}

static void
read_count_row (VtRuleContext      *ctx,
                const CountSubject *subject,
                CountRow           *row)
{
  row->seq = count_subject_column (ctx, subject, "seq", 0);
  row->n = count_subject_column (ctx, subject, "n", -1);
  row->control = count_subject_column (ctx, subject, "control", -1);
}

/* What is counted, as a refusal names it in the middle of a sentence. */
static char *
dup_count_subject_label (VtRuleContext      *ctx,
                         const CountSubject *subject)
{
  switch (subject->object)
    {
    case COUNT_PILE:
      {
        const VtContest *contest = vt_config_find_contest (ctx->config, subject->key);
        /* Translators: "the pile “Høyre” of Kommunestyrevalget" */
        return g_strdup_printf (_("the pile “%s” of %s"), pile_label (contest, subject->pile),
                                contest != NULL ? contest->name : subject->key);
      }
    case COUNT_ROLL_MARKS:
      /* Translators: "the roll marks of table 2 for day 1" */
      return g_strdup_printf (_("the roll marks of table %s for day %" PRId64), subject->key,
                              subject->day);
    case COUNT_ENVELOPES:
    default:
      /* Translators: "the special envelopes “Ikke i kommunens manntall”" */
      return g_strdup_printf (_("the special envelopes “%s”"),
                              reason_label (ctx->config, subject->key));
    }
}

/* @field names a board member who is here: only they count, and only who is in the room. */
static gboolean
check_counting_member (VtRuleContext *ctx,
                       const char    *field,
                       GError       **error)
{
  const char *id = vt_payload_string (ctx, field);
  const VtPerson *person = vt_config_find_person (ctx->config, id);

  if (person == NULL)
    return TRUE; /* the field's validation already refused it */
  if (!vt_role_is_board (person->role))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.not-board-member",
                           _("A count and its control count are made by two members of the "
                             "board; %s is not a member of it."), person->name);
  if (!vt_rules_is_present (ctx, id))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.member-not-present",
                           _("%s is not registered as present. Log the arrival first: only "
                             "who is here counts."), person->name);
  return TRUE;
}

/* Counted, and the control count agrees: a new count would be a second one. */
static gboolean
refuse_counted (VtRuleContext      *ctx,
                const CountSubject *subject,
                gint64              seq,
                GError            **error)
{
  switch (subject->object)
    {
    case COUNT_PILE:
      {
        const VtContest *contest = vt_config_find_contest (ctx->config, subject->key);
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.pile-already-counted",
                               _("The pile “%s” of %s is already counted, in entry %" PRId64
                                 ". To change the count, correct that entry."),
                               pile_label (contest, subject->pile),
                               contest != NULL ? contest->name : subject->key, seq);
      }
    case COUNT_ROLL_MARKS:
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "roll-marks.already-counted",
                             _("The roll marks of table %s for day %" PRId64 " are already "
                               "recorded, in entry %" PRId64 ". To change them, correct that "
                               "entry."), subject->key, subject->day, seq);
    case COUNT_ENVELOPES:
    default:
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "envelopes.already-counted",
                             _("The envelopes “%s” are already counted, in entry %" PRId64 ". "
                               "To change the count, correct that entry."),
                             reason_label (ctx->config, subject->key), seq);
    }
}

/* The municipality decides how the station counts; the configuration carries it. */
static gboolean
check_pile_in_count_mode (VtRuleContext *ctx,
                          const char    *pile,
                          GError       **error)
{
  if (vt_config_get_count_mode (ctx->config) == VT_COUNT_BY_PARTY &&
      g_strcmp0 (pile, "approved") == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.pile-not-in-count-mode",
                           _("The election configuration says this station counts by party "
                             "list: count each party list's pile, the blank and the doubtful "
                             "ballots, not the approved ballots as one pile."));
  if (vt_config_get_count_mode (ctx->config) == VT_COUNT_TOTALS_ONLY && !is_total_pile (pile))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.pile-not-in-count-mode",
                           _("The election configuration says this station counts the urn "
                             "totals only: count the approved ballots as one pile, and the "
                             "blank and the doubtful ballots. The ballots are counted by party "
                             "centrally."));
  return TRUE;
}

/* count.pile, roll-marks and envelopes.counted, the older single entry: no longer given
 * (the catalogue offers them in no phase), only replayed from older station files. */
VT_RULE_CHECK (vt_check_count_single_entry)
{
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.single-entry",
                         _("A count and its control count are two entries by two board members: "
                           "enter the count, then the control count."));
}

/* pile.count, roll-marks.count, envelopes.count: the first count, or a recount after the
 * two counts differed. */
VT_RULE_CHECK (vt_check_count_first)
{
  CountSubject subject;
  CountRow row;

  count_subject_from_payload (ctx, &subject);
  if (!check_counting_member (ctx, "counter", error))
    return FALSE;
  if (subject.object == COUNT_ROLL_MARKS && !day_is_over (ctx, subject.day))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "roll-marks.day-not-over",
                           _("Day %" PRId64 " is not over: count a day's marks in the roll "
                             "after its doors have closed."), subject.day);
  if (subject.object == COUNT_PILE && !check_pile_in_count_mode (ctx, subject.pile, error))
    return FALSE;

  read_count_row (ctx, &subject, &row);
  if (row.seq <= 0 || (row.control >= 0 && row.control != row.n))
    return TRUE;
  if (row.control < 0)
    {
      g_autofree char *what = dup_count_subject_label (ctx, &subject);
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.awaiting-control",
                             /* Translators: %s is "the pile “Høyre” of Kommunestyrevalget" */
                             _("The count of %s, in entry %" PRId64 ", awaits its control count "
                               "by a second board member. To change that count, correct its "
                               "entry."), what, row.seq);
    }
  return refuse_counted (ctx, &subject, row.seq, error);
}

/* The first count's counter, as the entry says now (a correction may have named another). */
static char *
dup_counter (VtRuleContext *ctx,
             gint64         seq)
{
  g_autofree char *payload = vt_sql_string (ctx, "SELECT payload FROM journal WHERE seq = ?1",
                                            "i", seq);
  g_autoptr(JsonObject) effective = NULL;

  if (payload == NULL)
    return NULL;
  effective = vt_rules_effective_payload (ctx->db, seq, payload);
  if (effective == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (effective, "counter", NULL));
}

/* pile.control, roll-marks.control, envelopes.control: a second board member's count of what
 * another counted. */
VT_RULE_CHECK (vt_check_count_control)
{
  CountSubject subject;
  CountRow row;
  g_autofree char *what = NULL;
  g_autofree char *counter = NULL;

  count_subject_from_payload (ctx, &subject);
  if (!check_counting_member (ctx, "controller", error))
    return FALSE;

  read_count_row (ctx, &subject, &row);
  what = dup_count_subject_label (ctx, &subject);
  if (row.seq <= 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.control-before-count",
                           /* Translators: %s is "the pile “Høyre” of Kommunestyrevalget" */
                           _("There is no count of %s yet: the first count is entered before "
                             "its control count."), what);
  if (row.control >= 0 && row.control == row.n)
    return refuse_counted (ctx, &subject, row.seq, error);
  if (row.control >= 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.recount-needed",
                           /* Translators: %s is "the pile “Høyre” of Kommunestyrevalget" */
                           _("The count and the control count of %s differ: count again "
                             "first, a new count and then its control count."), what);

  counter = dup_counter (ctx, row.seq);
  if (g_strcmp0 (counter, vt_payload_string (ctx, "controller")) == 0)
    {
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "count.same-member",
                             /* Translators: "Kari Øvingsen counted the pile “Høyre” of
                              * Kommunestyrevalget: another board member makes the control
                              * count." */
                             _("%s counted %s: another board member makes the control count."),
                             vt_rules_person_name (ctx->config, counter), what);
    }

  /* The envelopes agree with each other but not with the day's log: that is explained. */
  if (subject.object == COUNT_ENVELOPES)
    {
      gint64 control = vt_payload_int (ctx, "control_count", 0);
      gint64 live = live_envelopes (ctx, subject.key);

      if (control == row.n && control != live && !vt_payload_has (ctx, "explanation"))
        return vt_rule_refuse (error, VT_RULE_ERROR_NEEDS_REASON,
                               "envelopes.difference-unexplained",
                               _("%" PRId64 " envelopes “%s” were counted, but %" PRId64 " were "
                                 "logged during the day. Count them again, or give the "
                                 "explanation of the difference."),
                               control, reason_label (ctx->config, subject.key), live);
    }
  return TRUE;
}

VT_RULE_APPLY (vt_apply_count_first)
{
  CountSubject subject;
  gint64 count = vt_payload_int (ctx, "count", 0);

  count_subject_from_payload (ctx, &subject);
  switch (subject.object)
    {
    case COUNT_PILE:
      return vt_sql_exec (ctx, error,
                          "INSERT INTO pile (contest, pile, n, control, seq) "
                          "VALUES (?1, ?2, ?3, -1, ?4) "
                          "ON CONFLICT (contest, pile) DO UPDATE SET n = excluded.n, "
                          "control = -1, seq = excluded.seq",
                          "ssii", subject.key, subject.pile, count, ctx->seq);
    case COUNT_ROLL_MARKS:
      return vt_sql_exec (ctx, error,
                          "INSERT INTO roll_marks (table_id, day, n, control, seq) "
                          "VALUES (?1, ?2, ?3, -1, ?4) "
                          "ON CONFLICT (table_id, day) DO UPDATE SET n = excluded.n, "
                          "control = -1, seq = excluded.seq",
                          "siii", subject.key, subject.day, count, ctx->seq);
    case COUNT_ENVELOPES:
    default:
      return vt_sql_exec (ctx, error,
                          "INSERT INTO envelopes_counted (reason, n, control, live, seq, "
                          "explanation) VALUES (?1, ?2, -1, ?3, ?4, NULL) "
                          "ON CONFLICT (reason) DO UPDATE SET n = excluded.n, control = -1, "
                          "live = excluded.live, seq = excluded.seq, explanation = NULL",
                          "siii", subject.key, count, live_envelopes (ctx, subject.key),
                          ctx->seq);
    }
}

VT_RULE_APPLY (vt_apply_count_control)
{
  CountSubject subject;
  gint64 control = vt_payload_int (ctx, "control_count", 0);

  count_subject_from_payload (ctx, &subject);
  switch (subject.object)
    {
    case COUNT_PILE:
      return vt_sql_exec (ctx, error,
                          "UPDATE pile SET control = ?3, seq = ?4 WHERE contest = ?1 AND pile = ?2",
                          "ssii", subject.key, subject.pile, control, ctx->seq);
    case COUNT_ROLL_MARKS:
      return vt_sql_exec (ctx, error,
                          "UPDATE roll_marks SET control = ?3, seq = ?4 "
                          "WHERE table_id = ?1 AND day = ?2",
                          "siii", subject.key, subject.day, control, ctx->seq);
    case COUNT_ENVELOPES:
    default:
      return vt_sql_exec (ctx, error,
                          "UPDATE envelopes_counted SET control = ?2, live = ?3, seq = ?4, "
                          "explanation = ?5 WHERE reason = ?1",
                          vt_payload_has (ctx, "explanation") ? "siiis" : "siiin", subject.key,
                          control, live_envelopes (ctx, subject.key), ctx->seq,
                          vt_payload_string (ctx, "explanation"));
    }
}

/* ---- explanations ----------------------------------------------------------------------- */

/* What an explanation is about. Without a subject, only the one contest of a one-contest
 * election is meant; it follows from the configuration, so a rebuild finds the same. */
static const char *
explain_subject (VtRuleContext *ctx)
{
  GPtrArray *contests = vt_config_get_contests (ctx->config);

  const VtCheckInfo *info = vt_check_lookup (vt_payload_string (ctx, "code"));

  if (info != NULL && info->about == VT_CHECK_ABOUT_STRIPS)
    return "strips"; /* the station's strips as a whole */
  if (vt_payload_has (ctx, "subject"))
    return vt_payload_string (ctx, "subject");
  if (info != NULL && info->about == VT_CHECK_ABOUT_CONTEST && contests->len == 1)
    return ((VtContest *)g_ptr_array_index (contests, 0))->id;
  return NULL;
}

static char *
dup_ids (GPtrArray *array)
{
  GString *ids = g_string_new (NULL);

  /* Every element type of the configuration starts with its char *id, then its name (a
   * contest's name, a reason's label): the name is what the chair knows it by. */
  for (guint i = 0; i < array->len; i++)
    g_string_append_printf (ids, "%s“%s”", i > 0 ? ", " : "",
                            ((char **)g_ptr_array_index (array, i))[1]);
  return g_string_free (ids, FALSE);
}

/* ---- the items of an explanation -------------------------------------------------------- */

/* The kinds that may account for a difference of @info, by name: "Unstamped ballot in urn,
 * Wrong voter marked, …", as the chair knows them. */
static char *
dup_explaining_kind_names (const VtCheckInfo *info)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; info->explaining_kinds[i].kind != NULL; i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "",
                            vt_rules_kind_name (info->explaining_kinds[i].kind));
  return g_string_free (names, FALSE);
}

static char *
dup_reason_names (VtRuleContext     *ctx,
                  const VtCheckInfo *info)
{
  GString *names = g_string_new (NULL);
  guint n_contests = vt_config_get_contests (ctx->config)->len;

  for (guint i = 0; info->reasons[i].id != NULL; i++)
    if (info->reasons[i].min_contests <= n_contests)
      g_string_append_printf (names, "%s%s (“%s”)", names->len > 0 ? ", " : "",
                              info->reasons[i].id, vt_explain_reason_get_label (&info->reasons[i]));
  return g_string_free (names, FALSE);
}

/* The last recount of @contest still standing (not annulled), or 0. */
static gint64
last_recount (VtRuleContext *ctx,
              const char    *contest)
{
  return vt_sql_int (ctx, 0,
                     "SELECT max (j.seq) FROM journal j WHERE j.kind = ?1 "
                     "AND NOT EXISTS (SELECT 1 FROM correction c "
                     "WHERE c.target = j.seq AND c.annul = 1) "
                     "AND coalesce ((SELECT json_extract (c.changes, '$.contest') "
                     "FROM correction c WHERE c.target = j.seq AND c.annul = 0 "
                     "AND json_extract (c.changes, '$.contest') IS NOT NULL "
                     "ORDER BY c.seq DESC LIMIT 1), "
                     "json_extract (j.payload, '$.contest')) = ?2",
                     "ss", VT_KIND_COUNT_RECOUNTED, contest);
}

/* A recount of @contest after its count was complete: the ballots were counted again after
 * the difference showed. */
static gboolean
recounted_since_count (VtRuleContext *ctx,
                       const char    *contest)
{
  gint64 counted = vt_sql_int (ctx, 0, "SELECT max (seq) FROM pile WHERE contest = ?1", "s",
                               contest);

  return counted > 0 && last_recount (ctx, contest) > counted;
}

/* Whether one entry item may stand: the entry exists, is not annulled, is of a kind that
 * accounts for such a difference and still does, and counts one voter the kind's way. */
static gboolean
check_entry_item (VtRuleContext     *ctx,
                  const VtCheckInfo *info,
                  gint64             seq,
                  gint64             count,
                  GError           **error)
{
  g_autofree char *kind = vt_sql_string (ctx, "SELECT kind FROM journal WHERE seq = ?1", "i",
                                         seq);
  const VtExplainingKind *explaining = vt_check_find_explaining_kind (info, kind);

  if (kind == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.no-such-entry",
                           _("There is no entry %" PRId64 " in the log."), seq);
  if (explaining == NULL)
    {
      g_autofree char *kinds = dup_explaining_kind_names (info);

      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "explain.wrong-kind",
                             /* Translators: "Entry 12 (Note) does not account for …" */
                             _("Entry %" PRId64 " (%s) does not account for a difference "
                               "between ballots and roll marks; entries that do: %s."),
                             seq, vt_rules_kind_name (kind), kinds);
    }
  if (vt_sql_int (ctx, 0, "SELECT count (*) FROM correction WHERE target = ?1 AND annul = 1",
                  "i", seq) > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "explain.entry-annulled",
                           _("Entry %" PRId64 " (%s) is annulled and accounts for nothing."),
                           seq, vt_rules_kind_name (kind));
  if (explaining->live != NULL && vt_sql_int (ctx, 0, explaining->live, "i", seq) == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "explain.entry-settled",
                           _("Entry %" PRId64 " (%s) accounts for no difference now: what it "
                             "logged was settled later (the wrongly marked voter came, or the "
                             "outdoor vote is not finished)."), seq, vt_rules_kind_name (kind));
  if (count != 1 && count != -1)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.entry-count",
                           _("Entry %" PRId64 " (%s) is one voter: it accounts for +1 or −1, "
                             "not %+" PRId64 "."), seq, vt_rules_kind_name (kind), count);
  if (explaining->sign != 0 && explaining->sign != count)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.entry-sign",
                           explaining->sign > 0
                             ? _("Entry %" PRId64 " (%s) means one ballot more than marks: "
                                 "count it +1.")
                             : _("Entry %" PRId64 " (%s) means one mark more than ballots: "
                                 "count it −1."), seq, vt_rules_kind_name (kind));
  return TRUE;
}

static gboolean
check_reason_item (VtRuleContext     *ctx,
                   const VtCheckInfo *info,
                   const char        *id,
                   gint64             count,
                   GError           **error)
{
  const VtExplainReason *reason = vt_check_find_reason (info, id);
  guint n_contests = vt_config_get_contests (ctx->config)->len;

  if (reason == NULL || reason->min_contests > n_contests)
    {
      g_autofree char *reasons = dup_reason_names (ctx, info);

      if (reason != NULL)
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "explain.reason-not-here",
                               _("“%s” applies only in an election of two contests; the "
                                 "reasons here: %s."), vt_explain_reason_get_label (reason),
                               reasons);
      return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.unknown-reason",
                             _("“%s” is not a reason the board may declare; the reasons: %s."),
                             id, reasons);
    }
  if ((count > 0) != (reason->sign > 0))
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.reason-sign",
                           reason->sign > 0
                             ? _("“%s” means more ballots than marks: give it a count with +.")
                             : _("“%s” means more marks than ballots: give it a count with −."),
                           vt_explain_reason_get_label (reason));
  return TRUE;
}

/* The items of an explanation of @finding: each entry used once, every item sound, and their
 * counts adding up to the difference. */
static gboolean
check_items (VtRuleContext     *ctx,
             const VtCheckInfo *info,
             VtFinding         *finding,
             JsonArray         *items,
             GError           **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 sum = 0;

  g_array_set_size (seqs, json_array_get_length (items));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 count = json_object_get_int_member_with_default (item, "count", 0);

      if (json_object_has_member (item, "entry"))
        {
          gint64 *seq = &g_array_index (seqs, gint64, i);

          *seq = json_object_get_int_member (item, "entry");
          if (g_hash_table_contains (used, seq))
            return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.entry-twice",
                                   _("Entry %" PRId64 " is given twice; each entry accounts "
                                     "for its voter once."), *seq);
          g_hash_table_add (used, seq);
          if (!check_entry_item (ctx, info, *seq, count, error))
            return FALSE;
        }
      else if (!check_reason_item (ctx, info,
                                   json_object_get_string_member_with_default (item, "reason",
                                                                               ""),
                                   count, error))
        return FALSE;
      sum += count;
    }

  if (sum != finding->difference)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.items-do-not-add-up",
                           /* Translators: "The items add up to +1, but the difference for
                            * Kommunestyrevalget is +2 (ballots minus roll marks)…" */
                           _("The items add up to %+" PRId64 ", but the difference for %s is "
                             "%+" PRId64 " (ballots minus roll marks). Give items that add up "
                             "to it; a difference nothing accounts for stands as not "
                             "explained only after a recount of the contest."),
                           sum, contest_name (ctx->config, finding->subject),
                           finding->difference);
  return TRUE;
}

static JsonArray *
payload_array (JsonObject *payload,
               const char *field)
{
  JsonNode *node = json_object_get_member (payload, field);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* An explanation of a difference that takes items (K402): the items adding up to it, or "not
 * explained" after a recount. The entries alone, without counts, are the older form. */
static gboolean
check_explanation_items (VtRuleContext     *ctx,
                         const VtCheckInfo *info,
                         VtFinding         *finding,
                         GError           **error)
{
  JsonArray *items = payload_array (ctx->payload, "items");
  gboolean not_explained = vt_payload_bool (ctx, "not_explained");
  const char *contest = contest_name (ctx->config, finding->subject);

  if (vt_payload_has (ctx, "entries"))
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.entries-replaced",
                           _("An explanation of %s no longer takes “entries” alone: give "
                             "“items”, each a log entry or a declared reason with a count, "
                             "adding up to the difference."), finding->code);
  if (not_explained)
    {
      if (items != NULL && json_array_get_length (items) > 0)
        return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.items-or-not",
                               _("Give either the items that account for the difference, or "
                                 "that it is not explained, not both."));
      if (!recounted_since_count (ctx, finding->subject))
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "explain.recount-needed",
                               _("The difference for %s may stand as not explained only after "
                                 "a recount: count its ballots again pile by pile, correct any "
                                 "pile found different, log “%s”, and then explain it."),
                               contest, vt_rules_kind_name (VT_KIND_COUNT_RECOUNTED));
      return TRUE;
    }
  if (items == NULL || json_array_get_length (items) == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_NEEDS_REASON, "explain.items-needed",
                           _("Say what accounts for the difference of %+" PRId64 " for %s: "
                             "log entries and declared reasons, each with a count, adding up "
                             "to it. If nothing does, recount the contest; after the recount "
                             "it may stand as not explained."),
                           finding->difference, contest);
  return check_items (ctx, info, finding, items, error);
}

/* An explanation stands while what it rests on does: its items still add up (no entry
 * annulled or settled since), or the recount it followed is still in the log. An older
 * explanation, with entries alone, stands as it was given. */
static void
hold_explanation (VtRuleContext *ctx,
                  VtFinding     *finding)
{
  const VtCheckInfo *info = vt_check_lookup (finding->code);
  g_autofree char *kept = vt_sql_string (ctx, "SELECT entries FROM explanation "
                                              "WHERE code = ?1 AND subject = ?2",
                                         "ss", finding->code, finding->subject);
  g_autoptr(JsonNode) node = kept != NULL ? json_from_string (kept, NULL) : NULL;
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                         ? json_node_get_object (node) : NULL;
  JsonArray *items;
  gboolean holds = TRUE;

  if (object == NULL || !vt_check_takes_items (info))
    return;
  items = payload_array (object, "items");
  if (json_object_get_boolean_member_with_default (object, "not_explained", FALSE))
    {
      holds = recounted_since_count (ctx, finding->subject);
      finding->not_explained = holds;
    }
  else if (items != NULL)
    holds = check_items (ctx, info, finding, items, NULL);
  if (!holds)
    g_clear_pointer (&finding->explanation, g_free);
}

/* ---- explanations, checked --------------------------------------------------------------- */

VT_RULE_CHECK (vt_check_count_explain)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);
  const char *code = vt_payload_string (ctx, "code");
  const char *subject = explain_subject (ctx);
  const VtCheckInfo *info = vt_check_lookup (code);
  gboolean about_contest = info != NULL && info->about == VT_CHECK_ABOUT_CONTEST;
  gboolean about_strips = info != NULL && info->about == VT_CHECK_ABOUT_STRIPS;
  GPtrArray *subjects = about_contest ? vt_config_get_contests (ctx->config)
                                      : vt_config_get_envelope_reasons (ctx->config);
  g_autofree char *ids = dup_ids (subjects);
  gboolean known = about_strips;
  /* Which warnings may be explained, and which accepted, is the check table's to say (the
   * kinds' lists of codes are checked against it by /catalogue/checks/answerable). */
  gboolean answerable = info != NULL && (g_str_equal (ctx->kind, VT_KIND_COUNT_EXPLAIN)
                                           ? vt_check_can_be_explained (info)
                                           : vt_check_can_be_accepted (info));

  if (subject == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.subject-needed",
                           about_contest
                             ? _("Say which contest the explanation is about: one of %s.")
                             : _("Say which special-envelope reason the explanation is about: "
                                 "one of %s."), ids);

  for (guint i = 0; i < subjects->len; i++)
    known |= g_strcmp0 (*(char **)g_ptr_array_index (subjects, i), subject) == 0;
  if (!known)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.unknown-subject",
                           about_contest
                             ? _("“%s” is not a contest of this election: use one of %s.")
                             : _("“%s” is not a special-envelope reason of this station: use "
                                 "one of %s."), subject, ids);

  vt_checks_all (ctx, findings);
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (!answerable || !g_str_equal (finding->code, code) ||
          g_strcmp0 (finding->subject, subject) != 0 || finding->severity != VT_SEVERITY_WARNING)
        continue;
      /* warning.accept shares the question of what there is to answer, not the items. */
      if (!g_str_equal (ctx->kind, VT_KIND_COUNT_EXPLAIN))
        return TRUE;
      if (vt_check_takes_items (info))
        return check_explanation_items (ctx, info, finding, error);
      if ((payload_array (ctx->payload, "items") != NULL &&
           json_array_get_length (payload_array (ctx->payload, "items")) > 0) ||
          vt_payload_bool (ctx, "not_explained"))
        return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "explain.text-only",
                               _("%s is explained in words only, without items."), code);
      return TRUE;
    }

  if (about_strips)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "explain.nothing-to-explain",
                           _("There is no difference to explain for the seal strips: check %s "
                             "finds none now."), code);
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "explain.nothing-to-explain",
                         about_contest
                           ? _("There is no difference to explain for %s: check %s finds none "
                               "now.")
                           : _("There is no difference to explain for the envelopes “%s”: "
                               "check %s finds none now."),
                         about_contest ? contest_name (ctx->config, subject)
                                       : reason_label (ctx->config, subject), code);
}

/* Kept with its items, or that it is not explained, so that the finding can tell whether the
 * items still hold; an older explanation keeps its entries. */
VT_RULE_APPLY (vt_apply_count_explain)
{
  const char *subject = explain_subject (ctx);
  JsonNode *entries = json_object_get_member (ctx->payload, "entries");
  JsonArray *items = payload_array (ctx->payload, "items");
  g_autofree char *entries_json = NULL;

  if (subject == NULL)
    return TRUE; /* refused when it was given; nothing to keep in a rebuild */

  if (items != NULL || vt_payload_bool (ctx, "not_explained"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      if (vt_payload_bool (ctx, "not_explained"))
        {
          json_builder_set_member_name (builder, "not_explained");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (items != NULL)
        {
          json_builder_set_member_name (builder, "items");
          json_builder_add_value (builder, json_node_copy (json_object_get_member (ctx->payload,
                                                                                   "items")));
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      entries_json = json_to_string (root, FALSE);
    }
  else
    entries_json = entries != NULL && JSON_NODE_HOLDS_ARRAY (entries)
                     ? json_to_string (entries, FALSE) : g_strdup ("[]");

  return vt_sql_exec (ctx, error,
                      "INSERT INTO explanation (code, subject, text, entries, seq) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) "
                      "ON CONFLICT (code, subject) DO UPDATE SET text = excluded.text, "
                      "entries = excluded.entries, seq = excluded.seq",
                      "ssssi", vt_payload_string (ctx, "code"), subject,
                      vt_payload_string (ctx, "text"), entries_json, ctx->seq);
}

/* A recount is of a contest counted in full, whose ballots differ from the roll marks. */
VT_RULE_CHECK (vt_check_count_recounted)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);
  const char *contest = vt_payload_string (ctx, "contest");

  vt_checks_all (ctx, findings);
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (g_strcmp0 (finding->subject, contest) != 0)
        continue;
      if (g_str_equal (finding->code, VT_CHECK_K401))
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "recount.not-counted",
                               _("%s is not counted in full yet; a recount comes after the "
                                 "count: %s"), contest_name (ctx->config, contest),
                               finding->message);
      if (g_str_equal (finding->code, VT_CHECK_K402))
        return TRUE;
    }
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "recount.no-difference",
                         _("The ballots of %s agree with the roll marks: there is no difference "
                           "to recount for."), contest_name (ctx->config, contest));
}

/* ---- accepting a warning ----------------------------------------------------------------- */

/* @field names a board member who is here now. */
static gboolean
check_board_member_here (VtRuleContext *ctx,
                         const char    *field,
                         GError       **error)
{
  const char *id = vt_payload_string (ctx, field);
  const VtPerson *person = vt_config_find_person (ctx->config, id);

  if (person == NULL)
    return TRUE; /* the field's validation already refused it */
  if (!vt_role_is_board (person->role))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "accept.not-board-member",
                           _("A warning is accepted by two members of the board; %s is not a "
                             "member of it."), person->name);
  if (!vt_rules_is_present (ctx, id))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "accept.member-not-present",
                           _("%s is not registered as present. Log the arrival first: only "
                             "who is here accepts a warning."), person->name);
  return TRUE;
}

/* A warning the board cannot explain is accepted by two board members together, with the
 * reason: the same warning an explanation could answer, and two people, never one twice. */
VT_RULE_CHECK (vt_check_warning_accept)
{
  if (!vt_check_count_explain (ctx, error))
    return FALSE;
  if (g_strcmp0 (vt_payload_string (ctx, "member"),
                 vt_payload_string (ctx, "second_member")) == 0)
    {
      const VtPerson *person = vt_config_find_person (ctx->config,
                                                      vt_payload_string (ctx, "member"));

      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "accept.same-member",
                             _("A warning is accepted by two different board members; %s is "
                               "named twice. Name the second board member."),
                             person != NULL ? person->name : "?");
    }
  return check_board_member_here (ctx, "member", error) &&
         check_board_member_here (ctx, "second_member", error);
}

/* Kept where explanations are: the warning no longer blocks, and the reason is what the
 * protocol shows for it. */
VT_RULE_APPLY (vt_apply_warning_accept)
{
  const char *subject = explain_subject (ctx);

  if (subject == NULL)
    return TRUE;
  return vt_sql_exec (ctx, error,
                      "INSERT INTO explanation (code, subject, text, entries, seq) "
                      "VALUES (?1, ?2, ?3, '[]', ?4) "
                      "ON CONFLICT (code, subject) DO UPDATE SET text = excluded.text, "
                      "entries = excluded.entries, seq = excluded.seq",
                      "sssi", vt_payload_string (ctx, "code"), subject,
                      vt_payload_string (ctx, "reason"), ctx->seq);
}

/* ---- results ---------------------------------------------------------------------------- */

/* The urns still closed in the count: their ballots are in no pile yet. */
static char *
dup_closed_urns (VtRuleContext *ctx)
{
  /* The special-envelope urn holds envelopes for shipment 1, no ballots: it is not one of the
   * count's urns. */
  return dup_urn_list (ctx, "SELECT id FROM urn WHERE status IN ('sealed', 'full') "
                            "AND kind <> 'special-envelope' ORDER BY id");
}

VT_RULE_CHECK (vt_check_results_phoned)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autofree char *closed = dup_closed_urns (ctx);

  if (closed != NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "results.urn-not-opened",
                           /* Translators: %s lists urns, "M1, U3" */
                           _("Not every urn is opened for the count: %s. Open it, count its "
                             "ballots into the piles, and then phone in the results."), closed);

  vt_checks_all (ctx, findings);
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (!vt_finding_blocks_step (finding, VT_STEP_RESULTS))
        continue;
      if (finding->severity == VT_SEVERITY_ERROR)
        g_string_append_printf (reasons, "\n%s: %s", finding->code, finding->message);
      else if (vt_check_can_be_accepted (vt_check_lookup (finding->code)))
        /* Translators: a warning the board may explain, or accept with two board members */
        g_string_append_printf (reasons, _("\n%s: %s — explain it, or have two board members "
                                           "accept it"),
                                finding->code, finding->message);
      else
        /* Translators: a difference found by a check that the board has not explained */
        g_string_append_printf (reasons, _("\n%s: %s — explain the difference first"),
                                finding->code, finding->message);
    }

  if (reasons->len == 0)
    return TRUE;
  return vt_rule_refuse (error, VT_RULE_ERROR_BLOCKED, "results.blocked",
                         _("The results cannot be phoned in yet:%s"), reasons->str);
}

VT_RULE_APPLY (vt_apply_results_phoned)
{
  if (!vt_sql_exec (ctx, error,
                    "INSERT INTO results (id, phoned_to, seq) VALUES (1, ?1, ?2) "
                    "ON CONFLICT (id) DO UPDATE SET phoned_to = excluded.phoned_to, "
                    "seq = excluded.seq",
                    "si", vt_payload_string (ctx, "to"), ctx->seq))
    return FALSE;
  return vt_rules_set_phase (ctx, VT_PHASE_PROTOCOL, error);
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
  JsonArray *entries = payload_array (payload, "entries");
  JsonArray *items = payload_array (payload, "items");
  g_autofree char *about = NULL;
  char *summary;

  if (subject == NULL)
    about = g_strdup (code);
  else
    /* Translators: "K402, Kommunestyrevalget" */
    about = g_strdup_printf (_("%s, %s"), code,
                             info != NULL && info->about == VT_CHECK_ABOUT_REASON
                               ? reason_label (config, subject)
                               : contest_name (config, subject));

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
                                    reason_label (config, reason),
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
                                reason_label (config,
                                              json_object_get_string_member_with_default (
                                                payload, "reason", "")));
      else
        {
          const char *contest_id = json_object_get_string_member_with_default (payload,
                                                                               "contest", "");
          const VtContest *contest = vt_config_find_contest (config, contest_id);

          /* Translators: "Kommunestyrevalget, Arbeiderpartiet" */
          what = g_strdup_printf (_("%s, %s"), contest != NULL ? contest->name : contest_id,
                                  pile_label (contest,
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
                              pile_label (contest, pile),
                              json_object_get_int_member_with_default (payload, "count", 0));
    }

  if (g_str_equal (id, VT_KIND_COUNT_EXPLAIN))
    return summarise_explanation (config, payload);

  if (g_str_equal (id, VT_KIND_COUNT_RECOUNTED))
    {
      const char *contest = json_object_get_string_member_with_default (payload, "contest", "");

      /* Translators: "Kommunestyrevalget recounted, pile by pile" */
      return summarise_with_note (g_strdup_printf (_("%s recounted, pile by pile"),
                                                   contest_name (config, contest)),
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
