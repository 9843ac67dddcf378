/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vt-debrief.h"
#include "vt-entry-kind.h"
#include "vt-journal-entry.h"
#include "vt-station.h"
#include "vt-store.h"

struct _VtDebrief
{
  GArray      *rows;       /* VtDebriefRow */
  GArray      *mistakes;   /* VtDebriefMistake */
  GStringChunk *strings;   /* the rules and kinds read from the journal */
  guint        n_days;     /* the election's days */
  guint        n_entries;  /* the station's entries */
  guint        n_given;    /* trainee steps the session gave itself */
  int          first_day, first_minutes;  /* the station's first entry */
  int          last_day, last_minutes;    /* and its last */
};

/* One journal entry as the matcher sees it. */
typedef struct
{
  gint64      seq;
  int         day;
  int         minutes;
  const char *kind;        /* the entry's kind, or for a refusal the kind tried */
  const char *rule;        /* a refusal's rule, or NULL */
  JsonObject *payload;     /* the entry's payload, or for a refusal what was given */
  char       *command_id;  /* the command id it was given with */
  gboolean    refused;
  gboolean    taken;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->payload, json_object_unref);
  g_clear_pointer (&entry->command_id, g_free);
}

static gboolean
is_identifying (VtFieldType type)
{
  switch (type)
    {
    case VT_FIELD_PERSON:
    case VT_FIELD_TABLE:
    case VT_FIELD_CONTEST:
    case VT_FIELD_PILE:
    case VT_FIELD_REASON:
    case VT_FIELD_CHECK:
    case VT_FIELD_URN:
    case VT_FIELD_CHOICE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Whether @payload has @step's value for every identifying field of the step's kind. */
static gboolean
payload_matches (const VtScenarioStep *step,
                 JsonObject           *payload)
{
  const VtEntryKind *kind = vt_entry_kind_lookup (step->kind);

  if (kind == NULL)
    return FALSE;
  for (guint i = 0; i < VT_MAX_FIELDS && kind->fields[i].name != NULL; i++)
    {
      const char *name = kind->fields[i].name;
      JsonNode *want;
      JsonNode *have;

      if (!is_identifying (kind->fields[i].type))
        continue;
      want = json_object_get_member (step->fields, name);
      if (want == NULL || !JSON_NODE_HOLDS_VALUE (want)
          || json_node_get_value_type (want) != G_TYPE_STRING)
        continue;
      have = payload != NULL ? json_object_get_member (payload, name) : NULL;
      if (have == NULL || !JSON_NODE_HOLDS_VALUE (have)
          || json_node_get_value_type (have) != G_TYPE_STRING
          || g_strcmp0 (json_node_get_string (want), json_node_get_string (have)) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_entries (VtDebrief  *self,
              VtStation  *station,
              GArray     *entries,
              GError    **error)
{
  VtStore *store = vt_station_get_store (station);
  VtConfig *config = vt_station_get_config (station);
  gint64 n = vt_store_get_n_entries (store);

  self->n_days = MAX (1, vt_config_get_days (config)->len);
  self->n_entries = (guint)n;
  for (gint64 seq = 1; seq <= n; seq++)
    {
      g_autoptr(VtJournalEntry) journal_entry = vt_store_get_entry (store, seq, error);
      g_autoptr(GDateTime) local = NULL;
      JsonObject *payload;
      Entry entry = { 0 };

      if (journal_entry == NULL)
        return FALSE;
      payload = vt_journal_entry_get_payload_object (journal_entry);
      entry.seq = seq;
      entry.command_id = g_strdup (vt_journal_entry_get_command_id (journal_entry));
      if (g_str_equal (vt_journal_entry_get_kind (journal_entry), VT_ENTRY_REFUSED))
        {
          JsonNode *given = payload != NULL ? json_object_get_member (payload, "payload") : NULL;
          const char *rule = payload != NULL
            ? json_object_get_string_member_with_default (payload, "rule", NULL) : NULL;
          const char *tried = payload != NULL
            ? json_object_get_string_member_with_default (payload, "tried", "") : "";

          entry.refused = TRUE;
          entry.kind = g_string_chunk_insert_const (self->strings, tried);
          entry.rule = rule != NULL ? g_string_chunk_insert_const (self->strings, rule) : NULL;
          if (given != NULL && JSON_NODE_HOLDS_OBJECT (given))
            entry.payload = json_object_ref (json_node_get_object (given));
        }
      else
        {
          entry.kind = g_string_chunk_insert_const (self->strings,
                                                    vt_journal_entry_get_kind (journal_entry));
          if (payload != NULL)
            entry.payload = json_object_ref (payload);
        }
      /* The election's own time zone, as a scenario's "at" is read: the entry's recorded
       * offset is that of the clock that gave it. */
      local = g_date_time_to_timezone (vt_journal_entry_get_time (journal_entry),
                                       vt_config_get_timezone (config));
      vt_config_place_in_days (config, local, &entry.day, &entry.minutes);
      if (seq == 1)
        {
          self->first_day = entry.day;
          self->first_minutes = entry.minutes;
        }
      self->last_day = entry.day;
      self->last_minutes = entry.minutes;
      g_array_append_val (entries, entry);
    }
  return TRUE;
}

/* The first entry not yet taken, accepted or refused as @refused says, of @step's command
 * and (for an accepted one) with its identifying fields; or NULL. */
static Entry *
find_entry (GArray               *entries,
            const VtScenarioStep *step,
            gboolean              refused)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);

      if (entry->taken || entry->refused != refused || g_strcmp0 (entry->kind, step->kind) != 0)
        continue;
      if (refused || payload_matches (step, entry->payload))
        return entry;
    }
  return NULL;
}

/* "scenario:NAME:" when @station was made by replaying this very @scenario (the same bytes),
 * the command ids its replayed steps were given with; else NULL. */
static char *
dup_given_prefix (VtScenario *scenario,
                  VtStation  *station)
{
  const char *name = NULL;
  const char *sha256 = NULL;

  if (!vt_station_get_replay_origin (station, &name, &sha256) || name == NULL
      || g_strcmp0 (sha256, vt_scenario_get_sha256 (scenario)) != 0)
    return NULL;
  return g_strdup_printf ("scenario:%s:", name);
}

/* Whether @entry is @step given by the session itself: its command id names the step. */
static gboolean
is_given (const Entry          *entry,
          const char           *given_prefix,
          const VtScenarioStep *step)
{
  g_autofree char *command_id = NULL;

  if (given_prefix == NULL || entry->command_id == NULL)
    return FALSE;
  command_id = g_strdup_printf ("%s%u", given_prefix, step->number);
  return g_str_equal (entry->command_id, command_id);
}

/**
 * vt_debrief_new:
 * @scenario: the training session; it must outlive the debrief (its tasks and kinds are used)
 * @station_path: the trainee's station, opened read-only and never written
 *
 * Returns: (transfer full) (nullable): the debrief, or %NULL with @error set when the station
 *   cannot be read
 */
VtDebrief *
vt_debrief_new (VtScenario  *scenario,
                const char  *station_path,
                GError     **error)
{
  return vt_debrief_new_at (scenario, station_path, NULL, error);
}

/* Minutes from the start of day 1. */
static int
day_minutes (int day,
             int minutes)
{
  return (day - 1) * 24 * 60 + minutes;
}

/* A session still running at @now: the steps not yet due are not missed, and it ran until
 * @now. */
static void
apply_now (VtDebrief *self,
           VtConfig  *config,
           GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, vt_config_get_timezone (config));
  int now_day, now_minutes;

  vt_config_place_in_days (config, local, &now_day, &now_minutes);
  for (guint i = 0; i < self->rows->len; i++)
    {
      VtDebriefRow *row = &g_array_index (self->rows, VtDebriefRow, i);

      if (row->outcome == VT_DEBRIEF_MISSED &&
          day_minutes (row->expected_day, row->expected_minutes + row->within) >
            day_minutes (now_day, now_minutes))
        row->outcome = VT_DEBRIEF_NOT_DUE;
    }
  if (self->n_entries > 0 &&
      day_minutes (now_day, now_minutes) > day_minutes (self->last_day, self->last_minutes))
    {
      self->last_day = now_day;
      self->last_minutes = now_minutes;
    }
}

/**
 * vt_debrief_new_at:
 * @now: (nullable): the session's clock, for a debrief while it runs; %NULL when it is over
 *
 * As vt_debrief_new ().
 */
VtDebrief *
vt_debrief_new_at (VtScenario  *scenario,
                   const char  *station_path,
                   GDateTime   *now,
                   GError     **error)
{
  g_autoptr(VtDebrief) self = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  const VtScenarioStep *steps;
  guint n_steps = 0;
  g_autofree char *given_prefix = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (station_path != NULL, NULL);

  self = g_new0 (VtDebrief, 1);
  self->rows = g_array_new (FALSE, TRUE, sizeof (VtDebriefRow));
  self->mistakes = g_array_new (FALSE, TRUE, sizeof (VtDebriefMistake));
  self->strings = g_string_chunk_new (256);
  g_array_set_clear_func (entries, entry_clear);

  station = vt_station_open_read_only (station_path, error);
  if (station == NULL)
    return NULL;
  if (!read_entries (self, station, entries, error))
    return NULL;

  steps = vt_scenario_get_steps (scenario, &n_steps);
  given_prefix = dup_given_prefix (scenario, station);

  /* First the accepted entries, every command step in the file's order. */
  for (guint i = 0; i < n_steps; i++)
    {
      const VtScenarioStep *step = &steps[i];
      Entry *entry;
      VtDebriefRow row = { 0 };

      if (step->role == VT_SCENARIO_STEP_CARD || step->kind == NULL)
        continue;
      /* A background step meant to be refused makes no accepted entry to take. */
      if (step->expect_refused && step->role != VT_SCENARIO_STEP_TRAINEE)
        continue;
      entry = find_entry (entries, step, FALSE);
      if (entry != NULL)
        entry->taken = TRUE;
      if (step->role != VT_SCENARIO_STEP_TRAINEE)
        continue;
      if (entry != NULL && is_given (entry, given_prefix, step))
        {
          self->n_given++;
          continue;
        }

      row.step_number = step->number;
      row.task = step->task;
      row.kind = step->kind;
      row.expected_day = step->day;
      row.expected_minutes = step->minutes;
      row.within = step->within;
      if (entry != NULL)
        {
          gboolean late = entry->day > step->day
            || (entry->day == step->day && entry->minutes > step->minutes + step->within);

          row.outcome = late ? VT_DEBRIEF_DONE_LATE : VT_DEBRIEF_DONE;
          row.seq = entry->seq;
          row.day = entry->day;
          row.minutes = entry->minutes;
        }
      else
        row.outcome = VT_DEBRIEF_MISSED;
      g_array_append_val (self->rows, row);
    }

  /* Then the refusals, for the trainee steps not done. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      VtDebriefRow *row = &g_array_index (self->rows, VtDebriefRow, i);
      const VtScenarioStep *step = NULL;
      Entry *entry;

      if (row->outcome != VT_DEBRIEF_MISSED)
        continue;
      for (guint j = 0; j < n_steps && step == NULL; j++)
        if (steps[j].number == row->step_number)
          step = &steps[j];
      entry = find_entry (entries, step, TRUE);
      if (entry == NULL)
        continue;
      entry->taken = TRUE;
      row->outcome = VT_DEBRIEF_DONE_WRONG;
      row->seq = entry->seq;
      row->day = entry->day;
      row->minutes = entry->minutes;
      row->rule = entry->rule;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      VtDebriefMistake mistake = { 0 };

      if (!entry->refused || entry->taken)
        continue;
      mistake.seq = entry->seq;
      mistake.day = entry->day;
      mistake.minutes = entry->minutes;
      mistake.kind = entry->kind;
      mistake.rule = entry->rule;
      g_array_append_val (self->mistakes, mistake);
    }
  if (now != NULL)
    apply_now (self, vt_station_get_config (station), now);
  return g_steal_pointer (&self);
}

const VtDebriefRow *
vt_debrief_get_rows (VtDebrief *self,
                     guint     *n_rows)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_rows != NULL)
    *n_rows = self->rows->len;
  return (const VtDebriefRow *)(gpointer)self->rows->data;
}

const VtDebriefMistake *
vt_debrief_get_other_mistakes (VtDebrief *self,
                               guint     *n_mistakes)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_mistakes != NULL)
    *n_mistakes = self->mistakes->len;
  return (const VtDebriefMistake *)(gpointer)self->mistakes->data;
}

guint
vt_debrief_count (VtDebrief        *self,
                  VtDebriefOutcome  outcome)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->rows->len; i++)
    n += g_array_index (self->rows, VtDebriefRow, i).outcome == outcome;
  return n;
}

guint
vt_debrief_get_n_given (VtDebrief *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_given;
}

guint
vt_debrief_get_n_days (VtDebrief *self)
{
  g_return_val_if_fail (self != NULL, 1);

  return self->n_days;
}

gboolean
vt_debrief_get_span (VtDebrief *self,
                     int       *first_day,
                     int       *first_minutes,
                     int       *last_day,
                     int       *last_minutes)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (first_day != NULL)
    *first_day = self->first_day;
  if (first_minutes != NULL)
    *first_minutes = self->first_minutes;
  if (last_day != NULL)
    *last_day = self->last_day;
  if (last_minutes != NULL)
    *last_minutes = self->last_minutes;
  return self->n_entries > 0;
}

/**
 * vt_debrief_dup_trainee_name:
 * @station_path: a trainee's station file
 *
 * Returns: (transfer full): the file's base name without its extension ("kari.valgting" gives
 *   "kari")
 */
char *
vt_debrief_dup_trainee_name (const char *station_path)
{
  g_autofree char *base = NULL;
  char *dot;

  g_return_val_if_fail (station_path != NULL, NULL);

  base = g_path_get_basename (station_path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

void
vt_debrief_free (VtDebrief *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->rows);
  g_array_unref (self->mistakes);
  g_string_chunk_free (self->strings);
  g_free (self);
}
