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

typedef struct
{
  VtStation        *station;
  VtRunCommandFunc  run;
  gpointer          user_data;
} VtPhaseView;

/* Replaces the children of @box with the view of phase @shown. */
void vt_phase_view_build (VtPhaseView *view,
                          GtkBox      *box,
                          VtPhase      shown);

G_END_DECLS
