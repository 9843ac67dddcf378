/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-command-dialog"

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "vt-checks.h"
#include "vt-command-dialog.h"
#include "vt-command-dialog-private.h"
#include "vt-eligibility.h"
#include "vt-kind-ids.h"
#include "vt-role.h"
#include "vt-station-state.h"
#include "vt-ui-util.h"

/* One form for every kind of journal entry, built from the kind's row in the catalogue: a row
 * per field, with the choices the configuration and the station's state allow. The chair sees
 * the kind's name and what it means; the dialog closes only once the entry is on disk, and a
 * refusal is shown in place with everything typed kept. The command id is made when the dialog
 * opens, so saving again after an error that did reach the disk cannot log it twice. */

G_DEFINE_FINAL_TYPE (VtCommandDialog, vt_command_dialog, ADW_TYPE_WINDOW)

enum {
  LOGGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_row_free (FieldRow *row)
{
  g_clear_pointer (&row->items, g_ptr_array_unref);
  g_free (row->items_key);
  g_clear_pointer (&row->ids, g_ptr_array_unref);
  g_clear_pointer (&row->tables, g_ptr_array_unref);
  g_clear_pointer (&row->proposals, g_ptr_array_unref);
  g_free (row->fixed);
  g_free (row->prefilled);
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
        /* Only who may be named now (present, the right role, not the one who gives the
         * command where a second person is wanted); a correction may name anyone it named. */
        g_autoptr(GPtrArray) people = NULL;

        if (self->amended != NULL)
          people = g_ptr_array_ref (vt_config_get_people (config));
        else
          people = vt_station_dup_people_for (self->station, self->kind, field,
                                              vt_station_get_actor (self->station));
        for (guint i = 0; i < people->len; i++)
          {
            VtPerson *person = g_ptr_array_index (people, i);
            g_autofree char *label = vt_command_person_label (person);
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
            g_autofree char *label = vt_command_table_label (table);
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
        if (g_str_equal (self->kind->id, VT_KIND_URN_ADD))
          return FALSE;
        urns = vt_station_dup_urns (self->station);
        for (guint i = 0; i < urns->len; i++)
          {
            VtUrnState *urn = g_ptr_array_index (urns, i);
            g_autofree char *label = vt_command_urn_label (self, urn->id);
            add_choice (labels, ids, urn->id, label);
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
          {
            g_autofree char *label = vt_command_choice_label (field, choices[i]);
            add_choice (labels, ids, choices[i], label);
          }
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

GtkWidget *
vt_command_new_entry_row (const char *title,
                          gboolean    numeric)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  if (numeric)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (entry), GTK_INPUT_PURPOSE_DIGITS);
  return entry;
}

static void
choice_item_setup (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_list_item_set_child (item, label);
}

static void
choice_item_bind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

static void on_selected_changed (VtCommandDialog *self,
                                 GParamSpec      *pspec,
                                 GtkWidget       *combo);

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
      /* A check box, not a switch: a switch takes its new value only when its animation
       * ends, so Space and Enter at typing speed saved the old one. */
      GtkWidget *toggle = gtk_check_button_new ();

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
          GtkWidget *entry = vt_command_new_entry_row (table_title, TRUE);

          g_object_set_data_full (G_OBJECT (entry), "table", g_strdup (table->id), g_free);
          gtk_list_box_append (self->fields_box, entry);
          g_ptr_array_add (row->tables, entry);
        }
    }
  else if (field->type == VT_FIELD_ITEMS)
    {
      /* The rows of the items follow this one, made for the check and subject chosen (see
       * vt_command_refresh_items ()); its subtitle adds them up against the difference. */
      GtkWidget *header = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (header), title);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (header), 0);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (header), FALSE);
      gtk_widget_set_focusable (header, FALSE);
      gtk_list_box_append (self->fields_box, header);
      row->widget = header;
      row->items = g_ptr_array_new_with_free_func (g_free);
    }
  else if (fill_choices (self, field, labels, ids))
    {
      GtkWidget *combo = adw_combo_row_new ();
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), title);
      /* The list shows every choice in full: two long checklist items never look alike. */
      g_signal_connect (factory, "setup", G_CALLBACK (choice_item_setup), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (choice_item_bind), NULL);
      adw_combo_row_set_list_factory (ADW_COMBO_ROW (combo), factory);
      adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (labels));
      /* A long choice (a checklist item) is shown whole under the title, not cut short. */
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
        if (g_utf8_strlen (gtk_string_list_get_string (labels, i), -1) > 28)
          {
            adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (combo), TRUE);
            adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (combo), 0);
            break;
          }
      if (field->type == VT_FIELD_PERSON && field->required &&
          g_list_model_get_n_items (G_LIST_MODEL (labels)) == 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (combo),
                                     _("Nobody here can be named now. Log the arrival of "
                                       "the person first."));
      gtk_list_box_append (self->fields_box, combo);
      row->widget = combo;
      row->ids = g_steal_pointer (&ids);
    }
  else
    {
      row->widget = vt_command_new_entry_row (title, is_number_field (field));
      if (field->type == VT_FIELD_ENTRIES)
        gtk_widget_set_tooltip_text (row->widget, _("Entry numbers, separated by commas"));
      if (ADW_IS_ENTRY_ROW (row->widget))
        g_signal_connect_object (row->widget, "entry-activated",
                                 G_CALLBACK (vt_command_on_entry_activated), self,
                                 G_CONNECT_SWAPPED);
      /* What an explanation is about decides what may explain it. */
      if (g_str_equal (field->name, "subject"))
        g_signal_connect_object (row->widget, "changed",
                                 G_CALLBACK (vt_command_on_text_changed), self,
                                 G_CONNECT_SWAPPED);
      gtk_list_box_append (self->fields_box, row->widget);
    }

  row->row = row->widget != NULL && field->type == VT_FIELD_BOOL
               ? gtk_widget_get_ancestor (row->widget, ADW_TYPE_ACTION_ROW)
               : row->widget;
  if (row->widget != NULL && ADW_IS_COMBO_ROW (row->widget))
    g_signal_connect_object (row->widget, "notify::selected", G_CALLBACK (on_selected_changed),
                             self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->rows, row);
}

