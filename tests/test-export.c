/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "vt-copy.h"
#include "vt-export.h"
#include "vt-scenario.h"
#include "vt-station.h"
#include "vt-store.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* valgting export log: a busy day's journal as CSV and as JSON, read back and compared with
 * the journal entry by entry; a note with a comma, quotes and a line break survives RFC 4180;
 * a correction is linked both ways; a tampered station and an existing file are refused with
 * nothing written; and no voter's identity number can be in it. */

#define NOTE_TEXT "Kari, the courier, said \"the urn\"\nis on its way"

typedef struct
{
  char  *dir;
  char  *station;
  gint64 note;   /* the note annulled */
  gint64 annul;
} Day;

static Day day;

static char *last_err;

/* Runs valgting; its standard error is kept in last_err. */
static int
run_valgting (const char * const *args)
{
  g_clear_pointer (&last_err, g_free);
  return vt_test_run_valgting (args, &last_err);
}

static char *
in_dir (const char *name)
{
  return g_build_filename (day.dir, name, NULL);
}

/* The busy scenario replayed, then a note with awkward text that is annulled. */
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

  day.dir = g_dir_make_tmp ("valgting-export-XXXXXX", &error);
  g_assert_no_error (error);
  day.station = in_dir ("busy.valgting");
  g_assert_true (vt_scenario_replay (scenario, day.station, &report, &error));
  g_assert_no_error (error);

  station = vt_station_open (day.station, &error);
  g_assert_no_error (error);
  note = vt_station_log_note (station, "export-note", NOTE_TEXT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vt_journal_entry_get_kind (note), ==, "note");
  day.note = vt_journal_entry_get_seq (note);
  json_object_set_int_member (payload, "entry", day.note);
  json_object_set_string_member (payload, "reason", "Written, by mistake, \"here\"");
  annul = vt_station_execute (station, "export-annul", "correction.annul",
                              vt_journal_entry_get_actor (note), payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vt_journal_entry_get_kind (annul), ==, "correction.annul");
  day.annul = vt_journal_entry_get_seq (annul);
}

/* RFC 4180: records of fields, a quoted field may hold commas, doubled quotes and line
 * breaks; records end in CRLF. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++;; p++)
            {
              g_assert_true (*p != '\0');  /* an unclosed quote */
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          p++;
          g_assert_true (*p == ',' || *p == '\r');
        }
      else
        while (*p != ',' && *p != '\r' && *p != '\0')
          {
            g_assert_true (*p != '"' && *p != '\n');
            g_string_append_c (field, *p++);
          }
      g_ptr_array_add (record, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (records, record);
          record = g_ptr_array_new_with_free_func (g_free);
        }
    }
  g_assert_cmpuint (record->len, ==, 0);
  g_ptr_array_unref (record);
  g_string_free (field, TRUE);
  return records;
}

static const char *
cell (GPtrArray *records,
      guint      row,
      guint      column)
{
  return g_ptr_array_index ((GPtrArray *)g_ptr_array_index (records, row), column);
}

static void
assert_same_time (const char     *iso,
                  VtJournalEntry *entry)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  /* With an offset, never bare: "+01:00" or "+02:00" at the end. */
  g_assert_true (g_regex_match_simple ("[+-][0-9][0-9]:[0-9][0-9]$", iso, 0, 0));
  g_assert_true (g_date_time_equal (time, vt_journal_entry_get_time (entry)));
}

static char *
export_to (const char *name)
{
  char *path = in_dir (name);
  const char *args[] = { "export", "log", day.station, "-o", path, NULL };
  struct stat st;

  g_assert_cmpint (run_valgting (args), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  return path;
}

static void
test_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = export_to ("log.csv");
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(VtStation) station = vt_station_open_read_only (day.station, &error);
  VtStore *store;
  gint64 n;

  g_assert_no_error (error);
  store = vt_station_get_store (station);
  n = vt_store_get_n_entries (store);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  vt_test_assert_no_identity_numbers (text);

  records = parse_csv (text);
  g_assert_cmpuint (records->len, ==, n + 1);
  g_assert_cmpstr (cell (records, 0, 0), ==, "seq");
  g_assert_cmpstr (cell (records, 0, 8), ==, "hash");
  for (gint64 seq = 1; seq <= n; seq++)
    {
      g_autoptr(VtJournalEntry) entry = vt_store_get_entry (store, seq, &error);
      g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

      g_assert_no_error (error);
      g_assert_cmpuint (((GPtrArray *)g_ptr_array_index (records, seq))->len, ==, 9);
      g_assert_cmpstr (cell (records, seq, 0), ==, seq_text);
      assert_same_time (cell (records, seq, 1), entry);
      g_assert_cmpstr (cell (records, seq, 2), ==, vt_journal_entry_get_kind (entry));
      g_assert_cmpstr (cell (records, seq, 3), ==, vt_journal_entry_get_actor (entry));
      g_assert_cmpstr (cell (records, seq, 5), ==, vt_journal_entry_get_payload (entry));
      g_assert_cmpstr (cell (records, seq, 8), ==, vt_journal_entry_get_hash (entry));
    }

  /* The note's text, comma, quotes, line break and all, in its summary and its fields. */
  g_assert_nonnull (strstr (cell (records, day.note, 4), NOTE_TEXT));
  {
    g_autoptr(JsonNode) fields = json_from_string (cell (records, day.note, 5), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (fields), "text"), ==,
                     NOTE_TEXT);
  }
  /* Linked both ways. */
  {
    g_autofree char *note = g_strdup_printf ("%" G_GINT64_FORMAT, day.note);
    g_autofree char *annul = g_strdup_printf ("%" G_GINT64_FORMAT, day.annul);
    g_assert_cmpstr (cell (records, day.annul, 6), ==, note);
    g_assert_cmpstr (cell (records, day.note, 7), ==, annul);
    g_assert_cmpstr (cell (records, day.note, 6), ==, "");
    g_assert_cmpstr (cell (records, 2, 7), ==, "");
  }
}

