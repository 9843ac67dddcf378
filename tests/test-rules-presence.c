/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include "vt-i18n.h"
#include "vt-station-state.h"
#include "vt-documents.h"
#include "vt-kind-ids.h"
#include "vt-test-util.h"

/* Whoever acts and whoever witnesses is present (arrived, not left) and holds the role the
 * procedure names, and no one is both (vt-rules-presence.c): for each procedure, a witness
 * who never arrived, one who has left, an actor not present and the same person twice are
 * refused, and each refusal is logged (vt_test_refused checks the journal). */

#define CHAIR "kari-ovingsen"
#define DEPUTY "ola-provesen"
#define MEMBER "nora-testdal"
#define INSPECTOR "ingrid-ovelsrud"
#define MARKER "anders-eksempelsen"
#define MARKER2 "sigrid-provestad"
#define OUTDOOR "liv-ovingstad"

#define ADD(path, func) \
  g_test_add (path, StationFixture, VT_TEST_MUNICIPAL, station_fixture_set_up, func, \
              station_fixture_tear_down)

static void
arrive (StationFixture *fixture,
        const char     *person)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", person);

  if (!vt_station_is_present (fixture->station, person))
    vt_test_do (fixture, "person.arrive", CHAIR, json);
}

static void
leave (StationFixture *fixture,
       const char     *person)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", person);

  vt_test_do (fixture, "person.leave", CHAIR, json);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* Refused by @rule; the message is checked to contain @needle when it is not NULL. */
static void
refused (StationFixture *fixture,
         const char     *kind,
         const char     *actor,
         const char     *json,
         const char     *rule,
         const char     *needle)
{
  g_autofree char *message = vt_test_refused (fixture, kind, actor, json, rule);

  if (needle != NULL)
    assert_contains (message, needle);
}

/* The four ways a witnessed procedure goes wrong, for a kind whose payload names the witness
 * in "witness": never arrived (MARKER2), left (MARKER), the actor not present, the actor as
 * witness. @json names the witness as WITNESS. */
static char *
with_witness (const char *json,
              const char *witness)
{
  g_auto(GStrv) parts = g_strsplit (json, "WITNESS", -1);

  return g_strjoinv (witness, parts);
}

static void
check_witnessed (StationFixture *fixture,
                 const char     *kind,
                 const char     *actor,
                 const char     *json)
{
  g_autofree char *never = with_witness (json, MARKER2);
  g_autofree char *left = with_witness (json, MARKER);
  g_autofree char *self = with_witness (json, actor);
  g_autofree char *good = with_witness (json, DEPUTY);

  arrive (fixture, MARKER);
  leave (fixture, MARKER);
  refused (fixture, kind, actor, never, "urn.witness-absent", "Sigrid Prøvestad is not registered");
  refused (fixture, kind, actor, left, "urn.witness-absent", "left at");
  refused (fixture, kind, actor, self, "urn.witness-is-actor", "named as both");

  /* The actor away: whoever logs it is not here either. */
  leave (fixture, actor);
  refused (fixture, kind, actor, good, "urn.actor-absent", "left at");
  arrive (fixture, actor);
}

/* ---- urns ------------------------------------------------------------------------------- */

static void
test_verify_empty (StationFixture *fixture,
                   gconstpointer   data)
{
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "10:00");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U2\", \"kind\": \"ordinary\", "
                                         "\"table\": \"2\"}");
  check_witnessed (fixture, "urn.verify-empty", CHAIR,
                   "{\"urn\": \"U2\", \"witness\": \"WITNESS\"}");
  /* Who is here, as someone else than who logs it, is the witness. */
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U2\", \"witness\": \"" DEPUTY "\"}");
}

static void
test_seal (StationFixture *fixture,
           gconstpointer   data)
{
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "10:00");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U2\", \"kind\": \"ordinary\", "
                                         "\"table\": \"2\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U2\", \"witness\": \"" DEPUTY "\"}");
  check_witnessed (fixture, "urn.seal", CHAIR,
                   "{\"urn\": \"U2\", \"strip\": 1002, \"witness\": \"WITNESS\"}");

  /* The chair who is not present: the deputy chair seals instead, the chair witnessing
   * from outside is refused too. */
  leave (fixture, CHAIR);
  refused (fixture, "urn.seal", DEPUTY, "{\"urn\": \"U2\", \"strip\": 1002, \"witness\": \""
           CHAIR "\"}", "urn.witness-absent", "Kari Øvingsen left at");
  /* A marker who is here is not the chair. */
  arrive (fixture, MARKER2);
  refused (fixture, "urn.seal", MARKER2, "{\"urn\": \"U2\", \"strip\": 1002, \"witness\": \""
           DEPUTY "\"}", "urn.seal-by-chair", "Sigrid Prøvestad");
  arrive (fixture, CHAIR);
  vt_test_do (fixture, "urn.seal", DEPUTY, "{\"urn\": \"U2\", \"strip\": 1002, \"witness\": \""
              CHAIR "\"}");
}

