/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <libintl.h>

#include "vt-command.h"
#include "vt-entry-kind.h"
#include "vt-role.h"
#include "vt-error.h"
#include "vt-i18n.h"
#include "vt-scenario.h"
#include "vt-test-util.h"

/* Run with LANGUAGE=nb or nn against the catalogues of the build tree: every log line, every
 * field message of a refusal and the training election are in the station's language, with
 * no id of the catalogue (kinds, fields, choices) and no id of the configuration in them. */

static const char *
language (void)
{
  return g_getenv ("LANGUAGE");
}

/* Every word a Norwegian line must not hold: the catalogue's kind ids, field names and choice
 * ids, and the configuration's own ids. Field names that are also Norwegian words ("person",
 * "to") cannot be told apart and are left out. */
static GPtrArray *
forbidden_words (VtConfig *config)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);
  static const char * const norwegian[] = { "person", "to", "blank", "mobile", NULL };

  for (guint i = 0; i < n_kinds; i++)
    {
      g_ptr_array_add (words, g_strdup (kinds[i].id));
      for (guint f = 0; f < VT_MAX_FIELDS && kinds[i].fields[f].name != NULL; f++)
        {
          const VtField *field = &kinds[i].fields[f];

          if (!g_strv_contains (norwegian, field->name))
            g_ptr_array_add (words, g_strdup (field->name));
          /* The roles' ids are the Norwegian names of the roles ("leder", "stempler"). */
          if (field->choices != NULL && !g_str_equal (field->choices, VT_ROLE_CHOICES))
            {
              g_auto(GStrv) choices = g_strsplit (field->choices, "|", -1);
              for (guint c = 0; choices[c] != NULL; c++)
                if (strlen (choices[c]) > 2 && !g_str_has_prefix (choices[c], "K") &&
                    !g_strv_contains (norwegian, choices[c]))
                  g_ptr_array_add (words, g_strdup (choices[c]));
            }
        }
    }
  /* The configuration's ids that are not also words of its texts. */
  for (guint i = 0; i < vt_config_get_envelope_reasons (config)->len; i++)
    g_ptr_array_add (words, g_strdup (((VtEnvelopeReason *)g_ptr_array_index (
                                         vt_config_get_envelope_reasons (config), i))->id));
  for (guint i = 0; i < vt_config_get_checklist (config)->len; i++)
    g_ptr_array_add (words, g_strdup (((VtCheck *)g_ptr_array_index (
                                         vt_config_get_checklist (config), i))->id));
  for (guint i = 0; i < vt_config_get_people (config)->len; i++)
    g_ptr_array_add (words, g_strdup (((VtPerson *)g_ptr_array_index (
                                         vt_config_get_people (config), i))->id));
  /* English words the field messages used to carry. */
  g_ptr_array_add (words, g_strdup ("document"));
  g_ptr_array_add (words, g_strdup ("copy"));
  g_ptr_array_add (words, g_strdup ("som gir kommandoen"));
  /* The pile ids a count names besides the party lists. */
  g_ptr_array_add (words, g_strdup ("approved"));
  g_ptr_array_add (words, g_strdup ("doubtful"));
  return words;
}

/* Every leak found, so that one run names them all. */
static GPtrArray *leaks;

static void
assert_no_leaks (void)
{
  for (guint i = 0; i < leaks->len; i++)
    g_printerr ("%s\n", (const char *)g_ptr_array_index (leaks, i));
  g_assert_cmpuint (leaks->len, ==, 0);
}

static void
assert_no_id (const char *text,
              GPtrArray  *words,
              const char *where)
{
  g_test_message ("%s: %s", where, text);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      g_autofree char *escaped = g_regex_escape_string (word, -1);
      /* A whole word: "urn" is not in "urne", "strip" not in "stripe". */
      g_autofree char *pattern = g_strdup_printf ("(^|[^\\w-])%s($|[^\\w-])", escaped);

      if (g_regex_match_simple (pattern, text, G_REGEX_CASELESS, 0))
        {
          g_ptr_array_add (leaks, g_strdup_printf ("%s: “%s” holds the id “%s”", where, text,
                                                   word));
          return;
        }
    }
}

