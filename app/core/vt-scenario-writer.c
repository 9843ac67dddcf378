/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-scenario-writer"

#include "config.h"

#include "vt-i18n.h"
#include <errno.h>
#include <inttypes.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "vt-checks.h"
#include "vt-copy.h"
#include "vt-entry-kind.h"
#include "vt-json-reader.h"
#include "vt-scenario-writer.h"
#include "vt-scenario.h"
#include "vt-station.h"
#include "vt-store.h"

/* The other way round from vt-scenario.c: a station's journal, played once in the window,
 * written as a scenario that replays to the same journal. Every entry that was a command
 * becomes a step at its local time; a refused command becomes a step meant to be refused by
 * the same rule; what Valgting wrote by itself (the station's creation, printed documents) is
 * left out, since replaying the steps writes it again or has no need of it. Entries referred
 * to by number get an id, because the numbers of a replay need not be the original's. */

G_DEFINE_QUARK (vt-scenario-writer-error-quark, vt_scenario_writer_error)

typedef struct
{
  VtJournalEntry    *entry;
  const VtEntryKind *kind;       /* the command, or the command a refusal tried */
  JsonObject        *fields;     /* the command's fields as given */
  const char        *rule;       /* the refusing rule, for a refusal */
  gboolean           refused;
  int                day;        /* from 1 */
  int                minutes;    /* local time after midnight */
} Command;

static void
command_clear (gpointer data)
{
  Command *command = data;

  g_clear_object (&command->entry);
  g_clear_pointer (&command->fields, json_object_unref);
}

/* Entries a trainer's day does not give: Valgting writes them itself (the station's creation,
 * a refusal's own record, the kinds no longer given), or they are a print, not a step of the
 * day. */
static gboolean
is_left_out (const VtEntryKind *kind)
{
  return kind == NULL || kind->phases == 0 || g_str_equal (kind->id, "document.printed");
}

static void
collect_reference (GHashTable *referred,
                   JsonNode   *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    g_hash_table_add (referred, GINT_TO_POINTER ((gint)json_node_get_int (node)));
}

/* Calls @func on every node of @command's fields that is the number of another entry: an
 * entry field, an item's entry, an element of an entries list. */
typedef JsonNode *(*ReferenceFunc) (JsonNode *node, gpointer data);

static void
each_reference (Command       *command,
                ReferenceFunc  func,
                gpointer       data)
{
  for (guint i = 0; i < VT_MAX_FIELDS && command->kind->fields[i].name != NULL; i++)
    {
      const VtField *field = &command->kind->fields[i];
      JsonNode *node = json_object_get_member (command->fields, field->name);

      if (node == NULL)
        continue;
      if (field->type == VT_FIELD_ENTRY)
        {
          JsonNode *replaced = func (node, data);
          if (replaced != NULL)
            json_object_set_member (command->fields, field->name, replaced);
        }
      else if ((field->type == VT_FIELD_ITEMS || field->type == VT_FIELD_ENTRIES) &&
               JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *element = json_array_get_element (array, j);
              JsonNode *target = element;
              JsonNode *replaced;

              if (field->type == VT_FIELD_ITEMS)
                {
                  if (!JSON_NODE_HOLDS_OBJECT (element))
                    continue;
                  target = json_object_get_member (json_node_get_object (element), "entry");
                  if (target == NULL)
                    continue;
                }
              replaced = func (target, data);
              if (replaced == NULL)
                continue;
              if (field->type == VT_FIELD_ITEMS)
                json_object_set_member (json_node_get_object (element), "entry", replaced);
              else
                {
                  /* An array's element cannot be replaced in place: rebuild the array. */
                  JsonArray *rebuilt = json_array_new ();
                  for (guint k = 0; k < json_array_get_length (array); k++)
                    json_array_add_element (rebuilt, k == j
                                                       ? replaced
                                                       : json_node_copy (
                                                           json_array_get_element (array, k)));
                  json_object_set_array_member (command->fields, field->name, rebuilt);
                  array = rebuilt;
                }
            }
        }
    }
}

