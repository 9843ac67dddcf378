/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>

#include "vt-checks.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-documents.h"
#include "vt-station-state.h"
#include "vt-verify.h"
#include "vt-test-util.h"

/* Closing, shipment 1, the preliminary count and the results: every rule of
 * vt-rules-closing.c, its allowed path and each of its refusals. */

/* ---- helpers ---------------------------------------------------------------------------- */

static const char *
chair (StationFixture *fixture)
{
  return vt_test_chair (fixture);
}

static gint64
do_printf (StationFixture *fixture,
           const char     *kind,
           const char     *format,
           ...) G_GNUC_PRINTF (3, 4);

static gint64
do_printf (StationFixture *fixture,
           const char     *kind,
           const char     *format,
           ...)
{
  g_autofree char *json = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  return vt_test_do (fixture, kind, chair (fixture), json);
}

/* The chair and the deputy chair in the room, to count and control-count. */
static void
board_here (StationFixture *fixture)
{
  if (!vt_station_is_present (fixture->station, chair (fixture)))
    do_printf (fixture, "person.arrive", "{\"person\": \"%s\"}", chair (fixture));
}

/* Voting in the municipal fixture, then the doors closed at 21:00 with nobody in the queue. */
static void
reach_closing (StationFixture *fixture)
{
  vt_test_open_station (fixture);
  board_here (fixture);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
}

/* A refusal whose message the test does not look at. */
static void
refuse (StationFixture *fixture,
        const char     *kind,
        const char     *actor,
        const char     *json,
        const char     *rule)
{
  g_free (vt_test_refused (fixture, kind, actor, json, rule));
}

static gint64
roll_marks (StationFixture *fixture,
            const char     *table,
            int             day,
            gint64          n)
{
  g_autofree char *fields = g_strdup_printf ("\"table\": \"%s\", \"day\": %d", table, day);

  return vt_test_count_twice (fixture, "roll-marks.count", fields, n, n);
}

static gint64
envelopes_counted (StationFixture *fixture,
                   const char     *reason,
                   gint64          n)
{
  g_autofree char *fields = g_strdup_printf ("\"reason\": \"%s\"", reason);

  return vt_test_count_twice (fixture, "envelopes.count", fields, n, n);
}

/* Every envelope reason not counted yet, counted as none. */
static void
count_remaining_envelopes (StationFixture *fixture)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (fixture->config);
  g_autoptr(GPtrArray) findings = NULL;

  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);

      if (vt_station_get_count_state (fixture->station, "envelopes.count", reason->id, NULL,
                                      0) == VT_COUNT_STATE_NONE)
        envelopes_counted (fixture, reason->id, 0);
    }
}

/* Unused ballots out, stamps in, shipment 1 packed with every table's roll and @envelopes,
 * and handed over. */
static void
finish_closing (StationFixture *fixture,
                gint64          envelopes)
{
  vt_test_do (fixture, "closing.unused-ballots-removed", chair (fixture), "{}");
  vt_test_do (fixture, "closing.stamps-handed-in", chair (fixture), "{}");
  count_remaining_envelopes (fixture);
  do_printf (fixture, "shipment.packed",
             "{\"rolls\": %u, \"stamps\": 4, \"envelopes\": %" PRId64 "}",
             vt_config_get_tables (fixture->config)->len, envelopes);
  vt_test_do (fixture, "shipment.handed-over", chair (fixture),
              "{\"to\": \"Valgkontoret, bud 3\"}");
}

/* The municipal fixture in the count: 100 marks at each of the three tables, urn U1 open. */
static void
reach_counting (StationFixture *fixture)
{
  reach_closing (fixture);
  vt_test_count_all_roll_marks (fixture, 100);
  finish_closing (fixture, 0);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_COUNTING);
}

static const VtContest *
contest (StationFixture *fixture,
         const char     *id)
{
  GPtrArray *contests = vt_config_get_contests (fixture->config);

  for (guint i = 0; i < contests->len; i++)
    if (g_str_equal (((VtContest *)g_ptr_array_index (contests, i))->id, id))
      return g_ptr_array_index (contests, i);
  g_assert_not_reached ();
}

static gint64
count_pile (StationFixture *fixture,
            const char     *contest_id,
            const char     *pile,
            gint64          n)
{
  g_autofree char *fields = g_strdup_printf ("\"contest\": \"%s\", \"pile\": \"%s\"",
                                             contest_id, pile);

  return vt_test_count_twice (fixture, "pile.count", fields, n, n);
}

/* Every pile of a contest counted by party, @total ballots in all: 20 on each list but the
 * first, 6 blank, 2 doubtful (shares no plausibility check questions), the rest on the first
 * list. Leaves out @skip. */
static void
count_contest_except (StationFixture *fixture,
                      const char     *contest_id,
                      gint64          total,
                      const char     *skip)
{
  const VtContest *c = contest (fixture, contest_id);
  gint64 first = total - 20 * (c->lists->len - 1) - 6 - 2;

  g_assert_cmpint (first, >=, 0);
  for (guint i = 0; i < c->lists->len; i++)
    {
      const char *list = ((VtPartyList *)g_ptr_array_index (c->lists, i))->id;
      if (g_strcmp0 (list, skip) != 0)
        count_pile (fixture, contest_id, list, i == 0 ? first : 20);
    }
  if (g_strcmp0 ("blank", skip) != 0)
    count_pile (fixture, contest_id, "blank", 6);
  if (g_strcmp0 ("doubtful", skip) != 0)
    count_pile (fixture, contest_id, "doubtful", 2);
}

/* Both entries of a count corrected to @n, given the seq of its control count (as the
 * helpers above return it; the first count is the entry before). */
static void
amend_count (StationFixture *fixture,
             gint64          control_seq,
             gint64          n)
{
  g_autofree char *first = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": "
                                            "\"Recounted\", \"changes\": {\"count\": %"
                                            PRId64 "}}", control_seq - 1, n);
  g_autofree char *control = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": "
                                              "\"Recounted\", \"changes\": "
                                              "{\"control_count\": %" PRId64 "}}",
                                              control_seq, n);

  vt_test_do (fixture, "correction.amend", chair (fixture), first);
  vt_test_do (fixture, "correction.amend", chair (fixture), control);
}

static void
count_contest (StationFixture *fixture,
               const char     *contest_id,
               gint64          total)
{
  count_contest_except (fixture, contest_id, total, NULL);
}

/* The findings of one check; @subject NULL for any. */
static GPtrArray *
findings_of (StationFixture *fixture,
             const char     *code,
             const char     *subject)
{
  g_autoptr(GPtrArray) all = vt_station_run_checks (fixture->station);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);

  for (guint i = 0; i < all->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (all, i);

      if (g_str_equal (finding->code, code) &&
          (subject == NULL || g_strcmp0 (finding->subject, subject) == 0))
        g_ptr_array_add (found, g_ptr_array_steal_index (all, i--));
    }
  return found;
}



static VtFinding *
the_finding (GPtrArray *findings)
{
  g_assert_cmpuint (findings->len, ==, 1);
  return g_ptr_array_index (findings, 0);
}

static char *
summary_of (StationFixture *fixture,
            gint64          seq)
{
  g_autoptr(VtJournalEntry) entry = vt_store_get_entry (vt_station_get_store (fixture->station),
                                                        seq, NULL);
  return vt_journal_entry_dup_summary (entry, fixture->config);
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    const char *_h = (haystack); \
    if (strstr (_h, (needle)) == NULL) \
      g_error ("“%s” does not contain “%s”", _h, (needle)); \
  } G_STMT_END

/* ---- closing steps ---------------------------------------------------------------------- */

static void
test_steps_once_each (StationFixture *fixture,
                      gconstpointer   data)
{
  static const char * const steps[] = {
    "closing.last-voter", "closing.unused-ballots-removed", "closing.stamps-handed-in",
  };
  static const char * const summaries[] = {
    "The last voter in the queue has voted", "Every unused ballot is out of the room",
    "Every stamp is handed in",
  };

  reach_closing (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *message = NULL;
      gint64 seq = vt_test_do (fixture, steps[i], chair (fixture), "{}");
      g_autofree char *number = g_strdup_printf ("%" PRId64, seq);
      g_autofree char *summary = summary_of (fixture, seq);

      g_assert_cmpstr (summary, ==, summaries[i]);

      message = vt_test_refused (fixture, steps[i], chair (fixture), "{}", "closing.step-done");
      assert_contains (message, number);
    }
}

static void
test_steps_wait_for_the_queue (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 3}");

  message = vt_test_refused (fixture, "closing.unused-ballots-removed", chair (fixture), "{}",
                             "closing.queue-still-voting");
  assert_contains (message, "3 people");
  refuse (fixture, "closing.stamps-handed-in", chair (fixture), "{}",
          "closing.queue-still-voting");

  vt_test_at (fixture, 1, "21:10");
  vt_test_do (fixture, "closing.last-voter", chair (fixture), "{}");
  vt_test_do (fixture, "closing.unused-ballots-removed", chair (fixture), "{}");
  vt_test_do (fixture, "closing.stamps-handed-in", chair (fixture), "{}");
}

/* Those in the queue at closing time vote as during the day: a special envelope, a wrong mark
 * or an unstamped ballot is logged then too, and no longer once the last voter is done. */
static void
test_queue_votes_after_the_doors_close (StationFixture *fixture,
                                        gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 2}");
  vt_test_at (fixture, 1, "21:04");
  /* What the palette offers is what logging allows. */
  g_assert_true (vt_station_allows_now (fixture->station, "envelope"));
  vt_test_do (fixture, "envelope", chair (fixture), "{\"reason\": \"not-in-roll\"}");
  vt_test_do (fixture, "incident.unstamped", chair (fixture), "{\"table\": \"1\"}");
  vt_test_do (fixture, "closing.last-voter", chair (fixture), "{}");
  g_assert_false (vt_station_allows_now (fixture->station, "envelope"));
  g_assert_false (vt_station_allows_now (fixture->station, "incident.unstamped"));

  message = vt_test_refused (fixture, "envelope", chair (fixture),
                             "{\"reason\": \"not-in-roll\"}", "wrong-phase");
  assert_contains (message, "Special envelope");
  refuse (fixture, "incident.unstamped", chair (fixture), "{\"table\": \"1\"}", "wrong-phase");
}

/* With nobody in the queue, voting ends with the doors. */
static void
test_no_queue_no_votes_after_closing (StationFixture *fixture,
                                      gconstpointer   data)
{
  reach_closing (fixture);
  g_assert_false (vt_station_allows_now (fixture->station, "envelope"));
  refuse (fixture, "envelope", chair (fixture), "{\"reason\": \"not-in-roll\"}",
          "wrong-phase");
}

static void
test_steps_k303_until_done (StationFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *message = NULL;

  reach_closing (fixture);
  before = findings_of (fixture, "K303", NULL);
  g_assert_cmpuint (before->len, ==, 3);
  g_assert_cmpstr (((VtFinding *)g_ptr_array_index (before, 0))->subject, ==,
                   "closing.unused-ballots-removed");
  g_assert_cmpstr (((VtFinding *)g_ptr_array_index (before, 1))->subject, ==,
                   "closing.stamps-handed-in");
  g_assert_cmpstr (((VtFinding *)g_ptr_array_index (before, 2))->subject, ==,
                   "shipment.handed-over");
  g_assert_cmpint (((VtFinding *)g_ptr_array_index (before, 0))->severity, ==,
                   VT_SEVERITY_ERROR);

  /* No urn is opened before the unused ballots are out and the stamps are in. */
  message = vt_test_refused (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}",
                             "urn.open-blocked");
  assert_contains (message, "K303");

  vt_test_count_all_roll_marks (fixture, 100);
  finish_closing (fixture, 0);
  after = findings_of (fixture, "K303", NULL);
  g_assert_cmpuint (after->len, ==, 0);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_COUNTING);
}

