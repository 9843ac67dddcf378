/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "vt-application.h"
#include "vt-command-dialog.h"
#include "vt-kind-ids.h"
#include "vt-station-page.h"
#include "vt-station-state.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* The forms in a real window under a (virtual) display: a form opened for one object acts on
 * that object whatever is pressed inside it, names it, offers only people who may be named,
 * starts where the chair types, saves on Enter, and asks before what cannot be undone. The
 * municipal test election: Kari chairs, Ola is deputy, Nora a board member, Ingrid an
 * inspector. */

#define CHAIR "kari-ovingsen"
#define DEPUTY "ola-provesen"
#define MEMBER "nora-testdal"
#define INSPECTOR "ingrid-ovelsrud"
#define MARKER "anders-eksempelsen"

typedef struct
{
  StationFixture station;
  VtWindow *window;
} FormFixture;

static VtApplication *the_app;

static void
form_fixture_set_up (FormFixture  *fixture,
                     gconstpointer data)
{
  station_fixture_set_up (&fixture->station, VT_TEST_MUNICIPAL);
  fixture->window = vt_window_new (the_app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
}

static void
form_fixture_tear_down (FormFixture  *fixture,
                        gconstpointer data)
{
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (VT_IS_COMMAND_DIALOG (l->data))
      gtk_window_destroy (l->data);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  station_fixture_tear_down (&fixture->station, data);
}

static void
show_station (FormFixture *fixture)
{
  vt_window_set_station (fixture->window, fixture->station.station);
  vt_test_settle ();
}

static void
arrive (FormFixture *fixture,
        const char  *person)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", person);

  /* The opening already registered the chair and the deputy, who seal the first urn. */
  if (!vt_station_is_present (fixture->station.station, person))
    vt_test_do (&fixture->station, VT_KIND_PERSON_ARRIVE, CHAIR, json);
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

/* A form as the window opens it, presented and drawn. */
static VtCommandDialog *
open_form (FormFixture *fixture,
           const char  *kind)
{
  GtkWidget *dialog = vt_command_dialog_new (GTK_WINDOW (fixture->window),
                                             fixture->station.station, kind);
  g_assert_nonnull (dialog);
  return VT_COMMAND_DIALOG (dialog);
}

static void
present (VtCommandDialog *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
  vt_test_iterate_until (vt_test_widget_is_mapped, dialog);
  vt_test_settle ();
}

static JsonObject *
newest_payload (FormFixture *fixture,
                const char  *kind)
{
  GListModel *journal = vt_station_get_journal (fixture->station.station);
  g_autoptr(VtJournalEntry) newest = g_list_model_get_item (journal, 0);

  g_assert_cmpstr (vt_journal_entry_get_kind (newest), ==, kind);
  return json_object_ref (vt_journal_entry_get_payload_object (newest));
}

/* The row of the list that shows a field, by the field's title. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title_part)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_visible (widget) &&
      strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title_part) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title_part);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every key the chair could press inside the form, on every widget a key can reach (a widget
 * that is sensitive, shown or not: a hidden widget that had the focus took keys before):
 * each dropdown goes through all its choices, as Down and Up do, ending one below where it
 * was (the Down of "Space, Down, Enter"); each
 * switch flips; each button-like row is activated as Space and Enter do. */
static void
press_every_key (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      press_every_key (child);
      child = next;
    }
  if (!gtk_widget_is_sensitive (widget))
    return;
  if (ADW_IS_COMBO_ROW (widget))
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (widget));
      guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
      guint was = adw_combo_row_get_selected (ADW_COMBO_ROW (widget));

      for (guint i = n; i-- > 0;)
        adw_combo_row_set_selected (ADW_COMBO_ROW (widget), i);
      if (n > 0 && was < n)
        adw_combo_row_set_selected (ADW_COMBO_ROW (widget), (was + 1) % n);
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (widget),
                                 !gtk_check_button_get_active (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_LIST_BOX_ROW (widget) && !ADW_IS_COMBO_ROW (widget) &&
           !ADW_IS_ENTRY_ROW (widget))
    gtk_widget_activate (widget);
}

/* Picks the choice of a dropdown whose label contains @label, as the chair does. */
static void
choose (GtkWidget  *combo,
        const char *label)
{
  GListModel *model;

  g_assert_true (ADW_IS_COMBO_ROW (combo));
  model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      if (strstr (gtk_string_object_get_string (item), label) != NULL)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
          return;
        }
    }
  g_error ("no choice “%s”", label);
}

