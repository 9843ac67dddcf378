/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "vt-documents.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-export.h"
#include "vt-kind-ids.h"
#include "vt-role.h"
#include "vt-staff-import.h"
#include "vt-station.h"
#include "vt-store.h"
#include "vt-test-util.h"

/* A staff list in: the municipality's CSV, as spreadsheets write it, becomes person.add
 * entries in the journal, all or none; every bad line is named with its number; the people
 * added are the station's people from then on, after reopening too. */

static char *
staff_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "staff", name, NULL);
}

static char *
write_csv (StationFixture *fixture,
           const char     *name,
           const char     *data,
           gssize          length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static gint64
n_entries (StationFixture *fixture)
{
  return vt_store_get_n_entries (vt_station_get_store (fixture->station));
}

static gint64
n_added (StationFixture *fixture)
{
  return vt_store_count_kind (vt_station_get_store (fixture->station), VT_KIND_PERSON_ADD);
}

static const VtPerson *
person_named (VtConfig   *config,
              const char *name)
{
  GPtrArray *people = vt_config_get_people (config);

  for (guint i = 0; i < people->len; i++)
    if (g_str_equal (((VtPerson *)g_ptr_array_index (people, i))->name, name))
      return g_ptr_array_index (people, i);
  return NULL;
}

/* Imports @csv, which must be refused; returns the problems as "Line N: …" lines. */
static char *
import_refused (StationFixture *fixture,
                const char     *csv,
                gssize          length)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_csv (fixture, "bad.csv", csv, length);
  g_autoptr(GString) lines = g_string_new (NULL);
  gint64 before = n_entries (fixture);

  g_assert_false (vt_staff_import (fixture->station, path, &report, &error));
  g_assert_error (error, VT_STAFF_IMPORT_ERROR, VT_STAFF_IMPORT_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Nothing was added"));
  for (guint i = 0; i < report.problems->len; i++)
    {
      g_autofree char *text = vt_staff_problem_dup_text (g_ptr_array_index (report.problems, i));
      g_string_append_printf (lines, "%s\n", text);
    }
  g_test_message ("%s", lines->str);
  /* Nothing of a refused file is written, not even one entry. */
  g_assert_cmpint (n_entries (fixture), ==, before);
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not in:\n%s", needle, text);
}

/* ---- the roles ------------------------------------------------------------------------- */

static void
test_roles_choices (void)
{
  g_auto(GStrv) choices = g_strsplit (VT_ROLE_CHOICES, "|", -1);
  VtRole role;

  g_assert_cmpuint (g_strv_length (choices), ==, VT_N_ROLES);
  for (guint i = 0; i < VT_N_ROLES; i++)
    g_assert_cmpstr (choices[i], ==, vt_role_to_string (i));

  g_assert_true (vt_role_from_word (" Leder ", &role) && role == VT_ROLE_LEDER);
  g_assert_true (vt_role_from_word ("leiar", &role) && role == VT_ROLE_LEDER);
  g_assert_true (vt_role_from_word ("Nestleiar", &role) && role == VT_ROLE_NESTLEDER);
  g_assert_true (vt_role_from_word ("MEDLEM", &role) && role == VT_ROLE_MEDLEM);
  g_assert_true (vt_role_from_word ("valmedarbeidar", &role) && role == VT_ROLE_VALGMEDARBEIDER);
  g_assert_true (vt_role_from_word ("vakt", &role) && role == VT_ROLE_UTEVAKT);
  g_assert_true (vt_role_from_word ("Inspektør", &role) && role == VT_ROLE_INSPEKTOR);
  g_assert_false (vt_role_from_word ("kokk", &role));
}

/* ---- reading --------------------------------------------------------------------------- */

static void
test_import_example (StationFixture *fixture,
                     gconstpointer   data)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = staff_file ("stab-eksempel.csv");
  gint64 before = n_entries (fixture);
  const VtPerson *kristin;

  if (!vt_staff_import (fixture->station, path, &report, &error))
    g_error ("%s", error->message);
  g_assert_cmpstr (report.encoding, ==, "UTF-8");
  g_assert_cmpint (report.separator, ==, ';');
  g_assert_cmpuint (report.n_people, ==, 6);
  /* The chair, Hanne Eksempel, is the configuration's already. */
  g_assert_cmpuint (report.n_already, ==, 1);
  g_assert_cmpuint (report.n_added, ==, 5);
  g_assert_cmpint (n_entries (fixture), ==, before + 5);

  /* A quoted name with the separator's neighbour in it, a rode and a shift. */
  kristin = person_named (vt_station_get_config (fixture->station), "Dahl, Kristin");
  g_assert_nonnull (kristin);
  g_assert_cmpint (kristin->role, ==, VT_ROLE_AVKRYSSER);
  g_assert_cmpstr (kristin->table, ==, "2");
  g_assert_cmpstr (kristin->shift, ==, "14:00–21:30");
  g_assert_cmpint (person_named (vt_station_get_config (fixture->station), "Pål Vaktstad")->role,
                   ==, VT_ROLE_UTEVAKT);

  /* They are the station's people: one arrives and signs the declaration. */
  vt_test_do_printf (fixture, VT_KIND_PERSON_ARRIVE, "{\"person\": \"%s\"}", kristin->id);
  vt_test_do_printf (fixture, VT_KIND_PERSON_DECLARATION, "{\"person\": \"%s\"}", kristin->id);
}

