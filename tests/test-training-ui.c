/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "vt-application.h"
#include "vt-doc.h"
#include "vt-station-page.h"
#include "vt-debrief.h"
#include "vt-test-ui.h"
#include "vt-trainer-bar.h"
#include "vt-training-dialog.h"
#include "vt-window.h"

#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* The trainer's desk (issue 16) in the real window: a session started from the dialog on the
 * library (VALGTING_SCENARIO_LIBRARY points at the source tree's data/scenarios/training), the
 * trainer's bar, the cards, the page's clock on the simulated time, and the debrief. */

static VtApplication *the_app;

#define QUIET_OPENING "quiet-opening.json"
/* The quiet opening's first trainee task (data/scenarios/training/nb/quiet-opening.json). */
#define FIRST_TASK "Kryss av at manntall, stempler og valgpermen er mottatt."

typedef struct
{
  VtWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  VtTrainingSession *session = vt_window_get_training_session (fixture->window);
  g_autofree char *path = NULL;

  if (session != NULL)
    path = g_strdup (vt_station_get_path (vt_training_session_get_station (session)));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  if (path != NULL)
    g_unlink (path);
}

static gboolean
dialog_open (gpointer data)
{
  return vt_test_find_toplevel (VT_TYPE_TRAINING_DIALOG) != NULL;
}

static gboolean
card_open (gpointer data)
{
  VtWindow *window = data;
  GtkWidget *bar = vt_window_get_trainer_bar (window);

  return bar != NULL && vt_trainer_bar_get_card_dialog (VT_TRAINER_BAR (bar)) != NULL &&
         gtk_widget_get_mapped (vt_trainer_bar_get_card_dialog (VT_TRAINER_BAR (bar)));
}

static gboolean
card_closed (gpointer data)
{
  return !card_open (data);
}

/* The sessions (*.json) in the library folder @dir. */
static guint
count_sessions (const char *dir)
{
  g_autoptr(GDir) opened = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (opened);
  while ((name = g_dir_read_name (opened)) != NULL)
    n += g_str_has_suffix (name, ".json");
  g_assert_cmpuint (n, >=, 10);
  return n;
}

/* Opens the dialog by its action, chooses the quiet opening in Bokmål from the morning and
 * presses Start. */
static VtTrainingSession *
start_from_dialog (Fixture *fixture)
{
  VtTrainingDialog *dialog;
  g_autoptr(GPtrArray) paths = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *dir = vt_training_library_dup_dir ("nb");
  GtkWidget *start;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.start-training-session", NULL);
  vt_test_iterate_until (dialog_open, NULL);
  dialog = VT_TRAINING_DIALOG (vt_test_find_toplevel (VT_TYPE_TRAINING_DIALOG));

  vt_training_dialog_set_language (dialog, "nb");
  paths = vt_training_dialog_dup_paths (dialog);
  /* The whole library of the language, every session in it. */
  g_assert_cmpuint (paths->len, ==, count_sessions (dir));
  wanted = g_build_filename (dir, QUIET_OPENING, NULL);
  g_assert_true (vt_training_dialog_select_path (dialog, wanted));
  g_assert_cmpstr (vt_training_dialog_get_selected_path (dialog), ==, wanted);

  /* The trainee's name, a slash in it made harmless, names the station file, in a folder
   * named after the session: a classroom's folder. */
  vt_training_dialog_set_trainee (dialog, "  Kari/Nordmann ");

  start = vt_test_find_button (GTK_WIDGET (dialog), "_Start");
  g_assert_nonnull (start);
  g_assert_true (gtk_widget_get_sensitive (start));
  g_signal_emit_by_name (start, "clicked");
  vt_test_settle ();
  g_assert_nonnull (vt_window_get_training_session (fixture->window));
  g_assert_null (vt_test_find_toplevel (VT_TYPE_TRAINING_DIALOG));
  {
    const char *path = vt_station_get_path (vt_window_get_station (fixture->window));
    g_autofree char *folder = g_path_get_dirname (path);
    g_autofree char *folder_name = g_path_get_basename (folder);
    g_autofree char *trainee = vt_debrief_dup_trainee_name (path);

    g_assert_cmpstr (folder_name, ==, "quiet-opening");
    /* "Kari-Nordmann 2" when an earlier test's Kari is there already: never over a file. */
    g_assert_true (g_str_equal (trainee, "Kari-Nordmann") ||
                   g_regex_match_simple ("^Kari-Nordmann [0-9]+$", trainee, 0, 0));
  }
  return vt_window_get_training_session (fixture->window);
}

/* The page's clock label says @now. */
static void
assert_clock_shows (Fixture   *fixture,
                    GDateTime *now)
{
  VtStation *station = vt_window_get_station (fixture->window);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (
    now, vt_config_get_timezone (vt_station_get_config (station)));
  g_autofree char *text = g_date_time_format (local, "%H:%M:%S");

  g_test_message ("clock: %s", text);
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->window), text, TRUE));
}