/* ---- item 2: the object ------------------------------------------------------------------ */

static void
prepare_two_urns (FormFixture *fixture)
{
  vt_test_at (&fixture->station, 1, "07:30");
  arrive (fixture, CHAIR);
  arrive (fixture, DEPUTY);
  arrive (fixture, INSPECTOR);
  vt_test_do (&fixture->station, VT_KIND_STRIPS_RECEIVE, CHAIR,
              "{\"first\": 1001, \"last\": 1010}");
  vt_test_do (&fixture->station, VT_KIND_URN_ADD, CHAIR,
              "{\"urn\": \"U1\", \"kind\": \"ordinary\", \"table\": \"1\"}");
  vt_test_do (&fixture->station, VT_KIND_URN_ADD, CHAIR,
              "{\"urn\": \"R2\", \"kind\": \"reserve\"}");
}

/* The button @label in the row of the phase view whose title names @object. */
static GtkWidget *
find_object_button (GtkWidget  *widget,
                    const char *object,
                    const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    {
      GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);
      if (row != NULL && strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                 object) != NULL)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_object_button (child, object, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_urn_form_acts_on_its_urn (FormFixture  *fixture,
                               gconstpointer data)
{
  g_autoptr(JsonObject) payload = NULL;
  GtkWidget *button;
  VtCommandDialog *dialog;
  const char *title;

  prepare_two_urns (fixture);
  show_station (fixture);

  /* R2's own "Shown Empty…", as the chair clicks it. */
  button = find_object_button (GTK_WIDGET (fixture->window), "R2", "Shown Empty…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  vt_test_iterate_until (dialog_open, NULL);
  dialog = find_dialog ();
  present (dialog);

  /* The form names its urn: what it is and in the title. */
  title = gtk_window_get_title (GTK_WINDOW (dialog));
  g_assert_nonnull (strstr (title, "Urn R2 (reserve box)"));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog), "Urn R2 (reserve box)", FALSE));

  /* Every key inside the form, then a witness who is here, then save. */
  press_every_key (GTK_WIDGET (dialog));
  choose (find_row (GTK_WIDGET (dialog), "second person"), "Ingrid Øvelsrud");
  vt_command_dialog_save (dialog);
  vt_test_settle ();
  if (find_dialog () != NULL)
    g_error ("refused: %s", vt_command_dialog_get_error (find_dialog ()));

  payload = newest_payload (fixture, VT_KIND_URN_VERIFY_EMPTY);
  g_assert_cmpstr (json_object_get_string_member (payload, "urn"), ==, "R2");
  g_assert_true (vt_station_is_present (fixture->station.station,
                                        json_object_get_string_member (payload, "witness")));
  /* The other urn is untouched. */
  {
    g_autoptr(GPtrArray) urns = vt_station_dup_urns (fixture->station.station);
    for (guint i = 0; i < urns->len; i++)
      {
        VtUrnState *urn = g_ptr_array_index (urns, i);
        g_assert_cmpstr (urn->status, ==, g_str_equal (urn->id, "R2") ? "empty" : "new");
      }
  }
}

/* The same with the keys of the report, Space, Down, Enter, sent by the X server to the form
 * as it opened: the old form logged the other urn, or nothing. */
static void
test_urn_form_real_keys (FormFixture  *fixture,
                         gconstpointer data)
{
  const char *keys[] = { "space", "Down", "Return", NULL };
  g_autoptr(JsonObject) payload = NULL;
  VtCommandDialog *dialog;

  prepare_two_urns (fixture);
  show_station (fixture);
  g_signal_emit_by_name (find_object_button (GTK_WIDGET (fixture->window), "R2",
                                             "Shown Empty…"), "clicked");
  vt_test_iterate_until (dialog_open, NULL);
  dialog = find_dialog ();
  present (dialog);

  if (!vt_test_press_real_keys ("Urn shown empty", NULL, keys))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  /* Whatever the keys did, the form is about R2: saved now, or already saved by Enter. */
  if (find_dialog () != NULL)
    {
      choose (find_row (GTK_WIDGET (find_dialog ()), "second person"), "Ingrid Øvelsrud");
      vt_command_dialog_save (find_dialog ());
      vt_test_settle ();
      if (find_dialog () != NULL)
        g_error ("refused: %s", vt_command_dialog_get_error (find_dialog ()));
    }
  payload = newest_payload (fixture, VT_KIND_URN_VERIFY_EMPTY);
  g_assert_cmpstr (json_object_get_string_member (payload, "urn"), ==, "R2");
}

