/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "vt-error.h"
#include "vt-scenario.h"
#include "vt-store-private.h"
#include "vt-fault-vfs.h"
#include "vt-station-state.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* The disk fails while an entry is saved: a write or an fsync of the WAL returns an error. A
 * failed fsync can leave the entry in the file all the same, so "nothing of this step was
 * saved" is only said when a fresh look at the file confirms it; otherwise the chair is told
 * the entry's number. Either way, giving the same command again writes it exactly once, and
 * the file verifies. The faults come from a VFS between sqlite and the disk (vt-fault-vfs.c),
 * at each sync and write point of the step, once and from then on. */

#define NOTHING_SAVED "Nothing of this step was saved"

/* How many entries in the file carry @command_id, seen by a new connection. */
static int
entries_with_command (StationFixture *fixture,
                      const char     *command_id)
{
  sqlite3 *db = vt_test_open_raw (fixture->path);
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM journal WHERE command_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, command_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
assert_verifies (StationFixture *fixture)
{
  VtVerifyReport report;
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_verify_file (fixture->path, &report, &error));
  g_assert_no_error (error);
  vt_verify_report_clear (&report);
}

/* One step with the fault armed, in a child process that then ends without closing anything,
 * as on a power cut with the disk's cache intact: what the child was told must be what the
 * file holds when it is opened next. Returns whether the step failed at all. */
static gboolean
step_under_fault (StationFixture *fixture,
                  const char     *command_id,
                  VtFaultOp       op,
                  const char     *suffix,
                  guint           countdown,
                  gboolean        persistent,
                  int             error_number,
                  const char     *expected_words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) again = NULL;
  g_autofree char *told = NULL;
  int fds[2];
  pid_t pid;
  int status;
  int saved;
  gint64 n_before;

  n_before = vt_store_get_n_entries (vt_station_get_store (fixture->station));
  g_clear_object (&fixture->station);
  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(VtStation) station = vt_station_open (fixture->path, NULL);
      g_autoptr(VtJournalEntry) entry = NULL;
      g_autofree char *message = NULL;
      guint n_failed;

      close (fds[0]);
      if (station == NULL)
        _exit (3);
      vt_fault_vfs_arm (op, suffix, countdown, persistent, error_number);
      entry = vt_station_log_note (station, command_id, "Strømmen gikk et øyeblikk", &error);
      n_failed = vt_fault_vfs_disarm ();
      message = entry != NULL ? g_strdup ("saved")
                              : g_strdup_printf ("%s%s", n_failed > 0 ? "" : "NO FAULT: ",
                                                 error->message);
      if (write (fds[1], message, strlen (message)) < 0)
        _exit (4);
      _exit (0);
    }
  close (fds[1]);
  {
    GString *text = g_string_new (NULL);
    char buffer[512];
    ssize_t n;

    while ((n = read (fds[0], buffer, sizeof buffer)) > 0)
      g_string_append_len (text, buffer, n);
    close (fds[0]);
    told = g_string_free (text, FALSE);
  }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_test_message ("%s, countdown %u%s: %s", op == VT_FAULT_SYNC ? "sync" : "write", countdown,
                  persistent ? " and on" : "", told);
  g_assert_false (g_str_has_prefix (told, "NO FAULT"));

  saved = entries_with_command (fixture, command_id);
  g_assert_cmpint (saved, <=, 1);
  if (g_str_equal (told, "saved"))
    g_assert_cmpint (saved, ==, 1);
  else if (saved == 1)
    {
      /* The truth, with the entry's number. */
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, n_before + 1);

      g_assert_null (strstr (told, NOTHING_SAVED));
      g_assert_nonnull (strstr (told, seq));
    }
  else
    g_assert_nonnull (strstr (told, NOTHING_SAVED));
  if (expected_words != NULL)
    g_assert_nonnull (strstr (told, expected_words));

  /* The same command again, with the disk well: written once, whatever happened before. */
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  again = vt_station_log_note (fixture->station, command_id, "Strømmen gikk et øyeblikk", &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpint (entries_with_command (fixture, command_id), ==, 1);
  g_assert_cmpint (vt_journal_entry_get_seq (again), ==, n_before + 1);
  assert_verifies (fixture);
  return !g_str_equal (told, "saved");
}

