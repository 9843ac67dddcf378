/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-fuzz-scenario"

#include "config.h"

#include <glib/gstdio.h>

#include "vt-fuzz-util.h"
#include "vt-scenario.h"
#include "vt-verify.h"

/* A scenario file as a trainer writes it, replayed as `valgting replay` does. A scenario names
 * its election by a file name relative to itself, so it is written beside copies of the
 * elections in data/scenarios/. Whatever the replay got to, the station it made must verify. */

static char *scenario_path;
static char *station_path;

static void
copy_elections (const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (VT_FUZZ_ELECTIONS_DIR, 0, &error);
  const char *name;

  if (dir == NULL)
    g_error ("No elections to replay scenarios with: %s", error->message);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (VT_FUZZ_ELECTIONS_DIR, name, NULL);
      g_autofree char *copy = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      if (!g_file_get_contents (from, &contents, &length, &error))
        g_error ("%s", error->message);
      vt_fuzz_write_file (copy, (const uint8_t *)contents, length);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *dir = vt_fuzz_init ("scenario", *argv);

  copy_elections (dir);
  scenario_path = g_build_filename (dir, "fuzz-scenario.json", NULL);
  station_path = g_build_filename (dir, "fuzz.valgting", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean ok;

  vt_fuzz_write_file (scenario_path, data, size);
  ok = vt_scenario_replay (scenario_path, station_path, &report, &error);
  vt_fuzz_check_result ("vt_scenario_replay", ok, error);
  summary = vt_scenario_report_dup_summary (&report);

  if (report.created)
    {
      g_auto(VtVerifyReport) verify = { 0 };
      g_autoptr(GError) verify_error = NULL;

      if (!vt_verify_file (station_path, &verify, &verify_error))
        g_error ("A replayed station does not verify: %s", verify_error->message);
      if (verify.n_entries != report.n_entries)
        g_error ("The replay reported %" G_GINT64_FORMAT " entries, the file has %"
                 G_GINT64_FORMAT, report.n_entries, verify.n_entries);
    }
  else if (g_file_test (station_path, G_FILE_TEST_EXISTS))
    g_error ("A replay that created nothing left a station file");

  vt_fuzz_remove_station (station_path);
  g_unlink (scenario_path);
  return 0;
}