/* A value for @field that the configuration knows, or the first choice. */
static JsonNode *
sample_value (const VtField *field,
              VtConfig      *config,
              const char    *choice)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (field->type)
    {
    case VT_FIELD_TEXT:
      json_node_set_string (node, "Noe skjedde");
      break;
    case VT_FIELD_PERSON:
      json_node_set_string (node, vt_config_get_chair (config)->id);
      break;
    case VT_FIELD_TABLE:
      json_node_set_string (node, ((VtRollTable *)g_ptr_array_index (
                                     vt_config_get_tables (config), 0))->id);
      break;
    case VT_FIELD_CONTEST:
      json_node_set_string (node, ((VtContest *)g_ptr_array_index (
                                     vt_config_get_contests (config), 0))->id);
      break;
    case VT_FIELD_PILE:
      json_node_set_string (node, "doubtful");
      break;
    case VT_FIELD_REASON:
      json_node_set_string (node, ((VtEnvelopeReason *)g_ptr_array_index (
                                     vt_config_get_envelope_reasons (config), 0))->id);
      break;
    case VT_FIELD_CHECK:
      json_node_set_string (node, ((VtCheck *)g_ptr_array_index (
                                     vt_config_get_checklist (config), 0))->id);
      break;
    case VT_FIELD_URN:
      json_node_set_string (node, "U1");
      break;
    case VT_FIELD_STRIP:
      json_node_set_int (node, 1001);
      break;
    case VT_FIELD_COUNT:
      json_node_set_int (node, 3);
      break;
    case VT_FIELD_DAY:
    case VT_FIELD_ENTRY:
      json_node_set_int (node, 1);
      break;
    case VT_FIELD_BOOL:
      json_node_set_boolean (node, TRUE);
      break;
    case VT_FIELD_CHOICE:
      if (choice != NULL)
        json_node_set_string (node, choice);
      else
        {
          g_auto(GStrv) choices = g_strsplit (field->choices, "|", 2);
          json_node_set_string (node, choices[0]);
        }
      break;
    case VT_FIELD_TABLE_COUNTS:
    case VT_FIELD_CHANGES:
      {
        JsonObject *object = json_object_new ();
        json_node_free (node);
        node = json_node_new (JSON_NODE_OBJECT);
        if (field->type == VT_FIELD_CHANGES)
          {
            json_object_set_int_member (object, "count", 40);
            json_object_set_string_member (object, "reason",
                                           ((VtEnvelopeReason *)g_ptr_array_index (
                                              vt_config_get_envelope_reasons (config), 0))->id);
          }
        else
          json_object_set_int_member (object, ((VtRollTable *)g_ptr_array_index (
                                                 vt_config_get_tables (config), 0))->id, 10);
        json_node_take_object (node, object);
      }
      break;
    case VT_FIELD_ENTRIES:
    case VT_FIELD_STROKES:
    case VT_FIELD_ITEMS:
      {
        JsonArray *array = json_array_new ();
        json_node_free (node);
        node = json_node_new (JSON_NODE_ARRAY);
        if (field->type == VT_FIELD_ENTRIES)
          json_array_add_int_element (array, 1);
        else if (field->type == VT_FIELD_ITEMS)
          {
            JsonObject *item = json_object_new ();
            json_object_set_int_member (item, "entry", 1);
            json_object_set_int_member (item, "count", 1);
            json_array_add_object_element (array, item);
          }
        else
          {
            JsonArray *stroke = json_array_new ();
            json_array_add_double_element (stroke, 0.1);
            json_array_add_double_element (stroke, 0.2);
            json_array_add_array_element (array, stroke);
          }
        json_node_take_array (node, array);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return node;
}

/* One entry of every kind, with every choice of its choice fields: the log line names things
 * in the station's language, taken from the session's language or (@scoped) from the catalogue
 * compiled into the program, as documents are drawn. */
static void
test_every_kind_summarised (gconstpointer scoped)
{
  g_auto(VtLanguageScope) scope = vt_language_scope (GPOINTER_TO_INT (scoped)
                                                     ? g_getenv ("LANGUAGE") : NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_new_training (&error);
  g_autoptr(GPtrArray) words = NULL;
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);

  g_assert_no_error (error);
  words = forbidden_words (config);
  for (guint i = 0; i < n_kinds; i++)
    {
      const VtEntryKind *kind = &kinds[i];
      g_auto(GStrv) choices = NULL;
      const VtField *choice_field = NULL;

      for (guint f = 0; f < VT_MAX_FIELDS && kind->fields[f].name != NULL; f++)
        if (kind->fields[f].type == VT_FIELD_CHOICE)
          choice_field = &kind->fields[f];
      choices = choice_field != NULL ? g_strsplit (choice_field->choices, "|", -1)
                                     : g_strsplit ("", "|", -1);

      for (guint c = 0; c == 0 || choices[c] != NULL; c++)
        {
          g_autoptr(JsonObject) payload = json_object_new ();
          g_autofree char *summary = NULL;
          g_autofree char *where = g_strdup_printf ("%s %s", kind->id,
                                                    choices[c] != NULL ? choices[c] : "");

          for (guint f = 0; f < VT_MAX_FIELDS && kind->fields[f].name != NULL; f++)
            json_object_set_member (payload, kind->fields[f].name,
                                    sample_value (&kind->fields[f], config, choices[c]));
          if (g_str_equal (kind->id, VT_ENTRY_REFUSED))
            json_object_set_string_member (payload, "tried", "urn.open");
          summary = vt_entry_kind_summarise (kind, config, payload);
          g_assert_nonnull (summary);
          assert_no_id (summary, words, where);
          assert_no_id (vt_entry_kind_get_name (kind), words, kind->id);
          if (choices[c] == NULL)
            break;
        }
    }
  assert_no_leaks ();
}

/* A field a command got wrong is named in words, not by its id. */
static void
test_field_messages (void)
{
  g_autoptr(GError) load_error = NULL;
  g_autoptr(VtConfig) config = vt_config_new_training (&load_error);
  g_autoptr(GPtrArray) words = NULL;
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);

  g_assert_no_error (load_error);
  words = forbidden_words (config);
  for (guint i = 0; i < n_kinds; i++)
    for (guint f = 0; f < VT_MAX_FIELDS && kinds[i].fields[f].name != NULL; f++)
      {
        const VtField *field = &kinds[i].fields[f];
        g_autoptr(JsonObject) missing = json_object_new ();
        g_autoptr(JsonObject) wrong = json_object_new ();
        g_autoptr(GError) error = NULL;

        /* Everything but this field, which is missing, then of the wrong type. */
        for (guint g = 0; g < VT_MAX_FIELDS && kinds[i].fields[g].name != NULL; g++)
          if (g != f)
            {
              json_object_set_member (missing, kinds[i].fields[g].name,
                                      sample_value (&kinds[i].fields[g], config, NULL));
              json_object_set_member (wrong, kinds[i].fields[g].name,
                                      sample_value (&kinds[i].fields[g], config, NULL));
            }
        if (field->required)
          {
            g_autofree char *where = g_strdup_printf ("%s missing %s", kinds[i].id, field->name);
            g_assert_false (vt_command_validate_fields (&kinds[i], config, missing, 10, &error));
            assert_no_id (error->message, words, where);
            g_clear_error (&error);
          }
        {
          g_autofree char *where = g_strdup_printf ("%s wrong %s", kinds[i].id, field->name);
          /* A list where every field wants something else. */
          JsonNode *bad = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (bad, json_array_new ());
          if (field->type == VT_FIELD_ENTRIES || field->type == VT_FIELD_STROKES ||
              field->type == VT_FIELD_ITEMS)
            {
              json_node_free (bad);
              bad = json_node_new (JSON_NODE_VALUE);
              json_node_set_string (bad, "zzz");
            }
          json_object_set_member (wrong, field->name, bad);
          g_assert_false (vt_command_validate_fields (&kinds[i], config, wrong, 10, &error));
          assert_no_id (error->message, words, where);
        }
      }
  /* A field the kind does not have. */
  {
    g_autoptr(JsonObject) payload = json_object_new ();
    g_autoptr(GError) error = NULL;

    json_object_set_string_member (payload, "text", "Noe skjedde");
    json_object_set_string_member (payload, "colour", "blå");
    g_assert_false (vt_command_validate_fields (vt_entry_kind_lookup (VT_ENTRY_NOTE), config,
                                                payload, 10, &error));
    assert_no_id (error->message, words, "note colour");
  }
  assert_no_leaks ();
}

