/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>
#include <poppler.h>

#include "vt-document-actions.h"
#include "vt-documents.h"
#include "vt-station.h"
#include "vt-test-util.h"
#include "vt-test-ui.h"
#include "vt-window.h"

/* Saving a long PDF, in a real window under a (virtual) display: after a moment its progress
 * shows in a dialog while the window goes on, and Cancel stops the thread, writes nothing,
 * leaves a file already there as it was, and tells the chair so. A short PDF is saved without
 * a dialog flashing by. Printed, the document goes through GTK's print dialog while the window
 * goes on, and only a print that went to the printer is logged. */

static VtApplication *the_app;

typedef struct
{
  GtkWindow *window;
  char *dir;
  char *path;
  /* What the export said when it ended */
  gboolean finished;
  gboolean ok;
  char *message;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("valgting-export-progress-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "protokoll.pdf", NULL);
  fixture->window = GTK_WINDOW (vt_window_new (the_app));
  gtk_window_set_default_size (fixture->window, 1024, 600);
  gtk_window_present (fixture->window);
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWindow *dialog;

  while ((dialog = vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (fixture->window);
  vt_test_settle ();
  g_remove (fixture->path);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_free (fixture->message);
}

static void
on_done (gpointer    user_data,
         gboolean    ok,
         const char *message)
{
  Fixture *fixture = user_data;

  fixture->finished = TRUE;
  fixture->ok = ok;
  fixture->message = g_strdup (message);
}

/* A log annex of @n_rows rows. */
static VtDoc *
long_doc (guint n_rows)
{
  VtDoc *doc = vt_doc_new ("Valgprotokoll");
  VtDocTable *table = vt_doc_table_new (doc, 2);

  vt_doc_heading (doc, 2, "Vedlegg: logg");
  vt_doc_table_set_column (table, 0, "Nr.", 1, VT_DOC_ALIGN_RIGHT);
  vt_doc_table_set_column (table, 1, "Hendelse", 5, VT_DOC_ALIGN_LEFT);
  for (guint i = 1; i <= n_rows; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      /* Each row its own text, as a log's are: one text repeated would be laid out once. */
      g_autofree char *text = g_strdup_printf ("Velger %u krysset av i manntallet, "
                                               "stemmeseddel lagt i urnen", i);
      const char *cells[] = { number, text };

      vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, cells);
    }
  vt_doc_table_end (table);
  return doc;
}

/* The progress dialog, or NULL. */
static AdwMessageDialog *
find_progress (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)),
                     "Saving the PDF…") == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
progress_moved (gpointer data)
{
  AdwMessageDialog *progress = find_progress ();
  GtkWidget *bar;

  /* Still saving, and shown as it goes. */
  g_assert_nonnull (progress);
  bar = vt_test_find_widget (GTK_WIDGET (progress), GTK_TYPE_PROGRESS_BAR);
  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) > 0;
}

static gboolean
finished (gpointer data)
{
  Fixture *fixture = data;

  return fixture->finished;
}

/* Saved from the window's own thread, cancelled from the dialog: nothing at @path but what
 * was there before (@before, or no file). */
static void
cancel_long_export (Fixture    *fixture,
                    const char *before)
{
  AdwMessageDialog *progress;
  GtkWidget *cancel;
  GtkWindow *answer;
  gint64 started;
  guint ticks = 0;

  if (before != NULL)
    g_assert_true (g_file_set_contents (fixture->path, before, -1, NULL));

  started = g_get_monotonic_time ();
  vt_document_export_to (fixture->window, long_doc (20000), fixture->path, on_done, fixture);
  /* The window goes on while the thread works: the main loop turns, many times. */
  while (find_progress () == NULL)
    {
      g_assert_false (fixture->finished);
      g_main_context_iteration (NULL, TRUE);
      ticks++;
    }
  g_assert_cmpuint (ticks, >, 1);
  /* Not at once: a short PDF would have been saved by then. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 300 * G_TIME_SPAN_MILLISECOND);

  progress = find_progress ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (progress)) == fixture->window);
  vt_test_iterate_until (progress_moved, NULL);
  g_assert_false (fixture->finished);

  cancel = vt_test_find_button (GTK_WIDGET (progress), "_Cancel");
  g_assert_nonnull (cancel);
  gtk_widget_activate (cancel);
  vt_test_iterate_until (finished, fixture);

  /* Told so, in the window: nothing was written. */
  g_assert_false (fixture->ok);
  g_assert_nonnull (strstr (fixture->message, "cancelled"));
  g_assert_null (find_progress ());
  answer = vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (answer);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (answer)), ==,
                   "The PDF was not saved");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (answer)), ==,
                   fixture->message);

  if (before == NULL)
    g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  else
    {
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (fixture->path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, before);
    }
  /* No temporary file left beside it either. */
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (dir) != NULL)
      n++;
    g_assert_cmpuint (n, ==, before != NULL ? 1 : 0);
  }
}

