/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-scenario"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>
#include <stdarg.h>

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-json-reader.h"
#include "vt-kind-ids.h"
#include "vt-scenario-private.h"
#include "vt-station.h"
#include "vt-store.h"

/* A scenario is a trainer's hand-written election day: which election, then one step per
 * command with its time and who gives it (data/SCENARIOS.md). The whole file is read and
 * checked first, so a mistake in it creates nothing; then a new training station is made and
 * every step is given through vt_station_execute () at its own time, exactly as the window
 * would give it. The first step the rules refuse stops the replay, unless the step says it
 * is meant to be refused: those show trainees a rule. */

G_DEFINE_QUARK (vt-scenario-error-quark, vt_scenario_error)

/* Keys a step has besides the command's own fields. A command field of the same name wins:
 * in a roll-marks step, "day" is the day whose marks are counted. */
static const char * const step_keys[] = {
  "at", "day", "by", "do", "expect", "rule", "id", "trainee", "within", "task", NULL
};

/* A card's keys: it has no command, so nothing else. */
static const char * const card_keys[] = { "at", "day", "card", "title", NULL };


static void
step_free (Step *step)
{
  g_free (step->id);
  g_free (step->actor);
  g_clear_pointer (&step->payload, json_object_unref);
  g_free (step->rule);
  g_free (step->task);
  g_free (step->card);
  g_free (step->title);
  g_free (step);
}

static void
scenario_free (Scenario *scenario)
{
  g_free (scenario->origin);
  g_free (scenario->sha256);
  g_free (scenario->title);
  g_clear_object (&scenario->config);
  g_free (scenario->description);
  g_clear_pointer (&scenario->steps, g_ptr_array_unref);
  g_clear_pointer (&scenario->all, g_ptr_array_unref);
  g_clear_pointer (&scenario->public_steps, g_array_unref);
  g_clear_pointer (&scenario->ids, g_hash_table_unref);
  g_clear_pointer (&scenario->expect_findings, g_ptr_array_unref);
  g_clear_pointer (&scenario->expect_explained, g_ptr_array_unref);
  g_free (scenario);
}

/* ---- small helpers ---------------------------------------------------------------------- */

char *
vt_scenario_step_name (guint number)
{
  /* Translators: how a step of a scenario file is named in messages: "step 12" */
  return g_strdup_printf (_("step %u"), number);
}

static char *
format_minutes (int minutes)
{
  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

char *
vt_scenario_step_label (Scenario *scenario,
                        Step     *step)
{
  g_autofree char *at = format_minutes (step->minutes);
  /* A card has no command; "card" is the key that makes it one. */
  const char *what = step->kind != NULL ? step->kind->id : "card";

  if (vt_config_get_days (scenario->config)->len > 1)
    /* Translators: a step of a two-day scenario: "day 2 08:30 urn.seal-check" */
    return g_strdup_printf (_("day %d %s %s"), step->day, at, what);
  return g_strdup_printf ("%s %s", at, what);
}

static gboolean
parse_hhmm (const char *text,
            int        *minutes)
{
  guint hour = 0, minute = 0;
  const char *p = text;
  int digits = 0;

  while (g_ascii_isdigit (*p) && digits < 2)
    hour = hour * 10 + (guint)(*p++ - '0'), digits++;
  if (digits == 0 || *p++ != ':')
    return FALSE;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || p[2] != '\0')
    return FALSE;
  minute = (guint)(p[0] - '0') * 10 + (guint)(p[1] - '0');
  if (hour > 23 || minute > 59)
    return FALSE;
  *minutes = (int)(hour * 60 + minute);
  return TRUE;
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint)j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];
      row[0] = (guint)i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

/* The command a misspelt command name was probably meant to be, or NULL. */
static const char *
closest_kind (const char *id)
{
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);
  const char *best = NULL;
  guint best_distance = 4;

  for (guint i = 0; i < n_kinds; i++)
    {
      guint d;
      if (kinds[i].phases == 0)
        continue;
      d = edit_distance (id, kinds[i].id);
      if (d < best_distance)
        best = kinds[i].id, best_distance = d;
    }
  return best;
}

static char *
field_list (const VtEntryKind *kind)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < VT_MAX_FIELDS && kind->fields[i].name != NULL; i++)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, kind->fields[i].name);
    }
  if (out->len == 0)
    /* Translators: the list of a command's fields when it has none */
    g_string_append (out, _("none"));
  return g_string_free (out, FALSE);
}

/* ---- reading the scenario --------------------------------------------------------------- */

