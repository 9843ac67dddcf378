/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-debrief.h"
#include "vt-doc.h"

G_BEGIN_DECLS

/* The debrief as a document (issue 16): what `valgting debrief` writes and the window's trainer
 * view previews, prints and saves. Every page is marked as training (the watermark and the
 * title say ØVING / TRAINING); it names no voter. @language is "nb" or "nn" (the scenario's
 * language, usually), or NULL for the program's.
 *
 * One trainee: the scenario's title and description, when the session ran (the station's first
 * and last entry), then one row per trainee step — expected time, task, outcome (done, done
 * late, missed, done wrong), the time it was done or tried, the entry number and, for a
 * refusal, the rule — then the other mistakes (refusals no step took), and a count of each
 * outcome. @trainee names the trainee (the station file's name without its extension when
 * NULL is given; see vt_debrief_dup_trainee_name ()). */
VtDoc *vt_debrief_doc_build           (VtScenario          *scenario,
                                       VtDebrief           *debrief,
                                       const char          *trainee,
                                       const char          *language);

/* A classroom: @n debriefs of the same scenario. First one row per trainee (done, late, missed,
 * wrong, other mistakes), then the most common mistakes (each step missed, late or done wrong,
 * and each rule that refused, with how many trainees), then each trainee's own debrief from a
 * new page, so the whole can be printed and handed out. */
VtDoc *vt_debrief_doc_build_classroom (VtScenario          *scenario,
                                       VtDebrief * const   *debriefs,
                                       const char * const  *trainees,
                                       guint                n,
                                       const char          *language);

G_END_DECLS
