/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-document-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-document-actions.h"
#include "vt-document-actions-private.h"
#include "vt-kind-ids.h"
#include "vt-station-state.h"
#include "vt-verify.h"

/* Preview, export and print the documents of the day. Each is laid out by the core
 * (vt-documents.c) from the station as it is now; the preview draws its pages with the very
 * function that draws the PDF and the printout, so what the chair sees is what is printed.
 * Writing the PDF runs in a thread: the window stays live while a USB stick is slow, and a
 * long document shows how far it has come, with a Cancel. The preview is in vt-doc-preview.c.
 *
 * Before a document is shown, printed or saved, the file is checked (vt_verify_store: the
 * guards, the chain, entry 1 and every derived table rebuilt from the journal): a file changed
 * outside Valgting is refused, so nothing forged is ever printed under the real checksum. */

typedef struct
{
  GtkWindow *parent;
  VtDoc *doc;
  char *path;
  VtDocumentActionsDone done;
  gpointer user_data;
  VtStation *station;   /* to log the print, or NULL */
  VtDocumentKind kind;
  guint copy;
  char *source;         /* when doc is NULL: the station file to build it from */

  /* The progress of the writing thread, and its Cancel. */
  GCancellable *cancellable;
  int permille;             /* atomic: how far the thread has come, in thousandths */
  gint64 started;
  guint progress_source;
  GtkWidget *progress;      /* the dialog, once shown; a weak pointer */
  GtkWidget *progress_bar;
} Job;

/* Forgets the progress dialog, and closes it unless it is closing itself (@destroy FALSE:
 * after its Cancel). */
static void
forget_progress (Job      *job,
                 gboolean  destroy)
{
  GtkWidget *progress = job->progress;

  g_clear_handle_id (&job->progress_source, g_source_remove);
  if (progress == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (progress), (gpointer *)&job->progress);
  job->progress = NULL;
  job->progress_bar = NULL;
  if (destroy)
    gtk_window_destroy (GTK_WINDOW (progress));
}

static void
job_free (Job *job)
{
  forget_progress (job, TRUE);
  g_clear_object (&job->parent);
  g_clear_pointer (&job->doc, vt_doc_free);
  g_clear_object (&job->station);
  g_clear_object (&job->cancellable);
  g_free (job->source);
  g_free (job->path);
  g_free (job);
}

static void
report (Job          *job,
        gboolean      ok,
        const char   *message)
{
  if (job->done != NULL)
    job->done (job->user_data, ok, message);
}

/* ---- export ----------------------------------------------------------------------------- */

/* A PDF that takes longer than this to write shows its progress; a shorter one never flashes
 * a dialog. */
static guint progress_delay_ms = 300;

/**
 * vt_document_set_progress_delay:
 *
 * For tests: how long a PDF is written before its progress is shown (default 300 ms).
 */
void
vt_document_set_progress_delay (guint ms)
{
  progress_delay_ms = ms;
}

/* On a worker thread: only a number crosses to the main thread (@user_data, an int of
 * thousandths), which looks at it when it redraws its bar; thousands of pages do not make
 * thousands of main-loop callbacks. The export's and the preview's progress alike. */
void
vt_document_store_permille (guint64  done,
                            guint64  total,
                            gpointer user_data)
{
  g_atomic_int_set ((int *)user_data, total > 0 ? (int)(done * 1000 / total) : 0);
}

/* On a worker thread: copy @copy of @kind of the station at @path, from a read-only station of
 * the thread's own (the station's connection belongs to the main thread). */
