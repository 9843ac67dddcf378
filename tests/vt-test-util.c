/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>
#include <sys/wait.h>

#include "vt-checks.h"
#include "vt-error.h"
#include "vt-kind-ids.h"
#include "vt-station-state.h"
#include "vt-store-private.h"
#include "vt-test-util.h"
#include "vt-verify.h"

VtConfig *
vt_test_load_config (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GFile) file = NULL;
  VtConfig *config;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
    }
  file = g_file_new_for_path (path);
  config = vt_config_new_from_file (file, &error);

  g_assert_no_error (error);
  return config;
}

GDateTime *
vt_test_fixed_time (int hour,
                    int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Oslo");
  return g_date_time_new (tz, 2027, 9, 13, hour, minute, 0);
}

static GDateTime *
fixture_clock (gpointer data)
{
  StationFixture *fixture = data;

  if (fixture->now == NULL)
    return g_date_time_new_now_utc ();
  return g_date_time_ref (fixture->now);
}

void
station_fixture_set_up (StationFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  const char *config_name = data != NULL ? data : "example-election.json";

  fixture->dir = g_dir_make_tmp ("valgting-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "station.valgting", NULL);
  fixture->config = vt_test_load_config (config_name);
  fixture->station = vt_station_create (fixture->path, fixture->config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->station);
  vt_station_set_clock (fixture->station, fixture_clock, fixture);
  /* The tests check the rules' messages in the English they are written in; a station tells
   * them in its own language (/people/refusal/station-language checks that). */
  vt_station_set_message_language (fixture->station, "C");
}

void
vt_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        vt_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Runs verify-chain.sh (no Valgting code) on @path; returns its exit status, *out its output. */
int
vt_test_run_chain_script (const char *path,
            char      **out)
{
  const char *script = g_getenv ("VALGTING_VERIFY_CHAIN");
  const char *argv[] = { "bash", script, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_nonnull (script);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 2)
    g_error ("verify-chain.sh: %s", err);
  return WEXITSTATUS (status);
}

/* The script and Valgting agree on @path: both pass the chain with the same entry count and
 * checksum, or both refuse it. (The script checks the chain and entry 1, not the derived
 * tables: a file changed only there passes both chain checks and fails vt_verify_file.) */
void
vt_test_assert_chain_script_agrees (const char *path)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  sqlite3 *db = vt_test_open_raw (path);
  gboolean chain_ok = vt_verify_connection (db, VT_VERIFY_CHAIN, &report, &error);
  int status;

  sqlite3_close (db);
  status = vt_test_run_chain_script (path, &out);
  g_test_message ("script: %s", out);
  if (!chain_ok)
    {
      g_test_message ("valgting: %s", error->message);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (out, "NOT OK"));
    }
  else
    {
      g_autofree char *groups = vt_hash_to_groups (report.head_hash, 16);
      g_autofree char *count = g_strdup_printf ("entries:      %" G_GINT64_FORMAT "\n",
                                                report.n_entries);
      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (out, groups));
      g_assert_nonnull (strstr (out, count));
    }
}

void
station_fixture_tear_down (StationFixture *fixture,
                           gconstpointer   data)
{
  g_clear_object (&fixture->station);
  g_clear_object (&fixture->config);
  g_clear_pointer (&fixture->now, g_date_time_unref);
  /* Every station a test made, and every one it tampered with, is checked once more by the
   * script that shares no code with Valgting: both must agree (README, "The journal's hash
   * format"). The suite sets VALGTING_VERIFY_CHAIN for every test. */
  if (g_getenv ("VALGTING_VERIFY_CHAIN") != NULL && g_file_test (fixture->path, G_FILE_TEST_EXISTS))
    vt_test_assert_chain_script_agrees (fixture->path);
  vt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Overwrites the cell pointers of @table's root page: a damage only the page check finds,
 * since opening reads neither that table nor that page. */
void
vt_test_damage_table_page (const char *path,
                           const char *table)
{
  sqlite3 *db = vt_test_open_raw (path);
  g_autofree char *sql = g_strdup_printf ("SELECT rootpage FROM sqlite_schema WHERE name = '%s'",
                                          table);
  sqlite3_stmt *stmt = NULL;
  gint64 root, page_size = vt_store_pragma_int (db, "page_size");
  static const guchar junk[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  FILE *file;

  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long)((root - 1) * page_size + 8), SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (junk, 1, sizeof junk, file), ==, sizeof junk);
  g_assert_cmpint (fclose (file), ==, 0);
}

