/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The day of a polling station, in order. A two-day election goes VOTING → NIGHT → VOTING. */
typedef enum
{
  VT_PHASE_SETUP,     /* the station file exists; board and staff arrive */
  VT_PHASE_OPENING,   /* opening checks, urns shown empty and sealed */
  VT_PHASE_VOTING,    /* doors open */
  VT_PHASE_NIGHT,     /* closed for the night between two election days, every urn sealed */
  VT_PHASE_CLOSING,   /* doors closed: roll marks, envelopes, shipment 1 */
  VT_PHASE_COUNTING,  /* the preliminary count */
  VT_PHASE_PROTOCOL,  /* results phoned in; the protocol is checked and signed */
  VT_N_PHASES
} VtPhase;

#define VT_PHASE_BIT(p) (1u << (p))
#define VT_PHASES_ANY   ((1u << VT_N_PHASES) - 1)

/* Not a phase of its own: the part of CLOSING in which those who were in the queue when the
 * doors closed still vote, until the last voter is done. A kind with this bit may be given then
 * as in VOTING. */
#define VT_PHASE_QUEUE_BIT (1u << VT_N_PHASES)

const char *vt_phase_to_string   (VtPhase      phase);
gboolean    vt_phase_from_string (const char  *str,
                                  VtPhase     *phase);
const char *vt_phase_get_label   (VtPhase      phase);
const char *vt_phase_get_meeting_label (VtPhase phase);

G_END_DECLS