/* Importing the same list again adds nobody twice. */
static void
test_import_twice (StationFixture *fixture,
                   gconstpointer   data)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = staff_file ("stab-nynorsk.csv");
  gint64 after_first;

  g_assert_true (vt_staff_import (fixture->station, path, &report, &error));
  g_assert_cmpuint (report.n_added, ==, 4);
  after_first = n_entries (fixture);
  g_assert_true (vt_staff_import (fixture->station, path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_added, ==, 0);
  g_assert_cmpuint (report.n_already, ==, 4);
  g_assert_cmpint (n_entries (fixture), ==, after_first);
  g_assert_cmpint (person_named (vt_station_get_config (fixture->station),
                                 "Torstein Haugland")->role, ==,
                   VT_ROLE_FREMMEDSTEMMEMOTTAKER);
}

static void
test_windows_1252 (StationFixture *fixture,
                   gconstpointer   data)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = staff_file ("stab-windows-1252.csv");
  g_autofree char *bytes = NULL;
  VtConfig *config = vt_station_get_config (fixture->station);

  /* The shipped file is what Excel writes: not UTF-8, "Æ" as the one byte 0xC6. */
  g_assert_true (g_file_get_contents (path, &bytes, NULL, NULL));
  g_assert_false (g_utf8_validate (bytes, -1, NULL));
  g_assert_nonnull (strchr (bytes, '\xc6'));

  if (!vt_staff_import (fixture->station, path, &report, &error))
    g_error ("%s", error->message);
  g_assert_cmpstr (report.encoding, ==, "Windows-1252");
  g_assert_cmpint (report.separator, ==, ',');
  g_assert_cmpuint (report.n_added, ==, 3);
  g_assert_nonnull (person_named (config, "Ærlend Åsheim"));
  g_assert_nonnull (person_named (config, "Øydis Bø"));
  g_assert_cmpstr (person_named (config, "Øydis Bø")->shift, ==, "ettermiddag");
  /* The id is made from the name: "æ" as "ae", "ø" and "å" as their vowels. */
  g_assert_cmpstr (person_named (config, "Ærlend Åsheim")->id, ==, "aerlend-asheim");
}

/* A BOM, CRLF, a quoted field holding the separator, a quote and a line break. */
static void
test_bom_crlf_quotes (StationFixture *fixture,
                      gconstpointer   data)
{
  static const char csv[] = "\xef\xbb\xbfNavn;Rolle;Skift\r\n"
                            "\"Berg; Ida \"\"Idda\"\"\";vert;\"08:00\r\n–14:00\"\r\n"
                            "Jon Li;stempler;\r\n";
  g_autofree char *path = write_csv (fixture, "bom.csv", csv, -1);
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  const VtPerson *ida;

  if (!vt_staff_import (fixture->station, path, &report, &error))
    g_error ("%s", error->message);
  g_assert_cmpuint (report.n_added, ==, 2);
  ida = person_named (vt_station_get_config (fixture->station), "Berg; Ida \"Idda\"");
  g_assert_nonnull (ida);
  g_assert_cmpstr (ida->shift, ==, "08:00\r\n–14:00");
  g_assert_nonnull (person_named (vt_station_get_config (fixture->station), "Jon Li"));
}

