/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "vt-checks.h"
#include "vt-error.h"
#include "vt-scenario.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* Scenario replay: the example scenarios end where they should, with the counts they were
 * written with; a refused step stops the replay with its number and reason; a step meant to
 * be refused must be; bad files are refused before anything is written, with the file and
 * the place; and the command line exits 0, 1 or 2. */

typedef struct
{
  char *dir;
} TmpFixture;

static void
tmp_set_up (TmpFixture   *fixture,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("valgting-scenario-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
tmp_tear_down (TmpFixture   *fixture,
               gconstpointer data)
{
  vt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
example_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", name, NULL);
}

static char *
write_file (TmpFixture *fixture,
            const char *name,
            const char *content)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
station_path (TmpFixture *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* ---- reading counts back from the station file ------------------------------------------ */

typedef struct
{
  VtStation *station;
  GPtrArray *entries; /* every journal entry, in order */
} Opened;

static void
opened_clear (Opened *opened)
{
  g_clear_pointer (&opened->entries, g_ptr_array_unref);
  g_clear_object (&opened->station);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Opened, opened_clear)

static void
open_station (Opened     *opened,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  VtStore *store;

  opened->station = vt_station_open (path, &error);
  g_assert_no_error (error);
  store = vt_station_get_store (opened->station);
  opened->entries = g_ptr_array_new_with_free_func (g_object_unref);
  for (gint64 seq = 1; seq <= vt_store_get_n_entries (store); seq++)
    {
      VtJournalEntry *entry = vt_store_get_entry (store, seq, &error);
      g_assert_no_error (error);
      g_ptr_array_add (opened->entries, entry);
    }
}

/* The sum of @field over the entries of @kind whose @key is @value (NULL: all of them). */
static gint64
sum_of (Opened     *opened,
        const char *kind,
        const char *key,
        const char *value,
        const char *field)
{
  gint64 sum = 0;

  for (guint i = 0; i < opened->entries->len; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (opened->entries, i);
      JsonObject *payload = vt_journal_entry_get_payload_object (entry);

      if (!g_str_equal (vt_journal_entry_get_kind (entry), kind))
        continue;
      if (key != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (payload, key, NULL), value) != 0)
        continue;
      sum += field != NULL ? json_object_get_int_member (payload, field) : 1;
    }
  return sum;
}

/* The marks of a day: per table the count that stands, the last one, whose control count (the
 * entry after it) agrees; a count whose control count differed was counted again. */
static gint64
roll_marks_of_day (Opened *opened,
                   gint64  day)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) controls = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer table, n;
  gint64 sum = 0;

  for (guint i = 0; i < opened->entries->len; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (opened->entries, i);
      JsonObject *payload = vt_journal_entry_get_payload_object (entry);
      const char *kind = vt_journal_entry_get_kind (entry);

      if (!g_str_has_prefix (kind, "roll-marks.") ||
          json_object_get_int_member (payload, "day") != day)
        continue;
      g_hash_table_replace (g_str_equal (kind, "roll-marks.count") ? counts : controls,
                            (gpointer)json_object_get_string_member (payload, "table"),
                            GINT_TO_POINTER (json_object_get_int_member (
                              payload, g_str_equal (kind, "roll-marks.count")
                                          ? "count" : "control_count")));
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &table, &n))
    {
      g_assert_cmpint (GPOINTER_TO_INT (n), ==,
                       GPOINTER_TO_INT (g_hash_table_lookup (controls, table)));
      sum += GPOINTER_TO_INT (n);
    }
  return sum;
}

static VtJournalEntry *
entry_at (Opened *opened,
          gint64  seq)
{
  g_assert_cmpint (seq, >=, 1);
  g_assert_cmpint (seq, <=, opened->entries->len);
  return g_ptr_array_index (opened->entries, seq - 1);
}

static guint
count_findings (GPtrArray  *findings,
                const char *code,
                gboolean    explained)
{
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      if (g_str_equal (finding->code, code) && (finding->explanation != NULL) == explained)
        n++;
    }
  return n;
}

static void
assert_verifies (const char *path)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_verify_file (path, &report, &error));
  g_assert_no_error (error);
  g_assert_true (report.training);
}

/* A station of a real election made by valgting new or replay --keep-dates. */
static void
assert_verifies_real (const char *path)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_verify_file (path, &report, &error));
  g_assert_no_error (error);
  g_assert_false (report.training);
  g_assert_true (report.config_covered);
}

/* ---- the examples ----------------------------------------------------------------------- */

/* An organisation's annual meeting (issue 18): a withdrawn candidate, a secret vote tied
 * twice and decided by lot, each refusal the rules owe shown once. */
static void
test_organisation_meeting (TmpFixture   *fixture,
                           gconstpointer data)
{
  g_autofree char *scenario = example_path ("organisation-annual-meeting.json");
  g_autofree char *path = station_path (fixture, "meeting.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(Opened) opened = { 0 };
  g_autoptr(GError) error = NULL;

  if (!vt_scenario_replay (scenario, path, &report, &error))
    g_error ("%s", error->message);
  g_assert_cmpuint (report.n_done, ==, report.n_steps);
  g_assert_cmpuint (report.n_refused, ==, 7);
  g_assert_cmpint (report.phase, ==, VT_PHASE_PROTOCOL);
  g_assert_cmpuint (report.findings->len, ==, 0);

  open_station (&opened, path);
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (opened.station), "office.lot"),
                   ==, 1);
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (opened.station), "office.result"),
                   ==, 4);
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (opened.station), "refused"), ==, 7);
  /* Signed at the end by the chair and the two chosen, each once. */
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (opened.station), "meeting.sign"),
                   ==, 3);
}

