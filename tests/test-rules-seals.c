/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>

#include "vt-checks.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-kind-ids.h"
#include "vt-station-state.h"
#include "vt-test-util.h"

/* The strip register and the urns: strips received, applied, broken, void and returned; urns
 * shown empty, sealed, closed as full, broken and resealed, checked before the second day and
 * opened for the count; the checks K102, K103 and K104. */

/* The chair, the deputy chair and the inspector, who witness urns here, are registered
 * present first: a witness is in the room (urn.witness-absent). */
static void
seals_fixture_set_up (StationFixture *fixture,
                      gconstpointer   data)
{
  const char *witnesses[4] = { NULL };

  station_fixture_set_up (fixture, data);
  witnesses[0] = vt_test_chair (fixture);
  witnesses[1] = vt_test_deputy (fixture);
  witnesses[2] = "ingrid-ovelsrud";
  for (guint i = 0; witnesses[i] != NULL; i++)
    if (vt_config_find_person (fixture->config, witnesses[i]) != NULL)
      {
        g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", witnesses[i]);
        vt_test_do (fixture, "person.arrive", vt_test_chair (fixture), json);
      }
}

#define ADD(path, func, data) \
  g_test_add (path, StationFixture, data, seals_fixture_set_up, func, station_fixture_tear_down)

/* The municipal test election (VT_TEST_MUNICIPAL). */
#define CHAIR "kari-ovingsen"
#define DEPUTY "ola-provesen"
#define MEMBER "nora-testdal"
#define INSPECTOR "ingrid-ovelsrud"
#define MARKER "anders-eksempelsen"

/* The two-day example election (NULL). */
#define EX_CHAIR "hanne-eksempel"
#define EX_DEPUTY "lars-monster"
#define EX_MEMBER "siri-prove"

/* ---- helpers ---------------------------------------------------------------------------- */

/* The first column of the first row of @format, read from the file as any program sees it. */
static char *
query_text (StationFixture *fixture,
            const char     *format,
            ...) G_GNUC_PRINTF (2, 3);

static char *
query_text (StationFixture *fixture,
            const char     *format,
            ...)
{
  sqlite3 *db = vt_test_open_raw (fixture->path);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = NULL;
  char *value = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
count_strips (StationFixture *fixture,
              const char     *status)
{
  g_autofree char *n = NULL;

  if (status == NULL)
    n = query_text (fixture, "SELECT count (*) FROM strip");
  else
    n = query_text (fixture, "SELECT count (*) FROM strip WHERE status = '%s'", status);
  return g_ascii_strtoll (n, NULL, 10);
}

static char *
strip_status (StationFixture *fixture,
              gint64          number)
{
  return query_text (fixture, "SELECT status FROM strip WHERE number = %" G_GINT64_FORMAT,
                     number);
}

static char *
urn_status (StationFixture *fixture,
            const char     *urn)
{
  return query_text (fixture, "SELECT status FROM urn WHERE id = '%s'", urn);
}

#define assert_strip(fixture, number, status) \
  G_STMT_START { \
    g_autofree char *actual_ = strip_status ((fixture), (number)); \
    g_assert_cmpstr (actual_, ==, (status)); \
  } G_STMT_END

#define assert_urn(fixture, urn, status) \
  G_STMT_START { \
    g_autofree char *actual_ = urn_status ((fixture), (urn)); \
    g_assert_cmpstr (actual_, ==, (status)); \
  } G_STMT_END

/* The message of the finding @code about @subject (NULL: about nothing in particular), or
 * NULL when there is none. */
static char *
finding (StationFixture *fixture,
         const char     *code,
         const char     *subject)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (fixture->station);

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *f = g_ptr_array_index (findings, i);
      if (g_str_equal (f->code, code) && g_strcmp0 (f->subject, subject) == 0)
        return g_strdup (f->message);
    }
  return NULL;
}

/* The board's explanation of the first finding of @code, or NULL; owned by the test. */
static const char *
explanation (StationFixture *fixture,
             const char     *code)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (fixture->station);
  static char *last = NULL;

  g_clear_pointer (&last, g_free);
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *f = g_ptr_array_index (findings, i);
      if (g_str_equal (f->code, code))
        return last = g_strdup (f->explanation);
    }
  return NULL;
}

static guint
count_findings (StationFixture *fixture,
                const char     *code)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (fixture->station);
  guint n = 0;

  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (((VtFinding *)g_ptr_array_index (findings, i))->code, code))
      n++;
  return n;
}

static char *
summary_of (StationFixture *fixture,
            gint64          seq)
{
  g_autoptr(VtJournalEntry) entry = vt_store_get_entry (vt_station_get_store (fixture->station),
                                                        seq, NULL);

  g_assert_nonnull (entry);
  return vt_journal_entry_dup_summary (entry, fixture->config);
}

#define assert_summary(fixture, seq, text) \
  G_STMT_START { \
    g_autofree char *summary_ = summary_of ((fixture), (seq)); \
    g_assert_cmpstr (summary_, ==, (text)); \
  } G_STMT_END

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("“%s” does not contain “%s”", (haystack), (needle)); \
  } G_STMT_END

/* An ordinary urn for @table shown empty and sealed with @strip by the chair, the deputy
 * chair as witness. */
static void
seal_new_urn (StationFixture *fixture,
              const char     *chair,
              const char     *witness,
              const char     *urn,
              const char     *table,
              gint64          strip)
{
  g_autofree char *add = g_strdup_printf ("{\"urn\": \"%s\", \"kind\": \"ordinary\", "
                                          "\"table\": \"%s\"}", urn, table);
  g_autofree char *empty = g_strdup_printf ("{\"urn\": \"%s\", \"witness\": \"%s\"}", urn,
                                            witness);
  g_autofree char *seal = g_strdup_printf ("{\"urn\": \"%s\", \"strip\": %" G_GINT64_FORMAT ", "
                                           "\"witness\": \"%s\"}", urn, strip, witness);

  vt_test_do (fixture, "urn.add", chair, add);
  vt_test_do (fixture, "urn.verify-empty", chair, empty);
  vt_test_do (fixture, "urn.seal", chair, seal);
}

static void
arrive (StationFixture *fixture,
        const char     *person)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", person);

  if (!vt_station_is_present (fixture->station, person))
    vt_test_do (fixture, "person.arrive", vt_test_chair (fixture), json);
}

static void
do_checklist (StationFixture *fixture)
{
  GPtrArray *checks = vt_config_get_checklist (fixture->config);

  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"check\": \"%s\"}",
                                               ((VtCheck *)g_ptr_array_index (checks, i))->id);
      vt_test_do (fixture, "check.done", vt_test_chair (fixture), json);
    }
}

/* Municipal election: close the doors at 21:00 with nobody in the queue. */
static void
close_doors (StationFixture *fixture)
{
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, "doors.close", CHAIR, "{\"queue\": 0}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
}

/* Everything the closing module wants before an urn is opened: unused ballots out, stamps
 * in, the roll marks and the envelopes counted, shipment 1 packed with every table's roll and
 * handed over. */
static void
do_closing_steps (StationFixture *fixture)
{
  GPtrArray *tables = vt_config_get_tables (fixture->config);
  g_autofree char *shipment = g_strdup_printf ("{\"rolls\": %u, \"stamps\": 4, "
                                               "\"envelopes\": 0}", tables->len);

  vt_test_count_all_roll_marks (fixture, 100);
  vt_test_do (fixture, "closing.unused-ballots-removed", CHAIR, "{}");
  vt_test_do (fixture, "closing.stamps-handed-in", CHAIR, "{}");
  vt_test_count_all_envelopes (fixture, 0);
  vt_test_do (fixture, "shipment.packed", CHAIR, shipment);
  vt_test_do (fixture, "shipment.handed-over", CHAIR, "{\"to\": \"Courier of the office\"}");
}

/* Every strip has exactly one status: received = applied + broken + void + returned + unused,
 * and every strip the station holds was received. */
static void
assert_balance (StationFixture *fixture,
                gint64          received)
{
  g_autofree char *with_receipt = query_text (fixture, "SELECT count (*) FROM strip "
                                                       "WHERE received_seq IS NOT NULL");

  g_assert_cmpint (count_strips (fixture, NULL), ==, received);
  g_assert_cmpint (g_ascii_strtoll (with_receipt, NULL, 10), ==, received);
  g_assert_cmpint (count_strips (fixture, "applied") + count_strips (fixture, "broken") +
                   count_strips (fixture, "void") + count_strips (fixture, "returned") +
                   count_strips (fixture, "received"), ==, received);
}

/* ---- strips received -------------------------------------------------------------------- */

static void
test_receive_range (StationFixture *fixture,
                    gconstpointer   data)
{
  gint64 seq;
  g_autofree char *received_seq = NULL;

  vt_test_at (fixture, 1, "07:00");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_SETUP);
  seq = vt_test_do (fixture, "strips.receive", INSPECTOR, "{\"first\": 1001, \"last\": 1050}");

  g_assert_cmpint (count_strips (fixture, "received"), ==, 50);
  assert_strip (fixture, 1001, "received");
  assert_strip (fixture, 1050, "received");
  g_assert_null (strip_status (fixture, 1000));
  g_assert_null (strip_status (fixture, 1051));
  received_seq = query_text (fixture, "SELECT DISTINCT received_seq FROM strip");
  g_assert_cmpint (g_ascii_strtoll (received_seq, NULL, 10), ==, seq);

  /* The first strip or urn starts the opening, as the first opening check does. */
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_OPENING);
  assert_summary (fixture, seq, "Strips 1001–1050, 50 in all");
}

