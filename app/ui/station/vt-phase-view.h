/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-station.h"

G_BEGIN_DECLS

/* Gives a command of @kind. @preset holds "field=value" pairs the place it was given from
 * fixes (hidden in the form), or "~field=value" for a proposal the chair may change. */
typedef void (*VtRunCommandFunc) (gpointer            user_data,
                                  const char         *kind,
                                  const char * const *preset);

#define VT_TYPE_PHASE_VIEW (vt_phase_view_get_type ())

G_DECLARE_FINAL_TYPE (VtPhaseView, vt_phase_view, VT, PHASE_VIEW, GtkBox)

GtkWidget *vt_phase_view_new        (void);
VtStation *vt_phase_view_get_station (VtPhaseView      *self);
void       vt_phase_view_set_station (VtPhaseView      *self,
                                      VtStation        *station);
/* The phase shown. Another phase than before builds the page anew; the same one keeps it. */
VtPhase    vt_phase_view_get_phase   (VtPhaseView      *self);
void       vt_phase_view_set_phase   (VtPhaseView      *self,
                                      VtPhase           phase);
void       vt_phase_view_set_runner  (VtPhaseView      *self,
                                      VtRunCommandFunc  run,
                                      gpointer          user_data);
/* Brings every row up to date with the journal, in place: rows are keyed by their object (a
 * person, an urn, a check …) and kept; only what they say changes. Scroll position and focus
 * stay. Called by itself when the journal changes; call it to update at once. */
void       vt_phase_view_update      (VtPhaseView      *self);

G_END_DECLS
