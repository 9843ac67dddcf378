/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "vt-copy.h"
#include "vt-error.h"
#include <string.h>

#include "vt-second-copy.h"
#include "vt-store.h"
#include "vt-fault-vfs.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* The second copy without a window: the core object the station page owns. */

typedef struct
{
  StationFixture station;
  VtSecondCopy *copy;
  char *folder;
  char *copy_path;
  guint n_finished;
} CopyFixture;

static void
on_finished (VtSecondCopy *copy,
             CopyFixture  *fixture)
{
  fixture->n_finished++;
}

static void
copy_fixture_set_up (CopyFixture  *fixture,
                     gconstpointer data)
{
  g_autofree char *name = NULL;

  station_fixture_set_up (&fixture->station, data);
  fixture->folder = g_build_filename (fixture->station.dir, "usb", NULL);
  g_assert_cmpint (g_mkdir (fixture->folder, 0700), ==, 0);
  name = g_path_get_basename (fixture->station.path);
  fixture->copy_path = g_build_filename (fixture->folder, name, NULL);
  fixture->copy = vt_second_copy_new (fixture->station.station);
  g_signal_connect (fixture->copy, "finished", G_CALLBACK (on_finished), fixture);
}

static void
copy_fixture_tear_down (CopyFixture  *fixture,
                        gconstpointer data)
{
  gpointer copy = fixture->copy;
  gint64 deadline;

  while (vt_second_copy_get_busy (fixture->copy))
    g_main_context_iteration (NULL, TRUE);
  /* The worker thread may drop the last task's reference (and with it the task's reference to
   * the copier) a moment after the main loop saw the copy finish: wait for it, a while. */
  g_object_add_weak_pointer (G_OBJECT (copy), &copy);
  g_clear_object (&fixture->copy);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_atomic_pointer_get (&copy) != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (g_atomic_pointer_get (&copy));
  g_free (fixture->folder);
  g_free (fixture->copy_path);
  station_fixture_tear_down (&fixture->station, data);
}