/* ---- item 4: people ---------------------------------------------------------------------- */

static char *
combo_labels (GtkWidget *combo)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
  GString *labels = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      g_string_append_printf (labels, "%s|", gtk_string_object_get_string (item));
    }
  return g_string_free (labels, FALSE);
}

static void
test_witness_list (FormFixture  *fixture,
                   gconstpointer data)
{
  VtCommandDialog *dialog;
  GtkWidget *witness;
  g_autofree char *labels = NULL;
  g_autoptr(JsonObject) payload = NULL;

  prepare_two_urns (fixture);
  vt_test_do (&fixture->station, VT_KIND_PERSON_LEAVE, CHAIR,
              "{\"person\": \"" DEPUTY "\"}");
  show_station (fixture);
  dialog = open_form (fixture, VT_KIND_URN_VERIFY_EMPTY);
  g_assert_true (vt_command_dialog_set_value (dialog, "urn", "U1", TRUE));
  present (dialog);

  witness = find_row (GTK_WIDGET (dialog), "second person");
  g_assert_true (ADW_IS_COMBO_ROW (witness));
  labels = combo_labels (witness);
  /* Only who is here, and never the chair who gives the command. */
  g_assert_null (strstr (labels, "Kari Øvingsen"));
  g_assert_null (strstr (labels, "Ola Prøvesen"));
  g_assert_null (strstr (labels, "Nora Testdal"));
  g_assert_nonnull (strstr (labels, "Ingrid Øvelsrud"));
  /* It starts on a valid choice: saved as it opened, it is accepted. */
  vt_command_dialog_save (dialog);
  vt_test_settle ();
  g_assert_null (find_dialog ());
  payload = newest_payload (fixture, VT_KIND_URN_VERIFY_EMPTY);
  g_assert_cmpstr (json_object_get_string_member (payload, "witness"), ==, INSPECTOR);
}

/* ---- item 3 and 9: breaking a seal -------------------------------------------------------- */

static void
test_seal_break_confirms_and_prefills (FormFixture  *fixture,
                                       gconstpointer data)
{
  VtCommandDialog *dialog;
  GtkWidget *strip, *member, *second, *save;
  GtkLabel *consequence;

  vt_test_open_station (&fixture->station);
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  arrive (fixture, INSPECTOR);
  show_station (fixture);

  dialog = open_form (fixture, VT_KIND_SEAL_BREAK);
  g_assert_true (vt_command_dialog_set_value (dialog, "urn", "U1", TRUE));
  present (dialog);

  /* The urn's own strip is filled in. */
  strip = find_row (GTK_WIDGET (dialog), "strip broken");
  g_assert_nonnull (strip);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (strip)), ==, "1001");

  /* Two board members present, two different ones; the inspector is not offered. */
  member = find_row (GTK_WIDGET (dialog), "A board member present");
  second = find_row (GTK_WIDGET (dialog), "A second board member present");
  g_assert_true (ADW_IS_COMBO_ROW (member) && ADW_IS_COMBO_ROW (second));
  {
    g_autofree char *labels = combo_labels (member);
    g_assert_null (strstr (labels, "Ingrid"));
    g_assert_nonnull (strstr (labels, "Nora Testdal"));
  }
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (member)), !=,
                    adw_combo_row_get_selected (ADW_COMBO_ROW (second)));
  /* Choosing the second's person in the first moves the second to someone else. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (member),
                              adw_combo_row_get_selected (ADW_COMBO_ROW (second)));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (member)), !=,
                    adw_combo_row_get_selected (ADW_COMBO_ROW (second)));

  /* The button says the step and its urn, and a line the consequence. */
  save = vt_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);
  save = NULL;
  for (GtkWidget *w = vt_test_find_label (GTK_WIDGET (dialog), "Break the Seal of Urn U1", TRUE);
       w != NULL && save == NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_BUTTON (w))
      save = w;
  g_assert_nonnull (save);
  consequence = GTK_LABEL (vt_test_find_label (GTK_WIDGET (dialog), "cannot be undone", FALSE));
  g_assert_nonnull (consequence);

  /* The reason is the first empty field: it has the focus. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         find_row (GTK_WIDGET (dialog), "Why the seal")));
}

/* An urn opened from its row is never opened in one click: the form asks. */
static void
test_open_urn_asks (FormFixture  *fixture,
                    gconstpointer data)
{
  VtCommandDialog *dialog;
  gint64 before;

  vt_test_open_station (&fixture->station);
  show_station (fixture);
  before = vt_store_get_n_entries (vt_station_get_store (fixture->station.station));
  dialog = open_form (fixture, VT_KIND_URN_OPEN);
  g_assert_true (vt_command_dialog_set_value (dialog, "urn", "U1", TRUE));
  present (dialog);
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog), "Open Urn U1 for Counting", TRUE));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog), "This cannot be undone", FALSE));
  /* Nothing typed: the button has the focus, and nothing is logged until it is pressed. */
  g_assert_true (GTK_IS_BUTTON (gtk_root_get_focus (GTK_ROOT (dialog))));
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (fixture->station.station)), ==,
                   before);
}

