/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <locale.h>

#include "vt-application.h"
#include "vt-checks.h"
#include "vt-kind-ids.h"
#include "vt-phase-view.h"
#include "vt-protocol-text-dialog.h"
#include "vt-scenario.h"
#include "vt-station-page.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* The board's own words in the protocol, written in a real window at 1024×600: part D (Other
 * matters) with a notable log entry referred to, and the remark (Merknad) of each contest with
 * the count's difference shown above it. The busy two-day scenario of data/scenarios is
 * replayed to the protocol phase; what is saved is read back from the station's journal. */

typedef struct
{
  char *dir;
  VtStation *station;
  GDateTime *now;      /* the station's clock: after the scenario's last entry */
  VtWindow *window;
  VtStationPage *page;
} Fixture;

static VtApplication *the_app;

static GDateTime *
fixture_clock (gpointer user_data)
{
  Fixture *fixture = user_data;
  GDateTime *now = g_date_time_add_seconds (fixture->now, 1);

  g_date_time_unref (fixture->now);
  fixture->now = now;
  return g_date_time_ref (now);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "busy-municipal-two-days.json", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) last = NULL;
  VtScenarioReport report = { 0 };

  fixture->dir = g_dir_make_tmp ("vt-protocol-text-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "busy.valgting", NULL);
  if (!vt_scenario_replay (scenario, path, &report, &error))
    g_error ("replay: %s", error->message);
  vt_scenario_report_clear (&report);
  fixture->station = vt_station_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);

  /* The day goes on from where the scenario left it. */
  last = g_list_model_get_item (vt_station_get_journal (fixture->station), 0);
  fixture->now = g_date_time_add_minutes (vt_journal_entry_get_time (last), 5);
  vt_station_set_clock (fixture->station, fixture_clock, fixture);

  fixture->window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
  vt_window_set_station (fixture->window, fixture->station);
  fixture->page = vt_window_get_station_page (fixture->window);
  vt_test_settle ();
  g_assert_cmpstr (vt_station_page_get_shown (fixture->page), ==, "protocol");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWindow *dialog;

  while ((dialog = vt_test_find_toplevel (VT_TYPE_PROTOCOL_TEXT_DIALOG)) != NULL)
    gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  g_clear_object (&fixture->station);
  g_clear_pointer (&fixture->now, g_date_time_unref);
  vt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* ---- finding things --------------------------------------------------------------------- */

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  GtkWidget *label = vt_test_find_label (widget, title, TRUE);

  if (label == NULL)
    g_error ("No row “%s” is shown", title);
  return gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW);
}

static GtkWidget *
phase_view (Fixture *fixture)
{
  return vt_test_find_widget (GTK_WIDGET (fixture->page), VT_TYPE_PHASE_VIEW);
}