static gboolean
on_timeout (gpointer data)
{
  g_error ("The second copy did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
wait_until_idle (CopyFixture *fixture)
{
  guint timeout = g_timeout_add_seconds (20, on_timeout, NULL);

  while (vt_second_copy_get_busy (fixture->copy))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static gint64
n_entries (CopyFixture *fixture)
{
  return vt_store_get_n_entries (vt_station_get_store (fixture->station.station));
}

static gint64
entries_in_copy (CopyFixture *fixture)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vt_verify_file (fixture->copy_path, &report, &error));
  g_assert_no_error (error);
  return report.n_entries;
}

static gboolean
pdf_beside (CopyFixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->folder, 0, NULL);
  const char *file;

  while ((file = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (file, "protocol.pdf"))
      return TRUE;
  return FALSE;
}

static void
note (CopyFixture *fixture,
      const char  *text)
{
  g_autofree char *json = g_strdup_printf ("{\"text\": \"%s\"}", text);

  vt_test_do (&fixture->station, "note", vt_test_chair (&fixture->station), json);
}

/* A folder chosen: a copy at once, complete, with the protocol beside it. */
static void
test_copy_when_folder_chosen (CopyFixture  *fixture,
                              gconstpointer data)
{
  g_assert_false (vt_second_copy_get_busy (fixture->copy));
  g_assert_null (vt_second_copy_get_copied_at (fixture->copy));

  vt_second_copy_set_folder (fixture->copy, fixture->folder);
  g_assert_cmpstr (vt_second_copy_get_folder (fixture->copy), ==, fixture->folder);
  g_assert_true (vt_second_copy_get_busy (fixture->copy));
  wait_until_idle (fixture);

  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_no_error ((GError *)vt_second_copy_get_error (fixture->copy));
  g_assert_nonnull (vt_second_copy_get_copied_at (fixture->copy));
  g_assert_cmpint (entries_in_copy (fixture), ==, n_entries (fixture));
  g_assert_true (pdf_beside (fixture));
}

/* A burst of changes makes one copy after a quiet time, and the copy has all of them. */
static void
test_burst_makes_one_copy (CopyFixture  *fixture,
                           gconstpointer data)
{
  vt_second_copy_set_folder (fixture->copy, fixture->folder);
  wait_until_idle (fixture);
  g_assert_cmpuint (fixture->n_finished, ==, 1);

  vt_second_copy_set_delay (fixture->copy, 300);
  for (guint i = 0; i < 5; i++)
    {
      gint64 until = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;

      note (fixture, "One of a burst");
      vt_second_copy_changed (fixture->copy);
      g_assert_true (vt_second_copy_get_busy (fixture->copy));
      /* The envelopes of a busy minute come a moment apart, with the window running. */
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
  wait_until_idle (fixture);
  g_assert_cmpuint (fixture->n_finished, ==, 2);
  g_assert_cmpint (entries_in_copy (fixture), ==, n_entries (fixture));
}

/* A change while a copy is being made is copied after it. */
static void
test_change_during_copy_follows (CopyFixture  *fixture,
                                 gconstpointer data)
{
  vt_second_copy_set_delay (fixture->copy, 0);
  vt_second_copy_set_folder (fixture->copy, fixture->folder);
  /* The copy starts in its thread. */
  while (fixture->n_finished == 0 && g_main_context_pending (NULL))
    if (g_main_context_iteration (NULL, FALSE))
      break;
  note (fixture, "Written while the copy ran");
  vt_second_copy_changed (fixture->copy);
  wait_until_idle (fixture);
  g_assert_cmpuint (fixture->n_finished, >=, 1);
  g_assert_cmpint (entries_in_copy (fixture), ==, n_entries (fixture));
}

/* A stick pulled out: the error says where, the station file is untouched, and the next good
 * folder clears it. */
static void
test_failure_is_reported (CopyFixture  *fixture,
                          gconstpointer data)
{
  g_autofree char *gone = g_build_filename (fixture->station.dir, "no-stick", NULL);
  gint64 before = n_entries (fixture);

  vt_second_copy_set_folder (fixture->copy, gone);
  wait_until_idle (fixture);
  g_assert_cmpuint (fixture->n_finished, ==, 1);
  g_assert_nonnull (vt_second_copy_get_error (fixture->copy));
  g_assert_nonnull (strstr (vt_second_copy_get_error (fixture->copy)->message, gone));
  g_assert_null (vt_second_copy_get_copied_at (fixture->copy));
  g_assert_cmpint (n_entries (fixture), ==, before);

  vt_second_copy_set_folder (fixture->copy, fixture->folder);
  g_assert_null (vt_second_copy_get_error (fixture->copy));
  wait_until_idle (fixture);
  g_assert_null (vt_second_copy_get_error (fixture->copy));
  g_assert_cmpint (entries_in_copy (fixture), ==, before);
}

/* No folder: changes copy nothing, and nothing is due. */
static void
test_no_folder_no_copy (CopyFixture  *fixture,
                        gconstpointer data)
{
  note (fixture, "Nowhere to copy");
  vt_second_copy_changed (fixture->copy);
  g_assert_false (vt_second_copy_get_busy (fixture->copy));

  vt_second_copy_set_folder (fixture->copy, fixture->folder);
  vt_second_copy_set_folder (fixture->copy, NULL);
  g_assert_false (vt_second_copy_get_busy (fixture->copy));
  g_assert_false (g_file_test (fixture->copy_path, G_FILE_TEST_EXISTS));
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* With a umask that lets everyone read, the copy and its protocol are still 0600: they are
 * created so, not chmod'ed afterwards (the protocol was 0666 & ~umask). */
static void
test_copy_is_private_from_creation (CopyFixture  *fixture,
                                    gconstpointer data)
{
  mode_t saved = umask (0);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  vt_second_copy_set_folder (fixture->copy, fixture->folder);
  wait_until_idle (fixture);
  umask (saved);
  g_assert_no_error ((GError *)vt_second_copy_get_error (fixture->copy));
  dir = g_dir_open (fixture->folder, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->folder, name, NULL);
      g_test_message ("%s", name);
      g_assert_cmphex (mode_of (path), ==, 0600);
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
}

static guint
n_files_in (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* What the chair is told when the stick is full: that it is full, which one, what to do, and
 * that nothing was left on it; and nothing is. */
static void
assert_full_stick (CopyFixture  *fixture,
                   const GError *error)
{
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "is full"));
  g_assert_nonnull (strstr (error->message, fixture->folder));
  g_assert_nonnull (strstr (error->message, "another USB stick"));
  g_assert_null (strstr (error->message, "I/O error"));
  g_assert_cmpuint (n_files_in (fixture->folder), ==, 0);
}

/* Test-only answers to the free-space probe: the fault VFS can fail a sync, not make the
 * stick report no room. */
static gint64
no_room (const char *path)
{
  return 0;
}

static gint64
lots_of_room (const char *path)
{
  return G_GINT64_CONSTANT (16) << 30;
}

/* The stick fills up during the copy: a write says ENOSPC at one point after another, or a
 * sync fails with a bare I/O error on a stick with no room left (an fsync keeps no reliable
 * errno, so the free space is asked, before the unfinished copy is removed). The chair is told
 * the stick is full, naming it, and nothing is left on it. The same I/O error on a stick with
 * room is not called full. Then the second copy object says the same and keeps no copy time. */
static void
test_full_stick_is_called_full (CopyFixture  *fixture,
                                gconstpointer data)
{
  const char *source = vt_station_get_path (fixture->station.station);
  static const char *const suffixes[] = { ".part", ".part-journal" };
  guint n_failed = 0;

  for (guint i = 0; i < 30; i++)
    note (fixture, "Enough to make the file a few pages long");
  vt_fault_vfs_install ();
  for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
    for (guint countdown = 0; countdown < 40; countdown += 5)
      {
        g_autoptr(GError) error = NULL;
        gboolean ok;

        vt_fault_vfs_arm (VT_FAULT_WRITE, suffixes[s], countdown, TRUE, ENOSPC);
        ok = vt_copy_station_file (source, fixture->copy_path, &error);
        vt_fault_vfs_disarm ();
        g_test_message ("ENOSPC on %s after %u: %s", suffixes[s], countdown,
                        ok ? "copied" : error->message);
        if (ok)
          {
            g_unlink (fixture->copy_path);
            continue;
          }
        assert_full_stick (fixture, error);
        n_failed++;
      }
  g_assert_cmpuint (n_failed, >=, 4);

  for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
    {
      g_autoptr(GError) full = NULL;
      g_autoptr(GError) failing = NULL;

      vt_copy_set_free_space_func_for_testing (no_room);
      vt_fault_vfs_arm (VT_FAULT_SYNC, suffixes[s], 0, TRUE, EIO);
      g_assert_false (vt_copy_station_file (source, fixture->copy_path, &full));
      vt_fault_vfs_disarm ();
      g_test_message ("EIO on sync of %s, no room: %s", suffixes[s], full->message);
      assert_full_stick (fixture, full);

      vt_copy_set_free_space_func_for_testing (lots_of_room);
      vt_fault_vfs_arm (VT_FAULT_SYNC, suffixes[s], 0, TRUE, EIO);
      g_assert_false (vt_copy_station_file (source, fixture->copy_path, &failing));
      vt_fault_vfs_disarm ();
      vt_copy_set_free_space_func_for_testing (NULL);
      g_test_message ("EIO on sync of %s, room: %s", suffixes[s], failing->message);
      g_assert_null (strstr (failing->message, "full"));
      g_assert_cmpuint (n_files_in (fixture->folder), ==, 0);
    }

  /* The object the window shows. */
  vt_fault_vfs_arm (VT_FAULT_WRITE, ".part", 3, TRUE, ENOSPC);
  vt_second_copy_set_folder (fixture->copy, fixture->folder);
  wait_until_idle (fixture);
  vt_fault_vfs_disarm ();
  g_assert_nonnull (vt_second_copy_get_error (fixture->copy));
  assert_full_stick (fixture, vt_second_copy_get_error (fixture->copy));
  g_assert_null (vt_second_copy_get_copied_at (fixture->copy));
}

/* A copy that fails midway (the stick full: writes past RLIMIT_FSIZE fail with EFBIG) leaves
 * nothing on the stick: no temporary, no -journal, no -wal with station data in it. */
static void
test_failed_copy_leaves_nothing (CopyFixture  *fixture,
                                 gconstpointer data)
{
  const char *source = vt_station_get_path (fixture->station.station);
  g_autofree char *probe = g_build_filename (fixture->station.dir, "probe.valgting", NULL);
  struct rlimit saved, limited;
  GStatBuf st;

  for (guint i = 0; i < 30; i++)
    note (fixture, "Enough to make the file a few pages long");
  g_assert_true (vt_copy_station_file (source, probe, NULL));
  g_assert_cmpint (g_stat (probe, &st), ==, 0);

  signal (SIGXFSZ, SIG_IGN);
  for (rlim_t limit = 1024; limit < (rlim_t)st.st_size; limit += st.st_size / 7)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
      limited = saved;
      limited.rlim_cur = limit;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
      ok = vt_copy_station_file (source, fixture->copy_path, &error);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

      g_test_message ("limit %lu: %s", (unsigned long)limit, ok ? "copied" : error->message);
      g_assert_false (ok);
      g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE);
      /* A file size limit is a full stick to the chair, not "disk I/O error". */
      assert_full_stick (fixture, error);
    }
  signal (SIGXFSZ, SIG_DFL);

  /* A stick that stops taking writes midway (EIO from then on): sqlite cannot roll its
   * journal back, and the copy must still leave nothing beside it. */
  vt_fault_vfs_install ();
  for (guint s = 0; s < 6; s++)
    for (guint countdown = 0; countdown < 40; countdown += 3)
      {
        static const char *const suffixes[] = { ".part", ".part-journal", ".part-wal" };
        g_autoptr(GError) error = NULL;
        gboolean ok;

        vt_fault_vfs_arm (s < 3 ? VT_FAULT_WRITE : VT_FAULT_SYNC, suffixes[s % 3], countdown,
                          TRUE, EIO);
        ok = vt_copy_station_file (source, fixture->copy_path, &error);
        vt_fault_vfs_disarm ();
        g_test_message ("%s %s after %u: %s", s < 3 ? "write" : "sync", suffixes[s % 3], countdown, ok ? "copied" : error->message);
        if (ok)
          {
            g_assert_cmpuint (n_files_in (fixture->folder), ==, 1);
            g_unlink (fixture->copy_path);
          }
        g_assert_cmpuint (n_files_in (fixture->folder), ==, 0);
      }
}