static void
test_quiet_storting_day (TmpFixture   *fixture,
                         gconstpointer data)
{
  g_autofree char *scenario = example_path ("quiet-storting-day.json");
  g_autofree char *path = station_path (fixture, "quiet.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(Opened) opened = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first = NULL;
  g_autofree char *first_date = NULL;
  g_autofree char *today_date = NULL;
  VtElectionDay *day;

  if (!vt_scenario_replay (scenario, path, &report, &error))
    g_error ("%s", error->message);
  g_assert_no_error (error);

  g_assert_true (report.created);
  g_assert_cmpuint (report.n_done, ==, report.n_steps);
  g_assert_cmpuint (report.n_refused, ==, 0);
  g_assert_cmpint (report.phase, ==, VT_PHASE_PROTOCOL);
  g_assert_cmpuint (report.findings->len, ==, 0);

  open_station (&opened, path);
  g_assert_true (vt_station_get_training (opened.station));
  g_assert_cmpint (vt_station_get_phase (opened.station), ==, VT_PHASE_PROTOCOL);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (opened.station)), ==,
                   1 + report.n_steps);
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (opened.station), "refused"), ==, 0);

  /* The counts it was written with: the urn totals equal the marks. */
  g_assert_cmpint (roll_marks_of_day (&opened, 1), ==, 1198);
  g_assert_cmpint (sum_of (&opened, "pile.count", "pile", "approved", "count"), ==, 1185);
  g_assert_cmpint (sum_of (&opened, "pile.count", "pile", "blank", "count"), ==, 11);
  g_assert_cmpint (sum_of (&opened, "pile.count", "pile", "doubtful", "count"), ==, 2);
  g_assert_cmpint (sum_of (&opened, "pile.count", NULL, NULL, "count"), ==, 1198);
  g_assert_cmpint (sum_of (&opened, "envelope", "reason", "not-in-roll", NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "envelope", "reason", "already-marked", NULL), ==, 1);
  g_assert_cmpint (sum_of (&opened, "envelope", NULL, NULL, NULL), ==, 3);
  g_assert_cmpint (sum_of (&opened, "check.done", NULL, NULL, NULL), ==,
                   vt_config_get_checklist (vt_station_get_config (opened.station))->len);

  /* A training election: day 1 is the day of the replay, and the first step (step 2; step 1
   * is a comment) happened at 07:30 on it, with a command id made from the scenario. */
  day = g_ptr_array_index (vt_config_get_days (vt_station_get_config (opened.station)), 0);
  today_date = g_date_time_format (today, "%Y-%m-%d");
  g_assert_cmpstr (day->date, ==, today_date);
  first = vt_journal_entry_dup_local_time (entry_at (&opened, 2));
  first_date = g_date_time_format (first, "%Y-%m-%d %H:%M");
  g_assert_true (g_str_has_suffix (first_date, " 07:30"));
  g_assert_true (g_str_has_prefix (first_date, today_date));
  g_assert_cmpstr (vt_journal_entry_get_command_id (entry_at (&opened, 2)), ==,
                   "scenario:quiet-storting-day.json:2");
  g_assert_cmpstr (vt_journal_entry_get_kind (entry_at (&opened, 2)), ==, "person.arrive");

  g_clear_object (&opened.station);
  assert_verifies (path);
}

static void
test_busy_municipal (TmpFixture   *fixture,
                     gconstpointer data)
{
  g_autofree char *scenario = example_path ("busy-municipal-two-days.json");
  g_autofree char *path = station_path (fixture, "busy.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(Opened) opened = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 marks;
  guint n_explain = 0;

  if (!vt_scenario_replay (scenario, path, &report, &error))
    g_error ("%s", error->message);

  g_assert_cmpuint (report.n_done, ==, report.n_steps);
  g_assert_cmpint (report.phase, ==, VT_PHASE_PROTOCOL);

  /* The five teaching steps were refused, each by its rule, and told. */
  g_assert_cmpuint (report.n_refused, ==, 5);
  g_assert_cmpuint (report.messages->len, ==, 5);
  g_assert_nonnull (strstr (g_ptr_array_index (report.messages, 0), "doors.open-early"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.messages, 1), "outdoor.not-in-roll"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.messages, 2), "seal.not-board-member"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.messages, 3), "outdoor.chair-stays"));
  g_assert_nonnull (strstr (g_ptr_array_index (report.messages, 4), "results.blocked"));

  /* No finding needs attention: the two differences are explained, and the many blank blue
   * ballots accepted by the chair and the deputy. */
  for (guint i = 0; i < report.findings->len; i++)
    g_assert_false (vt_finding_blocks (g_ptr_array_index (report.findings, i)));
  g_assert_cmpuint (report.findings->len, ==, 3);
  g_assert_cmpuint (count_findings (report.findings, "K402", TRUE), ==, 2);
  g_assert_cmpuint (count_findings (report.findings, "K403", TRUE), ==, 1);

  open_station (&opened, path);
  g_assert_true (vt_station_get_training (opened.station));
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (opened.station), "refused"), ==, 5);

  /* The counts: marks per day, ballots per contest, envelopes per reason. */
  g_assert_cmpint (roll_marks_of_day (&opened, 1), ==, 588);
  g_assert_cmpint (roll_marks_of_day (&opened, 2), ==, 1228);
  marks = roll_marks_of_day (&opened, 1) + roll_marks_of_day (&opened, 2);
  g_assert_cmpint (sum_of (&opened, "pile.count", "contest", "kommunestyre", "count"), ==,
                   marks + 1);
  g_assert_cmpint (sum_of (&opened, "pile.count", "contest", "fylkesting", "count"), ==,
                   marks - 1);
  g_assert_cmpint (sum_of (&opened, "envelope", "reason", "other-precinct", NULL), ==, 3);
  g_assert_cmpint (sum_of (&opened, "envelope", "reason", "already-marked", NULL), ==, 1);
  g_assert_cmpint (sum_of (&opened, "envelope", "reason", "not-in-roll", NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "envelopes.count", NULL, NULL, "count"), ==, 6);
  g_assert_cmpint (sum_of (&opened, "shipment.packed", NULL, NULL, "envelopes"), ==, 6);

  /* What happened on the way. */
  g_assert_cmpint (sum_of (&opened, "urn.full", NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "seal.break", NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "urn.add", "kind", "reserve", NULL), ==, 1);
  /* Outdoor votes: each started and back, with no step in between; the mobile urn was
   * prepared before the doors opened, and each full urn named the sealed urn replacing it. */
  g_assert_cmpint (sum_of (&opened, "outdoor.start", NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "outdoor.out", NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (sum_of (&opened, "outdoor.end", NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "outdoor.end", NULL, NULL, "strip"), ==, 2 * 3005);
  g_assert_cmpint (sum_of (&opened, "urn.full", "replacement", "U4", NULL), ==, 1);
  g_assert_cmpint (sum_of (&opened, "urn.full", "replacement", "U1", NULL), ==, 1);
  g_assert_cmpint (sum_of (&opened, "incident.unstamped", NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "incident.wrong-mark", NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "doors.close", NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (sum_of (&opened, "urn.seal-check", NULL, NULL, NULL), ==, 6);

  /* The explanations' items refer to the entries that explain them, found by their step ids,
   * each with its count: +2 unstamped and −1 wrong mark for the white ballots, −1 wrong mark
   * for the blue. */
  for (guint i = 0; i < opened.entries->len; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (opened.entries, i);
      JsonObject *payload = vt_journal_entry_get_payload_object (entry);
      JsonArray *items;
      gint64 unstamped = 0, wrong_marks = 0;

      if (!g_str_equal (vt_journal_entry_get_kind (entry), "count.explain"))
        continue;
      n_explain++;
      g_assert_false (json_object_has_member (payload, "entries"));
      items = json_object_get_array_member (payload, "items");
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonObject *item = json_array_get_object_element (items, j);
          const char *kind = vt_journal_entry_get_kind (
            entry_at (&opened, json_object_get_int_member (item, "entry")));
          gint64 count = json_object_get_int_member (item, "count");

          unstamped += g_str_equal (kind, "incident.unstamped") ? count : 0;
          wrong_marks += g_str_equal (kind, "incident.wrong-mark") ? count : 0;
        }
      if (g_str_equal (json_object_get_string_member (payload, "subject"), "kommunestyre"))
        {
          g_assert_cmpint (unstamped, ==, 2);
          g_assert_cmpint (wrong_marks, ==, -1);
        }
      else
        {
          g_assert_cmpint (unstamped, ==, 0);
          g_assert_cmpint (wrong_marks, ==, -1);
        }
    }
  g_assert_cmpuint (n_explain, ==, 2);

  g_clear_object (&opened.station);
  assert_verifies (path);
}

/* The short example in data/SCENARIOS.md replays as the document says. */
static void
test_documented_example (TmpFixture   *fixture,
                         gconstpointer data)
{
  static const char start[] = "## A short, complete example\n\n```json\n";
  g_autofree char *doc_path = g_test_build_filename (G_TEST_DIST, "..", "data", "SCENARIOS.md",
                                                     NULL);
  g_autofree char *doc = NULL;
  g_autofree char *example = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *path = station_path (fixture, "first-hour.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  const char *begin;
  const char *end;

  g_file_get_contents (doc_path, &doc, NULL, &error);
  g_assert_no_error (error);
  begin = strstr (doc, start);
  g_assert_nonnull (begin);
  begin += strlen (start);
  end = strstr (begin, "```");
  g_assert_nonnull (end);
  example = g_strndup (begin, end - begin);
  scenario = write_file (fixture, "first-hour.json", example);

  if (!vt_scenario_replay (scenario, path, &report, &error))
    g_error ("%s", error->message);
  g_assert_cmpuint (report.n_done, ==, 9);
  g_assert_cmpuint (report.n_refused, ==, 1);
  g_assert_cmpint (report.n_entries, ==, 10);
  g_assert_nonnull (strstr (doc, g_ptr_array_index (report.messages, 0)));
}

/* ---- stopping and expecting ------------------------------------------------------------- */

#define HEAD(steps) \
  "{ \"format\": \"valgting-scenario/1\", \"title\": \"Test\", \"election\": \"training\", " \
  "\"steps\": [ " steps " ] }"

static void
test_refused_step_stops (TmpFixture   *fixture,
                         gconstpointer data)
{
  g_autofree char *scenario = write_file (fixture, "stops.json", HEAD (
    "{ \"_\": \"the chair arrives, and is logged as arriving again\" },"
    "{ \"at\": \"07:30\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" },"
    "{ \"at\": \"07:31\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" },"
    "{ \"at\": \"07:32\", \"do\": \"note\", \"text\": \"Never reached\" }"));
  g_autofree char *path = station_path (fixture, "stops.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(Opened) opened = { 0 };
  g_autoptr(GError) error = NULL;
  VtJournalEntry *last;

  g_assert_false (vt_scenario_replay (scenario, path, &report, &error));
  g_assert_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_REFUSED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message,
                                   "stops.json: step 3 (07:31 person.arrive): refused: "));
  /* In the station's language, Bokmål, whatever the process's locale. */
  g_assert_nonnull (strstr (error->message, "allerede registrert som til stede"));
  g_assert_true (report.created);
  g_assert_cmpuint (report.failed_step, ==, 3);
  g_assert_cmpstr (report.failed_rule, ==, "person.already-present");
  g_assert_cmpuint (report.n_done, ==, 1);
  g_assert_cmpuint (report.n_steps, ==, 3);

  /* The station file keeps what was done and the refusal, and nothing after it. */
  open_station (&opened, path);
  g_assert_cmpuint (opened.entries->len, ==, 3);
  last = entry_at (&opened, 3);
  g_assert_cmpstr (vt_journal_entry_get_kind (last), ==, "refused");
  g_assert_cmpint (report.failed_entry, ==, 3);
  g_assert_cmpint (report.n_entries, ==, 3);
}

