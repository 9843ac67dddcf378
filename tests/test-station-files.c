/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <grp.h>
#include <locale.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vt-error.h"
#include "vt-station-files.h"
#include "vt-test-util.h"

/* Where station files live (vt-station-files.h): a station file that cannot be recorded in
 * where it is — the path the Flatpak's document portal takes — is refused for recording with
 * VT_STORE_ERROR_NOT_IN_PLACE (the window's copy/read-only choice), opens read-only, and is
 * taken in as a copy that records; the original keeps every byte and gets no -wal, -shm or
 * lock file beside it. Two such places: a folder the user cannot write (as the user nobody;
 * we run as root) and a file under the document portal's folder (a writable one here: the
 * path alone must be enough). */

#define NOBODY 65534

static char *runtime_dir;  /* XDG_RUNTIME_DIR, set before GLib reads it */

static char *
digest (const char *path)
{
  g_autofree char *data = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)data, size);
}

/* The names in @dir, sorted, one a line. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **)names->pdata);
}

/* @dir holds the station file and nothing else: no -wal, -shm or lock file beside it. */
static void
assert_only_station (const char *dir)
{
  g_autofree char *names = listing (dir);

  g_assert_cmpstr (names, ==, "station.valgting");
}

/* A closed station with a note in it, moved to @folder/station.valgting (the fixture's file,
 * in WAL mode as every station is, and nothing beside it). Returns its path. */
static char *
station_in (StationFixture *fixture,
            const char     *folder)
{
  char *path = g_build_filename (folder, "station.valgting", NULL);

  vt_test_do (fixture, "note", vt_test_chair (fixture), "{\"text\": \"Før flyttingen\"}");
  g_clear_object (&fixture->station);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_cmpint (g_rename (fixture->path, path), ==, 0);
  assert_only_station (folder);
  return path;
}

/* Everything the chair can do with @path, which cannot be recorded in where it is; the
 * copies go to @folder. */
static void
assert_not_in_place (const char *path,
                     const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(VtStation) read_only = NULL;
  g_autoptr(VtStation) copy = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autofree char *command_id = NULL;
  gint64 n_entries;

  /* Not for recording: the choice, in words that say what to do. */
  station = vt_station_open (path, &error);
  g_assert_null (station);
  g_test_message ("open: %s", error->message);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_IN_PLACE);
  g_assert_nonnull (strstr (error->message, "Take in a copy"));
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  g_assert_false (vt_station_files_in_place (path, NULL));

  /* Read-only: to look at and print. */
  read_only = vt_station_open_read_only (path, &error);
  g_assert_no_error (error);
  g_assert_true (vt_station_get_read_only (read_only));
  n_entries = vt_store_get_n_entries (vt_station_get_store (read_only));
  g_assert_cmpint (n_entries, >=, 2);

  /* Taken in: a copy in Valgting's folder, the same entries, and it records. */
  copy = vt_station_files_take_in (path, folder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_false (vt_station_get_read_only (copy));
  g_assert_true (g_str_has_prefix (vt_station_get_path (copy), folder));
  g_assert_cmpstr (vt_station_get_path (copy), !=, path);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (copy)), ==, n_entries);
  g_assert_cmpstr (vt_store_get_head_hash (vt_station_get_store (copy)), ==,
                   vt_store_get_head_hash (vt_station_get_store (read_only)));
  json_object_set_string_member (payload, "text", "I kopien");
  command_id = g_uuid_string_random ();
  entry = vt_station_execute (copy, command_id, "note",
                              vt_config_get_chair (vt_station_get_config (copy))->id, payload,
                              &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (copy)), ==, n_entries + 1);
}

/* The place the document portal hands a sandboxed app: the folder is writable here, but the
 * path says where it is, and that is enough. */
static void
test_portal_path (StationFixture *fixture,
                  gconstpointer   data)
{
  g_autofree char *doc = g_build_filename (runtime_dir, "doc", "3f2a9b1c", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "stations", NULL);
  g_autofree char *path = station_in (fixture, doc);
  g_autofree char *before = digest (path);
  g_autofree char *after = NULL;

  g_assert_cmpint (g_access (doc, W_OK), ==, 0);
  assert_not_in_place (path, folder);

  after = digest (path);
  g_assert_cmpstr (after, ==, before);
  assert_only_station (doc);
  assert_only_station (folder);
  vt_test_remove_tree (doc);
}

/* A folder the user cannot write (a 0555 folder, the file 0444, owned by root): the same, as
 * the user nobody in a child process. */
static void
test_read_only_folder (StationFixture *fixture,
                       gconstpointer   data)
{
  g_autofree char *media = g_build_filename (fixture->dir, "media", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "nobody-data", NULL);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int status = 0;
  pid_t pid;

  if (getuid () != 0)
    {
      g_test_skip ("needs root, to become the user nobody");
      return;
    }
  path = station_in (fixture, media);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (media, 0555), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (chown (folder, NOBODY, NOBODY), ==, 0);
  before = digest (path);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* A failed assertion aborts the child: the parent sees it. */
      if (setgroups (0, NULL) != 0 || setgid (NOBODY) != 0 || setuid (NOBODY) != 0)
        _exit (3);
      g_assert_cmpint (g_access (media, W_OK), !=, 0);
      assert_not_in_place (path, folder);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 3)
    {
      g_test_skip ("root may not become the user nobody here");
      g_chmod (media, 0755);
      return;
    }
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  after = digest (path);
  g_assert_cmpstr (after, ==, before);
  assert_only_station (media);
  assert_only_station (folder);
  g_chmod (media, 0755);
}

/* In a folder the user may write, nothing changes: the file opens for recording in place. */
static void
test_in_place (StationFixture *fixture,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;

  g_clear_object (&fixture->station);
  g_assert_true (vt_station_files_in_place (fixture->path, &error));
  g_assert_no_error (error);
  station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (vt_station_get_read_only (station));
}

/* New stations and copies taken in never replace a file: the next free name. */
static void
test_new_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autofree char *first = vt_station_files_new_path (dir, "1-Sentrum-2025.valgting");
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *folder = vt_station_files_folder ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "valgting",
                                                "stations", NULL);

  g_assert_cmpstr (folder, ==, expected);
  g_assert_true (g_str_has_suffix (first, "/1-Sentrum-2025.valgting"));
  g_assert_true (g_file_set_contents (first, "x", 1, NULL));
  second = vt_station_files_new_path (dir, "1-Sentrum-2025.valgting");
  g_assert_true (g_str_has_suffix (second, "/1-Sentrum-2025-2.valgting"));
  g_assert_true (g_file_set_contents (second, "x", 1, NULL));
  third = vt_station_files_new_path (dir, "1-Sentrum-2025.valgting");
  g_assert_true (g_str_has_suffix (third, "/1-Sentrum-2025-3.valgting"));
  vt_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  /* Before GLib reads it: the document portal's folder is under it. */
  runtime_dir = g_dir_make_tmp ("valgting-runtime-XXXXXX", NULL);
  g_assert_nonnull (runtime_dir);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/station-files/portal-path", StationFixture, NULL, station_fixture_set_up,
              test_portal_path, station_fixture_tear_down);
  g_test_add ("/station-files/read-only-folder", StationFixture, NULL, station_fixture_set_up,
              test_read_only_folder, station_fixture_tear_down);
  g_test_add ("/station-files/in-place", StationFixture, NULL, station_fixture_set_up,
              test_in_place, station_fixture_tear_down);
  g_test_add_func ("/station-files/new-path", test_new_path);

  status = g_test_run ();
  vt_test_remove_tree (runtime_dir);
  g_free (runtime_dir);
  return status;
}