static void
test_cancel_leaves_no_file (Fixture       *fixture,
                            gconstpointer  data)
{
  cancel_long_export (fixture, NULL);
}

static void
test_cancel_keeps_the_old_file (Fixture       *fixture,
                                gconstpointer  data)
{
  cancel_long_export (fixture, "the protocol saved before");
}

static void
test_short_shows_no_progress (Fixture       *fixture,
                              gconstpointer  data)
{
  gboolean seen = FALSE;

  vt_document_export_to (fixture->window, long_doc (20), fixture->path, on_done, fixture);
  while (!fixture->finished)
    {
      seen |= find_progress () != NULL;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (seen);
  g_assert_true (fixture->ok);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
}

/* ---- print ---- */

static gboolean
print_dialog_shown (gpointer data)
{
  return vt_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG) != NULL;
}

static gboolean
printer_selected (gpointer data)
{
  GtkPrintUnixDialog *dialog = GTK_PRINT_UNIX_DIALOG (
    vt_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG));
  GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer (dialog);

  return printer != NULL && gtk_printer_is_virtual (printer);
}

static gboolean
copy_logged (gpointer data)
{
  VtStation *station = data;

  return vt_document_next_copy (station, VT_DOCUMENT_PROTOCOL) > 0;
}

typedef enum
{
  PRINT,
  CANCEL,
  PREVIEW,  /* the dialog's Preview button */
} PrintHow;

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The station's protocol through the print dialog, to a file, or cancelled, or previewed. */
static void
print_protocol (Fixture  *fixture,
                PrintHow  how)
{
  gboolean print = how == PRINT;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "station", NULL);
  g_autoptr(VtStation) station = NULL;
  g_autofree char *uri = g_filename_to_uri (fixture->path, NULL, NULL);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  GtkWindow *dialog;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  station = vt_station_create_training (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vt_document_next_copy (station, VT_DOCUMENT_PROTOCOL), ==, 0);
  vt_document_print (fixture->window, station, VT_DOCUMENT_PROTOCOL);
  vt_test_iterate_until (print_dialog_shown, NULL);
  dialog = vt_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG);

  /* "Print to File", as a PDF, into the test's folder. */
  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_unix_dialog_set_settings (GTK_PRINT_UNIX_DIALOG (dialog), settings);
  vt_test_iterate_until (printer_selected, NULL);
  if (how == PREVIEW)
    {
      /* GTK's previewer is a program of the desktop's: here one that leaves a mark */
      g_autofree char *mark = g_build_filename (fixture->dir, "previewed", NULL);
      g_autofree char *command = g_strdup_printf ("touch %s %%f", mark);

      g_object_set (gtk_settings_get_default (), "gtk-print-preview-command", command, NULL);
      gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_APPLY);
      vt_test_iterate_until (file_exists, mark);
      vt_test_settle ();
      g_assert_cmpuint (vt_document_next_copy (station, VT_DOCUMENT_PROTOCOL), ==, 0);
      g_unlink (mark);
      g_clear_object (&station);
      vt_test_remove_tree (dir);
      return;
    }
  gtk_dialog_response (GTK_DIALOG (dialog), print ? GTK_RESPONSE_OK : GTK_RESPONSE_CANCEL);

  if (print)
    {
      PopplerDocument *pdf;
      g_autoptr(VtDoc) doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);

      vt_test_iterate_until (copy_logged, station);
      vt_test_settle ();
      pdf = poppler_document_new_from_file (uri, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, (int)vt_doc_get_n_pages (doc));
      g_object_unref (pdf);
    }
  else
    {
      vt_test_settle ();
      g_assert_null (vt_test_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG));
      g_assert_cmpuint (vt_document_next_copy (station, VT_DOCUMENT_PROTOCOL), ==, 0);
      g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
    }
  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

