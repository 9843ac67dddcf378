/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64  n_entries;
  char   *head_hash;
  char   *last_time_utc;  /* NULL for an empty journal */
  gboolean training;
  /* FALSE for a file made before the first entry carried the configuration's SHA-256
   * (Valgting 0.x): its chain fixes the training flag, but not the configuration. */
  gboolean config_covered;
} VtVerifyReport;

/* Everything: the database, the guards' definitions, the chain, the first entry against the
 * stored configuration and training flag, and every derived table against a rebuild from the
 * journal. */
gboolean vt_verify_file         (const char      *path,
                                 VtVerifyReport  *report,
                                 GError         **error);
void     vt_verify_report_clear (VtVerifyReport  *report);

/* How far: the guards, the chain and the first entry (what opening checks), or also every
 * derived table rebuilt from the journal (what verify and printing check). */
typedef enum
{
  VT_VERIFY_CHAIN,
  VT_VERIFY_STATE,
  /* What opening checks: the state too for a journal of up to VT_VERIFY_OPEN_STATE_MAX
   * entries (a real day has a few hundred: tens of milliseconds), the chain alone beyond
   * (200,000 entries: about 1 s for the chain, 5 s more for the state). */
  VT_VERIFY_OPEN,
} VtVerifyDepth;

#define VT_VERIFY_OPEN_STATE_MAX 20000

/* The same checks on an open connection (sqlite3 *), read only; the store calls it on open. */
gboolean vt_verify_connection   (gpointer         db,
                                 VtVerifyDepth    depth,
                                 VtVerifyReport  *report,
                                 GError         **error);

/* What vt_verify_file () checks that opening a store (read-only or not) did not already: the
 * database's integrity, and the state of a journal longer than VT_VERIFY_OPEN_STATE_MAX; the
 * chain again, cheaply, to fill in @report. For a reader that opens the file anyway (the
 * exports, the municipality's overview): the file is checked once, on the connection it is
 * read with, not once to verify and again to open. @store is a VtStore just opened. */
gboolean vt_verify_opened_store (gpointer         store,
                                 VtVerifyReport  *report,
                                 GError         **error);

/* Before printing from an open station (the window's print, save-as-PDF): the guards, the
 * chain, entry 1 and every derived table rebuilt and compared, on the store's own connection.
 * A real day's file takes tens of milliseconds. @store is a VtStore. */
gboolean vt_verify_store        (gpointer         store,
                                 GError         **error);

/* "Check against paper": where the groups typed from a printed page ("74ad 5e35 …", any
 * number of groups of four hex digits, at least two) are in the file's chain. */
typedef struct
{
  gint64 seq;          /* the entry whose hash begins with the groups; 0 when none */
  gint64 n_following;  /* entries written after it */
  guint  n_matches;    /* entries whose hash begins so: more than 1 means type more groups */
} VtVerifyPaper;

gboolean vt_verify_checksum     (const char      *path,
                                 const char      *groups,
                                 VtVerifyPaper   *result,
                                 GError         **error);

typedef enum
{
  VT_VERIFY_SAME,          /* the same journal */
  VT_VERIFY_FILE_SHORTER,  /* the file's journal is a prefix of the other's: a cut tail, an
                            * older copy or a rollback */
  VT_VERIFY_OTHER_SHORTER, /* the other's journal is a prefix of the file's */
  VT_VERIFY_DIFFERENT,     /* different histories from entry first_difference on */
} VtVerifyRelation;

typedef struct
{
  VtVerifyRelation relation;
  gint64 n_file;
  gint64 n_other;
  gint64 first_difference;  /* the first entry not in both; 0 when the same */
} VtVerifyComparison;

gboolean vt_verify_against      (const char          *path,
                                 const char          *other,
                                 VtVerifyComparison  *result,
                                 GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VtVerifyReport, vt_verify_report_clear)

G_END_DECLS
