/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-checks.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-test-util.h"

/* Board and staff, the opening checklist, the doors and the phases they move through, the
 * generic checks every command passes, and corrections. */

#define ADD(path, func, data) \
  g_test_add (path, StationFixture, data, station_fixture_set_up, func, station_fixture_tear_down)

static gboolean
has_finding (StationFixture *fixture,
             const char     *code,
             const char     *subject)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (fixture->station);

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      if (g_str_equal (finding->code, code) && g_strcmp0 (finding->subject, subject) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ---- board and staff -------------------------------------------------------------------- */

static void
test_arrive_and_leave (StationFixture *fixture,
                       gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);
  g_autofree char *message = NULL;

  vt_test_at (fixture, 1, "07:00");
  vt_test_do (fixture, "person.arrive", chair, "{\"person\": \"nora-testdal\"}");
  message = vt_test_refused (fixture, "person.arrive", chair, "{\"person\": \"nora-testdal\"}",
                             "person.already-present");
  g_assert_nonnull (strstr (message, "Nora Testdal"));

  vt_test_do (fixture, "person.leave", chair, "{\"person\": \"nora-testdal\"}");
  g_free (vt_test_refused (fixture, "person.leave", chair, "{\"person\": \"nora-testdal\"}",
                           "person.not-present"));
  /* Back after a break. */
  vt_test_do (fixture, "person.arrive", chair, "{\"person\": \"nora-testdal\"}");
}

static void
test_declaration_once (StationFixture *fixture,
                       gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);

  vt_test_do (fixture, "person.declaration", chair, "{\"person\": \"liv-ovingstad\"}");
  g_free (vt_test_refused (fixture, "person.declaration", chair,
                           "{\"person\": \"liv-ovingstad\"}", "person.declaration-signed"));
}

/* ---- what every command passes ---------------------------------------------------------- */

static void
test_generic_validation (StationFixture *fixture,
                         gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);
  g_autofree char *message = NULL;

  g_free (vt_test_refused (fixture, "urn.polish", chair, "{}", "unknown-kind"));
  g_free (vt_test_refused (fixture, VT_ENTRY_REFUSED, chair, "{}", "unknown-kind"));
  g_free (vt_test_refused (fixture, "person.arrive", "nobody", "{\"person\": \"kari-ovingsen\"}",
                           "unknown-actor"));
  message = vt_test_refused (fixture, "person.arrive", chair, "{}", "invalid-input");
  /* The field as the form calls it, not its id. */
  g_assert_nonnull (strstr (message, "Who arrived"));
  g_assert_null (strstr (message, "“person”"));
  g_clear_pointer (&message, g_free);
  g_free (vt_test_refused (fixture, "person.arrive", chair, "{\"person\": \"someone-else\"}",
                           "invalid-input"));
  message = vt_test_refused (fixture, "person.arrive", chair,
                             "{\"person\": \"nora-testdal\", \"mood\": \"good\"}",
                             "invalid-input");
  g_assert_nonnull (strstr (message, "“mood”"));
  g_free (vt_test_refused (fixture, "strips.receive", chair, "{\"first\": -4}", "invalid-input"));
  g_free (vt_test_refused (fixture, "strips.receive", chair, "{\"first\": \"12\"}",
                           "invalid-input"));
  g_free (vt_test_refused (fixture, "incident.power", chair, "{\"state\": \"flickering\"}",
                           "invalid-input"));
  g_free (vt_test_refused (fixture, "incident.press", chair,
                           "{\"note\": \"Asked about voter 01010010183\"}", "personal-data"));
  g_free (vt_test_refused (fixture, "correction.annul", chair,
                           "{\"entry\": 99, \"reason\": \"wrong\"}", "invalid-input"));
}

static void
test_board_only (StationFixture *fixture,
                 gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_at (fixture, 1, "07:00");
  vt_test_do (fixture, "check.done", vt_test_chair (fixture), "{\"check\": \"phone\"}");
  message = vt_test_refused (fixture, "doors.open", "anders-eksempelsen", "{}", "board-only");
  g_assert_nonnull (strstr (message, "Anders Eksempelsen"));
}

static void
test_retry_is_idempotent (StationFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(VtJournalEntry) first = NULL;
  g_autoptr(VtJournalEntry) again = NULL;
  g_autoptr(GError) error = NULL;

  /* The second try of an accepted command finds it written and does not check it again (it
   * would now be refused: the person is already present). */
  json_object_set_string_member (payload, "person", "nora-testdal");
  first = vt_station_execute (fixture->station, "arrive-1", "person.arrive",
                              vt_test_chair (fixture), payload, &error);
  g_assert_no_error (error);
  again = vt_station_execute (fixture->station, "arrive-1", "person.arrive",
                              vt_test_chair (fixture), payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_journal_entry_get_seq (first), ==, vt_journal_entry_get_seq (again));
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (fixture->station)), ==, 2);
}

