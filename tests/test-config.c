/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-config.h"
#include "vt-error.h"
#include "vt-fnr.h"
#include "vt-test-util.h"

static void
test_training_election (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_new_training (&error);
  GPtrArray *contests;
  guint n_board = 0, n_inspector = 0;

  g_assert_no_error (error);
  g_assert_true (vt_config_get_training (config));
  g_assert_cmpstr (vt_config_get_election_kind (config), ==, "municipal");

  /* Two contests: kommunestyre on white ballots, fylkesting on blue. */
  contests = vt_config_get_contests (config);
  g_assert_cmpuint (contests->len, ==, 2);
  g_assert_cmpstr (((VtContest *)g_ptr_array_index (contests, 0))->ballot_colour, ==, "white");
  g_assert_cmpstr (((VtContest *)g_ptr_array_index (contests, 1))->ballot_colour, ==, "blue");
  for (guint i = 0; i < contests->len; i++)
    g_assert_cmpuint (((VtContest *)g_ptr_array_index (contests, i))->lists->len, >=, 8);

  g_assert_cmpuint (vt_config_get_tables (config)->len, ==, 3);
  for (guint i = 0; i < vt_config_get_people (config)->len; i++)
    {
      VtPerson *person = g_ptr_array_index (vt_config_get_people (config), i);
      n_board += vt_role_is_board (person->role);
      n_inspector += person->role == VT_ROLE_INSPEKTOR;
    }
  g_assert_cmpuint (n_board, ==, 3);
  g_assert_cmpuint (n_inspector, ==, 1);
  g_assert_cmpuint (vt_config_get_checklist (config)->len, >, 0);

  /* Defaults for a paper roll: no emergency envelope. */
  for (guint i = 0; i < vt_config_get_envelope_reasons (config)->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (vt_config_get_envelope_reasons (config), i);
      g_assert_cmpint (reason->field, !=, VT_FIELD_EMERGENCY);
    }
}

