/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vt-application.h"
#include "vt-command-dialog.h"
#include "vt-documents.h"
#include "vt-kind-ids.h"
#include "vt-organisation.h"
#include "vt-sign-dialog.h"
#include "vt-station-page.h"
#include "vt-test-ui.h"
#include "vt-window.h"

/* An organisation's annual meeting (issue 18) in the real window: the training meeting started
 * from the start page with its key, constituted, its attendance and a candidate registered, and
 * the first office voted, counted and decided, each through the phase view's buttons and the
 * forms they open; then what the journal holds and what the window shows. */

static VtApplication *the_app;

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
  vt_test_settle ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  VtStation *station = vt_window_get_station (fixture->window);
  g_autofree char *path = station != NULL ? g_strdup (vt_station_get_path (station)) : NULL;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  if (path != NULL)
    g_unlink (path);
}

static VtCommandDialog *
find_dialog (void)
{
  return (VtCommandDialog *)vt_test_find_toplevel (VT_TYPE_COMMAND_DIALOG);
}

static gboolean
dialog_open (gpointer data)
{
  VtCommandDialog *dialog = find_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
station_open (gpointer data)
{
  return vt_window_get_station (VT_WINDOW (data)) != NULL;
}

/* The phase view's button @label (mnemonic included) is there and can be pressed; pressing it
 * opens the form of @kind. */
static VtCommandDialog *
press (Fixture    *fixture,
       const char *label,
       const char *kind)
{
  GtkWidget *button = vt_test_find_button (GTK_WIDGET (fixture->window), label);
  VtCommandDialog *dialog;

  if (button == NULL)
    g_error ("no button “%s” on the page", label);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  vt_test_iterate_until (dialog_open, NULL);
  dialog = find_dialog ();
  g_assert_cmpstr (vt_command_dialog_get_kind (dialog)->id, ==, kind);
  vt_test_settle ();
  return dialog;
}

static void
set (VtCommandDialog *dialog,
     const char      *name,
     const char      *value)
{
  if (!vt_command_dialog_set_value (dialog, name, value, FALSE))
    g_error ("the form has no field “%s” that takes “%s”", name, value);
}

static void
list_toplevels (const char *when)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      g_test_message ("%s: %s “%s” %s", when, G_OBJECT_TYPE_NAME (window),
                      gtk_window_get_title (window),
                      gtk_widget_get_visible (GTK_WIDGET (window)) ? "visible" : "hidden");
    }
}

static void
save (VtCommandDialog *dialog)
{
  g_test_message ("saving %s", vt_command_dialog_get_kind (dialog)->id);
  vt_command_dialog_save (dialog);
  vt_test_settle ();
  if (find_dialog () != NULL)
    list_toplevels ("refused");
  if (find_dialog () != NULL)
    g_error ("%s (%s, %s) refused: %s", vt_command_dialog_get_kind (find_dialog ())->id,
             gtk_window_get_title (GTK_WINDOW (find_dialog ())),
             find_dialog () == dialog ? "the same form" : "another form",
             vt_command_dialog_get_error (find_dialog ()));
}

/* The kinds of the journal, oldest first, one line. */
static char *
dup_journal_kinds (VtStation *station)
{
  GListModel *journal = vt_station_get_journal (station);
  guint n = g_list_model_get_n_items (journal);
  GString *kinds = g_string_new (NULL);

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i - 1);

      g_string_append_printf (kinds, "%s%s", kinds->len > 0 ? " " : "",
                              vt_journal_entry_get_kind (entry));
    }
  return g_string_free (kinds, FALSE);
}

static JsonObject *
newest_payload (VtStation  *station,
                const char *kind)
{
  g_autoptr(VtJournalEntry) newest = g_list_model_get_item (vt_station_get_journal (station), 0);

  g_assert_cmpstr (vt_journal_entry_get_kind (newest), ==, kind);
  return json_object_ref (vt_journal_entry_get_payload_object (newest));
}

