/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-error.h"
#include "vt-rules-private.h"
#include "vt-store-private.h"
#include "vt-station-state.h"
#include "vt-test-util.h"

/* Outdoor voting, special envelopes and incidents: the allowed path and every refusal. */

/* From vt-rules-voting.c, for the closing module; until vt-rules-private.h declares them. */
gint64 vt_voting_live_envelopes     (VtRuleContext *ctx,
                                     const char    *reason);
void   vt_voting_explaining_entries (VtRuleContext *ctx,
                                     GArray        *seqs);

#define LIV "liv-ovingstad"
#define ANDERS "anders-eksempelsen"
#define SIGRID "sigrid-provestad"
#define FNR "01010010183"

/* ---- helpers ---------------------------------------------------------------------------- */

static sqlite3 *
station_db (StationFixture *fixture)
{
  return vt_store_get_db (vt_station_get_store (fixture->station));
}

static VtRuleContext
rule_context (StationFixture *fixture)
{
  VtRuleContext ctx = { 0 };

  ctx.db = station_db (fixture);
  ctx.config = vt_station_get_config (fixture->station);
  ctx.seq = vt_store_get_n_entries (vt_station_get_store (fixture->station)) + 1;
  ctx.time = fixture->now;
  return ctx;
}

/* The first column of the first row, or -1 when there is none. */
static gint64
sql_int (StationFixture *fixture,
         const char     *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (station_db (fixture), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
sql_string (StationFixture *fixture,
            const char     *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (station_db (fixture), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* Every row of this module's derived tables, as text. */
static char *
dump_voting_state (StationFixture *fixture)
{
  static const char * const queries[] = {
    "SELECT seq, worker, second_worker, status, out_seq, end_seq FROM outdoor_vote ORDER BY seq",
    "SELECT reason, n FROM envelope_count ORDER BY reason",
    "SELECT seq, table_id, page, line, resolved_seq FROM wrong_mark ORDER BY seq",
    "SELECT seq, table_id FROM unstamped ORDER BY seq",
    "SELECT kind, state, seq FROM incident_state ORDER BY kind",
    "SELECT seq, table_id, n FROM turnout ORDER BY seq, table_id",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (station_db (fixture), queries[q], -1, &stmt, NULL),
                       ==, SQLITE_OK);
      g_string_append_printf (out, "%s\n", queries[q]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", sqlite3_column_type (stmt, c) == SQLITE_NULL
                                                   ? "NULL"
                                                   : (const char *)sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (out, FALSE);
}

static gint64
live_envelopes (StationFixture *fixture,
                const char     *reason)
{
  VtRuleContext ctx = rule_context (fixture);
  return vt_voting_live_envelopes (&ctx, reason);
}

static GArray *
explaining_entries (StationFixture *fixture)
{
  VtRuleContext ctx = rule_context (fixture);
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (gint64));

  vt_voting_explaining_entries (&ctx, seqs);
  return seqs;
}

static void
arrive (StationFixture *fixture,
        const char     *person)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", person);

  /* vt_test_open_station () has the deputy arrive already. */
  if (!vt_station_is_present (fixture->station, person))
    vt_test_do (fixture, "person.arrive", vt_test_chair (fixture), json);
}

static void
add_mobile_urn (StationFixture *fixture,
                const char     *urn,
                gint64          strip,
                gboolean        seal)
{
  const char *chair = vt_test_chair (fixture);
  g_autofree char *add = g_strdup_printf ("{\"urn\": \"%s\", \"kind\": \"mobile\"}", urn);
  g_autofree char *empty = g_strdup_printf ("{\"urn\": \"%s\", \"witness\": \"%s\"}", urn,
                                            vt_test_deputy (fixture));
  g_autofree char *sealed = g_strdup_printf ("{\"urn\": \"%s\", \"strip\": %" G_GINT64_FORMAT
                                             ", \"witness\": \"%s\"}", urn, strip,
                                             vt_test_deputy (fixture));

  vt_test_do (fixture, "urn.add", chair, add);
  vt_test_do (fixture, "urn.verify-empty", chair, empty);
  if (seal)
    vt_test_do (fixture, "urn.seal", chair, sealed);
}

/* The municipal station open for voting, with the two outdoor workers here and the mobile
 * urn M1 sealed with strip 1002. The clock is at 09:30. */
static void
open_for_outdoor (StationFixture *fixture)
{
  vt_test_open_station (fixture);
  arrive (fixture, LIV);
  arrive (fixture, ANDERS);
  add_mobile_urn (fixture, "M1", 1002, TRUE);
  vt_test_at (fixture, 1, "09:30");
}

/* The voter's line in the roll: table 2, page 14, line 7. */
#define ROLL_REF "\"table\": \"2\", \"page\": 14, \"line\": 7"

static gint64
start_outdoor (StationFixture *fixture,
               const char     *worker,
               const char     *second)
{
  g_autofree char *json = g_strdup_printf ("{\"worker\": \"%s\", \"second_worker\": \"%s\", "
                                           "\"in_roll\": true, " ROLL_REF "}", worker, second);
  return vt_test_do (fixture, "outdoor.start", vt_test_chair (fixture), json);
}

/* Back, with the strip read on the mobile urn M1 of open_for_outdoor (). */
static gint64
end_outdoor (StationFixture *fixture,
             gint64          vote)
{
  g_autofree char *json = g_strdup_printf ("{\"vote\": %" G_GINT64_FORMAT ", \"strip\": 1002}",
                                           vote);
  return vt_test_do (fixture, "outdoor.end", vt_test_chair (fixture), json);
}

static char *
end_outdoor_refused (StationFixture *fixture,
                     gint64          vote,
                     gint64          strip,
                     const char     *rule)
{
  g_autofree char *json = g_strdup_printf ("{\"vote\": %" G_GINT64_FORMAT ", \"strip\": %"
                                           G_GINT64_FORMAT "}", vote, strip);
  return vt_test_refused (fixture, "outdoor.end", vt_test_chair (fixture), json, rule);
}

static char *
outdoor_status (StationFixture *fixture,
                gint64          vote)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM outdoor_vote WHERE seq = %"
                                          G_GINT64_FORMAT, vote);
  return sql_string (fixture, sql);
}

static gint64
envelope (StationFixture *fixture,
          const char     *reason)
{
  g_autofree char *json = g_strdup_printf ("{\"reason\": \"%s\"}", reason);
  return vt_test_do (fixture, "envelope", vt_test_chair (fixture), json);
}

static void
annul (StationFixture *fixture,
       gint64          seq,
       const char     *reason)
{
  g_autofree char *json = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"%s\"}",
                                           seq, reason);
  vt_test_do (fixture, "correction.annul", vt_test_chair (fixture), json);
}

static gint64
incident (StationFixture *fixture,
          const char     *kind,
          const char     *json)
{
  return vt_test_do (fixture, kind, vt_test_chair (fixture), json);
}

static void
incident_refused (StationFixture *fixture,
                  const char     *kind,
                  const char     *json,
                  const char     *rule)
{
  g_autofree char *message = vt_test_refused (fixture, kind, vt_test_chair (fixture), json,
                                              rule);
  g_assert_cmpstr (message, !=, "");
}

static char *
summary_of (const char *kind,
            VtConfig   *config,
            const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return vt_entry_kind_summarise (vt_entry_kind_lookup (kind), config,
                                  json_node_get_object (node));
}

