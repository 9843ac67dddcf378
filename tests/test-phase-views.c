/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <locale.h>

#include "vt-application.h"
#include "vt-checks.h"
#include "vt-command-dialog.h"
#include "vt-documents.h"
#include "vt-documents-view.h"
#include "vt-kind-ids.h"
#include "vt-phase-view.h"
#include "vt-start-page.h"
#include "vt-station-page.h"
#include "vt-station-state.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* The phase views in a real window at 1024×600 under a (virtual) display: the page is kept
 * while the journal changes under it (scroll position, focus, the control under the pointer),
 * every phase ends with its next step, the outdoor rows say who is out, and the Documents view
 * lists every document with its state. */

typedef struct
{
  StationFixture station;
  VtWindow *window;
  VtStationPage *page;
} ViewFixture;

static VtApplication *the_app;

static void
view_fixture_set_up (ViewFixture   *fixture,
                     gconstpointer  data)
{
  station_fixture_set_up (&fixture->station, VT_TEST_MUNICIPAL);
  vt_test_at (&fixture->station, 1, "07:00");
  fixture->window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
}

/* The window shows the station, from the phase it is in. */
static void
show_station (ViewFixture *fixture)
{
  vt_window_set_station (fixture->window, fixture->station.station);
  fixture->page = vt_window_get_station_page (fixture->window);
  vt_test_settle ();
}

static void
view_fixture_tear_down (ViewFixture   *fixture,
                        gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  station_fixture_tear_down (&fixture->station, data);
}

static const char *
chair (ViewFixture *fixture)
{
  return vt_test_chair (&fixture->station);
}

static gint64
n_entries (ViewFixture *fixture)
{
  return vt_store_get_n_entries (vt_station_get_store (fixture->station.station));
}

/* ---- the day, by the core --------------------------------------------------------------- */

static void
reach_closing (ViewFixture *fixture)
{
  vt_test_open_station (&fixture->station);
  vt_test_at (&fixture->station, 1, "21:00");
  vt_test_do (&fixture->station, VT_KIND_DOORS_CLOSE, chair (fixture), "{\"queue\": 0}");
  g_assert_cmpint (vt_station_get_phase (fixture->station.station), ==, VT_PHASE_CLOSING);
}

static void
finish_closing (ViewFixture *fixture)
{

  vt_test_count_all_roll_marks (&fixture->station, 100);
  vt_test_count_all_envelopes (&fixture->station, 0);
  vt_test_do (&fixture->station, VT_KIND_CLOSING_UNUSED_BALLOTS_REMOVED, chair (fixture), "{}");
  vt_test_do (&fixture->station, VT_KIND_CLOSING_STAMPS_HANDED_IN, chair (fixture), "{}");
  vt_test_do (&fixture->station, VT_KIND_SHIPMENT_PACKED, chair (fixture),
              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 0}");
  vt_test_do (&fixture->station, VT_KIND_SHIPMENT_HANDED_OVER, chair (fixture),
              "{\"to\": \"Valgkontoret, bud 3\"}");
}

static void
reach_counting (ViewFixture *fixture)
{
  reach_closing (fixture);
  finish_closing (fixture);
  vt_test_do (&fixture->station, VT_KIND_URN_OPEN, chair (fixture), "{\"urn\": \"U1\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station.station), ==, VT_PHASE_COUNTING);
}

/* Every pile of every contest, 300 ballots each as the 300 marks, 9 of them blank; the first
 * contest has @blank blank ballots instead and @extra ballots more than the marks. */
static void
count_piles (ViewFixture *fixture,
             gint64       blank,
             gint64       extra)
{
  GPtrArray *contests = vt_config_get_contests (fixture->station.config);

  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      gint64 n_blank = c == 0 ? blank : 9;
      gint64 first = 300 + (c == 0 ? extra : 0) - 20 * (contest->lists->len - 1) - n_blank - 2;

      for (guint l = 0; l < contest->lists->len + 2; l++)
        {
          const char *pile = l < contest->lists->len
            ? ((VtPartyList *)g_ptr_array_index (contest->lists, l))->id
            : l == contest->lists->len ? "blank" : "doubtful";
          gint64 n = l == 0 ? first : l < contest->lists->len ? 20
                     : l == contest->lists->len ? n_blank : 2;
          g_autofree char *fields = g_strdup_printf ("\"contest\": \"%s\", \"pile\": \"%s\"",
                                                     contest->id, pile);

          vt_test_count_twice (&fixture->station, VT_KIND_PILE_COUNT, fields, n, n);
        }
    }
  /* The unused strips go back (K103): nothing but the differences of the count holds up the
   * results. */
  vt_test_return_unused_strips (&fixture->station);
}

