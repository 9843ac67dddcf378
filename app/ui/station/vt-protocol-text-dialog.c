/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-protocol-text-dialog"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "vt-checks.h"
#include "vt-entry-kind.h"
#include "vt-i18n.h"
#include "vt-kind-ids.h"
#include "vt-protocol-text-dialog.h"
#include "vt-station-state.h"
#include "vt-ui-util.h"

/* Where the board writes its own words into the protocol: part D (Other matters), with the
 * log's notable entries offered to refer to, or the remark (Merknad) under a contest's count,
 * with the count's difference from the roll marks shown above the field. The text opens as
 * the log has it now; saving appends one entry, and the newest one is what the protocol
 * prints (the kinds say a later text replaces an earlier one). The dialog closes only when the
 * entry is on disk; a refusal is shown in place and the text stays in the field. The command
 * id is made when the dialog opens (and anew for another contest), so a retry after a failure
 * that did reach the disk cannot log the text twice. */

struct _VtProtocolTextDialog
{
  AdwWindow parent_instance;

  GtkLabel *intro_label;
  GtkWidget *contest_list;
  AdwComboRow *contest_row;
  GtkWidget *hint_box;
  GtkLabel *hint_label;
  GtkLabel *text_label;
  GtkTextView *text_view;
  GtkWidget *entries_box;
  GtkListBox *entries_list;
  GtkLabel *error_label;

  VtStation *station;
  const char *kind;          /* VT_KIND_PROTOCOL_MATTERS or VT_KIND_PROTOCOL_REMARK */
  char *contest;             /* the remark's contest shown now; NULL for part D */
  char *command_id;
  char *current_text;        /* what the log says now: only a change is saved */
  GArray *current_entries;   /* gint64, sorted: the entries the log's text refers to */
  GArray *entries;           /* gint64, sorted: the entries ticked now */
  GHashTable *drafts;        /* contest id → text written while another contest is shown */
  gboolean filling;          /* the dialog fills in the field, not the chair */
};

G_DEFINE_FINAL_TYPE (VtProtocolTextDialog, vt_protocol_text_dialog, ADW_TYPE_WINDOW)

enum {
  LOGGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The entries part D is made of: what happened that the numbers do not show. Every incident
 * but the turnout reports, the checklist's deviations, seals broken and strips spoiled,
 * outdoor votes and the free-text entries (a complaint is written as one); the doors opened or
 * closed outside their time are added where they have a reason. */
static const char * const notable_kinds[] = {
  VT_KIND_CHECK_DEVIATION,
  VT_KIND_STRIP_VOID,
  VT_KIND_SEAL_BREAK,
  VT_KIND_OUTDOOR_START,
  VT_KIND_INCIDENT_WRONG_MARK,
  VT_KIND_INCIDENT_WRONG_MARK_RESOLVED,
  VT_KIND_INCIDENT_UNSTAMPED,
  VT_KIND_INCIDENT_DISTURBANCE,
  VT_KIND_INCIDENT_PRESS,
  VT_KIND_INCIDENT_ASSISTANCE,
  VT_KIND_INCIDENT_POWER,
  VT_KIND_INCIDENT_FIRE_ALARM,
  VT_KIND_INCIDENT_PHONE,
  VT_KIND_INCIDENT_ELECTRONIC_ROLL,
  VT_KIND_INCIDENT_MISSING_MATERIAL,
  VT_KIND_NOTE,
};

static gboolean
is_notable (const char *kind,
            JsonObject *payload)
{
  if (g_str_equal (kind, VT_KIND_DOORS_OPEN) || g_str_equal (kind, VT_KIND_DOORS_CLOSE))
    return *json_object_get_string_member_with_default (payload, "reason", "") != '\0';
  for (guint i = 0; i < G_N_ELEMENTS (notable_kinds); i++)
    if (g_str_equal (kind, notable_kinds[i]))
      return TRUE;
  return FALSE;
}

/* ---- what the log says now ---------------------------------------------------------------- */

JsonObject *
vt_protocol_text_dup_current (VtStation  *station,
                              const char *kind,
                              const char *contest)
{
  GListModel *journal;
  gint64 n_kind;
  gint64 seen = 0;
  guint n;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  journal = vt_station_get_journal (station);
  n = g_list_model_get_n_items (journal);
  n_kind = vt_store_count_kind (vt_station_get_store (station), kind);

  /* The journal is newest first and the protocol comes at the end of the day: the search is
   * short, and none at all while nothing is written. */
  for (guint i = 0; i < n && seen < n_kind; i++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i);
      g_autoptr(JsonObject) payload = NULL;

      if (entry == NULL || !g_str_equal (vt_journal_entry_get_kind (entry), kind))
        continue;
      seen++;
      payload = vt_station_dup_effective_payload (station, entry);
      if (payload == NULL)
        continue;
      if (contest != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (payload, "contest", NULL),
                     contest) != 0)
        continue;
      return g_steal_pointer (&payload);
    }
  return NULL;
}

