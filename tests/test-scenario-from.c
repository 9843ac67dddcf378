/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "vt-checks.h"
#include "vt-copy.h"
#include "vt-entry-kind.h"
#include "vt-scenario-writer.h"
#include "vt-scenario.h"
#include "vt-station.h"
#include "vt-store.h"
#include "vt-test-util.h"

/* valgting scenario-from: every shipped scenario, replayed into a station, written back as a
 * scenario and replayed again, gives the same journal (kinds, actors, times, payloads, the
 * refusals and their rules), the same phase and findings, and the written expect holds. The
 * files are 0600 and never written over. */

static char *
example_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", name, NULL);
}

static char *
local_minute (VtJournalEntry *entry,
              VtConfig       *config)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (vt_journal_entry_get_time (entry),
                                                        vt_config_get_timezone (config));
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
codes_of (GPtrArray *findings,
          GString   *blocking,
          GString   *explained)
{
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      g_string_append_printf (vt_finding_blocks (finding) ? blocking : explained, "%s ",
                              finding->code);
    }
}

static void
assert_same_journal (const char *a_path,
                     const char *b_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) a = vt_station_open_read_only (a_path, &error);
  g_autoptr(VtStation) b = NULL;
  VtStore *as, *bs;

  g_assert_no_error (error);
  b = vt_station_open_read_only (b_path, &error);
  g_assert_no_error (error);
  as = vt_station_get_store (a);
  bs = vt_station_get_store (b);
  g_assert_cmpint (vt_store_get_n_entries (as), ==, vt_store_get_n_entries (bs));

  /* Entry 1 is the station's creation: it names the scenario it was replayed from. */
  for (gint64 seq = 2; seq <= vt_store_get_n_entries (as); seq++)
    {
      g_autoptr(VtJournalEntry) ea = vt_store_get_entry (as, seq, &error);
      g_autoptr(VtJournalEntry) eb = NULL;
      g_autofree char *ta = NULL;
      g_autofree char *tb = NULL;

      g_assert_no_error (error);
      eb = vt_store_get_entry (bs, seq, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (vt_journal_entry_get_kind (ea), ==, vt_journal_entry_get_kind (eb));
      g_assert_cmpstr (vt_journal_entry_get_actor (ea), ==, vt_journal_entry_get_actor (eb));
      g_assert_cmpstr (vt_journal_entry_get_payload (ea), ==, vt_journal_entry_get_payload (eb));
      ta = local_minute (ea, vt_station_get_config (a));
      tb = local_minute (eb, vt_station_get_config (b));
      g_assert_cmpstr (ta, ==, tb);
    }

  g_assert_cmpint (vt_station_get_phase (a), ==, vt_station_get_phase (b));
  {
    g_autoptr(GPtrArray) fa = vt_station_run_checks (a);
    g_autoptr(GPtrArray) fb = vt_station_run_checks (b);
    g_autoptr(GString) ba = g_string_new (NULL), xa = g_string_new (NULL);
    g_autoptr(GString) bb = g_string_new (NULL), xb = g_string_new (NULL);

    codes_of (fa, ba, xa);
    codes_of (fb, bb, xb);
    g_assert_cmpstr (ba->str, ==, bb->str);
    g_assert_cmpstr (xa->str, ==, xb->str);
  }
  g_assert_cmpint (vt_store_count_kind (as, VT_ENTRY_REFUSED), ==,
                   vt_store_count_kind (bs, VT_ENTRY_REFUSED));
}