/* The kinds the palette offers, each with its row's "kind". */
static void
collect_kinds (GtkWidget *widget,
               GPtrArray *kinds)
{
  const char *kind = g_object_get_data (G_OBJECT (widget), "kind");

  if (GTK_IS_LIST_BOX_ROW (widget) && kind != NULL)
    g_ptr_array_add (kinds, (gpointer)kind);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_kinds (child, kinds);
}

/* The palette offers the meeting's kinds and the shared ones, never a polling station's. */
static void
assert_palette_fits (Fixture    *fixture,
                     const char *expected)
{
  GtkWidget *palette = vt_station_page_show_palette (vt_window_get_station_page (fixture->window));
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  gboolean found = FALSE;

  vt_test_iterate_until (vt_test_widget_is_mapped, palette);
  collect_kinds (palette, kinds);
  g_assert_cmpuint (kinds->len, >, 0);
  for (guint i = 0; i < kinds->len; i++)
    {
      const char *kind = g_ptr_array_index (kinds, i);

      g_test_message ("palette offers %s", kind);
      g_assert_true (g_str_has_prefix (kind, "meeting.") || g_str_has_prefix (kind, "office.") ||
                     g_str_equal (kind, "document.printed"));
      found |= g_str_equal (kind, expected);
    }
  g_assert_true (found);
  gtk_window_destroy (GTK_WINDOW (palette));
  vt_test_settle ();
}

/* Starts the training meeting as a chair does from the start page: Alt+M, the button's key,
 * pressed on the X server. Without xdotool, the button's action. */
static VtStation *
start_meeting (Fixture *fixture)
{
  const char *keys[] = { "alt+m", NULL };
  const char *title = gtk_window_get_title (GTK_WINDOW (fixture->window));
  GtkWidget *button = vt_test_find_button (GTK_WIDGET (fixture->window),
                                           "Practise an Annual _Meeting");
  VtStation *station;

  /* The start page offers it beside the training election. */
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "win.start-training-meeting");
  g_assert_null (vt_window_get_station (fixture->window));

  if (!vt_test_press_real_keys (title, NULL, keys))
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.start-training-meeting",
                                NULL);
  vt_test_iterate_until (station_open, fixture->window);
  vt_test_settle ();

  station = vt_window_get_station (fixture->window);
  g_assert_true (vt_config_is_organisation (vt_station_get_config (station)));
  g_assert_true (vt_station_get_training (station));
  return station;
}

