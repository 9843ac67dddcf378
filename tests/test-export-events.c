/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "vt-copy.h"
#include "vt-export.h"
#include "vt-i18n.h"
#include "vt-kind-ids.h"
#include "vt-scenario.h"
#include "vt-station.h"
#include "vt-store.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* valgting export events: a busy day (five refusals, in Bokmål) with a note annulled, exported
 * as a NIST SP 1500-101 event log and read back against the journal event by event: number,
 * time with its offset, kind, summary in the station's language, hash, the chain and the
 * correction in Details, refusals and only they as failures, the device named by the station.
 * A tampered station, an existing file and a name not ending in .json are refused with nothing
 * written. That the file is valid against the schema tests/validate-nist.py checks. */

typedef struct
{
  char  *dir;
  char  *station;
  gint64 note;   /* the note annulled */
  gint64 annul;
} Day;

static Day day;

static char *
in_dir (const char *name)
{
  return g_build_filename (day.dir, name, NULL);
}

static void
make_day (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "busy-municipal-two-days.json", NULL);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(VtStation) station = NULL;
  g_autoptr(VtJournalEntry) note = NULL;
  g_autoptr(VtJournalEntry) annul = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();

  day.dir = g_dir_make_tmp ("valgting-events-XXXXXX", &error);
  g_assert_no_error (error);
  day.station = in_dir ("busy.valgting");
  g_assert_true (vt_scenario_replay (scenario, day.station, &report, &error));
  g_assert_no_error (error);

  station = vt_station_open (day.station, &error);
  g_assert_no_error (error);
  note = vt_station_log_note (station, "events-note", "Urnen U2 står ved bord 2", &error);
  g_assert_no_error (error);
  day.note = vt_journal_entry_get_seq (note);
  json_object_set_int_member (payload, "entry", day.note);
  json_object_set_string_member (payload, "reason", "Feil bord");
  annul = vt_station_execute (station, "events-annul", VT_KIND_CORRECTION_ANNUL,
                              vt_journal_entry_get_actor (note), payload, &error);
  g_assert_no_error (error);
  day.annul = vt_journal_entry_get_seq (annul);
}

static JsonObject *
parse_details (JsonObject *event)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json_object_get_string_member (event, "Details"), &error);
  JsonObject *details;

  g_assert_no_error (error);
  details = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return details;
}

static char *
seq_text (gint64 seq)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, seq);
}

static void
test_events (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = in_dir ("events.json");
  const char *args[] = { "export", "events", day.station, "-o", path, NULL };
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(VtStation) station = vt_station_open_read_only (day.station, &error);
  g_autoptr(JsonObject) log_details = NULL;
  g_autoptr(JsonObject) first_details = NULL;
  g_autofree char *device_prefix = NULL;
  VtConfig *config;
  VtStore *store;
  JsonObject *log;
  JsonObject *device;
  JsonArray *events;
  struct stat st;
  guint n_failures = 0;
  gint64 n;

  g_assert_no_error (error);
  config = vt_station_get_config (station);
  store = vt_station_get_store (station);
  n = vt_store_get_n_entries (store);
  g_assert_true (vt_verify_file (day.station, &report, &error));
  g_assert_no_error (error);

  g_assert_cmpint (vt_test_run_valgting (args, NULL), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  vt_test_assert_no_identity_numbers (text);
  root = json_from_string (text, &error);
  g_assert_no_error (error);

  log = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (log, "@type"), ==,
                   "EventLogging.ElectionEventLog");
  g_assert_cmpstr (json_object_get_string_member (log, "ElectionId"), ==,
                   vt_config_get_election_name (config));
  log_details = parse_details (log);
  g_assert_true (json_object_get_boolean_member (log_details, "training"));
  g_assert_cmpint (json_object_get_int_member (log_details, "n_entries"), ==, n);
  g_assert_cmpstr (json_object_get_string_member (log_details, "checksum"), ==, report.head_hash);

  /* One device, the station's laptop, named by its municipality, precinct and first hash. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (log, "Device")), ==, 1);
  device = json_array_get_object_element (json_object_get_array_member (log, "Device"), 0);
  g_assert_cmpstr (json_object_get_string_member (device, "Type"), ==, "other");
  g_assert_cmpstr (json_object_get_string_member (device, "OtherType"), ==,
                   "polling-station-log");
  events = json_object_get_array_member (device, "Event");
  g_assert_cmpuint (json_array_get_length (events), ==, n);
  first_details = parse_details (json_array_get_object_element (events, 0));
  device_prefix = g_strdup_printf ("%s-%s-%s", vt_config_get_municipality_number (config),
                                   vt_config_get_precinct_number (config),
                                   json_object_get_string_member (first_details, "hash"));
  g_assert_cmpstr (json_object_get_string_member (device, "Id"), ==, device_prefix);

  for (gint64 seq = 1; seq <= n; seq++)
    {
      g_autoptr(VtJournalEntry) entry = vt_store_get_entry (store, seq, &error);
      JsonObject *event = json_array_get_object_element (events, seq - 1);
      g_autoptr(JsonObject) details = parse_details (event);
      g_autofree char *number = seq_text (seq);
      g_autofree char *summary = NULL;
      g_autoptr(GDateTime) time = NULL;
      const char *kind;
      const char *timestamp = json_object_get_string_member (event, "TimeStamp");

      g_assert_no_error (error);
      kind = vt_journal_entry_get_kind (entry);
      {
        g_auto(VtLanguageScope) scope = vt_language_scope (vt_config_get_language (config));
        summary = vt_journal_entry_dup_summary (entry, config);
      }
      g_assert_cmpstr (json_object_get_string_member (event, "@type"), ==, "EventLogging.Event");
      g_assert_cmpstr (json_object_get_string_member (event, "Id"), ==, number);
      g_assert_cmpstr (json_object_get_string_member (event, "Sequence"), ==, number);
      /* The local time with its offset, the same instant as the journal's. */
      g_assert_true (g_regex_match_simple ("[+-][0-9][0-9]:[0-9][0-9]$", timestamp, 0, 0));
      time = g_date_time_new_from_iso8601 (timestamp, NULL);
      g_assert_nonnull (time);
      g_assert_true (g_date_time_equal (time, vt_journal_entry_get_time (entry)));
      g_assert_cmpstr (json_object_get_string_member (event, "Type"), ==, kind);
      g_assert_cmpstr (json_object_get_string_member (event, "Description"), ==, summary);
      g_assert_cmpstr (json_object_get_string_member (event, "Hash"), ==,
                       vt_journal_entry_get_hash (entry));
      g_assert_cmpstr (json_object_get_string_member (details, "hash"), ==,
                       vt_journal_entry_get_hash (entry));
      g_assert_cmpstr (json_object_get_string_member (details, "prev_hash"), ==,
                       vt_journal_entry_get_prev_hash (entry));
      g_assert_cmpstr (json_object_get_string_member (event, "UserId"), ==,
                       vt_journal_entry_get_actor (entry));

      /* A refusal, and only a refusal, failed; its Details say what by which rule. */
      if (g_str_equal (kind, VT_KIND_REFUSED))
        {
          JsonObject *payload = vt_journal_entry_get_payload_object (entry);

          n_failures++;
          g_assert_cmpstr (json_object_get_string_member (event, "Disposition"), ==, "failure");
          g_assert_cmpstr (json_object_get_string_member (details, "rule"), ==,
                           json_object_get_string_member (payload, "rule"));
          g_assert_cmpstr (json_object_get_string_member (details, "tried"), ==,
                           json_object_get_string_member (payload, "tried"));
          /* In the station's language (Bokmål), not the test's. */
          g_assert_true (g_str_has_prefix (json_object_get_string_member (event, "Description"),
                                           "Avvist: "));
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (event, "Disposition"), ==, "success");
          g_assert_false (json_object_has_member (details, "rule"));
        }
    }
  /* The busy day's five steps meant to be refused. */
  g_assert_cmpuint (n_failures, ==, 5);

  /* The correction, linked both ways. */
  {
    g_autoptr(JsonObject) note = parse_details (json_array_get_object_element (events,
                                                                               day.note - 1));
    g_autoptr(JsonObject) annul = parse_details (json_array_get_object_element (events,
                                                                                day.annul - 1));
    JsonArray *by = json_object_get_array_member (note, "corrected_by");

    g_assert_cmpint (json_object_get_int_member (annul, "corrects"), ==, day.note);
    g_assert_false (json_object_has_member (note, "corrects"));
    g_assert_false (json_object_has_member (annul, "corrected_by"));
    g_assert_cmpuint (json_array_get_length (by), ==, 1);
    g_assert_cmpint (json_array_get_int_element (by, 0), ==, day.annul);
  }
}