/* Every pile of every contest, 300 ballots each as the 300 marks: the results may go. 9 blank
 * of 300 is within the 3 % K403 asks about. */
static void
count_everything (ViewFixture *fixture)
{
  count_piles (fixture, 9, 0);
}

/* ---- finding things on the screen ------------------------------------------------------- */

static GtkWidget *
find_row (ViewFixture *fixture,
          const char  *title)
{
  GtkWidget *label = vt_test_find_label (GTK_WIDGET (fixture->page), title, TRUE);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW);
}

static GtkWidget *
phase_view (ViewFixture *fixture)
{
  return vt_test_find_widget (GTK_WIDGET (fixture->page), VT_TYPE_PHASE_VIEW);
}

static guint
count_next_steps (GtkWidget *widget)
{
  guint n = gtk_widget_has_css_class (widget, "next-step") && gtk_widget_get_mapped (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_next_steps (child);
  return n;
}

static GtkWidget *
focus (ViewFixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

/* ---- the page is kept ------------------------------------------------------------------- */

/* Scrolled down to the middle of the opening checks with the focus on one of them, the chair
 * logs entries (one ticks another check, one is a log entry): the page stays where it was and
 * the focus on the same control. */
static void
test_scroll_and_focus_survive (ViewFixture   *fixture,
                               gconstpointer  data)
{
  GPtrArray *checks = vt_config_get_checklist (fixture->station.config);
  VtCheck *middle = g_ptr_array_index (checks, checks->len / 2);
  GtkWidget *button;
  GtkAdjustment *vadjustment;
  GtkWidget *page_widget;
  double value;

  vt_test_do (&fixture->station, VT_KIND_STRIPS_RECEIVE, chair (fixture),
              "{\"first\": 1001, \"last\": 1050}");
  show_station (fixture);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "opening");
  page_widget = phase_view (fixture);

  vadjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (page_widget, GTK_TYPE_SCROLLED_WINDOW)));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >,
                     gtk_adjustment_get_page_size (vadjustment) + 200);
  value = (gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment)) / 2;
  gtk_adjustment_set_value (vadjustment, value);
  button = vt_test_find_button (find_row (fixture, middle->text), "Deviation…");
  g_assert_nonnull (button);
  gtk_widget_grab_focus (button);
  vt_test_settle ();
  g_assert_true (focus (fixture) == button);
  value = gtk_adjustment_get_value (vadjustment);
  g_assert_cmpfloat (value, >, 0);

  vt_test_do_printf (&fixture->station, VT_KIND_CHECK_DONE, "{\"check\": \"%s\"}",
             ((VtCheck *)g_ptr_array_index (checks, 0))->id);
  vt_test_do (&fixture->station, VT_KIND_NOTE, chair (fixture),
              "{\"text\": \"The caretaker unlocked the side door\"}");
  vt_test_settle ();

  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (vadjustment), value, 0.5);
  g_assert_true (focus (fixture) == button);
  g_assert_true (gtk_widget_get_mapped (button));
  /* The same widgets, not a new page that looks alike. */
  g_assert_true (phase_view (fixture) == page_widget);
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* A check ticked by keyboard: the focus goes on to the next check, not to the top. */
static void
test_focus_moves_to_the_next_check (ViewFixture   *fixture,
                                    gconstpointer  data)
{
  GPtrArray *checks = vt_config_get_checklist (fixture->station.config);
  GtkWidget *done;
  GtkWidget *next_done;

  vt_test_do (&fixture->station, VT_KIND_STRIPS_RECEIVE, chair (fixture),
              "{\"first\": 1001, \"last\": 1050}");
  show_station (fixture);
  done = vt_test_find_button (find_row (fixture, ((VtCheck *)g_ptr_array_index (checks, 2))->text),
                      "Done");
  next_done = vt_test_find_button (find_row (fixture, ((VtCheck *)g_ptr_array_index (checks, 3))->text),
                           "Done");
  gtk_widget_grab_focus (done);
  g_signal_emit_by_name (done, "clicked");
  vt_test_iterate_until (is_hidden, done);
  vt_test_settle ();
  {
    g_autofree char *status = vt_station_dup_check_status (
      fixture->station.station, ((VtCheck *)g_ptr_array_index (checks, 2))->id);
    g_assert_cmpstr (status, ==, "done");
  }
  g_assert_false (gtk_widget_get_visible (done));
  g_assert_true (focus (fixture) == next_done);
}

