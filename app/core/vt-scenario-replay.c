/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-scenario"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "vt-checks.h"
#include "vt-error.h"
#include "vt-scenario-private.h"
#include "vt-station.h"
#include "vt-store.h"

/* Replaying a scenario whole (data/SCENARIOS.md): every step given at its own time on a new
 * training station, stopping at the first step that does not go as the scenario says, then
 * the scenario's "expect" checked. The reading is vt-scenario.c's. */

/* ---- replaying -------------------------------------------------------------------------- */

typedef struct
{
  GDateTime *now;
} Clock;

static GDateTime *
clock_now (gpointer data)
{
  Clock *clock = data;
  return g_date_time_ref (clock->now);
}

static gboolean
fail (GError   **error,
      int        code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError   **error,
      int        code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VT_SCENARIO_ERROR, code, message);
  return FALSE;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* "K101 (3 times), K402", sorted. */
static char *
codes_to_string (GPtrArray *codes)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  g_ptr_array_extend (sorted, codes, NULL, NULL);
  g_ptr_array_sort (sorted, compare_codes);
  for (guint i = 0; i < sorted->len;)
    {
      const char *code = g_ptr_array_index (sorted, i);
      guint n = 1;

      while (i + n < sorted->len && g_str_equal (g_ptr_array_index (sorted, i + n), code))
        n++;
      if (out->len > 0)
        g_string_append (out, ", ");
      if (n == 1)
        g_string_append (out, code);
      else
        /* Translators: a check code found several times: "K101 (14 times)" */
        g_string_append_printf (out, ngettext ("%s (%u time)", "%s (%u times)", n), code, n);
      i += n;
    }
  if (codes->len == 0)
    /* Translators: no numbered check has a finding */
    g_string_append (out, _("none"));
  return g_string_free (out, FALSE);
}

