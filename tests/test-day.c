/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <locale.h>

#include "vt-application.h"
#include "vt-command-dialog.h"
#include "vt-documents.h"
#include "vt-sign-dialog.h"
#include "vt-station-page.h"
#include "vt-station-state.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-verify.h"
#include <glib/gstdio.h>
#include "vt-window.h"

/* A whole mock day driven through the real window under a (virtual) display: the buttons of
 * the phase views, the forms they open, the envelope keys and Undo, the Record… list. After
 * each step the journal is checked, not the screen alone. */

typedef struct
{
  StationFixture station;
  VtWindow *window;
  VtStationPage *page;
} DayFixture;

static VtApplication *the_app;

#define CHAIR "kari-ovingsen"
#define DEPUTY "ola-provesen"
#define MEMBER "nora-testdal"
#define WORKER "anders-eksempelsen"
#define WORKER2 "sigrid-provestad"

static void
day_fixture_set_up (DayFixture    *fixture,
                    gconstpointer  data)
{
  station_fixture_set_up (&fixture->station, data);
  fixture->window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
  vt_window_set_station (fixture->window, fixture->station.station);
  fixture->page = vt_window_get_station_page (fixture->window);
  vt_test_settle ();
}

static void
day_fixture_tear_down (DayFixture    *fixture,
                       gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  station_fixture_tear_down (&fixture->station, data);
}

