/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "vt-copy.h"
#include "vt-export-private.h"
#include "vt-i18n.h"
#include "vt-journal-entry.h"
#include "vt-kind-ids.h"
#include "vt-station.h"
#include "vt-store.h"
#include "vt-verify.h"

/* The journal holds no voter's identity number: the station refuses any command whose text
 * or fields hold one (vt_text_contains_fnr () in vt-station.c, DOMAIN.md "Duty of
 * confidentiality"), before it is journaled. So the export, which is the journal as it is,
 * holds none either; tests/test-export.c checks a busy day's files for any run of eleven
 * digits. */

G_DEFINE_QUARK (vt-export-error-quark, vt_export_error)

static void
row_clear (VtExportRow *row)
{
  g_clear_object (&row->entry);
  g_clear_pointer (&row->time, g_free);
  g_clear_pointer (&row->summary, g_free);
  if (row->corrected_by != NULL)
    g_string_free (row->corrected_by, TRUE);
  row->corrected_by = NULL;
}

gboolean
vt_export_format_from_path (const char     *path,
                            VtExportFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".csv"))
    *format = VT_EXPORT_CSV;
  else if (g_str_has_suffix (lower, ".json"))
    *format = VT_EXPORT_JSON;
  else
    return FALSE;
  return TRUE;
}

static gint64
corrected_entry (VtJournalEntry *entry)
{
  const char *kind = vt_journal_entry_get_kind (entry);
  JsonObject *payload;

  if (g_strcmp0 (kind, VT_KIND_CORRECTION_ANNUL) != 0 &&
      g_strcmp0 (kind, VT_KIND_CORRECTION_AMEND) != 0)
    return 0;
  payload = vt_journal_entry_get_payload_object (entry);
  if (payload == NULL || !json_object_has_member (payload, "entry"))
    return 0;
  return json_object_get_int_member (payload, "entry");
}

char *
vt_export_local_time (VtStation *station,
                      GDateTime *time)
{
  VtConfig *config = vt_station_get_config (station);
  /* The election's local time, with its offset, as the protocol shows it. */
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, vt_config_get_timezone (config));
  g_autofree char *seconds = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *offset = g_date_time_format (local, "%:z");

  return g_strdup_printf ("%s.%03d%s", seconds, g_date_time_get_microsecond (local) / 1000,
                          offset);
}

GArray *
vt_export_read_rows (VtStation  *station,
                     GError    **error)
{
  VtStore *store = vt_station_get_store (station);
  VtConfig *config = vt_station_get_config (station);
  gint64 n = vt_store_get_n_entries (store);
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, TRUE, sizeof (VtExportRow), (guint)n);
  g_auto(VtLanguageScope) scope = vt_language_scope (vt_config_get_language (config));

  g_array_set_clear_func (rows, (GDestroyNotify)row_clear);
  for (gint64 seq = 1; seq <= n; seq++)
    {
      VtExportRow row = { 0 };
      g_autoptr(GError) local_error = NULL;

      row.entry = vt_store_get_entry (store, seq, &local_error);
      if (row.entry == NULL)
        {
          g_set_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_STATION, "%s: %s",
                       vt_station_get_path (station), local_error->message);
          return NULL;
        }
      row.time = vt_export_local_time (station, vt_journal_entry_get_time (row.entry));
      row.summary = vt_journal_entry_dup_summary (row.entry, config);
      row.corrects = corrected_entry (row.entry);
      row.corrected_by = g_string_new (NULL);
      g_array_append_val (rows, row);
    }
  /* Entry numbers run 1…n in the journal's order: row i is entry i + 1. */
  for (guint i = 0; i < rows->len; i++)
    {
      VtExportRow *row = &g_array_index (rows, VtExportRow, i);
      VtExportRow *target;

      if (row->corrects < 1 || row->corrects > (gint64)rows->len)
        continue;
      target = &g_array_index (rows, VtExportRow, row->corrects - 1);
      if (target->corrected_by->len > 0)
        g_string_append_c (target->corrected_by, ' ');
      g_string_append_printf (target->corrected_by, "%" G_GINT64_FORMAT,
                              vt_journal_entry_get_seq (row->entry));
    }
  return g_steal_pointer (&rows);
}

/* RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes
 * doubled. */
