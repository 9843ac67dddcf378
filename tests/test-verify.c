/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "vt-error.h"
#include "vt-journal-entry.h"
#include "vt-scenario.h"
#include "vt-store-private.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* Someone with the sqlite3 shell changes the station file. The guards must be dropped first,
 * and put back so the file looks untouched; verify must still say what was done. */

#define RESTORE_UPDATE_GUARD \
  "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal " \
  "BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"
#define RESTORE_DELETE_GUARD \
  "CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal " \
  "BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;"


#define RESTORE_META_GUARD \
  "CREATE TRIGGER meta_write_once BEFORE UPDATE ON meta " \
  "BEGIN SELECT RAISE (ABORT, 'station metadata is written once'); END;"

/* ---- stations with a real day in them --------------------------------------------------- */

static const char * const scenarios[] = {
  "quiet-storting-day.json",
  "busy-municipal-two-days.json",
};

static char *scenario_dir;

/* A station replayed from a scenario under data/scenarios, made once per run; a copy of it
 * (file only: it is closed) at @copy when given. */
static char *
scenario_station (const char *name)
{
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     name, NULL);
  char *path;

  if (scenario_dir == NULL)
    scenario_dir = g_dir_make_tmp ("valgting-verify-XXXXXX", NULL);
  path = g_strdup_printf ("%s/%s.valgting", scenario_dir, name);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_auto(VtScenarioReport) report = { 0 };
      g_autoptr(GError) error = NULL;
      vt_scenario_replay (scenario, path, &report, &error);
      g_assert_true (report.created);
    }
  return path;
}

static char *
copy_station (const char *path,
              const char *name)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  char *copy = g_strdup_printf ("%s/%s", scenario_dir, name);
  int fd;

  g_unlink (copy);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  fd = g_open (copy, O_WRONLY | O_CREAT | O_EXCL, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, data, len), ==, (gssize)len);
  close (fd);
  return copy;
}

static void
tamper_path (const char *path,
             const char *sql)
{
  int status = -1;
  g_autofree char *err = vt_test_run_sqlite3_shell (path, sql, &status);

  if (status != 0)
    g_error ("sqlite3 shell failed: %s", err);
}

static void
assert_path_fails (const char *path,
                   const char *message)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_verify_file (path, &report, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message));
  vt_test_assert_chain_script_agrees (path);
}

static void
assert_open_refuses (const char *path,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = vt_station_open (path, &error);

  g_assert_null (station);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED);
  g_test_message ("open: %s", error->message);
  g_assert_nonnull (strstr (error->message, message));
}

static void
add_notes (StationFixture *fixture,
           int             n)
{
  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("note-%d", i);
      g_autofree char *text = g_strdup_printf ("Note %d", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) entry = vt_station_log_note (fixture->station, id, text, &error);
      g_assert_no_error (error);
    }
  /* Close it, as the chair's laptop would be when the file is examined. */
  g_clear_object (&fixture->station);
}

static void
tamper (StationFixture *fixture,
        const char     *sql)
{
  int status = -1;
  g_autofree char *err = vt_test_run_sqlite3_shell (fixture->path, sql, &status);

  if (status != 0)
    g_error ("sqlite3 shell failed: %s", err);
}

static void
assert_verify_fails (StationFixture *fixture,
                     int             code,
                     const char     *message)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_verify_file (fixture->path, &report, &error));
  g_assert_error (error, VT_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message));
  vt_test_assert_chain_script_agrees (fixture->path);
}

static void
test_untouched_file_passes (StationFixture *fixture,
                            gconstpointer   data)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;

  add_notes (fixture, 0);
  fixture->station = vt_station_open (fixture->path, NULL);
  add_notes (fixture, 4);
  fixture->station = vt_station_open (fixture->path, NULL);
  head = g_strdup (vt_store_get_head_hash (vt_station_get_store (fixture->station)));
  g_clear_object (&fixture->station);

  g_assert_true (vt_verify_file (fixture->path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.n_entries, ==, 5);
  g_assert_cmpstr (report.head_hash, ==, head);
  g_assert_false (report.training);
  g_assert_true (report.config_covered);
  vt_test_assert_chain_script_agrees (fixture->path);
}

