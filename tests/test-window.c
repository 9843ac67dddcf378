/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "vt-application.h"
#include "vt-document-actions.h"
#include "vt-log-view.h"
#include "vt-note-dialog.h"
#include "vt-paper-check-dialog.h"
#include "vt-start-page.h"
#include "vt-station-page.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* The real window, under a real (virtual) display: the chair's actions are activated the way
 * the keyboard shortcuts and buttons activate them, and the result is looked for both on the
 * screen and in the station file. */

typedef struct
{
  StationFixture station;
  VtApplication *app;
  VtWindow *window;
} WindowFixture;

/* A stand-in for the desktop's session manager on the test's private session bus, in a
 * thread of its own (GtkApplication calls it synchronously): what it was asked to inhibit. */
static GMutex sm_lock;
static GCond sm_cond;
static gboolean sm_ready;
static guint sm_flags;      /* what is inhibited now */
static char *sm_reason;     /* the reason given last */
static GHashTable *sm_cookies;

static const char sm_xml[] =
  "<node><interface name='org.gnome.SessionManager'>"
  "<method name='Inhibit'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='Uninhibit'><arg type='u' direction='in'/></method>"
  "<method name='IsInhibited'><arg type='u' direction='in'/><arg type='b' direction='out'/>"
  "</method></interface></node>";

static void
sm_recompute (void)
{
  GHashTableIter iter;
  gpointer flags;

  sm_flags = 0;
  g_hash_table_iter_init (&iter, sm_cookies);
  while (g_hash_table_iter_next (&iter, NULL, &flags))
    sm_flags |= GPOINTER_TO_UINT (flags);
}

static void
sm_method (GDBusConnection       *connection,
           const char            *sender,
           const char            *path,
           const char            *interface,
           const char            *method,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  static guint next_cookie = 1;

  g_mutex_lock (&sm_lock);
  if (g_str_equal (method, "Inhibit"))
    {
      const char *reason;
      guint flags, cookie = next_cookie++;

      g_variant_get (parameters, "(&su&su)", NULL, NULL, &reason, &flags);
      g_free (sm_reason);
      sm_reason = g_strdup (reason);
      g_hash_table_insert (sm_cookies, GUINT_TO_POINTER (cookie), GUINT_TO_POINTER (flags));
      sm_recompute ();
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", cookie));
    }
  else if (g_str_equal (method, "Uninhibit"))
    {
      guint cookie;

      g_variant_get (parameters, "(u)", &cookie);
      g_hash_table_remove (sm_cookies, GUINT_TO_POINTER (cookie));
      sm_recompute ();
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      guint flags;

      g_variant_get (parameters, "(u)", &flags);
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(b)", (sm_flags & flags) != 0));
    }
  g_mutex_unlock (&sm_lock);
}

static void
sm_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  g_mutex_lock (&sm_lock);
  sm_ready = TRUE;
  g_cond_signal (&sm_cond);
  g_mutex_unlock (&sm_lock);
}

static gpointer
sm_thread (gpointer data)
{
  static const GDBusInterfaceVTable vtable = { sm_method, NULL, NULL, { 0 } };
  GMainContext *context = g_main_context_new ();
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  bus = g_dbus_connection_new_for_address_sync (
    g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (sm_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/gnome/SessionManager", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.gnome.SessionManager", G_BUS_NAME_OWNER_FLAGS_NONE,
                                sm_name_acquired, NULL, NULL, NULL);
  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static void
start_session_manager (void)
{
  sm_cookies = g_hash_table_new (NULL, NULL);
  g_thread_unref (g_thread_new ("session-manager", sm_thread, NULL));
  g_mutex_lock (&sm_lock);
  while (!sm_ready)
    g_cond_wait (&sm_cond, &sm_lock);
  g_mutex_unlock (&sm_lock);
}

static guint
sm_inhibited (void)
{
  guint flags;

  g_mutex_lock (&sm_lock);
  flags = sm_flags;
  g_mutex_unlock (&sm_lock);
  return flags;
}

/* One application for the whole program, as in a real session; each test gets a new window. */
static VtApplication *the_app;

static void
window_fixture_set_up (WindowFixture *fixture,
                       gconstpointer  data)
{
  station_fixture_set_up (&fixture->station, data);

  fixture->app = the_app;
  fixture->window = vt_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
}

static void
window_fixture_tear_down (WindowFixture *fixture,
                          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  station_fixture_tear_down (&fixture->station, data);
}

static VtNoteDialog *
find_note_dialog (void)
{
  return (VtNoteDialog *)vt_test_find_toplevel (VT_TYPE_NOTE_DIALOG);
}

static gboolean
note_dialog_open (gpointer data)
{
  return find_note_dialog () != NULL;
}

static gboolean
note_dialog_closed (gpointer data)
{
  return find_note_dialog () == NULL;
}

static char *
note_texts_in_file (const char *path)
{
  sqlite3 *db = vt_test_open_raw (path);
  sqlite3_stmt *stmt = NULL;
  GString *texts = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT json_extract (payload, '$.text') FROM journal "
                                           "WHERE kind = 'note' ORDER BY seq", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (texts, "%s|", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (texts, FALSE);
}

static void
test_add_note_through_action (WindowFixture *fixture,
                              gconstpointer  data)
{
  const char *text = "Opened the doors at 09:00; queue of 14 outside.";
  GListModel *journal = vt_station_get_journal (fixture->station.station);
  g_autofree char *in_file = NULL;
  g_autoptr(VtJournalEntry) newest = NULL;
  VtNoteDialog *dialog;

  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->window), "0656 Nesttun skole",
                                        TRUE));

  /* The action the Log Entry button and Ctrl+L both activate. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-note",
                                             NULL));
  vt_test_iterate_until (note_dialog_open, NULL);
  dialog = find_note_dialog ();

  vt_note_dialog_set_text (dialog, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "note.add", NULL));
  vt_test_iterate_until (note_dialog_closed, NULL);
  vt_test_settle ();

  /* In the list, newest first... */
  g_assert_cmpuint (g_list_model_get_n_items (journal), ==, 2);
  newest = g_list_model_get_item (journal, 0);
  g_assert_cmpstr (vt_journal_entry_get_kind (newest), ==, "note");
  vt_station_page_show (vt_window_get_station_page (fixture->window), "log");
  vt_test_settle ();
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->window), text, TRUE));

  /* ...and in the file, read without Valgting's code. */
  in_file = note_texts_in_file (fixture->station.path);
  g_assert_cmpstr (in_file, ==, "Opened the doors at 09:00; queue of 14 outside.|");
}