/* ---- opening ---------------------------------------------------------------------------- */

static void
test_first_check_starts_opening (StationFixture *fixture,
                                 gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);

  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_SETUP);
  g_assert_true (has_finding (fixture, "K101", "phone"));

  vt_test_at (fixture, 1, "07:00");
  vt_test_do (fixture, "person.arrive", chair, "{\"person\": \"kari-ovingsen\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_SETUP);

  vt_test_do (fixture, "check.done", chair, "{\"check\": \"phone\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_OPENING);
  g_assert_false (has_finding (fixture, "K101", "phone"));
  g_assert_true (has_finding (fixture, "K101", "clock"));
}

static void
test_check_done_twice (StationFixture *fixture,
                       gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);

  vt_test_do (fixture, "check.deviation", chair,
              "{\"check\": \"signs\", \"note\": \"Rode signs missing; office called 07:40\"}");
  g_assert_false (has_finding (fixture, "K101", "signs"));
  /* Fixed later: a deviation may become done, once. */
  vt_test_do (fixture, "check.done", chair, "{\"check\": \"signs\"}");
  g_free (vt_test_refused (fixture, "check.done", chair, "{\"check\": \"signs\"}",
                           "check.already-done"));
  g_free (vt_test_refused (fixture, "check.deviation", chair,
                           "{\"check\": \"signs\", \"note\": \"again\"}", "check.already-done"));
}

static void
test_doors_need_checks (StationFixture *fixture,
                        gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_at (fixture, 1, "07:00");
  vt_test_do (fixture, "check.done", vt_test_chair (fixture), "{\"check\": \"phone\"}");
  vt_test_at (fixture, 1, "09:00");
  message = vt_test_refused (fixture, "doors.open", vt_test_chair (fixture), "{}",
                             "doors.open-blocked");
  g_assert_nonnull (strstr (message, "K101"));
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_OPENING);
}

static void
test_doors_in_setup (StationFixture *fixture,
                     gconstpointer   data)
{
  vt_test_at (fixture, 1, "09:00");
  g_free (vt_test_refused (fixture, "doors.open", vt_test_chair (fixture), "{}", "wrong-phase"));
}

static void
test_doors_open_on_time (StationFixture *fixture,
                         gconstpointer   data)
{
  /* Everything ready before nine, the doors open at nine, no reason needed. */
  vt_test_open_station (fixture);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);
  g_assert_false (has_finding (fixture, "K101", "phone"));
}

