/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-station"

#include "config.h"

#include "vt-i18n.h"
#include <glib/gstdio.h>
#include <unistd.h>

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-entry-kind.h"
#include "vt-rules-private.h"
#include "vt-store-private.h"
#include "vt-error.h"
#include "vt-fnr.h"
#include "vt-journal-model.h"
#include "vt-station.h"
#include "vt-station-state.h"

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

  /* From the first entry, read once: it never changes. */
  gboolean origin_read;
  char *replay_scenario;
  char *replay_sha256;
  const char *message_language; /* NULL: the station's own */
  gboolean read_only;           /* opened read-only: nothing is ever appended */
};

G_DEFINE_FINAL_TYPE (VtStation, vt_station, G_TYPE_OBJECT)

static void
vt_station_dispose (GObject *object)
{
  VtStation *self = (VtStation *)object;

  g_clear_object (&self->journal);
  g_clear_object (&self->store);
  g_clear_pointer (&self->replay_scenario, g_free);
  g_clear_pointer (&self->replay_sha256, g_free);

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
vt_station_open_read_only (const char *path,
                           GError    **error)
{
  VtStore *store = vt_store_open_read_only (path, error);
  VtStation *self;

  if (store == NULL)
    return NULL;
  self = station_new (store);
  self->read_only = TRUE;
  return self;
}

/**
 * vt_station_get_read_only:
 *
 * Returns: whether the station was opened read-only: every command is refused
 */
gboolean
vt_station_get_read_only (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  return self->read_only;
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

/* A new training station from @config in @directory, named for the moment it was made so
 * that trainers can keep several. */
static VtStation *
create_training_from (VtConfig   *config,
                      const char *directory,
                      GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

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

/* A new training station from the built-in training election. */
VtStation *
vt_station_create_training (const char *directory,
                            GError    **error)
{
  g_autoptr(VtConfig) config = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  config = vt_config_new_training (error);
  return config != NULL ? create_training_from (config, directory, error) : NULL;
}

/* A new training station from the built-in training annual meeting (an organisation's
 * election). */
VtStation *
vt_station_create_training_meeting (const char *directory,
                                    GError    **error)
{
  g_autoptr(VtConfig) config = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  config = vt_config_new_training_meeting (error);
  return config != NULL ? create_training_from (config, directory, error) : NULL;
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

/**
 * vt_station_get_replay_origin:
 * @scenario: (out) (optional): the scenario's file name
 * @sha256: (out) (optional): the SHA-256 of the scenario file, in lower-case hex
 *
 * Whether the station was made by replaying a scenario (valgting replay), as its first entry
 * records. Such a station's day never happened as written by hand, whatever its dates and its
 * training flag say, and every printed page says so.
 *
 * Returns: %TRUE when the station was made by replay
 */
gboolean
vt_station_get_replay_origin (VtStation   *self,
                              const char **scenario,
                              const char **sha256)
{
  g_return_val_if_fail (VT_IS_STATION (self), FALSE);

  if (!self->origin_read)
    {
      g_autoptr(VtJournalEntry) first = vt_store_get_entry (self->store, 1, NULL);
      JsonObject *payload = first != NULL ? vt_journal_entry_get_payload_object (first) : NULL;

      self->origin_read = TRUE;
      if (payload != NULL && json_object_has_member (payload, "replay_sha256"))
        {
          self->replay_sha256 = g_strdup (json_object_get_string_member_with_default (
            payload, "replay_sha256", ""));
          self->replay_scenario = g_strdup (json_object_get_string_member_with_default (
            payload, "replay_scenario", ""));
        }
    }
  if (scenario != NULL)
    *scenario = self->replay_scenario;
  if (sha256 != NULL)
    *sha256 = self->replay_sha256;
  return self->replay_sha256 != NULL;
}

const char *
vt_station_get_path (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  return vt_store_get_path (self->store);
}

/* Who is giving commands: the chair keeps the log; while the chair is away and the deputy
 * chair is here, the deputy does (only who is here seals, counts or signs). */
const char *
vt_station_get_actor (VtStation *self)
{
  VtConfig *config;
  const char *chair;
  GPtrArray *people;

  g_return_val_if_fail (VT_IS_STATION (self), NULL);

  config = vt_station_get_config (self);
  chair = vt_config_get_chair (config)->id;
  if (vt_station_is_present (self, chair))
    return chair;
  people = vt_config_get_people (config);
  for (guint i = 0; i < people->len; i++)
    {
      const VtPerson *person = g_ptr_array_index (people, i);

      if (person->role == VT_ROLE_NESTLEDER && vt_station_is_present (self, person->id))
        return person->id;
    }
  return chair;
}

/* The tests of the rules were written against the source's English: they keep it ("C"),
 * while a station tells its refusals in its own language (NULL, the default). */
void
vt_station_set_message_language (VtStation  *self,
                                 const char *language)
{
  g_return_if_fail (VT_IS_STATION (self));
  g_return_if_fail (language == NULL || g_str_equal (language, "C") ||
                    vt_i18n_language_is_known (language));
  self->message_language = g_intern_string (language);
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

GDateTime *
vt_station_dup_now (VtStation *self)
{
  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  return station_now (self);
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

/* ---- commands --------------------------------------------------------------------------- */

/* The language a refusal is told in: the station's own, or the one set for the tests. */
static const char *
message_language (VtStation *self)
{
  return self->message_language != NULL ? self->message_language
                                         : vt_config_get_language (vt_station_get_config (self));
}

typedef struct _Command Command;
struct _Command
{
  VtStation *self;
  const VtEntryKind *kind;
  const char *actor;
  JsonObject *payload;
  Command **refused; /* where the command the rules refused is noted, for its refusal entry */
};

static gboolean
command_check (VtStore   *store,
               gint64     seq,
               GDateTime *time,
               gpointer   data,
               GError   **error)
{
  Command *command = data;
  /* A refusal is told to the board, and logged, in the station's language whatever the
   * process's locale: every validation and every rule of a command runs here. (What the disk
   * says stays in the window's language, as the rest of the window.) */
  g_auto(VtLanguageScope) scope = vt_language_scope (message_language (command->self));

  if (vt_command_check (vt_store_get_db (store), vt_station_get_config (command->self), seq,
                        time, command->actor, command->kind, command->payload, error))
    return TRUE;
  if (command->refused != NULL)
    *command->refused = command;
  return FALSE;
}

static gboolean
command_apply (VtStore        *store,
               VtJournalEntry *entry,
               gpointer        data,
               GError        **error)
{
  Command *command = data;

  return vt_command_apply (vt_store_get_db (store), vt_station_get_config (command->self), entry,
                           error);
}

/* Replaces, anywhere in @node, every string holding a national identity number. */
static gboolean
number_is_fnr (JsonNode *node)
{
  g_autofree char *digits = NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  /* Ten or eleven digits: a number loses a leading zero (1010010183 was typed as
   * 01010010183). Strip numbers and counts are shorter. */
  if (json_node_get_int (node) < G_GINT64_CONSTANT (1000000000) ||
      json_node_get_int (node) > G_GINT64_CONSTANT (99999999999))
    return FALSE;
  digits = g_strdup_printf ("%011" G_GINT64_FORMAT, json_node_get_int (node));
  return strlen (digits) == 11 && vt_fnr_is_valid (digits);
}

static void
scrub_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;

          scrub_node (json_object_get_member (object, key));
          /* A key is text too: what was given under it stays, the number does not. */
          if (vt_text_contains_fnr (key))
            {
              g_autoptr(JsonNode) value = json_node_copy (json_object_get_member (object, key));
              g_autofree char *removed = NULL;
              guint n = 0;

              do
                {
                  g_free (removed);
                  removed = n == 0 ? g_strdup ("[removed: national identity number]")
                                   : g_strdup_printf ("[removed: national identity number %u]",
                                                      n + 1);
                  n++;
                }
              while (json_object_has_member (object, removed));
              json_object_remove_member (object, key);
              json_object_set_member (object, removed, g_steal_pointer (&value));
            }
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        scrub_node (json_array_get_element (array, i));
    }
  else if ((JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
            vt_text_contains_fnr (json_node_get_string (node))) ||
           number_is_fnr (node))
    json_node_set_string (node, "[removed: national identity number]");
}

/* A copy of @payload fit for the journal: what was tried, without any identity number in it,
 * whatever the kind and whatever the reason for the refusal. The caller's payload is left as
 * it is (json_node_copy () would share its objects). */
static JsonObject *
scrub_payload (JsonObject *payload)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *text = NULL;

  json_node_set_object (node, payload);
  text = json_to_string (node, FALSE);
  copy = json_from_string (text, NULL);
  if (copy == NULL || !JSON_NODE_HOLDS_OBJECT (copy))
    return json_object_new ();
  scrub_node (copy);
  return json_object_ref (json_node_get_object (copy));
}

static void
journal_refusal (VtStation    *self,
                 const char   *command_id,
                 const char   *kind_id,
                 const char   *actor,
                 JsonObject   *payload,
                 const GError *refusal)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(JsonObject) scrubbed = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(GDateTime) now = station_now (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *refusal_id = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  const char *who = actor;

  json_object_set_string_member (record, "tried", kind_id != NULL ? kind_id : "");
  json_object_set_string_member (record, "rule", vt_rule_error_get_rule (refusal));
  json_object_set_string_member (record, "reason", refusal->message);
  if (payload != NULL)
    {
      scrubbed = scrub_payload (payload);
      json_object_set_object_member (record, "payload", json_object_ref (scrubbed));
    }
  if (vt_config_find_person (vt_station_get_config (self), who) == NULL)
    who = vt_station_get_actor (self);

  /* Every attempt is its own entry: the same command refused twice was tried twice. */
  refusal_id = g_strdup_printf ("%s#refused-%s", command_id, uuid);
  entry = vt_store_append (self->store, refusal_id, now, VT_ENTRY_REFUSED, who, record, NULL,
                           &error);
  if (entry == NULL)
    g_warning ("The refusal of a command could not be logged: %s", error->message);
}

/* Refuses, before any rule, a command to a station opened read-only (nothing is written,
 * not even the refusal) or of a kind no one gives (logged as a refusal). */
static const VtEntryKind *
lookup_kind_to_give (VtStation  *self,
                     const char *command_id,
                     const char *kind_id,
                     const char *actor,
                     JsonObject *payload,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  const VtEntryKind *kind;

  if (self->read_only)
    {
      g_auto(VtLanguageScope) scope = vt_language_scope (message_language (self));

      g_set_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE,
                   _("The station file “%s” is open read only: nothing can be recorded in it. "
                     "To keep recording, save it elsewhere (Save the Station Elsewhere…) and "
                     "carry on in the copy."), vt_store_get_path (self->store));
      return NULL;
    }

  kind = vt_entry_kind_lookup (kind_id);
  if (kind == NULL || kind->phases == 0)
    {
      g_auto(VtLanguageScope) scope = vt_language_scope (message_language (self));

      vt_rule_refuse (&local_error, VT_RULE_ERROR_INVALID_INPUT, "unknown-kind",
                      _("“%s” is not a command Valgting knows."), kind_id != NULL ? kind_id : "");
      journal_refusal (self, command_id, kind_id, actor, payload, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return kind;
}

/**
 * vt_station_execute:
 * @command_id: made by the caller before the first try; a retry with the same id returns the
 *   entry already written
 * @kind: an entry kind of the catalogue
 * @actor: the person id giving the command
 * @payload: the kind's fields
 *
 * Checks the command against the rules and the station's state and writes it as one journal
 * entry with its derived state, in one transaction. A command the rules refuse is logged as a
 * refusal and returns %NULL with a #VT_RULE_ERROR saying why.
 */
VtJournalEntry *
vt_station_execute (VtStation  *self,
                    const char *command_id,
                    const char *kind_id,
                    const char *actor,
                    JsonObject *payload,
                    GError    **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;
  VtJournalEntry *entry;
  const VtEntryKind *kind;
  VtStoreRules rules;
  Command command;

  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  g_return_val_if_fail (command_id != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  kind = lookup_kind_to_give (self, command_id, kind_id, actor, payload, error);
  if (kind == NULL)
    return NULL;

  command = (Command) { self, kind, actor != NULL ? actor : "", payload, NULL };
  rules = (VtStoreRules) { command_check, command_apply, &command };
  now = station_now (self);

  entry = vt_store_append (self->store, command_id, now, kind->id, command.actor, payload,
                           &rules, &local_error);
  if (entry == NULL)
    {
      if (local_error->domain == VT_RULE_ERROR)
        journal_refusal (self, command_id, kind_id, command.actor, payload, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return entry;
}

/**
 * vt_station_execute_all:
 * @command_id: made by the caller before the first try; entry N of the commands gets
 *   "@command_id:N", and a retry with the same id returns the entries already written
 * @kind: an entry kind of the catalogue
 * @actor: the person id giving the commands
 * @payloads: (element-type JsonObject): the fields of each entry
 *
 * As vt_station_execute (), for several entries of one kind that stand or fall together (a
 * staff list): each is checked against the rules and the state the ones before it left, and
 * all are written in one transaction, or none. A command the rules refuse is logged as a
 * refusal, with its payload, and nothing else is written.
 *
 * Returns: (transfer container) (element-type VtJournalEntry): the entries, or %NULL
 */
GPtrArray *
vt_station_execute_all (VtStation  *self,
                        const char *command_id,
                        const char *kind_id,
                        const char *actor,
                        GPtrArray  *payloads,
                        GError    **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree Command *commands = NULL;
  g_autofree VtStoreRules *rules = NULL;
  g_autofree VtStoreCommand *store_commands = NULL;
  g_auto(GStrv) ids = NULL;
  GPtrArray *entries;
  const VtEntryKind *kind;
  Command *refused = NULL;

  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  g_return_val_if_fail (command_id != NULL, NULL);
  g_return_val_if_fail (payloads != NULL && payloads->len > 0, NULL);

  kind = lookup_kind_to_give (self, command_id, kind_id, actor,
                              g_ptr_array_index (payloads, 0), error);
  if (kind == NULL)
    return NULL;

  actor = actor != NULL ? actor : "";
  commands = g_new0 (Command, payloads->len);
  rules = g_new0 (VtStoreRules, payloads->len);
  store_commands = g_new0 (VtStoreCommand, payloads->len);
  ids = g_new0 (char *, payloads->len + 1);
  for (guint i = 0; i < payloads->len; i++)
    {
      commands[i] = (Command) { self, kind, actor, g_ptr_array_index (payloads, i), &refused };
      rules[i] = (VtStoreRules) { command_check, command_apply, &commands[i] };
      ids[i] = g_strdup_printf ("%s:%u", command_id, i + 1);
      store_commands[i] = (VtStoreCommand) { ids[i], kind->id, actor, commands[i].payload,
                                             &rules[i] };
    }

  now = station_now (self);
  entries = vt_store_append_all (self->store, now, store_commands, payloads->len, &local_error);
  if (entries == NULL)
    {
      if (local_error->domain == VT_RULE_ERROR)
        journal_refusal (self, command_id, kind_id, actor,
                         refused != NULL ? refused->payload : g_ptr_array_index (payloads, 0),
                         local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return entries;
}

VtPhase
vt_station_get_phase (VtStation *self)
{
  VtRuleContext ctx = { 0 };

  g_return_val_if_fail (VT_IS_STATION (self), VT_PHASE_SETUP);

  ctx.db = vt_store_get_db (self->store);
  ctx.config = vt_station_get_config (self);
  return vt_rules_get_phase (&ctx);
}

/**
 * vt_station_allows_now:
 * @kind: an entry kind id
 *
 * Returns: whether the phase the station is in allows @kind now, as logging it would decide
 *   before its own rule is asked: what the palette offers.
 */
gboolean
vt_station_allows_now (VtStation  *self,
                       const char *kind)
{
  const VtEntryKind *entry_kind;

  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  entry_kind = vt_entry_kind_lookup (kind);
  return entry_kind != NULL && !self->read_only &&
         vt_command_allowed_in_phase (vt_store_get_db (self->store),
                                      vt_station_get_config (self), entry_kind);
}

/**
 * vt_station_run_checks:
 *
 * Returns: (transfer container) (element-type VtFinding): every numbered check that does not
 *   pass now, errors first
 */
GPtrArray *
vt_station_run_checks (VtStation *self)
{
  g_autoptr(GDateTime) now = NULL;
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);
  VtRuleContext ctx = { 0 };

  g_return_val_if_fail (VT_IS_STATION (self), findings);

  now = station_now (self);
  ctx.db = vt_store_get_db (self->store);
  ctx.config = vt_station_get_config (self);
  ctx.seq = vt_store_get_n_entries (self->store) + 1;
  ctx.time = now;

  vt_checks_all (&ctx, findings);
  return findings;
}

VtJournalEntry *
vt_station_log_note (VtStation  *self,
                     const char *command_id,
                     const char *text,
                     GError    **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  g_return_val_if_fail (command_id != NULL, NULL);

  payload = json_object_new ();
  if (text != NULL && g_utf8_validate (text, -1, NULL))
    {
      trimmed = g_strstrip (g_strdup (text));
      json_object_set_string_member (payload, "text", trimmed);
    }
  else
    json_object_set_string_member (payload, "text", "");

  return vt_station_execute (self, command_id, VT_ENTRY_NOTE, vt_station_get_actor (self),
                             payload, error);
}
