/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <poppler.h>

#include "vt-documents.h"
#include "vt-scenario.h"
#include "vt-test-util.h"

/* Golden protocols: each scenario in data/scenarios/golden-*.json is replayed on its own dates
 * (replay --keep-dates), its protocol printed in memory and read back page by page with poppler,
 * and the text compared with tests/golden/NAME.txt, which was read by eye once. A change in
 * wording, order or numbers shows as a diff against that file.
 *
 * When a change is meant, rewrite the files and review the diff before committing it:
 *
 *     VALGTING_UPDATE_GOLDEN=1 meson test -C _build golden
 *     git diff tests/golden/
 *
 * Two things on a page are not the protocol's: the time it was printed, and the journal
 * checksum, which covers the first entry's random command id (and the program's version). Both
 * are replaced by placeholders on the footer lines only; everything else must match. */

typedef struct
{
  const char *name;      /* tests/golden/NAME.txt */
  const char *scenario;  /* in data/scenarios/ */
} Golden;

static const Golden goldens[] = {
  /* 2019 form, Bokmål, two days (Søndag, Mandag), by party, 15 lists in each contest, a remark
   * per contest and part D: modelled on a real Bergen station's day. */
  { "2019-nattland-two-days", "golden-2019-nattland-two-days.json" },
  /* 2019 form, Bokmål, one day, urn totals only, electronic roll, a training election. */
  { "totals-only-day", "golden-totals-only-day.json" },
  /* 2025 form (valglokalets protokoll), Bokmål, one day, by party. */
  { "2025-stabekk-day", "golden-2025-stabekk-day.json" },
  /* 2019 form, Nynorsk ("language": "nn"), two days, by party. */
  { "nynorsk-two-days", "golden-nynorsk-two-days.json" },
};

static char *
scenario_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", name, NULL);
}

/* Replays @scenario on its own dates into @dir and opens the station. */
/* The golden pages are printed at one fixed minute, so the footer's print time is part of
 * what they compare. */
static GDateTime *
print_clock (gpointer user_data)
{
  return g_date_time_new_utc (2030, 1, 2, 3, 4, 0);
}

static VtStation *
replay (const char *dir,
        const char *scenario,
        char      **station_path)
{
  g_autofree char *path = scenario_path (scenario);
  g_autofree char *station = g_build_filename (dir, "golden.valgting", NULL);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  VtStation *opened;

  if (!vt_scenario_replay_full (path, station, VT_SCENARIO_FLAGS_KEEP_DATES, &report, &error))
    g_error ("%s", error->message);
  opened = vt_station_open_read_only (station, &error);
  g_assert_no_error (error);
  vt_station_set_clock (opened, print_clock, NULL);
  if (station_path != NULL)
    *station_path = g_steal_pointer (&station);
  return opened;
}

/* Made once in main (). */
static GRegex *page_number;   /* the footer line that carries the print time */
static GRegex *print_time;    /* 05.12.2026 09:14, 5. desember 2026 kl. 09:14, 09:14:33 */
static GRegex *checksum;      /* groups of four hex digits */
static GRegex *checksum_start;  /* a line where they begin */

/* The page's text with the print time on its footer line, and the journal checksum on its
 * checksum line, as placeholders. The checksum line wraps where the width of its hex digits
 * says, so it is read as one line, from its first group to the page number's line. */
static char *
normalise_page (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  guint n = g_strv_length (lines);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *line = NULL;

      if (g_regex_match (checksum_start, lines[i], 0, NULL))
        {
          GString *joined = g_string_new (lines[i]);
          g_autofree char *groups = NULL;

          while (i + 1 < n && !g_regex_match (page_number, lines[i + 1], 0, NULL))
            g_string_append_printf (joined, " %s", lines[++i]);
          groups = g_string_free (joined, FALSE);
          line = g_regex_replace_literal (checksum, groups, -1, 0, "<checksum>", 0, NULL);
        }
      else if (g_regex_match (page_number, lines[i], 0, NULL))
        line = g_regex_replace_literal (print_time, lines[i], -1, 0, "<printed>", 0, NULL);
      else
        line = g_strdup (lines[i]);
      g_string_append (out, line);
      if (i + 1 < n)
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* A page's text as poppler reads it, with a tab where the text jumps across a gap on its line
 * (from one table cell to the next): poppler runs the cells together ("DagDato"), which no
 * one can review by eye. Nothing else is added, moved or left out. */
static GPtrArray *
page_texts_with_cells (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (bytes, NULL, &error);
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *text = poppler_page_get_text (page);
      g_autofree PopplerRectangle *rects = NULL;
      guint n_rects = 0;
      GString *out = g_string_new (NULL);
      const char *p = text;
      const PopplerRectangle *previous = NULL;

      poppler_page_get_text_layout (page, &rects, &n_rects);
      for (guint c = 0; *p != '\0'; c++, p = g_utf8_next_char (p))
        {
          gunichar ch = g_utf8_get_char (p);
          const PopplerRectangle *rect = c < n_rects ? &rects[c] : NULL;

          if (ch == '\n')
            previous = NULL;
          else if (rect != NULL && previous != NULL && ch != ' ' &&
                   fabs (rect->y1 - previous->y1) < 2.0 && rect->x1 - previous->x2 > 4.0)
            g_string_append_c (out, '\t');
          g_string_append_unichar (out, ch);
          if (ch != '\n' && rect != NULL)
            previous = rect;
        }
      g_ptr_array_add (pages, g_string_free (out, FALSE));
      g_object_unref (page);
    }
  g_object_unref (document);
  return pages;
}

