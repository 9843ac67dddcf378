/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-note-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-note-dialog.h"
#include "vt-ui-util.h"

/* A free-text log entry. The dialog closes only when the entry is on disk; a refusal (empty
 * text, an identity number, a disk problem) is shown in place and the text is kept, so the
 * chair loses nothing. The command id is made when the dialog opens, so pressing Add again
 * after a failure that did reach the disk cannot log the entry twice. */

struct _VtNoteDialog
{
  AdwWindow parent_instance;

  GtkTextView *text_view;
  GtkLabel *error_label;

  VtStation *station;
  char *command_id;
};

G_DEFINE_FINAL_TYPE (VtNoteDialog, vt_note_dialog, ADW_TYPE_WINDOW)

enum {
  LOGGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VtNoteDialog *self = VT_NOTE_DIALOG (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  entry = vt_station_log_note (self->station, self->command_id, text, &error);
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

static void
vt_note_dialog_dispose (GObject *object)
{
  VtNoteDialog *self = (VtNoteDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_NOTE_DIALOG);
  g_clear_object (&self->station);
  g_clear_pointer (&self->command_id, g_free);

  G_OBJECT_CLASS (vt_note_dialog_parent_class)->dispose (object);
}

static void
vt_note_dialog_class_init (VtNoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_note_dialog_dispose;

  /**
   * VtNoteDialog::logged:
   * @entry: the journal entry, committed
   */
  signals[LOGGED] = g_signal_new ("logged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_JOURNAL_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/station/vt-note-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VtNoteDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, VtNoteDialog, error_label);

  gtk_widget_class_install_action (widget_class, "note.add", NULL, add_action);
}

static void
vt_note_dialog_init (VtNoteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->command_id = g_uuid_string_random ();

  vt_window_add_form_shortcuts (GTK_WIDGET (self), "note.add");
}

GtkWidget *
vt_note_dialog_new (GtkWindow *parent,
                    VtStation *station)
{
  VtNoteDialog *self;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);

  self = g_object_new (VT_TYPE_NOTE_DIALOG, "transient-for", parent, NULL);
  self->station = g_object_ref (station);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return GTK_WIDGET (self);
}

void
vt_note_dialog_set_text (VtNoteDialog *self,
                         const char   *text)
{
  g_return_if_fail (VT_IS_NOTE_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}