static void
test_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = export_to ("log.json");
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(VtStation) station = vt_station_open_read_only (day.station, &error);
  VtStore *store;
  JsonObject *object;
  JsonArray *entries;
  gint64 n;

  g_assert_no_error (error);
  store = vt_station_get_store (station);
  n = vt_store_get_n_entries (store);
  g_assert_true (vt_verify_file (day.station, &report, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  vt_test_assert_no_identity_numbers (text);
  root = json_from_string (text, &error);
  g_assert_no_error (error);

  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "valgting-log/1");
  g_assert_true (json_object_get_boolean_member (object, "training"));
  g_assert_cmpstr (json_object_get_string_member (object, "election"), ==,
                   vt_config_get_election_name (vt_station_get_config (station)));
  g_assert_cmpint (json_object_get_int_member (object, "n_entries"), ==, n);
  g_assert_cmpstr (json_object_get_string_member (object, "checksum"), ==, report.head_hash);
  entries = json_object_get_array_member (object, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, n);
  for (gint64 seq = 1; seq <= n; seq++)
    {
      g_autoptr(VtJournalEntry) entry = vt_store_get_entry (store, seq, &error);
      JsonObject *row = json_array_get_object_element (entries, seq - 1);
      g_autoptr(JsonNode) fields = json_from_string (vt_journal_entry_get_payload (entry), NULL);

      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (row, "seq"), ==, seq);
      assert_same_time (json_object_get_string_member (row, "time"), entry);
      g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==,
                       vt_journal_entry_get_kind (entry));
      g_assert_cmpstr (json_object_get_string_member (row, "hash"), ==,
                       vt_journal_entry_get_hash (entry));
      g_assert_true (json_node_equal (json_object_get_member (row, "fields"), fields));
    }

  {
    JsonObject *note = json_array_get_object_element (entries, day.note - 1);
    JsonObject *annul = json_array_get_object_element (entries, day.annul - 1);
    JsonArray *by = json_object_get_array_member (note, "corrected_by");

    g_assert_nonnull (strstr (json_object_get_string_member (note, "summary"), NOTE_TEXT));
    g_assert_cmpint (json_object_get_int_member (annul, "corrects"), ==, day.note);
    g_assert_true (json_object_get_null_member (note, "corrects"));
    g_assert_cmpuint (json_array_get_length (by), ==, 1);
    g_assert_cmpint (json_array_get_int_element (by, 0), ==, day.annul);
  }
}

static void
test_tampered (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = in_dir ("tampered.valgting");
  g_autofree char *out = in_dir ("tampered.csv");
  g_autofree char *err = NULL;
  const char *args[] = { "export", "log", copy, "-o", out, NULL };
  g_autofree char *sql = NULL;
  int status = 0;

  g_assert_true (vt_copy_station_file (day.station, copy, &error));
  g_assert_no_error (error);
  /* Past the guard and back, as someone with the sqlite3 shell would. */
  sql = g_strdup_printf ("DROP TRIGGER journal_append_only_update;"
                         "UPDATE journal SET payload = replace(payload, 'courier', 'curious') "
                         "WHERE seq = %" G_GINT64_FORMAT ";"
                         "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal "
                         "BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;",
                         day.note);
  err = vt_test_run_sqlite3_shell (copy, sql, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (run_valgting (args), ==, 1);
  /* Refused by the verification, naming the entry changed. */
  g_assert_nonnull (strstr (last_err, "nothing exported"));
  g_assert_true (g_regex_match_simple ("entry [0-9]+ was changed", last_err, 0, 0));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *existing = in_dir ("existing.json");
  g_autofree char *wrong = in_dir ("log.txt");
  g_autofree char *text = NULL;
  const char *over[] = { "export", "log", day.station, "-o", existing, NULL };
  const char *format[] = { "export", "log", day.station, "-o", wrong, NULL };
  const char *unknown[] = { "export", "results", day.station, "-o", wrong, NULL };
  const char *no_output[] = { "export", "log", day.station, NULL };

  g_assert_true (g_file_set_contents (existing, "old", -1, &error));
  g_assert_cmpint (run_valgting (over), ==, 2);
  g_assert_true (g_file_get_contents (existing, &text, NULL, &error));
  g_assert_cmpstr (text, ==, "old");

  g_assert_cmpint (run_valgting (format), ==, 2);
  g_assert_cmpint (run_valgting (unknown), ==, 2);
  g_assert_cmpint (run_valgting (no_output), ==, 2);
  g_assert_false (g_file_test (wrong, G_FILE_TEST_EXISTS));
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
  g_test_add_func ("/export/csv", test_csv);
  g_test_add_func ("/export/json", test_json);
  g_test_add_func ("/export/tampered", test_tampered);
  g_test_add_func ("/export/refusals", test_refusals);
  g_test_add_func ("/export/nothing-left", test_nothing_left);
  result = g_test_run ();
  vt_test_remove_tree (day.dir);
  g_free (day.dir);
  g_free (day.station);
  g_free (last_err);
  return result;
}