static VtConfig *
load_election (VtReader   *r,
               const char *scenario_path,
               const char *election,
               gboolean    keep_dates)
{
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;

  if (g_str_equal (election, "training"))
    config = vt_config_new_training (r->error);
  else
    {
      g_autofree char *dir = g_path_get_dirname (scenario_path);
      g_autofree char *path = g_path_is_absolute (election)
                                ? g_strdup (election)
                                : g_build_filename (dir, election, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          vt_reader_refuse (r, "election",
                            _("there is no election configuration “%s” beside the scenario; give "
                              "a file name relative to the scenario, or “training” for the "
                              "built-in training election"), election);
          return NULL;
        }
      config = vt_config_new_from_file (file, r->error);
    }
  if (config == NULL || vt_config_get_training (config) || keep_dates)
    return g_steal_pointer (&config);

  /* A replayed day never happened: the station is a training station whatever the
   * configuration says, so that nothing printed from it can pass for a real protocol. */
  data = vt_config_to_data (config);
  root = json_from_string (data, NULL);
  json_object_set_boolean_member (json_object_get_object_member (json_node_get_object (root),
                                                                 "election"),
                                  "training", TRUE);
  g_clear_pointer (&data, g_free);
  data = json_to_string (root, TRUE);
  name = g_path_get_basename (election);
  return vt_config_new_from_data (data, -1, name, r->error);
}

/* An entry field may name an earlier step by its id instead of giving an entry number. */
static gboolean
check_entry_reference (VtReader   *r,
                       Scenario   *scenario,
                       const char *path,
                       JsonNode   *node,
                       Step       *step)
{
  const char *id;
  Step *target;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return TRUE; /* an entry number: the core checks it */

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return vt_reader_refuse (r, path, _("this must be the id of an earlier step (or an entry "
                                        "number)"));

  id = json_node_get_string (node);
  target = g_hash_table_lookup (scenario->ids, id);
  if (target == NULL || target == step)
    return vt_reader_refuse (r, path, _("“%s” is not the id of an earlier step; give the step it "
                                        "refers to \"id\": \"%s\""), id, id);
  if (target->expect_refused)
    return vt_reader_refuse (r, path, _("“%s” is a step that is meant to be refused, so it makes "
                                        "no entry to refer to"), id);
  return TRUE;
}

static gboolean
check_entry_fields (VtReader   *r,
                    Scenario   *scenario,
                    const char *path,
                    Step       *step)
{
  for (guint i = 0; i < VT_MAX_FIELDS && step->kind->fields[i].name != NULL; i++)
    {
      const VtField *field = &step->kind->fields[i];
      JsonNode *node = json_object_get_member (step->payload, field->name);
      g_autofree char *here = vt_reader_child_path (path, field->name);

      if (node == NULL)
        continue;

      if (field->type == VT_FIELD_ENTRY &&
          !check_entry_reference (r, scenario, here, node, step))
        return FALSE;

      /* A scenario written before explanations had items: say what changed, at the step. */
      if (field->type == VT_FIELD_ENTRIES && g_str_equal (step->kind->id, VT_KIND_COUNT_EXPLAIN) &&
          vt_check_takes_items (vt_check_lookup (json_object_get_string_member_with_default (
                                  step->payload, "code", ""))))
        return vt_reader_refuse (r, here, _("an explanation of this check no longer lists "
                                            "\"entries\" alone: give \"items\", each "
                                            "{\"entry\": \"id of a step\", \"count\": 1 or -1} "
                                            "or {\"reason\": \"one-contest-only\", "
                                            "\"count\": -2}, adding up to the difference "
                                            "(ballots minus roll marks), or \"not_explained\": "
                                            "true after a \"count.recounted\" step"));

      if (field->type == VT_FIELD_ITEMS && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *element = json_array_get_element (array, j);
              JsonNode *entry = JSON_NODE_HOLDS_OBJECT (element)
                                  ? json_object_get_member (json_node_get_object (element),
                                                            "entry")
                                  : NULL;
              g_autofree char *item_path = vt_reader_index_path (here, j);
              g_autofree char *entry_path = vt_reader_child_path (item_path, "entry");

              if (entry != NULL &&
                  !check_entry_reference (r, scenario, entry_path, entry, step))
                return FALSE;
            }
        }

      if (field->type == VT_FIELD_ENTRIES)
        {
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (node))
            return vt_reader_refuse (r, here, _("this must be a list in brackets [ ] of ids of "
                                                "earlier steps"));
          array = json_node_get_array (node);
          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              g_autofree char *element = vt_reader_index_path (here, j);
              if (!check_entry_reference (r, scenario, element,
                                          json_array_get_element (array, j), step))
                return FALSE;
            }
        }
    }
  return TRUE;
}

