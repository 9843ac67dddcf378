/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <sys/stat.h>

#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-journal-filter.h"
#include "vt-journal-model.h"
#include "vt-store-private.h"
#include "vt-copy.h"
#include "vt-verify.h"
#include "vt-test-util.h"

static VtJournalEntry *
log_note (StationFixture *fixture,
          const char     *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command_id = g_uuid_string_random ();
  VtJournalEntry *entry = vt_station_log_note (fixture->station, command_id, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static void
test_create_first_entry (StationFixture *fixture,
                         gconstpointer   data)
{
  VtStore *store = vt_station_get_store (fixture->station);
  g_autoptr(VtJournalEntry) first = NULL;
  JsonObject *payload;

  g_assert_cmpint (vt_store_get_n_entries (store), ==, 1);
  first = vt_store_get_entry (store, 1, NULL);
  g_assert_cmpstr (vt_journal_entry_get_kind (first), ==, VT_ENTRY_STATION_CREATED);
  g_assert_cmpstr (vt_journal_entry_get_prev_hash (first), ==, VT_JOURNAL_GENESIS_HASH);
  g_assert_cmpstr (vt_journal_entry_get_hash (first), ==, vt_store_get_head_hash (store));
  g_assert_cmpstr (vt_journal_entry_get_actor (first), ==,
                   vt_config_get_chair (fixture->config)->id);

  payload = vt_journal_entry_get_payload_object (first);
  g_assert_cmpstr (json_object_get_string_member (payload, "precinct"), ==,
                   "0656 Nesttun skole");
  g_assert_false (json_object_get_boolean_member (payload, "training"));
  g_assert_false (vt_station_get_training (fixture->station));
}

static void
test_create_refuses_existing (StationFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) second = vt_station_create (fixture->path, fixture->config, &error);

  g_assert_null (second);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS);

  /* The refusal left the existing station alone. */
  g_clear_object (&fixture->station);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_nonnull (fixture->station);
}

static void
test_create_private_file (StationFixture *fixture,
                          gconstpointer   data)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_pragmas (StationFixture *fixture,
              gconstpointer   data)
{
  sqlite3 *db = vt_test_open_raw (fixture->path);

  /* Persistent settings of the file itself. */
  g_assert_cmpint (vt_store_pragma_int (db, "application_id"), ==, VT_STORE_APPLICATION_ID);
  g_assert_cmpint (vt_store_pragma_int (db, "user_version"), ==, VT_STORE_SCHEMA_VERSION);
  {
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}

static void
test_chain_links_entries (StationFixture *fixture,
                          gconstpointer   data)
{
  VtStore *store = vt_station_get_store (fixture->station);
  g_autofree char *prev = g_strdup (vt_store_get_head_hash (store));

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry number %d", i);
      g_autoptr(VtJournalEntry) entry = log_note (fixture, text);
      g_autofree char *ts = vt_journal_format_time_utc (vt_journal_entry_get_time (entry));
      g_autofree char *expected = NULL;

      g_assert_cmpint (vt_journal_entry_get_seq (entry), ==, i + 2);
      g_assert_cmpstr (vt_journal_entry_get_prev_hash (entry), ==, prev);
      expected = vt_journal_compute_hash (vt_journal_entry_get_seq (entry),
                                          vt_journal_entry_get_command_id (entry), ts,
                                          vt_journal_entry_get_utc_offset (entry),
                                          vt_journal_entry_get_kind (entry),
                                          vt_journal_entry_get_actor (entry),
                                          vt_journal_entry_get_payload (entry), prev);
      g_assert_cmpstr (vt_journal_entry_get_hash (entry), ==, expected);
      g_assert_cmpstr (vt_store_get_head_hash (store), ==, expected);

      g_free (prev);
      prev = g_strdup (expected);
    }

  g_assert_cmpint (vt_store_count_kind (store, VT_ENTRY_NOTE), ==, 5);
}

static void
assert_raw_sql_refused (const char *path,
                        const char *sql,
                        const char *message)
{
  sqlite3 *db = vt_test_open_raw (path);
  char *errmsg = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &errmsg);

  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (errmsg, message));
  sqlite3_free (errmsg);
  sqlite3_close (db);
}

static void
test_refuses_update (StationFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(VtJournalEntry) entry = log_note (fixture, "Door opened 09:00");

  assert_raw_sql_refused (fixture->path,
                          "UPDATE journal SET payload = '{\"text\":\"changed\"}' WHERE seq = 2",
                          "append-only");
  assert_raw_sql_refused (fixture->path, "UPDATE meta SET value = '1' WHERE key = 'training'",
                          "written once");
}

static void
test_refuses_delete (StationFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(VtJournalEntry) entry = log_note (fixture, "Door opened 09:00");

  assert_raw_sql_refused (fixture->path, "DELETE FROM journal WHERE seq = 2", "append-only");
  assert_raw_sql_refused (fixture->path, "DELETE FROM journal", "append-only");

  g_clear_object (&fixture->station);
  fixture->station = vt_station_open (fixture->path, NULL);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (fixture->station)), ==, 2);
}

static void
test_refuses_out_of_chain_insert (StationFixture *fixture,
                                  gconstpointer   data)
{
  /* A gap in the sequence, and a right sequence number with a wrong previous hash. */
  assert_raw_sql_refused (fixture->path,
                          "INSERT INTO journal VALUES (5, 'x', '2027-09-13T10:00:00.000Z', 0, "
                          "'note', 'leder', '{}', 'abc', 'def')",
                          "continue the chain");
  assert_raw_sql_refused (fixture->path,
                          "INSERT INTO journal VALUES (2, 'x', '2027-09-13T10:00:00.000Z', 0, "
                          "'note', 'leder', '{}', 'abc', 'def')",
                          "continue the chain");
}