/* ---- finding things on the screen ------------------------------------------------------- */

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      gtk_widget_get_sensitive (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button labelled @label in the row titled @row_title. */
static GtkWidget *
find_row_button (DayFixture *fixture,
                 const char *row_title,
                 const char *label)
{
  GtkWidget *title = vt_test_find_label (GTK_WIDGET (fixture->page), row_title, TRUE);
  GtkWidget *row;

  g_assert_nonnull (title);
  row = gtk_widget_get_ancestor (title, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  return find_button (row, label);
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

/* ---- the journal ------------------------------------------------------------------------ */

static gint64
n_entries (DayFixture *fixture)
{
  return vt_store_get_n_entries (vt_station_get_store (fixture->station.station));
}

static char *
newest_kind (DayFixture *fixture)
{
  GListModel *journal = vt_station_get_journal (fixture->station.station);
  g_autoptr(VtJournalEntry) newest = g_list_model_get_item (journal, 0);

  return g_strdup (vt_journal_entry_get_kind (newest));
}

#define assert_newest(fixture, kind) \
  G_STMT_START { \
    g_autofree char *newest_ = newest_kind (fixture); \
    g_assert_cmpstr (newest_, ==, kind); \
  } G_STMT_END

/* ---- steps ------------------------------------------------------------------------------ */

/* Clicks a button that gives its command at once; one entry more, of @kind. */
static void
click (DayFixture *fixture,
       GtkWidget  *button,
       const char *kind)
{
  gint64 before = n_entries (fixture);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  vt_test_settle ();
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  assert_newest (fixture, kind);
}

/* Fills the open form with @first_field = value, … NULL and saves it; one entry of its kind
 * more, and the form is gone. */
static void
fill_and_save (DayFixture *fixture,
               const char *first_field,
               ...)
{
  VtCommandDialog *dialog;
  gint64 before = n_entries (fixture);
  va_list args;

  vt_test_iterate_until (dialog_open, NULL);
  dialog = find_dialog ();
  va_start (args, first_field);
  for (const char *name = first_field; name != NULL; name = va_arg (args, const char *))
    g_assert_true (vt_command_dialog_set_value (dialog, name, va_arg (args, const char *),
                                                FALSE));
  va_end (args);

  vt_command_dialog_save (dialog);
  vt_test_settle ();
  /* Closed once saved; still open only with the reason it was refused. */
  if (find_dialog () != NULL)
    g_error ("“%s” was refused: %s", vt_command_dialog_get_kind (find_dialog ())->id,
             vt_command_dialog_get_error (find_dialog ()));
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
}

/* The control count's form: its own number and the deputy, and never the first count. */
static void
control_count (DayFixture *fixture,
               const char *n)
{
  vt_test_iterate_until (dialog_open, NULL);
  g_assert_false (vt_command_dialog_set_value (find_dialog (), "count", n, FALSE));
  fill_and_save (fixture, "control_count", n, "controller", DEPUTY, NULL);
}

static gboolean
recount_question_open (gpointer data)
{
  return vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The question after differing counts: answered later, from the row. */
static void
dismiss_recount_question (void)
{
  AdwMessageDialog *question;

  vt_test_iterate_until (recount_question_open, NULL);
  question = ADW_MESSAGE_DIALOG (vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Count Again");
  adw_message_dialog_response (question, "later");
  gtk_window_destroy (GTK_WINDOW (question));
  vt_test_settle ();
}


static void
record (DayFixture *fixture,
        const char *kind)
{
  vt_station_page_record (fixture->page, kind);
  vt_test_iterate_until (dialog_open, NULL);
  g_assert_cmpstr (vt_command_dialog_get_kind (find_dialog ())->id, ==, kind);
}

/* Opens an urn for counting from its row: never in one click, always through its form. */
static void
open_urn (DayFixture *fixture,
          const char *row_title)
{
  gint64 before = n_entries (fixture);

  g_signal_emit_by_name (find_row_button (fixture, row_title, "Open…"), "clicked");
  vt_test_settle ();
  /* Irreversible: the form names the urn and the consequence, and waits. */
  g_assert_nonnull (find_dialog ());
  fill_and_save (fixture, NULL);
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  assert_newest (fixture, "urn.open");
}

static void
count_drawing_areas (GtkWidget *widget,
                     guint     *n)
{
  if (GTK_IS_DRAWING_AREA (widget))
    (*n)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_drawing_areas (child, n);
}

/* ---- the day ---------------------------------------------------------------------------- */

static void
open_station (DayFixture *fixture)
{
  GtkWidget *button;

  vt_test_at (&fixture->station, 1, "07:00");

  /* Setup: the chair and the deputy arrive. */
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "setup");
  click (fixture, find_row_button (fixture, "Kari Øvingsen", "Arrived"), "person.arrive");
  g_assert_true (vt_station_is_present (fixture->station.station, CHAIR));
  click (fixture, find_row_button (fixture, "Ola Prøvesen", "Arrived"), "person.arrive");
  for (const char *const *id = (const char *const[]) { WORKER, WORKER2, NULL }; *id != NULL; id++)
    {
      const VtPerson *person = vt_config_find_person (
        vt_station_get_config (fixture->station.station), *id);
      click (fixture, find_row_button (fixture, person->name, "Arrived"), "person.arrive");
    }

  /* Strips and the first urn, through the forms. */
  record (fixture, "strips.receive");
  fill_and_save (fixture, "first", "1001", "last", "1050", NULL);
  assert_newest (fixture, "strips.receive");
  record (fixture, "urn.add");
  fill_and_save (fixture, "urn", "U1", "kind", "ordinary", "table", "1", NULL);

  /* Opening: the phase view shows the checklist; every item is ticked with its button. */
  vt_station_page_show (fixture->page, "opening");
  vt_test_settle ();
  while ((button = find_button (GTK_WIDGET (fixture->page), "Done")) != NULL)
    click (fixture, button, "check.done");
  g_assert_null (find_button (GTK_WIDGET (fixture->page), "Deviation…"));

  /* The urn is shown empty and sealed from its row. */
  g_signal_emit_by_name (find_row_button (fixture, "U1, table 1", "Shown Empty…"), "clicked");
  fill_and_save (fixture, "witness", DEPUTY, NULL);
  assert_newest (fixture, "urn.verify-empty");
  g_signal_emit_by_name (find_row_button (fixture, "U1, table 1", "Seal…"), "clicked");
  fill_and_save (fixture, "strip", "1001", "witness", DEPUTY, NULL);
  assert_newest (fixture, "urn.seal");

  /* The doors open at the scheduled time. */
  vt_test_at (&fixture->station, 1, "09:00");
  g_signal_emit_by_name (find_button (GTK_WIDGET (fixture->page), "_Open the Doors…"), "clicked");
  fill_and_save (fixture, NULL);
  vt_test_settle ();
  g_assert_cmpint (vt_station_get_phase (fixture->station.station), ==, VT_PHASE_VOTING);
  /* The view follows the day. */
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "voting");
}

static void
test_whole_day (DayFixture   *fixture,
                gconstpointer data)
{
  VtStation *station = fixture->station.station;
  GPtrArray *reasons = vt_config_get_envelope_reasons (vt_station_get_config (station));
  const char *reason0 = ((VtEnvelopeReason *)g_ptr_array_index (reasons, 0))->id;
  const char *reason1 = ((VtEnvelopeReason *)g_ptr_array_index (reasons, 1))->id;
  const char *label0 = ((VtEnvelopeReason *)g_ptr_array_index (reasons, 0))->label;
  g_autoptr(GArray) open_votes = NULL;
  g_autofree char *outdoor_title = NULL;
  GPtrArray *contests;

  open_station (fixture);

  /* Envelopes: Ctrl+1 twice, Ctrl+2 once, then Undo takes back the last. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.envelope",
                                             "u", 0));
  vt_test_settle ();
  assert_newest (fixture, "envelope");
  g_signal_emit_by_name (find_row_button (fixture, label0, "+1"), "clicked");
  vt_test_settle ();
  g_assert_true (vt_station_page_log_envelope (fixture->page, 1));
  vt_test_settle ();
  g_assert_cmpint (vt_station_count_envelopes (station, reason0), ==, 2);
  g_assert_cmpint (vt_station_count_envelopes (station, reason1), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  vt_test_settle ();
  assert_newest (fixture, "correction.annul");
  g_assert_cmpint (vt_station_count_envelopes (station, reason1), ==, 0);
  /* The counter on the screen says so too. */
  g_assert_nonnull (find_row_button (fixture, label0, "+1"));
  g_assert_nonnull (vt_test_find_label (gtk_widget_get_ancestor (
                                          vt_test_find_label (GTK_WIDGET (fixture->page), label0,
                                                              TRUE), ADW_TYPE_ACTION_ROW),
                                        "2", TRUE));

  /* A refusal is shown in the form, and the form keeps what was typed: a second seal with a
   * strip already used. */
  record (fixture, "urn.add");
  fill_and_save (fixture, "urn", "U2", "kind", "ordinary", "table", "2", NULL);
  g_signal_emit_by_name (find_row_button (fixture, "U2, table 2", "Shown Empty…"), "clicked");
  fill_and_save (fixture, "witness", DEPUTY, NULL);
  g_signal_emit_by_name (find_row_button (fixture, "U2, table 2", "Seal…"), "clicked");
  vt_test_iterate_until (dialog_open, NULL);
  vt_command_dialog_set_value (find_dialog (), "strip", "1001", FALSE);
  vt_command_dialog_set_value (find_dialog (), "witness", DEPUTY, FALSE);
  vt_command_dialog_save (find_dialog ());
  vt_test_settle ();
  g_assert_nonnull (find_dialog ());
  g_assert_nonnull (vt_command_dialog_get_error (find_dialog ()));
  assert_newest (fixture, "refused");
  vt_command_dialog_set_value (find_dialog (), "strip", "1002", FALSE);
  fill_and_save (fixture, NULL);
  assert_newest (fixture, "urn.seal");

  /* An outdoor vote: the mobile urn first, then started through the form; it stays on the
   * screen until the equipment is back. */
  record (fixture, "urn.add");
  fill_and_save (fixture, "urn", "M1", "kind", "mobile", NULL);
  g_signal_emit_by_name (find_row_button (fixture, "M1", "Shown Empty…"), "clicked");
  fill_and_save (fixture, "witness", DEPUTY, NULL);
  g_signal_emit_by_name (find_row_button (fixture, "M1", "Seal…"), "clicked");
  fill_and_save (fixture, "strip", "1003", "witness", DEPUTY, NULL);
  vt_test_at (&fixture->station, 1, "11:30");
  g_signal_emit_by_name (find_button (GTK_WIDGET (fixture->page), "_Start…"), "clicked");
  fill_and_save (fixture, "worker", WORKER, "second_worker", WORKER2, "in_roll", "true",
                 "table", "2", "page", "14", "line", "7", NULL);
  assert_newest (fixture, "outdoor.start");
  open_votes = vt_station_dup_open_outdoor_votes (station);
  g_assert_cmpuint (open_votes->len, ==, 1);
  /* The row says who is out and since when. */
  outdoor_title = g_strdup_printf ("%s and %s — out since 11:30",
                                   vt_config_find_person (vt_station_get_config (station),
                                                          WORKER)->name,
                                   vt_config_find_person (vt_station_get_config (station),
                                                          WORKER2)->name);
  /* In sight on every page until the equipment is back. */
  vt_station_page_show (fixture->page, "log");
  vt_test_settle ();
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page), "1 outdoor vote not finished",
                                        FALSE));
  vt_station_page_show (fixture->page, "voting");
  vt_test_settle ();
  g_assert_null (find_row_button (fixture, outdoor_title, "Equipment Out"));
  /* Back, with the number read on the mobile urn's seal. */
  g_signal_emit_by_name (find_row_button (fixture, outdoor_title, "Back…"), "clicked");
  fill_and_save (fixture, "strip", "1003", NULL);
  assert_newest (fixture, "outdoor.end");
  g_assert_null (vt_test_find_label (GTK_WIDGET (fixture->page), outdoor_title, TRUE));
  g_assert_null (vt_test_find_label (GTK_WIDGET (fixture->page), "outdoor vote not finished",
                                     FALSE));

  /* An incident through the Record… list, found by typing. */
  record (fixture, "incident.unstamped");
  fill_and_save (fixture, "table", "1", NULL);

  /* Closing at 21:00. */
  vt_test_at (&fixture->station, 1, "21:00");
  g_signal_emit_by_name (find_button (GTK_WIDGET (fixture->page), "_Close the Doors…"),
                         "clicked");
  fill_and_save (fixture, "queue", "0", NULL);
  vt_test_settle ();
  g_assert_cmpint (vt_station_get_phase (station), ==, VT_PHASE_CLOSING);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "closing");

  /* Roll marks: 100 per table, counted by the chair and control-counted by the deputy, each
   * in a form of its own; the first one differs once and is counted again. */
  for (const char *table = "1"; table != NULL;
       table = g_str_equal (table, "1") ? "2" : g_str_equal (table, "2") ? "3" : NULL)
    {
      g_autofree char *title = g_strdup_printf ("Table %s", table);
      g_signal_emit_by_name (find_row_button (fixture, title, "Count…"), "clicked");
      fill_and_save (fixture, "count", "100", "counter", CHAIR, NULL);
      assert_newest (fixture, "roll-marks.count");
      g_signal_emit_by_name (find_row_button (fixture, title, "Control count…"), "clicked");
      control_count (fixture, g_str_equal (table, "1") ? "101" : "100");
      assert_newest (fixture, "roll-marks.control");
      if (g_str_equal (table, "1"))
        {
          /* The screen asks for the count again; the row says why and offers it. */
          g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page),
                                                "The count and the control count differ: "
                                                "count the marks again", TRUE));
          dismiss_recount_question ();
          g_signal_emit_by_name (find_row_button (fixture, title, "Count again…"), "clicked");
          fill_and_save (fixture, "count", "100", "counter", CHAIR, NULL);
          g_signal_emit_by_name (find_row_button (fixture, title, "Control count…"),
                                 "clicked");
          control_count (fixture, "100");
        }
    }
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      g_autofree char *n = g_strdup_printf ("%" PRId64,
                                            vt_station_count_envelopes (station, reason->id));
      g_signal_emit_by_name (find_row_button (fixture, reason->label, "Count…"), "clicked");
      fill_and_save (fixture, "count", n, "counter", CHAIR, NULL);
      assert_newest (fixture, "envelopes.count");
      g_signal_emit_by_name (find_row_button (fixture, reason->label, "Control count…"),
                             "clicked");
      control_count (fixture, n);
      assert_newest (fixture, "envelopes.control");
    }
  g_signal_emit_by_name (find_row_button (fixture, "Unused ballots removed", "Record…"),
                         "clicked");
  fill_and_save (fixture, NULL);
  g_signal_emit_by_name (find_row_button (fixture, "Stamps handed in", "Record…"), "clicked");
  fill_and_save (fixture, NULL);
  g_signal_emit_by_name (find_row_button (fixture, "Shipment 1 packed", "Record…"), "clicked");
  fill_and_save (fixture, "rolls", "3", "stamps", "3", "envelopes", "2", NULL);
  g_signal_emit_by_name (find_row_button (fixture, "Shipment 1 handed over", "Record…"),
                         "clicked");
  fill_and_save (fixture, "to", "Courier from the election office", NULL);
  assert_newest (fixture, "shipment.handed-over");

  /* The urns are opened; the count starts. */
  open_urn (fixture, "U1, table 1");
  vt_test_settle ();
  g_assert_cmpint (vt_station_get_phase (station), ==, VT_PHASE_COUNTING);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "counting");
  open_urn (fixture, "U2, table 2");
  open_urn (fixture, "M1");

  /* Every pile of every contest: 300 marks, 301 ballots (the unstamped one is doubtful); 9
   * blank, no more than 3 % (K403). */
  contests = vt_config_get_contests (vt_station_get_config (station));
  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      for (guint l = 0; l < contest->lists->len + 2; l++)
        {
          GtkWidget *button = find_button (GTK_WIDGET (fixture->page), "Count…");
          /* 9 blank of 301: under the 3 % that K403 asks about. */
          const char *n = l == 0 ? "291"
                          : l == contest->lists->len ? "9"
                          : l == contest->lists->len + 1 ? "1" : "0";

          g_assert_nonnull (button);
          g_signal_emit_by_name (button, "clicked");
          fill_and_save (fixture, "count", n, "counter", CHAIR, NULL);
          assert_newest (fixture, "pile.count");
          button = find_button (GTK_WIDGET (fixture->page), "Control count…");
          g_assert_nonnull (button);
          g_signal_emit_by_name (button, "clicked");
          control_count (fixture, n);
          assert_newest (fixture, "pile.control");
        }
    }
  g_assert_null (find_button (GTK_WIDGET (fixture->page), "Count…"));

  /* The unused strips go back; K103 is then satisfied. */
  record (fixture, "strips.return");
  fill_and_save (fixture, "first", "1004", "last", "1050", NULL);

  /* One ballot more than marks in each contest: K402 asks for an explanation per contest,
   * and the form it opens proposes the unstamped ballot (+1, ticked) and the outdoor vote. */
  for (guint c = 0; c < contests->len; c++)
    {
      GtkWidget *explain = find_button (GTK_WIDGET (fixture->page), "_Explain…");
      GListModel *journal = vt_station_get_journal (station);
      g_autoptr(VtJournalEntry) newest = NULL;
      JsonObject *payload;

      g_assert_nonnull (explain);
      g_signal_emit_by_name (explain, "clicked");
      fill_and_save (fixture, "text", "An unstamped ballot went into urn U1", NULL);
      newest = g_list_model_get_item (journal, 0);
      g_assert_cmpstr (vt_journal_entry_get_kind (newest), ==, "count.explain");
      payload = vt_journal_entry_get_payload_object (newest);
      g_assert_cmpstr (json_object_get_string_member (payload, "code"), ==, "K402");
      /* The unstamped ballot counts +1, ticked; the outdoor vote, either way, is left to the
       * chair. */
      g_assert_false (json_object_has_member (payload, "entries"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (payload, "items")),
                        ==, 1);
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                         json_object_get_array_member (payload, "items"), 0), "count"), ==, 1);
    }
  g_assert_null (find_button (GTK_WIDGET (fixture->page), "_Explain…"));

  record (fixture, "results.phoned");
  fill_and_save (fixture, "to", "The election office", NULL);
  vt_test_settle ();
  g_assert_cmpint (vt_station_get_phase (station), ==, VT_PHASE_PROTOCOL);

  /* The protocol phase offers the documents; the preview shows every page of the PDF. */
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "protocol");
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page),
                                        "Election protocol for the polling-station board",
                                        TRUE));
  g_signal_emit_by_name (find_row_button (fixture, "Election protocol for the polling-station "
                                          "board", "Preview"), "clicked");
  vt_test_settle ();
  {
    GtkWindow *preview = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();
    g_autoptr(VtDoc) doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);
    GtkWidget *list;
    guint n_areas = 0;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
        if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (window)),
                       "Election protocol for the polling-station board") == 0)
          preview = GTK_WINDOW (window);
      }
    g_assert_nonnull (preview);
    /* A row for each page; those in view drawn. */
    list = vt_test_find_widget (GTK_WIDGET (preview), GTK_TYPE_LIST_VIEW);
    g_assert_nonnull (list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                        GTK_LIST_VIEW (list)))), ==, vt_doc_get_n_pages (doc));
    count_drawing_areas (GTK_WIDGET (preview), &n_areas);
    g_assert_cmpuint (n_areas, >=, 1);
    gtk_window_destroy (preview);
  }

  /* The chair signs on screen; the row says so, and the journal has the strokes. */
  g_signal_emit_by_name (find_row_button (fixture, "Kari Øvingsen", "Sign…"), "clicked");
  vt_test_settle ();
  {
    VtSignDialog *dialog = (VtSignDialog *)vt_test_find_toplevel (VT_TYPE_SIGN_DIALOG);
    static const double stroke[] = { 0.1, 0.7, 0.3, 0.2, 0.6, 0.8, 0.9, 0.3 };

    g_assert_nonnull (dialog);
    vt_sign_dialog_add_stroke (dialog, stroke, G_N_ELEMENTS (stroke));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL));
    vt_test_settle ();
    g_assert_null (vt_test_find_toplevel (VT_TYPE_SIGN_DIALOG));
  }
  assert_newest (fixture, "protocol.sign");
  g_assert_cmpint (vt_document_get_signature (station, CHAIR), ==, VT_SIGNATURE_CURRENT);
  g_assert_null (find_row_button (fixture, "Kari Øvingsen", "Sign…"));

  /* The deputy signs the printed page in ink: one button, no pointer needed. */
  g_signal_emit_by_name (find_row_button (fixture, "Ola Prøvesen", "Sign…"), "clicked");
  vt_test_settle ();
  {
    VtSignDialog *dialog = (VtSignDialog *)vt_test_find_toplevel (VT_TYPE_SIGN_DIALOG);

    g_assert_nonnull (dialog);
    g_assert_nonnull (find_button (GTK_WIDGET (dialog), "Signed in _Ink on the Paper"));
    g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "Signed in _Ink on the Paper"),
                           "clicked");
    vt_test_settle ();
    g_assert_null (vt_test_find_toplevel (VT_TYPE_SIGN_DIALOG));
  }
  assert_newest (fixture, "protocol.sign");
  g_assert_cmpint (vt_document_get_signature (station, DEPUTY), ==, VT_SIGNATURE_CURRENT);
}