static JsonNode *
note_reference (JsonNode *node,
                gpointer  data)
{
  collect_reference (data, node);
  return NULL;
}

typedef struct
{
  GHashTable *ids;   /* seq → id ("entry-17"), of the steps referred to */
} Rename;

static JsonNode *
rename_reference (JsonNode *node,
                  gpointer  data)
{
  Rename *rename = data;
  const char *id;
  JsonNode *replaced;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return NULL;
  id = g_hash_table_lookup (rename->ids, GINT_TO_POINTER ((gint)json_node_get_int (node)));
  if (id == NULL)
    return NULL;
  replaced = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (replaced, id);
  return replaced;
}

/* A deep copy that owns its objects: json_node_copy () would share them. */
static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *text = NULL;

  if (object == NULL)
    return json_object_new ();
  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  copy = json_from_string (text, NULL);
  if (copy == NULL || !JSON_NODE_HOLDS_OBJECT (copy))
    return json_object_new ();
  return json_object_ref (json_node_get_object (copy));
}

static gboolean
read_commands (VtStation  *station,
               GArray     *commands,
               guint      *n_left_out,
               GError    **error)
{
  VtStore *store = vt_station_get_store (station);
  VtConfig *config = vt_station_get_config (station);
  gint64 n = vt_store_get_n_entries (store);

  for (gint64 seq = 1; seq <= n; seq++)
    {
      g_autoptr(VtJournalEntry) entry = vt_store_get_entry (store, seq, error);
      g_autoptr(GDateTime) local = NULL;
      JsonObject *payload;
      Command command = { 0 };

      if (entry == NULL)
        return FALSE;
      payload = vt_journal_entry_get_payload_object (entry);

      if (g_str_equal (vt_journal_entry_get_kind (entry), VT_ENTRY_REFUSED))
        {
          const char *tried = json_object_get_string_member_with_default (payload, "tried", "");
          JsonNode *given = json_object_get_member (payload, "payload");

          command.kind = vt_entry_kind_lookup (tried);
          command.refused = TRUE;
          command.rule = json_object_get_string_member_with_default (payload, "rule", NULL);
          command.fields = copy_object (given != NULL && JSON_NODE_HOLDS_OBJECT (given)
                                          ? json_node_get_object (given) : NULL);
        }
      else
        {
          command.kind = vt_entry_kind_lookup (vt_journal_entry_get_kind (entry));
          command.fields = copy_object (payload);
        }
      if (is_left_out (command.kind))
        {
          g_clear_pointer (&command.fields, json_object_unref);
          (*n_left_out)++;
          continue;
        }
      command.entry = g_steal_pointer (&entry);
      /* The election's own time zone, as the replay reads "at": the entry's recorded offset is
       * that of the clock that gave it (a replay's is UTC). */
      local = g_date_time_to_timezone (vt_journal_entry_get_time (command.entry),
                                       vt_config_get_timezone (config));
      vt_config_place_in_days (config, local, &command.day, &command.minutes);
      g_array_append_val (commands, command);
    }
  return TRUE;
}

/* The step of @command: its id, when and by whom as far as they change, the command and its
 * fields, and for a refusal that it is meant to be refused and by which rule. @day, @minutes
 * and @actor are the previous step's, as the replay carries them over, and are moved on. */
