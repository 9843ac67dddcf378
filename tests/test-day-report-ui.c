/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <poppler.h>
#include <glib/gstdio.h>

#include "vt-application.h"
#include "vt-command-dialog.h"
#include "vt-document-actions.h"
#include "vt-documents.h"
#include "vt-documents-view.h"
#include "vt-kind-ids.h"
#include "vt-station-page.h"
#include "vt-station-state.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* The report at a turn of the day in a real window under a (virtual) display: the doors of a
 * training station are opened with the form, the report appears beside the station file
 * (written off the main thread), reads back with the time and the people present, the toast
 * offers to print it, and the Documents view lists it. */

typedef struct
{
  StationFixture station;
  VtWindow *window;
  VtStationPage *page;
} ReportFixture;

static VtApplication *the_app;

static GDateTime *
test_clock (gpointer data)
{
  StationFixture *station = data;

  return station->now != NULL ? g_date_time_ref (station->now) : g_date_time_new_now_utc ();
}

/* A training station, made as the window's "Start a training election" makes one, in a
 * folder of its own; its clock is the test's. */
static void
fixture_set_up (ReportFixture *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StationFixture *station = &fixture->station;

  station->dir = g_dir_make_tmp ("valgting-day-report-XXXXXX", &error);
  g_assert_no_error (error);
  station->station = vt_station_create_training (station->dir, &error);
  g_assert_no_error (error);
  g_assert_true (vt_station_get_training (station->station));
  station->path = g_strdup (vt_station_get_path (station->station));
  station->config = g_object_ref (vt_station_get_config (station->station));
  vt_station_set_clock (station->station, test_clock, station);

  fixture->window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
  vt_window_set_station (fixture->window, station->station);
  fixture->page = vt_window_get_station_page (fixture->window);
  vt_test_settle ();
}

static void
fixture_tear_down (ReportFixture *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  station_fixture_tear_down (&fixture->station, data);
}

static VtCommandDialog *
find_dialog (void)
{
  return (VtCommandDialog *)vt_test_find_toplevel (VT_TYPE_COMMAND_DIALOG);
}

static gboolean
dialog_open (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

typedef struct
{
  VtWindow *window;
  const char *document;
} ToastWait;

/* The toast that offers to print @document. */
static gboolean
print_toast_shown (gpointer data)
{
  ToastWait *wait = data;
  AdwToast *toast = vt_window_get_toast (wait->window);
  GVariant *target;

  if (toast == NULL || g_strcmp0 (adw_toast_get_action_name (toast), "win.print-document") != 0)
    return FALSE;
  target = adw_toast_get_action_target_value (toast);
  return target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), wait->document) == 0;
}

/* The PDF's text, every run of white space one space. */
static char *
pdf_text (const char *path,
          guint      *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  g_autoptr(GObject) pdf_object = NULL;
  g_autoptr(GRegex) whitespace = g_regex_new ("\\s+", 0, 0, NULL);
  PopplerDocument *pdf;
  GString *text = g_string_new (NULL);
  g_autofree char *joined = NULL;

  g_assert_no_error (error);
  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  pdf_object = G_OBJECT (pdf);
  for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
    {
      g_autoptr(GObject) page = G_OBJECT (poppler_document_get_page (pdf, i));
      g_autofree char *page_text = poppler_page_get_text (POPPLER_PAGE (page));

      g_string_append_printf (text, "%s\n", page_text);
    }
  *n_pages = (guint)poppler_document_get_n_pages (pdf);
  joined = g_string_free (text, FALSE);
  return g_regex_replace_literal (whitespace, joined, -1, 0, " ", 0, NULL);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the text: %s", needle, text);
}

/* Everything before the doors, by the core: the chair and the deputy here, the checklist,
 * urn U1 shown empty and sealed with strip 1001 (and the mobile urn where the election has
 * outdoor voting). The clock at the opening time of day 1. */
static void
prepare_opening (ReportFixture *fixture)
{
  StationFixture *station = &fixture->station;
  GPtrArray *checks = vt_config_get_checklist (station->config);
  const char *deputy = vt_test_deputy (station);

  vt_test_at (station, 1, "07:30");
  vt_test_do_printf (station, VT_KIND_PERSON_ARRIVE, "{\"person\": \"%s\"}",
                     vt_test_chair (station));
  vt_test_do_printf (station, VT_KIND_PERSON_ARRIVE, "{\"person\": \"%s\"}", deputy);
  for (guint i = 0; i < checks->len; i++)
    vt_test_do_printf (station, VT_KIND_CHECK_DONE, "{\"check\": \"%s\"}",
                       ((VtCheck *)g_ptr_array_index (checks, i))->id);
  vt_test_do_printf (station, VT_KIND_STRIPS_RECEIVE, "{\"first\": 1001, \"last\": 1050}");
  vt_test_do_printf (station, VT_KIND_URN_ADD, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                     "\"table\": \"%s\"}",
                     ((VtRollTable *)g_ptr_array_index (vt_config_get_tables (station->config),
                                                        0))->id);
  vt_test_do_printf (station, VT_KIND_URN_VERIFY_EMPTY, "{\"urn\": \"U1\", \"witness\": \"%s\"}",
                     deputy);
  vt_test_do_printf (station, VT_KIND_URN_SEAL, "{\"urn\": \"U1\", \"strip\": 1001, "
                     "\"witness\": \"%s\"}", deputy);
  if (vt_config_get_outdoor_voting (station->config))
    {
      vt_test_do_printf (station, VT_KIND_URN_ADD, "{\"urn\": \"M1\", \"kind\": \"mobile\"}");
      vt_test_do_printf (station, VT_KIND_URN_VERIFY_EMPTY, "{\"urn\": \"M1\", "
                         "\"witness\": \"%s\"}", deputy);
      vt_test_do_printf (station, VT_KIND_URN_SEAL, "{\"urn\": \"M1\", \"strip\": 1002, "
                         "\"witness\": \"%s\"}", deputy);
    }
  {
    VtElectionDay *day = g_ptr_array_index (vt_config_get_days (station->config), 0);
    g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");
    vt_test_at (station, 1, opens);
  }
}