VtDoc *
vt_document_build_in_thread (const char      *path,
                             VtDocumentKind   kind,
                             guint            copy,
                             GError         **error)
{
  g_autoptr(VtStation) station = vt_station_open_read_only (path, error);

  return station != NULL ? vt_document_build (station, kind, copy) : NULL;
}

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  /* A station's document is built here too (150 ms for 20,000 entries, which would freeze the
   * window). */
  if (job->doc == NULL &&
      (job->doc = vt_document_build_in_thread (job->source, job->kind, job->copy,
                                                &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!vt_doc_write_pdf_full (job->doc, job->path, job->cancellable,
                              vt_document_store_permille, &job->permille, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_progress_response (AdwMessageDialog *dialog,
                      const char       *response,
                      Job              *job)
{
  g_cancellable_cancel (job->cancellable);
  forget_progress (job, FALSE);
}

static gboolean
update_progress (gpointer user_data)
{
  Job *job = user_data;

  if (job->progress == NULL)
    {
      g_autofree char *name = NULL;

      if (g_get_monotonic_time () - job->started < progress_delay_ms * G_TIME_SPAN_MILLISECOND)
        return G_SOURCE_CONTINUE;
      name = g_path_get_basename (job->path);
      job->progress = adw_message_dialog_new (job->parent, _("Saving the PDF…"), name);
      g_object_add_weak_pointer (G_OBJECT (job->progress), (gpointer *)&job->progress);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (job->progress), "cancel",
                                       _("_Cancel"));
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (job->progress), "cancel");
      job->progress_bar = gtk_progress_bar_new ();
      gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (job->progress_bar), TRUE);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (job->progress), job->progress_bar);
      g_signal_connect (job->progress, "response", G_CALLBACK (on_progress_response), job);
      gtk_window_present (GTK_WINDOW (job->progress));
    }
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (job->progress_bar),
                                 g_atomic_int_get (&job->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  forget_progress (job, TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_path_get_basename (job->path);
      /* Translators: after Cancel while a PDF was being saved; %s is the file's name */
      g_autofree char *cancelled = g_strdup_printf (_("Saving was cancelled. Nothing was "
                                                      "written to “%s”."), name);
      const char *message = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                              ? cancelled : error->message;
      GtkWidget *dialog = adw_message_dialog_new (job->parent, _("The PDF was not saved"),
                                                  message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      report (job, FALSE, message);
      return;
    }
  /* The next one is a numbered copy. A failure to log it does not undo the file. A station
   * opened read-only is not written to: its PDF is saved all the same, unlogged. */
  if (job->station != NULL && !vt_station_get_read_only (job->station) &&
      !vt_document_log_printed (job->station, job->kind, job->copy, &error))
    g_warning ("The export was not logged: %s", error->message);
  {
    g_autofree char *name = g_path_get_basename (job->path);
    /* Translators: a confirmation once the file is on disk: "protocol.pdf saved" */
    g_autofree char *text = g_strdup_printf (_("%s saved"), name);
    report (job, TRUE, text);
  }
}

/* Writes @doc (consumed) to @path in a thread, or, when @doc is NULL, copy @copy of @kind of
 * @station, built in the thread; the copy is logged as printed when @log. */
static void
export_logged (GtkWindow            *parent,
               VtDoc                *doc,
               const char           *path,
               VtStation            *station,
               gboolean              log,
               VtDocumentKind        kind,
               guint                 copy,
               VtDocumentActionsDone done,
               gpointer              user_data)
{
  Job *job = g_new0 (Job, 1);
  g_autoptr(GTask) task = NULL;

  g_assert (doc != NULL || station != NULL);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->doc = doc;
  job->path = g_strdup (path);
  job->done = done;
  job->user_data = user_data;
  job->station = log ? g_object_ref (station) : NULL;
  job->kind = kind;
  job->copy = copy;
  if (doc == NULL)
    job->source = g_strdup (vt_station_get_path (station));
  job->cancellable = g_cancellable_new ();
  job->started = g_get_monotonic_time ();
  job->progress_source = g_timeout_add (100, update_progress, job);

  /* The cancellable is the job's, not the task's: a file written whole just as Cancel was
   * pressed is saved, and said to be. */
  task = g_task_new (NULL, NULL, on_written, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, write_in_thread);
}

/**
 * vt_document_export_to:
 *
 * Writes @doc (consumed) to @path in a thread and calls @done on the main thread.
 */
void
vt_document_export_to (GtkWindow            *parent,
                       VtDoc                *doc,
                       const char           *path,
                       VtDocumentActionsDone done,
                       gpointer              user_data)
{
  export_logged (parent, doc, path, NULL, FALSE, VT_DOCUMENT_PROTOCOL, 0, done, user_data);
}

typedef struct
{
  GtkWindow *parent;
  VtDoc *doc;
  VtDocumentActionsDone done;
  gpointer user_data;
  VtStation *station;
  VtDocumentKind kind;
  guint copy;
} Pending;

/* ---- the reports at the turns of the day ------------------------------------------------- */

char *
vt_document_dup_day_report_path (VtStation      *station,
                                 VtDocumentKind  kind)
{
  const char *doors = kind == VT_DOCUMENT_CLOSING_REPORT ? VT_KIND_DOORS_CLOSE
                                                         : VT_KIND_DOORS_OPEN;
  GListModel *journal;
  const char *path;
  g_autofree char *stem = NULL;
  const char *dot;
  guint turn = 0;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (kind == VT_DOCUMENT_OPENING_REPORT || kind == VT_DOCUMENT_CLOSING_REPORT,
                        NULL);

  /* Which time the doors opened (or closed): an annulled one is not counted, so a report
   * made again after a correction replaces the one it corrects. */
  journal = vt_station_get_journal (station);
  for (guint i = 0; i < g_list_model_get_n_items (journal); i++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i);
      g_autoptr(JsonObject) payload = NULL;

      if (!g_str_equal (vt_journal_entry_get_kind (entry), doors))
        continue;
      payload = vt_station_dup_effective_payload (station, entry);
      turn += payload != NULL;
    }

  path = vt_station_get_path (station);
  dot = strrchr (path, '.');
  stem = dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL ? g_strndup (path, dot - path)
                                                              : g_strdup (path);
  if (turn > 1)
    return g_strdup_printf ("%s-%s-%u.pdf", stem, vt_document_kind_to_string (kind), turn);
  return g_strdup_printf ("%s-%s.pdf", stem, vt_document_kind_to_string (kind));
}

/* ---- export, continued ------------------------------------------------------------------ */

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  Pending         *pending)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      export_logged (pending->parent, g_steal_pointer (&pending->doc), path, pending->station,
                     pending->station != NULL, pending->kind, pending->copy, pending->done,
                     pending->user_data);
    }
  else if (pending->done != NULL)
    /* Cancelled: nothing to say, but the caller hears the end of it. */
    pending->done (pending->user_data, FALSE, NULL);
  g_clear_pointer (&pending->doc, vt_doc_free);
  g_clear_object (&pending->parent);
  g_clear_object (&pending->station);
  g_free (pending);
  g_object_unref (chooser);
}

