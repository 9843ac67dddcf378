/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "vt-application.h"
#include "vt-documents-view.h"
#include "vt-station-page.h"
#include "vt-store.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* The station's data from the Documents view, in a real window under a (virtual) display: each
 * Export… button opens the file chooser with a name made of the station file's, the file is
 * written off the main thread and reads back as its kind, a file the chair chose to replace is
 * replaced whole with no temporary file left beside it, a name the log cannot be written as is
 * refused in a dialog with nothing written, and the station's log is not touched. */

typedef struct
{
  StationFixture station;
  VtWindow *window;
  VtStationPage *page;
  char *out_dir;
} ExportFixture;

static VtApplication *the_app;

static void
fixture_set_up (ExportFixture *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StationFixture *station = &fixture->station;

  station->dir = g_dir_make_tmp ("valgting-data-export-XXXXXX", &error);
  g_assert_no_error (error);
  station->station = vt_station_create_training (station->dir, &error);
  g_assert_no_error (error);
  station->path = g_strdup (vt_station_get_path (station->station));
  station->config = g_object_ref (vt_station_get_config (station->station));
  fixture->out_dir = g_build_filename (station->dir, "out", NULL);
  g_assert_cmpint (g_mkdir (fixture->out_dir, 0700), ==, 0);

  fixture->window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
  vt_window_set_station (fixture->window, station->station);
  fixture->page = vt_window_get_station_page (fixture->window);
  vt_test_settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.documents",
                                             NULL));
  vt_test_settle ();
}

static void
fixture_tear_down (ExportFixture *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  g_free (fixture->out_dir);
  station_fixture_tear_down (&fixture->station, data);
}

static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }
  return n;
}

static gboolean
chooser_open (gpointer data)
{
  return count_toplevels (GTK_TYPE_FILE_CHOOSER_DIALOG) == 1;
}

typedef struct
{
  VtWindow *window;
  const char *text;
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  ToastWait *wait = data;
  AdwToast *toast = vt_window_get_toast (wait->window);
  AdwMessageDialog *dialog = (AdwMessageDialog *)vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  /* a failure is said at once, not after the wait's time runs out */
  if (dialog != NULL)
    g_error ("%s: %s", adw_message_dialog_get_heading (dialog),
             adw_message_dialog_get_body (dialog));
  return toast != NULL && g_strcmp0 (adw_toast_get_title (toast), wait->text) == 0;
}

static gboolean
message_shown (gpointer data)
{
  return count_toplevels (ADW_TYPE_MESSAGE_DIALOG) == 1;
}

/* Presses the Export… button of the row titled @title in the Documents view and answers the
 * chooser with @name in the fixture's out folder, saying replace when it asks (@replace: it must
 * ask); returns the name the chooser offered. */
static char *
export_as (ExportFixture *fixture,
           const char    *title,
           const char    *name,
           gboolean       replace)
{
  GtkWidget *view = vt_test_find_widget (GTK_WIDGET (fixture->page), VT_TYPE_DOCUMENTS_VIEW);
  GtkWidget *label = vt_test_find_label (view, title, TRUE);
  GtkWidget *row, *button;
  GtkWindow *chooser;
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->out_dir);
  char *offered;

  g_assert_nonnull (label);
  row = gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  button = vt_test_find_button (row, "Export…");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  vt_test_iterate_until (chooser_open, NULL);
  chooser = vt_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  offered = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  /* Each step waits for the chooser to load its folder: choosing another meanwhile cancels
   * that load and the name set is reset. */
  for (guint i = 0; i < 10; i++)
    vt_test_settle ();
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  for (guint i = 0; i < 10; i++)
    vt_test_settle ();
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  vt_test_settle ();
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  vt_test_settle ();
  /* A name already there: the chooser asks first, and the chair says replace. */
  if (replace)
    {
      GtkWindow *ask = vt_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);

      g_assert_nonnull (ask);
      gtk_dialog_response (GTK_DIALOG (ask), GTK_RESPONSE_ACCEPT);
    }
  g_assert_null (vt_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
  return offered;
}

