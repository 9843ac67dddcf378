/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-second-copy.h"
#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_STATION_PAGE (vt_station_page_get_type ())
G_DECLARE_FINAL_TYPE (VtStationPage, vt_station_page, VT, STATION_PAGE, AdwBin)

VtStation *vt_station_page_get_station (VtStationPage *self);
void       vt_station_page_set_station (VtStationPage *self,
                                        VtStation     *station);
void       vt_station_page_add_note    (VtStationPage *self);
void       vt_station_page_set_trainer_bar (VtStationPage *self,
                                            GtkWidget     *bar);
void       vt_station_page_refresh_clock   (VtStationPage *self);
GtkWidget *vt_station_page_record      (VtStationPage *self,
                                        const char    *kind);
GtkWidget *vt_station_page_show_palette (VtStationPage *self);
GtkWidget *vt_station_page_write_protocol_text (VtStationPage *self,
                                                const char    *contest);
gboolean   vt_station_page_log_envelope (VtStationPage *self,
                                         guint          index);
void       vt_station_page_undo        (VtStationPage *self);
void       vt_station_page_show        (VtStationPage *self,
                                        const char    *page);
const char *vt_station_page_get_shown  (VtStationPage *self);
void       vt_station_page_set_copy_folder (VtStationPage *self,
                                            const char    *folder);
gboolean   vt_station_page_get_copy_busy   (VtStationPage *self);
VtSecondCopy *vt_station_page_get_second_copy (VtStationPage *self);
void       vt_station_page_import_staff_file (VtStationPage *self,
                                              GFile         *file);

G_END_DECLS