static void
test_first_office_through_the_window (Fixture       *fixture,
                                      gconstpointer  data)
{
  VtStation *station = start_meeting (fixture);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr(VtOrganisation) meeting = NULL;
  g_autoptr(JsonObject) payload = NULL;
  const VtMeetingOffice *leader;
  g_autofree char *kinds = NULL;
  VtCommandDialog *dialog;

  /* Marked as training, with the meeting's phases and none of a polling station's. */
  g_assert_nonnull (vt_test_find_label (window, "TRAINING MEETING", FALSE));
  g_assert_nonnull (vt_test_find_label (window, "Constituting the meeting", TRUE));
  g_assert_nonnull (vt_test_find_label (window, "Attendance and candidates", TRUE));
  g_assert_nonnull (vt_test_find_label (window, "The elections", TRUE));
  g_assert_null (vt_test_find_label (window, "Preliminary count", TRUE));
  g_assert_null (vt_test_find_label (window, "Closing", TRUE));
  g_assert_null (vt_test_find_button (window, "_Register the Seal Strips…"));
  g_assert_null (vt_test_find_button (window, "_Import Staff List…"));

  assert_palette_fits (fixture, VT_KIND_MEETING_CONSTITUTED);

  /* The meeting is constituted: chair and the two who sign. */
  dialog = press (fixture, "_Constitute the Meeting…", VT_KIND_MEETING_CONSTITUTED);
  set (dialog, "chair", "Siri Lagseth");
  set (dialog, "signatory", "Tor Møteby");
  set (dialog, "second_signatory", "Une Årsvik");
  save (dialog);
  g_assert_cmpint (vt_station_get_phase (station), ==, VT_PHASE_OPENING);
  g_assert_nonnull (vt_test_find_label (window, "Meeting chair: Siri Lagseth", TRUE));

  /* Attendance: 18 of the 24 entitled. */
  dialog = press (fixture, "_Register…", VT_KIND_MEETING_ATTENDANCE);
  set (dialog, "present", "18");
  save (dialog);
  g_assert_nonnull (vt_test_find_label (window, "18 of 24 entitled to vote", TRUE));

  /* A candidate for the first office, the leader: the form knows the office and its focus is
   * on the name, where the name is typed with real keys from the X server; Enter there saves.
   * (Enter is given to the field itself: a Return from xdotool that closes the form lands its
   * release on the window behind, whose focused button then opened the palette.) */
  dialog = press (fixture, "Add _Candidate…", VT_KIND_OFFICE_CANDIDATE);
  gtk_window_present (GTK_WINDOW (dialog));
  vt_test_settle ();
  if (!vt_test_press_real_keys (gtk_window_get_title (GTK_WINDOW (dialog)), "Kari Leder",
                                NULL))
    gtk_editable_set_text (GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (dialog))), "Kari Leder");
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

    g_assert_true (GTK_IS_TEXT (focus));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "Kari Leder");
    g_signal_emit_by_name (focus, "activate");
    vt_test_settle ();
  }
  if (find_dialog () != NULL)
    g_error ("the form is still open: %s", vt_command_dialog_get_error (find_dialog ()));
  payload = newest_payload (station, VT_KIND_OFFICE_CANDIDATE);
  g_assert_cmpstr (json_object_get_string_member (payload, "office"), ==, "leder");
  g_assert_cmpstr (json_object_get_string_member (payload, "name"), ==, "Kari Leder");
  g_clear_pointer (&payload, json_object_unref);
  g_assert_nonnull (vt_test_find_label (window, "Kari Leder", TRUE));

  /* An open vote, for or against the one candidate. */
  dialog = press (fixture, "Start the _Vote…", VT_KIND_OFFICE_VOTE);
  set (dialog, "secret", "false");
  save (dialog);
  g_assert_cmpint (vt_station_get_phase (station), ==, VT_PHASE_VOTING);
  g_assert_nonnull (vt_test_find_label (window, "Vote 1, open (show of hands): under way", TRUE));

  assert_palette_fits (fixture, VT_KIND_OFFICE_COUNT);
  dialog = press (fixture, "C_ount…", VT_KIND_OFFICE_COUNT);
  set (dialog, "pile", "in-favour");
  set (dialog, "votes", "15");
  save (dialog);
  dialog = press (fixture, "C_ount…", VT_KIND_OFFICE_COUNT);
  set (dialog, "pile", "against");
  set (dialog, "votes", "2");
  save (dialog);
  dialog = press (fixture, "C_ount…", VT_KIND_OFFICE_COUNT);
  set (dialog, "pile", "abstain");
  set (dialog, "votes", "1");
  save (dialog);
  g_assert_nonnull (vt_test_find_label (window, "For 15 · Against 2 · Abstaining 1", TRUE));

  dialog = press (fixture, "_Result…", VT_KIND_OFFICE_RESULT);
  save (dialog);

  /* The journal holds each step, in order, and the leader is elected. */
  kinds = dup_journal_kinds (station);
  g_test_message ("journal: %s", kinds);
  g_assert_true (g_str_has_suffix (kinds, "meeting.constituted meeting.attendance "
                                          "office.candidate office.vote office.count "
                                          "office.count office.count office.result"));
  payload = newest_payload (station, VT_KIND_OFFICE_RESULT);
  g_assert_cmpstr (json_object_get_string_member (payload, "office"), ==, "leder");

  meeting = vt_organisation_new (station);
  leader = g_ptr_array_index (vt_organisation_get_offices (meeting), 0);
  g_assert_cmpstr (leader->id, ==, "leder");
  g_assert_true (leader->decided);
  g_assert_cmpuint (leader->elected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (leader->elected, 0), ==, "Kari Leder");
  g_assert_cmpstr (vt_organisation_get_current_office (meeting)->id, ==, "nestleder");

  /* The window follows: the leader's section says who was elected, and the next office is
   * the one being elected, its first step offered. */
  g_assert_nonnull (vt_test_find_label (window, "Elected: Kari Leder", TRUE));
  g_assert_nonnull (vt_test_find_button (window, "Add _Candidate…"));
  g_assert_null (vt_test_find_button (window, "_Result…"));
}