static void
test_session_from_the_dialog (Fixture       *fixture,
                              gconstpointer  data)
{
  VtTrainingSession *session = start_from_dialog (fixture);
  GtkWidget *bar = vt_window_get_trainer_bar (fixture->window);
  g_autoptr(GDateTime) now = NULL;

  /* The bar is shown on the station page, with the session's title. */
  g_assert_nonnull (bar);
  g_assert_true (gtk_widget_get_mapped (bar));
  g_assert_nonnull (vt_test_find_label (bar, "En rolig åpning", FALSE));
  g_assert_true (vt_training_session_get_paused (session));

  /* Running, then Next Event until a card: its dialog comes up and the clock is paused. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.training-pause", NULL);
  g_assert_false (vt_training_session_get_paused (session));
  for (guint i = 0; i < 40 && !card_open (fixture->window); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.training-next-event", NULL);
      vt_test_settle ();
    }
  g_assert_true (card_open (fixture->window));
  g_assert_true (vt_training_session_get_paused (session));
  g_assert_cmpuint (vt_training_session_get_shown_cards (session)->len, >=, 1);

  /* The page's clock is the simulated clock, not the wall clock. */
  now = vt_training_session_dup_now (session);
  assert_clock_shows (fixture, now);

  /* OK: the card closes and the clock runs again, as it did before the card. */
  gtk_widget_activate_action (vt_trainer_bar_get_card_dialog (VT_TRAINER_BAR (bar)),
                              "window.close", NULL);
  vt_test_iterate_until (card_closed, fixture->window);
  g_assert_false (vt_training_session_get_paused (session));

  /* What the session says went otherwise than the scenario (a background step refused) is
   * told to the trainer. */
  g_signal_emit_by_name (session, "message", "step 12 (10:40 urn.seal) was refused: …");
  g_assert_nonnull (vt_window_get_toast (fixture->window));
  g_assert_cmpstr (adw_toast_get_title (vt_window_get_toast (fixture->window)), ==,
                   "step 12 (10:40 urn.seal) was refused: …");

  /* Another station: the session ends with it, and the bar goes. */
  vt_window_set_station (fixture->window, NULL);
  g_assert_null (vt_window_get_training_session (fixture->window));
  g_assert_null (vt_window_get_trainer_bar (fixture->window));
}

static gboolean
preview_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (g_object_get_data (G_OBJECT (window), "vt-debrief-source") != NULL &&
          gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          *(GtkWindow **)data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* Every page's text, whitespace made single spaces (a table cell wraps its lines). */
static char *
dup_doc_text (VtDoc *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = vt_doc_to_pdf (doc, &error);
  g_autoptr(GObject) pdf_object = NULL;
  PopplerDocument *pdf;
  g_autoptr(GString) all = g_string_new (NULL);
  g_auto(GStrv) words = NULL;

  g_assert_no_error (error);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  pdf_object = G_OBJECT (pdf);
  for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
    {
      PopplerPage *page = poppler_document_get_page (pdf, i);
      g_autofree char *text = poppler_page_get_text (page);

      g_object_unref (page);
      g_string_append_c (all, ' ');
      g_string_append (all, text);
    }
  words = g_strsplit_set (all->str, " \n\t", -1);
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) kept = NULL;
    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_strv_builder_add (builder, words[i]);
    kept = g_strv_builder_end (builder);
    return g_strjoinv (" ", kept);
  }
}

static void
test_debrief_shows_the_tasks (Fixture       *fixture,
                              gconstpointer  data)
{
  VtTrainingSession *session = start_from_dialog (fixture);
  VtStation *station = vt_training_session_get_station (session);
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  GtkWindow *preview = NULL;
  g_autofree char *text = NULL;

  /* The trainee's first task, done. */
  json_object_set_string_member (payload, "check", "material-received");
  while (vt_training_session_peek_next_event (session) != NULL)
    {
      g_autoptr(GDateTime) now = vt_training_session_dup_now (session);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (
        now, vt_config_get_timezone (vt_station_get_config (station)));
      if (g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local) >= 7 * 60 + 45)
        break;
      vt_training_session_jump_to_next_event (session);
      vt_test_settle ();
      if (card_open (fixture->window))
        gtk_widget_activate_action (
          vt_trainer_bar_get_card_dialog (VT_TRAINER_BAR (
                                            vt_window_get_trainer_bar (fixture->window))),
          "window.close", NULL);
      vt_test_iterate_until (card_closed, fixture->window);
    }
  entry = vt_station_execute (station, "test-training-ui:1", "check.done", vt_station_get_actor (station),
                              payload, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.training-debrief", NULL);
  vt_test_iterate_until (preview_open, &preview);
  text = dup_doc_text (g_object_get_data (G_OBJECT (preview), "doc"));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, FIRST_TASK));
  /* Marked as training on every page. */
  g_assert_nonnull (strstr (text, "ØVING"));
  gtk_window_destroy (preview);
}

