/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-command"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>

#include "vt-command.h"
#include "vt-fnr.h"
#include "vt-rules-private.h"
#include "vt-station.h"

#define MAX_SIGNATURE_POINTS 4000
#define MAX_COUNT 10000000
#define MAX_STRIP 999999999

static gboolean
in_config (GPtrArray  *array,
           const char *id)
{
  /* Every element type of the configuration starts with its char *id. */
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (*(char **)g_ptr_array_index (array, i), id) == 0)
      return TRUE;
  return FALSE;
}

/* A field is named by what the form calls it (its description), never by its id. */
static gboolean
bad_field (GError       **error,
           const VtField *field,
           const char    *what)
{
  /* Translators: "“The count”: must be a whole number, 0 or more" */
  return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "invalid-input",
                         _("“%s”: %s"), vt_field_get_label (field), what);
}

static gboolean
is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
validate_field (const VtField *field,
                VtConfig      *config,
                JsonObject    *payload,
                JsonNode      *node,
                gint64         next_seq,
                GError       **error)
{
  const char *s = is_string (node) ? json_node_get_string (node) : NULL;

  switch (field->type)
    {
    case VT_FIELD_TEXT:
      if (s == NULL)
        return bad_field (error, field, _("must be text"));
      if (!vt_check_free_text (s, VT_NOTE_MAX_CHARS, error))
        {
          if (error != NULL && *error != NULL && (*error)->domain == VT_RULE_ERROR)
            vt_rule_error_set_rule (*error, (*error)->code == VT_RULE_ERROR_PERSONAL_DATA
                                              ? "personal-data" : "invalid-input");
          return FALSE;
        }
      return TRUE;

    case VT_FIELD_PERSON:
      if (s == NULL || vt_config_find_person (config, s) == NULL)
        return bad_field (error, field, _("is not a person in this station's "
                                                "configuration"));
      return TRUE;

    case VT_FIELD_TABLE:
      if (s == NULL || !in_config (vt_config_get_tables (config), s))
        return bad_field (error, field, _("is not a table of this station"));
      return TRUE;

    case VT_FIELD_CONTEST:
      if (s == NULL || !in_config (vt_config_get_contests (config), s))
        return bad_field (error, field, _("is not a contest of this election"));
      return TRUE;

    case VT_FIELD_PILE:
      {
        const char *contest_id = json_object_get_string_member_with_default (payload, "contest",
                                                                             NULL);
        if (s == NULL)
          return bad_field (error, field, _("must be a party list, or the approved, blank or "
                                            "doubtful ballots"));
        /* Which of these the station may count is the count mode's rule, not the field's. */
        if (g_str_equal (s, "approved") || g_str_equal (s, "blank") || g_str_equal (s, "doubtful"))
          return TRUE;
        for (guint i = 0; i < vt_config_get_contests (config)->len; i++)
          {
            VtContest *contest = g_ptr_array_index (vt_config_get_contests (config), i);
            if (g_strcmp0 (contest->id, contest_id) == 0 && in_config (contest->lists, s))
              return TRUE;
          }
        return bad_field (error, field, _("is not a party list of this contest, nor the "
                                          "approved, blank or doubtful ballots"));
      }

    case VT_FIELD_REASON:
      if (s == NULL || !in_config (vt_config_get_envelope_reasons (config), s))
        return bad_field (error, field, _("is not a special-envelope reason of this "
                                                "station"));
      return TRUE;

    case VT_FIELD_CHECK:
      if (s == NULL || !in_config (vt_config_get_checklist (config), s))
        return bad_field (error, field, _("is not an item of the opening checklist"));
      return TRUE;

    case VT_FIELD_URN:
      if (s == NULL || strlen (s) > 32 || *s == '\0' || vt_text_contains_fnr (s))
        return bad_field (error, field, _("must be a short name for the urn, such as "
                                                "U1"));
      return TRUE;

    case VT_FIELD_STRIP:
      if (!is_int (node) || json_node_get_int (node) < 1 || json_node_get_int (node) > MAX_STRIP)
        return bad_field (error, field, _("must be a strip number, 1 to 999999999"));
      return TRUE;

    case VT_FIELD_COUNT:
      if (!is_int (node) || json_node_get_int (node) < 0 || json_node_get_int (node) > MAX_COUNT)
        return bad_field (error, field, _("must be a whole number, 0 or more"));
      return TRUE;

    case VT_FIELD_DAY:
      if (!is_int (node) || json_node_get_int (node) < 1 ||
          json_node_get_int (node) > vt_config_get_days (config)->len)
        return bad_field (error, field, _("must be the number of an election day"));
      return TRUE;

    case VT_FIELD_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return bad_field (error, field, _("must be true or false"));
      return TRUE;

    case VT_FIELD_ENTRY:
      if (!is_int (node) || json_node_get_int (node) < 1 || json_node_get_int (node) >= next_seq)
        return bad_field (error, field, _("must be the number of an earlier entry"));
      return TRUE;

    case VT_FIELD_CHOICE:
      {
        g_auto(GStrv) choices = g_strsplit (field->choices, "|", -1);
        if (s == NULL || !g_strv_contains ((const char * const *)choices, s))
          {
            g_autoptr(GString) list = g_string_new (NULL);
            g_autofree char *what = NULL;

            /* The choices as the form shows them. */
            for (guint i = 0; choices[i] != NULL; i++)
              g_string_append_printf (list, "%s%s", i > 0 ? ", " : "",
                                      vt_field_choice_get_label (field, choices[i]));
            what = g_strdup_printf (_("must be one of: %s"), list->str);
            return bad_field (error, field, what);
          }
        return TRUE;
      }

    case VT_FIELD_TABLE_COUNTS:
      {
        JsonObject *counts;
        g_autoptr(GList) members = NULL;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          return bad_field (error, field, _("must give a count for each table"));
        counts = json_node_get_object (node);
        members = json_object_get_members (counts);
        for (GList *l = members; l != NULL; l = l->next)
          if (!in_config (vt_config_get_tables (config), l->data) ||
              !is_int (json_object_get_member (counts, l->data)) ||
              json_object_get_int_member (counts, l->data) < 0)
            return bad_field (error, field, _("must give a count of 0 or more for tables "
                                                    "of this station"));
        return TRUE;
      }

    case VT_FIELD_CHANGES:
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_field (error, field, _("must be an object of fields and values"));
      return TRUE;

    case VT_FIELD_ENTRIES:
      {
        JsonArray *array;
        if (!JSON_NODE_HOLDS_ARRAY (node))
          return bad_field (error, field, _("must be a list of entry numbers"));
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);
            if (!is_int (element) || json_node_get_int (element) < 1 ||
                json_node_get_int (element) >= next_seq)
              return bad_field (error, field, _("must be a list of earlier entry "
                                                      "numbers"));
          }
        return TRUE;
      }

    case VT_FIELD_ITEMS:
      {
        JsonArray *items;

        /* The shape only; what the entries are and what the items add up to is the rule's. */
        if (!JSON_NODE_HOLDS_ARRAY (node))
          return bad_field (error, field, _("must be a list of items, each a log entry or a "
                                            "declared reason with a count"));
        items = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            JsonNode *element = json_array_get_element (items, i);
            JsonObject *item;
            JsonNode *entry, *reason, *count;

            if (!JSON_NODE_HOLDS_OBJECT (element))
              return bad_field (error, field, _("must be a list of items, each a log entry or "
                                                "a declared reason with a count"));
            item = json_node_get_object (element);
            entry = json_object_get_member (item, "entry");
            reason = json_object_get_member (item, "reason");
            count = json_object_get_member (item, "count");
            if ((entry == NULL) == (reason == NULL) ||
                json_object_get_size (item) != 2 || count == NULL)
              return bad_field (error, field, _("must give each item as a log entry or a "
                                                "declared reason, and a count"));
            if (entry != NULL && (!is_int (entry) || json_node_get_int (entry) < 1 ||
                                  json_node_get_int (entry) >= next_seq))
              return bad_field (error, field, _("must name earlier entries by their "
                                                "numbers"));
            if (reason != NULL && (!JSON_NODE_HOLDS_VALUE (reason) ||
                                   json_node_get_value_type (reason) != G_TYPE_STRING))
              return bad_field (error, field, _("must name a declared reason by its id"));
            if (!is_int (count) || json_node_get_int (count) == 0 ||
                json_node_get_int (count) > MAX_COUNT || json_node_get_int (count) < -MAX_COUNT)
              return bad_field (error, field, _("must give each item a count other than 0, "
                                                "with a sign: + for more ballots, − for more "
                                                "marks"));
          }
        return TRUE;
      }

    case VT_FIELD_STROKES:
      {
        JsonArray *strokes;
        guint n_points = 0;

        if (!JSON_NODE_HOLDS_ARRAY (node) ||
            json_array_get_length (strokes = json_node_get_array (node)) == 0)
          return bad_field (error, field, _("must be the strokes of a signature"));
        for (guint i = 0; i < json_array_get_length (strokes); i++)
          {
            JsonNode *stroke = json_array_get_element (strokes, i);
            JsonArray *points;

            if (!JSON_NODE_HOLDS_ARRAY (stroke) ||
                json_array_get_length (points = json_node_get_array (stroke)) % 2 != 0)
              return bad_field (error, field, _("must be the strokes of a signature"));
            for (guint j = 0; j < json_array_get_length (points); j++)
              {
                JsonNode *value = json_array_get_element (points, j);
                double v;

                if (!JSON_NODE_HOLDS_VALUE (value) ||
                    (json_node_get_value_type (value) != G_TYPE_DOUBLE && !is_int (value)))
                  return bad_field (error, field, _("must be the strokes of a signature"));
                v = json_node_get_double (value);
                if (v < 0.0 || v > 1.0)
                  return bad_field (error, field, _("must be the strokes of a signature"));
              }
            n_points += json_array_get_length (points) / 2;
          }
        /* A signature, not a drawing: enough for any hand, small in the journal. */
        if (n_points > MAX_SIGNATURE_POINTS)
          return bad_field (error, field, _("has too many points for a signature"));
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

gboolean
vt_command_validate_fields (const VtEntryKind *kind,
                            VtConfig          *config,
                            JsonObject        *payload,
                            gint64             next_seq,
                            GError           **error)
{
  g_autoptr(GList) members = json_object_get_members (payload);

  for (GList *l = members; l != NULL; l = l->next)
    if (vt_entry_kind_find_field (kind, l->data) == NULL)
      return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "invalid-input",
                             _("“%s” has no field “%s”."), vt_entry_kind_get_name (kind),
                             (const char *)l->data);

  for (guint i = 0; i < VT_MAX_FIELDS && kind->fields[i].name != NULL; i++)
    {
      const VtField *field = &kind->fields[i];
      JsonNode *node = json_object_get_member (payload, field->name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (field->required)
            /* Translators: "“Urn sealed” is missing: The strip applied." */
            return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "invalid-input",
                                   _("“%s” is missing: %s."), vt_entry_kind_get_name (kind),
                                   vt_field_get_label (field));
          continue;
        }
      if (!validate_field (field, config, payload, node, next_seq, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
vt_command_validate_actor (const VtEntryKind *kind,
                           VtConfig          *config,
                           const char        *actor,
                           GError           **error)
{
  const VtPerson *person = vt_config_find_person (config, actor);

  if (person == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "unknown-actor",
                           _("“%s” is not a person in this station's configuration."), actor);
  if (kind->board_only && !vt_role_is_board (person->role))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "board-only",
                           _("“%s” is for a board member; %s is %s."),
                           vt_entry_kind_get_name (kind), person->name,
                           vt_role_get_label (person->role));
  return TRUE;
}

static gboolean
allowed_in_phase (VtRuleContext     *ctx,
                  const VtEntryKind *kind,
                  VtPhase            phase)
{
  return (kind->phases & VT_PHASE_BIT (phase)) != 0 ||
         (phase == VT_PHASE_CLOSING && (kind->phases & VT_PHASE_QUEUE_BIT) != 0 &&
          vt_rules_queue_still_voting (ctx));
}

gboolean
vt_command_allowed_in_phase (sqlite3           *db,
                             VtConfig          *config,
                             const VtEntryKind *kind)
{
  VtRuleContext ctx = { db, config, 0, NULL, NULL, kind->id, NULL, FALSE };

  /* Not a kind of the other election: a meeting's commands are never offered at a polling
   * station, nor the station's at a meeting. */
  if (!vt_organisation_check_kind_fits (config, kind->id, kind->id, NULL))
    return FALSE;
  return allowed_in_phase (&ctx, kind, vt_rules_get_phase (&ctx));
}

gboolean
vt_command_check (sqlite3           *db,
                  VtConfig          *config,
                  gint64             seq,
                  GDateTime         *time,
                  const char        *actor,
                  const VtEntryKind *kind,
                  JsonObject        *payload,
                  GError           **error)
{
  VtRuleContext ctx = { db, config, seq, time, actor, kind->id, payload, FALSE };
  VtPhase phase;

  /* The fields first: an identity number is caught whichever election the kind is of. */
  if (!vt_command_validate_actor (kind, config, actor, error) ||
      !vt_command_validate_fields (kind, config, payload, seq, error) ||
      !vt_organisation_check_kind_fits (config, kind->id, vt_entry_kind_get_name (kind), error))
    return FALSE;

  phase = vt_rules_get_phase (&ctx);
  if (!allowed_in_phase (&ctx, kind, phase))
    return vt_rule_refuse (error, VT_RULE_ERROR_WRONG_PHASE, "wrong-phase",
                           _("“%s” cannot be done now: the station is in the phase “%s”."),
                           vt_entry_kind_get_name (kind), vt_phase_get_label (phase));

  return vt_rules_check_presence (&ctx, error) &&
         (kind->check == NULL || kind->check (&ctx, error));
}

gboolean
vt_command_apply (sqlite3        *db,
                  VtConfig       *config,
                  VtJournalEntry *entry,
                  GError        **error)
{
  const VtEntryKind *kind = vt_entry_kind_lookup (vt_journal_entry_get_kind (entry));
  VtRuleContext ctx = { 0 };

  if (kind == NULL || kind->apply == NULL)
    return TRUE;

  ctx.db = db;
  ctx.config = config;
  ctx.seq = vt_journal_entry_get_seq (entry);
  ctx.time = vt_journal_entry_get_time (entry);
  ctx.actor = vt_journal_entry_get_actor (entry);
  ctx.kind = kind->id;
  ctx.payload = vt_journal_entry_get_payload_object (entry);
  return kind->apply (&ctx, error);
}