/* The log page: every entry, searchable and filtered by kind, and live. */
static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_search_entry (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_gone (gpointer data)
{
  DayFixture *fixture = data;
  return vt_test_find_label (GTK_WIDGET (fixture->page), "Doors opened", TRUE) == NULL;
}

static gboolean
urn_sealed_shown (gpointer data)
{
  DayFixture *fixture = data;
  return vt_test_find_label (GTK_WIDGET (fixture->page), "Urn sealed", TRUE) != NULL &&
         vt_test_find_label (GTK_WIDGET (fixture->page), "Doors opened", TRUE) == NULL;
}

static gboolean
label_back (gpointer data)
{
  return !label_gone (data);
}

static gboolean
envelope_shown (gpointer data)
{
  DayFixture *fixture = data;
  return vt_test_find_label (GTK_WIDGET (fixture->page), "Special envelope", TRUE) != NULL;
}

static gboolean
match_count_shown (gpointer data)
{
  DayFixture *fixture = data;
  return vt_test_find_label (GTK_WIDGET (fixture->page), "1 entry matches", TRUE) != NULL;
}

static gboolean
no_match_shown (gpointer data)
{
  DayFixture *fixture = data;
  return vt_test_find_label (GTK_WIDGET (fixture->page), "No entry matches", FALSE) != NULL;
}

static void
test_log_search (DayFixture   *fixture,
                 gconstpointer data)
{
  GtkWidget *search;

  open_station (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.search",
                                             NULL));
  vt_test_settle ();
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "log");
  /* Newest on top, as it happens. */
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page), "Doors opened", TRUE));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page), "Urn sealed", TRUE));

  /* Typing narrows the list to the entries that mention it. */
  search = find_search_entry (GTK_WIDGET (fixture->page));
  g_assert_true (gtk_widget_has_focus (search) || gtk_widget_is_focus (search) ||
                 gtk_widget_get_focus_child (search) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "strip 1001");
  /* The first search indexes the log in a thread: wait for the match, then the other is
   * gone. */
  vt_test_iterate_until (urn_sealed_shown, fixture);
  vt_test_iterate_until (label_gone, fixture);
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page), "Urn sealed", TRUE));
  /* Under the search, how many it found. */
  vt_test_iterate_until (match_count_shown, fixture);

  /* A search that finds nothing says so, and how to see everything again. */
  gtk_editable_set_text (GTK_EDITABLE (search), "nothing like this was ever logged");
  vt_test_iterate_until (no_match_shown, fixture);
  g_assert_null (vt_test_find_label (GTK_WIDGET (fixture->page), "Urn sealed", TRUE));

  /* A new entry shows at once, on top, if it matches. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  vt_test_iterate_until (label_back, fixture);
  vt_station_page_log_envelope (fixture->page, 0);
  vt_test_iterate_until (envelope_shown, fixture);
}

/* The palette, if it is shown. */
static GtkWidget *
find_palette (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (window)), "Record") == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