/* ---- item 7: keyboard -------------------------------------------------------------------- */

static GtkWidget *
focus_of (VtCommandDialog *dialog)
{
  return gtk_root_get_focus (GTK_ROOT (dialog));
}

/* Types @text where the focus is and presses Enter there. */
static void
type_and_enter (VtCommandDialog *dialog,
                const char      *text)
{
  GtkWidget *focus = focus_of (dialog);

  g_assert_true (GTK_IS_TEXT (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), text);
  g_signal_emit_by_name (focus, "activate");
  vt_test_settle ();
}

static void
test_keyboard_fill_and_enter (FormFixture  *fixture,
                              gconstpointer data)
{
  VtCommandDialog *dialog;
  g_autoptr(JsonObject) payload = NULL;

  vt_test_at (&fixture->station, 1, "07:30");
  arrive (fixture, CHAIR);
  show_station (fixture);
  dialog = open_form (fixture, VT_KIND_STRIPS_RECEIVE);
  present (dialog);

  /* The first field has the focus: typed digits land there; Enter moves on while a required
   * field is empty, and saves once it is complete. */
  g_assert_true (gtk_widget_is_ancestor (focus_of (dialog),
                                         find_row (GTK_WIDGET (dialog), "first strip")));
  type_and_enter (dialog, "2001");
  g_assert_null (find_dialog ());
  payload = newest_payload (fixture, VT_KIND_STRIPS_RECEIVE);
  g_assert_cmpint (json_object_get_int_member (payload, "first"), ==, 2001);
}

static void
test_keyboard_next_field_then_save (FormFixture  *fixture,
                                    gconstpointer data)
{
  VtCommandDialog *dialog;
  g_autoptr(JsonObject) payload = NULL;

  vt_test_at (&fixture->station, 1, "07:30");
  arrive (fixture, CHAIR);
  show_station (fixture);
  dialog = open_form (fixture, VT_KIND_STRIP_VOID);
  present (dialog);

  type_and_enter (dialog, "1005");
  /* Not complete: still open, the focus on the reason. */
  g_assert_nonnull (find_dialog ());
  g_assert_true (gtk_widget_is_ancestor (focus_of (dialog),
                                         find_row (GTK_WIDGET (dialog), "What happened")));
  type_and_enter (dialog, "Torn when opened");
  /* Refused (strip 1005 was never received): the form stays with what was typed. */
  g_assert_nonnull (find_dialog ());
  g_assert_nonnull (vt_command_dialog_get_error (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog),
                                                                  "The strip number"))), ==,
                   "1005");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog),
                                                                  "What happened"))), ==,
                   "Torn when opened");
}

static gboolean
dialog_closed (gpointer data)
{
  return find_dialog () == NULL;
}

/* One Escape closes the form: the window's own shortcut, caught before any field. */
static void
test_escape_closes_once (FormFixture  *fixture,
                         gconstpointer data)
{
  VtCommandDialog *dialog;
  GtkShortcutController *escape = NULL;
  GListModel *controllers;

  show_station (fixture);
  dialog = open_form (fixture, VT_KIND_STRIPS_RECEIVE);
  present (dialog);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (dialog));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && escape == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) !=
            GTK_PHASE_CAPTURE)
        continue;
      for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (
            gtk_shortcut_get_trigger (shortcut));
          if (g_str_equal (trigger, "Escape"))
            {
              escape = GTK_SHORTCUT_CONTROLLER (controller);
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           focus_of (dialog), NULL));
            }
        }
    }
  g_object_unref (controllers);
  g_assert_nonnull (escape);
  vt_test_iterate_until (dialog_closed, NULL);
}