/* The warning for a file system that cannot keep a copy private names the place. */
static void
test_not_private_warning (void)
{
  g_autoptr(GError) warning = vt_copy_not_private_warning ("/media/kari/STICK/x.valgting");

  g_assert_nonnull (strstr (warning->message, "/media/kari/STICK"));
  g_assert_nonnull (strstr (warning->message, "FAT"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CopyFixture, NULL, copy_fixture_set_up, func, copy_fixture_tear_down)

  ADD ("/second-copy/made-when-the-folder-is-chosen", test_copy_when_folder_chosen);
  ADD ("/second-copy/burst-of-changes-makes-one-copy", test_burst_makes_one_copy);
  ADD ("/second-copy/change-during-a-copy-is-copied-after-it", test_change_during_copy_follows);
  ADD ("/second-copy/failure-is-reported-with-the-folder", test_failure_is_reported);
  ADD ("/second-copy/no-folder-no-copy", test_no_folder_no_copy);
  ADD ("/second-copy/private-from-creation", test_copy_is_private_from_creation);
  ADD ("/second-copy/failed-copy-leaves-nothing", test_failed_copy_leaves_nothing);
  ADD ("/second-copy/full-stick-is-called-full", test_full_stick_is_called_full);
  g_test_add_func ("/second-copy/not-private-warning-names-the-place", test_not_private_warning);

  return g_test_run ();
}
