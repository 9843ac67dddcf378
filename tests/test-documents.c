/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <poppler.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "vt-copy.h"
#include "vt-documents.h"
#include "vt-kind-ids.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-role.h"
#include "vt-scenario.h"
#include "vt-station-state.h"
#include "vt-test-util.h"

/* The documents of the day, read back from the PDF as a reader would: the sections, numbers
 * and names are in the text, every page carries what it must, and nothing is lost. */

typedef struct
{
  PopplerDocument *pdf;
  GPtrArray *pages;   /* the text of each page */
  GBytes *bytes;
} Pdf;

static void
pdf_clear (Pdf *pdf)
{
  g_clear_object (&pdf->pdf);
  g_clear_pointer (&pdf->pages, g_ptr_array_unref);
  g_clear_pointer (&pdf->bytes, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pdf, pdf_clear)

static void
pdf_read (Pdf   *pdf,
          VtDoc *doc)
{
  g_autoptr(GError) error = NULL;

  pdf->bytes = vt_doc_to_pdf (doc, &error);
  g_assert_no_error (error);
  pdf->pdf = poppler_document_new_from_bytes (pdf->bytes, NULL, &error);
  g_assert_no_error (error);
  pdf->pages = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < poppler_document_get_n_pages (pdf->pdf); i++)
    {
      PopplerPage *page = poppler_document_get_page (pdf->pdf, i);
      g_ptr_array_add (pdf->pages, poppler_page_get_text (page));
      g_object_unref (page);
    }
  g_assert_cmpuint (pdf->pages->len, ==, vt_doc_get_n_pages (doc));
}


/* All the text, pages joined, with line breaks made spaces (a wrapped cell reads on). */
static char *
pdf_text (Pdf *pdf)
{
  static GRegex *whitespace;
  GString *text = g_string_new (NULL);

  if (whitespace == NULL)
    whitespace = g_regex_new ("\\s+", 0, 0, NULL);

  for (guint i = 0; i < pdf->pages->len; i++)
    g_string_append_printf (text, "%s\n", (const char *)g_ptr_array_index (pdf->pages, i));
  g_autofree char *joined = NULL;

  g_strdelimit (text->str, "\n", ' ');
  joined = g_string_free (text, FALSE);
  /* One space between words, however the lines and cells were spaced. */
  return g_regex_replace_literal (whitespace, joined, -1, 0, " ", 0, NULL);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The characters on the same line as @needle, across the whole page, left to right, on the
 * first page that has it: a table row as a reader sees it, whatever order it was drawn in. */
typedef struct
{
  double x;
  gunichar c;
} PlacedChar;

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  double d = ((const PlacedChar *)a)->x - ((const PlacedChar *)b)->x;
  return d < 0 ? -1 : d > 0;
}

static char *
pdf_row_text (Pdf        *pdf,
              const char *needle)
{
  for (int i = 0; i < poppler_document_get_n_pages (pdf->pdf); i++)
    {
      PopplerPage *page = poppler_document_get_page (pdf->pdf, i);
      GList *found = poppler_page_find_text (page, needle);
      g_autofree char *text = NULL;
      PopplerRectangle *rects = NULL;
      guint n_rects = 0;
      double width, height, top, bottom;
      g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (PlacedChar));
      GString *row = g_string_new (NULL);
      const char *p;

      if (found == NULL)
        {
          g_object_unref (page);
          continue;
        }
      poppler_page_get_size (page, &width, &height);
      /* find_text counts y from the bottom of the page, the text layout from the top. */
      top = height - MAX (((PopplerRectangle *)found->data)->y1,
                          ((PopplerRectangle *)found->data)->y2);
      bottom = height - MIN (((PopplerRectangle *)found->data)->y1,
                             ((PopplerRectangle *)found->data)->y2);
      g_list_free_full (found, (GDestroyNotify)poppler_rectangle_free);

      text = poppler_page_get_text (page);
      poppler_page_get_text_layout (page, &rects, &n_rects);
      p = text;
      for (guint r = 0; r < n_rects && *p != '\0'; r++, p = g_utf8_next_char (p))
        {
          double middle = (rects[r].y1 + rects[r].y2) / 2;
          PlacedChar placed = { rects[r].x1, g_utf8_get_char (p) };

          if (middle > top && middle < bottom && !g_unichar_isspace (placed.c))
            g_array_append_val (chars, placed);
        }
      g_array_sort (chars, compare_placed);
      for (guint c = 0; c < chars->len; c++)
        {
          PlacedChar *placed = &g_array_index (chars, PlacedChar, c);
          /* A gap wider than a letter is a space, or the next cell. */
          if (c > 0 && placed->x - g_array_index (chars, PlacedChar, c - 1).x > 8)
            g_string_append_c (row, ' ');
          g_string_append_unichar (row, placed->c);
        }
      g_free (rects);
      g_object_unref (page);
      return g_string_free (row, FALSE);
    }
  return NULL;
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("“%s” is not in the document", (needle)); \
  } G_STMT_END

/* ---- stations ----------------------------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *path;
  VtStation *station;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("valgting-documents-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "station.valgting", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->station);
  vt_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Documents are printed at one fixed minute, after every day of the tests' elections: the
 * footer says when, and two prints compared must not straddle a minute. */
static GDateTime *
fixed_clock (gpointer user_data)
{
  return g_date_time_new_utc (2027, 9, 13, 20, 15, 0);
}