static void
test_training_moves_to_today (void)
{
  g_autoptr(VtConfig) config = vt_config_new_training (NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Oslo");
  g_autoptr(GDateTime) created = g_date_time_new (tz, 2026, 11, 23, 8, 15, 0);
  g_autoptr(VtConfig) station = vt_config_dup_for_station (config, created);
  VtElectionDay *day = g_ptr_array_index (vt_config_get_days (station), 0);
  g_autofree char *opens = g_date_time_format (day->opens, "%Y-%m-%d %H:%M");

  g_assert_cmpstr (day->date, ==, "2026-11-23");
  g_assert_cmpstr (opens, ==, "2026-11-23 09:00");
}

static void
test_real_election_keeps_dates (void)
{
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");
  g_autoptr(GDateTime) created = g_date_time_new_now_local ();
  g_autoptr(VtConfig) station = vt_config_dup_for_station (config, created);
  GPtrArray *days = vt_config_get_days (station);

  g_assert_false (vt_config_get_training (config));
  g_assert_true (station == config);
  g_assert_cmpuint (days->len, ==, 2);
  g_assert_cmpstr (((VtElectionDay *)g_ptr_array_index (days, 0))->date, ==, "2029-09-09");
}

static void
test_example_uses_every_key (void)
{
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");

  g_assert_cmpint (vt_config_get_count_mode (config), ==, VT_COUNT_TOTALS_ONLY);
  g_assert_cmpint (vt_config_get_protocol (config), ==, VT_PROTOCOL_2025);
  g_assert_true (vt_config_get_electronic_roll (config));
  g_assert_cmpuint (vt_config_get_packing_lists (config)->len, >, 0);
  g_assert_cmpuint (vt_config_get_envelope_reasons (config)->len, >, 0);
}

static void
test_next_closing (void)
{
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Oslo");
  g_autoptr(GDateTime) first_evening = g_date_time_new (tz, 2029, 9, 9, 18, 0, 0);
  g_autoptr(GDateTime) night = g_date_time_new (tz, 2029, 9, 9, 23, 0, 0);
  g_autoptr(GDateTime) after = g_date_time_new (tz, 2029, 9, 10, 21, 0, 0);
  g_autofree char *a = g_date_time_format (vt_config_get_next_closing (config, first_evening),
                                           "%d %H:%M");
  g_autofree char *b = g_date_time_format (vt_config_get_next_closing (config, night),
                                           "%d %H:%M");

  g_assert_cmpstr (a, ==, "09 19:00");
  g_assert_cmpstr (b, ==, "10 21:00");
  g_assert_null (vt_config_get_next_closing (config, after));
}

/* A bad file: what to break in the example, and what the message must say. */
typedef struct
{
  const char *name;
  const char *find;     /* a piece of the good example... */
  const char *replace;  /* ...replaced by this */
  const char *message;  /* must appear in the error, after the file name */
  int code;
} BadCase;

static const BadCase bad_cases[] = {
  { "not-json", "{", "{ this is not json", "not valid JSON", VT_CONFIG_ERROR_SYNTAX },
  { "wrong-format", "valgting-election/1", "valgting-election/9", "format:",
    VT_CONFIG_ERROR_INVALID },
  { "unknown-key", "\"county\"", "\"cuonty\"", "unknown key “cuonty”", VT_CONFIG_ERROR_INVALID },
  { "bad-kind", "\"kind\": \"storting\"", "\"kind\": \"local\"", "election.kind:",
    VT_CONFIG_ERROR_INVALID },
  { "bad-date", "\"2029-09-10\"", "\"2029-13-10\"", "days[1].date:", VT_CONFIG_ERROR_INVALID },
  { "bad-time", "\"opens\": \"14:00\"", "\"opens\": \"2pm\"", "days[0].opens:",
    VT_CONFIG_ERROR_INVALID },
  { "closes-before-opens", "\"closes\": \"19:00\"", "\"closes\": \"13:00\"",
    "days[0]: the station closes", VT_CONFIG_ERROR_INVALID },
  { "municipality-number", "\"4601\"", "\"46\"", "municipality.number:",
    VT_CONFIG_ERROR_INVALID },
  { "count-mode", "\"totals-only\"", "\"by-urn\"", "count_mode:", VT_CONFIG_ERROR_INVALID },
  { "protocol", "\"protocol\": \"2025\"", "\"protocol\": \"2021\"", "protocol:",
    VT_CONFIG_ERROR_INVALID },
  { "colour", "\"orange\"", "\"purple\"", "contests[0].ballot_colour:", VT_CONFIG_ERROR_INVALID },
  { "year-type", "\"year\": 2029", "\"year\": \"2029\"", "election.year: this must be a whole",
    VT_CONFIG_ERROR_INVALID },
  { "role", "\"role\": \"medlem\"", "\"role\": \"boss\"", "role: “boss” is not a role",
    VT_CONFIG_ERROR_INVALID },
  { "reason-field", "\"protocol_field\": \"emergency\"", "\"protocol_field\": \"red\"",
    "protocol_field:", VT_CONFIG_ERROR_INVALID },
  { "emergency-needs-electronic-roll", "\"electronic_roll\": true",
    "\"electronic_roll\": false", "envelope_reasons[2].protocol_field: the emergency envelope",
    VT_CONFIG_ERROR_INVALID },
  { "count-source", "\"envelopes:total\"", "\"envelopes:everything\"", ".count:",
    VT_CONFIG_ERROR_INVALID },
};

static char *
replace_once (const char *text,
              const char *find,
              const char *replace)
{
  const char *at = strstr (text, find);

  g_assert_nonnull (at); /* the example must still contain what the case breaks */
  return g_strdup_printf ("%.*s%s%s", (int)(at - text), text, replace, at + strlen (find));
}

static void
test_bad_file (gconstpointer data)
{
  const BadCase *bad = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "example-election.json", NULL);
  g_autofree char *good = NULL;
  g_autofree char *broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = NULL;

  g_assert_true (g_file_get_contents (path, &good, NULL, NULL));
  broken = replace_once (good, bad->find, bad->replace);

  config = vt_config_new_from_data (broken, -1, "kommune.json", &error);
  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, bad->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "kommune.json: "));
  g_assert_nonnull (strstr (error->message, bad->message));
}

/* The smallest valid document, with its lists and people left to the test. */
static char *
minimal_config (const char *lists,
                const char *people)
{
  return g_strdup_printf (
    "{\"format\": \"valgting-election/1\","
    " \"election\": {\"name\": \"E\", \"kind\": \"other\", \"year\": 2027},"
    " \"days\": [{\"date\": \"2027-09-13\", \"opens\": \"09:00\", \"closes\": \"21:00\"}],"
    " \"county\": \"C\", \"municipality\": {\"number\": \"0301\", \"name\": \"Oslo\"},"
    " \"precinct\": {\"number\": \"1\", \"name\": \"P\"},"
    " \"count_mode\": \"by-party\", \"protocol\": \"2019\","
    " \"contests\": [{\"id\": \"k\", \"name\": \"K\", \"ballot_colour\": \"white\","
    "   \"lists\": [%s]}],"
    " \"tables\": [{\"id\": \"1\", \"range\": \"A–Å\"}],"
    " \"people\": [%s],"
    " \"checklist\": [{\"id\": \"x\", \"text\": \"X\"}]}", lists, people);
}

