/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules-count"

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

/* The preliminary count and what follows it: the piles of each contest, every count given by
 * one board member and control-counted by another (piles, and also the closing's roll marks
 * and special envelopes), the differences the count shows (K402, K403, K404) with the log
 * entries that may account for them, the board's explanations and acceptances, and the
 * results phoned in. The tables are the closing module's (vt-rules-closing.c), which also
 * holds the helpers both files use (vt_closing_*). */

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
      finding->explanation = vt_closing_dup_explanation (ctx, limits[i].code, contest->id,
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

void
vt_checks_count (VtRuleContext *ctx,
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
          g_string_append (list, vt_closing_pile_label (contest, pile));
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
      finding->explanation = vt_closing_dup_explanation (ctx, VT_CHECK_K402, contest->id,
                                              last_change_k402 (ctx, contest->id));
      if (finding->explanation != NULL)
        hold_explanation (ctx, finding);
      add_proposals (ctx, finding);
      g_ptr_array_add (findings, finding);
    }
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
        return g_strdup_printf (_("the pile “%s” of %s"), vt_closing_pile_label (contest, subject->pile),
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
                              vt_closing_reason_label (ctx->config, subject->key));
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
                               vt_closing_pile_label (contest, subject->pile),
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
                             vt_closing_reason_label (ctx->config, subject->key), seq);
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
  if (vt_config_get_count_mode (ctx->config) == VT_COUNT_TOTALS_ONLY && !vt_closing_is_total_pile (pile))
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
  if (subject.object == COUNT_ROLL_MARKS && !vt_closing_day_is_over (ctx, subject.day))
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
      gint64 live = vt_closing_live_envelopes (ctx, subject.key);

      if (control == row.n && control != live && !vt_payload_has (ctx, "explanation"))
        return vt_rule_refuse (error, VT_RULE_ERROR_NEEDS_REASON,
                               "envelopes.difference-unexplained",
                               _("%" PRId64 " envelopes “%s” were counted, but %" PRId64 " were "
                                 "logged during the day. Count them again, or give the "
                                 "explanation of the difference."),
                               control, vt_closing_reason_label (ctx->config, subject.key), live);
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
                          "siii", subject.key, count, vt_closing_live_envelopes (ctx, subject.key),
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
                          control, vt_closing_live_envelopes (ctx, subject.key), ctx->seq,
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
                           sum, vt_closing_contest_name (ctx->config, finding->subject),
                           finding->difference);
  return TRUE;
}

JsonArray *
vt_closing_payload_array (JsonObject *payload,
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
  JsonArray *items = vt_closing_payload_array (ctx->payload, "items");
  gboolean not_explained = vt_payload_bool (ctx, "not_explained");
  const char *contest = vt_closing_contest_name (ctx->config, finding->subject);

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
  items = vt_closing_payload_array (object, "items");
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
      if ((vt_closing_payload_array (ctx->payload, "items") != NULL &&
           json_array_get_length (vt_closing_payload_array (ctx->payload, "items")) > 0) ||
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
                         about_contest ? vt_closing_contest_name (ctx->config, subject)
                                       : vt_closing_reason_label (ctx->config, subject), code);
}

/* Kept with its items, or that it is not explained, so that the finding can tell whether the
 * items still hold; an older explanation keeps its entries. */
VT_RULE_APPLY (vt_apply_count_explain)
{
  const char *subject = explain_subject (ctx);
  JsonNode *entries = json_object_get_member (ctx->payload, "entries");
  JsonArray *items = vt_closing_payload_array (ctx->payload, "items");
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
                                 "count: %s"), vt_closing_contest_name (ctx->config, contest),
                               finding->message);
      if (g_str_equal (finding->code, VT_CHECK_K402))
        return TRUE;
    }
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "recount.no-difference",
                         _("The ballots of %s agree with the roll marks: there is no difference "
                           "to recount for."), vt_closing_contest_name (ctx->config, contest));
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
  return vt_closing_dup_urn_list (ctx, "SELECT id FROM urn WHERE status IN ('sealed', 'full') "
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
