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

static char *last_err;

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

/* Runs valgting; its standard error is kept in last_err. */
static int
run_valgting (const char * const *args)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer)binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_clear_pointer (&last_err, g_free);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &last_err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, last_err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
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

/* Runs of eleven digits, apart from the hex of hashes. */
static void
assert_no_identity_numbers (const char *text)
{
  g_autoptr(GRegex) hex = g_regex_new ("[0-9a-f]{16,64}", 0, 0, NULL);
  g_autofree char *stripped = g_regex_replace_literal (hex, text, -1, 0, "#", 0, NULL);

  g_assert_false (g_regex_match_simple ("[0-9]{11}", stripped, 0, 0));
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

/* A difference recounted and left unexplained: said so in the data, and the remark is the
 * protocol's sentence before the board's words. */
static void
test_not_explained (void)
{
  g_autofree char *copy = in_dir ("not-explained.valgting");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(VtJournalEntry) recounted = NULL;
  g_autoptr(VtJournalEntry) explained = NULL;
  g_autoptr(VtResults) results = NULL;
  VtResultsContest *kommunestyre = NULL;

  g_assert_true (vt_copy_station_file (days.busy, copy, &error));
  g_assert_no_error (error);
  station = vt_station_open (copy, &error);
  g_assert_no_error (error);
  recounted = execute_json (station, "count.recounted",
                            "{\"contest\": \"kommunestyre\", \"note\": \"Samme tall\"}", &error);
  g_assert_no_error (error);
  explained = execute_json (station, "count.explain",
                            "{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": "
                            "\"Talt to ganger; styret finner ingen grunn\", "
                            "\"not_explained\": true}", &error);
  g_assert_no_error (error);

  results = vt_results_new_from_station (station);
  for (guint i = 0; i < results->contests->len; i++)
    if (g_str_equal (((VtResultsContest *)g_ptr_array_index (results->contests, i))->id,
                     "kommunestyre"))
      kommunestyre = g_ptr_array_index (results->contests, i);
  g_assert_nonnull (kommunestyre);
  g_assert_true (kommunestyre->difference_not_explained);
  g_assert_true (g_str_has_suffix (kommunestyre->remark,
                                   "\nTalt to ganger; styret finner ingen grunn"));
  g_assert_false (g_str_has_prefix (kommunestyre->remark, "Talt to ganger"));
}

/* ---- valgting export results ------------------------------------------------------------ */

static void
test_export (void)
{
  g_autofree char *out = in_dir ("results.json");
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtResults) results = NULL;
  const char *args[] = { "export", "results", days.busy, "-o", out, NULL };
  struct stat st;

  g_assert_cmpint (run_valgting (args), ==, 0);
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (out, &text, NULL, &error));
  g_assert_no_error (error);
  results = vt_results_new_from_file (days.busy, &error);
  g_assert_no_error (error);
  expected = vt_results_to_json (results);
  g_assert_cmpstr (text, ==, expected);
  assert_no_identity_numbers (text);

  /* never over a file, this one included */
  g_assert_cmpint (run_valgting (args), ==, 2);
  g_assert_nonnull (strstr (last_err, "already a file there"));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (out, &text, NULL, &error));
  g_assert_cmpstr (text, ==, expected);
}

