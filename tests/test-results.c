/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "vt-copy.h"
#include "vt-documents.h"
#include "vt-export.h"
#include "vt-results.h"
#include "vt-scenario.h"
#include "vt-station.h"
#include "vt-store.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* The protocol's numbers as data (vt-results.h): the golden Nattland day, whose protocol's
 * numbers tests/golden/2019-nattland-two-days.txt holds, read back field by field; the busy
 * day's remarks, accepted warning and broken seals; a station counted by urn totals only; the
 * chair's signature, current and then stale; `valgting export results` (0600, never over a
 * file, a tampered station refused); and the QR code on the protocol's signature page and on
 * the receipts, decoded from the rendered PDF with zbarimg and compared with the data. */

typedef struct
{
  char *dir;
  char *nattland;  /* golden-2019-nattland-two-days, replayed with its own dates */
  char *busy;      /* busy-municipal-two-days */
  char *totals;    /* golden-totals-only-day */
} Days;

static Days days;

static char *
in_dir (const char *name)
{
  return g_build_filename (days.dir, name, NULL);
}

static char *
replay (const char      *scenario_name,
        const char      *station_name,
        VtScenarioFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     scenario_name, NULL);
  g_auto(VtScenarioReport) report = { 0 };
  char *station = in_dir (station_name);

  g_assert_true (vt_scenario_replay_full (scenario, station, flags, &report, &error));
  g_assert_no_error (error);
  return station;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
results_json_of (const char *station_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtResults) results = vt_results_new_from_file (station_path, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (results);
  text = vt_results_to_json (results);
  return parse_object (text);
}

static JsonObject *
contest_of (JsonObject *results,
            const char *id)
{
  JsonArray *contests = json_object_get_array_member (results, "contests");

  for (guint i = 0; i < json_array_get_length (contests); i++)
    {
      JsonObject *contest = json_array_get_object_element (contests, i);

      if (g_str_equal (json_object_get_string_member (contest, "id"), id))
        return contest;
    }
  g_assert_not_reached ();
}

static gint64
list_ballots (JsonObject *contest,
              const char *id)
{
  JsonArray *lists = json_object_get_array_member (contest, "lists");

  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      JsonObject *list = json_array_get_object_element (lists, i);

      if (g_str_equal (json_object_get_string_member (list, "id"), id))
        return json_object_get_int_member (list, "ballots");
    }
  g_assert_not_reached ();
}

static void
assert_c1 (JsonObject *contest,
           gint64      approved,
           gint64      blank,
           gint64      doubtful,
           gint64      total)
{
  g_assert_cmpint (json_object_get_int_member (contest, "approved"), ==, approved);
  g_assert_cmpint (json_object_get_int_member (contest, "blank"), ==, blank);
  g_assert_cmpint (json_object_get_int_member (contest, "doubtful"), ==, doubtful);
  g_assert_cmpint (json_object_get_int_member (contest, "total"), ==, total);
}

/* ---- the numbers ------------------------------------------------------------------------ */

