/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vt-entry-kind.h"
#include "vt-scenario.h"
#include "vt-store.h"
#include "vt-test-util.h"
#include "vt-training-session.h"

/* A training session live (vt-training-session.h) on the library's sessions and on small
 * sessions written here, its simulated clock following a wall clock the test moves. */

typedef struct
{
  char   *dir;
  char   *station;
  gint64  wall;                /* the fake wall clock, in microseconds */
  guint   n_cards;
  const VtScenarioStep *last_card;
  guint   n_stepped;
  guint   n_refused;
  guint   n_speed_notes;
  guint   n_paused_notes;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("valgting-session-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->station = g_build_filename (fixture->dir, "session.valgting", NULL);
  fixture->wall = (gint64)1000 * G_USEC_PER_SEC;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Every station made is checked by the script that shares no code with Valgting. */
  if (g_getenv ("VALGTING_VERIFY_CHAIN") != NULL &&
      g_file_test (fixture->station, G_FILE_TEST_EXISTS))
    vt_test_assert_chain_script_agrees (fixture->station);
  vt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->station);
}

static char *
library_path (const char *language,
              const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", "training", language,
                                name, NULL);
}

static gint64
fake_wall (gpointer user_data)
{
  Fixture *fixture = user_data;
  return fixture->wall;
}

static void
on_card (VtTrainingSession    *session,
         const VtScenarioStep *step,
         Fixture              *fixture)
{
  fixture->n_cards++;
  fixture->last_card = step;
}

static void
on_stepped (VtTrainingSession    *session,
            const VtScenarioStep *step,
            gboolean              accepted,
            Fixture              *fixture)
{
  fixture->n_stepped++;
  if (!accepted)
    fixture->n_refused++;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Fixture    *fixture)
{
  if (g_str_equal (pspec->name, "speed"))
    fixture->n_speed_notes++;
  else if (g_str_equal (pspec->name, "paused"))
    fixture->n_paused_notes++;
}