/* The Record… list offers what the phase allows and opens its form. */
static void
test_palette (DayFixture   *fixture,
              gconstpointer data)
{
  GtkWidget *palette;

  open_station (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.palette",
                                             NULL));
  vt_test_settle ();
  palette = find_palette ();
  g_assert_nonnull (palette);
  /* Voting: a disturbance can be recorded, a pile cannot. */
  g_assert_nonnull (vt_test_find_label (palette, "Disturbance", TRUE));
  g_assert_null (vt_test_find_label (palette, "Pile counted", TRUE));

  /* Typed and Enter: the palette closes and the form of the one found opens. */
  {
    GtkWidget *search = vt_test_find_widget (palette, GTK_TYPE_SEARCH_ENTRY);
    VtCommandDialog *dialog;

    g_assert_nonnull (search);
    gtk_editable_set_text (GTK_EDITABLE (search), "disturbance");
    vt_test_settle ();
    g_signal_emit_by_name (search, "activate");
    vt_test_iterate_until (dialog_open, NULL);
    dialog = find_dialog ();
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Disturbance");
    g_assert_null (find_palette ());
    gtk_window_destroy (GTK_WINDOW (dialog));
    vt_test_settle ();
  }
}

static GtkWidget *
find_button_by_tooltip (GtkWidget  *widget,
                        const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_by_tooltip (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
strips_shown (gpointer data)
{
  DayFixture *fixture = data;
  return vt_test_find_label (GTK_WIDGET (fixture->page), "Seal strips received", TRUE) != NULL &&
         vt_test_find_label (GTK_WIDGET (fixture->page), "Doors opened", TRUE) == NULL;
}

/* The log row showing @kind_label: its cells are the children of one row widget. */
static GtkWidget *
log_row (DayFixture *fixture,
         const char *kind_label)
{
  GtkWidget *label = vt_test_find_label (GTK_WIDGET (fixture->page), kind_label, TRUE);

  g_assert_nonnull (label);
  return gtk_widget_get_parent (gtk_widget_get_parent (label));
}

/* From the log: an entry is corrected in its own form, filled with its values, and another
 * annulled; both stay in the log and the state follows. */
static void
test_correct_from_the_log (DayFixture   *fixture,
                           gconstpointer data)
{
  GListModel *journal;
  g_autoptr(VtJournalEntry) newest = NULL;
  JsonObject *payload;
  VtCommandDialog *dialog;
  gint64 before;

  open_station (fixture);
  vt_station_page_show (fixture->page, "log");
  vt_test_settle ();

  /* The strips received were 1001–1040, not 1001–1050: found by searching the log. */
  gtk_editable_set_text (GTK_EDITABLE (find_search_entry (GTK_WIDGET (fixture->page))),
                         "strips 1001");
  vt_test_iterate_until (strips_shown, fixture);
  g_signal_emit_by_name (find_button_by_tooltip (log_row (fixture, "Seal strips received"),
                                                 "Correct this entry"), "clicked");
  vt_test_iterate_until (dialog_open, NULL);
  dialog = find_dialog ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Correct Entry 6");
  /* Saved without a reason: refused in place. */
  before = n_entries (fixture);
  g_assert_true (vt_command_dialog_set_value (dialog, "last", "1040", FALSE));
  vt_command_dialog_save (dialog);
  vt_test_settle ();
  g_assert_nonnull (vt_command_dialog_get_error (find_dialog ()));
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  assert_newest (fixture, "refused");
  gtk_window_destroy (GTK_WINDOW (find_dialog ()));

  g_signal_emit_by_name (find_button_by_tooltip (log_row (fixture, "Seal strips received"),
                                                 "Correct this entry"), "clicked");
  vt_test_iterate_until (dialog_open, NULL);
  vt_command_dialog_set_value (find_dialog (), "last", "1040", FALSE);
  g_assert_true (vt_command_dialog_set_reason (find_dialog (), "Miscounted the roll of strips"));
  fill_and_save (fixture, NULL);
  journal = vt_station_get_journal (fixture->station.station);
  newest = g_list_model_get_item (journal, 0);
  g_assert_cmpstr (vt_journal_entry_get_kind (newest), ==, "correction.amend");
  payload = vt_journal_entry_get_payload_object (newest);
  g_assert_cmpint (json_object_get_int_member (payload, "entry"), ==, 6);
  /* Only what changed. */
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (payload, "changes")),
                    ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (payload,
                                                                               "changes"),
                                               "last"), ==, 1040);

  /* The last opening check was ticked by mistake: annulled, and it is open again. */
  gtk_editable_set_text (GTK_EDITABLE (find_search_entry (GTK_WIDGET (fixture->page))), "");
  vt_test_iterate_until (label_back, fixture);
  {
    GPtrArray *checks = vt_config_get_checklist (vt_station_get_config (fixture->station.station));
    const char *last = ((VtCheck *)g_ptr_array_index (checks, checks->len - 1))->id;
    g_autofree char *status = NULL;

    g_signal_emit_by_name (find_button_by_tooltip (log_row (fixture, "Opening check done"),
                                                   "Annul this entry"), "clicked");
    fill_and_save (fixture, "reason", "Ticked before it was done", NULL);
    assert_newest (fixture, "correction.annul");
    status = vt_station_dup_check_status (fixture->station.station, last);
    g_assert_null (status);
  }
  /* Doors opened cannot be annulled: no button offers it. */
  g_assert_null (find_button_by_tooltip (log_row (fixture, "Doors opened"), "Annul this entry"));
}

