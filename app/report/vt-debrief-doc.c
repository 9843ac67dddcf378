/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-debrief-doc"

#include "config.h"

#include <inttypes.h>
#include "vt-i18n.h"

#include "vt-debrief-doc.h"
#include "vt-entry-kind.h"

/* A debrief names kinds, tasks, rules and entry numbers only: never a voter. */

static const char *
kind_name (const char *kind_id)
{
  const VtEntryKind *kind = kind_id != NULL ? vt_entry_kind_lookup (kind_id) : NULL;

  return kind != NULL ? vt_entry_kind_get_name (kind) : (kind_id != NULL ? kind_id : "");
}

/* "12:37", or "day 2, 12:37" when the election has more than one day. */
static char *
format_time (VtDebrief *debrief,
             int        day,
             int        minutes)
{
  if (vt_debrief_get_n_days (debrief) > 1)
    /* Translators: a time on an election of several days: "day 2, 12:37" */
    return g_strdup_printf (_("day %d, %02d:%02d"), day, minutes / 60, minutes % 60);
  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

static char *
format_outcome (const VtDebriefRow *row)
{
  switch (row->outcome)
    {
    case VT_DEBRIEF_DONE:
      return g_strdup (_("done"));
    case VT_DEBRIEF_DONE_LATE:
      {
        int late = (row->day - row->expected_day) * 24 * 60 + row->minutes
          - (row->expected_minutes + row->within);
        /* Translators: a trainee step done after its time; %d is minutes */
        return g_strdup_printf (_("done late (%d min late)"), MAX (late, 0));
      }
    case VT_DEBRIEF_MISSED:
      return g_strdup (_("missed"));
    case VT_DEBRIEF_DONE_WRONG:
      if (row->rule != NULL)
        /* Translators: a trainee step tried and refused; %s names the rule that refused it */
        return g_strdup_printf (_("done wrong (%s)"), row->rule);
      return g_strdup (_("done wrong"));
    case VT_DEBRIEF_NOT_DUE:
      /* Translators: a trainee step whose time has not come yet in a session still running */
      return g_strdup (_("not due yet"));
    default:
      g_assert_not_reached ();
    }
}

static char *
format_seq (gint64 seq)
{
  return seq > 0 ? g_strdup_printf ("%" PRId64, seq) : g_strdup ("");
}

static VtDoc *
new_doc (VtScenario *scenario,
         const char *language)
{
  VtDoc *doc = vt_doc_new (_("Debrief — TRAINING"));
  /* Training said in words as well as by the diagonal mark (drawn as outlines), as every
   * training document says it: a photocopy or a text search cannot miss it. */
  g_autofree char *left = g_strdup_printf ("%s · %s", _("TRAINING ELECTION"),
                                           vt_scenario_get_title (scenario));

  if (language != NULL)
    vt_doc_set_language (doc, language);
  /* The same mark as every training document's. */
  vt_doc_set_watermark (doc, _("TRAINING — not valid"));
  vt_doc_set_header (doc, left, _("Debrief — TRAINING"));
  vt_doc_set_footer (doc, _("Training: this document is no part of any election."));
  return doc;
}

static void
add_counts (VtDoc     *doc,
            VtDebrief *debrief)
{
  guint n_mistakes = 0;
  g_autofree char *text = NULL;

  vt_debrief_get_other_mistakes (debrief, &n_mistakes);
  /* Translators: the count of each outcome at the end of a trainee's debrief */
  text = g_strdup_printf (_("Done: %u. Done late: %u. Missed: %u. Done wrong: %u. "
                            "Other mistakes: %u."),
                          vt_debrief_count (debrief, VT_DEBRIEF_DONE),
                          vt_debrief_count (debrief, VT_DEBRIEF_DONE_LATE),
                          vt_debrief_count (debrief, VT_DEBRIEF_MISSED),
                          vt_debrief_count (debrief, VT_DEBRIEF_DONE_WRONG), n_mistakes);
  vt_doc_paragraph (doc, text);
}

/* One trainee's debrief, into @doc. */
static void
add_trainee (VtDoc      *doc,
             VtScenario *scenario,
             VtDebrief  *debrief,
             const char *trainee)
{
  const char *description = vt_scenario_get_description (scenario);
  const VtDebriefRow *rows;
  const VtDebriefMistake *mistakes;
  guint n_rows = 0, n_mistakes = 0;
  int first_day, first_minutes, last_day, last_minutes;
  VtDocTable *table;
  g_autofree char *heading = g_strdup_printf (_("Debrief for %s — TRAINING"), trainee);

  vt_doc_heading (doc, 1, heading);
  vt_doc_heading (doc, 2, vt_scenario_get_title (scenario));
  if (description != NULL && *description != '\0')
    vt_doc_paragraph (doc, description);
  if (vt_debrief_get_span (debrief, &first_day, &first_minutes, &last_day, &last_minutes))
    {
      g_autofree char *from = format_time (debrief, first_day, first_minutes);
      g_autofree char *to = format_time (debrief, last_day, last_minutes);
      /* Translators: when the training session ran: its first journal entry, and its last or
       * (while it still runs) the time on its clock */
      g_autofree char *ran = g_strdup_printf (_("The session ran from %s to %s."), from, to);
      vt_doc_note (doc, ran);
    }
  else
    vt_doc_note (doc, _("The trainee's station has no entries."));

  vt_doc_heading (doc, 3, _("The trainee's tasks"));
  if (vt_debrief_get_n_given (debrief) > 0)
    {
      g_autofree char *given = g_strdup_printf (
        /* Translators: a session started part-way: the steps before were replayed */
        ngettext ("%u task was done by the session before the trainee took over; it is not "
                  "listed.",
                  "%u tasks were done by the session before the trainee took over; they are "
                  "not listed.", vt_debrief_get_n_given (debrief)),
        vt_debrief_get_n_given (debrief));
      vt_doc_note (doc, given);
    }
  rows = vt_debrief_get_rows (debrief, &n_rows);
  table = vt_doc_table_new (doc, 5);
  vt_doc_table_set_column (table, 0, _("Expected"), 1.3, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, _("Task"), 4.6, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 2, _("Outcome"), 2.8, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 3, _("Time"), 1.3, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 4, _("Entry"), 1.2, VT_DOC_ALIGN_RIGHT);
  for (guint i = 0; i < n_rows; i++)
    {
      const VtDebriefRow *row = &rows[i];
      g_autofree char *expected = format_time (debrief, row->expected_day, row->expected_minutes);
      g_autofree char *outcome = format_outcome (row);
      g_autofree char *when = row->seq > 0 ? format_time (debrief, row->day, row->minutes)
                                           : g_strdup ("");
      g_autofree char *seq = format_seq (row->seq);
      const char *cells[] = { expected, row->task != NULL ? row->task : kind_name (row->kind),
                              outcome, when, seq };

      vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, cells);
    }
  vt_doc_table_end (table);
  if (n_rows == 0)
    vt_doc_paragraph (doc, _("The session has no trainee steps."));

  vt_doc_heading (doc, 3, _("Other mistakes"));
  mistakes = vt_debrief_get_other_mistakes (debrief, &n_mistakes);
  if (n_mistakes == 0)
    vt_doc_paragraph (doc, _("None: no other command was refused."));
  else
    {
      vt_doc_note (doc, _("Commands the rules refused that no task asked for."));
      table = vt_doc_table_new (doc, 4);
      vt_doc_table_set_column (table, 0, _("Time"), 1.3, VT_DOC_ALIGN_LEFT);
      vt_doc_table_set_column (table, 1, _("Command tried"), 4.0, VT_DOC_ALIGN_LEFT);
      vt_doc_table_set_column (table, 2, _("Rule"), 4.0, VT_DOC_ALIGN_LEFT);
      vt_doc_table_set_column (table, 3, _("Entry"), 1.2, VT_DOC_ALIGN_RIGHT);
      for (guint i = 0; i < n_mistakes; i++)
        {
          g_autofree char *when = format_time (debrief, mistakes[i].day, mistakes[i].minutes);
          g_autofree char *seq = format_seq (mistakes[i].seq);
          const char *cells[] = { when, kind_name (mistakes[i].kind),
                                  mistakes[i].rule != NULL ? mistakes[i].rule : "", seq };

          vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, cells);
        }
      vt_doc_table_end (table);
    }
  vt_doc_heading (doc, 3, _("In all"));
  add_counts (doc, debrief);
}