static void
test_changed_entry (StationFixture *fixture,
                    gconstpointer   data)
{
  add_notes (fixture, 4);
  tamper (fixture, "DROP TRIGGER journal_append_only_update;"
                   "UPDATE journal SET payload = '{\"text\":\"Note 9\"}' WHERE seq = 3;"
                   RESTORE_UPDATE_GUARD);
  assert_verify_fails (fixture, VT_STORE_ERROR_TAMPERED, "entry 3 was changed");
}

static void
test_changed_time (StationFixture *fixture,
                   gconstpointer   data)
{
  add_notes (fixture, 2);
  tamper (fixture, "DROP TRIGGER journal_append_only_update;"
                   "UPDATE journal SET ts_utc = '2027-09-13T06:00:00.000Z' WHERE seq = 2;"
                   RESTORE_UPDATE_GUARD);
  assert_verify_fails (fixture, VT_STORE_ERROR_TAMPERED, "entry 2 was changed");
}

static void
test_removed_entry (StationFixture *fixture,
                    gconstpointer   data)
{
  add_notes (fixture, 4);
  tamper (fixture, "DROP TRIGGER journal_append_only_delete;"
                   "DELETE FROM journal WHERE seq = 3;"
                   RESTORE_DELETE_GUARD);
  assert_verify_fails (fixture, VT_STORE_ERROR_TAMPERED, "entry 3 is missing");
}

static void
test_removed_last_entry (StationFixture *fixture,
                         gconstpointer   data)
{
  add_notes (fixture, 4);
  tamper (fixture, "DROP TRIGGER journal_append_only_delete;"
                   "DELETE FROM journal WHERE seq = 5;"
                   RESTORE_DELETE_GUARD);
  assert_verify_fails (fixture, VT_STORE_ERROR_TAMPERED, "does not match its journal");
}

static void
test_removed_and_renumbered (StationFixture *fixture,
                             gconstpointer   data)
{
  add_notes (fixture, 4);
  tamper (fixture, "DROP TRIGGER journal_append_only_delete;"
                   "DROP TRIGGER journal_append_only_update;"
                   "DELETE FROM journal WHERE seq = 3;"
                   "UPDATE journal SET seq = seq + 100 WHERE seq > 3;"
                   "UPDATE journal SET seq = seq - 101 WHERE seq > 100;"
                   RESTORE_DELETE_GUARD RESTORE_UPDATE_GUARD);
  assert_verify_fails (fixture, VT_STORE_ERROR_TAMPERED, "entry 3 does not follow entry 2");
}

static void
test_reordered (StationFixture *fixture,
                gconstpointer   data)
{
  add_notes (fixture, 4);
  /* Swap entries 2 and 3, each keeping its own hashes. */
  tamper (fixture, "DROP TRIGGER journal_append_only_update;"
                   "UPDATE journal SET seq = 100 WHERE seq = 2;"
                   "UPDATE journal SET seq = 2 WHERE seq = 3;"
                   "UPDATE journal SET seq = 3 WHERE seq = 100;"
                   RESTORE_UPDATE_GUARD);
  assert_verify_fails (fixture, VT_STORE_ERROR_TAMPERED, "entry 2 does not follow entry 1");
}

static void
test_guard_removed (StationFixture *fixture,
                    gconstpointer   data)
{
  add_notes (fixture, 1);
  tamper (fixture, "DROP TRIGGER journal_append_only_delete;");
  assert_verify_fails (fixture, VT_STORE_ERROR_TAMPERED, "journal_append_only_delete");
}

static void
test_not_a_station (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "random.valgting", NULL);
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  guint8 bytes[4096];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8)g_test_rand_int_range (0, 256);
  g_assert_true (g_file_set_contents (path, (const char *)bytes, sizeof bytes, NULL));

  g_assert_false (vt_verify_file (path, &report, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_A_STATION);
  vt_test_remove_tree (dir);
}