static void
test_refused_note_stays_in_dialog (WindowFixture *fixture,
                                   gconstpointer  data)
{
  const char *text = "Voter 01010010183 was marked at the wrong line";
  g_autofree char *in_file = NULL;
  VtNoteDialog *dialog;

  vt_window_set_station (fixture->window, fixture->station.station);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-note",
                                             NULL));
  vt_test_iterate_until (note_dialog_open, NULL);
  dialog = find_note_dialog ();

  vt_note_dialog_set_text (dialog, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "note.add", NULL));
  vt_test_settle ();

  /* The dialog is still there with the reason in place; the log shows the refused attempt, and
   * no note was written. */
  g_assert_true (find_note_dialog () == dialog);
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog), "national identity number", FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (vt_station_get_journal (fixture->station.station)),
                    ==, 2);
  g_clear_pointer (&in_file, g_free);
  in_file = note_texts_in_file (fixture->station.path);
  g_assert_cmpstr (in_file, ==, "");
  g_clear_pointer (&in_file, g_free);

  /* The chair fixes the text and the same dialog saves it. */
  vt_note_dialog_set_text (dialog, "Voter at table 2, page 14, line 7 was marked wrongly");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "note.add", NULL));
  vt_test_iterate_until (note_dialog_closed, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (vt_station_get_journal (fixture->station.station)),
                    ==, 3);
  in_file = note_texts_in_file (fixture->station.path);
  g_assert_cmpstr (in_file, ==, "Voter at table 2, page 14, line 7 was marked wrongly|");
}

static void
test_actions_have_accelerators (WindowFixture *fixture,
                                gconstpointer  data)
{
  static const char *actions[] = {
    "win.add-note", "win.open", "win.new-station", "win.start-training", "win.close-station",
    "win.show-help-overlay", "app.quit",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (
        GTK_APPLICATION (fixture->app), actions[i]);
      g_test_message ("%s: %s", actions[i], accels[0]);
      g_assert_nonnull (accels[0]);
    }
}

/* A page is built when first shown, and only once. */
static void
test_pages_built_when_first_shown (WindowFixture *fixture,
                                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  VtWindow *on_station;

  /* Shown without a station: the start page, not the station page. */
  g_assert_cmpuint (vt_test_count_widgets (window, VT_TYPE_START_PAGE), ==, 1);
  g_assert_cmpuint (vt_test_count_widgets (window, VT_TYPE_STATION_PAGE), ==, 0);
  g_assert_nonnull (vt_test_find_label (window, "Start Training Election", TRUE));

  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
  g_assert_cmpuint (vt_test_count_widgets (window, VT_TYPE_STATION_PAGE), ==, 1);
  vt_window_set_station (fixture->window, NULL);
  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
  g_assert_cmpuint (vt_test_count_widgets (window, VT_TYPE_START_PAGE), ==, 1);
  g_assert_cmpuint (vt_test_count_widgets (window, VT_TYPE_STATION_PAGE), ==, 1);
  vt_window_set_station (fixture->window, NULL);

  /* Opened on a station, as from the command line: never the start page. */
  on_station = vt_window_new (fixture->app);
  vt_window_set_station (on_station, fixture->station.station);
  gtk_window_present (GTK_WINDOW (on_station));
  vt_test_iterate_until (vt_test_widget_is_mapped, on_station);
  g_assert_cmpuint (vt_test_count_widgets (GTK_WIDGET (on_station), VT_TYPE_START_PAGE), ==, 0);
  g_assert_true (vt_window_get_station (on_station) == fixture->station.station);
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (on_station), "Log Entry", FALSE));

  /* It opens on a phase; the log is built when the chair goes to it. */
  g_assert_cmpuint (vt_test_count_widgets (GTK_WIDGET (on_station), VT_TYPE_LOG_VIEW), ==, 0);
  vt_station_page_show (vt_window_get_station_page (on_station), "log");
  vt_test_settle ();
  g_assert_cmpuint (vt_test_count_widgets (GTK_WIDGET (on_station), VT_TYPE_LOG_VIEW), ==, 1);
  g_assert_true (gtk_widget_get_mapped (vt_test_find_widget (GTK_WIDGET (on_station),
                                                      VT_TYPE_LOG_VIEW)));
  gtk_window_destroy (GTK_WINDOW (on_station));
  vt_test_settle ();
}

