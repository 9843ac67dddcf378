/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vt-scenario.h"

G_BEGIN_DECLS

/* A trainee's debrief (issue 16): what a trainee's station journal holds against what a
 * training session (data/SCENARIOS.md, "Training sessions") expected of them, one row per
 * trainee step.
 *
 * How a step is matched. The scenario's command steps (background and trainee alike) are
 * taken in the file's order; each takes the first accepted journal entry not yet taken by an
 * earlier step whose kind is the step's command and whose payload has the step's values for
 * every identifying field. The identifying fields are those of the kind's catalogue whose
 * type names something (a person, table, contest, pile, reason, check, urn, or one of the
 * kind's choices); numbers, flags, entry numbers and free text need not match. Background
 * steps take their entries too, so that a trainee step is not answered by the background's
 * entry of the same kind earlier in the day (a seal put on at 08:10 is not the new one the
 * trainee puts on at 12:37).
 *
 * A trainee step that takes an entry is DONE if the entry's local time (the station's time
 * zone, placed on the station's election days: day 1 is the first) is at or before the step's
 * day and time plus its "within", else DONE_LATE. One that takes none is DONE_WRONG if a
 * refusal of the step's command is left that no earlier trainee step took (the first such,
 * in journal order), and MISSED otherwise. The refusals that no trainee step took are the
 * "other mistakes". Annulments and amendments are not read: an entry counts as it was given.
 *
 * Steps the session gave itself. A training session started "from the closing, with the day
 * so far" replays the scenario up to that point, trainee steps included, into the trainee's
 * station; those steps are not the trainee's work. A trainee step is "given" when the station
 * was made by replaying this very scenario (vt_station_get_replay_origin () names the same
 * SHA-256 as the scenario file's) AND the entry the step takes was given with the replay's
 * command id for that step, "scenario:NAME:N". Both must hold: the command id alone would
 * also match a station replayed from an edited copy of the same name, and the origin alone
 * would count the trainee's own later work. A given step has no row; it is counted
 * (vt_debrief_get_n_given ()). So a station that is the whole unedited scenario replayed has
 * every trainee step given and no rows: the session did all of it, the trainee none. */

typedef enum
{
  VT_DEBRIEF_DONE,        /* done, on time */
  VT_DEBRIEF_DONE_LATE,   /* done, later than the step's time plus its "within" */
  VT_DEBRIEF_MISSED,      /* neither done nor tried */
  VT_DEBRIEF_DONE_WRONG,  /* not done, but tried and refused by the rules */
  VT_DEBRIEF_NOT_DUE,     /* vt_debrief_new_at () only: not done, and its time plus its
                           * "within" is still to come */
} VtDebriefOutcome;

typedef struct
{
  guint             step_number;       /* the step's number in the scenario (VtScenarioStep) */
  const char       *task;              /* the step's task, or NULL */
  const char       *kind;              /* the command expected */
  int               expected_day;      /* election day, from 1 */
  int               expected_minutes;  /* local minutes after midnight */
  int               within;            /* minutes it may be late and still on time */
  VtDebriefOutcome  outcome;
  gint64            seq;               /* DONE, DONE_LATE: the entry taken; DONE_WRONG: the
                                        * refusal; MISSED: 0 */
  int               day;               /* when that entry was given: election day, from 1, */
  int               minutes;           /* and local minutes after midnight; 0 with seq 0 */
  const char       *rule;              /* DONE_WRONG: the rule that refused it, or NULL */
} VtDebriefRow;

typedef struct
{
  gint64      seq;       /* the refusal's entry */
  int         day;       /* when: election day, from 1, */
  int         minutes;   /* and local minutes after midnight */
  const char *kind;      /* the command tried */
  const char *rule;      /* the rule that refused it, or NULL */
} VtDebriefMistake;

typedef struct _VtDebrief VtDebrief;

/* Reads the station at @station_path read-only. @scenario must outlive the debrief: the
 * rows' tasks and kinds are its own. */
VtDebrief              *vt_debrief_new             (VtScenario  *scenario,
                                                    const char  *station_path,
                                                    GError     **error);
/* The debrief of a session still running, its clock at @now: a step neither done nor tried
 * whose time plus "within" is after @now is NOT_DUE, not MISSED, and the span
 * (vt_debrief_get_span ()) ends at @now. vt_debrief_new () is this with @now NULL: the
 * session is over. */
VtDebrief              *vt_debrief_new_at          (VtScenario  *scenario,
                                                    const char  *station_path,
                                                    GDateTime   *now,
                                                    GError     **error);
const VtDebriefRow     *vt_debrief_get_rows        (VtDebrief   *self,
                                                    guint       *n_rows);
/* The refusals no trainee step took, in journal order. */
const VtDebriefMistake *vt_debrief_get_other_mistakes (VtDebrief *self,
                                                       guint     *n_mistakes);
/* How many trainee steps the session gave itself (no row). */
guint                   vt_debrief_get_n_given     (VtDebrief   *self);
/* How many rows have @outcome. */
guint                   vt_debrief_count           (VtDebrief        *self,
                                                    VtDebriefOutcome  outcome);
/* The election's number of days (1 or more): a time shows its day only when there are more. */
guint                   vt_debrief_get_n_days      (VtDebrief   *self);
/* When the session ran: the station's first and last entry (election day from 1, local
 * minutes after midnight). FALSE, all 0, when the station has no entries. */
gboolean                vt_debrief_get_span        (VtDebrief   *self,
                                                    int         *first_day,
                                                    int         *first_minutes,
                                                    int         *last_day,
                                                    int         *last_minutes);
/* A trainee's name from their station file: its base name without the extension
 * ("/tmp/kari.valgting" gives "kari"). */
char                   *vt_debrief_dup_trainee_name (const char *station_path);
void                    vt_debrief_free            (VtDebrief   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtDebrief, vt_debrief_free)

G_END_DECLS