/* Opening more than five minutes late needs a reason, as opening early does. */
static void
test_doors_open_late_needs_reason (StationFixture *fixture,
                                   gconstpointer   data)
{
  GPtrArray *checks = vt_config_get_checklist (fixture->config);
  const char *chair = vt_test_chair (fixture);
  g_autofree char *message = NULL;
  g_autofree char *late = NULL;
  g_autoptr(GDateTime) forty = NULL;
  VtElectionDay *day = g_ptr_array_index (vt_config_get_days (fixture->config), 0);
  g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");

  vt_test_at (fixture, 1, "07:30");
  vt_test_do_printf (fixture, "person.arrive", "{\"person\": \"%s\"}", chair);
  vt_test_do_printf (fixture, "person.arrive", "{\"person\": \"%s\"}", vt_test_deputy (fixture));
  for (guint i = 0; i < checks->len; i++)
    vt_test_do_printf (fixture, "check.done", "{\"check\": \"%s\"}",
                       ((VtCheck *)g_ptr_array_index (checks, i))->id);
  vt_test_do (fixture, "strips.receive", chair, "{\"first\": 1001, \"last\": 1010}");
  vt_test_do (fixture, "urn.add", chair, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  vt_test_do_printf (fixture, "urn.verify-empty", "{\"urn\": \"U1\", \"witness\": \"%s\"}",
                     vt_test_deputy (fixture));
  vt_test_do_printf (fixture, "urn.seal", "{\"urn\": \"U1\", \"strip\": 1001, "
                                          "\"witness\": \"%s\"}", vt_test_deputy (fixture));

  forty = g_date_time_add_minutes (day->opens, 40);
  late = g_date_time_format (forty, "%H:%M");
  vt_test_at (fixture, 1, late);
  message = vt_test_refused (fixture, "doors.open", chair, "{}", "doors.open-late");
  g_assert_nonnull (strstr (message, opens));
  g_assert_nonnull (strstr (message, late));
  g_assert_nonnull (strstr (message, "give the reason"));
  vt_test_do (fixture, "doors.open", chair, "{\"reason\": \"The caretaker came with the key "
                                            "at 09:35\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);
}

static void
test_doors_open_early_needs_reason (StationFixture *fixture,
                                    gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  GPtrArray *checks = vt_config_get_checklist (fixture->config);
  const char *chair = vt_test_chair (fixture);
  g_autofree char *seal = g_strdup_printf ("{\"urn\": \"U1\", \"strip\": 1001, "
                                           "\"witness\": \"%s\"}", vt_test_deputy (fixture));
  g_autofree char *empty = g_strdup_printf ("{\"urn\": \"U1\", \"witness\": \"%s\"}",
                                            vt_test_deputy (fixture));

  vt_test_at (fixture, 1, "07:30");
  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"check\": \"%s\"}",
                                               ((VtCheck *)g_ptr_array_index (checks, i))->id);
      vt_test_do (fixture, "check.done", chair, json);
    }
  vt_test_do (fixture, "strips.receive", chair, "{\"first\": 1001, \"last\": 1010}");
  vt_test_do (fixture, "urn.add", chair, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  {
    /* The chair and the witness are in the room (urn.actor-absent, urn.witness-absent). */
    g_autofree char *arrive = g_strdup_printf ("{\"person\": \"%s\"}", vt_test_deputy (fixture));
    g_autofree char *arrive_chair = g_strdup_printf ("{\"person\": \"%s\"}", chair);
    vt_test_do (fixture, "person.arrive", chair, arrive_chair);
    vt_test_do (fixture, "person.arrive", chair, arrive);
  }
  vt_test_do (fixture, "urn.verify-empty", chair, empty);
  vt_test_do (fixture, "urn.seal", chair, seal);

  vt_test_at (fixture, 1, "08:55");
  message = vt_test_refused (fixture, "doors.open", chair, "{}", "doors.open-early");
  g_assert_nonnull (strstr (message, "09:00"));
  vt_test_do (fixture, "doors.open", chair,
              "{\"reason\": \"Long queue in the rain; the office agreed by phone\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);

  /* Once a day. */
  g_free (vt_test_refused (fixture, "doors.open", chair, "{}", "wrong-phase"));
}

static void
test_doors_close (StationFixture *fixture,
                  gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "20:30");
  message = vt_test_refused (fixture, "doors.close", chair, "{\"queue\": 0}", "doors.close-early");
  g_assert_nonnull (strstr (message, "21:00"));
  g_free (vt_test_refused (fixture, "doors.close", chair, "{\"queue\": 0, \"for_night\": true}",
                           "doors.no-next-day"));

  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair, "{\"queue\": 6}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
  g_free (vt_test_refused (fixture, "doors.open", chair, "{}", "wrong-phase"));
}

static void
test_two_days (StationFixture *fixture,
               gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "19:00");
  g_free (vt_test_refused (fixture, "doors.close", chair, "{\"queue\": 0}",
                           "doors.next-day-follows"));
  vt_test_do (fixture, "doors.close", chair, "{\"queue\": 2, \"for_night\": true}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_NIGHT);

  /* Next morning: the seal is checked, then the doors open again. */
  vt_test_at (fixture, 2, "08:30");
  vt_test_do (fixture, "urn.seal-check", chair, "{\"urn\": \"U1\", \"strip\": 1001}");
  vt_test_at (fixture, 2, "09:00");
  vt_test_do (fixture, "doors.open", chair, "{}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);

  /* The last day closes for good. */
  vt_test_at (fixture, 2, "21:00");
  g_free (vt_test_refused (fixture, "doors.close", chair, "{\"queue\": 0, \"for_night\": true}",
                           "doors.no-next-day"));
  vt_test_do (fixture, "doors.close", chair, "{\"queue\": 0}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
}

/* ---- corrections ------------------------------------------------------------------------ */

static void
test_annul_follows_state (StationFixture *fixture,
                          gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);
  gint64 done;
  g_autofree char *json = NULL;

  vt_test_at (fixture, 1, "07:00");
  done = vt_test_do (fixture, "check.done", chair, "{\"check\": \"fire\"}");
  g_assert_false (has_finding (fixture, "K101", "fire"));

  json = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"Not done: the "
                          "caretaker had not arrived\"}", done);
  g_free (vt_test_refused (fixture, "correction.annul", "anders-eksempelsen", json,
                           "board-only"));
  vt_test_do (fixture, "correction.annul", chair, json);
  g_assert_true (has_finding (fixture, "K101", "fire"));
  g_free (vt_test_refused (fixture, "correction.annul", chair, json,
                           "correction.already-annulled"));

  /* The original stays in the journal as it was. */
  {
    g_autoptr(VtJournalEntry) original = vt_store_get_entry (
      vt_station_get_store (fixture->station), done, NULL);
    g_assert_cmpstr (vt_journal_entry_get_kind (original), ==, "check.done");
  }

  /* And it can be done for real now. */
  vt_test_do (fixture, "check.done", chair, "{\"check\": \"fire\"}");
  g_assert_false (has_finding (fixture, "K101", "fire"));
}

static void
test_amend (StationFixture *fixture,
            gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);
  gint64 arrived;
  g_autofree char *amend = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *unknown = NULL;

  vt_test_at (fixture, 1, "07:00");
  arrived = vt_test_do (fixture, "person.arrive", chair, "{\"person\": \"nora-testdal\"}");

  /* It was Ola who came, not Nora. */
  amend = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"Wrong name\", "
                           "\"changes\": {\"person\": \"ola-provesen\"}}", arrived);
  vt_test_do (fixture, "correction.amend", chair, amend);
  g_free (vt_test_refused (fixture, "person.leave", chair, "{\"person\": \"nora-testdal\"}",
                           "person.not-present"));
  vt_test_do (fixture, "person.leave", chair, "{\"person\": \"ola-provesen\"}");

  bad = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"x\", "
                         "\"changes\": {\"person\": \"nobody\"}}", arrived);
  g_free (vt_test_refused (fixture, "correction.amend", chair, bad, "correction.invalid"));
  unknown = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"x\", "
                             "\"changes\": {\"colour\": \"red\"}}", arrived);
  g_free (vt_test_refused (fixture, "correction.amend", chair, unknown,
                           "correction.unknown-field"));
  g_free (vt_test_refused (fixture, "correction.annul", chair,
                           "{\"entry\": 1, \"reason\": \"x\"}", "correction.not-correctable"));
}