static VtTrainingSession *
start_session (Fixture         *fixture,
               const char      *path,
               VtTrainingStart  start)
{
  g_autoptr(GError) error = NULL;
  VtTrainingSession *session = vt_training_session_new (path, fixture->station, start, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  vt_training_session_set_wall_clock (session, fake_wall, fixture);
  g_signal_connect (session, "card", G_CALLBACK (on_card), fixture);
  g_signal_connect (session, "stepped", G_CALLBACK (on_stepped), fixture);
  g_signal_connect (session, "notify", G_CALLBACK (on_notify), fixture);
  return session;
}

/* "HH:MM" of @time, local. */
static char *
hhmm (GDateTime *time)
{
  return g_date_time_format (time, "%H:%M:%S");
}

static char *
session_now (VtTrainingSession *session)
{
  g_autoptr(GDateTime) now = vt_training_session_dup_now (session);
  return hhmm (now);
}

/* The simulated clock says @expected ("08:30:00"); a macro, so a failure names its line. */
#define assert_now(session, expected) \
  G_STMT_START { \
    g_autofree char *now_ = session_now (session); \
    g_assert_cmpstr (now_, ==, (expected)); \
  } G_STMT_END

static VtJournalEntry *
entry_at (VtStation *station,
          gint64     seq)
{
  g_autoptr(GError) error = NULL;
  VtJournalEntry *entry = vt_store_get_entry (vt_station_get_store (station), seq, &error);

  g_assert_no_error (error);
  return entry;
}

static char *
entry_local_time (VtJournalEntry *entry)
{
  g_autoptr(GDateTime) local = vt_journal_entry_dup_local_time (entry);
  return hhmm (local);
}

/* Writes @json, a session on the Bokmål training election, into the fixture's folder. */
static char *
write_session (Fixture    *fixture,
               const char *name,
               const char *steps)
{
  g_autofree char *election = g_test_build_filename (G_TEST_DIST, "..", "data", "training",
                                                     "training-election.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"format\": \"valgting-scenario/1\", "
                                           "\"title\": \"Test\", \"election\": \"%s\", "
                                           "\"steps\": [%s]}", election, steps);
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The clock: paused at the first step's time, then at 60× a wall minute is a simulated hour;
 * a pause freezes it, and a change of speed never makes it jump. */
static void
test_clock (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = library_path ("nb", "broken-seal.json");
  g_autoptr(VtTrainingSession) session = start_session (fixture, path,
                                                         VT_TRAINING_START_MORNING);
  g_autoptr(VtJournalEntry) first = NULL;
  g_autofree char *first_time = NULL;

  g_assert_true (vt_training_session_get_paused (session));
  g_assert_cmpint (vt_training_session_get_speed (session), ==, VT_TRAINING_SPEED_1X);
  assert_now (session, "07:30:00");
  first = entry_at (vt_training_session_get_station (session), 1);
  first_time = entry_local_time (first);
  g_assert_cmpstr (first_time, ==, "07:30:00");
  g_assert_true (vt_station_get_training (vt_training_session_get_station (session)));

  /* Paused: the wall clock moves, the simulated one does not. */
  fixture->wall += (gint64)600 * G_USEC_PER_SEC;
  assert_now (session, "07:30:00");

  vt_training_session_set_speed (session, VT_TRAINING_SPEED_60X);
  g_assert_cmpuint (fixture->n_speed_notes, ==, 1);
  vt_training_session_set_paused (session, FALSE);
  g_assert_cmpuint (fixture->n_paused_notes, ==, 1);
  fixture->wall += (gint64)60 * G_USEC_PER_SEC;
  assert_now (session, "08:30:00");

  /* A change of speed goes on from where the clock is. */
  vt_training_session_set_speed (session, VT_TRAINING_SPEED_10X);
  assert_now (session, "08:30:00");
  fixture->wall += (gint64)6 * G_USEC_PER_SEC;
  assert_now (session, "08:31:00");

  vt_training_session_set_paused (session, TRUE);
  g_assert_cmpuint (fixture->n_paused_notes, ==, 2);
  fixture->wall += (gint64)3600 * G_USEC_PER_SEC;
  assert_now (session, "08:31:00");

  /* A wall clock that goes back does not take the simulated one with it. */
  vt_training_session_set_paused (session, FALSE);
  fixture->wall -= (gint64)3600 * G_USEC_PER_SEC;
  assert_now (session, "08:31:00");
  vt_training_session_set_paused (session, TRUE);
}

/* Background steps given at their time, on the simulated clock and with the scenario's
 * command ids; the card announced once; the trainee's steps left to the trainee, whose own
 * entries carry the simulated time. */
static void
test_morning (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = library_path ("nb", "broken-seal.json");
  g_autoptr(VtTrainingSession) session = start_session (fixture, path,
                                                         VT_TRAINING_START_MORNING);
  VtStation *station = vt_training_session_get_station (session);
  VtStore *store = vt_station_get_store (station);
  const VtScenarioStep *next;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(VtJournalEntry) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *t = NULL;
  gint64 n;

  g_assert_cmpint (vt_store_get_n_entries (store), ==, 1);
  next = vt_training_session_peek_next_event (session);
  g_assert_nonnull (next);
  g_assert_cmpuint (next->number, ==, 2);

  /* Nothing is given before its time. */
  vt_training_session_run_due (session);
  g_assert_cmpint (vt_store_get_n_entries (store), ==, 4);  /* three arrivals at 07:30 */
  g_assert_cmpuint (fixture->n_stepped, ==, 3);
  entry = entry_at (station, 2);
  g_assert_cmpstr (vt_journal_entry_get_command_id (entry), ==, "scenario:broken-seal.json:2");
  g_assert_cmpstr (vt_journal_entry_get_kind (entry), ==, "person.arrive");

  /* At 60×, 90 wall seconds later it is 09:00: every background step up to the doors has
   * been given, the last at the simulated time of the look; the card at 12:30 not yet. */
  vt_training_session_set_speed (session, VT_TRAINING_SPEED_60X);
  vt_training_session_set_paused (session, FALSE);
  fixture->wall += (gint64)90 * G_USEC_PER_SEC;  /* 09:00 */
  vt_training_session_run_due (session);
  n = vt_store_get_n_entries (store);
  g_assert_cmpint (n, ==, 34);  /* the creation and steps 2–34 */
  opened = entry_at (station, n);
  g_assert_cmpstr (vt_journal_entry_get_kind (opened), ==, "doors.open");
  g_assert_cmpstr (vt_journal_entry_get_command_id (opened), ==,
                   "scenario:broken-seal.json:34");
  t = entry_local_time (opened);
  g_assert_cmpstr (t, ==, "09:00:00");
  g_assert_cmpuint (fixture->n_cards, ==, 0);
  vt_training_session_set_paused (session, TRUE);

  /* The next event is the card: the jump reaches it, and "card" comes once. */
  next = vt_training_session_peek_next_event (session);
  g_assert_nonnull (next);
  g_assert_cmpint (next->role, ==, VT_SCENARIO_STEP_CARD);
  vt_training_session_jump_to_next_event (session);
  g_assert_cmpuint (fixture->n_cards, ==, 1);
  g_assert_true (fixture->last_card == next);
  assert_now (session, "12:30:00");
  vt_training_session_run_due (session);
  vt_training_session_jump_to_next_event (session);
  g_assert_cmpuint (fixture->n_cards, ==, 1);
  g_assert_cmpuint (vt_training_session_get_shown_cards (session)->len, ==, 1);
  g_assert_null (vt_training_session_peek_next_event (session));

  /* The trainee's steps are due but never given by the session. */
  vt_training_session_set_speed (session, VT_TRAINING_SPEED_1X);
  vt_training_session_set_paused (session, FALSE);
  fixture->wall += 7 * (gint64)60 * G_USEC_PER_SEC;  /* 1×: 12:37 */
  vt_training_session_run_due (session);
  tasks = vt_training_session_dup_due_tasks (session);
  g_assert_cmpuint (tasks->len, ==, 2);
  g_assert_cmpstr (((const VtScenarioStep *)tasks->pdata[0])->kind, ==, "seal.break");
  g_assert_cmpstr (((const VtScenarioStep *)tasks->pdata[1])->kind, ==, "urn.seal");
  g_assert_cmpint (vt_store_get_n_entries (store), ==, 34);
  g_assert_cmpuint (vt_store_count_kind (store, "seal.break"), ==, 0);
  g_assert_cmpuint (vt_training_session_get_messages (session)->len, ==, 0);

  /* What the trainee does carries the simulated time. */
  {
    g_autoptr(JsonObject) payload = json_object_new ();
    g_autoptr(VtJournalEntry) done = NULL;
    g_autofree char *done_time = NULL;

    json_object_set_string_member (payload, "text", "Trainee's note");
    fixture->wall += (gint64)30 * G_USEC_PER_SEC;  /* 12:37:30 */
    done = vt_station_execute (station, "trainee-1", "note", "kari-ovingsen", payload,
                               &error);
    if (done == NULL)
      g_error ("%s", error->message);
    done_time = entry_local_time (done);
    g_assert_cmpstr (done_time, ==, "12:37:30");
  }
  vt_training_session_set_paused (session, TRUE);

}

/* From the closing: the day so far given as the replay gives it, the clock at the closing. */
static void
test_closing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = library_path ("nb", "outdoor-voting.json");
  g_autoptr(VtTrainingSession) session = start_session (fixture, path,
                                                         VT_TRAINING_START_CLOSING);
  VtStation *station = vt_training_session_get_station (session);
  g_auto(VtScenarioReport) report = { 0 };
  g_autofree char *replayed = g_build_filename (fixture->dir, "replayed.valgting", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(VtStation) other = NULL;
  g_autofree char *t = session_now (session);
  gint64 n = vt_store_get_n_entries (vt_station_get_store (station));
  guint n_steps, n_cards = 0;
  const VtScenarioStep *steps;

  g_assert_cmpint (vt_training_session_get_start (session), ==, VT_TRAINING_START_CLOSING);
  g_assert_cmpstr (t, ==, "21:00:00");
  g_assert_true (vt_training_session_get_paused (session));
  g_assert_true (vt_scenario_replay (path, replayed, &report, &error));
  g_assert_cmpint (n, ==, report.n_entries);
  other = vt_station_open (replayed, &error);
  g_assert_no_error (error);
  for (gint64 seq = 2; seq <= n; seq++)
    {
      g_autoptr(VtJournalEntry) ours = entry_at (station, seq);
      g_autoptr(VtJournalEntry) theirs = entry_at (other, seq);
      g_autofree char *ours_time = entry_local_time (ours);
      g_autofree char *theirs_time = NULL;

      theirs_time = entry_local_time (theirs);
      g_assert_cmpstr (vt_journal_entry_get_command_id (ours), ==,
                       vt_journal_entry_get_command_id (theirs));
      g_assert_cmpstr (ours_time, ==, theirs_time);
    }

  steps = vt_scenario_get_steps (vt_training_session_get_scenario (session), &n_steps);
  for (guint i = 0; i < n_steps; i++)
    n_cards += steps[i].role == VT_SCENARIO_STEP_CARD;
  g_assert_cmpuint (vt_training_session_get_shown_cards (session)->len, ==, n_cards);
  vt_training_session_run_due (session);
  g_assert_cmpuint (fixture->n_cards, ==, 0);
  g_assert_null (vt_training_session_peek_next_event (session));
  tasks = vt_training_session_dup_due_tasks (session);
  g_assert_cmpuint (tasks->len, ==, 0);
}

/* A scenario with no trainee step and no card is no session: refused, and no file made. */
static void
test_not_a_session (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = write_session (fixture, "plain.json",
                                         "{\"at\": \"07:30\", \"do\": \"person.arrive\", "
                                         "\"person\": \"kari-ovingsen\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTrainingSession) session = NULL;

  session = vt_training_session_new (path, fixture->station, VT_TRAINING_START_MORNING, &error);
  g_assert_null (session);
  g_assert_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "plain.json"));
  g_assert_nonnull (strstr (error->message, "valgting replay"));
  g_assert_false (g_file_test (fixture->station, G_FILE_TEST_EXISTS));
}

/* The trainee does early what a background step does later: the step is refused, journaled as
 * refused with its command id, named in the messages, and the session goes on. */
static void
test_refused_background (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = write_session (fixture, "deviation.json",
    "{\"at\": \"07:30\", \"do\": \"person.arrive\", \"person\": \"kari-ovingsen\"},"
    "{\"at\": \"07:35\", \"card\": \"Ola kommer.\"},"
    "{\"at\": \"07:40\", \"do\": \"person.declaration\", \"person\": \"kari-ovingsen\","
    " \"trainee\": true, \"task\": \"Erklæring\"},"
    "{\"at\": \"07:50\", \"do\": \"person.arrive\", \"person\": \"ola-provesen\"},"
    "{\"at\": \"07:55\", \"do\": \"person.arrive\", \"person\": \"nora-testdal\"}");
  g_autoptr(VtTrainingSession) session = start_session (fixture, path,
                                                         VT_TRAINING_START_MORNING);
  VtStation *station = vt_training_session_get_station (session);
  VtStore *store = vt_station_get_store (station);
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(VtJournalEntry) early = NULL;
  g_autoptr(VtJournalEntry) refused = NULL;
  g_autoptr(VtJournalEntry) last = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *messages;
  gint64 n;

  vt_training_session_jump_to_next_event (session);  /* 07:30 */
  vt_training_session_jump_to_next_event (session);  /* the card, 07:35 */
  g_assert_cmpuint (fixture->n_cards, ==, 1);
  json_object_set_string_member (payload, "person", "ola-provesen");
  early = vt_station_execute (station, "trainee-early", "person.arrive", "kari-ovingsen",
                              payload, &error);
  g_assert_no_error (error);

  vt_training_session_jump_to_next_event (session);  /* 07:50, refused */
  n = vt_store_get_n_entries (store);
  refused = entry_at (station, n);
  g_assert_cmpstr (vt_journal_entry_get_kind (refused), ==, VT_ENTRY_REFUSED);
  g_assert_true (g_str_has_prefix (vt_journal_entry_get_command_id (refused),
                                   "scenario:deviation.json:4#"));
  g_assert_cmpuint (fixture->n_refused, ==, 1);
  messages = vt_training_session_get_messages (session);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (messages->pdata[0], "step 4"));

  /* The session goes on. */
  vt_training_session_jump_to_next_event (session);  /* 07:55 */
  last = entry_at (station, vt_store_get_n_entries (store));
  g_assert_cmpstr (vt_journal_entry_get_command_id (last), ==, "scenario:deviation.json:5");
  g_assert_cmpuint (fixture->n_stepped, ==, 3);
  g_assert_null (vt_training_session_peek_next_event (session));
}

