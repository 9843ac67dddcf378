/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-training-session.h"

G_BEGIN_DECLS

/* The trainer's desk (issue 16): a session from the library in Bokmål or Nynorsk, or any
 * scenario file, from the morning or from the closing; and the classroom debrief of a folder of
 * trainees' station files. Start asks the window (vt_window_start_training_session ()). */

#define VT_TYPE_TRAINING_DIALOG (vt_training_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VtTrainingDialog, vt_training_dialog, VT, TRAINING_DIALOG, AdwWindow)

GtkWidget  *vt_training_dialog_new            (GtkWindow        *parent);
void        vt_training_dialog_set_language   (VtTrainingDialog *self,
                                               const char       *language);
const char *vt_training_dialog_get_language   (VtTrainingDialog *self);
/* The library's sessions listed now, sorted by title: their paths. */
GPtrArray  *vt_training_dialog_dup_paths      (VtTrainingDialog *self);
/* Chooses the library's session at @path (FALSE when it is not listed). */
gboolean    vt_training_dialog_select_path    (VtTrainingDialog *self,
                                               const char       *path);
const char *vt_training_dialog_get_selected_path (VtTrainingDialog *self);
void        vt_training_dialog_set_start      (VtTrainingDialog *self,
                                               VtTrainingStart   start);
/* What Start does. */
/* The trainee's name, as typed in the dialog (for tests). */
void        vt_training_dialog_set_trainee (VtTrainingDialog *self,
                                            const char       *trainee);
void        vt_training_dialog_start          (VtTrainingDialog *self);
/* The classroom debrief of the station files in @folder, for the chosen scenario: shown like
 * the debrief; files that cannot be read are named in a message. Returns the preview. */
GtkWidget  *vt_training_dialog_classroom      (VtTrainingDialog *self,
                                               const char       *folder);

/* The library's folder for @language ("nb" or "nn"): $VALGTING_SCENARIO_LIBRARY/@language when
 * set (the build tree: data/scenarios/training), else the first
 * valgting/scenarios/training/@language of the system's data folders. */
char       *vt_training_library_dup_dir       (const char       *language);
/* The desktop's written standard: "nn" when its languages name Nynorsk first, else "nb". */
const char *vt_training_ui_language           (void);

G_END_DECLS
