/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-command-dialog.h"

G_BEGIN_DECLS

/* What the three parts of the command dialog share: vt-command-dialog.c builds, updates and
 * reads the form; vt-command-labels.c words what the form shows; vt-command-explain.c makes
 * the items of an explanation. Not for use outside them. */

typedef struct
{
  const VtField *field;
  GtkWidget     *widget;     /* AdwEntryRow, AdwComboRow or GtkSwitch */
  GtkWidget     *row;        /* the row in the list that shows the field */
  GPtrArray     *ids;        /* AdwComboRow: the id of each choice, NULL for "none" */
  GPtrArray     *tables;     /* VT_FIELD_TABLE_COUNTS: one AdwEntryRow per table */
  GPtrArray     *proposals;  /* VT_FIELD_ENTRIES: a GtkCheckButton per proposed entry */
  /* VT_FIELD_ITEMS: one ItemRow per proposed entry and declared reason, the row for other
   * entries, the difference they must add up to, and what they were made for. */
  GPtrArray     *items;
  GtkWidget     *other_items;
  gint64         difference;
  gboolean       has_difference;
  char          *items_key;
  /* Given by where the form was opened from (urn=R2 from urn R2's row): shown as a fixed row,
   * never a widget a key could change, and saved as given. */
  char          *fixed;
  char          *prefilled;  /* what the form filled in from the station's state */
} FieldRow;

struct _VtCommandDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel *description_label;
  GtkLabel *consequence_label;
  GtkListBox *fields_box;
  GtkLabel *error_label;
  GtkWidget *save_button;

  VtStation *station;
  const VtEntryKind *kind;
  GPtrArray *rows;   /* of FieldRow */
  char *command_id;
  gboolean updating;  /* keeping person fields apart: no recursion */

  /* Correcting an entry: the form is the entry's own kind, filled with its values; saving
   * gives correction.amend with the fields that changed and the reason. */
  VtJournalEntry *amended;
  JsonObject *original;
  GtkEditable *reason_row;
};

/* The form (vt-command-dialog.c). */

/* The row of the field called @name, or NULL when the form has none. */
FieldRow   *vt_command_find_row            (VtCommandDialog  *self,
                                            const char       *name);
/* The value a field has now: given, chosen or typed; NULL when it has none. */
const char *vt_command_current_value       (FieldRow         *row);
/* A new AdwEntryRow titled @title, for digits when @numeric. */
GtkWidget  *vt_command_new_entry_row       (const char       *title,
                                            gboolean          numeric);
/* Enter in a field: the next field still required, or save when there is none. */
void        vt_command_on_entry_activated  (VtCommandDialog  *self);

/* Labels (vt-command-labels.c). */

/* The label of one of a VT_FIELD_CHOICE field's choices. */
char       *vt_command_choice_label        (const VtField    *field,
                                            const char       *choice);
/* The strip on @urn's lid now (or on its slot when there is none), or 0. */
gint64      vt_command_urn_strip           (VtStation        *station,
                                            const char       *urn);
/* The lowest strip received and not yet used, or 0. */
gint64      vt_command_lowest_unused_strip (VtStation        *station);
/* "Urn R2 (reserve box), strip 1004": the urn as the chair sees it on the table. */
char       *vt_command_urn_label           (VtCommandDialog  *self,
                                            const char       *id);
/* "Kari Øvingsen (chair)": a person and their role. */
char       *vt_command_person_label        (const VtPerson   *person);
/* "Table 1 (A–K)": a roll table and the voters it has. */
char       *vt_command_table_label         (const VtRollTable *table);
/* An earlier entry as the log shows it: number, time, kind; the summary in @summary. */
char       *vt_command_entry_label         (VtCommandDialog  *self,
                                            gint64            seq,
                                            char            **summary);
/* What @value of @field is called on the screen. */
char       *vt_command_value_label         (VtCommandDialog  *self,
                                            const VtField    *field,
                                            const char       *value);

/* The items of an explanation (vt-command-explain.c). */

/* Adds the items ticked or counted in @row to @array; FALSE with @error when the other
 * entries are not given as number and count. */
gboolean    vt_command_read_items          (FieldRow         *row,
                                            JsonArray        *array,
                                            GError          **error);
/* Makes the rows of the items again when the check or its subject has changed. */
void        vt_command_refresh_items       (VtCommandDialog  *self);
/* The subject typed in changed: the items follow it, unless the form is being updated. */
void        vt_command_on_text_changed     (VtCommandDialog  *self);

G_END_DECLS
