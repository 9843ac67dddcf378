/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-organisation"

#include "config.h"

#include <sqlite3.h>

#include "vt-kind-ids.h"
#include "vt-organisation.h"
#include "vt-station-state.h"
#include "vt-store-private.h"

/* The journal is read in time order, each entry as its corrections left it, and tells the
 * history: who came forward, each round and its piles. Who is elected and which office is
 * decided are the rules' own derived tables (org_candidate, org_office), so that the
 * documents cannot decide an election differently from the rules that refused or took each
 * step. */

struct _VtOrganisation
{
  GObject    parent_instance;

  char      *organisation_name;
  char      *group_name;
  char      *place;
  GDateTime *date;
  char      *signers[VT_MEETING_N_SIGNERS];
  VtMeetingSignature signatures[VT_MEETING_N_SIGNERS];
  gint64     entitled;
  gint64     present;
  GPtrArray *offices;  /* of VtMeetingOffice */
};

G_DEFINE_FINAL_TYPE (VtOrganisation, vt_organisation, G_TYPE_OBJECT)

/* ---- the parts -------------------------------------------------------------------------- */

static const char * const signer_names[VT_MEETING_N_SIGNERS] = {
  "chair", "signatory", "second_signatory",
};

const char *
vt_meeting_signer_to_string (VtMeetingSigner signer)
{
  g_return_val_if_fail ((guint)signer < VT_MEETING_N_SIGNERS, NULL);
  return signer_names[signer];
}

gboolean
vt_meeting_signer_from_string (const char      *str,
                               VtMeetingSigner *signer)
{
  for (guint i = 0; str != NULL && i < VT_MEETING_N_SIGNERS; i++)
    if (g_str_equal (str, signer_names[i]))
      {
        *signer = (VtMeetingSigner)i;
        return TRUE;
      }
  return FALSE;
}

static void
pile_free (gpointer data)
{
  VtMeetingPile *pile = data;

  g_free (pile->candidate);
  g_free (pile->counter);
  g_free (pile->controller);
  g_free (pile);
}

static void
round_free (gpointer data)
{
  VtMeetingRound *round = data;

  g_ptr_array_unref (round->piles);
  g_free (round);
}

static void
candidate_free (gpointer data)
{
  VtMeetingCandidate *candidate = data;

  g_free (candidate->name);
  g_free (candidate);
}

static void
office_free (gpointer data)
{
  VtMeetingOffice *office = data;

  g_free (office->id);
  g_free (office->name);
  g_ptr_array_unref (office->candidates);
  g_ptr_array_unref (office->rounds);
  g_ptr_array_unref (office->elected);
  g_free (office);
}

static VtMeetingOffice *
find_office (VtOrganisation *self,
             const char     *id)
{
  for (guint i = 0; id != NULL && i < self->offices->len; i++)
    {
      VtMeetingOffice *office = g_ptr_array_index (self->offices, i);

      if (g_str_equal (office->id, id))
        return office;
    }
  return NULL;
}

static VtMeetingCandidate *
find_candidate (VtMeetingOffice *office,
                const char      *name)
{
  for (guint i = 0; name != NULL && i < office->candidates->len; i++)
    {
      VtMeetingCandidate *candidate = g_ptr_array_index (office->candidates, i);

      if (g_str_equal (candidate->name, name))
        return candidate;
    }
  return NULL;
}

static gboolean
pile_kind_from_string (const char        *str,
                       VtMeetingPileKind *kind)
{
  static const char * const names[] = { "candidate", "in-favour", "against", "abstain",
                                        "blank" };

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (str, names[i]))
      {
        *kind = (VtMeetingPileKind)i;
        return TRUE;
      }
  return FALSE;
}

/* The pile of @round a count names, made when it is the first count of it. */
static VtMeetingPile *
find_pile (VtMeetingRound *round,
           JsonObject     *payload,
           gboolean        create)
{
  const char *candidate = json_object_get_string_member_with_default (payload, "candidate",
                                                                      NULL);
  VtMeetingPileKind kind;
  VtMeetingPile *pile;

  if (!pile_kind_from_string (json_object_get_string_member_with_default (payload, "pile",
                                                                          NULL), &kind))
    return NULL;
  if (kind != VT_MEETING_PILE_CANDIDATE)
    candidate = NULL;
  for (guint i = 0; i < round->piles->len; i++)
    {
      pile = g_ptr_array_index (round->piles, i);
      if (pile->kind == kind && g_strcmp0 (pile->candidate, candidate) == 0)
        return pile;
    }
  if (!create)
    return NULL;
  pile = g_new0 (VtMeetingPile, 1);
  pile->kind = kind;
  pile->candidate = g_strdup (candidate);
  g_ptr_array_add (round->piles, pile);
  return pile;
}

