/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_LOG_VIEW (vt_log_view_get_type ())
G_DECLARE_FINAL_TYPE (VtLogView, vt_log_view, VT, LOG_VIEW, AdwBin)

void vt_log_view_set_station  (VtLogView *self,
                               VtStation *station);
void vt_log_view_focus_search (VtLogView *self);

G_END_DECLS
