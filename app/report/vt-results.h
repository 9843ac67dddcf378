/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-station.h"

G_BEGIN_DECLS

/* The protocol's numbers as data: what `valgting export results` writes, what the QR code on
 * the signature page and the receipts carries, and what the municipality's overview sums. They
 * are read with the protocol's own builder (report/vt-protocol.c), so the paper and the data
 * cannot say different things. Nothing here names a voter. */

/* A count the station has not recorded yet. */
#define VT_RESULTS_UNKNOWN ((gint64)-1)

typedef struct
{
  char   *id;       /* the list's id in the configuration: "ap", "h" … */
  char   *name;     /* "Arbeiderpartiet" */
  gint64  ballots;  /* C2; VT_RESULTS_UNKNOWN when not counted */
} VtResultsList;

typedef struct
{
  char      *id;        /* "kommunestyre" */
  char      *name;      /* "Kommunestyrevalget" */
  gint64     approved;  /* C1, each VT_RESULTS_UNKNOWN until counted */
  gint64     blank;
  gint64     doubtful;
  gint64     total;
  GPtrArray *lists;     /* C2, of VtResultsList; empty when counted as urn totals only */
  /* The remark the protocol prints under the contest (the board's words, an unexplained
   * difference said plainly, warnings accepted with who and why), or NULL when none. */
  char      *remark;
  gboolean   difference_not_explained;  /* K402 recounted and left unexplained */
  guint      n_warnings_accepted;       /* warnings two members accepted as they are */
} VtResultsContest;

typedef struct
{
  char   *date;        /* "2027-09-13", the day's date in the station's time zone */
  int     weekday;     /* 1 Monday … 7 Sunday */
  gint64  roll_marks;  /* marks in the roll that day, every table; VT_RESULTS_UNKNOWN */
} VtResultsDay;

typedef struct
{
  /* the election and the station */
  char      *election_name;      /* "Kommunestyre- og fylkestingsvalget" */
  char      *election_kind;
  int        year;
  gboolean   training;
  char      *municipality_number;
  char      *municipality_name;
  char      *precinct_number;
  char      *precinct_name;
  char      *language;           /* "nb" or "nn" */
  gboolean   counted_by_party;   /* FALSE: urn totals only, the parties counted centrally */

  /* B1: envelopes counted at closing, by the protocol's field; VT_RESULTS_UNKNOWN */
  gint64     special_envelopes;
  gint64     emergency_envelopes;
  gint64     other_precinct_envelopes;  /* VT_RESULTS_UNKNOWN, too, where the roll is electronic */

  GPtrArray *days;               /* of VtResultsDay, in the election's order */
  gint64     roll_marks_total;   /* every day; VT_RESULTS_UNKNOWN while any day is unknown */
  GPtrArray *contests;           /* of VtResultsContest, in the configuration's order */
  char      *matters;            /* part D, the board's own text, or NULL */

  /* what the office must look at */
  gboolean   signed_by_chair;    /* the chair signed on screen and nothing changed since */
  gboolean   signature_stale;    /* signed, but the log went on after */
  guint      n_broken_seals;     /* seals broken during the day */

  /* the journal the numbers were read from */
  gint64     n_entries;
  char      *checksum;           /* the head entry's hash, in full (64 hex digits) */
} VtResults;

/* The numbers of @station as its protocol would print them now. */
VtResults  *vt_results_new_from_station (VtStation   *station);
/* Opens @path read-only, verifies it (chain and state) and reads its results; NULL and @error
 * when it does not verify or cannot be read. */
VtResults  *vt_results_new_from_file    (const char  *path,
                                         GError     **error);
void        vt_results_free             (VtResults   *results);

/* "valgting-results/1": every field above, unknown counts as null. */
char       *vt_results_to_json          (VtResults   *results);

/* The compact text the QR code carries, one line a field, small enough to scan from paper (the
 * lists' counts on one line per contest, to keep it so):
 *   VT1
 *   E <year> <election kind>
 *   T                                                          (only for a training station)
 *   P <municipality number>-<precinct number>
 *   C <contest id> <approved> <blank> <doubtful> <total>       (per contest; "-" unknown)
 *   L <contest id> <list id> <ballots> <list id> <ballots> …   (per contest counted by party)
 *   H <checksum's first 16 hex digits>
 * The exact form is documented where it is built; a test decodes it from the PDF and
 * compares it with vt_results_to_json (). */
char       *vt_results_to_qr_text       (VtResults   *results);

/* Writes vt_results_to_json () of @station_path to @out_path the way vt-export.h writes a log
 * (verified first; 0600; a temporary name, then linked; never over a file). */
gboolean    vt_results_export           (const char  *station_path,
                                         const char  *out_path,
                                         GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtResults, vt_results_free)

G_END_DECLS
