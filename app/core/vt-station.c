/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-station"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-fnr.h"
#include "vt-journal-model.h"
#include "vt-station.h"

/* A polling station on election day: its file, its configuration and the commands the board
 * can give. Each command checks the rules, then appends exactly one journal entry; the window
 * and the command line both go through here, and nothing else writes the journal. */

struct _VtStation
{
  GObject parent_instance;

  VtStore *store;
  VtJournalModel *journal;

  GDateTime *(*clock) (gpointer user_data);
  gpointer clock_data;
};

G_DEFINE_FINAL_TYPE (VtStation, vt_station, G_TYPE_OBJECT)

static void
vt_station_dispose (GObject *object)
{
  VtStation *self = (VtStation *)object;

  g_clear_object (&self->journal);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vt_station_parent_class)->dispose (object);
}

static void
vt_station_class_init (VtStationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_station_dispose;
}

static void
vt_station_init (VtStation *self)
{
}

static VtStation *
station_new (VtStore *store)
{
  VtStation *self = g_object_new (VT_TYPE_STATION, NULL);

  self->store = store;
  self->journal = vt_journal_model_new (store);
  return self;
}

VtStation *
vt_station_open (const char *path,
                 GError    **error)
{
  VtStore *store = vt_store_open (path, error);

  return store != NULL ? station_new (store) : NULL;
}

VtStation *
vt_station_create (const char *path,
                   VtConfig   *config,
                   GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  VtStore *store = vt_store_create (path, config, now, error);

  return store != NULL ? station_new (store) : NULL;
}

/* A new training station from the built-in training election, in @directory, named for the
 * moment it was made so that trainers can keep several. */
VtStation *
vt_station_create_training (const char *directory,
                            GError    **error)
{
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  config = vt_config_new_training (error);
  if (config == NULL)
    return NULL;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s."), directory, g_strerror (saved));
      return NULL;
    }

  /* Translators: file name of a training station; keep it short, no slashes */
  name = g_strdup_printf ("%s-%s%s", _("training"), stamp, VT_STORE_EXTENSION);
  path = g_build_filename (directory, name, NULL);
  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (name);
      g_free (path);
      name = g_strdup_printf ("%s-%s-%u%s", _("training"), stamp, i, VT_STORE_EXTENSION);
      path = g_build_filename (directory, name, NULL);
    }

  return vt_station_create (path, config, error);
}

VtStore *
vt_station_get_store (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  return self->store;
}

VtConfig *
vt_station_get_config (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  return vt_store_get_config (self->store);
}

GListModel *
vt_station_get_journal (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  return G_LIST_MODEL (self->journal);
}

gboolean
vt_station_get_training (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  return vt_store_get_training (self->store);
}

const char *
vt_station_get_path (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  return vt_store_get_path (self->store);
}

/* Who is giving commands: the chair keeps the log. */
const char *
vt_station_get_actor (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  return vt_config_get_chair (vt_station_get_config (self))->id;
}

/* Scenario replay and tests give commands at times of their choosing. */
void
vt_station_set_clock (VtStation   *self,
                      GDateTime *(*clock) (gpointer user_data),
                      gpointer     user_data)
{
  g_return_if_fail (VT_IS_STATION (self));
  self->clock = clock;
  self->clock_data = user_data;
}

static GDateTime *
station_now (VtStation *self)
{
  if (self->clock != NULL)
    return self->clock (self->clock_data);
  return g_date_time_new_now_utc ();
}

/* The rules every free text obeys before it may be stored. */
gboolean
vt_check_free_text (const char *text,
                    gsize       max_chars,
                    GError    **error)
{
  g_autofree char *trimmed = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VT_RULE_ERROR, VT_RULE_ERROR_INVALID_INPUT,
                   _("The text could not be read; type it again."));
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error (error, VT_RULE_ERROR, VT_RULE_ERROR_INVALID_INPUT,
                   _("The entry is empty; write what happened."));
      return FALSE;
    }

  if (g_utf8_strlen (trimmed, -1) > (glong)max_chars)
    {
      g_set_error (error, VT_RULE_ERROR, VT_RULE_ERROR_INVALID_INPUT,
                   _("The entry is longer than %zu characters; make it shorter, or split it "
                     "into two entries."), max_chars);
      return FALSE;
    }

  if (vt_text_contains_fnr (trimmed))
    {
      g_set_error (error, VT_RULE_ERROR, VT_RULE_ERROR_PERSONAL_DATA,
                   _("The text contains a national identity number (11 digits). The log must "
                     "not hold voters’ identity numbers: remove the number and describe the "
                     "voter without it, for example by table, page and line in the roll."));
      return FALSE;
    }

  return TRUE;
}

VtJournalEntry *
vt_station_log_note (VtStation  *self,
                     const char *command_id,
                     const char *text,
                     GError    **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  g_return_val_if_fail (command_id != NULL, NULL);

  if (!vt_check_free_text (text, VT_NOTE_MAX_CHARS, error))
    return NULL;

  trimmed = g_strstrip (g_strdup (text));
  payload = json_object_new ();
  json_object_set_string_member (payload, "text", trimmed);

  now = station_now (self);
  return vt_store_append (self->store, command_id, now, VT_ENTRY_NOTE,
                          vt_station_get_actor (self), payload, error);
}