/**
 * vt_debrief_doc_build:
 *
 * Returns: (transfer full): the trainee's debrief
 */
VtDoc *
vt_debrief_doc_build (VtScenario *scenario,
                      VtDebrief  *debrief,
                      const char *trainee,
                      const char *language)
{
  VtDebrief * const debriefs[] = { debrief };
  const char * const trainees[] = { trainee };

  g_return_val_if_fail (scenario != NULL && debrief != NULL, NULL);
  g_return_val_if_fail (language == NULL || vt_i18n_language_is_known (language), NULL);

  {
    g_auto(VtLanguageScope) scope = language != NULL ? vt_language_scope (language)
                                                     : vt_i18n_get_thread_language ();
    VtDoc *doc = new_doc (scenario, language);

    add_trainee (doc, scenario, debriefs[0],
                 trainees[0] != NULL ? trainees[0] : _("the trainee"));
    return doc;
  }
}

/* One of the classroom's most common mistakes: a step missed, late or done wrong, or a rule
 * that refused; with the trainees who made it. */
typedef struct
{
  char  *what;
  guint  n_trainees;
  guint  last_trainee;   /* 1-based: the last trainee counted, so each counts once */
} Common;

static void
common_free (gpointer data)
{
  Common *common = data;

  g_free (common->what);
  g_free (common);
}

