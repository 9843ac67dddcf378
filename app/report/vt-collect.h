/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-results.h"

G_BEGIN_DECLS

/* The municipality's overview (issue 17): many station files of one election, each verified
 * and read with vt_results_new_from_file (), summed per precinct and in total, with what needs
 * the election office's attention. What `valgting collect` and *Municipality Overview…* build;
 * vt-overview-doc.h draws it, vt_collect_to_json () writes it. No GTK.
 *
 * What is summed: every file that verifies (chain and state, and the groups typed from its
 * paper when given), is of the overview's election, and is the only file of its precinct.
 * Every other file is named with the reason it was left out:
 *  - it does not verify, or cannot be read;
 *  - the groups typed from its paper are not in its chain;
 *  - it is of another election (the overview's election is the one most files are of; on a
 *    tie, the first file's);
 *  - another file of the same precinct holds a different journal: NEITHER is summed until the
 *    office has decided which is the station's (it collects again with that one). Two files
 *    that hold the same journal (the station file and its second copy) are one station: the
 *    first given is summed, the other is left out as a copy of it.
 * A count a summed station has not recorded yet makes its sum unknown too (VT_RESULTS_UNKNOWN),
 * as a station's own total is unknown while any day is. */

typedef enum
{
  /* summed, but the office must look at them */
  VT_COLLECT_FLAG_NOT_SIGNED,         /* the protocol is not signed */
  VT_COLLECT_FLAG_SIGNATURE_STALE,    /* signed, but the log went on after */
  VT_COLLECT_FLAG_DIFFERENCE,         /* a contest's difference is not explained */
  VT_COLLECT_FLAG_WARNING_ACCEPTED,   /* a contest's warnings were accepted as they are */
  VT_COLLECT_FLAG_BROKEN_SEAL,        /* seals were broken during the day */
  VT_COLLECT_FLAG_PAPER_OLDER,        /* entries were written after the paper's checksum */
  /* left out of the sums */
  VT_COLLECT_FLAG_DOES_NOT_VERIFY,    /* the file does not verify or cannot be read */
  VT_COLLECT_FLAG_PAPER_MISMATCH,     /* the paper's checksum is not in the file's chain */
  VT_COLLECT_FLAG_OTHER_ELECTION,     /* a file of another election */
  VT_COLLECT_FLAG_TWO_FILES,          /* another file of the same precinct, another journal */
  VT_COLLECT_FLAG_SAME_JOURNAL,       /* a copy of a file already summed */
} VtCollectFlagKind;

typedef struct
{
  VtCollectFlagKind  kind;
  char              *contest;  /* the contest's name, for a contest's flag; else NULL */
  char              *detail;   /* the verification's message, the other file's name, the
                                * other election's name; or NULL */
  gint64             number;   /* warnings accepted, seals broken, entries after the paper */
} VtCollectFlag;

typedef struct
{
  char       *path;
  char       *name;       /* the file's name without its folder */
  char       *checksum_groups;  /* typed from the paper (--checksum), or NULL */
  VtResults  *results;    /* NULL when the file does not verify or cannot be read */
  gboolean    summed;     /* in the sums */
  GPtrArray  *flags;      /* of VtCollectFlag, in the order of VtCollectFlagKind */
} VtCollectStation;

typedef struct
{
  /* the election: the summed stations' (see above), or NULL when no file could be read */
  char       *election_name;
  char       *election_kind;
  int         year;
  gboolean    training;
  char       *municipality_number;
  char       *municipality_name;
  char       *language;   /* "nb" or "nn": the election's, as its stations' documents */

  GPtrArray  *stations;   /* of VtCollectStation: every file given, by precinct number */
  guint       n_summed;
  /* The sums, as one station's numbers: the days, envelopes and contests summed over the
   * summed stations; lists summed over the stations that counted by party (the others count
   * urn totals only, the parties centrally). precinct_number/name, checksum are NULL. */
  VtResults  *total;
  guint       n_counted_by_party;
} VtCollect;

/* @paths: the station files; @checksums: NULL, or for each path the groups typed from its
 * paper or NULL. The files are read in parallel. Never NULL: a file that cannot be read is a
 * station left out with its reason. */
VtCollect  *vt_collect_new              (const char * const  *paths,
                                         const char * const  *checksums,
                                         guint                n_paths);
void        vt_collect_free             (VtCollect           *collect);

/* Stations with a flag, and files left out of the sums. */
guint       vt_collect_count_flagged    (VtCollect           *collect);
guint       vt_collect_count_left_out   (VtCollect           *collect);
/* Files left out whose numbers are in no sum: every file left out but a copy of one summed. */
guint       vt_collect_count_missing    (VtCollect           *collect);
gboolean    vt_collect_flag_leaves_out  (VtCollectFlagKind    kind);
/* "not-signed", "does-not-verify" …: the flag's code in the JSON. */
const char *vt_collect_flag_code        (VtCollectFlagKind    kind);
/* The flag said in a sentence, in the thread's language (vt-i18n.h). */
char       *vt_collect_flag_dup_text    (const VtCollectFlag *flag);
/* "0405 Nattland skole", or the file's name when it could not be read. */
char       *vt_collect_station_dup_label (const VtCollectStation *station);

/* "valgting-overview/1": the election, every station with its numbers (as
 * vt_results_to_json ()), whether it is summed and its flags (code and text), and the sums. */
char       *vt_collect_to_json          (VtCollect           *collect);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtCollect, vt_collect_free)

G_END_DECLS