static GArray *
payload_entries (JsonObject *payload)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array = payload != NULL && json_object_has_member (payload, "entries")
    ? json_object_get_array_member (payload, "entries") : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      gint64 seq = json_array_get_int_element (array, i);
      g_array_append_val (entries, seq);
    }
  return entries;
}

static int
compare_seq (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

static gboolean
same_entries (GArray *a,
              GArray *b)
{
  return a->len == b->len &&
         (a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0);
}

static guint
find_seq (GArray *entries,
          gint64  seq)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_array_index (entries, gint64, i) == seq)
      return i;
  return G_MAXUINT;
}

/* ---- the field ------------------------------------------------------------------------------ */

static GtkTextBuffer *
buffer_of (VtProtocolTextDialog *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

static char *
dup_text (VtProtocolTextDialog *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer_of (self), &start, &end);
  return gtk_text_buffer_get_text (buffer_of (self), &start, &end, FALSE);
}

/* Save is offered once there is something to save: a text other than the log's. */
static void
update_save (VtProtocolTextDialog *self)
{
  g_autofree char *text = g_strstrip (dup_text (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "protocol-text.save",
                                 g_strcmp0 (text, self->current_text) != 0 ||
                                 !same_entries (self->entries, self->current_entries));
}

static void
on_text_changed (VtProtocolTextDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (!self->filling)
    update_save (self);
}

/* The ticks follow the entries the text refers to. */
static void
sync_ticks (VtProtocolTextDialog *self)
{
  self->filling = TRUE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->entries_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "vt-check");
      gint64 seq = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "vt-seq"));

      if (check != NULL)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     find_seq (self->entries, seq) != G_MAXUINT);
    }
  self->filling = FALSE;
}

/* The field shows the log's text, or what was written for this contest before another was
 * chosen. */
static void
load_current (VtProtocolTextDialog *self)
{
  g_autoptr(JsonObject) payload = vt_protocol_text_dup_current (self->station, self->kind,
                                                                self->contest);
  const char *draft = self->contest != NULL ? g_hash_table_lookup (self->drafts, self->contest)
                                            : NULL;

  g_clear_pointer (&self->current_text, g_free);
  self->current_text = g_strdup (payload != NULL
                                 ? json_object_get_string_member_with_default (payload, "text",
                                                                               "")
                                 : "");
  g_clear_pointer (&self->current_entries, g_array_unref);
  self->current_entries = payload_entries (payload);
  g_array_sort (self->current_entries, compare_seq);
  g_array_set_size (self->entries, 0);
  g_array_append_vals (self->entries, self->current_entries->data, self->current_entries->len);

  self->filling = TRUE;
  gtk_text_buffer_set_text (buffer_of (self), draft != NULL ? draft : self->current_text, -1);
  self->filling = FALSE;
  /* The chair goes on writing where the text ends. */
  {
    GtkTextIter end;

    gtk_text_buffer_get_end_iter (buffer_of (self), &end);
    gtk_text_buffer_place_cursor (buffer_of (self), &end);
  }
  sync_ticks (self);
  update_save (self);
}

/* ---- the remark: the contest and its difference ------------------------------------------- */