/* Gives @kind with @json straight to the core, as a scenario would: the steps a test does not
 * look at. */
static void
give (VtStation  *station,
      const char *kind,
      const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autofree char *command_id = g_uuid_string_random ();

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  entry = vt_station_execute (station, command_id, kind, vt_station_get_actor (station),
                              json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
}

/* Each office of the training meeting decided by one candidate, for or against. */
static void
decide_every_office (VtStation *station)
{
  static const char * const offices[][2] = {
    { "leder", "Kari Leder" }, { "nestleder", "Per Nestleder" },
    { "styremedlem", "Ola Styre" }, { "valgkomite", "Eva Komite" },
  };

  give (station, VT_KIND_MEETING_CONSTITUTED,
        "{\"chair\": \"Siri Lagseth\", \"signatory\": \"Tor Møteby\", "
        "\"second_signatory\": \"Une Årsvik\"}");
  give (station, VT_KIND_MEETING_ATTENDANCE, "{\"present\": 18}");
  for (guint i = 0; i < G_N_ELEMENTS (offices); i++)
    {
      g_autofree char *candidate = g_strdup_printf ("{\"office\": \"%s\", \"name\": \"%s\"}",
                                                    offices[i][0], offices[i][1]);
      g_autofree char *office = g_strdup_printf ("{\"office\": \"%s\"}", offices[i][0]);
      g_autofree char *vote = g_strdup_printf ("{\"office\": \"%s\", \"secret\": false}",
                                               offices[i][0]);
      g_autofree char *in_favour = g_strdup_printf ("{\"office\": \"%s\", \"pile\": "
                                                    "\"in-favour\", \"votes\": 16}",
                                                    offices[i][0]);
      g_autofree char *against = g_strdup_printf ("{\"office\": \"%s\", \"pile\": "
                                                  "\"against\", \"votes\": 2}", offices[i][0]);

      give (station, VT_KIND_OFFICE_CANDIDATE, candidate);
      give (station, VT_KIND_OFFICE_VOTE, vote);
      give (station, VT_KIND_OFFICE_COUNT, in_favour);
      give (station, VT_KIND_OFFICE_COUNT, against);
      give (station, VT_KIND_OFFICE_RESULT, office);
      /* Two seats on the board, one candidate: the meeting leaves the other seat vacant. */
      if (g_str_equal (offices[i][0], "styremedlem"))
        give (station, VT_KIND_OFFICE_VACANT, office);
    }
  g_assert_cmpint (vt_station_get_phase (station), ==, VT_PHASE_PROTOCOL);
}

/* The row titled @title's button labelled @label, or NULL. */
static GtkWidget *
find_row_button (GtkWidget  *widget,
                 const char *title,
                 const char *label)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return vt_test_find_button (widget, label);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_button (child, title, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_protocol_signed_through_the_window (Fixture       *fixture,
                                         gconstpointer  data)
{
  static const double stroke[] = { 0.1, 0.7, 0.3, 0.2, 0.6, 0.8, 0.9, 0.3 };
  VtStation *station = start_meeting (fixture);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr(VtOrganisation) meeting = NULL;
  g_autoptr(JsonObject) payload = NULL;
  VtSignDialog *dialog;

  decide_every_office (station);
  vt_test_settle ();

  /* The protocol page: who was elected, and the three who sign. */
  g_assert_nonnull (vt_test_find_label (window, "Elected: Kari Leder", TRUE));
  g_assert_nonnull (vt_test_find_label (window, "Elected: Ola Styre; 1 seat left vacant", TRUE));

  /* The meeting chair signs on screen. */
  g_signal_emit_by_name (find_row_button (window, "Siri Lagseth", "Sign…"), "clicked");
  vt_test_settle ();
  dialog = (VtSignDialog *)vt_test_find_toplevel (VT_TYPE_SIGN_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==,
                   "Siri Lagseth signs the protocol");
  vt_sign_dialog_add_stroke (dialog, stroke, G_N_ELEMENTS (stroke));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL));
  vt_test_settle ();
  g_assert_null (vt_test_find_toplevel (VT_TYPE_SIGN_DIALOG));
  payload = newest_payload (station, VT_KIND_MEETING_SIGN);
  g_assert_cmpstr (json_object_get_string_member (payload, "signer"), ==, "chair");
  g_assert_true (json_object_has_member (payload, "strokes"));
  g_clear_pointer (&payload, json_object_unref);
  g_assert_null (find_row_button (window, "Siri Lagseth", "Sign…"));

  /* The second chosen signs the printed page in ink. */
  g_signal_emit_by_name (find_row_button (window, "Une Årsvik", "Sign…"), "clicked");
  vt_test_settle ();
  dialog = (VtSignDialog *)vt_test_find_toplevel (VT_TYPE_SIGN_DIALOG);
  g_assert_nonnull (dialog);
  g_signal_emit_by_name (vt_test_find_button (GTK_WIDGET (dialog), "Signed in _Ink on the Paper"),
                         "clicked");
  vt_test_settle ();
  g_assert_null (vt_test_find_toplevel (VT_TYPE_SIGN_DIALOG));
  payload = newest_payload (station, VT_KIND_MEETING_SIGN);
  g_assert_cmpstr (json_object_get_string_member (payload, "signer"), ==, "second_signatory");
  g_assert_true (json_object_get_boolean_member (payload, "on_paper"));

  /* The read model agrees: two of three signed, the first chosen not yet. */
  meeting = vt_organisation_new (station);
  g_assert_cmpint (vt_organisation_get_signature (meeting, VT_MEETING_SIGNER_CHAIR)->seq, >, 0);
  g_assert_false (vt_organisation_get_signature (meeting, VT_MEETING_SIGNER_CHAIR)->on_paper);
  g_assert_cmpint (vt_organisation_get_signature (meeting, VT_MEETING_SIGNER_SIGNATORY)->seq, ==,
                   0);
  g_assert_true (vt_organisation_get_signature (meeting,
                                                VT_MEETING_SIGNER_SECOND_SIGNATORY)->on_paper);
  g_assert_nonnull (find_row_button (window, "Tor Møteby", "Sign…"));

  /* The Documents view: the meeting's protocol and its notice to the region, with the
   * signatures so far; none of a polling station's documents, and no data for an election
   * office. */
  {
    VtConfig *config = vt_station_get_config (station);
    const char *meeting_protocol = vt_document_kind_get_title (VT_DOCUMENT_MEETING_PROTOCOL,
                                                               config);
    const char *notice = vt_document_kind_get_title (VT_DOCUMENT_OFFICE_NOTICE, config);
    const char *station_protocol = vt_document_kind_get_title (VT_DOCUMENT_PROTOCOL, config);
    const char *seals = vt_document_kind_get_title (VT_DOCUMENT_SEALS, config);

    g_assert_cmpstr (meeting_protocol, !=, station_protocol);
    vt_station_page_show (vt_window_get_station_page (fixture->window), "documents");
    vt_test_settle ();
    g_assert_nonnull (vt_test_find_label (window, meeting_protocol, TRUE));
    g_assert_nonnull (vt_test_find_label (window, notice, TRUE));
    g_assert_nonnull (vt_test_find_label (window, "Signed by 2 of 3", FALSE));
    g_assert_null (vt_test_find_label (window, station_protocol, TRUE));
    g_assert_null (vt_test_find_label (window, seals, TRUE));
    g_assert_null (vt_test_find_label (window, "Data for the Election Office", TRUE));
  }
}