static char *
entry_summary (StationFixture *fixture,
               gint64          seq)
{
  g_autoptr(VtJournalEntry) entry = vt_store_get_entry (vt_station_get_store (fixture->station),
                                                        seq, NULL);
  return vt_journal_entry_dup_summary (entry, vt_station_get_config (fixture->station));
}

static gboolean
array_has (GArray *seqs,
           gint64  seq)
{
  for (guint i = 0; i < seqs->len; i++)
    if (g_array_index (seqs, gint64, i) == seq)
      return TRUE;
  return FALSE;
}

/* ---- incidents for part D -------------------------------------------------------------- */

/* A removal, a complaint and the police, with the fields the guides name: by role, never by
 * name; each is notable for the protocol's part D, as a disturbance and the press are. */
static void
test_part_d_incidents (StationFixture *fixture,
                       gconstpointer   data)
{
  static const char * const notable[] = {
    "incident.disturbance", "incident.press", "incident.removal", "incident.complaint",
    "incident.police", NULL };
  const char *chair = vt_test_chair (fixture);
  g_autofree char *removal = NULL;
  g_autofree char *complaint = NULL;
  g_autofree char *police = NULL;
  g_autofree char *message = NULL;

  for (guint i = 0; notable[i] != NULL; i++)
    g_assert_true (vt_entry_kind_is_notable (vt_entry_kind_lookup (notable[i])));
  g_assert_false (vt_entry_kind_is_notable (vt_entry_kind_lookup ("incident.power")));
  g_assert_false (vt_entry_kind_is_notable (vt_entry_kind_lookup ("urn.seal")));

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "11:00");
  removal = entry_summary (fixture, vt_test_do (fixture, "incident.removal", chair,
                                                "{\"role\": \"voter\", \"note\": \"Handed out "
                                                "leaflets in the queue; asked twice\"}"));
  g_assert_cmpstr (removal, ==, "A voter, Handed out leaflets in the queue; asked twice");

  complaint = entry_summary (fixture, vt_test_do (fixture, "incident.complaint", chair,
                                                  "{\"by\": \"list-representative\", "
                                                  "\"about\": \"A ballot table was empty\"}"));
  g_assert_cmpstr (complaint, ==, "A party's or list's representative, A ballot table was empty");
  /* What it is about is the complaint: without it there is none to log. */
  message = vt_test_refused (fixture, "incident.complaint", chair, "{\"by\": \"voter\"}",
                             "invalid-input");
  g_clear_pointer (&message, g_free);
  /* Who, as a role of the guides' list. */
  message = vt_test_refused (fixture, "incident.complaint", chair,
                             "{\"by\": \"Ola Nordmann\", \"about\": \"The queue\"}",
                             "invalid-input");

  police = entry_summary (fixture, vt_test_do (fixture, "incident.police", chair,
                                               "{\"reason\": \"Threats at the door\", "
                                               "\"arrived\": true}"));
  g_assert_cmpstr (police, ==, "Threats at the door, yes");
}

/* ---- outdoor voting --------------------------------------------------------------------- */

/* What the voting page shows of the votes out: who is out and since when, until they are back. */
static void
test_outdoor_votes_out_name_workers_and_time (StationFixture *fixture,
                                             gconstpointer   data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) back = NULL;
  VtOutdoorVote *vote;
  gint64 seq;

  open_for_outdoor (fixture);
  before = vt_station_dup_outdoor_votes_out (fixture->station);
  g_assert_cmpuint (before->len, ==, 0);

  vt_test_at (fixture, 1, "10:42");
  seq = start_outdoor (fixture, LIV, ANDERS);
  out = vt_station_dup_outdoor_votes_out (fixture->station);
  g_assert_cmpuint (out->len, ==, 1);
  vote = g_ptr_array_index (out, 0);
  g_assert_cmpint (vote->start_seq, ==, seq);
  g_assert_cmpstr (vote->worker, ==, LIV);
  g_assert_cmpstr (vote->second_worker, ==, ANDERS);
  g_assert_nonnull (vote->since);
  g_assert_cmpint (g_date_time_get_hour (vote->since), ==, 10);
  g_assert_cmpint (g_date_time_get_minute (vote->since), ==, 42);

  end_outdoor (fixture, seq);
  back = vt_station_dup_outdoor_votes_out (fixture->station);
  g_assert_cmpuint (back->len, ==, 0);
}

/* One flow: the start sends the workers out with the equipment; the end brings them back. */
static void
test_outdoor_start_back (StationFixture *fixture,
                         gconstpointer   data)
{
  gint64 vote, end;
  g_autofree char *started = NULL;
  g_autofree char *status = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *back = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *workers = NULL;

  open_for_outdoor (fixture);
  vote = start_outdoor (fixture, LIV, ANDERS);
  started = outdoor_status (fixture, vote);
  g_assert_cmpstr (started, ==, "started");
  summary = entry_summary (fixture, vote);
  g_assert_cmpstr (summary, ==, "Outdoor vote: Liv Øvingstad and Anders Eksempelsen went out; "
                                "the voter is at table 2, page 14, line 7");

  /* Straight back: nothing in between. */
  end = end_outdoor (fixture, vote);
  status = outdoor_status (fixture, vote);
  g_assert_cmpstr (status, ==, "done");
  g_assert_cmpint (sql_int (fixture, "SELECT end_seq FROM outdoor_vote"), ==, end);
  g_assert_cmpint (sql_int (fixture, "SELECT out_seq FROM outdoor_vote"), ==, -1);
  workers = sql_string (fixture, "SELECT worker || ',' || second_worker FROM outdoor_vote");
  g_assert_cmpstr (workers, ==, LIV "," ANDERS);
  back = entry_summary (fixture, end);
  expected = g_strdup_printf ("Outdoor vote %" G_GINT64_FORMAT " back; the mobile urn is "
                              "sealed, strip 1002", vote);
  g_assert_cmpstr (back, ==, expected);

  /* Two voters in one car: the same workers go out for both at once. */
  {
    gint64 first = start_outdoor (fixture, ANDERS, LIV);
    gint64 second = start_outdoor (fixture, ANDERS, LIV);

    end_outdoor (fixture, second);
    end_outdoor (fixture, first);
    g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM outdoor_vote "
                                       "WHERE status = 'done'"), ==, 3);
  }
}

/* The separate "equipment out" step is no longer given, nor offered in any phase; the
 * catalogue keeps it for older journals. */
static void
test_outdoor_out_no_longer_given (StationFixture *fixture,
                                  gconstpointer   data)
{
  const VtEntryKind *out = vt_entry_kind_lookup ("outdoor.out");
  g_autofree char *json = NULL;
  gint64 vote;

  g_assert_nonnull (out);
  g_assert_cmpuint (out->phases, ==, 0);
  open_for_outdoor (fixture);
  vote = start_outdoor (fixture, LIV, ANDERS);
  g_assert_false (vt_command_allowed_in_phase (station_db (fixture),
                                               vt_station_get_config (fixture->station), out));
  json = g_strdup_printf ("{\"vote\": %" G_GINT64_FORMAT "}", vote);
  g_free (vt_test_refused (fixture, "outdoor.out", vt_test_chair (fixture), json,
                           "unknown-kind"));
  g_assert_true (vt_command_allowed_in_phase (station_db (fixture),
                                              vt_station_get_config (fixture->station),
                                              vt_entry_kind_lookup ("outdoor.end")));
}

