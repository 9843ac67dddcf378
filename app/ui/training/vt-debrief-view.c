/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-debrief-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-debrief-view.h"
#include "vt-document-actions.h"
#include "vt-store.h"

/* What a debrief is built from: a scenario and one station (a trainee) or several (a
 * classroom). */
typedef struct
{
  char *scenario_path;
  GPtrArray *station_paths;  /* char * */
  gboolean classroom;
  char *title;
  char *file_name;
  GWeakRef session;          /* the session still running, for its clock; else empty */
} Source;

static void
source_free (Source *source)
{
  g_free (source->scenario_path);
  g_ptr_array_unref (source->station_paths);
  g_free (source->title);
  g_free (source->file_name);
  g_weak_ref_clear (&source->session);
  g_free (source);
}

const char *
vt_debrief_view_scenario_language (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (dir);

  if (g_str_equal (name, "nn"))
    return "nn";
  if (g_str_equal (name, "nb"))
    return "nb";
  return NULL;
}

/* Builds the document from the files as they are now. The stations that cannot be read are
 * left out and named in @unreadable (if given); NULL when none can be, or the scenario
 * cannot. */
static VtDoc *
source_build (Source     *source,
              GPtrArray  *unreadable,
              GError    **error)
{
  VtScenario *scenario = vt_scenario_load (source->scenario_path, error);
  g_autoptr(GPtrArray) debriefs = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_debrief_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *language = vt_debrief_view_scenario_language (source->scenario_path);
  VtDoc *doc = NULL;
  g_autoptr(VtTrainingSession) session = g_weak_ref_get (&source->session);
  /* While the session runs, its tasks still to come are not missed. */
  g_autoptr(GDateTime) now = session != NULL ? vt_training_session_dup_now (session) : NULL;

  if (scenario == NULL)
    return NULL;
  for (guint i = 0; i < source->station_paths->len; i++)
    {
      const char *path = g_ptr_array_index (source->station_paths, i);
      g_autoptr(GError) local_error = NULL;
      VtDebrief *debrief = vt_debrief_new_at (scenario, path, now, &local_error);

      if (debrief == NULL)
        {
          g_autofree char *base = g_path_get_basename (path);

          if (unreadable != NULL)
            g_ptr_array_add (unreadable, g_strdup_printf ("%s: %s", base,
                                                          local_error->message));
          if (!source->classroom)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              vt_scenario_free (scenario);
              return NULL;
            }
          continue;
        }
      g_ptr_array_add (debriefs, debrief);
      g_ptr_array_add (names, vt_debrief_dup_trainee_name (path));
    }

  if (debriefs->len == 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("No station file in the folder could be read."));
  else if (source->classroom)
    doc = vt_debrief_doc_build_classroom (scenario, (VtDebrief * const *)debriefs->pdata,
                                          (const char * const *)names->pdata, debriefs->len,
                                          language);
  else
    doc = vt_debrief_doc_build (scenario, g_ptr_array_index (debriefs, 0),
                                g_ptr_array_index (names, 0), language);
  /* The document is drawn: the debriefs, then the scenario they read, may go. */
  g_ptr_array_set_size (debriefs, 0);
  vt_scenario_free (scenario);
  return doc;
}

static void
show_build_error (GtkWindow    *parent,
                  const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The debrief could not be made"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_print_clicked (GtkButton *button,
                  Source    *source)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  g_autoptr(GError) error = NULL;
  g_autoptr(VtDoc) doc = source_build (source, NULL, &error);

  if (doc == NULL)
    show_build_error (window, error);
  else
    vt_doc_print (window, g_steal_pointer (&doc), source->title);
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
  dialog = adw_message_dialog_new (window, ok ? _("Debrief saved") : _("The debrief was not saved"),
                                   message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_save_clicked (GtkButton *button,
                 Source    *source)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  g_autoptr(GError) error = NULL;
  VtDoc *doc = source_build (source, NULL, &error);

  if (doc == NULL)
    show_build_error (window, error);
  else
    vt_doc_save_as (window, doc, source->file_name, on_saved, g_object_ref (window));
}

/* Consumes @source. */
static GtkWidget *
show_source (GtkWindow  *parent,
             Source     *source,
             GPtrArray  *unreadable,
             GError    **error)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *print = gtk_button_new_with_mnemonic (_("_Print…"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save PDF…"));
  VtDoc *doc = source_build (source, unreadable, error);
  GtkWidget *window;

  if (doc == NULL)
    {
      source_free (source);
      g_object_ref_sink (buttons);
      g_object_unref (buttons);
      return NULL;
    }
  gtk_widget_add_css_class (print, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), save);
  gtk_box_append (GTK_BOX (buttons), print);
  g_signal_connect (print, "clicked", G_CALLBACK (on_print_clicked), source);
  g_signal_connect (save, "clicked", G_CALLBACK (on_save_clicked), source);

  window = vt_doc_preview_new (parent, doc, source->title, buttons);
  g_object_set_data_full (G_OBJECT (window), "vt-debrief-source", source,
                          (GDestroyNotify)source_free);
  return window;
}

GtkWidget *
vt_debrief_view_show_session (GtkWindow          *parent,
                              VtTrainingSession  *session,
                              GError            **error)
{
  VtScenario *scenario = vt_training_session_get_scenario (session);
  const char *station_path = vt_station_get_path (vt_training_session_get_station (session));
  g_autofree char *trainee = vt_debrief_dup_trainee_name (station_path);
  Source *source = g_new0 (Source, 1);

  source->scenario_path = g_strdup (vt_training_session_get_scenario_path (session));
  g_weak_ref_init (&source->session, session);
  source->station_paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (source->station_paths, g_strdup (station_path));
  /* Translators: the debrief preview's title, "Debrief: A full urn" */
  source->title = g_strdup_printf (_("Debrief: %s"), vt_scenario_get_title (scenario));
  /* Translators: file name of a saved debrief, "debrief — training-20261205-1040.pdf"; no
   * slashes */
  source->file_name = g_strdup_printf (_("debrief — %s.pdf"), trainee);
  return show_source (parent, source, NULL, error);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *)a, *(const char * const *)b);
}

GtkWidget *
vt_debrief_view_show_classroom (GtkWindow          *parent,
                                const char         *scenario_path,
                                const char         *folder,
                                GPtrArray          *unreadable,
                                GError            **error)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  VtScenario *scenario;
  Source *source;
  const char *name;

  if (dir == NULL)
    return NULL;
  scenario = vt_scenario_load (scenario_path, error);
  if (scenario == NULL)
    return NULL;

  source = g_new0 (Source, 1);
  source->classroom = TRUE;
  source->scenario_path = g_strdup (scenario_path);
  source->station_paths = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, VT_STORE_EXTENSION))
      g_ptr_array_add (source->station_paths, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (source->station_paths, compare_paths);
  /* Translators: the classroom debrief's title, "Classroom debrief: A full urn" */
  source->title = g_strdup_printf (_("Classroom debrief: %s"), vt_scenario_get_title (scenario));
  /* Translators: file name of a saved classroom debrief; no slashes */
  source->file_name = g_strdup (_("classroom debrief.pdf"));
  vt_scenario_free (scenario);
  return show_source (parent, source, unreadable, error);
}
