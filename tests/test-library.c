/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vt-config.h"
#include "vt-scenario.h"
#include "vt-test-util.h"

/* The trainer's library (data/scenarios/training/): every session replays whole, its expect
 * met, as the model answer; Bokmål and Nynorsk hold the same sessions under the same names;
 * every session gives the trainee something to do and at least one event card; and the small
 * elections some sessions use (data/scenarios/training/elections/) are training elections, each
 * in Bokmål and in Nynorsk, the two alike but for their words. */

static const char * const languages[] = { "nb", "nn" };

static char *
library_dir (const char *language)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "training", language,
                                NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The .json files of one language, sorted. */
static GPtrArray *
list_sessions (const char *language)
{
  g_autofree char *dir_path = library_dir (language);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
test_same_names (void)
{
  g_autoptr(GPtrArray) nb = list_sessions ("nb");
  g_autoptr(GPtrArray) nn = list_sessions ("nn");

  g_assert_cmpuint (nb->len, >=, 1);
  g_assert_cmpuint (nb->len, ==, nn->len);
  for (guint i = 0; i < nb->len; i++)
    g_assert_cmpstr (g_ptr_array_index (nb, i), ==, g_ptr_array_index (nn, i));
}

static void
test_sessions (void)
{
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GPtrArray) names = list_sessions (languages[l]);
      g_autofree char *dir = library_dir (languages[l]);

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
          g_autofree char *tmp = NULL;
          g_autofree char *station = NULL;
          g_autoptr(VtScenario) scenario = NULL;
          g_auto(VtScenarioReport) report = { 0 };
          g_autoptr(GError) error = NULL;
          const VtScenarioStep *steps;
          guint n = 0, n_trainee = 0, n_cards = 0;

          g_test_message ("%s", path);
          scenario = vt_scenario_load (path, &error);
          g_assert_no_error (error);
          g_assert_nonnull (vt_scenario_get_description (scenario));
          steps = vt_scenario_get_steps (scenario, &n);
          for (guint s = 0; s < n; s++)
            {
              if (steps[s].role == VT_SCENARIO_STEP_TRAINEE)
                {
                  n_trainee++;
                  /* The debrief names what was expected. */
                  g_assert_nonnull (steps[s].task);
                }
              else if (steps[s].role == VT_SCENARIO_STEP_CARD)
                n_cards++;
            }
          if (n_trainee < 1 || n_trainee > 4 || n_cards < 1 || n_cards > 3 || n < 10 || n > 40)
            g_error ("%s: %u steps, %u of the trainee's, %u cards; a session has 10 to 40 steps, "
                     "1 to 4 of them the trainee's and 1 to 3 cards", path, n, n_trainee,
                     n_cards);

          tmp = g_dir_make_tmp ("valgting-library-XXXXXX", &error);
          g_assert_no_error (error);
          station = g_build_filename (tmp, "session.valgting", NULL);
          if (!vt_scenario_replay (path, station, &report, &error))
            g_error ("%s: %s", path, error->message);
          g_assert_cmpuint (report.n_done, ==, report.n_steps);
          g_assert_cmpuint (report.n_steps, ==, n - n_cards);
          g_assert_true (report.training);
          vt_test_remove_tree (tmp);
        }
    }
}

static VtConfig *
load_election (const char *dir,
               const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  VtConfig *config = vt_config_new_from_file (file, &error);

  if (config == NULL)
    g_error ("%s: %s", path, error->message);
  return config;
}

static void
test_elections (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "training", "elections", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint n_pairs = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stem = NULL;
      g_autofree char *nn_name = NULL;
      g_autoptr(VtConfig) nb = NULL;
      g_autoptr(VtConfig) nn = NULL;

      if (!g_str_has_suffix (name, ".json") || g_str_has_suffix (name, "-nn.json"))
        continue;
      g_test_message ("%s", name);
      stem = g_strndup (name, strlen (name) - strlen (".json"));
      nn_name = g_strconcat (stem, "-nn.json", NULL);
      nb = load_election (dir_path, name);
      nn = load_election (dir_path, nn_name);
      g_assert_true (vt_config_get_training (nb));
      g_assert_true (vt_config_get_training (nn));
      g_assert_cmpstr (vt_config_get_language (nb), ==, "nb");
      g_assert_cmpstr (vt_config_get_language (nn), ==, "nn");
      g_assert_cmpuint (vt_config_get_days (nb)->len, ==, vt_config_get_days (nn)->len);
      g_assert_cmpuint (vt_config_get_contests (nb)->len, ==, vt_config_get_contests (nn)->len);
      g_assert_cmpuint (vt_config_get_tables (nb)->len, ==, vt_config_get_tables (nn)->len);
      g_assert_cmpuint (vt_config_get_people (nb)->len, ==, vt_config_get_people (nn)->len);
      g_assert_cmpuint (vt_config_get_envelope_reasons (nb)->len, ==,
                        vt_config_get_envelope_reasons (nn)->len);
      g_assert_cmpuint (vt_config_get_checklist (nb)->len, ==,
                        vt_config_get_checklist (nn)->len);
      g_assert_true (vt_config_get_electronic_roll (nb) == vt_config_get_electronic_roll (nn));
      g_assert_cmpint (vt_config_get_count_mode (nb), ==, vt_config_get_count_mode (nn));
      n_pairs++;
    }
  g_assert_cmpuint (n_pairs, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/same-names-in-nb-and-nn", test_same_names);
  g_test_add_func ("/library/every-session-replays", test_sessions);
  g_test_add_func ("/library/elections-are-training-in-nb-and-nn", test_elections);

  return g_test_run ();
}