static void
test_retry_writes_once (StationFixture *fixture,
                        gconstpointer   data)
{
  VtStore *store = vt_station_get_store (fixture->station);
  g_autoptr(VtJournalEntry) first = NULL;
  g_autoptr(VtJournalEntry) again = NULL;
  g_autoptr(GError) error = NULL;

  first = vt_station_log_note (fixture->station, "command-1", "Phone checked", &error);
  g_assert_no_error (error);
  again = vt_station_log_note (fixture->station, "command-1", "Phone checked", &error);
  g_assert_no_error (error);

  g_assert_cmpint (vt_journal_entry_get_seq (first), ==, vt_journal_entry_get_seq (again));
  g_assert_cmpint (vt_store_get_n_entries (store), ==, 2);
  g_assert_cmpint (vt_store_count_kind (store, VT_ENTRY_NOTE), ==, 1);
}

static void
test_reused_command_id_refused (StationFixture *fixture,
                                gconstpointer   data)
{
  g_autoptr(VtJournalEntry) first = NULL;
  g_autoptr(VtJournalEntry) other = NULL;
  g_autoptr(GError) error = NULL;

  first = vt_station_log_note (fixture->station, "command-1", "Phone checked", &error);
  g_assert_no_error (error);
  other = vt_station_log_note (fixture->station, "command-1", "Something else", &error);
  g_assert_null (other);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CONFLICT);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (fixture->station)), ==, 2);
}

/* A station open in one window is refused in a second one (and by a second Valgting), with a
 * reason; once it is closed, it opens again. A second process is the real case: run it. */
static void
test_open_twice_refused (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) second = vt_station_open (fixture->path, &error);
  g_autofree char *flock_program = g_find_program_in_path ("flock");

  g_assert_null (second);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "already open"));
  /* Who holds it: the user and the machine. */
  g_assert_nonnull (strstr (error->message, g_get_host_name ()));
  g_clear_error (&error);

  /* The name is written unsynced: one caught empty (mid-write, or cut by a power cut) names
   * nobody, and the refusal says so without it. */
  {
    g_autofree char *holder = g_strconcat (fixture->path, ".lock", NULL);
    g_autoptr(VtStation) third = NULL;

    g_assert_true (g_file_set_contents (holder, "", 0, NULL));
    third = vt_station_open (fixture->path, &error);
    g_assert_null (third);
    g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_IN_USE);
    g_assert_nonnull (strstr (error->message, "another Valgting window"));
    g_clear_error (&error);
  }

  /* Another process holding it: flock (1) stands in for a second Valgting. */
  if (flock_program != NULL)
    {
      g_autofree char *out = NULL;
      int status = 0;
      const char *argv[] = { "flock", "--nonblock", fixture->path, "true", NULL };

      g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
                                   G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status,
                                   &error));
      g_assert_no_error (error);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
    }

  g_clear_object (&fixture->station);
  {
    /* Closing takes the name off the door. */
    g_autofree char *holder = g_strconcat (fixture->path, ".lock", NULL);
    g_assert_false (g_file_test (holder, G_FILE_TEST_EXISTS));
  }
  second = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

static void
test_reopen_keeps_state (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autoptr(VtJournalEntry) reread = NULL;

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry %d: æøå ÆØÅ “quoted” \\ \"json\"", i);
      g_autoptr(VtJournalEntry) entry = log_note (fixture, text);
    }
  head = g_strdup (vt_store_get_head_hash (vt_station_get_store (fixture->station)));

  g_clear_object (&fixture->station);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (fixture->station)), ==, 21);
  g_assert_cmpstr (vt_store_get_head_hash (vt_station_get_store (fixture->station)), ==, head);
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (fixture->station), VT_ENTRY_NOTE),
                   ==, 20);
  g_assert_cmpstr (vt_config_get_election_name (vt_station_get_config (fixture->station)), ==,
                   vt_config_get_election_name (fixture->config));

  reread = vt_store_get_entry (vt_station_get_store (fixture->station), 21, &error);
  g_assert_no_error (error);
  {
    g_autofree char *summary = vt_journal_entry_dup_summary (reread, fixture->config);
    g_assert_cmpstr (summary, ==, "Entry 19: æøå ÆØÅ “quoted” \\ \"json\"");
  }
}

/* A file made by the first schema version, with entries, is brought up to date on opening and
 * its derived state computed from the journal. */
static void
test_migrate_from_version_1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.valgting", NULL);
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");
  g_autoptr(GDateTime) created = vt_test_fixed_time (7, 0);
  g_autoptr(VtStation) station = NULL;
  g_autofree char *prev = NULL;
  sqlite3 *db;

  g_assert_true (vt_store_create_file (path, config, created, 1, &error));
  g_assert_no_error (error);

  db = vt_test_open_raw (path);
  g_assert_cmpint (vt_store_pragma_int (db, "user_version"), ==, 1);
  {
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "SELECT hash FROM journal WHERE seq = 1", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    prev = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  /* Two notes written the way version 1 wrote them: no derived tables yet. */
  for (int seq = 2; seq <= 3; seq++)
    {
      g_autofree char *id = g_strdup_printf ("old-%d", seq);
      const char *ts = "2027-09-13T07:30:00.000Z";
      const char *payload = "{\"text\":\"written by version 1\"}";
      g_autofree char *hash = vt_journal_compute_hash (seq, id, ts, 7200, "note", "leder",
                                                       payload, prev);
      g_autofree char *sql = g_strdup_printf ("INSERT INTO journal VALUES (%d, '%s', '%s', 7200, "
                                              "'note', 'leder', '%s', '%s', '%s')",
                                              seq, id, ts, payload, prev, hash);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      g_free (prev);
      prev = g_steal_pointer (&hash);
    }
  g_assert_cmpint (sqlite3_exec (db, "SELECT * FROM kind_count", NULL, NULL, NULL), ==,
                   SQLITE_ERROR);
  sqlite3_close (db);

  station = vt_station_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (station), VT_ENTRY_NOTE), ==, 2);
  g_assert_cmpint (vt_store_count_kind (vt_station_get_store (station),
                                        VT_ENTRY_STATION_CREATED), ==, 1);
  g_assert_cmpstr (vt_store_get_head_hash (vt_station_get_store (station)), ==, prev);
  g_clear_object (&station);

  db = vt_test_open_raw (path);
  g_assert_cmpint (vt_store_pragma_int (db, "user_version"), ==, VT_STORE_SCHEMA_VERSION);
  sqlite3_close (db);

  vt_test_remove_tree (dir);
}