/* The control found at @x, @y of @row, and the command it gives. */
static const char *
kind_at (GtkWidget *row,
         double     x,
         double     y)
{
  GtkWidget *picked = gtk_widget_pick (row, x, y, GTK_PICK_DEFAULT);
  GtkWidget *control;

  if (picked == NULL)
    return NULL;
  control = GTK_IS_BUTTON (picked) || GTK_IS_CHECK_BUTTON (picked)
    ? picked : gtk_widget_get_ancestor (picked, GTK_TYPE_BUTTON);
  if (control == NULL)
    control = gtk_widget_get_ancestor (picked, GTK_TYPE_CHECK_BUTTON);
  return control != NULL ? g_object_get_data (G_OBJECT (control), "kind") : NULL;
}

typedef struct
{
  double x, y;
  const char *kind;
} Spot;

static void
collect_spots (GtkWidget *row,
               GtkWidget *widget,
               GArray    *spots)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if ((GTK_IS_BUTTON (child) || GTK_IS_CHECK_BUTTON (child)) &&
          gtk_widget_get_mapped (child) && g_object_get_data (G_OBJECT (child), "kind") != NULL)
        {
          graphene_rect_t bounds;
          Spot spot;

          g_assert_true (gtk_widget_compute_bounds (child, row, &bounds));
          spot.x = bounds.origin.x + bounds.size.width / 2;
          spot.y = bounds.origin.y + bounds.size.height / 2;
          /* Interned: the button may be given another command string meanwhile. */
          spot.kind = g_intern_string (g_object_get_data (G_OBJECT (child), "kind"));
          g_array_append_val (spots, spot);
        }
      else
        collect_spots (row, child, spots);
    }
}

/* Where each of the row's controls was, the same command is still found, or none. */
static void
assert_no_other_action_under_pointer (GtkWidget *row,
                                      GArray    *before)
{
  for (guint i = 0; i < before->len; i++)
    {
      Spot *spot = &g_array_index (before, Spot, i);
      const char *now = kind_at (row, spot->x, spot->y);

      g_test_message ("at %.0f,%.0f: %s, now %s", spot->x, spot->y, spot->kind, now);
      g_assert_true (now == NULL || g_str_equal (now, spot->kind));
    }
}

/* The person's row: after "Arrived" the place under the pointer still says "Arrived" (a second
 * click does nothing), and signing the declaration never puts "Left" where it was. */
static void
test_people_row_keeps_its_actions (ViewFixture   *fixture,
                                   gconstpointer  data)
{
  const VtPerson *person = vt_config_find_person (fixture->station.config, chair (fixture));
  g_autoptr(GArray) spots = g_array_new (FALSE, FALSE, sizeof (Spot));
  GtkWidget *row;
  GtkWidget *arrived;
  gint64 before;

  show_station (fixture);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "setup");
  row = find_row (fixture, person->name);
  collect_spots (row, row, spots);
  g_assert_cmpuint (spots->len, >=, 2);

  arrived = vt_test_find_button (row, "Arrived");
  g_assert_nonnull (arrived);
  before = n_entries (fixture);
  g_signal_emit_by_name (arrived, "clicked");
  vt_test_settle ();
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  g_assert_true (vt_station_is_present (fixture->station.station, person->id));
  assert_no_other_action_under_pointer (row, spots);

  /* The same place clicked again, a moment later: nothing more is logged. */
  g_signal_emit_by_name (arrived, "clicked");
  vt_test_settle ();
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  g_assert_true (vt_station_is_present (fixture->station.station, person->id));

  /* The declaration: ticked where it is, and nothing else takes its place. */
  g_array_set_size (spots, 0);
  collect_spots (row, row, spots);
  for (guint i = 0; i < spots->len; i++)
    if (g_str_equal (g_array_index (spots, Spot, i).kind, VT_KIND_PERSON_DECLARATION))
      {
        GtkWidget *picked = gtk_widget_pick (row, g_array_index (spots, Spot, i).x,
                                             g_array_index (spots, Spot, i).y, GTK_PICK_DEFAULT);
        GtkWidget *check = GTK_IS_CHECK_BUTTON (picked)
          ? picked : gtk_widget_get_ancestor (picked, GTK_TYPE_CHECK_BUTTON);

        g_assert_nonnull (check);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      }
  vt_test_settle ();
  g_assert_true (vt_station_has_signed (fixture->station.station, person->id));
  g_assert_cmpint (n_entries (fixture), ==, before + 2);
  assert_no_other_action_under_pointer (row, spots);
  g_assert_true (vt_station_is_present (fixture->station.station, person->id));
}