static gboolean
find_label_anywhere (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      if (gtk_widget_get_mapped (window) && vt_test_find_label (window, data, FALSE) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A folder of two trainees and a file that is no station: the classroom debrief has both
 * trainees, and the bad file is named in a message. */
static void
test_classroom_names_unreadable_files (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *folder = g_dir_make_tmp ("valgting-classroom-XXXXXX", NULL);
  g_autofree char *library = vt_training_library_dup_dir ("nb");
  g_autofree char *scenario = g_build_filename (library, QUIET_OPENING, NULL);
  g_autofree char *bad = g_build_filename (folder, "not-a-station.valgting", NULL);
  const char *trainees[] = { "anne", "bjorn" };
  g_autoptr(GError) error = NULL;
  VtTrainingDialog *dialog;
  GtkWidget *preview;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (trainees); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.valgting", trainees[i]);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(VtTrainingSession) session =
        vt_training_session_new (scenario, path, VT_TRAINING_START_MORNING, &error);
      g_assert_no_error (error);
      g_object_run_dispose (G_OBJECT (session));
    }
  g_assert_true (g_file_set_contents (bad, "no station", -1, NULL));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.start-training-session", NULL);
  vt_test_iterate_until (dialog_open, NULL);
  dialog = VT_TRAINING_DIALOG (vt_test_find_toplevel (VT_TYPE_TRAINING_DIALOG));
  vt_training_dialog_set_language (dialog, "nb");
  g_assert_true (vt_training_dialog_select_path (dialog, scenario));
  preview = vt_training_dialog_classroom (dialog, folder);
  g_assert_nonnull (preview);
  vt_test_iterate_until (find_label_anywhere, (gpointer)"not-a-station.valgting");

  text = dup_doc_text (g_object_get_data (G_OBJECT (preview), "doc"));
  g_assert_nonnull (strstr (text, "anne"));
  g_assert_nonnull (strstr (text, "bjorn"));
  gtk_window_destroy (GTK_WINDOW (preview));
  vt_test_settle ();

  for (guint i = 0; i < G_N_ELEMENTS (trainees); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.valgting", trainees[i]);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_unlink (path);
    }
  g_unlink (bad);
  g_rmdir (folder);
}

#ifdef GDK_WINDOWING_X11
/* Real key events through the X server (XTEST), as a keyboard gives them, to @window. */
static void
press_keys (GtkWidget  *window,
            const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));
  const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, "key", "--delay", "30", keys,
                         NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  vt_test_settle ();
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}
#endif

static gboolean
clock_paused (gpointer data)
{
  return vt_training_session_get_paused (data);
}

static gboolean
clock_running (gpointer data)
{
  return !vt_training_session_get_paused (data);
}

/* Ctrl+Shift+N in the window jumps to the next event; Enter on the card closes it. */
static void
test_keys_next_event_and_card (Fixture       *fixture,
                               gconstpointer  data)
{
#ifdef GDK_WINDOWING_X11
  VtTrainingSession *session;
  GtkWidget *bar;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X display");
      return;
    }
  session = start_from_dialog (fixture);
  bar = vt_window_get_trainer_bar (fixture->window);

  /* Ctrl+Shift+P runs the clock, Ctrl+Shift+N moves it to the first card. */
  press_keys (GTK_WIDGET (fixture->window), "ctrl+shift+p");
  vt_test_iterate_until (clock_running, session);
  for (guint i = 0; i < 40 && !card_open (fixture->window); i++)
    {
      press_keys (GTK_WIDGET (fixture->window), "ctrl+shift+n");
      vt_test_settle ();
    }
  g_assert_true (card_open (fixture->window));
  g_assert_true (vt_training_session_get_paused (session));

  /* Enter: the card's OK, its default; the clock runs again. */
  press_keys (vt_trainer_bar_get_card_dialog (VT_TRAINER_BAR (bar)), "Return");
  vt_test_iterate_until (card_closed, fixture->window);
  g_assert_false (vt_training_session_get_paused (session));
  /* And Ctrl+Shift+P pauses it, from the keyboard. */
  press_keys (GTK_WIDGET (fixture->window), "ctrl+shift+p");
  vt_test_iterate_until (clock_paused, session);
#else
  g_test_skip ("needs X11");
#endif
}

int
main (int   argc,
      char *argv[])
{
  the_app = vt_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/training-ui/session/from-the-dialog-with-cards-and-the-clock",
       test_session_from_the_dialog);
  ADD ("/training-ui/keys/next-event-and-enter-on-the-card", test_keys_next_event_and_card);
  ADD ("/training-ui/debrief/shows-the-tasks", test_debrief_shows_the_tasks);
  ADD ("/training-ui/classroom/names-unreadable-files", test_classroom_names_unreadable_files);

#undef ADD

  {
    int status = g_test_run ();
    g_clear_object (&the_app);
    return status;
  }
}
