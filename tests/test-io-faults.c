/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "vt-copy.h"
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

/* What the last step_under_fault () was told. */
static char *last_told;

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
  g_free (last_told);
  last_told = g_strdup (told);

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

/* Test-only answers to the free-space probe (vt_copy_set_free_space_func_for_testing ()):
 * the fault VFS can fail a write or sync, but not make the file system report no room. */
static gint64
no_room (const char *path)
{
  return 4096;
}

static gint64
lots_of_room (const char *path)
{
  return G_GINT64_CONSTANT (64) << 30;
}

/* A full disk is called a full disk: when the write says ENOSPC, and when a sync or write
 * fails with a bare I/O error on a file system that has no room left (sqlite keeps no
 * reliable errno for a failed fsync, so the free space is asked). The same I/O error with
 * room to spare is a write error, and nothing claims a full disk it cannot see. Either way
 * "nothing was saved" is said only when the file, opened again, does not hold the step. */
static void
test_full_disk_is_called_full (StationFixture *fixture,
                               gconstpointer   data)
{
  g_assert_true (step_under_fault (fixture, "full-write", VT_FAULT_WRITE, "-wal", 0, TRUE,
                                   ENOSPC, "The disk became full"));

  vt_copy_set_free_space_func_for_testing (no_room);
  for (int persistent = 0; persistent <= 1; persistent++)
    {
      g_autofree char *sync_id = g_strdup_printf ("full-sync-%d", persistent);
      g_autofree char *write_id = g_strdup_printf ("full-write-eio-%d", persistent);

      /* Whether the entry got in or not (step_under_fault checks which was said), the disk
       * is called full. */
      g_assert_true (step_under_fault (fixture, sync_id, VT_FAULT_SYNC, "-wal", 0, persistent,
                                       EIO, "The disk became full"));
      g_assert_true (step_under_fault (fixture, write_id, VT_FAULT_WRITE, "-wal", 0,
                                       persistent, EIO, "The disk became full"));
    }
  vt_copy_set_free_space_func_for_testing (lots_of_room);
  g_assert_true (step_under_fault (fixture, "eio-sync-room", VT_FAULT_SYNC, "-wal", 0, TRUE,
                                   EIO, NULL));
  g_assert_null (strstr (last_told, "full"));
  g_assert_true (step_under_fault (fixture, "eio-write-room", VT_FAULT_WRITE, "-wal", 0, TRUE,
                                   EIO, NULL));
  g_assert_null (strstr (last_told, "full"));
  vt_copy_set_free_space_func_for_testing (NULL);
}

/* The sync of a step fails and the file cannot even be opened again to look the step up:
 * nothing can be said for sure, so the chair is told so (full disk or failing one, as the free
 * space says), never "nothing was saved"; and the command given again is written once. */
static void
test_unsettled_step_is_not_called_lost (StationFixture *fixture,
                                        gconstpointer   data)
{
  VtCopyFreeSpaceFunc probes[] = { no_room, lots_of_room };
  const char *const words[] = { "The disk became full", "The disk reported an error" };

  for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
    {
      g_autofree char *command_id = g_strdup_printf ("unsettled-%u", p);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) again = NULL;
      char told[1024] = { 0 };
      gint64 n_before = vt_store_get_n_entries (vt_station_get_store (fixture->station));
      int fds[2];
      pid_t pid;
      int status;

      g_clear_object (&fixture->station);
      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          g_autoptr(VtStation) station = vt_station_open (fixture->path, NULL);
          g_autoptr(VtJournalEntry) entry = NULL;
          const char *message;

          close (fds[0]);
          if (station == NULL)
            _exit (3);
          vt_copy_set_free_space_func_for_testing (probes[p]);
          vt_fault_vfs_arm (VT_FAULT_SYNC, "-wal", 0, TRUE, EIO);
          vt_fault_vfs_fail_opens (".valgting");
          entry = vt_station_log_note (station, command_id, "Strømmen gikk", &error);
          message = entry != NULL ? "saved" : error->message;
          if (write (fds[1], message, strlen (message)) < 0)
            _exit (4);
          _exit (0);
        }
      close (fds[1]);
      g_assert_cmpint (read (fds[0], told, sizeof told - 1), >, 0);
      close (fds[0]);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      g_test_message ("%s: %s", p == 0 ? "no room" : "room", told);

      g_assert_nonnull (strstr (told, words[p]));
      g_assert_nonnull (strstr (told, "could not be checked"));
      g_assert_null (strstr (told, NOTHING_SAVED));
      g_assert_true (p == 0 || strstr (told, "full") == NULL);

      fixture->station = vt_station_open (fixture->path, &error);
      g_assert_no_error (error);
      again = vt_station_log_note (fixture->station, command_id, "Strømmen gikk", &error);
      g_assert_no_error (error);
      g_assert_cmpint (vt_journal_entry_get_seq (again), ==, n_before + 1);
      g_assert_cmpint (entries_with_command (fixture, command_id), ==, 1);
      assert_verifies (fixture);
    }
}

static const char suffix_wal[] = "-wal";

/* VALGTING_FAULT_SWEEP=all: every failure point and every sync; otherwise a sample. */
static gboolean
sweep_all (void)
{
  return g_strcmp0 (g_getenv ("VALGTING_FAULT_SWEEP"), "all") == 0;
}

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
  gboolean all = sweep_all ();
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
  const char *path;                 /* the station file */
  char *dir;                        /* where the images go */
  const VtScenarioReport *report;   /* the replay's, filled as it goes: what was confirmed */
  guint stride;                     /* images at every stride-th sync */
  guint n_syncs;                    /* syncs of the station file or its WAL so far */
  guint n_file_syncs;               /* of them, the station file's (checkpoints) */
  gint64 confirmed_at_last_sync;
  GArray *expected;                 /* gint64 per image: the entries confirmed when taken */
  GArray *torn;                     /* gboolean per image */
  guint n_images;
} PowerLoss;

