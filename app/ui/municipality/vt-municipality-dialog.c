/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-municipality-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-document-actions.h"
#include "vt-municipality-dialog.h"
#include "vt-overview-doc.h"

struct _VtMunicipalityDialog
{
  AdwWindow parent_instance;

  AdwPreferencesGroup *group;
  GtkListBox *list;
  GtkWidget *add_button;
  GtkWidget *preview_button;
  GtkWidget *save_button;
  GtkWidget *print_button;
  GtkSpinner *spinner;

  GPtrArray *paths;      /* every file chosen, in the order chosen */
  VtCollect *collect;    /* the overview shown, or NULL */
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (VtMunicipalityDialog, vt_municipality_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *props[N_PROPS];

/* ---- the list ---------------------------------------------------------------------------- */

static GtkWidget *
station_row (const VtCollectStation *station)
{
  g_autofree char *label = vt_collect_station_dup_label (station);
  g_autoptr(GString) subtitle = g_string_new (station->path);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  const char *icon_name = "emblem-ok-symbolic";
  const char *state = _("Summed");

  for (guint f = 0; f < station->flags->len; f++)
    {
      g_autofree char *text = vt_collect_flag_dup_text (g_ptr_array_index (station->flags, f));

      g_string_append_printf (subtitle, "\n%s", text);
    }
  if (!station->summed)
    {
      icon_name = "dialog-error-symbolic";
      /* Translators: a station file not in the overview's sums */
      state = _("Left out");
    }
  else if (station->flags->len > 0)
    {
      icon_name = "dialog-warning-symbolic";
      /* Translators: a station file summed, with something for the office to look at */
      state = _("Summed; needs attention");
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, state,
                                  -1);
  gtk_widget_set_tooltip_text (icon, state);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
show_collect (VtMunicipalityDialog *self)
{
  GtkListBoxRow *row;
  g_autofree char *description = NULL;
  gboolean any = self->collect != NULL && self->collect->stations->len > 0;

  /* the rows only: the label an empty list shows is a child of the list too */
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));
  for (guint i = 0; self->collect != NULL && i < self->collect->stations->len; i++)
    gtk_list_box_append (self->list, station_row (g_ptr_array_index (self->collect->stations,
                                                                     i)));
  if (any)
    {
      /* Translators: under "Station files": "12 of 13 files summed; 3 need the election
       * office's attention." */
      description = g_strdup_printf (_("%u of %u files summed; %u need the election office's "
                                       "attention."),
                                     self->collect->n_summed, self->collect->stations->len,
                                     vt_collect_count_flagged (self->collect));
      adw_preferences_group_set_description (self->group, description);
    }
  gtk_widget_set_sensitive (self->preview_button, any && !self->busy);
  gtk_widget_set_sensitive (self->save_button, any && !self->busy);
  gtk_widget_set_sensitive (self->print_button, any && !self->busy);
}

static void
set_busy (VtMunicipalityDialog *self,
          gboolean              busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->add_button, !busy);
  show_collect (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
}

/* ---- building the overview, off the main thread ------------------------------------------ */

static void
collect_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GPtrArray *paths = task_data;

  g_task_return_pointer (task,
                         vt_collect_new ((const char * const *)paths->pdata, NULL, paths->len),
                         (GDestroyNotify)vt_collect_free);
}

static void
on_collected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  VtMunicipalityDialog *self = VT_MUNICIPALITY_DIALOG (source);

  g_clear_pointer (&self->collect, vt_collect_free);
  self->collect = g_task_propagate_pointer (G_TASK (result), NULL);
  set_busy (self, FALSE);
}

void
vt_municipality_dialog_add_files (VtMunicipalityDialog *self,
                                  const char * const   *paths,
                                  guint                 n_paths)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (VT_IS_MUNICIPALITY_DIALOG (self));
  g_return_if_fail (!self->busy);

  for (guint i = 0; i < n_paths; i++)
    g_ptr_array_add (self->paths, g_strdup (paths[i]));
  for (guint i = 0; i < self->paths->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (self->paths, i)));
  set_busy (self, TRUE);
  /* The task keeps the dialog until the files are read. */
  task = g_task_new (self, NULL, on_collected, NULL);
  g_task_set_source_tag (task, vt_municipality_dialog_add_files);
  g_task_set_task_data (task, copy, (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread (task, collect_thread);
}

static void
on_chooser_response (GtkNativeDialog      *native,
                     int                   response,
                     VtMunicipalityDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      if (paths->len > 0)
        vt_municipality_dialog_add_files (self, (const char * const *)paths->pdata, paths->len);
    }
  g_object_unref (native);
}