/* The save dialog for @pending's document, named @name. */
static void
choose_where_to_save (Pending    *pending,
                      const char *name)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *safe = g_strdup (name);

  chooser = gtk_file_chooser_native_new (_("Export PDF"), pending->parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_strdelimit (safe, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), safe);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), pending);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_now (GtkWindow            *parent,
            VtStation            *station,
            VtDocumentKind        kind,
            VtDocumentActionsDone done,
            gpointer              user_data)
{
  Pending *pending = g_new0 (Pending, 1);
  g_autofree char *name = NULL;
  g_autofree char *precinct = vt_config_dup_precinct_title (vt_station_get_config (station));

  pending->parent = parent != NULL ? g_object_ref (parent) : NULL;
  pending->station = g_object_ref (station);
  pending->kind = kind;
  /* The document is built in the writing thread, once the chair said where. */
  pending->copy = vt_document_next_copy (station, kind);
  pending->done = done;
  pending->user_data = user_data;

  /* "protocol — 0656 Nesttun skole.pdf" */
  name = g_strdup_printf ("%s — %s.pdf", vt_document_kind_get_title (kind,
                                                                      vt_station_get_config (
                                                                        station)),
                          precinct);
  choose_where_to_save (pending, name);
}

/**
 * vt_doc_save_as:
 *
 * Asks where to save @doc (consumed) as a PDF, offering @name, then writes it in a thread; a
 * document of no station (a debrief), so no print is logged.
 */