static void
test_receive_single (StationFixture *fixture,
                     gconstpointer   data)
{
  gint64 seq = vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 7}");
  gint64 same = vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 8, \"last\": 8}");

  g_assert_cmpint (count_strips (fixture, NULL), ==, 2);
  assert_strip (fixture, 7, "received");
  assert_strip (fixture, 8, "received");
  assert_summary (fixture, seq, "Strip 7");
  assert_summary (fixture, same, "Strip 8");
}

static void
test_receive_refuses_registered (StationFixture *fixture,
                                 gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  message = vt_test_refused (fixture, "strips.receive", CHAIR, "{\"first\": 1040, \"last\": 1060}",
                             "strips.already-registered");
  assert_contains (message, "Strips 1040–1050 are already in the strip register");
  g_clear_pointer (&message, g_free);
  message = vt_test_refused (fixture, "strips.receive", CHAIR, "{\"first\": 1001}",
                             "strips.already-registered");
  assert_contains (message, "Strip 1001 is already");
  g_assert_cmpint (count_strips (fixture, NULL), ==, 50);

  /* The new ones alone are fine. */
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1051, \"last\": 1060}");
  g_assert_cmpint (count_strips (fixture, NULL), ==, 60);
}

static void
test_receive_refuses_reversed (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *message = vt_test_refused (fixture, "strips.receive", CHAIR,
                                              "{\"first\": 1050, \"last\": 1001}",
                                              "strips.range-reversed");
  assert_contains (message, "1001");
  g_assert_cmpint (count_strips (fixture, NULL), ==, 0);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_SETUP);
}

static void
test_receive_refuses_too_many (StationFixture *fixture,
                               gconstpointer   data)
{
  g_free (vt_test_refused (fixture, "strips.receive", CHAIR, "{\"first\": 1, \"last\": 10001}",
                           "strips.range-too-large"));
  g_assert_cmpint (count_strips (fixture, NULL), ==, 0);
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1, \"last\": 10000}");
  g_assert_cmpint (count_strips (fixture, "received"), ==, 10000);
}

/* ---- strips returned and void ----------------------------------------------------------- */

static void
test_return_unused (StationFixture *fixture,
                    gconstpointer   data)
{
  gint64 seq;

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  seq = vt_test_do (fixture, "strips.return", INSPECTOR, "{\"first\": 1041, \"last\": 1050}");
  g_assert_cmpint (count_strips (fixture, "returned"), ==, 10);
  g_assert_cmpint (count_strips (fixture, "received"), ==, 40);
  assert_strip (fixture, 1040, "received");
  assert_strip (fixture, 1041, "returned");
  assert_summary (fixture, seq, "Strips 1041–1050, 10 in all");

  vt_test_do (fixture, "strips.return", INSPECTOR, "{\"first\": 1040}");
  assert_strip (fixture, 1040, "returned");
  assert_balance (fixture, 50);
}

static void
test_return_refuses_not_received (StationFixture *fixture,
                                  gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  message = vt_test_refused (fixture, "strips.return", CHAIR, "{\"first\": 1045, \"last\": 1055}",
                             "strip.not-received");
  assert_contains (message, "Strips 1051–1055 are not in the strip register");
  g_free (vt_test_refused (fixture, "strips.return", CHAIR, "{\"first\": 2000}",
                           "strip.not-received"));
  g_free (vt_test_refused (fixture, "strips.return", CHAIR, "{\"first\": 1050, \"last\": 1045}",
                           "strips.range-reversed"));
  g_assert_cmpint (count_strips (fixture, "received"), ==, 50);
}

static void
test_return_refuses_used (StationFixture *fixture,
                          gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_at (fixture, 1, "07:30");
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  seal_new_urn (fixture, CHAIR, DEPUTY, "U1", "1", 1001);
  vt_test_do (fixture, "strip.void", CHAIR, "{\"strip\": 1002, \"reason\": \"Torn\"}");

  message = vt_test_refused (fixture, "strips.return", CHAIR, "{\"first\": 1001, \"last\": 1005}",
                             "strip.used");
  assert_contains (message, "Strips 1001–1002 are already applied, broken, void or returned");
  g_assert_cmpint (count_strips (fixture, "returned"), ==, 0);

  vt_test_do (fixture, "strips.return", CHAIR, "{\"first\": 1003, \"last\": 1005}");
  g_free (vt_test_refused (fixture, "strips.return", CHAIR, "{\"first\": 1003}", "strip.used"));
  assert_balance (fixture, 50);
}

static void
test_void_unused (StationFixture *fixture,
                  gconstpointer   data)
{
  gint64 seq;

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  seq = vt_test_do (fixture, "strip.void", INSPECTOR,
                    "{\"strip\": 1002, \"reason\": \"Torn when it was pulled\"}");
  assert_strip (fixture, 1002, "void");
  g_assert_cmpint (count_strips (fixture, "received"), ==, 49);
  assert_summary (fixture, seq, "Strip 1002 void: Torn when it was pulled");
  assert_balance (fixture, 50);
}

static void
test_void_needs_reason (StationFixture *fixture,
                        gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  message = vt_test_refused (fixture, "strip.void", CHAIR, "{\"strip\": 1002}", "invalid-input");
  /* The field as the form calls it, not its id. */
  assert_contains (message, "What happened to it");
  g_free (vt_test_refused (fixture, "strip.void", CHAIR, "{\"strip\": 1002, \"reason\": \" \"}",
                           "invalid-input"));
  assert_strip (fixture, 1002, "received");
}

static void
test_void_refuses_used (StationFixture *fixture,
                        gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_at (fixture, 1, "07:30");
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  seal_new_urn (fixture, CHAIR, DEPUTY, "U1", "1", 1001);

  message = vt_test_refused (fixture, "strip.void", CHAIR,
                             "{\"strip\": 9999, \"reason\": \"Torn\"}", "strip.not-received");
  assert_contains (message, "Strip 9999 is not in the strip register");
  g_clear_pointer (&message, g_free);

  message = vt_test_refused (fixture, "strip.void", CHAIR,
                             "{\"strip\": 1001, \"reason\": \"Torn\"}", "strip.used");
  assert_contains (message, "Strip 1001 is already on urn U1");
  g_clear_pointer (&message, g_free);

  vt_test_do (fixture, "strip.void", CHAIR, "{\"strip\": 1002, \"reason\": \"Torn\"}");
  g_free (vt_test_refused (fixture, "strip.void", CHAIR, "{\"strip\": 1002, \"reason\": \"Torn\"}",
                           "strip.used"));
  vt_test_do (fixture, "strips.return", CHAIR, "{\"first\": 1003}");
  g_free (vt_test_refused (fixture, "strip.void", CHAIR, "{\"strip\": 1003, \"reason\": \"Torn\"}",
                           "strip.used"));
  assert_strip (fixture, 1001, "applied");
  assert_strip (fixture, 1003, "returned");
}

static void
test_balance (StationFixture *fixture,
              gconstpointer   data)
{
  vt_test_open_station (fixture);                   /* 1001–1050, 1001 on U1 */
  assert_balance (fixture, 50);
  vt_test_do (fixture, "strips.receive", INSPECTOR, "{\"first\": 2001, \"last\": 2005}");
  assert_balance (fixture, 55);
  seal_new_urn (fixture, CHAIR, DEPUTY, "U2", "1", 2001);
  vt_test_do (fixture, "urn.full", CHAIR, "{\"urn\": \"U1\", \"strip\": 1002, "
                                          "\"witness\": \"" DEPUTY "\", "
                                          "\"replacement\": \"U2\"}");
  assert_balance (fixture, 55);
  vt_test_do (fixture, "strip.void", CHAIR, "{\"strip\": 1003, \"reason\": \"Dropped\"}");
  assert_balance (fixture, 55);
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  vt_test_do (fixture, "seal.break", CHAIR, "{\"urn\": \"U2\", \"strip\": 2001, \"member\": \""
              CHAIR "\", \"second_member\": \"" MEMBER "\", \"reason\": \"Emptied into the "
              "reserve box\"}");
  assert_balance (fixture, 55);
  vt_test_do (fixture, "urn.seal", DEPUTY, "{\"urn\": \"U2\", \"strip\": 2002, "
                                           "\"witness\": \"" CHAIR "\"}");
  g_free (vt_test_refused (fixture, "strips.receive", CHAIR, "{\"first\": 2005, \"last\": 2010}",
                           "strips.already-registered"));
  vt_test_do (fixture, "strips.return", INSPECTOR, "{\"first\": 1040, \"last\": 1050}");
  vt_test_do (fixture, "strips.return", INSPECTOR, "{\"first\": 2003, \"last\": 2005}");
  assert_balance (fixture, 55);

  g_assert_cmpint (count_strips (fixture, "applied"), ==, 3);   /* 1001, 1002, 2002 */
  g_assert_cmpint (count_strips (fixture, "broken"), ==, 1);    /* 2001 */
  g_assert_cmpint (count_strips (fixture, "void"), ==, 1);      /* 1003 */
  g_assert_cmpint (count_strips (fixture, "returned"), ==, 14); /* 1040–1050, 2003–2005 */
  g_assert_cmpint (count_strips (fixture, "received"), ==, 36); /* 1004–1039 */
}