static gboolean
copy_done (gpointer data)
{
  DayFixture *fixture = data;
  return !vt_station_page_get_copy_busy (fixture->page);
}

/* The second copy follows every change, with the protocol beside it, and the header says when
 * it was last current. */
static void
test_second_copy_follows (DayFixture   *fixture,
                          gconstpointer data)
{
  g_autofree char *folder = g_build_filename (fixture->station.dir, "usb", NULL);
  g_autofree char *name = g_path_get_basename (fixture->station.path);
  g_autofree char *copy = g_build_filename (folder, name, NULL);
  g_auto(GStrv) files = NULL;
  g_autoptr(GDir) dir = NULL;
  gboolean pdf = FALSE;
  const char *file;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  open_station (fixture);
  vt_station_page_set_copy_folder (fixture->page, folder);
  vt_test_iterate_until (copy_done, fixture);
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (fixture->page), "Second copy up to date at",
                                        FALSE));

  /* One more entry: after a quiet second the copy has it too. */
  g_assert_true (vt_station_page_log_envelope (fixture->page, 0));
  vt_test_settle ();
  vt_test_iterate_until (copy_done, fixture);
  {
    g_auto(VtVerifyReport) report = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_true (vt_verify_file (copy, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpint (report.n_entries, ==, n_entries (fixture));
  }
  dir = g_dir_open (folder, 0, NULL);
  while ((file = g_dir_read_name (dir)) != NULL)
    pdf |= g_str_has_suffix (file, "protocol.pdf");
  g_assert_true (pdf);
}

/* The USB stick pulled mid-day: the next step is refused with the reason, and the window saves
 * what is open elsewhere and carries on there. */
static void
test_file_gone_saved_elsewhere (DayFixture   *fixture,
                                gconstpointer data)
{
  g_autofree char *moved = g_build_filename (fixture->station.dir, "moved.valgting", NULL);
  g_autofree char *rescue = g_build_filename (fixture->station.dir, "rescue.valgting", NULL);
  gint64 n;
  VtStation *now;

  open_station (fixture);
  n = n_entries (fixture);
  g_assert_cmpint (g_rename (fixture->station.path, moved), ==, 0);
  g_assert_false (vt_station_page_log_envelope (fixture->page, 0));
  vt_test_settle ();
  g_assert_nonnull (vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_window_destroy (vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpint (n_entries (fixture), ==, n);

  vt_window_save_copy_to (fixture->window, rescue);
  vt_test_settle ();
  now = vt_window_get_station (fixture->window);
  g_assert_nonnull (now);
  g_assert_cmpstr (vt_station_get_path (now), ==, rescue);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (now)), ==, n);
  g_assert_true (vt_station_page_log_envelope (fixture->page, 0));
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (now)), ==, n + 1);
}

