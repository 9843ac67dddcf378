/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-documents.h"
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
  vt_test_do (fixture, "office.candidate", CHAIR, "{\"office\": \"leder\", \"name\": \"Dag Nesheim\"}");
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
                        "{\"office\": \"leder\", \"name\": \"Frode Bakke\"}");
  vt_test_do (fixture, "office.candidate", CHAIR, "{\"office\": \"leder\", \"name\": \"Dag Nesheim\"}");
  vt_test_do (fixture, "office.candidate", CHAIR, "{\"office\": \"leder\", \"name\": \"Eva Vikøy\"}");
  vt_test_do_printf (fixture, "correction.annul",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"not a candidate\"}",
                     mistake);
  vt_test_do (fixture, "office.vote", CHAIR, "{\"office\": \"leder\"}");
  wrong = vt_test_do (fixture, "office.count", CHAIR,
                      "{\"office\": \"leder\", \"pile\": \"candidate\", \"candidate\": \"Dag Nesheim\", "
                      "\"votes\": 2}");
  vt_test_do_printf (fixture, "correction.annul",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"miscounted\"}", wrong);
  vt_test_do (fixture, "office.count", CHAIR,
              "{\"office\": \"leder\", \"pile\": \"candidate\", \"candidate\": \"Dag Nesheim\", "
              "\"votes\": 7}");

  meeting = vt_organisation_new (fixture->station);
  leader = office_at (meeting, 0);
  g_assert_cmpint (vt_organisation_get_present (meeting), ==, 10);
  g_assert_cmpuint (leader->candidates->len, ==, 2);
  g_assert_cmpstr (candidate_at (leader, 0)->name, ==, "Dag Nesheim");
  g_assert_cmpstr (candidate_at (leader, 1)->name, ==, "Eva Vikøy");
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

/* ---- the documents --------------------------------------------------------------------- */

/* @kind of @station as poppler reads it back, every page's text in one string. */
static char *
document_text (VtStation      *station,
               VtDocumentKind  kind,
               guint           copy,
               const char     *language,
               guint          *n_pages)
{
  g_autoptr(VtDoc) doc = vt_document_build_in (station, kind, copy, language);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  GString *text = g_string_new (NULL);

  g_assert_nonnull (doc);
  pdf = vt_doc_to_pdf (doc, &error);
  g_assert_no_error (error);
  pages = vt_test_pdf_page_texts (pdf);
  for (guint i = 0; i < pages->len; i++)
    g_string_append_printf (text, "%s\n", (const char *)g_ptr_array_index (pages, i));
  if (n_pages != NULL)
    *n_pages = pages->len;
  return g_string_free (text, FALSE);
}

/* How many times @needle is in @text. */
static guint
count_in (const char *text,
          const char *needle)
{
  guint n = 0;

  for (const char *at = text; (at = strstr (at, needle)) != NULL; at++)
    n++;
  return n;
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the document:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” must not be in the document:\n%s", needle, text);
}

/* Bokmål, the configuration's language: the meeting, every office, how it was voted, the
 * counts and who counted them, the ties and the lot, who was elected, and the signatures as
 * given (the chair on screen, the two chosen in ink). */