/* ---- the steps that move the day on ----------------------------------------------------- */

typedef struct
{
  ViewFixture *fixture;
  const char *shown;
} Shown;

static gboolean
is_shown (gpointer data)
{
  Shown *wanted = data;

  return g_strcmp0 (vt_station_page_get_shown (wanted->fixture->page), wanted->shown) == 0;
}

static void
assert_next_step (ViewFixture *fixture,
                  const char  *shown)
{
  Shown wanted = { fixture, shown };

  /* The page follows the day when the journal's change reaches it. */
  vt_test_iterate_until (is_shown, &wanted);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, shown);
  g_assert_cmpuint (count_next_steps (phase_view (fixture)), >=, 1);
}

/* Every phase of the day ends with the step that moves it on, and the count's is the results
 * phoned in: after the count, the protocol page does not say it has not begun. */
static void
test_every_phase_has_its_next_step (ViewFixture   *fixture,
                                    gconstpointer  data)
{
  GtkWidget *results;
  VtCommandDialog *dialog;

  show_station (fixture);
  assert_next_step (fixture, "setup");
  vt_test_do (&fixture->station, VT_KIND_STRIPS_RECEIVE, chair (fixture),
              "{\"first\": 1001, \"last\": 1050}");
  vt_test_settle ();
  assert_next_step (fixture, "opening");
  g_assert_nonnull (vt_test_find_button (phase_view (fixture), "_Open the Doors…"));

  /* A new station through the opening, by the core. */
  vt_window_set_station (fixture->window, NULL);
  station_fixture_tear_down (&fixture->station, NULL);
  station_fixture_set_up (&fixture->station, VT_TEST_MUNICIPAL);
  vt_test_open_station (&fixture->station);
  show_station (fixture);
  assert_next_step (fixture, "voting");
  g_assert_nonnull (vt_test_find_button (phase_view (fixture), "_Close the Doors…"));

  vt_test_at (&fixture->station, 1, "21:00");
  vt_test_do (&fixture->station, VT_KIND_DOORS_CLOSE, chair (fixture), "{\"queue\": 0}");
  vt_test_settle ();
  assert_next_step (fixture, "closing");
  g_assert_nonnull (vt_test_find_button (phase_view (fixture), "_Open an Urn for Counting…"));

  finish_closing (fixture);
  vt_test_do (&fixture->station, VT_KIND_URN_OPEN, chair (fixture), "{\"urn\": \"U1\"}");
  vt_test_settle ();
  assert_next_step (fixture, "counting");
  results = vt_test_find_button (phase_view (fixture), "Results _Phoned In…");
  g_assert_nonnull (results);

  /* The protocol page before the results: the step is there too, not "not started yet". */
  vt_station_page_show (fixture->page, "protocol");
  vt_test_settle ();
  g_assert_null (vt_test_find_label (phase_view (fixture), "This phase has not started yet.",
                                     TRUE));
  results = vt_test_find_button (phase_view (fixture), "Results _Phoned In…");
  g_assert_nonnull (results);
  g_signal_emit_by_name (results, "clicked");
  vt_test_settle ();
  dialog = (VtCommandDialog *)vt_test_find_toplevel (VT_TYPE_COMMAND_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (vt_command_dialog_get_kind (dialog)->id, ==, VT_KIND_RESULTS_PHONED);
  gtk_window_destroy (GTK_WINDOW (dialog));
  vt_test_settle ();

  count_everything (fixture);
  vt_test_settle_strips (&fixture->station);
  vt_test_do (&fixture->station, VT_KIND_RESULTS_PHONED, chair (fixture),
              "{\"to\": \"Valgkontoret\"}");
  vt_test_settle ();
  assert_next_step (fixture, "protocol");
}

/* ---- a warning accepted ------------------------------------------------------------------ */

/* Whether a warning of @code about @subject still holds up the results. */
static gboolean
warning_open (ViewFixture *fixture,
              const char  *code,
              const char  *subject)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (fixture->station.station);

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->code, code) && g_strcmp0 (finding->subject, subject) == 0 &&
          vt_finding_blocks_step (finding, VT_STEP_RESULTS))
        return TRUE;
    }
  return FALSE;
}

/* Whether @widget shows the field @name as a fixed row: given by where the form was opened
 * from, not asked for. */
static gboolean
has_fixed_row (GtkWidget  *widget,
               const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), "fixed-field") == 0 &&
      g_strcmp0 (g_object_get_data (G_OBJECT (widget), "field"), name) == 0)
    {
      /* A given value is not one that may be left out. */
      g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                             "(optional)"));
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_fixed_row (child, name))
      return TRUE;
  return FALSE;
}