static gboolean
palette_open (gpointer data)
{
  GtkWindow *window = vt_test_find_toplevel (ADW_TYPE_WINDOW);

  return window != NULL && g_strcmp0 (gtk_window_get_title (window), "Record") == 0;
}

/* The last row of a phase opens the palette, which lists every step that can be recorded
 * now. */
static void
test_everything_row_opens_palette (WindowFixture *fixture,
                                   gconstpointer  data)
{
  GtkWidget *label, *row;

  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
  label = vt_test_find_label (GTK_WIDGET (fixture->window), "Everything that can be recorded now",
                              TRUE);
  g_assert_nonnull (label);
  row = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));

  g_signal_emit_by_name (row, "activate");
  vt_test_iterate_until (palette_open, NULL);
  gtk_window_destroy (vt_test_find_toplevel (ADW_TYPE_WINDOW));
  vt_test_settle ();
}

static gboolean
menu_item_shown (gpointer data)
{
  return vt_test_find_label (GTK_WIDGET (data), "Search the Log", TRUE) != NULL;
}

/* The main menu's popover is made when it is first opened, and then has every item. */
static void
test_menu_built_when_first_opened (WindowFixture *fixture,
                                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *page, *button;

  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
  page = GTK_WIDGET (vt_window_get_station_page (fixture->window));
  g_assert_cmpuint (vt_test_count_widgets (page, GTK_TYPE_POPOVER_MENU), ==, 0);

  button = vt_test_find_widget (page, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  vt_test_iterate_until (menu_item_shown, window);
  g_assert_cmpuint (vt_test_count_widgets (page, GTK_TYPE_POPOVER_MENU), ==, 1);
  g_assert_nonnull (vt_test_find_label (window, "Close Station File", TRUE));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  vt_test_settle ();
}

static gboolean
shortcuts_window_open (gpointer data)
{
  return vt_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

/* Built only when asked for (not with the window), yet there for the asking, over the window,
 * listing Valgting's own shortcuts. */
static void
test_shortcuts_window_on_demand (WindowFixture *fixture,
                                 gconstpointer  data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (fixture->window);
  GtkWindow *shortcuts;

  g_assert_null (gtk_application_window_get_help_overlay (window));

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  vt_test_iterate_until (shortcuts_window_open, NULL);
  shortcuts = vt_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_true (GTK_WINDOW (gtk_application_window_get_help_overlay (window)) == shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (shortcuts), "Write an entry in the log",
                                        TRUE));

  /* Closed, it is hidden and shown again, not built twice. */
  gtk_window_close (shortcuts);
  vt_test_settle ();
  g_assert_null (vt_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  vt_test_iterate_until (shortcuts_window_open, NULL);
  g_assert_true (vt_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);
  gtk_window_close (shortcuts);
  vt_test_settle ();
}

static void
test_station_actions_need_a_station (WindowFixture *fixture,
                                     gconstpointer  data)
{
  GActionGroup *group = G_ACTION_GROUP (fixture->window);

  g_assert_false (g_action_group_get_action_enabled (group, "add-note"));
  g_assert_false (g_action_group_get_action_enabled (group, "close-station"));

  vt_window_set_station (fixture->window, fixture->station.station);
  g_assert_true (g_action_group_get_action_enabled (group, "add-note"));

  g_action_group_activate_action (group, "close-station", NULL);
  g_assert_null (vt_window_get_station (fixture->window));
  g_assert_false (g_action_group_get_action_enabled (group, "add-note"));
  vt_test_settle ();

  /* The station page stays, without a station: its keys (Ctrl+F, Ctrl+1…) do nothing. */
  {
    GtkWidget *page = GTK_WIDGET (vt_window_get_station_page (fixture->window));

    gtk_widget_activate_action (page, "station.search", NULL);
    gtk_widget_activate_action (page, "station.envelope", "u", 0);
    vt_test_settle ();
    g_assert_cmpuint (vt_test_count_widgets (page, VT_TYPE_LOG_VIEW), ==, 0);
    g_assert_null (vt_station_page_get_station (VT_STATION_PAGE (page)));
  }

  /* The station just closed is offered again on the start page. */
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->window), "station.valgting",
                                        TRUE));
}

static gboolean
config_chooser_open (gpointer data)
{
  return vt_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
station_opened (gpointer data)
{
  return vt_window_get_station (VT_WINDOW (data)) != NULL;
}

/* New Station… asks only for the election configuration: the station file is made in
 * Valgting's own folder (README, "Where station files live"), with no second file chooser,
 * which in the Flatpak would hand over a place sqlite cannot record in. */
static void
test_new_station_in_data_folder (WindowFixture *fixture,
                                 gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "valgting", "stations",
                                              NULL);
  g_autofree char *config = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                   "example-election.json", NULL);
  g_autofree char *made = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (config);
  g_autoptr(GFile) config_folder = g_file_get_parent (file);
  GtkWindow *chooser;
  VtStation *station;

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                    "new-station"));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "new-station", NULL);
  vt_test_iterate_until (config_chooser_open, NULL);
  chooser = vt_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  /* Each step waits for the chooser to load its folder. */
  for (guint i = 0; i < 10; i++)
    vt_test_settle ();
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), config_folder,
                                                      NULL));
  for (guint i = 0; i < 10; i++)
    vt_test_settle ();
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  for (guint i = 0; i < 10; i++)
    vt_test_settle ();
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  vt_test_iterate_until (station_opened, fixture->window);
  vt_test_settle ();

  /* No second chooser, no error: the station is open, in the folder, for recording. */
  g_assert_null (vt_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_null (vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  station = vt_window_get_station (fixture->window);
  made = g_strdup (vt_station_get_path (station));
  g_test_message ("Made %s", made);
  g_assert_true (g_str_has_prefix (made, folder));
  g_assert_true (g_str_has_suffix (made, ".valgting"));
  g_assert_false (vt_station_get_read_only (station));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                    "add-note"));

  vt_window_set_station (fixture->window, NULL);
  vt_test_settle ();
  g_assert_cmpint (g_unlink (made), ==, 0);
}