static void
test_expected_refusal (TmpFixture   *fixture,
                       gconstpointer data)
{
  g_autofree char *scenario = write_file (fixture, "teach.json", HEAD (
    "{ \"at\": \"07:30\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" },"
    "{ \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\", \"expect\": \"refused\","
    "  \"rule\": \"person.already-present\" },"
    "{ \"do\": \"person.leave\", \"person\": \"ola-provesen\", \"expect\": \"refused\" },"
    "{ \"at\": \"07:40\", \"do\": \"note\", \"text\": \"Reached\" }"));
  g_autofree char *path = station_path (fixture, "teach.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_scenario_replay (scenario, path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_done, ==, 4);
  g_assert_cmpuint (report.n_refused, ==, 2);
  g_assert_cmpint (report.n_entries, ==, 5);
  g_assert_cmpuint (report.messages->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report.messages, 0),
                                   "step 2 (07:30 person.arrive): refused as expected "
                                   "(person.already-present): "));
}

static void
test_unexpected_acceptance (TmpFixture   *fixture,
                            gconstpointer data)
{
  g_autofree char *scenario = write_file (fixture, "accepts.json", HEAD (
    "{ \"at\": \"07:30\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" },"
    "{ \"at\": \"07:35\", \"do\": \"person.arrive\", \"person\": \"ola-provesen\","
    "  \"expect\": \"refused\" },"
    "{ \"at\": \"07:40\", \"do\": \"note\", \"text\": \"Never reached\" }"));
  g_autofree char *path = station_path (fixture, "accepts.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_scenario_replay (scenario, path, &report, &error));
  g_assert_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_ACCEPTED);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==, "accepts.json: step 2 (07:35 person.arrive) was accepted "
                                       "as entry 3, but it is meant to be refused");
  g_assert_cmpuint (report.failed_step, ==, 2);
  g_assert_cmpint (report.failed_entry, ==, 3);
  g_assert_cmpint (report.n_entries, ==, 3);
}

static void
test_refused_by_another_rule (TmpFixture   *fixture,
                              gconstpointer data)
{
  g_autofree char *scenario = write_file (fixture, "other-rule.json", HEAD (
    "{ \"at\": \"07:30\", \"do\": \"person.leave\", \"person\": \"ola-provesen\","
    "  \"expect\": \"refused\", \"rule\": \"person.already-present\" }"));
  g_autofree char *path = station_path (fixture, "other-rule.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_scenario_replay (scenario, path, &report, &error));
  g_assert_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_REFUSED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "step 1 (07:30 person.leave): refused by the rule "
                                            "“person.not-present”, not "
                                            "“person.already-present”"));
  g_assert_cmpstr (report.failed_rule, ==, "person.not-present");
}