static VtMeetingRound *
last_round (VtMeetingOffice *office)
{
  return office->rounds->len > 0 ? g_ptr_array_index (office->rounds, office->rounds->len - 1)
                                 : NULL;
}

/* ---- reading the journal ---------------------------------------------------------------- */

static void
read_entry (VtOrganisation *self,
            VtConfig       *config,
            VtJournalEntry *entry,
            JsonObject     *payload)
{
  const char *kind = vt_journal_entry_get_kind (entry);
  VtMeetingOffice *office;
  VtMeetingCandidate *candidate;
  VtMeetingRound *round;
  VtMeetingPile *pile;

  if (g_str_equal (kind, VT_KIND_MEETING_CONSTITUTED))
    {
      for (guint i = 0; i < VT_MEETING_N_SIGNERS; i++)
        {
          g_free (self->signers[i]);
          self->signers[i] = g_strdup (json_object_get_string_member_with_default (
            payload, signer_names[i], NULL));
        }
      g_clear_pointer (&self->date, g_date_time_unref);
      self->date = g_date_time_to_timezone (vt_journal_entry_get_time (entry),
                                            vt_config_get_timezone (config));
      return;
    }
  if (g_str_equal (kind, VT_KIND_MEETING_ATTENDANCE))
    {
      self->present = json_object_get_int_member_with_default (payload, "present", 0);
      self->entitled = json_object_get_int_member_with_default (
        payload, "entitled", vt_config_get_entitled (config));
      return;
    }

  if (g_str_equal (kind, VT_KIND_MEETING_SIGN))
    {
      VtMeetingSigner signer;
      VtMeetingSignature *signature;

      if (!vt_meeting_signer_from_string (json_object_get_string_member_with_default (
                                            payload, "signer", NULL), &signer))
        return;
      signature = &self->signatures[signer];
      signature->seq = vt_journal_entry_get_seq (entry);
      signature->on_paper = json_object_get_boolean_member_with_default (payload, "on_paper",
                                                                         FALSE);
      g_clear_pointer (&signature->time, g_date_time_unref);
      signature->time = g_date_time_to_timezone (vt_journal_entry_get_time (entry),
                                                 vt_config_get_timezone (config));
      return;
    }
  if (!g_str_has_prefix (kind, "office."))
    return;
  office = find_office (self, json_object_get_string_member_with_default (payload, "office",
                                                                          NULL));
  if (office == NULL)
    return;
  round = last_round (office);

  if (g_str_equal (kind, VT_KIND_OFFICE_CANDIDATE))
    {
      const char *name = json_object_get_string_member_with_default (payload, "name", NULL);

      candidate = find_candidate (office, name);
      if (candidate == NULL && name != NULL)
        {
          candidate = g_new0 (VtMeetingCandidate, 1);
          candidate->name = g_strdup (name);
          g_ptr_array_add (office->candidates, candidate);
        }
      if (candidate != NULL)
        {
          candidate->withdrew = FALSE;
          candidate->from_floor = json_object_get_boolean_member_with_default (payload,
                                                                               "from_floor",
                                                                               FALSE);
        }
    }
  else if (g_str_equal (kind, VT_KIND_OFFICE_WITHDRAW))
    {
      candidate = find_candidate (office, json_object_get_string_member_with_default (
                                            payload, "name", NULL));
      if (candidate != NULL)
        candidate->withdrew = TRUE;
    }
  else if (g_str_equal (kind, VT_KIND_OFFICE_VOTE))
    {
      round = g_new0 (VtMeetingRound, 1);
      round->number = office->rounds->len + 1;
      round->secret = json_object_get_boolean_member_with_default (
        payload, "secret", vt_config_get_secret_by_default (config));
      round->piles = g_ptr_array_new_with_free_func (pile_free);
      g_ptr_array_add (office->rounds, round);
    }
  else if (g_str_equal (kind, VT_KIND_OFFICE_COUNT) && round != NULL &&
           (pile = find_pile (round, payload, TRUE)) != NULL)
    {
      /* A count again (the control count disagreed) replaces the count and its control. */
      pile->votes = json_object_get_int_member_with_default (payload, "votes", 0);
      g_free (pile->counter);
      pile->counter = g_strdup (json_object_get_string_member_with_default (payload, "counter",
                                                                            NULL));
      pile->controlled = FALSE;
      pile->control = 0;
      g_clear_pointer (&pile->controller, g_free);
    }
  else if (g_str_equal (kind, VT_KIND_OFFICE_CONTROL) && round != NULL &&
           (pile = find_pile (round, payload, FALSE)) != NULL)
    {
      pile->controlled = TRUE;
      pile->control = json_object_get_int_member_with_default (payload, "votes", 0);
      g_free (pile->controller);
      pile->controller = g_strdup (json_object_get_string_member_with_default (payload,
                                                                               "counter",
                                                                               NULL));
    }
  else if (g_str_equal (kind, VT_KIND_OFFICE_RESULT) && round != NULL)
    round->closed = TRUE;
  else if (g_str_equal (kind, VT_KIND_OFFICE_VACANT))
    office->vacant = -1;   /* how many seats: once the elected are known (read_decisions) */
  else if (g_str_equal (kind, VT_KIND_OFFICE_LOT))
    {
      office->lot = TRUE;
      candidate = find_candidate (office, json_object_get_string_member_with_default (
                                            payload, "drawn", NULL));
      if (candidate != NULL)
        candidate->by_lot = TRUE;
    }
}