static void
test_training_is_marked (WindowFixture *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) training = vt_station_create_training (fixture->station.dir, &error);

  g_assert_no_error (error);
  vt_window_set_station (fixture->window, training);
  vt_test_settle ();
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->window), "TRAINING", FALSE));

  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
  g_assert_null (vt_test_find_label (GTK_WIDGET (fixture->window), "TRAINING", FALSE));
}

static gboolean
is_allocated (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_height (widget) > 0;
}

/* At 1024×600 the header, the training band and the clock leave the page most of the screen:
 * the page starts within 110 px of the top (it was 150). */
static void
test_header_is_compact (WindowFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) training = vt_station_create_training (fixture->station.dir, &error);
  GtkWidget *page, *leaflet, *banner, *clock;
  graphene_rect_t bounds;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  vt_window_set_station (fixture->window, training);
  page = GTK_WIDGET (vt_window_get_station_page (fixture->window));
  leaflet = vt_test_find_widget (page, ADW_TYPE_LEAFLET);
  vt_test_iterate_until (is_allocated, leaflet);
  vt_test_settle ();

  g_assert_true (gtk_widget_compute_bounds (leaflet, GTK_WIDGET (fixture->window), &bounds));
  g_test_message ("the page starts %.0f px from the top", bounds.origin.y);
  g_assert_cmpfloat (bounds.origin.y, <=, 110);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), >=, 1000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 1024);

  /* Slim, but there: the band and the clock are still shown. */
  banner = vt_test_find_label (page, "TRAINING ELECTION", FALSE);
  g_assert_nonnull (banner);
  g_assert_true (gtk_widget_get_mapped (banner));
  g_assert_true (gtk_widget_has_css_class (banner, "training-banner"));
  clock = vt_test_find_widget (page, ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (clock);
  g_assert_nonnull (vt_test_find_label (clock, ":", FALSE));
}

static GtkWidget *
find_by_class (GtkWidget  *widget,
               const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static int
natural_height (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* Large Text (a larger text scale) makes the clock and the training band larger too: their
 * sizes are relative to the text, not in pixels. */
static void
test_header_follows_large_text (WindowFixture *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) training = vt_station_create_training (fixture->station.dir, &error);
  GtkSettings *settings = gtk_settings_get_default ();
  const char *classes[] = { "station-clock", "training-banner" };
  int dpi = 0;

  g_assert_no_error (error);
  vt_window_set_station (fixture->window, training);
  vt_test_settle ();
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    dpi = 96 * 1024;

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      GtkWidget *widget = find_by_class (GTK_WIDGET (fixture->window), classes[i]);
      int normal, large;

      g_assert_nonnull (widget);
      g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
      vt_test_settle ();
      normal = natural_height (widget);
      g_object_set (settings, "gtk-xft-dpi", dpi * 3 / 2, NULL);
      vt_test_settle ();
      large = natural_height (widget);
      g_test_message ("%s: %d px, %d px with large text", classes[i], normal, large);
      g_assert_cmpint (large * 10, >=, normal * 13);
    }
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  vt_test_settle ();
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* Confirmations never queue: a new one replaces the one shown at once, so entry 20's never
 * shows after entry 22's. */
static void
test_toasts_replace_not_queue (WindowFixture *fixture,
                               gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
  vt_window_show_toast (fixture->window, "Entry 20 saved");
  wait_ms (400);
  g_assert_nonnull (vt_test_find_label (window, "Entry 20 saved", TRUE));
  vt_window_show_toast (fixture->window, "Entry 21 saved");
  vt_window_show_toast (fixture->window, "Entry 22 & more saved");
  wait_ms (700);
  g_assert_nonnull (vt_test_find_label (window, "Entry 22 & more saved", TRUE));
  g_assert_null (vt_test_find_label (window, "Entry 20 saved", TRUE));
  g_assert_null (vt_test_find_label (window, "Entry 21 saved", TRUE));

  /* When it goes, nothing older comes back, and it goes soon. */
  wait_ms (3600);
  g_assert_null (vt_window_get_toast (fixture->window));
  g_assert_null (vt_test_find_label (window, "Entry 2", FALSE));
}

/* A toast never covers the focused button: the page scrolls it up above the toast. */
static void
test_toast_leaves_focus_visible (WindowFixture *fixture,
                                 gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *page, *focus = NULL;
  int height;
  graphene_rect_t bounds;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  vt_window_set_station (fixture->window, fixture->station.station);
  page = GTK_WIDGET (vt_window_get_station_page (fixture->window));
  vt_test_iterate_until (is_allocated, vt_test_find_widget (page, ADW_TYPE_LEAFLET));
  vt_test_settle ();
  height = gtk_widget_get_height (window);

  /* The lowest button shown on the page, where a toast would come. */
  {
    GtkWidget *scroller = vt_test_find_widget (vt_test_find_widget (page, GTK_TYPE_STACK),
                                               GTK_TYPE_SCROLLED_WINDOW);
    GPtrArray *todo = g_ptr_array_new ();

    g_assert_nonnull (scroller);
    g_ptr_array_add (todo, scroller);
    while (todo->len > 0)
      {
        GtkWidget *widget = g_ptr_array_steal_index (todo, todo->len - 1);

        for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
             c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (todo, c);
        if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
            gtk_widget_compute_bounds (widget, window, &bounds) &&
            bounds.origin.y + bounds.size.height <= height &&
            bounds.origin.y + bounds.size.height > height - 70)
          focus = widget;
      }
    g_ptr_array_unref (todo);
  }
  g_assert_nonnull (focus);
  gtk_widget_grab_focus (focus);

  /* Clicked with the pointer: nothing moves under it. */
  {
    graphene_rect_t before;

    gtk_window_set_focus_visible (GTK_WINDOW (window), FALSE);
    g_assert_true (gtk_widget_compute_bounds (focus, window, &before));
    vt_window_show_toast (fixture->window, "Entry 2 saved");
    wait_ms (500);
    g_assert_true (gtk_widget_compute_bounds (focus, window, &bounds));
    g_assert_cmpfloat (bounds.origin.y, ==, before.origin.y);
  }

  /* Reached by keyboard: it comes up above the toast. */
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  vt_window_show_toast (fixture->window, "Entry 3 saved");
  wait_ms (500);
  g_assert_true (gtk_widget_compute_bounds (focus, window, &bounds));
  g_test_message ("focused button ends at %.0f of %d", bounds.origin.y + bounds.size.height,
                  height);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height - 80);
}