static void
test_open_refuses_newer (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) again = NULL;
  sqlite3 *db;

  g_clear_object (&fixture->station);
  db = vt_test_open_raw (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  again = vt_station_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
}

/* A damaged format number below any Valgting writes (found by fuzzing: it was taken as the
 * migration to start from) is refused, and the file is left as it was. */
static void
test_open_refuses_negative_format (StationFixture *fixture,
                                   gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) again = NULL;
  sqlite3 *db;

  g_clear_object (&fixture->station);
  db = vt_test_open_raw (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = -248", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  again = vt_station_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "(-248)"));
  g_assert_nonnull (strstr (error->message, "second copy"));

  db = vt_test_open_raw (fixture->path);
  g_assert_cmpint (vt_store_pragma_int (db, "user_version"), ==, -248);
  sqlite3_close (db);

  /* verify says the same, not "open it with the version that wrote it". */
  {
    VtVerifyReport report = { 0 };
    g_autoptr(GError) verify_error = NULL;

    g_assert_false (vt_verify_file (fixture->path, &report, &verify_error));
    g_assert_error (verify_error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (verify_error->message, "(-248)"));
    vt_verify_report_clear (&report);
  }
}


/* The page check started ahead (while the toolkit starts) refuses a damaged file as opening
 * itself does; a good file opens with it. */
static void
test_check_ahead_refuses_damaged (StationFixture *fixture,
                                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) again = NULL;

  g_clear_object (&fixture->station);
  vt_store_check_ahead (fixture->path);
  again = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_clear_object (&again);

  vt_test_damage_table_page (fixture->path, "kind_count");
  vt_store_check_ahead (fixture->path);
  vt_store_check_ahead_wait ();   /* done before opening: opening refuses the file */
  again = vt_station_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* and without it, opening checks itself */
  again = vt_station_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
}

/* A check made before the file changed says nothing about it now: opening checks again. */
static void
test_check_ahead_stale_is_not_used (StationFixture *fixture,
                                    gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) again = NULL;

  g_clear_object (&fixture->station);
  vt_store_check_ahead (fixture->path);
  vt_store_check_ahead_wait ();   /* it found the file good */
  vt_test_damage_table_page (fixture->path, "kind_count");

  again = vt_station_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
}

/* Changes entry @seq's actor behind the append-only guard's back and puts the guard back as
 * it was: only the chain tells. */
static void
tamper_entry (const char *path,
              gint64      seq)
{
  sqlite3 *db = vt_test_open_raw (path);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *guard = NULL;
  g_autofree char *update = g_strdup_printf ("UPDATE journal SET actor = 'someone-else' "
                                             "WHERE seq = %" G_GINT64_FORMAT, seq);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_schema WHERE name = "
                                           "'journal_append_only_update'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  guard = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER journal_append_only_update", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, update, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, guard, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
}

/* The chain is read ahead as well: a changed entry is refused with it as without it, and a
 * chain read before the change says nothing about the file after it. */
static void
test_check_ahead_chain (StationFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) again = NULL;
  g_autofree char *pristine = NULL;
  gsize length;

  g_clear_object (&fixture->station);
  g_assert_true (g_file_get_contents (fixture->path, &pristine, &length, NULL));

  tamper_entry (fixture->path, 1);
  vt_store_check_ahead (fixture->path);
  vt_store_check_ahead_wait ();
  again = vt_station_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (fixture->path, pristine, (gssize)length, NULL));
  vt_store_check_ahead (fixture->path);
  vt_store_check_ahead_wait ();   /* it read a good chain */
  tamper_entry (fixture->path, 1);
  again = vt_station_open (fixture->path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED);
}

/* A check still running as the file opens goes on while the window opens: the store opens,
 * and its first write waits for the check. A good file is written to; a damaged or changed
 * one is refused then, with the error opening would have given, and nothing is written. */
static void
append_after_deferred_check (const char  *path,
                             GError     **error)
{
  g_autoptr(VtStation) station = NULL;
  g_autoptr(GError) open_error = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  static guint calls;
  g_autofree char *id = g_strdup_printf ("deferred-check-%u", ++calls);
  g_autofree char *id_again = g_strdup_printf ("deferred-check-%u-again", calls);
  VtStore *store;
  gint64 before;

  vt_store_check_ahead_hold (TRUE);
  vt_store_check_ahead (path);
  station = vt_station_open (path, &open_error);
  g_assert_no_error (open_error);
  store = vt_station_get_store (station);
  g_assert_true (vt_store_get_check_pending (store));
  before = vt_store_get_n_entries (store);
  vt_store_check_ahead_hold (FALSE);

  entry = vt_station_log_note (station, id, "Etter sjekken", error);
  g_assert_false (vt_store_get_check_pending (store));
  g_assert_cmpint (vt_store_get_n_entries (store), ==, before + (entry != NULL ? 1 : 0));
  if (entry == NULL)
    {
      /* and every write after, the same */
      g_autoptr(GError) again = NULL;

      g_assert_null (vt_station_log_note (station, id_again, "Igjen", &again));
      g_assert_true (g_error_matches (again, (*error)->domain, (*error)->code));
      g_assert_false (vt_store_ensure_checked (store, NULL));
    }
}

static void
test_check_ahead_deferred (StationFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pristine = NULL;
  gsize length;

  g_clear_object (&fixture->station);
  g_assert_true (g_file_get_contents (fixture->path, &pristine, &length, NULL));

  append_after_deferred_check (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (fixture->path, &pristine, &length, NULL));
  vt_test_damage_table_page (fixture->path, "kind_count");
  append_after_deferred_check (fixture->path, &error);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (fixture->path, pristine, (gssize)length, NULL));
  tamper_entry (fixture->path, 1);
  append_after_deferred_check (fixture->path, &error);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_TAMPERED);
}