static gint64
referenced_seq (Scenario *scenario,
                JsonNode *node,
                Step    **missing)
{
  Step *target = g_hash_table_lookup (scenario->ids, json_node_get_string (node));

  if (missing != NULL && *missing == NULL && target != NULL && target->seq <= 0)
    *missing = target;

  /* While the file is read nothing has an entry yet, and any earlier entry will do. */
  return target != NULL && target->seq > 0 ? target->seq : 1;
}

JsonObject *
vt_scenario_resolve_payload (Scenario *scenario,
                             Step     *step,
                             Step    **missing)
{
  JsonObject *payload = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (step->payload);

  /* A new object: json_node_copy () shares an object's members, and the step's payload must
   * stay as written. Only whole members are replaced below. */
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (payload, l->data,
                            json_node_copy (json_object_get_member (step->payload, l->data)));

  for (guint i = 0; i < VT_MAX_FIELDS && step->kind->fields[i].name != NULL; i++)
    {
      const VtField *field = &step->kind->fields[i];
      JsonNode *node = json_object_get_member (payload, field->name);

      if (node == NULL)
        continue;

      if (field->type == VT_FIELD_ENTRY && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        {
          json_object_set_int_member (payload, field->name, referenced_seq (scenario, node, missing));
        }
      else if (field->type == VT_FIELD_ITEMS && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          JsonArray *resolved = json_array_new ();

          /* New objects, for the same reason as the payload's. */
          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *element = json_array_get_element (array, j);
              JsonObject *item;
              JsonObject *copy;
              g_autoptr(GList) names = NULL;

              if (!JSON_NODE_HOLDS_OBJECT (element))
                {
                  json_array_add_element (resolved, json_node_copy (element));
                  continue;
                }
              item = json_node_get_object (element);
              copy = json_object_new ();
              names = json_object_get_members (item);
              for (GList *n = names; n != NULL; n = n->next)
                {
                  JsonNode *value = json_object_get_member (item, n->data);

                  if (g_str_equal (n->data, "entry") && JSON_NODE_HOLDS_VALUE (value) &&
                      json_node_get_value_type (value) == G_TYPE_STRING)
                    json_object_set_int_member (copy, n->data, referenced_seq (scenario, value, missing));
                  else
                    json_object_set_member (copy, n->data, json_node_copy (value));
                }
              json_array_add_object_element (resolved, copy);
            }
          json_object_set_array_member (payload, field->name, resolved);
        }
      else if (field->type == VT_FIELD_ENTRIES && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          JsonArray *resolved = json_array_new ();

          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *element = json_array_get_element (array, j);
              if (JSON_NODE_HOLDS_VALUE (element) &&
                  json_node_get_value_type (element) == G_TYPE_STRING)
                json_array_add_int_element (resolved, referenced_seq (scenario, element, missing));
              else
                json_array_add_element (resolved, json_node_copy (element));
            }
          json_object_set_array_member (payload, field->name, resolved);
        }
    }
  return payload;
}

/* When a step happens: its "day" and "at", defaulting to the previous step's, never going
 * backwards. Cards are held to it like commands. */
