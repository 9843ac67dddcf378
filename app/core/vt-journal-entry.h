/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vt-config.h"

G_BEGIN_DECLS

#define VT_TYPE_JOURNAL_ENTRY (vt_journal_entry_get_type ())
G_DECLARE_FINAL_TYPE (VtJournalEntry, vt_journal_entry, VT, JOURNAL_ENTRY, GObject)

VtJournalEntry *vt_journal_entry_new             (gint64          seq,
                                                  const char     *command_id,
                                                  GDateTime      *time_utc,
                                                  int             utc_offset,
                                                  const char     *kind,
                                                  const char     *actor,
                                                  const char     *payload,
                                                  const char     *prev_hash,
                                                  const char     *hash);
gint64          vt_journal_entry_get_seq         (VtJournalEntry *self);
const char     *vt_journal_entry_get_command_id  (VtJournalEntry *self);
GDateTime      *vt_journal_entry_get_time        (VtJournalEntry *self);
int             vt_journal_entry_get_utc_offset  (VtJournalEntry *self);
GDateTime      *vt_journal_entry_dup_local_time  (VtJournalEntry *self);
const char     *vt_journal_entry_get_kind        (VtJournalEntry *self);
const char     *vt_journal_entry_get_actor       (VtJournalEntry *self);
const char     *vt_journal_entry_get_payload     (VtJournalEntry *self);
JsonObject     *vt_journal_entry_get_payload_object (VtJournalEntry *self);
const char     *vt_journal_entry_get_prev_hash   (VtJournalEntry *self);
const char     *vt_journal_entry_get_hash        (VtJournalEntry *self);
char           *vt_journal_entry_dup_summary     (VtJournalEntry *self,
                                                  VtConfig       *config);
char           *vt_journal_entry_dup_kind_label  (VtJournalEntry *self);

char           *vt_journal_compute_hash          (gint64          seq,
                                                  const char     *command_id,
                                                  const char     *time_utc,
                                                  int             utc_offset,
                                                  const char     *kind,
                                                  const char     *actor,
                                                  const char     *payload,
                                                  const char     *prev_hash);
char           *vt_journal_format_time_utc       (GDateTime      *time);
char           *vt_hash_to_groups                (const char     *hash,
                                                  guint           n_groups);

#define VT_JOURNAL_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

G_END_DECLS
