/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-eligibility"

#include "config.h"

#include "vt-eligibility.h"
#include "vt-kind-ids.h"
#include "vt-station-state.h"

/* The person fields of the catalogue, and who each may name. A field not listed here names
 * someone present. */

static gboolean
kind_is (const VtEntryKind *kind,
         const char        *id)
{
  return g_strcmp0 (kind->id, id) == 0;
}

static gboolean
signs_protocol (VtStation      *station,
                const VtPerson *person)
{
  if (vt_config_get_protocol (vt_station_get_config (station)) != VT_PROTOCOL_2019)
    return person->role == VT_ROLE_LEDER || person->role == VT_ROLE_NESTLEDER;
  return vt_role_is_board (person->role);
}

gboolean
vt_station_person_eligible (VtStation         *station,
                            const VtEntryKind *kind,
                            const VtField     *field,
                            const char        *actor,
                            const char        *person_id)
{
  const VtPerson *person;
  gboolean present;

  g_return_val_if_fail (VT_IS_STATION (station), FALSE);
  g_return_val_if_fail (kind != NULL && field != NULL, FALSE);

  person = vt_config_find_person (vt_station_get_config (station), person_id);
  if (person == NULL)
    return FALSE;
  present = vt_station_is_present (station, person->id);

  /* The steps of a person's own day: arriving, leaving, signing the declaration. */
  if (kind_is (kind, VT_KIND_PERSON_ARRIVE))
    return !present;
  if (kind_is (kind, VT_KIND_PERSON_LEAVE))
    return present;
  if (kind_is (kind, VT_KIND_PERSON_DECLARATION))
    return !vt_station_has_signed (station, person->id);

  /* Everyone else named in a form is in the room now. */
  if (!present)
    return FALSE;

  if (kind_is (kind, VT_KIND_PROTOCOL_SIGN))
    return signs_protocol (station, person);
  /* Two board members present when a seal is broken, or a warning accepted. */
  if (kind_is (kind, VT_KIND_SEAL_BREAK) || kind_is (kind, VT_KIND_WARNING_ACCEPT))
    return vt_role_is_board (person->role);
  /* A count and its control count: board members, two different ones (the rule knows which
   * one counted). */
  if (g_str_equal (field->name, "counter") || g_str_equal (field->name, "controller"))
    return vt_role_is_board (person->role);
  /* A second person: the witness of an urn shown empty or sealed, the workers who go out
   * while the one who gives the command stays. */
  if (g_str_equal (field->name, "witness") || kind_is (kind, VT_KIND_OUTDOOR_START))
    return g_strcmp0 (person->id, actor) != 0;
  return TRUE;
}

GPtrArray *
vt_station_dup_people_for (VtStation         *station,
                           const VtEntryKind *kind,
                           const VtField     *field,
                           const char        *actor)
{
  GPtrArray *people, *eligible;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (kind != NULL && field != NULL, NULL);

  people = vt_config_get_people (vt_station_get_config (station));
  eligible = g_ptr_array_new ();
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      if (vt_station_person_eligible (station, kind, field, actor, person->id))
        g_ptr_array_add (eligible, person);
    }
  return eligible;
}