static gboolean
read_when (VtReader   *r,
           Scenario   *scenario,
           JsonObject *object,
           const char *path,
           Step       *previous,
           Step       *step)
{
  g_autofree char *at = NULL;
  guint n_days = vt_config_get_days (scenario->config)->len;
  gboolean day_given = FALSE;

  /* When: the day and time default to the previous step's. */
  step->day = previous != NULL ? previous->day : 1;
  step->minutes = previous != NULL ? previous->minutes : -1;
  if ((step->kind == NULL || vt_entry_kind_find_field (step->kind, "day") == NULL) &&
      json_object_has_member (object, "day"))
    {
      g_autofree char *here = vt_reader_child_path (path, "day");
      JsonNode *node = json_object_get_member (object, "day");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 1 || json_node_get_int (node) > n_days)
        return vt_reader_refuse (r, here, ngettext ("this must be the number of an election day: "
                                                    "the election has %u day, so 1",
                                                    "this must be the number of an election day: "
                                                    "1 to %u", n_days), n_days);
      step->day = (int)json_node_get_int (node);
      day_given = TRUE;
    }
  if (json_object_has_member (object, "at"))
    {
      g_autofree char *here = vt_reader_child_path (path, "at");

      if (!vt_reader_read_string (r, object, path, "at", TRUE, &at))
        return FALSE;
      if (!parse_hhmm (at, &step->minutes))
        return vt_reader_refuse (r, here, _("“%s” is not a time; write it as HH:MM, e.g. 09:00"),
                                 at);
    }
  else if (previous == NULL)
    return vt_reader_refuse (r, path, _("the first step needs a time: \"at\": \"HH:MM\""));
  else if (day_given && step->day != previous->day)
    return vt_reader_refuse (r, path, _("a step that moves to another day needs its time too: "
                                        "\"at\": \"HH:MM\""));

  if (previous != NULL &&
      (step->day < previous->day ||
       (step->day == previous->day && step->minutes < previous->minutes)))
    {
      g_autofree char *here = vt_reader_child_path (path, day_given && step->day < previous->day
                                                            ? "day" : "at");
      g_autofree char *label = vt_scenario_step_label (scenario, previous);
      g_autofree char *this_at = format_minutes (step->minutes);

      /* Translators: %s are the step's time and the previous step's day, time and command */
      return vt_reader_refuse (r, here, _("%s on day %d is before the previous step (%s); steps "
                                          "are replayed in the order they are written, so their "
                                          "times must not go backwards"),
                               this_at, step->day, label);
    }

  return TRUE;
}

/* An event card, { "at": "10:40", "card": "…", "title": "…" }: no command, only a time and
 * what the trainee is shown. */
static gboolean
read_card (VtReader   *r,
           Scenario   *scenario,
           JsonObject *object,
           const char *path,
           Step       *previous,
           Step       *step)
{
  g_autoptr(GList) members = json_object_get_members (object);

  step->role = VT_SCENARIO_STEP_CARD;
  if (json_object_has_member (object, "do"))
    return vt_reader_refuse (r, path, _("a step is either a command (\"do\") or an event card "
                                        "(\"card\"), not both; write the event as a card step "
                                        "of its own"));
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (key[0] != '_' && !g_strv_contains (card_keys, key))
        return vt_reader_refuse (r, path, _("an event card has no “%s”; its keys are: at, day, "
                                            "card, title (keys starting with “_” are comments)"),
                                 key);
    }
  if (!vt_reader_read_string (r, object, path, "card", TRUE, &step->card) ||
      !vt_reader_read_string (r, object, path, "title", FALSE, &step->title))
    return FALSE;
  if (!read_when (r, scenario, object, path, previous, step))
    return FALSE;
  step->actor = g_strdup (previous != NULL ? previous->actor
                                           : vt_config_get_chair (scenario->config)->id);
  return TRUE;
}