/* The same people whatever the order of the columns and the language of the header. */
static void
test_header_order (StationFixture *fixture,
                   gconstpointer   data)
{
  static const char *files[] = {
    "navn;rolle;rode;skift\nEva Li;avkrysser;3;tidlig\nOla Ås;vert;;sein\n",
    "skift,rode,role,name\ntidlig,3,avkrysser,Eva Li\nsein,,vert,Ola Ås\n",
    "Rolle;Skift;Namn;Rode\navkryssar;tidlig;Eva Li;Kk–Ri\nvert;sein;Ola Ås;\n",
  };
  g_autofree char *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_auto(VtStaffImportReport) report = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) payloads = vt_staff_list_read (files[i], strlen (files[i]),
                                                          vt_station_get_config (fixture->station),
                                                          &report, &error);
      g_autoptr(GString) all = g_string_new (NULL);

      g_assert_no_error (error);
      g_assert_cmpuint (payloads->len, ==, 2);
      for (guint p = 0; p < payloads->len; p++)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          g_autofree char *text = NULL;

          json_node_set_object (node, g_ptr_array_index (payloads, p));
          text = json_to_string (node, FALSE);
          g_string_append_printf (all, "%s\n", text);
        }
      if (first == NULL)
        {
          first = g_strdup (all->str);
          assert_has (first, "\"person\":\"eva-li\",\"name\":\"Eva Li\",\"role\":\"avkrysser\","
                             "\"table\":\"3\",\"shift\":\"tidlig\"");
        }
      else
        g_assert_cmpstr (all->str, ==, first);
    }
}

/* ---- refusing ------------------------------------------------------------------------- */

/* Every kind of bad line, each named by its number with what to do. */
static void
test_bad_lines (StationFixture *fixture,
                gconstpointer   data)
{
  static const char csv[] =
    "navn;rolle;rode\n"                       /* 1 */
    "Kari Li;avkrysser;1\n"                   /* 2: fine */
    ";medlem;\n"                              /* 3: no name */
    "Per Kokk;kokk;\n"                        /* 4: unknown role */
    "Ida Berg 01010112345;vert;\n"            /* 5: identity number */
    "Tor Tlf;vert 912 34 567;\n"              /* 6: phone */
    "Liv Mail;liv@example.no;\n"              /* 7: e-mail */
    "Ole Mange;vert;1;ekstra\n"               /* 8: wrong column count */
    "Bo Rode;vert;9\n"                        /* 9: unknown rode */
    "Ane Tom;;\n"                             /* 10: no role */
    "kari li;vert;\n"                         /* 11: listed twice */
    "Siri Prøve;vert;\n"                      /* 12: on the staff in another role */
    "Nina Ny;leder;\n";                       /* 13: a second chair */
  g_autofree char *lines = import_refused (fixture, csv, -1);

  g_assert_null (strstr (lines, "Line 2:"));
  assert_has (lines, "Line 3: there is no name; write the person's name, or delete the line.");
  assert_has (lines, "Line 4: the role “kokk” is not one Valgting knows; write one of: leder, "
                     "nestleder, medlem");
  assert_has (lines, "Line 5: the column “navn” holds an identity number (11 digits). Valgting "
                     "takes in no identity numbers: remove it from the file.");
  assert_has (lines, "Line 6: the column “rolle” holds a phone number. Valgting takes in no "
                     "phone numbers");
  assert_has (lines, "Line 7: the column “rolle” holds an e-mail address. Valgting takes in no "
                     "e-mail addresses");
  assert_has (lines, "Line 8: the line has 4 fields, the header has 3.");
  assert_has (lines, "Line 9: the rode “9” is not one of this station's: 1 (A–Fj), 2 (Fk–Kj)");
  assert_has (lines, "Line 10: there is no role; write one of:");
  assert_has (lines, "Line 11: kari li is already on line 2; a person is listed once.");
  assert_has (lines, "Line 12: Siri Prøve is already among the station's people, as Board "
                     "member.");
  assert_has (lines, "Line 13: the board already has its chair, Hanne Eksempel, and has only "
                     "one.");
  g_assert_cmpint (n_added (fixture), ==, 0);
}