#define BOARD_OF_THREE \
  "{\"id\": \"a\", \"name\": \"A\", \"role\": \"leder\"}," \
  "{\"id\": \"b\", \"name\": \"B\", \"role\": \"nestleder\"}," \
  "{\"id\": \"c\", \"name\": \"C\", \"role\": \"medlem\"}"

static void
test_minimal_is_valid (void)
{
  g_autofree char *doc = minimal_config ("{\"id\": \"A\", \"name\": \"A\"}", BOARD_OF_THREE);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_new_from_data (doc, -1, "min.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (((VtContest *)g_ptr_array_index (vt_config_get_contests (config), 0))
                     ->blank_ballot, ==, "Blank stemmeseddel");
  g_assert_cmpstr (vt_config_get_chair (config)->name, ==, "A");
}

static void
test_board_rules (void)
{
  static const struct {
    const char *people;
    const char *message;
  } boards[] = {
    { "{\"id\": \"a\", \"name\": \"A\", \"role\": \"leder\"},"
      "{\"id\": \"b\", \"name\": \"B\", \"role\": \"medlem\"}",
      "people: the board needs at least three members" },
    { "{\"id\": \"a\", \"name\": \"A\", \"role\": \"nestleder\"},"
      "{\"id\": \"b\", \"name\": \"B\", \"role\": \"medlem\"},"
      "{\"id\": \"c\", \"name\": \"C\", \"role\": \"medlem\"}",
      "people: the board needs exactly one chair" },
    { BOARD_OF_THREE ",{\"id\": \"d\", \"name\": \"D\", \"role\": \"leder\"}",
      "people: the board needs exactly one chair" },
    { BOARD_OF_THREE ",{\"id\": \"b\", \"name\": \"B2\", \"role\": \"vert\"}",
      "people[3]: the id “b” is used twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (boards); i++)
    {
      g_autofree char *doc = minimal_config ("{\"id\": \"A\", \"name\": \"A\"}", boards[i].people);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtConfig) config = vt_config_new_from_data (doc, -1, "k.json", &error);

      g_assert_null (config);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, boards[i].message));
    }
}

static void
test_2025_needs_deputy (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "example-election.json", NULL);
  g_autofree char *good = NULL;
  g_autofree char *broken = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = NULL;

  g_assert_true (g_file_get_contents (path, &good, NULL, NULL));
  broken = replace_once (good, "\"role\": \"nestleder\"", "\"role\": \"medlem\"");
  config = vt_config_new_from_data (broken, -1, "k.json", &error);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, "people: the 2025 protocol"));
}

static void
test_duplicate_ids (void)
{
  g_autofree char *doc = minimal_config ("{\"id\": \"A\", \"name\": \"A\"},"
                                         "{\"id\": \"A\", \"name\": \"B\"}", BOARD_OF_THREE);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_new_from_data (doc, -1, "dup.json", &error);

  g_assert_null (config);
  g_assert_cmpstr (error->message, ==,
                   "dup.json: contests[0].lists[1]: the id “A” is used twice in this list; "
                   "give every entry its own id");
}

static void
test_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_new_from_data ("{\"a\": \"\xff\xfe\"}", -1, "x.json",
                                                        &error);
  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  /* Valid bytes that escape half a surrogate pair: json-glib decodes them to bytes that are
   * not UTF-8, in a value or in a key. */
  config = vt_config_new_from_data ("{\"a\": \"x\\ud800y\"}", -1, "x.json", &error);
  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  config = vt_config_new_from_data ("{\"k\\ud800x\": 1}", -1, "x.json", &error);
  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  /* json-glib quotes the bad token cut at a byte count: the message is still UTF-8. */
  config = vt_config_new_from_data ("{\"a\": øøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøøø}", -1, "x.json",
                                    &error);
  g_assert_null (config);
  g_assert_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_fnr (void)
{
  g_assert_true (vt_fnr_is_valid ("01010010183"));
  g_assert_true (vt_fnr_is_valid ("15058740281"));
  g_assert_false (vt_fnr_is_valid ("01010010184"));  /* second check digit wrong */
  g_assert_false (vt_fnr_is_valid ("12345678901"));
  g_assert_false (vt_fnr_is_valid ("0101001018"));   /* too short */

  g_assert_true (vt_text_contains_fnr ("id 01010010183."));
  g_assert_true (vt_text_contains_fnr ("born 150587 40281, table 2"));
  g_assert_true (vt_text_contains_fnr ("150587-40281"));
  g_assert_false (vt_text_contains_fnr ("101010010183")); /* part of a longer number */
  g_assert_false (vt_text_contains_fnr ("strip 12345678901"));
  g_assert_false (vt_text_contains_fnr ("table 2, page 14, line 7"));
}

/* The keys whose values are words: they differ between the Bokmål and the Nynorsk training
 * election; everything else (ids, numbers, dates, roles, counts) must be the same. */
