/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdarg.h>
#include <sqlite3.h>

#include "vt-config.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-phase.h"

G_BEGIN_DECLS

/* What a rule sees of the command being checked, or of the entry being applied. Checks run
 * inside the entry's transaction, just before it is written; applies run just after, and also
 * when the derived state is rebuilt after a correction, with the entry's own time and actor. */
struct _VtRuleContext
{
  sqlite3    *db;
  VtConfig   *config;
  gint64      seq;      /* the entry's sequence number (the one it will get, during a check) */
  GDateTime  *time;     /* when it happened */
  const char *actor;    /* a person id from the configuration */
  const char *kind;
  JsonObject *payload;  /* validated against the kind's fields */
  gboolean    replaying; /* applying during a rebuild: never refuse, state only */
};

/* ---- refusing -------------------------------------------------------------------------- */

gboolean     vt_rule_refuse          (GError        **error,
                                      VtRuleError     code,
                                      const char     *rule,
                                      const char     *format,
                                      ...) G_GNUC_PRINTF (4, 5);

/* ---- reading the payload (already validated: types and required fields are right) ------ */

const char  *vt_payload_string       (VtRuleContext  *ctx,
                                      const char     *field);
gint64       vt_payload_int          (VtRuleContext  *ctx,
                                      const char     *field,
                                      gint64          fallback);
gboolean     vt_payload_bool         (VtRuleContext  *ctx,
                                      const char     *field);
gboolean     vt_payload_has          (VtRuleContext  *ctx,
                                      const char     *field);

/* ---- derived state in sqlite ----------------------------------------------------------- */

/* Run @sql with ? parameters bound from the varargs, described by @types: one character per
 * parameter, 's' const char *, 'i' gint64; 'n' binds SQL NULL and takes a const char *
 * argument, 'N' binds SQL NULL and takes a gint64 argument (each takes its argument, so the
 * ones after it are read in their place). Return FALSE with @error on failure. */
gboolean     vt_sql_exec             (VtRuleContext  *ctx,
                                      GError        **error,
                                      const char     *sql,
                                      const char     *types,
                                      ...);
/* @sql prepared with its ? parameters bound from @args as vt_sql_exec() describes, or NULL
 * (with a critical) when the SQL is bad. */
sqlite3_stmt *vt_sql_prepare         (VtRuleContext  *ctx,
                                      const char     *sql,
                                      const char     *types,
                                      va_list         args);
/* The first column of the first row as an integer, or @fallback when there is no row. */
gint64       vt_sql_int              (VtRuleContext  *ctx,
                                      gint64          fallback,
                                      const char     *sql,
                                      const char     *types,
                                      ...);
/* The first column of the first row as a new string, or NULL when there is no row. */
char        *vt_sql_string           (VtRuleContext  *ctx,
                                      const char     *sql,
                                      const char     *types,
                                      ...);

/* ---- the station's phase and day ------------------------------------------------------- */

VtPhase      vt_rules_get_phase      (VtRuleContext  *ctx);
gboolean     vt_rules_set_phase      (VtRuleContext  *ctx,
                                      VtPhase         phase,
                                      GError        **error);
/* After the doors closed, while those in the queue then still vote (vt-rules-closing.c). */
gboolean     vt_rules_queue_still_voting (VtRuleContext *ctx);
/* The entry that handed shipment 1 over, or 0 while it is still here (vt-rules-closing.c). */
gint64       vt_rules_shipment_handed_over (VtRuleContext *ctx);
/* The election day (0-based) the context's time falls on, or -1 outside every day. */
int          vt_rules_day_index      (VtRuleContext  *ctx);
const VtPerson *vt_rules_person      (VtRuleContext  *ctx,
                                      const char     *field);
gboolean     vt_rules_is_present     (VtRuleContext  *ctx,
                                      const char     *person_id);
/* The person's name, or the id itself when the configuration has no such person ("" for
 * none), for messages and log lines. */
const char  *vt_rules_person_name    (VtConfig       *config,
                                      const char     *id);
