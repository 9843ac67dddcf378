/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-training-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-debrief-view.h"
#include "vt-scenario.h"
#include "vt-training-dialog.h"
#include "vt-window.h"

struct _VtTrainingDialog
{
  AdwWindow parent_instance;

  GtkWindow *parent;          /* the main window (weak: the dialog is transient for it) */
  char *language;             /* "nb" or "nn" */
  GtkToggleButton *nb_button;
  GtkToggleButton *nn_button;
  GtkListBox *session_list;
  GtkCheckButton *radio_group; /* the first session's radio, which the others join */
  GtkCheckButton *morning_radio;
  GtkCheckButton *closing_radio;
  AdwEntryRow *trainee_row;
  GtkWidget *start_button;
  GPtrArray *paths;           /* the sessions listed, in order */
  char *selected_path;
  char *other_path;           /* a scenario file chosen with Open Scenario File…, or NULL */
};

G_DEFINE_FINAL_TYPE (VtTrainingDialog, vt_training_dialog, ADW_TYPE_WINDOW)

const char *
vt_training_ui_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "nn"))
        return "nn";
      if (g_str_has_prefix (names[i], "nb") || g_str_has_prefix (names[i], "no"))
        return "nb";
    }
  return "nb";
}

char *
vt_training_library_dup_dir (const char *language)
{
  const char *override = g_getenv ("VALGTING_SCENARIO_LIBRARY");
  const char * const *dirs = g_get_system_data_dirs ();

  if (override != NULL && *override != '\0')
    return g_build_filename (override, language, NULL);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "valgting", "scenarios", "training",
                                               language, NULL);
      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&dir);
    }
  return g_build_filename (g_get_user_data_dir (), "valgting", "scenarios", "training",
                           language, NULL);
}

/* ---- the list of sessions --------------------------------------------------------------- */

typedef struct
{
  char *path;
  char *title;
  char *description;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->path);
  g_free (entry->title);
  g_free (entry->description);
  g_free (entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = *(const Entry * const *)a;
  const Entry *y = *(const Entry * const *)b;

  return g_utf8_collate (x->title, y->title);
}

static void
on_radio_toggled (GtkCheckButton   *radio,
                  VtTrainingDialog *self)
{
  if (!gtk_check_button_get_active (radio))
    return;
  g_free (self->selected_path);
  self->selected_path = g_strdup (g_object_get_data (G_OBJECT (radio), "vt-path"));
  gtk_widget_set_sensitive (self->start_button, self->selected_path != NULL);
}

static void
add_row (VtTrainingDialog *self,
         const char       *path,
         const char       *title,
         const char       *description)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *radio = gtk_check_button_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_description = g_markup_escape_text (description, -1);

  g_object_set_data_full (G_OBJECT (radio), "vt-path", g_strdup (path), g_free);
  if (self->radio_group == NULL)
    self->radio_group = GTK_CHECK_BUTTON (radio);
  else
    gtk_check_button_set_group (GTK_CHECK_BUTTON (radio), self->radio_group);
  gtk_widget_set_valign (radio, GTK_ALIGN_CENTER);
  g_signal_connect (radio, "toggled", G_CALLBACK (on_radio_toggled), self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_description);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), radio);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), radio);
  gtk_list_box_append (self->session_list, row);
  g_ptr_array_add (self->paths, g_strdup (path));
}

static void
select_first (VtTrainingDialog *self)
{
  if (self->radio_group != NULL)
    gtk_check_button_set_active (self->radio_group, TRUE);
}