/* The busy two-day example, replayed to the end: counted, explained, phoned in. */
static void
replay_busy_day (Fixture *fixture)
{
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     "busy-municipal-two-days.json", NULL);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  gboolean replayed = vt_scenario_replay (scenario, fixture->path, &report, &error);

  g_assert_no_error (error);
  g_assert_true (replayed);
  fixture->station = vt_station_open (fixture->path, &error);
  g_assert_no_error (error);
  vt_station_set_clock (fixture->station, fixed_clock, NULL);
}

/* A real (not training) station from the test election. */
static void
create_real_station (Fixture *fixture)
{
  g_autoptr(VtConfig) config = vt_test_load_config ("municipal-2027.json");
  g_autoptr(GError) error = NULL;

  g_assert_false (vt_config_get_training (config));
  fixture->station = vt_station_create (fixture->path, config, &error);
  g_assert_no_error (error);
  vt_station_set_clock (fixture->station, fixed_clock, NULL);
}

/* ---- the protocol ----------------------------------------------------------------------- */

static void
test_protocol_sections_and_numbers (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;
  VtConfig *config;
  GPtrArray *people;

  replay_busy_day (fixture);
  config = vt_station_get_config (fixture->station);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);

  /* The form's sections, in order, then the annexes. */
  {
    static const char *const sections[] = {
      "Kommunestyre- og fylkestingsvalget", "Valgprotokoll for stemmestyret", "Krets:", "Kommune:",
      "Fylke:", "A Administrative forhold", "A1 Valget ble avholdt:", "Åpningstid:",
      "A2 Stemmestyret", "Navn", "Funksjon", "Møtt (sett kryss)",
      "B Behandling av mottatte stemmer", "B1 Stemmegivninger i konvolutt", "Type",
      "Opptalte konvolutter",
      "Stemmegivninger i særskilt omslag (ikke i kommunens manntall, har allerede "
      "forhåndsstemt)", "Stemmegivninger i beredskapskonvolutt",
      "C Foreløpig opptelling av stemmesedler", "C1 Stemmesedler i urnen",
      "Opptalte stemmesedler i urne", "Registrerte kryss i manntall", "Godkjente stemmesedler",
      "Blanke stemmesedler", "Tvilsomme stemmesedler", "Totalt antall stemmesedler",
      "Merknad:", "C2 Partifordelte stemmesedler", "Valglistens navn", "Opptalte stemmesedler",
      "Sum", "D Andre forhold", "Underskrifter:", "Dato:", "Leder:", "Øvrige medlemmer:",
      "Vedlegg 1: Loggen", "Retting", "Vedlegg 2: Plomberegister", "Vedlegg 3: Bemanning",
      "Vedlegg 4: Kontroller",
    };
    guint page = 0;
    double top = -1, left = -1;

    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      if (!vt_test_pdf_find_after (pdf.pdf, sections[i], &page, &top, &left))
        g_error ("Section “%s” is missing or out of order", sections[i]);
  }

  /* The counts the scenario ends with (see test-scenario.c) and the explanation. */
  assert_contains (text, "1 817");
  assert_contains (text, "1 816");
  /* The form, before its annexes: Merknad is the board's own words, once, with nothing
   * generated before them; D is the board's text, never the check codes (they have an annex). */
  {
    g_autofree char *form = g_strndup (text, strstr (text, "Vedlegg 1: Loggen") - text);

    g_assert_cmpuint (count_occurrences (form, "to ustemplede stemmesedler ble lagt i urnen"),
                      ==, 1);
    assert_contains (form, "Merknad: Kommunestyrevalget 2027 Én hvit stemmeseddel");
    g_assert_null (strstr (form, "Forklaring"));
    g_assert_null (strstr (form, "K402"));
    assert_contains (strstr (text, "Vedlegg 4: Kontroller"), "K101");
  }
  assert_contains (text, vt_config_get_election_name (config));

  /* Every board member signs; everyone is in the staff list. */
  people = vt_config_get_people (config);
  for (guint i = 0; i < people->len; i++)
    assert_contains (text, ((VtPerson *)g_ptr_array_index (people, i))->name);

  /* Every page: the header, "Page x of y", the checksum, and the training mark. */
  for (guint i = 0; i < pdf.pages->len; i++)
    {
      const char *page = g_ptr_array_index (pdf.pages, i);
      g_autofree char *page_of = g_strdup_printf ("Side %u av %u", i + 1, pdf.pages->len);

      assert_contains (page, page_of);
      assert_contains (page, "Kontrollsum for loggen");
      assert_contains (page, "ØVINGSVALG");
    }
  g_assert_cmpuint (pdf.pages->len, >=, 6);
}

static void
execute_json (VtStation  *station,
              const char *kind,
              const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) entry = vt_station_execute (station, id, kind,
                                                        vt_station_get_actor (station),
                                                        json_node_get_object (node), &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
}

/* C1 as the form has it: the urn counts per contest, and the roll marks per weekday and in
 * total on the total row only, "—" where a cell does not apply. */
static void
test_protocol_c1_cells (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *approved = NULL;
  g_autofree char *total = NULL;

  replay_busy_day (fixture);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  approved = pdf_row_text (&pdf, "Godkjente stemmesedler");
  total = pdf_row_text (&pdf, "Totalt antall stemmesedler");
  g_assert_true (g_regex_match_simple ("1 ?800 *1 ?758 *— *— *—$", approved, 0, 0));
  g_assert_true (g_regex_match_simple ("1 ?817 *1 ?815 *588 *1 ?228 *1 ?816$", total, 0, 0));
}

