/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-staff-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-staff-import-dialog.h"
#include "vt-staff-import.h"

/* A staff list is small and read at once; the commit is the station's own durable one, in
 * the main loop as every other command is. */

/* At most this many bad lines in the dialog; the rest are counted. */
#define MAX_LINES_SHOWN 50

typedef struct
{
  VtStation *station;
  GObject *owner;
  VtStaffImported done;
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_object (&pending->station);
  g_clear_object (&pending->owner);
  g_free (pending);
}

static char *
dup_problem_lines (const VtStaffImportReport *report)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  guint n = report->problems != NULL ? report->problems->len : 0;

  for (guint i = 0; i < n && i < MAX_LINES_SHOWN; i++)
    {
      g_autofree char *text = vt_staff_problem_dup_text (g_ptr_array_index (report->problems,
                                                                             i));
      g_string_append_printf (lines, "%s%s", i > 0 ? "\n" : "", text);
    }
  if (n > MAX_LINES_SHOWN)
    {
      g_string_append_c (lines, '\n');
      /* Translators: after the first 50 bad lines of a staff list */
      g_string_append_printf (lines, ngettext ("… and %u more line.", "… and %u more lines.",
                                               n - MAX_LINES_SHOWN), n - MAX_LINES_SHOWN);
    }
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static AdwMessageDialog *
show_refusal (GtkWindow                 *parent,
              const GError              *error,
              const VtStaffImportReport *report)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Staff List Not Imported"),
                                              error->message);
  g_autofree char *lines = dup_problem_lines (report);

  if (*lines != '\0')
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *label = gtk_label_new (lines);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_name (label, "staff-problems");
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

AdwMessageDialog *
vt_staff_import_dialog_import (GtkWindow       *parent,
                               VtStation       *station,
                               GFile           *file,
                               GObject         *owner,
                               VtStaffImported  done)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *toast = NULL;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (&error, VT_STAFF_IMPORT_ERROR, VT_STAFF_IMPORT_ERROR_READ,
                   _("The staff list cannot be read from there; copy it to this computer "
                     "first."));
      return show_refusal (parent, error, &report);
    }
  if (!vt_staff_import (station, path, &report, &error))
    return show_refusal (parent, error, &report);

  if (report.n_added == 0)
    toast = g_strdup (_("Everyone on the staff list was already there"));
  else
    /* Translators: a confirmation, shown only after the people are in the log on disk */
    toast = g_strdup_printf (ngettext ("%u person added to the staff",
                                       "%u people added to the staff", report.n_added),
                             report.n_added);
  if (done != NULL)
    done (owner, toast);
  return NULL;
}

static void
on_file_chosen (GtkNativeDialog *chooser,
                int              response,
                Pending         *pending)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);

      if (file != NULL)
        vt_staff_import_dialog_import (parent, pending->station, file, pending->owner,
                                       pending->done);
    }
  pending_free (pending);
  g_object_unref (chooser);
}

void
vt_staff_import_dialog_choose (GtkWindow       *parent,
                               VtStation       *station,
                               GObject         *owner,
                               VtStaffImported  done)
{
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  Pending *pending;

  g_return_if_fail (VT_IS_STATION (station));

  pending = g_new0 (Pending, 1);
  pending->station = g_object_ref (station);
  pending->owner = owner != NULL ? g_object_ref (owner) : NULL;
  pending->done = done;

  chooser = gtk_file_chooser_native_new (_("Import Staff List"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (csv, _("Staff lists (CSV)"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