/* ---- what the form shows as it is filled ------------------------------------------------- */

/* The value a field has now: given, chosen or typed; NULL when it has none. */
const char *
vt_command_current_value (FieldRow *row)
{
  if (row->fixed != NULL)
    return row->fixed;
  if (row->widget == NULL)
    return NULL;
  if (ADW_IS_COMBO_ROW (row->widget))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row->widget));
      return selected < row->ids->len ? g_ptr_array_index (row->ids, selected) : NULL;
    }
  if (GTK_IS_EDITABLE (row->widget))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row->widget));
      return *text != '\0' ? text : NULL;
    }
  return NULL;
}

/* Whether @field applies to the numbered check chosen in the form. A field whose description
 * names checks ("The contest (K402) or special-envelope reason (K302) it is about") applies
 * only to those; the catalogue says so, the form reads it. */
static gboolean
field_applies (VtCommandDialog *self,
               const VtField   *field)
{
  const char *code = NULL;
  gboolean names_checks = FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      const char *value = row->field->type == VT_FIELD_CHOICE
        ? vt_command_current_value (row) : NULL;
      if (value != NULL && vt_check_lookup (value) != NULL)
        code = value;
    }
  /* Entries alone, without counts, explain only what takes no items. */
  if (field->type == VT_FIELD_ENTRIES && code != NULL &&
      vt_check_takes_items (vt_check_lookup (code)))
    return FALSE;
  for (const char *p = field->description; p != NULL && *p != '\0'; p++)
    if (*p == 'K' && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) &&
        g_ascii_isdigit (p[3]) && !g_ascii_isdigit (p[4]))
      {
        g_autofree char *named = g_strndup (p, 4);
        if (vt_check_lookup (named) == NULL)
          continue;
        names_checks = TRUE;
        if (g_strcmp0 (named, code) == 0)
          return TRUE;
      }
  return !names_checks || code == NULL;
}

