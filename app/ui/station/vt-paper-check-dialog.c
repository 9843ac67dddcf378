/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-paper-check-dialog"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vt-paper-check-dialog.h"
#include "vt-ui-util.h"
#include "vt-verify.h"

/* Check against paper. A printed page ends with the checksum of the last entry it covers; the
 * file's chain must pass through it. A file whose tail was cut off, rolled back to an older
 * copy or rewritten with a recomputed chain cannot show the paper's checksum (or shows it
 * with fewer entries after it than the day had): only the paper catches that. The file is
 * read, never changed; the dialog stays open to check another page. */

struct _VtPaperCheckDialog
{
  AdwWindow parent_instance;

  GtkEntry *groups_entry;
  GtkLabel *result_label;

  VtStation *station;
};

G_DEFINE_FINAL_TYPE (VtPaperCheckDialog, vt_paper_check_dialog, ADW_TYPE_WINDOW)

static void
show_result (VtPaperCheckDialog *self,
             const char         *text,
             const char         *css_class)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_label), css_class);
  gtk_label_set_text (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);
}

static char *
describe (const VtVerifyPaper *paper,
          const char          *groups,
          const char         **css_class)
{
  if (paper->n_matches == 0)
    {
      *css_class = "error";
      return g_strdup_printf (_("No entry of this file has a checksum beginning “%s”. Compare "
                                "the groups with the page once more. If they are right, this "
                                "file does not hold the history printed on that page: keep the "
                                "page and the computer as they are and call the election "
                                "office."), groups);
    }
  if (paper->n_matches > 1)
    {
      *css_class = "warning";
      return g_strdup_printf (ngettext ("%u entry has a checksum beginning “%s”: type more "
                                        "groups.",
                                        "%u entries have a checksum beginning “%s”: type more "
                                        "groups.", paper->n_matches),
                              paper->n_matches, groups);
    }
  *css_class = "success";
  if (paper->n_following == 0)
    return g_strdup_printf (_("The file’s chain passes through the printed checksum: it is "
                              "entry %" PRId64 ", the file’s last entry. Nothing was written "
                              "after it."), paper->seq);
  return g_strdup_printf (ngettext ("The file’s chain passes through the printed checksum: it "
                                    "is entry %" PRId64 ". %" PRId64 " entry was written after "
                                    "it.",
                                    "The file’s chain passes through the printed checksum: it "
                                    "is entry %" PRId64 ". %" PRId64 " entries were written "
                                    "after it.", (gulong)paper->n_following),
                          paper->seq, paper->n_following);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VtPaperCheckDialog *self = VT_PAPER_CHECK_DIALOG (widget);
  g_autofree char *groups = g_strstrip (g_strdup (gtk_editable_get_text (
                                                    GTK_EDITABLE (self->groups_entry))));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *css_class = "error";
  VtVerifyPaper paper;

  /* The file as it is on disk: what is committed is all the chain holds. */
  if (!vt_verify_checksum (vt_station_get_path (self->station), groups, &paper, &error))
    text = g_strdup (error->message);
  else
    text = describe (&paper, groups, &css_class);
  show_result (self, text, css_class);
  gtk_widget_grab_focus (GTK_WIDGET (self->groups_entry));
}

static void
on_activate (GtkEntry           *entry,
             VtPaperCheckDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "paper.check", NULL);
}

static void
vt_paper_check_dialog_dispose (GObject *object)
{
  VtPaperCheckDialog *self = (VtPaperCheckDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_PAPER_CHECK_DIALOG);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (vt_paper_check_dialog_parent_class)->dispose (object);
}

static void
vt_paper_check_dialog_class_init (VtPaperCheckDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_paper_check_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX
                                               "/station/vt-paper-check-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VtPaperCheckDialog, groups_entry);
  gtk_widget_class_bind_template_child (widget_class, VtPaperCheckDialog, result_label);

  gtk_widget_class_install_action (widget_class, "paper.check", NULL, check_action);
}

static void
vt_paper_check_dialog_init (VtPaperCheckDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->groups_entry, "activate", G_CALLBACK (on_activate), self);
  /* Escape closes; Ctrl+Enter checks as Enter does. */
  vt_window_add_form_shortcuts (GTK_WIDGET (self), "paper.check");
}

GtkWidget *
vt_paper_check_dialog_new (GtkWindow *parent,
                           VtStation *station)
{
  VtPaperCheckDialog *self;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);

  self = g_object_new (VT_TYPE_PAPER_CHECK_DIALOG, "transient-for", parent, NULL);
  self->station = g_object_ref (station);
  gtk_widget_grab_focus (GTK_WIDGET (self->groups_entry));
  return GTK_WIDGET (self);
}

void
vt_paper_check_dialog_set_groups (VtPaperCheckDialog *self,
                                  const char         *groups)
{
  g_return_if_fail (VT_IS_PAPER_CHECK_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->groups_entry), groups);
}

const char *
vt_paper_check_dialog_get_result (VtPaperCheckDialog *self)
{
  g_return_val_if_fail (VT_IS_PAPER_CHECK_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->result_label)))
    return NULL;
  return gtk_label_get_text (self->result_label);
}