static void
test_expectations (TmpFixture   *fixture,
                   gconstpointer data)
{
  g_autofree char *scenario = write_file (fixture, "expect.json",
    "{ \"format\": \"valgting-scenario/1\", \"title\": \"Test\", \"election\": \"training\","
    "  \"steps\": [ { \"at\": \"07:30\", \"do\": \"check.done\", \"check\": \"phone\" } ],"
    "  \"expect\": { \"phase\": \"voting\", \"findings\": [\"K102\"] } }");
  g_autofree char *good = write_file (fixture, "expect-good.json",
    "{ \"format\": \"valgting-scenario/1\", \"title\": \"Test\", \"election\": \"training\","
    "  \"steps\": [ { \"at\": \"07:30\", \"do\": \"check.done\", \"check\": \"phone\" } ],"
    "  \"expect\": { \"phase\": \"opening\", \"explained\": [] } }");
  g_autofree char *path = station_path (fixture, "expect.valgting");
  g_autofree char *good_path = station_path (fixture, "expect-good.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(VtScenarioReport) good_report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_scenario_replay (scenario, path, &report, &error));
  g_assert_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_EXPECTATION);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "expect.phase: the station is in the phase "
                                            "“opening”, not “voting”"));
  g_assert_nonnull (strstr (error->message, "expect.findings: the checks found K101 ("));
  /* The training election offers outdoor voting: its opening asks for a mobile urn too. */
  g_assert_nonnull (strstr (error->message, "times), K102, K105, not K102"));
  g_assert_cmpuint (report.n_done, ==, 1);
  g_assert_cmpuint (report.failed_step, ==, 0);
  g_clear_error (&error);

  g_assert_true (vt_scenario_replay (good, good_path, &good_report, &error));
  g_assert_no_error (error);
}

/* ---- step ids and the station file ------------------------------------------------------ */

static void
test_step_ids (TmpFixture   *fixture,
               gconstpointer data)
{
  g_autofree char *scenario = write_file (fixture, "ids.json", HEAD (
    "{ \"at\": \"07:30\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" },"
    "{ \"id\": \"twice\", \"do\": \"note\", \"text\": \"Written twice by mistake\" },"
    "{ \"id\": \"once\", \"do\": \"note\", \"text\": \"Written once\" },"
    "{ \"at\": \"07:35\", \"do\": \"correction.annul\", \"entry\": \"twice\","
    "  \"reason\": \"The same note twice\" }"));
  g_autofree char *path = station_path (fixture, "ids.valgting");
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(Opened) opened = { 0 };
  g_autoptr(GError) error = NULL;
  JsonObject *annul;

  g_assert_true (vt_scenario_replay (scenario, path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.step_entries->len, ==, 4);
  g_assert_cmpint (g_array_index (report.step_entries, gint64, 1), ==, 3);

  open_station (&opened, path);
  annul = vt_journal_entry_get_payload_object (entry_at (&opened, 5));
  g_assert_cmpint (json_object_get_int_member (annul, "entry"), ==, 3);
  g_assert_cmpstr (vt_journal_entry_get_kind (entry_at (&opened, 3)), ==, "note");
}

static void
test_replay_twice (TmpFixture   *fixture,
                   gconstpointer data)
{
  g_autofree char *scenario = example_path ("quiet-storting-day.json");
  g_autofree char *path = station_path (fixture, "twice.valgting");
  g_auto(VtScenarioReport) first = { 0 };
  g_auto(VtScenarioReport) second = { 0 };
  g_auto(VtVerifyReport) before = { 0 };
  g_auto(VtVerifyReport) after = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_scenario_replay (scenario, path, &first, &error));
  g_assert_no_error (error);
  g_assert_true (vt_verify_file (path, &before, &error));

  /* The replay makes a new station: it never writes into a file that exists, so the second
   * replay writes nothing at all. */
  g_assert_false (vt_scenario_replay (scenario, path, &second, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS);
  g_assert_false (second.created);
  g_assert_cmpuint (second.n_done, ==, 0);
  g_clear_error (&error);

  g_assert_true (vt_verify_file (path, &after, &error));
  g_assert_cmpint (after.n_entries, ==, before.n_entries);
  g_assert_cmpstr (after.head_hash, ==, before.head_hash);
}

static void
test_real_election_becomes_training (TmpFixture   *fixture,
                                     gconstpointer data)
{
  g_autofree char *config = g_test_build_filename (G_TEST_DIST, "data", "municipal-2027.json",
                                                   NULL);
  g_autofree char *content = g_strdup_printf (
    "{ \"format\": \"valgting-scenario/1\", \"title\": \"Test\", \"election\": \"%s\","
    "  \"steps\": [ { \"at\": \"07:30\", \"do\": \"check.done\", \"check\": \"phone\" } ] }",
    config);
  g_autofree char *scenario = write_file (fixture, "real.json", content);
  g_autofree char *path = station_path (fixture, "real.valgting");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(Opened) opened = { 0 };
  g_autoptr(GError) error = NULL;
  VtElectionDay *day;

  g_assert_true (g_path_is_absolute (config));
  g_assert_true (vt_scenario_replay (scenario, path, &report, &error));
  g_assert_no_error (error);

  /* A replayed day never happened: the station is a training station, dated today. */
  open_station (&opened, path);
  g_assert_true (vt_station_get_training (opened.station));
  day = g_ptr_array_index (vt_config_get_days (vt_station_get_config (opened.station)), 0);
  g_assert_cmpstr (day->date, ==, today);
}

/* --keep-dates: a recorded day replayed as it was, on the configuration's own dates and as a
 * real station when the configuration is real; the first entry names the scenario by its
 * SHA-256, and the station says so. */