static void
test_failed_sync_is_told_truly (StationFixture *fixture,
                                gconstpointer   data)
{
  guint n_faulted = 0;

  /* Every sync point of one step, until a step passes all of them. */
  for (guint countdown = 0; countdown < 16; countdown++)
    {
      g_autofree char *id = g_strdup_printf ("sync-once-%u", countdown);

      if (step_under_fault (fixture, id, VT_FAULT_SYNC, "-wal", countdown, FALSE, EIO, NULL))
        n_faulted++;
    }
  g_assert_cmpuint (n_faulted, >=, 1);

  for (guint countdown = 0; countdown < 4; countdown++)
    {
      g_autofree char *id = g_strdup_printf ("sync-always-%u", countdown);

      step_under_fault (fixture, id, VT_FAULT_SYNC, "-wal", countdown, TRUE, EIO, NULL);
    }
}

static void
test_failed_write_is_told_truly (StationFixture *fixture,
                                 gconstpointer   data)
{
  guint n_faulted = 0;

  for (guint countdown = 0; countdown < 16; countdown++)
    {
      g_autofree char *once = g_strdup_printf ("write-once-%u", countdown);
      g_autofree char *always = g_strdup_printf ("write-always-%u", countdown);

      if (step_under_fault (fixture, once, VT_FAULT_WRITE, "-wal", countdown, FALSE, EIO, NULL))
        n_faulted++;
      step_under_fault (fixture, always, VT_FAULT_WRITE, "-wal", countdown, TRUE, EIO, NULL);
    }
  g_assert_cmpuint (n_faulted, >=, 1);
}

/* ENOSPC is a full disk, whether the write or the sync reports it. */
static void
test_full_disk_is_called_full (StationFixture *fixture,
                               gconstpointer   data)
{
  g_assert_true (step_under_fault (fixture, "full-write", VT_FAULT_WRITE, "-wal", 0, TRUE,
                                   ENOSPC, "The disk became full"));
  /* sqlite keeps no errno for a failed fsync: a sync that fails with ENOSPC on a disk that
   * still has room is told as a write error, and nothing claims a full disk it cannot see. */
  g_assert_true (step_under_fault (fixture, "full-sync", VT_FAULT_SYNC, "-wal", 0, TRUE,
                                   ENOSPC, NULL));
}

static const char suffix_wal[] = "-wal";

/* ---- the sweep: a whole replayed day, failing at one point after another ------------------ */

typedef struct
{
  gboolean created;
  gint64   n_entries;
  guint    n_failed;
} SweepResult;

/* Replays the quiet Storting day into @station in a child with the N-th @op of the WAL failing
 * (once, or from then on); the child ends without closing anything. */
static SweepResult
replay_under_fault (const char *station,
                    VtFaultOp   op,
                    guint       countdown,
                    gboolean    persistent)
{
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "quiet-storting-day.json", NULL);
  SweepResult result = { 0 };
  int fds[2];
  pid_t pid;
  int status;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_auto(VtScenarioReport) report = { 0 };
      SweepResult told = { 0 };

      close (fds[0]);
      vt_fault_vfs_arm (op, suffix_wal, countdown, persistent, EIO);
      vt_scenario_replay (scenario, station, &report, NULL);
      told.n_failed = vt_fault_vfs_disarm ();
      told.created = report.created;
      told.n_entries = report.n_entries;
      if (write (fds[1], &told, sizeof told) != sizeof told)
        _exit (4);
      _exit (0);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &result, sizeof result), ==, sizeof result);
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return result;
}

/* Every write and every fsync of the WAL during a whole day, failed once and from then on (a
 * sample of the points by default; VALGTING_FAULT_SWEEP=all for every one): each file that
 * was made opens, verifies, and holds exactly the entries the replay was told were saved. */
static void
test_sweep_a_replayed_day (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-sweep-XXXXXX", NULL);
  gboolean all = g_strcmp0 (g_getenv ("VALGTING_FAULT_SWEEP"), "all") == 0;
  const VtFaultOp ops[] = { VT_FAULT_WRITE, VT_FAULT_SYNC };
  guint n_images = 0;

  for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
    for (int persistent = 0; persistent <= 1; persistent++)
      {
        /* Writes come in the hundreds, syncs in the dozens. */
        guint stride = all ? 1 : ops[o] == VT_FAULT_WRITE ? 37 : 7;

        for (guint countdown = 0;; countdown += stride)
          {
            g_autofree char *station = g_strdup_printf ("%s/%c%d-%u.valgting", dir,
                                                        ops[o] == VT_FAULT_WRITE ? 'w' : 's',
                                                        persistent, countdown);
            SweepResult told = replay_under_fault (station, ops[o], countdown, persistent);
            g_autoptr(VtStore) store = NULL;
            g_autoptr(GError) error = NULL;
            VtVerifyReport report;

            if (told.n_failed == 0)
              break;   /* past the last such operation of the day */
            if (!told.created)
              continue;   /* it failed while the file was being made */
            g_assert_true (vt_verify_file (station, &report, &error));
            g_assert_no_error (error);
            g_assert_cmpint (report.n_entries, ==, told.n_entries);
            vt_verify_report_clear (&report);
            store = vt_store_open (station, &error);
            g_assert_no_error (error);
            g_assert_cmpint (vt_store_get_n_entries (store), ==, told.n_entries);
            n_images++;
          }
      }
  g_test_message ("%u station files checked", n_images);
  g_assert_cmpuint (n_images, >, 10);
  vt_test_remove_tree (dir);
}