/* The steps that cannot be taken back: the save button says the step with its object, and a
 * line says what follows. */
static const struct
{
  const char *kind;
  const char *save;         /* without an urn; see save_with_urn () */
  const char *consequence;
} irreversible_steps[] = {
  { VT_KIND_URN_OPEN, N_("_Open for Counting"),
    N_("This cannot be undone: the seal is broken and the ballots are taken out to be counted.") },
  { VT_KIND_SEAL_BREAK, N_("_Break the Seal"),
    N_("This cannot be undone: the strip is broken for good, and the urn is shown empty and "
       "sealed again before it is used.") },
  { VT_KIND_DOORS_CLOSE, N_("_Close the Doors"),
    N_("This cannot be undone: nobody who comes after this votes; the people in the queue now "
       "still vote.") },
  { VT_KIND_SHIPMENT_HANDED_OVER, N_("_Hand Over Shipment 1"),
    N_("This cannot be undone: the rolls, the stamps and the special envelopes leave with the "
       "courier.") },
  { VT_KIND_RESULTS_PHONED, N_("_Phone In the Results"),
    N_("This cannot be undone: the election office has the preliminary results; a later "
       "change needs a new call and an explanation in the log.") },
  { VT_KIND_PROTOCOL_SIGN, N_("_Sign the Protocol"),
    N_("This cannot be undone: the signature stays in the log.") },
};

/* The button of an irreversible step on one urn, with the urn's name. */
static char *
save_with_urn (const VtEntryKind *kind,
               const char        *urn)
{
  if (urn == NULL)
    return NULL;
  if (g_str_equal (kind->id, VT_KIND_URN_OPEN))
    /* Translators: the button that opens urn U1 for counting */
    return g_strdup_printf (_("_Open Urn %s for Counting"), urn);
  if (g_str_equal (kind->id, VT_KIND_SEAL_BREAK))
    /* Translators: the button that breaks the seal of urn U1 */
    return g_strdup_printf (_("_Break the Seal of Urn %s"), urn);
  return NULL;
}

/* The title names the object the form acts on; an irreversible step says itself on its
 * button, with its consequence. */
static void
update_title (VtCommandDialog *self)
{
  GString *object = g_string_new (NULL);
  FieldRow *urn_row = vt_command_find_row (self, "urn");
  const char *urn = urn_row != NULL ? vt_command_current_value (urn_row) : NULL;
  const char *name = vt_entry_kind_get_name (self->kind);

  if (self->amended != NULL)
    {
      g_string_free (object, TRUE);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *label = NULL;

      if (row->fixed == NULL)
        continue;
      switch (row->field->type)
        {
        case VT_FIELD_URN:
        case VT_FIELD_TABLE:
        case VT_FIELD_CONTEST:
        case VT_FIELD_PILE:
        case VT_FIELD_PERSON:
        case VT_FIELD_REASON:
        case VT_FIELD_CHECK:
        case VT_FIELD_ENTRY:
        case VT_FIELD_DAY:
        case VT_FIELD_CHOICE:
        case VT_FIELD_TEXT:
          label = vt_command_value_label (self, row->field, row->fixed);
          /* Translators: the parts of a form's object, "Table 1 (A–K), Day 1" */
          g_string_append_printf (object, "%s%s", object->len > 0 ? _(", ") : "", label);
          break;
        default:
          break;
        }
    }

  adw_window_title_set_subtitle (self->window_title, object->len > 0 ? object->str : NULL);
  if (object->len > 0)
    {
      /* Translators: a form's window title: what it logs and what it logs it for,
       * "Urn shown empty — Urn R2 (reserve box)" */
      g_autofree char *title = g_strdup_printf (_("%s — %s"), name, object->str);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), name);
  g_string_free (object, TRUE);

  /* What accepting does is said before saving, as the irreversible steps say theirs: the
   * warning stands as it is, in the protocol. */
  if (g_str_equal (self->kind->id, VT_KIND_WARNING_ACCEPT))
    {
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Accept the Warning"));
      gtk_label_set_text (self->consequence_label,
                          _("The warning is accepted as it is, without an explanation: it no "
                            "longer holds up the results or the signature, and it goes into "
                            "the protocol with the reason and the two board members who "
                            "accepted it."));
      gtk_widget_set_visible (GTK_WIDGET (self->consequence_label), TRUE);
      return;
    }
  if (!vt_entry_kind_is_irreversible (self->kind))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (irreversible_steps); i++)
    if (g_str_equal (irreversible_steps[i].kind, self->kind->id))
      {
        g_autofree char *save = save_with_urn (self->kind, urn);

        if (save == NULL)
          save = g_strdup (_(irreversible_steps[i].save));
        gtk_button_set_label (GTK_BUTTON (self->save_button), save);
        gtk_label_set_text (self->consequence_label, _(irreversible_steps[i].consequence));
        gtk_widget_set_visible (GTK_WIDGET (self->consequence_label), TRUE);
        gtk_widget_set_tooltip_text (self->save_button, NULL);
        return;
      }
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Confirm"));
  gtk_label_set_text (self->consequence_label, _("This cannot be undone."));
  gtk_widget_set_visible (GTK_WIDGET (self->consequence_label), TRUE);
}

