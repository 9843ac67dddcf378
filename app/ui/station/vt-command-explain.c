/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-command-dialog"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "vt-checks.h"
#include "vt-command-dialog-private.h"
#include "vt-station-state.h"

/* The items of an explanation in the command dialog (vt-command-dialog.c): the rows of a
 * VT_FIELD_ITEMS field, made for the check and subject chosen, added up against the
 * difference as the chair fills them in, and read into the command. */

/* One item an explanation may consist of: a proposed log entry (ticked or not) or a declared
 * reason, with its count. */
typedef struct
{
  GtkWidget   *row;
  GtkWidget   *check;   /* an entry's tick box; NULL for a reason */
  GtkWidget   *count;   /* GtkSpinButton; NULL for an entry whose kind fixes its sign */
  gint64       seq;     /* the entry; 0 for a reason */
  int          sign;    /* the entry's kind's fixed sign, or 0 */
  const char  *reason;  /* the reason's id; NULL for an entry */
} ItemRow;

static gint64
item_count (ItemRow *item)
{
  if (item->check != NULL && !gtk_check_button_get_active (GTK_CHECK_BUTTON (item->check)))
    return 0;
  if (item->count == NULL)
    return item->sign;
  return (gint64)gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (item->count));
}

/* "63=-1, 70=+1": other entries by number, each with its count. */
static gboolean
parse_other_items (const char *text,
                   JsonArray  *array)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",;", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = NULL;
      g_autofree char *seq_text = NULL;
      g_autofree char *count_text = NULL;
      gint64 seq, count;
      JsonObject *item;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      pair = g_strsplit (parts[i], "=", 2);
      if (pair[1] == NULL)
        return FALSE;
      seq_text = g_strstrip (g_strdup (pair[0]));
      count_text = g_strstrip (g_strdup (pair[1]));
      /* A minus sign as the keyboard or the typographer writes it. */
      if (g_str_has_prefix (count_text, "−"))
        {
          char *ascii = g_strconcat ("-", count_text + strlen ("−"), NULL);
          g_free (count_text);
          count_text = ascii;
        }
      if (!g_ascii_string_to_signed (seq_text, 10, 1, G_MAXINT64, &seq, NULL) ||
          !g_ascii_string_to_signed (count_text + (*count_text == '+'), 10, -99999, 99999,
                                     &count, NULL))
        return FALSE;
      item = json_object_new ();
      json_object_set_int_member (item, "entry", seq);
      json_object_set_int_member (item, "count", count);
      json_array_add_object_element (array, item);
    }
  return TRUE;
}

gboolean
vt_command_read_items (FieldRow   *row,
                       JsonArray  *array,
                       GError    **error)
{
  for (guint i = 0; i < row->items->len; i++)
    {
      ItemRow *item = g_ptr_array_index (row->items, i);
      gint64 count = item_count (item);
      JsonObject *object;

      if (count == 0)
        continue;
      object = json_object_new ();
      if (item->reason != NULL)
        json_object_set_string_member (object, "reason", item->reason);
      else
        json_object_set_int_member (object, "entry", item->seq);
      json_object_set_int_member (object, "count", count);
      json_array_add_object_element (array, object);
    }
  if (row->other_items != NULL &&
      !parse_other_items (gtk_editable_get_text (GTK_EDITABLE (row->other_items)), array))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Other entries are given by number and count, such as “63=-1, 70=+1”."));
      return FALSE;
    }
  return TRUE;
}

/* The items added up, against the difference, as the chair fills them in. */
static void
update_items_sum (FieldRow *row)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autofree char *text = NULL;
  gint64 sum = 0;

  if (row->items == NULL)
    return;
  vt_command_read_items (row, array, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    sum += json_object_get_int_member (json_array_get_object_element (array, i), "count");
  if (!row->has_difference)
    text = g_strdup (_("Choose the check and what it is about to see what may explain it."));
  else if (sum == row->difference)
    /* Translators: the items of an explanation added up, "+1, the difference: +1" */
    text = g_strdup_printf (_("The items add up to %+" PRId64 ", the difference: %+" PRId64
                              " (ballots minus roll marks)"), sum, row->difference);
  else
    text = g_strdup_printf (_("The items add up to %+" PRId64 ", but the difference is %+" PRId64
                              " (ballots minus roll marks)"), sum, row->difference);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row->widget), text);
}

static void
on_item_changed (FieldRow *row)
{
  update_items_sum (row);
}

static GtkWidget *
new_count_button (double lower,
                  double upper,
                  double step,
                  double value,
                  const char *label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return spin;
}

static void
add_item_row (VtCommandDialog *self,
              FieldRow        *row,
              ItemRow         *item,
              int             *position)
{
  gtk_list_box_insert (self->fields_box, item->row, (*position)++);
  if (item->check != NULL)
    g_signal_connect_swapped (item->check, "toggled", G_CALLBACK (on_item_changed), row);
  if (item->count != NULL)
    g_signal_connect_swapped (item->count, "value-changed", G_CALLBACK (on_item_changed), row);
  g_ptr_array_add (row->items, item);
}

/* The rows of the items, made again when the check or its subject changes: the entries the
 * finding proposes (those whose kind fixes the way they count ticked, the others to be
 * decided), the reasons the check allows here, and a row for other entries by number. */