static void
take_images (const char *synced,
             gpointer    data)
{
  PowerLoss *loss = data;
  g_autofree char *wal = g_strconcat (loss->path, "-wal", NULL);
  gint64 confirmed = loss->report->created ? loss->report->n_confirmed : 0;
  gboolean take;

  if (!g_str_equal (synced, loss->path) && !g_str_equal (synced, wal))
    return;
  /* The file's own syncs (a checkpoint, a few in a day) every time; the WAL's (one a
   * commit) every stride-th, and any that comes after more than one step returned since the
   * last sync: more than the step under way is then at stake. */
  take = g_str_equal (synced, loss->path) || loss->n_syncs % loss->stride == 0 ||
         confirmed > loss->confirmed_at_last_sync + 1;

  loss->n_syncs++;
  loss->confirmed_at_last_sync = confirmed;
  if (g_str_equal (synced, loss->path))
    loss->n_file_syncs++;
  if (!take)
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
      g_array_append_val (loss->expected, confirmed);
      g_array_append_val (loss->torn, torn);
    }
}

/* The busy municipal election's two days replayed (arrivals, envelopes, seals, counts, a
 * correction, refusals), with the power lost just before a sync of the station file or its
 * WAL — by default every sync of the file and every 7th of the WAL, every one with
 * VALGTING_FAULT_SWEEP=all — once cleanly and once with the newest write torn: every image opens, verifies, and holds at least every
 * entry whose step had returned (the replay's n_confirmed) when the power went. A sample is
 * also checked by verify-chain.sh, which knows nothing of Valgting's code. */
static void
test_power_loss_over_a_busy_replay (void)
{
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "busy-municipal-two-days.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("valgting-power-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "busy.valgting", NULL);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean all = sweep_all ();
  PowerLoss loss = { 0 };
  guint n_scripted = 0;
  guint n_exact = 0;

  loss.path = path;
  loss.dir = g_build_filename (dir, "images", NULL);
  loss.report = &report;
  loss.stride = all ? 1 : 7;
  loss.expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  loss.torn = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_assert_cmpint (g_mkdir (loss.dir, 0700), ==, 0);

  vt_fault_vfs_record (take_images, &loss);
  g_assert_true (vt_scenario_replay (scenario, path, &report, &error));
  vt_fault_vfs_record (NULL, NULL);
  g_assert_no_error (error);
  g_test_message ("%" G_GINT64_FORMAT " entries, %u syncs (%u of the station file, the rest "
                  "of its WAL), %u images", report.n_entries, loss.n_syncs, loss.n_file_syncs,
                  loss.n_images);
  g_assert_cmpint (report.n_confirmed, ==, report.n_entries);
  g_assert_cmpint (report.n_entries, >, 150);

  for (guint i = 0; i < loss.n_images; i++)
    {
      g_autofree char *image = g_strdup_printf ("%s/image-%u.valgting", loss.dir, i);
      gint64 expected = g_array_index (loss.expected, gint64, i);
      g_autoptr(VtStore) store = NULL;
      VtVerifyReport verified;

      if (!vt_verify_file (image, &verified, &error))
        g_error ("image %u (%s, %" G_GINT64_FORMAT " entries confirmed) does not verify: %s", i,
                 g_array_index (loss.torn, gboolean, i) ? "torn" : "clean", expected,
                 error != NULL ? error->message : "");
      g_assert_no_error (error);
      g_assert_cmpint (verified.n_entries, >=, expected);
      /* Nothing more than was confirmed: the unsynced step was really lost. */
      if (verified.n_entries == expected)
        n_exact++;
      vt_verify_report_clear (&verified);
      store = vt_store_open (image, &error);
      g_assert_no_error (error);
      g_assert_cmpint (vt_store_get_n_entries (store), >=, expected);
      g_clear_object (&store);
      /* An independent reader on a sample (it takes a fifth of a second each). */
      if (i % (all ? 10 : 17) == 1)
        {
          vt_test_assert_chain_script_agrees (image);
          n_scripted++;
        }
    }
  g_test_message ("%u power-loss images checked, %u of them by verify-chain.sh; %u held no "
                  "more than was confirmed", loss.n_images, n_scripted, n_exact);
  /* Commits sync the WAL, checkpoints the file: one sync or more for every entry. */
  g_assert_cmpuint (loss.n_syncs, >=, report.n_entries);
  g_assert_cmpuint (loss.n_file_syncs, >=, 1);
  g_assert_cmpuint (loss.n_images, >=, 2 * (guint)(report.n_entries / loss.stride));
  /* Most syncs are a commit's, whose entry the image must lose: a test whose images kept
   * everything would prove nothing. */
  g_assert_cmpuint (n_exact, >=, loss.n_images / 2);
  g_array_unref (loss.expected);
  g_array_unref (loss.torn);
  g_free (loss.dir);
  vt_test_remove_tree (dir);
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
  ADD ("/faults/unsettled-step-is-not-called-lost", test_unsettled_step_is_not_called_lost);
#undef ADD
  g_test_add_func ("/faults/power-loss/over-a-busy-replay", test_power_loss_over_a_busy_replay);
  g_test_add_func ("/faults/sweep/a-replayed-day", test_sweep_a_replayed_day);
  return g_test_run ();
}