static void
count_common (GPtrArray  *commons,
              GHashTable *by_what,
              char       *what,      /* taken */
              guint       trainee)
{
  Common *common = g_hash_table_lookup (by_what, what);

  if (common == NULL)
    {
      common = g_new0 (Common, 1);
      common->what = what;
      g_ptr_array_add (commons, common);
      g_hash_table_insert (by_what, common->what, common);
    }
  else
    g_free (what);
  if (common->last_trainee != trainee)
    {
      common->n_trainees++;
      common->last_trainee = trainee;
    }
}

static int
common_compare (gconstpointer a,
                gconstpointer b)
{
  const Common *ca = *(const Common * const *)a;
  const Common *cb = *(const Common * const *)b;

  return (int)cb->n_trainees - (int)ca->n_trainees;
}

static void
add_common_mistakes (VtDoc              *doc,
                     VtDebrief * const  *debriefs,
                     guint               n)
{
  g_autoptr(GPtrArray) commons = g_ptr_array_new_with_free_func (common_free);
  g_autoptr(GHashTable) by_what = g_hash_table_new (g_str_hash, g_str_equal);
  VtDocTable *table;

  for (guint t = 0; t < n; t++)
    {
      guint n_rows = 0, n_mistakes = 0;
      const VtDebriefRow *rows = vt_debrief_get_rows (debriefs[t], &n_rows);
      const VtDebriefMistake *mistakes = vt_debrief_get_other_mistakes (debriefs[t], &n_mistakes);

      for (guint i = 0; i < n_rows; i++)
        {
          const char *task = rows[i].task != NULL ? rows[i].task : kind_name (rows[i].kind);
          char *what = NULL;

          if (rows[i].outcome == VT_DEBRIEF_MISSED)
            /* Translators: a most common mistake: %s is the task */
            what = g_strdup_printf (_("Missed: %s"), task);
          else if (rows[i].outcome == VT_DEBRIEF_DONE_LATE)
            what = g_strdup_printf (_("Late: %s"), task);
          else if (rows[i].outcome == VT_DEBRIEF_DONE_WRONG)
            what = g_strdup_printf (_("Done wrong: %s"), task);
          if (what != NULL)
            count_common (commons, by_what, what, t + 1);
          if (rows[i].outcome == VT_DEBRIEF_DONE_WRONG && rows[i].rule != NULL)
            count_common (commons, by_what,
                          /* Translators: a most common mistake: %s is the rule */
                          g_strdup_printf (_("Refused by rule: %s"), rows[i].rule), t + 1);
        }
      for (guint i = 0; i < n_mistakes; i++)
        if (mistakes[i].rule != NULL)
          count_common (commons, by_what,
                        g_strdup_printf (_("Refused by rule: %s"), mistakes[i].rule), t + 1);
    }
  g_ptr_array_sort (commons, common_compare);

  vt_doc_heading (doc, 2, _("The most common mistakes"));
  if (commons->len == 0)
    {
      vt_doc_paragraph (doc, _("None: every trainee did every task on time."));
      return;
    }
  table = vt_doc_table_new (doc, 2);
  vt_doc_table_set_column (table, 0, _("Mistake"), 6.0, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, _("Trainees"), 1.2, VT_DOC_ALIGN_RIGHT);
  for (guint i = 0; i < commons->len; i++)
    {
      Common *common = g_ptr_array_index (commons, i);
      g_autofree char *count = g_strdup_printf ("%u", common->n_trainees);
      const char *cells[] = { common->what, count };

      vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, cells);
    }
  vt_doc_table_end (table);
}

