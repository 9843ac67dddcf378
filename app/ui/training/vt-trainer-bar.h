/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-training-session.h"

G_BEGIN_DECLS

/* The trainer's bar under the station page's header while a training session runs: the
 * scenario's title, the clock's speed (1× 10× 60×), Pause/Resume, Next Event, Hint, the cards
 * shown so far and Debrief. Its buttons are the window's actions (win.training-*). Each card
 * the session announces comes up as a dialog; the clock is paused while it is open. */

#define VT_TYPE_TRAINER_BAR (vt_trainer_bar_get_type ())
G_DECLARE_FINAL_TYPE (VtTrainerBar, vt_trainer_bar, VT, TRAINER_BAR, GtkBox)

GtkWidget         *vt_trainer_bar_new         (VtTrainingSession *session);
VtTrainingSession *vt_trainer_bar_get_session (VtTrainerBar      *self);
/* The card dialog open now, or NULL. */
GtkWidget         *vt_trainer_bar_get_card_dialog (VtTrainerBar  *self);
/* Shows @step's card again (or for the first time), pausing the clock while it is open. */
GtkWidget         *vt_trainer_bar_show_card   (VtTrainerBar         *self,
                                               const VtScenarioStep *step);
/* The trainee's tasks due now, in a dialog. */
GtkWidget         *vt_trainer_bar_show_hint   (VtTrainerBar      *self);

G_END_DECLS