/* A station file whose journal has start, out and end (as Valgting wrote them before) still
 * opens and replays; an old vote left out can come back with today's entry. */
static void
test_outdoor_legacy_journal_replays (StationFixture *fixture,
                                     gconstpointer   data)
{
  VtStore *store;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *reopened = NULL;
  g_autofree char *summary = NULL;
  gint64 old_vote, left_out, note;

  open_for_outdoor (fixture);
  store = vt_station_get_store (fixture->station);
  /* The old start had no roll reference; the old steps are written past the rules. */
  {
    g_autoptr(JsonObject) start = json_object_new ();
    g_autoptr(JsonObject) start2 = json_object_new ();
    g_autoptr(VtJournalEntry) entry = NULL;
    g_autoptr(VtJournalEntry) entry2 = NULL;

    json_object_set_string_member (start, "worker", LIV);
    json_object_set_string_member (start, "second_worker", ANDERS);
    json_object_set_boolean_member (start, "in_roll", TRUE);
    json_object_set_string_member (start2, "worker", LIV);
    json_object_set_string_member (start2, "second_worker", ANDERS);
    json_object_set_boolean_member (start2, "in_roll", TRUE);
    entry = vt_store_append (store, "old-1", fixture->now, "outdoor.start", vt_test_chair (fixture),
                             start, NULL, &error);
    g_assert_no_error (error);
    old_vote = vt_journal_entry_get_seq (entry);
    entry2 = vt_store_append (store, "old-2", fixture->now, "outdoor.start",
                              vt_test_chair (fixture), start2, NULL, &error);
    g_assert_no_error (error);
    left_out = vt_journal_entry_get_seq (entry2);
  }
  {
    static const struct { const char *id; const char *kind; gint64 which; } steps[] = {
      { "old-3", "outdoor.out", 0 }, { "old-4", "outdoor.end", 0 }, { "old-5", "outdoor.out", 1 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_autoptr(JsonObject) payload = json_object_new ();
        g_autoptr(VtJournalEntry) entry = NULL;

        json_object_set_int_member (payload, "vote", steps[i].which == 0 ? old_vote : left_out);
        entry = vt_store_append (store, steps[i].id, fixture->now, steps[i].kind,
                                 vt_test_chair (fixture), payload, NULL, &error);
        g_assert_no_error (error);
      }
  }

  /* A correction replays the whole journal through the rules' state. */
  note = vt_test_do (fixture, "note", vt_test_chair (fixture), "{\"text\": \"A test note\"}");
  annul (fixture, note, "Not needed");
  g_free (state);
  state = outdoor_status (fixture, old_vote);
  g_assert_cmpstr (state, ==, "done");
  g_free (state);
  state = outdoor_status (fixture, left_out);
  g_assert_cmpstr (state, ==, "out");
  summary = entry_summary (fixture, old_vote);
  g_assert_cmpstr (summary, ==, "Outdoor vote: Liv Øvingstad and Anders Eksempelsen went out");

  /* The vote left out comes back the new way. */
  end_outdoor (fixture, left_out);
  g_free (state);
  state = outdoor_status (fixture, left_out);
  g_assert_cmpstr (state, ==, "done");

  g_free (state);
  state = dump_voting_state (fixture);
  g_clear_object (&fixture->station);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  reopened = dump_voting_state (fixture);
  g_assert_cmpstr (state, ==, reopened);
}

/* The chair stays in the room: not sent out as either worker. */
static void
test_outdoor_chair_stays (StationFixture *fixture,
                          gconstpointer   data)
{
  const char *chair = vt_test_chair (fixture);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *json1 = g_strdup_printf ("{\"worker\": \"%s\", \"second_worker\": \"" LIV
                                            "\", \"in_roll\": true, " ROLL_REF "}", chair);
  g_autofree char *json2 = g_strdup_printf ("{\"worker\": \"" LIV "\", \"second_worker\": "
                                            "\"%s\", \"in_roll\": true, " ROLL_REF "}", chair);

  open_for_outdoor (fixture);
  first = vt_test_refused (fixture, "outdoor.start", chair, json1, "outdoor.chair-stays");
  g_assert_nonnull (strstr (first, "Kari Øvingsen"));
  g_assert_nonnull (strstr (first, "stays in the room"));
  second = vt_test_refused (fixture, "outdoor.start", chair, json2, "outdoor.chair-stays");
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM outdoor_vote"), ==, 0);

  /* The deputy chair may go. */
  arrive (fixture, vt_test_deputy (fixture));
  start_outdoor (fixture, LIV, vt_test_deputy (fixture));
}

/* The voter's line in the roll goes with the start: the table always, page and line on a
 * paper roll. */
static void
test_outdoor_roll_reference (StationFixture *fixture,
                             gconstpointer   data)
{
  g_autofree char *no_table = NULL;
  g_autofree char *no_line = NULL;

  open_for_outdoor (fixture);
  no_table = vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                              "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
                              "\"in_roll\": true}", "outdoor.roll-table");
  g_assert_nonnull (strstr (no_table, "table"));
  no_line = vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                             "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
                             "\"in_roll\": true, \"table\": \"1\", \"page\": 3}",
                             "outdoor.roll-position");
  g_free (vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                           "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
                           "\"in_roll\": true, \"table\": \"1\", \"page\": 0, \"line\": 4}",
                           "outdoor.roll-position"));
  /* A table the configuration does not have is a typing error. */
  g_free (vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                           "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
                           "\"in_roll\": true, \"table\": \"9\", \"page\": 1, \"line\": 4}",
                           "invalid-input"));
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM outdoor_vote"), ==, 0);
  start_outdoor (fixture, LIV, ANDERS);
}

/* An electronic roll has no pages: the table is enough. */
static void
test_outdoor_roll_reference_electronic (StationFixture *fixture,
                                        gconstpointer   data)
{
  GPtrArray *tables = vt_config_get_tables (fixture->config);
  const char *table = ((VtRollTable *)g_ptr_array_index (tables, 0))->id;
  GPtrArray *people = vt_config_get_people (fixture->config);
  g_autoptr(GPtrArray) workers = g_ptr_array_new ();
  g_autofree char *json = NULL;
  gint64 vote;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;

  vt_test_open_station (fixture);
  for (guint i = 0; i < people->len && workers->len < 2; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      if (person->role == VT_ROLE_LEDER)
        continue;
      g_ptr_array_add (workers, person);
      if (!vt_station_is_present (fixture->station, person->id))
        arrive (fixture, person->id);
    }
  g_assert_cmpuint (workers->len, ==, 2);
  add_mobile_urn (fixture, "M1", 1002, TRUE);
  json = g_strdup_printf ("{\"worker\": \"%s\", \"second_worker\": \"%s\", \"in_roll\": true, "
                          "\"table\": \"%s\"}",
                          ((VtPerson *)g_ptr_array_index (workers, 0))->id,
                          ((VtPerson *)g_ptr_array_index (workers, 1))->id, table);
  vote = vt_test_do (fixture, "outdoor.start", vt_test_chair (fixture), json);
  summary = entry_summary (fixture, vote);
  expected = g_strdup_printf ("the voter is at table %s", table);
  g_assert_true (g_str_has_suffix (summary, expected));
}