static gboolean
no_command_dialog (gpointer data)
{
  return vt_test_find_toplevel (VT_TYPE_COMMAND_DIALOG) == NULL;
}

/* 12 blank of 300 in the first contest (K403): the warning's row offers Accept… beside
 * Explain…, within the window, with a mnemonic. Its form has the check and the contest fixed,
 * asks for the two board members and the reason, and says what accepting does; saved, the
 * warning no longer holds up the results, and they are phoned in. */
static void
test_warning_accepted_from_its_row (ViewFixture   *fixture,
                                    gconstpointer  data)
{
  VtContest *contest = g_ptr_array_index (vt_config_get_contests (fixture->station.config), 0);
  g_autofree char *reason = g_strdup ("Telt om to ganger; mange blanke i år");
  graphene_rect_t bounds;
  VtCommandDialog *dialog;
  GtkWidget *row;
  GtkWidget *accept;
  JsonObject *payload;
  g_autoptr(VtJournalEntry) newest = NULL;

  reach_counting (fixture);
  count_piles (fixture, 12, 0);
  vt_test_settle_strips (&fixture->station);
  g_assert_true (warning_open (fixture, "K403", contest->id));
  show_station (fixture);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "counting");

  row = find_row (fixture, "K403 Many blank ballots");
  g_assert_nonnull (vt_test_find_button (row, "_Explain…"));
  accept = vt_test_find_button (row, "_Accept…");
  g_assert_nonnull (accept);
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (accept)));
  g_assert_true (gtk_widget_get_focusable (accept));
  /* At 1024×600 the button is on the screen, not cut off at the window's edge. */
  g_assert_true (gtk_widget_compute_bounds (accept, GTK_WIDGET (fixture->window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (fixture->window)));

  g_signal_emit_by_name (accept, "clicked");
  vt_test_settle ();
  dialog = (VtCommandDialog *)vt_test_find_toplevel (VT_TYPE_COMMAND_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (vt_command_dialog_get_kind (dialog)->id, ==, VT_KIND_WARNING_ACCEPT);
  /* The check and the contest are given, named, and not asked for. */
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (dialog)), contest->name));
  g_assert_true (has_fixed_row (GTK_WIDGET (dialog), "code"));
  g_assert_true (has_fixed_row (GTK_WIDGET (dialog), "subject"));
  g_assert_false (has_fixed_row (GTK_WIDGET (dialog), "member"));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog),
                                        "The warning is accepted as it is", FALSE));
  g_assert_nonnull (vt_test_find_button (GTK_WIDGET (dialog), "_Accept the Warning"));

  g_assert_true (vt_command_dialog_set_value (dialog, "member", chair (fixture), FALSE));
  g_assert_true (vt_command_dialog_set_value (dialog, "second_member",
                                              vt_test_deputy (&fixture->station), FALSE));
  g_assert_true (vt_command_dialog_set_value (dialog, "reason", reason, FALSE));
  vt_command_dialog_save (dialog);
  vt_test_iterate_until (no_command_dialog, NULL);

  newest = g_list_model_get_item (vt_station_get_journal (fixture->station.station), 0);
  g_assert_cmpstr (vt_journal_entry_get_kind (newest), ==, VT_KIND_WARNING_ACCEPT);
  payload = vt_journal_entry_get_payload_object (newest);
  g_assert_cmpstr (json_object_get_string_member (payload, "code"), ==, "K403");
  g_assert_cmpstr (json_object_get_string_member (payload, "subject"), ==, contest->id);
  g_assert_cmpstr (json_object_get_string_member (payload, "member"), ==, chair (fixture));
  g_assert_cmpstr (json_object_get_string_member (payload, "reason"), ==, reason);

  g_assert_false (warning_open (fixture, "K403", contest->id));
  vt_test_settle ();
  g_assert_false (gtk_widget_get_visible (accept) && gtk_widget_get_mapped (accept));
  vt_test_do (&fixture->station, VT_KIND_RESULTS_PHONED, chair (fixture),
              "{\"to\": \"Valgkontoret\"}");
  assert_next_step (fixture, "protocol");
}

/* One ballot more than the roll marks (K402): explained or recounted, never accepted, so its
 * row has Explain… and no Accept…. */
