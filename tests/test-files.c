/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vt-error.h"
#include "vt-station.h"
#include "vt-store-private.h"
#include "vt-store.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* The files Valgting makes and the files it is given: a station made whole or not at all,
 * and a true message for a file on read-only media, a truncated file, and a file with
 * Valgting's mark but no station in it. */

#define NOBODY 65534

static char *
slurp (const char *path)
{
  char *data = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)data, size);
}

static void
copy_file (const char *from,
           const char *to)
{
  char *data = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (from, &data, &size, NULL));
  g_assert_true (g_file_set_contents (to, data, size, NULL));
  g_free (data);
}

/* Runs the CLI as an ordinary user (we run as root); returns its exit status. */
static int
run_as_nobody (const char *const *args,
               char              **out,
               char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *)"setpriv");
  g_ptr_array_add (argv, (char *)"--reuid=65534");
  g_ptr_array_add (argv, (char *)"--regid=65534");
  g_ptr_array_add (argv, (char *)"--clear-groups");
  g_ptr_array_add (argv, (char *)g_getenv ("VALGTING_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static gboolean
can_run_as_nobody (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");

  if (getuid () != 0 || setpriv == NULL || g_getenv ("VALGTING_BINARY") == NULL)
    {
      g_test_skip ("needs root, setpriv and VALGTING_BINARY to run as an ordinary user");
      return FALSE;
    }
  return TRUE;
}

/* In a child that has become an ordinary user: what opening in the window says. */
static char *
open_as_nobody (const char *path)
{
  int fds[2];
  pid_t pid;
  char buffer[2048] = { 0 };
  gssize n;
  int status = 0;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtStation) station = NULL;
      const char *message;

      close (fds[0]);
      if (setgroups (0, NULL) != 0 || setgid (NOBODY) != 0 || setuid (NOBODY) != 0)
        _exit (3);
      station = vt_station_open (path, &error);
      message = station != NULL ? "opened" : error->message;
      if (write (fds[1], message, strlen (message)) < 0)
        _exit (4);
      _exit (0);
    }
  close (fds[1]);
  n = read (fds[0], buffer, sizeof buffer - 1);
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpint (n, >, 0);
  return g_strdup (buffer);
}

/* A valid station on read-only media (a 0555 folder, the file 0444), used by an ordinary
 * user: verify and print work, and opening for recording says it cannot be written there and
 * offers a copy (test-station-files.c takes one in). */