static void
prefill_strip (VtCommandDialog *self,
               gint64           strip)
{
  FieldRow *row = vt_command_find_row (self, "strip");
  g_autofree char *text = NULL;
  const char *now;

  if (row == NULL || row->fixed != NULL || !GTK_IS_EDITABLE (row->widget))
    return;
  now = gtk_editable_get_text (GTK_EDITABLE (row->widget));
  /* Only over nothing, or over what the form filled in itself. */
  if (*now != '\0' && g_strcmp0 (now, row->prefilled) != 0)
    return;
  text = strip > 0 ? g_strdup_printf ("%" PRId64, strip) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (row->widget), text);
  g_free (row->prefilled);
  row->prefilled = g_steal_pointer (&text);
}

/* Fills in what the station knows: the strip on the urn whose seal is broken, the lowest
 * unused strip for a seal. The chair can still change it. */
static void
prefill (VtCommandDialog *self)
{
  FieldRow *urn_row = vt_command_find_row (self, "urn");
  const char *urn = urn_row != NULL ? vt_command_current_value (urn_row) : NULL;

  if (self->amended != NULL)
    return;
  if (g_str_equal (self->kind->id, VT_KIND_SEAL_BREAK) && urn != NULL)
    prefill_strip (self, vt_command_urn_strip (self->station, urn));
  else if (g_str_equal (self->kind->id, VT_KIND_URN_SEAL) ||
           g_str_equal (self->kind->id, VT_KIND_URN_FULL))
    prefill_strip (self, vt_command_lowest_unused_strip (self->station));
}

/* Two person fields never name the same person: the other one moves to someone else. */
static void
keep_people_apart (VtCommandDialog *self,
                   FieldRow        *changed)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      const char *value;
      gboolean clash = FALSE;

      if (row == changed || row->fixed != NULL || row->field->type != VT_FIELD_PERSON ||
          row->ids == NULL)
        continue;
      value = vt_command_current_value (row);
      for (guint j = 0; value != NULL && j < self->rows->len; j++)
        {
          FieldRow *other = g_ptr_array_index (self->rows, j);
          if (other != row && other->field->type == VT_FIELD_PERSON &&
              (other == changed || j < i || other->fixed != NULL) &&
              g_strcmp0 (vt_command_current_value (other), value) == 0)
            clash = TRUE;
        }
      if (!clash)
        continue;
      for (guint c = 0; c < row->ids->len; c++)
        {
          const char *id = g_ptr_array_index (row->ids, c);
          gboolean taken = id == NULL;

          for (guint j = 0; !taken && j < self->rows->len; j++)
            {
              FieldRow *other = g_ptr_array_index (self->rows, j);
              taken = other != row && other->field->type == VT_FIELD_PERSON &&
                      g_strcmp0 (vt_command_current_value (other), id) == 0;
            }
          if (!taken)
            {
              adw_combo_row_set_selected (ADW_COMBO_ROW (row->widget), c);
              break;
            }
        }
    }
}