/* Back with the mobile urn still sealed: the strip read on it is the one the register has. */
static void
test_outdoor_back_sealed (StationFixture *fixture,
                          gconstpointer   data)
{
  g_autofree char *wrong = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *none = NULL;
  gint64 vote, other;

  open_for_outdoor (fixture);
  vote = start_outdoor (fixture, LIV, ANDERS);

  /* Another number than the seal's, or the seal of an ordinary urn. */
  wrong = end_outdoor_refused (fixture, vote, 1003, "outdoor.wrong-strip");
  g_assert_nonnull (strstr (wrong, "M1 1002"));
  g_free (end_outdoor_refused (fixture, vote, 1001, "outdoor.wrong-strip"));
  {
    g_autofree char *status = outdoor_status (fixture, vote);
    g_assert_cmpstr (status, ==, "started");
  }
  end_outdoor (fixture, vote);

  /* A mobile urn whose seal is broken in the register does not come back sealed. */
  other = start_outdoor (fixture, LIV, ANDERS);
  arrive (fixture, vt_test_chair (fixture));
  arrive (fixture, vt_test_deputy (fixture));
  vt_test_do (fixture, "seal.break", vt_test_chair (fixture),
              "{\"urn\": \"M1\", \"strip\": 1002, \"member\": \"kari-ovingsen\", "
              "\"second_member\": \"ola-provesen\", \"reason\": \"Found broken\"}");
  broken = end_outdoor_refused (fixture, other, 1002, "outdoor.mobile-urn-not-sealed");
  g_assert_nonnull (strstr (broken, "M1"));
  none = end_outdoor_refused (fixture, other, 1005, "outdoor.mobile-urn-not-sealed");
  g_assert_nonnull (strstr (none, "no mobile urn is sealed"));
}

static void
test_outdoor_needs_two_different_workers (StationFixture *fixture,
                                          gconstpointer   data)
{
  g_autofree char *message = NULL;

  open_for_outdoor (fixture);
  message = vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                             "{\"worker\": \"" LIV "\", \"second_worker\": \"" LIV "\", "
                             "\"in_roll\": true}", "outdoor.same-worker");
  g_assert_nonnull (strstr (message, "Liv Øvingstad"));
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM outdoor_vote"), ==, 0);

  start_outdoor (fixture, LIV, ANDERS);
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM outdoor_vote"), ==, 1);
}

static void
test_outdoor_workers_must_be_present (StationFixture *fixture,
                                      gconstpointer   data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *gone = NULL;

  open_for_outdoor (fixture);

  /* Sigrid never arrived: neither as the first nor as the second worker. */
  first = vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                           "{\"worker\": \"" SIGRID "\", \"second_worker\": \"" LIV "\", "
                           "\"in_roll\": true}", "outdoor.worker-not-present");
  g_assert_nonnull (strstr (first, "Sigrid Prøvestad"));
  second = vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                            "{\"worker\": \"" LIV "\", \"second_worker\": \"" SIGRID "\", "
                            "\"in_roll\": true}", "outdoor.worker-not-present");
  g_assert_nonnull (strstr (second, "Sigrid Prøvestad"));

  arrive (fixture, SIGRID);
  start_outdoor (fixture, LIV, SIGRID);

  /* Someone who left is no longer here to go out. */
  vt_test_do (fixture, "person.leave", vt_test_chair (fixture), "{\"person\": \"" ANDERS "\"}");
  gone = vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                          "{\"worker\": \"" ANDERS "\", \"second_worker\": \"" LIV "\", "
                          "\"in_roll\": true}", "outdoor.worker-not-present");
  g_assert_nonnull (strstr (gone, "Anders Eksempelsen"));
}

static void
test_outdoor_voter_not_in_roll (StationFixture *fixture,
                                gconstpointer   data)
{
  g_autofree char *message = NULL;

  open_for_outdoor (fixture);
  message = vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                             "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
                             "\"in_roll\": false}", "outdoor.not-in-roll");
  g_assert_nonnull (strstr (message, "special envelope"));
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM outdoor_vote"), ==, 0);

  /* The special-envelope path is the one that is open to that voter. */
  envelope (fixture, "not-in-roll");
  g_assert_cmpint (live_envelopes (fixture, "not-in-roll"), ==, 1);
}

static void
test_outdoor_needs_sealed_mobile_urn (StationFixture *fixture,
                                      gconstpointer   data)
{
  const char *json = "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
                     "\"in_roll\": true, " ROLL_REF "}";
  g_autofree char *message = NULL;

  /* Open, with the sealed ordinary urn U1 only. */
  vt_test_open_station (fixture);
  arrive (fixture, LIV);
  arrive (fixture, ANDERS);
  message = vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture), json,
                             "outdoor.no-mobile-urn");
  g_assert_nonnull (strstr (message, "mobile urn"));

  /* Shown empty is not enough: it must be sealed. */
  add_mobile_urn (fixture, "M1", 1002, FALSE);
  g_free (vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture), json,
                           "outdoor.no-mobile-urn"));

  vt_test_do (fixture, "urn.seal", vt_test_chair (fixture),
              "{\"urn\": \"M1\", \"strip\": 1002, \"witness\": \"ola-provesen\"}");
  start_outdoor (fixture, LIV, ANDERS);
}

static void
test_outdoor_steps_in_order (StationFixture *fixture,
                             gconstpointer   data)
{
  gint64 vote, other;
  g_autofree char *not_vote = NULL;
  g_autofree char *done = NULL;
  g_autofree char *annulled = NULL;

  open_for_outdoor (fixture);
  vote = start_outdoor (fixture, LIV, ANDERS);

  /* Entry 1 made the station; it is no outdoor vote. */
  not_vote = end_outdoor_refused (fixture, 1, 1002, "outdoor.no-such-vote");
  g_assert_nonnull (strstr (not_vote, "Entry 1 "));

  end_outdoor (fixture, vote);
  done = end_outdoor_refused (fixture, vote, 1002, "outdoor.already-done");
  g_assert_nonnull (strstr (done, "already back"));

  /* An annulled start is no outdoor vote any more. */
  other = start_outdoor (fixture, LIV, ANDERS);
  annul (fixture, other, "Logged by mistake: the voter came in after all");
  annulled = end_outdoor_refused (fixture, other, 1002, "outdoor.no-such-vote");
  g_assert_nonnull (strstr (annulled, "annulled"));
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM outdoor_vote"), ==, 1);
}

static void
test_outdoor_blocks_closing (StationFixture *fixture,
                             gconstpointer   data)
{
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *message = NULL;
  VtFinding *finding = NULL;
  gint64 vote;

  open_for_outdoor (fixture);
  vote = start_outdoor (fixture, LIV, ANDERS);

  vt_test_at (fixture, 1, "21:00");
  findings = vt_station_run_checks (fixture->station);
  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (((VtFinding *)g_ptr_array_index (findings, i))->code, "K201"))
      {
        g_assert_null (finding);
        finding = g_ptr_array_index (findings, i);
      }
  g_assert_nonnull (finding);
  subject = g_strdup_printf ("%" G_GINT64_FORMAT, vote);
  g_assert_cmpint (finding->severity, ==, VT_SEVERITY_ERROR);
  g_assert_cmpstr (finding->subject, ==, subject);
  g_assert_nonnull (strstr (finding->message, "Liv Øvingstad"));
  g_assert_nonnull (strstr (finding->message, "Anders Eksempelsen"));
  g_assert_nonnull (strstr (finding->message, "09:30"));

  message = vt_test_refused (fixture, "doors.close", vt_test_chair (fixture), "{\"queue\": 0}",
                             "doors.close-blocked");
  g_assert_nonnull (strstr (message, "K201"));

  end_outdoor (fixture, vote);
  after = vt_station_run_checks (fixture->station);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (((VtFinding *)g_ptr_array_index (after, i))->code, !=, "K201");
  vt_test_do (fixture, "doors.close", vt_test_chair (fixture), "{\"queue\": 0}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
}