/* A very big file's checks wait for the window's first frame (vt_store_check_ahead_go ()):
 * the file opens meanwhile, its first write waits for them, and a damaged one is refused
 * then. */
static void
test_check_ahead_after_first_frame (StationFixture *fixture,
                                    gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) again = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;

  g_clear_object (&fixture->station);
  /* Every file counts as very big here, and without the frame the checks would wait a
   * minute: the open below cannot find them done. */
  vt_store_set_check_after_first_frame (0, 60 * G_USEC_PER_SEC);
  vt_store_check_ahead (fixture->path);
  again = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (vt_store_get_check_pending (vt_station_get_store (again)));
  vt_store_check_ahead_go ();
  entry = vt_station_log_note (again, "after-first-frame-1", "Etter første bilde", &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_clear_object (&again);

  vt_test_damage_table_page (fixture->path, "kind_count");
  vt_store_set_check_after_first_frame (0, 60 * G_USEC_PER_SEC);
  vt_store_check_ahead (fixture->path);
  again = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (vt_store_get_check_pending (vt_station_get_store (again)));
  vt_store_check_ahead_go ();
  g_assert_false (vt_store_ensure_checked (vt_station_get_store (again), &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  vt_store_set_check_after_first_frame (-1, -1);
}

static void
test_open_refuses_changed_tables (StationFixture *fixture,
                                  gconstpointer   data)
{
  /* Each is something only a program other than Valgting can do to a station file; the
   * rules read these tables as Valgting made them. */
  static const char * const changes[] = {
    "DROP TABLE kind_count",
    "ALTER TABLE kind_count ADD COLUMN extra TEXT",
    "ALTER TABLE journal RENAME COLUMN actor TO who",
    "DROP TRIGGER journal_append_only_update",
    "DROP INDEX strip_urn",
    "CREATE TABLE extra (x)",
  };
  g_autofree char *pristine = NULL;
  gsize length;

  g_clear_object (&fixture->station);
  g_assert_true (g_file_get_contents (fixture->path, &pristine, &length, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtStation) again = NULL;
      sqlite3 *db;

      g_test_message ("%s", changes[i]);
      g_assert_true (g_file_set_contents (fixture->path, pristine, (gssize)length, NULL));
      db = vt_test_open_raw (fixture->path);
      g_assert_cmpint (sqlite3_exec (db, changes[i], NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);

      again = vt_station_open (fixture->path, &error);
      g_assert_null (again);
      g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "changed outside Valgting"));
    }

  /* The same file, untouched, opens. */
  g_assert_true (g_file_set_contents (fixture->path, pristine, (gssize)length, NULL));
  fixture->station = vt_station_open (fixture->path, NULL);
  g_assert_nonnull (fixture->station);
}

static void
test_open_refuses_foreign (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "other.sqlite", NULL);
  g_autofree char *junk_path = g_build_filename (dir, "junk.valgting", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.valgting", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  sqlite3 *db = NULL;

  /* Another program's database. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  station = vt_station_open (db_path, &error);
  g_assert_null (station);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_A_STATION);
  g_clear_error (&error);

  /* Arbitrary bytes. */
  g_assert_true (g_file_set_contents (junk_path, "This is not a database at all, just text "
                                      "that is long enough to look like a header.........",
                                      -1, NULL));
  station = vt_station_open (junk_path, &error);
  g_assert_null (station);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_A_STATION);
  g_clear_error (&error);

  station = vt_station_open (missing, &error);
  g_assert_null (station);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  vt_test_remove_tree (dir);
}

/* The station file and its WAL hold @text nowhere, not even in a freed page. Searched as bytes
 * with memmem: a sqlite file has a NUL at byte 16, where a string search would stop. */
static void
assert_file_lacks (StationFixture *fixture,
                   const char     *text)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  for (const char *file = fixture->path; file != NULL; file = file == wal ? NULL : wal)
    {
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 16);
      if (memmem (contents, length, text, strlen (text)) != NULL)
        g_error ("%s holds \"%s\"", file, text);
    }
}

static void
test_note_rules (StationFixture *fixture,
                 gconstpointer   data)
{
  static const struct {
    const char *text;
    int code;
  } refused[] = {
    { "", VT_RULE_ERROR_INVALID_INPUT },
    { "   \n\t ", VT_RULE_ERROR_INVALID_INPUT },
    { "Voter 01010010183 was marked wrongly", VT_RULE_ERROR_PERSONAL_DATA },
    { "Voter 150587 40281 came back", VT_RULE_ERROR_PERSONAL_DATA },
  };
  g_autofree char *long_text = g_strnfill (VT_NOTE_MAX_CHARS + 1, 'a');
  VtStore *store = vt_station_get_store (fixture->station);
  g_autoptr(VtJournalEntry) ok = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) entry = vt_station_log_note (fixture->station, "id",
                                                             refused[i].text, &error);
      g_assert_null (entry);
      g_assert_error (error, VT_RULE_ERROR, refused[i].code);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtJournalEntry) entry = vt_station_log_note (fixture->station, "id", long_text,
                                                           &error);
    g_assert_null (entry);
    g_assert_error (error, VT_RULE_ERROR, VT_RULE_ERROR_INVALID_INPUT);
  }

  /* Every attempt is in the log as a refusal; no note was written, and the identity numbers
   * are not in the file at all. */
  g_assert_cmpint (vt_store_get_n_entries (store), ==, 1 + G_N_ELEMENTS (refused) + 1);
  g_assert_cmpint (vt_store_count_kind (store, VT_ENTRY_NOTE), ==, 0);
  g_assert_cmpint (vt_store_count_kind (store, VT_ENTRY_REFUSED), ==, G_N_ELEMENTS (refused) + 1);
  assert_file_lacks (fixture, "01010010183");
  assert_file_lacks (fixture, "150587 40281");

  /* Ordinary numbers are not identity numbers: a strip number, a count, a phone number. */
  ok = log_note (fixture, "  Strip 12345678901 cut; 1200 voters; phone 55 12 34 56  ");
  g_assert_cmpstr (json_object_get_string_member (vt_journal_entry_get_payload_object (ok),
                                                  "text"), ==,
                   "Strip 12345678901 cut; 1200 voters; phone 55 12 34 56");
}

