/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-command-dialog"

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "vt-command-dialog.h"
#include "vt-role.h"
#include "vt-station-state.h"
#include "vt-ui-util.h"

/* One form for every kind of journal entry, built from the kind's row in the catalogue: a row
 * per field, with the choices the configuration and the station's state allow. The chair sees
 * the kind's name and what it means; the dialog closes only once the entry is on disk, and a
 * refusal is shown in place with everything typed kept. The command id is made when the dialog
 * opens, so saving again after an error that did reach the disk cannot log it twice. */

typedef struct
{
  const VtField *field;
  GtkWidget     *widget;   /* AdwEntryRow, AdwComboRow or GtkSwitch */
  GPtrArray     *ids;      /* AdwComboRow: the id of each choice, NULL for "none" */
  GPtrArray     *tables;   /* VT_FIELD_TABLE_COUNTS: one AdwEntryRow per table */
} FieldRow;

struct _VtCommandDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel *description_label;
  GtkListBox *fields_box;
  GtkLabel *error_label;

  VtStation *station;
  const VtEntryKind *kind;
  GPtrArray *rows;   /* of FieldRow */
  char *command_id;

  /* Correcting an entry: the form is the entry's own kind, filled with its values; saving
   * gives correction.amend with the fields that changed and the reason. */
  VtJournalEntry *amended;
  JsonObject *original;
  GtkEditable *reason_row;
};

G_DEFINE_FINAL_TYPE (VtCommandDialog, vt_command_dialog, ADW_TYPE_WINDOW)