/* The entry kind's translated name, or the id when there is no such kind. */
const char  *vt_rules_kind_name      (const char     *kind_id);
/* @time as the station's clock shows it, "14:05", for messages. */
char        *vt_rules_dup_clock      (VtRuleContext  *ctx,
                                      GDateTime      *time);
/* The same for a time as the journal keeps it (ISO 8601, UTC), or NULL when there is none. */
char        *vt_rules_dup_clock_utc  (VtRuleContext  *ctx,
                                      const char     *ts_utc);
/* Moves a station still in setup to the opening phase. */
gboolean     vt_rules_enter_opening  (VtRuleContext  *ctx,
                                      GError        **error);

/* ---- who takes part (vt-rules-presence.c) ---------------------------------------------- */

/* Refuses unless whoever acts and whoever witnesses @ctx's procedure (showing an urn empty,
 * sealing, breaking a seal, outdoor voting, counting, explaining, signing) is present and
 * holds the role it names, and no one is named for both. Runs before the kind's own rule. */
gboolean     vt_rules_check_presence (VtRuleContext  *ctx,
                                      GError        **error);

/* ---- one module per family of procedures ----------------------------------------------- */

/* Each module owns some derived tables: created in the schema, emptied before a rebuild. */
typedef struct
{
  const char *name;
  const char *schema;  /* CREATE TABLE … */
  const char *reset;   /* DELETE FROM … */
} VtRuleModule;

extern const VtRuleModule vt_rules_core_module;
extern const VtRuleModule vt_rules_people_module;
extern const VtRuleModule vt_rules_seals_module;
extern const VtRuleModule vt_rules_voting_module;
extern const VtRuleModule vt_rules_closing_module;
extern const VtRuleModule vt_rules_organisation_module;

#define VT_RULE_CHECK(name) gboolean name (VtRuleContext *ctx, GError **error)
#define VT_RULE_APPLY(name) gboolean name (VtRuleContext *ctx, GError **error)
#define VT_RULE_SUMMARY(name) \
  char *name (const VtEntryKind *kind, VtConfig *config, JsonObject *payload)

/* vt-rules-core.c: notes, corrections, refusals */
VT_RULE_SUMMARY (vt_summary_station_created);
VT_RULE_SUMMARY (vt_summary_note);
VT_RULE_SUMMARY (vt_summary_refused);
VT_RULE_CHECK (vt_check_correction);
VT_RULE_APPLY (vt_apply_correction);
VT_RULE_SUMMARY (vt_summary_correction);

/* vt-rules-people.c: board and staff, opening checks, doors, phases */
VT_RULE_CHECK (vt_check_person_arrive);
VT_RULE_APPLY (vt_apply_person_arrive);
VT_RULE_CHECK (vt_check_person_leave);
VT_RULE_APPLY (vt_apply_person_leave);
VT_RULE_CHECK (vt_check_person_declaration);
VT_RULE_APPLY (vt_apply_person_declaration);
VT_RULE_SUMMARY (vt_summary_person);
VT_RULE_CHECK (vt_check_person_add);
VT_RULE_SUMMARY (vt_summary_person_add);
VT_RULE_CHECK (vt_check_opening_check);
VT_RULE_APPLY (vt_apply_opening_check);
VT_RULE_SUMMARY (vt_summary_opening_check);
VT_RULE_CHECK (vt_check_doors_open);
VT_RULE_APPLY (vt_apply_doors_open);
VT_RULE_CHECK (vt_check_doors_close);
VT_RULE_APPLY (vt_apply_doors_close);
VT_RULE_SUMMARY (vt_summary_doors);