static void
test_state_survives_reopen (StationFixture *fixture,
                            gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);
  g_autoptr(GError) error = NULL;

  vt_test_open_station (fixture);
  vt_test_do (fixture, "person.arrive", chair, "{\"person\": \"nora-testdal\"}");

  g_clear_object (&fixture->station);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);

  /* The rules still know who is here. */
  g_free (vt_test_refused (fixture, "person.arrive", chair, "{\"person\": \"nora-testdal\"}",
                           "person.already-present"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  ADD ("/people/arrive-and-leave/are-refused-when-already-so", test_arrive_and_leave,
       VT_TEST_MUNICIPAL);
  ADD ("/people/declaration/is-signed-once", test_declaration_once, VT_TEST_MUNICIPAL);
  ADD ("/commands/fields-are-checked-and-refusals-logged", test_generic_validation,
       VT_TEST_MUNICIPAL);
  ADD ("/commands/board-only-commands-need-a-board-member", test_board_only, VT_TEST_MUNICIPAL);
  ADD ("/commands/retry-of-an-accepted-command-writes-once", test_retry_is_idempotent,
       VT_TEST_MUNICIPAL);
  ADD ("/opening/first-check-moves-setup-to-opening", test_first_check_starts_opening,
       VT_TEST_MUNICIPAL);
  ADD ("/opening/check-is-done-once-after-any-deviation", test_check_done_twice,
       VT_TEST_MUNICIPAL);
  ADD ("/doors/open/is-blocked-by-unfinished-checks", test_doors_need_checks, VT_TEST_MUNICIPAL);
  ADD ("/doors/open/is-not-a-setup-step", test_doors_in_setup, VT_TEST_MUNICIPAL);
  ADD ("/doors/open/on-time-when-ready", test_doors_open_on_time, VT_TEST_MUNICIPAL);
  ADD ("/doors/open/late-needs-a-reason", test_doors_open_late_needs_reason, VT_TEST_MUNICIPAL);
  ADD ("/doors/open/early-needs-a-reason", test_doors_open_early_needs_reason,
       VT_TEST_MUNICIPAL);
  ADD ("/doors/close/early-needs-a-reason-and-last-day-closes-for-good", test_doors_close,
       VT_TEST_MUNICIPAL);
  ADD ("/doors/close/first-of-two-days-closes-for-the-night", test_two_days, NULL);
  ADD ("/corrections/annul-is-followed-by-the-state", test_annul_follows_state,
       VT_TEST_MUNICIPAL);
  ADD ("/corrections/amend-is-followed-and-checked", test_amend, VT_TEST_MUNICIPAL);
  ADD ("/state/survives-closing-and-reopening-the-file", test_state_survives_reopen,
       VT_TEST_MUNICIPAL);

  return g_test_run ();
}
