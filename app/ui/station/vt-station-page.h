/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_STATION_PAGE (vt_station_page_get_type ())
G_DECLARE_FINAL_TYPE (VtStationPage, vt_station_page, VT, STATION_PAGE, AdwBin)

VtStation *vt_station_page_get_station (VtStationPage *self);
void       vt_station_page_set_station (VtStationPage *self,
                                        VtStation     *station);
void       vt_station_page_add_note    (VtStationPage *self);

G_END_DECLS
