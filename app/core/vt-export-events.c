/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-export"

#include "config.h"

#include <json-glib/json-glib.h>

#include "vt-export-private.h"
#include "vt-i18n.h"
#include "vt-kind-ids.h"
#include "vt-store.h"

/* valgting export events: the journal as a NIST SP 1500-101 (v1.8) election event log, the
 * common format election auditors read every vendor's logs in. One device, the station's
 * laptop, whose events are the journal's entries in order: its number as Id and Sequence, its
 * local time with the offset, its kind as Type, its summary in the station's language as
 * Description, its hash as Hash; Details is compact JSON (the hash, the previous one, the
 * corrections linking it), as machines read it. A refused command is journaled as an entry of
 * its own ("refused"): its event's Disposition is "failure", every other one's "success".
 *
 * As in vt_export_log (), nothing of a voter is in it: the station refuses any command whose
 * text holds an identity number before it is journaled, and the summaries name only the
 * board's people. tests/test-export-events.c checks a busy day's file for eleven digits, and
 * tests/validate-nist.py validates it against the schema (tests/data/standards/). */

/* The schema's device types name voting machines, poll books and scanners; the chair's laptop
 * running the station's log is none of them. */
#define DEVICE_OTHER_TYPE "polling-station-log"

/* "0301-0113-" and the hash of the station's first entry: the same file, its copies and its
 * exports have the same Id, and another station (even one of the same precinct) another. */
static char *
device_id (VtConfig *config,
           GArray   *rows)
{
  const char *first = VT_JOURNAL_GENESIS_HASH;

  if (rows->len > 0)
    first = vt_journal_entry_get_hash (g_array_index (rows, VtExportRow, 0).entry);
  return g_strdup_printf ("%s-%s-%s", vt_config_get_municipality_number (config),
                          vt_config_get_precinct_number (config), first);
}

static char *
to_compact_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The log's Details: what the election office reads before the events. */
static char *
log_details (VtStation *station,
             GArray    *rows)
{
  VtConfig *config = vt_station_get_config (station);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *precinct = vt_config_dup_precinct_title (config);
  const char *checksum = VT_JOURNAL_GENESIS_HASH;

  if (rows->len > 0)
    checksum = vt_journal_entry_get_hash (g_array_index (rows, VtExportRow, rows->len - 1).entry);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "valgting-events/1");
  json_builder_set_member_name (builder, "election_kind");
  json_builder_add_string_value (builder, vt_config_get_election_kind (config));
  json_builder_set_member_name (builder, "year");
  json_builder_add_int_value (builder, vt_config_get_year (config));
  json_builder_set_member_name (builder, "municipality");
  json_builder_add_string_value (builder, vt_config_get_municipality_name (config));
  json_builder_set_member_name (builder, "precinct");
  json_builder_add_string_value (builder, precinct);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, vt_config_get_language (config));
  json_builder_set_member_name (builder, "training");
  json_builder_add_boolean_value (builder, vt_station_get_training (station));
  json_builder_set_member_name (builder, "n_entries");
  json_builder_add_int_value (builder, rows->len);
  json_builder_set_member_name (builder, "checksum");
  json_builder_add_string_value (builder, checksum);
  json_builder_end_object (builder);
  return to_compact_json (builder);
}