/* vt-rules-seals.c: strips and urns */
VT_RULE_CHECK (vt_check_strips_receive);
VT_RULE_APPLY (vt_apply_strips_receive);
VT_RULE_CHECK (vt_check_strips_return);
VT_RULE_APPLY (vt_apply_strips_return);
VT_RULE_CHECK (vt_check_strip_void);
VT_RULE_APPLY (vt_apply_strip_void);
VT_RULE_CHECK (vt_check_urn_add);
VT_RULE_APPLY (vt_apply_urn_add);
VT_RULE_CHECK (vt_check_urn_verify_empty);
VT_RULE_APPLY (vt_apply_urn_verify_empty);
VT_RULE_CHECK (vt_check_urn_seal);
VT_RULE_APPLY (vt_apply_urn_seal);
VT_RULE_CHECK (vt_check_urn_full);
VT_RULE_APPLY (vt_apply_urn_full);
VT_RULE_CHECK (vt_check_seal_break);
VT_RULE_APPLY (vt_apply_seal_break);
VT_RULE_CHECK (vt_check_urn_seal_check);
VT_RULE_APPLY (vt_apply_urn_seal_check);
VT_RULE_CHECK (vt_check_urn_open);
VT_RULE_APPLY (vt_apply_urn_open);
VT_RULE_SUMMARY (vt_summary_seals);
/* Whether a mobile urn is sealed, ready for outdoor voting (K105, outdoor.start). */
gboolean vt_seals_mobile_urn_sealed (VtRuleContext *ctx);

/* vt-rules-voting.c: outdoor voting, special envelopes, incidents */
VT_RULE_CHECK (vt_check_outdoor_start);
VT_RULE_APPLY (vt_apply_outdoor_start);
VT_RULE_CHECK (vt_check_outdoor_step);
VT_RULE_APPLY (vt_apply_outdoor_step);
VT_RULE_SUMMARY (vt_summary_outdoor);
VT_RULE_CHECK (vt_check_envelope);
VT_RULE_APPLY (vt_apply_envelope);
VT_RULE_SUMMARY (vt_summary_envelope);
VT_RULE_CHECK (vt_check_incident);
VT_RULE_APPLY (vt_apply_incident);
VT_RULE_SUMMARY (vt_summary_incident);
/* The envelopes logged so far for @reason, or for all reasons when @reason is NULL. */
gint64 vt_voting_live_envelopes     (VtRuleContext *ctx,
                                     const char    *reason);
/* Appends, in order, the seqs of every unstamped-ballot entry, every unresolved wrong mark
 * and the start entry of every finished outdoor vote: what can explain a difference between
 * the ballots in the urns and the marks in the roll. */
void   vt_voting_explaining_entries (VtRuleContext *ctx,
                                     GArray        *seqs);

/* vt-rules-closing.c: closing, shipment 1, the preliminary count, results */
VT_RULE_CHECK (vt_check_closing_step);
VT_RULE_APPLY (vt_apply_closing_step);
VT_RULE_APPLY (vt_apply_roll_marks);
VT_RULE_APPLY (vt_apply_envelopes_counted);
VT_RULE_CHECK (vt_check_shipment);
VT_RULE_APPLY (vt_apply_shipment);
VT_RULE_APPLY (vt_apply_count_pile);
/* A first count and its control count, each an entry of its own (pile, roll marks, special
 * envelopes): by two different board members who are here. */
VT_RULE_CHECK (vt_check_count_single_entry);
VT_RULE_CHECK (vt_check_count_first);
VT_RULE_APPLY (vt_apply_count_first);
VT_RULE_CHECK (vt_check_count_control);
VT_RULE_APPLY (vt_apply_count_control);
VT_RULE_CHECK (vt_check_count_explain);
VT_RULE_CHECK (vt_check_count_recounted);
VT_RULE_APPLY (vt_apply_count_explain);
VT_RULE_CHECK (vt_check_warning_accept);
VT_RULE_APPLY (vt_apply_warning_accept);
VT_RULE_CHECK (vt_check_results_phoned);
VT_RULE_APPLY (vt_apply_results_phoned);
VT_RULE_SUMMARY (vt_summary_closing);
VT_RULE_CHECK (vt_check_protocol_sign);
VT_RULE_SUMMARY (vt_summary_protocol_sign);

