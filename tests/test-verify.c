/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-error.h"
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

#undef ADD

  return g_test_run ();
}