static void
test_no_findings_while_voting (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autoptr(GPtrArray) k301 = NULL;
  g_autoptr(GPtrArray) k303 = NULL;

  vt_test_open_station (fixture);
  k301 = findings_of (fixture, "K301", NULL);
  k303 = findings_of (fixture, "K303", NULL);
  g_assert_cmpuint (k301->len, ==, 0);
  g_assert_cmpuint (k303->len, ==, 0);
}

/* ---- roll marks ------------------------------------------------------------------------- */

static void
test_roll_marks_counted (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *summary = NULL;
  gint64 seq;

  reach_closing (fixture);
  before = findings_of (fixture, "K301", NULL);
  g_assert_cmpuint (before->len, ==, 3);
  g_assert_cmpstr (((VtFinding *)g_ptr_array_index (before, 1))->subject, ==, "2/1");

  seq = roll_marks (fixture, "2", 1, 312);
  summary = summary_of (fixture, seq);
  g_assert_cmpstr (summary, ==, "Roll marks, table 2, day 1: control count 312, by Ola Prøvesen");
  g_free (summary);
  summary = summary_of (fixture, seq - 1);
  g_assert_cmpstr (summary, ==, "Roll marks, table 2, day 1: 312, counted by Kari Øvingsen");

  after = findings_of (fixture, "K301", NULL);
  g_assert_cmpuint (after->len, ==, 2);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (((VtFinding *)g_ptr_array_index (after, i))->subject, !=, "2/1");
}

/* The two counts are two entries; when they differ the table's marks are counted again, and
 * every count stays in the log. */
static void
test_roll_marks_control_count_differs (StationFixture *fixture,
                                       gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) differs = NULL;
  g_autoptr(GPtrArray) recounted = NULL;
  gint64 first, control, again;

  reach_closing (fixture);
  first = do_printf (fixture, "roll-marks.count", "{\"table\": \"2\", \"day\": 1, "
                     "\"count\": 312, \"counter\": \"%s\"}", chair (fixture));
  {
    g_autoptr(GPtrArray) awaiting = findings_of (fixture, "K301", "2/1");
    /* The first number is not shown while the control count is still to come. */
    g_assert_cmpstr (the_finding (awaiting)->message, ==,
                     "Table 2, day 1: the roll marks are counted, awaiting the control count by "
                     "a second board member");
  }
  control = do_printf (fixture, "roll-marks.control", "{\"table\": \"2\", \"day\": 1, "
                       "\"control_count\": 311, \"controller\": \"%s\"}",
                       vt_test_deputy (fixture));
  differs = findings_of (fixture, "K301", "2/1");
  g_assert_cmpstr (the_finding (differs)->message, ==,
                   "Table 2, day 1: the count (312) and the control count (311) differ: count "
                   "the marks again");

  /* No second control count of the same first count: the marks are counted again. */
  message = vt_test_refused (fixture, "roll-marks.control", chair (fixture),
                             "{\"table\": \"2\", \"day\": 1, \"control_count\": 312, "
                             "\"controller\": \"kari-ovingsen\"}", "count.recount-needed");
  assert_contains (message, "the roll marks of table 2 for day 1");

  again = do_printf (fixture, "roll-marks.count", "{\"table\": \"2\", \"day\": 1, "
                     "\"count\": 311, \"counter\": \"%s\"}", vt_test_deputy (fixture));
  do_printf (fixture, "roll-marks.control", "{\"table\": \"2\", \"day\": 1, "
             "\"control_count\": 311, \"controller\": \"%s\"}", chair (fixture));
  recounted = findings_of (fixture, "K301", "2/1");
  g_assert_cmpuint (recounted->len, ==, 0);
  g_assert_true (vt_station_get_roll_marks (fixture->station, "2", 1, NULL));

  /* Both counts and the recount are in the log, as given. */
  {
    VtStore *store = vt_station_get_store (fixture->station);
    g_autoptr(VtJournalEntry) a = vt_store_get_entry (store, first, NULL);
    g_autoptr(VtJournalEntry) b = vt_store_get_entry (store, control, NULL);
    g_autoptr(VtJournalEntry) c = vt_store_get_entry (store, again, NULL);

    g_assert_cmpstr (vt_journal_entry_get_kind (a), ==, "roll-marks.count");
    g_assert_cmpint (json_object_get_int_member (vt_journal_entry_get_payload_object (a),
                                                 "count"), ==, 312);
    g_assert_cmpint (json_object_get_int_member (vt_journal_entry_get_payload_object (b),
                                                 "control_count"), ==, 311);
    g_assert_cmpint (json_object_get_int_member (vt_journal_entry_get_payload_object (c),
                                                 "count"), ==, 311);
  }
}

static void
test_roll_marks_refused_twice (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *number = NULL;
  g_autofree char *changes = NULL;
  g_autoptr(GPtrArray) k301 = NULL;
  gint64 seq;

  reach_closing (fixture);
  seq = roll_marks (fixture, "1", 1, 200);
  number = g_strdup_printf ("entry %" PRId64, seq);
  message = vt_test_refused (fixture, "roll-marks.count", chair (fixture),
                             "{\"table\": \"1\", \"day\": 1, \"count\": 201, "
                             "\"counter\": \"kari-ovingsen\"}", "roll-marks.already-counted");
  assert_contains (message, number);

  /* The way to change it is a correction of the two entries. */
  changes = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Recounted\", "
                             "\"changes\": {\"count\": 201}}", seq - 1);
  vt_test_do (fixture, "correction.amend", chair (fixture), changes);
  g_free (changes);
  changes = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Recounted\", "
                             "\"changes\": {\"control_count\": 201}}", seq);
  vt_test_do (fixture, "correction.amend", chair (fixture), changes);
  k301 = findings_of (fixture, "K301", "1/1");
  g_assert_cmpuint (k301->len, ==, 0);
}

static void
test_roll_marks_corrected_to_disagree (StationFixture *fixture,
                                       gconstpointer   data)
{
  g_autofree char *changes = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) k301 = NULL;
  gint64 seq;

  /* A correction is held to the kind's full rule: a count corrected so that it no longer
   * matches its control count is refused as the count itself would be. */
  reach_closing (fixture);
  seq = roll_marks (fixture, "1", 1, 200);
  changes = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Typo\", "
                             "\"changes\": {\"count\": 210}}", seq - 1);
  vt_test_do (fixture, "correction.amend", chair (fixture), changes);
  k301 = findings_of (fixture, "K301", "1/1");
  assert_contains (the_finding (k301)->message, "differ: count the marks again");
}

static void
test_roll_marks_annulled (StationFixture *fixture,
                          gconstpointer   data)
{
  g_autofree char *annul = NULL;
  g_autoptr(GPtrArray) k301 = NULL;
  gint64 seq;

  reach_closing (fixture);
  seq = roll_marks (fixture, "1", 1, 200);
  /* The first count annulled: its control count controls nothing. */
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Wrong table\"}", seq - 1);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  k301 = findings_of (fixture, "K301", "1/1");
  g_assert_cmpuint (k301->len, ==, 1);

  /* After the annulment the table is counted afresh. */
  roll_marks (fixture, "1", 1, 201);
}

static void
test_roll_marks_kept_per_day (StationFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(GPtrArray) night = NULL;
  g_autoptr(GPtrArray) closing = NULL;
  g_autofree char *message = NULL;
  g_autofree char *json = NULL;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "19:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0, \"for_night\": true}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_NIGHT);

  /* The first day's marks are counted in the night; the second day has not happened. */
  vt_test_at (fixture, 1, "19:30");
  roll_marks (fixture, "1", 1, 150);
  json = g_strdup_printf ("{\"table\": \"1\", \"day\": 2, \"count\": 10, "
                          "\"counter\": \"%s\"}", chair (fixture));
  message = vt_test_refused (fixture, "roll-marks.count", chair (fixture), json,
                             "roll-marks.day-not-over");
  assert_contains (message, "Day 2");

  vt_test_at (fixture, 2, "08:30");
  vt_test_do (fixture, "urn.seal-check", chair (fixture), "{\"urn\": \"U1\", \"strip\": 1001}");
  vt_test_at (fixture, 2, "09:00");
  vt_test_do (fixture, "doors.open", chair (fixture), "{}");
  vt_test_at (fixture, 2, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");

  /* Four tables, two days, one counted. */
  closing = findings_of (fixture, "K301", NULL);
  g_assert_cmpuint (closing->len, ==, 7);
  roll_marks (fixture, "1", 2, 300);
  g_free (json);
  json = g_strdup_printf ("{\"table\": \"1\", \"day\": 2, \"count\": 300, "
                          "\"counter\": \"%s\"}", chair (fixture));
  refuse (fixture, "roll-marks.count", chair (fixture), json, "roll-marks.already-counted");
  g_clear_pointer (&closing, g_ptr_array_unref);
  closing = findings_of (fixture, "K301", NULL);
  g_assert_cmpuint (closing->len, ==, 6);
}

/* ---- special envelopes ------------------------------------------------------------------ */

static void
log_envelopes (StationFixture *fixture,
               const char     *reason,
               int             n)
{
  for (int i = 0; i < n; i++)
    do_printf (fixture, "envelope", "{\"reason\": \"%s\"}", reason);
}

static void
test_envelopes_counted_as_logged (StationFixture *fixture,
                                  gconstpointer   data)
{
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) k302 = NULL;
  gint64 seq;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "12:00");
  log_envelopes (fixture, "not-in-roll", 4);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");

  seq = envelopes_counted (fixture, "not-in-roll", 4);
  summary = summary_of (fixture, seq);
  g_assert_cmpstr (summary, ==, "Special envelopes, Ikke i kommunens manntall: control count 4, "
                                "by Ola Prøvesen");
  k302 = findings_of (fixture, "K302", NULL);
  g_assert_cmpuint (k302->len, ==, 0);
}

static void
test_envelopes_control_count_differs (StationFixture *fixture,
                                      gconstpointer   data)
{
  g_autoptr(GPtrArray) k302 = NULL;
  g_autofree char *message = NULL;

  reach_closing (fixture);
  vt_test_count_all_roll_marks (fixture, 100);
  vt_test_count_twice (fixture, "envelopes.count", "\"reason\": \"not-in-roll\"", 4, 5);
  k302 = findings_of (fixture, "K302", "not-in-roll");
  g_assert_cmpstr (the_finding (k302)->message, ==,
                   "Ikke i kommunens manntall: the count (4) and the control count (5) differ: "
                   "count the envelopes again");
  g_assert_null (the_finding (k302)->explanation);

  /* Until they agree they are not counted, and shipment 1 waits for them. */
  count_remaining_envelopes (fixture);
  message = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                             "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 4}",
                             "shipment.envelopes-not-counted");
  assert_contains (message, "Ikke i kommunens manntall");
}

static void
test_envelopes_refused_twice (StationFixture *fixture,
                              gconstpointer   data)
{
  g_autofree char *message = NULL;

  reach_closing (fixture);
  envelopes_counted (fixture, "already-marked", 0);
  message = vt_test_refused (fixture, "envelopes.count", chair (fixture),
                             "{\"reason\": \"already-marked\", \"count\": 0, "
                             "\"counter\": \"kari-ovingsen\"}", "envelopes.already-counted");
  assert_contains (message, "Allerede krysset av i manntallet");
}