/* The protocol's text as the golden files hold it: every page under a line of its own. */
static char *
protocol_text (VtStation  *station,
               const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtDoc) doc = vt_document_build_in (station, VT_DOCUMENT_PROTOCOL, 0, language);
  g_autoptr(GBytes) pdf = vt_doc_to_pdf (doc, &error);
  g_autoptr(GPtrArray) pages = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  pages = page_texts_with_cells (pdf);
  g_assert_cmpuint (pages->len, ==, vt_doc_get_n_pages (doc));
  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *page = normalise_page (g_ptr_array_index (pages, i));

      g_string_append_printf (out, "==== page %u of %u ====\n%s\n", i + 1, pages->len, page);
    }
  return g_string_free (out, FALSE);
}

static char *
golden_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  return g_test_build_filename (G_TEST_DIST, "golden", file, NULL);
}

/* Where the texts differ first: "line 12: expected … got …". */
static char *
first_difference (const char *expected,
                  const char *actual)
{
  g_auto(GStrv) a = g_strsplit (expected, "\n", -1);
  g_auto(GStrv) b = g_strsplit (actual, "\n", -1);

  for (guint i = 0;; i++)
    {
      if (a[i] == NULL || b[i] == NULL || !g_str_equal (a[i], b[i]))
        return g_strdup_printf ("line %u:\n  golden: %s\n  now:    %s", i + 1,
                                a[i] != NULL ? a[i] : "(end)", b[i] != NULL ? b[i] : "(end)");
    }
}

static void
test_golden (gconstpointer data)
{
  const Golden *golden = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-golden-XXXXXX", &error);
  g_autofree char *path = golden_path (golden->name);
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(VtStation) station = NULL;

  g_assert_no_error (error);
  station = replay (dir, golden->scenario, NULL);
  actual = protocol_text (station, NULL);
  g_clear_object (&station);
  vt_test_remove_tree (dir);

  if (g_strcmp0 (g_getenv ("VALGTING_UPDATE_GOLDEN"), "1") == 0)
    {
      g_file_set_contents (path, actual, -1, &error);
      g_assert_no_error (error);
      g_test_message ("rewrote %s: review it with git diff", path);
      return;
    }

  if (!g_file_get_contents (path, &expected, NULL, NULL))
    g_error ("%s is missing: run the test with VALGTING_UPDATE_GOLDEN=1 to write it, then read "
             "it", path);
  if (!g_str_equal (expected, actual))
    {
      g_autofree char *where = first_difference (expected, actual);
      g_autofree char *file = g_strconcat (golden->name, ".now.txt", NULL);
      g_autofree char *now = g_test_build_filename (G_TEST_BUILT, file, NULL);

      g_file_set_contents (now, actual, -1, NULL);
      g_error ("The protocol of %s differs from %s at %s\nThe whole text is in %s; if the "
               "change is meant, run with VALGTING_UPDATE_GOLDEN=1 and review the diff.",
               golden->scenario, path, where, now);
    }
}

/* The golden texts themselves: what the issue asks of each, so that a rewrite with
 * VALGTING_UPDATE_GOLDEN=1 cannot quietly lose it. The board's own words (the remark per
 * contest, the text of part D) are printed once the protocol is the official form; until then
 * their absence is reported as incomplete, not as a failure. */