/* wrong-mark.json with its last step given by the scenario: it refers to the trainee's entry,
 * which the session never made, so it is not given and the messages say why. */
static void
test_refers_to_trainee (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *library = library_path ("nb", "wrong-mark.json");
  g_autofree char *library_dir = g_path_get_dirname (library);
  g_autofree char *path = g_build_filename (fixture->dir, "wrong-mark.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTrainingSession) session = NULL;
  g_autofree char *election = NULL;
  JsonObject *root;
  JsonArray *steps;
  JsonObject *last;
  GPtrArray *messages;
  gint64 n;

  json_parser_load_from_file (parser, library, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  election = g_build_filename (library_dir, json_object_get_string_member (root, "election"),
                               NULL);
  json_object_set_string_member (root, "election", election);
  steps = json_object_get_array_member (root, "steps");
  last = json_array_get_object_element (steps, json_array_get_length (steps) - 1);
  json_object_remove_member (last, "trainee");
  json_object_remove_member (last, "task");
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);

  session = start_session (fixture, path, VT_TRAINING_START_MORNING);
  while (vt_training_session_peek_next_event (session) != NULL)
    vt_training_session_jump_to_next_event (session);
  n = vt_store_get_n_entries (vt_station_get_store (vt_training_session_get_station (session)));
  g_assert_cmpuint (vt_store_count_kind (vt_station_get_store (
                      vt_training_session_get_station (session)),
                    "incident.wrong-mark-resolved"), ==, 0);
  messages = vt_training_session_get_messages (session);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (messages->pdata[0], "was not given"));
  g_assert_nonnull (strstr (messages->pdata[0], "the trainee's"));
  g_assert_cmpint (n, >, 1);
}