/* Every phase fits a 1024×600 netbook screen, also with large text (1.5×): the window's
 * minimum size never exceeds it. */
static void
test_fits_small_screen (DayFixture   *fixture,
                        gconstpointer data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi;
  static const char *const pages[] = { "setup", "opening", "voting", "closing", "counting",
                                       "protocol", "log" };

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  for (int scale = 0; scale < 2; scale++)
    {
      if (scale == 1)
        g_object_set (settings, "gtk-xft-dpi", 96 * 1024 * 3 / 2, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          int min_width, min_height;

          vt_station_page_show (fixture->page, pages[i]);
          vt_test_settle ();
          gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                              &min_width, NULL, NULL, NULL);
          gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_VERTICAL, 1024,
                              &min_height, NULL, NULL, NULL);
          g_test_message ("%s, text ×%s: at least %d×%d", pages[i], scale ? "1.5" : "1",
                          min_width, min_height);
          g_assert_cmpint (min_width, <=, 1024);
          g_assert_cmpint (min_height, <=, 600);
        }
    }
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

/* Every button on every page has a name to read out (its label, or a tooltip for an icon) and
 * can take the keyboard focus. */
static void
check_buttons (GtkWidget *widget,
               guint     *n_buttons)
{
  /* GTK and libadwaita name their own window controls and a toast's close button. */
  if (GTK_IS_WINDOW_CONTROLS (widget) ||
      g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
    return;
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget))
    {
      const char *label = gtk_button_get_label (GTK_BUTTON (widget));
      const char *tooltip = gtk_widget_get_tooltip_text (widget);
      /* The toggle inside a menu button or a drop-down is named by its owner. */
      GtkWidget *owner = gtk_widget_get_ancestor (widget, GTK_TYPE_MENU_BUTTON);

      if (owner == NULL)
        owner = gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN);
      if (tooltip == NULL && owner != NULL)
        tooltip = gtk_widget_get_tooltip_text (owner);
      gboolean has_label_child = GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (widget))) ||
                                 ADW_IS_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (widget)));

      if (label == NULL && tooltip == NULL && !has_label_child)
        g_error ("A %s in a %s without a label or tooltip", G_OBJECT_TYPE_NAME (widget),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
      g_assert_true (gtk_widget_get_focusable (widget));
      (*n_buttons)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_buttons (child, n_buttons);
}