static void
fill_list (VtTrainingDialog *self)
{
  g_autofree char *dir_path = vt_training_library_dup_dir (self->language);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  GtkWidget *child;
  const char *name;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->session_list))) != NULL)
    gtk_list_box_remove (self->session_list, child);
  self->radio_group = NULL;
  g_ptr_array_set_size (self->paths, 0);
  g_clear_pointer (&self->selected_path, g_free);
  gtk_widget_set_sensitive (self->start_button, FALSE);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      VtScenario *scenario;
      Entry *entry;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      scenario = vt_scenario_load (path, &error);
      if (scenario == NULL)
        {
          g_warning ("The training session %s cannot be read: %s", path, error->message);
          continue;
        }
      entry = g_new0 (Entry, 1);
      entry->path = g_steal_pointer (&path);
      entry->title = g_strdup (vt_scenario_get_title (scenario));
      entry->description = g_strdup (vt_scenario_get_description (scenario) != NULL
                                       ? vt_scenario_get_description (scenario) : "");
      vt_scenario_free (scenario);
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_entries);

  if (self->other_path != NULL)
    {
      g_autofree char *base = g_path_get_basename (self->other_path);
      VtScenario *scenario = vt_scenario_load (self->other_path, NULL);

      add_row (self, self->other_path,
               scenario != NULL ? vt_scenario_get_title (scenario) : base, self->other_path);
      g_clear_pointer (&scenario, vt_scenario_free);
    }
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      add_row (self, entry->path, entry->title, entry->description);
    }
  if (self->paths->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No training sessions were found in this language"));
      gtk_list_box_append (self->session_list, row);
    }
  select_first (self);
}

/* ---- public ----------------------------------------------------------------------------- */

void
vt_training_dialog_set_language (VtTrainingDialog *self,
                                 const char       *language)
{
  g_return_if_fail (VT_IS_TRAINING_DIALOG (self));
  g_return_if_fail (g_strcmp0 (language, "nb") == 0 || g_strcmp0 (language, "nn") == 0);

  if (g_strcmp0 (self->language, language) != 0)
    {
      g_free (self->language);
      self->language = g_strdup (language);
    }
  gtk_toggle_button_set_active (g_str_equal (language, "nn") ? self->nn_button
                                                            : self->nb_button, TRUE);
  fill_list (self);
}

const char *
vt_training_dialog_get_language (VtTrainingDialog *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_DIALOG (self), NULL);
  return self->language;
}

GPtrArray *
vt_training_dialog_dup_paths (VtTrainingDialog *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (VT_IS_TRAINING_DIALOG (self), NULL);
  for (guint i = 0; i < self->paths->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (self->paths, i)));
  return copy;
}

gboolean
vt_training_dialog_select_path (VtTrainingDialog *self,
                                const char       *path)
{
  g_return_val_if_fail (VT_IS_TRAINING_DIALOG (self), FALSE);

  for (guint i = 0; i < self->paths->len; i++)
    if (g_str_equal (g_ptr_array_index (self->paths, i), path))
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->session_list, (int)i);
        adw_action_row_activate (ADW_ACTION_ROW (row));
        return TRUE;
      }
  return FALSE;
}

const char *
vt_training_dialog_get_selected_path (VtTrainingDialog *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_DIALOG (self), NULL);
  return self->selected_path;
}

void
vt_training_dialog_set_start (VtTrainingDialog *self,
                              VtTrainingStart   start)
{
  g_return_if_fail (VT_IS_TRAINING_DIALOG (self));
  gtk_check_button_set_active (start == VT_TRAINING_START_CLOSING ? self->closing_radio
                                                                  : self->morning_radio, TRUE);
}

void
vt_training_dialog_set_trainee (VtTrainingDialog *self,
                                const char       *trainee)
{
  g_return_if_fail (VT_IS_TRAINING_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->trainee_row), trainee);
}

void
vt_training_dialog_start (VtTrainingDialog *self)
{
  VtTrainingStart start;

  g_return_if_fail (VT_IS_TRAINING_DIALOG (self));
  if (self->selected_path == NULL || !VT_IS_WINDOW (self->parent))
    return;
  start = gtk_check_button_get_active (self->closing_radio) ? VT_TRAINING_START_CLOSING
                                                            : VT_TRAINING_START_MORNING;
  /* The window says what went wrong, if anything did; the dialog has done its part. */
  if (vt_window_start_training_session_for (VT_WINDOW (self->parent), self->selected_path, start,
                                            gtk_editable_get_text (GTK_EDITABLE (self->trainee_row))))
    gtk_window_destroy (GTK_WINDOW (self));
}

