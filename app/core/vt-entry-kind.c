/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-entry-kind"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vt-entry-kind.h"

static char *
summarise_station_created (JsonObject *payload)
{
  const char *election = json_object_get_string_member_with_default (payload, "election", "");
  const char *precinct = json_object_get_string_member_with_default (payload, "precinct", "");

  if (json_object_get_boolean_member_with_default (payload, "training", FALSE))
    /* Translators: the first entry of a training station's log; %s are precinct and election */
    return g_strdup_printf (_("Training station %s created for %s"), precinct, election);

  /* Translators: the first entry of a station's log; %s are precinct and election */
  return g_strdup_printf (_("Station %s created for %s"), precinct, election);
}

static char *
summarise_note (JsonObject *payload)
{
  return g_strdup (json_object_get_string_member_with_default (payload, "text", ""));
}

static const VtEntryKind kinds[] = {
  { VT_ENTRY_STATION_CREATED, N_("Station created"),
    N_("The station file was made from the election configuration."),
    summarise_station_created },
  { VT_ENTRY_NOTE, N_("Log entry"),
    N_("A free-text entry in the log: anything of significance that happened."),
    summarise_note },
};

const VtEntryKind *
vt_entry_kind_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].id, id) == 0)
      return &kinds[i];
  return NULL;
}

const VtEntryKind *
vt_entry_kind_get_all (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const char *
vt_entry_kind_get_name (const VtEntryKind *kind)
{
  return _(kind->name);
}

const char *
vt_entry_kind_get_description (const VtEntryKind *kind)
{
  return _(kind->description);
}