/* A refusal is journaled with what was tried, but an identity number anywhere in it, however
 * deep and whatever the command was refused for, never reaches the file; the caller's payload
 * is left as it was. */
/* Neither the station file nor its write-ahead log holds @text anywhere, in any table. */
static void
test_refusal_is_scrubbed (StationFixture *fixture,
                          gconstpointer   data)
{
  static const char *const payloads[][2] = {
    /* an unknown kind */
    { "no.such-kind", "{\"note\": \"Voter 01010010183\"}" },
    /* refused for its phase, the number in a nested object */
    { "correction.amend", "{\"entry\": 1, \"reason\": \"r\", "
                           "\"changes\": {\"text\": \"01010010183\"}}" },
    /* refused for a missing field, the number in an array */
    { "count.explain", "{\"entries\": [\"01010010183\"]}" },
    /* the number as a key, and as a JSON number (which loses its leading zero) */
    { "no.such-kind", "{\"15058740281\": \"x\", \"strip\": 15058740281}" },
    { "count.explain", "{\"entries\": [1010010183]}" },
    /* as an urn's name */
    { "urn.add", "{\"urn\": \"15058740281\", \"kind\": \"reserve\"}" },
    /* written with dots and a no-break space */
    { "no.such-kind", "{\"note\": \"f. 15.05.87\u00a040281\"}" },
  };
  VtStore *store = vt_station_get_store (fixture->station);

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (payloads[i][1], NULL);
      JsonObject *payload = json_node_get_object (node);
      g_autofree char *before = json_to_string (node, FALSE);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) entry = NULL;
      g_autofree char *id = g_strdup_printf ("scrub-%u", i);

      entry = vt_station_execute (fixture->station, id, payloads[i][0],
                                  vt_station_get_actor (fixture->station), payload, &error);
      g_assert_null (entry);
      g_assert_error (error, VT_RULE_ERROR, error->code);
      after = json_to_string (node, FALSE);
      g_assert_cmpstr (after, ==, before);
    }

  g_assert_cmpint (vt_store_count_kind (store, VT_ENTRY_REFUSED), ==, G_N_ELEMENTS (payloads));
  assert_file_lacks (fixture, "01010010183");
  assert_file_lacks (fixture, "1010010183");
  assert_file_lacks (fixture, "15058740281");
  assert_file_lacks (fixture, "40281");
}

/* Every free-text field of every kind refuses a national identity number, with the reason,
 * before anything else is looked at; the number never reaches the file. */
static void
test_every_text_field_refuses_identity_numbers (StationFixture *fixture,
                                                gconstpointer   data)
{
  VtConfig *config = vt_station_get_config (fixture->station);
  guint n_kinds, n_text_fields = 0;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);

  for (guint k = 0; k < n_kinds; k++)
    for (guint f = 0; f < VT_MAX_FIELDS && kinds[k].fields[f].name != NULL; f++)
      {
        const VtEntryKind *kind = &kinds[k];
        g_autoptr(JsonObject) payload = json_object_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(VtJournalEntry) entry = NULL;
        g_autofree char *id = g_strdup_printf ("fnr-%s-%u", kind->id, f);

        if (kind->fields[f].type != VT_FIELD_TEXT || kind->phases == 0)
          continue;
        n_text_fields++;
        /* Every other field given a value of the right type; this one the number. */
        for (guint o = 0; o < VT_MAX_FIELDS && kind->fields[o].name != NULL; o++)
          {
            const VtField *field = &kind->fields[o];
            const char *name = field->name;

            if (o == f)
              {
                json_object_set_string_member (payload, name, "Velger 01010010183 kom tilbake");
                continue;
              }
            switch (field->type)
              {
              case VT_FIELD_TEXT:
                json_object_set_string_member (payload, name, "ok");
                break;
              case VT_FIELD_PERSON:
                json_object_set_string_member (payload, name, vt_config_get_chair (config)->id);
                break;
              case VT_FIELD_TABLE:
                json_object_set_string_member (payload, name, ((VtRollTable *)g_ptr_array_index (
                                                                 vt_config_get_tables (config),
                                                                 0))->id);
                break;
              case VT_FIELD_CONTEST:
                json_object_set_string_member (payload, name, ((VtContest *)g_ptr_array_index (
                                                                 vt_config_get_contests (config),
                                                                 0))->id);
                break;
              case VT_FIELD_PILE:
                json_object_set_string_member (payload, name, "blank");
                break;
              case VT_FIELD_REASON:
                json_object_set_string_member (payload, name,
                                               ((VtEnvelopeReason *)g_ptr_array_index (
                                                  vt_config_get_envelope_reasons (config),
                                                  0))->id);
                break;
              case VT_FIELD_CHECK:
                json_object_set_string_member (payload, name, ((VtCheck *)g_ptr_array_index (
                                                                 vt_config_get_checklist (config),
                                                                 0))->id);
                break;
              case VT_FIELD_URN:
                json_object_set_string_member (payload, name, "U1");
                break;
              case VT_FIELD_STRIP:
              case VT_FIELD_COUNT:
              case VT_FIELD_DAY:
              case VT_FIELD_ENTRY:
                json_object_set_int_member (payload, name, 1);
                break;
              case VT_FIELD_BOOL:
                json_object_set_boolean_member (payload, name, TRUE);
                break;
              case VT_FIELD_CHOICE:
                {
                  g_auto(GStrv) choices = g_strsplit (field->choices, "|", -1);
                  json_object_set_string_member (payload, name, choices[0]);
                }
                break;
              case VT_FIELD_TABLE_COUNTS:
              case VT_FIELD_CHANGES:
                json_object_set_object_member (payload, name, json_object_new ());
                break;
              case VT_FIELD_ENTRIES:
                {
                  JsonArray *entries = json_array_new ();
                  json_array_add_int_element (entries, 1);
                  json_object_set_array_member (payload, name, entries);
                }
                break;
              case VT_FIELD_ITEMS:
                {
                  JsonArray *items = json_array_new ();
                  JsonObject *item = json_object_new ();
                  json_object_set_int_member (item, "entry", 1);
                  json_object_set_int_member (item, "count", 1);
                  json_array_add_object_element (items, item);
                  json_object_set_array_member (payload, name, items);
                }
                break;
              case VT_FIELD_STROKES:
                {
                  JsonArray *strokes = json_array_new ();
                  JsonArray *points = json_array_new ();
                  json_array_add_double_element (points, 0.5);
                  json_array_add_double_element (points, 0.5);
                  json_array_add_array_element (strokes, points);
                  json_object_set_array_member (payload, name, strokes);
                }
                break;
              default:
                g_assert_not_reached ();
              }
          }

        entry = vt_station_execute (fixture->station, id, kind->id,
                                    vt_config_get_chair (config)->id, payload, &error);
        g_assert_null (entry);
        if (!g_error_matches (error, VT_RULE_ERROR, VT_RULE_ERROR_PERSONAL_DATA))
          g_error ("%s.%s took an identity number: %s", kind->id, kind->fields[f].name,
                   error != NULL ? error->message : "accepted");
      }

  g_test_message ("%u free-text fields checked", n_text_fields);
  g_assert_cmpuint (n_text_fields, >, 15);
  assert_file_lacks (fixture, "01010010183");
}