static void
test_no_accept_for_k402 (ViewFixture   *fixture,
                         gconstpointer  data)
{
  VtContest *contest = g_ptr_array_index (vt_config_get_contests (fixture->station.config), 0);
  GtkWidget *row;

  reach_counting (fixture);
  count_piles (fixture, 9, 1);
  vt_test_settle_strips (&fixture->station);
  g_assert_true (warning_open (fixture, "K402", contest->id));
  show_station (fixture);

  row = find_row (fixture, "K402 Ballots differ from roll marks");
  g_assert_nonnull (vt_test_find_button (row, "_Explain…"));
  g_assert_null (vt_test_find_button (row, "_Accept…"));
  g_assert_null (vt_test_find_button (phase_view (fixture), "_Accept…"));
}

/* ---- accessible names ------------------------------------------------------------------- */

/* The accessible label set on @widget, or NULL. GTK 4.8 has no public getter; the test
 * context's check against a value no label has returns the real one. */
static char *
accessible_label (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, "\001");
}

/* Every button and check box in @widget, shown or not (a hidden one may be shown later),
 * names @name in its accessible label. Returns how many there are. */
static guint
assert_controls_name (GtkWidget  *widget,
                      const char *name)
{
  guint n = 0;

  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      g_autofree char *label = accessible_label (widget);
      const char *shown = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                                                 : gtk_check_button_get_label (
                                                     GTK_CHECK_BUTTON (widget));

      g_test_message ("“%s”: accessible label “%s”", shown, label);
      if (label == NULL || strstr (label, name) == NULL)
        g_error ("The button “%s” of %s’s row has the accessible label “%s”, without the name",
                 shown, name, label);
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_controls_name (child, name);
  return n;
}

/* The rows titled with a person's name on the page shown; every control in them names the
 * person. Returns the number of controls. */
static guint
assert_person_rows_name_the_person (ViewFixture *fixture)
{
  GPtrArray *people = vt_config_get_people (fixture->station.config);
  guint n = 0;

  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      GtkWidget *label = vt_test_find_label (phase_view (fixture), person->name, TRUE);
      GtkWidget *row = label != NULL ? gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW)
                                     : NULL;

      if (row != NULL)
        n += assert_controls_name (row, person->name);
    }
  return n;
}

/* A screen reader says whom a button is for: every control of every person's row on the
 * setup page (Arrived, Left, the declaration) and on the protocol page (Sign…) names the
 * person, and so does the main menu button its purpose. */
static void
test_person_controls_name_the_person (ViewFixture   *fixture,
                                      gconstpointer  data)
{
  GPtrArray *people = vt_config_get_people (fixture->station.config);
  GtkWidget *menu_button;
  g_autofree char *menu_label = NULL;
  guint n;

  /* The start page's main menu button, before a station is shown. */
  {
    GtkWidget *start = vt_test_find_widget (GTK_WIDGET (fixture->window), VT_TYPE_START_PAGE);
    g_autofree char *label = NULL;

    g_assert_nonnull (start);
    menu_button = vt_test_find_widget (start, GTK_TYPE_MENU_BUTTON);
    g_assert_nonnull (menu_button);
    label = accessible_label (menu_button);
    g_assert_cmpstr (label, ==, "Main Menu");
  }

  show_station (fixture);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "setup");
  n = assert_person_rows_name_the_person (fixture);
  /* Arrived, Left and the declaration, for every person. */
  g_assert_cmpuint (n, ==, 3 * people->len);

  menu_button = vt_test_find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  menu_label = accessible_label (menu_button);
  g_assert_cmpstr (menu_label, ==, "Main Menu");

  vt_test_do_printf (&fixture->station, VT_KIND_PERSON_ARRIVE,
                     "{\"person\": \"%s\"}", chair (fixture));
  reach_counting (fixture);
  count_everything (fixture);
  vt_test_settle_strips (&fixture->station);
  vt_test_do (&fixture->station, VT_KIND_RESULTS_PHONED, chair (fixture),
              "{\"to\": \"Valgkontoret\"}");
  vt_test_settle ();
  assert_next_step (fixture, "protocol");
  n = assert_person_rows_name_the_person (fixture);
  g_test_message ("%u controls in the signers' rows", n);
  g_assert_cmpuint (n, >=, 2);
}

/* ---- outdoor voting --------------------------------------------------------------------- */

