/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-command-dialog"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-checks.h"
#include "vt-command-dialog-private.h"
#include "vt-role.h"
#include "vt-station-state.h"

/* The labels of the command dialog (vt-command-dialog.c): what a choice, an urn, a person, a
 * roll table, an earlier entry or any field's value is called on the form, never an id. */

/* The label of one of a VT_FIELD_CHOICE field's choices: never the id itself on the screen.
 * Kept in this one place so that it can follow the catalogue's own labels. */
char *
vt_command_choice_label (const VtField *field,
                         const char    *choice)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "ordinary", N_("Ordinary urn") },
    { "special-envelope", N_("Special-envelope urn") },
    { "mobile", N_("Mobile urn, for outdoor voting") },
    { "reserve", N_("Reserve box") },
    { "out", N_("Out") },
    { "back", N_("Back") },
    { "evacuated", N_("Evacuated") },
    { "resumed", N_("Voting resumed") },
    { "down", N_("Down") },
    { "up", N_("Working again") },
    { "protocol", N_("Protocol") },
    { "packing-list", N_("Packing list") },
    { "receipt", N_("Receipt") },
    { "seals", N_("Seal register") },
  };
  const VtCheckInfo *check = vt_check_lookup (choice);

  if (check != NULL)
    /* Translators: a numbered check and its title, "K103 — Strips on the urns" */
    return g_strdup_printf (_("%s — %s"), check->code, vt_check_get_title (check));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].id, choice) == 0)
      return g_strdup (_(labels[i].label));
  /* A choice this table does not word for the form has the catalogue's label. */
  return g_strdup (vt_field_choice_get_label (field, choice));
}

static const char *
urn_purpose (const char *kind)
{
  /* Translators: what an urn is for, in "Urn R2 (reserve box)" */
  if (g_strcmp0 (kind, "special-envelope") == 0)
    return C_("urn purpose", "special-envelope urn");
  if (g_strcmp0 (kind, "mobile") == 0)
    return C_("urn purpose", "mobile urn");
  if (g_strcmp0 (kind, "reserve") == 0)
    return C_("urn purpose", "reserve box");
  return C_("urn purpose", "ordinary urn");
}

/* The strip on @urn's lid now (or on its slot when there is none), or 0. */
gint64
vt_command_urn_strip (VtStation  *station,
                      const char *urn)
{
  g_autoptr(GPtrArray) strips = vt_station_dup_strips (station);
  gint64 strip = 0;

  for (guint i = 0; i < strips->len; i++)
    {
      VtStripState *state = g_ptr_array_index (strips, i);
      if (g_strcmp0 (state->status, "applied") == 0 && g_strcmp0 (state->urn, urn) == 0 &&
          (strip == 0 || g_strcmp0 (state->place, "lid") == 0))
        strip = state->number;
    }
  return strip;
}

/* The lowest strip received and not yet used, or 0. */
gint64
vt_command_lowest_unused_strip (VtStation *station)
{
  g_autoptr(GPtrArray) strips = vt_station_dup_strips (station);

  for (guint i = 0; i < strips->len; i++)
    {
      VtStripState *state = g_ptr_array_index (strips, i);
      if (g_strcmp0 (state->status, "received") == 0)
        return state->number;
    }
  return 0;
}

/* "Urn R2 (reserve box), strip 1004": the urn as the chair sees it on the table. */
char *
vt_command_urn_label (VtCommandDialog *self,
                      const char      *id)
{
  g_autoptr(GPtrArray) urns = vt_station_dup_urns (self->station);
  const char *purpose = NULL;
  gint64 strip;

  for (guint i = 0; i < urns->len; i++)
    {
      VtUrnState *urn = g_ptr_array_index (urns, i);
      if (g_strcmp0 (urn->id, id) == 0)
        purpose = urn_purpose (urn->kind);
    }
  if (purpose == NULL)
    /* Translators: an urn by its name, "Urn U1" */
    return g_strdup_printf (_("Urn %s"), id);
  strip = vt_command_urn_strip (self->station, id);
  if (strip > 0)
    /* Translators: an urn, what it is for and the strip on it:
     * "Urn R2 (reserve box), strip 1004" */
    return g_strdup_printf (_("Urn %s (%s), strip %" PRId64), id, purpose, strip);
  /* Translators: an urn and what it is for: "Urn R2 (reserve box)" */
  return g_strdup_printf (_("Urn %s (%s)"), id, purpose);
}

char *
vt_command_person_label (const VtPerson *person)
{
  /* Translators: a person and their role, "Kari Øvingsen (chair)" */
  return g_strdup_printf (_("%s (%s)"), person->name, vt_role_get_label (person->role));
}

char *
vt_command_table_label (const VtRollTable *table)
{
  /* Translators: a roll table and the voters it has, "Table 1 (A–K)" */
  return table->range != NULL && *table->range != '\0'
           ? g_strdup_printf (_("Table %s (%s)"), table->id, table->range)
           : g_strdup_printf (_("Table %s"), table->id);
}