static JsonObject *
make_step (Command    *command,
           const char *id,
           int        *day,
           int        *minutes,
           const char **actor,
           guint       n_days)
{
  JsonObject *step = json_object_new ();
  const char *by = vt_journal_entry_get_actor (command->entry);
  gboolean day_is_field = vt_entry_kind_find_field (command->kind, "day") != NULL;
  gboolean by_is_field = vt_entry_kind_find_field (command->kind, "by") != NULL;
  int step_day = day_is_field ? *day : command->day;
  int step_minutes = command->minutes;
  gboolean first = *minutes < 0;

  /* The replay refuses times that go backwards: a step that cannot say its day (a roll-marks
   * count has a field of that name) keeps the previous step's day and, if need be, time. */
  if (step_day < *day || (step_day == *day && step_minutes < *minutes))
    step_day = *day, step_minutes = *minutes;

  if (id != NULL)
    json_object_set_string_member (step, "id", id);
  if (step_day != *day && n_days > 1)
    json_object_set_int_member (step, "day", step_day);
  if (first || step_day != *day || step_minutes != *minutes)
    {
      g_autofree char *at = g_strdup_printf ("%02d:%02d", step_minutes / 60, step_minutes % 60);
      json_object_set_string_member (step, "at", at);
    }
  if (!by_is_field && by != NULL && g_strcmp0 (by, *actor) != 0)
    {
      json_object_set_string_member (step, "by", by);
      *actor = by;
    }
  json_object_set_string_member (step, "do", command->kind->id);

  /* The fields in the catalogue's order, then nothing else: the replay refuses keys that are
   * not the command's fields. */
  for (guint i = 0; i < VT_MAX_FIELDS && command->kind->fields[i].name != NULL; i++)
    {
      const char *name = command->kind->fields[i].name;
      JsonNode *node = json_object_get_member (command->fields, name);

      if (node != NULL)
        json_object_set_member (step, name, json_node_copy (node));
    }
  if (command->refused)
    {
      json_object_set_string_member (step, "expect", "refused");
      if (command->rule != NULL && vt_entry_kind_find_field (command->kind, "rule") == NULL)
        json_object_set_string_member (step, "rule", command->rule);
    }

  *day = step_day;
  *minutes = step_minutes;
  return step;
}

static GDateTime *
fixed_clock (gpointer data)
{
  return g_date_time_ref (data);
}

/* What the station shows at the end: its phase, the checks that still need attention and the
 * ones the board explained, as of its last entry. */
static JsonObject *
make_expect (VtStation *station)
{
  VtStore *store = vt_station_get_store (station);
  g_autoptr(VtJournalEntry) last = vt_store_get_entry (store, vt_store_get_n_entries (store),
                                                       NULL);
  g_autoptr(GDateTime) when = last != NULL ? g_date_time_ref (vt_journal_entry_get_time (last))
                                           : NULL;
  g_autoptr(GPtrArray) findings = NULL;
  JsonObject *expect = json_object_new ();
  JsonArray *blocking = json_array_new ();
  JsonArray *explained = json_array_new ();

  if (when != NULL)
    vt_station_set_clock (station, fixed_clock, when);
  findings = vt_station_run_checks (station);
  vt_station_set_clock (station, NULL, NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      json_array_add_string_element (vt_finding_blocks (finding) ? blocking : explained,
                                     finding->code);
    }
  json_object_set_string_member (expect, "phase",
                                 vt_phase_to_string (vt_station_get_phase (station)));
  json_object_set_array_member (expect, "findings", blocking);
  json_object_set_array_member (expect, "explained", explained);
  return expect;
}

static char *
node_to_string (JsonNode *node,
                gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
object_to_string (JsonObject *object,
                  gboolean    pretty)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return node_to_string (node, pretty);
}

/* The scenario as a trainer would write it: the top level one key a line, and each step on a
 * line of its own. */
static char *
scenario_to_text (JsonObject *root,
                  GPtrArray  *steps)
{
  static const char * const keys[] = { "format", "title", "description", "election", NULL };
  GString *out = g_string_new ("{\n");
  g_autofree char *expect = NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (root, keys[i]);
      g_autofree char *text = node_to_string (value, FALSE);
      g_string_append_printf (out, "  \"%s\": %s,\n", keys[i], text);
    }
  g_string_append (out, "  \"steps\": [\n");
  for (guint i = 0; i < steps->len; i++)
    {
      g_autofree char *text = object_to_string (g_ptr_array_index (steps, i), FALSE);
      g_string_append_printf (out, "    %s%s\n", text, i + 1 < steps->len ? "," : "");
    }
  g_string_append (out, "  ],\n");
  expect = object_to_string (json_object_get_object_member (root, "expect"), FALSE);
  g_string_append_printf (out, "  \"expect\": %s\n}\n", expect);
  return g_string_free (out, FALSE);
}

