/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "vt-debrief-doc.h"
#include "vt-debrief.h"
#include "vt-i18n.h"
#include "vt-test-training.h"
#include "vt-test-util.h"

/* The debrief as a document (vt-debrief-doc.h), read back from the PDF as a trainer reads it:
 * each mistake and each missed step named with its time, ØVING on every page, and a classroom
 * that counts its trainees' mistakes right, from the API and from `valgting debrief`. The
 * trainees' stations are the library's sessions replayed, whole or changed. */

/* poppler-glib 22 has no autoptr for its document. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)

#define SEAL_TASK "Forsegl urne U2 på nytt"
#define CHECK_TASK "Kryss av at manntall"

static VtDebrief *
debrief (VtScenario *scenario,
         const char *station)
{
  g_autoptr(GError) error = NULL;
  VtDebrief *result = vt_debrief_new (scenario, station, &error);

  g_assert_no_error (error);
  return result;
}

static PopplerDocument *
read_pdf (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *pdf = poppler_document_new_from_bytes (bytes, NULL, &error);

  g_assert_no_error (error);
  return pdf;
}

static GBytes *
doc_bytes (VtDoc *doc)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = vt_doc_to_pdf (doc, &error);

  g_assert_no_error (error);
  return bytes;
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

/* Every page carries @mark: training said in words in the header (the diagonal mark is
 * outlines, not text). */
static void
assert_every_page (GBytes     *pdf,
                   const char *mark)
{
  g_autoptr(GPtrArray) pages = vt_test_pdf_page_texts (pdf);

  g_assert_cmpuint (pages->len, >, 0);
  for (guint i = 0; i < pages->len; i++)
    if (strstr (g_ptr_array_index (pages, i), mark) == NULL)
      g_error ("page %u has no \"%s\": %s", i + 1, mark, (char *)g_ptr_array_index (pages, i));
}

/* @needles one after the other on one line of the page (a table's row), the first the first
 * found after @start (or from the top when NULL). */
static void
assert_row_after (PopplerDocument    *pdf,
                  const char         *start,
                  const char * const *needles)
{
  guint page = 0;
  double top = -1, left = -1;
  guint row_page;
  double row_top;

  if (start != NULL && !vt_test_pdf_find_after (pdf, start, &page, &top, &left))
    g_error ("\"%s\" not found", start);
  if (!vt_test_pdf_find_after (pdf, needles[0], &page, &top, &left))
    g_error ("\"%s\" not found", needles[0]);
  row_page = page;
  row_top = top;
  for (guint i = 1; needles[i] != NULL; i++)
    {
      if (!vt_test_pdf_find_after (pdf, needles[i], &page, &top, &left))
        g_error ("\"%s\" not found after \"%s\"", needles[i], needles[i - 1]);
      if (page != row_page || top > row_top + 2.0 || top < row_top - 2.0)
        g_error ("\"%s\" is not on the row of \"%s\"", needles[i], needles[0]);
    }
}

static void
assert_row (PopplerDocument    *pdf,
            const char * const *needles)
{
  assert_row_after (pdf, NULL, needles);
}

/* One trainee, two sessions with mistakes: a step tried the wrong way (refused, and refused
 * again: another mistake), and a step done an hour late. */