static void
test_golden_content (void)
{
  struct
  {
    const char *name;
    const char *needles[6];
    const char *awaited[4];
  } wanted[] = {
    /* 15 lists, the county contest's difference explained, made by replay. */
    { "2019-nattland-two-days",
      { "Folkeaksjonen Nei til mer bompenger", "Partiet De Kristne", "Pensjonistpartiet",
        "To velgere stemte bare ved kommunestyrevalget", "sha256", NULL },
      { "(se loggføringene); derfor er det to stemmesedler færre enn kryss",
        "Antall stemmesedler stemmer med antall kryss i manntallet.",
        "Mandag ettermiddag ville en avis fotografere i lokalet", NULL } },
    { "totals-only-day", { "Granli samfunnshus", "Side 1 av", NULL },
      { "Antall stemmesedler i urnene er likt antall kryss i manntallet.",
        "to velgere stemte i beredskapskonvolutt i mellomtiden", NULL } },
    { "2025-stabekk-day", { "Stabekk skole", "Side 1 av", NULL },
      { "Urnen og manntallet er talt to ganger.",
        "Kontrolltiltak: alle opptellinger er gjort to ganger av to personer.", NULL } },
    { "nynorsk-two-days", { "Austefjord grendahus", "Godkjende", "Stemmesetlar", NULL },
      { "Talet på stemmesetlar stemmer med talet på kryss i manntalet.",
        "Valet gjekk roleg føre seg begge dagane.", NULL } },
  };
  g_autoptr(GString) missing = g_string_new (NULL);

  if (g_strcmp0 (g_getenv ("VALGTING_UPDATE_GOLDEN"), "1") == 0)
    {
      g_test_skip ("the golden files are being rewritten");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      g_autofree char *path = golden_path (wanted[i].name);
      g_autofree char *text = NULL;
      g_auto(GStrv) words = NULL;
      g_autofree char *flat = NULL;

      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      /* A sentence may wrap: read lines and cells on. */
      words = g_regex_split_simple ("[ \t\n]+", text, 0, 0);
      flat = g_strjoinv (" ", words);
      for (guint j = 0; wanted[i].needles[j] != NULL; j++)
        if (strstr (flat, wanted[i].needles[j]) == NULL)
          g_error ("%s: “%s” is missing", path, wanted[i].needles[j]);
      /* the board's own words in the form itself (Merknad, D), not only in the log annex;
       * and no check codes there */
      {
        const char *annex = strstr (flat, "Vedlegg 1:");

        g_assert_nonnull (annex);
        flat[annex - flat] = '\0';
        for (guint j = 0; wanted[i].awaited[j] != NULL; j++)
          if (strstr (flat, wanted[i].awaited[j]) == NULL)
            g_string_append_printf (missing, "\n  %s: “%s”", wanted[i].name,
                                    wanted[i].awaited[j]);
        /* (the 2025 form lists the checks as its control measures) */
        if (!g_str_has_prefix (wanted[i].name, "2025") &&
            g_regex_match_simple ("K[1-4]0[0-9]", flat, 0, 0))
          g_string_append_printf (missing, "\n  %s: a check code in the form", wanted[i].name);
      }
    }
  if (missing->len > 0)
    g_error ("the form lacks the board's own words:%s", missing->str);
}

/* The lists of the contest with more than a dozen stand in the configuration's order. */
/* The Nattland protocol read as an election office reads it, field by field: each label of
 * the 2019 form in its place on the page, in order, followed by its value. */