/* One bad line among good ones: the good ones are not added either. */
static void
test_one_bad_line_adds_nothing (StationFixture *fixture,
                                gconstpointer   data)
{
  g_autofree char *lines = import_refused (fixture,
                                           "navn;rolle\nA Li;vert\nB Li;vert\nC Li;kokk\n"
                                           "D Li;vert\n", -1);

  g_assert_cmpstr (lines, ==, "Line 4: the role “kokk” is not one Valgting knows; write one "
                              "of: leder, nestleder, medlem, inspektor, avkrysser, stempler, "
                              "vert, utevakt, fremmedstemmemottaker, vaktmester, "
                              "kantinehjelper, valgmedarbeider (Nynorsk too: leiar, "
                              "nestleiar …).\n");
  g_assert_cmpint (n_added (fixture), ==, 0);
  g_assert_null (person_named (vt_station_get_config (fixture->station), "A Li"));
}

static void
test_bad_encoding (StationFixture *fixture,
                   gconstpointer   data)
{
  /* 0x81 is no character in Windows-1252, and the file is not UTF-8 either. */
  g_autofree char *lines = import_refused (fixture, "navn;rolle\nAa Li;vert\nB\x81 Li;vert\n",
                                           -1);
  g_autofree char *utf16 = NULL;

  assert_has (lines, "Line 3: the line has characters that can be read neither as UTF-8 nor as "
                     "Windows-1252");
  utf16 = import_refused (fixture, "\xff\xfen\0a\0v\0n\0", 10);
  assert_has (utf16, "Line 1: the file is saved as UTF-16");
}

/* A column for personal data refuses the file, even when it is empty. */
static void
test_personal_columns (StationFixture *fixture,
                       gconstpointer   data)
{
  g_autofree char *phone = import_refused (fixture, "navn;rolle;Telefon\nA Li;vert;\n", -1);
  g_autofree char *fnr = import_refused (fixture, "Fødselsnummer,navn,rolle\n,A Li,vert\n", -1);
  g_autofree char *mail = import_refused (fixture, "navn;e-post;rolle\nA Li;;vert\n", -1);
  /* Anywhere in the file: a column Valgting does not read is checked too. */
  g_autofree char *other = import_refused (fixture, "navn;rolle;merknad\nA Li;vert;ring "
                                                    "41234567\n", -1);

  assert_has (phone, "Line 1: the column “Telefon” is for phone numbers. Valgting takes in no "
                     "phone numbers: remove that column from the file.");
  assert_has (fnr, "Line 1: the column “Fødselsnummer” is for identity numbers.");
  assert_has (mail, "Line 1: the column “e-post” is for e-mail addresses.");
  assert_has (other, "Line 2: the column “merknad” holds a phone number.");
}

static void
test_no_header (StationFixture *fixture,
                gconstpointer   data)
{
  g_autofree char *lines = import_refused (fixture, "Kari Li;vert\nOla Li;vert\n", -1);

  assert_has (lines, "Line 1: the first line names no column for the name.");
}

/* ---- the journal ----------------------------------------------------------------------- */

/* Only in the setup phase: once the opening checks begin, the station refuses the list. */
static void
test_not_after_setup (StationFixture *fixture,
                      gconstpointer   data)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = staff_file ("stab-nynorsk.csv");
  gint64 before;

  vt_test_do (fixture, VT_KIND_CHECK_DONE, vt_test_chair (fixture), "{\"check\": \"phone\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_OPENING);
  g_assert_false (vt_station_allows_now (fixture->station, VT_KIND_PERSON_ADD));
  before = n_entries (fixture);

  g_assert_false (vt_staff_import (fixture->station, path, &report, &error));
  g_assert_error (error, VT_RULE_ERROR, VT_RULE_ERROR_WRONG_PHASE);
  /* The refusal is logged, as every refused command is; no one is added. */
  g_assert_cmpint (n_entries (fixture), ==, before + 1);
  g_assert_cmpint (n_added (fixture), ==, 0);
  g_assert_null (person_named (vt_station_get_config (fixture->station), "Gunnhild Årdal"));
}