static void
test_envelopes_difference_needs_explanation (StationFixture *fixture,
                                             gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) k302 = NULL;
  VtFinding *finding;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "12:00");
  log_envelopes (fixture, "other-precinct", 2);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  board_here (fixture);

  vt_test_do (fixture, "envelopes.count", chair (fixture),
              "{\"reason\": \"other-precinct\", \"count\": 3, "
              "\"counter\": \"kari-ovingsen\"}");
  message = vt_test_refused (fixture, "envelopes.control", chair (fixture),
                             "{\"reason\": \"other-precinct\", \"control_count\": 3, "
                             "\"controller\": \"ola-provesen\"}",
                             "envelopes.difference-unexplained");
  assert_contains (message, "3 envelopes");
  assert_contains (message, "but 2 were logged");

  vt_test_do (fixture, "envelopes.control", chair (fixture),
              "{\"reason\": \"other-precinct\", \"control_count\": 3, "
              "\"controller\": \"ola-provesen\", "
              "\"explanation\": \"One envelope was not logged at 17:40, in the rush\"}");
  k302 = findings_of (fixture, "K302", "other-precinct");
  finding = the_finding (k302);
  g_assert_cmpint (finding->severity, ==, VT_SEVERITY_WARNING);
  assert_contains (finding->message, "3 counted, 2 logged");
  g_assert_cmpstr (finding->explanation, ==, "One envelope was not logged at 17:40, in the rush");
  g_assert_false (vt_finding_blocks (finding));
}

static void
test_envelopes_explained_later (StationFixture *fixture,
                                gconstpointer   data)
{
  g_autofree char *annul = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *message = NULL;
  gint64 first;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "12:00");
  first = do_printf (fixture, "envelope", "{\"reason\": \"not-in-roll\"}");
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");

  /* Nothing to explain while the counts agree. */
  message = vt_test_refused (fixture, "count.explain", chair (fixture),
                             "{\"code\": \"K302\", \"subject\": \"not-in-roll\", "
                             "\"text\": \"?\"}", "explain.nothing-to-explain");
  envelopes_counted (fixture, "not-in-roll", 1);

  /* The envelope logged during the day turns out to be logged by mistake. */
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Logged twice\"}", first);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  before = findings_of (fixture, "K302", "not-in-roll");
  g_assert_null (the_finding (before)->explanation);

  refuse (fixture, "count.explain", chair (fixture),
          "{\"code\": \"K302\", \"subject\": \"nowhere\", \"text\": \"?\"}",
          "explain.unknown-subject");
  refuse (fixture, "count.explain", chair (fixture),
          "{\"code\": \"K302\", \"text\": \"?\"}", "explain.subject-needed");
  vt_test_do (fixture, "count.explain", chair (fixture),
              "{\"code\": \"K302\", \"subject\": \"not-in-roll\", "
              "\"text\": \"The envelope was logged under another reason by mistake\"}");
  after = findings_of (fixture, "K302", "not-in-roll");
  g_assert_cmpstr (the_finding (after)->explanation, ==,
                   "The envelope was logged under another reason by mistake");
}

/* ---- shipment 1 ------------------------------------------------------------------------- */

static void
test_shipment_packed_after_every_reason_counted (StationFixture *fixture,
                                                 gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *mismatch = NULL;
  g_autofree char *summary = NULL;
  gint64 seq;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "12:00");
  log_envelopes (fixture, "other-precinct", 7);
  log_envelopes (fixture, "not-in-roll", 4);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  vt_test_count_all_roll_marks (fixture, 100);

  envelopes_counted (fixture, "other-precinct", 7);
  message = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                             "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 11}",
                             "shipment.envelopes-not-counted");
  assert_contains (message, "Allerede krysset av i manntallet");
  assert_contains (message, "Ikke i kommunens manntall");
  g_assert_null (strstr (message, "Fremmedstemme"));

  envelopes_counted (fixture, "already-marked", 0);
  envelopes_counted (fixture, "not-in-roll", 4);
  mismatch = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 10}",
                              "shipment.envelope-count");
  assert_contains (mismatch, "10 special envelopes, but 11 were counted");

  seq = vt_test_do (fixture, "shipment.packed", chair (fixture),
                    "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 11}");
  summary = summary_of (fixture, seq);
  g_assert_cmpstr (summary, ==, "Shipment 1 packed: 3 rolls, 4 stamps, 11 envelopes");
  refuse (fixture, "shipment.packed", chair (fixture),
          "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 11}",
          "shipment.already-packed");
}

static void
test_shipment_handed_over_after_packed (StationFixture *fixture,
                                        gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  gint64 seq;

  reach_closing (fixture);
  refuse (fixture, "shipment.handed-over", chair (fixture),
          "{\"to\": \"Valgkontoret, bud 3\"}", "shipment.not-packed");
  vt_test_count_all_roll_marks (fixture, 100);
  count_remaining_envelopes (fixture);
  vt_test_do (fixture, "shipment.packed", chair (fixture),
              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 0}");
  seq = vt_test_do (fixture, "shipment.handed-over", chair (fixture),
                    "{\"to\": \"Valgkontoret, bud 3\"}");
  summary = summary_of (fixture, seq);
  g_assert_cmpstr (summary, ==, "Shipment 1 handed over to Valgkontoret, bud 3");

  message = vt_test_refused (fixture, "shipment.handed-over", chair (fixture),
                             "{\"to\": \"Someone else\"}", "shipment.already-handed-over");
  assert_contains (message, "Valgkontoret, bud 3");
}

/* The rolls leave with shipment 1: every table's marks are counted and control-counted
 * first, and every roll of the station goes, one per table. */
static void
test_shipment_waits_for_roll_marks_and_every_roll (StationFixture *fixture,
                                                   gconstpointer   data)
{
  g_autofree char *none = NULL;
  g_autofree char *one_left = NULL;
  g_autofree char *fewer = NULL;
  g_autofree char *more = NULL;

  reach_closing (fixture);
  count_remaining_envelopes (fixture);

  none = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                          "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 0}",
                          "shipment.roll-marks-not-counted");
  assert_contains (none, "Count the roll marks of every table and day");
  assert_contains (none, "Table 1, day 1: the roll marks are not counted yet");
  assert_contains (none, "Table 3, day 1: the roll marks are not counted yet");

  roll_marks (fixture, "1", 1, 100);
  roll_marks (fixture, "2", 1, 100);
  one_left = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 0}",
                              "shipment.roll-marks-not-counted");
  assert_contains (one_left, "Table 3, day 1");
  g_assert_null (strstr (one_left, "Table 1,"));
  g_assert_null (strstr (one_left, "Table 2,"));
  roll_marks (fixture, "3", 1, 100);

  /* Three tables, three rolls: one left behind, or one too many, is counted wrong. */
  fewer = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                           "{\"rolls\": 2, \"stamps\": 4, \"envelopes\": 0}",
                           "shipment.roll-count");
  assert_contains (fewer, "Shipment 1 holds 2 rolls, but the station has 3, one for each "
                          "table: pack every roll.");
  more = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                          "{\"rolls\": 4, \"stamps\": 4, \"envelopes\": 0}",
                          "shipment.roll-count");
  assert_contains (more, "4 rolls, but the station has 3");
  vt_test_do (fixture, "shipment.packed", chair (fixture),
              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 0}");
}

/* Two days: the first day's marks, counted in the night, are not enough. */
static void
test_shipment_waits_for_every_day (StationFixture *fixture,
                                   gconstpointer   data)
{
  GPtrArray *tables = vt_config_get_tables (fixture->config);
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "19:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0, \"for_night\": true}");
  vt_test_at (fixture, 1, "19:30");
  for (guint i = 0; i < tables->len; i++)
    roll_marks (fixture, ((VtRollTable *)g_ptr_array_index (tables, i))->id, 1, 150);
  vt_test_at (fixture, 2, "08:30");
  vt_test_do (fixture, "urn.seal-check", chair (fixture), "{\"urn\": \"U1\", \"strip\": 1001}");
  vt_test_at (fixture, 2, "09:00");
  vt_test_do (fixture, "doors.open", chair (fixture), "{}");
  vt_test_at (fixture, 2, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  count_remaining_envelopes (fixture);

  message = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                             "{\"rolls\": 4, \"stamps\": 4, \"envelopes\": 0}",
                             "shipment.roll-marks-not-counted");
  assert_contains (message, "Table 1, day 2");
  g_assert_null (strstr (message, "day 1"));
  for (guint i = 0; i < tables->len; i++)
    roll_marks (fixture, ((VtRollTable *)g_ptr_array_index (tables, i))->id, 2, 300);
  vt_test_do (fixture, "shipment.packed", chair (fixture),
              "{\"rolls\": 4, \"stamps\": 4, \"envelopes\": 0}");
}

/* The special-envelope urn S1, taken into use, shown empty and sealed during the day. */
static void
add_special_envelope_urn (StationFixture *fixture)
{
  vt_test_do (fixture, "urn.add", chair (fixture),
              "{\"urn\": \"S1\", \"kind\": \"special-envelope\"}");
  do_printf (fixture, "urn.verify-empty", "{\"urn\": \"S1\", \"witness\": \"%s\"}",
             vt_test_deputy (fixture));
  do_printf (fixture, "urn.seal", "{\"urn\": \"S1\", \"strip\": 1002, \"witness\": \"%s\"}",
             vt_test_deputy (fixture));
}

/* The special envelopes are in their urn until it is opened: shipment 1 is neither packed
 * nor handed over while it is sealed. */
static void
test_shipment_waits_for_the_special_envelope_urn (StationFixture *fixture,
                                                  gconstpointer   data)
{
  g_autofree char *packed = NULL;
  g_autofree char *handed = NULL;
  g_autofree char *annul = NULL;
  gint64 opened;

  vt_test_open_station (fixture);
  add_special_envelope_urn (fixture);
  vt_test_at (fixture, 1, "12:00");
  log_envelopes (fixture, "not-in-roll", 2);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  vt_test_count_all_roll_marks (fixture, 100);
  vt_test_do (fixture, "closing.unused-ballots-removed", chair (fixture), "{}");
  vt_test_do (fixture, "closing.stamps-handed-in", chair (fixture), "{}");

  packed = vt_test_refused (fixture, "shipment.packed", chair (fixture),
                            "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 2}",
                            "shipment.special-urn-sealed");
  assert_contains (packed, "The special-envelope urn S1 is still sealed. Open it, count its "
                           "envelopes per reason, and then pack shipment 1.");

  opened = vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"S1\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
  refuse (fixture, "shipment.packed", chair (fixture),
          "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 2}", "shipment.envelopes-not-counted");
  envelopes_counted (fixture, "not-in-roll", 2);
  count_remaining_envelopes (fixture);
  vt_test_do (fixture, "shipment.packed", chair (fixture),
              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 2}");

  /* The opening was logged by mistake: the urn is sealed again, and the shipment waits. */
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Logged for the wrong urn\"}",
                           opened);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  handed = vt_test_refused (fixture, "shipment.handed-over", chair (fixture),
                            "{\"to\": \"Valgkontoret, bud 3\"}", "shipment.special-urn-sealed");
  assert_contains (handed, "The special-envelope urn S1 is still sealed");
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"S1\"}");
  vt_test_do (fixture, "shipment.handed-over", chair (fixture),
              "{\"to\": \"Valgkontoret, bud 3\"}");
}

/* Those in the queue at closing time may still vote in a special envelope: their urn stays
 * sealed until the last of them is done. */
static void
test_special_envelope_urn_waits_for_the_queue (StationFixture *fixture,
                                               gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  add_special_envelope_urn (fixture);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 2}");
  message = vt_test_refused (fixture, "urn.open", chair (fixture), "{\"urn\": \"S1\"}",
                             "urn.open-queue-still-voting");
  assert_contains (message, "record that the last voter is done");
  vt_test_do (fixture, "closing.last-voter", chair (fixture), "{}");
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"S1\"}");
}

/* The special-envelope urn is not one of the count's urns: once shipment 1 has left it is
 * not opened at the station, and the results do not wait for it. */