static void
test_full (StationFixture *fixture,
           gconstpointer   data)
{
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "15:00");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U2\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U2\", \"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U2\", \"strip\": 1003, \"witness\": \""
              DEPUTY "\"}");
  check_witnessed (fixture, "urn.full", CHAIR,
                   "{\"urn\": \"U1\", \"strip\": 1002, \"witness\": \"WITNESS\", "
                   "\"replacement\": \"U2\"}");
  vt_test_do (fixture, "urn.full", CHAIR, "{\"urn\": \"U1\", \"strip\": 1002, \"witness\": \""
              DEPUTY "\", \"replacement\": \"U2\"}");
}

#define BREAK(first, second) \
  "{\"urn\": \"U1\", \"strip\": 1001, \"member\": \"" first "\", \"second_member\": \"" \
  second "\", \"reason\": \"Emptied into the reserve box\"}"

static void
test_seal_break (StationFixture *fixture,
                 gconstpointer   data)
{
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "15:00");
  arrive (fixture, INSPECTOR);

  /* A board member who never arrived, and one who has left. */
  refused (fixture, "seal.break", CHAIR, BREAK (CHAIR, MEMBER), "seal.member-absent",
           "Nora Testdal is not registered");
  arrive (fixture, MEMBER);
  refused (fixture, "seal.break", CHAIR, BREAK (MEMBER, MEMBER), "seal.same-member",
           "Nora Testdal is named as both");
  leave (fixture, MEMBER);
  refused (fixture, "seal.break", CHAIR, BREAK (CHAIR, MEMBER), "seal.member-absent",
           "Nora Testdal left at");
  /* Present, but not of the board. */
  refused (fixture, "seal.break", CHAIR, BREAK (CHAIR, INSPECTOR), "seal.not-board-member",
           "Ingrid Øvelsrud");
  /* The chair who is not here does not log it either. */
  leave (fixture, CHAIR);
  refused (fixture, "seal.break", CHAIR, BREAK (DEPUTY, MEMBER), "seal.actor-absent", NULL);
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  vt_test_do (fixture, "seal.break", CHAIR, BREAK (DEPUTY, MEMBER));
}

/* ---- outdoor voting --------------------------------------------------------------------- */

#define OUT(first, second) \
  "{\"worker\": \"" first "\", \"second_worker\": \"" second "\", \"in_roll\": true, " \
  "\"table\": \"1\", \"page\": 3, \"line\": 4}"

static void
test_outdoor (StationFixture *fixture,
              gconstpointer   data)
{
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "11:00");
  arrive (fixture, OUTDOOR);
  arrive (fixture, MARKER);

  refused (fixture, "outdoor.start", CHAIR, OUT (OUTDOOR, OUTDOOR), "outdoor.same-worker",
           "Liv Øvingstad is named as both");
  refused (fixture, "outdoor.start", CHAIR, OUT (OUTDOOR, MARKER2),
           "outdoor.worker-not-present", "Sigrid Prøvestad is not registered");
  leave (fixture, MARKER);
  refused (fixture, "outdoor.start", CHAIR, OUT (OUTDOOR, MARKER), "outdoor.worker-not-present",
           "left at");
  refused (fixture, "outdoor.start", DEPUTY, OUT (OUTDOOR, CHAIR), "outdoor.chair-stays",
           "stays in the room");
  leave (fixture, CHAIR);
  refused (fixture, "outdoor.start", CHAIR, OUT (OUTDOOR, DEPUTY), "outdoor.actor-absent", NULL);
}

/* ---- counting, explaining, signing ------------------------------------------------------ */

static void
reach_closing (StationFixture *fixture)
{
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", CHAIR, "{\"queue\": 0}");
}