static void
test_trainee (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("valgting-debrief-doc-XXXXXX", &error);
  g_autoptr(VtScenario) broken_seal = vt_test_training_load ("nb", "broken-seal.json");
  g_autoptr(VtScenario) quiet_opening = vt_test_training_load ("nb", "quiet-opening.json");

  g_assert_no_error (error);
  {
    g_autofree char *station = vt_test_training_station (tmp, "nb", "broken-seal.json", "kari",
                                                         vt_test_training_reuse_torn_strip);
    g_autoptr(VtDebrief) result = debrief (broken_seal, station);
    g_autoptr(VtDoc) doc = vt_debrief_doc_build (broken_seal, result, "Kari", "nb");
    g_autoptr(GBytes) bytes = doc_bytes (doc);
    g_autoptr(PopplerDocument) pdf = read_pdf (bytes);

    assert_every_page (bytes, "ØVING");
    /* The step done wrong: its task, the outcome with the rule, the time tried. */
    assert_row_after (pdf, "Bryt den", (const char *[]){ "12:37", SEAL_TASK, "strip.used", "12:37",
                                                     NULL });
    g_assert_true (vt_test_pdf_find_after (pdf, "Kari", &(guint){ 0 }, &(double){ -1 },
                                           &(double){ -1 }));
    /* The second refusal is another mistake, with its time and rule. */
    assert_row_after (pdf, vt_gettext ("Other mistakes"),
                      (const char *[]){ "12:37", "strip.used", NULL });
  }
  {
    g_autofree char *station = vt_test_training_station (tmp, "nb", "quiet-opening.json",
                                                         "ola",
                                                         vt_test_training_check_material_late);
    g_autoptr(VtDebrief) result = debrief (quiet_opening, station);
    g_autoptr(VtDoc) doc = vt_debrief_doc_build (quiet_opening, result, NULL, "nb");
    g_autoptr(GBytes) bytes = doc_bytes (doc);
    g_autoptr(PopplerDocument) pdf = read_pdf (bytes);

    assert_every_page (bytes, "ØVING");
    /* 08:45 for 07:45 within 15 minutes: 45 minutes late. */
    assert_row (pdf, (const char *[]){ "07:45", CHECK_TASK, "45 min", "08:45", NULL });
  }
  vt_test_remove_tree (tmp);
}

/* A classroom of three: the model answer, one who missed the new seal, one who tried the torn
 * seal's strip. */
typedef struct
{
  char       *dir;
  char       *stations[3];
  VtScenario *scenario;
} Classroom;

static void
classroom_make (Classroom *room)
{
  g_autoptr(GError) error = NULL;

  room->dir = g_dir_make_tmp ("valgting-classroom-XXXXXX", &error);
  g_assert_no_error (error);
  room->scenario = vt_test_training_load ("nb", "broken-seal.json");
  room->stations[0] = vt_test_training_station (room->dir, "nb", "broken-seal.json", "anna",
                                                NULL);
  room->stations[1] = vt_test_training_station (room->dir, "nb", "broken-seal.json", "bjorn",
                                                vt_test_training_drop_new_seal);
  room->stations[2] = vt_test_training_station (room->dir, "nb", "broken-seal.json", "cecilie",
                                                vt_test_training_reuse_torn_strip);
}

static void
classroom_clear (Classroom *room)
{
  vt_test_remove_tree (room->dir);
  g_free (room->dir);
  for (guint i = 0; i < 3; i++)
    g_free (room->stations[i]);
  vt_scenario_free (room->scenario);
}

/* "Missed: TASK" as the document words it (nb: the thread's language, see main ()). */
#define common(msgid, what) g_strdup_printf (vt_gettext (msgid), what)

/* The classroom's first page: one row per trainee with their counts, then the most common
 * mistakes, each made by one trainee. */
static void
assert_classroom (GBytes *bytes)
{
  g_autoptr(PopplerDocument) pdf = read_pdf (bytes);
  g_autoptr(GPtrArray) pages = vt_test_pdf_page_texts (bytes);

  assert_every_page (bytes, "ØVING");
  /* name, done, late, missed, wrong, other mistakes */
  assert_row (pdf, (const char *[]){ "anna-nb-broken-seal", "2", "0", "0", "0", "0", NULL });
  assert_row (pdf, (const char *[]){ "bjorn-nb-broken-seal", "1", "0", "1", "0", "0", NULL });
  assert_row (pdf, (const char *[]){ "cecilie-nb-broken-seal", "1", "0", "0", "1", "1", NULL });
  g_assert_true (poppler_document_get_n_pages (pdf) >= 4);
  /* Each trainee's own debrief from a new page. */
  g_assert_nonnull (strstr (g_ptr_array_index (pages, 1), "bjorn-nb-broken-seal")
                    ? g_ptr_array_index (pages, 1) : g_ptr_array_index (pages, 2));
  {
    const char *first = g_ptr_array_index (pages, 0);
    g_autofree char *missed = common ("Missed: %s", SEAL_TASK);
    g_autofree char *wrong = common ("Done wrong: %s", SEAL_TASK);
    g_autofree char *rule = common ("Refused by rule: %s", "strip.used");
    g_autofree char *late = common ("Late: %s", "");
    g_autofree char *missed_break = common ("Missed: %s", "Bryt");
    const char *heading = vt_gettext ("The most common mistakes");

    /* The most common mistakes, each with how many trainees: one each, and the model answer
     * made none. */
    g_assert_nonnull (strstr (first, missed));
    g_assert_nonnull (strstr (first, wrong));
    g_assert_nonnull (strstr (first, rule));
    g_assert_null (strstr (first, late));
    g_assert_null (strstr (first, missed_break));
    assert_row_after (pdf, heading, (const char *[]){ missed, "1", NULL });
    assert_row_after (pdf, heading, (const char *[]){ wrong, "1", NULL });
    assert_row_after (pdf, heading, (const char *[]){ rule, "1", NULL });
  }
}