static void
test_keep_dates_real_election (TmpFixture   *fixture,
                               gconstpointer data)
{
  g_autofree char *config = g_test_build_filename (G_TEST_DIST, "data", "municipal-2027.json",
                                                   NULL);
  g_autofree char *content = g_strdup_printf (
    "{ \"format\": \"valgting-scenario/1\", \"title\": \"Test\", \"election\": \"%s\","
    "  \"steps\": [ { \"at\": \"07:30\", \"do\": \"check.done\", \"check\": \"phone\" } ] }",
    config);
  g_autofree char *scenario = write_file (fixture, "real.json", content);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  g_autofree char *path = station_path (fixture, "real.valgting");
  g_autofree char *plain_path = station_path (fixture, "plain.valgting");
  g_autofree char *when = NULL;
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(Opened) opened = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(VtStation) plain = NULL;
  g_autoptr(VtConfig) municipal = vt_test_load_config (VT_TEST_MUNICIPAL);
  const char *name = NULL;
  const char *recorded = NULL;
  JsonObject *payload;
  VtElectionDay *day;

  g_assert_true (vt_scenario_replay_full (scenario, path, VT_SCENARIO_FLAGS_KEEP_DATES, &report,
                                          &error));
  g_assert_no_error (error);
  g_assert_false (report.training);
  g_assert_cmpstr (report.sha256, ==, sha);

  open_station (&opened, path);
  g_assert_false (vt_station_get_training (opened.station));
  day = g_ptr_array_index (vt_config_get_days (vt_station_get_config (opened.station)), 0);
  g_assert_cmpstr (day->date, ==, "2027-09-13");
  first = vt_journal_entry_dup_local_time (entry_at (&opened, 2));
  when = g_date_time_format (first, "%Y-%m-%d %H:%M");
  g_assert_cmpstr (when, ==, "2027-09-13 07:30");

  /* The first entry, in the chain: made by replay, of this scenario. */
  payload = vt_journal_entry_get_payload_object (entry_at (&opened, 1));
  g_assert_cmpstr (json_object_get_string_member (payload, "replay_sha256"), ==, sha);
  g_assert_cmpstr (json_object_get_string_member (payload, "replay_scenario"), ==, "real.json");
  g_assert_true (vt_station_get_replay_origin (opened.station, &name, &recorded));
  g_assert_cmpstr (name, ==, "real.json");
  g_assert_cmpstr (recorded, ==, sha);

  /* On its own dates a replay is reproducible: the same chain, checksum and all (refusals
   * aside: each refused step's entry has a command id of its own). */
  {
    g_autofree char *again_path = station_path (fixture, "again.valgting");
    g_auto(VtScenarioReport) again_report = { 0 };
    g_auto(Opened) again = { 0 };

    g_assert_true (vt_scenario_replay_full (scenario, again_path, VT_SCENARIO_FLAGS_KEEP_DATES,
                                            &again_report, &error));
    g_assert_no_error (error);
    open_station (&again, again_path);
    g_assert_cmpstr (vt_store_get_head_hash (vt_station_get_store (again.station)), ==,
                     vt_store_get_head_hash (vt_station_get_store (opened.station)));
  }
  g_clear_object (&opened.station);
  assert_verifies_real (path);

  /* A station made by hand says nothing of the kind. */
  plain = vt_station_create (plain_path, municipal, &error);
  g_assert_no_error (error);
  g_assert_false (vt_station_get_replay_origin (plain, &name, &recorded));
  g_assert_null (name);
  g_assert_null (recorded);
}

/* A training configuration keeps its dates too, and stays a training station; without
 * --keep-dates the replay still records where it came from. */