static void
test_outdoor_row_says_who_is_out (ViewFixture   *fixture,
                                  gconstpointer  data)
{
  GPtrArray *people = vt_config_get_people (fixture->station.config);
  const VtPerson *workers[2] = { NULL, NULL };
  g_autofree char *title = NULL;
  g_autofree char *vote = NULL;
  const char * const *preset;
  GtkWidget *row;
  GtkWidget *back;
  gint64 seq;
  guint n = 0;

  vt_test_open_station (&fixture->station);
  for (guint i = 0; i < people->len && n < 2; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);

      if (vt_role_is_board (person->role))
        continue;
      workers[n++] = person;
      vt_test_do_printf (&fixture->station, VT_KIND_PERSON_ARRIVE,
                         "{\"person\": \"%s\"}", person->id);
    }
  g_assert_cmpuint (n, ==, 2);
  vt_test_do (&fixture->station, VT_KIND_URN_ADD, chair (fixture),
              "{\"urn\": \"M1\", \"kind\": \"mobile\"}");
  vt_test_do_printf (&fixture->station, VT_KIND_URN_VERIFY_EMPTY,
                     "{\"urn\": \"M1\", \"witness\": \"%s\"}",
             vt_test_deputy (&fixture->station));
  vt_test_do_printf (&fixture->station, VT_KIND_URN_SEAL,
                     "{\"urn\": \"M1\", \"strip\": 1002, \"witness\": "
             "\"%s\"}", vt_test_deputy (&fixture->station));
  vt_test_at (&fixture->station, 1, "10:42");
  seq = vt_test_do_printf (&fixture->station, VT_KIND_OUTDOOR_START,
                           "{\"worker\": \"%s\", \"second_worker\": "
                   "\"%s\", \"in_roll\": true, \"table\": \"1\", \"page\": 14, "
                   "\"line\": 7}", workers[0]->id, workers[1]->id);
  show_station (fixture);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "voting");

  title = g_strdup_printf ("%s and %s — out since 10:42", workers[0]->name, workers[1]->name);
  row = find_row (fixture, title);
  back = vt_test_find_button (row, "Back…");
  g_assert_nonnull (back);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (back), "kind"), ==, VT_KIND_OUTDOOR_END);
  preset = g_object_get_data (G_OBJECT (back), "preset");
  vote = g_strdup_printf ("vote=%" PRId64, seq);
  g_assert_true (g_strv_contains (preset, vote));
  {
    g_autofree char *name = accessible_label (back);

    g_assert_nonnull (name);
    g_assert_nonnull (strstr (name, workers[0]->name));
    g_assert_nonnull (strstr (name, workers[1]->name));
  }
  g_assert_null (vt_test_find_button (phase_view (fixture), "Equipment Out"));
  g_assert_nonnull (vt_test_find_button (phase_view (fixture), "_Start…"));

  /* The mobile urn's row says what it is and which strip seals it. */
  row = find_row (fixture, "M1");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Mobile urn · strip 1002 · sealed");
  row = find_row (fixture, "U1, table 1");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Ordinary urn · strip 1001 · sealed");
}

/* ---- documents -------------------------------------------------------------------------- */

static char *
document_subtitle (ViewFixture    *fixture,
                   VtDocumentKind  kind)
{
  GtkWidget *view = vt_test_find_widget (GTK_WIDGET (fixture->page), VT_TYPE_DOCUMENTS_VIEW);
  const char *title = vt_document_kind_get_title (kind, fixture->station.config);
  GtkWidget *label = vt_test_find_label (view, title, TRUE);
  GtkWidget *row;

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  row = gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (vt_test_find_button (row, "Preview"));
  g_assert_nonnull (vt_test_find_button (row, "PDF…"));
  g_assert_nonnull (vt_test_find_button (row, "Print…"));
  return g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("“%s” is not in “%s”", (needle), (haystack)); \
  } G_STMT_END

static void
test_documents_view (ViewFixture   *fixture,
                     gconstpointer  data)
{
  static const VtDocumentKind all[] = {
    VT_DOCUMENT_PROTOCOL, VT_DOCUMENT_RECEIPT, VT_DOCUMENT_PACKING_LIST, VT_DOCUMENT_SEALS,
  };
  g_autofree char *protocol = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *seals = NULL;

  reach_closing (fixture);
  show_station (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.documents",
                                             NULL));
  vt_test_settle ();
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "documents");
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_free (document_subtitle (fixture, all[i]));

  protocol = document_subtitle (fixture, VT_DOCUMENT_PROTOCOL);
  assert_contains (protocol, "Not signed yet");
  receipt = document_subtitle (fixture, VT_DOCUMENT_RECEIPT);
  assert_contains (receipt, "Shipment 1 not handed over yet");
  seals = document_subtitle (fixture, VT_DOCUMENT_SEALS);
  assert_contains (seals, "50 strips: 1 on urns, 0 broken");

  /* The state follows the log, in place. */
  finish_closing (fixture);
  vt_test_settle ();
  g_clear_pointer (&receipt, g_free);
  receipt = document_subtitle (fixture, VT_DOCUMENT_RECEIPT);
  assert_contains (receipt, "Shipment 1 handed over");

  /* While another view is shown the Documents view reads nothing; shown again, it says what
   * the log says now. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.search",
                                             NULL));
  vt_test_settle ();
  g_assert_false (gtk_widget_get_mapped (
    vt_test_find_widget (GTK_WIDGET (fixture->page), VT_TYPE_DOCUMENTS_VIEW)));
  g_assert_true (vt_document_log_printed (fixture->station.station, VT_DOCUMENT_RECEIPT, 0,
                                          NULL));
  vt_test_settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.documents",
                                             NULL));
  vt_test_settle ();
  g_clear_pointer (&receipt, g_free);
  receipt = document_subtitle (fixture, VT_DOCUMENT_RECEIPT);
  assert_contains (receipt, "printed or saved once");
}

/* A signature made stale names the entry that changed the protocol, on the protocol page and
 * in the Documents view. */
