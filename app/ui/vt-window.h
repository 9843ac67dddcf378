/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-application.h"
#include "vt-station-page.h"
#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_WINDOW (vt_window_get_type ())
G_DECLARE_FINAL_TYPE (VtWindow, vt_window, VT, WINDOW, AdwApplicationWindow)

VtWindow  *vt_window_new            (VtApplication *application);
void       vt_window_open_file      (VtWindow      *self,
                                     GFile         *file);
void       vt_window_start_training (VtWindow      *self);
void       vt_window_set_station    (VtWindow      *self,
                                     VtStation     *station);
VtStation *vt_window_get_station    (VtWindow      *self);
gboolean   vt_window_get_inhibited  (VtWindow      *self);
AdwToast  *vt_window_get_toast      (VtWindow      *self);
void       vt_window_show_toast     (VtWindow      *self,
                                     const char    *text);

VtStationPage *vt_window_get_station_page (VtWindow *self);
void           vt_window_save_copy_to     (VtWindow   *self,
                                           const char *path);

G_END_DECLS