/* Who counted and who control-counted: each count beside its control count, the marks of
 * table 3 whose control count differed on a line of their own before the recount. */
static void
test_protocol_who_counted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *annex = NULL;

  replay_busy_day (fixture);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);
  g_assert_nonnull (strstr (text, "Hvem som talte opp, og hvem som kontrolltalte"));
  annex = g_strdup (strstr (text, "Hvem som talte opp, og hvem som kontrolltalte"));
  g_assert_true (g_regex_match_simple ("Avkrysninger, rode 1, dag 1 *203 *Hilde Travel *203 *"
                                       "Jon Kjapp", annex, 0, 0));
  /* The differing control count, then the recount by the two the other way round. */
  g_assert_true (g_regex_match_simple ("Avkrysninger, rode 3, dag 1 *197 *Hilde Travel *196 *"
                                       "Jon Kjapp *Avkrysninger, rode 3, dag 1 *197 *Jon Kjapp "
                                       "*197 *Hilde Travel", annex, 0, 0));
}

/* Merknad and D are the board's own words, as written, the newest standing; without a remark
 * the board's explanation of the difference stands under its contest. */
static void
test_protocol_board_words (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *form = NULL;

  replay_busy_day (fixture);
  execute_json (fixture->station, "protocol.remark",
                "{\"contest\": \"kommunestyre\", \"text\": \"Første utkast.\"}");
  execute_json (fixture->station, "protocol.remark",
                "{\"contest\": \"kommunestyre\", \"text\": \"Urnen ble telt to ganger; "
                "tallene sto seg.\"}");
  execute_json (fixture->station, "protocol.matters",
                "{\"text\": \"Brannalarmen gikk kl. 15.10; valglokalet ble ikke evakuert.\", "
                "\"entries\": [45]}");
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);
  form = g_strndup (text, strstr (text, "Vedlegg 1: Loggen") - text);

  assert_contains (form, "Merknad: Kommunestyrevalget 2027 Urnen ble telt to ganger; tallene "
                         "sto seg. Fylkestingsvalget 2027 Én blå stemmeseddel færre");
  g_assert_null (strstr (form, "Første utkast"));
  g_assert_null (strstr (form, "Én hvit stemmeseddel"));
  /* D, then the board's text under it and the signatures after it */
  {
    guint page = 0;
    double top = -1, left = -1;

    g_assert_true (vt_test_pdf_find_after (pdf.pdf, "D Andre forhold", &page, &top, &left));
    g_assert_true (vt_test_pdf_find_after (pdf.pdf, "Brannalarmen gikk kl. 15.10; valglokalet ble ikke "
                                         "evakuert.", &page, &top, &left));
    g_assert_true (vt_test_pdf_find_after (pdf.pdf, "Underskrifter:", &page, &top, &left));
  }
  g_assert_cmpuint (count_occurrences (form, "Brannalarmen"), ==, 1);
}

/* A warning accepted as it is (K403, 56 blank of the 1815 blue ballots): Merknad says so
 * under its contest, after the board's explanation, with who accepted it and why; the checks'
 * annex says accepted, not explained. Explained later instead, the acceptance is gone. */
static void
test_protocol_accepted_warning (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_autoptr(VtDoc) explained_doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_auto(Pdf) explained_pdf = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *form = NULL;
  g_autofree char *explained = NULL;
  const char *accepted = "Mange blanke stemmesedler — godtatt av Hilde Travel og Jon Kjapp: "
                         "Blankebunken er talt på nytt og sett gjennom seddel for seddel";

  replay_busy_day (fixture);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);
  form = g_strndup (text, strstr (text, "Vedlegg 1: Loggen") - text);

  /* under the county contest (the last), after the board's explanation of its difference */
  assert_contains (form, "Fylkestingsvalget 2027 Én blå stemmeseddel færre");
  assert_contains (strstr (form, "Fylkestingsvalget 2027 Én blå"), accepted);
  assert_contains (form, "i protest mot fylkessammenslåingen.");
  g_assert_cmpuint (count_occurrences (form, "godtatt av"), ==, 1);
  assert_contains (strstr (text, "Vedlegg 4: Kontroller"), accepted);

  execute_json (fixture->station, "count.explain",
                "{\"code\": \"K403\", \"subject\": \"fylkesting\", \"text\": \"Protestvalg.\"}");
  explained_doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&explained_pdf, explained_doc);
  explained = pdf_text (&explained_pdf);
  g_assert_null (strstr (explained, accepted));
}

/* The same protocol in Nynorsk, word for word from the national system's Nynorsk form. */
static void
test_protocol_nynorsk (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;
  static const char *const labels[] = {
    "Valprotokoll for stemmestyret", "Krins:", "A Administrative tilhøve", "Opningstid:",
    "Namn", "Funksjon", "Stemmegjevingar i konvolutt", "Førebels oppteljing",
    "Registrerte kryss i manntal", "Godkjende stemmesetlar", "Blanke stemmesetlar",
    "Tvilsame stemmesetlar", "Merknad:", "C2 Partifordelte stemmesetlar", "Sum",
    "D Andre tilhøve", "Underskrifter:", "Leiar:",
  };

  replay_busy_day (fixture);
  doc = vt_document_build_in (fixture->station, VT_DOCUMENT_PROTOCOL, 0, "nn");
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    assert_contains (text, labels[i]);
  g_assert_null (strstr (text, "Valgprotokoll"));
  g_assert_null (strstr (text, "Godkjente"));
  assert_contains (text, "Side 1 av");
}

