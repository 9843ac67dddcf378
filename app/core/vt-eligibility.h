/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-entry-kind.h"
#include "vt-station.h"

G_BEGIN_DECLS

/* Who a form may name in a person field now, so that the lists offer only choices the rules
 * accept: present (arrived and not left) for anyone who must be in the room, the role the rule
 * asks for (board members where a seal is broken, the signers of the protocol), never the person
 * who gives the command where a second person is wanted, and for the arrival, departure and
 * declaration the people for whom that step is still to come. */

/* The people @field of @kind may name now, in the configuration's order, as borrowed
 * VtPerson pointers of the station's configuration; empty when nobody may. @actor is who
 * gives the command (vt_station_get_actor ()). */
GPtrArray *vt_station_dup_people_for (VtStation         *station,
                                      const VtEntryKind *kind,
                                      const VtField     *field,
                                      const char        *actor);
/* Whether @person_id may be named in @field of @kind now; the same rule as the list. */
gboolean   vt_station_person_eligible (VtStation         *station,
                                       const VtEntryKind *kind,
                                       const VtField     *field,
                                       const char        *actor,
                                       const char        *person_id);

G_END_DECLS