static void
test_tampered (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = in_dir ("tampered.valgting");
  g_autofree char *out = in_dir ("tampered.json");
  g_autofree char *err = NULL;
  g_autofree char *shell_err = NULL;
  g_autofree char *sql = NULL;
  const char *args[] = { "export", "events", copy, "-o", out, NULL };
  int status = 0;

  g_assert_true (vt_copy_station_file (day.station, copy, &error));
  g_assert_no_error (error);
  /* The annulment's reason changed past the guard, as someone with the sqlite3 shell would. */
  sql = g_strdup_printf ("DROP TRIGGER journal_append_only_update;"
                         "UPDATE journal SET payload = replace(payload, 'Feil', 'Riktig') "
                         "WHERE seq = %" G_GINT64_FORMAT ";"
                         "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal "
                         "BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;",
                         day.annul);
  shell_err = vt_test_run_sqlite3_shell (copy, sql, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (vt_test_run_valgting (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "nothing exported"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *existing = in_dir ("existing.json");
  g_autofree char *csv = in_dir ("events.csv");
  g_autofree char *text = NULL;
  const char *over[] = { "export", "events", day.station, "-o", existing, NULL };
  const char *format[] = { "export", "events", day.station, "-o", csv, NULL };
  const char *no_output[] = { "export", "events", day.station, NULL };

  g_assert_true (g_file_set_contents (existing, "old", -1, &error));
  g_assert_cmpint (vt_test_run_valgting (over, NULL), ==, 2);
  g_assert_true (g_file_get_contents (existing, &text, NULL, &error));
  g_assert_cmpstr (text, ==, "old");

  /* An event log is JSON only. */
  g_assert_cmpint (vt_test_run_valgting (format, NULL), ==, 2);
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_assert_cmpint (vt_test_run_valgting (no_output, NULL), ==, 2);
}

/* Nothing is left beside the files: the temporary one is gone. */
static void
test_nothing_left (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (day.dir, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (name[0] == '.');
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  make_day ();
  g_test_add_func ("/export-events/events", test_events);
  g_test_add_func ("/export-events/tampered", test_tampered);
  g_test_add_func ("/export-events/refusals", test_refusals);
  g_test_add_func ("/export-events/nothing-left", test_nothing_left);
  result = g_test_run ();
  vt_test_remove_tree (day.dir);
  g_free (day.dir);
  g_free (day.station);
  return result;
}
