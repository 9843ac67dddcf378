/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-role.h"

G_BEGIN_DECLS

#define VT_CONFIG_FORMAT "valgting-election/1"

typedef enum
{
  VT_COUNT_BY_PARTY,
  VT_COUNT_TOTALS_ONLY,
} VtCountMode;

typedef enum
{
  VT_PROTOCOL_2019,
  VT_PROTOCOL_2025,
} VtProtocolVariant;

typedef enum
{
  VT_FIELD_OTHER_PRECINCT,
  VT_FIELD_SPECIAL,
  VT_FIELD_EMERGENCY,
} VtProtocolField;

typedef struct
{
  char      *date;   /* YYYY-MM-DD */
  GDateTime *opens;  /* in the election's time zone */
  GDateTime *closes;
} VtElectionDay;

typedef struct
{
  char *id;
  char *name;
} VtPartyList;

typedef struct
{
  char      *id;
  char      *name;
  char      *ballot_colour;
  char      *blank_ballot;
  GPtrArray *lists; /* of VtPartyList */
} VtContest;

typedef struct
{
  char *id;
  char *range;
} VtRollTable;

typedef struct
{
  char  *id;
  char  *name;
  VtRole role;
  /* Only for a person a staff list added (person.add): the roll table they work at and their
   * shift, as the list gave them; NULL when not given, and for the configuration's people. */
  char  *table;
  char  *shift;
  gint64 added_seq; /* the person.add entry that added them; 0 for the configuration's */
} VtPerson;

typedef struct
{
  char           *id;
  char           *label;
  VtProtocolField field;
} VtEnvelopeReason;

typedef struct
{
  char *id;
  char *text;
} VtCheck;

typedef struct
{
  char *text;
  char *count; /* NULL, or a count source such as "ballots:kommunestyre" */
} VtPackingItem;

typedef struct
{
  char      *id;
  char      *title;
  GPtrArray *items; /* of VtPackingItem */
} VtPackingList;

/* An office an organisation's meeting elects (election.kind "organisation"), in order. */
typedef struct
{
  char *id;
  char *name;
  int   seats;
} VtOffice;

#define VT_TYPE_CONFIG (vt_config_get_type ())
G_DECLARE_FINAL_TYPE (VtConfig, vt_config, VT, CONFIG, GObject)

VtConfig          *vt_config_new_from_data         (const char  *data,
                                                    gssize       length,
                                                    const char  *origin,
                                                    GError     **error);
VtConfig          *vt_config_new_from_file         (GFile       *file,
                                                    GError     **error);
VtConfig          *vt_config_new_training          (GError     **error);
VtConfig          *vt_config_new_training_meeting  (GError     **error);
VtConfig          *vt_config_dup_for_station       (VtConfig    *self,
                                                    GDateTime   *created);
char              *vt_config_to_data               (VtConfig    *self);

const char        *vt_config_get_election_name     (VtConfig    *self);
const char        *vt_config_get_election_kind     (VtConfig    *self);
int                vt_config_get_year              (VtConfig    *self);
gboolean           vt_config_get_training          (VtConfig    *self);
GTimeZone         *vt_config_get_timezone          (VtConfig    *self);
const char        *vt_config_get_county            (VtConfig    *self);
const char        *vt_config_get_municipality_number (VtConfig  *self);
const char        *vt_config_get_municipality_name (VtConfig    *self);
const char        *vt_config_get_precinct_number   (VtConfig    *self);
const char        *vt_config_get_precinct_name     (VtConfig    *self);
VtCountMode        vt_config_get_count_mode        (VtConfig    *self);
VtProtocolVariant  vt_config_get_protocol          (VtConfig    *self);
gboolean           vt_config_get_electronic_roll   (VtConfig    *self);
/* The station offers outdoor voting: a mobile urn is sealed before the doors open (K105). */
gboolean           vt_config_get_outdoor_voting    (VtConfig    *self);
/* Whether the inspector signs the protocol too, as some municipalities' forms ask */
gboolean           vt_config_get_inspector_signs   (VtConfig    *self);
/* "nb" or "nn": the language the station's documents are drawn in. */
const char        *vt_config_get_language          (VtConfig    *self);
GPtrArray         *vt_config_get_days              (VtConfig    *self);
/* An organisation's election: its meeting, offices in the order they are elected, and who
 * may vote (names when the configuration lists them, else an empty array; always a number). */
gboolean           vt_config_is_organisation       (VtConfig    *self);
const char        *vt_config_get_organisation_name (VtConfig    *self);
const char        *vt_config_get_group_name        (VtConfig    *self);
const char        *vt_config_get_meeting_place     (VtConfig    *self);
GPtrArray         *vt_config_get_offices           (VtConfig    *self);
const VtOffice    *vt_config_find_office           (VtConfig    *self,
                                                    const char  *id);
GPtrArray         *vt_config_get_members           (VtConfig    *self);
int                vt_config_get_entitled          (VtConfig    *self);
gboolean           vt_config_get_secret_by_default (VtConfig    *self);
GPtrArray         *vt_config_get_contests          (VtConfig    *self);
GPtrArray         *vt_config_get_tables            (VtConfig    *self);
GPtrArray         *vt_config_get_people            (VtConfig    *self);
GPtrArray         *vt_config_get_envelope_reasons  (VtConfig    *self);
GPtrArray         *vt_config_get_checklist         (VtConfig    *self);
GPtrArray         *vt_config_get_packing_lists     (VtConfig    *self);

const VtPerson    *vt_config_find_person           (VtConfig    *self,
                                                    const char  *id);
/* The configuration's item of that id, or NULL: one lookup each, not a loop in every caller. */
const VtContest   *vt_config_find_contest          (VtConfig    *self,
                                                    const char  *id);
const VtRollTable *vt_config_find_table            (VtConfig    *self,
                                                    const char  *id);
const VtEnvelopeReason *vt_config_find_envelope_reason (VtConfig *self,
                                                    const char  *id);
const VtCheck     *vt_config_find_check            (VtConfig    *self,
                                                    const char  *id);
/* Takes in a person the station's journal added (person.add), so that every lookup of the
 * station's people finds them as it finds the configuration's. Only a station's own
 * configuration (vt_store_get_config ()) is given them; what the station file stores as its
 * configuration is not changed (vt_config_to_data () stays the same). Returns FALSE, changing
 * nothing, when a person of that id is already there. */
gboolean           vt_config_add_person            (VtConfig    *self,
                                                    const char  *id,
                                                    const char  *name,
                                                    VtRole       role,
                                                    const char  *table,
                                                    const char  *shift,
                                                    gint64       added_seq);
const VtPerson    *vt_config_get_chair             (VtConfig    *self);
char              *vt_config_dup_precinct_title    (VtConfig    *self);
GDateTime         *vt_config_get_next_closing      (VtConfig    *self,
                                                    GDateTime   *now);


/* Where @local falls among the election's days: the day (1-based) and minutes after midnight,
 * a time outside them moved to the nearest day's first or last minute. */
void        vt_config_place_in_days (VtConfig  *config,
                                     GDateTime *local,
                                     int       *day,
                                     int       *minutes);

G_END_DECLS
