/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-fuzz-station"

#include "config.h"

#include "vt-fuzz-util.h"
#include "vt-journal-filter.h"
#include "vt-station.h"
#include "vt-verify.h"

/* Any bytes opened as a station file: a stick from another machine, a half-copied file, a
 * file someone edited with sqlite3. First checked as `valgting verify` does, read-only; then
 * opened as the window does, with its journal listed and searched, its phase found and its
 * checks run. */

/* Enough of the journal to read every kind of entry, without making a long file slow. */
#define MAX_ENTRIES_LISTED 300

static char *station_path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *dir = vt_fuzz_init ("station", *argv);

  station_path = g_build_filename (dir, "fuzz.valgting", NULL);
  return 0;
}

static void
use_station (VtStation *station)
{
  GListModel *journal = vt_station_get_journal (station);
  VtConfig *config = vt_station_get_config (station);
  guint n = MIN (g_list_model_get_n_items (journal), MAX_ENTRIES_LISTED);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i);
      g_autofree char *summary = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GDateTime) local = NULL;

      if (entry == NULL)
        continue; /* the model warned: a damaged entry */
      summary = vt_journal_entry_dup_summary (entry, config);
      label = vt_journal_entry_dup_kind_label (entry);
      local = vt_journal_entry_dup_local_time (entry);
    }

  /* The log's search: its index reads the journal again on a connection of its own, in a
   * worker thread. */
  {
    g_autoptr(VtJournalFilter) filter = vt_journal_filter_new (station);

    vt_journal_filter_set (filter, "e", NULL);
    while (vt_journal_filter_get_pending (filter))
      g_main_context_iteration (NULL, TRUE);
    for (guint i = 0; i < MIN (g_list_model_get_n_items (G_LIST_MODEL (filter)), 10); i++)
      {
        g_autoptr(VtJournalEntry) entry = g_list_model_get_item (G_LIST_MODEL (filter), i);

        /* A match is an entry that was read, summarised and found. */
        g_assert (entry == NULL || vt_journal_entry_get_seq (entry) > 0);
      }
  }

  /* Opening refused a file whose tables are not the ones Valgting makes: the rules may take
   * the tables as given. */
  {
    g_autoptr(GPtrArray) findings = NULL;

    vt_station_get_phase (station);
    findings = vt_station_run_checks (station);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  vt_fuzz_write_file (station_path, data, size);

  {
    g_auto(VtVerifyReport) report = { 0 };
    g_autoptr(GError) error = NULL;
    gboolean ok = vt_verify_file (station_path, &report, &error);

    vt_fuzz_check_result ("vt_verify_file", ok, error);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VtStation) station = vt_station_open (station_path, &error);

    vt_fuzz_check_result ("vt_station_open", station != NULL, error);
    if (station != NULL)
      use_station (station);
  }

  vt_fuzz_remove_station (station_path);
  return 0;
}