/* ---- urns taken into use ---------------------------------------------------------------- */

static void
test_urn_add (StationFixture *fixture,
              gconstpointer   data)
{
  gint64 u1, s1, m1, r1;
  g_autofree char *table = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *no_table = NULL;

  u1 = vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                              "\"table\": \"1\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_OPENING);
  s1 = vt_test_do (fixture, "urn.add", INSPECTOR, "{\"urn\": \"S1\", "
                                                  "\"kind\": \"special-envelope\"}");
  m1 = vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"M1\", \"kind\": \"mobile\"}");
  r1 = vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"R1\", \"kind\": \"reserve\"}");

  assert_urn (fixture, "U1", "new");
  assert_urn (fixture, "S1", "new");
  table = query_text (fixture, "SELECT table_id FROM urn WHERE id = 'U1'");
  g_assert_cmpstr (table, ==, "1");
  kind = query_text (fixture, "SELECT kind FROM urn WHERE id = 'M1'");
  g_assert_cmpstr (kind, ==, "mobile");
  no_table = query_text (fixture, "SELECT table_id FROM urn WHERE id = 'S1'");
  g_assert_null (no_table);

  /* Each urn remembers the entry that took it into use, with a table or without: the urns
   * are listed in that order. */
  {
    g_autoptr(GPtrArray) urns = vt_station_dup_urns (fixture->station);
    g_autofree char *order = query_text (fixture, "SELECT group_concat (id || '=' || added_seq, "
                                                  "' ') FROM (SELECT * FROM urn ORDER BY added_seq)");
    g_autofree char *expected = g_strdup_printf ("U1=%" G_GINT64_FORMAT " S1=%" G_GINT64_FORMAT
                                                 " M1=%" G_GINT64_FORMAT " R1=%" G_GINT64_FORMAT,
                                                 u1, s1, m1, r1);

    g_assert_cmpstr (order, ==, expected);
    g_assert_cmpuint (urns->len, ==, 4);
    g_assert_cmpstr (((VtUrnState *)g_ptr_array_index (urns, 0))->id, ==, "U1");
  }

  assert_summary (fixture, u1, "Urn U1 (table 1) taken into use");
  assert_summary (fixture, s1, "Special-envelope urn S1 taken into use");
  assert_summary (fixture, m1, "Mobile urn M1 for outdoor voting taken into use");
  assert_summary (fixture, r1, "Reserve box R1 taken into use");
}

static void
test_urn_add_refuses_same_name (StationFixture *fixture,
                                gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  message = vt_test_refused (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"reserve\"}",
                             "urn.exists");
  assert_contains (message, "U1");
  assert_urn (fixture, "U1", "new");
}

static void
test_urn_add_table_required (StationFixture *fixture,
                             gconstpointer   data)
{
  g_free (vt_test_refused (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\"}",
                           "urn.table-required"));
  g_free (vt_test_refused (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                                      "\"table\": \"9\"}", "invalid-input"));
  g_assert_null (urn_status (fixture, "U1"));
}

static void
test_urn_add_table_not_allowed (StationFixture *fixture,
                                gconstpointer   data)
{
  g_autofree char *message = vt_test_refused (fixture, "urn.add", CHAIR,
                                              "{\"urn\": \"M1\", \"kind\": \"mobile\", "
                                              "\"table\": \"1\"}", "urn.table-not-allowed");
  assert_contains (message, "mobile urn");
  g_assert_null (urn_status (fixture, "M1"));
}

/* ---- shown empty ------------------------------------------------------------------------ */

static void
test_verify_empty (StationFixture *fixture,
                   gconstpointer   data)
{
  gint64 seq;

  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  seq = vt_test_do (fixture, "urn.verify-empty", INSPECTOR,
                    "{\"urn\": \"U1\", \"witness\": \"" DEPUTY "\"}");
  assert_urn (fixture, "U1", "empty");
  assert_summary (fixture, seq, "Urn U1 shown empty, witness Ola Prøvesen");
}

static void
test_verify_empty_unknown_urn (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *message = vt_test_refused (fixture, "urn.verify-empty", CHAIR,
                                              "{\"urn\": \"U7\", \"witness\": \"" DEPUTY "\"}",
                                              "urn.unknown");
  assert_contains (message, "There is no urn U7");
}

static void
test_verify_empty_witness (StationFixture *fixture,
                           gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  message = vt_test_refused (fixture, "urn.verify-empty", CHAIR,
                             "{\"urn\": \"U1\", \"witness\": \"" CHAIR "\"}",
                             "urn.witness-is-actor");
  assert_contains (message, "Kari Øvingsen");
  assert_urn (fixture, "U1", "new");
}

static void
test_verify_empty_wrong_state (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U1\", \"witness\": \"" DEPUTY "\"}");
  message = vt_test_refused (fixture, "urn.verify-empty", CHAIR,
                             "{\"urn\": \"U1\", \"witness\": \"" DEPUTY "\"}",
                             "urn.cannot-show-empty");
  assert_contains (message, "it is shown empty and not sealed yet");
  g_clear_pointer (&message, g_free);

  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1001, "
                                          "\"witness\": \"" DEPUTY "\"}");
  message = vt_test_refused (fixture, "urn.verify-empty", CHAIR,
                             "{\"urn\": \"U1\", \"witness\": \"" DEPUTY "\"}",
                             "urn.cannot-show-empty");
  assert_contains (message, "it is sealed");
  assert_urn (fixture, "U1", "sealed");
}

/* ---- sealed ----------------------------------------------------------------------------- */

static void
prepare_empty_urn (StationFixture *fixture)
{
  vt_test_at (fixture, 1, "07:30");
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U1\", \"witness\": \"" DEPUTY "\"}");
}

static void
test_seal (StationFixture *fixture,
           gconstpointer   data)
{
  gint64 seq;
  g_autofree char *row = NULL;

  prepare_empty_urn (fixture);
  seq = vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1001, "
                                                "\"witness\": \"" DEPUTY "\"}");
  assert_urn (fixture, "U1", "sealed");
  row = query_text (fixture, "SELECT status || '|' || urn || '|' || place || '|' || used_seq "
                             "FROM strip WHERE number = 1001");
  {
    g_autofree char *expected = g_strdup_printf ("applied|U1|lid|%" G_GINT64_FORMAT, seq);
    g_assert_cmpstr (row, ==, expected);
  }
  assert_summary (fixture, seq, "Urn U1, strip 1001, witness Ola Prøvesen");
  assert_balance (fixture, 50);
}

static void
test_seal_by_deputy (StationFixture *fixture,
                     gconstpointer   data)
{
  prepare_empty_urn (fixture);
  vt_test_do (fixture, "urn.seal", DEPUTY, "{\"urn\": \"U1\", \"strip\": 1001, "
                                           "\"witness\": \"" INSPECTOR "\"}");
  assert_urn (fixture, "U1", "sealed");
}

static void
test_seal_by_chair_only (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autofree char *message = NULL;

  prepare_empty_urn (fixture);
  message = vt_test_refused (fixture, "urn.seal", INSPECTOR,
                             "{\"urn\": \"U1\", \"strip\": 1001, \"witness\": \"" CHAIR "\"}",
                             "urn.seal-by-chair");
  assert_contains (message, "Ingrid Øvelsrud is Inspector");
  g_free (vt_test_refused (fixture, "urn.seal", MEMBER,
                           "{\"urn\": \"U1\", \"strip\": 1001, \"witness\": \"" CHAIR "\"}",
                           "urn.seal-by-chair"));
  g_free (vt_test_refused (fixture, "urn.seal", MARKER,
                           "{\"urn\": \"U1\", \"strip\": 1001, \"witness\": \"" CHAIR "\"}",
                           "urn.seal-by-chair"));
  assert_urn (fixture, "U1", "empty");
  assert_strip (fixture, 1001, "received");
}

static void
test_seal_witness (StationFixture *fixture,
                   gconstpointer   data)
{
  prepare_empty_urn (fixture);
  g_free (vt_test_refused (fixture, "urn.seal", CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 1001, \"witness\": \"" CHAIR "\"}",
                           "urn.witness-is-actor"));
  assert_urn (fixture, "U1", "empty");
}

static void
test_seal_before_empty (StationFixture *fixture,
                        gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  message = vt_test_refused (fixture, "urn.seal", CHAIR,
                             "{\"urn\": \"U1\", \"strip\": 1001, \"witness\": \"" DEPUTY "\"}",
                             "urn.seal-before-empty");
  assert_contains (message, "Urn shown empty");
  assert_urn (fixture, "U1", "new");
  assert_strip (fixture, 1001, "received");
}