static void
test_counting (StationFixture *fixture,
               gconstpointer   data)
{
  const char *marks = "{\"table\": \"1\", \"day\": 1, \"count\": 100, \"counter\": \""
                      CHAIR "\"}";

  reach_closing (fixture);
  arrive (fixture, MARKER);
  leave (fixture, MARKER);
  /* Who counts is here: one who left, one who never came. */
  refused (fixture, "roll-marks.count", MARKER, marks, "count.actor-absent", "left at");
  refused (fixture, "roll-marks.count", MARKER2, marks, "count.actor-absent", "not registered");
  arrive (fixture, MARKER2);
  vt_test_do (fixture, "roll-marks.count", MARKER2, marks);
}

static void
test_explaining (StationFixture *fixture,
                 gconstpointer   data)
{
  const char *explain = "{\"code\": \"K103\", \"text\": \"Two strips torn\"}";

  reach_closing (fixture);
  arrive (fixture, MEMBER);
  leave (fixture, MEMBER);
  refused (fixture, "count.explain", MEMBER, explain, "explain.actor-absent", "left at");
  leave (fixture, CHAIR);
  refused (fixture, "count.explain", CHAIR, explain, "explain.actor-absent", "Kari Øvingsen");
}

static gint64
count_pile (StationFixture *fixture,
            const char     *contest_id,
            const char     *pile,
            gint64          n)
{
  g_autofree char *fields = g_strdup_printf ("\"contest\": \"%s\", \"pile\": \"%s\"",
                                             contest_id, pile);

  return vt_test_count_twice (fixture, VT_KIND_PILE_COUNT, fields, n, n);
}

/* Counted and phoned in: 100 marks at each table, 300 ballots in each contest, nothing to
 * explain. */
static void
reach_protocol (StationFixture *fixture)
{
  GPtrArray *tables = vt_config_get_tables (fixture->config);
  GPtrArray *contests = vt_config_get_contests (fixture->config);

  reach_closing (fixture);
  vt_test_count_all_roll_marks (fixture, 100);
  vt_test_do (fixture, "closing.unused-ballots-removed", CHAIR, "{}");
  vt_test_do (fixture, "closing.stamps-handed-in", CHAIR, "{}");
  vt_test_count_all_envelopes (fixture, 0);
  vt_test_do_printf (fixture, "shipment.packed", "{\"rolls\": %u, \"stamps\": 4, "
                                                 "\"envelopes\": 0}", tables->len);
  vt_test_do (fixture, "shipment.handed-over", CHAIR, "{\"to\": \"Valgkontoret, bud 3\"}");
  vt_test_do (fixture, "urn.open", CHAIR, "{\"urn\": \"U1\"}");

  arrive (fixture, MARKER);
  leave (fixture, MARKER);
  refused (fixture, "pile.count", MARKER, "{\"contest\": \"kommunestyre\", \"pile\": \"blank\", "
           "\"count\": 1, \"counter\": \"" CHAIR "\"}", "count.actor-absent", "left at");

  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);

      for (guint i = 0; i < contest->lists->len; i++)
        count_pile (fixture, contest->id,
                    ((VtPartyList *)g_ptr_array_index (contest->lists, i))->id,
                    i == 0 ? 300 - 1 - 10 * (contest->lists->len - 1) : 10);
      count_pile (fixture, contest->id, "blank", 1);
      count_pile (fixture, contest->id, "doubtful", 0);
    }
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", CHAIR, "{\"to\": \"Valgkontoret\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
}

static void
test_signing (StationFixture *fixture,
              gconstpointer   data)
{
  reach_protocol (fixture);
  refused (fixture, "protocol.sign", CHAIR, "{\"person\": \"" MEMBER "\", \"on_paper\": true}",
           "protocol.signer-not-present", "Nora Testdal is not registered");
  arrive (fixture, MEMBER);
  leave (fixture, MEMBER);

  refused (fixture, "protocol.sign", CHAIR, "{\"person\": \"" MEMBER "\", \"on_paper\": true}",
           "protocol.signer-not-present", "Nora Testdal left at");
  refused (fixture, "protocol.sign", CHAIR, "{\"person\": \"" MARKER "\", \"on_paper\": true}",
           "protocol.not-a-signer", NULL);
  /* Who logs the signature is here too. */
  leave (fixture, CHAIR);
  refused (fixture, "protocol.sign", CHAIR, "{\"person\": \"" DEPUTY "\", \"on_paper\": true}",
           "protocol.actor-absent", NULL);
  arrive (fixture, CHAIR);
  vt_test_do (fixture, "protocol.sign", CHAIR, "{\"person\": \"" DEPUTY "\", \"on_paper\": true}");
}