/* The file as any other program sees it, without Valgting's code in between. */
sqlite3 *
vt_test_open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  return db;
}

/* What someone with the sqlite3 shell could do to the file. */
char *
vt_test_run_sqlite3_shell (const char *path,
                           const char *sql,
                           int        *exit_status)
{
  const char *argv[] = { "sqlite3", "-bail", path, sql, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (exit_status != NULL)
    *exit_status = g_spawn_check_wait_status (status, NULL) ? 0 : 1;
  g_free (out);
  return err;
}

int
vt_test_run_valgting (const char * const *args,
                      char              **err)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *local_err = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer)binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &local_err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, local_err);
  g_assert_true (WIFEXITED (status));
  if (err != NULL)
    *err = g_steal_pointer (&local_err);
  return WEXITSTATUS (status);
}

void
vt_test_assert_no_identity_numbers (const char *text)
{
  g_autoptr(GRegex) hex = g_regex_new ("[0-9a-f]{64}", 0, 0, NULL);
  g_autofree char *stripped = g_regex_replace_literal (hex, text, -1, 0, "#", 0, NULL);

  g_assert_false (g_regex_match_simple ("[0-9]{11}", stripped, 0, 0));
}

void
vt_test_at (StationFixture *fixture,
            int             day,
            const char     *hhmm)
{
  VtElectionDay *election_day;
  g_autofree char *iso = NULL;

  g_assert_cmpint (day, >=, 1);
  g_assert_cmpint (day, <=, vt_config_get_days (fixture->config)->len);
  election_day = g_ptr_array_index (vt_config_get_days (fixture->config), day - 1);
  iso = g_strdup_printf ("%sT%s:00", election_day->date, hhmm);
  g_clear_pointer (&fixture->now, g_date_time_unref);
  fixture->now = g_date_time_new_from_iso8601 (iso, vt_config_get_timezone (fixture->config));
  g_assert_nonnull (fixture->now);
}

static JsonObject *
parse_payload (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

gint64
vt_test_do (StationFixture *fixture,
            const char     *kind,
            const char     *actor,
            const char     *json)
{
  g_autoptr(JsonObject) payload = parse_payload (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autofree char *id = g_uuid_string_random ();

  entry = vt_station_execute (fixture->station, id, kind, actor, payload, &error);
  if (error != NULL)
    g_error ("%s %s was refused (%s): %s", kind, json, vt_rule_error_get_rule (error),
             error->message);
  g_assert_nonnull (entry);
  return vt_journal_entry_get_seq (entry);
}

char *
vt_test_refused (StationFixture *fixture,
                 const char     *kind,
                 const char     *actor,
                 const char     *json,
                 const char     *rule)
{
  g_autoptr(JsonObject) payload = parse_payload (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(VtJournalEntry) refusal = NULL;
  g_autofree char *id = g_uuid_string_random ();
  VtStore *store = vt_station_get_store (fixture->station);
  gint64 before = vt_store_get_n_entries (store);
  JsonObject *record;

  entry = vt_station_execute (fixture->station, id, kind, actor, payload, &error);
  if (entry != NULL)
    g_error ("%s %s was accepted as entry %" G_GINT64_FORMAT ", but rule %s should refuse it",
             kind, json, vt_journal_entry_get_seq (entry), rule);
  g_assert_error (error, VT_RULE_ERROR, error->code);
  if (g_strcmp0 (vt_rule_error_get_rule (error), rule) != 0)
    g_error ("%s %s was refused by %s (%s), expected %s", kind, json,
             vt_rule_error_get_rule (error), error->message, rule);

  /* The attempt is in the journal as a refusal, and it is the only new entry. */
  g_assert_cmpint (vt_store_get_n_entries (store), ==, before + 1);
  refusal = vt_store_get_entry (store, before + 1, NULL);
  g_assert_cmpstr (vt_journal_entry_get_kind (refusal), ==, "refused");
  record = vt_journal_entry_get_payload_object (refusal);
  g_assert_cmpstr (json_object_get_string_member (record, "tried"), ==, kind);
  g_assert_cmpstr (json_object_get_string_member (record, "rule"), ==, rule);
  g_assert_cmpstr (json_object_get_string_member (record, "reason"), ==, error->message);
  return g_strdup (error->message);
}

const char *
vt_test_chair (StationFixture *fixture)
{
  return vt_config_get_chair (fixture->config)->id;
}

const char *
vt_test_deputy (StationFixture *fixture)
{
  GPtrArray *people = vt_config_get_people (fixture->config);

  for (guint i = 0; i < people->len; i++)
    if (((VtPerson *)g_ptr_array_index (people, i))->role == VT_ROLE_NESTLEDER)
      return ((VtPerson *)g_ptr_array_index (people, i))->id;
  g_assert_not_reached ();
}

void
vt_test_settle_strips (StationFixture *fixture)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (fixture->station);

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->code, "K103") && finding->explanation == NULL)
        {
          vt_test_do (fixture, "count.explain", vt_test_chair (fixture),
                      "{\"code\": \"K103\", \"text\": \"De ubrukte plombene går tilbake til "
                      "kommunen i esken.\"}");
          return;
        }
    }
}