static gboolean
dialog_open (gpointer data)
{
  GtkWindow *dialog = vt_test_find_toplevel (VT_TYPE_PROTOCOL_TEXT_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
dialog_closed (gpointer data)
{
  return vt_test_find_toplevel (VT_TYPE_PROTOCOL_TEXT_DIALOG) == NULL;
}

/* The dialog opened by the row's Write… button on the protocol page. */
static VtProtocolTextDialog *
open_from_row (Fixture    *fixture,
               const char *title)
{
  GtkWidget *button = vt_test_find_button (find_row (phase_view (fixture), title), "Write…");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  vt_test_iterate_until (dialog_open, NULL);
  vt_test_settle ();
  return VT_PROTOCOL_TEXT_DIALOG (vt_test_find_toplevel (VT_TYPE_PROTOCOL_TEXT_DIALOG));
}

static GtkTextBuffer *
dialog_buffer (VtProtocolTextDialog *dialog)
{
  GtkWidget *view = vt_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);

  g_assert_nonnull (view);
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static char *
dialog_text (VtProtocolTextDialog *dialog)
{
  GtkTextBuffer *buffer = dialog_buffer (dialog);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWidget *
save_button (VtProtocolTextDialog *dialog)
{
  GtkWidget *button = vt_test_find_button (GTK_WIDGET (dialog), "_Save in the Log");

  g_assert_nonnull (button);
  return button;
}

/* The row of log entry @seq in part D's list. */
static GtkWidget *
entry_row (GtkWidget *widget,
           gint64     seq)
{
  if (ADW_IS_ACTION_ROW (widget) && g_object_get_data (G_OBJECT (widget), "vt-check") != NULL &&
      (gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "vt-seq")) == seq)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = entry_row (child, seq);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The tick beside log entry @seq in part D's list. */
static GtkWidget *
entry_check (VtProtocolTextDialog *dialog,
             gint64                seq)
{
  GtkWidget *row = entry_row (GTK_WIDGET (dialog), seq);

  if (row == NULL)
    g_error ("Entry %" PRId64 " is not offered", seq);
  return g_object_get_data (G_OBJECT (row), "vt-check");
}

static VtJournalEntry *
newest_entry (Fixture *fixture)
{
  return g_list_model_get_item (vt_station_get_journal (fixture->station), 0);
}

static gint64
n_entries (Fixture *fixture)
{
  return vt_store_get_n_entries (vt_station_get_store (fixture->station));
}

/* The first entry of @kind in the journal. */
static VtJournalEntry *
first_of_kind (Fixture    *fixture,
               const char *kind)
{
  GListModel *journal = vt_station_get_journal (fixture->station);

  for (guint i = g_list_model_get_n_items (journal); i > 0; i--)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i - 1);

      if (g_str_equal (vt_journal_entry_get_kind (entry), kind))
        return g_steal_pointer (&entry);
    }
  g_error ("No %s in the journal", kind);
}

static char *
entries_of (JsonObject *payload)
{
  GString *out = g_string_new (NULL);
  JsonArray *array = json_object_has_member (payload, "entries")
    ? json_object_get_array_member (payload, "entries") : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_string_append_printf (out, "%s%" PRId64, i > 0 ? "," : "",
                            json_array_get_int_element (array, i));
  return g_string_free (out, FALSE);
}

/* The K402 finding on @contest: the count's difference from the roll marks. */
static char *
difference_of (Fixture    *fixture,
               const char *contest)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (fixture->station);

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->code, VT_CHECK_K402) && g_strcmp0 (finding->subject, contest) == 0)
        return g_strdup (finding->message);
    }
  return NULL;
}

/* ---- part D ------------------------------------------------------------------------------ */

/* The chair writes part D, ticks the broken seal to refer to it and saves: the journal's
 * newest entry is part D with the text as written, the line about the seal in the document's
 * language (Bokmål), and the seal's entry number. The page's row then shows the text. */