static gboolean
leaflet_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (leaflet);
}

static gboolean
leaflet_unfolded (gpointer leaflet)
{
  return !adw_leaflet_get_folded (leaflet);
}

static gboolean
back_button_shown (gpointer page)
{
  GtkWidget *header = vt_test_find_widget (page, ADW_TYPE_HEADER_BAR);
  GPtrArray *todo = g_ptr_array_new ();
  gboolean found = FALSE;

  g_ptr_array_add (todo, header);
  while (todo->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (todo, c);
      found |= GTK_IS_BUTTON (w) && gtk_widget_get_mapped (w) &&
               g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)),
                          "station.show-sidebar") == 0;
    }
  g_ptr_array_unref (todo);
  return found;
}

static gboolean
back_button_hidden (gpointer page)
{
  return !back_button_shown (page);
}

/* Narrowing and widening the window folds the phases away and back, without a GTK warning
 * (the tests make warnings fatal: the back button once changed the header bar in the middle
 * of its allocation), and the back button comes with the fold. */
static void
test_fold_without_warnings (WindowFixture *fixture,
                            gconstpointer  data)
{
  GtkWidget *page, *back = NULL;
  AdwLeaflet *leaflet;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  vt_window_set_station (fixture->window, fixture->station.station);
  page = GTK_WIDGET (vt_window_get_station_page (fixture->window));
  leaflet = ADW_LEAFLET (vt_test_find_widget (page, ADW_TYPE_LEAFLET));
  vt_test_iterate_until (leaflet_unfolded, leaflet);
  vt_test_settle ();

  for (guint i = 0; i < 2; i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 600);
      vt_test_iterate_until (leaflet_folded, leaflet);
      vt_test_settle ();
      /* Comes right after the frame that folded (ten seconds at most under load). */
      vt_test_iterate_until (back_button_shown, page);
      back = vt_test_find_widget (page, ADW_TYPE_HEADER_BAR);
      g_assert_nonnull (back);
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
      vt_test_iterate_until (leaflet_unfolded, leaflet);
      vt_test_iterate_until (back_button_hidden, page);
      vt_test_settle ();
    }
}

/* The shortcuts window fits a 1024×600 screen, in every page of it. */
static void
test_shortcuts_window_fits (WindowFixture *fixture,
                            gconstpointer  data)
{
  GtkWindow *shortcuts;
  GtkWidget *stack;
  int width = 0, height = 0;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-help-overlay", NULL);
  vt_test_iterate_until (shortcuts_window_open, NULL);
  shortcuts = vt_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  stack = vt_test_find_widget (GTK_WIDGET (shortcuts), GTK_TYPE_STACK);
  g_assert_nonnull (stack);
  for (GtkWidget *section = gtk_widget_get_first_child (stack); section != NULL;
       section = gtk_widget_get_next_sibling (section))
    {
      if (!GTK_IS_SHORTCUTS_SECTION (section))
        continue;
      gtk_stack_set_visible_child (GTK_STACK (stack), section);
      vt_test_settle ();
      gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width,
                          NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_VERTICAL, width, NULL,
                          &height, NULL, NULL);
      g_test_message ("shortcuts window: %d × %d", width, height);
      g_assert_cmpint (width, <=, 1024);
      g_assert_cmpint (height, <=, 600);
    }
  g_assert_cmpint (width, >, 0);
  gtk_window_close (shortcuts);
  vt_test_settle ();
}