static void
strip_words (JsonNode *node)
{
  static const char * const words[] = { "_note", "name", "title", "text", "label", "county",
                                         NULL };

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        if (g_strv_contains (words, l->data) &&
            JSON_NODE_HOLDS_VALUE (json_object_get_member (object, l->data)))
          json_object_set_string_member (object, l->data, "");
        else
          strip_words (json_object_get_member (object, l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        strip_words (json_array_get_element (array, i));
    }
}

/* One training election in two written standards: the Nynorsk file is the Bokmål file with
 * other words, never another election. */
static void
test_training_nynorsk_matches_bokmal (void)
{
  g_autofree char *nb_path = g_test_build_filename (G_TEST_DIST, "..", "data", "training",
                                                    "training-election.json", NULL);
  g_autofree char *nn_path = g_test_build_filename (G_TEST_DIST, "..", "data", "training",
                                                    "training-election-nn.json", NULL);
  g_autoptr(JsonParser) nb = json_parser_new ();
  g_autoptr(JsonParser) nn = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *nb_text = NULL;
  g_autofree char *nn_text = NULL;

  json_parser_load_from_file (nb, nb_path, &error);
  g_assert_no_error (error);
  json_parser_load_from_file (nn, nn_path, &error);
  g_assert_no_error (error);
  strip_words (json_parser_get_root (nb));
  strip_words (json_parser_get_root (nn));
  /* apart from the language its documents are drawn in */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (nn)),
                                                  "language"), ==, "nn");
  json_object_remove_member (json_node_get_object (json_parser_get_root (nn)), "language");
  nb_text = json_to_string (json_parser_get_root (nb), TRUE);
  nn_text = json_to_string (json_parser_get_root (nn), TRUE);
  g_assert_cmpstr (nn_text, ==, nb_text);

  /* And the Nynorsk one is read as an election like the other. */
  {
    g_autofree char *data = NULL;
    gsize length;
    g_autoptr(VtConfig) config = NULL;

    g_file_get_contents (nn_path, &data, &length, &error);
    g_assert_no_error (error);
    config = vt_config_new_from_data (data, length, "training-election-nn.json", &error);
    g_assert_no_error (error);
    g_assert_true (vt_config_get_training (config));
    g_assert_cmpstr (vt_config_get_election_name (config), ==,
                     "Kommunestyre- og fylkestingsvalet 2027 — øvingsval");
  }
}

/* Which file vt_config_new_training () reads follows the session's language. */
static void
test_training_follows_the_language (void)
{
  static const struct { const char *language; const char *name; } cases[] = {
    { "nn", "Kommunestyre- og fylkestingsvalet 2027 — øvingsval" },
    { "nn_NO:nb", "Kommunestyre- og fylkestingsvalet 2027 — øvingsval" },
    { "nb", "Kommunestyre- og fylkestingsvalget 2027 — øvingsvalg" },
    { "nb:nn", "Kommunestyre- og fylkestingsvalget 2027 — øvingsvalg" },
    { "en", "Kommunestyre- og fylkestingsvalget 2027 — øvingsvalg" },
  };
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VtConfig) config = NULL;

      g_setenv ("LANGUAGE", cases[i].language, TRUE);
      config = vt_config_new_training (&error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", cases[i].language, vt_config_get_election_name (config));
      g_assert_cmpstr (vt_config_get_election_name (config), ==, cases[i].name);
    }
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/training/is-a-municipal-election-with-two-contests",
                   test_training_election);
  g_test_add_func ("/config/training/moves-its-days-to-today", test_training_moves_to_today);
  g_test_add_func ("/config/training/nynorsk-is-the-same-election",
                   test_training_nynorsk_matches_bokmal);
  g_test_add_func ("/config/training/follows-the-session-language",
                   test_training_follows_the_language);
  g_test_add_func ("/config/real-election/keeps-its-dates", test_real_election_keeps_dates);
  g_test_add_func ("/config/example/reads-every-key", test_example_uses_every_key);
  g_test_add_func ("/config/days/next-closing-crosses-the-night", test_next_closing);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/config/bad/%s/names-file-place-and-fault",
                                               bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad_file);
    }
  g_test_add_func ("/config/minimal/is-valid-with-defaults", test_minimal_is_valid);
  g_test_add_func ("/config/bad/board-needs-one-chair-and-three-members", test_board_rules);
  g_test_add_func ("/config/bad/2025-protocol-needs-a-deputy-chair", test_2025_needs_deputy);
  g_test_add_func ("/config/bad/duplicate-ids-are-named", test_duplicate_ids);
  g_test_add_func ("/config/bad/not-utf8", test_not_utf8);
  g_test_add_func ("/fnr/recognises-identity-numbers-and-nothing-else", test_fnr);

  return g_test_run ();
}