static void
test_form_field_by_field (void)
{
  static const char *const fields[] = {
    "Kommunestyre- og fylkestingsvalget 2019", "Valgprotokoll for stemmestyret",
    "Krets:", "0405 Nattland skole", "Kommune:", "1201 Bergen", "Fylke:", "Hordaland",
    "A Administrative forhold",
    "A1 Valget ble avholdt:", "Søndag 8. september 2019", "Åpningstid: 14:00 - 19:00",
    "Mandag 9. september 2019", "Åpningstid: 09:00 - 21:00",
    "A2 Stemmestyret", "Navn", "Funksjon", "Møtt (sett kryss)",
    "Liv Nesheim", "Leder", "X", "Bjørn Aasen", "Nestleder", "X",
    "B Behandling av mottatte stemmer", "B1 Stemmegivninger i konvolutt",
    "Type", "Opptalte konvolutter",
    "Stemmegivninger i særskilt omslag (ikke i kommunens manntall, har allerede forhåndsstemt)",
    "5", "Stemmegivninger i beredskapskonvolutt", "0",
    "Fremmedstemmer (manntall på papir)", "6",
    "C Foreløpig opptelling av stemmesedler", "C1 Stemmesedler i urnen",
    "Type", "Opptalte stemmesedler i urne", "Registrerte kryss i manntall",
    "Fylkesting", "Kommunestyre", "Søndag", "Mandag", "Total",
    "Godkjente stemmesedler", "1 328", "1 332", "—", "—", "—",
    "Blanke stemmesedler", "12", "9", "—", "—", "—",
    "Tvilsomme stemmesedler", "1", "2", "—", "—", "—",
    "Totalt antall stemmesedler", "1 341", "1 343", "410", "933", "1 343",
    "Merknad:", "Fylkestingsvalget 2019", "To velgere stemte bare ved kommunestyrevalget",
    "Kommunestyrevalget 2019", "Antall stemmesedler stemmer med antall kryss i manntallet.",
    "C2 Partifordelte stemmesedler", "Fylkestingsvalget", "Valglistens navn",
    "Opptalte stemmesedler", "Arbeiderpartiet", "301", "Venstre", "40", "Sum", "1 328",
    "Kommunestyrevalget", "Valglistens navn", "Opptalte stemmesedler", "Arbeiderpartiet", "298",
    "Venstre", "40", "Sum", "1 332",
    "D Andre forhold", "Søndag og mandag forløp uten avvik av betydning.",
    "Underskrifter:", "Dato:", "Leder:", "Liv Nesheim", "Øvrige medlemmer:", "Bjørn Aasen",
    "Vedlegg 1: Loggen",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-golden-XXXXXX", &error);
  g_autoptr(VtStation) station = replay (dir, "golden-2019-nattland-two-days.json", NULL);
  g_autoptr(VtDoc) doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);
  g_autoptr(GBytes) bytes = vt_doc_to_pdf (doc, &error);
  g_autoptr(GObject) pdf_object = NULL;
  PopplerDocument *pdf;
  guint page = 0;
  double top = -1, left = -1;

  g_assert_no_error (error);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  pdf_object = G_OBJECT (pdf);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!vt_test_pdf_find_after (pdf, fields[i], &page, &top, &left))
      g_error ("“%s” is not where the form has it (after “%s”)", fields[i],
               i > 0 ? fields[i - 1] : "the start");
  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

static void
test_many_lists_in_order (void)
{
  static const char * const order[] = {
    "Arbeiderpartiet", "Demokratene", "Folkeaksjonen Nei til mer bompenger",
    "Fremskrittspartiet", "Helsepartiet", "Høyre", "Kristelig Folkeparti", "Liberalistene",
    "Miljøpartiet De Grønne", "Partiet De Kristne", "Pensjonistpartiet", "Rødt",
    "Senterpartiet", "Sosialistisk Venstreparti", "Venstre", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-golden-XXXXXX", &error);
  g_autoptr(VtStation) station = replay (dir, "golden-2019-nattland-two-days.json", NULL);
  g_autofree char *text = protocol_text (station, NULL);
  const char *kommune = strstr (text, "\nKommunestyrevalget\n");
  const char *at;
  GPtrArray *contests = vt_config_get_contests (vt_station_get_config (station));
  VtContest *contest = g_ptr_array_index (contests, 1);
  const char *sha = NULL;

  g_assert_cmpuint (contest->lists->len, >, 12);
  g_assert_cmpuint (contest->lists->len, ==, g_strv_length ((char **)order));
  /* The party table of the municipal contest (C2), after the C1 table that names it too. */
  g_assert_nonnull (kommune);
  while (strstr (kommune + 1, "\nKommunestyrevalget\n") != NULL)
    kommune = strstr (kommune + 1, "\nKommunestyrevalget\n");
  at = kommune;
  for (guint i = 0; order[i] != NULL; i++)
    {
      const char *next = strstr (at, order[i]);

      if (next == NULL)
        g_error ("“%s” is not in the party table after the lists before it", order[i]);
      at = next + strlen (order[i]);
    }

  /* A real station (no training mark), made by replay: the footer says so. */
  g_assert_false (vt_station_get_training (station));
  g_assert_true (vt_station_get_replay_origin (station, NULL, &sha));
  g_assert_nonnull (strstr (text, "sha256"));
  {
    g_autofree char *start = g_strndup (sha, 12);
    g_assert_nonnull (strstr (text, start));
  }
  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

/* ---- the command line: the election's language, not the computer's ------------------------ */

static char *
print_with_cli (const char         *station,
                const char         *dir,
                const char * const *extra,
                const char * const *environment)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  g_autofree char *pdf = g_build_filename (dir, "printed.pdf", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer)binary);
  g_ptr_array_add (argv, (gpointer)"print");
  g_ptr_array_add (argv, (gpointer)"protocol");
  g_ptr_array_add (argv, (gpointer)station);
  g_ptr_array_add (argv, (gpointer)"-o");
  g_ptr_array_add (argv, (gpointer)pdf);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)extra[i]);
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LC_MESSAGES");
  for (guint i = 0; environment != NULL && environment[i] != NULL; i += 2)
    env = g_environ_setenv (env, environment[i], environment[i + 1], TRUE);

  g_unlink (pdf);
  g_spawn_sync (NULL, (char **)argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return vt_test_pdf_file_text (pdf);
}