static void
test_keep_dates_training_election (TmpFixture   *fixture,
                                   gconstpointer data)
{
  g_autofree char *scenario = example_path ("busy-municipal-two-days.json");
  g_autofree char *path = station_path (fixture, "kept.valgting");
  g_autofree char *moved_path = station_path (fixture, "moved.valgting");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_auto(VtScenarioReport) report = { 0 };
  g_auto(VtScenarioReport) moved_report = { 0 };
  g_auto(Opened) opened = { 0 };
  g_auto(Opened) moved = { 0 };
  g_autoptr(GError) error = NULL;
  const char *sha = NULL;
  GPtrArray *days;

  g_assert_true (vt_scenario_replay_full (scenario, path, VT_SCENARIO_FLAGS_KEEP_DATES, &report,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (report.training);
  open_station (&opened, path);
  g_assert_true (vt_station_get_training (opened.station));
  days = vt_config_get_days (vt_station_get_config (opened.station));
  g_assert_cmpstr (((VtElectionDay *)g_ptr_array_index (days, 0))->date, ==, "2027-09-12");
  g_assert_cmpstr (((VtElectionDay *)g_ptr_array_index (days, 1))->date, ==, "2027-09-13");
  g_assert_true (vt_station_get_replay_origin (opened.station, NULL, &sha));
  g_assert_cmpstr (sha, ==, report.sha256);
  g_assert_cmpint (strlen (sha), ==, 64);

  g_assert_true (vt_scenario_replay (scenario, moved_path, &moved_report, &error));
  g_assert_no_error (error);
  open_station (&moved, moved_path);
  days = vt_config_get_days (vt_station_get_config (moved.station));
  g_assert_cmpstr (((VtElectionDay *)g_ptr_array_index (days, 0))->date, ==, today);
  g_assert_true (vt_station_get_replay_origin (moved.station, NULL, &sha));
  g_assert_cmpstr (sha, ==, report.sha256);
}

/* ---- bad files -------------------------------------------------------------------------- */

static const struct
{
  const char *content;
  const char *message;
} bad_files[] = {
  { "{ \"format\": \"valgting-scenario/1\", ", "bad.json: not valid JSON: " },
  { "[]", "bad.json: the file must hold one JSON object in braces { }" },
  { "{ \"format\": \"valgting-scenario/2\", \"title\": \"T\", \"election\": \"training\", "
    "\"steps\": [] }",
    "bad.json: format: “valgting-scenario/2” is not a format this version of Valgting reads" },
  { "{ \"format\": \"valgting-scenario/1\", \"titel\": \"T\", \"election\": \"training\", "
    "\"steps\": [] }",
    "bad.json: unknown key “titel”" },
  { "{ \"format\": \"valgting-scenario/1\", \"title\": \"T\", \"election\": \"training\" }",
    "bad.json: the key “steps” is missing" },
  { "{ \"format\": \"valgting-scenario/1\", \"title\": \"T\", \"election\": \"nowhere.json\", "
    "\"steps\": [] }",
    "bad.json: election: there is no election configuration “nowhere.json” beside the scenario" },
  { "{ \"format\": \"valgting-scenario/1\", \"title\": \"T\", \"election\": \"broken.json\", "
    "\"steps\": [] }",
    "broken.json: the key “election” is missing" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"person.arrive\", \"persn\": \"kari-ovingsen\" }"),
    "bad.json: step 1: “person.arrive” has no field “persn”; its fields are: person" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"seal.brake\" }"),
    "bad.json: step 1.do: “seal.brake” is not a command Valgting knows; did you mean "
    "“seal.break”?" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"refused\" }"),
    "bad.json: step 1.do: “refused” is written by Valgting itself" },
  /* An older scenario's count with its control count in one step: what it became. */
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" },"
          "{ \"do\": \"count.pile\", \"contest\": \"kommunestyre\", \"pile\": \"A\", "
          "\"count\": 10, \"control_count\": 10 }"),
    "bad.json: step 2.do: “count.pile” with a count and a control count in one step is the older "
    "format: a count and its control count are now two steps by two board members, "
    "“pile.count” with \"count\" and \"counter\", then “pile.control” with \"control_count\" "
    "and \"controller\" (data/SCENARIOS.md)" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"roll-marks\", \"table\": \"1\", \"day\": 1, "
          "\"count\": 10, \"control_count\": 10 }"),
    "bad.json: step 1.do: “roll-marks” with a count and a control count in one step is the "
    "older format" },
  { HEAD ("{ \"at\": \"07:30\", \"check\": \"phone\" }"),
    "bad.json: step 1: the key “do” is missing" },
  { HEAD ("{ \"at\": \"07:45\", \"do\": \"check.done\", \"check\": \"phone\" },"
          "{ \"_\": \"a comment\" },"
          "{ \"at\": \"07:40\", \"do\": \"check.done\", \"check\": \"clock\" }"),
    "bad.json: step 3.at: 07:40 on day 1 is before the previous step (07:45 check.done); steps "
    "are replayed in the order they are written, so their times must not go backwards" },
  { HEAD ("{ \"at\": \"25:00\", \"do\": \"check.done\", \"check\": \"phone\" }"),
    "bad.json: step 1.at: “25:00” is not a time; write it as HH:MM, e.g. 09:00" },
  { HEAD ("{ \"do\": \"check.done\", \"check\": \"phone\" }"),
    "bad.json: step 1: the first step needs a time" },
  { HEAD ("{ \"at\": \"07:30\", \"day\": 2, \"do\": \"check.done\", \"check\": \"phone\" }"),
    "bad.json: step 1.day: this must be the number of an election day: the election has 1 day" },
  { HEAD ("{ \"at\": \"07:30\", \"by\": \"kari\", \"do\": \"check.done\", \"check\": \"phone\" }"),
    "bad.json: step 1.by: “kari” is not a person in the election's configuration" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"check.done\", \"check\": \"phnoe\" }"),
    "bad.json: step 1: “The checklist item”: is not an item of the opening checklist" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"expect\": \"accepted\" }"),
    "bad.json: step 1.expect: “accepted” is not something a step can expect" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"rule\": \"x\" }"),
    "bad.json: step 1.rule: \"rule\" names the rule that refuses a step" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"correction.annul\", \"entry\": \"later\", "
          "\"reason\": \"R\" },"
          "{ \"id\": \"later\", \"do\": \"note\", \"text\": \"Hi\" }"),
    "bad.json: step 1.entry: “later” is not the id of an earlier step" },
  { HEAD ("{ \"id\": \"no\", \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", "
          "\"expect\": \"refused\" },"
          "{ \"do\": \"correction.annul\", \"entry\": \"no\", \"reason\": \"R\" }"),
    "bad.json: step 2.entry: “no” is a step that is meant to be refused" },
  { HEAD ("{ \"id\": \"a\", \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" },"
          "{ \"id\": \"a\", \"do\": \"note\", \"text\": \"Hi\" }"),
    "bad.json: step 2: the id “a” is used by an earlier step too" },
  /* A scenario written before explanations had items. */
  { HEAD ("{ \"id\": \"u\", \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" },"
          "{ \"do\": \"count.explain\", \"code\": \"K402\", \"text\": \"T\", "
          "\"entries\": [\"u\"] }"),
    "bad.json: step 2.entries: an explanation of this check no longer lists \"entries\" "
    "alone: give \"items\"" },
  { HEAD ("{ \"at\": \"07:30\", \"do\": \"count.explain\", \"code\": \"K402\", "
          "\"text\": \"T\", \"items\": [{ \"entry\": \"later\", \"count\": 1 }] },"
          "{ \"id\": \"later\", \"do\": \"note\", \"text\": \"Hi\" }"),
    "bad.json: step 1.items[0].entry: “later” is not the id of an earlier step" },
  { HEAD ("{ \"_\": \"only a comment\" }"),
    "bad.json: steps: every step is a comment" },
  { "{ \"format\": \"valgting-scenario/1\", \"title\": \"T\", \"election\": \"training\", "
    "\"steps\": [ { \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" } ], "
    "\"expect\": { \"phase\": \"finished\" } }",
    "bad.json: expect.phase: “finished” is not a phase" },
  { "{ \"format\": \"valgting-scenario/1\", \"title\": \"T\", \"election\": \"training\", "
    "\"steps\": [ { \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" } ], "
    "\"expect\": { \"findings\": [\"K999\"] } }",
    "bad.json: expect.findings[0]: “K999” is not a numbered check of Valgting" },
};

