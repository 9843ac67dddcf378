/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-second-copy"

#include "config.h"

#include "vt-i18n.h"
#include <string.h>

#include "vt-copy.h"
#include "vt-documents.h"
#include "vt-second-copy.h"

struct _VtSecondCopy
{
  GObject parent_instance;

  VtStation *station;
  char *folder;          /* where the copy is kept, or NULL */
  guint delay_ms;
  guint source;          /* a copy is due */
  gboolean running;
  gboolean pending;      /* the journal changed while a copy was being made */
  GError *error;         /* why the last copy failed */
  GDateTime *copied_at;  /* when the last good copy was finished */
};

G_DEFINE_FINAL_TYPE (VtSecondCopy, vt_second_copy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATION,
  PROP_FOLDER,
  PROP_BUSY,
  PROP_ERROR,
  PROP_COPIED_AT,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char *source;
  char *destination;
  char *pdf;
  VtDoc *doc;
  GError *warning;  /* made, but where it cannot be kept private */
} CopyJob;

static void
copy_job_free (CopyJob *job)
{
  g_free (job->source);
  g_free (job->destination);
  g_free (job->pdf);
  g_clear_pointer (&job->doc, vt_doc_free);
  g_clear_error (&job->warning);
  g_free (job);
}

static void schedule_copy (VtSecondCopy *self,
                           guint         delay_ms);

static void
copy_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CopyJob *job = task_data;
  GError *error = NULL;
  gboolean not_private = FALSE;

  /* The station file first: it is what a spare laptop carries on with. Then the protocol as
   * it is now, readable on any computer. */
  if (!vt_copy_station_file_full (job->source, job->destination, &not_private, &error))
    g_task_return_error (task, error);
  else if (!vt_doc_write_pdf (job->doc, job->pdf, &error))
    {
      /* The protocol does not fit beside the copy: the stick is full, said so, not as "error
       * writing to the output stream". GLib removes its unfinished temporary. */
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC) ||
          vt_copy_disk_is_full (job->pdf))
        {
          g_clear_error (&error);
          error = vt_copy_full_error (job->pdf);
        }
      g_task_return_error (task, error);
    }
  else
    {
      /* Both are written 0600 from their creation; a file system that does not keep that mode
       * (FAT) still holds a useful copy, so it is kept and the chair warned (the copy is made:
       * copied_at is set, and the warning is the error). */
      if (not_private || !vt_copy_path_is_private (job->pdf))
        job->warning = vt_copy_not_private_warning (job->destination);
      g_task_return_boolean (task, TRUE);
    }
}

static void
on_copied (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  VtSecondCopy *self = VT_SECOND_COPY (source);
  g_autoptr(GError) error = NULL;
  gboolean was_busy = vt_second_copy_get_busy (self);

  self->running = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
    }
  else
    {
      CopyJob *job = g_task_get_task_data (G_TASK (result));

      g_clear_error (&self->error);
      if (job->warning != NULL)
        self->error = g_error_copy (job->warning);
      g_clear_pointer (&self->copied_at, g_date_time_unref);
      self->copied_at = g_date_time_new_now_local ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPIED_AT]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);

  if (self->pending)
    {
      self->pending = FALSE;
      schedule_copy (self, 0);
    }
  if (was_busy != vt_second_copy_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_signal_emit (self, signals[FINISHED], 0);
}