enum {
  LOGGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_row_free (FieldRow *row)
{
  g_clear_pointer (&row->ids, g_ptr_array_unref);
  g_clear_pointer (&row->tables, g_ptr_array_unref);
  g_free (row);
}

/* ---- building the form ------------------------------------------------------------------ */

static void
add_choice (GtkStringList *labels,
            GPtrArray     *ids,
            const char    *id,
            const char    *label)
{
  gtk_string_list_append (labels, label);
  g_ptr_array_add (ids, g_strdup (id));
}

/* The choices of a field that picks from a list, or FALSE for a field typed in. */
static gboolean
fill_choices (VtCommandDialog *self,
              const VtField   *field,
              GtkStringList   *labels,
              GPtrArray       *ids)
{
  VtConfig *config = vt_station_get_config (self->station);

  switch (field->type)
    {
    case VT_FIELD_PERSON:
      {
        GPtrArray *people = vt_config_get_people (config);
        for (guint i = 0; i < people->len; i++)
          {
            VtPerson *person = g_ptr_array_index (people, i);
            /* Translators: a person and their role, "Kari Øvingsen (chair)" */
            g_autofree char *label = g_strdup_printf (_("%s (%s)"), person->name,
                                                      vt_role_get_label (person->role));
            add_choice (labels, ids, person->id, label);
          }
      }
      return TRUE;
    case VT_FIELD_TABLE:
      {
        GPtrArray *tables = vt_config_get_tables (config);
        for (guint i = 0; i < tables->len; i++)
          {
            VtRollTable *table = g_ptr_array_index (tables, i);
            /* Translators: a roll table and the voters it has, "Table 1 (A–K)" */
            g_autofree char *label = table->range != NULL && *table->range != '\0'
                                       ? g_strdup_printf (_("Table %s (%s)"), table->id,
                                                          table->range)
                                       : g_strdup_printf (_("Table %s"), table->id);
            add_choice (labels, ids, table->id, label);
          }
      }
      return TRUE;
    case VT_FIELD_CONTEST:
      {
        GPtrArray *contests = vt_config_get_contests (config);
        for (guint i = 0; i < contests->len; i++)
          {
            VtContest *contest = g_ptr_array_index (contests, i);
            add_choice (labels, ids, contest->id, contest->name);
          }
      }
      return TRUE;
    case VT_FIELD_PILE:
      {
        GPtrArray *contests = vt_config_get_contests (config);
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

        if (vt_config_get_count_mode (config) == VT_COUNT_TOTALS_ONLY)
          add_choice (labels, ids, "approved", _("Approved ballots"));
        else
          for (guint i = 0; i < contests->len; i++)
            {
              VtContest *contest = g_ptr_array_index (contests, i);
              for (guint j = 0; j < contest->lists->len; j++)
                {
                  VtPartyList *list = g_ptr_array_index (contest->lists, j);
                  if (g_hash_table_add (seen, list->id))
                    add_choice (labels, ids, list->id, list->name);
                }
            }
        add_choice (labels, ids, "blank", _("Blank ballots"));
        add_choice (labels, ids, "doubtful", _("Doubtful ballots"));
      }
      return TRUE;
    case VT_FIELD_REASON:
      {
        GPtrArray *reasons = vt_config_get_envelope_reasons (config);
        for (guint i = 0; i < reasons->len; i++)
          {
            VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
            add_choice (labels, ids, reason->id, reason->label);
          }
      }
      return TRUE;
    case VT_FIELD_CHECK:
      {
        GPtrArray *checks = vt_config_get_checklist (config);
        for (guint i = 0; i < checks->len; i++)
          {
            VtCheck *check = g_ptr_array_index (checks, i);
            add_choice (labels, ids, check->id, check->text);
          }
      }
      return TRUE;
    case VT_FIELD_URN:
      {
        g_autoptr(GPtrArray) urns = NULL;

        /* A new urn is named by the chair; every other step picks one taken into use. */
        if (g_str_equal (self->kind->id, "urn.add"))
          return FALSE;
        urns = vt_station_dup_urns (self->station);
        for (guint i = 0; i < urns->len; i++)
          {
            VtUrnState *urn = g_ptr_array_index (urns, i);
            add_choice (labels, ids, urn->id, urn->id);
          }
      }
      return TRUE;
    case VT_FIELD_DAY:
      {
        guint n_days = vt_config_get_days (config)->len;
        for (guint day = 1; day <= n_days; day++)
          {
            g_autofree char *id = g_strdup_printf ("%u", day);
            /* Translators: an election day, "Day 1" */
            g_autofree char *label = g_strdup_printf (_("Day %u"), day);
            add_choice (labels, ids, id, label);
          }
      }
      return TRUE;
    case VT_FIELD_CHOICE:
      {
        g_auto(GStrv) choices = g_strsplit (field->choices, "|", -1);
        for (guint i = 0; choices[i] != NULL; i++)
          add_choice (labels, ids, choices[i], choices[i]);
      }
      return TRUE;
    case VT_FIELD_TEXT:
    case VT_FIELD_STRIP:
    case VT_FIELD_COUNT:
    case VT_FIELD_BOOL:
    case VT_FIELD_ENTRY:
    case VT_FIELD_TABLE_COUNTS:
    case VT_FIELD_CHANGES:
    case VT_FIELD_ENTRIES:
    default:
      return FALSE;
    }
}

static gboolean
is_number_field (const VtField *field)
{
  return field->type == VT_FIELD_STRIP || field->type == VT_FIELD_COUNT ||
         field->type == VT_FIELD_ENTRY;
}

static char *
field_title (const VtField *field)
{
  if (field->required)
    return g_strdup (_(field->description));
  /* Translators: the title of a field that may be left empty */
  return g_strdup_printf (_("%s (optional)"), _(field->description));
}

static GtkWidget *
new_entry_row (const char *title,
               gboolean    numeric)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  if (numeric)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (entry), GTK_INPUT_PURPOSE_DIGITS);
  return entry;
}