static void
test_bad_files (TmpFixture   *fixture,
                gconstpointer data)
{
  g_autofree char *broken = write_file (fixture, "broken.json",
                                        "{ \"format\": \"valgting-election/1\" }");

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *scenario = write_file (fixture, "bad.json", bad_files[i].content);
      g_autofree char *path = station_path (fixture, "bad.valgting");
      g_auto(VtScenarioReport) report = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_false (vt_scenario_replay (scenario, path, &report, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      if (!g_str_has_prefix (error->message, bad_files[i].message))
        g_error ("bad file %u: “%s” does not start with “%s”", i, error->message,
                 bad_files[i].message);
      g_assert_true (error->domain == VT_SCENARIO_ERROR || error->domain == VT_CONFIG_ERROR);

      /* Nothing is made from a bad file. */
      g_assert_false (report.created);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

/* ---- training sessions: the trainee's steps and event cards ------------------------------ */

#define TRAINING_HEAD \
  "{ \"format\": \"valgting-scenario/1\", \"title\": \"T\", \"description\": \"D\", " \
  "\"election\": \"training\", \"steps\": [ "

static void
test_training_keys (TmpFixture   *fixture,
                    gconstpointer data)
{
  g_autofree char *path = write_file (fixture, "session.json", TRAINING_HEAD
    "{ \"at\": \"07:30\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" },"
    "{ \"_\": \"---- the trainee's part ----\" },"
    "{ \"at\": \"07:40\", \"card\": \"Ola Prøvesen kjem inn døra.\", \"title\": \"Nestleiar\" },"
    "{ \"at\": \"07:45\", \"do\": \"person.arrive\", \"person\": \"ola-provesen\", "
    "  \"trainee\": true, \"within\": 5, \"task\": \"Registrer at Ola er komen.\" },"
    "{ \"do\": \"check.done\", \"check\": \"phone\", \"trainee\": true },"
    "{ \"card\": \"Klokka går.\" },"
    "{ \"do\": \"check.done\", \"check\": \"clock\", \"trainee\": false } ], "
    "\"expect\": { \"phase\": \"opening\" } }");
  g_autofree char *station = station_path (fixture, "session.valgting");
  g_autoptr(VtScenario) scenario = NULL;
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  const VtScenarioStep *steps;
  guint n = 0;

  scenario = vt_scenario_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vt_scenario_get_title (scenario), ==, "T");
  g_assert_cmpstr (vt_scenario_get_description (scenario), ==, "D");
  steps = vt_scenario_get_steps (scenario, &n);
  g_assert_cmpuint (n, ==, 6);

  /* Numbers count the comment, as messages do. */
  g_assert_cmpuint (steps[0].number, ==, 1);
  g_assert_cmpint (steps[0].role, ==, VT_SCENARIO_STEP_BACKGROUND);
  g_assert_cmpstr (steps[0].kind, ==, "person.arrive");
  g_assert_cmpstr (steps[0].actor, ==, "kari-ovingsen");
  g_assert_cmpint (steps[0].minutes, ==, 7 * 60 + 30);
  g_assert_cmpint (steps[0].within, ==, 0);
  g_assert_null (steps[0].task);
  g_assert_null (steps[0].card);
  g_assert_cmpstr (json_object_get_string_member (steps[0].fields, "person"), ==,
                   "kari-ovingsen");

  g_assert_cmpuint (steps[1].number, ==, 3);
  g_assert_cmpint (steps[1].role, ==, VT_SCENARIO_STEP_CARD);
  g_assert_null (steps[1].kind);
  g_assert_null (steps[1].fields);
  g_assert_cmpstr (steps[1].card, ==, "Ola Prøvesen kjem inn døra.");
  g_assert_cmpstr (steps[1].title, ==, "Nestleiar");
  g_assert_cmpint (steps[1].day, ==, 1);
  g_assert_cmpint (steps[1].minutes, ==, 7 * 60 + 40);

  g_assert_cmpint (steps[2].role, ==, VT_SCENARIO_STEP_TRAINEE);
  g_assert_cmpstr (steps[2].kind, ==, "person.arrive");
  g_assert_cmpint (steps[2].within, ==, 5);
  g_assert_cmpstr (steps[2].task, ==, "Registrer at Ola er komen.");
  g_assert_false (json_object_has_member (steps[2].fields, "trainee"));
  g_assert_false (json_object_has_member (steps[2].fields, "task"));

  /* "within" defaults to 15 minutes; a card keeps the previous step's time. */
  g_assert_cmpint (steps[3].role, ==, VT_SCENARIO_STEP_TRAINEE);
  g_assert_cmpint (steps[3].within, ==, VT_SCENARIO_DEFAULT_WITHIN);
  g_assert_cmpint (steps[3].within, ==, 15);
  g_assert_null (steps[3].task);
  g_assert_cmpint (steps[4].role, ==, VT_SCENARIO_STEP_CARD);
  g_assert_null (steps[4].title);
  g_assert_cmpint (steps[4].minutes, ==, 7 * 60 + 45);
  g_assert_cmpint (steps[5].role, ==, VT_SCENARIO_STEP_BACKGROUND);
  g_assert_cmpuint (steps[5].number, ==, 7);

  /* Replayed whole, the trainee's steps are given like the others and the cards skipped:
   * the model answer. */
  g_assert_true (vt_scenario_replay (path, station, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_steps, ==, 4);
  g_assert_cmpuint (report.n_done, ==, 4);
  g_assert_cmpuint (report.step_entries->len, ==, 4);
  g_assert_cmpuint (report.messages->len, ==, 0);
}

static const struct
{
  const char *steps;
  const char *message;
} bad_training[] = {
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"card\": \"Ein veljar kjem.\" }",
    "bad.json: step 1: a step is either a command (\"do\") or an event card" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"within\": 10 }",
    "bad.json: step 1.within: \"within\" is how late the trainee may do a step" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"trainee\": false, "
    "\"within\": 10 }",
    "bad.json: step 1.within: \"within\" is how late the trainee may do a step" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" }, "
    "{ \"do\": \"note\", \"text\": \"Hi\", \"trainee\": true, \"within\": 0 }",
    "bad.json: step 2.within: this must be a number of minutes, 1 or more" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"trainee\": true, "
    "\"within\": -5 }",
    "bad.json: step 1.within: this must be a number of minutes, 1 or more" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"trainee\": true, "
    "\"within\": \"10\" }",
    "bad.json: step 1.within: this must be a number of minutes, 1 or more" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"trainee\": \"yes\" }",
    "bad.json: step 1.trainee: this must be true or false" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"task\": \"Skriv\" }",
    "bad.json: step 1.task: \"task\" tells the trainee what is expected" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" }, "
    "{ \"card\": \"Ein veljar kjem.\", \"by\": \"ola-provesen\" }",
    "bad.json: step 2: an event card has no “by”" },
  { "{ \"at\": \"07:30\", \"card\": \"Ein veljar kjem.\", \"trainee\": true }",
    "bad.json: step 1: an event card has no “trainee”" },
  { "{ \"at\": \"07:30\", \"card\": \"\" }",
    "bad.json: step 1.card: this must not be empty" },
  { "{ \"card\": \"Ein veljar kjem.\" }",
    "bad.json: step 1: the first step needs a time" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" }, "
    "{ \"at\": \"07:20\", \"card\": \"Ein veljar kjem.\" }",
    "bad.json: step 2.at: 07:20 on day 1 is before the previous step (07:30 note)" },
  { "{ \"at\": \"07:40\", \"card\": \"Ein veljar kjem.\" }, "
    "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\" }",
    "bad.json: step 2.at: 07:30 on day 1 is before the previous step (07:40 card)" },
  { "{ \"at\": \"07:30\", \"do\": \"note\", \"text\": \"Hi\", \"title\": \"Tittel\" }",
    "bad.json: step 1: “note” has no field “title”" },
};

static void
test_training_mistakes (TmpFixture   *fixture,
                        gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_training); i++)
    {
      g_autofree char *content = g_strconcat (TRAINING_HEAD, bad_training[i].steps, " ] }",
                                              NULL);
      g_autofree char *scenario = write_file (fixture, "bad.json", content);
      g_autofree char *path = station_path (fixture, "bad.valgting");
      g_auto(VtScenarioReport) report = { 0 };
      g_autoptr(VtScenario) loaded = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) load_error = NULL;

      loaded = vt_scenario_load (scenario, &load_error);
      g_assert_null (loaded);
      g_assert_error (load_error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID);

      g_assert_false (vt_scenario_replay (scenario, path, &report, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      if (!g_str_has_prefix (error->message, bad_training[i].message))
        g_error ("training mistake %u: “%s” does not start with “%s”", i, error->message,
                 bad_training[i].message);
      g_assert_cmpstr (error->message, ==, load_error->message);
      g_assert_false (report.created);
    }
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
test_command_line (TmpFixture   *fixture,
                   gconstpointer data)
{
  g_autofree char *quiet = example_path ("quiet-storting-day.json");
  g_autofree char *path = station_path (fixture, "cli.valgting");
  g_autofree char *stops = write_file (fixture, "stops.json", HEAD (
    "{ \"at\": \"07:30\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" },"
    "{ \"at\": \"07:31\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\" }"));
  g_autofree char *stops_path = station_path (fixture, "stops.valgting");
  g_autofree char *bad = write_file (fixture, "bad.json", HEAD (
    "{ \"at\": \"07:30\", \"do\": \"person.arive\", \"person\": \"kari-ovingsen\" }"));
  g_autofree char *bad_path = station_path (fixture, "bad.valgting");
  char *out = NULL;
  char *err = NULL;

  /* Success: 0, with the summary. */
  g_assert_cmpint (run_valgting ((const char *[]) { "replay", quiet, path, NULL }, &out, &err),
                   ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "A quiet Storting day"));
  g_assert_nonnull (strstr (out, "phase:     protocol"));
  g_assert_nonnull (strstr (out, "findings:  none"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The file exists now: 2, and nothing is replayed. */
  g_assert_cmpint (run_valgting ((const char *[]) { "replay", quiet, path, NULL }, &out, &err),
                   ==, 2);
  g_assert_nonnull (strstr (err, "There is already a file"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A refused step: 1, with its number and reason. */
  g_assert_cmpint (run_valgting ((const char *[]) { "replay", stops, stops_path, NULL }, &out,
                                 &err), ==, 1);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (err, "stops.json: step 2 (07:31 person.arrive): refused: "));
  g_assert_nonnull (strstr (out, "steps:     1 of 2 replayed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A bad file: 2, naming the file and the place; no station file. */
  g_assert_cmpint (run_valgting ((const char *[]) { "replay", bad, bad_path, NULL }, &out, &err),
                   ==, 2);
  g_assert_nonnull (strstr (err, "bad.json: step 1.do: “person.arive”"));
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage: 2. */
  g_assert_cmpint (run_valgting ((const char *[]) { "replay", quiet, NULL }, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "replay [--keep-dates] SCENARIO.json FILE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --keep-dates: a real configuration gives a real station, and the scenario's SHA-256. */
  {
    g_autofree char *config = g_test_build_filename (G_TEST_DIST, "data", "municipal-2027.json",
                                                     NULL);
    g_autofree char *content = g_strdup_printf (
      "{ \"format\": \"valgting-scenario/1\", \"title\": \"Kept\", \"election\": \"%s\","
      "  \"steps\": [ { \"at\": \"07:30\", \"do\": \"check.done\", \"check\": \"phone\" } ] }",
      config);
    g_autofree char *kept = write_file (fixture, "kept.json", content);
    g_autofree char *kept_path = station_path (fixture, "kept.valgting");
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
    g_autofree char *new_path = station_path (fixture, "new.valgting");
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autoptr(VtStation) made = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (run_valgting ((const char *[]) { "replay", "--keep-dates", kept, kept_path,
                                                      NULL }, &out, &err), ==, 0);
    g_test_message ("%s%s", out, err);
    g_assert_nonnull (strstr (out, "(a real election's station, made by replay)"));
    g_assert_nonnull (strstr (out, sha));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    /* new: a fresh station from a configuration, on its dates, not a training one. */
    g_assert_cmpint (run_valgting ((const char *[]) { "new", config, new_path, NULL }, &out,
                                   &err), ==, 0);
    g_test_message ("%s%s", out, err);
    g_assert_nonnull (strstr (out, "day 1:     2027-09-13, 09:00–21:00"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    made = vt_station_open (new_path, &error);
    g_assert_no_error (error);
    g_assert_false (vt_station_get_training (made));
    g_assert_false (vt_station_get_replay_origin (made, NULL, NULL));
    g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (made)), ==, 1);
    g_clear_object (&made);
    assert_verifies_real (new_path);

    /* … and never over an existing file: 2, said plainly, the file untouched. */
    g_file_get_contents (new_path, &before, NULL, NULL);
    g_assert_cmpint (run_valgting ((const char *[]) { "new", config, new_path, NULL }, &out,
                                   &err), ==, 2);
    g_assert_nonnull (strstr (err, "there is already a file there; valgting new never writes "
                                   "over a file"));
    g_file_get_contents (new_path, &after, NULL, NULL);
    g_assert_cmpmem (before, strlen (before), after, strlen (after));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    /* A bad configuration: 1, with the file's own message; no station file. */
    g_clear_pointer (&new_path, g_free);
    new_path = station_path (fixture, "new-bad.valgting");
    g_assert_cmpint (run_valgting ((const char *[]) { "new", bad, new_path, NULL }, &out, &err),
                     ==, 1);
    g_assert_nonnull (strstr (err, "bad.json"));
    g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (run_valgting ((const char *[]) { "new", config, NULL }, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "new CONFIG.json FILE"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* The reference of every entry kind. */
  g_assert_cmpint (run_valgting ((const char *[]) { "kinds", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "## `seal.break`"));
  g_assert_nonnull (strstr (out, "second_member"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_valgting ((const char *[]) { "kinds", "extra", NULL }, &out, &err), ==,
                   2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

int
main (int   argc,
      char *argv[])
{
  /* The messages checked here are the English ones. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, TmpFixture, NULL, tmp_set_up, func, tmp_tear_down)

  ADD ("/scenario/example/quiet-storting-day", test_quiet_storting_day);
  ADD ("/scenario/example/organisation-annual-meeting", test_organisation_meeting);
  ADD ("/scenario/example/busy-municipal-two-days", test_busy_municipal);
  ADD ("/scenario/example/documented", test_documented_example);
  ADD ("/scenario/refused-step-stops-the-replay", test_refused_step_stops);
  ADD ("/scenario/expected-refusals-continue", test_expected_refusal);
  ADD ("/scenario/unexpected-acceptance-fails", test_unexpected_acceptance);
  ADD ("/scenario/refused-by-another-rule-fails", test_refused_by_another_rule);
  ADD ("/scenario/expectations", test_expectations);
  ADD ("/scenario/step-ids-name-entries", test_step_ids);
  ADD ("/scenario/replaying-twice-writes-nothing", test_replay_twice);
  ADD ("/scenario/real-election-becomes-training", test_real_election_becomes_training);
  ADD ("/scenario/keep-dates/real-election", test_keep_dates_real_election);
  ADD ("/scenario/keep-dates/training-election", test_keep_dates_training_election);
  ADD ("/scenario/bad-files", test_bad_files);
  ADD ("/scenario/command-line", test_command_line);
  ADD ("/scenario/training/keys", test_training_keys);
  ADD ("/scenario/training/mistakes", test_training_mistakes);

#undef ADD

  return g_test_run ();
}