/* A station that counts urn totals only: no C2 and no Blanke row; the rest of the form. */
static void
test_protocol_totals_only (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "municipal-2027.json",
                                                 NULL);
  g_autofree char *json = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &json, NULL, &error));
  g_assert_nonnull (strstr (json, "\"by-party\""));
  changed = g_regex_replace_literal (g_regex_new ("\"by-party\"", 0, 0, NULL), json, -1, 0,
                                     "\"totals-only\"", 0, NULL);
  config = vt_config_new_from_data (changed, -1, path, &error);
  g_assert_no_error (error);
  fixture->station = vt_station_create (fixture->path, config, &error);
  g_assert_no_error (error);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);
  assert_contains (text, "Godkjente stemmesedler");
  assert_contains (text, "Tvilsomme stemmesedler");
  assert_contains (text, "Totalt antall stemmesedler");
  g_assert_null (strstr (text, "Blanke stemmesedler"));
  g_assert_null (strstr (text, "C2 Partifordelte stemmesedler"));
  g_assert_null (strstr (text, "Valglistens navn"));
  assert_contains (text, "D Andre forhold");
}


/* The same journal gives the same bytes; a new entry gives other bytes and a new checksum. */
static void
test_protocol_is_reproducible (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(VtDoc) first = NULL;
  g_autoptr(VtDoc) second = NULL;
  g_autoptr(VtDoc) third = NULL;
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GBytes) c = NULL;
  g_autoptr(VtJournalEntry) note = NULL;
  g_autoptr(GError) error = NULL;

  replay_busy_day (fixture);
  first = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  second = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  a = vt_doc_to_pdf (first, &error);
  b = vt_doc_to_pdf (second, &error);
  g_assert_true (g_bytes_equal (a, b));

  note = vt_station_log_note (fixture->station, "late-note", "The courier called back", &error);
  g_assert_no_error (error);
  third = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  c = vt_doc_to_pdf (third, &error);
  g_assert_false (g_bytes_equal (a, c));
}

/* A real station's pages carry no training mark; a reprint says which copy it is. */
static void
test_real_station_and_copies (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_autoptr(VtDoc) copy = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_auto(Pdf) pdf_copy = { 0 };

  create_real_station (fixture);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  for (guint i = 0; i < pdf.pages->len; i++)
    {
      g_assert_null (strstr (g_ptr_array_index (pdf.pages, i), "ØVING"));
      g_assert_null (strstr (g_ptr_array_index (pdf.pages, i), "Kopi"));
    }

  copy = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 2);
  pdf_read (&pdf_copy, copy);
  for (guint i = 0; i < pdf_copy.pages->len; i++)
    assert_contains (g_ptr_array_index (pdf_copy.pages, i), "Kopi 2");
}

/* 2,000 log entries: the annex runs over many pages and every entry is in it once. */
static void
test_long_log_paginates (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;
  const guint n = 2000;

  create_real_station (fixture);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("note-%u", i);
      g_autofree char *line = g_strdup_printf ("Logged line L%05u.", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) entry = vt_station_log_note (fixture->station, id, line, &error);
      g_assert_no_error (error);
    }

  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);
  /* Each note is in the log annex, once; part D is the board's own text. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *token = g_strdup_printf ("L%05u.", i);
      g_assert_cmpuint (count_occurrences (text, token), ==, 1);
    }
  g_assert_cmpuint (pdf.pages->len, >, 40);
  /* The log's table header on every page it runs over, from its first page to the seal
   * register's. */
  {
    guint first = 0, last = 0;

    for (guint i = 0; i < pdf.pages->len; i++)
      {
        const char *page = g_ptr_array_index (pdf.pages, i);
        if (strstr (page, "Vedlegg 1: Loggen") != NULL)
          first = i;
        if (strstr (page, "Vedlegg 2: Plomberegister") != NULL)
          last = i;
      }
    g_assert_cmpuint (last - first, >, 20);
    for (guint i = first; i < last; i++)
      {
        const char *page = g_ptr_array_index (pdf.pages, i);
        g_assert_nonnull (strstr (page, "Type"));
        g_assert_nonnull (strstr (page, "Ført av"));
      }
  }
}

/* ---- the other documents ---------------------------------------------------------------- */

static void
test_packing_lists_fill_counts (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;
  GPtrArray *lists;

  replay_busy_day (fixture);
  lists = vt_config_get_packing_lists (vt_station_get_config (fixture->station));
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PACKING_LIST, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);

  g_assert_cmpuint (lists->len, >, 0);
  g_assert_cmpuint (pdf.pages->len, >=, lists->len);
  for (guint i = 0; i < lists->len; i++)
    assert_contains (text, ((VtPackingList *)g_ptr_array_index (lists, i))->title);
  /* The roll marks in total, filled in from the journal. */
  assert_contains (text, "1816");
  assert_contains (text, "Pakket av");
  /* The stamps the board counted into shipment 1 (4 in the scenario) stand beside the item,
   * not a blank to write in. */
  {
    g_autofree char *row = pdf_row_text (&pdf, "Stempler, alle innlevert");
    g_assert_true (g_regex_match_simple ("^Stem ?pler[^0-9]*4$", row, 0, 0));
  }
}

/* The stamps counted into shipment 1 fill the packing list, as corrected: 2 entered, then
 * amended to 3. */