/* The command line, as the municipality would run it. */
static int
run_verify_command (const char *path,
                    char      **out,
                    char      **err)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  const char *argv[] = { binary, "verify", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_command_line (StationFixture *fixture,
                   gconstpointer   data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_notes (fixture, 3);

  g_assert_cmpint (run_verify_command (fixture->path, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, ": OK"));
  g_assert_nonnull (strstr (out, "4"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  tamper (fixture, "DROP TRIGGER journal_append_only_update;"
                   "UPDATE journal SET actor = 'someone-else' WHERE seq = 2;"
                   RESTORE_UPDATE_GUARD);
  g_assert_cmpint (run_verify_command (fixture->path, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "NOT OK"));
  g_assert_nonnull (strstr (err, "entry 2 was changed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_verify_command ("/nonexistent/station.valgting", &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "There is no station file"));
}


/* ---- every station the day makes, and the script beside it ------------------------------ */

static void
test_scenario_stations (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = scenario_station (scenarios[i]);
      g_auto(VtVerifyReport) report = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(VtStation) station = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_true (vt_verify_file (path, &report, &error));
      g_assert_no_error (error);
      g_test_message ("%s: %" G_GINT64_FORMAT " entries verified in %.1f ms", scenarios[i],
                      report.n_entries, (g_get_monotonic_time () - start) / 1000.0);
      g_assert_true (report.config_covered);
      g_assert_true (report.training);
      vt_test_assert_chain_script_agrees (path);

      start = g_get_monotonic_time ();
      station = vt_station_open (path, &error);
      g_assert_no_error (error);
      g_test_message ("%s: opened (chain and state checked) in %.1f ms", scenarios[i],
                      (g_get_monotonic_time () - start) / 1000.0);
    }
}

/* ---- one derived table changed outside Valgting ----------------------------------------- */

/* Change one cell of the table's first row (its last column: a count, a time, a name), or add
 * a row to an empty table. Each is what the paper would print. */
static void
test_derived_table_changed (gconstpointer data)
{
  const char *table = data;
  g_autofree char *source = scenario_station ("busy-municipal-two-days.json");
  g_autofree char *name = g_strdup_printf ("changed-%s.valgting", table);
  g_autofree char *path = copy_station (source, name);
  g_autofree char *where = g_strdup_printf ("table “%s”", table);
  sqlite3 *db = vt_test_open_raw (path);
  g_autofree char *probe = g_strdup_printf ("SELECT count (*) FROM \"%s\"", table);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n_rows;
  GString *columns = g_string_new (NULL), *values = g_string_new (NULL);
  g_autofree char *last = NULL, *last_type = NULL;

  sqlite3_prepare_v2 (db, probe, -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n_rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  probe = (g_free (probe), g_strdup_printf ("PRAGMA table_info (\"%s\")", table));
  sqlite3_prepare_v2 (db, probe, -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *type = (const char *)sqlite3_column_text (stmt, 2);
      g_free (last);
      g_free (last_type);
      last = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      last_type = g_strdup (type);
      g_string_append_printf (columns, "%s\"%s\"", columns->len > 0 ? ", " : "", last);
      g_string_append_printf (values, "%s%s", values->len > 0 ? ", " : "",
                              g_str_equal (type, "INTEGER") ? "1" : "'forged'");
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (n_rows > 0 && g_str_equal (last_type, "INTEGER"))
    sql = g_strdup_printf ("UPDATE \"%s\" SET \"%s\" = coalesce (\"%s\", 0) + 50 "
                           "WHERE rowid = (SELECT min (rowid) FROM \"%s\");",
                           table, last, last, table);
  else if (n_rows > 0)
    sql = g_strdup_printf ("UPDATE \"%s\" SET \"%s\" = coalesce (\"%s\", '') || ' forged' "
                           "WHERE rowid = (SELECT min (rowid) FROM \"%s\");",
                           table, last, last, table);
  else
    sql = g_strdup_printf ("INSERT INTO \"%s\" (%s) VALUES (%s);", table, columns->str,
                           values->str);
  g_string_free (columns, TRUE);
  g_string_free (values, TRUE);
  g_test_message ("%s", sql);
  tamper_path (path, sql);

  assert_path_fails (path, where);
  assert_open_refuses (path, where);
  g_unlink (path);
}

/* The count the protocol prints, raised by 50: 1185 approved ballots become 1235. */
static void
test_raised_count_is_named (void)
{
  g_autofree char *source = scenario_station ("busy-municipal-two-days.json");
  g_autofree char *path = copy_station (source, "raised.valgting");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pdf = g_strdup_printf ("%s/raised.pdf", scenario_dir);
  const char *argv[] = { g_getenv ("VALGTING_BINARY"), "print", "protocol", path, "-o", pdf,
                         NULL };
  int status = 0;

  tamper_path (path, "UPDATE pile SET n = n + 50, control = control + 50 "
                     "WHERE rowid = (SELECT min (rowid) FROM pile);");
  assert_path_fails (path, "table “pile”");
  assert_open_refuses (path, "table “pile”");

  /* Printing refuses it too: nothing forged under the real checksum. */
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, NULL));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "table “pile”"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
test_training_flag_cleared (void)
{
  g_autofree char *source = scenario_station ("quiet-storting-day.json");
  g_autofree char *path = copy_station (source, "training.valgting");

  tamper_path (path, "DROP TRIGGER meta_write_once;"
                     "UPDATE meta SET value = '0' WHERE key = 'training';"
                     RESTORE_META_GUARD);
  assert_path_fails (path, "training flag was changed");
  assert_open_refuses (path, "training flag was changed");
}

static void
test_person_renamed_in_configuration (void)
{
  g_autofree char *source = scenario_station ("quiet-storting-day.json");
  g_autofree char *path = copy_station (source, "renamed.valgting");

  tamper_path (path, "DROP TRIGGER meta_write_once;"
                     "UPDATE meta SET value = replace (value, '\"name\" : \"', '\"name\" : \"Ola ') "
                     "WHERE key = 'config';"
                     RESTORE_META_GUARD);
  assert_path_fails (path, "election configuration");
  assert_open_refuses (path, "election configuration");
}

/* An edited entry used to open and print under the original checksum. */
static void
test_edited_entry_refused_on_open (void)
{
  g_autofree char *source = scenario_station ("quiet-storting-day.json");
  g_autofree char *path = copy_station (source, "edited.valgting");

  tamper_path (path, "DROP TRIGGER journal_append_only_update;"
                     "UPDATE journal SET actor = 'someone-else' WHERE seq = 7;"
                     RESTORE_UPDATE_GUARD);
  assert_path_fails (path, "entry 7 was changed");
  assert_open_refuses (path, "entry 7 was changed");
}

/* A file with its last entries deleted used to open and print without complaint. */
static void
test_cut_tail_refused_and_named (void)
{
  g_autofree char *source = scenario_station ("busy-municipal-two-days.json");
  g_autofree char *path = copy_station (source, "cut.valgting");
  g_auto(VtVerifyReport) whole = { 0 };
  VtVerifyComparison cmp = { 0 };
  VtVerifyPaper paper = { 0 };
  g_autofree char *groups = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_verify_file (source, &whole, NULL));
  tamper_path (path, "DROP TRIGGER journal_append_only_delete;"
                     "DELETE FROM journal WHERE seq > (SELECT max (seq) - 3 FROM journal);"
                     RESTORE_DELETE_GUARD);
  assert_path_fails (path, "does not match its journal");
  assert_open_refuses (path, "does not match its journal");

  /* The second copy and the paper tell what is missing (as they do for an older WAL swapped
   * in, whose state matches its shorter journal). */
  g_assert_true (vt_verify_against (path, source, &cmp, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cmp.relation, ==, VT_VERIFY_FILE_SHORTER);
  g_assert_cmpint (cmp.n_file, ==, whole.n_entries - 3);
  g_assert_cmpint (cmp.first_difference, ==, whole.n_entries - 2);
  g_assert_true (vt_verify_against (source, path, &cmp, &error));
  g_assert_cmpint (cmp.relation, ==, VT_VERIFY_OTHER_SHORTER);

  groups = vt_hash_to_groups (whole.head_hash, 4);
  g_assert_true (vt_verify_checksum (path, groups, &paper, &error));
  g_assert_no_error (error);
  g_assert_cmpint (paper.seq, ==, 0);
  g_assert_true (vt_verify_checksum (source, groups, &paper, &error));
  g_assert_cmpint (paper.seq, ==, whole.n_entries);
  g_assert_cmpint (paper.n_following, ==, 0);
}

/* Rewrite entry @seq's payload and recompute every hash from there: a forgery only the paper
 * or the second copy can catch. */
static void
recompute_chain (const char *path,
                 gint64      seq,
                 const char *payload)
{
  sqlite3 *db = vt_test_open_raw (path);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *prev = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER journal_append_only_update;", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  if (payload != NULL)
    {
      sqlite3_prepare_v2 (db, "UPDATE journal SET payload = ?2 WHERE seq = ?1", -1, &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, seq);
      sqlite3_bind_text (stmt, 2, payload, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  sqlite3_prepare_v2 (db, "SELECT hash FROM journal WHERE seq = ?1", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, seq - 1);
  prev = sqlite3_step (stmt) == SQLITE_ROW ? g_strdup ((const char *)sqlite3_column_text (stmt, 0))
                                           : g_strdup (VT_JOURNAL_GENESIS_HASH);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (db, "SELECT seq, command_id, ts_utc, utc_offset, kind, actor, payload "
                          "FROM journal WHERE seq >= ?1 ORDER BY seq", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *hash = vt_journal_compute_hash (sqlite3_column_int64 (stmt, 0),
                                            (const char *)sqlite3_column_text (stmt, 1),
                                            (const char *)sqlite3_column_text (stmt, 2),
                                            sqlite3_column_int (stmt, 3),
                                            (const char *)sqlite3_column_text (stmt, 4),
                                            (const char *)sqlite3_column_text (stmt, 5),
                                            (const char *)sqlite3_column_text (stmt, 6), prev);
      g_ptr_array_add (rows, g_strdup_printf ("UPDATE journal SET prev_hash = '%s', hash = '%s' "
                                              "WHERE seq = %" G_GINT64_FORMAT ";", prev, hash,
                                              (gint64)sqlite3_column_int64 (stmt, 0)));
      g_free (prev);
      prev = hash;
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (sqlite3_exec (db, g_ptr_array_index (rows, i), NULL, NULL, NULL), ==,
                     SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, RESTORE_UPDATE_GUARD, NULL, NULL, NULL), ==, SQLITE_OK);
  g_ptr_array_unref (rows);
  sqlite3_close (db);
}

static int
run_valgting (const char * const *args,
              char              **out)
{
  const char *argv[8] = { g_getenv ("VALGTING_BINARY") };
  g_autofree char *err = NULL;
  int status = 0;

  for (guint i = 0; args[i] != NULL && i < 6; i++)
    argv[i + 1] = args[i];
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                               &err, &status, NULL));
  g_test_message ("%s%s", *out, err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_recomputed_chain_caught_by_paper_and_copy (void)
{
  g_autofree char *source = scenario_station ("quiet-storting-day.json");
  g_autofree char *path = copy_station (source, "recomputed.valgting");
  g_auto(VtVerifyReport) original = { 0 };
  g_auto(VtVerifyReport) forged = { 0 };
  g_autofree char *groups = NULL;
  g_autofree char *middle = NULL;
  g_autofree char *out = NULL;
  VtVerifyComparison cmp = { 0 };
  VtVerifyPaper paper = { 0 };
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 note = 0;

  g_assert_true (vt_verify_file (source, &original, NULL));
  db = vt_test_open_raw (path);
  sqlite3_prepare_v2 (db, "SELECT max (seq) FROM journal WHERE kind = 'note'", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    note = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (note == 0)
    note = original.n_entries; /* the last entry, whatever it is, recomputed as it was */

  recompute_chain (path, note, note == original.n_entries ? NULL : "{\"text\":\"All calm.\"}");
  if (note == original.n_entries)
    {
      /* Nothing changed but the hashes' text is the same: make it differ by the time. */
      tamper_path (path, "DROP TRIGGER journal_append_only_update;"
                         "UPDATE journal SET ts_utc = '2000-01-01T00:00:00.000Z' "
                         "WHERE seq = (SELECT max (seq) FROM journal);" RESTORE_UPDATE_GUARD);
      recompute_chain (path, note, NULL);
    }

  /* On its own the forgery holds: the chain is whole again, and the script agrees. */
  g_assert_true (vt_verify_file (path, &forged, NULL));
  g_assert_cmpstr (forged.head_hash, !=, original.head_hash);
  vt_test_assert_chain_script_agrees (path);

  /* The paper printed from the real file does not match it… */
  groups = vt_hash_to_groups (original.head_hash, 2);
  g_assert_true (vt_verify_checksum (path, groups, &paper, NULL));
  g_assert_cmpint (paper.seq, ==, 0);
  /* …but a page printed before the forged entry does, and says how many entries follow. */
  {
    db = vt_test_open_raw (path);
    sqlite3_prepare_v2 (db, "SELECT hash FROM journal WHERE seq = ?1", -1, &stmt, NULL);
    sqlite3_bind_int64 (stmt, 1, note - 1);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    middle = vt_hash_to_groups ((const char *)sqlite3_column_text (stmt, 0), 3);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  g_assert_true (vt_verify_checksum (path, middle, &paper, NULL));
  g_assert_cmpint (paper.seq, ==, note - 1);
  g_assert_cmpint (paper.n_following, ==, original.n_entries - (note - 1));

  /* …and the second copy names the first entry that differs. */
  g_assert_true (vt_verify_against (path, source, &cmp, NULL));
  g_assert_cmpint (cmp.relation, ==, VT_VERIFY_DIFFERENT);
  g_assert_cmpint (cmp.first_difference, ==, note);

  /* The command line says the same. */
  {
    const char *paper_args[] = { "verify", path, "--checksum", groups, NULL };
    const char *middle_args[] = { "verify", path, "--checksum", middle, NULL };
    const char *against_args[] = { "verify", path, "--against", source, NULL };
    const char *same_args[] = { "verify", source, "--against", source, NULL };
    const char *bad_args[] = { "verify", source, "--checksum", "zz", NULL };
    g_autofree char *expected = g_strdup_printf ("from entry %" G_GINT64_FORMAT " on", note);
    g_autofree char *at = g_strdup_printf ("entry %" G_GINT64_FORMAT ".", note - 1);

    g_assert_cmpint (run_valgting (paper_args, &out), ==, 1);
    g_assert_nonnull (strstr (out, "does not pass through"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_valgting (middle_args, &out), ==, 0);
    g_assert_nonnull (strstr (out, at));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_valgting (against_args, &out), ==, 1);
    g_assert_nonnull (strstr (out, expected));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_valgting (same_args, &out), ==, 0);
    g_assert_nonnull (strstr (out, "the same journal"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_valgting (bad_args, &out), ==, 2);
  }
}

/* A guard under its right name that does nothing used to pass. */
static void
test_do_nothing_guard (StationFixture *fixture,
                       gconstpointer   data)
{
  add_notes (fixture, 2);
  tamper (fixture, "DROP TRIGGER journal_append_only_update;"
                   "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal "
                   "BEGIN SELECT 1; END;");
  assert_verify_fails (fixture, VT_STORE_ERROR_TAMPERED, "replaced by another definition");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtStation) station = vt_station_open (fixture->path, &error);
    g_assert_null (station);
    g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  }
}

/* A file made before entry 1 carried the configuration's SHA-256 still opens and verifies,
 * saying that its configuration is not covered. */
static void
test_older_file_without_config_hash (StationFixture *fixture,
                                     gconstpointer   data)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *out = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  add_notes (fixture, 2);
  db = vt_test_open_raw (fixture->path);
  sqlite3_prepare_v2 (db, "SELECT json_remove (payload, '$.config_sha256') FROM journal "
                          "WHERE seq = 1", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  payload = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  recompute_chain (fixture->path, 1, payload);

  g_assert_true (vt_verify_file (fixture->path, &report, &error));
  g_assert_no_error (error);
  g_assert_false (report.config_covered);
  station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&station);
  g_assert_cmpint (vt_test_run_chain_script (fixture->path, &out), ==, 0);
  g_assert_nonnull (strstr (out, "not covered"));
  vt_test_assert_chain_script_agrees (fixture->path);
  g_clear_pointer (&out, g_free);
  {
    const char *args[] = { "verify", fixture->path, NULL };
    g_assert_cmpint (run_valgting (args, &out), ==, 0);
    g_assert_nonnull (strstr (out, "older Valgting"));
  }
}

/* The window prints from an open station: the state is checked again before printing, so a
 * change made with the sqlite3 shell while the station is open is not printed. */
static void
test_open_store_checked_before_printing (StationFixture *fixture,
                                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  add_notes (fixture, 3);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (vt_verify_store (vt_station_get_store (fixture->station), &error));
  g_assert_no_error (error);

  tamper (fixture, "UPDATE kind_count SET n = n + 50 WHERE kind = 'note';");
  g_assert_false (vt_verify_store (vt_station_get_store (fixture->station), &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "table “kind_count”"));
  g_clear_object (&fixture->station);
}

static void
test_help_lists_paper_check (void)
{
  const char *args[] = { "--help", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (run_valgting (args, &out), ==, 0);
  g_assert_nonnull (strstr (out, "--checksum"));
  g_assert_nonnull (strstr (out, "--against"));
}

/* The program in the build tree, never installed, speaks the language of the session from the
 * catalogues built beside it. */
static void
test_built_program_is_translated (void)
{
  const char *argv[] = { g_getenv ("VALGTING_BINARY"), "verify", "/nonexistent.valgting", NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  env = g_environ_setenv (env, "LANGUAGE", "nn", TRUE);
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LC_ALL");
  g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out != NULL && *out != '\0' ? out : err, "IKKJE OK"));
}

int
main (int   argc,
      char *argv[])
{
  /* The messages checked here are the English ones. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StationFixture, NULL, station_fixture_set_up, func, station_fixture_tear_down)

  ADD ("/verify/untouched-file-passes", test_untouched_file_passes);
  ADD ("/verify/finds-a-changed-entry", test_changed_entry);
  ADD ("/verify/finds-a-changed-time", test_changed_time);
  ADD ("/verify/finds-a-removed-entry", test_removed_entry);
  ADD ("/verify/finds-a-removed-last-entry", test_removed_last_entry);
  ADD ("/verify/finds-a-removed-and-renumbered-entry", test_removed_and_renumbered);
  ADD ("/verify/finds-reordered-entries", test_reordered);
  ADD ("/verify/finds-a-removed-guard", test_guard_removed);
  g_test_add_func ("/verify/refuses-random-bytes", test_not_a_station);
  ADD ("/verify/command-line-exits-non-zero-on-a-tampered-file", test_command_line);
  ADD ("/verify/finds-a-do-nothing-guard-with-the-right-name", test_do_nothing_guard);
  ADD ("/verify/older-file-without-config-hash-opens-with-a-note",
       test_older_file_without_config_hash);
  ADD ("/verify/open-store-checked-before-printing", test_open_store_checked_before_printing);
  g_test_add_func ("/verify/scenario-stations-pass-and-the-script-agrees",
                   test_scenario_stations);
  g_test_add_func ("/verify/raised-count-is-named-and-not-printed", test_raised_count_is_named);
  g_test_add_func ("/verify/cleared-training-flag", test_training_flag_cleared);
  g_test_add_func ("/verify/person-renamed-in-configuration",
                   test_person_renamed_in_configuration);
  g_test_add_func ("/verify/edited-entry-refused-on-open", test_edited_entry_refused_on_open);
  g_test_add_func ("/verify/cut-tail-refused-and-named-against-copy-and-paper",
                   test_cut_tail_refused_and_named);
  g_test_add_func ("/verify/recomputed-chain-caught-by-paper-and-copy",
                   test_recomputed_chain_caught_by_paper_and_copy);
  g_test_add_func ("/verify/help-lists-paper-check", test_help_lists_paper_check);
  g_test_add_func ("/cli/built-program-is-translated", test_built_program_is_translated);
  {
    static const char * const tables[] = {
      "kind_count", "station_state", "correction", "person_state", "check_state",
      "door_event", "strip", "urn", "outdoor_vote", "envelope_count", "wrong_mark",
      "unstamped", "incident_state", "turnout", "closing_step", "roll_marks",
      "envelopes_counted", "shipment", "pile", "explanation", "results",
    };
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        g_autofree char *path = g_strdup_printf ("/verify/derived-table-changed/%s", tables[i]);
        g_test_add_data_func (path, tables[i], test_derived_table_changed);
      }
  }

#undef ADD

  {
    int status = g_test_run ();
    if (scenario_dir != NULL)
      vt_test_remove_tree (scenario_dir);
    return status;
  }
}