/* A secret vote on the leader between Kari Leder and Per Prøve that ends 9 to 9. */
static void
tied_round (VtStation *station)
{
  static const char * const names[] = { "Kari Leder", "Per Prøve" };

  give (station, VT_KIND_OFFICE_VOTE, "{\"office\": \"leder\", \"secret\": true}");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *count = g_strdup_printf ("{\"office\": \"leder\", \"pile\": "
                                                "\"candidate\", \"candidate\": \"%s\", "
                                                "\"votes\": 9, \"counter\": \"Une Årsvik\"}",
                                                names[i]);
      g_autofree char *control = g_strdup_printf ("{\"office\": \"leder\", \"pile\": "
                                                  "\"candidate\", \"candidate\": \"%s\", "
                                                  "\"votes\": 9, \"counter\": \"Tor Møteby\"}",
                                                  names[i]);

      give (station, VT_KIND_OFFICE_COUNT, count);
      give (station, VT_KIND_OFFICE_CONTROL, control);
    }
  give (station, VT_KIND_OFFICE_RESULT, "{\"office\": \"leder\"}");
}

/* A tie is shown as one the moment its result is given, and the office's step is to vote
 * again; a second tie is drawn by lot. */
static void
test_tie_voted_again_then_lot (Fixture       *fixture,
                               gconstpointer  data)
{
  VtStation *station = start_meeting (fixture);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  VtCommandDialog *dialog;

  give (station, VT_KIND_MEETING_CONSTITUTED,
        "{\"chair\": \"Siri Lagseth\", \"signatory\": \"Tor Møteby\", "
        "\"second_signatory\": \"Une Årsvik\"}");
  give (station, VT_KIND_MEETING_ATTENDANCE, "{\"present\": 18}");
  give (station, VT_KIND_OFFICE_CANDIDATE, "{\"office\": \"leder\", \"name\": \"Kari Leder\"}");
  give (station, VT_KIND_OFFICE_CANDIDATE, "{\"office\": \"leder\", \"name\": \"Per Prøve\"}");
  tied_round (station);
  vt_test_settle ();

  g_assert_nonnull (vt_test_find_label (window, "Vote 1, secret (ballots): tie", TRUE));
  g_assert_nonnull (vt_test_find_label (window, "The vote ended in a tie: vote again between "
                                                "the same candidates", TRUE));
  g_assert_nonnull (vt_test_find_button (window, "_Vote Again…"));
  g_assert_null (vt_test_find_button (window, "Start the _Vote…"));
  g_assert_null (vt_test_find_button (window, "Add _Candidate…"));

  tied_round (station);
  vt_test_settle ();
  g_assert_nonnull (vt_test_find_label (window, "Vote 2, secret (ballots): tie", TRUE));
  g_assert_null (vt_test_find_button (window, "_Vote Again…"));
  dialog = press (fixture, "Draw _Lots…", VT_KIND_OFFICE_LOT);
  set (dialog, "drawn", "Per Prøve");
  save (dialog);
  g_assert_nonnull (vt_test_find_label (window, "Elected by lot: Per Prøve", TRUE));
}

int
main (int   argc,
      char *argv[])
{
  the_app = vt_test_ui_init (&argc, &argv);

  g_test_add ("/meeting-ui/training-meeting/first-office-constituted-voted-counted-elected",
              Fixture, NULL, fixture_set_up, test_first_office_through_the_window,
              fixture_tear_down);
  g_test_add ("/meeting-ui/tie/shown-at-once-voted-again-then-drawn-by-lot", Fixture, NULL,
              fixture_set_up, test_tie_voted_again_then_lot, fixture_tear_down);
  g_test_add ("/meeting-ui/protocol/signed-by-the-chair-on-screen-and-a-signatory-in-ink",
              Fixture, NULL, fixture_set_up, test_protocol_signed_through_the_window,
              fixture_tear_down);

  return g_test_run ();
}
