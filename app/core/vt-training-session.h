/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vt-scenario.h"
#include "vt-station.h"

G_BEGIN_DECLS

/* A training session run live (issue 16): a scenario's training session (data/SCENARIOS.md,
 * "Training sessions") played on a new training station against a simulated clock. No GTK: the
 * window shows it, tests drive it.
 *
 * The session makes a new training station from the scenario's election, as a replay does (its
 * first entry records the scenario's name and SHA-256), and sets the station's clock to the
 * session's simulated clock, so that every entry the trainee makes carries the simulated time.
 * As the simulated clock passes a step's time, the session gives that step if it is a
 * background step (as a replay does, with the command id "scenario:BASENAME:NUMBER") and
 * announces it with "card" if it is a card. The trainee's steps it never gives: they are the
 * trainee's to do in the window, and the debrief (vt-debrief.h) reads what they did.
 *
 * The simulated clock runs at 1×, 10× or 60× the wall clock (VtTrainingSpeed) or is paused; it
 * never goes back. Jumping to the next event moves it forward to the time of the next
 * background step or card. A background step the rules refuse (the trainee's actions changed
 * the day: the doors were closed early) is journaled as refused as any refusal is, named in
 * the session's messages, and the session goes on. */

typedef enum
{
  VT_TRAINING_START_MORNING,  /* from the scenario's first step */
  VT_TRAINING_START_CLOSING,  /* from the closing, with the day so far: every step (background
                               * and the trainee's) before the last election day's closing
                               * time is given first, the cards before it count as shown, and
                               * the clock starts at the closing time */
} VtTrainingStart;

typedef enum
{
  VT_TRAINING_SPEED_1X  = 1,
  VT_TRAINING_SPEED_10X = 10,
  VT_TRAINING_SPEED_60X = 60,
} VtTrainingSpeed;

#define VT_TYPE_TRAINING_SESSION (vt_training_session_get_type ())
G_DECLARE_FINAL_TYPE (VtTrainingSession, vt_training_session, VT, TRAINING_SESSION, GObject)

/* Loads the scenario at @scenario_path, makes the training station at @station_path (which
 * must not exist) and, for VT_TRAINING_START_CLOSING, gives the day so far. The session starts
 * paused at its starting time, at 1×. Fails, making nothing, if the scenario is not a training
 * session (it has no trainee step and no card) or cannot be read; fails when a step of the
 * day so far is refused (the scenario is wrong), leaving the station file as far as it got. */
VtTrainingSession    *vt_training_session_new         (const char        *scenario_path,
                                                       const char        *station_path,
                                                       VtTrainingStart    start,
                                                       GError           **error);

VtStation            *vt_training_session_get_station  (VtTrainingSession *self);
VtScenario           *vt_training_session_get_scenario (VtTrainingSession *self);
/* The scenario file's path, as given. */
const char           *vt_training_session_get_scenario_path (VtTrainingSession *self);
VtTrainingStart       vt_training_session_get_start    (VtTrainingSession *self);

/* The simulated time now, in the election's time zone. */
GDateTime            *vt_training_session_dup_now      (VtTrainingSession *self);

VtTrainingSpeed       vt_training_session_get_speed    (VtTrainingSession *self);
void                  vt_training_session_set_speed    (VtTrainingSession *self,
                                                        VtTrainingSpeed    speed);
gboolean              vt_training_session_get_paused   (VtTrainingSession *self);
void                  vt_training_session_set_paused   (VtTrainingSession *self,
                                                        gboolean           paused);

/* The next background step or card the clock has not reached, or NULL when every event has
 * passed (the session is over: the trainee may still act, the clock still runs). */
const VtScenarioStep *vt_training_session_peek_next_event (VtTrainingSession *self);
/* Moves the clock forward to the next event's time (never back) and gives what is due. */
void                  vt_training_session_jump_to_next_event (VtTrainingSession *self);
/* Gives every background step and announces every card whose time the clock has reached,
 * in the scenario's order. While the clock runs the session calls this itself (a timeout on
 * the thread-default main context of vt_training_session_new ()'s caller); call it after
 * moving a test's clock. */
void                  vt_training_session_run_due      (VtTrainingSession *self);

/* The trainee's steps whose time the clock has reached, in order: what a trainee in self-study
 * may ask to be reminded of ("Hint"). The caller frees the array, not the steps. */
GPtrArray            *vt_training_session_dup_due_tasks (VtTrainingSession *self);
/* The cards announced so far, oldest first (const VtScenarioStep *). */
GPtrArray            *vt_training_session_get_shown_cards (VtTrainingSession *self);
/* What went otherwise than the scenario says, one translated line each: the background steps
 * refused. */
GPtrArray            *vt_training_session_get_messages (VtTrainingSession *self);

/* For tests: the wall clock the simulated clock follows, in microseconds like
 * g_get_monotonic_time () (the default). */
void                  vt_training_session_set_wall_clock (VtTrainingSession *self,
                                                          gint64 (*clock) (gpointer user_data),
                                                          gpointer           user_data);

/* Signals:
 *   "card" (const VtScenarioStep *step): a card's time has come; shown once.
 *   "stepped" (const VtScenarioStep *step, gboolean accepted): a background step was given.
 *   "notify::speed", "notify::paused", and "tick" () whenever run_due has looked (for a
 *   display of the next event).
 *   "message" (const char *message): a line was added to the messages (a background step
 *   refused, not given because it refers to an entry of the trainee's the session never made,
 *   or not saved, which also pauses the session; it is tried again when it goes on).
 * Properties: "speed" (int, a VtTrainingSpeed) and "paused" (boolean), both read-write. */

G_END_DECLS