static void
test_seal_twice (StationFixture *fixture,
                 gconstpointer   data)
{
  g_autofree char *message = NULL;

  prepare_empty_urn (fixture);
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1001, "
                                          "\"witness\": \"" DEPUTY "\"}");
  message = vt_test_refused (fixture, "urn.seal", CHAIR,
                             "{\"urn\": \"U1\", \"strip\": 1002, \"witness\": \"" DEPUTY "\"}",
                             "urn.cannot-seal");
  assert_contains (message, "it is sealed");
  assert_strip (fixture, 1002, "received");
}

static void
test_seal_strip_used_twice (StationFixture *fixture,
                            gconstpointer   data)
{
  g_autofree char *message = NULL;

  prepare_empty_urn (fixture);
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1001, "
                                          "\"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U2\", \"kind\": \"ordinary\", "
                                         "\"table\": \"2\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U2\", \"witness\": \"" DEPUTY "\"}");
  message = vt_test_refused (fixture, "urn.seal", CHAIR,
                             "{\"urn\": \"U2\", \"strip\": 1001, \"witness\": \"" DEPUTY "\"}",
                             "strip.used");
  assert_contains (message, "Strip 1001 is already on urn U1");
  g_clear_pointer (&message, g_free);

  vt_test_do (fixture, "strip.void", CHAIR, "{\"strip\": 1002, \"reason\": \"Torn\"}");
  message = vt_test_refused (fixture, "urn.seal", CHAIR,
                             "{\"urn\": \"U2\", \"strip\": 1002, \"witness\": \"" DEPUTY "\"}",
                             "strip.used");
  assert_contains (message, "void");
  assert_urn (fixture, "U2", "empty");

  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U2\", \"strip\": 1003, "
                                          "\"witness\": \"" DEPUTY "\"}");
  assert_urn (fixture, "U2", "sealed");
}

static void
test_seal_strip_not_received (StationFixture *fixture,
                              gconstpointer   data)
{
  prepare_empty_urn (fixture);
  g_free (vt_test_refused (fixture, "urn.seal", CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 5000, \"witness\": \"" DEPUTY "\"}",
                           "strip.not-received"));
  g_free (vt_test_refused (fixture, "urn.seal", CHAIR,
                           "{\"urn\": \"U9\", \"strip\": 1001, \"witness\": \"" DEPUTY "\"}",
                           "urn.unknown"));
  assert_urn (fixture, "U1", "empty");
  g_assert_null (strip_status (fixture, 5000));
}

/* ---- full urns -------------------------------------------------------------------------- */

static void
test_full (StationFixture *fixture,
           gconstpointer   data)
{
  gint64 seq;
  g_autofree char *slot = NULL;
  g_autofree char *lid = NULL;

  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "15:00");
  /* The urn that replaces it is sealed first. */
  seal_new_urn (fixture, CHAIR, DEPUTY, "U2", "1", 1003);
  /* Who closes the full urn is here, as its witness is (urn.actor-absent). */
  arrive (fixture, MARKER);
  seq = vt_test_do (fixture, "urn.full", MARKER, "{\"urn\": \"U1\", \"strip\": 1002, "
                                                 "\"witness\": \"" CHAIR "\", "
                                                 "\"replacement\": \"U2\"}");
  assert_summary (fixture, seq, "Urn U1, strip 1002, witness Kari Øvingsen; urn U2 replaces it");
  assert_urn (fixture, "U1", "full");
  lid = query_text (fixture, "SELECT place FROM strip WHERE number = 1001 AND urn = 'U1' "
                             "AND status = 'applied'");
  slot = query_text (fixture, "SELECT place FROM strip WHERE number = 1002 AND urn = 'U1' "
                              "AND status = 'applied'");
  g_assert_cmpstr (lid, ==, "lid");
  g_assert_cmpstr (slot, ==, "slot");

  /* A full urn is still sealed: nothing to report. */
  g_assert_null (finding (fixture, "K102", "U1"));

  g_assert_cmpint (count_findings (fixture, "K102"), ==, 0);
  assert_balance (fixture, 50);
}

static void
test_full_needs_sealed_urn (StationFixture *fixture,
                            gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U2\", \"kind\": \"ordinary\", "
                                         "\"table\": \"2\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U2\", \"witness\": \"" DEPUTY "\"}");
  message = vt_test_refused (fixture, "urn.full", CHAIR,
                             "{\"urn\": \"U2\", \"strip\": 1002, \"witness\": \"" DEPUTY "\", "
                             "\"replacement\": \"U1\"}", "urn.full-not-sealed");
  assert_contains (message, "not sealed yet");
  g_clear_pointer (&message, g_free);

  seal_new_urn (fixture, CHAIR, DEPUTY, "U3", "1", 1004);
  vt_test_do (fixture, "urn.full", CHAIR, "{\"urn\": \"U1\", \"strip\": 1002, "
                                          "\"witness\": \"" DEPUTY "\", \"replacement\": \"U3\"}");
  message = vt_test_refused (fixture, "urn.full", CHAIR,
                             "{\"urn\": \"U1\", \"strip\": 1003, \"witness\": \"" DEPUTY "\", "
                             "\"replacement\": \"U3\"}", "urn.full-not-sealed");
  assert_contains (message, "it is full");
  assert_strip (fixture, 1003, "received");
}

static void
test_full_refuses_used_strip (StationFixture *fixture,
                              gconstpointer   data)
{
  vt_test_open_station (fixture);
  seal_new_urn (fixture, CHAIR, DEPUTY, "U2", "1", 1010);
  g_free (vt_test_refused (fixture, "urn.full", CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 1001, \"witness\": \"" DEPUTY "\", \"replacement\": \"U2\"}",
                           "strip.used"));
  g_free (vt_test_refused (fixture, "urn.full", CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 7, \"witness\": \"" DEPUTY "\", \"replacement\": \"U2\"}",
                           "strip.not-received"));
  g_free (vt_test_refused (fixture, "urn.full", CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 1002, \"witness\": \"" CHAIR "\", \"replacement\": \"U2\"}",
                           "urn.witness-is-actor"));
  g_free (vt_test_refused (fixture, "urn.full", CHAIR,
                           "{\"urn\": \"U5\", \"strip\": 1002, \"witness\": \"" DEPUTY "\", \"replacement\": \"U2\"}",
                           "urn.unknown"));
  assert_urn (fixture, "U1", "sealed");
}

/* The form asks for the urn that takes over: a sealed urn for the same use (an ordinary urn
 * of the same table), or a reserve box; never the full urn itself. */
static void
test_full_replacement (StationFixture *fixture,
                       gconstpointer   data)
{
  g_autofree char *itself = NULL;
  g_autofree char *mobile = NULL;
  g_autofree char *other_table = NULL;
  g_autofree char *not_sealed = NULL;
#define FULL_U1(replacement) \
  "{\"urn\": \"U1\", \"strip\": 1002, \"witness\": \"" DEPUTY "\", \"replacement\": \"" \
  replacement "\"}"

  vt_test_open_station (fixture);                   /* U1 (table 1) sealed with 1001 */
  itself = vt_test_refused (fixture, "urn.full", CHAIR, FULL_U1 ("U1"),
                            "urn.replacement-is-full");
  assert_contains (itself, "cannot replace itself");
  g_free (vt_test_refused (fixture, "urn.full", CHAIR, FULL_U1 ("U9"), "urn.unknown"));

  /* A sealed urn, but for another use. */
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"M1\", \"kind\": \"mobile\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"M1\", \"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"M1\", \"strip\": 1005, "
                                          "\"witness\": \"" DEPUTY "\"}");
  mobile = vt_test_refused (fixture, "urn.full", CHAIR, FULL_U1 ("M1"),
                            "urn.replacement-other-use");
  assert_contains (mobile, "mobile urn");
  seal_new_urn (fixture, CHAIR, DEPUTY, "U2", "2", 1006);
  other_table = vt_test_refused (fixture, "urn.full", CHAIR, FULL_U1 ("U2"),
                                 "urn.replacement-other-use");
  assert_contains (other_table, "table 2");

  /* For the same use, but not sealed yet. */
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U3\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  not_sealed = vt_test_refused (fixture, "urn.full", CHAIR, FULL_U1 ("U3"),
                                "urn.replacement-not-sealed");
  assert_contains (not_sealed, "not been shown empty");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U3\", \"witness\": \"" DEPUTY "\"}");
  g_free (vt_test_refused (fixture, "urn.full", CHAIR, FULL_U1 ("U3"),
                           "urn.replacement-not-sealed"));
  assert_urn (fixture, "U1", "sealed");
  assert_strip (fixture, 1002, "received");

  /* The reserve box may take over from any urn. */
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"R1\", \"kind\": \"reserve\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"R1\", \"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"R1\", \"strip\": 1007, "
                                          "\"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.full", CHAIR, FULL_U1 ("R1"));
  assert_urn (fixture, "U1", "full");
#undef FULL_U1
}

static void
test_full_while_voting (StationFixture *fixture,
                        gconstpointer   data)
{
  prepare_empty_urn (fixture);
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1001, "
                                          "\"witness\": \"" DEPUTY "\"}");
  g_free (vt_test_refused (fixture, "urn.full", CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 1002, \"witness\": \"" DEPUTY "\", "
                           "\"replacement\": \"U2\"}", "wrong-phase"));
}