/* A refusal's command and the rule that refused it, as the journal keeps them. */
static void
add_refusal (JsonBuilder *builder,
             VtExportRow *row)
{
  JsonObject *payload = vt_journal_entry_get_payload_object (row->entry);
  static const char * const members[] = { "tried", "rule" };

  if (payload == NULL || g_strcmp0 (vt_journal_entry_get_kind (row->entry), VT_KIND_REFUSED) != 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (json_object_has_member (payload, members[i]) &&
        JSON_NODE_HOLDS_VALUE (json_object_get_member (payload, members[i])))
      {
        json_builder_set_member_name (builder, members[i]);
        json_builder_add_string_value (builder,
                                       json_object_get_string_member (payload, members[i]));
      }
}

/* An event's Details: its place in the chain, the corrections linking it and, for a refusal,
 * what was refused by which rule. */
static char *
event_details (VtExportRow *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) by = g_strsplit (row->corrected_by->str, " ", -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, vt_journal_entry_get_hash (row->entry));
  json_builder_set_member_name (builder, "prev_hash");
  json_builder_add_string_value (builder, vt_journal_entry_get_prev_hash (row->entry));
  if (row->corrects > 0)
    {
      json_builder_set_member_name (builder, "corrects");
      json_builder_add_int_value (builder, row->corrects);
    }
  if (row->corrected_by->len > 0)
    {
      json_builder_set_member_name (builder, "corrected_by");
      json_builder_begin_array (builder);
      for (guint j = 0; by[j] != NULL; j++)
        if (by[j][0] != '\0')
          json_builder_add_int_value (builder, g_ascii_strtoll (by[j], NULL, 10));
      json_builder_end_array (builder);
    }
  add_refusal (builder, row);
  json_builder_end_object (builder);
  return to_compact_json (builder);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_event (JsonBuilder *builder,
           VtExportRow *row)
{
  VtJournalEntry *entry = row->entry;
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, vt_journal_entry_get_seq (entry));
  g_autofree char *details = event_details (row);
  const char *kind = vt_journal_entry_get_kind (entry);

  json_builder_begin_object (builder);
  add_string_member (builder, "@type", "EventLogging.Event");
  add_string_member (builder, "Id", seq);
  add_string_member (builder, "Sequence", seq);
  add_string_member (builder, "TimeStamp", row->time);
  add_string_member (builder, "Type", kind);
  add_string_member (builder, "Description", row->summary);
  add_string_member (builder, "Details", details);
  add_string_member (builder, "Disposition",
                     g_strcmp0 (kind, VT_KIND_REFUSED) == 0 ? "failure" : "success");
  add_string_member (builder, "Hash", vt_journal_entry_get_hash (entry));
  /* The board member who gave the command, by the id the configuration gives them. */
  if (vt_journal_entry_get_actor (entry) != NULL)
    add_string_member (builder, "UserId", vt_journal_entry_get_actor (entry));
  json_builder_end_object (builder);
}

static char *
build_events (VtStation *station,
              GArray    *rows)
{
  VtConfig *config = vt_station_get_config (station);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *generated = vt_export_local_time (station, now);
  g_autofree char *id = device_id (config, rows);
  g_autofree char *details = log_details (station, rows);
  g_autofree char *data = NULL;

  json_builder_begin_object (builder);
  add_string_member (builder, "@type", "EventLogging.ElectionEventLog");
  add_string_member (builder, "GeneratedTime", generated);
  add_string_member (builder, "ElectionId", vt_config_get_election_name (config));
  add_string_member (builder, "Details", details);
  json_builder_set_member_name (builder, "Device");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string_member (builder, "@type", "EventLogging.Device");
  add_string_member (builder, "Id", id);
  add_string_member (builder, "Type", "other");
  add_string_member (builder, "OtherType", DEVICE_OTHER_TYPE);
  add_string_member (builder, "Model", "Valgting");
  add_string_member (builder, "Version", PACKAGE_VERSION);
  json_builder_set_member_name (builder, "Event");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    add_event (builder, &g_array_index (rows, VtExportRow, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, NULL);
  return g_strconcat (data, "\n", NULL);
}

gboolean
vt_export_events (const char  *station_path,
                  const char  *out_path,
                  gint64      *n_events,
                  GError     **error)
{
  g_autoptr(VtStation) station = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autofree char *text = NULL;
  VtExportFormat format;
  gboolean not_private = FALSE;

  g_return_val_if_fail (station_path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (!vt_export_format_from_path (out_path, &format) || format != VT_EXPORT_JSON)
    {
      /* Translators: %s is the file given to "valgting export events -o" */
      g_set_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_FORMAT,
                   _("%s: the file's name must end in .json: the event log is written as JSON."),
                   out_path);
      return FALSE;
    }
  station = vt_export_open_station (station_path, out_path, error);
  if (station == NULL)
    return FALSE;
  rows = vt_export_read_rows (station, error);
  if (rows == NULL)
    return FALSE;
  text = build_events (station, rows);
  /* Whether the file could be kept private the caller asks vt_copy_path_is_private (). */
  if (!vt_export_write_private (out_path, text, &not_private, error))
    return FALSE;
  if (n_events != NULL)
    *n_events = rows->len;
  return TRUE;
}