/* The inspector signs only where the municipality's form has a line for it; here, present,
 * and the inspector's box is on the signature page. */
static void
test_inspector_signs (StationFixture *fixture,
                      gconstpointer   data)
{
  gboolean configured = vt_config_get_inspector_signs (fixture->config);

  reach_protocol (fixture);
  arrive (fixture, INSPECTOR);
  if (!configured)
    {
      refused (fixture, "protocol.sign", CHAIR,
               "{\"person\": \"" INSPECTOR "\", \"on_paper\": true}", "protocol.not-a-signer",
               NULL);
      return;
    }
  g_assert_cmpint (vt_test_do (fixture, "protocol.sign", CHAIR,
                               "{\"person\": \"" INSPECTOR "\", \"on_paper\": true}"), >, 0);
  {
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) pdf = vt_doc_to_pdf (doc, &error);
    g_autoptr(GPtrArray) pages = NULL;
    gboolean found = FALSE;

    g_assert_no_error (error);
    pages = vt_test_pdf_page_texts (pdf);
    for (guint i = 0; i < pages->len; i++)
      {
        const char *page = g_ptr_array_index (pages, i);

        if (strstr (page, "Underskrifter:") != NULL)
          found = strstr (page, "Inspektør:") != NULL && strstr (page, "Ingrid Øvelsrud") != NULL;
      }
    g_assert_true (found);
  }
}

/* ---- who gives the window's commands ---------------------------------------------------- */

/* The window gives its commands as the chair; while the chair is away, as the deputy chair
 * who is here, so that sealing goes on without an absent chair's name on it. */
static void
test_actor_while_chair_away (StationFixture *fixture,
                             gconstpointer   data)
{
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "12:00");
  g_assert_cmpstr (vt_station_get_actor (fixture->station), ==, CHAIR);
  leave (fixture, CHAIR);
  g_assert_cmpstr (vt_station_get_actor (fixture->station), ==, DEPUTY);
  arrive (fixture, MEMBER);
  vt_test_do (fixture, "urn.add", vt_station_get_actor (fixture->station),
              "{\"urn\": \"U2\", \"kind\": \"ordinary\", \"table\": \"2\"}");
  vt_test_do (fixture, "urn.verify-empty", vt_station_get_actor (fixture->station),
              "{\"urn\": \"U2\", \"witness\": \"" MEMBER "\"}");
  vt_test_do (fixture, "urn.seal", vt_station_get_actor (fixture->station),
              "{\"urn\": \"U2\", \"strip\": 1002, \"witness\": \"" MEMBER "\"}");
  /* Neither here: the chair's name, and the rules say who must come. */
  leave (fixture, DEPUTY);
  g_assert_cmpstr (vt_station_get_actor (fixture->station), ==, CHAIR);
}

/* ---- the station's language ------------------------------------------------------------- */

/* A refusal is told, and logged, in the station's language (Bokmål here), not the process's
 * (LANGUAGE=C): the board reads it, and the log is the station's. */
static void
test_refusal_in_station_language (StationFixture *fixture,
                                  gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_station_set_message_language (fixture->station, NULL);
  g_assert_cmpstr (vt_config_get_language (fixture->config), ==, "nb");
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "10:00");
  message = vt_test_refused (fixture, "seal.break", CHAIR, BREAK (CHAIR, MEMBER),
                             "seal.member-absent");
  assert_contains (message, "Nora Testdal er ikke registrert som til stede");
  assert_contains (message, "«Plombe brutt»");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  ADD ("/presence/urn/verify-empty", test_verify_empty);
  ADD ("/presence/urn/seal", test_seal);
  ADD ("/presence/urn/full", test_full);
  ADD ("/presence/seal/break", test_seal_break);
  ADD ("/presence/outdoor/start", test_outdoor);
  ADD ("/presence/count/roll-marks", test_counting);
  ADD ("/presence/count/explain", test_explaining);
  ADD ("/presence/protocol/sign", test_signing);
  ADD ("/presence/protocol/inspector-does-not-sign-by-default", test_inspector_signs);
  g_test_add ("/presence/protocol/inspector-signs-where-the-form-asks", StationFixture,
              "municipal-2027-inspector-signs.json", station_fixture_set_up, test_inspector_signs,
              station_fixture_tear_down);
  ADD ("/presence/actor/deputy-while-chair-away", test_actor_while_chair_away);
  ADD ("/presence/refusal/station-language", test_refusal_in_station_language);

  return g_test_run ();
}
