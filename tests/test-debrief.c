/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vt-debrief.h"
#include "vt-scenario.h"
#include "vt-test-util.h"
#include "vt-test-training.h"

/* The debrief (vt-debrief.h): a trainee's station read against the library's session. The
 * trainee's stations are made by replaying the session itself (the model answer: all done)
 * or a copy the test changes: a step left out, a step done an hour late, a step tried the
 * wrong way and refused. */

static VtDebrief *
debrief (VtScenario *scenario,
         const char *station)
{
  g_autoptr(GError) error = NULL;
  VtDebrief *debrief = vt_debrief_new (scenario, station, &error);

  g_assert_no_error (error);
  g_assert_nonnull (debrief);
  return debrief;
}

/* @station's election day 1 at @hhmm, in the election's time zone. */
static GDateTime *
station_time (const char *station,
              const char *hhmm)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) opened = vt_station_open_read_only (station, &error);
  VtConfig *config;
  VtElectionDay *day;
  g_autofree char *iso = NULL;

  g_assert_no_error (error);
  config = vt_station_get_config (opened);
  day = g_ptr_array_index (vt_config_get_days (config), 0);
  iso = g_strdup_printf ("%sT%s:00", day->date, hhmm);
  return g_date_time_new_from_iso8601 (iso, vt_config_get_timezone (config));
}

/* The model answer: every session of the library played whole (a copy of it: a trainee's
 * own run) is every trainee step done, at the time the session expects, and no other
 * mistake. The session itself replayed gave every trainee step itself: none is the
 * trainee's, no row. */
static void
test_model_answer (void)
{
  static const char * const languages[] = { "nb", "nn" };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("valgting-debrief-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autofree char *dir_path = g_path_get_dirname (vt_test_training_path (languages[l], "x.json"));
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
      const char *name;
      guint n_sessions = 0;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autoptr(VtScenario) scenario = NULL;
          g_autoptr(VtDebrief) result = NULL;
          g_autofree char *station = NULL;
          const VtScenarioStep *steps;
          const VtDebriefRow *rows;
          guint n_steps, n_rows, n_trainee = 0, n_mistakes = 99;

          if (!g_str_has_suffix (name, ".json"))
            continue;
          scenario = vt_test_training_load (languages[l], name);
          station = vt_test_training_station (tmp, languages[l], name, "model",
                                              vt_test_training_copy);
          result = debrief (scenario, station);
          steps = vt_scenario_get_steps (scenario, &n_steps);
          rows = vt_debrief_get_rows (result, &n_rows);
          for (guint s = 0; s < n_steps; s++)
            if (steps[s].role == VT_SCENARIO_STEP_TRAINEE)
              {
                g_assert_cmpuint (n_trainee, <, n_rows);
                g_assert_cmpuint (rows[n_trainee].step_number, ==, steps[s].number);
                g_assert_cmpstr (rows[n_trainee].task, ==, steps[s].task);
                g_assert_cmpstr (rows[n_trainee].kind, ==, steps[s].kind);
                if (rows[n_trainee].outcome != VT_DEBRIEF_DONE)
                  g_error ("%s/%s: step %u: outcome %d", languages[l], name, steps[s].number,
                           rows[n_trainee].outcome);
                g_assert_cmpint (rows[n_trainee].seq, >, 0);
                g_assert_cmpint (rows[n_trainee].expected_day, ==, steps[s].day);
                g_assert_cmpint (rows[n_trainee].expected_minutes, ==, steps[s].minutes);
                g_assert_cmpint (rows[n_trainee].day, ==, steps[s].day);
                g_assert_cmpint (rows[n_trainee].minutes, ==, steps[s].minutes);
                g_assert_null (rows[n_trainee].rule);
                n_trainee++;
              }
          g_assert_cmpuint (n_rows, ==, n_trainee);
          g_assert_cmpuint (n_trainee, >, 0);
          vt_debrief_get_other_mistakes (result, &n_mistakes);
          g_assert_cmpuint (n_mistakes, ==, 0);
          g_assert_cmpuint (vt_debrief_get_n_given (result), ==, 0);
          {
            g_autofree char *itself = vt_test_training_station (tmp, languages[l], name,
                                                                "given", NULL);
            g_autoptr(VtDebrief) given = debrief (scenario, itself);

            vt_debrief_get_rows (given, &n_rows);
            g_assert_cmpuint (n_rows, ==, 0);
            g_assert_cmpuint (vt_debrief_get_n_given (given), ==, n_trainee);
          }
          n_sessions++;
        }
      g_assert_cmpuint (n_sessions, >=, 7);
    }
  vt_test_remove_tree (tmp);
}

