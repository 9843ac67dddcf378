/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "vt-application.h"
#include "vt-kind-ids.h"
#include "vt-station-page.h"
#include "vt-store.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* Import Staff List… in a real window: offered in the setup phase only; a refused list is a
 * dialog naming every bad line and adds nothing; an accepted one is told by a toast once it
 * is on disk, and its people are on the setup page. (The file chooser itself is the
 * platform's: the test gives the file as its answer would.) */

typedef struct
{
  StationFixture station;
  VtWindow *window;
  VtStationPage *page;
} UiFixture;

static VtApplication *the_app;

static void
fixture_set_up (UiFixture    *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  StationFixture *station = &fixture->station;

  station->dir = g_dir_make_tmp ("valgting-staff-ui-XXXXXX", &error);
  g_assert_no_error (error);
  station->station = vt_station_create_training (station->dir, &error);
  g_assert_no_error (error);
  station->path = g_strdup (vt_station_get_path (station->station));
  station->config = g_object_ref (vt_station_get_config (station->station));

  fixture->window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
  vt_window_set_station (fixture->window, station->station);
  fixture->page = vt_window_get_station_page (fixture->window);
  vt_station_page_show (fixture->page, "setup");
  vt_test_settle ();
}

static void
fixture_tear_down (UiFixture    *fixture,
                   gconstpointer data)
{
  GtkWindow *dialog = vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  station_fixture_tear_down (&fixture->station, data);
}

static GFile *
write_csv (UiFixture  *fixture,
           const char *data)
{
  g_autofree char *path = g_build_filename (fixture->station.dir, "stab.csv", NULL);

  g_assert_true (g_file_set_contents (path, data, -1, NULL));
  return g_file_new_for_path (path);
}

static gint64
n_entries (UiFixture *fixture)
{
  return vt_store_get_n_entries (vt_station_get_store (fixture->station.station));
}

static gboolean
toast_shown (gpointer data)
{
  AdwToast *toast = vt_window_get_toast (data);

  return toast != NULL && strstr (adw_toast_get_title (toast), "added to the staff") != NULL;
}

static void
test_refused_then_imported (UiFixture    *fixture,
                            gconstpointer data)
{
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) good = NULL;
  GtkWindow *dialog;
  GtkWidget *problems;
  const char *text;
  gint64 before = n_entries (fixture);

  /* The setup page offers it. */
  g_assert_nonnull (vt_test_find_button (GTK_WIDGET (fixture->page), "_Import Staff List…"));

  bad = write_csv (fixture, "navn;rolle\nUla Ulvik;vert\nTrond Tlf;vert\n;medlem\n"
                            "Per Kokk;kokk\n");
  vt_station_page_import_staff_file (fixture->page, bad);
  vt_test_settle ();
  dialog = vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Staff List Not Imported");
  problems = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (problems);
  text = gtk_label_get_label (GTK_LABEL (vt_test_find_widget (problems, GTK_TYPE_LABEL)));
  g_assert_nonnull (strstr (text, "Line 4: there is no name"));
  g_assert_nonnull (strstr (text, "Line 5: the role “kokk” is not one Valgting knows"));
  g_assert_null (strstr (text, "Line 2"));
  /* Nothing of it was written, and no toast says otherwise. */
  g_assert_cmpint (n_entries (fixture), ==, before);
  g_assert_false (toast_shown (fixture->window));
  g_assert_null (vt_test_find_label (GTK_WIDGET (fixture->page), "Ula Ulvik", TRUE));
  gtk_window_destroy (dialog);
  vt_test_settle ();

  good = write_csv (fixture, "rolle;navn\nvert;Ula Ulvik\nstempler;Trond Tå\n");
  vt_station_page_import_staff_file (fixture->page, good);
  vt_test_iterate_until (toast_shown, fixture->window);
  g_assert_cmpstr (adw_toast_get_title (vt_window_get_toast (fixture->window)), ==,
                   "2 people added to the staff");
  g_assert_null (vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpint (n_entries (fixture), ==, before + 2);
  vt_test_settle ();
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page), "Ula Ulvik", TRUE));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page), "Trond Tå", TRUE));
}

/* Once the opening begins, the action is off and the page no longer offers it. */
static void
test_only_in_setup (UiFixture    *fixture,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  GPtrArray *checks = vt_config_get_checklist (vt_station_get_config (fixture->station.station));

  GtkWidget *button = vt_test_find_button (GTK_WIDGET (fixture->page), "_Import Staff List…");
  /* A button of the test's own bound to the action, to see it turned off. */
  GtkWidget *probe = gtk_button_new ();

  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), "station.import-staff");
  gtk_widget_set_parent (probe, GTK_WIDGET (fixture->page));
  vt_test_settle ();
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_is_sensitive (probe));

  json_object_set_string_member (payload, "check",
                                 ((VtCheck *)g_ptr_array_index (checks, 0))->id);
  entry = vt_station_execute (fixture->station.station, "check-1", VT_KIND_CHECK_DONE,
                              vt_station_get_actor (fixture->station.station), payload, &error);
  g_assert_no_error (error);
  vt_test_settle ();
  vt_test_settle ();
  g_assert_false (vt_station_allows_now (fixture->station.station, VT_KIND_PERSON_ADD));
  g_assert_false (gtk_widget_is_sensitive (probe));
  gtk_widget_unparent (probe);
  vt_station_page_show (fixture->page, "opening");
  vt_test_settle ();
  g_assert_null (vt_test_find_button (GTK_WIDGET (fixture->page), "_Import Staff List…"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  the_app = vt_application_new (G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;
    g_application_register (G_APPLICATION (the_app), NULL, &error);
    g_assert_no_error (error);
  }

  g_test_add ("/staff/window/refused-list-is-a-dialog-accepted-one-a-toast", UiFixture, NULL,
              fixture_set_up, test_refused_then_imported, fixture_tear_down);
  g_test_add ("/staff/window/offered-only-in-setup", UiFixture, NULL, fixture_set_up,
              test_only_in_setup, fixture_tear_down);

  return g_test_run ();
}