static void
test_protocol_nb (Replayed     *fixture,
                  gconstpointer data)
{
  g_autoptr(VtOrganisation) meeting = vt_organisation_new (fixture->station);
  guint n_pages = 0;
  g_autofree char *text = document_text (fixture->station, VT_DOCUMENT_MEETING_PROTOCOL, 0,
                                         NULL, &n_pages);
  /* A replayed meeting is moved to the day it is replayed. */
  g_autofree char *date = g_date_time_format (vt_organisation_get_date (meeting), "%d.%m.%Y");
  g_autofree char *chair_signed = g_strdup_printf ("Møteleder · signert på skjermen %s 19:50",
                                                   date);
  g_autofree char *signatory_signed =
    g_strdup_printf ("Skriver under protokollen · signert med penn på papiret\n%s 19:55", date);

  assert_has (text, "Protokoll fra valg på årsmøtet");
  assert_has (text, "Fjordvik lokallag");
  assert_has (text, "Folkehjelpa");
  assert_has (text, "Fjordvik grendehus");
  assert_has (text, date);
  assert_has (text, "Møteleder");
  assert_has (text, "Gunn Lien");
  assert_has (text, "Hans Moen");
  assert_has (text, "Ida Rønning");
  assert_has (text, "Stemmeberettigede");
  assert_has (text, "Til stede med stemmerett");
  /* The offices in order, each with how it was voted and its result. */
  assert_has (text, "Leder");
  assert_has (text, "Nestleder");
  assert_has (text, "Kasserer");
  assert_has (text, "Avstemning 1: åpen, ved håndsopprekning");
  assert_has (text, "Avstemning 2: hemmelig, med stemmesedler");
  assert_has (text, "For");
  assert_has (text, "Mot");
  assert_has (text, "Blanke stemmesedler");
  assert_has (text, "Stemmeteller");
  assert_has (text, "Lars Eide");
  assert_has (text, "Cecilie Strand");
  assert_has (text, "Kari Hovde");
  assert_has (text, "Trakk seg");
  assert_has (text, "Fra salen");
  assert_has (text, "Avstemningen endte likt. De som sto likt, ble stemt over på nytt.");
  assert_has (text, "Avstemningen endte likt igjen. Den ble avgjort ved loddtrekning.");
  assert_has (text, "Trukket ut ved loddtrekning: Jon Sæther");
  assert_has (text, "Valgt ved loddtrekning");
  assert_has (text, "Valgt: Dag Nesheim");
  assert_has (text, "Valgt: Jon Sæther");
  assert_has (text, "Valgt: Eva Vikøy");
  assert_has (text, "10");
  assert_has (text, "8");
  /* The signatures: who, and how each was given. */
  assert_has (text, "Underskrifter:");
  assert_has (text, chair_signed);
  g_assert_cmpuint (count_in (text, signatory_signed), ==, 2);
  /* The checksum of the journal on every page; a replayed station is a training one, and
   * every page says so. */
  g_assert_true (vt_station_get_training (fixture->station));
  g_assert_cmpuint (count_in (text, "Kontrollsum for loggen"), ==, n_pages);
  g_assert_cmpuint (count_in (text, "ØVINGSVALG"), ==, n_pages);
  /* No member is named but the candidates, the chair, the two who sign and the counters. */
  assert_lacks (text, "Anne Fjordvik");
  assert_lacks (text, "Bjørn Havnes");
  vt_test_assert_no_identity_numbers (text);
}

/* The same meeting in Nynorsk, when asked for. */
static void
test_protocol_nn (Replayed     *fixture,
                  gconstpointer data)
{
  g_autofree char *text = document_text (fixture->station, VT_DOCUMENT_MEETING_PROTOCOL, 0,
                                         "nn", NULL);

  assert_has (text, "Protokoll frå val på årsmøtet");
  assert_has (text, "Møteleiar");
  assert_has (text, "Røysteteljar");
  assert_has (text, "avgjord ved loddtrekking");
  assert_has (text, "Vald: Jon Sæther");
  assert_has (text, "Vald ved loddtrekking");
  assert_has (text, "Underskrifter:");
  assert_lacks (text, "Møteleder");
}

/* A reprint is marked as that copy on every page. */
static void
test_protocol_copy (Replayed     *fixture,
                    gconstpointer data)
{
  guint n_pages = 0;
  g_autofree char *text = document_text (fixture->station, VT_DOCUMENT_MEETING_PROTOCOL, 2,
                                         NULL, &n_pages);

  g_assert_cmpuint (n_pages, >=, 2);
  g_assert_cmpuint (count_in (text, "Kopi 2"), ==, n_pages);
}

/* The notice to the region: one page, who now holds which office. */
static void
test_notice (Replayed     *fixture,
             gconstpointer data)
{
  guint n_pages = 0;
  g_autofree char *text = document_text (fixture->station, VT_DOCUMENT_OFFICE_NOTICE, 0, NULL,
                                         &n_pages);
  g_autofree char *nn = document_text (fixture->station, VT_DOCUMENT_OFFICE_NOTICE, 0, "nn",
                                       NULL);

  g_assert_cmpuint (n_pages, ==, 1);
  assert_has (text, "Melding om nye tillitsvalgte");
  assert_has (text, "Til regionen");
  assert_has (text, "Leder");
  assert_has (text, "Dag Nesheim");
  assert_has (text, "Nestleder");
  assert_has (text, "Jon Sæther");
  assert_has (text, "Kasserer");
  assert_has (text, "Eva Vikøy");
  assert_has (text, "Gunn Lien");
  assert_has (text, "Kontrollsum for loggen");
  /* Neither the counts nor who lost. */
  assert_lacks (text, "Kari Hovde");
  assert_lacks (text, "Frode Bakke");
  assert_lacks (text, "Lars Eide");
  assert_has (nn, "Melding om nye tillitsvalde");
}

