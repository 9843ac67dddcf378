/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <poppler.h>

#include "vt-application.h"
#include "vt-copy.h"
#include "vt-doc.h"
#include "vt-municipality-dialog.h"
#include "vt-scenario.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* *Municipality Overview…* (issue 17) in the real window: opened from the main menu's action,
 * given two station files (the native file chooser cannot be driven from a test: the files go
 * in as the chooser's response hands them on), one of them tampered with. The overview is built
 * off the main thread; the list names the tampered file and why; the preview holds the
 * precinct. */

static VtApplication *the_app;

static gboolean
dialog_open (gpointer data)
{
  return vt_test_find_toplevel (VT_TYPE_MUNICIPALITY_DIALOG) != NULL;
}

static gboolean
not_busy (gpointer data)
{
  return !vt_municipality_dialog_get_busy (data);
}

static char *
dup_doc_text (VtDoc *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = vt_doc_to_pdf (doc, &error);
  g_autoptr(GPtrArray) pages = NULL;
  GString *all = g_string_new (NULL);

  g_assert_no_error (error);
  pages = vt_test_pdf_page_texts (bytes);
  for (guint i = 0; i < pages->len; i++)
    g_string_append_printf (all, "%s\n", (char *)g_ptr_array_index (pages, i));
  return g_string_free (all, FALSE);
}

static void
test_overview_from_the_menu (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-collect-ui-XXXXXX", &error);
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "quiet-storting-day.json", NULL);
  g_autofree char *good = g_build_filename (dir, "stillevann.valgting", NULL);
  g_autofree char *bad = g_build_filename (dir, "tampered.valgting", NULL);
  const char *paths[] = { good, bad };
  g_auto(VtScenarioReport) report = { 0 };
  g_autofree char *sql_err = NULL;
  int status = -1;
  VtWindow *window;
  VtMunicipalityDialog *dialog;
  VtCollect *collect;
  GtkListBox *list;
  GtkWidget *preview;
  g_autofree char *text = NULL;
  guint n_rows = 0;

  g_assert_no_error (error);
  g_assert_true (vt_scenario_replay (scenario, good, &report, &error));
  g_assert_no_error (error);
  g_assert_true (vt_copy_station_file (good, bad, &error));
  g_assert_no_error (error);
  /* past the guard and back, as someone with the sqlite3 shell would */
  sql_err = vt_test_run_sqlite3_shell (bad,
    "DROP TRIGGER journal_append_only_update;"
    "UPDATE journal SET payload = payload || ' ' WHERE seq = 5;"
    "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal "
    "BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END;", &status);
  g_assert_cmpint (status, ==, 0);

  window = vt_window_new (the_app);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_iterate_until (vt_test_widget_is_mapped, window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.municipality-overview", NULL);
  vt_test_iterate_until (dialog_open, NULL);
  dialog = VT_MUNICIPALITY_DIALOG (vt_test_find_toplevel (VT_TYPE_MUNICIPALITY_DIALOG));
  g_assert_nonnull (vt_test_find_button (GTK_WIDGET (dialog), "_Add Station Files…"));

  vt_municipality_dialog_add_files (dialog, paths, G_N_ELEMENTS (paths));
  /* read in a thread: the window goes on drawing meanwhile */
  g_assert_true (vt_municipality_dialog_get_busy (dialog));
  g_assert_null (vt_municipality_dialog_get_collect (dialog));
  vt_test_iterate_until (not_busy, dialog);

  collect = vt_municipality_dialog_get_collect (dialog);
  g_assert_nonnull (collect);
  g_assert_cmpuint (collect->stations->len, ==, 2);
  g_assert_cmpuint (collect->n_summed, ==, 1);
  list = vt_municipality_dialog_get_list (dialog);
  /* the rows, not the placeholder an empty list shows (hidden now) */
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int)n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 2);
  /* the tampered file named, with the entry changed */
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (list), "tampered.valgting", FALSE));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (list), "was changed", FALSE));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (list), "Stillevann skole", FALSE));

  preview = vt_municipality_dialog_preview (dialog);
  g_assert_nonnull (preview);
  text = dup_doc_text (g_object_get_data (G_OBJECT (preview), "doc"));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Stillevann skole"));
  g_assert_nonnull (strstr (text, "tampered.valgting"));
  g_assert_nonnull (strstr (text, "ØVING"));

  gtk_window_destroy (GTK_WINDOW (preview));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_settle ();
  vt_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  the_app = vt_application_new (G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;
    g_application_register (G_APPLICATION (the_app), NULL, &error);
    g_assert_no_error (error);
  }
  g_test_add_func ("/collect-ui/overview-from-the-menu", test_overview_from_the_menu);
  {
    int status = g_test_run ();
    g_clear_object (&the_app);
    return status;
  }
}
