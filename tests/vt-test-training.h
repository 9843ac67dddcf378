/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vt-scenario.h"

G_BEGIN_DECLS

typedef void (*VtTestEditFunc) (JsonArray *steps);

/* The session @language/@name of the trainer's library. */
char       *vt_test_training_path       (const char     *language,
                                         const char     *name);
VtScenario *vt_test_training_load       (const char     *language,
                                         const char     *name);
/* The index in @steps of the first step giving @kind that is the trainee's (or not). */
guint       vt_test_training_find_step  (JsonArray      *steps,
                                         const char     *kind,
                                         gboolean        trainee);
/* Replays into @dir the session, changed by @edit if given; the station's path
 * ("DIR/TAG-LANGUAGE-NAME.valgting"). */
char       *vt_test_training_station    (const char     *dir,
                                         const char     *language,
                                         const char     *name,
                                         const char     *tag,
                                         VtTestEditFunc  edit);

/* Edits. broken-seal.json: the trainee's new seal on U2 left out; or tried with the torn
 * seal's strip, twice, both refused. quiet-opening.json: the check of the material received
 * moved to @at before the first step giving @before, or an hour late (08:45). */
void        vt_test_training_drop_new_seal       (JsonArray  *steps);
void        vt_test_training_reuse_torn_strip    (JsonArray  *steps);
void        vt_test_training_move_material_check (JsonArray  *steps,
                                                  const char *at,
                                                  const char *before);
void        vt_test_training_check_material_late (JsonArray  *steps);

G_END_DECLS