/* An earlier entry as the log shows it: number, time, kind; the summary in @summary. */
char *
vt_command_entry_label (VtCommandDialog *self,
                        gint64           seq,
                        char           **summary)
{
  g_autoptr(VtJournalEntry) entry = vt_store_get_entry (vt_station_get_store (self->station),
                                                        seq, NULL);
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *hhmm = NULL;
  g_autofree char *kind = NULL;

  if (summary != NULL)
    *summary = NULL;
  if (entry == NULL)
    /* Translators: a log entry by its number, "Entry 63" */
    return g_strdup_printf (_("Entry %" PRId64), seq);
  time = vt_journal_entry_dup_local_time (entry);
  hhmm = g_date_time_format (time, "%H:%M");
  kind = vt_journal_entry_dup_kind_label (entry);
  if (summary != NULL)
    *summary = vt_journal_entry_dup_summary (entry, vt_station_get_config (self->station));
  /* Translators: a log entry: its number, time and kind, "Entry 63 · 14:05 · Special envelope" */
  return g_strdup_printf (_("Entry %" PRId64 " · %s · %s"), seq, hhmm, kind);
}

/* What @value of @field is called on the screen. */
char *
vt_command_value_label (VtCommandDialog *self,
                        const VtField   *field,
                        const char      *value)
{
  VtConfig *config = vt_station_get_config (self->station);

  switch (field->type)
    {
    case VT_FIELD_URN:
      return vt_command_urn_label (self, value);
    case VT_FIELD_PERSON:
      {
        const VtPerson *person = vt_config_find_person (config, value);
        return person != NULL ? vt_command_person_label (person) : g_strdup (value);
      }
    case VT_FIELD_TABLE:
      {
        const VtRollTable *table = vt_config_find_table (config, value);
        if (table != NULL)
          return vt_command_table_label (table);
      }
      break;
    case VT_FIELD_CONTEST:
      {
        const VtContest *contest = vt_config_find_contest (config, value);
        if (contest != NULL)
          return g_strdup (contest->name);
      }
      break;
    case VT_FIELD_PILE:
      {
        GPtrArray *contests = vt_config_get_contests (config);
        if (g_strcmp0 (value, "approved") == 0)
          return g_strdup (_("Approved ballots"));
        if (g_strcmp0 (value, "blank") == 0)
          return g_strdup (_("Blank ballots"));
        if (g_strcmp0 (value, "doubtful") == 0)
          return g_strdup (_("Doubtful ballots"));
        for (guint i = 0; i < contests->len; i++)
          {
            VtContest *contest = g_ptr_array_index (contests, i);
            for (guint j = 0; j < contest->lists->len; j++)
              if (g_strcmp0 (((VtPartyList *)g_ptr_array_index (contest->lists, j))->id,
                             value) == 0)
                return g_strdup (((VtPartyList *)g_ptr_array_index (contest->lists, j))->name);
          }
      }
      break;
    case VT_FIELD_REASON:
      {
        const VtEnvelopeReason *reason = vt_config_find_envelope_reason (config, value);
        if (reason != NULL)
          return g_strdup (reason->label);
      }
      break;
    case VT_FIELD_CHECK:
      {
        const VtCheck *check = vt_config_find_check (config, value);
        if (check != NULL)
          return g_strdup (check->text);
      }
      break;
    case VT_FIELD_DAY:
      /* Translators: an election day, "Day 1" */
      return g_strdup_printf (_("Day %u"), (guint)g_ascii_strtoull (value, NULL, 10));
    case VT_FIELD_CHOICE:
      return vt_command_choice_label (field, value);
    case VT_FIELD_ENTRY:
      return vt_command_entry_label (self, g_ascii_strtoll (value, NULL, 10), NULL);
    case VT_FIELD_BOOL:
      return g_strdup (g_strcmp0 (value, "true") == 0 ? _("Yes") : _("No"));
    case VT_FIELD_TEXT:
      {
        /* A subject given by a finding: a contest or a special-envelope reason by its id. */
        const VtField contest = { field->name, VT_FIELD_CONTEST, FALSE, NULL, NULL };
        const VtField reason = { field->name, VT_FIELD_REASON, FALSE, NULL, NULL };
        char *label = vt_command_value_label (self, &contest, value);

        if (g_strcmp0 (label, value) != 0)
          return label;
        g_free (label);
        return vt_command_value_label (self, &reason, value);
      }
    case VT_FIELD_STRIP:
    case VT_FIELD_COUNT:
    case VT_FIELD_TABLE_COUNTS:
    case VT_FIELD_CHANGES:
    case VT_FIELD_ENTRIES:
    case VT_FIELD_STROKES:
    default:
      break;
    }
  return g_strdup (value);
}