void
vt_test_open_station (StationFixture *fixture)
{
  GPtrArray *checks = vt_config_get_checklist (fixture->config);
  const char *chair = vt_test_chair (fixture);
  g_autofree char *witness = g_strdup_printf ("{\"urn\": \"U1\", \"witness\": \"%s\"}",
                                              vt_test_deputy (fixture));
  g_autofree char *seal = g_strdup_printf ("{\"urn\": \"U1\", \"strip\": 1001, "
                                           "\"witness\": \"%s\"}", vt_test_deputy (fixture));

  vt_test_at (fixture, 1, "07:30");
  /* The chair who seals the urn and its witness are in the room (urn.actor-absent,
   * urn.witness-absent). */
  for (guint i = 0; i < 2; i++)
    {
      const char *who = i == 0 ? chair : vt_test_deputy (fixture);
      g_autofree char *arrive = g_strdup_printf ("{\"person\": \"%s\"}", who);

      if (!vt_station_is_present (fixture->station, who))
        vt_test_do (fixture, "person.arrive", chair, arrive);
    }
  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"check\": \"%s\"}",
                                               ((VtCheck *)g_ptr_array_index (checks, i))->id);
      vt_test_do (fixture, "check.done", chair, json);
    }
  vt_test_do (fixture, "strips.receive", chair, "{\"first\": 1001, \"last\": 1050}");
  vt_test_do (fixture, "urn.add", chair, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                         "\"table\": \"1\"}");
  vt_test_do (fixture, "urn.verify-empty", chair, witness);
  vt_test_do (fixture, "urn.seal", chair, seal);

  {
    VtElectionDay *day = g_ptr_array_index (vt_config_get_days (fixture->config), 0);
    g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");
    vt_test_at (fixture, 1, opens);
  }
  vt_test_do (fixture, "doors.open", chair, "{}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_VOTING);
}

gint64
vt_test_do_printf (StationFixture *fixture,
                   const char     *kind,
                   const char     *format,
                   ...)
{
  g_autofree char *json = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  return vt_test_do (fixture, kind, vt_test_chair (fixture), json);
}

/* The text of each page of @pdf as poppler reads it, as a reader's tools would. */
GPtrArray *
vt_test_pdf_page_texts (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_ptr_array_add (pages, poppler_page_get_text (page));
      g_object_unref (page);
    }
  g_object_unref (document);
  return pages;
}

/* The text of a PDF file, all pages. */
char *
vt_test_pdf_file_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  gsize length = 0;
  GString *out = g_string_new (NULL);

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&data), length);
  pages = vt_test_pdf_page_texts (bytes);
  for (guint i = 0; i < pages->len; i++)
    g_string_append_printf (out, "%s\n", (const char *)g_ptr_array_index (pages, i));
  return g_string_free (out, FALSE);
}

/* Where @needle is next, after (@page, @top, @left) in reading order, top to bottom and on one
 * line left to right: TRUE and its place, or FALSE. By position, not by poppler's text order,
 * which follows how the page was drawn. Case-sensitive; may span lines. */