/* ---- power loss: what was not synced is gone, at every sync point ----------------------- */

typedef struct
{
  char *path;               /* the station file */
  char *dir;                /* where the images go */
  gint64 confirmed;         /* entries whose step returned */
  GArray *expected;         /* gint64 per image: the entries confirmed when it was taken */
  guint n_images;
} PowerLoss;

static void
take_images (const char *synced,
             gpointer    data)
{
  PowerLoss *loss = data;
  g_autofree char *wal = g_strconcat (loss->path, "-wal", NULL);

  if (!g_str_equal (synced, loss->path) && !g_str_equal (synced, wal))
    return;
  /* Power lost just before this sync: once cleanly, once with the newest write torn. */
  for (int torn = 0; torn <= 1; torn++)
    {
      g_autofree char *image = g_strdup_printf ("%s/image-%u.valgting", loss->dir,
                                                loss->n_images++);
      g_autofree char *image_wal = g_strconcat (image, "-wal", NULL);

      g_assert_true (vt_fault_vfs_write_image (loss->path, image,
                                               torn && g_str_equal (synced, loss->path)));
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        g_assert_true (vt_fault_vfs_write_image (wal, image_wal,
                                                 torn && g_str_equal (synced, wal)));
      g_array_append_val (loss->expected, loss->confirmed);
    }
}

/* A busy stretch of the day (notes, arrivals, seals and their refusals), with the power lost
 * at every sync of the station file or its WAL: every image opens, verifies, and holds every
 * entry that was confirmed before. */
static void
test_power_loss_at_every_sync (StationFixture *fixture,
                               gconstpointer   data)
{
  PowerLoss loss = { 0 };
  guint n_steps = g_getenv ("VALGTING_POWER_LOSS_STEPS") != NULL
                    ? (guint)g_ascii_strtoull (g_getenv ("VALGTING_POWER_LOSS_STEPS"), NULL, 10)
                    : 40;

  loss.path = fixture->path;
  loss.dir = g_build_filename (fixture->dir, "images", NULL);
  loss.expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  loss.confirmed = vt_store_get_n_entries (vt_station_get_store (fixture->station));
  g_assert_cmpint (g_mkdir (loss.dir, 0700), ==, 0);

  vt_fault_vfs_record (take_images, &loss);
  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *id = g_strdup_printf ("power-%u", i);
      g_autofree char *text = g_strdup_printf ("Logg %u: alt i orden ved rode %u", i, i % 3 + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) entry = vt_station_log_note (fixture->station, id, text, &error);

      g_assert_no_error (error);
      loss.confirmed = vt_journal_entry_get_seq (entry);
    }
  vt_fault_vfs_record (NULL, NULL);

  g_assert_cmpuint (loss.n_images, >=, 2 * n_steps);
  for (guint i = 0; i < loss.n_images; i++)
    {
      g_autofree char *image = g_strdup_printf ("%s/image-%u.valgting", loss.dir, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtStore) store = NULL;
      VtVerifyReport report;

      g_assert_true (vt_verify_file (image, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpint (report.n_entries, >=, g_array_index (loss.expected, gint64, i));
      vt_verify_report_clear (&report);
      store = vt_store_open (image, &error);
      g_assert_no_error (error);
      g_assert_cmpint (vt_store_get_n_entries (store), >=,
                       g_array_index (loss.expected, gint64, i));
    }
  g_test_message ("%u power-loss images checked", loss.n_images);
  g_array_unref (loss.expected);
  g_free (loss.dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  vt_fault_vfs_install ();

#define ADD(path, func) \
  g_test_add (path, StationFixture, NULL, station_fixture_set_up, func, station_fixture_tear_down)
  ADD ("/faults/sync/saved-or-not-told-truly", test_failed_sync_is_told_truly);
  ADD ("/faults/write/saved-or-not-told-truly", test_failed_write_is_told_truly);
  ADD ("/faults/full-disk-is-called-full", test_full_disk_is_called_full);
  ADD ("/faults/power-loss/at-every-sync", test_power_loss_at_every_sync);
#undef ADD
  g_test_add_func ("/faults/sweep/a-replayed-day", test_sweep_a_replayed_day);
  return g_test_run ();
}
