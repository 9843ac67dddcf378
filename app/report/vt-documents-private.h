/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the documents of report/ share: a Builder reads the journal once, in time order, and
 * each document (vt-documents.c dispatches; vt-protocol.c the protocol and its annexes,
 * vt-handover.c the packing lists, the receipt and the seal register; vt-day-report.c the
 * reports at opening and closing) draws from it. */

#include <json-glib/json-glib.h>

#include "vt-documents.h"
#include "vt-results.h"
#include "vt-station-state.h"

G_BEGIN_DECLS

typedef struct
{
  VtStation *station;
  VtConfig *config;
  GTimeZone *tz;
  GPtrArray *entries;       /* every entry, oldest first */
  GHashTable *corrected_by; /* seq → the last correction's seq (annul or amend) */
  GHashTable *annulled;     /* seqs of annulled entries */
  guint covered;            /* the entries the document covers: 1 … covered */
  VtDoc *doc;
} Builder;

/* Reads @station's journal for a document (vt-documents.c); covered is left at 0. */
void            vt_builder_init (Builder *b, VtStation *station);
void            vt_builder_clear (Builder *b);
/* the entry numbered @seq, or NULL */
VtJournalEntry *vt_builder_entry_at (Builder *b, gint64 seq);
char *          vt_builder_format_time (Builder *b, GDateTime *utc, const char *format);
char *          vt_builder_entry_when (Builder *b, gint64 seq);
gboolean        vt_builder_is_annulled (Builder *b, VtJournalEntry *entry);
const char *    vt_builder_person_name (Builder *b, const char *id);
gint64          vt_builder_last_signed_content (Builder *b);
VtJournalEntry *vt_builder_find_signature (Builder *b, const char *person);
VtSignatureState vt_builder_signature_state (Builder *b, VtJournalEntry *signature);
GArray *        vt_builder_signature_points (VtJournalEntry *signature);
VtDocTable *    vt_builder_table_new (Builder *b, guint n_columns, ...);
void            vt_builder_row (VtDocTable *table, VtDocRowStyle style, ...);
char *          vt_builder_count_text (gboolean known, gint64 n);
gboolean        vt_builder_approved_ballots (Builder *b, VtContest *contest, gint64 *n);
/* @day is 1-based; 0 for every day */
gboolean        vt_builder_roll_marks_total (Builder *b, int day, gint64 *n);
gint64          vt_builder_envelopes (Builder *b, const char *reason, gboolean *counted);
/* vt-protocol.c: the protocol's numbers and words, shared with vt-results.c so the paper and
 * the data cannot differ. */
typedef enum
{
  VT_C1_APPROVED,
  VT_C1_BLANK,
  VT_C1_DOUBTFUL,
  VT_C1_TOTAL,
} VtC1Row;
gboolean        vt_builder_c1_count (Builder *b, VtContest *contest, VtC1Row row, gint64 *n);
/* B1: the envelopes of every reason mapped to @field; *@counted FALSE while one is only logged */
gint64          vt_builder_protocol_envelopes (Builder *b, VtProtocolField field,
                                               gboolean *counted);
char *          vt_builder_contest_remark (Builder *b, VtContest *contest, GPtrArray *findings,
                                           gboolean *not_explained, guint *n_accepted);
char *          vt_builder_board_matters (Builder *b);
/* vt-results.c: the numbers of the entries @b covers (its checksum the covered entry's hash,
 * as the page footer names it); @findings as vt_station_run_checks () gives them. */
VtResults *     vt_results_new_from_builder (Builder *b, GPtrArray *findings);
/* The QR code of vt_results_to_qr_text () of those numbers, with its caption, at this point
 * of @b's document (the protocol's signature page, each copy of the receipt). */
void            vt_builder_results_qr (Builder *b, GPtrArray *findings);
void            vt_builder_seal_register (Builder *b);
void            vt_builder_protocol (Builder *b);
void            vt_builder_packing_lists (Builder *b);
void            vt_builder_receipt (Builder *b);
void            vt_builder_final_delivery (Builder *b);
void            vt_builder_seals (Builder *b);
/* vt-day-report.c: the entries the report at a turn of the day covers (up to the doors' entry),
 * and the report itself. */
guint           vt_builder_day_report_covered (Builder *b, VtDocumentKind kind);
void            vt_builder_day_report (Builder *b, VtDocumentKind kind);
/* vt-meeting-protocol.c: an organisation's meeting, its protocol and its notice to the
 * region (vt-organisation.h reads the meeting). */
void            vt_builder_meeting_protocol (Builder *b);
void            vt_builder_office_notice (Builder *b);

#define ROW(table, style, ...) vt_builder_row ((table), (style), __VA_ARGS__, (const char *)NULL)

G_END_DECLS