/* A closed round between several candidates that did not end the election of its office:
 * voted again or decided by lot. (A single candidate voted down is no tie: new candidates
 * come forward.) */
static void
mark_ties (VtMeetingOffice *office)
{
  for (guint i = 0; i < office->rounds->len; i++)
    {
      VtMeetingRound *round = g_ptr_array_index (office->rounds, i);
      guint n_candidates = 0;

      for (guint j = 0; j < round->piles->len; j++)
        if (((VtMeetingPile *)g_ptr_array_index (round->piles, j))->kind ==
            VT_MEETING_PILE_CANDIDATE)
          n_candidates++;
      round->tie = round->closed && n_candidates >= 2 &&
                   (i + 1 < office->rounds->len || office->lot);
      office->tie |= round->tie;
    }
}

/* Who is elected and what is decided, as the rules' derived state has it. */
static void
read_decisions (VtMeetingOffice *office,
                sqlite3         *db)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT decided FROM org_office WHERE office = ?1", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, office->id, -1, SQLITE_TRANSIENT);
      office->decided = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
    }
  sqlite3_finalize (stmt);

  stmt = NULL;
  if (sqlite3_prepare_v2 (db, "SELECT name FROM org_candidate WHERE office = ?1 AND elected",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, office->id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *name = (const char *)sqlite3_column_text (stmt, 0);
          VtMeetingCandidate *candidate = find_candidate (office, name);

          if (candidate != NULL)
            candidate->elected = TRUE;
        }
    }
  sqlite3_finalize (stmt);

  /* In the order they came forward. */
  for (guint i = 0; i < office->candidates->len; i++)
    {
      VtMeetingCandidate *candidate = g_ptr_array_index (office->candidates, i);

      if (candidate->elected)
        g_ptr_array_add (office->elected, g_strdup (candidate->name));
    }
  /* office.vacant leaves every seat no one was elected to */
  if (office->vacant < 0)
    office->vacant = MAX (office->seats - (int)office->elected->len, 1);
}

/* ---- the object ------------------------------------------------------------------------- */

static void
vt_organisation_finalize (GObject *object)
{
  VtOrganisation *self = VT_ORGANISATION (object);

  g_free (self->organisation_name);
  g_free (self->group_name);
  g_free (self->place);
  g_clear_pointer (&self->date, g_date_time_unref);
  for (guint i = 0; i < VT_MEETING_N_SIGNERS; i++)
    {
      g_free (self->signers[i]);
      g_clear_pointer (&self->signatures[i].time, g_date_time_unref);
    }
  g_clear_pointer (&self->offices, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_organisation_parent_class)->finalize (object);
}