static JsonObject *
payload (const char *id,
         const char *name,
         const char *role)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "person", id);
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "role", role);
  return object;
}

/* The rule, whoever gives person.add: a duplicate (by id or by name, also earlier in the
 * same list) or a second chair is refused, and a list the rules refuse adds no one. */
static void
test_rule_refuses_duplicates (StationFixture *fixture,
                              gconstpointer   data)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *msg = NULL;
  gint64 before;

  msg = vt_test_refused (fixture, VT_KIND_PERSON_ADD, vt_test_chair (fixture),
                         "{\"person\": \"x-1\", \"name\": \"siri  prøve\", \"role\": \"vert\"}",
                         "person.duplicate");
  g_clear_pointer (&msg, g_free);
  msg = vt_test_refused (fixture, VT_KIND_PERSON_ADD, vt_test_chair (fixture),
                         "{\"person\": \"siri-prove\", \"name\": \"Siri Ny\", \"role\": \"vert\"}",
                         "person.duplicate-id");
  g_clear_pointer (&msg, g_free);
  msg = vt_test_refused (fixture, VT_KIND_PERSON_ADD, vt_test_chair (fixture),
                         "{\"person\": \"ny-leder\", \"name\": \"Ny Leder\", \"role\": \"leder\"}",
                         "person.role-taken");

  /* The third of a list repeats the first: the rule sees the list's own earlier entries,
   * and nothing of the list is written. */
  g_ptr_array_add (list, payload ("a-li", "A Li", "vert"));
  g_ptr_array_add (list, payload ("b-li", "B Li", "vert"));
  g_ptr_array_add (list, payload ("a-li-2", "A Li", "stempler"));
  before = n_entries (fixture);
  entries = vt_station_execute_all (fixture->station, "list-1", VT_KIND_PERSON_ADD,
                                    vt_test_chair (fixture), list, &error);
  g_assert_null (entries);
  g_assert_error (error, VT_RULE_ERROR, VT_RULE_ERROR_FORBIDDEN);
  g_assert_cmpint (n_entries (fixture), ==, before + 1); /* the refusal alone */
  g_assert_cmpint (n_added (fixture), ==, 0);
  g_assert_null (vt_config_find_person (vt_station_get_config (fixture->station), "a-li"));

  /* Without the repeat, the list is written whole, and a retry returns the same entries. */
  g_ptr_array_remove_index (list, 2);
  g_clear_error (&error);
  entries = vt_station_execute_all (fixture->station, "list-2", VT_KIND_PERSON_ADD,
                                    vt_test_chair (fixture), list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = vt_station_execute_all (fixture->station, "list-2", VT_KIND_PERSON_ADD,
                                    vt_test_chair (fixture), list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (n_added (fixture), ==, 2);
}

/* The people added are the station's after it is closed and opened again. */
static void
test_reopen (StationFixture *fixture,
             gconstpointer   data)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = staff_file ("stab-eksempel.csv");
  g_autoptr(VtStation) reopened = NULL;
  const VtPerson *bjorn;

  g_assert_true (vt_staff_import (fixture->station, path, &report, &error));
  g_clear_object (&fixture->station);

  reopened = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  bjorn = person_named (vt_station_get_config (reopened), "Bjørn Ærlig");
  g_assert_nonnull (bjorn);
  g_assert_cmpint (bjorn->role, ==, VT_ROLE_VALGMEDARBEIDER);
  g_assert_cmpstr (bjorn->table, ==, "1");
  g_assert_cmpint (bjorn->added_seq, >, 1);
  fixture->station = g_steal_pointer (&reopened);
  vt_station_set_message_language (fixture->station, "C");
}