static void
test_print_logs_the_copy (Fixture       *fixture,
                          gconstpointer  data)
{
  print_protocol (fixture, PRINT);
}

static void
test_print_cancelled_not_logged (Fixture       *fixture,
                                 gconstpointer  data)
{
  print_protocol (fixture, CANCEL);
}

static void
test_print_preview_not_logged (Fixture       *fixture,
                               gconstpointer  data)
{
  print_protocol (fixture, PREVIEW);
}

static gboolean
has_list (gpointer data)
{
  return vt_test_find_widget (data, GTK_TYPE_LIST_VIEW) != NULL;
}

/* A big station's preview: the window comes at once and says it is laying the pages out
 * (built in a thread), the pages follow; closed before that, the work stops and nothing comes
 * up after it. */
static void
test_preview_in_thread (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-preview-XXXXXX", &error);
  g_autoptr(VtStation) station = NULL;
  g_autoptr(VtDoc) doc = NULL;
  const char *title;
  GtkWidget *preview, *list;
  gint64 until;

  g_assert_no_error (error);
  station = vt_station_create_training (dir, &error);
  g_assert_no_error (error);
  title = vt_document_kind_get_title (VT_DOCUMENT_PROTOCOL, vt_station_get_config (station));
  vt_document_set_build_at_once_max (0);

  preview = vt_document_preview (fixture->window, station, VT_DOCUMENT_PROTOCOL);
  g_assert_nonnull (preview);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (preview)), ==, title);
  g_assert_nonnull (vt_test_find_widget (preview, ADW_TYPE_STATUS_PAGE));
  g_assert_null (vt_test_find_widget (preview, GTK_TYPE_LIST_VIEW));
  /* No taller than the 1024×600 window it came from. */
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (preview), &width, &height);
    g_assert_cmpint (height, <=, 600);
  }
  vt_test_iterate_until (has_list, preview);
  g_assert_null (vt_test_find_widget (preview, ADW_TYPE_STATUS_PAGE));
  list = vt_test_find_widget (preview, GTK_TYPE_LIST_VIEW);
  doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                      GTK_LIST_VIEW (list)))), ==, vt_doc_get_n_pages (doc));
  gtk_window_destroy (GTK_WINDOW (preview));

  preview = vt_document_preview (fixture->window, station, VT_DOCUMENT_PROTOCOL);
  g_assert_nonnull (preview);
  gtk_window_destroy (GTK_WINDOW (preview));
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      g_assert_cmpstr (gtk_window_get_title (window), !=, title);
    }
  g_assert_null (vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  vt_document_set_build_at_once_max (-1);
  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Only "Print to File": no printer server to wait for. */
  g_setenv ("GTK_PRINT_BACKENDS", "file", TRUE);
  the_app = vt_test_ui_init (&argc, &argv);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/export-progress/window/cancel-leaves-no-file", Fixture, NULL,
              fixture_set_up, test_cancel_leaves_no_file, fixture_tear_down);
  g_test_add ("/export-progress/window/cancel-keeps-the-file-already-there", Fixture, NULL,
              fixture_set_up, test_cancel_keeps_the_old_file, fixture_tear_down);
  g_test_add ("/export-progress/window/short-pdf-shows-no-progress", Fixture, NULL,
              fixture_set_up, test_short_shows_no_progress, fixture_tear_down);

  g_test_add ("/export-progress/preview/big-station-laid-out-in-a-thread", Fixture, NULL,
              fixture_set_up, test_preview_in_thread, fixture_tear_down);
  g_test_add ("/export-progress/print/to-the-printer-is-logged", Fixture, NULL,
              fixture_set_up, test_print_logs_the_copy, fixture_tear_down);
  g_test_add ("/export-progress/print/cancelled-is-not-logged", Fixture, NULL,
              fixture_set_up, test_print_cancelled_not_logged, fixture_tear_down);
  g_test_add ("/export-progress/print/previewed-is-not-logged", Fixture, NULL,
              fixture_set_up, test_print_preview_not_logged, fixture_tear_down);

  return g_test_run ();
}