/* Whether a command is the trainee's to do, and its "within" and "task". */
static gboolean
read_trainee (VtReader   *r,
              JsonObject *object,
              const char *path,
              Step       *step)
{
  gboolean trainee = FALSE;

  if (json_object_has_member (object, "trainee"))
    {
      g_autofree char *here = vt_reader_child_path (path, "trainee");
      JsonNode *node = json_object_get_member (object, "trainee");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return vt_reader_refuse (r, here, _("this must be true or false"));
      trainee = json_node_get_boolean (node);
    }
  step->role = trainee ? VT_SCENARIO_STEP_TRAINEE : VT_SCENARIO_STEP_BACKGROUND;

  if (json_object_has_member (object, "within"))
    {
      g_autofree char *here = vt_reader_child_path (path, "within");
      JsonNode *node = json_object_get_member (object, "within");

      if (!trainee)
        return vt_reader_refuse (r, here, _("\"within\" is how late the trainee may do a step "
                                            "and still be on time; it goes with \"trainee\": "
                                            "true"));
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 1 || json_node_get_int (node) > 24 * 60)
        return vt_reader_refuse (r, here, _("this must be a number of minutes, 1 or more"));
      step->within = (int)json_node_get_int (node);
    }
  else if (trainee)
    step->within = VT_SCENARIO_DEFAULT_WITHIN;

  if (json_object_has_member (object, "task"))
    {
      g_autofree char *here = vt_reader_child_path (path, "task");

      if (!trainee)
        return vt_reader_refuse (r, here, _("\"task\" tells the trainee what is expected; it "
                                            "goes with \"trainee\": true"));
      if (!vt_reader_read_string (r, object, path, "task", TRUE, &step->task))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_step (VtReader   *r,
           Scenario   *scenario,
           JsonObject *object,
           guint       number,
           Step       *previous,
           Step      **out)
{
  g_autofree char *path = vt_scenario_step_name (number);
  g_autofree char *kind_id = NULL;
  g_autofree char *expect = NULL;
  g_autoptr(GList) members = NULL;
  Step *step = g_new0 (Step, 1);

  /* Owned by the scenario from here on, even when the step turns out to be wrong. */
  g_ptr_array_add (scenario->all, step);
  step->number = number;

  if (json_object_has_member (object, "card"))
    {
      if (!read_card (r, scenario, object, path, previous, step))
        return FALSE;
      *out = step;
      return TRUE;
    }
  step->payload = json_object_new ();

  /* What to do first: which of the other keys are fields depends on it. */
  if (!vt_reader_read_string (r, object, path, "do", TRUE, &kind_id))
    return FALSE;
  step->kind = vt_entry_kind_lookup (kind_id);
  if (step->kind == NULL)
    {
      const char *guess = closest_kind (kind_id);
      g_autofree char *here = vt_reader_child_path (path, "do");

      if (guess != NULL)
        return vt_reader_refuse (r, here, _("“%s” is not a command Valgting knows; did you mean "
                                            "“%s”? (valgting kinds lists them all)"),
                                 kind_id, guess);
      return vt_reader_refuse (r, here, _("“%s” is not a command Valgting knows; valgting kinds "
                                          "lists them all"), kind_id);
    }
  /* The single entry of a count with its control count is no longer given: say what it
   * became, so that an older scenario is easy to bring up to date. */
  if (g_str_equal (kind_id, VT_KIND_COUNT_PILE) || g_str_equal (kind_id, VT_KIND_ROLL_MARKS) ||
      g_str_equal (kind_id, VT_KIND_ENVELOPES_COUNTED))
    {
      g_autofree char *here = vt_reader_child_path (path, "do");
      const char *count = g_str_equal (kind_id, VT_KIND_COUNT_PILE) ? VT_KIND_PILE_COUNT
                          : g_str_equal (kind_id, VT_KIND_ROLL_MARKS) ? VT_KIND_ROLL_MARKS_COUNT
                          : VT_KIND_ENVELOPES_COUNT;
      const char *control = g_str_equal (kind_id, VT_KIND_COUNT_PILE) ? VT_KIND_PILE_CONTROL
                            : g_str_equal (kind_id, VT_KIND_ROLL_MARKS)
                              ? VT_KIND_ROLL_MARKS_CONTROL : VT_KIND_ENVELOPES_CONTROL;

      return vt_reader_refuse (r, here,
                               /* Translators: the %s are command ids, such as "count.pile",
                                * "pile.count" and "pile.control" */
                               _("“%s” with a count and a control count in one step is the "
                                 "older format: a count and its control count are now two steps "
                                 "by two board members, “%s” with \"count\" and \"counter\", then "
                                 "“%s” with \"control_count\" and \"controller\" "
                                 "(data/SCENARIOS.md)"), kind_id, count, control);
    }
  if (step->kind->phases == 0)
    {
      g_autofree char *here = vt_reader_child_path (path, "do");
      return vt_reader_refuse (r, here, _("“%s” is written by Valgting itself; a scenario cannot "
                                          "give it"), kind_id);
    }

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (vt_entry_kind_find_field (step->kind, key) != NULL)
        json_object_set_member (step->payload, key,
                                json_node_copy (json_object_get_member (object, key)));
      else if (key[0] != '_' && !g_strv_contains (step_keys, key))
        {
          g_autofree char *fields = field_list (step->kind);
          return vt_reader_refuse (r, path, _("“%s” has no field “%s”; its fields are: %s "
                                              "(keys starting with “_” are comments)"),
                                   step->kind->id, key, fields);
        }
    }

  if (!read_when (r, scenario, object, path, previous, step))
    return FALSE;

  /* Who: defaults to the previous step's, and the chair at first. */
  if (json_object_has_member (object, "by"))
    {
      g_autofree char *here = vt_reader_child_path (path, "by");

      if (!vt_reader_read_string (r, object, path, "by", TRUE, &step->actor))
        return FALSE;
      if (vt_config_find_person (scenario->config, step->actor) == NULL)
        return vt_reader_refuse (r, here, _("“%s” is not a person in the election's "
                                            "configuration"), step->actor);
    }
  else
    step->actor = g_strdup (previous != NULL ? previous->actor
                                             : vt_config_get_chair (scenario->config)->id);

  /* Whether it is meant to be refused, and by which rule. */
  if (!vt_reader_read_string (r, object, path, "expect", FALSE, &expect))
    return FALSE;
  if (expect != NULL && !g_str_equal (expect, "refused"))
    {
      g_autofree char *here = vt_reader_child_path (path, "expect");
      return vt_reader_refuse (r, here, _("“%s” is not something a step can expect; write "
                                          "\"refused\" for a step the rules must refuse, or leave "
                                          "\"expect\" out"), expect);
    }
  step->expect_refused = expect != NULL;
  if (vt_entry_kind_find_field (step->kind, "rule") == NULL)
    {
      if (!vt_reader_read_string (r, object, path, "rule", FALSE, &step->rule))
        return FALSE;
      if (step->rule != NULL && !step->expect_refused)
        {
          g_autofree char *here = vt_reader_child_path (path, "rule");
          return vt_reader_refuse (r, here, _("\"rule\" names the rule that refuses a step; it "
                                              "goes with \"expect\": \"refused\""));
        }
    }

  /* A name later steps can refer to, as in "entries": ["wrong-mark"]. */
  if (json_object_has_member (object, "id"))
    {
      if (!vt_reader_read_id (r, object, path, NULL, &step->id))
        return FALSE;
      if (g_hash_table_contains (scenario->ids, step->id))
        return vt_reader_refuse (r, path, _("the id “%s” is used by an earlier step too; give every "
                                            "step its own id"), step->id);
    }

  if (!read_trainee (r, object, path, step))
    return FALSE;

  if (!check_entry_fields (r, scenario, path, step))
    return FALSE;

  /* The fields as the core checks them, before anything is written: a misspelt person or
   * table is the file's mistake, not a refusal. A step meant to be refused may well lack a
   * field on purpose, so it is left to the rules. */
  if (!step->expect_refused)
    {
      g_autoptr(JsonObject) payload = vt_scenario_resolve_payload (scenario, step, NULL);
      g_autoptr(GError) local_error = NULL;

      if (!vt_command_validate_fields (step->kind, scenario->config, payload, G_MAXINT64,
                                       &local_error))
        return vt_reader_refuse (r, path, "%s", local_error->message);
    }

  if (step->id != NULL)
    g_hash_table_insert (scenario->ids, step->id, step);
  g_ptr_array_add (scenario->steps, step);
  *out = step;
  return TRUE;
}

