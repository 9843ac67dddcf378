/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-station.h"

G_BEGIN_DECLS

/* An organisation's annual meeting as its journal tells it (vt-rules-organisation.c writes
 * it): what the meeting's protocol, the notice to the region and the meeting's window need.
 * A snapshot, read once when made; annulled entries count for nothing and amended ones count
 * as amended. A secret ballot is never linked to a member: the model knows the piles, who
 * counted them and the candidates, never who voted how. */

/* Who signs the meeting's protocol. */
typedef enum
{
  VT_MEETING_SIGNER_CHAIR,             /* the meeting chair */
  VT_MEETING_SIGNER_SIGNATORY,         /* the first chosen to sign */
  VT_MEETING_SIGNER_SECOND_SIGNATORY,  /* the second chosen to sign */
} VtMeetingSigner;

#define VT_MEETING_N_SIGNERS 3

/* "chair", "signatory", "second_signatory": meeting.sign's field "signer". */
const char *vt_meeting_signer_to_string   (VtMeetingSigner  signer);
gboolean    vt_meeting_signer_from_string (const char      *str,
                                           VtMeetingSigner *signer);

/* A signature of the meeting's protocol (meeting.sign). */
typedef struct
{
  gint64     seq;       /* its entry, or 0 when not signed */
  gboolean   on_paper;  /* in ink on the printed protocol; else drawn on screen */
  GDateTime *time;      /* when, in the election's time zone; NULL when not signed */
} VtMeetingSignature;

typedef enum
{
  VT_MEETING_PILE_CANDIDATE,  /* a candidate's votes, when several stand */
  VT_MEETING_PILE_IN_FAVOUR,  /* one candidate: for */
  VT_MEETING_PILE_AGAINST,
  VT_MEETING_PILE_ABSTAIN,    /* an open vote only */
  VT_MEETING_PILE_BLANK,      /* blank ballots of a secret vote */
} VtMeetingPileKind;

typedef struct
{
  VtMeetingPileKind kind;
  char     *candidate;   /* the candidate of a candidate's pile, else NULL */
  gint64    votes;       /* the count that stands (the last one entered) */
  char     *counter;     /* the vote counter who counted, or NULL (an open vote) */
  gboolean  controlled;  /* a second vote counter control-counted it */
  gint64    control;     /* their count, when controlled */
  char     *controller;  /* and who they are, when controlled */
} VtMeetingPile;

typedef struct
{
  guint      number;     /* 1, 2 … within its office */
  gboolean   secret;     /* by ballot; else open, by show of hands */
  gboolean   closed;     /* its result is given */
  gboolean   tie;        /* closed in a tie: voted again, or decided by lot */
  GPtrArray *piles;      /* of VtMeetingPile, in the order they were counted */
} VtMeetingRound;

typedef struct
{
  char     *name;
  gboolean  from_floor;  /* proposed from the floor, not by the nomination committee */
  gboolean  withdrew;    /* withdrew before a vote and did not stand again */
  gboolean  elected;
  gboolean  by_lot;      /* elected by lot after two ties */
} VtMeetingCandidate;

typedef struct
{
  char      *id;
  char      *name;
  int        seats;
  GPtrArray *candidates;  /* of VtMeetingCandidate, in the order they came forward */
  GPtrArray *rounds;      /* of VtMeetingRound, in order */
  gboolean   tie;         /* some round ended in a tie */
  gboolean   lot;         /* decided by lot */
  gboolean   decided;
  GPtrArray *elected;     /* the names elected (char *), in the order they came forward */
  int        vacant;      /* seats the meeting left vacant (office.vacant): 0 when none */
} VtMeetingOffice;

#define VT_TYPE_ORGANISATION (vt_organisation_get_type ())
G_DECLARE_FINAL_TYPE (VtOrganisation, vt_organisation, VT, ORGANISATION, GObject)

/* The meeting of @station as its journal stands now; NULL when @station is not an
 * organisation's election. */
VtOrganisation        *vt_organisation_new                 (VtStation      *station);

const char            *vt_organisation_get_organisation_name (VtOrganisation *self);
const char            *vt_organisation_get_group_name      (VtOrganisation *self);
const char            *vt_organisation_get_place           (VtOrganisation *self);
/* When the meeting was constituted, in the election's time zone; before that, the first
 * configured day's opening; NULL when there is neither. */
GDateTime             *vt_organisation_get_date            (VtOrganisation *self);
gboolean               vt_organisation_is_constituted      (VtOrganisation *self);
/* The chair or a signatory as the meeting chose them, or NULL before it was constituted. */
const char            *vt_organisation_get_signer_name     (VtOrganisation *self,
                                                            VtMeetingSigner signer);
/* @signer's signature: seq 0 while they have not signed. */
const VtMeetingSignature *vt_organisation_get_signature    (VtOrganisation *self,
                                                            VtMeetingSigner signer);
gint64                 vt_organisation_get_entitled        (VtOrganisation *self);
/* Present and entitled to vote, or -1 before attendance is registered. */
gint64                 vt_organisation_get_present         (VtOrganisation *self);
/* Every office, in the configuration's order (the order they are elected). */
GPtrArray             *vt_organisation_get_offices         (VtOrganisation *self);
/* The office being elected now (the first not decided), or NULL when all are. */
const VtMeetingOffice *vt_organisation_get_current_office  (VtOrganisation *self);
gboolean               vt_organisation_all_decided         (VtOrganisation *self);

G_END_DECLS