void
vt_doc_save_as (GtkWindow            *parent,
                VtDoc                *doc,
                const char           *name,
                VtDocumentActionsDone done,
                gpointer              user_data)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->parent = parent != NULL ? g_object_ref (parent) : NULL;
  pending->doc = doc;
  pending->done = done;
  pending->user_data = user_data;
  choose_where_to_save (pending, name);
}

/* ---- print ------------------------------------------------------------------------------ */

typedef struct
{
  GtkWindow *parent;
  VtDoc *doc;
  VtStation *station;   /* to log the print, or NULL */
  VtDocumentKind kind;
  guint copy;
  gboolean previewed;   /* the dialog's Preview: shown, not printed */
  gboolean finished;
} Print;

static void
print_free (Print *print)
{
  g_clear_object (&print->parent);
  g_clear_pointer (&print->doc, vt_doc_free);
  g_clear_object (&print->station);
  g_free (print);
}

/* A long document is cut into pages a piece at a time, some tens of milliseconds per call:
 * GTK calls again from the main loop until it is done, so the window stays live and GTK's
 * own progress dialog, with its Cancel, is shown. */
static gboolean
on_paginate (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             Print             *print)
{
  gint64 until = g_get_monotonic_time () + 20 * G_TIME_SPAN_MILLISECOND;

  while (!vt_doc_paginate_step (print->doc, NULL, NULL))
    if (g_get_monotonic_time () >= until)
      return FALSE;
  gtk_print_operation_set_n_pages (operation, (int)vt_doc_get_n_pages (print->doc));
  return TRUE;
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              Print             *print)
{
  vt_doc_render_page (print->doc, gtk_print_context_get_cairo_context (context), (guint)page,
                      gtk_print_context_get_width (context),
                      gtk_print_context_get_height (context));
}

static gboolean
release_operation (gpointer operation)
{
  g_object_unref (operation);
  return G_SOURCE_REMOVE;
}

/* Once, whether from ::done or from gtk_print_operation_run () itself: only a print that went
 * to the printer is logged; one cancelled in the dialog or while it was being prepared is not. */
static void
print_finished (GtkPrintOperation       *operation,
                GtkPrintOperationResult  result,
                const GError            *error,
                Print                   *print)
{
  g_autoptr(GError) log_error = NULL;

  if (print->finished)
    return;
  print->finished = TRUE;
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) print_error = NULL;
      GtkWidget *dialog;

      if (error == NULL)
        {
          gtk_print_operation_get_error (operation, &print_error);
          error = print_error;
        }
      dialog = adw_message_dialog_new (print->parent, _("Could not print"),
                                       error != NULL ? error->message : NULL);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && !print->previewed &&
           print->station != NULL &&
           !vt_station_get_read_only (print->station) &&
           !vt_document_log_printed (print->station, print->kind, print->copy, &log_error))
    g_warning ("The print was not logged: %s", log_error->message);
  /* Not from inside its own signal: GTK still uses the operation after ::done. */
  g_idle_add (release_operation, operation);
}

/* The dialog's Preview ends the operation as a print does (GTK_PRINT_OPERATION_RESULT_APPLY),
 * but nothing went to the printer: GTK's own previewer shows it, and it is not logged. */
static gboolean
on_print_preview (GtkPrintOperation        *operation,
                  GtkPrintOperationPreview *preview,
                  GtkPrintContext          *context,
                  GtkWindow                *parent,
                  Print                    *print)
{
  print->previewed = TRUE;
  return FALSE;
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               Print                   *print)
{
  print_finished (operation, result, NULL, print);
}

/* The real print dialog for @doc (consumed), without waiting for it: the pages are the PDF's
 * pages, and a print that went to the printer is logged as copy @copy of @kind of @station
 * (when not NULL). A failure is shown. */
