/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-station-files"

#include "config.h"

#include "vt-i18n.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "vt-error.h"
#include "vt-station-files.h"

/* Where station files live: see vt-station-files.h and the README. */

char *
vt_station_files_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "valgting", "stations", NULL);
}

char *
vt_station_files_new_path (const char *folder,
                           const char *name)
{
  g_autofree char *stem = NULL;
  char *path;

  g_return_val_if_fail (folder != NULL && name != NULL, NULL);

  path = g_build_filename (folder, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_free (path);

  stem = g_str_has_suffix (name, VT_STORE_EXTENSION)
           ? g_strndup (name, strlen (name) - strlen (VT_STORE_EXTENSION))
           : g_strdup (name);
  for (guint n = 2;; n++)
    {
      g_autofree char *numbered = g_strdup_printf ("%s-%u%s", stem, n, VT_STORE_EXTENSION);

      path = g_build_filename (folder, numbered, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

static gboolean
is_under (const char *path,
          const char *folder)
{
  gsize n = strlen (folder);

  return strncmp (path, folder, n) == 0 && path[n] == G_DIR_SEPARATOR;
}

/* A file the document portal hands over: what the file chooser gives a sandboxed app for a
 * file it may not see otherwise. Its folder is the portal's, not the file's real one. */
static gboolean
is_portal_path (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *doc = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);

  return is_under (absolute, doc) || is_under (absolute, "/run/flatpak/doc");
}

/* @reason, then what the chair can do: one message, whatever the cause. */
static void
set_not_in_place (GError    **error,
                  const char *reason)
{
  g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_IN_PLACE, "%s %s", reason,
               _("Valgting will not change it. Take in a copy into Valgting’s own folder and "
                 "carry on there, or open it read-only to look at it and print."));
}

gboolean
vt_station_files_in_place (const char *path,
                           GError    **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (is_portal_path (path))
    {
      g_autofree char *name = g_path_get_basename (path);

      reason = g_strdup_printf (_("“%s” was handed over by the file chooser, where a station "
                                  "file cannot be locked and sqlite cannot keep its “-wal” "
                                  "file beside it."), name);
      set_not_in_place (error, reason);
      return FALSE;
    }
  /* access () asks the kernel, so a read-only disk says no even to root. */
  folder = g_path_get_dirname (path);
  if (g_access (path, W_OK) != 0 || g_access (folder, W_OK) != 0)
    {
      reason = g_strdup_printf (_("“%s” is on a disk or in a folder Valgting cannot write "
                                  "to."), path);
      set_not_in_place (error, reason);
      return FALSE;
    }
  return TRUE;
}

void
vt_station_files_lock_refused (const char *path,
                               int         saved_errno,
                               GError    **error)
{
  /* Translators: the second %s is the system's reason, e.g. "Operation not supported" */
  g_autofree char *reason = g_strdup_printf (_("“%s” cannot be locked where it is (%s)."),
                                             path, g_strerror (saved_errno));

  set_not_in_place (error, reason);
}

static void
remove_copy (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal", ".lock", "" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

VtStation *
vt_station_files_take_in (const char *path,
                          const char *folder,
                          GError    **error)
{
  g_autoptr(VtStore) original = NULL;
  g_autoptr(VtStation) copy = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *destination = NULL;

  g_return_val_if_fail (path != NULL && folder != NULL, NULL);

  /* Read-only, and checked as every open checks: a damaged or changed file is not taken in. */
  original = vt_store_open_read_only (path, error);
  if (original == NULL)
    return NULL;
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s."), folder, g_strerror (saved));
      return NULL;
    }
  name = g_path_get_basename (path);
  if (!g_str_has_suffix (name, VT_STORE_EXTENSION))
    {
      char *with_extension = g_strconcat (name, VT_STORE_EXTENSION, NULL);
      g_free (name);
      name = with_extension;
    }
  destination = vt_station_files_new_path (folder, name);
  if (!vt_store_save_copy (original, destination, error))
    return NULL;

  /* The copy is the station from now on: it must be the original, entry for entry. */
  copy = vt_station_open (destination, &local_error);
  if (copy != NULL &&
      (vt_store_get_n_entries (vt_station_get_store (copy)) !=
         vt_store_get_n_entries (original) ||
       g_strcmp0 (vt_store_get_head_hash (vt_station_get_store (copy)),
                  vt_store_get_head_hash (original)) != 0))
    g_set_error (&local_error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                 _("The copy of “%s” does not hold the same entries as the original."), path);
  if (local_error != NULL)
    {
      g_clear_object (&copy);
      remove_copy (destination);
      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                   _("No copy was taken in: %s The original is unchanged."),
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&copy);
}
