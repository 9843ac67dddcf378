/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-i18n.h"
#include "vt-test-util.h"

/* An organisation's election (vt-rules-organisation.c): the annual meeting elects its offices
 * one at a time; every rule of the issue refused or handled. */

#define MEETING "scenarios/organisation-annual-meeting-election.json"
#define CHAIR "anne-fjordvik"

#define ADD(path, func) \
  g_test_add (path, StationFixture, MEETING, station_fixture_set_up, func, \
              station_fixture_tear_down)

static void
do_ (StationFixture *fixture,
     const char     *kind,
     const char     *json)
{
  vt_test_do (fixture, kind, CHAIR, json);
}

static void
refused (StationFixture *fixture,
         const char     *kind,
         const char     *json,
         const char     *rule)
{
  g_free (vt_test_refused (fixture, kind, CHAIR, json, rule));
}

static void
open_meeting (StationFixture *fixture)
{
  vt_test_at (fixture, 1, "18:00");
  do_ (fixture, "meeting.constituted",
       "{\"chair\": \"Gunn Lien\", \"signatory\": \"Hans Moen\", "
       "\"second_signatory\": \"Ida Rønning\"}");
  do_ (fixture, "meeting.attendance", "{\"present\": 11}");
}

static void
candidate (StationFixture *fixture,
           const char     *office,
           const char     *name)
{
  g_autofree char *json = g_strdup_printf ("{\"office\": \"%s\", \"name\": \"%s\"}", office, name);
  do_ (fixture, "office.candidate", json);
}

static void
count (StationFixture *fixture,
       const char     *office,
       const char     *name,
       gint64          votes)
{
  g_autofree char *json = g_strdup_printf ("{\"office\": \"%s\", \"pile\": \"candidate\", "
                                           "\"candidate\": \"%s\", \"votes\": %" G_GINT64_FORMAT
                                           "}", office, name, votes);
  do_ (fixture, "office.count", json);
}

static void
for_against (StationFixture *fixture,
             const char     *office,
             gint64          for_votes,
             gint64          against)
{
  g_autofree char *a = g_strdup_printf ("{\"office\": \"%s\", \"pile\": \"in-favour\", "
                                        "\"votes\": %" G_GINT64_FORMAT "}", office, for_votes);
  g_autofree char *b = g_strdup_printf ("{\"office\": \"%s\", \"pile\": \"against\", "
                                        "\"votes\": %" G_GINT64_FORMAT "}", office, against);
  do_ (fixture, "office.count", a);
  do_ (fixture, "office.count", b);
}

static void
result (StationFixture *fixture,
        const char     *office)
{
  g_autofree char *json = g_strdup_printf ("{\"office\": \"%s\"}", office);
  do_ (fixture, "office.result", json);
}

/* The office a person holds after the meeting, or NULL. */
static char *
elected_to (StationFixture *fixture,
            const char     *name)
{
  sqlite3 *db = vt_test_open_raw (fixture->path);
  sqlite3_stmt *stmt = NULL;
  char *office = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT office FROM org_candidate WHERE name = ?1 "
                                           "AND elected", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    office = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return office;
}

static void
assert_elected (StationFixture *fixture,
                const char     *name,
                const char     *office)
{
  g_autofree char *held = elected_to (fixture, name);
  g_assert_cmpstr (held, ==, office);
}

/* Leader elected unopposed, for a quicker start of the other tests. */
static void
elect_leader (StationFixture *fixture)
{
  candidate (fixture, "leder", "Dag Nesheim");
  do_ (fixture, "office.vote", "{\"office\": \"leder\"}");
  for_against (fixture, "leder", 9, 1);
  result (fixture, "leder");
  assert_elected (fixture, "Dag Nesheim", "leder");
}

/* ---- the meeting ------------------------------------------------------------------------ */

static void
test_constituted (StationFixture *fixture,
                  gconstpointer   data)
{
  vt_test_at (fixture, 1, "18:00");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_SETUP);
  refused (fixture, "meeting.constituted",
           "{\"chair\": \"Gunn Lien\", \"signatory\": \"Gunn Lien\", "
           "\"second_signatory\": \"Ida Rønning\"}", "meeting.same-person");
  open_meeting (fixture);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_OPENING);
  refused (fixture, "meeting.attendance", "{\"present\": 13}",
           "meeting.more-present-than-entitled");
}

static void
test_vote_needs_attendance (StationFixture *fixture,
                            gconstpointer   data)
{
  vt_test_at (fixture, 1, "18:00");
  do_ (fixture, "meeting.constituted",
       "{\"chair\": \"Gunn Lien\", \"signatory\": \"Hans Moen\", "
       "\"second_signatory\": \"Ida Rønning\"}");
  candidate (fixture, "leder", "Dag Nesheim");
  refused (fixture, "office.vote", "{\"office\": \"leder\"}", "meeting.no-attendance");
}

/* ---- which kinds belong where ----------------------------------------------------------- */

