/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "vt-day-clock.h"
#include "vt-kind-ids.h"
#include "vt-scenario.h"
#include "vt-test-util.h"

/* The header's line about the day, phase by phase, at fixed times: it says what is true for
 * the phase (opens in, closes in, closed at, counting since, phoned in), in the station's own
 * time, and never counts down to a day the station is not on. The example election has two
 * days: 2029-09-09 14:00–19:00 and 2029-09-10 09:00–21:00, in Europe/Oslo. */

static void
assert_clock (StationFixture *fixture,
              int             day,
              const char     *hhmm,
              const char     *expected)
{
  g_autoptr(GDateTime) saved = g_date_time_ref (fixture->now);
  g_autofree char *text = NULL;

  vt_test_at (fixture, day, hhmm);
  text = vt_day_clock_dup_text (fixture->station, fixture->now);
  g_test_message ("day %d %s: %s", day, hhmm, text);
  g_assert_cmpstr (text, ==, expected);
  /* What it read of the entries since it last looked says what reading them all says. */
  {
    g_autofree char *again = NULL;

    g_object_set_data (G_OBJECT (fixture->station), "vt-day-clock-facts", NULL);
    again = vt_day_clock_dup_text (fixture->station, fixture->now);
    g_assert_cmpstr (again, ==, expected);
  }
  g_clear_pointer (&fixture->now, g_date_time_unref);
  fixture->now = g_steal_pointer (&saved);
}

/* The clock, having read the entries since it last looked, says what it says having read them
 * all. */
static void
clock_agrees (StationFixture *fixture)
{
  g_autofree char *since = vt_day_clock_dup_text (fixture->station, fixture->now);
  g_autofree char *all = NULL;

  g_object_set_data (G_OBJECT (fixture->station), "vt-day-clock-facts", NULL);
  all = vt_day_clock_dup_text (fixture->station, fixture->now);
  g_assert_cmpstr (since, ==, all);
}

/* At an arbitrary moment, not on an election day. */
static char *
clock_at (StationFixture *fixture,
          const char     *iso)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (when);
  return vt_day_clock_dup_text (fixture->station, when);
}

static void
test_span (void)
{
  g_autofree char *a = vt_day_clock_format_span (80 * G_TIME_SPAN_MINUTE);
  g_autofree char *b = vt_day_clock_format_span (12 * G_TIME_SPAN_MINUTE + 1);
  g_autofree char *c = vt_day_clock_format_span (0);
  g_autofree char *d = vt_day_clock_format_span (123 * G_TIME_SPAN_MINUTE - G_TIME_SPAN_SECOND);

  g_assert_cmpstr (a, ==, "1 h 20 min");
  g_assert_cmpstr (b, ==, "13 min");
  g_assert_cmpstr (c, ==, "0 min");
  g_assert_cmpstr (d, ==, "2 h 3 min");
}

static void
test_before_opening (StationFixture *fixture,
                     gconstpointer   data)
{
  vt_test_at (fixture, 1, "12:00");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_SETUP);
  assert_clock (fixture, 1, "12:40", "Opens at 14:00 — in 1 h 20 min");
  assert_clock (fixture, 1, "13:59", "Opens at 14:00 — in 1 min");
  assert_clock (fixture, 1, "14:05", "Opening time was 14:00 — 5 min ago");
  /* The day before: no countdown of a day and more, the date instead. */
  {
    g_autofree char *text = clock_at (fixture, "2029-09-08T20:00:00+02:00");
    g_assert_cmpstr (text, ==, "Opens at 14:00 on 09.09.2029");
  }
  /* In the station's own zone: 11:40 UTC is 13:40 in Oslo. */
  {
    g_autofree char *text = clock_at (fixture, "2029-09-09T11:40:00Z");
    g_assert_cmpstr (text, ==, "Opens at 14:00 — in 20 min");
  }
}