static GtkWidget *
find_shortcut (GtkWidget  *widget,
               const char *title)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *shortcut_title = NULL;

      g_object_get (widget, "title", &shortcut_title, NULL);
      if (g_strcmp0 (shortcut_title, title) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shortcut (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The action the station page's own keys bind to @keyval with @mods, or NULL. */
static const char *
station_page_key_action (GtkWidget       *page,
                         guint            keyval,
                         GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (page);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && GTK_IS_NAMED_ACTION (action) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }
  return NULL;
}

/* The shortcuts window lists the Documents view's key, the very key the station page binds. */
static void
test_shortcuts_window_lists_documents (WindowFixture *fixture,
                                       gconstpointer  data)
{
  GtkWindow *shortcuts;
  GtkWidget *shortcut;
  g_autofree char *accelerator = NULL;
  guint keyval = 0;
  GdkModifierType mods = 0;

  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-help-overlay", NULL);
  vt_test_iterate_until (shortcuts_window_open, NULL);
  shortcuts = vt_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  shortcut = find_shortcut (GTK_WIDGET (shortcuts), "Show the documents");
  g_assert_nonnull (shortcut);
  g_object_get (shortcut, "accelerator", &accelerator, NULL);
  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &mods));
  g_assert_cmpstr (station_page_key_action (GTK_WIDGET (vt_window_get_station_page (
                                              fixture->window)), keyval, mods),
                   ==, "station.documents");
  gtk_window_close (shortcuts);
  vt_test_settle ();
}

/* ---- the file is checked before a document leaves it ------------------------------------ */

static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }
  return n;
}

static void
close_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  vt_test_settle ();
}

static gboolean
message_dialog_open (gpointer data)
{
  return count_toplevels (ADW_TYPE_MESSAGE_DIALOG) >= GPOINTER_TO_UINT (data);
}

static void
add_notes (WindowFixture *fixture,
           guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *text = g_strdup_printf ("Note %u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) entry = vt_station_log_note (fixture->station.station, id, text,
                                                             &error);
      g_assert_no_error (error);
    }
}

/* A derived table changed outside Valgting while the station is open (approved ballots
 * raised with the sqlite3 shell, say): preview, save as PDF and print refuse, say why and log
 * nothing; the untouched file previews. */
static void
test_documents_refused_when_tampered (WindowFixture *fixture,
                                      gconstpointer  data)
{
  VtStore *store = vt_station_get_store (fixture->station.station);
  GtkWidget *page;
  g_autofree char *err = NULL;
  int status = -1;
  gint64 before;

  vt_window_set_station (fixture->window, fixture->station.station);
  add_notes (fixture, 3);
  page = GTK_WIDGET (vt_window_get_station_page (fixture->window));
  vt_test_settle ();

  /* Untouched: the preview opens. */
  g_assert_true (gtk_widget_activate_action (page, "station.preview", "s", "protocol"));
  vt_test_settle ();
  g_assert_cmpuint (count_toplevels (ADW_TYPE_WINDOW), ==, 1);
  g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
  close_toplevels (ADW_TYPE_WINDOW);

  err = vt_test_run_sqlite3_shell (fixture->station.path,
                                   "UPDATE kind_count SET n = n + 50 "
                                   "WHERE kind = (SELECT min (kind) FROM kind_count);",
                                   &status);
  g_assert_cmpint (status, ==, 0);
  before = vt_store_get_n_entries (store);

  g_assert_true (gtk_widget_activate_action (page, "station.preview", "s", "protocol"));
  vt_test_iterate_until (message_dialog_open, GUINT_TO_POINTER (1));
  g_assert_cmpuint (count_toplevels (ADW_TYPE_WINDOW), ==, 0);
  {
    AdwMessageDialog *dialog = (AdwMessageDialog *)vt_test_find_toplevel (
                                 ADW_TYPE_MESSAGE_DIALOG);

    g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog),
                    adw_message_dialog_get_body (dialog));
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                     "The Station File Failed Its Check");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "kind_count"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                              "Nothing was shown, printed or saved"));
  }
  close_toplevels (ADW_TYPE_MESSAGE_DIALOG);

  /* Save as PDF: refused before the file chooser. */
  g_assert_true (gtk_widget_activate_action (page, "station.export", "s", "protocol"));
  vt_test_iterate_until (message_dialog_open, GUINT_TO_POINTER (1));
  g_assert_cmpuint (count_toplevels (GTK_TYPE_FILE_CHOOSER_DIALOG), ==, 0);
  close_toplevels (ADW_TYPE_MESSAGE_DIALOG);

  /* Print: refused before the print dialog. */
  g_assert_true (gtk_widget_activate_action (page, "station.print", "s", "protocol"));
  vt_test_iterate_until (message_dialog_open, GUINT_TO_POINTER (1));
  g_assert_cmpuint (count_toplevels (GTK_TYPE_DIALOG), ==, 0);
  close_toplevels (ADW_TYPE_MESSAGE_DIALOG);

  /* Nothing was logged as printed. */
  g_assert_cmpint (vt_store_get_n_entries (store), ==, before);

  /* A file too big to check at once is checked in a thread, and refused the same way. */
  vt_document_set_check_at_once_max (0);
  g_assert_true (gtk_widget_activate_action (page, "station.preview", "s", "protocol"));
  vt_test_iterate_until (message_dialog_open, GUINT_TO_POINTER (1));
  g_assert_cmpuint (count_toplevels (ADW_TYPE_WINDOW), ==, 0);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (
                              (AdwMessageDialog *)vt_test_find_toplevel (
                                ADW_TYPE_MESSAGE_DIALOG)), "kind_count"));
  close_toplevels (ADW_TYPE_MESSAGE_DIALOG);
  vt_document_set_check_at_once_max (-1);
}