static void
test_station_kind_refused (StationFixture *fixture,
                           gconstpointer   data)
{
  open_meeting (fixture);
  refused (fixture, "person.arrive", "{\"person\": \"bjorn-havnes\"}",
           "organisation.station-kind");
  /* Notes belong to both. */
  do_ (fixture, "note", "{\"text\": \"Årsmøtet er lovlig innkalt.\"}");
}

static void
test_meeting_kind_refused_at_a_station (StationFixture *fixture,
                                        gconstpointer   data)
{
  g_free (vt_test_refused (fixture, "meeting.constituted", vt_test_chair (fixture),
                           "{\"chair\": \"A\", \"signatory\": \"B\", "
                           "\"second_signatory\": \"C\"}", "organisation.meeting-kind"));
}

/* ---- order and decided offices ---------------------------------------------------------- */

static void
test_out_of_order (StationFixture *fixture,
                   gconstpointer   data)
{
  open_meeting (fixture);
  refused (fixture, "office.candidate", "{\"office\": \"nestleder\", \"name\": \"Eva Vikøy\"}",
           "office.out-of-order");
  refused (fixture, "office.candidate", "{\"office\": \"sekretaer\", \"name\": \"Eva Vikøy\"}",
           "office.unknown");
}

static void
test_second_vote_on_decided_office (StationFixture *fixture,
                                    gconstpointer   data)
{
  open_meeting (fixture);
  elect_leader (fixture);
  refused (fixture, "office.vote", "{\"office\": \"leder\"}", "office.decided");
  refused (fixture, "office.candidate", "{\"office\": \"leder\", \"name\": \"Eva Vikøy\"}",
           "office.decided");
  /* The next office is the one elected now. */
  candidate (fixture, "nestleder", "Eva Vikøy");
}

/* ---- single candidate: for or against --------------------------------------------------- */

static void
test_single_candidate_for_against (StationFixture *fixture,
                                   gconstpointer   data)
{
  open_meeting (fixture);
  candidate (fixture, "leder", "Frode Bakke");
  do_ (fixture, "office.vote", "{\"office\": \"leder\"}");
  refused (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                    "\"candidate\": \"Frode Bakke\", \"votes\": 4}",
           "office.single-for-against");
  for_against (fixture, "leder", 4, 6);
  result (fixture, "leder");
  /* Not elected: the office is still the one being elected, and open for candidates. */
  assert_elected (fixture, "Frode Bakke", NULL);
  candidate (fixture, "leder", "Gunn Lien");
  do_ (fixture, "office.vote", "{\"office\": \"leder\"}");
  for_against (fixture, "leder", 6, 4);
  result (fixture, "leder");
  assert_elected (fixture, "Gunn Lien", "leder");
}

/* ---- candidates ------------------------------------------------------------------------- */

static void
test_not_elected_stands_again (StationFixture *fixture,
                               gconstpointer   data)
{
  open_meeting (fixture);
  candidate (fixture, "leder", "Dag Nesheim");
  candidate (fixture, "leder", "Eva Vikøy");
  refused (fixture, "office.candidate", "{\"office\": \"leder\", \"name\": \"Eva Vikøy\"}",
           "office.already-candidate");
  do_ (fixture, "office.vote", "{\"office\": \"leder\"}");
  refused (fixture, "office.candidate", "{\"office\": \"leder\", \"name\": \"Jon Sæther\"}",
           "office.vote-open");
  count (fixture, "leder", "Dag Nesheim", 7);
  count (fixture, "leder", "Eva Vikøy", 4);
  result (fixture, "leder");
  assert_elected (fixture, "Dag Nesheim", "leder");

  /* Eva Vikøy, not elected leader, stands for deputy; the new leader may not. */
  candidate (fixture, "nestleder", "Eva Vikøy");
  refused (fixture, "office.candidate", "{\"office\": \"nestleder\", \"name\": \"Dag Nesheim\"}",
           "office.already-elected");
}

static void
test_withdrawn_candidate (StationFixture *fixture,
                          gconstpointer   data)
{
  open_meeting (fixture);
  candidate (fixture, "leder", "Dag Nesheim");
  candidate (fixture, "leder", "Eva Vikøy");
  candidate (fixture, "leder", "Jon Sæther");
  do_ (fixture, "office.withdraw", "{\"office\": \"leder\", \"name\": \"Jon Sæther\"}");
  refused (fixture, "office.withdraw", "{\"office\": \"leder\", \"name\": \"Jon Sæther\"}",
           "office.not-candidate");
  do_ (fixture, "office.vote", "{\"office\": \"leder\"}");
  refused (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                    "\"candidate\": \"Jon Sæther\", \"votes\": 1}",
           "office.not-candidate");
  count (fixture, "leder", "Dag Nesheim", 3);
  /* Every standing candidate's pile is counted before the result. */
  refused (fixture, "office.result", "{\"office\": \"leder\"}", "office.not-counted");
  count (fixture, "leder", "Eva Vikøy", 8);
  /* Blank ballots are not votes cast: many blanks do not change the result. */
  do_ (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"blank\", \"votes\": 0}");
  result (fixture, "leder");
  assert_elected (fixture, "Eva Vikøy", "leder");
  assert_elected (fixture, "Jon Sæther", NULL);
}