/* A finished outdoor vote whose end is annulled after closing can still be ended. */
static void
test_outdoor_end_after_closing (StationFixture *fixture,
                                gconstpointer   data)
{
  g_autofree char *status = NULL;
  gint64 vote, end;

  open_for_outdoor (fixture);
  vote = start_outdoor (fixture, LIV, ANDERS);
  end = end_outdoor (fixture, vote);

  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", vt_test_chair (fixture), "{\"queue\": 0}");
  annul (fixture, end, "Logged for the wrong vote");
  status = outdoor_status (fixture, vote);
  g_assert_cmpstr (status, ==, "started");

  /* No new outdoor vote after closing, but one out can come back. */
  g_free (vt_test_refused (fixture, "outdoor.start", vt_test_chair (fixture),
                           "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
                           "\"in_roll\": true, " ROLL_REF "}", "wrong-phase"));
  end_outdoor (fixture, vote);
  g_free (status);
  status = outdoor_status (fixture, vote);
  g_assert_cmpstr (status, ==, "done");
}

/* ---- special envelopes ------------------------------------------------------------------ */

static void
test_envelope_live_counts (StationFixture *fixture,
                           gconstpointer   data)
{
  g_autofree char *summary = NULL;
  gint64 seq;

  vt_test_open_station (fixture);
  g_assert_cmpint (live_envelopes (fixture, "other-precinct"), ==, 0);
  g_assert_cmpint (live_envelopes (fixture, NULL), ==, 0);

  envelope (fixture, "other-precinct");
  envelope (fixture, "other-precinct");
  seq = envelope (fixture, "already-marked");
  envelope (fixture, "not-in-roll");
  envelope (fixture, "not-in-roll");
  envelope (fixture, "not-in-roll");

  g_assert_cmpint (live_envelopes (fixture, "other-precinct"), ==, 2);
  g_assert_cmpint (live_envelopes (fixture, "already-marked"), ==, 1);
  g_assert_cmpint (live_envelopes (fixture, "not-in-roll"), ==, 3);
  g_assert_cmpint (live_envelopes (fixture, NULL), ==, 6);

  summary = entry_summary (fixture, seq);
  g_assert_cmpstr (summary, ==, "Special envelope: Allerede krysset av i manntallet");

  /* The emergency envelope is no reason of a paper-roll station. */
  g_free (vt_test_refused (fixture, "envelope", vt_test_chair (fixture),
                           "{\"reason\": \"emergency\"}", "invalid-input"));
}

static void
test_envelope_annul_lowers_count (StationFixture *fixture,
                                  gconstpointer   data)
{
  gint64 first;

  vt_test_open_station (fixture);
  first = envelope (fixture, "not-in-roll");
  envelope (fixture, "not-in-roll");
  envelope (fixture, "already-marked");
  g_assert_cmpint (live_envelopes (fixture, "not-in-roll"), ==, 2);

  annul (fixture, first, "Logged twice");
  g_assert_cmpint (live_envelopes (fixture, "not-in-roll"), ==, 1);
  g_assert_cmpint (live_envelopes (fixture, "already-marked"), ==, 1);
  g_assert_cmpint (live_envelopes (fixture, NULL), ==, 2);

  /* An amended reason moves the envelope from one count to the other. */
  {
    g_autofree char *json = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": "
                                             "\"Wrong reason\", \"changes\": {\"reason\": "
                                             "\"other-precinct\"}}", first + 2);
    vt_test_do (fixture, "correction.amend", vt_test_chair (fixture), json);
  }
  g_assert_cmpint (live_envelopes (fixture, "already-marked"), ==, 0);
  g_assert_cmpint (live_envelopes (fixture, "other-precinct"), ==, 1);
}

static void
test_envelope_emergency_only_while_roll_down (StationFixture *fixture,
                                              gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *everyone = NULL;

  vt_test_open_station (fixture);
  message = vt_test_refused (fixture, "envelope", vt_test_chair (fixture),
                             "{\"reason\": \"emergency\"}", "envelope.roll-not-down");
  g_assert_nonnull (strstr (message, "electronic roll"));

  incident (fixture, "incident.electronic-roll", "{\"state\": \"down\"}");
  envelope (fixture, "emergency");
  envelope (fixture, "emergency");
  g_assert_cmpint (live_envelopes (fixture, "emergency"), ==, 2);

  /* While it is down, nobody can tell who is in the roll: every voter gets an emergency
   * envelope. */
  everyone = vt_test_refused (fixture, "envelope", vt_test_chair (fixture),
                              "{\"reason\": \"not-in-roll\"}", "envelope.roll-down");
  g_assert_nonnull (strstr (everyone, "emergency envelope"));

  incident (fixture, "incident.electronic-roll", "{\"state\": \"up\"}");
  g_free (vt_test_refused (fixture, "envelope", vt_test_chair (fixture),
                           "{\"reason\": \"emergency\"}", "envelope.roll-not-down"));
  envelope (fixture, "not-in-roll");
  g_assert_cmpint (live_envelopes (fixture, "emergency"), ==, 2);
  g_assert_cmpint (live_envelopes (fixture, "not-in-roll"), ==, 1);
}

/* Rebuilding never refuses: the envelope stays counted when the entry that said the roll
 * was down is annulled. */
static void
test_envelope_rebuild_never_refuses (StationFixture *fixture,
                                     gconstpointer   data)
{
  gint64 down;

  vt_test_open_station (fixture);
  down = incident (fixture, "incident.electronic-roll", "{\"state\": \"down\"}");
  envelope (fixture, "emergency");
  incident (fixture, "incident.electronic-roll", "{\"state\": \"up\"}");

  annul (fixture, down, "Logged on the wrong station");
  g_assert_cmpint (live_envelopes (fixture, "emergency"), ==, 1);
  g_assert_cmpint (sql_int (fixture, "SELECT seq FROM incident_state "
                                     "WHERE kind = 'electronic-roll'"), ==, down + 2);
}

/* ---- incidents -------------------------------------------------------------------------- */

