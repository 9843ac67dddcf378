/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vt-debrief.h"
#include "vt-scenario.h"
#include "vt-test-util.h"

/* The debrief (vt-debrief.h): a trainee's station read against the library's session. The
 * trainee's stations are made by replaying the session itself (the model answer: all done)
 * or a copy the test changes: a step left out, a step done an hour late, a step tried the
 * wrong way and refused. */

static char *
library_path (const char *language,
              const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "training", language,
                                name, NULL);
}

/* The index in @steps of the first step giving @kind that is the trainee's (or not). */
static guint
find_step (JsonArray  *steps,
           const char *kind,
           gboolean    trainee)
{
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (step, "do", NULL), kind) == 0
          && json_object_get_boolean_member_with_default (step, "trainee", FALSE) == trainee)
        return i;
    }
  g_error ("no step %s (trainee: %d)", kind, trainee);
  return 0;
}

typedef void (*EditFunc) (JsonArray *steps);

/* Replays into @dir the session @language/@name, changed by @edit if given (its
 * "expect" left out: a changed session need not end as the model does). Returns the station's
 * path. */
static char *
make_station (const char *dir,
              const char *language,
              const char *name,
              const char *tag,
              EditFunc    edit)
{
  g_autofree char *path = library_path (language, name);
  g_autofree char *station = g_strdup_printf ("%s/%s-%s-%s.valgting", dir, tag, language,
                                            name);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  if (edit != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *library_dir = g_path_get_dirname (path);
      g_autofree char *election = NULL;
      g_autofree char *copy = g_strdup_printf ("%s/%s-%s-%s", dir, tag, language, name);
      JsonObject *root;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      /* The copy is elsewhere: its election named by an absolute path. */
      election = g_build_filename (library_dir,
                                   json_object_get_string_member (root, "election"), NULL);
      json_object_set_string_member (root, "election", election);
      json_object_remove_member (root, "expect");
      edit (json_object_get_array_member (root, "steps"));
      json_generator_set_root (generator, json_parser_get_root (parser));
      json_generator_to_file (generator, copy, &error);
      g_assert_no_error (error);
      g_clear_pointer (&path, g_free);
      path = g_steal_pointer (&copy);
    }
  if (!vt_scenario_replay (path, station, &report, &error))
    g_error ("%s: %s", path, error->message);
  g_assert_cmpuint (report.n_done, ==, report.n_steps);
  return g_steal_pointer (&station);
}

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

static VtScenario *
load (const char *language,
      const char *name)
{
  g_autofree char *path = library_path (language, name);
  g_autoptr(GError) error = NULL;
  VtScenario *scenario = vt_scenario_load (path, &error);

  g_assert_no_error (error);
  return scenario;
}

/* The model answer: every session of the library replayed whole is every trainee step done,
 * at the time the session expects, and no other mistake. */
static void
test_model_answer (void)
{
  static const char * const languages[] = { "nb", "nn" };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("valgting-debrief-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autofree char *dir_path = g_path_get_dirname (library_path (languages[l], "x.json"));
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
          scenario = load (languages[l], name);
          station = make_station (tmp, languages[l], name, "model", NULL);
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
          n_sessions++;
        }
      g_assert_cmpuint (n_sessions, >=, 7);
    }
  vt_test_remove_tree (tmp);
}

/* broken-seal.json without the trainee's new seal on U2. */
static void
drop_new_seal (JsonArray *steps)
{
  json_array_remove_element (steps, find_step (steps, "urn.seal", TRUE));
}

/* quiet-opening.json with the trainee's check of the material received moved to @at, just
 * before the first step giving @before. */
static void
move_material_check (JsonArray  *steps,
                     const char *at,
                     const char *before)
{
  guint from = find_step (steps, "check.done", TRUE);
  guint to = find_step (steps, before, g_str_equal (before, "doors.open"));
  g_autoptr(JsonArray) moved = json_array_new ();

  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      if (i == to)
        {
          JsonObject *step = json_array_get_object_element (steps, from);

          json_object_set_string_member (step, "at", at);
          json_array_add_object_element (moved, json_object_ref (step));
        }
      if (i != from)
        json_array_add_element (moved, json_node_copy (json_array_get_element (steps, i)));
    }
  while (json_array_get_length (steps) > 0)
    json_array_remove_element (steps, 0);
  for (guint i = 0; i < json_array_get_length (moved); i++)
    json_array_add_element (steps, json_node_copy (json_array_get_element (moved, i)));
}

/* An hour late: 08:45 for 07:45 within 15 minutes. */
static void
check_material_late (JsonArray *steps)
{
  move_material_check (steps, "08:45", "doors.open");
}

/* The last minute still on time: 08:00 for 07:45 within 15 minutes. */
static void
check_material_just_in_time (JsonArray *steps)
{
  move_material_check (steps, "08:00", "strips.receive");
}

/* broken-seal.json with the trainee putting the torn seal's strip back on U2, twice, both
 * refused, instead of the new one. */
static void
reuse_torn_strip (JsonArray *steps)
{
  guint index = find_step (steps, "urn.seal", TRUE);
  JsonObject *step = json_array_get_object_element (steps, index);

  json_object_set_int_member (step, "strip", 1002);
  json_object_set_string_member (step, "expect", "refused");
  json_object_remove_member (step, "trainee");
  json_object_remove_member (step, "within");
  json_object_remove_member (step, "task");
  json_array_add_element (steps, json_node_copy (json_array_get_element (steps, index)));
}

/* count-explained.json without the trainee's explanation of the ballot too many; the results
 * are then not phoned in either, as the rules refuse them while a difference stands. */
static void
drop_explanation (JsonArray *steps)
{
  json_array_remove_element (steps, find_step (steps, "count.explain", TRUE));
  json_array_remove_element (steps, find_step (steps, "results.phoned", FALSE));
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
  g_autoptr(VtScenario) broken_seal = load ("nb", "broken-seal.json");
  g_autoptr(VtScenario) quiet_opening = load ("nb", "quiet-opening.json");
  g_autoptr(VtScenario) count_explained = load ("nn", "count-explained.json");
  const VtDebriefMistake *mistakes;
  guint n_rows, n_mistakes;

  g_assert_no_error (error);

  /* A step left out is missed, even though the background sealed the same urn that morning:
   * that entry is the background's. */
  {
    g_autofree char *station = make_station (tmp, "nb", "broken-seal.json", "missed",
                                             drop_new_seal);
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
  }

  /* An hour late is late, and the check that counts is the one named: the background's
   * other checks given on time are not the trainee's. */
  {
    g_autofree char *station = make_station (tmp, "nb", "quiet-opening.json", "late",
                                             check_material_late);
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
    g_autofree char *station = make_station (tmp, "nb", "quiet-opening.json", "in-time",
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
    g_autofree char *station = make_station (tmp, "nb", "broken-seal.json", "wrong",
                                             reuse_torn_strip);
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
    g_autofree char *station = make_station (tmp, "nn", "count-explained.json", "missed",
                                             drop_explanation);
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