/* ---- item 9: the explanation, and choices --------------------------------------------------- */

static void
test_explain_shows_what_applies (FormFixture  *fixture,
                                 gconstpointer data)
{
  VtCommandDialog *dialog;

  vt_test_open_station (&fixture->station);
  show_station (fixture);

  dialog = open_form (fixture, VT_KIND_COUNT_EXPLAIN);
  g_assert_true (vt_command_dialog_set_value (dialog, "code", VT_CHECK_K103, TRUE));
  g_assert_true (vt_command_dialog_set_value (dialog, "entries", "2, 3", FALSE));
  present (dialog);
  /* K103 is about no contest and no reason: no such field. */
  g_assert_null (find_row (GTK_WIDGET (dialog), "The contest"));
  /* The proposals: number, time, kind and what they say, not bare numbers. */
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog), "Entry 2 · 07:30 · ", FALSE));
  gtk_window_destroy (GTK_WINDOW (dialog));
  vt_test_settle ();

  dialog = open_form (fixture, VT_KIND_COUNT_EXPLAIN);
  g_assert_true (vt_command_dialog_set_value (dialog, "code", VT_CHECK_K402, TRUE));
  g_assert_true (vt_command_dialog_set_value (dialog, "subject", "kommunestyre", TRUE));
  present (dialog);
  /* K402 is about a contest: the field is there, naming the contest, not its id. */
  g_assert_nonnull (find_row (GTK_WIDGET (dialog), "The contest"));
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog), "Kommunestyrevalget", TRUE));
  g_assert_null (vt_test_find_label (GTK_WIDGET (dialog), "kommunestyre", TRUE));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (dialog)), "Kommunestyrevalget"));
}

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A difference in the count: the form offers the unstamped ballot (+1, ticked) and the
 * declared reasons with their counts, adds them up against the difference as the chair changes
 * them, and saves the items. */
