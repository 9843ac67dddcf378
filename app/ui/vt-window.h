/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-application.h"
#include "vt-station-page.h"
#include "vt-station.h"
#include "vt-training-session.h"

G_BEGIN_DECLS

#define VT_TYPE_WINDOW (vt_window_get_type ())
G_DECLARE_FINAL_TYPE (VtWindow, vt_window, VT, WINDOW, AdwApplicationWindow)

VtWindow  *vt_window_new            (VtApplication *application);
void       vt_window_open_file      (VtWindow      *self,
                                     GFile         *file);
void       vt_window_start_training (VtWindow      *self);
void       vt_window_start_training_meeting (VtWindow *self);
void       vt_window_set_station    (VtWindow      *self,
                                     VtStation     *station);
VtStation *vt_window_get_station    (VtWindow      *self);
gboolean   vt_window_get_inhibited  (VtWindow      *self);
AdwToast  *vt_window_get_toast      (VtWindow      *self);
void       vt_window_show_toast     (VtWindow      *self,
                                     const char    *text);

/* A training session (issue 16): a new training station in the training folder, played from
 * the scenario at @scenario_path; the trainer's bar shows on the station page until another
 * station is opened or the window closes. FALSE, having said why, when it cannot start. */
gboolean           vt_window_start_training_session (VtWindow        *self,
                                                     const char      *scenario_path,
                                                     VtTrainingStart  start);
/* The same for the trainee named @trainee (or NULL): their station file has their name. */
gboolean           vt_window_start_training_session_for (VtWindow        *self,
                                                         const char      *scenario_path,
                                                         VtTrainingStart  start,
                                                         const char      *trainee);
VtTrainingSession *vt_window_get_training_session   (VtWindow        *self);
GtkWidget         *vt_window_get_trainer_bar        (VtWindow        *self);
/* The dialog that starts one. */
GtkWidget         *vt_window_show_training_dialog   (VtWindow        *self);
/* The debrief of the session running now, or NULL (having said why). */
GtkWidget         *vt_window_show_debrief           (VtWindow        *self);
/* *Municipality Overview…*: the dialog, shown; returned for tests. */
GtkWidget         *vt_window_show_municipality_overview (VtWindow     *self);

VtStationPage *vt_window_get_station_page (VtWindow *self);
void           vt_window_save_copy_to     (VtWindow   *self,
                                           const char *path);

G_END_DECLS