/* vt-rules-organisation.c: an organisation's meeting and its elections */
VT_RULE_CHECK (vt_check_meeting_constituted);
VT_RULE_APPLY (vt_apply_meeting_constituted);
VT_RULE_CHECK (vt_check_meeting_attendance);
VT_RULE_APPLY (vt_apply_meeting_attendance);
VT_RULE_CHECK (vt_check_office_candidate);
VT_RULE_APPLY (vt_apply_office_candidate);
VT_RULE_CHECK (vt_check_office_withdraw);
VT_RULE_APPLY (vt_apply_office_withdraw);
VT_RULE_CHECK (vt_check_office_vote);
VT_RULE_APPLY (vt_apply_office_vote);
VT_RULE_CHECK (vt_check_office_count);
VT_RULE_APPLY (vt_apply_office_count);
VT_RULE_CHECK (vt_check_office_control);
VT_RULE_APPLY (vt_apply_office_control);
VT_RULE_CHECK (vt_check_office_result);
VT_RULE_APPLY (vt_apply_office_result);
VT_RULE_CHECK (vt_check_office_vacant);
VT_RULE_APPLY (vt_apply_office_vacant);
VT_RULE_CHECK (vt_check_office_lot);
VT_RULE_APPLY (vt_apply_office_lot);
VT_RULE_SUMMARY (vt_summary_office);
VT_RULE_CHECK (vt_check_meeting_sign);
VT_RULE_SUMMARY (vt_summary_meeting_sign);
VT_RULE_SUMMARY (vt_summary_meeting);
/* Refuses a polling station's kind in an organisation's election, and the other way round;
 * notes, corrections and prints belong to both. */
gboolean vt_organisation_check_kind_fits (VtConfig   *config,
                                          const char *kind,
                                          const char *kind_name,
                                          GError    **error);
/* The id of the office being elected now (the first not decided), or NULL when all are. */
char    *vt_organisation_current_office  (VtRuleContext *ctx);

/* ---- helpers of the closing and count rules (vt-rules-closing.c, vt-rules-count.c) ---- */

const char *vt_closing_contest_name  (VtConfig *config, const char *id);
const char *vt_closing_reason_label  (VtConfig *config, const char *id);
/* approved, blank or doubtful: the piles every count mode has. */
gboolean    vt_closing_is_total_pile (const char *pile);
/* A pile as the chair calls it: the party list's name, or the kind of ballots. */
const char *vt_closing_pile_label    (const VtContest *contest, const char *pile);
gboolean    vt_closing_phase_is_after_voting (VtPhase phase);
/* Whether a day's roll marks can be counted: its doors have closed. */
gboolean    vt_closing_day_is_over   (VtRuleContext *ctx, gint64 day);
/* The board's explanation of a finding, if given after the numbers last changed. */
char       *vt_closing_dup_explanation (VtRuleContext *ctx, const char *code,
                                        const char *subject, gint64 last_change);
/* The special envelopes of @reason in the day's log, as envelope_count holds them. */
gint64      vt_closing_live_envelopes (VtRuleContext *ctx, const char *reason);
char       *vt_closing_dup_urn_list  (VtRuleContext *ctx, const char *sql);
/* A member of @payload that is an array, or NULL. */
JsonArray  *vt_closing_payload_array (JsonObject *payload, const char *name);

/* ---- numbered consistency checks (vt-checks.c) ----------------------------------------- */

/* Each module adds the findings of its own checks. */
void vt_checks_people  (VtRuleContext *ctx, GPtrArray *findings);
void vt_checks_seals   (VtRuleContext *ctx, GPtrArray *findings);
void vt_checks_voting  (VtRuleContext *ctx, GPtrArray *findings);
void vt_checks_closing (VtRuleContext *ctx, GPtrArray *findings);
/* The count's differences (K402, K403, K404), within the closing module's checks. */
void vt_checks_count   (VtRuleContext *ctx, GPtrArray *findings);
/* All four, in the order of the day. */
void vt_checks_all     (VtRuleContext *ctx, GPtrArray *findings);

G_END_DECLS