/* The second copy is a complete station file, checked, and never half there. */
static void
test_second_copy (StationFixture *fixture,
                  gconstpointer   data)
{
  g_autofree char *copy_dir = g_build_filename (fixture->dir, "usb", NULL);
  g_autofree char *copy = g_build_filename (copy_dir, "station-copy.valgting", NULL);
  g_autofree char *part = g_strconcat (copy, ".part", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "pulled", "station.valgting", NULL);
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) spare = NULL;
  VtStore *store = vt_station_get_store (fixture->station);
  GStatBuf st;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *text = g_strdup_printf ("Entry %d before the copy", i);
      g_autoptr(VtJournalEntry) entry = log_note (fixture, text);
    }
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);

  /* Made while the station is open and writing. */
  g_assert_true (vt_copy_station_file (fixture->path, copy, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* valgting verify on the copy: complete up to its last entry. */
  g_assert_true (vt_verify_file (copy, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.n_entries, ==, vt_store_get_n_entries (store));
  g_assert_cmpstr (report.head_hash, ==, vt_store_get_head_hash (store));

  /* A spare laptop opens the copy and carries on. */
  spare = vt_station_open (copy, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VtJournalEntry) entry = vt_station_log_note (spare, "spare-1", "On the spare",
                                                           &error);
    g_assert_no_error (error);
    g_assert_cmpint (vt_journal_entry_get_seq (entry), ==, vt_store_get_n_entries (store) + 1);
  }

  /* A stick pulled before the copy: a clear error and nothing under the real name. */
  g_assert_false (vt_copy_station_file (fixture->path, missing, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "second copy"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* The file removed while open (a pulled USB stick): the next step is refused with the reason,
 * not written into a file nobody will see; what is open is saved elsewhere and work goes on
 * there with nothing lost. */
static void
test_file_gone (StationFixture *fixture,
                gconstpointer   data)
{
  g_autofree char *elsewhere = g_build_filename (fixture->dir, "moved.valgting", NULL);
  g_autofree char *rescue = g_build_filename (fixture->dir, "rescued.valgting", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) refused = NULL;
  g_autoptr(VtStation) carried_on = NULL;
  VtStore *store = vt_station_get_store (fixture->station);
  gint64 n;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("Before the stick was pulled %d", i);
      g_autoptr(VtJournalEntry) entry = log_note (fixture, text);
    }
  n = vt_store_get_n_entries (store);
  g_assert_cmpint (g_rename (fixture->path, elsewhere), ==, 0);

  refused = vt_station_log_note (fixture->station, "after-gone", "After", &error);
  g_assert_null (refused);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_GONE);
  g_assert_nonnull (strstr (error->message, "save a copy elsewhere"));
  g_assert_cmpint (vt_store_get_n_entries (store), ==, n);
  g_clear_error (&error);

  g_assert_true (vt_store_save_copy (store, rescue, &error));
  g_assert_no_error (error);
  g_assert_false (vt_store_save_copy (store, rescue, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  g_clear_object (&fixture->station);
  carried_on = vt_station_open (rescue, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (carried_on)), ==, n);
  {
    g_autoptr(VtJournalEntry) entry = vt_station_log_note (carried_on, "after-gone", "After",
                                                           &error);
    g_assert_no_error (error);
    g_assert_cmpint (vt_journal_entry_get_seq (entry), ==, n + 1);
  }
}

static void
test_model_follows_journal (StationFixture *fixture,
                            gconstpointer   data)
{
  GListModel *model = vt_station_get_journal (fixture->station);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(VtJournalEntry) newest = NULL;
  g_autoptr(VtJournalEntry) first = NULL;
  guint position, removed, added;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  gt_signal_logger_connect (logger, model, "items-changed");

  g_autoptr(VtJournalEntry) a = log_note (fixture, "First note");
  gt_signal_logger_assert_emission_pop (logger, model, "items-changed", &position, &removed,
                                        &added);
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 1);

  g_autoptr(VtJournalEntry) b = log_note (fixture, "Second note");
  gt_signal_logger_assert_emission_pop (logger, model, "items-changed", &position, &removed,
                                        &added);
  gt_signal_logger_assert_no_emissions (logger);

  /* A refused command shows as the refusal, and only as that. */
  g_assert_null (vt_station_log_note (fixture->station, "x", "", NULL));
  gt_signal_logger_assert_emission_pop (logger, model, "items-changed", &position, &removed,
                                        &added);
  gt_signal_logger_assert_no_emissions (logger);

  /* Newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  newest = g_list_model_get_item (model, 0);
  first = g_list_model_get_item (model, 3);
  g_assert_cmpint (vt_journal_entry_get_seq (newest), ==, 4);
  g_assert_cmpstr (vt_journal_entry_get_kind (newest), ==, VT_ENTRY_REFUSED);
  g_assert_cmpint (vt_journal_entry_get_seq (first), ==, 1);
  g_assert_null (g_list_model_get_item (model, 4));
}

/* The entries of @journal whose summary or kind name holds @text, and of @kind, the slow way:
 * what the log's search must show, newest first. */
static GArray *
expected_matches (VtStation  *station,
                  const char *text,
                  const char *kind)
{
  GListModel *journal = vt_station_get_journal (station);
  g_autofree char *needle = g_utf8_casefold (text != NULL ? text : "", -1);
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (journal); i++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i);
      g_autofree char *summary = vt_journal_entry_dup_summary (entry,
                                                               vt_station_get_config (station));
      g_autofree char *label = vt_journal_entry_dup_kind_label (entry);
      g_autofree char *folded_summary = g_utf8_casefold (summary, -1);
      g_autofree char *folded_label = g_utf8_casefold (label, -1);
      gint64 seq = vt_journal_entry_get_seq (entry);

      if (kind != NULL && g_strcmp0 (kind, vt_journal_entry_get_kind (entry)) != 0)
        continue;
      if (strstr (folded_summary, needle) != NULL || strstr (folded_label, needle) != NULL)
        g_array_append_val (seqs, seq);
    }
  return seqs;
}

static void
assert_filter_shows (VtJournalFilter *filter,
                     GArray          *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (G_LIST_MODEL (filter), i);

      g_assert_nonnull (entry);
      g_assert_cmpint (vt_journal_entry_get_seq (entry), ==, g_array_index (expected, gint64, i));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (filter), expected->len));
}