static void
test_voting_and_the_night (StationFixture *fixture,
                           gconstpointer   data)
{
  vt_test_open_station (fixture);
  assert_clock (fixture, 1, "16:57", "Closes at 19:00 — 2 h 3 min left");
  assert_clock (fixture, 1, "18:59", "Closes at 19:00 — 1 min left");
  assert_clock (fixture, 1, "19:04", "Closing time was 19:00 — 4 min ago");
  /* Opened again weeks later, still in the voting phase: the station's own day. */
  {
    g_autofree char *text = clock_at (fixture, "2029-10-01T12:00:00+02:00");
    g_assert_cmpstr (text, ==, "Closes at 19:00 on 09.09.2029");
  }
  /* A log ahead of the wall clock is a replay: never "283 days left". */
  {
    g_autofree char *text = clock_at (fixture, "2028-12-04T17:00:00+01:00");
    g_assert_cmpstr (text, ==, "Closes at 19:00 on 09.09.2029");
  }

  vt_test_at (fixture, 1, "19:00");
  vt_test_do (fixture, VT_KIND_DOORS_CLOSE, vt_test_chair (fixture),
              "{\"queue\": 0, \"for_night\": true}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_NIGHT);
  assert_clock (fixture, 1, "19:30", "Closed for the night — opens tomorrow at 09:00");
  assert_clock (fixture, 1, "23:59", "Closed for the night — opens tomorrow at 09:00");
  assert_clock (fixture, 2, "06:40", "Closed for the night — opens at 09:00, in 2 h 20 min");
  /* Replayed: "tomorrow" from the evening the doors closed, not from today. */
  {
    g_autofree char *text = clock_at (fixture, "2026-12-04T17:00:00+01:00");
    g_assert_cmpstr (text, ==, "Closed for the night — opens tomorrow at 09:00");
  }

  /* Day 2: the seal checked, the doors open; the countdown is to day 2's closing. */
  vt_test_at (fixture, 2, "08:30");
  vt_test_do (fixture, VT_KIND_URN_SEAL_CHECK, vt_test_chair (fixture),
              "{\"urn\": \"U1\", \"strip\": 1001}");
  assert_clock (fixture, 2, "08:40", "Closed for the night — opens at 09:00, in 20 min");
  vt_test_at (fixture, 2, "09:00");
  vt_test_do (fixture, VT_KIND_DOORS_OPEN, vt_test_chair (fixture), "{}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);
  assert_clock (fixture, 2, "09:00", "Closes at 21:00 — 12 h 0 min left");
  assert_clock (fixture, 2, "20:30", "Closes at 21:00 — 30 min left");
}

/* After the doors closed for good the header never counts down to a closing again. */
static void
test_after_closing (StationFixture *fixture,
                    gconstpointer   data)
{
  const char *chair;

  vt_test_open_station (fixture);
  clock_agrees (fixture);
  chair = vt_test_chair (fixture);
  vt_test_at (fixture, 1, "19:00");
  vt_test_do (fixture, VT_KIND_DOORS_CLOSE, chair, "{\"queue\": 0, \"for_night\": true}");
  clock_agrees (fixture);
  vt_test_at (fixture, 2, "08:30");
  vt_test_do (fixture, VT_KIND_URN_SEAL_CHECK, chair, "{\"urn\": \"U1\", \"strip\": 1001}");
  clock_agrees (fixture);
  vt_test_at (fixture, 2, "09:00");
  vt_test_do (fixture, VT_KIND_DOORS_OPEN, chair, "{}");
  clock_agrees (fixture);

  vt_test_at (fixture, 2, "21:04");
  vt_test_do (fixture, VT_KIND_DOORS_CLOSE, chair, "{\"queue\": 0}");
  clock_agrees (fixture);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
  assert_clock (fixture, 2, "21:30", "Closed at 21:04");
  assert_clock (fixture, 2, "23:50", "Closed at 21:04");
  {
    /* Days later, or replayed long before: the same. */
    g_autofree char *later = clock_at (fixture, "2029-09-20T10:00:00+02:00");
    g_autofree char *before = clock_at (fixture, "2026-12-04T10:00:00+01:00");
    g_assert_cmpstr (later, ==, "Closed at 21:04");
    g_assert_cmpstr (before, ==, "Closed at 21:04");
  }

  /* The closing steps, then the first urn opened: the count has begun. */
  vt_test_at (fixture, 2, "21:10");
  vt_test_count_all_roll_marks (fixture, 10);
  clock_agrees (fixture);
  vt_test_count_all_envelopes (fixture, 0);
  clock_agrees (fixture);
  vt_test_do (fixture, VT_KIND_CLOSING_UNUSED_BALLOTS_REMOVED, chair, "{}");
  clock_agrees (fixture);
  vt_test_do (fixture, VT_KIND_CLOSING_STAMPS_HANDED_IN, chair, "{}");
  clock_agrees (fixture);
  vt_test_do (fixture, VT_KIND_SHIPMENT_PACKED, chair,
              "{\"rolls\": 4, \"stamps\": 2, \"envelopes\": 0}");
  clock_agrees (fixture);
  vt_test_do (fixture, VT_KIND_SHIPMENT_HANDED_OVER, chair, "{\"to\": \"The courier\"}");
  clock_agrees (fixture);
  vt_test_at (fixture, 2, "21:40");
  vt_test_do (fixture, VT_KIND_URN_OPEN, chair, "{\"urn\": \"U1\"}");
  clock_agrees (fixture);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_COUNTING);
  assert_clock (fixture, 2, "22:15", "Counting since 21:40");
  {
    g_autofree char *later = clock_at (fixture, "2029-09-11T01:00:00+02:00");
    g_assert_cmpstr (later, ==, "Counting since 21:40");
  }
}

/* The busy two-day example replayed to the end, in the scenario's own time, and looked at
 * today: the protocol phase says when the results went in, never a closing to come. */
static void
test_replayed_protocol (void)
{
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "busy-municipal-two-days.json", NULL);
  g_autofree char *dir = g_dir_make_tmp ("valgting-clock-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "station.valgting", NULL);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  GListModel *journal;

  g_assert_true (vt_scenario_replay (scenario, path, &report, &error));
  g_assert_no_error (error);
  station = vt_station_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_station_get_phase (station), ==, VT_PHASE_PROTOCOL);

  journal = vt_station_get_journal (station);
  for (guint i = 0; i < g_list_model_get_n_items (journal) && expected == NULL; i++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i);
      if (g_str_equal (vt_journal_entry_get_kind (entry), VT_KIND_RESULTS_PHONED))
        {
          g_autoptr(GDateTime) local = vt_journal_entry_dup_local_time (entry);
          g_autofree char *at = g_date_time_format (local, "%H:%M");
          expected = g_strdup_printf ("Results phoned in at %s", at);
        }
    }
  g_assert_nonnull (expected);
  text = vt_day_clock_dup_text (station, today);
  g_assert_cmpstr (text, ==, expected);

  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/day-clock/span", test_span);
  g_test_add ("/day-clock/before-opening", StationFixture, NULL, station_fixture_set_up,
              test_before_opening, station_fixture_tear_down);
  g_test_add ("/day-clock/voting-and-the-night", StationFixture, NULL, station_fixture_set_up,
              test_voting_and_the_night, station_fixture_tear_down);
  g_test_add ("/day-clock/after-closing", StationFixture, NULL, station_fixture_set_up,
              test_after_closing, station_fixture_tear_down);
  g_test_add_func ("/day-clock/replayed-protocol", test_replayed_protocol);
  return g_test_run ();
}