static void
print_doc (GtkWindow      *parent,
           VtDoc          *doc,
           const char     *job_name,
           VtStation      *station,
           VtDocumentKind  kind,
           guint           copy)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;
  Print *print = g_new0 (Print, 1);
  GtkPrintOperationResult result;

  print->parent = parent != NULL ? g_object_ref (parent) : NULL;
  print->doc = doc;
  print->station = station != NULL ? g_object_ref (station) : NULL;
  print->kind = kind;
  print->copy = copy;
  g_object_set_data_full (G_OBJECT (operation), "vt-print", print, (GDestroyNotify)print_free);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  /* The document has its own margins; the printer's are outside them. */
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job_name);
  /* The window stays live while thousands of pages are laid out and drawn. */
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_show_progress (operation, TRUE);
  g_signal_connect (operation, "paginate", G_CALLBACK (on_paginate), print);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), print);
  g_signal_connect (operation, "preview", G_CALLBACK (on_print_preview), print);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done), print);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                                    &error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    print_finished (operation, result, error, print);
}

/**
 * vt_doc_print:
 *
 * The real print dialog for @doc (consumed), a document of no station's: nothing is logged.
 */
void
vt_doc_print (GtkWindow  *parent,
              VtDoc      *doc,
              const char *job_name)
{
  print_doc (parent, doc, job_name, NULL, VT_DOCUMENT_PROTOCOL, 0);
}

static void
print_now (GtkWindow      *parent,
           VtStation      *station,
           VtDocumentKind  kind)
{
  guint copy = vt_document_next_copy (station, kind);

  print_doc (parent, vt_document_build (station, kind, copy),
             vt_document_kind_get_title (kind, vt_station_get_config (station)), station, kind,
             copy);
}

/* ---- the file is checked first ---------------------------------------------------------- */

typedef enum
{
  CHECKED_PREVIEW,
  CHECKED_EXPORT,
  CHECKED_PRINT,
  CHECKED_SAVE_BESIDE,  /* the report at a turn of the day, beside the station file */
} CheckedAction;

typedef struct
{
  GtkWindow *parent;
  VtStation *station;
  VtDocumentKind kind;
  CheckedAction action;
  VtDocumentActionsDone done;
  gpointer user_data;
  char *path;
} Checked;

static void
checked_free (Checked *checked)
{
  g_clear_object (&checked->parent);
  g_clear_object (&checked->station);
  g_free (checked->path);
  g_free (checked);
}