/* ---- broken seals ----------------------------------------------------------------------- */

#define BREAK_U1(strip, member, second) \
  "{\"urn\": \"U1\", \"strip\": " #strip ", \"member\": \"" member "\", \"second_member\": \"" \
  second "\", \"reason\": \"Emptied into the reserve box\"}"

static void
test_break (StationFixture *fixture,
            gconstpointer   data)
{
  gint64 seq;
  g_autofree char *message = NULL;
  g_autofree char *broken_seq = NULL;

  vt_test_open_station (fixture);
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  g_assert_null (finding (fixture, "K102", "U1"));

  seq = vt_test_do (fixture, "seal.break", INSPECTOR, BREAK_U1 (1001, CHAIR, MEMBER));
  assert_strip (fixture, 1001, "broken");
  assert_urn (fixture, "U1", "broken");
  broken_seq = query_text (fixture, "SELECT broken_seq FROM strip WHERE number = 1001");
  g_assert_cmpint (g_ascii_strtoll (broken_seq, NULL, 10), ==, seq);
  assert_summary (fixture, seq, "Seal 1001 on urn U1 broken by Kari Øvingsen and Nora Testdal: "
                                "Emptied into the reserve box");

  /* The urn must be sealed again before it is used. */
  message = finding (fixture, "K102", "U1");
  g_assert_nonnull (message);
  assert_contains (message, "Urn U1 has a broken seal");
  assert_balance (fixture, 50);
}

static void
test_break_two_different_members (StationFixture *fixture,
                                  gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  arrive (fixture, INSPECTOR);
  arrive (fixture, MARKER);

  message = vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (1001, CHAIR, CHAIR),
                             "seal.same-member");
  assert_contains (message, "Kari Øvingsen is named as both");
  g_clear_pointer (&message, g_free);

  message = vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (1001, CHAIR, INSPECTOR),
                             "seal.not-board-member");
  assert_contains (message, "Ingrid Øvelsrud is Inspector");
  g_free (vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (1001, MARKER, MEMBER),
                           "seal.not-board-member"));

  assert_strip (fixture, 1001, "applied");
  assert_urn (fixture, "U1", "sealed");

  /* The deputy chair is a board member too. */
  arrive (fixture, DEPUTY);
  vt_test_do (fixture, "seal.break", CHAIR, BREAK_U1 (1001, MEMBER, DEPUTY));
  assert_strip (fixture, 1001, "broken");
}

static void
test_break_members_present (StationFixture *fixture,
                            gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  arrive (fixture, CHAIR);
  message = vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (1001, CHAIR, MEMBER),
                             "seal.member-absent");
  assert_contains (message, "Nora Testdal is not registered as present");

  arrive (fixture, MEMBER);
  vt_test_do (fixture, "person.leave", CHAIR, "{\"person\": \"" CHAIR "\"}");
  g_free (vt_test_refused (fixture, "seal.break", MEMBER, BREAK_U1 (1001, CHAIR, MEMBER),
                           "seal.member-absent"));
  assert_strip (fixture, 1001, "applied");
}

static void
test_break_needs_reason (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  message = vt_test_refused (fixture, "seal.break", CHAIR,
                             "{\"urn\": \"U1\", \"strip\": 1001, \"member\": \"" CHAIR "\", "
                             "\"second_member\": \"" MEMBER "\"}", "invalid-input");
  assert_contains (message, "Why the seal is broken");
  assert_strip (fixture, 1001, "applied");
}

static void
test_break_only_applied_strip (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  seal_new_urn (fixture, CHAIR, DEPUTY, "U2", "2", 1002);

  /* Never applied. */
  message = vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (1003, CHAIR, MEMBER),
                             "seal.not-on-urn");
  assert_contains (message, "the register has 1001 on it");
  g_clear_pointer (&message, g_free);
  /* On another urn. */
  g_free (vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (1002, CHAIR, MEMBER),
                           "seal.not-on-urn"));
  /* Not in the register at all. */
  g_free (vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (77, CHAIR, MEMBER),
                           "seal.not-on-urn"));
  g_free (vt_test_refused (fixture, "seal.break", CHAIR,
                           "{\"urn\": \"U8\", \"strip\": 1001, \"member\": \"" CHAIR "\", "
                           "\"second_member\": \"" MEMBER "\", \"reason\": \"Test\"}",
                           "urn.unknown"));

  vt_test_do (fixture, "seal.break", CHAIR, BREAK_U1 (1001, CHAIR, MEMBER));
  g_free (vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (1001, CHAIR, MEMBER),
                           "seal.already-broken"));
  message = vt_test_refused (fixture, "seal.break", CHAIR, BREAK_U1 (1002, CHAIR, MEMBER),
                             "seal.not-on-urn");
  assert_contains (message, "no intact strip on that urn");
  assert_strip (fixture, 1002, "applied");
}

static void
test_reseal_after_break (StationFixture *fixture,
                         gconstpointer   data)
{
  vt_test_open_station (fixture);
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);

  /* Broken, then sealed again straight away with a new strip. */
  vt_test_do (fixture, "seal.break", CHAIR, BREAK_U1 (1001, CHAIR, MEMBER));
  g_free (vt_test_refused (fixture, "urn.seal", CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 1001, \"witness\": \"" DEPUTY "\"}",
                           "strip.used"));
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1002, "
                                          "\"witness\": \"" DEPUTY "\"}");
  assert_urn (fixture, "U1", "sealed");
  g_assert_null (finding (fixture, "K102", "U1"));

  /* Broken, shown empty again, sealed. */
  vt_test_do (fixture, "seal.break", CHAIR, BREAK_U1 (1002, MEMBER, CHAIR));
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U1\", \"witness\": \"" DEPUTY "\"}");
  assert_urn (fixture, "U1", "empty");
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1003, "
                                          "\"witness\": \"" DEPUTY "\"}");
  assert_urn (fixture, "U1", "sealed");
  g_assert_cmpint (count_strips (fixture, "broken"), ==, 2);
  g_assert_cmpint (count_strips (fixture, "applied"), ==, 1);
  assert_balance (fixture, 50);
}

/* ---- K102, K103 ------------------------------------------------------------------------- */

static void
test_k102_blocks_doors_open (StationFixture *fixture,
                             gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *none_sealed = NULL;

  vt_test_at (fixture, 1, "07:30");
  do_checklist (fixture);
  none_sealed = finding (fixture, "K102", NULL);
  g_assert_nonnull (none_sealed);
  assert_contains (none_sealed, "No ordinary urn is sealed yet");

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U1\", \"witness\": \"" DEPUTY "\"}");

  vt_test_at (fixture, 1, "09:00");
  message = vt_test_refused (fixture, "doors.open", CHAIR, "{}", "doors.open-blocked");
  assert_contains (message, "K102");
  assert_contains (message, "Urn U1 is shown empty but not sealed");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_OPENING);

  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1001, "
                                          "\"witness\": \"" DEPUTY "\"}");
  g_assert_cmpint (count_findings (fixture, "K102"), ==, 0);
  vt_test_do (fixture, "doors.open", CHAIR, "{}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);
}

/* K105: where the configuration offers outdoor voting, the opening prepares a mobile urn, so
 * that the first outdoor vote of the day is not refused for want of one. */
#define OUTDOOR_ELECTION "scenarios/municipal-busy-election.json"  /* outdoor_voting: true */

static void
test_k105_mobile_urn_blocks_doors_open (StationFixture *fixture,
                                        gconstpointer   data)
{
  const char *chair;
  const char *deputy;
  VtElectionDay *day;
  g_autofree char *opens = NULL;
  g_autofree char *none = NULL;
  g_autofree char *unsealed = NULL;
  g_autofree char *message = NULL;
  g_autofree char *empty_m1 = NULL;
  g_autofree char *seal_m1 = NULL;

  /* A training election: the station's days are moved to the day it was made; the clock
   * follows the station's own configuration. */
  g_set_object (&fixture->config, vt_station_get_config (fixture->station));
  chair = vt_test_chair (fixture);
  deputy = vt_test_deputy (fixture);
  empty_m1 = g_strdup_printf ("{\"urn\": \"M1\", \"witness\": \"%s\"}", deputy);
  seal_m1 = g_strdup_printf ("{\"urn\": \"M1\", \"strip\": 1002, \"witness\": \"%s\"}",
                             deputy);
  day = g_ptr_array_index (vt_config_get_days (fixture->config), 0);
  opens = g_date_time_format (day->opens, "%H:%M");
  g_assert_true (vt_config_get_outdoor_voting (fixture->config));
  g_assert_cmpint (vt_check_lookup (VT_CHECK_K105)->severity, ==, VT_SEVERITY_ERROR);
  vt_test_at (fixture, 1, "07:30");
  do_checklist (fixture);
  vt_test_do (fixture, "strips.receive", chair, "{\"first\": 1001, \"last\": 1050}");
  seal_new_urn (fixture, chair, deputy, "U1", "1", 1001);
  none = finding (fixture, VT_CHECK_K105, "mobile");
  g_assert_nonnull (none);
  assert_contains (none, "No mobile urn is prepared");

  vt_test_at (fixture, 1, opens);
  message = vt_test_refused (fixture, "doors.open", chair, "{}", "doors.open-blocked");
  assert_contains (message, "K105");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_OPENING);

  /* Taken into use, but not sealed yet: still not ready. */
  vt_test_do (fixture, "urn.add", chair, "{\"urn\": \"M1\", \"kind\": \"mobile\"}");
  vt_test_do (fixture, "urn.verify-empty", chair, empty_m1);
  unsealed = finding (fixture, VT_CHECK_K105, "mobile");
  assert_contains (unsealed, "mobile urn M1 is not sealed");
  g_clear_pointer (&message, g_free);
  message = vt_test_refused (fixture, "doors.open", chair, "{}", "doors.open-blocked");
  assert_contains (message, "K105");

  vt_test_do (fixture, "urn.seal", chair, seal_m1);
  g_assert_cmpint (count_findings (fixture, VT_CHECK_K105), ==, 0);
  vt_test_do (fixture, "doors.open", chair, "{}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);
}

