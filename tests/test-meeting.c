/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-organisation.h"
#include "vt-scenario.h"
#include "vt-test-util.h"

/* An organisation's annual meeting read back for its documents (vt-organisation.h): the
 * organisation's scenario replayed, then the meeting as a protocol tells it. */

#define MEETING "scenarios/organisation-annual-meeting-election.json"
#define CHAIR "anne-fjordvik"

#define ADD(path, func) \
  g_test_add (path, StationFixture, MEETING, station_fixture_set_up, func, \
              station_fixture_tear_down)

/* The scenario replayed into a fresh folder, opened. */
typedef struct
{
  char *dir;
  char *path;
  VtStation *station;
} Replayed;

static void
replayed_set_up (Replayed     *fixture,
                 gconstpointer data)
{
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "organisation-annual-meeting.json", NULL);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vt-meeting-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "meeting.valgting", NULL);
  if (!vt_scenario_replay (scenario, fixture->path, &report, &error))
    g_error ("%s", error->message);
  g_assert_cmpuint (report.n_done, ==, report.n_steps);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
replayed_tear_down (Replayed     *fixture,
                    gconstpointer data)
{
  g_assert_finalize_object (fixture->station);
  vt_test_remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static const VtMeetingOffice *
office_at (VtOrganisation *meeting,
           guint           i)
{
  return g_ptr_array_index (vt_organisation_get_offices (meeting), i);
}

static const VtMeetingCandidate *
candidate_at (const VtMeetingOffice *office,
              guint                  i)
{
  return g_ptr_array_index (office->candidates, i);
}

static const VtMeetingPile *
pile_at (const VtMeetingOffice *office,
         guint                  round,
         guint                  i)
{
  const VtMeetingRound *r = g_ptr_array_index (office->rounds, round);
  return g_ptr_array_index (r->piles, i);
}

/* ---- the read model --------------------------------------------------------------------- */

static void
test_model_meeting (Replayed     *fixture,
                    gconstpointer data)
{
  g_autoptr(VtOrganisation) meeting = vt_organisation_new (fixture->station);
  g_autofree char *when = NULL;

  g_assert_nonnull (meeting);
  g_assert_cmpstr (vt_organisation_get_organisation_name (meeting), ==,
                   vt_config_get_organisation_name (vt_station_get_config (fixture->station)));
  g_assert_cmpstr (vt_organisation_get_group_name (meeting), ==,
                   vt_config_get_group_name (vt_station_get_config (fixture->station)));
  g_assert_cmpstr (vt_organisation_get_place (meeting), ==,
                   vt_config_get_meeting_place (vt_station_get_config (fixture->station)));
  /* Constituted at 18:00 local time. */
  when = g_date_time_format (vt_organisation_get_date (meeting), "%H:%M");
  g_assert_cmpstr (when, ==, "18:00");

  g_assert_true (vt_organisation_is_constituted (meeting));
  g_assert_cmpstr (vt_organisation_get_signer_name (meeting, VT_MEETING_SIGNER_CHAIR), ==,
                   "Gunn Lien");
  g_assert_cmpstr (vt_organisation_get_signer_name (meeting, VT_MEETING_SIGNER_SIGNATORY), ==,
                   "Hans Moen");
  g_assert_cmpstr (vt_organisation_get_signer_name (meeting,
                                                    VT_MEETING_SIGNER_SECOND_SIGNATORY), ==,
                   "Ida Rønning");
  g_assert_cmpint (vt_organisation_get_entitled (meeting), ==,
                   vt_config_get_entitled (vt_station_get_config (fixture->station)));
  g_assert_cmpint (vt_organisation_get_present (meeting), ==, 11);
  g_assert_true (vt_organisation_all_decided (meeting));
  g_assert_null (vt_organisation_get_current_office (meeting));
}

static void
test_model_offices (Replayed     *fixture,
                    gconstpointer data)
{
  g_autoptr(VtOrganisation) meeting = vt_organisation_new (fixture->station);
  GPtrArray *offices = vt_organisation_get_offices (meeting);
  const VtMeetingOffice *leader, *deputy, *treasurer;
  const VtMeetingPile *pile;

  /* In the configuration's order. */
  g_assert_cmpuint (offices->len, ==, 3);
  leader = office_at (meeting, 0);
  deputy = office_at (meeting, 1);
  treasurer = office_at (meeting, 2);
  g_assert_cmpstr (leader->id, ==, "leder");
  g_assert_cmpstr (deputy->id, ==, "nestleder");
  g_assert_cmpstr (treasurer->id, ==, "kasserer");
  g_assert_cmpint (leader->seats, ==, 1);

  /* The leader: one candidate, an open vote for or against. */
  g_assert_cmpuint (leader->candidates->len, ==, 1);
  g_assert_cmpstr (candidate_at (leader, 0)->name, ==, "Dag Nesheim");
  g_assert_true (candidate_at (leader, 0)->elected);
  g_assert_false (candidate_at (leader, 0)->by_lot);
  g_assert_cmpuint (leader->rounds->len, ==, 1);
  g_assert_false (((VtMeetingRound *)g_ptr_array_index (leader->rounds, 0))->secret);
  g_assert_false (((VtMeetingRound *)g_ptr_array_index (leader->rounds, 0))->tie);
  g_assert_cmpuint (((VtMeetingRound *)g_ptr_array_index (leader->rounds, 0))->piles->len, ==,
                    3);
  pile = pile_at (leader, 0, 0);
  g_assert_cmpint (pile->kind, ==, VT_MEETING_PILE_IN_FAVOUR);
  g_assert_cmpint (pile->votes, ==, 10);
  g_assert_null (pile->counter);
  g_assert_cmpint (pile_at (leader, 0, 1)->kind, ==, VT_MEETING_PILE_AGAINST);
  g_assert_cmpint (pile_at (leader, 0, 2)->kind, ==, VT_MEETING_PILE_ABSTAIN);
  g_assert_cmpint (pile_at (leader, 0, 2)->votes, ==, 1);
  g_assert_false (leader->tie);
  g_assert_false (leader->lot);
  g_assert_true (leader->decided);
  g_assert_cmpuint (leader->elected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (leader->elected, 0), ==, "Dag Nesheim");

  /* The deputy: one withdrew; a secret vote tied twice, decided by lot. */
  g_assert_cmpuint (deputy->candidates->len, ==, 3);
  g_assert_cmpstr (candidate_at (deputy, 0)->name, ==, "Eva Vikøy");
  g_assert_false (candidate_at (deputy, 0)->elected);
  g_assert_cmpstr (candidate_at (deputy, 1)->name, ==, "Jon Sæther");
  g_assert_true (candidate_at (deputy, 1)->from_floor);
  g_assert_true (candidate_at (deputy, 1)->elected);
  g_assert_true (candidate_at (deputy, 1)->by_lot);
  g_assert_cmpstr (candidate_at (deputy, 2)->name, ==, "Kari Hovde");
  g_assert_true (candidate_at (deputy, 2)->withdrew);
  g_assert_false (candidate_at (deputy, 2)->elected);
  g_assert_cmpuint (deputy->rounds->len, ==, 2);
  for (guint r = 0; r < 2; r++)
    {
      const VtMeetingRound *round = g_ptr_array_index (deputy->rounds, r);

      g_assert_cmpuint (round->number, ==, r + 1);
      g_assert_true (round->secret);
      g_assert_true (round->closed);
      g_assert_true (round->tie);
      g_assert_cmpuint (round->piles->len, ==, 3);
    }
  pile = pile_at (deputy, 0, 0);
  g_assert_cmpint (pile->kind, ==, VT_MEETING_PILE_CANDIDATE);
  g_assert_cmpstr (pile->candidate, ==, "Eva Vikøy");
  g_assert_cmpint (pile->votes, ==, 5);
  g_assert_cmpstr (pile->counter, ==, "Lars Eide");
  g_assert_true (pile->controlled);
  g_assert_cmpint (pile->control, ==, 5);
  g_assert_cmpstr (pile->controller, ==, "Cecilie Strand");
  g_assert_cmpint (pile_at (deputy, 1, 2)->kind, ==, VT_MEETING_PILE_BLANK);
  g_assert_null (pile_at (deputy, 1, 2)->candidate);
  g_assert_true (deputy->tie);
  g_assert_true (deputy->lot);
  g_assert_true (deputy->decided);
  g_assert_cmpuint (deputy->elected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (deputy->elected, 0), ==, "Jon Sæther");

  /* The treasurer: the one not elected deputy stands again and is elected. */
  g_assert_cmpuint (treasurer->candidates->len, ==, 2);
  g_assert_cmpuint (treasurer->rounds->len, ==, 1);
  g_assert_false (((VtMeetingRound *)g_ptr_array_index (treasurer->rounds, 0))->tie);
  g_assert_cmpint (pile_at (treasurer, 0, 0)->votes, ==, 8);
  g_assert_cmpint (pile_at (treasurer, 0, 1)->votes, ==, 3);
  g_assert_false (treasurer->tie);
  g_assert_true (treasurer->decided);
  g_assert_cmpstr (g_ptr_array_index (treasurer->elected, 0), ==, "Eva Vikøy");
}

/* Mid-meeting: the current office is the first not decided; before attendance nobody is
 * counted present. */
static void
test_model_current_office (StationFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr(VtOrganisation) before = NULL;
  g_autoptr(VtOrganisation) during = NULL;

  vt_test_at (fixture, 1, "18:00");
  before = vt_organisation_new (fixture->station);
  g_assert_false (vt_organisation_is_constituted (before));
  g_assert_null (vt_organisation_get_signer_name (before, VT_MEETING_SIGNER_CHAIR));
  g_assert_cmpint (vt_organisation_get_present (before), ==, -1);
  g_assert_cmpstr (vt_organisation_get_current_office (before)->id, ==, "leder");
  g_assert_false (vt_organisation_all_decided (before));

  vt_test_do (fixture, "meeting.constituted", CHAIR,
              "{\"chair\": \"Gunn Lien\", \"signatory\": \"Hans Moen\", "
              "\"second_signatory\": \"Ida Rønning\"}");
  vt_test_do (fixture, "meeting.attendance", CHAIR, "{\"present\": 9}");
  vt_test_do (fixture, "office.candidate", CHAIR, "{\"office\": \"leder\", \"name\": \"Dag\"}");
  vt_test_do (fixture, "office.vote", CHAIR, "{\"office\": \"leder\"}");
  vt_test_do (fixture, "office.count", CHAIR,
              "{\"office\": \"leder\", \"pile\": \"in-favour\", \"votes\": 6}");
  vt_test_do (fixture, "office.count", CHAIR,
              "{\"office\": \"leder\", \"pile\": \"against\", \"votes\": 3}");
  vt_test_do (fixture, "office.result", CHAIR, "{\"office\": \"leder\"}");

  during = vt_organisation_new (fixture->station);
  g_assert_cmpint (vt_organisation_get_present (during), ==, 9);
  g_assert_cmpstr (vt_organisation_get_current_office (during)->id, ==, "nestleder");
  g_assert_false (vt_organisation_all_decided (during));
  g_assert_true (office_at (during, 0)->decided);
  g_assert_false (office_at (during, 1)->decided);
  g_assert_cmpuint (office_at (during, 1)->elected->len, ==, 0);
}

/* An annulled entry counts for nothing: the candidate registered by mistake is gone, and
 * the pile counted wrong is as counted again. An amended attendance counts as amended. */
static void
test_model_corrections (StationFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(VtOrganisation) meeting = NULL;
  const VtMeetingOffice *leader;
  gint64 mistake, wrong, attendance;

  vt_test_at (fixture, 1, "18:00");
  vt_test_do (fixture, "meeting.constituted", CHAIR,
              "{\"chair\": \"Gunn Lien\", \"signatory\": \"Hans Moen\", "
              "\"second_signatory\": \"Ida Rønning\"}");
  attendance = vt_test_do (fixture, "meeting.attendance", CHAIR, "{\"present\": 9}");
  vt_test_do_printf (fixture, "correction.amend",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"miscounted\", "
                     "\"changes\": {\"present\": 10}}", attendance);
  mistake = vt_test_do (fixture, "office.candidate", CHAIR,
                        "{\"office\": \"leder\", \"name\": \"Per Feil\"}");
  vt_test_do (fixture, "office.candidate", CHAIR, "{\"office\": \"leder\", \"name\": \"Dag\"}");
  vt_test_do (fixture, "office.candidate", CHAIR, "{\"office\": \"leder\", \"name\": \"Siv\"}");
  vt_test_do_printf (fixture, "correction.annul",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"not a candidate\"}",
                     mistake);
  vt_test_do (fixture, "office.vote", CHAIR, "{\"office\": \"leder\"}");
  wrong = vt_test_do (fixture, "office.count", CHAIR,
                      "{\"office\": \"leder\", \"pile\": \"candidate\", \"candidate\": \"Dag\", "
                      "\"votes\": 2}");
  vt_test_do_printf (fixture, "correction.annul",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"miscounted\"}", wrong);
  vt_test_do (fixture, "office.count", CHAIR,
              "{\"office\": \"leder\", \"pile\": \"candidate\", \"candidate\": \"Dag\", "
              "\"votes\": 7}");

  meeting = vt_organisation_new (fixture->station);
  leader = office_at (meeting, 0);
  g_assert_cmpint (vt_organisation_get_present (meeting), ==, 10);
  g_assert_cmpuint (leader->candidates->len, ==, 2);
  g_assert_cmpstr (candidate_at (leader, 0)->name, ==, "Dag");
  g_assert_cmpstr (candidate_at (leader, 1)->name, ==, "Siv");
  g_assert_cmpuint (leader->rounds->len, ==, 1);
  g_assert_cmpuint (((VtMeetingRound *)g_ptr_array_index (leader->rounds, 0))->piles->len, ==,
                    1);
  g_assert_cmpint (pile_at (leader, 0, 0)->votes, ==, 7);
  g_assert_false (((VtMeetingRound *)g_ptr_array_index (leader->rounds, 0))->closed);
}

static void
test_model_not_a_meeting (StationFixture *fixture,
                          gconstpointer   data)
{
  g_assert_null (vt_organisation_new (fixture->station));
}

/* ---- signing the meeting's protocol ---------------------------------------------------- */

#define STROKES "[[0.1, 0.8, 0.3, 0.2, 0.5, 0.7]]"

static void
constitute (StationFixture *fixture)
{
  vt_test_at (fixture, 1, "18:00");
  vt_test_do (fixture, "meeting.constituted", CHAIR,
              "{\"chair\": \"Gunn Lien\", \"signatory\": \"Hans Moen\", "
              "\"second_signatory\": \"Ida Rønning\"}");
  vt_test_do (fixture, "meeting.attendance", CHAIR, "{\"present\": 9}");
}

/* One candidate, elected six for, three against. */
static void
elect_unopposed (StationFixture *fixture,
                 const char     *office,
                 const char     *name)
{
  vt_test_do_printf (fixture, "office.candidate", "{\"office\": \"%s\", \"name\": \"%s\"}",
                     office, name);
  vt_test_do_printf (fixture, "office.vote", "{\"office\": \"%s\"}", office);
  vt_test_do_printf (fixture, "office.count",
                     "{\"office\": \"%s\", \"pile\": \"in-favour\", \"votes\": 6}", office);
  vt_test_do_printf (fixture, "office.count",
                     "{\"office\": \"%s\", \"pile\": \"against\", \"votes\": 3}", office);
  vt_test_do_printf (fixture, "office.result", "{\"office\": \"%s\"}", office);
}

static void
decide_all (StationFixture *fixture)
{
  constitute (fixture);
  elect_unopposed (fixture, "leder", "Dag Nesheim");
  elect_unopposed (fixture, "nestleder", "Eva Vikøy");
  elect_unopposed (fixture, "kasserer", "Frode Bakke");
}

static void
test_sign_undecided (StationFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *before = NULL;
  g_autofree char *during = NULL;

  vt_test_at (fixture, 1, "18:00");
  before = vt_test_refused (fixture, "meeting.sign", CHAIR,
                            "{\"signer\": \"chair\", \"on_paper\": true}",
                            "meeting.sign-undecided");
  constitute (fixture);
  elect_unopposed (fixture, "leder", "Dag Nesheim");
  elect_unopposed (fixture, "nestleder", "Eva Vikøy");
  during = vt_test_refused (fixture, "meeting.sign", CHAIR,
                            "{\"signer\": \"signatory\", \"on_paper\": true}",
                            "meeting.sign-undecided");
  /* The message names the office still to be decided. */
  g_assert_nonnull (strstr (during, "Kasserer"));
  elect_unopposed (fixture, "kasserer", "Frode Bakke");
  vt_test_do (fixture, "meeting.sign", CHAIR, "{\"signer\": \"signatory\", \"on_paper\": true}");
}

static void
test_sign_twice (StationFixture *fixture,
                 gconstpointer   data)
{
  gint64 chair;

  decide_all (fixture);
  chair = vt_test_do (fixture, "meeting.sign", CHAIR,
                      "{\"signer\": \"chair\", \"strokes\": " STROKES "}");
  g_free (vt_test_refused (fixture, "meeting.sign", CHAIR,
                           "{\"signer\": \"chair\", \"on_paper\": true}",
                           "meeting.already-signed"));
  /* Each signer signs once; the others are not held up by it. */
  vt_test_do (fixture, "meeting.sign", CHAIR, "{\"signer\": \"signatory\", \"on_paper\": true}");
  g_free (vt_test_refused (fixture, "meeting.sign", CHAIR,
                           "{\"signer\": \"signatory\", \"on_paper\": true}",
                           "meeting.already-signed"));
  vt_test_do (fixture, "meeting.sign", CHAIR,
              "{\"signer\": \"second_signatory\", \"on_paper\": true}");
  /* A signature annulled is no signature: the chair signs again. */
  vt_test_do_printf (fixture, "correction.annul",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"signed the wrong page\"}",
                     chair);
  vt_test_do (fixture, "meeting.sign", CHAIR, "{\"signer\": \"chair\", \"on_paper\": true}");
}

static void
test_sign_one_way (StationFixture *fixture,
                   gconstpointer   data)
{
  decide_all (fixture);
  g_free (vt_test_refused (fixture, "meeting.sign", CHAIR, "{\"signer\": \"chair\"}",
                           "meeting.sign-one-way"));
  g_free (vt_test_refused (fixture, "meeting.sign", CHAIR,
                           "{\"signer\": \"chair\", \"on_paper\": true, \"strokes\": " STROKES
                           "}", "meeting.sign-one-way"));
}

static void
test_sign_at_a_station (StationFixture *fixture,
                        gconstpointer   data)
{
  g_free (vt_test_refused (fixture, "meeting.sign", vt_test_chair (fixture),
                           "{\"signer\": \"chair\", \"on_paper\": true}",
                           "organisation.meeting-kind"));
}

/* What the document draws: who signed, how and when; an annulled signature is none. */
static void
test_sign_read_back (StationFixture *fixture,
                     gconstpointer   data)
{
  g_autoptr(VtOrganisation) meeting = NULL;
  const VtMeetingSignature *chair, *first, *second;
  gint64 seq;

  decide_all (fixture);
  vt_test_at (fixture, 1, "21:15");
  seq = vt_test_do (fixture, "meeting.sign", CHAIR,
                    "{\"signer\": \"chair\", \"strokes\": " STROKES "}");
  vt_test_do (fixture, "meeting.sign", CHAIR, "{\"signer\": \"signatory\", \"on_paper\": true}");

  meeting = vt_organisation_new (fixture->station);
  chair = vt_organisation_get_signature (meeting, VT_MEETING_SIGNER_CHAIR);
  first = vt_organisation_get_signature (meeting, VT_MEETING_SIGNER_SIGNATORY);
  second = vt_organisation_get_signature (meeting, VT_MEETING_SIGNER_SECOND_SIGNATORY);
  g_assert_cmpint (chair->seq, ==, seq);
  g_assert_false (chair->on_paper);
  g_assert_cmpint (g_date_time_get_hour (chair->time), ==, 21);
  g_assert_cmpint (first->seq, ==, seq + 1);
  g_assert_true (first->on_paper);
  g_assert_cmpint (second->seq, ==, 0);
  g_assert_null (second->time);
  g_clear_object (&meeting);

  vt_test_do_printf (fixture, "correction.annul",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"wrong page\"}", seq);
  meeting = vt_organisation_new (fixture->station);
  g_assert_cmpint (vt_organisation_get_signature (meeting, VT_MEETING_SIGNER_CHAIR)->seq, ==, 0);
  g_assert_cmpint (vt_organisation_get_signature (meeting, VT_MEETING_SIGNER_SIGNATORY)->seq, ==,
                   seq + 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/meeting/model/the-meeting-constituted-and-attended", Replayed, NULL,
              replayed_set_up, test_model_meeting, replayed_tear_down);
  g_test_add ("/meeting/model/offices-in-order-with-rounds-ties-and-lot", Replayed, NULL,
              replayed_set_up, test_model_offices, replayed_tear_down);
  ADD ("/meeting/model/current-office-is-the-first-not-decided", test_model_current_office);
  ADD ("/meeting/model/annulled-entries-count-for-nothing", test_model_corrections);
  g_test_add ("/meeting/model/a-polling-station-has-none", StationFixture, NULL,
              station_fixture_set_up, test_model_not_a_meeting, station_fixture_tear_down);


  ADD ("/meeting/sign/refused-until-every-office-is-decided", test_sign_undecided);
  ADD ("/meeting/sign/refused-when-that-signer-signed-already", test_sign_twice);
  ADD ("/meeting/sign/on-screen-or-in-ink-one-of-them", test_sign_one_way);
  ADD ("/meeting/sign/read-back-for-the-document", test_sign_read_back);
  g_test_add ("/meeting/sign/not-at-a-polling-station", StationFixture, NULL,
              station_fixture_set_up, test_sign_at_a_station, station_fixture_tear_down);


  return g_test_run ();
}
