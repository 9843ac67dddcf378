/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vt-test-training.h"

/* Trainee stations made from the trainer's library (data/scenarios/training/), for the
 * debrief's tests: the session replayed whole (the model answer) or a copy changed. */

char *
vt_test_training_path (const char *language,
              const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "training", language,
                                name, NULL);
}

/* The index in @steps of the first step giving @kind that is the trainee's (or not). */
guint
vt_test_training_find_step (JsonArray  *steps,
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

/* Replays into @dir the session @language/@name, changed by @edit if given (its
 * "expect" left out: a changed session need not end as the model does). Returns the station's
 * path. */
char *
vt_test_training_station (const char *dir,
              const char *language,
              const char *name,
              const char *tag,
              VtTestEditFunc edit)
{
  g_autofree char *path = vt_test_training_path (language, name);
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

VtScenario *
vt_test_training_load (const char *language,
      const char *name)
{
  g_autofree char *path = vt_test_training_path (language, name);
  g_autoptr(GError) error = NULL;
  VtScenario *scenario = vt_scenario_load (path, &error);

  g_assert_no_error (error);
  return scenario;
}

/* broken-seal.json without the trainee's new seal on U2. */
void
vt_test_training_drop_new_seal (JsonArray *steps)
{
  json_array_remove_element (steps, vt_test_training_find_step (steps, "urn.seal", TRUE));
}

/* quiet-opening.json with the trainee's check of the material received moved to @at, just
 * before the first step giving @before. */
void
vt_test_training_move_material_check (JsonArray  *steps,
                     const char *at,
                     const char *before)
{
  guint from = vt_test_training_find_step (steps, "check.done", TRUE);
  guint to = vt_test_training_find_step (steps, before, g_str_equal (before, "doors.open"));
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
void
vt_test_training_check_material_late (JsonArray *steps)
{
  vt_test_training_move_material_check (steps, "08:45", "doors.open");
}

/* broken-seal.json with the trainee putting the torn seal's strip back on U2, twice, both
 * refused, instead of the new one. */
void
vt_test_training_reuse_torn_strip (JsonArray *steps)
{
  guint index = vt_test_training_find_step (steps, "urn.seal", TRUE);
  JsonObject *step = json_array_get_object_element (steps, index);

  json_object_set_int_member (step, "strip", 1002);
  json_object_set_string_member (step, "expect", "refused");
  json_object_remove_member (step, "trainee");
  json_object_remove_member (step, "within");
  json_object_remove_member (step, "task");
  json_array_add_element (steps, json_node_copy (json_array_get_element (steps, index)));
}

