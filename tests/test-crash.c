/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vt-test-util.h"
#include "vt-verify.h"

/* A crash at any moment loses nothing the screen confirmed. A child process (crash-child.c)
 * works through a busy day on one station file and prints every entry as the station confirms
 * it; the test kills it with SIGKILL at a random moment, then checks the file: sqlite's
 * integrity check, the hash chain (valgting verify), and every confirmed entry in its place.
 * The next child carries on in the same file, so every kill also tests opening after one.
 *
 * VALGTING_CRASH_KILLS sets the number of kills (100 by default; 10000 for a long run). */

typedef struct
{
  gint64 seq;
  char *command_id;
} Confirmed;

static void
confirmed_free (Confirmed *confirmed)
{
  g_free (confirmed->command_id);
  g_free (confirmed);
}

/* Reads what the child printed; every complete line is an entry it saw confirmed. */
static void
read_confirmed (int        fd,
                GString   *buffer,
                GPtrArray *confirmed)
{
  char chunk[4096];
  ssize_t n;

  while ((n = read (fd, chunk, sizeof chunk)) > 0)
    g_string_append_len (buffer, chunk, n);

  for (char *newline; (newline = memchr (buffer->str, '\n', buffer->len)) != NULL;)
    {
      g_autofree char *line = g_strndup (buffer->str, newline - buffer->str);
      g_auto(GStrv) parts = g_strsplit (line, " ", 2);
      Confirmed *entry = g_new0 (Confirmed, 1);

      g_assert_nonnull (parts[1]);
      entry->seq = g_ascii_strtoll (parts[0], NULL, 10);
      entry->command_id = g_strdup (parts[1]);
      g_ptr_array_add (confirmed, entry);
      g_string_erase (buffer, 0, newline - buffer->str + 1);
    }
}

static void
check_file (const char *path,
            GPtrArray  *confirmed)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  /* The hash chain and the guards, as valgting verify checks them (integrity_check first). */
  if (!vt_verify_file (path, &report, &error))
    g_error ("After a kill the file does not verify: %s", error->message);

  db = vt_test_open_raw (path);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT command_id FROM journal WHERE seq = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < confirmed->len; i++)
    {
      Confirmed *entry = g_ptr_array_index (confirmed, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, entry->seq);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        g_error ("Entry %" PRId64 " (%s) was confirmed and is gone", entry->seq,
                 entry->command_id);
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, entry->command_id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (report.n_entries, >=, confirmed->len > 0
                                           ? ((Confirmed *)g_ptr_array_index (
                                                confirmed, confirmed->len - 1))->seq
                                           : 1);
}

/* Runs one child on @path and kills it with SIGKILL: @delay_us after it started, or, when
 * @delay_us is negative, as soon as it has confirmed an entry. Adds what it confirmed to
 * @confirmed, checks the file, and returns how long the child ran. */
static gint64
run_and_kill (const char *child,
              const char *path,
              gint64      delay_us,
              GPtrArray  *confirmed)
{
  g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int ());
  const char *argv[] = { child, path, seed, NULL };
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GPid pid;
  int out;
  int status;
  gint64 start, until;
  guint before = confirmed->len;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **)argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                           NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fcntl (out, F_SETFL, O_NONBLOCK), ==, 0);

  start = g_get_monotonic_time ();
  until = start + (delay_us >= 0 ? delay_us : 30 * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < until && (delay_us >= 0 || confirmed->len == before))
    {
      read_confirmed (out, buffer, confirmed);
      g_usleep (500);
    }
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  /* A child that exited by itself failed: it never stops on its own. */
  if (!WIFSIGNALED (status))
    g_error ("crash-child exited with status %d before it was killed",
             WIFEXITED (status) ? WEXITSTATUS (status) : -1);
  /* What it printed before it died is still in the pipe. */
  g_assert_cmpint (fcntl (out, F_SETFL, 0), ==, 0);
  read_confirmed (out, buffer, confirmed);
  close (out);

  check_file (path, confirmed);
  return g_get_monotonic_time () - start;
}

static void
test_kill_at_random_moments (StationFixture *fixture,
                             gconstpointer   data)
{
  const char *child = g_getenv ("VALGTING_CRASH_CHILD");
  const char *kills_env = g_getenv ("VALGTING_CRASH_KILLS");
  guint kills = kills_env != NULL ? (guint)g_ascii_strtoull (kills_env, NULL, 10) : 100;
  g_autoptr(GPtrArray) confirmed = g_ptr_array_new_with_free_func ((GDestroyNotify)confirmed_free);
  guint killed_writing = 0;
  gint64 first_entry = 0, window;

  if (child == NULL)
    {
      g_test_skip ("VALGTING_CRASH_CHILD is not set");
      return;
    }
  /* The child opens the file itself. */
  g_clear_object (&fixture->station);

  /* How long a child takes to start, open the file and confirm its first entry, on this
   * machine under its present load: the kills are spread over four times that, so that most
   * land in the middle of writing and some before the file is even open. */
  for (guint i = 0; i < 3; i++)
    first_entry = MAX (first_entry, run_and_kill (child, fixture->path, -1, confirmed));
  window = MAX (60000, 4 * first_entry);

  for (guint k = 0; k < kills; k++)
    {
      guint before = confirmed->len;

      run_and_kill (child, fixture->path, g_test_rand_int_range (0, (gint32)window), confirmed);
      /* Killed while it was writing, not before it had the file open. */
      killed_writing += confirmed->len > before;
    }

  g_test_message ("%u kills over %" PRId64 " ms, %u of them while writing; %u confirmed "
                  "entries checked", kills, window / 1000, killed_writing, confirmed->len);
  /* The runs were long enough to write: many kills hit a child in the middle of its work.
   * Not "most": opening checks the file's chain, which takes longer as the file grows over
   * the hundred runs, so on a loaded machine more of the later kills land while it opens. */
  g_assert_cmpuint (confirmed->len, >, kills);
  g_assert_cmpuint (killed_writing, >, kills / 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  signal (SIGPIPE, SIG_IGN);

  g_test_add ("/crash/sigkill-at-random-moments-loses-nothing-confirmed", StationFixture,
              VT_TEST_MUNICIPAL, station_fixture_set_up, test_kill_at_random_moments,
              station_fixture_tear_down);
  return g_test_run ();
}