static void
test_special_envelope_urn_not_in_the_count (StationFixture *fixture,
                                            gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *annul = NULL;
  gint64 opened;

  vt_test_open_station (fixture);
  add_special_envelope_urn (fixture);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  vt_test_count_all_roll_marks (fixture, 100);
  opened = vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"S1\"}");
  finish_closing (fixture, 0);

  /* The opening is annulled after the shipment has left: S1 is sealed again, and stays so. */
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Logged for the wrong urn\"}",
                           opened);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  message = vt_test_refused (fixture, "urn.open", chair (fixture), "{\"urn\": \"S1\"}",
                             "urn.open-special-after-shipment");
  assert_contains (message, "Urn S1 is the special-envelope urn, and shipment 1 has already "
                            "left");
  assert_contains (message, "call the election office");

  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_COUNTING);
  count_contest (fixture, "kommunestyre", 300);
  count_contest (fixture, "fylkesting", 300);
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
}

/* ---- the count -------------------------------------------------------------------------- */

static void
test_pile_counted (StationFixture *fixture,
                   gconstpointer   data)
{
  g_autofree char *party = NULL;
  g_autofree char *blank = NULL;
  gint64 seq;

  reach_counting (fixture);
  seq = count_pile (fixture, "kommunestyre", "A", 312);
  party = summary_of (fixture, seq - 1);
  g_assert_cmpstr (party, ==, "Kommunestyrevalget, Arbeiderpartiet: 312, counted by Kari "
                              "Øvingsen");
  g_free (party);
  party = summary_of (fixture, seq);
  g_assert_cmpstr (party, ==, "Kommunestyrevalget, Arbeiderpartiet: control count 312, by Ola "
                              "Prøvesen");
  seq = count_pile (fixture, "fylkesting", "blank", 12);
  blank = summary_of (fixture, seq - 1);
  g_assert_cmpstr (blank, ==, "Fylkestingsvalget, blank ballots: 12, counted by Kari Øvingsen");
}

/* A pile counted and control-counted by two entries: K401 says where each pile stands, in
 * words; differing counts ask for a recount, which resolves it. */
static void
test_pile_control_count_differs (StationFixture *fixture,
                                 gconstpointer   data)
{
  g_autoptr(GPtrArray) awaiting = NULL;
  g_autoptr(GPtrArray) differs = NULL;
  g_autoptr(GPtrArray) recounted = NULL;
  g_autofree char *message = NULL;

  reach_counting (fixture);
  count_contest_except (fixture, "kommunestyre", 300, "H");
  do_printf (fixture, "pile.count", "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
             "\"count\": 90, \"counter\": \"%s\"}", chair (fixture));
  awaiting = findings_of (fixture, "K401", "kommunestyre");
  g_assert_cmpstr (the_finding (awaiting)->message, ==,
                   "Kommunestyrevalget: counted, awaiting the control count: Høyre");
  g_assert_false (vt_station_get_pile (fixture->station, "kommunestyre", "H", NULL));
  g_assert_cmpint (vt_station_get_count_state (fixture->station, "pile.count", "kommunestyre",
                                               "H", 0), ==, VT_COUNT_STATE_AWAITING_CONTROL);

  /* A second first count is not given while the control count is awaited. */
  message = vt_test_refused (fixture, "pile.count", chair (fixture),
                             "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
                             "\"count\": 91, \"counter\": \"ola-provesen\"}",
                             "count.awaiting-control");
  assert_contains (message, "the pile “Høyre” of Kommunestyrevalget");

  do_printf (fixture, "pile.control", "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
             "\"control_count\": 91, \"controller\": \"%s\"}", vt_test_deputy (fixture));
  differs = findings_of (fixture, "K401", "kommunestyre");
  g_assert_cmpstr (the_finding (differs)->message, ==,
                   "Kommunestyrevalget: the count and the control count differ, count again: "
                   "Høyre");
  g_assert_cmpint (vt_station_get_count_state (fixture->station, "pile.count", "kommunestyre",
                                               "H", 0), ==, VT_COUNT_STATE_DIFFERS);

  /* The recount: a new count and a new control count, by the two the other way round. */
  vt_test_do (fixture, "pile.count", chair (fixture),
              "{\"contest\": \"kommunestyre\", \"pile\": \"H\", \"count\": 91, "
              "\"counter\": \"ola-provesen\"}");
  vt_test_do (fixture, "pile.control", chair (fixture),
              "{\"contest\": \"kommunestyre\", \"pile\": \"H\", \"control_count\": 91, "
              "\"controller\": \"kari-ovingsen\"}");
  recounted = findings_of (fixture, "K401", "kommunestyre");
  g_assert_cmpuint (recounted->len, ==, 0);
  g_assert_cmpint (vt_station_get_count_state (fixture->station, "pile.count", "kommunestyre",
                                               "H", 0), ==, VT_COUNT_STATE_DONE);
}

/* The one who counted does not control the count: refused, and the refusal logged. */
static void
test_pile_same_member_refused (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *message = NULL;

  reach_counting (fixture);
  do_printf (fixture, "pile.count", "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
             "\"count\": 90, \"counter\": \"%s\"}", chair (fixture));
  message = vt_test_refused (fixture, "pile.control", chair (fixture),
                             "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
                             "\"control_count\": 90, \"controller\": \"kari-ovingsen\"}",
                             "count.same-member");
  g_assert_cmpstr (message, ==, "Kari Øvingsen counted the pile “Høyre” of Kommunestyrevalget: "
                                "another board member makes the control count.");
  g_assert_cmpint (vt_station_get_count_state (fixture->station, "pile.count", "kommunestyre",
                                               "H", 0), ==, VT_COUNT_STATE_AWAITING_CONTROL);
}

/* Two board members who are here: not a worker, not one who has not arrived; and no control
 * count before the count. */
static void
test_count_by_board_members_present (StationFixture *fixture,
                                     gconstpointer   data)
{
  g_autofree char *worker = NULL;
  g_autofree char *absent = NULL;
  g_autofree char *early = NULL;

  reach_counting (fixture);
  early = vt_test_refused (fixture, "pile.control", chair (fixture),
                           "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
                           "\"control_count\": 90, \"controller\": \"ola-provesen\"}",
                           "count.control-before-count");
  assert_contains (early, "There is no count of the pile “Høyre” of Kommunestyrevalget yet");
  worker = vt_test_refused (fixture, "pile.count", chair (fixture),
                            "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
                            "\"count\": 90, \"counter\": \"anders-eksempelsen\"}",
                            "count.not-board-member");
  assert_contains (worker, "Anders Eksempelsen is not a member");
  do_printf (fixture, "pile.count", "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
             "\"count\": 90, \"counter\": \"%s\"}", chair (fixture));
  absent = vt_test_refused (fixture, "pile.control", chair (fixture),
                            "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
                            "\"control_count\": 90, \"controller\": \"nora-testdal\"}",
                            "count.member-not-present");
  assert_contains (absent, "Nora Testdal is not registered as present");
}

/* A count and its control count in one entry, as Valgting wrote them before, are no longer
 * given; station files that have them still count them, after a rebuild and on reopening. */
static void
test_count_legacy_single_entry (StationFixture *fixture,
                                gconstpointer   data)
{
  VtStore *store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) k301 = NULL;
  g_autoptr(GPtrArray) k401 = NULL;
  gint64 n = 0;
  gint64 note;

  reach_closing (fixture);
  g_assert_cmpuint (vt_entry_kind_lookup ("count.pile")->phases, ==, 0);
  refuse (fixture, "roll-marks", chair (fixture),
          "{\"table\": \"1\", \"day\": 1, \"count\": 100, \"control_count\": 100}",
          "unknown-kind");

  /* The old entries are written past the rules, as an older Valgting wrote them. */
  store = vt_station_get_store (fixture->station);
  {
    static const struct { const char *id; const char *kind; const char *json; } old[] = {
      { "old-1", "roll-marks", "{\"table\": \"1\", \"day\": 1, \"count\": 100, "
                               "\"control_count\": 100}" },
      { "old-2", "envelopes.counted", "{\"reason\": \"not-in-roll\", \"count\": 0, "
                                      "\"control_count\": 0}" },
      { "old-3", "count.pile", "{\"contest\": \"kommunestyre\", \"pile\": \"H\", "
                               "\"count\": 90, \"control_count\": 90}" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (old); i++)
      {
        g_autoptr(JsonObject) payload = NULL;
        g_autoptr(VtJournalEntry) entry = NULL;
        g_autoptr(JsonNode) node = json_from_string (old[i].json, NULL);

        payload = json_object_ref (json_node_get_object (node));
        entry = vt_store_append (store, old[i].id, fixture->now, old[i].kind, chair (fixture),
                                 payload, NULL, &error);
        g_assert_no_error (error);
      }
  }

  /* A correction replays the whole journal through the rules' state. */
  note = vt_test_do (fixture, "note", chair (fixture), "{\"text\": \"A test note\"}");
  {
    g_autofree char *annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"No\"}",
                                              note);
    vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  }
  g_assert_true (vt_station_get_roll_marks (fixture->station, "1", 1, &n));
  g_assert_cmpint (n, ==, 100);
  g_assert_true (vt_station_get_envelopes_counted (fixture->station, "not-in-roll", NULL));
  g_assert_true (vt_station_get_pile (fixture->station, "kommunestyre", "H", &n));
  g_assert_cmpint (n, ==, 90);
  k301 = findings_of (fixture, "K301", "1/1");
  g_assert_cmpuint (k301->len, ==, 0);

  /* The new entries go on from there, and the file opens again the same. */
  roll_marks (fixture, "2", 1, 100);
  g_clear_object (&fixture->station);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (vt_station_get_roll_marks (fixture->station, "1", 1, NULL));
  g_assert_true (vt_station_get_roll_marks (fixture->station, "2", 1, NULL));
  k401 = findings_of (fixture, "K301", NULL);
  g_assert_cmpuint (k401->len, ==, 1);

  /* valgting verify rebuilds every table from the journal and finds the same. */
  g_clear_object (&fixture->station);
  {
    VtVerifyReport report = { 0 };

    g_assert_true (vt_verify_file (fixture->path, &report, &error));
    g_assert_no_error (error);
    vt_verify_report_clear (&report);
  }
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
test_pile_refused_twice (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autofree char *message = NULL;

  reach_counting (fixture);
  count_pile (fixture, "kommunestyre", "H", 90);
  /* The same list in another contest is another pile. */
  count_pile (fixture, "fylkesting", "H", 80);
  message = vt_test_refused (fixture, "pile.count", chair (fixture),
                             "{\"contest\": \"kommunestyre\", \"pile\": \"H\", \"count\": 91, "
                             "\"counter\": \"kari-ovingsen\"}", "count.pile-already-counted");
  assert_contains (message, "Høyre");
  assert_contains (message, "Kommunestyrevalget");
}

static void
test_pile_approved_refused_counting_by_party (StationFixture *fixture,
                                              gconstpointer   data)
{
  g_autofree char *message = NULL;

  reach_counting (fixture);
  message = vt_test_refused (fixture, "pile.count", chair (fixture),
                             "{\"contest\": \"kommunestyre\", \"pile\": \"approved\", "
                             "\"count\": 280, \"counter\": \"kari-ovingsen\"}",
                             "count.pile-not-in-count-mode");
  assert_contains (message, "counts by party");
}

static void
test_pile_list_refused_counting_totals_only (StationFixture *fixture,
                                             gconstpointer   data)
{
  g_autofree char *json = NULL;
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) k401 = NULL;
  gint64 seq;

  /* The example election counts urn totals only. Its doors close on the second day. */
  vt_test_open_station (fixture);
  vt_test_at (fixture, 2, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  vt_test_count_all_roll_marks (fixture, 50);
  finish_closing (fixture, 0);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");

  k401 = findings_of (fixture, "K401", "stortingsvalg");
  assert_contains (the_finding (k401)->message, "approved ballots, blank ballots, doubtful "
                                                "ballots");

  json = g_strdup_printf ("{\"contest\": \"stortingsvalg\", \"pile\": \"A\", \"count\": 100, "
                          "\"counter\": \"%s\"}", chair (fixture));
  message = vt_test_refused (fixture, "pile.count", chair (fixture), json,
                             "count.pile-not-in-count-mode");
  assert_contains (message, "totals only");

  seq = count_pile (fixture, "stortingsvalg", "approved", 388);
  summary = summary_of (fixture, seq);
  g_assert_cmpstr (summary, ==, "Stortingsvalget, approved ballots: control count 388, by Lars "
                                "Mønster");
  count_pile (fixture, "stortingsvalg", "blank", 10);
  count_pile (fixture, "stortingsvalg", "doubtful", 2);

  /* 400 ballots and 8 × 50 marks: nothing to explain, and only one contest to phone in. */
  g_clear_pointer (&k401, g_ptr_array_unref);
  k401 = findings_of (fixture, "K401", NULL);
  g_assert_cmpuint (k401->len, ==, 0);
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
}