/* A step of comments only, { "_": "---- closing ----" }, heads a part of the day. */
static gboolean
is_comment (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  if (members == NULL)
    return FALSE;
  for (GList *l = members; l != NULL; l = l->next)
    if (((const char *)l->data)[0] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
read_codes (VtReader    *r,
            JsonObject  *expect,
            const char  *key,
            GPtrArray  **out)
{
  g_autofree char *here = vt_reader_child_path ("expect", key);
  JsonArray *array = NULL;

  if (!vt_reader_read_array (r, expect, "expect", key, FALSE, 0, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *element = vt_reader_index_path (here, i);
      const char *code;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return vt_reader_refuse (r, element, _("this must be the code of a numbered check in "
                                               "quotes, such as \"K402\""));
      code = json_node_get_string (node);
      if (vt_check_lookup (code) == NULL)
        return vt_reader_refuse (r, element, _("“%s” is not a numbered check of Valgting"), code);
      g_ptr_array_add (*out, g_strdup (code));
    }
  return TRUE;
}

static gboolean
read_expect (VtReader   *r,
             Scenario   *scenario,
             JsonObject *root)
{
  static const char * const known[] = { "phase", "findings", "explained", NULL };
  JsonObject *expect;
  g_autofree char *phase = NULL;

  if (!json_object_has_member (root, "expect"))
    return TRUE;
  expect = vt_reader_read_object (r, root, "", "expect", FALSE);
  if (expect == NULL || !vt_reader_only_known_keys (r, expect, "expect", known))
    return FALSE;

  if (!vt_reader_read_string (r, expect, "expect", "phase", FALSE, &phase))
    return FALSE;
  if (phase != NULL)
    {
      if (!vt_phase_from_string (phase, &scenario->expect_phase))
        return vt_reader_refuse (r, "expect.phase",
                                 _("“%s” is not a phase; use setup, opening, voting, night, "
                                   "closing, counting or protocol"), phase);
      scenario->expect_phase_set = TRUE;
    }

  return read_codes (r, expect, "findings", &scenario->expect_findings) &&
         read_codes (r, expect, "explained", &scenario->expect_explained);
}

Scenario *
vt_scenario_read (const char *path,
                  gboolean    keep_dates,
                  GError    **error)
{
  static const char * const known[] = {
    "format", "title", "description", "election", "steps", "expect", NULL
  };
  g_autoptr(Scenario) scenario = g_new0 (Scenario, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *format = NULL;
  g_autofree char *election = NULL;
  gsize length = 0;
  JsonNode *root_node;
  JsonObject *root;
  JsonArray *steps = NULL;
  Step *previous = NULL;
  VtReader r;

  scenario->origin = g_path_get_basename (path);
  scenario->all = g_ptr_array_new_with_free_func ((GDestroyNotify)step_free);
  scenario->steps = g_ptr_array_new ();
  scenario->ids = g_hash_table_new (g_str_hash, g_str_equal);
  r = (VtReader) { scenario->origin, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID, error };

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID,
                   _("%s: could not read the scenario: %s"), scenario->origin,
                   local_error->message);
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID,
                   _("%s: the file is not UTF-8 text; save it as UTF-8"), scenario->origin);
      return NULL;
    }
  scenario->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)data,
                                                  length);
  if (vt_json_nesting_depth (data, length, VT_JSON_MAX_DEPTH) > VT_JSON_MAX_DEPTH)
    {
      g_set_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID,
                   _("%s: lists and objects are nested more than %u levels deep; a scenario "
                     "never is. Check that this is the right file."),
                   scenario->origin, VT_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib's message already says "line:column: what"; it is translated by json-glib.
       * It quotes the unexpected token cut short at a byte count, which can split a letter. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID,
                   _("%s: not valid JSON: %s"), scenario->origin, detail);
      return NULL;
    }

  root_node = json_parser_get_root (parser);
  /* Escapes such as "\ud800" are not text either (see vt_reader_text_is_utf8 ()). */
  if (root_node != NULL && !vt_reader_text_is_utf8 (root_node))
    {
      g_set_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID,
                   _("%s: the file is not UTF-8 text; save it as UTF-8"), scenario->origin);
      return NULL;
    }
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      vt_reader_refuse (&r, NULL, _("the file must hold one JSON object in braces { }"));
      return NULL;
    }
  {
    g_autofree char *place = vt_reader_find_fnr (root_node, NULL);

    if (place != NULL)
      {
        vt_reader_refuse (&r, place, _("holds a national identity number (11 digits); a "
                                       "scenario never needs one: remove the number"));
        return NULL;
      }
  }
  root = json_node_get_object (root_node);

  if (!vt_reader_read_string (&r, root, "", "format", TRUE, &format))
    return NULL;
  if (!g_str_equal (format, VT_SCENARIO_FORMAT))
    {
      vt_reader_refuse (&r, "format",
                        _("“%s” is not a format this version of Valgting reads; it reads “%s”"),
                        format, VT_SCENARIO_FORMAT);
      return NULL;
    }
  if (!vt_reader_only_known_keys (&r, root, "", known) ||
      !vt_reader_read_string (&r, root, "", "title", TRUE, &scenario->title) ||
      !vt_reader_read_string (&r, root, "", "description", FALSE, &scenario->description) ||
      !vt_reader_read_string (&r, root, "", "election", TRUE, &election))
    return NULL;

  scenario->config = load_election (&r, path, election, keep_dates);
  if (scenario->config == NULL)
    return NULL;

  if (!vt_reader_read_array (&r, root, "", "steps", TRUE, 1, &steps))
    return NULL;
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      g_autofree char *here = vt_scenario_step_name (i + 1);
      JsonObject *object = vt_reader_array_object (&r, steps, i, here);
      Step *step = NULL;

      if (object == NULL)
        return NULL;
      if (is_comment (object))
        continue;
      if (!read_step (&r, scenario, object, i + 1, previous, &step))
        return NULL;
      previous = step;
    }

  if (!read_expect (&r, scenario, root))
    return NULL;

  return g_steal_pointer (&scenario);
}
/* ---- giving steps to a station (the replay's and the training session's) ------------- */