static void
test_packing_list_stamps_as_entered (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) packed = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();

  replay_busy_day (fixture);
  packed = NULL;
  {
    GListModel *journal = vt_station_get_journal (fixture->station);

    for (guint i = 0; i < g_list_model_get_n_items (journal) && packed == NULL; i++)
      {
        g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i);
        if (g_str_equal (vt_journal_entry_get_kind (entry), VT_KIND_SHIPMENT_PACKED))
          packed = g_object_ref (entry);
      }
  }
  g_assert_nonnull (packed);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PACKING_LIST, 0);
      g_auto(Pdf) pdf = { 0 };
      g_autofree char *row = NULL;

      pdf_read (&pdf, doc);
      row = pdf_row_text (&pdf, "Stempler, alle innlevert");
      g_test_message ("round %u: %s", round, row);
      g_assert_nonnull (row);
      /* The count is the row's only number, at its right end (the training mark may lay a
       * letter across the row). */
      g_assert_true (g_regex_match_simple (round == 0 ? "^Stem ?pler[^0-9]*4$" : "^Stem ?pler[^0-9]*2$",
                                           row, 0, 0));
      if (round == 0)
        {
          g_autoptr(JsonObject) changes = json_object_new ();
          g_autoptr(VtJournalEntry) amended = NULL;

          json_object_set_int_member (changes, "stamps", 2);
          json_object_set_int_member (payload, "entry", vt_journal_entry_get_seq (packed));
          json_object_set_string_member (payload, "reason", "Two stamps, not four");
          json_object_set_object_member (payload, "changes", json_object_ref (changes));
          amended = vt_station_execute (fixture->station, "amend-stamps",
                                        VT_KIND_CORRECTION_AMEND,
                                        vt_station_get_actor (fixture->station), payload, &error);
          g_assert_no_error (error);
          g_assert_nonnull (amended);
        }
    }
}

static void
test_receipt_two_copies (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };

  replay_busy_day (fixture);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_RECEIPT, 0);
  pdf_read (&pdf, doc);

  /* Shipment 1 and the final delivery, each in two copies on pages of their own. */
  g_assert_cmpuint (pdf.pages->len, ==, 4);
  assert_contains (g_ptr_array_index (pdf.pages, 0), "Overleveringskvittering for forsendelse 1");
  assert_contains (g_ptr_array_index (pdf.pages, 0), "blir i valgpermen");
  assert_contains (g_ptr_array_index (pdf.pages, 1), "følger forsendelse 1");
  assert_contains (g_ptr_array_index (pdf.pages, 2), "Overleveringskvittering for sluttleveransen");
  assert_contains (g_ptr_array_index (pdf.pages, 2), "blir hos lederen av stemmestyret");
  assert_contains (g_ptr_array_index (pdf.pages, 3), "følger med leveransen");
  for (guint i = 0; i < 4; i++)
    {
      assert_contains (g_ptr_array_index (pdf.pages, i), "Overlevert av");
      assert_contains (g_ptr_array_index (pdf.pages, i), "Mottatt av");
    }
}

static void
test_seal_register_balances (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) strips = NULL;

  replay_busy_day (fixture);
  strips = vt_station_dup_strips (fixture->station);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_SEALS, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);

  assert_contains (text, "Avstemming");
  assert_contains (text, "Ikke gjort rede for");
  /* Every strip that went on an urn by its own number; the rest in ranges; the balance
   * counts them all. */
  for (guint i = 0; i < strips->len; i++)
    {
      VtStripState *strip = g_ptr_array_index (strips, i);
      g_autofree char *number = g_strdup_printf ("%" PRId64, strip->number);

      if (strip->urn != NULL)
        assert_contains (text, number);
    }
  {
    /* poppler may join a cell and the next without a space */
    g_autofree char *received = g_strdup_printf ("Mottatt ?%u ", strips->len);
    g_assert_true (g_regex_match_simple (received, text, 0, 0));
  }
}

static VtJournalEntry *
sign (VtStation  *station,
      const char *person,
      GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\", \"strokes\": "
                                           "[[0.1, 0.8, 0.3, 0.2, 0.5, 0.7, 0.9, 0.3], "
                                           "[0.2, 0.9, 0.8, 0.9]]}", person);
  g_autofree char *id = g_uuid_string_random ();

  node = json_from_string (json, NULL);
  return vt_station_execute (station, id, "protocol.sign", vt_station_get_actor (station),
                             json_node_get_object (node), error);
}

static VtJournalEntry *
sign_with (VtStation  *station,
           const char *json,
           GError    **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autofree char *id = g_uuid_string_random ();

  return vt_station_execute (station, id, "protocol.sign", vt_station_get_actor (station),
                             json_node_get_object (node), error);
}

/* Signed in ink on the printed signature page: logged without strokes, one way only, and
 * staled like any signature. A signature with neither, or with both, is refused. */