static void
test_incident_wrong_mark (StationFixture *fixture,
                          gconstpointer   data)
{
  const char *mark = "{\"table\": \"2\", \"page\": 14, \"line\": 7}";
  g_autofree char *summary = NULL;
  g_autofree char *twice = NULL;
  g_autofree char *resolve = NULL;
  g_autofree char *resolve_other = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  gint64 seq, resolved, other;

  vt_test_open_station (fixture);
  seq = incident (fixture, "incident.wrong-mark", mark);
  summary = entry_summary (fixture, seq);
  g_assert_cmpstr (summary, ==, "Wrong voter marked at table 2, page 14, line 7");
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM wrong_mark WHERE table_id = '2' "
                                     "AND page = 14 AND line = 7 AND resolved_seq IS NULL"),
                   ==, 1);

  /* The same line cannot be wrong twice while the first is not resolved. */
  twice = vt_test_refused (fixture, "incident.wrong-mark", vt_test_chair (fixture), mark,
                           "incident.wrong-mark-twice");
  g_assert_nonnull (strstr (twice, "page 14, line 7"));
  incident_refused (fixture, "incident.wrong-mark", "{\"table\": \"2\", \"page\": 0, "
                                                    "\"line\": 7}", "incident.wrong-mark-position");
  incident_refused (fixture, "incident.wrong-mark", "{\"table\": \"2\", \"page\": 3, "
                                                    "\"line\": 0}", "incident.wrong-mark-position");
  other = incident (fixture, "incident.wrong-mark", "{\"table\": \"3\", \"page\": 2, \"line\": 1, "
                                                    "\"note\": \"Marker noticed at once\"}");

  before = explaining_entries (fixture);
  g_assert_true (array_has (before, seq));

  /* Only a wrong mark can be resolved, and only once. */
  resolve_other = g_strdup_printf ("{\"entry\": %d}", 1);
  incident_refused (fixture, "incident.wrong-mark-resolved", resolve_other,
                    "incident.not-a-wrong-mark");
  resolve = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT "}", seq);
  resolved = incident (fixture, "incident.wrong-mark-resolved", resolve);
  g_assert_cmpint (sql_int (fixture, "SELECT resolved_seq FROM wrong_mark "
                                     "WHERE table_id = '2'"), ==, resolved);
  incident_refused (fixture, "incident.wrong-mark-resolved", resolve,
                    "incident.wrong-mark-already-resolved");

  after = explaining_entries (fixture);
  g_assert_false (array_has (after, seq));
  g_assert_true (array_has (after, other));

  /* Resolved, the line may be marked wrongly again. */
  incident (fixture, "incident.wrong-mark", mark);
}

/* An electronic roll has no pages and lines to give. */
static void
test_incident_wrong_mark_electronic (StationFixture *fixture,
                                     gconstpointer   data)
{
  const char *mark = "{\"table\": \"4\", \"page\": 0, \"line\": 0}";
  g_autofree char *summary = NULL;
  gint64 seq;

  vt_test_open_station (fixture);
  seq = incident (fixture, "incident.wrong-mark", mark);
  incident (fixture, "incident.wrong-mark", mark);
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM wrong_mark WHERE table_id = '4'"), ==,
                   2);
  summary = entry_summary (fixture, seq);
  g_assert_cmpstr (summary, ==, "Wrong voter marked at table 4");
}

static void
test_incident_unstamped (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GArray) seqs = NULL;
  g_autofree char *summary = NULL;
  gint64 seq;

  vt_test_open_station (fixture);
  seq = incident (fixture, "incident.unstamped", "{\"table\": \"1\"}");
  incident (fixture, "incident.unstamped", "{\"table\": \"1\", \"note\": \"New ballot given\"}");
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM unstamped WHERE table_id = '1'"), ==,
                   2);
  seqs = explaining_entries (fixture);
  g_assert_cmpint (seqs->len, ==, 2);
  g_assert_cmpint (g_array_index (seqs, gint64, 0), ==, seq);
  summary = entry_summary (fixture, seq + 1);
  g_assert_cmpstr (summary, ==, "Unstamped ballot in the urn of table 1 — New ballot given");
}

typedef struct
{
  const char *kind;
  const char *stop;
  const char *resume;
  const char *already_rule;
  const char *not_rule;
} StateCase;

static void
check_state_machine (StationFixture  *fixture,
                     const StateCase *c)
{
  g_autofree char *stop = g_strdup_printf ("{\"state\": \"%s\"}", c->stop);
  g_autofree char *resume = g_strdup_printf ("{\"state\": \"%s\", \"note\": \"All well\"}",
                                             c->resume);
  gint64 seq;

  /* Nothing can come back that did not stop. */
  incident_refused (fixture, c->kind, resume, c->not_rule);
  seq = incident (fixture, c->kind, stop);
  {
    g_autofree char *message = vt_test_refused (fixture, c->kind, vt_test_chair (fixture), stop,
                                                c->already_rule);
    g_autofree char *entry = g_strdup_printf ("entry %" G_GINT64_FORMAT, seq);
    g_assert_nonnull (strstr (message, entry));
  }
  incident (fixture, c->kind, resume);
  incident_refused (fixture, c->kind, resume, c->not_rule);
  /* … and it can stop again. */
  incident (fixture, c->kind, stop);
}

static void
test_incident_state_machines (StationFixture *fixture,
                              gconstpointer   data)
{
  static const StateCase cases[] = {
    { "incident.power", "out", "back", "incident.power-already-out", "incident.power-not-out" },
    { "incident.fire-alarm", "evacuated", "resumed", "incident.fire-alarm-already-evacuated",
      "incident.fire-alarm-not-evacuated" },
    { "incident.phone", "down", "up", "incident.phone-already-down", "incident.phone-not-down" },
  };
  g_autofree char *power = NULL;

  /* Any phase: here before the doors open. */
  vt_test_at (fixture, 1, "07:00");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_state_machine (fixture, &cases[i]);
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM incident_state"), ==, 3);
  power = sql_string (fixture, "SELECT state FROM incident_state WHERE kind = 'power'");
  g_assert_cmpstr (power, ==, "out");

  /* Each machine is its own: the power is out, the phone can still go down and up. */
  incident (fixture, "incident.phone", "{\"state\": \"up\"}");
  incident (fixture, "incident.power", "{\"state\": \"back\"}");
}

static void
test_incident_electronic_roll (StationFixture *fixture,
                               gconstpointer   data)
{
  static const StateCase roll = {
    "incident.electronic-roll", "down", "up", "incident.electronic-roll-already-down",
    "incident.electronic-roll-not-down"
  };

  vt_test_open_station (fixture);
  check_state_machine (fixture, &roll);
}

static void
test_incident_electronic_roll_needs_one (StationFixture *fixture,
                                         gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  message = vt_test_refused (fixture, "incident.electronic-roll", vt_test_chair (fixture),
                             "{\"state\": \"down\"}", "incident.no-electronic-roll");
  g_assert_nonnull (strstr (message, "paper roll"));
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM incident_state"), ==, 0);
}

static void
test_incident_turnout (StationFixture *fixture,
                       gconstpointer   data)
{
  g_autofree char *summary = NULL;
  gint64 seq;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "12:00");
  seq = incident (fixture, "incident.turnout",
                  "{\"counts\": {\"2\": 298, \"1\": 312, \"3\": 305}}");
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM turnout"), ==, 3);
  g_assert_cmpint (sql_int (fixture, "SELECT sum (n) FROM turnout"), ==, 915);
  g_assert_cmpint (sql_int (fixture, "SELECT n FROM turnout WHERE table_id = '2'"), ==, 298);
  g_assert_cmpint (sql_int (fixture, "SELECT min (seq) FROM turnout"), ==, seq);
  summary = entry_summary (fixture, seq);
  g_assert_cmpstr (summary, ==, "Turnout: table 1 312, table 2 298, table 3 305 (915 in all)");

  incident_refused (fixture, "incident.turnout", "{\"counts\": {}}", "incident.turnout-empty");
  incident_refused (fixture, "incident.turnout", "{\"counts\": {\"9\": 3}}", "invalid-input");

  /* A later report is a report of its own. */
  vt_test_at (fixture, 1, "15:00");
  incident (fixture, "incident.turnout", "{\"counts\": {\"1\": 500}}");
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM turnout"), ==, 4);
}