static void
vt_organisation_class_init (VtOrganisationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_organisation_finalize;
}

static void
vt_organisation_init (VtOrganisation *self)
{
  self->present = -1;
  self->offices = g_ptr_array_new_with_free_func (office_free);
}

VtOrganisation *
vt_organisation_new (VtStation *station)
{
  VtConfig *config;
  GListModel *journal;
  GPtrArray *offices, *days;
  VtOrganisation *self;
  guint n;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);

  config = vt_station_get_config (station);
  if (!vt_config_is_organisation (config))
    return NULL;

  self = g_object_new (VT_TYPE_ORGANISATION, NULL);
  self->organisation_name = g_strdup (vt_config_get_organisation_name (config));
  self->group_name = g_strdup (vt_config_get_group_name (config));
  self->place = g_strdup (vt_config_get_meeting_place (config));
  self->entitled = vt_config_get_entitled (config);
  days = vt_config_get_days (config);
  if (days != NULL && days->len > 0)
    self->date = g_date_time_ref (((VtElectionDay *)g_ptr_array_index (days, 0))->opens);

  offices = vt_config_get_offices (config);
  for (guint i = 0; i < offices->len; i++)
    {
      const VtOffice *configured = g_ptr_array_index (offices, i);
      VtMeetingOffice *office = g_new0 (VtMeetingOffice, 1);

      office->id = g_strdup (configured->id);
      office->name = g_strdup (configured->name);
      office->seats = configured->seats;
      office->candidates = g_ptr_array_new_with_free_func (candidate_free);
      office->rounds = g_ptr_array_new_with_free_func (round_free);
      office->elected = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->offices, office);
    }

  /* The list model is newest first; the meeting is read in time order. */
  journal = vt_station_get_journal (station);
  n = g_list_model_get_n_items (journal);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i - 1);
      g_autoptr(JsonObject) payload = vt_station_dup_effective_payload (station, entry);

      if (payload != NULL) /* else annulled */
        read_entry (self, config, entry, payload);
    }

  for (guint i = 0; i < self->offices->len; i++)
    {
      VtMeetingOffice *office = g_ptr_array_index (self->offices, i);

      mark_ties (office);
      read_decisions (office, vt_store_get_db (vt_station_get_store (station)));
    }
  return self;
}

const char *
vt_organisation_get_organisation_name (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), NULL);
  return self->organisation_name;
}

const char *
vt_organisation_get_group_name (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), NULL);
  return self->group_name;
}

const char *
vt_organisation_get_place (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), NULL);
  return self->place;
}

GDateTime *
vt_organisation_get_date (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), NULL);
  return self->date;
}

gboolean
vt_organisation_is_constituted (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), FALSE);
  return self->signers[VT_MEETING_SIGNER_CHAIR] != NULL;
}

const char *
vt_organisation_get_signer_name (VtOrganisation *self,
                                 VtMeetingSigner signer)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), NULL);
  g_return_val_if_fail ((guint)signer < VT_MEETING_N_SIGNERS, NULL);
  return self->signers[signer];
}

const VtMeetingSignature *
vt_organisation_get_signature (VtOrganisation *self,
                               VtMeetingSigner signer)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), NULL);
  g_return_val_if_fail ((guint)signer < VT_MEETING_N_SIGNERS, NULL);
  return &self->signatures[signer];
}

gint64
vt_organisation_get_entitled (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), 0);
  return self->entitled;
}

gint64
vt_organisation_get_present (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), -1);
  return self->present;
}

GPtrArray *
vt_organisation_get_offices (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), NULL);
  return self->offices;
}

const VtMeetingOffice *
vt_organisation_get_current_office (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), NULL);

  for (guint i = 0; i < self->offices->len; i++)
    {
      VtMeetingOffice *office = g_ptr_array_index (self->offices, i);

      if (!office->decided)
        return office;
    }
  return NULL;
}

gboolean
vt_organisation_all_decided (VtOrganisation *self)
{
  g_return_val_if_fail (VT_IS_ORGANISATION (self), FALSE);
  return vt_organisation_get_current_office (self) == NULL;
}