static void
test_signature_in_ink (Fixture       *fixture,
                       gconstpointer  data)
{
  const VtPerson *chair;
  g_autoptr(VtJournalEntry) ink = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *none = NULL;
  g_autofree char *both = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *summary = NULL;

  replay_busy_day (fixture);
  chair = vt_config_get_chair (vt_station_get_config (fixture->station));
  none = g_strdup_printf ("{\"person\": \"%s\"}", chair->id);
  both = g_strdup_printf ("{\"person\": \"%s\", \"on_paper\": true, "
                          "\"strokes\": [[0.1, 0.8, 0.3, 0.2]]}", chair->id);
  paper = g_strdup_printf ("{\"person\": \"%s\", \"on_paper\": true}", chair->id);

  g_assert_null (sign_with (fixture->station, none, &error));
  g_assert_error (error, VT_RULE_ERROR, VT_RULE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (sign_with (fixture->station, both, &error));
  g_assert_error (error, VT_RULE_ERROR, VT_RULE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (vt_document_get_signature (fixture->station, chair->id), ==,
                   VT_SIGNATURE_NONE);

  ink = sign_with (fixture->station, paper, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ink);
  g_assert_cmpint (vt_document_get_signature (fixture->station, chair->id), ==,
                   VT_SIGNATURE_CURRENT);
  summary = vt_entry_kind_summarise (vt_entry_kind_lookup ("protocol.sign"),
                                     vt_station_get_config (fixture->station),
                                     vt_journal_entry_get_payload_object (ink));
  assert_contains (summary, "in ink");
  assert_contains (summary, chair->name);
  {
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_auto(Pdf) pdf = { 0 };

    pdf_read (&pdf, doc);
    g_assert_cmpint (poppler_document_get_n_pages (pdf.pdf), >, 1);
  }
}

/* Signed on screen: the strokes are ink in the signature box; a later entry leaves the
 * protocol amended after signing and asks for the signature again. */
static void
test_signatures (Fixture       *fixture,
                 gconstpointer  data)
{
  VtConfig *config;
  GPtrArray *people;
  const VtPerson *chair;
  const VtPerson *inspector = NULL;
  g_autoptr(VtJournalEntry) signature = NULL;
  g_autoptr(VtJournalEntry) refused = NULL;
  g_autoptr(VtJournalEntry) note = NULL;
  g_autoptr(GError) error = NULL;

  replay_busy_day (fixture);
  config = vt_station_get_config (fixture->station);
  chair = vt_config_get_chair (config);
  people = vt_config_get_people (config);
  for (guint i = 0; i < people->len; i++)
    if (((VtPerson *)g_ptr_array_index (people, i))->role == VT_ROLE_INSPEKTOR)
      inspector = g_ptr_array_index (people, i);

  g_assert_cmpint (vt_document_get_signature (fixture->station, chair->id), ==,
                   VT_SIGNATURE_NONE);
  /* The inspector is not on the board: refused, and the refusal is logged. */
  g_assert_nonnull (inspector);
  refused = sign (fixture->station, inspector->id, &error);
  g_assert_null (refused);
  g_assert_error (error, VT_RULE_ERROR, VT_RULE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  signature = sign (fixture->station, chair->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_document_get_signature (fixture->station, chair->id), ==,
                   VT_SIGNATURE_CURRENT);
  {
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_auto(Pdf) pdf = { 0 };
    g_autofree char *text = NULL;

    pdf_read (&pdf, doc);
    text = pdf_text (&pdf);
    g_assert_null (strstr (text, "ENDRET ETTER SIGNERING"));
    assert_contains (text, "Underskrifter:");
  }

  /* Printing it is logged and makes the next print a numbered copy, without touching the
   * signature. */
  g_assert_cmpuint (vt_document_next_copy (fixture->station, VT_DOCUMENT_PROTOCOL), ==, 0);
  g_assert_true (vt_document_log_printed (fixture->station, VT_DOCUMENT_PROTOCOL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vt_document_next_copy (fixture->station, VT_DOCUMENT_PROTOCOL), ==, 1);
  g_assert_cmpuint (vt_document_next_copy (fixture->station, VT_DOCUMENT_RECEIPT), ==, 0);
  g_assert_cmpint (vt_document_get_signature (fixture->station, chair->id), ==,
                   VT_SIGNATURE_CURRENT);
  g_assert_cmpint (vt_document_get_signature_staled_by (fixture->station, chair->id), ==, 0);

  note = vt_station_log_note (fixture->station, "after", "The courier came back", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_document_get_signature (fixture->station, chair->id), ==,
                   VT_SIGNATURE_STALE);
  g_assert_cmpint (vt_document_get_signature_staled_by (fixture->station, chair->id), ==,
                   vt_journal_entry_get_seq (note));
  {
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_auto(Pdf) pdf = { 0 };
    g_autofree char *text = NULL;

    pdf_read (&pdf, doc);
    text = pdf_text (&pdf);
    assert_contains (text, "ENDRET ETTER SIGNERING");
  }
}

/* Every board member's signature, checked against @expected. */
static void
assert_board_signatures (VtStation        *station,
                         VtSignatureState  expected,
                         gint64            staled_by)
{
  GPtrArray *people = vt_config_get_people (vt_station_get_config (station));
  guint n = 0;

  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);

      if (!vt_role_is_board (person->role))
        continue;
      g_test_message ("%s", person->id);
      g_assert_cmpint (vt_document_get_signature (station, person->id), ==, expected);
      g_assert_cmpint (vt_document_get_signature_staled_by (station, person->id), ==, staled_by);
      n++;
    }
  g_assert_cmpuint (n, >=, 3);
}

/* What the window does after every board member signed: print, save a PDF, print a second
 * copy, refuse a key, keep the second copy (station file and protocol PDF) up to date. None
 * of it changes what the protocol says, so every signature stays current; an entry that does
 * change it stales them all and is named. */
static void
test_signatures_survive_prints_and_refusals (Fixture       *fixture,
                                             gconstpointer  data)
{
  GPtrArray *people;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) note = NULL;
  g_autofree char *copy_dir = NULL;
  g_autofree char *copy_path = NULL;
  g_autofree char *signed_text = NULL;

  replay_busy_day (fixture);
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_PROTOCOL);
  people = vt_config_get_people (vt_station_get_config (fixture->station));
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      g_autoptr(VtJournalEntry) signature = NULL;

      if (!vt_role_is_board (person->role))
        continue;
      signature = sign (fixture->station, person->id, &error);
      g_assert_no_error (error);
    }
  assert_board_signatures (fixture->station, VT_SIGNATURE_CURRENT, 0);
  {
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_auto(Pdf) pdf = { 0 };

    pdf_read (&pdf, doc);
    signed_text = pdf_text (&pdf);
  }

  /* Printed (Ctrl+P), saved as PDF (Ctrl+E), then printed again: a numbered copy. */
  for (guint copy = 0; copy < 3; copy++)
    {
      g_autoptr(VtDoc) doc = NULL;

      g_assert_cmpuint (vt_document_next_copy (fixture->station, VT_DOCUMENT_PROTOCOL), ==,
                        copy);
      doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, copy);
      g_assert_true (vt_document_log_printed (fixture->station, VT_DOCUMENT_PROTOCOL, copy,
                                              &error));
      g_assert_no_error (error);
    }
  g_assert_true (vt_document_log_printed (fixture->station, VT_DOCUMENT_PACKING_LIST, 0,
                                          &error));
  g_assert_no_error (error);
  assert_board_signatures (fixture->station, VT_SIGNATURE_CURRENT, 0);

  /* A key the rules refuse: an envelope after the count. */
  {
    g_autoptr(JsonObject) payload = json_object_new ();
    g_autoptr(VtJournalEntry) refused = NULL;

    json_object_set_string_member (payload, "urn", "U1");
    refused = vt_station_execute (fixture->station, "refused-key", VT_KIND_URN_OPEN,
                                  vt_station_get_actor (fixture->station), payload, &error);
    g_assert_null (refused);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  assert_board_signatures (fixture->station, VT_SIGNATURE_CURRENT, 0);

  /* The second copy: the station file and the protocol beside it. */
  copy_dir = g_build_filename (fixture->dir, "copy", NULL);
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
  copy_path = g_build_filename (copy_dir, "station.valgting", NULL);
  g_assert_true (vt_copy_station_file (fixture->path, copy_path, &error));
  g_assert_no_error (error);
  {
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_autofree char *pdf = g_build_filename (copy_dir, "protocol.pdf", NULL);

    g_assert_true (vt_doc_write_pdf (doc, pdf, &error));
    g_assert_no_error (error);
  }
  assert_board_signatures (fixture->station, VT_SIGNATURE_CURRENT, 0);
  {
    /* The copy says the same. */
    g_autoptr(VtStation) copy = vt_station_open (copy_path, &error);

    g_assert_no_error (error);
    assert_board_signatures (copy, VT_SIGNATURE_CURRENT, 0);
  }
  {
    /* The paper says what it said when it was signed, word for word: the prints and the
     * refusal after the signatures are not in its log. */
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_auto(Pdf) pdf = { 0 };
    g_autofree char *text = NULL;

    pdf_read (&pdf, doc);
    text = pdf_text (&pdf);
    g_assert_null (strstr (text, "ENDRET ETTER SIGNERING"));
    g_assert_cmpstr (text, ==, signed_text);
  }

  /* A content entry stales every signature and is named as the reason. */
  note = vt_station_log_note (fixture->station, "after-signing", "The courier came back", &error);
  g_assert_no_error (error);
  assert_board_signatures (fixture->station, VT_SIGNATURE_STALE, vt_journal_entry_get_seq (note));
  {
    g_autoptr(VtDoc) doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
    g_auto(Pdf) pdf = { 0 };
    g_autofree char *text = NULL;

    pdf_read (&pdf, doc);
    text = pdf_text (&pdf);
    assert_contains (text, "ENDRET ETTER SIGNERING");
    assert_contains (text, "The courier came back");
  }
  /* Printing after that changes neither. */
  g_assert_true (vt_document_log_printed (fixture->station, VT_DOCUMENT_PROTOCOL, 3, &error));
  assert_board_signatures (fixture->station, VT_SIGNATURE_STALE, vt_journal_entry_get_seq (note));
}