static void
test_matters_written_with_an_entry (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(VtJournalEntry) seal = first_of_kind (fixture, VT_KIND_SEAL_BREAK);
  gint64 seal_seq = vt_journal_entry_get_seq (seal);
  g_autoptr(GDateTime) seal_time = g_date_time_to_timezone (
    vt_journal_entry_get_time (seal),
    vt_config_get_timezone (vt_station_get_config (fixture->station)));
  g_autofree char *hhmm = g_date_time_format (seal_time, "%H:%M");
  g_autofree char *line_start = g_strdup_printf ("\nLoggføring %" PRId64 ", kl. %s: ",
                                                 seal_seq, hhmm);
  g_autofree char *seq_text = g_strdup_printf ("%" PRId64, seal_seq);
  const char *typed = "Stemmestyret fikk melding om at en velger klaget på køen.";
  g_autoptr(VtJournalEntry) saved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *entries = NULL;
  VtProtocolTextDialog *dialog;
  JsonObject *payload;
  GtkWidget *check;
  GtkWidget *row;
  gint64 before = n_entries (fixture);

  row = find_row (phase_view (fixture), "D Other matters");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Nothing written yet");

  dialog = open_from_row (fixture, "D Other matters");
  g_assert_cmpstr (vt_protocol_text_dialog_get_kind (dialog), ==, VT_KIND_PROTOCOL_MATTERS);
  g_assert_null (vt_protocol_text_dialog_get_contest (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "D Other Matters");
  /* The chair writes at once; nothing to save yet. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) ==
                 vt_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW));
  g_assert_false (gtk_widget_is_sensitive (save_button (dialog)));

  gtk_text_buffer_insert_at_cursor (dialog_buffer (dialog), typed, -1);
  check = entry_check (dialog, seal_seq);
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_widget_activate (check);
  vt_test_settle ();
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  text = dialog_text (dialog);
  g_test_message ("part D: %s", text);
  g_assert_true (g_str_has_prefix (text, typed));
  g_assert_nonnull (strstr (text, line_start));
  g_assert_true (gtk_widget_is_sensitive (save_button (dialog)));

  g_signal_emit_by_name (save_button (dialog), "clicked");
  vt_test_iterate_until (dialog_closed, NULL);
  vt_test_settle ();

  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  saved = newest_entry (fixture);
  g_assert_cmpstr (vt_journal_entry_get_kind (saved), ==, VT_KIND_PROTOCOL_MATTERS);
  payload = vt_journal_entry_get_payload_object (saved);
  g_assert_cmpstr (json_object_get_string_member (payload, "text"), ==, text);
  entries = entries_of (payload);
  g_assert_cmpstr (entries, ==, seq_text);

  row = find_row (phase_view (fixture), "D Other matters");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), typed));
}

/* Opened again, the dialog shows the text and the ticks as the log has them; saving again
 * appends a newer entry with the change, and an untick takes the line and the number away. */
static void
test_matters_prefilled_and_saved_again (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(VtJournalEntry) seal = first_of_kind (fixture, VT_KIND_SEAL_BREAK);
  g_autoptr(VtJournalEntry) deviation = first_of_kind (fixture, VT_KIND_CHECK_DEVIATION);
  gint64 seal_seq = vt_journal_entry_get_seq (seal);
  gint64 deviation_seq = vt_journal_entry_get_seq (deviation);
  g_autofree char *json = g_strdup_printf ("{\"text\": \"Første utkast.\", \"entries\": [%"
                                           PRId64 "]}", deviation_seq);
  g_autofree char *expected_entries = g_strdup_printf ("%" PRId64, seal_seq);
  g_autoptr(VtJournalEntry) first = NULL;
  g_autoptr(VtJournalEntry) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *entries = NULL;
  VtProtocolTextDialog *dialog;
  JsonObject *payload;
  GtkTextIter end;
  gint64 before;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  first = vt_station_execute (fixture->station, "first-draft", VT_KIND_PROTOCOL_MATTERS,
                              vt_station_get_actor (fixture->station),
                              json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  vt_test_settle ();
  g_assert_cmpstr (adw_action_row_get_subtitle (
                     ADW_ACTION_ROW (find_row (phase_view (fixture), "D Other matters"))), ==,
                   "Første utkast.");

  dialog = open_from_row (fixture, "D Other matters");
  text = dialog_text (dialog);
  g_assert_cmpstr (text, ==, "Første utkast.");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (entry_check (dialog,
                                                                               deviation_seq))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (entry_check (dialog,
                                                                                seal_seq))));
  g_assert_false (gtk_widget_is_sensitive (save_button (dialog)));

  gtk_text_buffer_get_end_iter (dialog_buffer (dialog), &end);
  gtk_text_buffer_insert (dialog_buffer (dialog), &end, " Rettet.", -1);
  gtk_widget_activate (entry_check (dialog, deviation_seq));
  gtk_widget_activate (entry_check (dialog, seal_seq));
  /* The seal's line goes again with its tick: only the text stays. */
  gtk_widget_activate (entry_check (dialog, seal_seq));
  g_clear_pointer (&text, g_free);
  text = dialog_text (dialog);
  g_assert_cmpstr (text, ==, "Første utkast. Rettet.");
  gtk_widget_activate (entry_check (dialog, seal_seq));

  before = n_entries (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "protocol-text.save", NULL));
  vt_test_iterate_until (dialog_closed, NULL);
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  saved = newest_entry (fixture);
  g_assert_cmpstr (vt_journal_entry_get_kind (saved), ==, VT_KIND_PROTOCOL_MATTERS);
  payload = vt_journal_entry_get_payload_object (saved);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (payload, "text"),
                                   "Første utkast. Rettet.\nLoggføring "));
  entries = entries_of (payload);
  g_assert_cmpstr (entries, ==, expected_entries);
}

