/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-data-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vt-data-export.h"
#include "vt-export.h"
#include "vt-results.h"

/* The exports read the station file from disk on their own read-only connection, after
 * verifying it, so they run in a thread while the window goes on logging: what they write is
 * what was committed when they began. A file the chair chose to replace (the chooser asked) is
 * replaced only once the new one is complete. */

typedef gboolean (*WriteFunc) (const char *station,
                               const char *out,
                               GError    **error);

static gboolean
write_log (const char *station,
           const char *out,
           GError    **error)
{
  return vt_export_log (station, out, NULL, NULL, error);
}

static gboolean
write_events (const char *station,
              const char *out,
              GError    **error)
{
  return vt_export_events (station, out, NULL, error);
}

static const struct
{
  VtDataKind kind;
  const char *id;         /* the name's middle: "nesttun-log.csv" */
  const char *extension;  /* the name offered */
  WriteFunc write;
} kinds[] = {
  { VT_DATA_LOG, "log", "csv", write_log },
  { VT_DATA_EVENTS, "events", "json", write_events },
  { VT_DATA_RESULTS, "results", "json", vt_results_export },
};
G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == VT_N_DATA_KINDS);

gboolean
vt_data_kind_from_string (const char *str,
                          VtDataKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (str, kinds[i].id) == 0)
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

const char *
vt_data_kind_to_string (VtDataKind kind)
{
  g_return_val_if_fail (kind < VT_N_DATA_KINDS, NULL);
  return kinds[kind].id;
}

typedef struct
{
  GtkWindow *parent;
  VtDataKind kind;
  char *station_path;
  char *out_path;
  VtDocumentActionsDone done;
  gpointer user_data;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->parent);
  g_free (job->station_path);
  g_free (job->out_path);
  g_free (job);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  WriteFunc write = kinds[job->kind].write;
  GError *error = NULL;
  g_autofree char *fresh = NULL;

  if (!g_file_test (job->out_path, G_FILE_TEST_EXISTS))
    {
      if (write (job->station_path, job->out_path, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }
  /* Replacing a file: the new one under another name beside it first, then renamed over the
   * old, so a failure leaves the old file as it was. The extension stays last: the log's
   * format is chosen by it. */
  {
    g_autofree char *dir = g_path_get_dirname (job->out_path);
    g_autofree char *base = g_path_get_basename (job->out_path);
    g_autofree char *name = g_strdup_printf (".%u-%s", (guint)g_random_int (), base);

    fresh = g_build_filename (dir, name, NULL);
  }
  if (!write (job->station_path, fresh, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_rename (fresh, job->out_path) != 0)
    {
      int saved = errno;

      g_unlink (fresh);
      g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved),
                               /* Translators: "Could not replace results.json: Permission
                                * denied" */
                               _("Could not replace %s: %s"), job->out_path,
                               g_strerror (saved));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (job->parent, _("The File Was Not Saved"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      if (job->done != NULL)
        job->done (job->user_data, FALSE, error->message);
      return;
    }
  if (job->done != NULL)
    {
      g_autofree char *name = g_path_get_basename (job->out_path);
      /* Translators: a confirmation once the file is on disk: "protocol.pdf saved" */
      g_autofree char *text = g_strdup_printf (_("%s saved"), name);

      job->done (job->user_data, TRUE, text);
    }
}

static void
on_response (GtkNativeDialog *chooser,
             int              response,
             Job             *job)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GTask) task = g_task_new (NULL, NULL, on_written, NULL);

      job->out_path = g_file_get_path (file);
      g_task_set_task_data (task, job, (GDestroyNotify)job_free);
      g_task_run_in_thread (task, write_thread);
    }
  else
    {
      if (job->done != NULL)
        job->done (job->user_data, FALSE, NULL);
      job_free (job);
    }
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            const char     *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

/**
 * vt_data_export:
 *
 * Asks where to save @kind of @station's data, then writes it in a thread from the file on
 * disk. The station is not written to: an export is not a print of the protocol.
 */
void
vt_data_export (GtkWindow            *parent,
                VtStation            *station,
                VtDataKind            kind,
                VtDocumentActionsDone done,
                gpointer              user_data)
{
  static const char *const titles[] = {
    N_("Export Log"), N_("Export Event Log"), N_("Export Results"),
  };
  Job *job;
  GtkFileChooserNative *chooser;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;

  g_return_if_fail (VT_IS_STATION (station));
  g_return_if_fail (kind < VT_N_DATA_KINDS);
  G_STATIC_ASSERT (G_N_ELEMENTS (titles) == VT_N_DATA_KINDS);

  job = g_new0 (Job, 1);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->kind = kind;
  job->station_path = g_strdup (vt_station_get_path (station));
  job->done = done;
  job->user_data = user_data;

  chooser = gtk_file_chooser_native_new (_(titles[kind]), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  if (kind == VT_DATA_LOG)
    add_filter (GTK_FILE_CHOOSER (chooser), _("CSV files (spreadsheets)"), "text/csv", "*.csv");
  add_filter (GTK_FILE_CHOOSER (chooser), _("JSON files"), "application/json", "*.json");

  /* "nesttun.valgting" → "nesttun-results.json": the kind ids, not words of a language, as
   * the reports kept beside the station file are named */
  base = g_path_get_basename (job->station_path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strdup_printf ("%s-%s.%s", base, kinds[kind].id, kinds[kind].extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_response), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