static gboolean
preview_open (gpointer data)
{
  return count_toplevels (ADW_TYPE_WINDOW) == 1;
}

/* The thread's check passes an untouched file: the preview opens once it is done. */
static void
test_documents_checked_in_a_thread (WindowFixture *fixture,
                                    gconstpointer  data)
{
  GtkWidget *page;

  vt_window_set_station (fixture->window, fixture->station.station);
  add_notes (fixture, 3);
  page = GTK_WIDGET (vt_window_get_station_page (fixture->window));
  vt_test_settle ();

  vt_document_set_check_at_once_max (0);
  g_assert_true (gtk_widget_activate_action (page, "station.preview", "s", "protocol"));
  vt_test_iterate_until (preview_open, NULL);
  g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
  close_toplevels (ADW_TYPE_WINDOW);
  vt_document_set_check_at_once_max (-1);
}

/* ---- check against paper ---------------------------------------------------------------- */

static const char *
check_paper (VtPaperCheckDialog *dialog,
             const char         *groups)
{
  GtkWidget *entry = vt_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);

  /* Typed into the field, then Enter. */
  g_assert_true (gtk_widget_has_focus (entry) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), groups);
  g_signal_emit_by_name (entry, "activate");
  vt_test_settle ();
  g_test_message ("“%s”: %s", groups, vt_paper_check_dialog_get_result (dialog));
  return vt_paper_check_dialog_get_result (dialog);
}

static gboolean
paper_dialog_open (gpointer data)
{
  return vt_test_find_toplevel (VT_TYPE_PAPER_CHECK_DIALOG) != NULL;
}

/* The chair types the checksum groups from a printed page: the dialog says at which entry the
 * file's chain passes through them and how many entries follow; groups from no page of this
 * file are named as such. */
static void
test_check_against_paper (WindowFixture *fixture,
                          gconstpointer  data)
{
  VtStore *store = vt_station_get_store (fixture->station.station);
  VtPaperCheckDialog *dialog;
  g_autoptr(VtJournalEntry) second = NULL;
  g_autofree char *head = NULL;
  g_autofree char *middle = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *expected = NULL;
  gint64 n;
  const char *result;

  vt_window_set_station (fixture->window, fixture->station.station);
  add_notes (fixture, 4);
  n = vt_store_get_n_entries (store);
  g_assert_cmpint (n, >=, 5);
  vt_test_settle ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (vt_window_get_station_page (
                                                           fixture->window)),
                                             "station.check-paper", NULL));
  vt_test_iterate_until (paper_dialog_open, NULL);
  dialog = (VtPaperCheckDialog *)vt_test_find_toplevel (VT_TYPE_PAPER_CHECK_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) ==
                 GTK_WINDOW (fixture->window));
  g_assert_null (vt_paper_check_dialog_get_result (dialog));

  /* The head: the last entry, nothing after it. */
  head = vt_hash_to_groups (vt_store_get_head_hash (store), 2);
  result = check_paper (dialog, head);
  expected = g_strdup_printf ("it is entry %" G_GINT64_FORMAT ", the file’s last entry", n);
  g_assert_nonnull (result);
  g_assert_nonnull (strstr (result, expected));

  /* Entry 2, typed in capitals with three groups: n − 2 entries follow. */
  second = vt_store_get_entry (store, 2, NULL);
  g_assert_nonnull (second);
  {
    g_autofree char *groups = vt_hash_to_groups (vt_journal_entry_get_hash (second), 3);
    middle = g_ascii_strup (groups, -1);
  }
  result = check_paper (dialog, middle);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("it is entry 2. %" G_GINT64_FORMAT " entries were written after "
                              "it.", n - 2);
  g_assert_nonnull (strstr (result, expected));

  /* Groups from no page of this file. */
  wrong = g_strdup (head);
  wrong[0] = wrong[0] == 'f' ? '0' : 'f';
  result = check_paper (dialog, wrong);
  g_assert_true (g_str_has_prefix (result, "No entry of this file has a checksum beginning"));

  /* Not groups at all. */
  result = check_paper (dialog, "74a");
  g_assert_nonnull (strstr (result, "is not a checksum from a printed page"));

  gtk_window_close (GTK_WINDOW (dialog));
  vt_test_settle ();
}

/* While a station is open the laptop does not suspend or lock (the session is asked, with a
 * reason it can show), and the menu says so; closing the station lets it sleep again. */