static void
add_field (VtCommandDialog *self,
           const VtField   *field)
{
  FieldRow *row = g_new0 (FieldRow, 1);
  g_autofree char *title = field_title (field);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  row->field = field;
  if (!field->required)
    add_choice (labels, ids, NULL, C_("no choice", "—"));

  if (field->type == VT_FIELD_BOOL)
    {
      GtkWidget *action_row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), toggle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      gtk_list_box_append (self->fields_box, action_row);
      row->widget = toggle;
    }
  else if (field->type == VT_FIELD_TABLE_COUNTS)
    {
      GPtrArray *tables = vt_config_get_tables (vt_station_get_config (self->station));

      row->tables = g_ptr_array_new ();
      for (guint i = 0; i < tables->len; i++)
        {
          VtRollTable *table = g_ptr_array_index (tables, i);
          /* Translators: "Table 1: marks so far" */
          g_autofree char *table_title = g_strdup_printf (_("Table %s: %s"), table->id,
                                                          _(field->description));
          GtkWidget *entry = new_entry_row (table_title, TRUE);

          g_object_set_data_full (G_OBJECT (entry), "table", g_strdup (table->id), g_free);
          gtk_list_box_append (self->fields_box, entry);
          g_ptr_array_add (row->tables, entry);
        }
    }
  else if (fill_choices (self, field, labels, ids))
    {
      GtkWidget *combo = adw_combo_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), title);
      adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (labels));
      gtk_list_box_append (self->fields_box, combo);
      row->widget = combo;
      row->ids = g_steal_pointer (&ids);
    }
  else
    {
      row->widget = new_entry_row (title, is_number_field (field));
      if (field->type == VT_FIELD_ENTRIES)
        gtk_widget_set_tooltip_text (row->widget, _("Entry numbers, separated by commas"));
      gtk_list_box_append (self->fields_box, row->widget);
    }

  g_ptr_array_add (self->rows, row);
}

/* ---- reading the form ------------------------------------------------------------------- */

static gboolean
parse_number (const char *text,
              gint64     *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint64 number;

  if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT64, &number, NULL))
    return FALSE;
  *value = (gint64)number;
  return TRUE;
}

static gboolean
read_row (VtCommandDialog *self,
          FieldRow        *row,
          JsonObject      *payload,
          GError         **error)
{
  const VtField *field = row->field;
  g_autofree char *title = g_strdup (_(field->description));

  if (row->tables != NULL)
    {
      JsonObject *counts = json_object_new ();

      for (guint i = 0; i < row->tables->len; i++)
        {
          GtkEditable *entry = g_ptr_array_index (row->tables, i);
          const char *text = gtk_editable_get_text (entry);
          gint64 n;

          if (*text == '\0')
            continue;
          if (!parse_number (text, &n))
            {
              json_object_unref (counts);
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           /* Translators: %s is a field's title */
                           _("“%s” must be a whole number."),
                           adw_preferences_row_get_title (ADW_PREFERENCES_ROW (entry)));
              return FALSE;
            }
          json_object_set_int_member (counts, g_object_get_data (G_OBJECT (entry), "table"), n);
        }
      json_object_set_object_member (payload, field->name, counts);
      return TRUE;
    }

  if (GTK_IS_SWITCH (row->widget))
    {
      json_object_set_boolean_member (payload, field->name,
                                      gtk_switch_get_active (GTK_SWITCH (row->widget)));
      return TRUE;
    }

  if (ADW_IS_COMBO_ROW (row->widget))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row->widget));
      const char *id = selected < row->ids->len ? g_ptr_array_index (row->ids, selected) : NULL;

      if (id == NULL)
        return TRUE; /* an optional field left out; a required one is refused by the core */
      if (field->type == VT_FIELD_DAY)
        json_object_set_int_member (payload, field->name, g_ascii_strtoll (id, NULL, 10));
      else
        json_object_set_string_member (payload, field->name, id);
      return TRUE;
    }

  {
    const char *text = gtk_editable_get_text (GTK_EDITABLE (row->widget));
    g_autofree char *trimmed = g_strstrip (g_strdup (text));
    gint64 n;

    if (*trimmed == '\0')
      return TRUE; /* left out; the core says so if it is required */

    if (is_number_field (field))
      {
        if (!parse_number (trimmed, &n))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("“%s” must be a whole number."), title);
            return FALSE;
          }
        json_object_set_int_member (payload, field->name, n);
      }
    else if (field->type == VT_FIELD_ENTRIES)
      {
        g_auto(GStrv) parts = g_strsplit_set (trimmed, ", ", -1);
        JsonArray *array = json_array_new ();

        for (guint i = 0; parts[i] != NULL; i++)
          {
            if (*parts[i] == '\0')
              continue;
            if (!parse_number (parts[i], &n))
              {
                json_array_unref (array);
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("“%s” must be entry numbers separated by commas, such as "
                               "“12, 15”."), title);
                return FALSE;
              }
            json_array_add_int_element (array, n);
          }
        json_object_set_array_member (payload, field->name, array);
      }
    else if (field->type == VT_FIELD_CHANGES)
      {
        g_autoptr(JsonNode) node = json_from_string (trimmed, NULL);

        if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("“%s” must name the corrected fields and their new values, such "
                           "as {\"count\": 412}."), title);
            return FALSE;
          }
        json_object_set_object_member (payload, field->name,
                                       json_object_ref (json_node_get_object (node)));
      }
    else
      json_object_set_string_member (payload, field->name, trimmed);
  }
  return TRUE;
}