/* The last minute still on time: 08:00 for 07:45 within 15 minutes. */
static void
check_material_just_in_time (JsonArray *steps)
{
  vt_test_training_move_material_check (steps, "08:00", "strips.receive");
}

/* count-explained.json without the trainee's explanation of the ballot too many; the results
 * are then not phoned in either, as the rules refuse them while a difference stands. */
static void
drop_explanation (JsonArray *steps)
{
  json_array_remove_element (steps, vt_test_training_find_step (steps, "count.explain", TRUE));
  json_array_remove_element (steps, vt_test_training_find_step (steps, "results.phoned", FALSE));
}

static const VtDebriefRow *
row_of (VtDebrief  *result,
        const char *kind)
{
  guint n_rows;
  const VtDebriefRow *rows = vt_debrief_get_rows (result, &n_rows);

  for (guint i = 0; i < n_rows; i++)
    if (g_str_equal (rows[i].kind, kind))
      return &rows[i];
  g_error ("no row for %s", kind);
  return NULL;
}

static void
test_trainee (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("valgting-debrief-XXXXXX", &error);
  g_autoptr(VtScenario) broken_seal = vt_test_training_load ("nb", "broken-seal.json");
  g_autoptr(VtScenario) quiet_opening = vt_test_training_load ("nb", "quiet-opening.json");
  g_autoptr(VtScenario) count_explained = vt_test_training_load ("nn", "count-explained.json");
  const VtDebriefMistake *mistakes;
  guint n_rows, n_mistakes;

  g_assert_no_error (error);

  /* A step left out is missed, even though the background sealed the same urn that morning:
   * that entry is the background's. */
  {
    g_autofree char *station = vt_test_training_station (tmp, "nb", "broken-seal.json", "missed",
                                             vt_test_training_drop_new_seal);
    g_autoptr(VtDebrief) result = debrief (broken_seal, station);
    const VtDebriefRow *row;

    vt_debrief_get_rows (result, &n_rows);
    g_assert_cmpuint (n_rows, ==, 2);
    row = row_of (result, "seal.break");
    g_assert_cmpint (row->outcome, ==, VT_DEBRIEF_DONE);
    g_assert_cmpint (row->minutes, ==, 12 * 60 + 35);
    row = row_of (result, "urn.seal");
    g_assert_cmpint (row->outcome, ==, VT_DEBRIEF_MISSED);
    g_assert_cmpint (row->seq, ==, 0);
    g_assert_cmpint (row->expected_day, ==, 1);
    g_assert_cmpint (row->expected_minutes, ==, 12 * 60 + 37);
    g_assert_cmpint (row->within, ==, 10);
    vt_debrief_get_other_mistakes (result, &n_mistakes);
    g_assert_cmpuint (n_mistakes, ==, 0);

    /* While the session still runs, a step whose time and "within" have not passed is not
     * missed yet, and the session ran until the clock's time; from 12:47 on it is missed. */
    {
      g_autoptr(GDateTime) before = station_time (station, "12:46");
      g_autoptr(GDateTime) after = station_time (station, "12:47");
      g_autoptr(VtDebrief) running = vt_debrief_new_at (broken_seal, station, before, &error);
      g_autoptr(VtDebrief) over = NULL;
      int last_day, last_minutes;

      g_assert_no_error (error);
      g_assert_cmpint (row_of (running, "urn.seal")->outcome, ==, VT_DEBRIEF_NOT_DUE);
      g_assert_cmpint (row_of (running, "seal.break")->outcome, ==, VT_DEBRIEF_DONE);
      g_assert_true (vt_debrief_get_span (running, NULL, NULL, &last_day, &last_minutes));
      g_assert_cmpint (last_day, ==, 1);
      g_assert_cmpint (last_minutes, ==, 12 * 60 + 46);
      over = vt_debrief_new_at (broken_seal, station, after, &error);
      g_assert_no_error (error);
      g_assert_cmpint (row_of (over, "urn.seal")->outcome, ==, VT_DEBRIEF_MISSED);
    }
  }

  /* An hour late is late, and the check that counts is the one named: the background's
   * other checks given on time are not the trainee's. */
  {
    g_autofree char *station = vt_test_training_station (tmp, "nb", "quiet-opening.json", "late",
                                             vt_test_training_check_material_late);
    g_autoptr(VtDebrief) result = debrief (quiet_opening, station);
    const VtDebriefRow *rows = vt_debrief_get_rows (result, &n_rows);

    g_assert_cmpuint (n_rows, ==, 4);
    g_assert_cmpstr (rows[0].kind, ==, "check.done");
    g_assert_cmpint (rows[0].outcome, ==, VT_DEBRIEF_DONE_LATE);
    g_assert_cmpint (rows[0].expected_minutes, ==, 7 * 60 + 45);
    g_assert_cmpint (rows[0].day, ==, 1);
    g_assert_cmpint (rows[0].minutes, ==, 8 * 60 + 45);
    g_assert_cmpint (rows[0].seq, >, rows[2].seq);
    for (guint i = 1; i < n_rows; i++)
      g_assert_cmpint (rows[i].outcome, ==, VT_DEBRIEF_DONE);
    vt_debrief_get_other_mistakes (result, &n_mistakes);
    g_assert_cmpuint (n_mistakes, ==, 0);
  }

  /* Within its minutes is on time, to the minute. */
  {
    g_autofree char *station = vt_test_training_station (tmp, "nb", "quiet-opening.json", "in-time",
                                             check_material_just_in_time);
    g_autoptr(VtDebrief) result = debrief (quiet_opening, station);
    const VtDebriefRow *rows = vt_debrief_get_rows (result, &n_rows);

    g_assert_cmpuint (n_rows, ==, 4);
    g_assert_cmpint (rows[0].outcome, ==, VT_DEBRIEF_DONE);
    g_assert_cmpint (rows[0].minutes, ==, 8 * 60);
  }

  /* Tried the wrong way: the first refusal is the step done wrong, with its rule and time;
   * the second is another mistake. */
  {
    g_autofree char *station = vt_test_training_station (tmp, "nb", "broken-seal.json", "wrong",
                                             vt_test_training_reuse_torn_strip);
    g_autoptr(VtDebrief) result = debrief (broken_seal, station);
    const VtDebriefRow *row;

    vt_debrief_get_rows (result, &n_rows);
    g_assert_cmpuint (n_rows, ==, 2);
    g_assert_cmpint (row_of (result, "seal.break")->outcome, ==, VT_DEBRIEF_DONE);
    row = row_of (result, "urn.seal");
    g_assert_cmpint (row->outcome, ==, VT_DEBRIEF_DONE_WRONG);
    g_assert_cmpstr (row->rule, ==, "strip.used");
    g_assert_cmpint (row->seq, >, 0);
    g_assert_cmpint (row->day, ==, 1);
    g_assert_cmpint (row->minutes, ==, 12 * 60 + 37);
    mistakes = vt_debrief_get_other_mistakes (result, &n_mistakes);
    g_assert_cmpuint (n_mistakes, ==, 1);
    g_assert_cmpstr (mistakes[0].kind, ==, "urn.seal");
    g_assert_cmpstr (mistakes[0].rule, ==, "strip.used");
    g_assert_cmpint (mistakes[0].seq, >, row->seq);
  }

  /* A difference at the count nobody explained is missed, though the background logged the
   * unstamped ballot that explains it: recording the explanation is the trainee's step. */
  {
    g_autofree char *station = vt_test_training_station (tmp, "nn", "count-explained.json",
                                                         "missed", drop_explanation);
    g_autoptr(VtDebrief) result = debrief (count_explained, station);
    const VtDebriefRow *row;

    vt_debrief_get_rows (result, &n_rows);
    g_assert_cmpuint (n_rows, ==, 1);
    row = row_of (result, "count.explain");
    g_assert_cmpint (row->outcome, ==, VT_DEBRIEF_MISSED);
    g_assert_cmpint (row->seq, ==, 0);
    g_assert_cmpint (row->expected_minutes, ==, 22 * 60 + 15);
    g_assert_cmpint (row->within, ==, 10);
    vt_debrief_get_other_mistakes (result, &n_mistakes);
    g_assert_cmpuint (n_mistakes, ==, 0);
  }

  vt_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/debrief/model-answer", test_model_answer);
  g_test_add_func ("/debrief/trainee", test_trainee);
  return g_test_run ();
}