static void
test_open_station_keeps_computer_awake (WindowFixture *fixture,
                                        gconstpointer  data)
{
  const guint both = GTK_APPLICATION_INHIBIT_SUSPEND | GTK_APPLICATION_INHIBIT_IDLE;

  g_assert_cmpuint (sm_inhibited () & both, ==, 0);
  g_assert_false (vt_window_get_inhibited (fixture->window));

  vt_window_set_station (fixture->window, fixture->station.station);
  g_assert_true (vt_window_get_inhibited (fixture->window));
  g_assert_cmpuint (sm_inhibited () & both, ==, both);
  g_mutex_lock (&sm_lock);
  g_assert_cmpstr (sm_reason, ==, _("A polling station is open in Valgting"));
  g_mutex_unlock (&sm_lock);

  /* The main menu says so. */
  {
    GtkWidget *page = GTK_WIDGET (vt_window_get_station_page (fixture->window));
    GtkMenuButton *menu = GTK_MENU_BUTTON (vt_test_find_widget (page, GTK_TYPE_MENU_BUTTON));
    const char *name = NULL;

    gtk_menu_button_popup (menu);
    vt_test_settle ();
    g_assert_nonnull (vt_test_find_label (GTK_WIDGET (gtk_menu_button_get_popover (menu)),
                                          "stays awake", FALSE));
    gtk_menu_button_popdown (menu);
    vt_test_settle ();
    (void)name;
  }

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "close-station", NULL);
  vt_test_settle ();
  g_assert_false (vt_window_get_inhibited (fixture->window));
  /* The menu's line is there only while it is true. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                     "keeps-awake"));
  g_assert_cmpuint (sm_inhibited () & both, ==, 0);
}

/* The start page and the About window show the application's icon, installed or not (it is
 * in the program's resources): the tests run from the build tree, where no icon is installed. */
static void
test_application_icon_found (WindowFixture *fixture,
                             gconstpointer  data)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (
    gtk_widget_get_display (GTK_WIDGET (fixture->window)));

  g_assert_true (gtk_icon_theme_has_icon (theme, "io.github.valgting.Valgting"));
  g_assert_true (gtk_icon_theme_has_icon (theme, "io.github.valgting.Valgting-symbolic"));
}

static gboolean
recent_has_item (gpointer uri)
{
  return gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri);
}

/* An opened station file is in the desktop's recent files, as a station. */
static void
test_opened_station_in_recent_files (WindowFixture *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (fixture->station.path);
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentManager *recent = gtk_recent_manager_get_default ();
  g_autoptr(GtkRecentInfo) info = NULL;

  VtWindow *fresh = vt_window_new (fixture->app);

  gtk_recent_manager_remove_item (recent, uri, NULL);
  g_assert_false (gtk_recent_manager_has_item (recent, uri));
  /* Not before the window's first frame: the desktop's list is read and synced after it. */
  vt_window_set_station (fresh, fixture->station.station);
  vt_test_settle ();
  g_assert_false (gtk_recent_manager_has_item (recent, uri));
  gtk_window_present (GTK_WINDOW (fresh));
  vt_test_iterate_until (recent_has_item, uri);
  gtk_window_destroy (GTK_WINDOW (fresh));
  vt_test_settle ();

  /* In a window on screen, at once. */
  gtk_recent_manager_remove_item (recent, uri, NULL);
  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_iterate_until (recent_has_item, uri);
  info = gtk_recent_manager_lookup_item (recent, uri, NULL);
  g_assert_nonnull (info);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, "application/x-valgting-station");
  g_assert_true (gtk_recent_info_has_application (info, "Valgting"));
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

  start_session_manager ();
  the_app = vt_application_new (G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;
    g_application_register (G_APPLICATION (the_app), NULL, &error);
    g_assert_no_error (error);
  }

#define ADD(path, func) \
  g_test_add (path, WindowFixture, NULL, window_fixture_set_up, func, window_fixture_tear_down)

  ADD ("/window/log-entry/added-through-the-action-shows-in-list-and-file",
       test_add_note_through_action);
  ADD ("/window/log-entry/refused-text-stays-in-the-dialog-with-the-reason",
       test_refused_note_stays_in_dialog);
  ADD ("/window/actions/all-have-accelerators", test_actions_have_accelerators);
  ADD ("/window/actions/station-actions-need-a-station", test_station_actions_need_a_station);
  ADD ("/window/new-station/made-in-the-data-folder", test_new_station_in_data_folder);
  ADD ("/window/shortcuts/built-when-first-asked-for", test_shortcuts_window_on_demand);
  ADD ("/window/shortcuts/fits-1024x600", test_shortcuts_window_fits);
  ADD ("/window/shortcuts/lists-documents", test_shortcuts_window_lists_documents);
  ADD ("/window/documents/refused-when-the-file-fails", test_documents_refused_when_tampered);
  ADD ("/window/documents/checked-in-a-thread-when-big", test_documents_checked_in_a_thread);
  ADD ("/window/paper-check/groups-from-a-printed-page", test_check_against_paper);
  ADD ("/window/pages/built-when-first-shown", test_pages_built_when_first_shown);
  ADD ("/window/phase/everything-row-opens-the-palette", test_everything_row_opens_palette);
  ADD ("/window/menu/built-when-first-opened", test_menu_built_when_first_opened);
  ADD ("/window/training/is-marked-on-the-station-screen", test_training_is_marked);
  ADD ("/window/header/compact-at-1024x600", test_header_is_compact);
  ADD ("/window/header/follows-large-text", test_header_follows_large_text);
  ADD ("/window/header/folds-without-warnings", test_fold_without_warnings);
  ADD ("/window/toasts/replace-not-queue", test_toasts_replace_not_queue);
  ADD ("/window/laptop/open-station-keeps-the-computer-awake",
       test_open_station_keeps_computer_awake);
  ADD ("/window/laptop/opened-station-in-recent-files", test_opened_station_in_recent_files);
  ADD ("/window/start/application-icon-found", test_application_icon_found);
  ADD ("/window/toasts/leave-the-focused-button-visible", test_toast_leaves_focus_visible);

#undef ADD

  {
    int status = g_test_run ();
    g_clear_object (&the_app);
    return status;
  }
}