static void
test_export_refusals (void)
{
  g_autofree char *wrong = in_dir ("results.csv");
  g_autofree char *copy = in_dir ("tampered.valgting");
  g_autofree char *out = in_dir ("tampered.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtResults) results = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *err = NULL;
  const char *format[] = { "export", "results", days.busy, "-o", wrong, NULL };
  const char *tampered[] = { "export", "results", copy, "-o", out, NULL };
  int status = 0;

  g_assert_cmpint (run_valgting (format), ==, 2);
  g_assert_false (g_file_test (wrong, G_FILE_TEST_EXISTS));

  /* A count changed past the guard, as someone with the sqlite3 shell would: refused by the
   * verification, nothing written. */
  g_assert_true (vt_copy_station_file (days.nattland, copy, &error));
  g_assert_no_error (error);
  sql = g_strdup ("DROP TRIGGER journal_append_only_update;"
                  "UPDATE journal SET payload = replace(payload, '\"count\":301', "
                  "'\"count\":310') WHERE kind = 'pile.count' AND payload LIKE '%\"count\":301%';"
                  "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal "
                  "BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;");
  err = vt_test_run_sqlite3_shell (copy, sql, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (run_valgting (tampered), ==, 1);
  g_assert_nonnull (strstr (last_err, "nothing exported"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  results = vt_results_new_from_file (copy, &error);
  g_assert_null (results);
  g_assert_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_STATION);
}

/* ---- the QR code, read back from the paper ------------------------------------------- */

/* Runs @argv; its standard output, or fails the test when it does not exit 0. */
static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (program == NULL)
    g_error ("%s is not installed (Debian: poppler-utils, zbar-tools; .ci/dev installs them)",
             argv[0]);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s", argv[0], err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return out;
}

/* Page @page (0-based) of @doc printed to PDF, rendered at 200 dpi as a scanner would, and
 * decoded: the text of the one QR code on it. */
static char *
decode_page (VtDoc      *doc,
             guint       page,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", days.dir, name);
  g_autofree char *prefix = g_strdup_printf ("%s/%s-%u", days.dir, name, page + 1);
  g_autofree char *png = g_strdup_printf ("%s.png", prefix);
  g_autofree char *number = g_strdup_printf ("%u", page + 1);
  g_autofree char *rendered = NULL;
  char *decoded;
  const char *render[] = { "pdftoppm", "-r", "200", "-png", "-f", number, "-l", number,
                           "-singlefile", pdf, prefix, NULL };
  const char *decode[] = { "zbarimg", "--raw", "-q", png, NULL };

  if (!g_file_test (pdf, G_FILE_TEST_EXISTS))
    g_assert_true (vt_doc_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
  rendered = run_tool (render);
  decoded = run_tool (decode);
  /* zbarimg ends each symbol's text with a line feed of its own */
  g_assert_true (g_str_has_suffix (decoded, "\n"));
  decoded[strlen (decoded) - 1] = '\0';
  return decoded;
}

/* The pages of @doc whose text holds @needle. */
static GArray *
pages_with (VtDoc      *doc,
            const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = vt_doc_to_pdf (doc, &error);
  g_autoptr(GPtrArray) texts = NULL;
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (guint));

  g_assert_no_error (error);
  texts = vt_test_pdf_page_texts (bytes);
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      g_array_append_val (pages, i);
  return pages;
}

/* The QR text read line by line and held against the JSON export's fields, as the office's
 * own program would: the election, the precinct, C1 of every contest, C2 of every list and the
 * checksum. */
static void
assert_qr_matches_json (const char *qr,
                        JsonObject *results)
{
  g_auto(GStrv) lines = g_strsplit (qr, "\n", -1);
  JsonArray *contests = json_object_get_array_member (results, "contests");
  g_autofree char *election = g_strdup_printf ("E %" G_GINT64_FORMAT " %s",
                                               json_object_get_int_member (results, "year"),
                                               json_object_get_string_member (results,
                                                                              "election_kind"));
  g_autofree char *precinct = g_strdup_printf (
    "P %s-%s", json_object_get_string_member (results, "municipality_number"),
    json_object_get_string_member (results, "precinct_number"));
  guint n_c = 0, n_l = 0, n_h = 0;
  guint line = 0;

  g_assert_cmpstr (lines[line++], ==, "VT1");
  g_assert_cmpstr (lines[line++], ==, election);
  if (json_object_get_boolean_member (results, "training"))
    g_assert_cmpstr (lines[line++], ==, "T");
  g_assert_cmpstr (lines[line++], ==, precinct);
  for (; lines[line] != NULL && lines[line][0] != '\0'; line++)
    {
      g_auto(GStrv) f = g_strsplit (lines[line], " ", -1);
      JsonObject *contest = g_str_equal (f[0], "C") || g_str_equal (f[0], "L")
                              ? contest_of (results, f[1]) : NULL;

      if (g_str_equal (f[0], "C"))
        {
          static const char *const fields[] = { "approved", "blank", "doubtful", "total" };

          g_assert_cmpuint (g_strv_length (f), ==, 6);
          for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
            {
              if (json_object_get_null_member (contest, fields[i]))
                g_assert_cmpstr (f[2 + i], ==, "-");
              else
                g_assert_cmpint (g_ascii_strtoll (f[2 + i], NULL, 10), ==,
                                 json_object_get_int_member (contest, fields[i]));
            }
          n_c++;
        }
      else if (g_str_equal (f[0], "L"))
        {
          JsonArray *lists = json_object_get_array_member (contest, "lists");

          /* every list, in order, and each count the JSON's */
          g_assert_cmpuint (g_strv_length (f), ==, 2 + 2 * json_array_get_length (lists));
          for (guint i = 0; i < json_array_get_length (lists); i++)
            {
              JsonObject *list = json_array_get_object_element (lists, i);

              g_assert_cmpstr (f[2 + 2 * i], ==, json_object_get_string_member (list, "id"));
              g_assert_cmpint (g_ascii_strtoll (f[3 + 2 * i], NULL, 10), ==,
                               json_object_get_int_member (list, "ballots"));
            }
          n_l++;
        }
      else if (g_str_equal (f[0], "H"))
        {
          g_assert_cmpuint (strlen (f[1]), ==, 16);
          g_assert_true (g_str_has_prefix (json_object_get_string_member (results, "checksum"),
                                           f[1]));
          n_h++;
        }
      else
        g_assert_not_reached ();
    }
  g_assert_cmpuint (n_c, ==, json_array_get_length (contests));
  g_assert_cmpuint (n_l, ==, json_object_get_boolean_member (results, "counted_by_party")
                               ? json_array_get_length (contests) : 0);
  g_assert_cmpuint (n_h, ==, 1);
}

/* The protocol's signature page (Nattland, nobody signed on screen, so it covers the whole
 * journal): its QR code says what vt_results_to_qr_text () says, and what the JSON says. */
static void
test_qr_protocol (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = vt_station_open_read_only (days.nattland, &error);
  g_autoptr(VtDoc) doc = NULL;
  g_autoptr(VtResults) results = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *json_text = NULL;
  g_autofree char *decoded = NULL;

  g_assert_no_error (error);
  doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);
  pages = pages_with (doc, "Underskrifter:");
  g_assert_cmpuint (pages->len, ==, 1);
  decoded = decode_page (doc, g_array_index (pages, guint, 0), "protocol");

  results = vt_results_new_from_station (station);
  expected = vt_results_to_qr_text (results);
  g_assert_cmpstr (decoded, ==, expected);
  json_text = vt_results_to_json (results);
  json = parse_object (json_text);
  assert_qr_matches_json (decoded, json);
  g_assert_nonnull (strstr (decoded, "C fylkesting 1328 12 1 1341\n"));
  assert_no_identity_numbers (decoded);
}

/* Both copies of the busy day's handover receipt (a training station: its QR says T). */
static void
test_qr_receipt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = vt_station_open_read_only (days.busy, &error);
  g_autoptr(VtDoc) doc = NULL;
  g_autoptr(VtResults) results = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *json_text = NULL;

  g_assert_no_error (error);
  doc = vt_document_build (station, VT_DOCUMENT_RECEIPT, 0);
  pages = pages_with (doc, "Overleveringskvittering for forsendelse 1");
  g_assert_cmpuint (pages->len, ==, 2);
  results = vt_results_new_from_station (station);
  expected = vt_results_to_qr_text (results);
  json_text = vt_results_to_json (results);
  json = parse_object (json_text);
  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *decoded = decode_page (doc, g_array_index (pages, guint, i), "receipt");

      g_assert_cmpstr (decoded, ==, expected);
      assert_qr_matches_json (decoded, json);
      g_assert_true (g_str_has_prefix (decoded, "VT1\nE 2027 municipal\nT\nP 9999-0113\n"));
      assert_no_identity_numbers (decoded);
    }
}