/* Strokes arrive as ink: the signature page differs from the same page unsigned. */
static void
test_signature_is_drawn (Fixture       *fixture,
                         gconstpointer  data)
{
  const VtPerson *chair;
  g_autoptr(VtDoc) before = NULL;
  g_autoptr(VtDoc) after = NULL;
  g_autoptr(VtJournalEntry) signature = NULL;
  g_autoptr(GError) error = NULL;
  guint page = 0;

  replay_busy_day (fixture);
  chair = vt_config_get_chair (vt_station_get_config (fixture->station));
  before = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  signature = sign (fixture->station, chair->id, &error);
  g_assert_no_error (error);
  after = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);

  {
    g_auto(Pdf) pdf = { 0 };
    pdf_read (&pdf, before);
    for (guint i = 0; i < pdf.pages->len; i++)
      if (strstr (g_ptr_array_index (pdf.pages, i), "Dato:") != NULL)
        page = i;
  }
  {
    cairo_surface_t *images[2];
    VtDoc *docs[2] = { before, after };
    guint dark[2] = { 0, 0 };

    for (guint d = 0; d < 2; d++)
      {
        cairo_t *cr;
        const guint8 *pixels;
        int stride;

        images[d] = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);
        cr = cairo_create (images[d]);
        vt_doc_render_page (docs[d], cr, page, 595, 842);
        cairo_destroy (cr);
        cairo_surface_flush (images[d]);
        pixels = cairo_image_surface_get_data (images[d]);
        stride = cairo_image_surface_get_stride (images[d]);
        for (int y = 0; y < 842; y++)
          for (int x = 0; x < 595; x++)
            if (pixels[y * stride + x * 4 + 1] < 80)
              dark[d]++;
        cairo_surface_destroy (images[d]);
      }
    g_test_message ("dark pixels: %u unsigned, %u signed", dark[0], dark[1]);
    g_assert_cmpuint (dark[1], >, dark[0] + 50);
  }
}