/* Gives @kind through its form in the window, as the chair does. */
static void
give_through_form (ReportFixture *fixture,
                   const char    *kind,
                   const char    *field,
                   const char    *value)
{
  VtCommandDialog *dialog;
  gint64 before = vt_store_get_n_entries (vt_station_get_store (fixture->station.station));

  vt_station_page_record (fixture->page, kind);
  vt_test_iterate_until (dialog_open, NULL);
  dialog = find_dialog ();
  if (field != NULL)
    g_assert_true (vt_command_dialog_set_value (dialog, field, value, FALSE));
  vt_command_dialog_save (dialog);
  vt_test_settle ();
  if (find_dialog () != NULL)
    g_error ("“%s” was refused: %s", kind, vt_command_dialog_get_error (find_dialog ()));
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (fixture->station.station)), ==,
                   before + 1);
}

static char *
newest_time (ReportFixture *fixture)
{
  GListModel *journal = vt_station_get_journal (fixture->station.station);
  g_autoptr(VtJournalEntry) newest = g_list_model_get_item (journal, 0);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (
    vt_journal_entry_get_time (newest), vt_config_get_timezone (fixture->station.config));

  return g_date_time_format (local, "%d.%m.%Y %H:%M");
}

static void
test_doors_open_writes_the_report (ReportFixture *fixture,
                                   gconstpointer  data)
{
  StationFixture *station = &fixture->station;
  g_autofree char *path = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;
  g_autofree char *opened = NULL;
  ToastWait wait = { fixture->window, "opening-report" };
  guint n_pages;

  prepare_opening (fixture);
  path = vt_document_dup_day_report_path (station->station, VT_DOCUMENT_OPENING_REPORT);
  /* Beside the station file, named by the station and the report's id. */
  stem = g_strndup (station->path, strlen (station->path) - strlen (".valgting"));
  expected_path = g_strdup_printf ("%s-opening-report.pdf", stem);
  g_assert_cmpstr (path, ==, expected_path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  give_through_form (fixture, VT_KIND_DOORS_OPEN, NULL, NULL);
  when = newest_time (fixture);
  g_assert_cmpint (vt_station_get_phase (station->station), ==, VT_PHASE_VOTING);

  /* Written in a thread: the window is live meanwhile; the file comes, then the toast. */
  vt_test_iterate_until (file_exists, path);
  vt_test_iterate_until (print_toast_shown, &wait);
  g_assert_cmpstr (adw_toast_get_button_label (vt_window_get_toast (fixture->window)), ==,
                   "_Print…");

  text = pdf_text (path, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  assert_has (text, "Rapport ved åpning av valglokalet");
  opened = g_strdup_printf ("Dørene ble åpnet %s", when);
  assert_has (text, opened);
  assert_has (text, "Kari Øvingsen");
  assert_has (text, "Ola Prøvesen");
  assert_has (text, "1001");
  /* A training station's paper says so. */
  assert_has (text, "ØVINGSVALG");

  /* The Documents view lists it, with where it is kept. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.documents",
                                             NULL));
  vt_test_settle ();
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page),
                                        "Report at the opening of the polling station", TRUE));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page),
                                        "Report at the closing of the polling station", TRUE));
  {
    VtDocumentsView *view = VT_DOCUMENTS_VIEW (
      vt_test_find_widget (GTK_WIDGET (fixture->page), VT_TYPE_DOCUMENTS_VIEW));
    g_autofree char *state = vt_documents_view_dup_state (view, VT_DOCUMENT_OPENING_REPORT);
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *kept = g_strdup_printf ("Kept beside the station file as %s", name);

    assert_has (state, kept);
  }

  /* Closing the doors writes the other report beside it. */
  {
    g_autofree char *closing = vt_document_dup_day_report_path (station->station,
                                                                VT_DOCUMENT_CLOSING_REPORT);
    g_autofree char *closing_text = NULL;
    ToastWait closing_wait = { fixture->window, "closing-report" };
    VtElectionDay *day = g_ptr_array_index (vt_config_get_days (station->config), 0);
    g_autofree char *closes = g_date_time_format (day->closes, "%H:%M");

    vt_test_at (station, 1, closes);
    give_through_form (fixture, VT_KIND_DOORS_CLOSE, "queue", "2");
    vt_test_iterate_until (file_exists, closing);
    vt_test_iterate_until (print_toast_shown, &closing_wait);
    closing_text = pdf_text (closing, &n_pages);
    assert_has (closing_text, "Rapport ved stenging av valglokalet");
    assert_has (closing_text, "2 personer stod i køen");
  }
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

  g_test_add ("/day-report/window/doors-open-writes-the-report-beside-the-station", ReportFixture,
              NULL, fixture_set_up, test_doors_open_writes_the_report, fixture_tear_down);

  return g_test_run ();
}