static void
test_explain_items_add_up (FormFixture  *fixture,
                           gconstpointer data)
{
  StationFixture *station = &fixture->station;
  GPtrArray *contests = vt_config_get_contests (station->config);
  GPtrArray *tables = vt_config_get_tables (station->config);
  VtCommandDialog *dialog;
  GtkWidget *header, *unstamped_row, *reason_row, *check = NULL, *spin = NULL;
  g_autoptr(JsonObject) payload = NULL;
  JsonArray *items;
  gint64 unstamped;

  vt_test_open_station (station);
  vt_test_at (station, 1, "11:00");
  unstamped = vt_test_do (station, "incident.unstamped", CHAIR, "{\"table\": \"1\"}");
  vt_test_at (station, 1, "21:00");
  vt_test_do (station, "doors.close", CHAIR, "{\"queue\": 0}");
  vt_test_count_all_roll_marks (station, 100);
  vt_test_count_all_envelopes (station, 0);
  vt_test_do (station, "closing.unused-ballots-removed", CHAIR, "{}");
  vt_test_do (station, "closing.stamps-handed-in", CHAIR, "{}");
  vt_test_do_printf (station, "shipment.packed", "{\"rolls\": %u, \"stamps\": 4, "
                     "\"envelopes\": 0}", tables->len);
  vt_test_do (station, "shipment.handed-over", CHAIR, "{\"to\": \"Valgkontoret\"}");
  vt_test_do (station, "urn.open", CHAIR, "{\"urn\": \"U1\"}");
  /* 300 marks; kommunestyre 301 ballots: +1. */
  {
    VtContest *contest = g_ptr_array_index (contests, 0);
    gint64 first = 301 - 20 * (contest->lists->len - 1) - 6 - 2;

    for (guint l = 0; l < contest->lists->len + 2; l++)
      {
        const char *pile = l < contest->lists->len
          ? ((VtPartyList *)g_ptr_array_index (contest->lists, l))->id
          : l == contest->lists->len ? "blank" : "doubtful";
        gint64 n = l == 0 ? first : l < contest->lists->len ? 20
                   : l == contest->lists->len ? 6 : 2;
        g_autofree char *fields = g_strdup_printf ("\"contest\": \"%s\", \"pile\": \"%s\"",
                                                   contest->id, pile);

        vt_test_count_twice (station, VT_KIND_PILE_COUNT, fields, n, n);
      }
  }
  show_station (fixture);

  dialog = open_form (fixture, VT_KIND_COUNT_EXPLAIN);
  g_assert_true (vt_command_dialog_set_value (dialog, "code", VT_CHECK_K402, TRUE));
  g_assert_true (vt_command_dialog_set_value (dialog, "subject",
                                              ((VtContest *)g_ptr_array_index (contests, 0))->id,
                                              TRUE));
  vt_command_dialog_set_value (dialog, "text", "Vet ikke", FALSE);
  present (dialog);

  /* Entries alone are not asked for; the items are, added up against the difference. */
  g_assert_null (find_row (GTK_WIDGET (dialog), "Log entries that explain it"));
  header = find_row (GTK_WIDGET (dialog), "What accounts for the difference");
  g_assert_nonnull (header);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (header)), ==,
                   "The items add up to +1, the difference: +1 (ballots minus roll marks)");
  {
    g_autofree char *title = g_strdup_printf ("Entry %" PRId64 " · ", unstamped);
    unstamped_row = find_row (GTK_WIDGET (dialog), title);
  }
  g_assert_nonnull (unstamped_row);
  check = find_of_type (unstamped_row, GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (header)), ==,
                   "The items add up to +0, but the difference is +1 (ballots minus roll marks)");

  /* The core refuses what does not add up, with both numbers. */
  reason_row = find_row (GTK_WIDGET (dialog), "Voters who left with their ballot");
  g_assert_nonnull (reason_row);
  spin = find_of_type (reason_row, GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), -1);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (header)), ==,
                   "The items add up to -1, but the difference is +1 (ballots minus roll marks)");
  vt_command_dialog_save (dialog);
  vt_test_settle ();
  g_assert_nonnull (strstr (vt_command_dialog_get_error (dialog), "add up to -1"));

  /* Ticked again, and the reason taken back: it adds up and is saved. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  vt_command_dialog_save (dialog);
  vt_test_iterate_until (dialog_closed, NULL);
  payload = newest_payload (fixture, VT_KIND_COUNT_EXPLAIN);
  items = json_object_get_array_member (payload, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0),
                                               "entry"), ==, unstamped);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0),
                                               "count"), ==, 1);
}

static void
test_choices_have_labels (FormFixture  *fixture,
                          gconstpointer data)
{
  VtCommandDialog *dialog;
  GtkWidget *kind;
  g_autofree char *labels = NULL;

  show_station (fixture);
  dialog = open_form (fixture, VT_KIND_URN_ADD);
  present (dialog);
  kind = find_row (GTK_WIDGET (dialog), "What the urn is for");
  g_assert_true (ADW_IS_COMBO_ROW (kind));
  labels = combo_labels (kind);
  g_assert_null (strstr (labels, "special-envelope|"));
  g_assert_null (strstr (labels, "reserve|"));
  g_assert_nonnull (strstr (labels, "Reserve box|"));
}

int
main (int   argc,
      char *argv[])
{
  the_app = vt_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, FormFixture, NULL, form_fixture_set_up, func, form_fixture_tear_down)

  ADD ("/forms/object/urn-form-acts-on-its-urn-whatever-is-pressed", test_urn_form_acts_on_its_urn);
  ADD ("/forms/object/urn-form-acts-on-its-urn-with-real-keys", test_urn_form_real_keys);
  ADD ("/forms/people/witness-present-not-the-chair", test_witness_list);
  ADD ("/forms/irreversible/seal-break-names-urn-prefills-strip", test_seal_break_confirms_and_prefills);
  ADD ("/forms/irreversible/open-urn-asks-first", test_open_urn_asks);
  ADD ("/forms/keyboard/first-field-focused-enter-saves", test_keyboard_fill_and_enter);
  ADD ("/forms/keyboard/enter-moves-on-refusal-keeps-typing", test_keyboard_next_field_then_save);
  ADD ("/forms/keyboard/one-escape-closes", test_escape_closes_once);
  ADD ("/forms/explain/only-fields-that-apply-and-proposals", test_explain_shows_what_applies);
  ADD ("/forms/explain/items-added-up-against-the-difference", test_explain_items_add_up);
  ADD ("/forms/choices/labels-not-ids", test_choices_have_labels);

  return g_test_run ();
}