static void
test_incident_without_state (StationFixture *fixture,
                             gconstpointer   data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *helper = NULL;
  gint64 seq;

  vt_test_open_station (fixture);
  before = dump_voting_state (fixture);

  seq = incident (fixture, "incident.disturbance",
                  "{\"removed\": true, \"note\": \"Agitation at the door\"}");
  removed = entry_summary (fixture, seq);
  g_assert_cmpstr (removed, ==, "Disturbance; the person was removed: Agitation at the door");
  incident (fixture, "incident.disturbance", "{\"removed\": false, \"note\": \"A survey\"}");
  incident (fixture, "incident.press", "{\"note\": \"A local paper called; office told\"}");
  seq = incident (fixture, "incident.assistance", "{\"own_helper\": true}");
  helper = entry_summary (fixture, seq);
  g_assert_cmpstr (helper, ==, "Assistance in the booth by the voter's own helper");
  incident (fixture, "incident.missing-material", "{\"note\": \"Out of blank ballots\"}");

  after = dump_voting_state (fixture);
  g_assert_cmpstr (before, ==, after);

  /* The note of a disturbance is required. */
  incident_refused (fixture, "incident.disturbance", "{\"removed\": false}", "invalid-input");
}

static void
test_incident_personal_data (StationFixture *fixture,
                             gconstpointer   data)
{
  VtStore *store = vt_station_get_store (fixture->station);
  g_autoptr(VtJournalEntry) refusal = NULL;
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;

  vt_test_open_station (fixture);
  message = vt_test_refused (fixture, "incident.press", vt_test_chair (fixture),
                             "{\"note\": \"Journalist asked whether " FNR " voted\"}",
                             "personal-data");
  g_assert_null (strstr (message, FNR));

  refusal = vt_store_get_entry (store, vt_store_get_n_entries (store), NULL);
  g_assert_cmpstr (vt_journal_entry_get_kind (refusal), ==, "refused");
  g_assert_null (strstr (vt_journal_entry_get_payload (refusal), FNR));
  summary = vt_journal_entry_dup_summary (refusal, vt_station_get_config (fixture->station));
  g_assert_null (strstr (summary, FNR));

  /* The same in any free text of an incident. */
  g_free (vt_test_refused (fixture, "incident.unstamped", vt_test_chair (fixture),
                           "{\"table\": \"1\", \"note\": \"Voter " FNR "\"}", "personal-data"));
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM unstamped"), ==, 0);
}

/* ---- reconciliation, rebuild, summaries ------------------------------------------------- */

static void
test_explaining_entries (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GArray) seqs = NULL;
  g_autofree char *resolve = NULL;
  gint64 done, unfinished, unstamped, wrong, fixed;

  open_for_outdoor (fixture);
  done = start_outdoor (fixture, LIV, ANDERS);
  end_outdoor (fixture, done);
  unfinished = start_outdoor (fixture, LIV, ANDERS);
  unstamped = incident (fixture, "incident.unstamped", "{\"table\": \"3\"}");
  wrong = incident (fixture, "incident.wrong-mark", "{\"table\": \"1\", \"page\": 1, \"line\": 2}");
  fixed = incident (fixture, "incident.wrong-mark", "{\"table\": \"1\", \"page\": 1, \"line\": 3}");
  resolve = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT "}", fixed);
  incident (fixture, "incident.wrong-mark-resolved", resolve);
  envelope (fixture, "not-in-roll");

  seqs = explaining_entries (fixture);
  g_assert_cmpint (seqs->len, ==, 3);
  g_assert_cmpint (g_array_index (seqs, gint64, 0), ==, done);
  g_assert_cmpint (g_array_index (seqs, gint64, 1), ==, unstamped);
  g_assert_cmpint (g_array_index (seqs, gint64, 2), ==, wrong);
  g_assert_false (array_has (seqs, unfinished));
  g_assert_false (array_has (seqs, fixed));

  /* Appended to what the array holds already. */
  {
    VtRuleContext ctx = rule_context (fixture);
    gint64 first = 1;

    g_array_set_size (seqs, 0);
    g_array_append_val (seqs, first);
    vt_voting_explaining_entries (&ctx, seqs);
    g_assert_cmpint (seqs->len, ==, 4);
    g_assert_cmpint (g_array_index (seqs, gint64, 0), ==, 1);
  }
}

static void
test_rebuild_keeps_state (StationFixture *fixture,
                          gconstpointer   data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reopened = NULL;
  g_autofree char *resolve = NULL;
  g_autoptr(GError) error = NULL;
  gint64 vote, wrong, note;

  open_for_outdoor (fixture);
  vote = start_outdoor (fixture, LIV, ANDERS);
  end_outdoor (fixture, vote);
  start_outdoor (fixture, ANDERS, LIV);
  envelope (fixture, "other-precinct");
  envelope (fixture, "already-marked");
  wrong = incident (fixture, "incident.wrong-mark", "{\"table\": \"1\", \"page\": 4, \"line\": 9}");
  resolve = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT "}", wrong);
  incident (fixture, "incident.wrong-mark-resolved", resolve);
  incident (fixture, "incident.wrong-mark", "{\"table\": \"2\", \"page\": 1, \"line\": 1}");
  incident (fixture, "incident.unstamped", "{\"table\": \"2\"}");
  incident (fixture, "incident.power", "{\"state\": \"out\"}");
  incident (fixture, "incident.power", "{\"state\": \"back\"}");
  incident (fixture, "incident.fire-alarm", "{\"state\": \"evacuated\"}");
  incident (fixture, "incident.turnout", "{\"counts\": {\"1\": 10, \"3\": 12}}");
  note = vt_test_do (fixture, "note", vt_test_chair (fixture), "{\"text\": \"A test note\"}");
  before = dump_voting_state (fixture);

  /* A correction recomputes everything from the journal. */
  annul (fixture, note, "Not needed");
  after = dump_voting_state (fixture);
  g_assert_cmpstr (before, ==, after);

  /* And the file keeps it. */
  g_clear_object (&fixture->station);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  reopened = dump_voting_state (fixture);
  g_assert_cmpstr (before, ==, reopened);
}

/* Annulling the start of an outdoor vote that went out and came back leaves no trace of it;
 * the later steps are applied without refusing. */
static void
test_rebuild_after_annulled_start (StationFixture *fixture,
                                   gconstpointer   data)
{
  g_autoptr(GPtrArray) findings = NULL;
  gint64 vote;

  open_for_outdoor (fixture);
  vote = start_outdoor (fixture, LIV, ANDERS);
  annul (fixture, vote, "The voter came in after all");
  g_assert_cmpint (sql_int (fixture, "SELECT count (*) FROM outdoor_vote"), ==, 0);

  findings = vt_station_run_checks (fixture->station);
  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpstr (((VtFinding *)g_ptr_array_index (findings, i))->code, !=, "K201");
}