/* An office the meeting leaves vacant is decided, and the documents say so: the protocol
 * under the office, the notice in its row. */
static void
test_vacant (StationFixture *fixture,
             gconstpointer   data)
{
  g_autoptr(VtOrganisation) meeting = NULL;
  g_autofree char *protocol = NULL;
  g_autofree char *notice = NULL;

  constitute (fixture);
  elect_unopposed (fixture, "leder", "Dag Nesheim");
  vt_test_do (fixture, "office.vacant", CHAIR, "{\"office\": \"nestleder\"}");
  elect_unopposed (fixture, "kasserer", "Frode Bakke");

  meeting = vt_organisation_new (fixture->station);
  g_assert_true (vt_organisation_all_decided (meeting));
  g_assert_true (office_at (meeting, 1)->decided);
  g_assert_cmpuint (office_at (meeting, 1)->elected->len, ==, 0);
  g_assert_cmpint (office_at (meeting, 1)->vacant, ==, 1);
  g_assert_cmpint (office_at (meeting, 0)->vacant, ==, 0);

  protocol = document_text (fixture->station, VT_DOCUMENT_MEETING_PROTOCOL, 0, NULL, NULL);
  assert_has (protocol, "Ledig etter årsmøtets vedtak: 1 plass.");
  g_assert_cmpuint (count_in (protocol, "Ledig etter årsmøtets vedtak"), ==, 1);
  notice = document_text (fixture->station, VT_DOCUMENT_OFFICE_NOTICE, 0, NULL, NULL);
  assert_has (notice, "Ledig");
  assert_lacks (notice, "Ikke avgjort");
}