/**
 * vt_debrief_doc_build_classroom:
 *
 * Returns: (transfer full): the classroom's debrief
 */
VtDoc *
vt_debrief_doc_build_classroom (VtScenario         *scenario,
                                VtDebrief * const  *debriefs,
                                const char * const *trainees,
                                guint               n,
                                const char         *language)
{
  g_return_val_if_fail (scenario != NULL && (debriefs != NULL || n == 0), NULL);
  g_return_val_if_fail (language == NULL || vt_i18n_language_is_known (language), NULL);

  {
    g_auto(VtLanguageScope) scope = language != NULL ? vt_language_scope (language)
                                                     : vt_i18n_get_thread_language ();
    VtDoc *doc = new_doc (scenario, language);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *description = vt_scenario_get_description (scenario);
    VtDocTable *table;

    for (guint t = 0; t < n; t++)
      g_ptr_array_add (names, trainees != NULL && trainees[t] != NULL
                              ? g_strdup (trainees[t])
                              /* Translators: a trainee with no name given; %u counts from 1 */
                              : g_strdup_printf (_("Trainee %u"), t + 1));

    vt_doc_heading (doc, 1, _("Classroom debrief — TRAINING"));
    vt_doc_heading (doc, 2, vt_scenario_get_title (scenario));
    if (description != NULL && *description != '\0')
      vt_doc_paragraph (doc, description);

    vt_doc_heading (doc, 2, _("The trainees"));
    table = vt_doc_table_new (doc, 6);
    vt_doc_table_set_column (table, 0, _("Trainee"), 4.0, VT_DOC_ALIGN_LEFT);
    vt_doc_table_set_column (table, 1, _("Done"), 1.0, VT_DOC_ALIGN_RIGHT);
    vt_doc_table_set_column (table, 2, _("Late"), 1.0, VT_DOC_ALIGN_RIGHT);
    vt_doc_table_set_column (table, 3, _("Missed"), 1.0, VT_DOC_ALIGN_RIGHT);
    vt_doc_table_set_column (table, 4, _("Wrong"), 1.0, VT_DOC_ALIGN_RIGHT);
    vt_doc_table_set_column (table, 5, _("Other mistakes"), 1.6, VT_DOC_ALIGN_RIGHT);
    for (guint t = 0; t < n; t++)
      {
        guint n_mistakes = 0;
        g_autofree char *done = NULL, *late = NULL, *missed = NULL, *wrong = NULL, *other = NULL;

        vt_debrief_get_other_mistakes (debriefs[t], &n_mistakes);
        done = g_strdup_printf ("%u", vt_debrief_count (debriefs[t], VT_DEBRIEF_DONE));
        late = g_strdup_printf ("%u", vt_debrief_count (debriefs[t], VT_DEBRIEF_DONE_LATE));
        missed = g_strdup_printf ("%u", vt_debrief_count (debriefs[t], VT_DEBRIEF_MISSED));
        wrong = g_strdup_printf ("%u", vt_debrief_count (debriefs[t], VT_DEBRIEF_DONE_WRONG));
        other = g_strdup_printf ("%u", n_mistakes);
        {
          const char *cells[] = { g_ptr_array_index (names, t), done, late, missed, wrong, other };
          vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, cells);
        }
      }
    vt_doc_table_end (table);

    add_common_mistakes (doc, debriefs, n);

    for (guint t = 0; t < n; t++)
      {
        vt_doc_page_break (doc);
        add_trainee (doc, scenario, debriefs[t], g_ptr_array_index (names, t));
      }
    return doc;
  }
}