static void
wait_saved (ExportFixture *fixture,
            const char    *name)
{
  g_autofree char *text = g_strdup_printf ("%s saved", name);
  ToastWait wait = { fixture->window, text };

  vt_test_iterate_until (toast_shown, &wait);
  g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
}

static JsonObject *
read_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Only the names of what was written: no temporary file stays beside an export. */
static char *
folder_listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

/* The chooser offers the station file's name with the kind's: "nesttun-results.json". */
static void
assert_offered (const char *offered,
                const char *stem,
                const char *kind)
{
  g_autofree char *expected = g_strdup_printf ("%s-%s", stem, kind);

  g_assert_cmpstr (offered, ==, expected);
}

static void
test_exports (ExportFixture *fixture,
              gconstpointer  data)
{
  VtStore *store = vt_station_get_store (fixture->station.station);
  gint64 n_entries = vt_store_get_n_entries (store);
  g_autofree char *base = g_path_get_basename (fixture->station.path);
  g_autofree char *stem = g_strndup (base, strrchr (base, '.') - base);
  g_autofree char *offered = NULL;
  g_autofree char *log_path = g_build_filename (fixture->out_dir, "log.csv", NULL);
  g_autofree char *results_path = g_build_filename (fixture->out_dir, "results.json", NULL);
  g_autofree char *events_path = g_build_filename (fixture->out_dir, "events.json", NULL);
  g_autofree char *wrong_path = g_build_filename (fixture->out_dir, "log.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  /* The log as CSV: a header and a line an entry (no field of a training station's first
   * entries spans lines). */
  offered = export_as (fixture, "Log", "log.csv", FALSE);
  assert_offered (offered, stem, "log.csv");
  wait_saved (fixture, "log.csv");
  g_file_get_contents (log_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "seq,time,kind,"));
  {
    g_auto(GStrv) lines = g_strsplit (g_strchomp (contents), "\r\n", -1);
    g_assert_cmpint (g_strv_length (lines), ==, n_entries + 1);
  }
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&offered, g_free);

  /* The results, replacing a file the chair chose to replace. */
  g_file_set_contents (results_path, "old", -1, &error);
  g_assert_no_error (error);
  offered = export_as (fixture, "Results", "results.json", TRUE);
  assert_offered (offered, stem, "results.json");
  wait_saved (fixture, "results.json");
  {
    g_autoptr(JsonObject) results = read_json (results_path);
    g_assert_cmpstr (json_object_get_string_member_with_default (results, "format", ""), ==,
                     "valgting-results/1");
    g_assert_cmpint (json_object_get_int_member_with_default (results, "n_entries", 0), ==,
                     n_entries);
  }
  g_clear_pointer (&offered, g_free);

  /* The NIST event log: an event an entry. */
  offered = export_as (fixture, "Event log (NIST)", "events.json", FALSE);
  assert_offered (offered, stem, "events.json");
  wait_saved (fixture, "events.json");
  {
    g_autoptr(JsonObject) events = read_json (events_path);
    JsonArray *devices = json_object_get_array_member (events, "Device");
    JsonObject *device = json_array_get_object_element (devices, 0);
    JsonArray *list = json_object_get_array_member (device, "Event");

    g_assert_cmpint (json_array_get_length (list), ==, n_entries);
  }

  /* A name the log cannot be written as: said in a dialog, nothing written. */
  g_clear_pointer (&offered, g_free);
  offered = export_as (fixture, "Log", "log.txt", FALSE);
  vt_test_iterate_until (message_shown, NULL);
  {
    AdwMessageDialog *dialog = (AdwMessageDialog *)vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The File Was Not Saved");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), ".csv"));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  g_assert_false (g_file_test (wrong_path, G_FILE_TEST_EXISTS));

  listing = folder_listing (fixture->out_dir);
  g_assert_cmpstr (listing, ==, "events.json log.csv results.json");
  /* Exports are not prints: the station's log is as it was. */
  g_assert_cmpint (vt_store_get_n_entries (store), ==, n_entries);
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

  g_test_add ("/data-export/window/log-results-events-from-the-documents-view", ExportFixture,
              NULL, fixture_set_up, test_exports, fixture_tear_down);

  return g_test_run ();
}