/* Without outdoor voting in the configuration the opening asks for no mobile urn. */
static void
test_k105_only_with_outdoor_voting (StationFixture *fixture,
                                    gconstpointer   data)
{
  g_assert_false (vt_config_get_outdoor_voting (fixture->config));
  vt_test_at (fixture, 1, "07:30");
  g_assert_cmpint (count_findings (fixture, VT_CHECK_K105), ==, 0);
  vt_test_open_station (fixture);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);
}

static void
test_k102_every_urn (StationFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *u1 = NULL;
  g_autofree char *u2 = NULL;

  vt_test_at (fixture, 1, "07:30");
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U2\", \"kind\": \"ordinary\", "
                                         "\"table\": \"2\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U2\", \"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"S1\", \"kind\": \"special-envelope\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"S1\", \"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"S1\", \"strip\": 1001, "
                                          "\"witness\": \"" DEPUTY "\"}");

  u1 = finding (fixture, "K102", "U1");
  u2 = finding (fixture, "K102", "U2");
  g_assert_cmpstr (u1, ==, "Urn U1 is not sealed: it has not been shown empty yet.");
  g_assert_cmpstr (u2, ==, "Urn U2 is shown empty but not sealed.");
  g_assert_null (finding (fixture, "K102", "S1"));
  /* A sealed special-envelope urn is not an ordinary urn: still none to vote in. */
  g_assert_cmpint (count_findings (fixture, "K102"), ==, 3);

  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U2\", \"strip\": 1002, "
                                          "\"witness\": \"" DEPUTY "\"}");
  g_assert_null (finding (fixture, "K102", NULL));
  g_assert_cmpint (count_findings (fixture, "K102"), ==, 1);
}

static void
test_k103_unused_strips (StationFixture *fixture,
                         gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 3001}");
  vt_test_do (fixture, "strip.void", CHAIR, "{\"strip\": 1020, \"reason\": \"Torn\"}");
  g_assert_null (finding (fixture, "K103", "strips"));

  close_doors (fixture);
  message = finding (fixture, "K103", "strips");
  g_assert_nonnull (message);
  assert_contains (message, "49 seal strips are neither applied, void nor returned: "
                            "1002–1019, 1021–1050, 3001");
  g_assert_cmpint (vt_check_lookup ("K103")->severity, ==, VT_SEVERITY_WARNING);

  vt_test_do (fixture, "strips.return", INSPECTOR, "{\"first\": 1002, \"last\": 1019}");
  vt_test_do (fixture, "strips.return", INSPECTOR, "{\"first\": 1021, \"last\": 1050}");
  g_clear_pointer (&message, g_free);
  message = finding (fixture, "K103", "strips");
  g_assert_cmpstr (message, ==, "1 seal strip is neither applied, void nor returned: 3001. "
                                "Return it unused, or explain where it is.");

  /* The warning is explained by the board; the explanation holds until the strips change. */
  g_assert_null (explanation (fixture, "K103"));
  vt_test_do (fixture, "count.explain", CHAIR, "{\"code\": \"K103\", "
                                               "\"text\": \"Strip 3001 went with the courier\"}");
  g_assert_cmpstr (explanation (fixture, "K103"), ==, "Strip 3001 went with the courier");
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 3002}");
  g_assert_null (explanation (fixture, "K103"));
  vt_test_do (fixture, "strips.return", INSPECTOR, "{\"first\": 3002}");
  vt_test_do (fixture, "strips.return", INSPECTOR, "{\"first\": 3001}");
  g_assert_cmpint (count_findings (fixture, "K103"), ==, 0);
}

/* ---- the night between two days (the two-day example election) ------------------------- */

