/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vt-phase.h"

G_BEGIN_DECLS

/* Scenario replay: a hand-written list of commands with times (data/SCENARIOS.md) applied to a
 * new training station through the same core as the window, stopping at the first step the
 * rules refuse. */

#define VT_SCENARIO_FORMAT "valgting-scenario/1"

#define VT_SCENARIO_ERROR (vt_scenario_error_quark ())

typedef enum
{
  VT_SCENARIO_ERROR_INVALID,      /* the scenario file is not JSON or breaks the format */
  VT_SCENARIO_ERROR_REFUSED,      /* a step was refused that should have been accepted */
  VT_SCENARIO_ERROR_ACCEPTED,     /* a step was accepted that should have been refused */
  VT_SCENARIO_ERROR_EXPECTATION,  /* the final "expect" does not hold */
} VtScenarioError;

typedef enum
{
  VT_SCENARIO_FLAGS_NONE       = 0,
  /* The station keeps the configuration's own dates and its training flag, instead of
   * becoming a training station whose day 1 is today: a recorded day replayed as it was. */
  VT_SCENARIO_FLAGS_KEEP_DATES = 1 << 0,
} VtScenarioFlags;

typedef struct
{
  char      *title;             /* the scenario's title */
  char      *sha256;            /* the SHA-256 of the scenario file, as the station records */
  gboolean   created;           /* the station file was made: exit 1, not 2, on failure */
  gboolean   training;          /* it is a training station */
  guint      n_steps;           /* steps in the file */
  guint      n_done;            /* steps replayed: accepted, or refused as expected */
  guint      n_refused;         /* of those, refused as expected */
  guint      failed_step;       /* the number (from 1) of the step that stopped it, or 0 */
  gint64     failed_entry;      /* that step's journal entry (a refusal, or the accepted entry) */
  char      *failed_rule;       /* the rule that refused it, or NULL */
  gint64     n_entries;         /* journal entries in the station file at the end */
  gint64     n_confirmed;       /* entries confirmed so far: kept up to date during the replay
                                 * (after the station is made and after every step returns),
                                 * so that a watcher (a test's VFS at a sync) knows what the
                                 * file must hold by then */
  VtPhase    phase;             /* the station's phase at the end */
  GPtrArray *findings;          /* (element-type VtFinding) the numbered checks at the end */
  GPtrArray *messages;          /* (element-type utf8) what the replay has to say on the way:
                                 * the steps refused as expected, with their reasons */
  GArray    *step_entries;      /* gint64: the journal entry each replayed step made */
} VtScenarioReport;

/* What a step is for in a training session (data/SCENARIOS.md, "Training sessions"). */
typedef enum
{
  VT_SCENARIO_STEP_BACKGROUND,  /* a command the scenario gives itself, e.g. the setting up */
  VT_SCENARIO_STEP_TRAINEE,     /* "trainee": true: the trainee's to do, the expected action */
  VT_SCENARIO_STEP_CARD,        /* "card": an event shown to the trainee; no command */
} VtScenarioStepRole;

#define VT_SCENARIO_DEFAULT_WITHIN 15

/* One step of a loaded scenario, comments left out; owned by the VtScenario. */
typedef struct
{
  guint               number;   /* its place in "steps", from 1, comments counted */
  int                 day;      /* election day, from 1 */
  int                 minutes;  /* local time, minutes after midnight */
  VtScenarioStepRole  role;
  const char         *kind;     /* the command ("do"), or NULL for a card */
  const char         *actor;    /* who gives it ("by"), or NULL for a card */
  const char         *id;       /* the step's "id", or NULL */
  gboolean            expect_refused;
  const char         *task;     /* a trainee step's "task", or NULL */
  int                 within;   /* a trainee step's minutes to be on time; 0 for the others */
  const char         *card;     /* a card's text, or NULL */
  const char         *title;    /* a card's "title", or NULL */
  JsonObject         *fields;   /* the command's fields (ids of earlier steps as written), or
                                 * NULL for a card */
} VtScenarioStep;

typedef struct _VtScenario VtScenario;

GQuark   vt_scenario_error_quark  (void);

VtScenario           *vt_scenario_load            (const char  *scenario_path,
                                                   GError     **error);
const char           *vt_scenario_get_title       (VtScenario  *scenario);
const char           *vt_scenario_get_sha256      (VtScenario  *scenario);
const char           *vt_scenario_get_description (VtScenario  *scenario);
const VtScenarioStep *vt_scenario_get_steps       (VtScenario  *scenario,
                                                   guint       *n_steps);
void                  vt_scenario_free            (VtScenario  *scenario);

gboolean vt_scenario_replay       (const char        *scenario_path,
                                   const char        *station_path,
                                   VtScenarioReport  *report,
                                   GError           **error);
gboolean vt_scenario_replay_full  (const char        *scenario_path,
                                   const char        *station_path,
                                   VtScenarioFlags    flags,
                                   VtScenarioReport  *report,
                                   GError           **error);
char    *vt_scenario_report_dup_summary (VtScenarioReport *report);
void     vt_scenario_report_clear (VtScenarioReport  *report);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VtScenarioReport, vt_scenario_report_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtScenario, vt_scenario_free)

G_END_DECLS