/* The training election in the language of the session. */
static void
test_training_election_language (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = vt_config_new_training (&error);
  GPtrArray *reasons;
  g_autoptr(GString) all = g_string_new (NULL);

  g_assert_no_error (error);
  reasons = vt_config_get_envelope_reasons (config);
  for (guint i = 0; i < reasons->len; i++)
    g_string_append_printf (all, "%s\n", ((VtEnvelopeReason *)g_ptr_array_index (reasons,
                                                                                  i))->label);
  for (guint i = 0; i < vt_config_get_checklist (config)->len; i++)
    g_string_append_printf (all, "%s\n", ((VtCheck *)g_ptr_array_index (
                                            vt_config_get_checklist (config), i))->text);
  g_string_append_printf (all, "%s\n", vt_config_get_election_name (config));
  g_test_message ("%s", all->str);
  {
    g_autofree char *lower = g_utf8_strdown (all->str, -1);
    g_string_assign (all, lower);
  }

  if (g_str_has_prefix (language (), "nn"))
    {
      g_assert_nonnull (strstr (all->str, "øvingsval"));
      g_assert_null (strstr (all->str, "øvingsvalg"));
      g_assert_nonnull (strstr (all->str, "manntal"));
      g_assert_null (strstr (all->str, "manntall"));
      g_assert_null (strstr (all->str, "ikke"));
      g_assert_nonnull (strstr (all->str, "ikkje"));
    }
  else
    {
      g_assert_nonnull (strstr (all->str, "øvingsvalg"));
      g_assert_nonnull (strstr (all->str, "manntall"));
      g_assert_null (strstr (all->str, "ikkje"));
    }
}