/* The protocol's staff annex lists them as it lists the configuration's people. */
static void
test_protocol_staff_annex (StationFixture *fixture,
                           gconstpointer   data)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = staff_file ("stab-eksempel.csv");
  g_autoptr(VtDoc) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  gboolean found = FALSE;

  g_assert_true (vt_staff_import (fixture->station, path, &report, &error));
  doc = vt_document_build_in (fixture->station, VT_DOCUMENT_PROTOCOL, 0, "nb");
  pdf = vt_doc_to_pdf (doc, &error);
  g_assert_no_error (error);
  pages = vt_test_pdf_page_texts (pdf);
  for (guint i = 0; i < pages->len; i++)
    {
      const char *text = g_ptr_array_index (pages, i);
      const char *annex = strstr (text, "Vedlegg 3: Bemanning");

      if (annex == NULL)
        continue;
      found = TRUE;
      assert_has (annex, "Dahl, Kristin");
      assert_has (annex, "Pål Vaktstad");
      assert_has (annex, "Hanne Eksempel");
    }
  g_assert_true (found);
}

/* ---- the command line ------------------------------------------------------------------ */

static int
run_valgting (const char * const *args,
              char              **err_out)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *envp_add[] = { "LANGUAGE=C", "LC_ALL=C.UTF-8", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  int status = 0;

  for (guint i = 0; envp_add[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (envp_add[i], "=", 2);
      envp = g_environ_setenv (envp, kv[0], kv[1], TRUE);
    }
  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer)binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* CSV in → journal → valgting export log: the people are in the log, in the chain. */
static void
test_cli_round_trip (StationFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *csv = staff_file ("stab-windows-1252.csv");
  g_autofree char *bad = write_csv (fixture, "bad.csv", "navn;rolle\nA Li;kokk\n", -1);
  g_autofree char *log = g_build_filename (fixture->dir, "log.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  gint64 before;

  /* The window's station is closed: the command line opens the file itself. */
  g_clear_object (&fixture->station);

  g_assert_cmpint (run_valgting ((const char *[]) { "import-staff", fixture->path, bad, NULL },
                                 &err), ==, 1);
  assert_has (err, "Line 2: the role “kokk” is not one Valgting knows");
  g_assert_cmpint (run_valgting ((const char *[]) { "import-staff", fixture->path, csv, NULL },
                                 NULL), ==, 0);
  g_assert_cmpint (run_valgting ((const char *[]) { "export", "log", fixture->path, "-o", log,
                                                    NULL }, NULL), ==, 0);
  g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
  assert_has (text, ",person.add,");
  assert_has (text, "Ærlend Åsheim");
  /* The summary in the station's language (Bokmål) */
  assert_has (text, "Øydis Bø (Vert), ");
  assert_has (text, " ettermiddag\"");
  assert_has (text, "\"\"role\"\":\"\"medlem\"\"");

  fixture->station = vt_station_open (fixture->path, NULL);
  g_assert_nonnull (fixture->station);
  vt_station_set_message_language (fixture->station, "C");
  before = n_added (fixture);
  g_assert_cmpint (before, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StationFixture, NULL, station_fixture_set_up, func, \
              station_fixture_tear_down)

  g_test_add_func ("/staff/roles/choices-and-words", test_roles_choices);
  ADD ("/staff/import/example-list", test_import_example);
  ADD ("/staff/import/twice-adds-nobody-twice", test_import_twice);
  ADD ("/staff/import/windows-1252", test_windows_1252);
  ADD ("/staff/import/bom-crlf-and-quotes", test_bom_crlf_quotes);
  ADD ("/staff/import/header-order-does-not-matter", test_header_order);
  ADD ("/staff/refuse/every-bad-line-named", test_bad_lines);
  ADD ("/staff/refuse/one-bad-line-adds-nothing", test_one_bad_line_adds_nothing);
  ADD ("/staff/refuse/bad-encoding", test_bad_encoding);
  ADD ("/staff/refuse/personal-data-columns", test_personal_columns);
  ADD ("/staff/refuse/no-header", test_no_header);
  ADD ("/staff/journal/only-in-setup", test_not_after_setup);
  ADD ("/staff/journal/rule-refuses-duplicates", test_rule_refuses_duplicates);
  ADD ("/staff/journal/people-stay-after-reopening", test_reopen);
  ADD ("/staff/journal/protocol-staff-annex-lists-them", test_protocol_staff_annex);
  ADD ("/staff/cli/csv-in-export-log-out", test_cli_round_trip);

  return g_test_run ();
}