static void
close_for_the_night (StationFixture *fixture)
{
  vt_test_at (fixture, 1, "19:00");
  vt_test_do (fixture, "doors.close", EX_CHAIR, "{\"queue\": 0, \"for_night\": true}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_NIGHT);
}

static void
test_night_needs_seal_check (StationFixture *fixture,
                             gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *checked = NULL;
  gint64 seq;

  vt_test_open_station (fixture);                   /* U1 sealed with 1001 */
  vt_test_at (fixture, 1, "16:00");
  seal_new_urn (fixture, EX_CHAIR, EX_DEPUTY, "U2", "1", 1003);
  vt_test_do (fixture, "urn.full", EX_CHAIR, "{\"urn\": \"U1\", \"strip\": 1002, "
                                             "\"witness\": \"" EX_DEPUTY "\", "
                                             "\"replacement\": \"U2\"}");

  /* An urn not sealed keeps the doors from closing for the night. */
  vt_test_do (fixture, "urn.add", EX_CHAIR, "{\"urn\": \"U3\", \"kind\": \"ordinary\", "
                                            "\"table\": \"3\"}");
  vt_test_at (fixture, 1, "19:00");
  message = vt_test_refused (fixture, "doors.close", EX_CHAIR,
                             "{\"queue\": 0, \"for_night\": true}", "doors.close-blocked");
  assert_contains (message, "K102");
  assert_contains (message, "U3");
  g_clear_pointer (&message, g_free);
  vt_test_do (fixture, "urn.verify-empty", EX_CHAIR,
              "{\"urn\": \"U3\", \"witness\": \"" EX_DEPUTY "\"}");
  vt_test_do (fixture, "urn.seal", EX_CHAIR, "{\"urn\": \"U3\", \"strip\": 1004, "
                                             "\"witness\": \"" EX_DEPUTY "\"}");
  close_for_the_night (fixture);

  /* Sealed today, by the chair and a witness: nothing to check tonight. */
  g_assert_cmpint (count_findings (fixture, "K104"), ==, 0);

  /* Next morning every seal is checked before the doors open. */
  vt_test_at (fixture, 2, "08:00");
  g_assert_cmpint (count_findings (fixture, "K104"), ==, 3);
  vt_test_at (fixture, 2, "09:00");
  message = vt_test_refused (fixture, "doors.open", EX_CHAIR, "{}", "doors.open-blocked");
  assert_contains (message, "K104");
  assert_contains (message, "urn U1");
  g_clear_pointer (&message, g_free);

  seq = vt_test_do (fixture, "urn.seal-check", EX_DEPUTY, "{\"urn\": \"U1\", \"strip\": 1001}");
  assert_summary (fixture, seq, "Seal on urn U1 checked: strip 1001 intact");
  checked = query_text (fixture, "SELECT checked_day FROM urn WHERE id = 'U1'");
  g_assert_cmpstr (checked, ==, "1");
  /* Either strip of a full urn may be read. */
  vt_test_do (fixture, "urn.seal-check", EX_DEPUTY, "{\"urn\": \"U2\", \"strip\": 1003}");
  g_assert_null (finding (fixture, "K104", "U1"));
  g_assert_null (finding (fixture, "K104", "U2"));

  message = vt_test_refused (fixture, "doors.open", EX_CHAIR, "{}", "doors.open-blocked");
  assert_contains (message, "urn U3");
  g_assert_null (strstr (message, "urn U1"));

  vt_test_do (fixture, "urn.seal-check", EX_CHAIR, "{\"urn\": \"U3\", \"strip\": 1004}");
  g_assert_cmpint (count_findings (fixture, "K104"), ==, 0);
  vt_test_do (fixture, "doors.open", EX_CHAIR, "{}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);

  /* The check is for the morning, not for the day. */
  g_free (vt_test_refused (fixture, "urn.seal-check", EX_CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 1001}", "wrong-phase"));
}

static void
test_seal_check_full_urn (StationFixture *fixture,
                          gconstpointer   data)
{
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "16:00");
  seal_new_urn (fixture, EX_CHAIR, EX_DEPUTY, "U2", "1", 1003);
  vt_test_do (fixture, "urn.full", EX_CHAIR, "{\"urn\": \"U1\", \"strip\": 1002, "
                                             "\"witness\": \"" EX_DEPUTY "\", "
                                             "\"replacement\": \"U2\"}");
  close_for_the_night (fixture);

  vt_test_at (fixture, 2, "08:00");
  vt_test_do (fixture, "urn.seal-check", EX_CHAIR, "{\"urn\": \"U1\", \"strip\": 1002}");
  vt_test_do (fixture, "urn.seal-check", EX_CHAIR, "{\"urn\": \"U2\", \"strip\": 1003}");
  vt_test_at (fixture, 2, "09:00");
  vt_test_do (fixture, "doors.open", EX_CHAIR, "{}");
}

static void
test_seal_check_mismatch (StationFixture *fixture,
                          gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  close_for_the_night (fixture);
  vt_test_at (fixture, 2, "08:00");

  message = vt_test_refused (fixture, "urn.seal-check", EX_CHAIR,
                             "{\"urn\": \"U1\", \"strip\": 1002}", "urn.seal-mismatch");
  assert_contains (message, "The strip on urn U1 reads 1002, but the register has 1001 on it");
  assert_contains (message, "Call the election office");
  g_clear_pointer (&message, g_free);
  g_free (vt_test_refused (fixture, "urn.seal-check", EX_CHAIR,
                           "{\"urn\": \"U1\", \"strip\": 999}", "urn.seal-mismatch"));
  g_free (vt_test_refused (fixture, "urn.seal-check", EX_CHAIR,
                           "{\"urn\": \"U4\", \"strip\": 1001}", "urn.unknown"));

  /* Still not checked: the doors stay closed. */
  message = finding (fixture, "K104", "U1");
  g_assert_nonnull (message);
  assert_contains (message, "The seal on urn U1 has not been checked today");
}

static void
test_seal_check_needs_seal (StationFixture *fixture,
                            gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  close_for_the_night (fixture);
  arrive (fixture, EX_CHAIR);
  arrive (fixture, EX_MEMBER);
  vt_test_do (fixture, "seal.break", EX_CHAIR,
              "{\"urn\": \"U1\", \"strip\": 1001, \"member\": \"" EX_CHAIR "\", "
              "\"second_member\": \"" EX_MEMBER "\", \"reason\": \"The strip was loose\"}");

  vt_test_at (fixture, 2, "08:00");
  message = vt_test_refused (fixture, "urn.seal-check", EX_CHAIR,
                             "{\"urn\": \"U1\", \"strip\": 1001}", "urn.seal-check-not-sealed");
  assert_contains (message, "its seal is broken");
  g_clear_pointer (&message, g_free);

  /* A broken seal blocks the morning too, until the urn is sealed again. */
  vt_test_at (fixture, 2, "09:00");
  message = vt_test_refused (fixture, "doors.open", EX_CHAIR, "{}", "doors.open-blocked");
  assert_contains (message, "K102");

  /* Sealed this morning, with a witness: that is its check. */
  vt_test_do (fixture, "urn.seal", EX_CHAIR, "{\"urn\": \"U1\", \"strip\": 1002, "
                                             "\"witness\": \"" EX_DEPUTY "\"}");
  g_assert_cmpint (count_findings (fixture, "K104"), ==, 0);
  vt_test_do (fixture, "doors.open", EX_CHAIR, "{}");
}

/* ---- opened for the count --------------------------------------------------------------- */

static void
test_open (StationFixture *fixture,
           gconstpointer   data)
{
  gint64 seq;
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  seal_new_urn (fixture, CHAIR, DEPUTY, "U2", "1", 1003);
  vt_test_do (fixture, "urn.full", CHAIR, "{\"urn\": \"U1\", \"strip\": 1002, "
                                          "\"witness\": \"" DEPUTY "\", "
                                          "\"replacement\": \"U2\"}");
  close_doors (fixture);
  do_closing_steps (fixture);

  seq = vt_test_do (fixture, "urn.open", CHAIR, "{\"urn\": \"U1\"}");
  assert_urn (fixture, "U1", "opened");
  /* Both strips are cut to open it. */
  assert_strip (fixture, 1001, "broken");
  assert_strip (fixture, 1002, "broken");
  assert_strip (fixture, 1003, "applied");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_COUNTING);
  assert_summary (fixture, seq, "Urn U1 opened for counting");

  vt_test_do (fixture, "urn.open", DEPUTY, "{\"urn\": \"U2\"}");
  assert_strip (fixture, 1003, "broken");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_COUNTING);

  message = vt_test_refused (fixture, "urn.open", CHAIR, "{\"urn\": \"U1\"}",
                             "urn.open-not-sealed");
  assert_contains (message, "it is opened for counting");
  assert_balance (fixture, 50);
}

static void
test_open_blocked_by_closing_steps (StationFixture *fixture,
                                    gconstpointer   data)
{
  g_autofree char *message = NULL;
  g_autofree char *k303 = NULL;

  vt_test_open_station (fixture);
  close_doors (fixture);

  k303 = finding (fixture, "K303", "closing.stamps-handed-in");
  g_assert_nonnull (k303);

  message = vt_test_refused (fixture, "urn.open", CHAIR, "{\"urn\": \"U1\"}", "urn.open-blocked");
  assert_contains (message, "K303");
  g_clear_pointer (&message, g_free);

  vt_test_do (fixture, "closing.unused-ballots-removed", CHAIR, "{}");
  vt_test_do (fixture, "closing.stamps-handed-in", CHAIR, "{}");
  message = vt_test_refused (fixture, "urn.open", CHAIR, "{\"urn\": \"U1\"}", "urn.open-blocked");
  assert_contains (message, "K303");
  assert_urn (fixture, "U1", "sealed");
  assert_strip (fixture, 1001, "applied");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
}

/* The special-envelope urn is opened at closing to count its envelopes for shipment 1, before
 * the closing steps that hold back the ordinary urns; opening it does not start the count. */
static void
test_open_special_envelope_urn (StationFixture *fixture,
                                gconstpointer   data)
{
  vt_test_open_station (fixture);
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"S1\", \"kind\": \"special-envelope\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"S1\", \"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"S1\", \"strip\": 1002, "
                                          "\"witness\": \"" DEPUTY "\"}");
  close_doors (fixture);

  g_free (vt_test_refused (fixture, "urn.open", CHAIR, "{\"urn\": \"U1\"}", "urn.open-blocked"));
  vt_test_do (fixture, "urn.open", CHAIR, "{\"urn\": \"S1\"}");
  assert_urn (fixture, "S1", "opened");
  assert_strip (fixture, 1002, "broken");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
}

static void
test_open_needs_seal (StationFixture *fixture,
                      gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_open_station (fixture);
  g_free (vt_test_refused (fixture, "urn.open", CHAIR, "{\"urn\": \"U1\"}", "wrong-phase"));
  close_doors (fixture);
  g_free (vt_test_refused (fixture, "urn.open", INSPECTOR, "{\"urn\": \"U1\"}", "board-only"));

  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  vt_test_do (fixture, "seal.break", CHAIR, BREAK_U1 (1001, CHAIR, MEMBER));
  do_closing_steps (fixture);
  message = vt_test_refused (fixture, "urn.open", CHAIR, "{\"urn\": \"U1\"}",
                             "urn.open-not-sealed");
  assert_contains (message, "its seal is broken");
  g_free (vt_test_refused (fixture, "urn.open", CHAIR, "{\"urn\": \"U3\"}", "urn.unknown"));
}

/* ---- corrections ------------------------------------------------------------------------ */

static void
test_annul_receipt (StationFixture *fixture,
                    gconstpointer   data)
{
  gint64 wrong;
  g_autofree char *json = NULL;

  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  wrong = vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 2001, \"last\": 2010}");
  g_assert_cmpint (count_strips (fixture, NULL), ==, 60);

  json = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"Typed the numbers of "
                          "another station's package\"}", wrong);
  vt_test_do (fixture, "correction.annul", CHAIR, json);
  g_assert_cmpint (count_strips (fixture, NULL), ==, 50);
  g_assert_null (strip_status (fixture, 2001));
  assert_strip (fixture, 1001, "received");
  assert_balance (fixture, 50);

  /* The numbers are free to be registered again. */
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 2001, \"last\": 2010}");
  assert_balance (fixture, 60);
}

static void
test_annul_receipt_keeps_applied_strip (StationFixture *fixture,
                                        gconstpointer   data)
{
  g_autofree char *json = NULL;
  g_autofree char *received_seq = NULL;

  vt_test_at (fixture, 1, "07:30");
  vt_test_do (fixture, "strips.receive", CHAIR, "{\"first\": 1001, \"last\": 1050}");
  json = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"Wrong package\"}",
                          vt_store_get_n_entries (vt_station_get_store (fixture->station)));
  seal_new_urn (fixture, CHAIR, DEPUTY, "U1", "1", 1001);
  vt_test_do (fixture, "correction.annul", CHAIR, json);

  /* The strip is on the urn all the same; the register shows it without a receipt. */
  g_assert_cmpint (count_strips (fixture, NULL), ==, 1);
  assert_strip (fixture, 1001, "applied");
  received_seq = query_text (fixture, "SELECT received_seq FROM strip WHERE number = 1001");
  g_assert_null (received_seq);
  assert_urn (fixture, "U1", "sealed");
}