static void
refuse (GtkWindow    *parent,
        const GError *error)
{
  /* Translators: the message when a station file fails its check before printing: the
   * check's own message (which names the first bad entry or table), then what to do */
  g_autofree char *body = g_strdup_printf (_("%s\n\nNothing was shown, printed or saved. Do "
                                             "not go on with this file: leave the computer as "
                                             "it is and call the election office. The second "
                                             "copy and the signed paper protocol hold what was "
                                             "recorded."), error->message);
  GtkWidget *dialog = adw_message_dialog_new (parent, _("The Station File Failed Its Check"),
                                              body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Runs what was asked for once the file passed, or refuses it. Returns the preview window
 * when one was opened. */
static GtkWidget *
checked_finish (Checked      *checked,
                const GError *error)
{
  if (error != NULL)
    {
      refuse (checked->parent, error);
      if (checked->done != NULL)
        checked->done (checked->user_data, FALSE, error->message);
      return NULL;
    }
  switch (checked->action)
    {
    case CHECKED_PREVIEW:
      return vt_document_preview_now (checked->parent, checked->station, checked->kind);
    case CHECKED_EXPORT:
      export_now (checked->parent, checked->station, checked->kind, checked->done,
                  checked->user_data);
      return NULL;
    case CHECKED_PRINT:
      print_now (checked->parent, checked->station, checked->kind);
      return NULL;
    case CHECKED_SAVE_BESIDE:
      {
        g_autofree char *path = vt_document_dup_day_report_path (checked->station,
                                                                 checked->kind);

        /* Not logged as a print: the file is the station's own record, and printing it
         * (vt_document_print ()) is logged. */
        export_logged (checked->parent, NULL, path, checked->station, FALSE, checked->kind, 0,
                       checked->done, checked->user_data);
        return NULL;
      }
    default:
      g_assert_not_reached ();
    }
}

/* A file too big to check in the blink of an eye: its own read-only connection, in a thread
 * (the whole check, as `valgting verify` makes it). */
static void
check_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Checked *checked = task_data;
  g_auto(VtVerifyReport) report = { 0 };
  GError *error = NULL;

  if (!vt_verify_file (checked->path, &report, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Checked *checked = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  checked_finish (checked, error);
}

/* Up to this many entries the file is checked at once, on the main thread. */
static gint64 check_at_once_max = VT_VERIFY_OPEN_STATE_MAX;

/**
 * vt_document_set_check_at_once_max:
 *
 * For tests: the size up to which a file is checked on the main thread (beyond, in a
 * thread); -1 restores the default.
 */
void
vt_document_set_check_at_once_max (gint64 n_entries)
{
  check_at_once_max = n_entries < 0 ? VT_VERIFY_OPEN_STATE_MAX : n_entries;
}

static GtkWidget *
check_then (GtkWindow            *parent,
            VtStation            *station,
            VtDocumentKind        kind,
            CheckedAction         action,
            VtDocumentActionsDone done,
            gpointer              user_data)
{
  VtStore *store = vt_station_get_store (station);
  Checked *checked = g_new0 (Checked, 1);
  g_autoptr(GTask) task = NULL;

  checked->parent = parent != NULL ? g_object_ref (parent) : NULL;
  checked->station = g_object_ref (station);
  checked->kind = kind;
  checked->action = action;
  checked->done = done;
  checked->user_data = user_data;

  /* A real day's file (a few hundred entries) is checked in tens of milliseconds, on the
   * store's own connection, as it is now. */
  if (vt_store_get_n_entries (store) <= check_at_once_max)
    {
      g_autoptr(GError) error = NULL;
      GtkWidget *preview;

      vt_verify_store (store, &error);
      preview = checked_finish (checked, error);
      checked_free (checked);
      return preview;
    }

  checked->path = g_strdup (vt_station_get_path (station));
  task = g_task_new (NULL, NULL, on_checked, NULL);
  g_task_set_task_data (task, checked, (GDestroyNotify)checked_free);
  g_task_run_in_thread (task, check_in_thread);
  return NULL;
}

/**
 * vt_document_preview:
 *
 * Checks the file, then opens a window with every page of the document, as it will be
 * printed; a file that fails is refused with a message.
 *
 * Returns: (transfer none) (nullable): the preview window, or %NULL when the file was refused
 *   or is still being checked (a very big file)
 */
GtkWidget *
vt_document_preview (GtkWindow      *parent,
                     VtStation      *station,
                     VtDocumentKind  kind)
{
  return check_then (parent, station, kind, CHECKED_PREVIEW, NULL, NULL);
}

/**
 * vt_document_export:
 *
 * Checks the file, then asks where to save the document as PDF. @done is called on the main
 * thread in every case: refused, saved or failed (not when the chooser is cancelled).
 */
void
vt_document_export (GtkWindow            *parent,
                    VtStation            *station,
                    VtDocumentKind        kind,
                    VtDocumentActionsDone done,
                    gpointer              user_data)
{
  check_then (parent, station, kind, CHECKED_EXPORT, done, user_data);
}

/**
 * vt_document_save_day_report:
 *
 * Checks the file, then lays out the report at the turn of the day and writes it beside the
 * station file in a thread: the window goes on at once, however slow the USB stick. @done is
 * called on the main thread in every case: refused, saved or failed.
 */
void
vt_document_save_day_report (GtkWindow            *parent,
                             VtStation            *station,
                             VtDocumentKind        kind,
                             VtDocumentActionsDone done,
                             gpointer              user_data)
{
  g_return_if_fail (kind == VT_DOCUMENT_OPENING_REPORT || kind == VT_DOCUMENT_CLOSING_REPORT);
  check_then (parent, station, kind, CHECKED_SAVE_BESIDE, done, user_data);
}

/**
 * vt_document_print:
 *
 * Checks the file, then opens the print dialog.
 */
void
vt_document_print (GtkWindow      *parent,
                   VtStation      *station,
                   VtDocumentKind  kind)
{
  check_then (parent, station, kind, CHECKED_PRINT, NULL, NULL);
}