/* While it runs, the session looks by itself on the main context. */
static gboolean
quit_loop (gpointer loop)
{
  g_error ("the running session never looked by itself");
  return G_SOURCE_REMOVE;
}

static void
on_tick (VtTrainingSession *session,
         GMainLoop         *loop)
{
  g_main_loop_quit (loop);
}

static void
test_ticks (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = library_path ("nb", "broken-seal.json");
  g_autoptr(VtTrainingSession) session = start_session (fixture, path,
                                                         VT_TRAINING_START_MORNING);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint guard;

  g_signal_connect (session, "tick", G_CALLBACK (on_tick), loop);
  vt_training_session_set_paused (session, FALSE);
  /* Not a timed test: the guard only keeps a broken session from hanging the suite. */
  guard = g_timeout_add_seconds (30, quit_loop, loop);
  g_main_loop_run (loop);
  g_source_remove (guard);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (
                     vt_training_session_get_station (session))), ==, 4);
  vt_training_session_set_paused (session, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/training-session/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("clock", test_clock);
  ADD ("morning", test_morning);
  ADD ("closing", test_closing);
  ADD ("not-a-session", test_not_a_session);
  ADD ("refused-background", test_refused_background);
  ADD ("refers-to-trainee", test_refers_to_trainee);
  ADD ("ticks", test_ticks);
#undef ADD

  return g_test_run ();
}
