/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "vt-test-util.h"

VtConfig *
vt_test_load_config (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VtConfig *config = vt_config_new_from_file (file, &error);

  g_assert_no_error (error);
  return config;
}

GDateTime *
vt_test_fixed_time (int hour,
                    int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Oslo");
  return g_date_time_new (tz, 2027, 9, 13, hour, minute, 0);
}

void
station_fixture_set_up (StationFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  const char *config_name = data != NULL ? data : "example-election.json";

  fixture->dir = g_dir_make_tmp ("valgting-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "station.valgting", NULL);
  fixture->config = vt_test_load_config (config_name);
  fixture->station = vt_station_create (fixture->path, fixture->config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->station);
}

void
vt_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        vt_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
station_fixture_tear_down (StationFixture *fixture,
                           gconstpointer   data)
{
  g_clear_object (&fixture->station);
  g_clear_object (&fixture->config);
  vt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* The file as any other program sees it, without Valgting's code in between. */
sqlite3 *
vt_test_open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  return db;
}

/* What someone with the sqlite3 shell could do to the file. */
char *
vt_test_run_sqlite3_shell (const char *path,
                           const char *sql,
                           int        *exit_status)
{
  const char *argv[] = { "sqlite3", "-bail", path, sql, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (exit_status != NULL)
    *exit_status = g_spawn_check_wait_status (status, NULL) ? 0 : 1;
  g_free (out);
  return err;
}