static void
show_error (VtCommandDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VtCommandDialog *self = VT_COMMAND_DIALOG (widget);
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind_id = self->kind->id;

  for (guint i = 0; i < self->rows->len; i++)
    if (!read_row (self, g_ptr_array_index (self->rows, i), payload, &error))
      {
        show_error (self, error->message);
        return;
      }

  if (self->amended != NULL)
    {
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (payload);
      g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason_row)));

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *now = json_object_get_member (payload, l->data);
          JsonNode *before = json_object_get_member (self->original, l->data);

          if (before == NULL || !json_node_equal (now, before))
            json_object_set_member (changes, l->data, json_node_copy (now));
        }
      g_clear_pointer (&payload, json_object_unref);
      payload = json_object_new ();
      json_object_set_int_member (payload, "entry", vt_journal_entry_get_seq (self->amended));
      if (*reason != '\0')
        json_object_set_string_member (payload, "reason", reason);
      json_object_set_object_member (payload, "changes", g_steal_pointer (&changes));
      kind_id = "correction.amend";
    }

  entry = vt_station_execute (self->station, self->command_id, kind_id,
                              vt_station_get_actor (self->station), payload, &error);
  if (entry == NULL)
    {
      /* The same command id for the next try: a refusal is journaled under an id of its own,
       * and a save that reached the disk before an error is not written twice. */
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[LOGGED], 0, entry);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
vt_command_dialog_dispose (GObject *object)
{
  VtCommandDialog *self = (VtCommandDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_COMMAND_DIALOG);
  g_clear_object (&self->station);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->command_id, g_free);
  g_clear_object (&self->amended);
  g_clear_pointer (&self->original, json_object_unref);

  G_OBJECT_CLASS (vt_command_dialog_parent_class)->dispose (object);
}

static void
vt_command_dialog_class_init (VtCommandDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_command_dialog_dispose;

  /**
   * VtCommandDialog::logged:
   * @entry: the journal entry, committed
   */
  signals[LOGGED] = g_signal_new ("logged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_JOURNAL_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/station/vt-command-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VtCommandDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VtCommandDialog, description_label);
  gtk_widget_class_bind_template_child (widget_class, VtCommandDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, VtCommandDialog, error_label);

  gtk_widget_class_install_action (widget_class, "command.save", NULL, save_action);
}

static void
vt_command_dialog_init (VtCommandDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)field_row_free);
  self->command_id = g_uuid_string_random ();

  vt_window_add_form_shortcuts (GTK_WIDGET (self), "command.save");
}