static void
test_k401_lists_missing_piles (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) one = NULL;
  VtFinding *finding;

  reach_counting (fixture);
  all = findings_of (fixture, "K401", NULL);
  g_assert_cmpuint (all->len, ==, 2);

  count_contest_except (fixture, "kommunestyre", 300, "SV");
  count_contest (fixture, "fylkesting", 300);
  one = findings_of (fixture, "K401", NULL);
  finding = the_finding (one);
  g_assert_cmpstr (finding->subject, ==, "kommunestyre");
  g_assert_cmpint (finding->severity, ==, VT_SEVERITY_ERROR);
  g_assert_cmpstr (finding->message, ==, "Kommunestyrevalget: not counted yet: Sosialistisk "
                                         "Venstreparti");
}

static void
test_k402_proposes_entries (StationFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(GPtrArray) k402 = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *resolve = NULL;
  VtFinding *finding;
  gint64 unstamped, wrong, resolved;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "11:00");
  unstamped = vt_test_do (fixture, "incident.unstamped", chair (fixture), "{\"table\": \"1\"}");
  wrong = vt_test_do (fixture, "incident.wrong-mark", chair (fixture),
                      "{\"table\": \"2\", \"page\": 14, \"line\": 3}");
  resolved = vt_test_do (fixture, "incident.wrong-mark", chair (fixture),
                         "{\"table\": \"3\", \"page\": 2, \"line\": 7}");
  resolve = g_strdup_printf ("{\"entry\": %" PRId64 "}", resolved);
  vt_test_at (fixture, 1, "15:00");
  vt_test_do (fixture, "incident.wrong-mark-resolved", chair (fixture), resolve);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  vt_test_count_all_roll_marks (fixture, 100);
  finish_closing (fixture, 0);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");

  /* Fylkesting agrees with the 300 marks; kommunestyre has one ballot more. */
  count_contest (fixture, "kommunestyre", 301);
  count_contest (fixture, "fylkesting", 300);
  none = findings_of (fixture, "K402", "fylkesting");
  g_assert_cmpuint (none->len, ==, 0);

  k402 = findings_of (fixture, "K402", NULL);
  finding = the_finding (k402);
  g_assert_cmpstr (finding->subject, ==, "kommunestyre");
  g_assert_cmpint (finding->severity, ==, VT_SEVERITY_WARNING);
  g_assert_cmpstr (finding->message, ==, "Kommunestyrevalget: 301 ballots, 300 marks in the "
                                         "roll: 1 more ballot than marks");
  g_assert_null (finding->explanation);
  g_assert_cmpuint (finding->proposals->len, ==, 2);
  g_assert_cmpint (g_array_index (finding->proposals, gint64, 0), ==, unstamped);
  g_assert_cmpint (g_array_index (finding->proposals, gint64, 1), ==, wrong);
}

/* ---- the items of an explanation ------------------------------------------------------- */

typedef struct
{
  gint64 unstamped;  /* incident.unstamped, table 1 */
  gint64 wrong;      /* incident.wrong-mark, not resolved */
  gint64 resolved;   /* incident.wrong-mark whose voter came */
  gint64 envelope;   /* a special envelope */
  gint64 note;       /* a note: explains nothing */
} DayEntries;

/* A day with entries that can explain a difference and one that cannot; then the count:
 * 300 marks, kommunestyre 301 ballots (+1), fylkesting 299 (−1). */
static void
reach_differences (StationFixture *fixture,
                   DayEntries     *day)
{
  g_autofree char *resolve = NULL;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "11:00");
  day->unstamped = vt_test_do (fixture, "incident.unstamped", chair (fixture),
                               "{\"table\": \"1\"}");
  day->wrong = vt_test_do (fixture, "incident.wrong-mark", chair (fixture),
                           "{\"table\": \"2\", \"page\": 14, \"line\": 3}");
  day->resolved = vt_test_do (fixture, "incident.wrong-mark", chair (fixture),
                              "{\"table\": \"3\", \"page\": 2, \"line\": 7}");
  day->envelope = do_printf (fixture, "envelope", "{\"reason\": \"not-in-roll\"}");
  day->note = vt_test_do (fixture, "note", chair (fixture), "{\"text\": \"Coffee arrived\"}");
  resolve = g_strdup_printf ("{\"entry\": %" PRId64 "}", day->resolved);
  vt_test_at (fixture, 1, "15:00");
  vt_test_do (fixture, "incident.wrong-mark-resolved", chair (fixture), resolve);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  vt_test_count_all_roll_marks (fixture, 100);
  envelopes_counted (fixture, "not-in-roll", 1);
  finish_closing (fixture, 1);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  count_contest (fixture, "kommunestyre", 301);
  count_contest (fixture, "fylkesting", 299);
}

/* count.explain of K402 for @contest with @items (JSON), "Vet ikke" as its words. */
static char *
explain_json (const char *contest,
              const char *items)
{
  return g_strdup_printf ("{\"code\": \"K402\", \"subject\": \"%s\", \"text\": \"Vet ikke\", "
                          "\"items\": %s}", contest, items);
}

static char *
explain_refused (StationFixture *fixture,
                 const char     *contest,
                 const char     *items,
                 const char     *rule)
{
  g_autofree char *json = explain_json (contest, items);

  return vt_test_refused (fixture, "count.explain", chair (fixture), json, rule);
}

/* Words alone, or entries without counts, explain nothing any more. */
static void
test_explain_needs_items (StationFixture *fixture,
                          gconstpointer   data)
{
  DayEntries day;
  g_autofree char *message = NULL;
  g_autofree char *entries = NULL;
  g_autoptr(GPtrArray) k402 = NULL;

  reach_differences (fixture, &day);
  message = vt_test_refused (fixture, "count.explain", chair (fixture),
                             "{\"code\": \"K402\", \"subject\": \"kommunestyre\", "
                             "\"text\": \"Vet ikke\"}", "explain.items-needed");
  assert_contains (message, "the difference of +1 for Kommunestyrevalget");
  refuse (fixture, "count.explain", chair (fixture),
          "{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": \"Vet ikke\", "
          "\"items\": []}", "explain.items-needed");
  entries = g_strdup_printf ("{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": "
                             "\"Vet ikke\", \"entries\": [%" PRId64 "]}", day.unstamped);
  refuse (fixture, "count.explain", chair (fixture), entries, "explain.entries-replaced");
  /* An item without a count is not an item. */
  refuse (fixture, "count.explain", chair (fixture),
          "{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": \"Vet ikke\", "
          "\"items\": [{\"reason\": \"ballot-taken-away\"}]}", "invalid-input");
  k402 = findings_of (fixture, "K402", "kommunestyre");
  g_assert_null (the_finding (k402)->explanation);
}

/* The items add up to the difference, or the refusal says both numbers. */
static void
test_explain_items_must_add_up (StationFixture *fixture,
                                gconstpointer   data)
{
  DayEntries day;
  g_autofree char *items = NULL;
  g_autofree char *message = NULL;
  g_autofree char *two = NULL;

  reach_differences (fixture, &day);
  items = g_strdup_printf ("[{\"entry\": %" PRId64 ", \"count\": 1}, "
                           "{\"entry\": %" PRId64 ", \"count\": -1}]", day.unstamped, day.wrong);
  message = explain_refused (fixture, "kommunestyre", items, "explain.items-do-not-add-up");
  assert_contains (message, "The items add up to +0, but the difference for "
                            "Kommunestyrevalget is +1");
  g_clear_pointer (&message, g_free);
  message = explain_refused (fixture, "fylkesting",
                             "[{\"reason\": \"one-contest-only\", \"count\": -3}]",
                             "explain.items-do-not-add-up");
  assert_contains (message, "add up to -3, but the difference for Fylkestingsvalget is -1");
}

/* Each entry once, of a kind that explains, not annulled or settled, one voter its kind's
 * way; each reason from the list, its way. */
static void
test_explain_items_checked (StationFixture *fixture,
                            gconstpointer   data)
{
  DayEntries day;
  g_autofree char *message = NULL;
  g_autofree char *items = NULL;
  g_autofree char *annul = NULL;

  reach_differences (fixture, &day);

  items = g_strdup_printf ("[{\"entry\": %" PRId64 ", \"count\": 1}]", day.note);
  message = explain_refused (fixture, "kommunestyre", items, "explain.wrong-kind");
  assert_contains (message, "Unstamped ballot in urn");
  g_clear_pointer (&items, g_free);
  g_clear_pointer (&message, g_free);

  items = g_strdup_printf ("[{\"entry\": %" PRId64 ", \"count\": 1}, "
                           "{\"entry\": %" PRId64 ", \"count\": 1}, "
                           "{\"entry\": %" PRId64 ", \"count\": -1}]",
                           day.unstamped, day.unstamped, day.wrong);
  message = explain_refused (fixture, "kommunestyre", items, "explain.entry-twice");
  g_clear_pointer (&items, g_free);

  /* An unstamped ballot is a ballot more, never a mark more; one voter is one. */
  items = g_strdup_printf ("[{\"entry\": %" PRId64 ", \"count\": -1}]", day.unstamped);
  g_free (explain_refused (fixture, "fylkesting", items, "explain.entry-sign"));
  g_clear_pointer (&items, g_free);
  items = g_strdup_printf ("[{\"entry\": %" PRId64 ", \"count\": 2}, "
                           "{\"entry\": %" PRId64 ", \"count\": -1}]", day.unstamped, day.wrong);
  g_free (explain_refused (fixture, "kommunestyre", items, "explain.entry-count"));
  g_clear_pointer (&items, g_free);

  /* The wrongly marked voter who came has a mark and a ballot. */
  items = g_strdup_printf ("[{\"entry\": %" PRId64 ", \"count\": -1}]", day.resolved);
  g_free (explain_refused (fixture, "fylkesting", items, "explain.entry-settled"));
  g_clear_pointer (&items, g_free);

  /* Reasons: from the list, their way. */
  g_free (explain_refused (fixture, "kommunestyre",
                           "[{\"reason\": \"ballot-taken-away\", \"count\": 1}]",
                           "explain.reason-sign"));
  g_free (explain_refused (fixture, "kommunestyre", "[{\"reason\": \"gremlins\", \"count\": 1}]",
                           "explain.unknown-reason"));

  /* An annulled entry accounts for nothing. */
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Logged at the wrong "
                           "station\"}", day.unstamped);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  items = g_strdup_printf ("[{\"entry\": %" PRId64 ", \"count\": 1}]", day.unstamped);
  g_free (explain_refused (fixture, "kommunestyre", items, "explain.entry-annulled"));
}

/* Items that add up explain the difference; the board's words are what the protocol shows.
 * When an entry they rest on is annulled, the explanation no longer holds. */