/* The numbers of tests/golden/2019-nattland-two-days.txt's protocol, field by field. */
static void
test_nattland (void)
{
  g_autoptr(JsonObject) results = results_json_of (days.nattland);
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  JsonObject *fylkesting = contest_of (results, "fylkesting");
  JsonObject *kommunestyre = contest_of (results, "kommunestyre");
  JsonArray *days_array = json_object_get_array_member (results, "days");
  JsonObject *sunday = json_array_get_object_element (days_array, 0);
  JsonObject *monday = json_array_get_object_element (days_array, 1);

  g_assert_cmpstr (json_object_get_string_member (results, "format"), ==, "valgting-results/1");
  g_assert_cmpstr (json_object_get_string_member (results, "election_name"), ==,
                   "Kommunestyre- og fylkestingsvalget 2019");
  g_assert_cmpstr (json_object_get_string_member (results, "election_kind"), ==, "municipal");
  g_assert_cmpint (json_object_get_int_member (results, "year"), ==, 2019);
  g_assert_false (json_object_get_boolean_member (results, "training"));
  g_assert_cmpstr (json_object_get_string_member (results, "municipality_number"), ==, "1201");
  g_assert_cmpstr (json_object_get_string_member (results, "municipality_name"), ==, "Bergen");
  g_assert_cmpstr (json_object_get_string_member (results, "precinct_number"), ==, "0405");
  g_assert_cmpstr (json_object_get_string_member (results, "precinct_name"), ==,
                   "Nattland skole");
  g_assert_cmpstr (json_object_get_string_member (results, "language"), ==, "nb");
  g_assert_true (json_object_get_boolean_member (results, "counted_by_party"));

  /* B1 */
  g_assert_cmpint (json_object_get_int_member (results, "special_envelopes"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (results, "emergency_envelopes"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (results, "other_precinct_envelopes"), ==, 6);

  /* the roll marks, Sunday and Monday */
  g_assert_cmpuint (json_array_get_length (days_array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (sunday, "date"), ==, "2019-09-08");
  g_assert_cmpint (json_object_get_int_member (sunday, "weekday"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (sunday, "roll_marks"), ==, 410);
  g_assert_cmpstr (json_object_get_string_member (monday, "date"), ==, "2019-09-09");
  g_assert_cmpint (json_object_get_int_member (monday, "weekday"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (monday, "roll_marks"), ==, 933);
  g_assert_cmpint (json_object_get_int_member (results, "roll_marks_total"), ==, 1343);

  /* C1, in the configuration's order, and C2 */
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (results, "contests"), 0), "id"), ==,
                   "fylkesting");
  assert_c1 (fylkesting, 1328, 12, 1, 1341);
  assert_c1 (kommunestyre, 1332, 9, 2, 1343);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fylkesting, "lists")),
                    ==, 15);
  g_assert_cmpint (list_ballots (fylkesting, "A"), ==, 301);
  g_assert_cmpint (list_ballots (fylkesting, "MDG"), ==, 108);
  g_assert_cmpint (list_ballots (fylkesting, "V"), ==, 40);
  g_assert_cmpint (list_ballots (kommunestyre, "HELSE"), ==, 12);
  g_assert_cmpint (list_ballots (kommunestyre, "H"), ==, 301);
  g_assert_cmpstr (json_object_get_string_member (fylkesting, "remark"), ==,
                   "To velgere stemte bare ved kommunestyrevalget (se loggføringene); derfor er "
                   "det to stemmesedler færre enn kryss i manntallet.");
  g_assert_false (json_object_get_boolean_member (fylkesting, "difference_not_explained"));
  g_assert_cmpint (json_object_get_int_member (fylkesting, "n_warnings_accepted"), ==, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (results, "matters"),
                                   "Søndag og mandag forløp uten avvik av betydning."));

  /* what the office must look at: nobody signed on screen, no seal broken */
  g_assert_false (json_object_get_boolean_member (results, "signed_by_chair"));
  g_assert_false (json_object_get_boolean_member (results, "signature_stale"));
  g_assert_cmpint (json_object_get_int_member (results, "n_broken_seals"), ==, 0);

  /* the journal it was read from: verify's own count and head */
  g_assert_true (vt_verify_file (days.nattland, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (results, "n_entries"), ==, 148);
  g_assert_cmpint (json_object_get_int_member (results, "n_entries"), ==, report.n_entries);
  g_assert_cmpstr (json_object_get_string_member (results, "checksum"), ==, report.head_hash);
  g_assert_cmpuint (strlen (report.head_hash), ==, 64);
}

/* The busy day: the board's explanations and the warning two members accepted stand in the
 * remark as the protocol prints them; the two seals broken during the day are counted, not the
 * ones broken to open the urns for the count. */