GDateTime *
vt_scenario_step_time (VtConfig *config,
                       int       day,
                       int       minutes)
{
  VtElectionDay *election_day = g_ptr_array_index (vt_config_get_days (config), day - 1);
  g_autofree char *iso = g_strdup_printf ("%sT%02d:%02d:00", election_day->date, minutes / 60,
                                          minutes % 60);
  return g_date_time_new_from_iso8601 (iso, vt_config_get_timezone (config));
}

/* The station, made so that its first entry comes just as the day begins: a training
 * election's first day is the day it is created, and the first step happens on it. That day is
 * today, or with @keep_dates the configuration's own day 1 (on which a training election's
 * days then stay where they are). */
VtStation *
vt_scenario_create_station (Scenario   *scenario,
                            const char *station_path,
                            gboolean    keep_dates,
                            GError    **error)
{
  GTimeZone *tz = vt_config_get_timezone (scenario->config);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  Step *first = g_ptr_array_index (scenario->steps, 0);
  int minutes = first->day == 1 ? first->minutes : 0;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(VtStore) store = NULL;
  VtStoreOrigin origin = { scenario->origin, scenario->sha256 };

  if (keep_dates)
    created = vt_scenario_step_time (scenario->config, 1, minutes);
  else
    created = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                               g_date_time_get_day_of_month (now), minutes / 60, minutes % 60,
                               0);
  if (created == NULL)
    /* Only a time the clocks skip, on the night daylight saving time starts. */
    created = vt_scenario_step_time (scenario->config, 1, 0);
  store = vt_store_create_full (station_path, scenario->config, created, &origin, error);

  if (store == NULL)
    return NULL;
  g_clear_object (&store);
  return vt_station_open (station_path, error);
}