/* A damaged station file is refused in the chair's language, sqlite's English left out. */
static void
test_damaged_file_message (void)
{
  StationFixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) again = NULL;
  static const int codes[] = { SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_IOERR, SQLITE_FULL,
                               SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_BUSY, SQLITE_ERROR };

  station_fixture_set_up (&fixture, VT_TEST_MUNICIPAL);
  g_clear_object (&fixture.station);
  vt_test_damage_table_page (fixture.path, "kind_count");
  again = vt_station_open (fixture.path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_null (strstr (error->message, sqlite3_errstr (codes[i])));
  g_assert_nonnull (strstr (error->message, g_str_equal (language (), "nn") ? "skadd" : "skadet"));
  g_clear_error (&error);

  /* cut short, as a copy broken off: sqlite's reason is given, in Norwegian */
  {
    g_autofree char *bytes = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (fixture.path, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (fixture.path, bytes, (gssize)(length / 3), NULL));
  }
  again = vt_station_open (fixture.path, &error);
  g_assert_null (again);
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_null (strstr (error->message, sqlite3_errstr (codes[i])));
  g_assert_nonnull (strstr (error->message, g_str_equal (language (), "nn") ? "innhaldet er skadd"
                                                                           : "innholdet er skadet"));
  station_fixture_tear_down (&fixture, VT_TEST_MUNICIPAL);
}

int
main (int   argc,
      char *argv[])
{
  g_assert_nonnull (g_getenv ("LANGUAGE"));
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  /* As main () does, but with the catalogues of this build tree. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, VT_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  leaks = g_ptr_array_new_with_free_func (g_free);

  g_test_add_data_func ("/i18n-core/every-kind-summarised-without-ids", GINT_TO_POINTER (FALSE),
                        test_every_kind_summarised);
  g_test_add_data_func ("/i18n-core/every-kind-summarised-in-the-document-language",
                        GINT_TO_POINTER (TRUE), test_every_kind_summarised);
  g_test_add_func ("/i18n-core/field-messages-without-ids", test_field_messages);
  g_test_add_func ("/i18n-core/damaged-file-refused-in-the-chairs-language",
                   test_damaged_file_message);
  g_test_add_func ("/i18n-core/training-election-in-the-session-language",
                   test_training_election_language);
  return g_test_run ();
}