static gboolean
same_codes (GPtrArray *found,
            GPtrArray *expected)
{
  /* Copies that own nothing: g_ptr_array_copy () would take the free function along. */
  g_autoptr(GPtrArray) a = g_ptr_array_new ();
  g_autoptr(GPtrArray) b = g_ptr_array_new ();

  g_ptr_array_extend (a, found, NULL, NULL);
  g_ptr_array_extend (b, expected, NULL, NULL);

  if (a->len != b->len)
    return FALSE;
  g_ptr_array_sort (a, compare_codes);
  g_ptr_array_sort (b, compare_codes);
  for (guint i = 0; i < a->len; i++)
    if (!g_str_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static gboolean
check_expectations (Scenario         *scenario,
                    VtScenarioReport *report,
                    GError          **error)
{
  g_autoptr(GPtrArray) blocking = g_ptr_array_new ();
  g_autoptr(GPtrArray) explained = g_ptr_array_new ();
  g_autoptr(GString) problems = g_string_new (NULL);

  for (guint i = 0; i < report->findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (report->findings, i);
      g_ptr_array_add (vt_finding_blocks (finding) ? blocking : explained, finding->code);
    }

  if (scenario->expect_phase_set && report->phase != scenario->expect_phase)
    g_string_append_printf (problems, _("\n  expect.phase: the station is in the phase “%s”, "
                                        "not “%s”"),
                            vt_phase_to_string (report->phase),
                            vt_phase_to_string (scenario->expect_phase));

  if (scenario->expect_findings != NULL && !same_codes (blocking, scenario->expect_findings))
    {
      g_autofree char *found = codes_to_string (blocking);
      g_autofree char *expected = codes_to_string (scenario->expect_findings);
      g_string_append_printf (problems, _("\n  expect.findings: the checks found %s, not %s"),
                              found, expected);
    }

  if (scenario->expect_explained != NULL && !same_codes (explained, scenario->expect_explained))
    {
      g_autofree char *found = codes_to_string (explained);
      g_autofree char *expected = codes_to_string (scenario->expect_explained);
      g_string_append_printf (problems, _("\n  expect.explained: the explained differences are "
                                          "%s, not %s"), found, expected);
    }

  if (problems->len == 0)
    return TRUE;
  return fail (error, VT_SCENARIO_ERROR_EXPECTATION, _("%s: the end is not as expected:%s"),
               scenario->origin, problems->str);
}

/* ---- one step as a replay gives it -------------------------------------------------------- */

gboolean
vt_scenario_replay_step (Scenario         *scenario,
                         VtStation        *station,
                         const char       *basename,
                         Step             *step,
                         VtScenarioReport *report,
                         GError          **error)
{
  g_autofree char *label = vt_scenario_step_label (scenario, step);
  g_autofree char *number = vt_scenario_step_name (step->number);
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(GError) refusal = NULL;
  VtStore *store = vt_station_get_store (station);
  gint64 seq;

  entry = vt_scenario_give_step (scenario, station, basename, step, &refusal);
  seq = entry != NULL ? vt_journal_entry_get_seq (entry) : vt_store_get_n_entries (store);

  if (entry != NULL && !step->expect_refused)
    {
      /* as written */
    }
  else if (entry != NULL)
    {
      step->seq = 0;
      report->failed_step = step->number;
      report->failed_entry = seq;
      /* Translators: %s are the scenario's file name and the step ("day 1 10:12
       * seal.break") */
      return fail (error, VT_SCENARIO_ERROR_ACCEPTED,
                   _("%s: %s (%s) was accepted as entry %" PRId64 ", but it is meant to be "
                     "refused"), scenario->origin, number, label, seq);
    }
  else if (entry == NULL && refusal->domain != VT_RULE_ERROR)
    {
      report->failed_step = step->number;
      return fail (error, VT_SCENARIO_ERROR_REFUSED, _("%s: %s (%s): could not be saved: %s"),
                   scenario->origin, number, label, refusal->message);
    }
  else if (!step->expect_refused)
    {
      report->failed_step = step->number;
      report->failed_entry = seq;
      report->failed_rule = g_strdup (vt_rule_error_get_rule (refusal));
      /* Translators: "busy.json: step 12 (10:12 seal.break): refused: …" */
      return fail (error, VT_SCENARIO_ERROR_REFUSED, _("%s: %s (%s): refused: %s"),
                   scenario->origin, number, label, refusal->message);
    }
  else if (step->rule != NULL &&
           !g_str_equal (step->rule, vt_rule_error_get_rule (refusal)))
    {
      report->failed_step = step->number;
      report->failed_entry = seq;
      report->failed_rule = g_strdup (vt_rule_error_get_rule (refusal));
      return fail (error, VT_SCENARIO_ERROR_REFUSED,
                   _("%s: %s (%s): refused by the rule “%s”, not “%s” as the scenario "
                     "expects: %s"), scenario->origin, number, label,
                   vt_rule_error_get_rule (refusal), step->rule, refusal->message);
    }
  else
    {
      report->n_refused++;
      /* Translators: "step 12 (10:12 seal.break): refused as expected (seal.…): …" */
      g_ptr_array_add (report->messages,
                       g_strdup_printf (_("%s (%s): refused as expected (%s): %s"), number,
                                        label, vt_rule_error_get_rule (refusal),
                                        refusal->message));
    }

  g_array_append_val (report->step_entries, seq);
  report->n_done++;
  report->n_confirmed = vt_store_get_n_entries (store);
  return TRUE;
}

/**
 * vt_scenario_replay:
 * @scenario_path: a scenario file (data/SCENARIOS.md)
 * @station_path: the station file to make; it must not exist
 * @report: (out caller-allocates): filled in as far as the replay got, also on failure
 *
 * Reads and checks the whole scenario, makes a new training station at @station_path from its
 * election, and gives every step through vt_station_execute () at the step's time. Stops at the
 * first step refused that was not meant to be, or accepted that was meant to be refused, and
 * then checks the scenario's "expect".
 *
 * Returns: %TRUE when every step went as written and the end is as expected
 */
gboolean
vt_scenario_replay (const char       *scenario_path,
                    const char       *station_path,
                    VtScenarioReport *report,
                    GError          **error)
{
  return vt_scenario_replay_full (scenario_path, station_path, VT_SCENARIO_FLAGS_NONE, report,
                                  error);
}

/**
 * vt_scenario_replay_full:
 * @flags: %VT_SCENARIO_FLAGS_KEEP_DATES to replay on the configuration's own dates, as a real
 *   or training station as the configuration says
 *
 * As vt_scenario_replay (). Either way the station's first entry records the scenario's name
 * and SHA-256 (vt_station_get_replay_origin ()).
 */
gboolean
vt_scenario_replay_full (const char       *scenario_path,
                         const char       *station_path,
                         VtScenarioFlags   flags,
                         VtScenarioReport *report,
                         GError          **error)
{
  gboolean keep_dates = (flags & VT_SCENARIO_FLAGS_KEEP_DATES) != 0;
  g_autoptr(Scenario) scenario = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autofree char *basename = NULL;
  Clock clock = { NULL };
  gboolean ok = TRUE;

  g_return_val_if_fail (scenario_path != NULL, FALSE);
  g_return_val_if_fail (station_path != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  report->messages = g_ptr_array_new_with_free_func (g_free);
  report->step_entries = g_array_new (FALSE, TRUE, sizeof (gint64));

  scenario = vt_scenario_read (scenario_path, keep_dates, error);
  if (scenario == NULL)
    return FALSE;
  report->title = g_strdup (scenario->title);
  report->sha256 = g_strdup (scenario->sha256);
  report->n_steps = scenario->steps->len;
  if (report->n_steps == 0)
    {
      g_set_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID,
                   _("%s: steps: every step is a comment; give at least one command"),
                   scenario->origin);
      return FALSE;
    }

  station = vt_scenario_create_station (scenario, station_path, keep_dates, error);
  if (station == NULL)
    return FALSE;
  report->created = TRUE;
  report->n_confirmed = vt_store_get_n_entries (vt_station_get_store (station));
  report->training = vt_station_get_training (station);

  /* From here on the station's own configuration: a training election's days have moved to
   * the day it was created. */
  g_set_object (&scenario->config, vt_station_get_config (station));
  vt_station_set_clock (station, clock_now, &clock);
  basename = g_path_get_basename (scenario_path);

  for (guint i = 0; ok && i < scenario->steps->len; i++)
    {
      Step *step = g_ptr_array_index (scenario->steps, i);

      g_clear_pointer (&clock.now, g_date_time_unref);
      clock.now = vt_scenario_step_time (scenario->config, step->day, step->minutes);
      if (clock.now == NULL)
        {
          g_autofree char *label = vt_scenario_step_label (scenario, step);
          g_autofree char *number = vt_scenario_step_name (step->number);

          /* Only a time the clocks skip, on the night daylight saving time starts. */
          report->failed_step = step->number;
          ok = fail (error, VT_SCENARIO_ERROR_INVALID, _("%s: %s (%s): there is no such time on "
                                                         "that day"),
                     scenario->origin, number, label);
          break;
        }
      ok = vt_scenario_replay_step (scenario, station, basename, step, report, error);
    }

  report->n_entries = vt_store_get_n_entries (vt_station_get_store (station));
  report->phase = vt_station_get_phase (station);
  report->findings = vt_station_run_checks (station);
  vt_station_set_clock (station, NULL, NULL);
  g_clear_pointer (&clock.now, g_date_time_unref);

  return ok && check_expectations (scenario, report, error);
}

/* What the replay did, a few lines for the terminal. */
char *
vt_scenario_report_dup_summary (VtScenarioReport *report)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append_printf (out, "%s\n", report->title != NULL ? report->title : "");
  if (report->n_refused == 0)
    g_string_append_printf (out, _("  steps:     %u of %u replayed\n"), report->n_done,
                            report->n_steps);
  else
    /* Translators: "  steps:     174 of 174 replayed, 4 of them refused as expected" */
    g_string_append_printf (out, ngettext ("  steps:     %u of %u replayed, %u of them refused "
                                           "as expected\n",
                                           "  steps:     %u of %u replayed, %u of them refused "
                                           "as expected\n", report->n_refused),
                            report->n_done, report->n_steps, report->n_refused);
  g_string_append_printf (out, _("  entries:   %" PRId64 "\n"), report->n_entries);
  g_string_append_printf (out, _("  phase:     %s (%s)\n"), vt_phase_to_string (report->phase),
                          vt_phase_get_label (report->phase));
  if (report->findings == NULL || report->findings->len == 0)
    g_string_append (out, _("  findings:  none\n"));
  else
    {
      g_string_append (out, _("  findings:\n"));
      for (guint i = 0; i < report->findings->len; i++)
        {
          VtFinding *finding = g_ptr_array_index (report->findings, i);
          const char *severity = finding->severity == VT_SEVERITY_ERROR ? _("error")
                                                                        : _("warning");

          g_string_append_printf (out, "    %s %s: %s\n", finding->code, severity,
                                  finding->message);
          if (finding->explanation != NULL)
            g_string_append_printf (out, _("         explained: %s\n"), finding->explanation);
        }
    }
  return g_string_free (out, FALSE);
}

void
vt_scenario_report_clear (VtScenarioReport *report)
{
  g_clear_pointer (&report->title, g_free);
  g_clear_pointer (&report->sha256, g_free);
  g_clear_pointer (&report->failed_rule, g_free);
  g_clear_pointer (&report->findings, g_ptr_array_unref);
  g_clear_pointer (&report->messages, g_ptr_array_unref);
  g_clear_pointer (&report->step_entries, g_array_unref);
}