static void
test_explain_items_accepted (StationFixture *fixture,
                             gconstpointer   data)
{
  DayEntries day;
  g_autofree char *kommune = NULL;
  g_autofree char *fylke = NULL;
  g_autofree char *items = NULL;
  g_autofree char *annul = NULL;
  g_autoptr(GPtrArray) k402 = NULL;
  g_autoptr(GPtrArray) lapsed = NULL;

  reach_differences (fixture, &day);
  items = g_strdup_printf ("[{\"entry\": %" PRId64 ", \"count\": 1}, "
                           "{\"entry\": %" PRId64 ", \"count\": 1}, "
                           "{\"entry\": %" PRId64 ", \"count\": -1}]",
                           day.unstamped, day.envelope, day.wrong);
  kommune = g_strdup_printf ("{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": "
                             "\"An unstamped ballot, a voter marked before the envelope, a "
                             "wrong mark\", \"items\": %s}", items);
  vt_test_do (fixture, "count.explain", chair (fixture), kommune);
  fylke = g_strdup_printf ("{\"code\": \"K402\", \"subject\": \"fylkesting\", \"text\": "
                           "\"One voter voted for kommunestyret only\", \"items\": "
                           "[{\"reason\": \"one-contest-only\", \"count\": -1}]}");
  vt_test_do (fixture, "count.explain", chair (fixture), fylke);

  k402 = findings_of (fixture, "K402", NULL);
  g_assert_cmpuint (k402->len, ==, 2);
  for (guint i = 0; i < k402->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (k402, i);

      g_assert_nonnull (finding->explanation);
      g_assert_false (finding->not_explained);
      g_assert_false (vt_finding_blocks (finding));
    }
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");

  /* The unstamped ballot was logged at the wrong station: the items no longer add up. */
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Logged at the wrong "
                           "station\"}", day.unstamped);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  lapsed = findings_of (fixture, "K402", "kommunestyre");
  g_assert_null (the_finding (lapsed)->explanation);
}

/* "Not explained" only after a recount of that contest, and then said plainly. */
static void
test_not_explained_after_recount (StationFixture *fixture,
                                  gconstpointer   data)
{
  static const char not_explained[] =
    "{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": \"Recounted twice; the "
    "board finds no reason\", \"not_explained\": true}";
  DayEntries day;
  g_autofree char *message = NULL;
  g_autofree char *both = NULL;
  g_autoptr(GPtrArray) k402 = NULL;
  VtFinding *finding;

  reach_closing (fixture);
  vt_test_count_all_roll_marks (fixture, 100);
  finish_closing (fixture, 0);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  count_contest_except (fixture, "kommunestyre", 301, "blank");

  /* No recount before the count is whole, nor of a contest without a difference. */
  refuse (fixture, "count.recounted", chair (fixture), "{\"contest\": \"kommunestyre\"}",
          "recount.not-counted");
  count_pile (fixture, "kommunestyre", "blank", 6);
  count_contest (fixture, "fylkesting", 300);
  refuse (fixture, "count.recounted", chair (fixture), "{\"contest\": \"fylkesting\"}",
          "recount.no-difference");

  message = vt_test_refused (fixture, "count.explain", chair (fixture), not_explained,
                             "explain.recount-needed");
  assert_contains (message, "Contest recounted");
  refuse (fixture, "count.recounted", "anders-eksempelsen", "{\"contest\": \"kommunestyre\"}",
          "board-only");
  vt_test_do (fixture, "count.recounted", chair (fixture),
              "{\"contest\": \"kommunestyre\", \"note\": \"Same numbers\"}");
  both = g_strdup ("{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": \"x\", "
                   "\"not_explained\": true, \"items\": [{\"reason\": \"ballot-taken-away\", "
                   "\"count\": -1}]}");
  refuse (fixture, "count.explain", chair (fixture), both, "explain.items-or-not");
  vt_test_do (fixture, "count.explain", chair (fixture), not_explained);

  k402 = findings_of (fixture, "K402", "kommunestyre");
  finding = the_finding (k402);
  g_assert_cmpstr (finding->explanation, ==, "Recounted twice; the board finds no reason");
  g_assert_true (finding->not_explained);
  g_assert_false (vt_finding_blocks (finding));
  /* and the protocol's Merknad says so plainly, before the board's words */
  {
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) pdf = vt_doc_to_pdf (doc, &error);
    g_autoptr(GPtrArray) pages = NULL;
    g_autoptr(GString) text = g_string_new (NULL);

    g_assert_no_error (error);
    pages = vt_test_pdf_page_texts (pdf);
    for (guint i = 0; i < pages->len; i++)
      g_string_append (text, g_ptr_array_index (pages, i));
    g_strdelimit (text->str, "\n", ' ');
    assert_contains (text->str, "Avviket er ikke forklart: stemmestyret telte på nytt og fant "
                                "ingen årsak. Recounted twice; the board finds no reason");
  }
  (void)day;
}

/* A station file written before items: its explanation with entries alone is read and rebuilt
 * as it was given, and still explains the difference. */
static void
test_explain_old_form_still_read (StationFixture *fixture,
                                  gconstpointer   data)
{
  DayEntries day;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonArray) entries = json_array_new ();
  g_autoptr(VtJournalEntry) old = NULL;
  g_autoptr(GPtrArray) k402 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annul = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  gint64 note;

  reach_differences (fixture, &day);
  json_object_set_string_member (payload, "code", "K402");
  json_object_set_string_member (payload, "subject", "kommunestyre");
  json_object_set_string_member (payload, "text", "An unstamped ballot");
  json_array_add_int_element (entries, day.unstamped);
  json_object_set_array_member (payload, "entries", json_array_ref (entries));
  old = vt_store_append (vt_station_get_store (fixture->station), "old-explain", fixture->now,
                         "count.explain", chair (fixture), payload, NULL, &error);
  g_assert_no_error (error);

  /* A correction replays the whole journal through the rules. */
  note = vt_test_do (fixture, "note", chair (fixture), "{\"text\": \"A test note\"}");
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Not needed\"}", note);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);

  k402 = findings_of (fixture, "K402", "kommunestyre");
  g_assert_cmpstr (the_finding (k402)->explanation, ==, "An unstamped ballot");
  g_assert_false (the_finding (k402)->not_explained);
  summary = summary_of (fixture, vt_journal_entry_get_seq (old));
  expected = g_strdup_printf ("Explained (K402, Kommunestyrevalget): An unstamped ballot "
                              "(log entries %" PRId64 ")", day.unstamped);
  g_assert_cmpstr (summary, ==, expected);
}

static void
test_explain_refused_without_difference (StationFixture *fixture,
                                         gconstpointer   data)
{
  g_autofree char *message = NULL;

  reach_counting (fixture);
  /* Not counted yet: no difference either. */
  refuse (fixture, "count.explain", chair (fixture),
          "{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": \"?\"}",
          "explain.nothing-to-explain");
  count_contest (fixture, "kommunestyre", 300);
  message = vt_test_refused (fixture, "count.explain", chair (fixture),
                             "{\"code\": \"K402\", \"subject\": \"kommunestyre\", "
                             "\"text\": \"?\"}", "explain.nothing-to-explain");
  assert_contains (message, "Kommunestyrevalget");
  refuse (fixture, "count.explain", chair (fixture),
          "{\"code\": \"K402\", \"text\": \"?\"}", "explain.subject-needed");
  refuse (fixture, "count.explain", chair (fixture),
          "{\"code\": \"K402\", \"subject\": \"stortingsvalg\", \"text\": \"?\"}",
          "explain.unknown-subject");
}

static void
test_explanation_of_other_numbers_lapses (StationFixture *fixture,
                                          gconstpointer   data)
{
  g_autoptr(GPtrArray) explained = NULL;
  g_autoptr(GPtrArray) lapsed = NULL;
  g_autofree char *amend = NULL;
  gint64 blank;

  reach_counting (fixture);
  count_contest (fixture, "fylkesting", 300);
  count_contest_except (fixture, "kommunestyre", 302, "blank");
  blank = count_pile (fixture, "kommunestyre", "blank", 6);
  vt_test_do (fixture, "count.recounted", chair (fixture), "{\"contest\": \"kommunestyre\"}");
  vt_test_do (fixture, "count.explain", chair (fixture),
              "{\"code\": \"K402\", \"subject\": \"kommunestyre\", "
              "\"text\": \"Two ballots from the queue were not marked\", "
              "\"not_explained\": true}");
  explained = findings_of (fixture, "K402", "kommunestyre");
  g_assert_cmpstr (the_finding (explained)->explanation, ==,
                   "Two ballots from the queue were not marked");

  /* A recount of a pile changes the difference: the explanation was about other numbers. */
  amend_count (fixture, blank, 10);
  lapsed = findings_of (fixture, "K402", "kommunestyre");
  assert_contains (the_finding (lapsed)->message, "306 ballots");
  g_assert_null (the_finding (lapsed)->explanation);
  refuse (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}",
          "results.blocked");
}

/* ---- results ---------------------------------------------------------------------------- */