static void
test_round_trip (gconstpointer data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-scenario-from-XXXXXX", &error);
  g_autofree char *scenario = example_path (name);
  g_autofree char *a_path = g_build_filename (dir, "a.valgting", NULL);
  g_autofree char *b_path = g_build_filename (dir, "b.valgting", NULL);
  g_autofree char *written = g_build_filename (dir, "played.json", NULL);
  g_autofree char *election = g_build_filename (dir, "played-election.json", NULL);
  g_autofree char *text = NULL;
  g_auto(VtScenarioReport) ra = { 0 };
  g_auto(VtScenarioReport) rb = { 0 };
  g_auto(VtScenarioWriterReport) wr = { 0 };
  gboolean ok;

  g_assert_no_error (error);
  ok = vt_scenario_replay (scenario, a_path, &ra, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  ok = vt_scenario_write_from_station (a_path, written, &wr, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (wr.election_path, ==, election);
  g_assert_cmpuint (wr.n_refused, ==, ra.n_refused);
  g_assert_true (vt_copy_path_is_private (written));
  g_assert_true (vt_copy_path_is_private (election));

  /* The written scenario replays, and its expect (phase, findings) holds. */
  ok = vt_scenario_replay (written, b_path, &rb, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (rb.n_refused, ==, ra.n_refused);
  g_assert_cmpuint (rb.n_done, ==, rb.n_steps);
  g_assert_cmpint (rb.phase, ==, ra.phase);

  g_file_get_contents (written, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, "\"expect\": {\"phase\":"));
  /* A refused step is written as meant to be refused, with its rule. */
  if (ra.n_refused > 0)
    g_assert_nonnull (strstr (text, "\"expect\":\"refused\",\"rule\":\""));

  assert_same_journal (a_path, b_path);
  vt_test_remove_tree (dir);
}

/* An entry referred to by number is named by an id: the replay's numbers are not the
 * station's once an entry Valgting wrote by itself (a printed document) is left out. */
static void
test_references (void)
{
  static const char scenario_text[] =
    "{ \"format\": \"valgting-scenario/1\", \"title\": \"Numbers\", \"election\": \"training\","
    "  \"steps\": ["
    "    { \"at\": \"07:30\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" },"
    "    { \"do\": \"document.printed\", \"document\": \"seals\", \"copy\": 0 },"
    "    { \"id\": \"n\", \"at\": \"07:31\", \"do\": \"note\", \"text\": \"Skrevet feil\" },"
    "    { \"do\": \"note\", \"text\": \"En annen\" },"
    "    { \"at\": \"07:32\", \"do\": \"correction.annul\", \"entry\": \"n\","
    "      \"reason\": \"Feil\" }"
    "  ] }";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-scenario-from-XXXXXX", &error);
  g_autofree char *scenario = g_build_filename (dir, "numbers.json", NULL);
  g_autofree char *a_path = g_build_filename (dir, "a.valgting", NULL);
  g_autofree char *b_path = g_build_filename (dir, "b.valgting", NULL);
  g_autofree char *written = g_build_filename (dir, "played.json", NULL);
  g_autofree char *text = NULL;
  g_auto(VtScenarioReport) ra = { 0 };
  g_auto(VtScenarioReport) rb = { 0 };
  g_autoptr(VtStation) b = NULL;
  g_autoptr(VtJournalEntry) annul = NULL;
  g_autoptr(VtJournalEntry) annulled = NULL;
  JsonObject *payload;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (scenario, scenario_text, -1, &error));
  g_assert_true (vt_scenario_replay (scenario, a_path, &ra, &error));
  g_assert_no_error (error);
  g_assert_true (vt_scenario_write_from_station (a_path, written, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (written, &text, NULL, &error);
  g_assert_no_error (error);
  /* The print is left out; the note is entry 4 of the station, named so. */
  g_assert_null (strstr (text, "document.printed"));
  g_assert_nonnull (strstr (text, "{\"id\":\"entry-4\",\"at\":\"07:31\",\"do\":\"note\""));
  g_assert_nonnull (strstr (text, "\"entry\":\"entry-4\""));

  g_assert_true (vt_scenario_replay (written, b_path, &rb, &error));
  g_assert_no_error (error);
  b = vt_station_open_read_only (b_path, &error);
  g_assert_no_error (error);
  /* In the replay the note is entry 3, and the annulment names it. */
  annul = vt_store_get_entry (vt_station_get_store (b), 5, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vt_journal_entry_get_kind (annul), ==, "correction.annul");
  payload = vt_journal_entry_get_payload_object (annul);
  annulled = vt_store_get_entry (vt_station_get_store (b),
                                 json_object_get_int_member (payload, "entry"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vt_journal_entry_get_payload (annulled), ==, "{\"text\":\"Skrevet feil\"}");
  vt_test_remove_tree (dir);
}

/* ---- the command line ------------------------------------------------------------------- */

static int
run_valgting (const char * const *args,
              char              **out,
              char              **err)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer)binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_command_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-scenario-from-XXXXXX", &error);
  g_autofree char *scenario = example_path ("quiet-storting-day.json");
  g_autofree char *a_path = g_build_filename (dir, "a.valgting", NULL);
  g_autofree char *written = g_build_filename (dir, "quiet.json", NULL);
  g_autofree char *election = g_build_filename (dir, "quiet-election.json", NULL);
  g_autofree char *other = g_build_filename (dir, "other.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(VtScenarioReport) report = { 0 };
  char *out = NULL, *err = NULL;
  struct stat st;

  g_assert_no_error (error);
  g_assert_true (vt_scenario_replay (scenario, a_path, &report, &error));
  g_assert_no_error (error);

  g_assert_cmpint (run_valgting ((const char * const[]) { "scenario-from", a_path, "-o", written,
                                                          NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "quiet.json"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_stat (written, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (election, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Never written over: exit 2, the file as it was. */
  g_file_get_contents (written, &before, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_valgting ((const char * const[]) { "scenario-from", a_path, "-o", written,
                                                          NULL }, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "quiet.json"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_file_get_contents (written, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before, ==, after);

  /* Nor its election file beside it. */
  g_assert_true (g_file_set_contents (g_build_filename (dir, "other-election.json", NULL), "x",
                                      -1, NULL));
  g_assert_cmpint (run_valgting ((const char * const[]) { "scenario-from", a_path, "-o", other,
                                                          NULL }, &out, &err), ==, 2);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Wrong arguments: 2; a station that is not there: 1. */
  g_assert_cmpint (g_unlink (written), ==, 0);
  g_assert_cmpint (g_unlink (election), ==, 0);
  g_assert_cmpint (run_valgting ((const char * const[]) { "scenario-from", a_path, NULL },
                                 &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_valgting ((const char * const[]) { "scenario-from",
                                                          "/nonexistent.valgting", "-o", written,
                                                          NULL }, &out, &err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The top-level help lists every verb, each with a line. */
  run_valgting ((const char * const[]) { "--help", NULL }, &out, &err);
  {
    static const char * const verbs[] = { "verify", "print", "new", "replay", "kinds",
                                          "scenario-from", NULL };
    g_autofree char *both = g_strconcat (out, err, NULL);
    for (guint i = 0; verbs[i] != NULL; i++)
      {
        g_autofree char *line = g_strdup_printf ("\n  %s ", verbs[i]);
        g_assert_nonnull (strstr (both, line));
      }
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  vt_test_remove_tree (dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *scenarios = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  /* Every shipped scenario: the quiet day, the busy two days, the golden ones. */
  scenarios = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", NULL);
  dir = g_dir_open (scenarios, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && !g_str_has_suffix (name, "-election.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 3);
  for (guint i = 0; i < names->len; i++)
    {
      const char *scenario = g_ptr_array_index (names, i);
      g_autofree char *test = g_strdup_printf ("/scenario-from/round-trip/%s", scenario);
      g_test_add_data_func (test, scenario, test_round_trip);
    }
  g_test_add_func ("/scenario-from/references", test_references);
  g_test_add_func ("/scenario-from/command-line", test_command_line);
  return g_test_run ();
}