/* ---- secret votes: two vote counters ---------------------------------------------------- */

static void
test_secret_count_by_two (StationFixture *fixture,
                          gconstpointer   data)
{
  open_meeting (fixture);
  candidate (fixture, "leder", "Dag Nesheim");
  candidate (fixture, "leder", "Eva Vikøy");
  do_ (fixture, "office.vote", "{\"office\": \"leder\", \"secret\": true}");

  refused (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                    "\"candidate\": \"Dag Nesheim\", \"votes\": 6}",
           "office.count-needs-counter");
  do_ (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                "\"candidate\": \"Dag Nesheim\", \"votes\": 6, "
                                "\"counter\": \"Kari Hovde\"}");
  do_ (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                "\"candidate\": \"Eva Vikøy\", \"votes\": 5, "
                                "\"counter\": \"Kari Hovde\"}");
  /* A count by one person is not a control count. */
  refused (fixture, "office.control", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                      "\"candidate\": \"Dag Nesheim\", \"votes\": 6, "
                                      "\"counter\": \"Kari Hovde\"}", "office.same-counter");
  refused (fixture, "office.result", "{\"office\": \"leder\"}", "office.not-control-counted");

  do_ (fixture, "office.control", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                  "\"candidate\": \"Dag Nesheim\", \"votes\": 6, "
                                  "\"counter\": \"Lars Eide\"}");
  /* The control count disagrees: no result until the pile is counted again and agrees. */
  do_ (fixture, "office.control", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                  "\"candidate\": \"Eva Vikøy\", \"votes\": 4, "
                                  "\"counter\": \"Lars Eide\"}");
  refused (fixture, "office.result", "{\"office\": \"leder\"}", "office.not-control-counted");
  refused (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                    "\"candidate\": \"Dag Nesheim\", \"votes\": 6, "
                                    "\"counter\": \"Kari Hovde\"}", "office.already-counted");
  do_ (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                "\"candidate\": \"Eva Vikøy\", \"votes\": 4, "
                                "\"counter\": \"Kari Hovde\"}");
  do_ (fixture, "office.control", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                  "\"candidate\": \"Eva Vikøy\", \"votes\": 4, "
                                  "\"counter\": \"Lars Eide\"}");
  result (fixture, "leder");
  assert_elected (fixture, "Dag Nesheim", "leder");
}

/* ---- a tie: voted again, then decided by lot -------------------------------------------- */

static void
test_tie_revote_lot (StationFixture *fixture,
                     gconstpointer   data)
{
  open_meeting (fixture);
  elect_leader (fixture);
  candidate (fixture, "nestleder", "Eva Vikøy");
  candidate (fixture, "nestleder", "Jon Sæther");
  do_ (fixture, "office.vote", "{\"office\": \"nestleder\"}");
  count (fixture, "nestleder", "Eva Vikøy", 5);
  count (fixture, "nestleder", "Jon Sæther", 5);
  result (fixture, "nestleder");
  assert_elected (fixture, "Eva Vikøy", NULL);
  assert_elected (fixture, "Jon Sæther", NULL);

  /* A tie is voted again, between the same two: no lot yet, no new candidates. */
  refused (fixture, "office.lot", "{\"office\": \"nestleder\", \"drawn\": \"Eva Vikøy\"}",
           "office.no-lot");
  refused (fixture, "office.candidate", "{\"office\": \"nestleder\", \"name\": \"Kari Hovde\"}",
           "office.tie-pending");
  do_ (fixture, "office.vote", "{\"office\": \"nestleder\"}");
  count (fixture, "nestleder", "Eva Vikøy", 5);
  count (fixture, "nestleder", "Jon Sæther", 5);
  result (fixture, "nestleder");

  /* Tied again: decided by lot, between the tied two. */
  refused (fixture, "office.vote", "{\"office\": \"nestleder\"}", "office.lot-needed");
  refused (fixture, "office.lot", "{\"office\": \"nestleder\", \"drawn\": \"Kari Hovde\"}",
           "office.lot-not-tied");
  do_ (fixture, "office.lot", "{\"office\": \"nestleder\", \"drawn\": \"Jon Sæther\"}");
  assert_elected (fixture, "Jon Sæther", "nestleder");
  assert_elected (fixture, "Eva Vikøy", NULL);
  refused (fixture, "office.lot", "{\"office\": \"nestleder\", \"drawn\": \"Eva Vikøy\"}",
           "office.decided");

  /* Last office: the meeting goes on to its protocol. */
  candidate (fixture, "kasserer", "Eva Vikøy");
  do_ (fixture, "office.vote", "{\"office\": \"kasserer\"}");
  for_against (fixture, "kasserer", 10, 0);
  result (fixture, "kasserer");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
}

/* ---- offices with several seats --------------------------------------------------------- */

#define SEATS "organisation-seats.json"
#define ADD_SEATS(path, func) \
  g_test_add (path, StationFixture, SEATS, station_fixture_set_up, func, \
              station_fixture_tear_down)