static void
test_amend_seal (StationFixture *fixture,
                 gconstpointer   data)
{
  gint64 seal;
  g_autofree char *json = NULL;

  prepare_empty_urn (fixture);
  seal = vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1001, "
                                                 "\"witness\": \"" DEPUTY "\"}");
  json = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"Misread the strip\", "
                          "\"changes\": {\"strip\": 1005}}", seal);
  vt_test_do (fixture, "correction.amend", CHAIR, json);

  assert_strip (fixture, 1001, "received");
  assert_strip (fixture, 1005, "applied");
  assert_urn (fixture, "U1", "sealed");
  assert_balance (fixture, 50);
}

/* A correction is held to the corrected kind's full rule: a seal moved onto a strip already
 * on another urn is refused, whether that urn was sealed before or after; the register stays
 * as it was. */
static void
test_amend_seal_onto_used_strip (StationFixture *fixture,
                                 gconstpointer   data)
{
  gint64 first;
  gint64 second;
  g_autofree char *earlier = NULL;
  g_autofree char *later = NULL;
  g_autofree char *good = NULL;
  g_autofree char *message = NULL;

  prepare_empty_urn (fixture);
  first = vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U1\", \"strip\": 1001, "
                                                  "\"witness\": \"" DEPUTY "\"}");
  vt_test_do (fixture, "urn.add", CHAIR, "{\"urn\": \"U2\", \"kind\": \"ordinary\", "
                                         "\"table\": \"2\"}");
  vt_test_do (fixture, "urn.verify-empty", CHAIR, "{\"urn\": \"U2\", \"witness\": \"" DEPUTY "\"}");
  second = vt_test_do (fixture, "urn.seal", CHAIR, "{\"urn\": \"U2\", \"strip\": 1002, "
                                                   "\"witness\": \"" DEPUTY "\"}");

  /* The later seal moved onto the strip the earlier one used. */
  later = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"Misread\", "
                           "\"changes\": {\"strip\": 1001}}", second);
  message = vt_test_refused (fixture, "correction.amend", CHAIR, later,
                             "correction.refused-by-rule");
  assert_contains (message, "would be refused");
  assert_contains (message, "1001");
  g_clear_pointer (&message, g_free);

  /* The earlier seal moved onto the strip a later one used: that later one would clash. */
  earlier = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"Misread\", "
                             "\"changes\": {\"strip\": 1002}}", first);
  message = vt_test_refused (fixture, "correction.amend", CHAIR, earlier,
                             "correction.refused-by-rule");
  assert_contains (message, "After the correction");
  assert_strip (fixture, 1001, "applied");
  assert_strip (fixture, 1002, "applied");
  assert_urn (fixture, "U1", "sealed");
  assert_urn (fixture, "U2", "sealed");

  /* A strip nobody used is a correction like any other. */
  good = g_strdup_printf ("{\"entry\": %" G_GINT64_FORMAT ", \"reason\": \"Misread\", "
                          "\"changes\": {\"strip\": 1003}}", second);
  vt_test_do (fixture, "correction.amend", CHAIR, good);
  assert_strip (fixture, 1002, "received");
  assert_strip (fixture, 1003, "applied");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  ADD ("/seals/strips/receive/registers-a-range-and-starts-the-opening", test_receive_range,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/strips/receive/registers-a-single-number", test_receive_single,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/strips/receive/refuses-a-number-already-registered",
       test_receive_refuses_registered, VT_TEST_MUNICIPAL);
  ADD ("/seals/strips/receive/refuses-a-reversed-range", test_receive_refuses_reversed,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/strips/receive/refuses-more-than-10000-at-once", test_receive_refuses_too_many,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/strips/return/returns-unused-strips", test_return_unused, VT_TEST_MUNICIPAL);
  ADD ("/seals/strips/return/refuses-strips-not-received", test_return_refuses_not_received,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/strips/return/refuses-strips-already-used", test_return_refuses_used,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/strip/void/voids-an-unused-strip", test_void_unused, VT_TEST_MUNICIPAL);
  ADD ("/seals/strip/void/needs-a-reason", test_void_needs_reason, VT_TEST_MUNICIPAL);
  ADD ("/seals/strip/void/refuses-a-strip-not-unused", test_void_refuses_used,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/strips/balance-holds-after-a-mixed-sequence", test_balance, VT_TEST_MUNICIPAL);

  ADD ("/seals/urn/add/takes-each-kind-into-use", test_urn_add, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/add/refuses-a-name-already-used", test_urn_add_refuses_same_name,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/add/ordinary-urn-needs-a-table", test_urn_add_table_required,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/add/only-an-ordinary-urn-has-a-table", test_urn_add_table_not_allowed,
       VT_TEST_MUNICIPAL);

  ADD ("/seals/urn/verify-empty/shows-a-new-urn-empty", test_verify_empty, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/verify-empty/refuses-an-unknown-urn", test_verify_empty_unknown_urn,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/verify-empty/needs-a-second-person", test_verify_empty_witness,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/verify-empty/only-a-new-or-broken-urn", test_verify_empty_wrong_state,
       VT_TEST_MUNICIPAL);

  ADD ("/seals/urn/seal/applies-a-strip-to-an-urn-shown-empty", test_seal, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/seal/may-be-done-by-the-deputy-chair", test_seal_by_deputy,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/seal/is-done-by-the-chair-or-deputy-chair-only", test_seal_by_chair_only,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/seal/needs-a-second-person", test_seal_witness, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/seal/is-refused-before-the-urn-is-shown-empty", test_seal_before_empty,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/seal/is-refused-for-a-sealed-urn", test_seal_twice, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/seal/refuses-a-strip-used-twice", test_seal_strip_used_twice,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/seal/refuses-a-strip-or-urn-unknown", test_seal_strip_not_received,
       VT_TEST_MUNICIPAL);

  ADD ("/seals/urn/full/gets-a-second-strip-on-its-slot", test_full, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/full/needs-a-sealed-urn", test_full_needs_sealed_urn, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/full/needs-an-unused-strip-and-a-witness", test_full_refuses_used_strip,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/full/happens-while-voting", test_full_while_voting, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/full/names-a-sealed-replacement", test_full_replacement, VT_TEST_MUNICIPAL);
  ADD ("/seals/k105/mobile-urn-blocks-doors-open", test_k105_mobile_urn_blocks_doors_open,
       OUTDOOR_ELECTION);
  ADD ("/seals/k105/only-with-outdoor-voting", test_k105_only_with_outdoor_voting,
       VT_TEST_MUNICIPAL);

  ADD ("/seals/break/breaks-an-applied-strip-and-the-urn-needs-a-new-seal", test_break,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/break/needs-two-different-board-members", test_break_two_different_members,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/break/needs-both-members-present", test_break_members_present,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/break/needs-a-reason", test_break_needs_reason, VT_TEST_MUNICIPAL);
  ADD ("/seals/break/only-an-intact-strip-of-that-urn", test_break_only_applied_strip,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/break/urn-is-resealed-before-reuse", test_reseal_after_break, VT_TEST_MUNICIPAL);

  ADD ("/seals/checks/k102-blocks-the-doors-until-the-urns-are-sealed",
       test_k102_blocks_doors_open, VT_TEST_MUNICIPAL);
  ADD ("/seals/checks/k102-names-every-urn-not-sealed", test_k102_every_urn, VT_TEST_MUNICIPAL);
  ADD ("/seals/checks/k103-lists-strips-not-accounted-for-after-closing",
       test_k103_unused_strips, VT_TEST_MUNICIPAL);

  ADD ("/seals/night/doors-open-on-day-2-after-every-seal-is-checked",
       test_night_needs_seal_check, NULL);
  ADD ("/seals/night/seal-check-reads-either-strip-of-a-full-urn", test_seal_check_full_urn,
       NULL);
  ADD ("/seals/night/seal-check-refuses-a-strip-that-does-not-match", test_seal_check_mismatch,
       NULL);
  ADD ("/seals/night/seal-check-needs-a-sealed-urn", test_seal_check_needs_seal, NULL);

  ADD ("/seals/urn/open/opens-a-sealed-urn-after-the-closing-steps", test_open,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/open/is-blocked-until-the-closing-steps-are-done",
       test_open_blocked_by_closing_steps, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/open/the-special-envelope-urn-before-shipment-1",
       test_open_special_envelope_urn, VT_TEST_MUNICIPAL);
  ADD ("/seals/urn/open/needs-a-sealed-urn-after-the-doors-close", test_open_needs_seal,
       VT_TEST_MUNICIPAL);

  ADD ("/seals/corrections/annulling-a-receipt-removes-its-strips", test_annul_receipt,
       VT_TEST_MUNICIPAL);
  ADD ("/seals/corrections/annulling-a-receipt-keeps-a-strip-on-its-urn",
       test_annul_receipt_keeps_applied_strip, VT_TEST_MUNICIPAL);
  ADD ("/seals/corrections/amending-a-seal-onto-a-used-strip-is-refused",
       test_amend_seal_onto_used_strip, VT_TEST_MUNICIPAL);
  ADD ("/seals/corrections/amending-a-seal-moves-it-to-the-corrected-strip", test_amend_seal,
       VT_TEST_MUNICIPAL);

  return g_test_run ();
}