/* A text the rules refuse (an identity number) is not saved: the refusal is shown in the
 * dialog, in words, and the text stays in the field to be mended. */
static void
test_refusal_keeps_the_text (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *typed = "Velger 01010010183 klaget.";
  g_autoptr(VtJournalEntry) newest = NULL;
  g_autofree char *text = NULL;
  VtProtocolTextDialog *dialog;
  GtkWidget *error_label;

  dialog = open_from_row (fixture, "D Other matters");
  gtk_text_buffer_insert_at_cursor (dialog_buffer (dialog), typed, -1);
  g_signal_emit_by_name (save_button (dialog), "clicked");
  vt_test_settle ();

  g_assert_true ((gpointer)vt_test_find_toplevel (VT_TYPE_PROTOCOL_TEXT_DIALOG) ==
                 (gpointer)dialog);
  text = dialog_text (dialog);
  g_assert_cmpstr (text, ==, typed);
  /* a refusal is worded in the station's language (Bokmål here), whatever the window's */
  error_label = vt_test_find_label (GTK_WIDGET (dialog),
                                    "Teksten inneholder et fødselsnummer", FALSE);
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_has_css_class (error_label, "error"));
  newest = newest_entry (fixture);
  g_assert_cmpstr (vt_journal_entry_get_kind (newest), ==, VT_KIND_REFUSED);
  g_assert_null (vt_protocol_text_dup_current (fixture->station, VT_KIND_PROTOCOL_MATTERS,
                                               NULL));
}

/* ---- the remarks ------------------------------------------------------------------------- */

/* Each contest has its row; the dialog opened from it is about that contest and shows its
 * difference from the roll marks above the field. A remark saved is the newest entry, with its
 * contest; the picker moves to the other contest and keeps what was written for each. */