/* Signed on screen, the protocol covers up to its last entry that changes it: the QR on the
 * signature page still carries the numbers and checksum of before the signature, as the
 * footer does, so a reprint reads the same. */
static void
test_qr_signed (void)
{
  g_autofree char *copy = in_dir ("qr-signed.valgting");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(VtJournalEntry) signature = NULL;
  g_autoptr(VtResults) before = NULL;
  g_autoptr(VtResults) after = NULL;
  g_autoptr(VtDoc) doc = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *json = NULL;
  const VtPerson *chair;

  g_assert_true (vt_copy_station_file (days.nattland, copy, &error));
  g_assert_no_error (error);
  station = vt_station_open (copy, &error);
  g_assert_no_error (error);
  before = vt_results_new_from_station (station);
  expected = vt_results_to_qr_text (before);
  chair = vt_config_get_chair (vt_station_get_config (station));
  json = g_strdup_printf ("{\"person\": \"%s\", \"strokes\": [[0.1, 0.8, 0.3, 0.2]]}",
                          chair->id);
  signature = execute_json (station, "protocol.sign", json, &error);
  g_assert_no_error (error);
  after = vt_results_new_from_station (station);
  g_assert_true (after->signed_by_chair);
  g_assert_cmpstr (after->checksum, !=, before->checksum);

  doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);
  pages = pages_with (doc, "Underskrifter:");
  g_assert_cmpuint (pages->len, ==, 1);
  decoded = decode_page (doc, g_array_index (pages, guint, 0), "signed-protocol");
  g_assert_cmpstr (decoded, ==, expected);
}