static void
on_add_clicked (VtMunicipalityDialog *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Add Station Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  gtk_file_filter_set_name (filter, _("Station files"));
  gtk_file_filter_add_pattern (filter, "*.valgting");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- the PDF ----------------------------------------------------------------------------- */

static const char *
doc_title (void)
{
  return _("Overview of the polling stations");
}

GtkWidget *
vt_municipality_dialog_preview (VtMunicipalityDialog *self)
{
  GtkWidget *preview;

  g_return_val_if_fail (VT_IS_MUNICIPALITY_DIALOG (self), NULL);
  if (self->collect == NULL)
    return NULL;
  preview = vt_doc_preview_new (GTK_WINDOW (self), vt_overview_doc_build (self->collect),
                                doc_title (), NULL);
  gtk_window_present (GTK_WINDOW (preview));
  return preview;
}

static void
on_preview_clicked (VtMunicipalityDialog *self)
{
  vt_municipality_dialog_preview (self);
}

void
vt_municipality_dialog_print (VtMunicipalityDialog *self)
{
  g_return_if_fail (VT_IS_MUNICIPALITY_DIALOG (self));
  if (self->collect == NULL)
    return;
  vt_doc_print (GTK_WINDOW (self), vt_overview_doc_build (self->collect), doc_title ());
}

static void
on_saved (gpointer    user_data,
          gboolean    ok,
          const char *message)
{
  g_autoptr(GtkWindow) window = user_data;
  GtkWidget *dialog;

  if (message == NULL)
    return;
  dialog = adw_message_dialog_new (window, ok ? _("Overview saved")
                                              : _("The overview was not saved"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
vt_municipality_dialog_save (VtMunicipalityDialog *self)
{
  g_return_if_fail (VT_IS_MUNICIPALITY_DIALOG (self));
  if (self->collect == NULL)
    return;
  /* Translators: the file name offered for the overview's PDF */
  vt_doc_save_as (GTK_WINDOW (self), vt_overview_doc_build (self->collect),
                  _("municipality-overview.pdf"), on_saved, g_object_ref (self));
}

/* ---- the object -------------------------------------------------------------------------- */

gboolean
vt_municipality_dialog_get_busy (VtMunicipalityDialog *self)
{
  g_return_val_if_fail (VT_IS_MUNICIPALITY_DIALOG (self), FALSE);
  return self->busy;
}

VtCollect *
vt_municipality_dialog_get_collect (VtMunicipalityDialog *self)
{
  g_return_val_if_fail (VT_IS_MUNICIPALITY_DIALOG (self), NULL);
  return self->collect;
}

GtkListBox *
vt_municipality_dialog_get_list (VtMunicipalityDialog *self)
{
  g_return_val_if_fail (VT_IS_MUNICIPALITY_DIALOG (self), NULL);
  return self->list;
}

static void
vt_municipality_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VtMunicipalityDialog *self = VT_MUNICIPALITY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_municipality_dialog_finalize (GObject *object)
{
  VtMunicipalityDialog *self = VT_MUNICIPALITY_DIALOG (object);

  g_ptr_array_unref (self->paths);
  g_clear_pointer (&self->collect, vt_collect_free);
  G_OBJECT_CLASS (vt_municipality_dialog_parent_class)->finalize (object);
}

static void
vt_municipality_dialog_class_init (VtMunicipalityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vt_municipality_dialog_get_property;
  object_class->finalize = vt_municipality_dialog_finalize;

  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/valgting/Valgting/municipality/vt-municipality-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VtMunicipalityDialog, group);
  gtk_widget_class_bind_template_child (widget_class, VtMunicipalityDialog, list);
  gtk_widget_class_bind_template_child (widget_class, VtMunicipalityDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, VtMunicipalityDialog, preview_button);
  gtk_widget_class_bind_template_child (widget_class, VtMunicipalityDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, VtMunicipalityDialog, print_button);
  gtk_widget_class_bind_template_child (widget_class, VtMunicipalityDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_preview_clicked);
  gtk_widget_class_bind_template_callback (widget_class, vt_municipality_dialog_save);
  gtk_widget_class_bind_template_callback (widget_class, vt_municipality_dialog_print);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vt_municipality_dialog_init (VtMunicipalityDialog *self)
{
  GtkWidget *empty_note;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->paths = g_ptr_array_new_with_free_func (g_free);
  /* An empty list says what to do first. */
  empty_note = gtk_label_new (_("No station files yet. Add them with “Add Station Files…” "
                                 "above."));
  gtk_label_set_wrap (GTK_LABEL (empty_note), TRUE);
  gtk_widget_set_margin_top (empty_note, 18);
  gtk_widget_set_margin_bottom (empty_note, 18);
  gtk_widget_set_margin_start (empty_note, 12);
  gtk_widget_set_margin_end (empty_note, 12);
  gtk_widget_add_css_class (empty_note, "dim-label");
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->list), empty_note);
}

GtkWidget *
vt_municipality_dialog_new (GtkWindow *parent)
{
  return g_object_new (VT_TYPE_MUNICIPALITY_DIALOG,
                       "transient-for", parent,
                       "modal", FALSE,
                       NULL);
}