static void
test_read_only_media (StationFixture *fixture,
                      gconstpointer   data)
{
  g_autofree char *media = g_build_filename (fixture->dir, "media", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *file = g_build_filename (media, "station.valgting", NULL);
  g_autofree char *pdf = g_build_filename (out, "protocol.pdf", NULL);
  g_autofree char *before = NULL;
  g_autofree char *message = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  if (!can_run_as_nobody ())
    return;

  vt_test_do (fixture, "note", vt_test_chair (fixture), "{\"text\": \"Før kopien\"}");
  g_clear_object (&fixture->station);
  g_assert_cmpint (g_mkdir (media, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (out, 0777), ==, 0);
  g_assert_cmpint (g_chmod (out, 0777), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  copy_file (fixture->path, file);
  g_assert_cmpint (g_chmod (file, 0444), ==, 0);
  g_assert_cmpint (g_chmod (media, 0555), ==, 0);
  before = slurp (file);

  {
    const char *args[] = { "verify", file, NULL };
    int status = run_as_nobody (args, &stdout_text, &stderr_text);
    g_test_message ("verify: %s%s", stdout_text, stderr_text);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (stdout_text, "OK"));
    g_clear_pointer (&stdout_text, g_free);
    g_clear_pointer (&stderr_text, g_free);
  }
  {
    const char *args[] = { "print", "protocol", file, "-o", pdf, NULL };
    int status = run_as_nobody (args, &stdout_text, &stderr_text);
    g_test_message ("print: %s%s", stdout_text, stderr_text);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  }

  message = open_as_nobody (file);
  g_test_message ("open: %s", message);
  g_assert_null (strstr (message, "not a Valgting station"));
  g_assert_nonnull (strstr (message, "cannot write to"));
  g_assert_nonnull (strstr (message, "Take in a copy"));

  /* Nothing beside it, nothing in it changed. */
  {
    g_autofree char *now = slurp (file);
    g_autoptr(GDir) dir = g_dir_open (media, 0, NULL);
    g_assert_cmpstr (now, ==, before);
    g_assert_cmpstr (g_dir_read_name (dir), ==, "station.valgting");
    g_assert_null (g_dir_read_name (dir));
  }
  g_chmod (media, 0755);
}

/* The same with a -wal holding entries beside it: reading without it would show an older
 * station, so the user is told to copy both files. */
static void
test_read_only_media_with_wal (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *media = g_build_filename (fixture->dir, "media", NULL);
  g_autofree char *file = g_build_filename (media, "station.valgting", NULL);
  g_autofree char *wal = g_strconcat (file, "-wal", NULL);
  g_autofree char *live_wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *args[] = { "verify", file, NULL };
  g_autofree char *both = NULL;
  GStatBuf st;

  if (!can_run_as_nobody ())
    return;

  /* Copied while the station is open: its last entries are in the -wal. */
  vt_test_do (fixture, "note", vt_test_chair (fixture), "{\"text\": \"I WAL-en\"}");
  g_assert_cmpint (g_stat (live_wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
  g_assert_cmpint (g_mkdir (media, 0755), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  copy_file (fixture->path, file);
  copy_file (live_wal, wal);
  g_chmod (file, 0444);
  g_chmod (wal, 0444);
  g_assert_cmpint (g_chmod (media, 0555), ==, 0);

  g_assert_cmpint (run_as_nobody (args, &stdout_text, &stderr_text), !=, 0);
  g_test_message ("verify: %s%s", stdout_text, stderr_text);
  both = g_strconcat (stdout_text, stderr_text, NULL);
  g_assert_nonnull (strstr (both, "-wal"));
  g_assert_nonnull (strstr (both, "Copy both files"));
  g_chmod (media, 0755);
}

static void
assert_refused (const char *path,
                int         code,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) open_error = NULL;
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(VtStation) station = NULL;
  g_autoptr(VtStation) read_only = NULL;

  g_assert_false (vt_verify_file (path, &report, &error));
  g_test_message ("verify: %s", error->message);
  g_assert_error (error, VT_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_null (strstr (error->message, "not a Valgting station"));

  station = vt_station_open (path, &open_error);
  g_assert_null (station);
  g_test_message ("open: %s", open_error->message);
  g_assert_error (open_error, VT_STORE_ERROR, code);
  g_assert_nonnull (strstr (open_error->message, expected));
  g_clear_error (&open_error);

  read_only = vt_station_open_read_only (path, &open_error);
  g_assert_null (read_only);
  g_assert_error (open_error, VT_STORE_ERROR, code);
}

/* A station file cut short is damaged (and what to do), at any length. */
static void
test_truncated (StationFixture *fixture,
                gconstpointer   data)
{
  g_autofree char *cut = g_build_filename (fixture->dir, "cut.valgting", NULL);
  static const goffset lengths[] = { 20, 60, 100, 4096, 20000, 60000 };
  GStatBuf st;

  g_clear_object (&fixture->station);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_assert_cmpint (lengths[i], <, st.st_size);
      copy_file (fixture->path, cut);
      g_assert_cmpint (truncate (cut, lengths[i]), ==, 0);
      g_test_message ("cut to %d bytes", (int)lengths[i]);
      assert_refused (cut, VT_STORE_ERROR_CORRUPT, "truncated");
      g_unlink (cut);
    }
}

/* Valgting's application id and no tables: a clear message, and never written to. */
static void
test_mark_without_station (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "empty.valgting", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1448363825", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  before = slurp (path);

  assert_refused (path, VT_STORE_ERROR_CORRUPT, "holds no station");

  after = slurp (path);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (dir, G_FILE_TEST_IS_REGULAR));
  vt_test_remove_tree (dir);
}

static guint
count_temporaries (const char *dir,
                   const char *name)
{
  g_autofree char *prefix = g_strdup_printf (".%s.new-", name);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;
  guint n = 0;

  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (entry, prefix))
      n++;
  return n;
}

/* A crash while a station is being made (the child is killed by SIGXFSZ when its file grows
 * past RLIMIT_FSIZE, at many points of the creation) leaves nothing under the real name, and
 * the leftover does not stop the station being made again. */
static void
test_crash_while_creating (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "new.valgting", NULL);
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");
  g_autoptr(GDateTime) created = vt_test_fixed_time (7, 0);
  guint n_killed = 0;

  for (rlim_t limit = 2048; limit <= 64 * 1024; limit += 6 * 1024)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtStation) station = NULL;
      int status = 0;
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          struct rlimit limited = { limit, limit };

          signal (SIGXFSZ, SIG_DFL);
          if (setrlimit (RLIMIT_FSIZE, &limited) != 0)
            _exit (3);
          _exit (vt_store_create_file (path, config, created, VT_STORE_SCHEMA_VERSION, NULL)
                 ? 0 : 1);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_test_message ("limit %lu: %s", (unsigned long)limit,
                      WIFSIGNALED (status) ? "killed" : "exited");
      if (!WIFSIGNALED (status))
        {
          /* Finished before the limit: then it is whole. */
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          station = vt_station_open (path, &error);
          g_assert_no_error (error);
          g_clear_object (&station);
          g_assert_cmpint (g_unlink (path), ==, 0);
          continue;
        }
      n_killed++;
      g_assert_cmpint (WTERMSIG (status), ==, SIGXFSZ);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_temporaries (dir, "new.valgting"), >=, 1);

      /* Made again: whole, and the leftover is gone. */
      station = vt_station_create (path, config, &error);
      g_assert_no_error (error);
      g_assert_nonnull (station);
      g_assert_cmpuint (count_temporaries (dir, "new.valgting"), ==, 0);
      g_clear_object (&station);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpuint (n_killed, >=, 3);
  vt_test_remove_tree (dir);
}