static void
test_results_blocked_until_counted_and_explained (StationFixture *fixture,
                                                  gconstpointer   data)
{
  g_autofree char *missing = NULL;
  g_autofree char *unexplained = NULL;
  gint64 seq;

  reach_counting (fixture);
  count_contest (fixture, "fylkesting", 300);
  missing = vt_test_refused (fixture, "results.phoned", chair (fixture),
                             "{\"to\": \"Valgkontoret\"}", "results.blocked");
  assert_contains (missing, "K401: Kommunestyrevalget: not counted yet");
  g_assert_null (strstr (missing, "Fylkestingsvalget"));

  count_contest (fixture, "kommunestyre", 298);
  unexplained = vt_test_refused (fixture, "results.phoned", chair (fixture),
                                 "{\"to\": \"Valgkontoret\"}", "results.blocked");
  assert_contains (unexplained, "K402: Kommunestyrevalget: 298 ballots, 300 marks in the roll: "
                                "2 fewer ballots than marks");
  /* K402 is never accepted: the refusal asks for the explanation alone. */
  assert_contains (unexplained, "2 fewer ballots than marks — explain the difference first");
  g_assert_null (strstr (unexplained, "K401"));

  vt_test_do (fixture, "count.explain", chair (fixture),
              "{\"code\": \"K402\", \"subject\": \"kommunestyre\", "
              "\"text\": \"Two voters left with their kommunestyre ballot\", "
              "\"items\": [{\"reason\": \"ballot-taken-away\", \"count\": -2}]}");
  vt_test_settle_strips (fixture);
  seq = vt_test_do (fixture, "results.phoned", chair (fixture),
                    "{\"to\": \"Valgkontoret\", \"note\": \"Read back and confirmed\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
  {
    g_autofree char *summary = summary_of (fixture, seq);
    g_assert_cmpstr (summary, ==, "Results phoned in to Valgkontoret — Read back and "
                                  "confirmed");
  }
}

/* Seal strips nobody accounted for (K103) hold up the results like a difference in the count. */
static void
test_results_blocked_by_open_strips (StationFixture *fixture,
                                     gconstpointer   data)
{
  g_autofree char *message = NULL;

  reach_counting (fixture);
  count_contest (fixture, "fylkesting", 300);
  count_contest (fixture, "kommunestyre", 300);
  message = vt_test_refused (fixture, "results.phoned", chair (fixture),
                             "{\"to\": \"Valgkontoret\"}", "results.blocked");
  assert_contains (message, "K103");
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");
}

/* Plausibility: more than 3 % blank (K403) or 1 % doubtful (K404) in a contest is a warning
 * the board checks and explains before the results go in; at the limit it is none. */
static void
test_plausibility_warnings (StationFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(GPtrArray) k403 = NULL;
  g_autoptr(GPtrArray) k404 = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *message = NULL;

  reach_counting (fixture);
  /* fylkesting: 9 blank of 300 is 3 %, not more; 3 doubtful is 1 %, not more */
  count_contest_except (fixture, "fylkesting", 297, "blank");
  count_pile (fixture, "fylkesting", "blank", 9);
  count_contest_except (fixture, "kommunestyre", 290, "doubtful");
  count_pile (fixture, "kommunestyre", "doubtful", 2 + 10);
  none = findings_of (fixture, "K403", NULL);
  g_assert_cmpuint (none->len, ==, 0);
  k404 = findings_of (fixture, "K404", NULL);
  g_assert_cmpuint (k404->len, ==, 1);
  g_assert_cmpstr (the_finding (k404)->subject, ==, "kommunestyre");
  assert_contains (the_finding (k404)->message, "12 of 300 ballots are doubtful");

  vt_test_settle_strips (fixture);
  message = vt_test_refused (fixture, "results.phoned", chair (fixture),
                             "{\"to\": \"Valgkontoret\"}", "results.blocked");
  assert_contains (message, "K404: Kommunestyrevalget");
  /* A plausibility warning may be accepted as well as explained: the refusal says both. */
  assert_contains (message, "explain it, or have two board members accept it");
  g_assert_null (strstr (message, "explain the difference first"));
  vt_test_do (fixture, "count.explain", chair (fixture),
              "{\"code\": \"K404\", \"subject\": \"kommunestyre\", "
              "\"text\": \"Checked: the doubtful pile is ballots without a stamp\"}");
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");
  k403 = findings_of (fixture, "K403", NULL);
  g_assert_cmpuint (k403->len, ==, 0);
}

/* A warning the board cannot explain: two present board members accept it with a reason, never
 * one member twice, never someone off the board or not here. */
static void
test_warning_accepted_by_two_members (StationFixture *fixture,
                                      gconstpointer   data)
{
  const char *chair_id = chair (fixture);
  const char *deputy_id = vt_test_deputy (fixture);
  g_autofree char *twice = NULL;
  g_autofree char *absent = NULL;
  g_autofree char *accept = NULL;
  g_autoptr(GPtrArray) k404 = NULL;
  gint64 seq;

  reach_counting (fixture);
  count_contest (fixture, "fylkesting", 300);
  count_contest_except (fixture, "kommunestyre", 290, "doubtful");
  count_pile (fixture, "kommunestyre", "doubtful", 12);
  vt_test_settle_strips (fixture);

  twice = g_strdup_printf ("{\"code\": \"K404\", \"subject\": \"kommunestyre\", \"member\": "
                           "\"%s\", \"second_member\": \"%s\", \"reason\": \"Checked twice\"}",
                           chair_id, chair_id);
  vt_test_refused (fixture, "warning.accept", chair_id, twice, "accept.same-member");
  /* Nora is on the board but has not come */
  absent = vt_test_refused (fixture, "warning.accept", chair_id,
                            "{\"code\": \"K404\", \"subject\": \"kommunestyre\", "
                            "\"member\": \"kari-ovingsen\", \"second_member\": "
                            "\"nora-testdal\", \"reason\": \"Checked\"}",
                            "accept.member-not-present");
  assert_contains (absent, "is not registered as present");
  accept = g_strdup_printf ("{\"code\": \"K404\", \"subject\": \"kommunestyre\", \"member\": "
                            "\"%s\", \"second_member\": \"%s\", \"reason\": \"Every doubtful "
                            "ballot checked: all lack the stamp\"}", chair_id, deputy_id);
  seq = vt_test_do (fixture, "warning.accept", chair_id, accept);
  k404 = findings_of (fixture, "K404", "kommunestyre");
  g_assert_cmpstr (the_finding (k404)->explanation, ==,
                   "Every doubtful ballot checked: all lack the stamp");
  {
    g_autofree char *summary = summary_of (fixture, seq);
    assert_contains (summary, "K404 accepted by");
  }
  vt_test_do (fixture, "results.phoned", chair_id, "{\"to\": \"Valgkontoret\"}");
}

/* The protocol is not signed over an open check: a recount after the results were phoned in
 * reopens the difference, and the signature waits for its explanation. */
static void
test_sign_blocked_while_a_check_is_open (StationFixture *fixture,
                                         gconstpointer   data)
{
  g_autofree char *sign = g_strdup_printf ("{\"person\": \"%s\", \"on_paper\": true}",
                                           chair (fixture));
  g_autofree char *amend = NULL;
  g_autofree char *message = NULL;
  gint64 blank;

  reach_counting (fixture);
  count_contest (fixture, "fylkesting", 300);
  count_contest_except (fixture, "kommunestyre", 300, "blank");
  blank = count_pile (fixture, "kommunestyre", "blank", 6);
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");

  amend_count (fixture, blank, 7);
  message = vt_test_refused (fixture, "protocol.sign", chair (fixture), sign,
                             "protocol.sign-blocked");
  assert_contains (message, "K402: Kommunestyrevalget: 301 ballots");
  vt_test_do (fixture, "count.recounted", chair (fixture), "{\"contest\": \"kommunestyre\"}");
  vt_test_do (fixture, "count.explain", chair (fixture),
              "{\"code\": \"K402\", \"subject\": \"kommunestyre\", "
              "\"text\": \"A blank ballot was found under the table at the recount\", "
              "\"not_explained\": true}");
  vt_test_do (fixture, "protocol.sign", chair (fixture), sign);
}

static void
test_results_blocked_by_roll_marks (StationFixture *fixture,
                                    gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *annul = NULL;
  gint64 seq;

  reach_closing (fixture);
  roll_marks (fixture, "1", 1, 100);
  roll_marks (fixture, "2", 1, 100);
  seq = roll_marks (fixture, "3", 1, 100);
  finish_closing (fixture, 0);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  count_contest (fixture, "kommunestyre", 300);
  count_contest (fixture, "fylkesting", 300);

  /* A table's marks annulled in the count: the results wait for them. */
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Counted the wrong roll\"}",
                           seq - 1);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  message = vt_test_refused (fixture, "results.phoned", chair (fixture),
                             "{\"to\": \"Valgkontoret\"}", "results.blocked");
  assert_contains (message, "K301: Table 3, day 1");
  roll_marks (fixture, "3", 1, 100);
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
}

static void
test_results_refused_while_an_urn_is_closed (StationFixture *fixture,
                                             gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  vt_test_do (fixture, "urn.add", chair (fixture),
              "{\"urn\": \"U2\", \"kind\": \"ordinary\", \"table\": \"2\"}");
  do_printf (fixture, "urn.verify-empty", "{\"urn\": \"U2\", \"witness\": \"%s\"}",
             vt_test_deputy (fixture));
  do_printf (fixture, "urn.seal", "{\"urn\": \"U2\", \"strip\": 1003, \"witness\": \"%s\"}",
             vt_test_deputy (fixture));
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  vt_test_count_all_roll_marks (fixture, 100);
  finish_closing (fixture, 0);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  count_contest (fixture, "kommunestyre", 300);
  count_contest (fixture, "fylkesting", 300);

  /* The ballots in U2 are in no pile. */
  message = vt_test_refused (fixture, "results.phoned", chair (fixture),
                             "{\"to\": \"Valgkontoret\"}", "results.urn-not-opened");
  assert_contains (message, "U2");
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U2\"}");
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");
}

/* ---- the whole evening ------------------------------------------------------------------ */

static void
test_whole_closing_and_count (StationFixture *fixture,
                              gconstpointer   data)
{
  const char *deputy = vt_test_deputy (fixture);
  g_autoptr(GPtrArray) k302 = NULL;
  g_autoptr(GPtrArray) k402 = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *message = NULL;
  g_autofree char *explain = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  gint64 unstamped, wrong, outdoor, explained;
  VtFinding *finding;

  vt_test_open_station (fixture);

  /* The day: envelopes, an unstamped ballot, a wrong mark, an outdoor vote. */
  vt_test_at (fixture, 1, "10:00");
  log_envelopes (fixture, "other-precinct", 6);
  log_envelopes (fixture, "already-marked", 2);
  log_envelopes (fixture, "not-in-roll", 3);
  vt_test_at (fixture, 1, "11:15");
  unstamped = vt_test_do (fixture, "incident.unstamped", chair (fixture),
                          "{\"table\": \"2\", \"note\": \"The voter took a new ballot\"}");
  vt_test_at (fixture, 1, "13:40");
  wrong = vt_test_do (fixture, "incident.wrong-mark", chair (fixture),
                      "{\"table\": \"3\", \"page\": 41, \"line\": 12}");
  vt_test_at (fixture, 1, "16:00");
  vt_test_do (fixture, "person.arrive", chair (fixture), "{\"person\": \"liv-ovingstad\"}");
  vt_test_do (fixture, "person.arrive", chair (fixture), "{\"person\": \"nora-testdal\"}");
  vt_test_do (fixture, "urn.add", chair (fixture), "{\"urn\": \"M1\", \"kind\": \"mobile\"}");
  do_printf (fixture, "urn.verify-empty", "{\"urn\": \"M1\", \"witness\": \"%s\"}", deputy);
  do_printf (fixture, "urn.seal", "{\"urn\": \"M1\", \"strip\": 1002, \"witness\": \"%s\"}",
             deputy);
  outdoor = vt_test_do (fixture, "outdoor.start", chair (fixture),
                        "{\"worker\": \"liv-ovingstad\", \"second_worker\": \"nora-testdal\", "
                        "\"in_roll\": true, \"table\": \"2\", \"page\": 9, \"line\": 4}");
  vt_test_at (fixture, 1, "16:20");
  do_printf (fixture, "outdoor.end", "{\"vote\": %" PRId64 ", \"strip\": 1002}", outdoor);

  /* Closing with two in the queue. */
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 2}");
  vt_test_at (fixture, 1, "21:06");
  vt_test_do (fixture, "closing.last-voter", chair (fixture), "{}");
  vt_test_at (fixture, 1, "21:10");
  vt_test_do (fixture, "closing.unused-ballots-removed", chair (fixture), "{}");
  vt_test_do (fixture, "closing.stamps-handed-in", chair (fixture), "{}");
  roll_marks (fixture, "1", 1, 412);
  roll_marks (fixture, "2", 1, 398);
  roll_marks (fixture, "3", 1, 391);

  /* Envelopes: two reasons as logged, one with an envelope more than the log. */
  envelopes_counted (fixture, "other-precinct", 6);
  envelopes_counted (fixture, "already-marked", 2);
  do_printf (fixture, "envelopes.count", "{\"reason\": \"not-in-roll\", \"count\": 4, "
             "\"counter\": \"%s\"}", chair (fixture));
  refuse (fixture, "envelopes.control", chair (fixture),
          "{\"reason\": \"not-in-roll\", \"control_count\": 4, "
          "\"controller\": \"ola-provesen\"}",
          "envelopes.difference-unexplained");
  vt_test_do (fixture, "envelopes.control", chair (fixture),
              "{\"reason\": \"not-in-roll\", \"control_count\": 4, "
              "\"controller\": \"ola-provesen\", "
              "\"explanation\": \"One envelope was handed in at the queue and not logged\"}");
  k302 = findings_of (fixture, "K302", NULL);
  g_assert_cmpstr (the_finding (k302)->subject, ==, "not-in-roll");
  g_assert_nonnull (the_finding (k302)->explanation);

  /* Shipment 1, and only then the urns. */
  refuse (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}",
          "urn.open-blocked");
  vt_test_do (fixture, "shipment.packed", chair (fixture),
              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 12}");
  vt_test_at (fixture, 1, "21:30");
  vt_test_do (fixture, "shipment.handed-over", chair (fixture),
              "{\"to\": \"Valgkontoret, bud 3\"}");
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"M1\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_COUNTING);

  /* 1 201 marks; kommunestyre has 1 200 ballots, fylkesting 1 201. */
  count_contest (fixture, "kommunestyre", 1200);
  count_contest (fixture, "fylkesting", 1201);

  message = vt_test_refused (fixture, "results.phoned", chair (fixture),
                             "{\"to\": \"Valgkontoret\"}", "results.blocked");
  assert_contains (message, "K402: Kommunestyrevalget: 1200 ballots, 1201 marks in the roll: "
                            "1 fewer ballot than marks");

  k402 = findings_of (fixture, "K402", NULL);
  finding = the_finding (k402);
  g_assert_cmpuint (finding->proposals->len, ==, 3);
  g_assert_cmpint (g_array_index (finding->proposals, gint64, 0), ==, unstamped);
  g_assert_cmpint (g_array_index (finding->proposals, gint64, 1), ==, wrong);
  g_assert_cmpint (g_array_index (finding->proposals, gint64, 2), ==, outdoor);

  g_assert_cmpint (finding->difference, ==, -1);

  /* Only a board member explains. */
  explain = g_strdup_printf ("{\"code\": \"K402\", \"subject\": \"kommunestyre\", "
                             "\"text\": \"An unstamped ballot is among the doubtful ones, "
                             "a voter was marked on the wrong line, and a voter left with the "
                             "ballot\", \"items\": [{\"entry\": %" PRId64 ", \"count\": 1}, "
                             "{\"entry\": %" PRId64 ", \"count\": -1}, "
                             "{\"reason\": \"ballot-taken-away\", \"count\": -1}]}",
                             unstamped, wrong);
  refuse (fixture, "count.explain", "anders-eksempelsen", explain, "board-only");
  explained = vt_test_do (fixture, "count.explain", chair (fixture), explain);
  summary = summary_of (fixture, explained);
  expected = g_strdup_printf ("Explained (K402, Kommunestyrevalget): An unstamped ballot is "
                              "among the doubtful ones, a voter was marked on the wrong line, "
                              "and a voter left with the ballot (entry %" PRId64 ": +1, "
                              "entry %" PRId64 ": -1, Voters who left with their ballot: -1)",
                              unstamped, wrong);
  g_assert_cmpstr (summary, ==, expected);

  vt_test_at (fixture, 1, "23:05");
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);

  /* Every finding of closing and the count left is a warning with its explanation. The seal
   * register (K1xx) is the seals module's and is settled at packing. */
  left = vt_station_run_checks (fixture->station);
  for (guint i = 0; i < left->len; i++)
    {
      VtFinding *f = g_ptr_array_index (left, i);
      if ((f->code[1] == '3' || f->code[1] == '4') && vt_finding_blocks (f))
        g_error ("%s %s blocks: %s", f->code, f->subject, f->message);
    }

  /* The state survives a rebuild: reopen the file and check again. */
  g_clear_object (&fixture->station);
  fixture->station = vt_station_open (fixture->path, NULL);
  g_assert_nonnull (fixture->station);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
  g_clear_pointer (&k402, g_ptr_array_unref);
  k402 = findings_of (fixture, "K402", "kommunestyre");
  g_assert_nonnull (the_finding (k402)->explanation);
}