static gboolean
write_private (const char  *path,
               const char  *text,
               gboolean    *not_private,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean this_not_private = FALSE;
  gsize length = strlen (text);
  gsize done = 0;
  int fd = vt_copy_create_private (path, &this_not_private, &local_error);

  if (fd < 0)
    {
      gboolean exists = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
      g_set_error (error, VT_SCENARIO_WRITER_ERROR,
                   exists ? VT_SCENARIO_WRITER_ERROR_EXISTS : VT_SCENARIO_WRITER_ERROR_WRITE,
                   exists ? _("%s: there is already a file there; a scenario is never written "
                              "over a file. Give a new name, or move the old file away first.")
                          : _("%s: could not be written: %s"), path, local_error->message);
      return FALSE;
    }
  while (done < length)
    {
      gssize n = write (fd, text + done, length - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;
          close (fd);
          g_unlink (path);
          g_set_error (error, VT_SCENARIO_WRITER_ERROR, VT_SCENARIO_WRITER_ERROR_WRITE,
                       _("%s: could not be written: %s"), path, g_strerror (saved));
          return FALSE;
        }
      done += (gsize)n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved = errno;
      g_unlink (path);
      g_set_error (error, VT_SCENARIO_WRITER_ERROR, VT_SCENARIO_WRITER_ERROR_WRITE,
                   _("%s: could not be written: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (this_not_private)
    *not_private = TRUE;
  return TRUE;
}

/* "busy.json" → "busy-election.json", beside it. */
static char *
election_path_for (const char *out_path)
{
  g_autofree char *dir = g_path_get_dirname (out_path);
  g_autofree char *base = g_path_get_basename (out_path);
  g_autofree char *name = NULL;

  if (g_str_has_suffix (base, ".json"))
    base[strlen (base) - strlen (".json")] = '\0';
  name = g_strdup_printf ("%s-election.json", base);
  return g_build_filename (dir, name, NULL);
}

/**
 * vt_scenario_write_from_station:
 * @station_path: a station file; it is opened read-only and never written
 * @out_path: the scenario to write; it must not exist, nor its election file beside it
 *   (NAME-election.json for NAME.json)
 * @report: (out caller-allocates) (optional): what was written
 *
 * Writes a scenario (data/SCENARIOS.md) whose replay gives the station's journal again: one
 * step per command, at its local time and by its actor, with refusals as steps meant to be
 * refused by the same rule, and the station's end (phase, findings) as the scenario's expect.
 * Both files are made 0600 from their creation.
 */
gboolean
vt_scenario_write_from_station (const char              *station_path,
                                const char              *out_path,
                                VtScenarioWriterReport  *report,
                                GError                 **error)
{
  g_autoptr(VtStation) station = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) commands = g_array_new (FALSE, TRUE, sizeof (Command));
  g_autoptr(GHashTable) referred = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) check = NULL;
  g_autofree char *election_path = NULL;
  g_autofree char *election_name = NULL;
  g_autofree char *station_name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *title = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fnr_place = NULL;
  VtScenarioWriterReport local_report = { 0 };
  VtConfig *config;
  const char *actor;
  int day = 1, minutes = -1;
  Rename rename;

  g_return_val_if_fail (station_path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (report == NULL)
    report = &local_report;
  memset (report, 0, sizeof *report);
  g_array_set_clear_func (commands, command_clear);

  /* Said before the station is read: nothing is ever written over. */
  election_path = election_path_for (out_path);
  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? out_path : election_path;
      if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, VT_SCENARIO_WRITER_ERROR, VT_SCENARIO_WRITER_ERROR_EXISTS,
                       _("%s: there is already a file there; a scenario is never written over "
                         "a file. Give a new name, or move the old file away first."), path);
          return FALSE;
        }
    }

  station = vt_station_open_read_only (station_path, &local_error);
  if (station == NULL)
    {
      g_set_error (error, VT_SCENARIO_WRITER_ERROR, VT_SCENARIO_WRITER_ERROR_STATION, "%s: %s",
                   station_path, local_error->message);
      return FALSE;
    }
  config = vt_station_get_config (station);
  if (!read_commands (station, commands, &report->n_left_out, &local_error))
    {
      g_set_error (error, VT_SCENARIO_WRITER_ERROR, VT_SCENARIO_WRITER_ERROR_STATION, "%s: %s",
                   station_path, local_error->message);
      return FALSE;
    }
  if (commands->len == 0)
    {
      g_set_error (error, VT_SCENARIO_WRITER_ERROR, VT_SCENARIO_WRITER_ERROR_STATION,
                   _("%s: the log holds no command yet, so there is no step to write; play the "
                     "day in the window first"), station_path);
      return FALSE;
    }

  /* The entries later commands refer to by number, named by their number in this station.
   * Only an accepted command's entry can be named: a refusal makes none. */
  for (guint i = 0; i < commands->len; i++)
    each_reference (&g_array_index (commands, Command, i), note_reference, referred);
  for (guint i = 0; i < commands->len; i++)
    {
      Command *command = &g_array_index (commands, Command, i);
      gint64 seq = vt_journal_entry_get_seq (command->entry);

      if (!command->refused && g_hash_table_contains (referred, GINT_TO_POINTER ((gint)seq)))
        g_hash_table_insert (ids, GINT_TO_POINTER ((gint)seq),
                             g_strdup_printf ("entry-%" PRId64, seq));
    }
  rename.ids = ids;

  actor = vt_config_get_chair (config)->id;
  for (guint i = 0; i < commands->len; i++)
    {
      Command *command = &g_array_index (commands, Command, i);
      gint64 seq = vt_journal_entry_get_seq (command->entry);
      const char *id = command->refused ? NULL
                                        : g_hash_table_lookup (ids, GINT_TO_POINTER ((gint)seq));

      each_reference (command, rename_reference, &rename);
      g_ptr_array_add (steps, make_step (command, id, &day, &minutes, &actor,
                                         vt_config_get_days (config)->len));
      if (command->refused)
        report->n_refused++;
    }
  report->n_steps = steps->len;

  station_name = g_path_get_basename (station_path);
  election_name = g_path_get_basename (election_path);
  title = vt_config_dup_precinct_title (config);
  /* Translators: the description of a scenario written by "valgting scenario-from"; %s is the
   * station file's name */
  description = g_strdup_printf (_("Made from %s by valgting scenario-from"), station_name);
  json_object_set_string_member (root, "format", VT_SCENARIO_FORMAT);
  json_object_set_string_member (root, "title", title);
  json_object_set_string_member (root, "description", description);
  json_object_set_string_member (root, "election", election_name);
  json_object_set_object_member (root, "expect", make_expect (station));

  text = scenario_to_text (root, steps);
  config_text = vt_config_to_data (config);

  /* The log cannot hold an identity number, and a refusal's record has them removed; this is
   * the last look before anything is written. */
  check = json_from_string (text, NULL);
  fnr_place = check != NULL ? vt_reader_find_fnr (check, NULL) : NULL;
  if (check == NULL || fnr_place != NULL)
    {
      g_set_error (error, VT_SCENARIO_WRITER_ERROR, VT_SCENARIO_WRITER_ERROR_STATION,
                   _("%s: the scenario would hold a national identity number (%s); nothing was "
                     "written"), station_path, fnr_place != NULL ? fnr_place : "?");
      return FALSE;
    }

  if (!write_private (election_path, config_text, &report->not_private, error))
    return FALSE;
  if (!write_private (out_path, text, &report->not_private, error))
    {
      g_unlink (election_path);
      return FALSE;
    }
  report->election_path = g_steal_pointer (&election_path);
  if (report == &local_report)
    vt_scenario_writer_report_clear (report);
  return TRUE;
}

void
vt_scenario_writer_report_clear (VtScenarioWriterReport *report)
{
  g_clear_pointer (&report->election_path, g_free);
}