void
vt_command_refresh_items (VtCommandDialog *self)
{
  FieldRow *row = vt_command_find_row (self, "items");
  FieldRow *code_row = vt_command_find_row (self, "code");
  FieldRow *subject_row = vt_command_find_row (self, "subject");
  const char *code = code_row != NULL ? vt_command_current_value (code_row) : NULL;
  const char *subject = subject_row != NULL ? vt_command_current_value (subject_row) : NULL;
  const VtCheckInfo *info = vt_check_lookup (code);
  VtConfig *config = vt_station_get_config (self->station);
  GPtrArray *contests = vt_config_get_contests (config);
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *key = NULL;
  VtFinding *finding = NULL;
  int position;

  if (row == NULL || row->items == NULL)
    return;
  if (subject == NULL && contests->len == 1)
    subject = ((VtContest *)g_ptr_array_index (contests, 0))->id;
  key = g_strdup_printf ("%s|%s", code != NULL ? code : "", subject != NULL ? subject : "");
  if (g_strcmp0 (key, row->items_key) == 0)
    return;
  g_free (row->items_key);
  row->items_key = g_steal_pointer (&key);

  for (guint i = 0; i < row->items->len; i++)
    gtk_list_box_remove (self->fields_box, ((ItemRow *)g_ptr_array_index (row->items, i))->row);
  g_ptr_array_set_size (row->items, 0);
  if (row->other_items != NULL)
    gtk_list_box_remove (self->fields_box, row->other_items);
  row->other_items = NULL;
  row->has_difference = FALSE;

  if (vt_check_takes_items (info) && subject != NULL)
    {
      findings = vt_station_run_checks (self->station);
      for (guint i = 0; i < findings->len && finding == NULL; i++)
        {
          VtFinding *f = g_ptr_array_index (findings, i);
          if (g_str_equal (f->code, code) && g_strcmp0 (f->subject, subject) == 0)
            finding = f;
        }
    }
  if (finding == NULL)
    {
      update_items_sum (row);
      return;
    }
  row->difference = finding->difference;
  row->has_difference = TRUE;
  position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row->widget)) + 1;

  for (guint p = 0; p < finding->proposals->len; p++)
    {
      gint64 seq = g_array_index (finding->proposals, gint64, p);
      g_autoptr(VtJournalEntry) entry = vt_store_get_entry (vt_station_get_store (self->station),
                                                            seq, NULL);
      const VtExplainingKind *kind = entry != NULL
        ? vt_check_find_explaining_kind (info, vt_journal_entry_get_kind (entry)) : NULL;
      g_autofree char *summary = NULL;
      g_autofree char *title = vt_command_entry_label (self, seq, &summary);
      ItemRow *item = g_new0 (ItemRow, 1);

      item->seq = seq;
      item->sign = kind != NULL ? kind->sign : 0;
      item->row = adw_action_row_new ();
      item->check = gtk_check_button_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (item->row), FALSE);
      if (summary != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (item->row), summary);
      adw_action_row_add_prefix (ADW_ACTION_ROW (item->row), item->check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (item->row), item->check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (item->check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      if (item->sign != 0)
        {
          /* Translators: how one entry counts in an explanation, "+1" or "-1" */
          g_autofree char *fixed = g_strdup_printf (_("%+d"), item->sign);
          GtkWidget *label = gtk_label_new (fixed);

          adw_action_row_add_suffix (ADW_ACTION_ROW (item->row), label);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (item->check), TRUE);
        }
      else
        {
          /* Either way: +1 or -1, as the case was; ticked by the chair. */
          item->count = new_count_button (-1, 1, 2, 1, title);
          adw_action_row_add_suffix (ADW_ACTION_ROW (item->row), item->count);
        }
      add_item_row (self, row, item, &position);
    }

  for (guint r = 0; info->reasons != NULL && info->reasons[r].id != NULL; r++)
    {
      const VtExplainReason *reason = &info->reasons[r];
      const char *label = vt_explain_reason_get_label (reason);
      ItemRow *item;

      if (reason->min_contests > contests->len)
        continue;
      item = g_new0 (ItemRow, 1);
      item->reason = reason->id;
      item->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->row), label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (item->row),
                                   reason->sign < 0
                                     ? _("How many, with −: marks without a ballot")
                                     : _("How many, with +: ballots without a mark"));
      item->count = reason->sign < 0 ? new_count_button (-9999, 0, 1, 0, label)
                                     : new_count_button (0, 9999, 1, 0, label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (item->row), item->count);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item->row), FALSE);
      add_item_row (self, row, item, &position);
    }

  row->other_items = vt_command_new_entry_row (_("Other entries and their counts (optional)"),
                                               FALSE);
  gtk_widget_set_tooltip_text (row->other_items,
                               _("Entry numbers with counts, such as “63=-1, 70=+1”"));
  g_signal_connect_swapped (row->other_items, "changed", G_CALLBACK (on_item_changed), row);
  g_signal_connect_object (row->other_items, "entry-activated",
                           G_CALLBACK (vt_command_on_entry_activated), self, G_CONNECT_SWAPPED);
  gtk_list_box_insert (self->fields_box, row->other_items, position);
  update_items_sum (row);
}

void
vt_command_on_text_changed (VtCommandDialog *self)
{
  if (!self->updating)
    vt_command_refresh_items (self);
}