/* A training meeting: the mark on every page, in the configuration's language (Nynorsk). */
static void
test_training_mark (StationFixture *fixture,
                    gconstpointer   data)
{
  guint n_pages = 0;
  g_autofree char *text = NULL;
  g_autofree char *notice = NULL;

  vt_test_at (fixture, 1, "18:00");
  vt_test_do (fixture, "meeting.constituted", "siri-lagseth",
              "{\"chair\": \"Gunn Lien\", \"signatory\": \"Hans Moen\", "
              "\"second_signatory\": \"Ida Rønning\"}");
  g_assert_true (vt_station_get_training (fixture->station));
  text = document_text (fixture->station, VT_DOCUMENT_MEETING_PROTOCOL, 0, NULL, &n_pages);
  assert_has (text, "Protokoll frå val på årsmøtet");
  assert_has (text, "Ikkje avgjort enno.");
  assert_has (text, "2 plassar");
  assert_has (text, "Ikkje alle verva er avgjorde");
  g_assert_cmpuint (count_in (text, "ØVINGSVAL"), ==, n_pages);
  notice = document_text (fixture->station, VT_DOCUMENT_OFFICE_NOTICE, 0, NULL, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  assert_has (notice, "Melding om nye tillitsvalde");
  g_assert_cmpuint (count_in (notice, "ØVINGSVAL"), ==, 1);
}

/* A signature given before the log changed what the protocol says is not shown as given:
 * the paper says so, and the chair's strokes are not drawn; once annulled and given again,
 * it stands. */
static void
test_protocol_amended_after_signing (StationFixture *fixture,
                                     gconstpointer   data)
{
  g_autofree char *signed_text = NULL;
  g_autofree char *amended = NULL;
  g_autofree char *again = NULL;
  gint64 attendance, chair;

  vt_test_at (fixture, 1, "18:00");
  vt_test_do (fixture, "meeting.constituted", CHAIR,
              "{\"chair\": \"Gunn Lien\", \"signatory\": \"Hans Moen\", "
              "\"second_signatory\": \"Ida Rønning\"}");
  attendance = vt_test_do (fixture, "meeting.attendance", CHAIR, "{\"present\": 9}");
  elect_unopposed (fixture, "leder", "Dag Nesheim");
  elect_unopposed (fixture, "nestleder", "Eva Vikøy");
  elect_unopposed (fixture, "kasserer", "Frode Bakke");
  vt_test_at (fixture, 1, "20:30");
  chair = vt_test_do (fixture, "meeting.sign", CHAIR,
                      "{\"signer\": \"chair\", \"strokes\": " STROKES "}");
  signed_text = document_text (fixture->station, VT_DOCUMENT_MEETING_PROTOCOL, 0, NULL, NULL);
  assert_has (signed_text, "signert på skjermen");
  assert_lacks (signed_text, "ENDRET ETTER SIGNERING");

  vt_test_do_printf (fixture, "correction.amend",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"miscounted\", "
                     "\"changes\": {\"present\": 10}}", attendance);
  amended = document_text (fixture->station, VT_DOCUMENT_MEETING_PROTOCOL, 0, NULL, NULL);
  assert_has (amended, "ENDRET ETTER SIGNERING");
  assert_lacks (amended, "signert på skjermen");

  vt_test_do_printf (fixture, "correction.annul",
                     "{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"signed before the "
                     "correction\"}", chair);
  vt_test_do (fixture, "meeting.sign", CHAIR, "{\"signer\": \"chair\", \"on_paper\": true}");
  again = document_text (fixture->station, VT_DOCUMENT_MEETING_PROTOCOL, 0, NULL, NULL);
  assert_lacks (again, "ENDRET ETTER SIGNERING");
  assert_has (again, "signert med penn på papiret");
}

/* A polling station's documents are not a meeting's, and the other way round; the command
 * line refuses to print one for the other. */
static void
test_applies (Replayed     *fixture,
              gconstpointer data)
{
  VtConfig *meeting = vt_station_get_config (fixture->station);
  g_autoptr(VtConfig) station = vt_test_load_config (VT_TEST_MUNICIPAL);
  const VtDocumentKind polling[] = { VT_DOCUMENT_PROTOCOL, VT_DOCUMENT_PACKING_LIST,
                                     VT_DOCUMENT_RECEIPT, VT_DOCUMENT_SEALS,
                                     VT_DOCUMENT_OPENING_REPORT,
                                     VT_DOCUMENT_CLOSING_REPORT };
  g_autofree char *out = g_build_filename (fixture->dir, "protocol.pdf", NULL);
  g_autofree char *notice = g_build_filename (fixture->dir, "notice.pdf", NULL);
  g_autofree char *err = NULL;
  const char *print_station[] = { "print", "protocol", fixture->path, "-o", out, NULL };
  const char *print_notice[] = { "print", "office-notice", fixture->path, "-o", notice, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (polling); i++)
    {
      g_assert_false (vt_document_kind_applies (polling[i], meeting));
      g_assert_true (vt_document_kind_applies (polling[i], station));
    }
  g_assert_true (vt_document_kind_applies (VT_DOCUMENT_MEETING_PROTOCOL, meeting));
  g_assert_true (vt_document_kind_applies (VT_DOCUMENT_OFFICE_NOTICE, meeting));
  g_assert_false (vt_document_kind_applies (VT_DOCUMENT_MEETING_PROTOCOL, station));
  g_assert_false (vt_document_kind_applies (VT_DOCUMENT_OFFICE_NOTICE, station));

  g_assert_cmpint (vt_test_run_valgting (print_station, &err), ==, 2);
  g_assert_nonnull (strstr (err, "meeting-protocol"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (vt_test_run_valgting (print_notice, &err), ==, 0);
  g_assert_true (g_file_test (notice, G_FILE_TEST_EXISTS));
}

/* Building one for the other is a programming error, not a paper. */
static void
test_build_refused (Replayed     *fixture,
                    gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_assert_null (vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*vt_document_kind_applies*");
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

  g_test_add ("/meeting/protocol/tells-the-meeting-in-bokmal", Replayed, NULL,
              replayed_set_up, test_protocol_nb, replayed_tear_down);
  g_test_add ("/meeting/protocol/tells-the-meeting-in-nynorsk", Replayed, NULL,
              replayed_set_up, test_protocol_nn, replayed_tear_down);
  g_test_add ("/meeting/protocol/reprint-marked-as-copy-on-every-page", Replayed, NULL,
              replayed_set_up, test_protocol_copy, replayed_tear_down);
  g_test_add ("/meeting/notice/one-page-who-holds-which-office", Replayed, NULL,
              replayed_set_up, test_notice, replayed_tear_down);
  ADD ("/meeting/protocol/amended-after-signing-is-not-signed", test_protocol_amended_after_signing);
  ADD ("/meeting/documents/an-office-left-vacant", test_vacant);
  g_test_add ("/meeting/documents/training-marked-on-every-page", StationFixture,
              "training/organisation-meeting-nn.json", station_fixture_set_up,
              test_training_mark, station_fixture_tear_down);
  g_test_add ("/meeting/documents/station-documents-not-for-a-meeting", Replayed, NULL,
              replayed_set_up, test_applies, replayed_tear_down);
  g_test_add ("/meeting/documents/building-one-for-the-other-is-refused", Replayed, NULL,
              replayed_set_up, test_build_refused, replayed_tear_down);

  return g_test_run ();
}