GtkWidget *
vt_command_dialog_new (GtkWindow  *parent,
                       VtStation  *station,
                       const char *kind_id)
{
  VtCommandDialog *self;
  const VtEntryKind *kind = vt_entry_kind_lookup (kind_id);

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (VT_TYPE_COMMAND_DIALOG, "transient-for", parent, NULL);
  self->station = g_object_ref (station);
  self->kind = kind;

  gtk_window_set_title (GTK_WINDOW (self), vt_entry_kind_get_name (kind));
  adw_window_title_set_title (self->window_title, vt_entry_kind_get_name (kind));
  gtk_label_set_text (self->description_label, vt_entry_kind_get_description (kind));
  for (guint f = 0; f < VT_MAX_FIELDS && kind->fields[f].name != NULL; f++)
    add_field (self, &kind->fields[f]);
  gtk_widget_set_visible (GTK_WIDGET (self->fields_box), self->rows->len > 0);

  if (self->rows->len > 0)
    {
      FieldRow *first = g_ptr_array_index (self->rows, 0);
      GtkWidget *focus = first->widget != NULL ? first->widget
                                               : g_ptr_array_index (first->tables, 0);
      gtk_widget_grab_focus (focus);
    }
  return GTK_WIDGET (self);
}

const VtEntryKind *
vt_command_dialog_get_kind (VtCommandDialog *self)
{
  g_return_val_if_fail (VT_IS_COMMAND_DIALOG (self), NULL);
  return self->kind;
}

static FieldRow *
find_row (VtCommandDialog *self,
          const char      *name)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      if (g_str_equal (row->field->name, name))
        return row;
    }
  return NULL;
}

/**
 * vt_command_dialog_set_value:
 * @name: a field of the dialog's kind
 * @value: the value as the chair would give it: an id for a choice, "true" or "false" for a
 *   switch, digits for a number, "table=count,…" for counts per table
 * @fixed: whether the field is given by where the dialog was opened from, and not shown
 *
 * Returns: %FALSE when the kind has no such field or @value is not one of its choices.
 */
gboolean
vt_command_dialog_set_value (VtCommandDialog *self,
                             const char      *name,
                             const char      *value,
                             gboolean         fixed)
{
  FieldRow *row;
  GtkWidget *visible_row;

  g_return_val_if_fail (VT_IS_COMMAND_DIALOG (self), FALSE);

  row = find_row (self, name);
  if (row == NULL)
    return FALSE;

  if (row->tables != NULL)
    {
      g_auto(GStrv) pairs = g_strsplit (value, ",", -1);
      for (guint i = 0; pairs[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (pairs[i], "=", 2);
          gboolean found = FALSE;

          for (guint t = 0; pair[1] != NULL && t < row->tables->len; t++)
            if (g_str_equal (g_object_get_data (g_ptr_array_index (row->tables, t), "table"),
                             g_strstrip (pair[0])))
              {
                gtk_editable_set_text (g_ptr_array_index (row->tables, t), g_strstrip (pair[1]));
                found = TRUE;
              }
          if (!found)
            return FALSE;
        }
      return TRUE;
    }

  if (GTK_IS_SWITCH (row->widget))
    {
      gtk_switch_set_active (GTK_SWITCH (row->widget), g_strcmp0 (value, "true") == 0);
      visible_row = gtk_widget_get_ancestor (row->widget, ADW_TYPE_ACTION_ROW);
    }
  else if (ADW_IS_COMBO_ROW (row->widget))
    {
      guint i;

      for (i = 0; i < row->ids->len; i++)
        if (g_strcmp0 (g_ptr_array_index (row->ids, i), value) == 0)
          break;
      if (i == row->ids->len)
        return FALSE;
      adw_combo_row_set_selected (ADW_COMBO_ROW (row->widget), i);
      visible_row = row->widget;
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (row->widget), value);
      visible_row = row->widget;
    }

  if (fixed && visible_row != NULL)
    gtk_widget_set_visible (visible_row, FALSE);
  return TRUE;
}