GtkWidget *
vt_training_dialog_classroom (VtTrainingDialog *self,
                              const char       *folder)
{
  g_autoptr(GPtrArray) unreadable = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = self->parent != NULL ? self->parent : GTK_WINDOW (self);
  GtkWidget *preview;
  GtkWidget *dialog;

  g_return_val_if_fail (VT_IS_TRAINING_DIALOG (self), NULL);
  if (self->selected_path == NULL)
    return NULL;

  preview = vt_debrief_view_show_classroom (parent, self->selected_path, folder, unreadable,
                                            &error);
  if (preview == NULL)
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                       _("The classroom debrief could not be made"),
                                       error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return NULL;
    }
  gtk_window_destroy (GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (preview));
  if (unreadable->len > 0)
    {
      g_ptr_array_add (unreadable, NULL);
      g_autofree char *body = g_strjoinv ("\n", (char **)unreadable->pdata);

      dialog = adw_message_dialog_new (GTK_WINDOW (preview),
                                       ngettext ("A station file could not be read and is left "
                                                 "out",
                                                 "Some station files could not be read and are "
                                                 "left out",
                                                 unreadable->len - 1),
                                       body);
      adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  return preview;
}

/* ---- buttons ---------------------------------------------------------------------------- */

static void
on_language_toggled (GtkToggleButton  *button,
                     VtTrainingDialog *self)
{
  const char *language = button == self->nn_button ? "nn" : "nb";

  if (gtk_toggle_button_get_active (button) && g_strcmp0 (self->language, language) != 0)
    vt_training_dialog_set_language (self, language);
}

static GtkFileFilter *
scenario_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Scenarios (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

static void
on_open_response (GtkNativeDialog  *native,
                  int               response,
                  VtTrainingDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      char *path = g_file_get_path (file);

      if (path != NULL)
        {
          g_free (self->other_path);
          self->other_path = path;
          fill_list (self);
        }
    }
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_open_clicked (VtTrainingDialog *self)
{
  g_autoptr(GtkFileFilter) filter = scenario_filter ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open a Scenario"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_open_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_folder_response (GtkNativeDialog  *native,
                    int               response,
                    VtTrainingDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        vt_training_dialog_classroom (self, path);
    }
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_classroom_clicked (VtTrainingDialog *self)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose the Folder of the Trainees' Station Files"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_folder_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* ---- life cycle ------------------------------------------------------------------------- */

static void
vt_training_dialog_finalize (GObject *object)
{
  VtTrainingDialog *self = VT_TRAINING_DIALOG (object);

  g_free (self->language);
  g_ptr_array_unref (self->paths);
  g_free (self->selected_path);
  g_free (self->other_path);
  G_OBJECT_CLASS (vt_training_dialog_parent_class)->finalize (object);
}

static void
vt_training_dialog_class_init (VtTrainingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vt_training_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX
                                               "/training/vt-training-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VtTrainingDialog, nb_button);
  gtk_widget_class_bind_template_child (widget_class, VtTrainingDialog, nn_button);
  gtk_widget_class_bind_template_child (widget_class, VtTrainingDialog, session_list);
  gtk_widget_class_bind_template_child (widget_class, VtTrainingDialog, morning_radio);
  gtk_widget_class_bind_template_child (widget_class, VtTrainingDialog, closing_radio);
  gtk_widget_class_bind_template_child (widget_class, VtTrainingDialog, trainee_row);
  gtk_widget_class_bind_template_child (widget_class, VtTrainingDialog, start_button);
  gtk_widget_class_bind_template_callback (widget_class, on_language_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_classroom_clicked);
  gtk_widget_class_bind_template_callback (widget_class, vt_training_dialog_start);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vt_training_dialog_init (VtTrainingDialog *self)
{
  self->paths = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->start_button);
  /* Enter starts the session chosen (the first, or the one chosen last); Cancel is by Escape. */
  g_signal_connect_object (self, "map", G_CALLBACK (gtk_widget_grab_focus), self->start_button,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

GtkWidget *
vt_training_dialog_new (GtkWindow *parent)
{
  VtTrainingDialog *self = g_object_new (VT_TYPE_TRAINING_DIALOG, "transient-for", parent,
                                         "modal", TRUE, "destroy-with-parent", TRUE, NULL);

  self->parent = parent;
  vt_training_dialog_set_language (self, vt_training_ui_language ());
  return GTK_WIDGET (self);
}