static void
update_form (VtCommandDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      if (row->fixed == NULL && row->row != NULL)
        gtk_widget_set_visible (row->row, field_applies (self, row->field));
    }
  vt_command_refresh_items (self);
  prefill (self);
  update_title (self);
}

static void
on_selected_changed (VtCommandDialog *self,
                     GParamSpec      *pspec,
                     GtkWidget       *combo)
{
  if (self->updating)
    return;
  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      if (row->widget == combo && row->field->type == VT_FIELD_PERSON)
        keep_people_apart (self, row);
    }
  update_form (self);
  self->updating = FALSE;
}

/* The first field still to fill in, or NULL when the form is complete. */
static GtkWidget *
first_empty (VtCommandDialog *self,
             gboolean         required_only)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);

      if (row->fixed != NULL || (required_only && !row->field->required))
        continue;
      if (row->tables != NULL)
        {
          for (guint t = 0; t < row->tables->len; t++)
            if (*gtk_editable_get_text (g_ptr_array_index (row->tables, t)) == '\0')
              return g_ptr_array_index (row->tables, t);
          continue;
        }
      if (row->row == NULL || !gtk_widget_get_visible (row->row) || row->proposals != NULL)
        continue;
      if (GTK_IS_EDITABLE (row->widget) &&
          *gtk_editable_get_text (GTK_EDITABLE (row->widget)) == '\0')
        return row->widget;
    }
  if (self->reason_row != NULL && *gtk_editable_get_text (self->reason_row) == '\0')
    return GTK_WIDGET (self->reason_row);
  return NULL;
}

/* Typing starts in the first empty field; a form with nothing left to type starts on its
 * button, so Enter saves it. */
static void
focus_first_empty (VtCommandDialog *self)
{
  /* A correction starts on why: its fields are filled with the entry's values. */
  GtkWidget *empty = self->reason_row != NULL ? GTK_WIDGET (self->reason_row)
                                              : first_empty (self, FALSE);

  gtk_widget_grab_focus (empty != NULL ? empty : self->save_button);
}

/* Enter in a field: the next field still required, or save when there is none. */
void
vt_command_on_entry_activated (VtCommandDialog *self)
{
  GtkWidget *empty = first_empty (self, TRUE);

  if (empty != NULL)
    gtk_widget_grab_focus (empty);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "command.save", NULL);
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

  if (row->fixed != NULL)
    {
      switch (field->type)
        {
        case VT_FIELD_COUNT:
        case VT_FIELD_STRIP:
        case VT_FIELD_ENTRY:
        case VT_FIELD_DAY:
          json_object_set_int_member (payload, field->name,
                                      g_ascii_strtoll (row->fixed, NULL, 10));
          break;
        case VT_FIELD_BOOL:
          json_object_set_boolean_member (payload, field->name,
                                          g_str_equal (row->fixed, "true"));
          break;
        default:
          json_object_set_string_member (payload, field->name, row->fixed);
          break;
        }
      return TRUE;
    }
  if (!field_applies (self, field))
    return TRUE;

  if (field->type == VT_FIELD_ITEMS)
    {
      FieldRow *not_explained = vt_command_find_row (self, "not_explained");
      JsonArray *array;

      /* Not explained, after a recount: the items are not given with it. */
      if (not_explained != NULL && GTK_IS_CHECK_BUTTON (not_explained->widget) &&
          gtk_check_button_get_active (GTK_CHECK_BUTTON (not_explained->widget)))
        return TRUE;
      array = json_array_new ();

      if (!vt_command_read_items (row, array, error))
        {
          json_array_unref (array);
          return FALSE;
        }
      if (json_array_get_length (array) == 0)
        json_array_unref (array);
      else
        json_object_set_array_member (payload, field->name, array);
      return TRUE;
    }

  if (field->type == VT_FIELD_ENTRIES)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row->widget));
      g_auto(GStrv) parts = g_strsplit_set (text, ", ", -1);
      JsonArray *array = json_array_new ();
      gint64 n;

      for (guint i = 0; row->proposals != NULL && i < row->proposals->len; i++)
        {
          GtkCheckButton *check = g_ptr_array_index (row->proposals, i);
          if (gtk_check_button_get_active (check))
            json_array_add_int_element (array, GPOINTER_TO_SIZE (g_object_get_data (
                                                 G_OBJECT (check), "seq")));
        }
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
      if (json_array_get_length (array) == 0)
        json_array_unref (array);
      else
        json_object_set_array_member (payload, field->name, array);
      return TRUE;
    }

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

  if (field->type == VT_FIELD_BOOL)
    {
      json_object_set_boolean_member (payload, field->name,
                                      gtk_check_button_get_active (
                                        GTK_CHECK_BUTTON (row->widget)));
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
      kind_id = VT_KIND_CORRECTION_AMEND;
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
vt_command_dialog_show (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vt_command_dialog_parent_class)->show (widget);
  focus_first_empty (VT_COMMAND_DIALOG (widget));
}