static void
show_difference (VtProtocolTextDialog *self)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (self->station);
  g_autoptr(GString) hint = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *heading = NULL;
      g_autofree char *numbers = NULL;

      if (!g_str_equal (finding->code, VT_CHECK_K402) ||
          g_strcmp0 (finding->subject, self->contest) != 0)
        continue;
      /* Above the remark: the difference as the check says it, "Kommunestyrevalget: 1817
       * ballots, 1816 marks in the roll: 1 more ballot than marks", and the board's
       * explanation of it in the log, which the remark may say again. */
      heading = g_markup_escape_text (_("The count differs from the roll marks"), -1);
      numbers = g_markup_escape_text (finding->message, -1);
      g_string_append_printf (hint, "<b>%s</b>\n%s", heading, numbers);
      if (finding->explanation != NULL)
        {
          /* Translators: under the count's difference, above the remark */
          g_autofree char *explained = g_strdup_printf (_("Explanation in the log: %s"),
                                                        finding->explanation);
          g_autofree char *escaped = g_markup_escape_text (explained, -1);

          g_string_append_printf (hint, "\n%s", escaped);
        }
    }
  gtk_label_set_markup (self->hint_label, hint->str);
  gtk_widget_set_visible (self->hint_box, hint->len > 0);
}

static VtContest *
contest_at (VtProtocolTextDialog *self,
            guint                 position)
{
  GPtrArray *contests = vt_config_get_contests (vt_station_get_config (self->station));

  return position < contests->len ? g_ptr_array_index (contests, position) : NULL;
}

static void
on_contest_selected (VtProtocolTextDialog *self)
{
  VtContest *contest = contest_at (self, adw_combo_row_get_selected (self->contest_row));
  g_autofree char *text = NULL;

  if (contest == NULL || g_strcmp0 (contest->id, self->contest) == 0)
    return;

  /* What was written for the contest left is kept until the dialog closes. */
  text = dup_text (self);
  if (self->contest != NULL)
    g_hash_table_insert (self->drafts, g_strdup (self->contest), g_steal_pointer (&text));

  g_free (self->contest);
  self->contest = g_strdup (contest->id);
  g_free (self->command_id);
  self->command_id = g_uuid_string_random ();
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  load_current (self);
  show_difference (self);
}

/* ---- part D: the notable entries ----------------------------------------------------------- */

/* When @entry was made, in the election's time zone, as the log shows it. */
static char *
dup_entry_time (VtProtocolTextDialog *self,
                VtJournalEntry       *entry)
{
  GTimeZone *tz = vt_config_get_timezone (vt_station_get_config (self->station));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (vt_journal_entry_get_time (entry), tz);

  return g_date_time_format (local, "%H:%M");
}

/* The line that refers to @entry in the text: in the language of the station's documents,
 * since the text goes into the protocol as written, whatever language the window speaks. */
static char *
dup_reference_line (VtProtocolTextDialog *self,
                    VtJournalEntry       *entry,
                    JsonObject           *payload)
{
  VtConfig *config = vt_station_get_config (self->station);
  g_auto(VtLanguageScope) scope = vt_language_scope (vt_config_get_language (config));
  const VtEntryKind *kind = vt_entry_kind_lookup (vt_journal_entry_get_kind (entry));
  g_autofree char *summary = vt_entry_kind_summarise (kind, config, payload);
  g_autofree char *time = dup_entry_time (self, entry);

  /* Translators: a line of the protocol's part D that refers to a log entry, "Log entry 45 at
   * 13:25: Seal broken on U2 …" (in Norwegian "Loggføring 45, kl. 13:25: …") */
  return g_strdup_printf (_("Log entry %" PRId64 " at %s: %s"),
                          vt_journal_entry_get_seq (entry), time, summary);
}

static void
insert_line (VtProtocolTextDialog *self,
             const char           *line)
{
  GtkTextBuffer *buffer = buffer_of (self);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (!gtk_text_iter_starts_line (&end))
    gtk_text_buffer_insert (buffer, &end, "\n", -1);
  gtk_text_buffer_insert (buffer, &end, line, -1);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
}

/* The line as it was inserted goes again with the tick; a line the chair rewrote stays. */
static void
remove_line (VtProtocolTextDialog *self,
             const char           *line)
{
  GtkTextBuffer *buffer = buffer_of (self);
  GtkTextIter start, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, line, GTK_TEXT_SEARCH_TEXT_ONLY, &match_start,
                                     &match_end, NULL))
    return;
  if (gtk_text_iter_get_char (&match_end) == '\n')
    gtk_text_iter_forward_char (&match_end);
  else if (!gtk_text_iter_is_start (&match_start))
    {
      GtkTextIter before = match_start;

      gtk_text_iter_backward_char (&before);
      if (gtk_text_iter_get_char (&before) == '\n')
        match_start = before;
    }
  gtk_text_buffer_delete (buffer, &match_start, &match_end);
}

