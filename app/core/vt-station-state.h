/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-station.h"

G_BEGIN_DECLS

/* What the screens show of the station's derived state, read from the tables the rules keep.
 * Widgets read the state through these and never touch sqlite. */

typedef struct
{
  char *id;
  char *kind;    /* "ordinary", "special-envelope", "mobile" or "reserve" */
  char *table;   /* an ordinary urn's table, or NULL */
  char *status;  /* "new", "empty", "sealed", "full", "broken" or "opened" */
} VtUrnState;

void        vt_urn_state_free                  (VtUrnState *urn);

typedef struct
{
  gint64  number;
  char   *status;      /* "received", "applied", "broken", "void" or "returned" */
  char   *urn;         /* the urn it was applied to, or NULL */
  char   *place;       /* "lid" or "slot", or NULL */
  gint64  received;    /* the entries that received, used (applied, voided, returned) and */
  gint64  used;        /* broke it; 0 where there is none */
  gint64  broken;
} VtStripState;

void        vt_strip_state_free                (VtStripState *strip);
/* Every strip received or applied, by number. */
GPtrArray  *vt_station_dup_strips              (VtStation  *self);

/* The urns taken into use, in the order they were. */
GPtrArray  *vt_station_dup_urns                (VtStation  *self);
/* Special envelopes of @reason logged so far (annulled ones not counted). */
gint64      vt_station_count_envelopes         (VtStation  *self,
                                                const char *reason);
/* The start entries of outdoor votes whose equipment is not back yet. */
GArray     *vt_station_dup_open_outdoor_votes  (VtStation  *self);

/* An outdoor vote whose workers and equipment are not back yet. */
typedef struct
{
  gint64     start_seq;      /* the outdoor.start entry */
  char      *worker;         /* person ids of the two workers out */
  char      *second_worker;
  GDateTime *since;          /* when it started, in the station's time at that entry */
} VtOutdoorVote;

void        vt_outdoor_vote_free               (VtOutdoorVote *vote);
/* The outdoor votes out now, oldest first, of VtOutdoorVote; empty when none. */
GPtrArray  *vt_station_dup_outdoor_votes_out   (VtStation  *self);
/* "done", "deviation", or NULL when the opening check is not yet ticked. */
char       *vt_station_dup_check_status        (VtStation  *self,
                                                const char *check_id);
gboolean    vt_station_is_present              (VtStation  *self,
                                                const char *person_id);
gboolean    vt_station_has_signed              (VtStation  *self,
                                                const char *person_id);
/* Whether a closing step (an entry kind such as "closing.last-voter") is recorded. */
gboolean    vt_station_has_step                (VtStation  *self,
                                                const char *kind);

/* The payload of entry @seq as the corrections since have left it, or NULL when it was
 * annulled. */
JsonObject *vt_station_dup_effective_payload   (VtStation  *self,
                                                VtJournalEntry *entry);

/* A count recorded at closing or in the count: TRUE and the count in @n when recorded. */
gboolean    vt_station_get_roll_marks          (VtStation  *self,
                                                const char *table,
                                                int         day,
                                                gint64     *n);
gboolean    vt_station_get_envelopes_counted   (VtStation  *self,
                                                const char *reason,
                                                gint64     *n);
gboolean    vt_station_get_pile                (VtStation  *self,
                                                const char *contest,
                                                const char *pile,
                                                gint64     *n);

/* Where a count and its control count stand (two entries by two board members). */
typedef enum
{
  VT_COUNT_STATE_NONE,              /* not counted */
  VT_COUNT_STATE_AWAITING_CONTROL,  /* counted; the control count is still to come */
  VT_COUNT_STATE_DIFFERS,           /* the two differ: count again */
  VT_COUNT_STATE_DONE,              /* the two agree */
} VtCountState;

/* The state of the count of what @kind counts (pile.count, roll-marks.count, envelopes.count
 * or their .control): @key is the contest, the table or the reason; @pile the pile of a
 * contest, @day the election day of a table's roll marks (from 1). */
VtCountState vt_station_get_count_state        (VtStation  *self,
                                                const char *kind,
                                                const char *key,
                                                const char *pile,
                                                int         day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtUrnState, vt_urn_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtStripState, vt_strip_state_free)

G_END_DECLS