static void
test_buttons_are_named (DayFixture   *fixture,
                        gconstpointer data)
{
  static const char *const pages[] = { "setup", "opening", "voting", "log" };

  open_station (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      guint n = 0;

      vt_station_page_show (fixture->page, pages[i]);
      vt_test_settle ();
      check_buttons (GTK_WIDGET (fixture->window), &n);
      g_test_message ("%s: %u buttons", pages[i], n);
      g_assert_cmpuint (n, >, 3);
    }
}

int
main (int argc, char **argv)
{
  int status;

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

#define ADD(path, func) \
  g_test_add (path, DayFixture, VT_TEST_MUNICIPAL, day_fixture_set_up, func, \
              day_fixture_tear_down)
  ADD ("/day/the-whole-day-through-the-window", test_whole_day);
  ADD ("/day/log/search-and-live", test_log_search);
  ADD ("/day/record-list/offers-what-the-phase-allows", test_palette);
  ADD ("/day/window/fits-1024x600-also-with-large-text", test_fits_small_screen);
  ADD ("/day/log/correct-and-annul-from-the-log", test_correct_from_the_log);
  ADD ("/day/second-copy/follows-every-change", test_second_copy_follows);
  ADD ("/day/file-gone/saved-elsewhere-and-carried-on", test_file_gone_saved_elsewhere);
  ADD ("/day/window/every-button-has-a-name-and-takes-focus", test_buttons_are_named);
#undef ADD

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