static void
test_classroom_api (void)
{
  Classroom room = { 0 };
  VtDebrief *debriefs[3];
  char *names[3] = { NULL };

  classroom_make (&room);
  for (guint i = 0; i < 3; i++)
    {
      debriefs[i] = debrief (room.scenario, room.stations[i]);
      names[i] = vt_debrief_dup_trainee_name (room.stations[i]);
    }
  g_assert_cmpstr (names[1], ==, "bjorn-nb-broken-seal.json");
  g_assert_cmpuint (vt_debrief_count (debriefs[0], VT_DEBRIEF_DONE), ==, 2);
  g_assert_cmpuint (vt_debrief_count (debriefs[1], VT_DEBRIEF_MISSED), ==, 1);
  g_assert_cmpuint (vt_debrief_count (debriefs[2], VT_DEBRIEF_DONE_WRONG), ==, 1);
  {
    g_autoptr(VtDoc) doc = vt_debrief_doc_build_classroom (room.scenario,
                                                           (VtDebrief * const *)debriefs,
                                                           (const char * const *)names, 3,
                                                           "nb");
    g_autoptr(GBytes) bytes = doc_bytes (doc);

    assert_classroom (bytes);
  }
  for (guint i = 0; i < 3; i++)
    vt_debrief_free (debriefs[i]);
  for (guint i = 0; i < 3; i++)
    g_free (names[i]);
  classroom_clear (&room);
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (char *)binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_classroom_cli (void)
{
  Classroom room = { 0 };
  g_autofree char *scenario_path = vt_test_training_path ("nb", "broken-seal.json");
  g_autofree char *pdf_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("VALGTING_BINARY") == NULL)
    {
      g_test_skip ("VALGTING_BINARY is not set");
      return;
    }
  classroom_make (&room);
  pdf_path = g_build_filename (room.dir, "classroom.pdf", NULL);
  {
    const char *args[] = { "debrief", scenario_path, room.stations[0], room.stations[1],
                           room.stations[2], "-o", pdf_path, "--language", "nb", NULL };
    g_autoptr(GBytes) bytes = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "anna-nb-broken-seal.json: done 2, late 0, missed 0, wrong 0, "
                                   "other mistakes 0\n"));
    g_assert_nonnull (strstr (out, "bjorn-nb-broken-seal.json: done 1, late 0, missed 1, wrong 0, "
                                   "other mistakes 0\n"));
    g_assert_nonnull (strstr (out, "cecilie-nb-broken-seal.json: done 1, late 0, missed 0, "
                                   "wrong 1, other mistakes 1\n"));
    bytes = file_bytes (pdf_path);
    assert_classroom (bytes);
  }
  /* One trainee: that trainee's own debrief, not the classroom's. */
  {
    const char *args[] = { "debrief", scenario_path, room.stations[1], "-o", pdf_path,
                           "--language", "nb", NULL };
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GPtrArray) pages = NULL;

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    bytes = file_bytes (pdf_path);
    pages = vt_test_pdf_page_texts (bytes);
    g_assert_null (strstr (g_ptr_array_index (pages, 0), vt_gettext ("The most common mistakes")));
    {
      g_autoptr(PopplerDocument) pdf = read_pdf (bytes);
      /* The missed step, with the time it was expected. */
      assert_row_after (pdf, "bjorn-nb-broken-seal",
                        (const char *[]){ "12:37", SEAL_TASK, vt_gettext ("missed"), NULL });
    }
  }
  /* A station that cannot be read is named: 1. */
  {
    g_autofree char *missing = g_build_filename (room.dir, "nobody.valgting", NULL);
    const char *args[] = { "debrief", scenario_path, room.stations[0], missing, "-o", pdf_path,
                           NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "nobody.valgting"));
  }
  /* Wrong arguments, or a scenario that cannot be read: 2. */
  {
    const char *no_output[] = { "debrief", scenario_path, room.stations[0], NULL };
    const char *bad_scenario[] = { "debrief", room.stations[0], room.stations[0], "-o",
                                   pdf_path, NULL };
    const char *bad_language[] = { "debrief", scenario_path, room.stations[0], "-o", pdf_path,
                                   "--language", "sv", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (no_output, &out, &err), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (bad_scenario, &out, &err), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (bad_language, &out, &err), ==, 2);
  }
  classroom_clear (&room);
}