/* The 2025 variant: the polling station's protocol, its D section with the control measures,
 * signed by the leader and the deputy only. */
static void
test_protocol_2025 (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(VtConfig) config = vt_test_load_config ("example-election.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *text = NULL;
  const char *signature_page = NULL;

  g_assert_cmpint (vt_config_get_protocol (config), ==, VT_PROTOCOL_2025);
  fixture->station = vt_station_create (fixture->path, config, &error);
  g_assert_no_error (error);
  doc = vt_document_build (fixture->station, VT_DOCUMENT_PROTOCOL, 0);
  pdf_read (&pdf, doc);
  text = pdf_text (&pdf);

  assert_contains (text, "Valglokalets protokoll");
  assert_contains (text, "Valglokale:");
  assert_contains (text, "D Avvik og kontrolltiltak");
  assert_contains (text, "E Spesielle hendelser");
  assert_contains (text, "Nestleder:");
  /* the 2025 form knows no stemmestyre and no krets */
  g_assert_null (strstr (text, "Valgprotokoll for stemmestyret"));
  g_assert_null (strstr (text, "stemmestyre"));
  g_assert_null (strstr (text, "Krets"));
  for (guint i = 0; i < pdf.pages->len; i++)
    if (strstr (g_ptr_array_index (pdf.pages, i), "Dato:") != NULL)
      signature_page = g_ptr_array_index (pdf.pages, i);
  g_assert_nonnull (signature_page);
  assert_contains (signature_page, "Hanne Eksempel");
  assert_contains (signature_page, "Lars Mønster");
  /* A board member who is neither leader nor deputy does not sign the 2025 form. */
  g_assert_null (strstr (signature_page, "Siri Prøve"));
}

/* valgting print works without a display. */
static void
test_cli_print (Fixture       *fixture,
                gconstpointer  data)
{
  const char *binary = g_getenv ("VALGTING_BINARY");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pdf_path = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (binary == NULL)
    {
      g_test_skip ("VALGTING_BINARY is not set");
      return;
    }
  replay_busy_day (fixture);
  g_clear_object (&fixture->station); /* the file is not held open twice */
  pdf_path = g_build_filename (fixture->dir, "protocol.pdf", NULL);

  {
    const char *argv[] = { binary, "print", "protocol", fixture->path, "-o", pdf_path, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR));
    g_assert_nonnull (strstr (out, "pages"));
  }
  {
    const char *argv[] = { binary, "print", "minutes", fixture->path, "-o", pdf_path, NULL };
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &err, &status, &error));
    g_assert_cmpint (WEXITSTATUS (status), ==, 2);
    g_assert_nonnull (strstr (err, "Usage"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/documents/protocol/has-the-sections-numbers-and-names", test_protocol_sections_and_numbers);
  ADD ("/documents/protocol/c1-urn-counts-beside-roll-marks", test_protocol_c1_cells);
  ADD ("/documents/protocol/who-counted-and-who-control-counted", test_protocol_who_counted);
  ADD ("/documents/protocol/remark-and-d-in-the-board-s-words", test_protocol_board_words);
  ADD ("/documents/protocol/accepted-warning-in-merknad-with-who-and-why",
       test_protocol_accepted_warning);
  ADD ("/documents/protocol/nynorsk-word-for-word", test_protocol_nynorsk);
  ADD ("/documents/protocol/totals-only-has-no-c2-and-no-blank-row", test_protocol_totals_only);
  ADD ("/documents/protocol/same-journal-same-bytes", test_protocol_is_reproducible);
  ADD ("/documents/protocol/real-station-unmarked-and-copies-numbered",
       test_real_station_and_copies);
  ADD ("/documents/protocol/2000-entries-paginate-with-nothing-lost", test_long_log_paginates);
  ADD ("/documents/packing-lists/fill-the-counts", test_packing_lists_fill_counts);
  ADD ("/documents/packing-lists/stamps-as-counted-into-shipment-1",
       test_packing_list_stamps_as_entered);
  ADD ("/documents/receipts/shipment-1-and-final-delivery-two-copies-each", test_receipt_two_copies);
  ADD ("/documents/seals/every-strip-and-the-balance", test_seal_register_balances);
  ADD ("/documents/cli/print-works-headless", test_cli_print);
  ADD ("/documents/protocol/signatures-and-amended-after-signing", test_signatures);
  ADD ("/documents/protocol/signature-in-ink-on-the-paper", test_signature_in_ink);
  ADD ("/documents/protocol/a-signature-is-drawn-as-ink", test_signature_is_drawn);
  ADD ("/documents/protocol/signatures-survive-prints-copies-and-refusals",
       test_signatures_survive_prints_and_refusals);
  ADD ("/documents/protocol/2025-variant-signed-by-leader-and-deputy", test_protocol_2025);
#undef ADD

  return g_test_run ();
}