static void
test_rebuild_keeps_the_count (StationFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *annul = NULL;
  gint64 note;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", chair (fixture), "{\"queue\": 0}");
  vt_test_count_all_roll_marks (fixture, 100);
  board_here (fixture);
  do_printf (fixture, "envelopes.count", "{\"reason\": \"not-in-roll\", \"count\": 1, "
             "\"counter\": \"%s\"}", chair (fixture));
  do_printf (fixture, "envelopes.control", "{\"reason\": \"not-in-roll\", "
             "\"control_count\": 1, \"controller\": \"%s\", "
             "\"explanation\": \"Handed in by the last voter and not logged\"}",
             vt_test_deputy (fixture));
  finish_closing (fixture, 1);
  vt_test_do (fixture, "urn.open", chair (fixture), "{\"urn\": \"U1\"}");
  count_contest (fixture, "kommunestyre", 301);
  count_contest (fixture, "fylkesting", 300);
  vt_test_do (fixture, "count.recounted", chair (fixture), "{\"contest\": \"kommunestyre\"}");
  vt_test_do (fixture, "count.explain", chair (fixture),
              "{\"code\": \"K402\", \"subject\": \"kommunestyre\", \"text\": \"One unstamped\", "
              "\"not_explained\": true}");
  before = vt_station_run_checks (fixture->station);
  g_assert_cmpuint (before->len, >=, 2);

  /* A correction of something else rebuilds every table from the journal. */
  note = vt_test_do (fixture, "incident.press", chair (fixture), "{\"note\": \"NRK called\"}");
  annul = g_strdup_printf ("{\"entry\": %" PRId64 ", \"reason\": \"Logged at the wrong "
                           "station\"}", note);
  vt_test_do (fixture, "correction.annul", chair (fixture), annul);
  after = vt_station_run_checks (fixture->station);

  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    {
      VtFinding *a = g_ptr_array_index (before, i);
      VtFinding *b = g_ptr_array_index (after, i);

      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpstr (a->subject, ==, b->subject);
      g_assert_cmpstr (a->message, ==, b->message);
      g_assert_cmpstr (a->explanation, ==, b->explanation);
      if (g_str_equal (a->code, "K302") || g_str_equal (a->code, "K402"))
        g_assert_nonnull (b->explanation);
    }
  vt_test_settle_strips (fixture);
  vt_test_do (fixture, "results.phoned", chair (fixture), "{\"to\": \"Valgkontoret\"}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/closing/" path, StationFixture, data, station_fixture_set_up, func, \
              station_fixture_tear_down)

  ADD ("steps/refused-when-done-already", test_steps_once_each, VT_TEST_MUNICIPAL);
  ADD ("steps/wait-for-the-queue", test_steps_wait_for_the_queue, VT_TEST_MUNICIPAL);
  ADD ("steps/the-queue-votes-until-the-last-voter", test_queue_votes_after_the_doors_close,
       VT_TEST_MUNICIPAL);
  ADD ("steps/no-queue-no-votes-after-closing", test_no_queue_no_votes_after_closing,
       VT_TEST_MUNICIPAL);
  ADD ("steps/k303-until-done", test_steps_k303_until_done, VT_TEST_MUNICIPAL);
  ADD ("steps/no-findings-while-voting", test_no_findings_while_voting, VT_TEST_MUNICIPAL);

  ADD ("roll-marks/counted", test_roll_marks_counted, VT_TEST_MUNICIPAL);
  ADD ("roll-marks/control-count-differs-recount",
       test_roll_marks_control_count_differs, VT_TEST_MUNICIPAL);
  ADD ("roll-marks/refused-twice-for-a-table-and-day", test_roll_marks_refused_twice,
       VT_TEST_MUNICIPAL);
  ADD ("roll-marks/corrected-to-disagree-is-refused", test_roll_marks_corrected_to_disagree,
       VT_TEST_MUNICIPAL);
  ADD ("roll-marks/annulled-is-counted-again", test_roll_marks_annulled, VT_TEST_MUNICIPAL);
  ADD ("roll-marks/kept-per-day", test_roll_marks_kept_per_day, NULL);

  ADD ("envelopes/counted-as-logged", test_envelopes_counted_as_logged, VT_TEST_MUNICIPAL);
  ADD ("envelopes/control-count-differs-recount",
       test_envelopes_control_count_differs, VT_TEST_MUNICIPAL);
  ADD ("envelopes/refused-twice-for-a-reason", test_envelopes_refused_twice, VT_TEST_MUNICIPAL);
  ADD ("envelopes/difference-needs-explanation", test_envelopes_difference_needs_explanation,
       VT_TEST_MUNICIPAL);
  ADD ("envelopes/difference-explained-later", test_envelopes_explained_later,
       VT_TEST_MUNICIPAL);

  ADD ("shipment/packed-after-every-reason-counted",
       test_shipment_packed_after_every_reason_counted, VT_TEST_MUNICIPAL);
  ADD ("shipment/handed-over-after-packed", test_shipment_handed_over_after_packed,
       VT_TEST_MUNICIPAL);
  ADD ("shipment/waits-for-roll-marks-and-every-roll",
       test_shipment_waits_for_roll_marks_and_every_roll, VT_TEST_MUNICIPAL);
  ADD ("shipment/waits-for-every-day", test_shipment_waits_for_every_day, NULL);
  ADD ("shipment/waits-for-the-special-envelope-urn",
       test_shipment_waits_for_the_special_envelope_urn, VT_TEST_MUNICIPAL);
  ADD ("shipment/special-envelope-urn-waits-for-the-queue",
       test_special_envelope_urn_waits_for_the_queue, VT_TEST_MUNICIPAL);
  ADD ("shipment/special-envelope-urn-not-in-the-count",
       test_special_envelope_urn_not_in_the_count, VT_TEST_MUNICIPAL);

  ADD ("count/pile-counted", test_pile_counted, VT_TEST_MUNICIPAL);
  ADD ("count/pile-control-count-differs-recount", test_pile_control_count_differs,
       VT_TEST_MUNICIPAL);
  ADD ("count/same-member-counting-and-controlling-refused", test_pile_same_member_refused,
       VT_TEST_MUNICIPAL);
  ADD ("count/by-board-members-present", test_count_by_board_members_present,
       VT_TEST_MUNICIPAL);
  ADD ("count/legacy-single-entry-still-counted", test_count_legacy_single_entry,
       VT_TEST_MUNICIPAL);
  ADD ("count/pile-refused-twice", test_pile_refused_twice, VT_TEST_MUNICIPAL);
  ADD ("count/approved-refused-when-counting-by-party",
       test_pile_approved_refused_counting_by_party, VT_TEST_MUNICIPAL);
  ADD ("count/party-list-refused-when-counting-totals-only",
       test_pile_list_refused_counting_totals_only, NULL);
  ADD ("count/k401-lists-missing-piles", test_k401_lists_missing_piles, VT_TEST_MUNICIPAL);
  ADD ("count/k402-proposes-entries", test_k402_proposes_entries, VT_TEST_MUNICIPAL);

  ADD ("explain/k402-needs-items", test_explain_needs_items, VT_TEST_MUNICIPAL);
  ADD ("explain/items-must-add-up", test_explain_items_must_add_up, VT_TEST_MUNICIPAL);
  ADD ("explain/items-checked", test_explain_items_checked, VT_TEST_MUNICIPAL);
  ADD ("explain/items-accepted-and-lapse", test_explain_items_accepted, VT_TEST_MUNICIPAL);
  ADD ("explain/not-explained-after-recount", test_not_explained_after_recount,
       VT_TEST_MUNICIPAL);
  ADD ("explain/old-form-still-read", test_explain_old_form_still_read, VT_TEST_MUNICIPAL);
  ADD ("explain/refused-without-a-difference", test_explain_refused_without_difference,
       VT_TEST_MUNICIPAL);
  ADD ("explain/lapses-when-the-numbers-change", test_explanation_of_other_numbers_lapses,
       VT_TEST_MUNICIPAL);

  ADD ("results/blocked-until-counted-and-explained",
       test_results_blocked_until_counted_and_explained, VT_TEST_MUNICIPAL);
  ADD ("results/blocked-by-open-strips", test_results_blocked_by_open_strips,
       VT_TEST_MUNICIPAL);
  ADD ("results/plausibility-warnings-k403-k404", test_plausibility_warnings,
       VT_TEST_MUNICIPAL);
  ADD ("results/warning-accepted-by-two-members", test_warning_accepted_by_two_members,
       VT_TEST_MUNICIPAL);
  ADD ("sign/blocked-while-a-check-is-open", test_sign_blocked_while_a_check_is_open,
       VT_TEST_MUNICIPAL);
  ADD ("results/blocked-by-missing-roll-marks", test_results_blocked_by_roll_marks,
       VT_TEST_MUNICIPAL);
  ADD ("results/refused-while-an-urn-is-closed", test_results_refused_while_an_urn_is_closed,
       VT_TEST_MUNICIPAL);

  ADD ("whole-closing-and-count", test_whole_closing_and_count, VT_TEST_MUNICIPAL);
  ADD ("rebuild-keeps-the-count", test_rebuild_keeps_the_count, VT_TEST_MUNICIPAL);

#undef ADD

  return g_test_run ();
}
