/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-config.h"
#include "vt-entry-kind.h"
#include "vt-scenario.h"
#include "vt-station.h"

G_BEGIN_DECLS

/* What the scenario reader (vt-scenario.c), the replay (vt-scenario-replay.c) and the training
 * session (vt-training-session.c) share: a loaded scenario's steps as read, and the pieces
 * that give them to a station. Not for the rest of the program. */

typedef struct
{
  guint              number;   /* from 1 */
  char              *id;       /* NULL, or a name later steps refer to */
  int                day;      /* from 1 */
  int                minutes;  /* after midnight, local time */
  char              *actor;
  const VtEntryKind *kind;
  JsonObject        *payload;  /* entry references still as step ids */
  gboolean           expect_refused;
  char              *rule;     /* the rule expected to refuse it, or NULL for any */
  gint64             seq;      /* the entry it made, once replayed */

  /* A training session's roles (data/SCENARIOS.md, "Training sessions"). */
  VtScenarioStepRole role;
  char              *task;     /* a trainee step's words for what is expected, or NULL */
  int                within;   /* a trainee step's minutes to be on time, else 0 */
  char              *card;     /* a card's text: then kind is NULL and nothing is replayed */
  char              *title;
} Step;

struct _VtScenario
{
  char      *origin;        /* the scenario's file name, first in every message */
  char      *sha256;        /* of the file's bytes */
  char      *title;
  VtConfig  *config;        /* the election, always as a training election */
  char      *description;
  GPtrArray *all;           /* of Step, owning: every step but comments, cards included */
  GPtrArray *steps;         /* of Step, not owning: the commands to replay, cards left out */
  GArray    *public_steps;  /* of VtScenarioStep, made on demand from all */
  GHashTable *ids;          /* step id → Step */

  gboolean   expect_phase_set;
  VtPhase    expect_phase;
  GPtrArray *expect_findings;   /* check codes, or NULL when not given */
  GPtrArray *expect_explained;  /* check codes, or NULL when not given */
};

typedef VtScenario Scenario;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scenario, vt_scenario_free)

/* Reads and checks the whole scenario; with @keep_dates its election keeps its own dates. */
Scenario       *vt_scenario_read           (const char  *path,
                                            gboolean     keep_dates,
                                            GError     **error);
/* "step 12", as messages name a step. */
char           *vt_scenario_step_name      (guint        number);
/* "10:12 seal.break", with the day when the election has more than one. */
char           *vt_scenario_step_label     (Scenario    *scenario,
                                            Step        *step);
/* The time of @day (from 1) at @minutes after midnight, in the election's time zone, or NULL
 * for a time the clocks skip. */
GDateTime      *vt_scenario_step_time      (VtConfig    *config,
                                            int          day,
                                            int          minutes);
/* The training station of a replay or a session: its first entry records the scenario's name
 * and SHA-256 and comes at the first step's time on day 1 (today, unless @keep_dates). */
VtStation      *vt_scenario_create_station (Scenario    *scenario,
                                            const char  *station_path,
                                            gboolean     keep_dates,
                                            GError     **error);
/* @step's payload with every step id replaced by the entry that step made. When @missing is
 * given, *missing is the first step referred to that has made no entry, or NULL. */
JsonObject     *vt_scenario_resolve_payload (Scenario   *scenario,
                                             Step       *step,
                                             Step      **missing);
/* Gives @step through vt_station_execute () at the station's clock's time, with the command id
 * "scenario:BASENAME:NUMBER" (@basename the scenario file's). Returns the entry (and notes its
 * seq in the step), or NULL with vt_station_execute ()'s error: a VT_RULE_ERROR refusal, which
 * is journaled, or a failure to save. */
VtJournalEntry *vt_scenario_give_step      (Scenario    *scenario,
                                            VtStation   *station,
                                            const char  *basename,
                                            Step        *step,
                                            GError     **error);
/* Gives @step as a replay does, at the station's clock's time: TRUE when it went as the
 * scenario says (accepted, or refused as meant to be), else FALSE with @error; @report's step
 * counts, failure and messages kept up to date. */
gboolean        vt_scenario_replay_step    (Scenario         *scenario,
                                            VtStation        *station,
                                            const char       *basename,
                                            Step             *step,
                                            VtScenarioReport *report,
                                            GError          **error);

G_END_DECLS