static void
append_csv_field (GString    *out,
                  const char *text,
                  gboolean    last)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    g_string_append (out, text);
  else
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append (out, last ? "\r\n" : ",");
}

static char *
build_csv (GArray *rows)
{
  GString *out = g_string_new ("seq,time,kind,actor,summary,fields,corrects,corrected_by,hash\r\n");

  for (guint i = 0; i < rows->len; i++)
    {
      VtExportRow *row = &g_array_index (rows, VtExportRow, i);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              vt_journal_entry_get_seq (row->entry));
      g_autofree char *corrects = row->corrects > 0
                                    ? g_strdup_printf ("%" G_GINT64_FORMAT, row->corrects)
                                    : g_strdup ("");
      const char *actor = vt_journal_entry_get_actor (row->entry);

      append_csv_field (out, seq, FALSE);
      append_csv_field (out, row->time, FALSE);
      append_csv_field (out, vt_journal_entry_get_kind (row->entry), FALSE);
      append_csv_field (out, actor != NULL ? actor : "", FALSE);
      append_csv_field (out, row->summary, FALSE);
      /* The payload as stored: the compact JSON the entry's hash covers. */
      append_csv_field (out, vt_journal_entry_get_payload (row->entry), FALSE);
      append_csv_field (out, corrects, FALSE);
      append_csv_field (out, row->corrected_by->str, FALSE);
      append_csv_field (out, vt_journal_entry_get_hash (row->entry), TRUE);
    }
  return g_string_free (out, FALSE);
}

static char *
build_json (VtStation *station,
            GArray    *rows)
{
  VtConfig *config = vt_station_get_config (station);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *precinct = vt_config_dup_precinct_title (config);
  const char *checksum = VT_JOURNAL_GENESIS_HASH;

  if (rows->len > 0)
    checksum = vt_journal_entry_get_hash (g_array_index (rows, VtExportRow, rows->len - 1).entry);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "valgting-log/1");
  json_builder_set_member_name (builder, "election");
  json_builder_add_string_value (builder, vt_config_get_election_name (config));
  json_builder_set_member_name (builder, "precinct");
  json_builder_add_string_value (builder, precinct);
  json_builder_set_member_name (builder, "training");
  json_builder_add_boolean_value (builder, vt_station_get_training (station));
  json_builder_set_member_name (builder, "n_entries");
  json_builder_add_int_value (builder, rows->len);
  json_builder_set_member_name (builder, "checksum");
  json_builder_add_string_value (builder, checksum);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      VtExportRow *row = &g_array_index (rows, VtExportRow, i);
      JsonObject *payload = vt_journal_entry_get_payload_object (row->entry);
      JsonNode *fields = json_node_alloc ();

      if (payload != NULL)
        json_node_init_object (fields, payload);
      else
        json_node_init_null (fields);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, vt_journal_entry_get_seq (row->entry));
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, row->time);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, vt_journal_entry_get_kind (row->entry));
      json_builder_set_member_name (builder, "actor");
      if (vt_journal_entry_get_actor (row->entry) != NULL)
        json_builder_add_string_value (builder, vt_journal_entry_get_actor (row->entry));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "summary");
      json_builder_add_string_value (builder, row->summary);
      json_builder_set_member_name (builder, "fields");
      json_builder_add_value (builder, fields);
      json_builder_set_member_name (builder, "corrects");
      if (row->corrects > 0)
        json_builder_add_int_value (builder, row->corrects);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "corrected_by");
      json_builder_begin_array (builder);
      {
        g_auto(GStrv) seqs = g_strsplit (row->corrected_by->str, " ", -1);
        for (guint j = 0; seqs[j] != NULL; j++)
          if (seqs[j][0] != '\0')
            json_builder_add_int_value (builder, g_ascii_strtoll (seqs[j], NULL, 10));
      }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "hash");
      json_builder_add_string_value (builder, vt_journal_entry_get_hash (row->entry));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  {
    g_autofree char *data = json_generator_to_data (generator, NULL);
    return g_strconcat (data, "\n", NULL);
  }
}

static gboolean
set_exists_error (const char  *path,
                  GError     **error)
{
  /* Translators: %s is the file given to "valgting export log -o" or "export events -o" */
  g_set_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_EXISTS,
               _("%s: there is already a file there; an export is never written over a file. "
                 "Give a new name, or move the old file away first."), path);
  return FALSE;
}