static void
vt_command_dialog_class_init (VtCommandDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_command_dialog_dispose;
  widget_class->show = vt_command_dialog_show;

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
  gtk_widget_class_bind_template_child (widget_class, VtCommandDialog, consequence_label);
  gtk_widget_class_bind_template_child (widget_class, VtCommandDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, VtCommandDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VtCommandDialog, save_button);

  gtk_widget_class_install_action (widget_class, "command.save", NULL, save_action);
}

/* Enter on a choice row (its list closed) goes on as in a text field: to the next field still
 * required, or saves a complete form. Space opens the list; inside the open list Enter picks,
 * as always (the focus is then in the list, not on the row). */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VtCommandDialog       *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter) ||
      (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK)) != 0 ||
      focus == NULL || !ADW_IS_COMBO_ROW (focus))
    return FALSE;
  vt_command_on_entry_activated (self);
  return TRUE;
}

static void
vt_command_dialog_init (VtCommandDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)field_row_free);
  self->command_id = g_uuid_string_random ();

  vt_window_add_form_shortcuts (GTK_WIDGET (self), "command.save");
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
}

static VtCommandDialog *
dialog_new (GtkWindow         *parent,
            VtStation         *station,
            const VtEntryKind *kind,
            VtJournalEntry    *amended)
{
  VtCommandDialog *self = g_object_new (VT_TYPE_COMMAND_DIALOG, "transient-for", parent, NULL);

  self->station = g_object_ref (station);
  self->kind = kind;
  self->amended = amended != NULL ? g_object_ref (amended) : NULL;

  gtk_window_set_title (GTK_WINDOW (self), vt_entry_kind_get_name (kind));
  adw_window_title_set_title (self->window_title, vt_entry_kind_get_name (kind));
  gtk_label_set_text (self->description_label, vt_entry_kind_get_description (kind));
  for (guint f = 0; f < VT_MAX_FIELDS && kind->fields[f].name != NULL; f++)
    add_field (self, &kind->fields[f]);
  gtk_widget_set_visible (GTK_WIDGET (self->fields_box), self->rows->len > 0);

  /* Two person fields start on two different people. */
  self->updating = TRUE;
  keep_people_apart (self, NULL);
  update_form (self);
  self->updating = FALSE;
  return self;
}

GtkWidget *
vt_command_dialog_new (GtkWindow  *parent,
                       VtStation  *station,
                       const char *kind_id)
{
  const VtEntryKind *kind = vt_entry_kind_lookup (kind_id);

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  return GTK_WIDGET (dialog_new (parent, station, kind, NULL));
}

const VtEntryKind *
vt_command_dialog_get_kind (VtCommandDialog *self)
{
  g_return_val_if_fail (VT_IS_COMMAND_DIALOG (self), NULL);
  return self->kind;
}