static void
test_summaries (StationFixture *fixture,
                gconstpointer   data)
{
  VtConfig *config = vt_station_get_config (fixture->station);
  static const struct
  {
    const char *kind;
    const char *payload;
    const char *summary;
  } cases[] = {
    { "outdoor.start", "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
      "\"in_roll\": true}", "Outdoor vote: Liv Øvingstad and Anders Eksempelsen went out" },
    { "outdoor.start", "{\"worker\": \"" LIV "\", \"second_worker\": \"" ANDERS "\", "
      "\"in_roll\": true, " ROLL_REF "}",
      "Outdoor vote: Liv Øvingstad and Anders Eksempelsen went out; the voter is at table 2, "
      "page 14, line 7" },
    { "outdoor.end", "{\"vote\": 42, \"strip\": 1002}",
      "Outdoor vote 42 back; the mobile urn is sealed, strip 1002" },
    { "envelope", "{\"reason\": \"not-in-roll\"}", "Special envelope: Ikke i kommunens manntall" },
    { "incident.wrong-mark", "{\"table\": \"2\", \"page\": 14, \"line\": 7}",
      "Wrong voter marked at table 2, page 14, line 7" },
    { "incident.wrong-mark-resolved", "{\"entry\": 12}",
      "The wrongly marked voter of entry 12 came; “Feil” struck out" },
    { "incident.power", "{\"state\": \"out\"}", "Power cut" },
    { "incident.power", "{\"state\": \"back\"}", "Power back" },
    { "incident.power", "{\"state\": \"out\", \"note\": \"Whole building\"}",
      "Power cut — Whole building" },
    { "incident.fire-alarm", "{\"state\": \"evacuated\"}",
      "Fire alarm: the station is evacuated" },
    { "incident.fire-alarm", "{\"state\": \"resumed\"}", "Fire alarm over: voting resumed" },
    { "incident.assistance", "{\"own_helper\": false}",
      "Assistance in the booth by an election worker" },
    { "incident.disturbance", "{\"removed\": false, \"note\": \"Survey at the door\"}",
      "Disturbance: Survey at the door" },
    { "incident.turnout", "{\"counts\": {\"1\": 312, \"2\": 298, \"3\": 305}}",
      "Turnout: table 1 312, table 2 298, table 3 305 (915 in all)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *summary = summary_of (cases[i].kind, config, cases[i].payload);
      g_assert_cmpstr (summary, ==, cases[i].summary);
    }

  /* Kinds whose payloads are alike get a line that is true of each. */
  {
    g_autofree char *out = summary_of ("outdoor.out", config, "{\"vote\": 42}");
    g_autofree char *end = summary_of ("outdoor.end", config, "{\"vote\": 42}");
    g_autofree char *press = summary_of ("incident.press", config, "{\"note\": \"NRK called\"}");

    g_assert_nonnull (strstr (out, "42"));
    g_assert_nonnull (strstr (end, "42"));
    g_assert_nonnull (strstr (press, "NRK called"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, StationFixture, data, station_fixture_set_up, func, station_fixture_tear_down)

  ADD ("/voting/incidents/part-d-kinds", VT_TEST_MUNICIPAL, test_part_d_incidents);

  ADD ("/voting/outdoor/start-back", VT_TEST_MUNICIPAL, test_outdoor_start_back);
  ADD ("/voting/outdoor/out-no-longer-given", VT_TEST_MUNICIPAL,
       test_outdoor_out_no_longer_given);
  ADD ("/voting/outdoor/legacy-journal-replays", VT_TEST_MUNICIPAL,
       test_outdoor_legacy_journal_replays);
  ADD ("/voting/outdoor/chair-stays", VT_TEST_MUNICIPAL, test_outdoor_chair_stays);
  ADD ("/voting/outdoor/roll-reference", VT_TEST_MUNICIPAL, test_outdoor_roll_reference);
  ADD ("/voting/outdoor/roll-reference-electronic", NULL,
       test_outdoor_roll_reference_electronic);
  ADD ("/voting/outdoor/back-sealed", VT_TEST_MUNICIPAL, test_outdoor_back_sealed);
  ADD ("/voting/outdoor/votes-out-name-workers-and-time", VT_TEST_MUNICIPAL,
       test_outdoor_votes_out_name_workers_and_time);
  ADD ("/voting/outdoor/needs-two-different-workers", VT_TEST_MUNICIPAL,
       test_outdoor_needs_two_different_workers);
  ADD ("/voting/outdoor/workers-must-be-present", VT_TEST_MUNICIPAL,
       test_outdoor_workers_must_be_present);
  ADD ("/voting/outdoor/voter-not-in-roll", VT_TEST_MUNICIPAL, test_outdoor_voter_not_in_roll);
  ADD ("/voting/outdoor/needs-sealed-mobile-urn", VT_TEST_MUNICIPAL,
       test_outdoor_needs_sealed_mobile_urn);
  ADD ("/voting/outdoor/steps-in-order", VT_TEST_MUNICIPAL, test_outdoor_steps_in_order);
  ADD ("/voting/outdoor/blocks-closing", VT_TEST_MUNICIPAL, test_outdoor_blocks_closing);
  ADD ("/voting/outdoor/end-after-closing", VT_TEST_MUNICIPAL, test_outdoor_end_after_closing);
  ADD ("/voting/envelope/live-counts", VT_TEST_MUNICIPAL, test_envelope_live_counts);
  ADD ("/voting/envelope/annul-lowers-count", VT_TEST_MUNICIPAL,
       test_envelope_annul_lowers_count);
  ADD ("/voting/envelope/emergency-only-while-roll-down", NULL,
       test_envelope_emergency_only_while_roll_down);
  ADD ("/voting/envelope/rebuild-never-refuses", NULL, test_envelope_rebuild_never_refuses);
  ADD ("/voting/incident/wrong-mark", VT_TEST_MUNICIPAL, test_incident_wrong_mark);
  ADD ("/voting/incident/wrong-mark-electronic", NULL, test_incident_wrong_mark_electronic);
  ADD ("/voting/incident/unstamped", VT_TEST_MUNICIPAL, test_incident_unstamped);
  ADD ("/voting/incident/state-machines", VT_TEST_MUNICIPAL, test_incident_state_machines);
  ADD ("/voting/incident/electronic-roll", NULL, test_incident_electronic_roll);
  ADD ("/voting/incident/electronic-roll-needs-one", VT_TEST_MUNICIPAL,
       test_incident_electronic_roll_needs_one);
  ADD ("/voting/incident/turnout", VT_TEST_MUNICIPAL, test_incident_turnout);
  ADD ("/voting/incident/without-state", VT_TEST_MUNICIPAL, test_incident_without_state);
  ADD ("/voting/incident/personal-data", VT_TEST_MUNICIPAL, test_incident_personal_data);
  ADD ("/voting/explaining-entries", VT_TEST_MUNICIPAL, test_explaining_entries);
  ADD ("/voting/rebuild/keeps-state", VT_TEST_MUNICIPAL, test_rebuild_keeps_state);
  ADD ("/voting/rebuild/annulled-start", VT_TEST_MUNICIPAL, test_rebuild_after_annulled_start);
  ADD ("/voting/summaries", VT_TEST_MUNICIPAL, test_summaries);

#undef ADD

  return g_test_run ();
}