/* The symbol as drawn on an otherwise empty page at 200 dpi: 25 to 45 mm of modules across,
 * square, its quiet zone (four modules of at least 0.4 mm) clear on every side, and the
 * caption under it, not on it. */
static void
test_qr_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtResults) results = vt_results_new_from_file (days.nattland, &error);
  g_autofree char *text = vt_results_to_qr_text (results);
  g_autoptr(VtDoc) doc = vt_doc_new ("QR");
  const double dpi = 200, mm = dpi / 25.4;
  const int width = (int)(210 * mm), height = (int)(297 * mm);
  /* the content area, clear of the header's and footer's rules */
  const int top = (int)(20 * mm), bottom = (int)(270 * mm);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  int qr_left = width, qr_right = -1, qr_top = -1, qr_bottom = -1, caption_top = -1;
  unsigned char *data;
  int stride;

  g_assert_no_error (error);
  g_assert_true (vt_doc_qr (doc, text, "Caption"));
  vt_doc_render_page (doc, cr, 0, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  /* rows from the top: the symbol's dark rows, then at least a millimetre of white (a row
   * inside the symbol may be white on its own), then the caption's */
  for (int y = top, last_dark = -1; y < bottom; y++)
    {
      int left = width, right = -1;

      for (int x = 0; x < width; x++)
        if ((((guint32 *)(void *)(data + y * stride))[x] & 0xff) < 128)
          {
            left = MIN (left, x);
            right = MAX (right, x);
          }
      if (right < 0)
        continue;
      if (qr_top < 0)
        qr_top = y;
      if (qr_bottom < 0 && last_dark >= 0 && y - last_dark > mm)
        {
          qr_bottom = last_dark + 1;
          caption_top = y;
        }
      if (qr_bottom < 0)
        {
          qr_left = MIN (qr_left, left);
          qr_right = MAX (qr_right, right + 1);
        }
      last_dark = y;
    }
  cairo_surface_destroy (surface);

  g_test_message ("symbol %.1f × %.1f mm, caption %.1f mm under it",
                  (qr_right - qr_left) / mm, (qr_bottom - qr_top) / mm,
                  (caption_top - qr_bottom) / mm);
  g_assert_cmpint (qr_top, >=, 0);
  g_assert_cmpint (caption_top, >, qr_bottom);
  g_assert_cmpfloat ((qr_right - qr_left) / mm, >=, 25.0);
  g_assert_cmpfloat ((qr_right - qr_left) / mm, <=, 45.0);
  g_assert_cmpint (ABS ((qr_right - qr_left) - (qr_bottom - qr_top)), <=, 2);
  /* the quiet zone: four modules of at least 0.4 mm left of it, within the margin, and below */
  g_assert_cmpfloat ((qr_left - 48.0 / 72 * dpi) / mm, >=, 1.6 - 0.2);
  g_assert_cmpfloat ((caption_top - qr_bottom) / mm, >=, 1.6);
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
  g_test_add_func ("/results/not-explained", test_not_explained);
  g_test_add_func ("/results/export", test_export);
  g_test_add_func ("/results/export-refusals", test_export_refusals);
  g_test_add_func ("/results/qr/protocol", test_qr_protocol);
  g_test_add_func ("/results/qr/receipt", test_qr_receipt);
  g_test_add_func ("/results/qr/signed", test_qr_signed);
  g_test_add_func ("/results/qr/size", test_qr_size);
  g_test_add_func ("/results/nothing-left", test_nothing_left);
  result = g_test_run ();

  vt_test_remove_tree (days.dir);
  g_free (days.dir);
  g_free (days.nattland);
  g_free (days.busy);
  g_free (days.totals);
  g_free (last_err);
  return result;
}