static void
test_stale_signature_names_the_entry (ViewFixture   *fixture,
                                      gconstpointer  data)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\", \"strokes\": "
                                           "[[0.1, 0.8, 0.3, 0.2, 0.5, 0.7, 0.9, 0.3]]}",
                                           chair (fixture));
  const VtPerson *person = vt_config_find_person (fixture->station.config, chair (fixture));
  g_autofree char *expected = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *protocol = NULL;
  GtkWidget *row;
  gint64 seq;

  vt_test_do_printf (&fixture->station, VT_KIND_PERSON_ARRIVE,
                     "{\"person\": \"%s\"}", chair (fixture));
  reach_counting (fixture);
  count_everything (fixture);
  vt_test_settle_strips (&fixture->station);
  vt_test_do (&fixture->station, VT_KIND_RESULTS_PHONED, chair (fixture),
              "{\"to\": \"Valgkontoret\"}");
  vt_test_do (&fixture->station, VT_KIND_PROTOCOL_SIGN, chair (fixture), json);
  vt_test_at (&fixture->station, 1, "23:02");
  seq = vt_test_do (&fixture->station, VT_KIND_NOTE, chair (fixture),
                    "{\"text\": \"A ballot box was found in the store room\"}");
  show_station (fixture);
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "protocol");

  row = find_row (fixture, person->name);
  g_assert_nonnull (vt_test_find_button (row, "Sign…"));
  expected = g_strdup_printf ("Entry %" PRId64 " (23:02, Log entry) changed the protocol after "
                              "you signed: sign again", seq);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "station.documents",
                                             NULL));
  vt_test_settle ();
  protocol = document_subtitle (fixture, VT_DOCUMENT_PROTOCOL);
  stale = g_strdup_printf ("Stale: entry %" PRId64 " changed it", seq);
  assert_contains (protocol, stale);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  /* The accessible names are read from GTK's test context (GTK_A11Y=none keeps none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  /* Scrolling to a focused button is animated: without animations the adjustment holds its
   * value once the frame is drawn, and the tests read where the page is, not where it is
   * going. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  the_app = vt_application_new (G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;
    g_application_register (G_APPLICATION (the_app), NULL, &error);
    g_assert_no_error (error);
  }

#define ADD(path, func) \
  g_test_add (path, ViewFixture, NULL, view_fixture_set_up, func, view_fixture_tear_down)

  ADD ("/phase-views/update/scroll-and-focus-survive", test_scroll_and_focus_survive);
  ADD ("/phase-views/update/focus-moves-to-the-next-check", test_focus_moves_to_the_next_check);
  ADD ("/phase-views/people/no-other-action-under-the-pointer",
       test_people_row_keeps_its_actions);
  ADD ("/phase-views/next-step/every-phase-and-results-phoned",
       test_every_phase_has_its_next_step);
  ADD ("/phase-views/findings/warning-accepted-from-its-row", test_warning_accepted_from_its_row);
  ADD ("/phase-views/findings/no-accept-for-k402", test_no_accept_for_k402);
  ADD ("/phase-views/outdoor/row-says-who-is-out-since-when", test_outdoor_row_says_who_is_out);
  ADD ("/phase-views/a11y/person-controls-name-the-person",
       test_person_controls_name_the_person);
  ADD ("/phase-views/documents/every-document-with-its-state", test_documents_view);
  ADD ("/phase-views/signers/stale-signature-names-the-entry",
       test_stale_signature_names_the_entry);

  return g_test_run ();
}