static void
wait_for_index (VtJournalFilter *filter)
{
  while (vt_journal_filter_get_pending (filter))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_filter_searches_the_journal (StationFixture *fixture,
                                  gconstpointer   data)
{
  static const struct {
    const char *text;
    const char *kind;
  } searches[] = {
    { "rode 3", NULL },
    { "RODE 3", NULL },          /* any case */
    { "ØVINGSROM", NULL },       /* Norwegian letters fold too */
    { "hjelp", VT_ENTRY_NOTE },
    { NULL, VT_ENTRY_NOTE },     /* a kind alone */
    { "note", NULL },            /* the kind's name */
    { "no such text", NULL },
    { "e", NULL },
  };
  g_autoptr(VtJournalFilter) filter = vt_journal_filter_new (fixture->station);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  GListModel *journal = vt_station_get_journal (fixture->station);
  guint position, removed, added;

  for (int i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("Hendelse %d ved rode %d: velger fikk hjelp%s", i,
                                               i % 8 + 1, i % 5 == 0 ? " i øvingsrommet" : "");
      g_autoptr(VtJournalEntry) entry = log_note (fixture, text);
    }

  /* Without a search it is the journal, and builds nothing. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==,
                    g_list_model_get_n_items (journal));
  g_assert_false (vt_journal_filter_get_pending (filter));

  /* The first search waits for the index, empty meanwhile; then it shows what a search entry
   * by entry finds, in the same order. */
  vt_journal_filter_set (filter, searches[0].text, searches[0].kind);
  g_assert_true (vt_journal_filter_get_pending (filter));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 0);
  wait_for_index (filter);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GArray) expected = expected_matches (fixture->station, searches[i].text,
                                                     searches[i].kind);

      g_test_message ("search “%s”, kind %s", searches[i].text, searches[i].kind);
      vt_journal_filter_set (filter, searches[i].text, searches[i].kind);
      g_assert_false (vt_journal_filter_get_pending (filter));
      assert_filter_shows (filter, expected);
      if (i < 4)
        g_assert_cmpuint (expected->len, >, 0);
    }

  /* A new entry that matches shows on top at once; one that does not, does not. */
  vt_journal_filter_set (filter, "rode 3", NULL);
  gt_signal_logger_connect (logger, filter, "items-changed");
  {
    g_autoptr(VtJournalEntry) other = log_note (fixture, "Strøm borte i fem minutter");
    g_autoptr(VtJournalEntry) match = log_note (fixture, "Kø ved RODE 3");
    g_autoptr(VtJournalEntry) top = g_list_model_get_item (G_LIST_MODEL (filter), 0);
    g_autoptr(GArray) expected = expected_matches (fixture->station, "rode 3", NULL);

    gt_signal_logger_assert_emission_pop (logger, filter, "items-changed", &position, &removed,
                                          &added);
    gt_signal_logger_assert_no_emissions (logger);
    g_assert_cmpuint (position, ==, 0);
    g_assert_cmpuint (removed, ==, 0);
    g_assert_cmpuint (added, ==, 1);
    g_assert_cmpint (vt_journal_entry_get_seq (top), ==, vt_journal_entry_get_seq (match));
    assert_filter_shows (filter, expected);
  }

  /* Clearing the search shows the whole journal again, and it follows the journal. */
  vt_journal_filter_set (filter, "", NULL);
  gt_signal_logger_assert_emission_pop (logger, filter, "items-changed", &position, &removed,
                                        &added);
  g_assert_cmpuint (added, ==, g_list_model_get_n_items (journal));
  {
    g_autoptr(VtJournalEntry) note = log_note (fixture, "Siste notat");
    g_autoptr(VtJournalEntry) top = g_list_model_get_item (G_LIST_MODEL (filter), 0);

    gt_signal_logger_assert_emission_pop (logger, filter, "items-changed", &position, &removed,
                                          &added);
    g_assert_cmpuint (added, ==, 1);
    g_assert_cmpint (vt_journal_entry_get_seq (top), ==, vt_journal_entry_get_seq (note));
  }
  gt_signal_logger_assert_no_emissions (logger);
}