static void
test_remark_per_contest (Fixture       *fixture,
                         gconstpointer  data)
{
  GPtrArray *contests = vt_config_get_contests (vt_station_get_config (fixture->station));
  VtContest *first, *second;
  g_autofree char *first_title = NULL;
  g_autofree char *second_title = NULL;
  g_autofree char *difference = NULL;
  g_autoptr(VtJournalEntry) saved = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autofree char *text = NULL;
  VtProtocolTextDialog *dialog;
  JsonObject *payload;
  GtkWidget *combo;
  GtkWidget *row;
  gint64 before;

  g_assert_cmpuint (contests->len, ==, 2);
  first = g_ptr_array_index (contests, 0);
  second = g_ptr_array_index (contests, 1);
  first_title = g_strdup_printf ("Remark: %s", first->name);
  second_title = g_strdup_printf ("Remark: %s", second->name);
  row = find_row (phase_view (fixture), second_title);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "No remark yet; the count differs from the roll marks");

  /* The second contest's, from its row. */
  dialog = open_from_row (fixture, second_title);
  g_assert_cmpstr (vt_protocol_text_dialog_get_kind (dialog), ==, VT_KIND_PROTOCOL_REMARK);
  g_assert_cmpstr (vt_protocol_text_dialog_get_contest (dialog), ==, second->id);
  difference = difference_of (fixture, second->id);
  g_assert_nonnull (difference);
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog), difference, FALSE));
  combo = vt_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 1);

  gtk_text_buffer_insert_at_cursor (dialog_buffer (dialog), "Utkast til fylkestinget.", -1);
  /* To the first contest: its own difference, an empty field; and back: the draft is kept. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 0);
  vt_test_settle ();
  g_assert_cmpstr (vt_protocol_text_dialog_get_contest (dialog), ==, first->id);
  g_clear_pointer (&difference, g_free);
  difference = difference_of (fixture, first->id);
  g_assert_nonnull (vt_test_find_label (GTK_WIDGET (dialog), difference, FALSE));
  text = dialog_text (dialog);
  g_assert_cmpstr (text, ==, "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  g_clear_pointer (&text, g_free);
  text = dialog_text (dialog);
  g_assert_cmpstr (text, ==, "Utkast til fylkestinget.");

  /* The first contest's remark, saved. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 0);
  gtk_text_buffer_insert_at_cursor (dialog_buffer (dialog),
                                    "To ustemplede stemmesedler ble lagt i urnen.", -1);
  before = n_entries (fixture);
  g_signal_emit_by_name (save_button (dialog), "clicked");
  vt_test_iterate_until (dialog_closed, NULL);
  vt_test_settle ();
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  saved = newest_entry (fixture);
  g_assert_cmpstr (vt_journal_entry_get_kind (saved), ==, VT_KIND_PROTOCOL_REMARK);
  payload = vt_journal_entry_get_payload_object (saved);
  g_assert_cmpstr (json_object_get_string_member (payload, "contest"), ==, first->id);
  g_assert_cmpstr (json_object_get_string_member (payload, "text"), ==,
                   "To ustemplede stemmesedler ble lagt i urnen.");
  row = find_row (phase_view (fixture), first_title);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "To ustemplede stemmesedler ble lagt i urnen.");
  g_clear_object (&saved);

  /* The second contest's: its own entry; the first contest's stays as it was. */
  dialog = open_from_row (fixture, second_title);
  g_clear_pointer (&text, g_free);
  text = dialog_text (dialog);
  g_assert_cmpstr (text, ==, "");
  gtk_text_buffer_insert_at_cursor (dialog_buffer (dialog),
                                    "Én velger ble krysset av feil på rode 2.", -1);
  g_signal_emit_by_name (save_button (dialog), "clicked");
  vt_test_iterate_until (dialog_closed, NULL);
  saved = newest_entry (fixture);
  g_assert_cmpstr (vt_journal_entry_get_kind (saved), ==, VT_KIND_PROTOCOL_REMARK);
  payload = vt_journal_entry_get_payload_object (saved);
  g_assert_cmpstr (json_object_get_string_member (payload, "contest"), ==, second->id);
  g_assert_cmpstr (json_object_get_string_member (payload, "text"), ==,
                   "Én velger ble krysset av feil på rode 2.");
  current = vt_protocol_text_dup_current (fixture->station, VT_KIND_PROTOCOL_REMARK, first->id);
  g_assert_cmpstr (json_object_get_string_member (current, "text"), ==,
                   "To ustemplede stemmesedler ble lagt i urnen.");
}

/* ---- the keyboard ------------------------------------------------------------------------ */

static void
on_child_exit (GPid     pid,
               gint     status,
               gpointer data)
{
  g_spawn_close_pid (pid);
  *(gboolean *)data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

static void
spawn_and_wait (const char **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  GPid pid;

  g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                 &error);
  g_assert_no_error (error);
  g_child_watch_add (pid, on_child_exit, &done);
  vt_test_iterate_until (is_true, &done);
}

/* The window titled @title is given the focus, then xdotool's @command runs on whatever has
 * it: the keys go through the X server (XTEST) as a keyboard's would. (Chained after
 * "windowfocus", xdotool would send them to that window, and a release sent to a window that
 * closed on the press fails and leaves the key down.) */
static void
run_xdotool (const char  *xdotool,
             const char  *title,
             const char  *command,
             const char  *delay,
             const char **args)
{
  const char *focus[] = { xdotool, "search", "--sync", "--onlyvisible", "--name", title,
                          "windowfocus", "--sync", NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  spawn_and_wait (focus);
  g_ptr_array_add (argv, (char *)xdotool);
  g_ptr_array_add (argv, (char *)command);
  g_ptr_array_add (argv, (char *)"--delay");
  g_ptr_array_add (argv, (char *)delay);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);
  spawn_and_wait ((const char **)argv->pdata);
  vt_test_settle ();
}

/* Real key presses from the X server (xdotool), into the window titled @title: @type typed
 * first (xdotool's "type" takes every word after it), then @keys. FALSE when there is no
 * xdotool. */
