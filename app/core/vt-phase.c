/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-phase"

#include "config.h"

#include "vt-i18n.h"

#include "vt-phase.h"

static const struct
{
  const char *id;
  const char *label;
  const char *meeting_label; /* an organisation's meeting (vt-rules-organisation.c), or NULL */
} phases[VT_N_PHASES] = {
  [VT_PHASE_SETUP] = { "setup", N_("Setup"), N_("Constituting the meeting") },
  [VT_PHASE_OPENING] = { "opening", N_("Opening"), N_("Attendance and candidates") },
  [VT_PHASE_VOTING] = { "voting", N_("Voting"), N_("The elections") },
  [VT_PHASE_NIGHT] = { "night", N_("Closed for the night"), NULL },
  [VT_PHASE_CLOSING] = { "closing", N_("Closing"), NULL },
  [VT_PHASE_COUNTING] = { "counting", N_("Preliminary count"), NULL },
  [VT_PHASE_PROTOCOL] = { "protocol", N_("Protocol"), N_("Protocol") },
};

const char *
vt_phase_to_string (VtPhase phase)
{
  g_return_val_if_fail (phase < VT_N_PHASES, NULL);
  return phases[phase].id;
}

gboolean
vt_phase_from_string (const char *str,
                      VtPhase    *phase)
{
  for (guint i = 0; i < VT_N_PHASES; i++)
    if (g_strcmp0 (phases[i].id, str) == 0)
      {
        *phase = i;
        return TRUE;
      }
  return FALSE;
}

const char *
vt_phase_get_label (VtPhase phase)
{
  g_return_val_if_fail (phase < VT_N_PHASES, NULL);
  return _(phases[phase].label);
}

/* The phase's name in an organisation's annual meeting, or NULL for a phase a meeting does not
 * have (the night, the closing and the count of a polling station). */
const char *
vt_phase_get_meeting_label (VtPhase phase)
{
  g_return_val_if_fail (phase < VT_N_PHASES, NULL);
  return phases[phase].meeting_label != NULL ? _(phases[phase].meeting_label) : NULL;
}