FieldRow *
vt_command_find_row (VtCommandDialog *self,
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

static void
add_proposals (VtCommandDialog *self,
               FieldRow        *row,
               const char      *value)
{
  g_auto(GStrv) parts = g_strsplit_set (value, ", ", -1);
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row->row));

  if (row->proposals == NULL)
    row->proposals = g_ptr_array_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 seq = g_ascii_strtoll (parts[i], NULL, 10);
      g_autofree char *summary = NULL;
      g_autofree char *title = NULL;
      GtkWidget *proposal, *check;

      if (seq <= 0)
        continue;
      title = vt_command_entry_label (self, seq, &summary);
      proposal = adw_action_row_new ();
      check = gtk_check_button_new ();
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data (G_OBJECT (check), "seq", GSIZE_TO_POINTER ((gsize)seq));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (proposal), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (proposal), FALSE);
      if (summary != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (proposal), summary);
      adw_action_row_add_prefix (ADW_ACTION_ROW (proposal), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (proposal), check);
      gtk_list_box_insert (self->fields_box, proposal, position++);
      g_ptr_array_add (row->proposals, check);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->widget),
                                 _("Other entries that explain it (optional)"));
}

/* Shows a field given by where the form was opened from as a fixed row: its title and what
 * it names, with nothing a key could change. */
static void
fix_row (VtCommandDialog *self,
         FieldRow        *row,
         const char      *value)
{
  /* Given, so never "(optional)": the row says what it is, not whether it may be left out. */
  g_autofree char *title = g_strdup (_(row->field->description));
  g_autofree char *label = vt_command_value_label (self, row->field, value);
  GtkWidget *fixed = adw_action_row_new ();

  g_free (row->fixed);
  row->fixed = g_strdup (value);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fixed), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (fixed), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (fixed), label);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (fixed), 0);
  gtk_widget_add_css_class (fixed, "property");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (fixed), FALSE);
  gtk_widget_set_name (fixed, "fixed-field");
  g_object_set_data_full (G_OBJECT (fixed), "field", g_strdup (row->field->name), g_free);
  if (row->row != NULL)
    {
      gtk_list_box_insert (self->fields_box, fixed,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row->row)));
      gtk_widget_set_visible (row->row, FALSE);
      gtk_widget_set_sensitive (row->row, FALSE);
    }
  else
    gtk_list_box_append (self->fields_box, fixed);
}

/**
 * vt_command_dialog_set_value:
 * @name: a field of the dialog's kind
 * @value: the value as the chair would give it: an id for a choice, "true" or "false" for a
 *   switch, digits for a number, "table=count,…" for counts per table, "12, 15" for entries
 * @fixed: whether the field is given by where the dialog was opened from: it is shown as a
 *   fixed row naming the object, and nothing in the form can change it
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

  g_return_val_if_fail (VT_IS_COMMAND_DIALOG (self), FALSE);

  row = vt_command_find_row (self, name);
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

  self->updating = TRUE;
  if (ADW_IS_COMBO_ROW (row->widget))
    {
      guint i;

      for (i = 0; i < row->ids->len; i++)
        if (g_strcmp0 (g_ptr_array_index (row->ids, i), value) == 0)
          break;
      /* A person given by the row (who leaves, who signs) need not be on the list of who
       * may be chosen; every other choice must be one of the field's. */
      if (i == row->ids->len && !(fixed && row->field->type == VT_FIELD_PERSON))
        {
          self->updating = FALSE;
          return FALSE;
        }
      if (i < row->ids->len)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row->widget), i);
    }
  else if (row->field->type == VT_FIELD_BOOL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (row->widget),
                                 g_strcmp0 (value, "true") == 0);
  else if (row->field->type == VT_FIELD_ENTRIES && !fixed)
    add_proposals (self, row, value);
  else
    gtk_editable_set_text (GTK_EDITABLE (row->widget), value);

  if (fixed)
    fix_row (self, row, value);
  keep_people_apart (self, row);
  update_form (self);
  self->updating = FALSE;
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

  self = dialog_new (parent, station, kind, entry);
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

  reason = vt_command_new_entry_row (_("Why it is corrected"), FALSE);
  g_signal_connect_object (reason, "entry-activated",
                           G_CALLBACK (vt_command_on_entry_activated), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (self->fields_box, reason);
  self->reason_row = GTK_EDITABLE (reason);
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