static void
on_entry_toggled (GtkCheckButton       *check,
                  VtProtocolTextDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), ADW_TYPE_ACTION_ROW);
  gint64 seq = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "vt-seq"));
  const char *line = g_object_get_data (G_OBJECT (row), "vt-line");
  guint index = find_seq (self->entries, seq);

  if (self->filling)
    return;
  if (gtk_check_button_get_active (check))
    {
      if (index == G_MAXUINT)
        {
          g_array_append_val (self->entries, seq);
          g_array_sort (self->entries, compare_seq);
        }
      insert_line (self, line);
    }
  else
    {
      if (index != G_MAXUINT)
        g_array_remove_index (self->entries, index);
      remove_line (self, line);
    }
  update_save (self);
}

static void
add_entry_row (VtProtocolTextDialog *self,
               VtJournalEntry       *entry,
               JsonObject           *payload)
{
  VtConfig *config = vt_station_get_config (self->station);
  const VtEntryKind *kind = vt_entry_kind_lookup (vt_journal_entry_get_kind (entry));
  gint64 seq = vt_journal_entry_get_seq (entry);
  g_autofree char *summary = vt_entry_kind_summarise (kind, config, payload);
  g_autofree char *time = dup_entry_time (self, entry);
  /* Translators: under a log entry offered for part D, "Entry 45 at 13:25" */
  g_autofree char *where = g_strdup_printf (_("Entry %" PRId64 " at %s"), seq, time);
  /* Translators: the accessible name of the tick beside a log entry, "Refer to entry 45" */
  g_autofree char *accessible = g_strdup_printf (_("Refer to entry %" PRId64), seq);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), summary);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "vt-check", check);
  g_object_set_data (G_OBJECT (row), "vt-seq", GSIZE_TO_POINTER ((gsize)seq));
  g_object_set_data_full (G_OBJECT (row), "vt-line", dup_reference_line (self, entry, payload),
                          g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (on_entry_toggled), self);
  gtk_list_box_append (self->entries_list, row);
}

/* Oldest first, as the day went; an annulled entry is not offered. */
static void
fill_entries (VtProtocolTextDialog *self)
{
  GListModel *journal = vt_station_get_journal (self->station);
  guint n = g_list_model_get_n_items (journal);

  for (guint i = n; i > 0; i--)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i - 1);
      g_autoptr(JsonObject) payload = NULL;
      const char *kind;

      if (entry == NULL)
        continue;
      kind = vt_journal_entry_get_kind (entry);
      if (!g_str_equal (kind, VT_KIND_DOORS_OPEN) && !g_str_equal (kind, VT_KIND_DOORS_CLOSE) &&
          !is_notable (kind, NULL))
        continue;
      payload = vt_station_dup_effective_payload (self->station, entry);
      if (payload == NULL || !is_notable (kind, payload))
        continue;
      add_entry_row (self, entry, payload);
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->entries_list)) == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No incidents, deviations or seals broken in the log"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_append (self->entries_list, row);
    }
}

/* ---- saving -------------------------------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VtProtocolTextDialog *self = VT_PROTOCOL_TEXT_DIALOG (widget);
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (dup_text (self));

  if (self->contest != NULL)
    json_object_set_string_member (payload, "contest", self->contest);
  json_object_set_string_member (payload, "text", text);
  if (self->entries->len > 0)
    {
      JsonArray *entries = json_array_sized_new (self->entries->len);

      for (guint i = 0; i < self->entries->len; i++)
        json_array_add_int_element (entries, g_array_index (self->entries, gint64, i));
      json_object_set_array_member (payload, "entries", entries);
    }

  entry = vt_station_execute (self->station, self->command_id, self->kind,
                              vt_station_get_actor (self->station), payload, &error);
  if (entry == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
      return;
    }

  g_signal_emit (self, signals[LOGGED], 0, entry);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- the dialog ---------------------------------------------------------------------------- */