static gboolean
press_real_keys (const char  *title,
                 const char  *type,
                 const char **keys)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL)
    return FALSE;
  if (type != NULL)
    {
      const char *words[] = { type, NULL };

      run_xdotool (xdotool, title, "type", "30", words);
    }
  if (keys != NULL && keys[0] != NULL)
    run_xdotool (xdotool, title, "key", "150", keys);
  return TRUE;
}

/* The first log entry part D offers: the first row of its list. */
static gint64
first_offered (VtProtocolTextDialog *dialog)
{
  for (gint64 seq = 1; seq < 100000; seq++)
    if (entry_row (GTK_WIDGET (dialog), seq) != NULL)
      return seq;
  g_error ("No entry is offered");
}

/* Part D by keys alone, as they come from a keyboard: the text typed where the dialog opens,
 * Tab to the log's entries, Space ticks the first, Ctrl+Enter saves. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  const char *tab[] = { "Tab", NULL };
  const char *space[] = { "space", NULL };
  const char *save[] = { "ctrl+Return", NULL };
  g_autoptr(VtJournalEntry) saved = NULL;
  g_autofree char *expected_entries = NULL;
  g_autofree char *expected_start = NULL;
  g_autofree char *entries = NULL;
  VtProtocolTextDialog *dialog;
  GtkWidget *focus;
  JsonObject *payload;
  gint64 first;
  gint64 before;

  dialog = open_from_row (fixture, "D Other matters");
  gtk_window_present (GTK_WINDOW (dialog));
  vt_test_settle ();
  first = first_offered (dialog);
  expected_entries = g_strdup_printf ("%" PRId64, first);
  expected_start = g_strdup_printf ("Alt gikk rolig for seg.\nLoggføring %" PRId64 ", kl. ",
                                    first);

  if (!press_real_keys ("D Other Matters", "Alt gikk rolig for seg.", tab))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  /* Tab leaves the text for the list of entries, at its first. */
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_test_message ("focus after Tab: %s", G_OBJECT_TYPE_NAME (focus));
  g_assert_true (entry_row (GTK_WIDGET (dialog), first) == focus ||
                 gtk_widget_is_ancestor (focus, entry_row (GTK_WIDGET (dialog), first)));
  press_real_keys ("D Other Matters", NULL, space);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (entry_check (dialog, first))));

  before = n_entries (fixture);
  press_real_keys ("D Other Matters", NULL, save);
  vt_test_iterate_until (dialog_closed, NULL);
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  saved = newest_entry (fixture);
  g_assert_cmpstr (vt_journal_entry_get_kind (saved), ==, VT_KIND_PROTOCOL_MATTERS);
  payload = vt_journal_entry_get_payload_object (saved);
  g_test_message ("saved: %s", json_object_get_string_member (payload, "text"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (payload, "text"),
                                   expected_start));
  entries = entries_of (payload);
  g_assert_cmpstr (entries, ==, expected_entries);
}

/* Escape closes the dialog and saves nothing, whatever was typed. */
static void
test_escape (Fixture       *fixture,
             gconstpointer  data)
{
  const char *escape[] = { "Escape", NULL };
  VtProtocolTextDialog *dialog;
  gint64 before;

  dialog = open_from_row (fixture, "D Other matters");
  gtk_window_present (GTK_WINDOW (dialog));
  vt_test_settle ();
  before = n_entries (fixture);
  if (!press_real_keys ("D Other Matters", "Mer", escape))
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  vt_test_iterate_until (dialog_closed, NULL);
  g_assert_cmpint (n_entries (fixture), ==, before);
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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/protocol-text/matters/written-with-an-entry-referred-to",
       test_matters_written_with_an_entry);
  ADD ("/protocol-text/matters/prefilled-and-saved-again", test_matters_prefilled_and_saved_again);
  ADD ("/protocol-text/refusal/keeps-the-text", test_refusal_keeps_the_text);
  ADD ("/protocol-text/remark/one-per-contest-with-its-difference", test_remark_per_contest);
  ADD ("/protocol-text/keyboard/tab-space-and-ctrl-enter", test_keyboard);
  ADD ("/protocol-text/keyboard/escape-cancels", test_escape);

  return g_test_run ();
}