VtJournalEntry *
vt_scenario_give_step (Scenario    *scenario,
                       VtStation   *station,
                       const char  *basename,
                       Step        *step,
                       GError     **error)
{
  g_autoptr(JsonObject) payload = vt_scenario_resolve_payload (scenario, step, NULL);
  g_autofree char *command_id = g_strdup_printf ("scenario:%s:%u", basename, step->number);
  VtJournalEntry *entry;

  g_return_val_if_fail (step->kind != NULL, NULL);

  entry = vt_station_execute (station, command_id, step->kind->id, step->actor, payload,
                              error);
  if (entry != NULL)
    step->seq = vt_journal_entry_get_seq (entry);
  return entry;
}

/* ---- reading a scenario for a training session ------------------------------------------ */

/**
 * vt_scenario_load:
 * @scenario_path: the scenario file
 * @error: a VT_SCENARIO_ERROR_INVALID naming the place of the mistake
 *
 * Reads and checks a scenario as vt_scenario_replay () does before it writes anything, for
 * a trainer's view of its steps: the trainee's, the background's and the event cards. Its
 * election is read as a training election, whose day 1 is today.
 *
 * Returns: (transfer full): the scenario, or NULL
 */
VtScenario *
vt_scenario_load (const char  *scenario_path,
                  GError     **error)
{
  g_return_val_if_fail (scenario_path != NULL, NULL);

  return vt_scenario_read (scenario_path, FALSE, error);
}

const char *
vt_scenario_get_title (VtScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  return scenario->title;
}

/* Returns: the SHA-256 of the scenario file's bytes, in lower-case hex (as a station made by
 * replaying it records: vt_station_get_replay_origin ()) */
const char *
vt_scenario_get_sha256 (VtScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  return scenario->sha256;
}

/* Returns: the scenario's "description", or NULL */
const char *
vt_scenario_get_description (VtScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  return scenario->description;
}

/**
 * vt_scenario_get_steps:
 * @n_steps: (out): how many
 *
 * Returns: (array length=n_steps) (transfer none): every step in order, comments left out;
 *   their numbers are the steps' places in the file, comments counted, as in messages
 */
const VtScenarioStep *
vt_scenario_get_steps (VtScenario *scenario,
                       guint      *n_steps)
{
  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (n_steps != NULL, NULL);

  if (scenario->public_steps == NULL)
    {
      scenario->public_steps = g_array_sized_new (FALSE, TRUE, sizeof (VtScenarioStep),
                                                  scenario->all->len);
      for (guint i = 0; i < scenario->all->len; i++)
        {
          Step *step = g_ptr_array_index (scenario->all, i);
          VtScenarioStep out = {
            .number = step->number,
            .day = step->day,
            .minutes = step->minutes,
            .role = step->role,
            .kind = step->kind != NULL ? step->kind->id : NULL,
            .actor = step->kind != NULL ? step->actor : NULL,
            .id = step->id,
            .expect_refused = step->expect_refused,
            .task = step->task,
            .within = step->within,
            .card = step->card,
            .title = step->title,
            .fields = step->payload,
          };

          g_array_append_val (scenario->public_steps, out);
        }
    }
  *n_steps = scenario->public_steps->len;
  return (const VtScenarioStep *)(gpointer)scenario->public_steps->data;
}

void
vt_scenario_free (VtScenario *scenario)
{
  if (scenario != NULL)
    scenario_free (scenario);
}
