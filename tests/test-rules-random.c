/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-phase.h"
#include "vt-store-private.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* Long random sequences of commands, most of them plausible, many of them refused. After every
 * step the invariants of the journal and the derived state must hold:
 *  - every command, accepted or refused, wrote exactly one entry;
 *  - a refused command changed nothing but the journal;
 *  - the derived state equals the state rebuilt from the journal alone;
 * and at the end the file verifies and reopens to the same state. Run with --seed to repeat a
 * failure; VALGTING_RANDOM_STEPS sets the length. */

#define ADD(path, func, data) \
  g_test_add (path, StationFixture, data, station_fixture_set_up, func, station_fixture_tear_down)

static const char * const urns[] = { "U1", "U2", "U3", "M1", "R1", "S1" };

/* Every derived table, as text: the station's state as the screens and the protocol see it. */
static char *
dump_state (sqlite3 *db)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *tables = NULL;

  sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN "
                          "('journal', 'meta', 'kind_count') AND name NOT LIKE 'sqlite_%' "
                          "ORDER BY name", -1, &tables, NULL);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (tables, 0);
      g_autofree char *probe = g_strdup_printf ("SELECT * FROM \"%s\"", name);
      g_autoptr(GString) order = g_string_new (NULL);
      g_autofree char *sql = NULL;
      sqlite3_stmt *rows = NULL;
      int n_columns;

      sqlite3_prepare_v2 (db, probe, -1, &rows, NULL);
      n_columns = sqlite3_column_count (rows);
      sqlite3_finalize (rows);
      for (int c = 1; c <= n_columns; c++)
        g_string_append_printf (order, "%s%d", c > 1 ? ", " : "", c);

      sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY %s", name, order->str);
      g_string_append_printf (out, "[%s]\n", name);
      sqlite3_prepare_v2 (db, sql, -1, &rows, NULL);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < n_columns; c++)
            g_string_append_printf (out, "%s|", sqlite3_column_type (rows, c) == SQLITE_NULL
                                                  ? "∅" : (const char *)sqlite3_column_text (rows, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  return g_string_free (out, FALSE);
}

/* The state rebuilt from the journal alone, without keeping the rebuild. */
static char *
dump_rebuilt_state (StationFixture *fixture)
{
  sqlite3 *db = vt_store_get_db (vt_station_get_store (fixture->station));
  g_autoptr(GError) error = NULL;
  char *dump;

  g_assert_cmpint (sqlite3_exec (db, "SAVEPOINT rebuild", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (vt_rules_rebuild (db, fixture->config, &error));
  g_assert_no_error (error);
  dump = dump_state (db);
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK TO rebuild; RELEASE rebuild", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  return dump;
}

static const char *
random_id (GPtrArray *array)
{
  if (array->len == 0)
    return "none";
  return *(char **)g_ptr_array_index (array, g_test_rand_int_range (0, array->len));
}

static void
random_value (StationFixture *fixture,
              const VtField  *field,
              JsonObject     *payload,
              gint64          next_seq)
{
  VtConfig *config = fixture->config;
  const char *name = field->name;

  switch (field->type)
    {
    case VT_FIELD_TEXT:
      json_object_set_string_member (payload, name,
                                     g_test_rand_int_range (0, 20) == 0 ? "" : "Logged in a test");
      break;
    case VT_FIELD_PERSON:
      json_object_set_string_member (payload, name, random_id (vt_config_get_people (config)));
      break;
    case VT_FIELD_TABLE:
      json_object_set_string_member (payload, name, random_id (vt_config_get_tables (config)));
      break;
    case VT_FIELD_CONTEST:
      json_object_set_string_member (payload, name, random_id (vt_config_get_contests (config)));
      break;
    case VT_FIELD_PILE:
      {
        VtContest *contest = g_ptr_array_index (vt_config_get_contests (config), 0);
        const char *contest_id = json_object_get_string_member_with_default (payload, "contest",
                                                                             contest->id);
        for (guint i = 0; i < vt_config_get_contests (config)->len; i++)
          if (g_str_equal (((VtContest *)g_ptr_array_index (vt_config_get_contests (config), i))
                             ->id, contest_id))
            contest = g_ptr_array_index (vt_config_get_contests (config), i);
        switch (g_test_rand_int_range (0, 4))
          {
          case 0: json_object_set_string_member (payload, name, "blank"); break;
          case 1: json_object_set_string_member (payload, name, "doubtful"); break;
          case 2: json_object_set_string_member (payload, name, "approved"); break;
          default: json_object_set_string_member (payload, name, random_id (contest->lists));
          }
      }
      break;
    case VT_FIELD_REASON:
      json_object_set_string_member (payload, name,
                                     random_id (vt_config_get_envelope_reasons (config)));
      break;
    case VT_FIELD_CHECK:
      json_object_set_string_member (payload, name, random_id (vt_config_get_checklist (config)));
      break;
    case VT_FIELD_URN:
      json_object_set_string_member (payload, name,
                                     urns[g_test_rand_int_range (0, G_N_ELEMENTS (urns))]);
      break;
    case VT_FIELD_STRIP:
      json_object_set_int_member (payload, name, g_test_rand_int_range (1000, 1030));
      break;
    case VT_FIELD_COUNT:
      json_object_set_int_member (payload, name, g_test_rand_int_range (0, 6));
      break;
    case VT_FIELD_DAY:
      json_object_set_int_member (payload, name,
                                  g_test_rand_int_range (1, vt_config_get_days (config)->len + 1));
      break;
    case VT_FIELD_BOOL:
      json_object_set_boolean_member (payload, name, g_test_rand_bit ());
      break;
    case VT_FIELD_ENTRY:
      json_object_set_int_member (payload, name, g_test_rand_int_range (1, next_seq));
      break;
    case VT_FIELD_CHOICE:
      {
        g_auto(GStrv) choices = g_strsplit (field->choices, "|", -1);
        json_object_set_string_member (payload, name,
                                       choices[g_test_rand_int_range (0, g_strv_length (choices))]);
      }
      break;
    case VT_FIELD_TABLE_COUNTS:
      {
        JsonObject *counts = json_object_new ();
        json_object_set_int_member (counts, random_id (vt_config_get_tables (config)),
                                    g_test_rand_int_range (0, 500));
        json_object_set_object_member (payload, name, counts);
      }
      break;
    case VT_FIELD_CHANGES:
      {
        JsonObject *changes = json_object_new ();
        /* A count, or a strip: a correction is held to its kind's rule again, and a strip
         * moved onto one in use is refused. */
        if (g_test_rand_bit ())
          json_object_set_int_member (changes, "count", g_test_rand_int_range (0, 6));
        else
          json_object_set_int_member (changes, "strip", g_test_rand_int_range (1000, 1030));
        json_object_set_object_member (payload, name, changes);
      }
      break;
    case VT_FIELD_ENTRIES:
      {
        JsonArray *entries = json_array_new ();
        json_array_add_int_element (entries, g_test_rand_int_range (1, next_seq));
        json_object_set_array_member (payload, name, entries);
      }
      break;
    case VT_FIELD_ITEMS:
      {
        JsonArray *items = json_array_new ();
        JsonObject *item = json_object_new ();
        json_object_set_int_member (item, "entry", g_test_rand_int_range (1, next_seq));
        json_object_set_int_member (item, "count", g_test_rand_bit () ? 1 : -1);
        json_array_add_object_element (items, item);
        json_object_set_array_member (payload, name, items);
      }
      break;
    case VT_FIELD_STROKES:
      {
        JsonArray *strokes = json_array_new ();
        JsonArray *points = json_array_new ();

        for (int i = 0; i < 2 * g_test_rand_int_range (1, 6); i++)
          json_array_add_double_element (points, g_test_rand_double_range (0.0, 1.0));
        json_array_add_array_element (strokes, points);
        json_object_set_array_member (payload, name, strokes);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A command, most of the time one that could be given: a real kind, the kind's own fields. */
static JsonObject *
random_command (StationFixture     *fixture,
                const VtEntryKind **kind_out,
                const char        **actor_out)
{
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);
  const VtEntryKind *kind;
  JsonObject *payload = json_object_new ();
  gint64 next_seq = vt_store_get_n_entries (vt_station_get_store (fixture->station)) + 1;

  do
    kind = &kinds[g_test_rand_int_range (0, n_kinds)];
  while (kind->phases == 0 && g_test_rand_int_range (0, 10) != 0);

  for (guint i = 0; i < VT_MAX_FIELDS && kind->fields[i].name != NULL; i++)
    if (kind->fields[i].required || g_test_rand_bit ())
      random_value (fixture, &kind->fields[i], payload, next_seq);

  /* Now and then a field that does not belong. */
  if (g_test_rand_int_range (0, 30) == 0)
    json_object_set_string_member (payload, "extra", "x");

  *kind_out = kind;
  *actor_out = g_test_rand_int_range (0, 3) == 0 ? random_id (vt_config_get_people (fixture->config))
                                                 : vt_test_chair (fixture);
  return payload;
}

static void
advance_clock (StationFixture *fixture)
{
  GPtrArray *days = vt_config_get_days (fixture->config);
  VtElectionDay *last = g_ptr_array_index (days, days->len - 1);
  g_autoptr(GDateTime) later = NULL;

  later = g_date_time_add_minutes (fixture->now, g_test_rand_int_range (0, 25));
  /* Stay within the election days, mostly: a step past the end is a refusal to test too. */
  if (g_date_time_compare (later, last->closes) > 0 && g_test_rand_int_range (0, 4) != 0)
    return;
  g_clear_pointer (&fixture->now, g_date_time_unref);
  fixture->now = g_steal_pointer (&later);
}

static void
run_random_day (StationFixture *fixture,
                int             n_steps)
{
  VtStore *store = vt_station_get_store (fixture->station);
  sqlite3 *db = vt_store_get_db (store);
  int accepted = 0, refused = 0;

  for (int step = 0; step < n_steps; step++)
    {
      g_autoptr(JsonObject) payload = NULL;
      g_autoptr(VtJournalEntry) entry = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *before = dump_state (db);
      g_autofree char *after = NULL;
      g_autofree char *rebuilt = NULL;
      g_autofree char *id = g_strdup_printf ("random-%d", step);
      const VtEntryKind *kind;
      const char *actor;
      gint64 n_before = vt_store_get_n_entries (store);

      advance_clock (fixture);
      payload = random_command (fixture, &kind, &actor);
      entry = vt_station_execute (fixture->station, id, kind->id, actor, payload, &error);

      /* One command, one entry, always. */
      g_assert_cmpint (vt_store_get_n_entries (store), ==, n_before + 1);
      after = dump_state (db);

      if (entry == NULL)
        {
          g_assert_error (error, VT_RULE_ERROR, error->code);
          g_assert_cmpstr (before, ==, after);
          refused++;
        }
      else
        accepted++;

      rebuilt = dump_rebuilt_state (fixture);
      if (g_strcmp0 (after, rebuilt) != 0)
        g_error ("step %d (%s): the state differs from the state rebuilt from the journal:\n"
                 "--- kept\n%s\n--- rebuilt\n%s", step, kind->id, after, rebuilt);

      /* The checks run on any state without failing, and name registered codes. */
      {
        g_autoptr(GPtrArray) findings = vt_station_run_checks (fixture->station);
        for (guint i = 0; i < findings->len; i++)
          g_assert_nonnull (vt_check_lookup (((VtFinding *)g_ptr_array_index (findings, i))->code));
      }
    }

  g_test_message ("%d commands accepted, %d refused, phase %s", accepted, refused,
                  vt_phase_to_string (vt_station_get_phase (fixture->station)));
  g_assert_cmpint (accepted, >, 0);
}

static void
assert_reopens_the_same (StationFixture *fixture)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_state (vt_store_get_db (vt_station_get_store (fixture->station)));
  g_autofree char *after = NULL;
  gint64 n = vt_store_get_n_entries (vt_station_get_store (fixture->station));

  g_clear_object (&fixture->station);
  g_assert_true (vt_verify_file (fixture->path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.n_entries, ==, n);

  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  after = dump_state (vt_store_get_db (vt_station_get_store (fixture->station)));
  g_assert_cmpstr (before, ==, after);
}

static int
n_steps (void)
{
  const char *env = g_getenv ("VALGTING_RANDOM_STEPS");
  return env != NULL ? atoi (env) : 250;
}

static void
test_random_from_setup (StationFixture *fixture,
                        gconstpointer   data)
{
  vt_test_at (fixture, 1, "06:00");
  run_random_day (fixture, n_steps ());
  assert_reopens_the_same (fixture);
}

static void
test_random_while_voting (StationFixture *fixture,
                          gconstpointer   data)
{
  vt_test_open_station (fixture);
  run_random_day (fixture, n_steps ());
  assert_reopens_the_same (fixture);
}

static void
test_random_after_closing (StationFixture *fixture,
                           gconstpointer   data)
{
  VtElectionDay *last;
  g_autofree char *closes = NULL;
  guint n_days = vt_config_get_days (fixture->config)->len;

  vt_test_open_station (fixture);
  last = g_ptr_array_index (vt_config_get_days (fixture->config), n_days - 1);
  closes = g_date_time_format (last->closes, "%H:%M");
  if (n_days == 1)
    {
      vt_test_at (fixture, 1, closes);
      vt_test_do (fixture, "doors.close", vt_test_chair (fixture), "{\"queue\": 0}");
      g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_CLOSING);
    }
  run_random_day (fixture, n_steps ());
  assert_reopens_the_same (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/random/commands-from-setup-keep-every-invariant", test_random_from_setup,
       VT_TEST_MUNICIPAL);
  ADD ("/random/commands-while-voting-keep-every-invariant", test_random_while_voting,
       VT_TEST_MUNICIPAL);
  ADD ("/random/commands-after-closing-keep-every-invariant", test_random_after_closing,
       VT_TEST_MUNICIPAL);
  ADD ("/random/two-day-election-keeps-every-invariant", test_random_while_voting, NULL);

  return g_test_run ();
}