/* Made in place of nothing: the station file is 0600 even under umask 0, with nothing left
 * beside it but the file itself. */
static void
test_created_whole_and_private (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "new.valgting", NULL);
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");
  g_autoptr(GDateTime) created = vt_test_fixed_time (7, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  mode_t saved = umask (0);
  GStatBuf st;

  g_assert_true (vt_store_create_file (path, config, created, VT_STORE_SCHEMA_VERSION, &error));
  umask (saved);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmphex (st.st_mode & 0777, ==, 0600);
  d = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (d), ==, "new.valgting");
  g_assert_null (g_dir_read_name (d));

  /* And never over another file. */
  g_assert_false (vt_store_create_file (path, config, created, VT_STORE_SCHEMA_VERSION, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_EXISTS);
  vt_test_remove_tree (dir);
}

/* Under umask 0, everything an open station has beside it (the -wal, the -shm, the holder's
 * name) is its owner's only, like the station file. */
static void
test_open_station_files_private (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "open.valgting", NULL);
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(GDir) d = NULL;
  mode_t saved = umask (0);
  const char *name;
  guint n = 0;

  station = vt_station_create (path, config, &error);
  umask (saved);
  g_assert_no_error (error);
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      GStatBuf st;

      g_assert_cmpint (g_stat (file, &st), ==, 0);
      g_test_message ("%s %o", name, st.st_mode & 0777);
      g_assert_cmphex (st.st_mode & 0777, ==, 0600);
      n++;
    }
  g_assert_cmpuint (n, >=, 3);
  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StationFixture, NULL, station_fixture_set_up, func, station_fixture_tear_down)

  ADD ("/files/read-only-media/verify-print-and-open", test_read_only_media);
  ADD ("/files/read-only-media/wal-beside-it", test_read_only_media_with_wal);
  ADD ("/files/truncated-is-damaged", test_truncated);
  g_test_add_func ("/files/mark-without-station", test_mark_without_station);
  g_test_add_func ("/files/create/crash-leaves-nothing", test_crash_while_creating);
  g_test_add_func ("/files/create/whole-and-private", test_created_whole_and_private);
  g_test_add_func ("/files/open-station-files-are-private", test_open_station_files_private);

  return g_test_run ();
}
