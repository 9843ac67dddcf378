/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "vt-application.h"
#include "vt-store-private.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* A big station's whole-file checks (the pages, the chain) may still run when its window
 * opens (vt_store_check_ahead ()). In a real window: the station is shown meanwhile; a good
 * file stays open and records once they pass; a damaged one is closed again with the message
 * opening gives, and not a byte of it is written. The checks are held until the station is
 * on screen, so the test knows they had not finished. */

static VtApplication *the_app;

static gboolean
check_done (gpointer data)
{
  return !vt_store_get_check_pending (vt_station_get_store (data));
}

static gboolean
station_closed (gpointer data)
{
  return vt_window_get_station (data) == NULL;
}

/* Opens @path in a new window with its checks held until it is shown; returns the window. */
static VtWindow *
open_with_checks_running (const char *path)
{
  VtWindow *window = vt_window_new (the_app);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VtStation *station;

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_iterate_until (vt_test_widget_is_mapped, window);

  vt_store_check_ahead_hold (TRUE);
  vt_store_check_ahead (path);
  vt_window_open_file (window, file);
  station = vt_window_get_station (window);
  g_assert_nonnull (station);
  g_assert_true (vt_store_get_check_pending (vt_station_get_store (station)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (vt_window_get_station_page (window))));
  vt_test_settle ();
  vt_store_check_ahead_hold (FALSE);
  return window;
}

static void
test_good_file_stays_open (StationFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  VtWindow *window;
  VtStation *station;

  g_clear_object (&fixture->station);
  window = open_with_checks_running (fixture->path);
  station = vt_window_get_station (window);
  vt_test_iterate_until (check_done, station);
  vt_test_settle ();
  g_assert_true (vt_window_get_station (window) == station);
  g_assert_null (vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  /* The header's line about the day, read from the log once the first frame is drawn, is
   * there (the example election is in 2029: it opens on a date to come). */
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (vt_window_get_station_page (window)),
                                        "Opens at 14:00 on 09.09.2029", TRUE));

  entry = vt_station_log_note (station, "open-check-ui-1", "Etter sjekken", &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_damaged_file_is_closed (StationFixture *fixture,
                             gconstpointer   data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  GtkWindow *dialog;
  VtWindow *window;

  g_clear_object (&fixture->station);
  vt_test_damage_table_page (fixture->path, "kind_count");
  g_assert_true (g_file_get_contents (fixture->path, &before, &before_length, NULL));

  window = open_with_checks_running (fixture->path);
  vt_test_iterate_until (station_closed, window);
  vt_test_settle ();

  dialog = vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "The station could not be opened");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "damaged"));
  gtk_window_destroy (dialog);

  g_assert_true (g_file_get_contents (fixture->path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  the_app = vt_test_ui_init (&argc, &argv);

  g_test_add ("/open-check/window/good-file-stays-open-and-records", StationFixture, NULL,
              station_fixture_set_up, test_good_file_stays_open, station_fixture_tear_down);
  g_test_add ("/open-check/window/damaged-file-is-closed-unwritten", StationFixture, NULL,
              station_fixture_set_up, test_damaged_file_is_closed, station_fixture_tear_down);

  return g_test_run ();
}