static gboolean
run_copy (gpointer user_data)
{
  VtSecondCopy *self = user_data;
  g_autoptr(GTask) task = NULL;
  CopyJob *job;
  g_autofree char *name = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *pdf_name = NULL;

  self->source = 0;
  if (self->running)
    {
      self->pending = TRUE;
      return G_SOURCE_REMOVE;
    }

  name = g_path_get_basename (vt_station_get_path (self->station));
  stem = g_str_has_suffix (name, ".valgting")
           ? g_strndup (name, strlen (name) - strlen (".valgting")) : g_strdup (name);
  job = g_new0 (CopyJob, 1);
  job->source = g_strdup (vt_station_get_path (self->station));
  job->destination = g_build_filename (self->folder, name, NULL);
  /* Translators: the file name of the protocol beside the second copy */
  pdf_name = g_strdup_printf (_("%s protocol.pdf"), stem);
  job->pdf = g_build_filename (self->folder, pdf_name, NULL);
  /* Laid out here, from the station as the copy has it; drawn in the thread. */
  job->doc = vt_document_build (self->station, VT_DOCUMENT_PROTOCOL, 0);

  self->running = TRUE;
  /* The task holds the object until the copy is done. */
  task = g_task_new (self, NULL, on_copied, NULL);
  g_task_set_source_tag (task, run_copy);
  g_task_set_task_data (task, job, (GDestroyNotify)copy_job_free);
  g_task_run_in_thread (task, copy_in_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_copy (VtSecondCopy *self,
               guint         delay_ms)
{
  gboolean was_busy = vt_second_copy_get_busy (self);

  if (self->folder == NULL)
    return;
  g_clear_handle_id (&self->source, g_source_remove);
  self->source = g_timeout_add (delay_ms, run_copy, self);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * vt_second_copy_changed:
 *
 * The journal changed: a copy follows after a quiet time, so a burst of envelopes makes one
 * copy, not twenty.
 */
void
vt_second_copy_changed (VtSecondCopy *self)
{
  g_return_if_fail (VT_IS_SECOND_COPY (self));
  schedule_copy (self, self->delay_ms);
}

void
vt_second_copy_set_folder (VtSecondCopy *self,
                           const char   *folder)
{
  gboolean was_busy;

  g_return_if_fail (VT_IS_SECOND_COPY (self));

  if (folder != NULL && *folder == '\0')
    folder = NULL;
  was_busy = vt_second_copy_get_busy (self);
  g_free (self->folder);
  self->folder = g_strdup (folder);
  g_clear_error (&self->error);
  g_clear_pointer (&self->copied_at, g_date_time_unref);
  if (folder == NULL)
    g_clear_handle_id (&self->source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPIED_AT]);
  if (folder != NULL)
    schedule_copy (self, 0);
  else if (was_busy != vt_second_copy_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

const char *
vt_second_copy_get_folder (VtSecondCopy *self)
{
  g_return_val_if_fail (VT_IS_SECOND_COPY (self), NULL);
  return self->folder;
}

void
vt_second_copy_set_delay (VtSecondCopy *self,
                          guint         delay_ms)
{
  g_return_if_fail (VT_IS_SECOND_COPY (self));
  self->delay_ms = delay_ms;
}

gboolean
vt_second_copy_get_busy (VtSecondCopy *self)
{
  g_return_val_if_fail (VT_IS_SECOND_COPY (self), FALSE);
  return self->running || self->source != 0;
}

const GError *
vt_second_copy_get_error (VtSecondCopy *self)
{
  g_return_val_if_fail (VT_IS_SECOND_COPY (self), NULL);
  return self->error;
}

GDateTime *
vt_second_copy_get_copied_at (VtSecondCopy *self)
{
  g_return_val_if_fail (VT_IS_SECOND_COPY (self), NULL);
  return self->copied_at;
}

VtStation *
vt_second_copy_get_station (VtSecondCopy *self)
{
  g_return_val_if_fail (VT_IS_SECOND_COPY (self), NULL);
  return self->station;
}

VtSecondCopy *
vt_second_copy_new (VtStation *station)
{
  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  return g_object_new (VT_TYPE_SECOND_COPY, "station", station, NULL);
}

static void
vt_second_copy_dispose (GObject *object)
{
  VtSecondCopy *self = (VtSecondCopy *)object;

  /* A copy running holds the object (its task): only a due one is dropped here. */
  g_clear_handle_id (&self->source, g_source_remove);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (vt_second_copy_parent_class)->dispose (object);
}

static void
vt_second_copy_finalize (GObject *object)
{
  VtSecondCopy *self = (VtSecondCopy *)object;

  g_free (self->folder);
  g_clear_error (&self->error);
  g_clear_pointer (&self->copied_at, g_date_time_unref);

  G_OBJECT_CLASS (vt_second_copy_parent_class)->finalize (object);
}

static void
vt_second_copy_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VtSecondCopy *self = VT_SECOND_COPY (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, vt_second_copy_get_busy (self));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_COPIED_AT:
      g_value_set_boxed (value, self->copied_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_second_copy_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VtSecondCopy *self = VT_SECOND_COPY (object);

  switch (prop_id)
    {
    case PROP_STATION:
      self->station = g_value_dup_object (value);
      break;
    case PROP_FOLDER:
      vt_second_copy_set_folder (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_second_copy_class_init (VtSecondCopyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_second_copy_dispose;
  object_class->finalize = vt_second_copy_finalize;
  object_class->get_property = vt_second_copy_get_property;
  object_class->set_property = vt_second_copy_set_property;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, VT_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPIED_AT] =
    g_param_spec_boxed ("copied-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VtSecondCopy::finished:
   *
   * A copy was made or failed: see #VtSecondCopy:error and #VtSecondCopy:copied-at.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vt_second_copy_init (VtSecondCopy *self)
{
  self->delay_ms = VT_SECOND_COPY_DELAY_MS;
}