/* Entries written while the index is built in its thread are found too. */
static void
test_filter_catches_up_after_building (StationFixture *fixture,
                                       gconstpointer   data)
{
  g_autoptr(VtJournalFilter) filter = vt_journal_filter_new (fixture->station);
  g_autoptr(GArray) expected = NULL;

  for (int i = 0; i < 50; i++)
    {
      g_autoptr(VtJournalEntry) entry = log_note (fixture, "Velger fikk hjelp");
    }
  vt_journal_filter_set (filter, "hjelp", NULL);
  g_assert_true (vt_journal_filter_get_pending (filter));
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(VtJournalEntry) entry = log_note (fixture, "Mer hjelp");
    }
  wait_for_index (filter);
  expected = expected_matches (fixture->station, "hjelp", NULL);
  g_assert_cmpuint (expected->len, ==, 55);
  assert_filter_shows (filter, expected);

  /* Dropped while building: the thread finishes on its own and nothing is told. */
  {
    g_autoptr(VtJournalFilter) other = vt_journal_filter_new (fixture->station);

    vt_journal_filter_set (other, "hjelp", NULL);
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_model_reads_large_journal_lazily (StationFixture *fixture,
                                       gconstpointer   data)
{
  g_autoptr(VtJournalModel) model = NULL;
  g_autoptr(VtJournalEntry) middle = NULL;
  VtStore *store = vt_station_get_store (fixture->station);

  for (int i = 0; i < 600; i++)
    {
      g_autofree char *text = g_strdup_printf ("note %d", i);
      g_autofree char *id = g_strdup_printf ("bulk-%d", i);
      g_autoptr(VtJournalEntry) entry = vt_station_log_note (fixture->station, id, text, NULL);
      g_assert_nonnull (entry);
    }

  /* A fresh model over the reopened file: positions map to entries without reading them all. */
  model = vt_journal_model_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 601);
  middle = g_list_model_get_item (G_LIST_MODEL (model), 500);
  g_assert_cmpint (vt_journal_entry_get_seq (middle), ==, 101);
  {
    g_autofree char *summary = vt_journal_entry_dup_summary (middle, fixture->config);
    g_assert_cmpstr (summary, ==, "note 99");
  }
}

static gboolean
count_entry (VtJournalEntry *entry,
             gpointer        data)
{
  (*(guint *)data)++;
  return TRUE;
}

/* The log's search reads the journal in a worker through a read-only connection of its own;
 * a folder or file name with "#", "?" or "%41" in it is a name, not a URI to be parsed. */
static void
test_reader_opens_any_file_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-name-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "Krets #3 ?%41", NULL);
  g_autofree char *path = g_build_filename (sub, "a#b?c%41.valgting", NULL);
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");
  g_autoptr(VtStation) station = NULL;
  guint n = 0;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  station = vt_station_create (path, config, &error);
  g_assert_no_error (error);
  g_assert_true (vt_store_read_entries (path, vt_store_get_n_entries (vt_station_get_store (station)),
                                        count_entry, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, vt_store_get_n_entries (vt_station_get_store (station)));
  g_assert_cmpuint (n, >=, 1);
  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StationFixture, NULL, station_fixture_set_up, func, station_fixture_tear_down)

  ADD ("/store/create/writes-the-first-entry", test_create_first_entry);
  ADD ("/store/open/refuses-a-file-open-elsewhere", test_open_twice_refused);
  ADD ("/store/copy/is-complete-checked-and-never-half-there", test_second_copy);
  ADD ("/store/file/gone-while-open-is-refused-and-saved-elsewhere", test_file_gone);
  ADD ("/store/create/refuses-to-replace-a-file", test_create_refuses_existing);
  ADD ("/store/create/makes-a-private-file", test_create_private_file);
  ADD ("/store/file/is-wal-with-our-application-id", test_pragmas);
  ADD ("/store/journal/chains-each-entry-to-the-one-before", test_chain_links_entries);
  ADD ("/store/journal/refuses-update", test_refuses_update);
  ADD ("/store/journal/refuses-delete", test_refuses_delete);
  ADD ("/store/journal/refuses-an-insert-outside-the-chain", test_refuses_out_of_chain_insert);
  ADD ("/store/journal/writes-a-retried-command-once", test_retry_writes_once);
  ADD ("/store/journal/refuses-a-reused-command-id", test_reused_command_id_refused);
  ADD ("/store/reopen/keeps-entries-head-and-state", test_reopen_keeps_state);
  g_test_add_func ("/store/migrate/from-version-1-computes-derived-state",
                   test_migrate_from_version_1);
  ADD ("/store/open/refuses-a-newer-format", test_open_refuses_newer);
  ADD ("/store/open/refuses-a-negative-format", test_open_refuses_negative_format);
  ADD ("/store/open/check-ahead/refuses-a-damaged-page", test_check_ahead_refuses_damaged);
  ADD ("/store/open/check-ahead/stale-result-not-used", test_check_ahead_stale_is_not_used);
  ADD ("/store/open/check-ahead/chain", test_check_ahead_chain);
  ADD ("/store/open/check-ahead/still-running-waits-for-the-first-write",
       test_check_ahead_deferred);
  ADD ("/store/open/check-ahead/a-big-file-waits-for-the-first-frame",
       test_check_ahead_after_first_frame);
  g_test_add_func ("/store/open/refuses-what-is-not-a-station", test_open_refuses_foreign);
  ADD ("/store/open/refuses-tables-changed-outside-valgting", test_open_refuses_changed_tables);
  ADD ("/station/note/is-refused-when-empty-long-or-personal", test_note_rules);
  ADD ("/station/refusal/keeps-identity-numbers-out-of-the-file", test_refusal_is_scrubbed);
  ADD ("/station/privacy/every-text-field-refuses-identity-numbers",
       test_every_text_field_refuses_identity_numbers);
  ADD ("/journal-model/follows-the-journal-newest-first", test_model_follows_journal);
  ADD ("/journal-filter/searches-the-journal", test_filter_searches_the_journal);
  ADD ("/journal-filter/catches-up-after-building", test_filter_catches_up_after_building);
  ADD ("/journal-model/reads-a-large-journal-lazily", test_model_reads_large_journal_lazily);
  g_test_add_func ("/store/reader/opens-any-file-name", test_reader_opens_any_file_name);

#undef ADD

  return g_test_run ();
}