static gint64
n_elected (StationFixture *fixture,
           const char     *office)
{
  sqlite3 *db = vt_test_open_raw (fixture->path);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  sqlite3_prepare_v2 (db, "SELECT count(*) FROM org_candidate WHERE office = ?1 AND elected", -1,
                      &stmt, NULL);
  sqlite3_bind_text (stmt, 1, office, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
board_candidates (StationFixture *fixture)
{
  candidate (fixture, "styremedlem", "Eva Vikøy");
  candidate (fixture, "styremedlem", "Jon Sæther");
  candidate (fixture, "styremedlem", "Kari Hovde");
  candidate (fixture, "styremedlem", "Lars Eide");
}

/* Three seats, five candidates: the three with most votes take them. */
static void
test_seats_most_votes (StationFixture *fixture,
                       gconstpointer   data)
{
  open_meeting (fixture);
  elect_leader (fixture);
  board_candidates (fixture);
  candidate (fixture, "styremedlem", "Ida Rønning");
  do_ (fixture, "office.vote", "{\"office\": \"styremedlem\"}");
  count (fixture, "styremedlem", "Eva Vikøy", 9);
  count (fixture, "styremedlem", "Jon Sæther", 2);
  count (fixture, "styremedlem", "Kari Hovde", 7);
  count (fixture, "styremedlem", "Lars Eide", 5);
  count (fixture, "styremedlem", "Ida Rønning", 4);
  result (fixture, "styremedlem");
  assert_elected (fixture, "Eva Vikøy", "styremedlem");
  assert_elected (fixture, "Kari Hovde", "styremedlem");
  assert_elected (fixture, "Lars Eide", "styremedlem");
  assert_elected (fixture, "Ida Rønning", NULL);
  assert_elected (fixture, "Jon Sæther", NULL);
  /* All seats filled: decided; the next office is elected now, and one not elected stands. */
  refused (fixture, "office.vote", "{\"office\": \"styremedlem\"}", "office.decided");
  candidate (fixture, "kasserer", "Ida Rønning");
}

/* A tie at the last seat: those above it are elected, the tie is voted again between the
 * tied ones only, and a second tie goes to lot. */
static void
test_seats_tie_at_last_seat (StationFixture *fixture,
                             gconstpointer   data)
{
  open_meeting (fixture);
  elect_leader (fixture);
  board_candidates (fixture);
  do_ (fixture, "office.vote", "{\"office\": \"styremedlem\"}");
  count (fixture, "styremedlem", "Eva Vikøy", 9);
  count (fixture, "styremedlem", "Jon Sæther", 7);
  count (fixture, "styremedlem", "Kari Hovde", 4);
  count (fixture, "styremedlem", "Lars Eide", 4);
  result (fixture, "styremedlem");
  assert_elected (fixture, "Eva Vikøy", "styremedlem");
  assert_elected (fixture, "Jon Sæther", "styremedlem");
  g_assert_cmpint (n_elected (fixture, "styremedlem"), ==, 2);
  refused (fixture, "office.candidate", "{\"office\": \"styremedlem\", \"name\": \"Ida Rønning\"}",
           "office.tie-pending");

  /* The re-vote is between the two tied: those elected are not voted on again. */
  do_ (fixture, "office.vote", "{\"office\": \"styremedlem\"}");
  refused (fixture, "office.count", "{\"office\": \"styremedlem\", \"pile\": \"candidate\", "
                                    "\"candidate\": \"Eva Vikøy\", \"votes\": 3}",
           "office.not-candidate");
  count (fixture, "styremedlem", "Kari Hovde", 6);
  count (fixture, "styremedlem", "Lars Eide", 6);
  result (fixture, "styremedlem");
  refused (fixture, "office.vote", "{\"office\": \"styremedlem\"}", "office.lot-needed");
  refused (fixture, "office.vacant", "{\"office\": \"styremedlem\"}", "office.tie-pending");
  /* The name as the meeting says it: case does not matter. */
  do_ (fixture, "office.lot", "{\"office\": \"styremedlem\", \"drawn\": \"lars eide\"}");
  assert_elected (fixture, "Lars Eide", "styremedlem");
  assert_elected (fixture, "Kari Hovde", NULL);
  g_assert_cmpint (n_elected (fixture, "styremedlem"), ==, 3);
  candidate (fixture, "kasserer", "Kari Hovde");
}

/* Fewer candidates with votes than seats: they are elected, the seats left stay open for new
 * candidates (the office is not decided); the last seat is then left vacant. */
static void
test_seats_partly_filled_then_vacant (StationFixture *fixture,
                                      gconstpointer   data)
{
  open_meeting (fixture);
  elect_leader (fixture);
  candidate (fixture, "styremedlem", "Eva Vikøy");
  candidate (fixture, "styremedlem", "Jon Sæther");
  candidate (fixture, "styremedlem", "Kari Hovde");
  do_ (fixture, "office.vote", "{\"office\": \"styremedlem\"}");
  count (fixture, "styremedlem", "Eva Vikøy", 9);
  count (fixture, "styremedlem", "Jon Sæther", 7);
  /* Not a single vote: not elected. */
  count (fixture, "styremedlem", "Kari Hovde", 0);
  result (fixture, "styremedlem");
  g_assert_cmpint (n_elected (fixture, "styremedlem"), ==, 2);
  assert_elected (fixture, "Kari Hovde", NULL);
  refused (fixture, "office.candidate", "{\"office\": \"kasserer\", \"name\": \"Ida Rønning\"}",
           "office.out-of-order");

  /* One candidate for the last seat: for or against, not elected. */
  candidate (fixture, "styremedlem", "Ida Rønning");
  refused (fixture, "office.vacant", "{\"office\": \"styremedlem\"}",
           "office.candidates-standing");
  do_ (fixture, "office.vote", "{\"office\": \"styremedlem\"}");
  refused (fixture, "office.vacant", "{\"office\": \"styremedlem\"}", "office.vote-open");
  for_against (fixture, "styremedlem", 3, 8);
  result (fixture, "styremedlem");
  assert_elected (fixture, "Ida Rønning", NULL);

  /* No one else stands: the seat left is left vacant, and the office is decided. */
  do_ (fixture, "office.vacant", "{\"office\": \"styremedlem\", \"note\": \"Ingen flere stiller.\"}");
  refused (fixture, "office.candidate", "{\"office\": \"styremedlem\", \"name\": \"Ida Rønning\"}",
           "office.decided");
  g_assert_cmpint (n_elected (fixture, "styremedlem"), ==, 2);
  candidate (fixture, "kasserer", "Ida Rønning");
}

/* A single candidate elected to one of several seats: the office waits for the others. */
static void
test_seats_single_candidate (StationFixture *fixture,
                             gconstpointer   data)
{
  open_meeting (fixture);
  elect_leader (fixture);
  candidate (fixture, "styremedlem", "Eva Vikøy");
  do_ (fixture, "office.vote", "{\"office\": \"styremedlem\"}");
  for_against (fixture, "styremedlem", 8, 1);
  result (fixture, "styremedlem");
  assert_elected (fixture, "Eva Vikøy", "styremedlem");
  g_assert_cmpint (n_elected (fixture, "styremedlem"), ==, 1);
  refused (fixture, "office.candidate", "{\"office\": \"kasserer\", \"name\": \"Ida Rønning\"}",
           "office.out-of-order");
  /* The one elected is not a candidate for the seats left. */
  refused (fixture, "office.candidate", "{\"office\": \"styremedlem\", \"name\": \"eva vikøy\"}",
           "office.already-elected");
}

/* ---- an office left vacant -------------------------------------------------------------- */

static void
test_vacant_office (StationFixture *fixture,
                    gconstpointer   data)
{
  open_meeting (fixture);
  /* No one stands for leader: left vacant, in the opening already; the next office is next. */
  do_ (fixture, "office.vacant", "{\"office\": \"leder\"}");
  refused (fixture, "office.vacant", "{\"office\": \"leder\"}", "office.decided");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);
  refused (fixture, "office.vacant", "{\"office\": \"kasserer\"}", "office.out-of-order");
  do_ (fixture, "office.vacant", "{\"office\": \"nestleder\"}");
  /* The last office left vacant: the meeting goes on to its protocol. */
  do_ (fixture, "office.vacant", "{\"office\": \"kasserer\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
}

/* ---- a tie and a withdrawal ------------------------------------------------------------- */

static void
tie_for_deputy (StationFixture *fixture,
                gboolean        twice)
{
  open_meeting (fixture);
  elect_leader (fixture);
  candidate (fixture, "nestleder", "Eva Vikøy");
  candidate (fixture, "nestleder", "Jon Sæther");
  candidate (fixture, "nestleder", "Kari Hovde");
  for (int i = 0; i < (twice ? 2 : 1); i++)
    {
      do_ (fixture, "office.vote", "{\"office\": \"nestleder\"}");
      count (fixture, "nestleder", "Eva Vikøy", 5);
      count (fixture, "nestleder", "Jon Sæther", 5);
      if (i == 0)
        count (fixture, "nestleder", "Kari Hovde", 1);
      result (fixture, "nestleder");
    }
}

/* Two tied for one seat, one withdraws: the tie is over. The other is voted for or against
 * (no one is elected without a vote); the one outvoted before is not back. */
static void
test_tie_withdrawal_ends_tie (StationFixture *fixture,
                              gconstpointer   data)
{
  tie_for_deputy (fixture, FALSE);
  do_ (fixture, "office.withdraw", "{\"office\": \"nestleder\", \"name\": \"jon sæther\"}");
  assert_elected (fixture, "Eva Vikøy", NULL);
  do_ (fixture, "office.vote", "{\"office\": \"nestleder\"}");
  refused (fixture, "office.count", "{\"office\": \"nestleder\", \"pile\": \"candidate\", "
                                    "\"candidate\": \"Kari Hovde\", \"votes\": 1}",
           "office.single-for-against");
  for_against (fixture, "nestleder", 7, 3);
  result (fixture, "nestleder");
  assert_elected (fixture, "Eva Vikøy", "nestleder");
}

/* The same after the second tie: no lot is left to draw. */
static void
test_tie_withdrawal_before_lot (StationFixture *fixture,
                                gconstpointer   data)
{
  tie_for_deputy (fixture, TRUE);
  refused (fixture, "office.vote", "{\"office\": \"nestleder\"}", "office.lot-needed");
  do_ (fixture, "office.withdraw", "{\"office\": \"nestleder\", \"name\": \"Eva Vikøy\"}");
  refused (fixture, "office.lot", "{\"office\": \"nestleder\", \"drawn\": \"Jon Sæther\"}",
           "office.no-lot");
  /* The tie is over: a new candidate may come forward, and the vote is per candidate. */
  candidate (fixture, "nestleder", "Lars Eide");
  do_ (fixture, "office.vote", "{\"office\": \"nestleder\"}");
  count (fixture, "nestleder", "Jon Sæther", 6);
  count (fixture, "nestleder", "Lars Eide", 4);
  result (fixture, "nestleder");
  assert_elected (fixture, "Jon Sæther", "nestleder");
}

/* Three tied for one seat, one withdraws: the tie stands between the other two. */
static void
test_tie_withdrawal_of_three (StationFixture *fixture,
                              gconstpointer   data)
{
  open_meeting (fixture);
  elect_leader (fixture);
  candidate (fixture, "nestleder", "Eva Vikøy");
  candidate (fixture, "nestleder", "Jon Sæther");
  candidate (fixture, "nestleder", "Kari Hovde");
  do_ (fixture, "office.vote", "{\"office\": \"nestleder\"}");
  count (fixture, "nestleder", "Eva Vikøy", 3);
  count (fixture, "nestleder", "Jon Sæther", 3);
  count (fixture, "nestleder", "Kari Hovde", 3);
  result (fixture, "nestleder");
  do_ (fixture, "office.withdraw", "{\"office\": \"nestleder\", \"name\": \"Kari Hovde\"}");
  refused (fixture, "office.candidate", "{\"office\": \"nestleder\", \"name\": \"Lars Eide\"}",
           "office.tie-pending");
  do_ (fixture, "office.vote", "{\"office\": \"nestleder\"}");
  count (fixture, "nestleder", "Eva Vikøy", 4);
  count (fixture, "nestleder", "Jon Sæther", 4);
  result (fixture, "nestleder");
  /* Still the second tie of the same: decided by lot between the two. */
  refused (fixture, "office.lot", "{\"office\": \"nestleder\", \"drawn\": \"Kari Hovde\"}",
           "office.lot-not-tied");
  do_ (fixture, "office.lot", "{\"office\": \"nestleder\", \"drawn\": \"Eva Vikøy\"}");
  assert_elected (fixture, "Eva Vikøy", "nestleder");
}

/* ---- members ---------------------------------------------------------------------------- */

static void
test_members (StationFixture *fixture,
              gconstpointer   data)
{
  vt_test_at (fixture, 1, "18:00");
  /* The same person however the name is written. */
  refused (fixture, "meeting.constituted",
           "{\"chair\": \"Gunn Lien\", \"signatory\": \"GUNN LIEN\", "
           "\"second_signatory\": \"Ida Rønning\"}", "meeting.same-person");
  do_ (fixture, "meeting.constituted",
       "{\"chair\": \"Gunn Lien\", \"signatory\": \"Hans Moen\", "
       "\"second_signatory\": \"Ida Rønning\"}");
  /* Twelve members by name: not 13 present, even if told more are entitled. */
  refused (fixture, "meeting.attendance", "{\"present\": 13, \"entitled\": 20}",
           "meeting.more-present-than-members");
  do_ (fixture, "meeting.attendance", "{\"present\": 12}");

  refused (fixture, "office.candidate", "{\"office\": \"leder\", \"name\": \"Ola Utenfor\"}",
           "office.not-member");
  /* Case and Unicode form do not matter: a no-break space pasted in is a space (NFKC). */
  candidate (fixture, "leder", "eva vikøy");
  refused (fixture, "office.candidate", "{\"office\": \"leder\", \"name\": \"EVA\xc2\xa0VIKØY\"}",
           "office.already-candidate");
  candidate (fixture, "leder", "Dag Nesheim");
  do_ (fixture, "office.vote", "{\"office\": \"leder\", \"secret\": true}");
  refused (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                    "\"candidate\": \"Eva Vikøy\", \"votes\": 6, "
                                    "\"counter\": \"Ola Utenfor\"}", "office.counter-not-member");
  do_ (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                "\"candidate\": \"EVA VIKØY\", \"votes\": 6, "
                                "\"counter\": \"Kari Hovde\"}");
  refused (fixture, "office.control", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                      "\"candidate\": \"Eva Vikøy\", \"votes\": 6, "
                                      "\"counter\": \"Ola Utenfor\"}",
           "office.counter-not-member");
  /* The same counter, written otherwise, is still the same person. */
  refused (fixture, "office.control", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                      "\"candidate\": \"Eva Vikøy\", \"votes\": 6, "
                                      "\"counter\": \"kari HOVDE\"}", "office.same-counter");
  do_ (fixture, "office.control", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                  "\"candidate\": \"Eva Vikøy\", \"votes\": 6, "
                                  "\"counter\": \"Lars Eide\"}");
  do_ (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                "\"candidate\": \"Dag Nesheim\", \"votes\": 5, "
                                "\"counter\": \"Kari Hovde\"}");
  do_ (fixture, "office.control", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                                  "\"candidate\": \"Dag Nesheim\", \"votes\": 5, "
                                  "\"counter\": \"Lars Eide\"}");
  result (fixture, "leder");
  /* Elected under the name as the configuration writes it. */
  assert_elected (fixture, "Eva Vikøy", "leder");
}

/* Members only as a number: any name stands, and counts. */
static void
test_members_by_number (StationFixture *fixture,
                        gconstpointer   data)
{
  open_meeting (fixture);
  candidate (fixture, "leder", "Ola Utenfor");
  do_ (fixture, "office.vote", "{\"office\": \"leder\", \"secret\": true}");
  do_ (fixture, "office.count", "{\"office\": \"leder\", \"pile\": \"in-favour\", \"votes\": 8, "
                                "\"counter\": \"Per Teller\"}");
}

/* ---- log lines ---------------------------------------------------------------------------- */

static void
assert_sentence (VtConfig   *config,
                 const char *kind,
                 const char *json,
                 const char *expected)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autofree char *line = vt_entry_kind_summarise (vt_entry_kind_lookup (kind), config,
                                                   json_node_get_object (node));

  g_assert_cmpstr (line, ==, expected);
}

static void
test_log_sentences (void)
{
  g_autoptr(VtConfig) config = vt_test_load_config (MEETING);
  const char *previous = vt_i18n_set_thread_language ("C");

  assert_sentence (config, "meeting.constituted", "{\"chair\": \"Gunn Lien\", \"signatory\": "
                   "\"Hans Moen\", \"second_signatory\": \"Ida Rønning\"}",
                   "Chair: Gunn Lien; the protocol is signed by Hans Moen and Ida Rønning");
  assert_sentence (config, "meeting.attendance", "{\"present\": 1}",
                   "1 present and entitled to vote");
  assert_sentence (config, "meeting.attendance", "{\"present\": 11, \"entitled\": 12}",
                   "11 present of 12 entitled to vote");
  assert_sentence (config, "office.candidate", "{\"office\": \"nestleder\", \"name\": \"Eva "
                   "Vikøy\", \"from_floor\": true}",
                   "Eva Vikøy stands for Nestleder, proposed from the floor");
  assert_sentence (config, "office.withdraw", "{\"office\": \"leder\", \"name\": \"Jon Sæther\"}",
                   "Jon Sæther no longer stands for Leder");
  assert_sentence (config, "office.vote", "{\"office\": \"leder\"}",
                   "Open vote by show of hands on Leder");
  assert_sentence (config, "office.vote", "{\"office\": \"leder\", \"secret\": true}",
                   "Secret vote by ballot on Leder");
  assert_sentence (config, "office.count", "{\"office\": \"leder\", \"pile\": \"candidate\", "
                   "\"candidate\": \"Eva Vikøy\", \"votes\": 1, \"counter\": \"Kari Hovde\"}",
                   "Leder: 1 vote for Eva Vikøy, counted by Kari Hovde");
  assert_sentence (config, "office.count", "{\"office\": \"leder\", \"pile\": \"against\", "
                   "\"votes\": 1234}", "Leder: 1 234 votes against");
  assert_sentence (config, "office.count", "{\"office\": \"leder\", \"pile\": \"blank\", "
                   "\"votes\": 2}", "Leder: 2 blank ballots");
  assert_sentence (config, "office.control", "{\"office\": \"leder\", \"pile\": \"in-favour\", "
                   "\"votes\": 7, \"counter\": \"Lars Eide\"}",
                   "Leder: 7 votes for, control-counted by Lars Eide");
  assert_sentence (config, "office.result", "{\"office\": \"kasserer\"}",
                   "The vote on Kasserer is closed and its result taken");
  assert_sentence (config, "office.vacant", "{\"office\": \"kasserer\", \"note\": \"Ingen "
                   "stiller.\"}", "Kasserer is left vacant: Ingen stiller.");
  assert_sentence (config, "office.lot", "{\"office\": \"nestleder\", \"drawn\": \"Jon Sæther\"}",
                   "Nestleder: Jon Sæther drawn by lot");
  vt_i18n_set_thread_language (previous);
}

/* ---- the configuration ------------------------------------------------------------------ */

static void
test_training_examples (void)
{
  g_autoptr(VtConfig) nb = vt_test_load_config ("training/organisation-meeting.json");
  g_autoptr(VtConfig) nn = vt_test_load_config ("training/organisation-meeting-nn.json");
  GPtrArray *offices = vt_config_get_offices (nb);

  g_assert_true (vt_config_is_organisation (nb));
  g_assert_true (vt_config_get_training (nb) && vt_config_get_training (nn));
  g_assert_cmpstr (vt_config_get_language (nn), ==, "nn");
  g_assert_cmpint (vt_config_get_entitled (nb), ==, vt_config_get_entitled (nn));
  g_assert_true (vt_config_get_secret_by_default (nb));
  /* The same meeting in two written standards: the same offices, in the same order. */
  g_assert_cmpuint (offices->len, ==, vt_config_get_offices (nn)->len);
  for (guint i = 0; i < offices->len; i++)
    {
      const VtOffice *a = g_ptr_array_index (offices, i);
      const VtOffice *b = g_ptr_array_index (vt_config_get_offices (nn), i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpint (a->seats, ==, b->seats);
    }
  g_assert_cmpint (vt_config_find_office (nb, "styremedlem")->seats, ==, 2);
}

static void
test_config_refusals (void)
{
  static const struct
  {
    const char *organisation;
    const char *extra;
    const char *expected;
  } cases[] = {
    /* members and their number: one of the two */
    { "\"members\": [\"A\"], \"entitled\": 3", "", "either" },
    { "\"entitled\": 3, \"vote\": \"raised hands\"", "", "open" },
    /* a polling station's part in a meeting */
    { "\"entitled\": 3", ", \"contests\": []", "contests" },
  };
  const char *head = "{\"format\": \"valgting-election/1\", \"election\": {\"name\": \"Årsmøtet\", "
                     "\"kind\": \"organisation\", \"year\": 2027}, \"days\": [{\"date\": "
                     "\"2027-03-11\", \"opens\": \"18:00\", \"closes\": \"21:00\"}], "
                     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": \"leder\"}, "
                     "{\"id\": \"b\", \"name\": \"B\", \"role\": \"nestleder\"}, "
                     "{\"id\": \"c\", \"name\": \"C\", \"role\": \"medlem\"}], "
                     "\"organisation\": {\"name\": \"O\", \"group\": \"G\", \"place\": \"P\", "
                     "\"offices\": [{\"id\": \"leder\", \"name\": \"Leder\"}], ";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("%s%s}%s}", head, cases[i].organisation,
                                               cases[i].extra);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtConfig) config = vt_config_new_from_data (json, -1, "meeting.json", &error);

      g_assert_null (config);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
    }

  {
    g_autofree char *json = g_strdup_printf ("%s\"entitled\": 3}}", head);
    g_autoptr(GError) error = NULL;
    g_autoptr(VtConfig) config = vt_config_new_from_data (json, -1, "meeting.json", &error);

    g_assert_no_error (error);
    g_assert_cmpint (vt_config_get_entitled (config), ==, 3);
    g_assert_false (vt_config_get_secret_by_default (config));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/organisation/config/training-examples-nb-nn", test_training_examples);
  g_test_add_func ("/organisation/config/refusals", test_config_refusals);
  g_test_add_func ("/organisation/log/sentences", test_log_sentences);

  ADD ("/organisation/meeting/constituted-by-three-people", test_constituted);
  ADD ("/organisation/meeting/vote-needs-attendance", test_vote_needs_attendance);
  ADD ("/organisation/kinds/station-kind-refused", test_station_kind_refused);
  g_test_add ("/organisation/kinds/meeting-kind-refused-at-a-station", StationFixture,
              VT_TEST_MUNICIPAL, station_fixture_set_up, test_meeting_kind_refused_at_a_station,
              station_fixture_tear_down);
  ADD ("/organisation/office/out-of-order", test_out_of_order);
  ADD ("/organisation/office/second-vote-on-decided-office", test_second_vote_on_decided_office);
  ADD ("/organisation/office/single-candidate-for-against", test_single_candidate_for_against);
  ADD ("/organisation/candidate/not-elected-stands-again", test_not_elected_stands_again);
  ADD ("/organisation/candidate/withdrawn", test_withdrawn_candidate);
  ADD ("/organisation/count/secret-by-two-counters", test_secret_count_by_two);
  ADD ("/organisation/result/tie-revote-lot", test_tie_revote_lot);
  ADD ("/organisation/result/tie-withdrawal-ends-tie", test_tie_withdrawal_ends_tie);
  ADD ("/organisation/result/tie-withdrawal-before-lot", test_tie_withdrawal_before_lot);
  ADD ("/organisation/result/tie-withdrawal-of-three", test_tie_withdrawal_of_three);
  ADD_SEATS ("/organisation/seats/most-votes", test_seats_most_votes);
  ADD_SEATS ("/organisation/seats/tie-at-last-seat", test_seats_tie_at_last_seat);
  ADD_SEATS ("/organisation/seats/partly-filled-then-vacant", test_seats_partly_filled_then_vacant);
  ADD_SEATS ("/organisation/seats/single-candidate", test_seats_single_candidate);
  ADD ("/organisation/vacant/every-office", test_vacant_office);
  ADD ("/organisation/members/by-name", test_members);
  ADD_SEATS ("/organisation/members/by-number", test_members_by_number);

  return g_test_run ();
}