/* `valgting --help` lists every verb, one line each. */
static void
test_help (void)
{
  static const char * const verbs[] = { "verify", "print", "new", "replay", "scenario-from",
                                         "debrief", "kinds" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--help", NULL };

  if (g_getenv ("VALGTING_BINARY") == NULL)
    {
      g_test_skip ("VALGTING_BINARY is not set");
      return;
    }
  run_cli (args, &out, &err);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", verbs[i]);
      const char *at = strstr (out, line);

      if (at == NULL)
        g_error ("--help does not list %s: %s", verbs[i], out);
      /* One line: the next line is another verb's or the help's end. */
      at = strchr (at + 1, '\n');
      g_assert_nonnull (at);
      g_assert_false (g_str_has_prefix (at, "\n    "));
    }
}

/* Nynorsk: the session's own Nynorsk and the document's words in Nynorsk. */
static void
test_nynorsk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("valgting-debrief-doc-XXXXXX", &error);
  g_autoptr(VtScenario) scenario = vt_test_training_load ("nn", "broken-seal.json");
  g_autofree char *station = vt_test_training_station (tmp, "nn", "broken-seal.json", "kari",
                                                       vt_test_training_drop_new_seal);
  g_autoptr(VtDebrief) result = debrief (scenario, station);
  g_autoptr(VtDoc) doc = vt_debrief_doc_build (scenario, result, "Kari", "nn");
  g_autoptr(GBytes) bytes = doc_bytes (doc);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (vt_doc_get_language (doc), ==, "nn");
  /* "ØVINGSVAL", not the Bokmål "ØVINGSVALG". */
  assert_every_page (bytes, "ØVINGSVAL ·");
  {
    g_auto(VtLanguageScope) scope = vt_language_scope ("nn");
    g_autoptr(PopplerDocument) pdf = read_pdf (bytes);

    /* The missed step in the session's Nynorsk, its outcome in the document's. */
    assert_row (pdf, (const char *[]){ "12:37", "Forsegl urne U2", vt_gettext ("missed"), NULL });
  }
  text = g_strjoinv ("\n", (char **)g_ptr_array_steal (
    vt_test_pdf_page_texts (bytes), NULL));
  g_assert_null (strstr (text, "ØVINGSVALG"));
  g_assert_nonnull (strstr (text, vt_scenario_get_title (scenario)));
  vt_test_remove_tree (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The documents below are drawn in nb; the test reads their words as nb gives them. */
  vt_i18n_set_thread_language ("nb");
  g_test_add_func ("/debrief-doc/trainee", test_trainee);
  g_test_add_func ("/debrief-doc/classroom-api", test_classroom_api);
  g_test_add_func ("/debrief-doc/classroom-cli", test_classroom_cli);
  g_test_add_func ("/debrief-doc/help", test_help);
  g_test_add_func ("/debrief-doc/nynorsk", test_nynorsk);
  return g_test_run ();
}