static gboolean
set_write_error (const char  *path,
                 int          saved_errno,
                 GError     **error)
{
  g_set_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_WRITE,
               _("%s: could not be written: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int         fd,
           const char *text)
{
  gsize length = strlen (text);
  gsize done = 0;

  while (done < length)
    {
      gssize n = write (fd, text + done, length - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (gsize)n;
    }
  return fsync (fd) == 0;
}

/* @text into @path: made 0600 under a temporary name in the same folder, written and synced,
 * then linked into place, which fails rather than write over a file that appeared meanwhile.
 * A failure leaves nothing behind. */
gboolean
vt_export_write_private (const char  *path,
                         const char  *text,
                         gboolean    *not_private,
                         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, tmp_name, NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  int saved;

  if (fd < 0)
    return set_write_error (path, errno, error);
  if (!write_all (fd, text))
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      return set_write_error (path, saved, error);
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return set_write_error (path, saved, error);
    }
  if (not_private != NULL)
    *not_private = !vt_copy_path_is_private (tmp);

  if (link (tmp, path) != 0)
    {
      saved = errno;
      if (saved == EEXIST)
        {
          g_unlink (tmp);
          return set_exists_error (path, error);
        }
      /* A file system without hard links (FAT on a USB stick): rename, having looked. */
      if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_unlink (tmp);
          return set_exists_error (path, error);
        }
      if (g_rename (tmp, path) != 0)
        {
          saved = errno;
          g_unlink (tmp);
          return set_write_error (path, saved, error);
        }
      return TRUE;
    }
  g_unlink (tmp);
  return TRUE;
}

gboolean
vt_export_check_new_path (const char  *out_path,
                          GError     **error)
{
  if (g_file_test (out_path, G_FILE_TEST_EXISTS) || g_file_test (out_path, G_FILE_TEST_IS_SYMLINK))
    return set_exists_error (out_path, error);
  return TRUE;
}

VtStation *
vt_export_open_verified (const char      *station_path,
                         VtVerifyReport  *report,
                         GError         **error)
{
  g_auto(VtVerifyReport) local_report = { 0 };
  g_autoptr(GError) local_error = NULL;
  VtStation *station;

  /* Opening checks the guards, the chain and (for a real day's journal) the state; what it
   * leaves, on the same connection: the file is read once, as it was checked. */
  station = vt_station_open_read_only (station_path, &local_error);
  if (station == NULL ||
      !vt_verify_opened_store (vt_station_get_store (station),
                               report != NULL ? report : &local_report, &local_error))
    {
      g_clear_object (&station);
      /* Translators: %s are the station file and what is wrong with it */
      g_set_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_STATION,
                   _("%s: NOT OK, nothing exported: %s"), station_path, local_error->message);
      return NULL;
    }
  return station;
}

VtStation *
vt_export_open_station (const char  *station_path,
                        const char  *out_path,
                        GError     **error)
{
  /* Said before the station is read: nothing is ever written over. */
  if (!vt_export_check_new_path (out_path, error))
    return NULL;
  return vt_export_open_verified (station_path, NULL, error);
}

gboolean
vt_export_log (const char  *station_path,
               const char  *out_path,
               gint64      *n_entries,
               gboolean    *not_private,
               GError     **error)
{
  g_autoptr(VtStation) station = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autofree char *text = NULL;
  VtExportFormat format;
  gboolean local_not_private = FALSE;

  g_return_val_if_fail (station_path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (!vt_export_format_from_path (out_path, &format))
    {
      /* Translators: %s is the file given to "valgting export log -o" */
      g_set_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_FORMAT,
                   _("%s: the file's name must end in .csv or .json, the format to write."),
                   out_path);
      return FALSE;
    }
  station = vt_export_open_station (station_path, out_path, error);
  if (station == NULL)
    return FALSE;

  rows = vt_export_read_rows (station, error);
  if (rows == NULL)
    return FALSE;
  text = format == VT_EXPORT_CSV ? build_csv (rows) : build_json (station, rows);
  if (!vt_export_write_private (out_path, text, &local_not_private, error))
    return FALSE;
  if (n_entries != NULL)
    *n_entries = rows->len;
  if (not_private != NULL)
    *not_private = local_not_private;
  return TRUE;
}