const char *
vt_protocol_text_dialog_get_kind (VtProtocolTextDialog *self)
{
  g_return_val_if_fail (VT_IS_PROTOCOL_TEXT_DIALOG (self), NULL);
  return self->kind;
}

const char *
vt_protocol_text_dialog_get_contest (VtProtocolTextDialog *self)
{
  g_return_val_if_fail (VT_IS_PROTOCOL_TEXT_DIALOG (self), NULL);
  return self->contest;
}

static void
vt_protocol_text_dialog_dispose (GObject *object)
{
  VtProtocolTextDialog *self = (VtProtocolTextDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_PROTOCOL_TEXT_DIALOG);
  g_clear_object (&self->station);
  g_clear_pointer (&self->contest, g_free);
  g_clear_pointer (&self->command_id, g_free);
  g_clear_pointer (&self->current_text, g_free);
  g_clear_pointer (&self->current_entries, g_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->drafts, g_hash_table_unref);

  G_OBJECT_CLASS (vt_protocol_text_dialog_parent_class)->dispose (object);
}

static void
vt_protocol_text_dialog_class_init (VtProtocolTextDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_protocol_text_dialog_dispose;

  /**
   * VtProtocolTextDialog::logged:
   * @entry: the journal entry, committed
   */
  signals[LOGGED] = g_signal_new ("logged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_JOURNAL_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX
                                               "/station/vt-protocol-text-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, contest_list);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, contest_row);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, hint_box);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, text_label);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, entries_box);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, entries_list);
  gtk_widget_class_bind_template_child (widget_class, VtProtocolTextDialog, error_label);

  gtk_widget_class_install_action (widget_class, "protocol-text.save", NULL, save_action);
}

static void
vt_protocol_text_dialog_init (VtProtocolTextDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->command_id = g_uuid_string_random ();
  self->current_text = g_strdup ("");
  self->current_entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_signal_connect_object (buffer_of (self), "changed", G_CALLBACK (on_text_changed), self,
                           G_CONNECT_SWAPPED);
  vt_window_add_form_shortcuts (GTK_WIDGET (self), "protocol-text.save");
}

GtkWidget *
vt_protocol_text_dialog_new (GtkWindow  *parent,
                             VtStation  *station,
                             const char *contest)
{
  VtProtocolTextDialog *self;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);

  self = g_object_new (VT_TYPE_PROTOCOL_TEXT_DIALOG, "transient-for", parent, NULL);
  self->station = g_object_ref (station);

  if (contest == NULL)
    {
      self->kind = VT_KIND_PROTOCOL_MATTERS;
      gtk_window_set_title (GTK_WINDOW (self), _("D Other Matters"));
      gtk_label_set_text (self->intro_label,
                          _("Part D of the protocol, in the board’s own words: what happened "
                            "that the numbers do not show, and what the board decided. Never "
                            "write a voter’s name or identity number."));
      gtk_label_set_text_with_mnemonic (self->text_label, _("_Text of part D"));
      gtk_widget_set_visible (self->entries_box, TRUE);
      fill_entries (self);
      load_current (self);
    }
  else
    {
      GPtrArray *contests = vt_config_get_contests (vt_station_get_config (station));
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      guint selected = 0;

      self->kind = VT_KIND_PROTOCOL_REMARK;
      gtk_window_set_title (GTK_WINDOW (self), _("Remark"));
      gtk_label_set_text (self->intro_label,
                          _("The board’s remark on a contest’s count, printed once, as written, "
                            "under the contest in the protocol. The numbers are already there: "
                            "say what they do not."));
      gtk_label_set_text_with_mnemonic (self->text_label, _("_Remark"));
      for (guint i = 0; i < contests->len; i++)
        {
          VtContest *each = g_ptr_array_index (contests, i);

          gtk_string_list_append (names, each->name);
          if (g_strcmp0 (each->id, contest) == 0)
            selected = i;
        }
      adw_combo_row_set_model (self->contest_row, G_LIST_MODEL (names));
      adw_combo_row_set_selected (self->contest_row, selected);
      gtk_widget_set_visible (self->contest_list, TRUE);
      g_signal_connect_object (self->contest_row, "notify::selected",
                               G_CALLBACK (on_contest_selected), self, G_CONNECT_SWAPPED);
      on_contest_selected (self);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return GTK_WIDGET (self);
}