/* Printed on a computer set to English (LANG=C), the protocol is in the election's language. */
static void
test_cli_locale_c_prints_norwegian (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-golden-XXXXXX", &error);
  g_autofree char *station = NULL;
  g_autoptr(VtStation) opened = replay (dir, "golden-2019-nattland-two-days.json", &station);
  const char * const c_locale[] = { "LANG", "C", "LANGUAGE", "C", NULL };
  const char * const english[] = { "LANG", "en_US.UTF-8", "LANGUAGE", "en", NULL };
  g_autofree char *text = NULL;

  g_clear_object (&opened);
  for (guint i = 0; i < 2; i++)
    {
      text = print_with_cli (station, dir, NULL, i == 0 ? c_locale : english);
      g_assert_nonnull (strstr (text, "Side 1 av"));
      g_assert_nonnull (strstr (text, "Stemmesedler"));
      g_assert_null (strstr (text, "Page 1 of"));
      g_assert_null (strstr (text, "Ballots"));
      g_clear_pointer (&text, g_free);
    }
  vt_test_remove_tree (dir);
}

/* --language nn gives Nynorsk for one print of a Bokmål station, and the station's own
 * language stays Bokmål; a Nynorsk station prints in Nynorsk unasked. */
static void
test_cli_language_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("valgting-golden-XXXXXX", &error);
  g_autofree char *nn_dir = g_dir_make_tmp ("valgting-golden-XXXXXX", &error);
  g_autofree char *station = NULL;
  g_autofree char *nn_station = NULL;
  g_autoptr(VtStation) opened = replay (dir, "golden-2019-nattland-two-days.json", &station);
  g_autoptr(VtStation) nn_opened = replay (nn_dir, "golden-nynorsk-two-days.json", &nn_station);
  const char * const c_locale[] = { "LANG", "C", "LANGUAGE", "C", NULL };
  const char * const nn[] = { "--language", "nn", NULL };
  g_autofree char *nb_text = NULL;
  g_autofree char *nn_text = NULL;
  g_autofree char *nn_own = NULL;

  g_clear_object (&opened);
  g_clear_object (&nn_opened);
  nb_text = print_with_cli (station, dir, NULL, c_locale);
  nn_text = print_with_cli (station, dir, nn, c_locale);
  nn_own = print_with_cli (nn_station, nn_dir, NULL, c_locale);

  g_assert_nonnull (strstr (nb_text, "Godkjente"));
  g_assert_null (strstr (nb_text, "Godkjende"));
  g_assert_nonnull (strstr (nn_text, "Godkjende"));
  g_assert_nonnull (strstr (nn_text, "Stemmesetlar"));
  g_assert_null (strstr (nn_text, "Godkjente"));
  g_assert_nonnull (strstr (nn_own, "Godkjende"));
  g_assert_null (strstr (nn_own, "Godkjente"));
  /* The same station, the same numbers: only the words change. */
  g_assert_nonnull (strstr (nn_text, "Folkeaksjonen Nei til mer bompenger"));
  vt_test_remove_tree (dir);
  vt_test_remove_tree (nn_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  page_number = g_regex_new ("\\bSide [0-9]+ av [0-9]+\\b", 0, 0, NULL);
  print_time = g_regex_new ("[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}|[0-9]{1,2}\\. [[:alpha:]]+ "
                            "[0-9]{4}|(kl\\. )?[0-9]{2}[:.][0-9]{2}(:[0-9]{2})?",
                            G_REGEX_OPTIMIZE, 0, NULL);
  checksum = g_regex_new ("\\b[0-9a-f]{4}( [0-9a-f]{4}){3,15}\\b", G_REGEX_OPTIMIZE, 0, NULL);
  checksum_start = g_regex_new ("\\b[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}\\b", 0, 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *path = g_strconcat ("/golden/protocol/", goldens[i].name, NULL);
      g_test_add_data_func (path, &goldens[i], test_golden);
    }
  g_test_add_func ("/golden/content", test_golden_content);
  g_test_add_func ("/golden/form-field-by-field", test_form_field_by_field);
  g_test_add_func ("/golden/many-lists-in-configuration-order", test_many_lists_in_order);
  g_test_add_func ("/golden/cli/locale-c-prints-norwegian", test_cli_locale_c_prints_norwegian);
  g_test_add_func ("/golden/cli/language-override", test_cli_language_override);

  return g_test_run ();
}
