/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "vt-config.h"
#include "vt-error.h"
#include "vt-json-reader.h"

/* json-glib parses nested arrays by recursion: a 160 KB file of 80,000 "[" overflows the
 * stack. The configuration and scenario readers measure the nesting first and refuse such a
 * file with a message, in the library and through `valgting replay`. */

#define DEEP 80000

static char *
deep_arrays (void)
{
  GString *text = g_string_sized_new (2 * DEEP + 2);

  for (guint i = 0; i < DEEP; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < DEEP; i++)
    g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static void
test_depth_is_counted_outside_strings (void)
{
  static const struct { const char *json; guint depth; } cases[] = {
    { "{}", 1 },
    { "[[], {\"a\": [1, 2]}]", 3 },
    { "{\"text\": \"[[[[[[\"}", 1 },
    { "{\"text\": \"a \\\" [[[[\", \"b\": [[]]}", 3 },
    { "\"[[[[\"", 0 },
    { "]]]][", 1 },
  };
  g_autofree char *deep = deep_arrays ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].json);
      g_assert_cmpuint (vt_json_nesting_depth (cases[i].json, strlen (cases[i].json), 100), ==,
                        cases[i].depth);
    }
  /* It stops counting past the limit. */
  g_assert_cmpuint (vt_json_nesting_depth (deep, strlen (deep), VT_JSON_MAX_DEPTH), ==,
                    VT_JSON_MAX_DEPTH + 1);
}

static void
test_configuration_refuses_deep_nesting (void)
{
  g_autofree char *deep = deep_arrays ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_new_from_data (deep, -1, "deep.json", &error);

  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "deep.json"));
  g_assert_nonnull (strstr (error->message, "64"));
}

static int
replay (const char  *scenario,
        const char  *station,
        char       **err)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  const char *argv[] = { binary, "replay", scenario, station, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, err,
                &status, &error);
  g_assert_no_error (error);
  /* Refused with a message, not killed by a signal. */
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_replay_refuses_deep_scenario_and_configuration (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-deep-XXXXXX", NULL);
  g_autofree char *deep = deep_arrays ();
  g_autofree char *scenario = g_build_filename (dir, "deep-scenario.json", NULL);
  g_autofree char *config = g_build_filename (dir, "deep-election.json", NULL);
  g_autofree char *names_config = g_build_filename (dir, "names-deep-election.json", NULL);
  g_autofree char *station = g_build_filename (dir, "out.valgting", NULL);
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (scenario, deep, -1, NULL));
  g_assert_cmpint (replay (scenario, station, &err), ==, 2);
  g_assert_nonnull (strstr (err, "64"));
  g_assert_false (g_file_test (station, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* A well-formed scenario whose election configuration is the deep file. */
  g_assert_true (g_file_set_contents (config, deep, -1, NULL));
  g_assert_true (g_file_set_contents (names_config,
                                      "{ \"format\": \"valgting-scenario/1\", \"title\": \"t\", "
                                      "\"election\": \"deep-election.json\", \"steps\": [] }",
                                      -1, NULL));
  g_assert_cmpint (replay (names_config, station, &err), ==, 2);
  g_assert_nonnull (strstr (err, "deep-election.json"));
  g_assert_nonnull (strstr (err, "64"));
  g_assert_false (g_file_test (station, G_FILE_TEST_EXISTS));

  g_unlink (scenario);
  g_unlink (config);
  g_unlink (names_config);
  g_rmdir (dir);
}

/* An identity number in a configuration's text (a person's name, a checklist item) would be
 * stored and printed on the protocol: the whole file is refused, naming the place. */
static void
test_configuration_refuses_identity_numbers (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "municipal-2027.json",
                                                 NULL);
  g_autofree char *text = NULL;
  static const char *const places[][2] = {
    { "people", "name" },
    { "checklist", "text" },
  };

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autoptr(JsonNode) root = json_from_string (text, NULL);
      JsonObject *first = json_array_get_object_element (
        json_object_get_array_member (json_node_get_object (root), places[i][0]), 0);
      g_autofree char *edited = NULL;
      g_autofree char *where = g_strdup_printf ("%s[0].%s", places[i][0], places[i][1]);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtConfig) config = NULL;

      json_object_set_string_member (first, places[i][1], "Kari f. 15.05.87\u00a040281");
      edited = json_to_string (root, TRUE);
      config = vt_config_new_from_data (edited, -1, "kommune.json", &error);
      g_assert_null (config);
      g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, where));
    }
}

/* The same in a scenario: a trainer's note must not carry a number into the training log. */
static void
test_scenario_refuses_identity_numbers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-fnr-XXXXXX", NULL);
  g_autofree char *scenario = g_build_filename (dir, "fnr.json", NULL);
  g_autofree char *station = g_build_filename (dir, "out.valgting", NULL);
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (scenario,
                                      "{ \"format\": \"valgting-scenario/1\", \"title\": \"t\", "
                                      "\"election\": \"training\", \"steps\": [ "
                                      "{ \"at\": \"07:30\", \"do\": \"note\", "
                                      "\"text\": \"Velger 150587 40281\" } ] }", -1, NULL));
  g_assert_cmpint (replay (scenario, station, &err), ==, 2);
  g_assert_nonnull (strstr (err, "steps[0].text"));
  g_assert_false (g_file_test (station, G_FILE_TEST_EXISTS));
  g_unlink (scenario);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/depth/counted-outside-strings", test_depth_is_counted_outside_strings);
  g_test_add_func ("/json/depth/configuration-refused", test_configuration_refuses_deep_nesting);
  g_test_add_func ("/json/identity-number/configuration-refused",
                   test_configuration_refuses_identity_numbers);
  g_test_add_func ("/json/identity-number/scenario-refused",
                   test_scenario_refuses_identity_numbers);
  g_test_add_func ("/json/depth/replay-refuses-scenario-and-configuration",
                   test_replay_refuses_deep_scenario_and_configuration);
  return g_test_run ();
}