gboolean
vt_test_pdf_find_after (PopplerDocument *pdf,
                        const char      *needle,
                        guint           *page,
                        double          *top,
                        double          *left)
{
  for (guint p = *page; p < (guint)poppler_document_get_n_pages (pdf); p++)
    {
      PopplerPage *pg = poppler_document_get_page (pdf, (int)p);
      GList *found = poppler_page_find_text_with_options (pg, needle,
                                                          POPPLER_FIND_CASE_SENSITIVE |
                                                          POPPLER_FIND_MULTILINE);
      double width, height, best_top = G_MAXDOUBLE, best_left = G_MAXDOUBLE;

      poppler_page_get_size (pg, &width, &height);
      for (GList *l = found; l != NULL; l = l->next)
        {
          PopplerRectangle *r = l->data;
          double t = height - MAX (r->y1, r->y2);
          double x = MIN (r->x1, r->x2);
          gboolean same_line = p == *page && ABS (t - *top) < 2.0;
          gboolean after = p > *page || (same_line ? x > *left : t > *top);

          if (after && (t < best_top - 2.0 || (ABS (t - best_top) < 2.0 && x < best_left)))
            {
              best_top = t;
              best_left = x;
            }
        }
      g_list_free_full (found, (GDestroyNotify)poppler_rectangle_free);
      g_object_unref (pg);
      if (best_top < G_MAXDOUBLE)
        {
          *page = p;
          *top = best_top;
          *left = best_left;
          return TRUE;
        }
    }
  return FALSE;
}

static void
make_present (StationFixture *fixture,
              const char     *person)
{
  if (!vt_station_is_present (fixture->station, person))
    {
      g_autofree char *arrive = g_strdup_printf ("{\"person\": \"%s\"}", person);
      vt_test_do (fixture, "person.arrive", vt_test_chair (fixture), arrive);
    }
}

gint64
vt_test_count_twice (StationFixture *fixture,
                     const char     *kind,
                     const char     *fields,
                     gint64          count,
                     gint64          control)
{
  g_autofree char *stem = NULL;
  g_autofree char *control_kind = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_true (g_str_has_suffix (kind, ".count"));
  stem = g_strndup (kind, strlen (kind) - strlen (".count"));
  control_kind = g_strconcat (stem, ".control", NULL);
  make_present (fixture, vt_test_chair (fixture));
  make_present (fixture, vt_test_deputy (fixture));
  first = g_strdup_printf ("{%s, \"count\": %" G_GINT64_FORMAT ", \"counter\": \"%s\"}", fields,
                           count, vt_test_chair (fixture));
  second = g_strdup_printf ("{%s, \"control_count\": %" G_GINT64_FORMAT ", "
                            "\"controller\": \"%s\"}", fields, control,
                            vt_test_deputy (fixture));
  vt_test_do (fixture, kind, vt_test_chair (fixture), first);
  return vt_test_do (fixture, control_kind, vt_test_chair (fixture), second);
}

void
vt_test_count_all_roll_marks (StationFixture *fixture,
                              gint64          n)
{
  GPtrArray *tables = vt_config_get_tables (fixture->config);

  for (guint day = 1; day <= vt_config_get_days (fixture->config)->len; day++)
    for (guint i = 0; i < tables->len; i++)
      {
        g_autofree char *fields = g_strdup_printf ("\"table\": \"%s\", \"day\": %u",
                                                   ((VtRollTable *)g_ptr_array_index (tables,
                                                                                      i))->id,
                                                   day);

        vt_test_count_twice (fixture, VT_KIND_ROLL_MARKS_COUNT, fields, n, n);
      }
}

void
vt_test_count_all_envelopes (StationFixture *fixture,
                             gint64          n)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (fixture->config);

  for (guint i = 0; i < reasons->len; i++)
    {
      g_autofree char *fields = g_strdup_printf ("\"reason\": \"%s\"",
                                                 ((VtEnvelopeReason *)g_ptr_array_index (reasons,
                                                                                         i))->id);

      vt_test_count_twice (fixture, VT_KIND_ENVELOPES_COUNT, fields, n, n);
    }
}

void
vt_test_return_unused_strips (StationFixture *fixture)
{
  g_autoptr(GPtrArray) strips = vt_station_dup_strips (fixture->station);

  for (guint i = 0; i < strips->len; i++)
    {
      VtStripState *strip = g_ptr_array_index (strips, i);

      if (g_strcmp0 (strip->status, "received") == 0)
        vt_test_do_printf (fixture, "strips.return", "{\"first\": %" G_GINT64_FORMAT "}",
                           strip->number);
    }
}
