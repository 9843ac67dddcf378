/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-debrief-doc.h"
#include "vt-training-session.h"

G_BEGIN_DECLS

/* The debrief in the window: every page previewed as it will be printed, with Print… and Save
 * PDF… in the preview's header bar. A VtDoc cannot be copied, so each of them builds the
 * document again from the files (which is also what is on disk at that moment). */

/* The debrief of @session's station as it stands now. NULL, with @error set, when the station
 * cannot be read. */
GtkWidget  *vt_debrief_view_show_session   (GtkWindow          *parent,
                                            VtTrainingSession  *session,
                                            GError            **error);
/* The classroom debrief of the scenario at @scenario_path over every station file
 * (*.valgting) in @folder. @unreadable gets a line per file that could not be read ("name:
 * why"); they are left out. NULL, with @error set, when the scenario cannot be read or no file
 * can. */
GtkWidget  *vt_debrief_view_show_classroom (GtkWindow          *parent,
                                            const char         *scenario_path,
                                            const char         *folder,
                                            GPtrArray          *unreadable,
                                            GError            **error);
/* The written standard of the scenario at @path, for its documents: "nb" or "nn" when it lies
 * in the library's folder of one, else NULL (the program's). */
const char *vt_debrief_view_scenario_language (const char      *path);

G_END_DECLS