/* Saves as the Save button does; for tests and for callers that filled every field. */
void
vt_command_dialog_save (VtCommandDialog *self)
{
  g_return_if_fail (VT_IS_COMMAND_DIALOG (self));
  gtk_widget_activate_action (GTK_WIDGET (self), "command.save", NULL);
}

const char *
vt_command_dialog_get_error (VtCommandDialog *self)
{
  g_return_val_if_fail (VT_IS_COMMAND_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

static char *
node_to_value (const VtField *field,
               JsonNode      *node)
{
  if (field->type == VT_FIELD_TABLE_COUNTS && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *counts = json_node_get_object (node);
      g_autoptr(GList) tables = json_object_get_members (counts);
      GString *value = g_string_new (NULL);

      for (GList *l = tables; l != NULL; l = l->next)
        g_string_append_printf (value, "%s%s=%" PRId64, value->len > 0 ? "," : "",
                                (const char *)l->data,
                                json_object_get_int_member (counts, l->data));
      return g_string_free (value, FALSE);
    }
  if (field->type == VT_FIELD_ENTRIES && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *value = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (value, "%s%" PRId64, i > 0 ? ", " : "",
                                json_array_get_int_element (array, i));
      return g_string_free (value, FALSE);
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" PRId64, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    default:
      return NULL;
    }
}

/**
 * vt_command_dialog_new_amend:
 * @entry: the entry to correct; its kind must be correctable
 *
 * The form of @entry's kind, filled with its values as corrections have left them, and a
 * reason. Saving logs an "Entry corrected" with the fields the chair changed.
 *
 * Returns: (nullable): the dialog, or %NULL when @entry was annulled or cannot be corrected
 */
GtkWidget *
vt_command_dialog_new_amend (GtkWindow      *parent,
                             VtStation      *station,
                             VtJournalEntry *entry)
{
  const VtEntryKind *kind = vt_entry_kind_lookup (vt_journal_entry_get_kind (entry));
  g_autoptr(JsonObject) original = NULL;
  VtCommandDialog *self;
  GtkWidget *reason;
  g_autofree char *title = NULL;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  if (kind == NULL || !kind->correctable || kind->fields[0].name == NULL)
    return NULL;
  original = vt_station_dup_effective_payload (station, entry);
  if (original == NULL)
    return NULL;

  self = VT_COMMAND_DIALOG (vt_command_dialog_new (parent, station, kind->id));
  self->amended = g_object_ref (entry);
  self->original = json_object_ref (original);

  /* Translators: the title of the form that corrects entry 12 */
  title = g_strdup_printf (_("Correct Entry %" PRId64), vt_journal_entry_get_seq (entry));
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, vt_entry_kind_get_name (kind));
  gtk_label_set_text (self->description_label,
                      _("Change what was wrong and say why. The entry stays in the log as it "
                        "was; the correction is a new entry that points at it."));

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      JsonNode *node = json_object_get_member (original, row->field->name);
      g_autofree char *value = node != NULL ? node_to_value (row->field, node) : NULL;

      if (value != NULL)
        vt_command_dialog_set_value (self, row->field->name, value, FALSE);
    }

  reason = new_entry_row (_("Why it is corrected"), FALSE);
  gtk_list_box_append (self->fields_box, reason);
  self->reason_row = GTK_EDITABLE (reason);
  gtk_widget_grab_focus (reason);
  return GTK_WIDGET (self);
}

/* The reason of a correction; FALSE when the dialog does not correct an entry. */
gboolean
vt_command_dialog_set_reason (VtCommandDialog *self,
                              const char      *reason)
{
  g_return_val_if_fail (VT_IS_COMMAND_DIALOG (self), FALSE);
  if (self->reason_row == NULL)
    return FALSE;
  gtk_editable_set_text (self->reason_row, reason);
  return TRUE;
}
