/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "vt-entry-kind.h"
#include "vt-journal-entry.h"

G_BEGIN_DECLS

/* Checking a command before any rule looks at the station's state: the actor may give it, and
 * the payload has exactly the kind's fields, each of the right type. */
gboolean    vt_command_validate_actor  (const VtEntryKind *kind,
                                        VtConfig          *config,
                                        const char        *actor,
                                        GError           **error);
gboolean    vt_command_validate_fields (const VtEntryKind *kind,
                                        VtConfig          *config,
                                        JsonObject        *payload,
                                        gint64             next_seq,
                                        GError           **error);

/* Whether @kind may be given in the station's phase now: its own phases, or a step of the
 * queue while the queue counted at closing is still voting. */
gboolean    vt_command_allowed_in_phase (sqlite3           *db,
                                         VtConfig          *config,
                                         const VtEntryKind *kind);

/* Run inside the entry's transaction by the store. */
gboolean    vt_command_check           (sqlite3           *db,
                                        VtConfig          *config,
                                        gint64             seq,
                                        GDateTime         *time,
                                        const char        *actor,
                                        const VtEntryKind *kind,
                                        JsonObject        *payload,
                                        GError           **error);
gboolean    vt_command_apply           (sqlite3           *db,
                                        VtConfig          *config,
                                        VtJournalEntry    *entry,
                                        GError           **error);

char       *vt_rules_dup_schema        (void);
gboolean    vt_rules_rebuild           (sqlite3           *db,
                                        VtConfig          *config,
                                        GError           **error);
/* Gives a station's own configuration the people its journal added after entry @after_seq
 * (person.add, vt-rules-people.c): on opening, after a commit, before a rebuild. */
void        vt_rules_people_adopt      (sqlite3           *db,
                                        VtConfig          *config,
                                        gint64             after_seq);
JsonObject *vt_rules_effective_payload (sqlite3           *db,
                                        gint64             seq,
                                        const char        *payload);

G_END_DECLS