static void
test_busy (void)
{
  g_autoptr(JsonObject) results = results_json_of (days.busy);
  JsonObject *fylkesting = contest_of (results, "fylkesting");
  JsonObject *kommunestyre = contest_of (results, "kommunestyre");
  const char *remark = json_object_get_string_member (fylkesting, "remark");
  JsonArray *lists = json_object_get_array_member (kommunestyre, "lists");
  gint64 sum = 0;

  g_assert_true (json_object_get_boolean_member (results, "training"));
  assert_c1 (kommunestyre, 1800, 14, 3, 1817);
  assert_c1 (fylkesting, 1758, 56, 1, 1815);
  for (guint i = 0; i < json_array_get_length (lists); i++)
    sum += json_object_get_int_member (json_array_get_object_element (lists, i), "ballots");
  g_assert_cmpint (sum, ==, 1800);

  g_assert_true (g_str_has_prefix (remark, "Én blå stemmeseddel færre enn kryss"));
  g_assert_nonnull (strstr (remark, "\nMange blanke stemmesedler — godtatt av Hilde Travel og "
                                    "Jon Kjapp: Blankebunken er talt på nytt"));
  g_assert_cmpint (json_object_get_int_member (fylkesting, "n_warnings_accepted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (kommunestyre, "n_warnings_accepted"), ==, 0);
  g_assert_false (json_object_get_boolean_member (fylkesting, "difference_not_explained"));
  g_assert_true (json_object_get_null_member (results, "matters"));
  g_assert_cmpint (json_object_get_int_member (results, "n_broken_seals"), ==, 2);
}

/* Counted by urn totals only: no C2, and no blank row (they are among the approved), so
 * blank is null; the electronic roll has no other-precinct envelopes. */
static void
test_totals_only (void)
{
  g_autoptr(JsonObject) results = results_json_of (days.totals);
  JsonObject *contest = contest_of (results, "stortingsvalg");

  g_assert_false (json_object_get_boolean_member (results, "counted_by_party"));
  g_assert_cmpint (json_object_get_int_member (contest, "approved"), ==, 789);
  g_assert_true (json_object_get_null_member (contest, "blank"));
  g_assert_cmpint (json_object_get_int_member (contest, "doubtful"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (contest, "total"), ==, 791);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (contest, "lists")), ==,
                    0);
  g_assert_true (json_object_get_null_member (results, "other_precinct_envelopes"));
  g_assert_cmpint (json_object_get_int_member (results, "emergency_envelopes"), ==, 2);
}

/* A count not yet made is null, not 0. */
static void
test_unknown (void)
{
  g_autoptr(VtConfig) config = vt_test_load_config ("municipal-2027.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = in_dir ("fresh.valgting");
  g_autoptr(VtStation) station = vt_station_create (path, config, &error);
  g_autoptr(VtResults) results = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) object = NULL;
  VtResultsContest *first;
  JsonObject *contest;

  g_assert_no_error (error);
  results = vt_results_new_from_station (station);
  first = g_ptr_array_index (results->contests, 0);
  g_assert_cmpint (first->approved, ==, VT_RESULTS_UNKNOWN);
  g_assert_cmpint (first->total, ==, VT_RESULTS_UNKNOWN);
  text = vt_results_to_json (results);
  object = parse_object (text);
  contest = json_array_get_object_element (json_object_get_array_member (object, "contests"), 0);
  g_assert_true (json_object_get_null_member (contest, "approved"));
  g_assert_true (json_object_get_null_member (contest, "total"));
  g_assert_true (json_object_get_null_member (object, "roll_marks_total"));
  g_assert_cmpstr (results->checksum, ==, vt_store_get_head_hash (vt_station_get_store (station)));
}

static VtJournalEntry *
execute_json (VtStation  *station,
              const char *kind,
              const char *json,
              GError    **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autofree char *id = g_uuid_string_random ();

  return vt_station_execute (station, id, kind, vt_station_get_actor (station),
                             json_node_get_object (node), error);
}

/* Signed by the chair on screen: signed_by_chair; a remark written after it: stale. */
static void
test_signature (void)
{
  g_autofree char *copy = in_dir ("signed.valgting");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(VtJournalEntry) signature = NULL;
  g_autoptr(VtJournalEntry) remark = NULL;
  g_autoptr(VtResults) signed_results = NULL;
  g_autoptr(VtResults) stale_results = NULL;
  g_autofree char *json = NULL;
  const VtPerson *chair;

  g_assert_true (vt_copy_station_file (days.nattland, copy, &error));
  g_assert_no_error (error);
  station = vt_station_open (copy, &error);
  g_assert_no_error (error);
  chair = vt_config_get_chair (vt_station_get_config (station));
  json = g_strdup_printf ("{\"person\": \"%s\", \"strokes\": [[0.1, 0.8, 0.3, 0.2]]}",
                          chair->id);
  signature = execute_json (station, "protocol.sign", json, &error);
  g_assert_no_error (error);
  signed_results = vt_results_new_from_station (station);
  g_assert_true (signed_results->signed_by_chair);
  g_assert_false (signed_results->signature_stale);
  /* the head is the signature now */
  g_assert_cmpstr (signed_results->checksum, ==, vt_journal_entry_get_hash (signature));
  g_assert_cmpint (signed_results->n_entries, ==, vt_journal_entry_get_seq (signature));

  remark = execute_json (station, "protocol.matters", "{\"text\": \"Skrevet etterpå.\"}",
                         &error);
  g_assert_no_error (error);
  stale_results = vt_results_new_from_station (station);
  g_assert_false (stale_results->signed_by_chair);
  g_assert_true (stale_results->signature_stale);
  g_assert_cmpstr (stale_results->matters, ==, "Skrevet etterpå.");
}

/* Nothing is left beside the files: no temporary one. */
static void
test_nothing_left (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (days.dir, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (name[0] == '.');
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  days.dir = g_dir_make_tmp ("valgting-results-XXXXXX", &error);
  g_assert_no_error (error);
  days.nattland = replay ("golden-2019-nattland-two-days.json", "nattland.valgting",
                          VT_SCENARIO_FLAGS_KEEP_DATES);
  days.busy = replay ("busy-municipal-two-days.json", "busy.valgting", VT_SCENARIO_FLAGS_NONE);
  days.totals = replay ("golden-totals-only-day.json", "totals.valgting",
                        VT_SCENARIO_FLAGS_KEEP_DATES);

  g_test_add_func ("/results/nattland", test_nattland);
  g_test_add_func ("/results/busy", test_busy);
  g_test_add_func ("/results/totals-only", test_totals_only);
  g_test_add_func ("/results/unknown", test_unknown);
  g_test_add_func ("/results/signature", test_signature);
  g_test_add_func ("/results/nothing-left", test_nothing_left);
  result = g_test_run ();

  vt_test_remove_tree (days.dir);
  g_free (days.dir);
  g_free (days.nattland);
  g_free (days.busy);
  g_free (days.totals);
  return result;
}
