/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <poppler.h>

#include "vt-doc.h"
#include "vt-documents.h"
#include "vt-scenario.h"
#include "vt-test-util.h"

/* What every page carries and how its words are set, read back from the PDF as a reader (and
 * pdftotext) would: the footer's print time, title and page number with the checksum below
 * them; words broken only between words, never inside a column's title; the training mark
 * seen on the page but not read as its text. */

/* poppler-glib 22.02 declares no autoptr for its pages. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef struct
{
  PopplerDocument *pdf;
  GPtrArray *pages;   /* the text of each page */
} Pdf;

static void
pdf_clear (Pdf *pdf)
{
  g_clear_object (&pdf->pdf);
  g_clear_pointer (&pdf->pages, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pdf, pdf_clear)

static void
pdf_read (Pdf   *pdf,
          VtDoc *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = vt_doc_to_pdf (doc, &error);

  g_assert_no_error (error);
  pdf->pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  pdf->pages = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < poppler_document_get_n_pages (pdf->pdf); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf->pdf, i);
      g_ptr_array_add (pdf->pages, poppler_page_get_text (page));
    }
  g_assert_cmpuint (pdf->pages->len, ==, vt_doc_get_n_pages (doc));
}

static const char *
page_text (Pdf   *pdf,
           guint  i)
{
  return g_ptr_array_index (pdf->pages, i);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Where @needle is lowest on page @i, in page coordinates with y growing down (poppler's
 * find_text counts from the bottom); FALSE when it is not on the page. */
static gboolean
find_lowest (Pdf              *pdf,
             guint             i,
             const char       *needle,
             PopplerRectangle *found)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (pdf->pdf, (int)i);
  GList *matches = poppler_page_find_text_with_options (page, needle,
                                                        POPPLER_FIND_CASE_SENSITIVE);
  double width, height;
  gboolean any = FALSE;

  poppler_page_get_size (page, &width, &height);
  for (GList *l = matches; l != NULL; l = l->next)
    {
      PopplerRectangle *r = l->data;
      double top = height - MAX (r->y1, r->y2);

      if (!any || top > found->y1)
        {
          found->x1 = MIN (r->x1, r->x2);
          found->x2 = MAX (r->x1, r->x2);
          found->y1 = top;
          found->y2 = height - MIN (r->y1, r->y2);
          any = TRUE;
        }
    }
  g_list_free_full (matches, (GDestroyNotify)poppler_rectangle_free);
  return any;
}

/* A replayed training station, its clock at @now. */
typedef struct
{
  char *dir;
  char *path;
  VtStation *station;
  GDateTime *now;
} Station;

static GDateTime *
station_clock (gpointer data)
{
  return g_date_time_ref (((Station *)data)->now);
}

static void
station_replay (Station    *station,
                const char *scenario_name,
                GDateTime  *now)
{
  g_autofree char *scenario = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios",
                                                     scenario_name, NULL);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  station->dir = g_dir_make_tmp ("valgting-pages-XXXXXX", &error);
  g_assert_no_error (error);
  station->path = g_build_filename (station->dir, "station.valgting", NULL);
  g_assert_true (vt_scenario_replay (scenario, station->path, &report, &error));
  g_assert_no_error (error);
  station->station = vt_station_open (station->path, &error);
  g_assert_no_error (error);
  station->now = g_date_time_ref (now);
  vt_station_set_clock (station->station, station_clock, station);
}

static void
station_clear (Station *station)
{
  g_clear_object (&station->station);
  g_clear_pointer (&station->now, g_date_time_unref);
  if (station->dir != NULL)
    vt_test_remove_tree (station->dir);
  g_clear_pointer (&station->dir, g_free);
  g_clear_pointer (&station->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Station, station_clear)

/* ---- the footer ------------------------------------------------------------------------- */

/* Every page: the time of printing (the station's clock, in the election's time zone), the
 * title and "Side n av N" on one line, left to right, and the journal checksum below them. */
static void
test_footer (void)
{
  /* 20:31 UTC is 22:31 in Oslo in September. */
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2029-09-10T20:31:00Z", NULL);
  g_auto(Station) station = { 0 };
  g_autoptr(VtDoc) doc = NULL;
  g_autoptr(GRegex) page_number = g_regex_new ("Side [0-9]+ av [0-9]+", 0, 0, NULL);
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *title = NULL;

  station_replay (&station, "quiet-storting-day.json", now);
  doc = vt_document_build_in (station.station, VT_DOCUMENT_PROTOCOL, 0, "nb");
  pdf_read (&pdf, doc);
  /* The document's title, in the document's language. */
  title = poppler_document_get_title (pdf.pdf);
  g_assert_cmpstr (title, ==, "Valglokalets protokoll");
  g_assert_cmpuint (pdf.pages->len, >=, 3);

  for (guint i = 0; i < pdf.pages->len; i++)
    {
      g_autofree char *number = g_strdup_printf ("Side %u av %u", i + 1, pdf.pages->len);
      g_autoptr(GMatchInfo) match = NULL;
      PopplerRectangle time_at, title_at, number_at, checksum_at;
      guint numbers = 0;

      /* The right number, and no other. */
      for (g_regex_match (page_number, page_text (&pdf, i), 0, &match);
           g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *found = g_match_info_fetch (match, 0);
          g_assert_cmpstr (found, ==, number);
          numbers++;
        }
      g_assert_cmpuint (numbers, ==, 1);

      g_assert_true (find_lowest (&pdf, i, number, &number_at));
      if (!find_lowest (&pdf, i, "10.09.2029 22:31", &time_at))
        g_error ("page %u has no time of printing: %s", i + 1, page_text (&pdf, i));
      g_assert_true (find_lowest (&pdf, i, title, &title_at));
      g_assert_true (find_lowest (&pdf, i, "Kontrollsum for loggen", &checksum_at));

      /* At the bottom of the page, one line, in the form's order. */
      g_assert_cmpfloat (number_at.y1, >, 760.0);
      g_assert_cmpfloat (fabs (time_at.y1 - number_at.y1), <, 1.0);
      g_assert_cmpfloat (fabs (title_at.y1 - number_at.y1), <, 1.0);
      g_assert_cmpfloat (time_at.x2, <, title_at.x1);
      g_assert_cmpfloat (title_at.x2, <, number_at.x1);
      /* The checksum on the line below. */
      g_assert_cmpfloat (checksum_at.y1, >=, number_at.y2 - 0.5);
    }
}

/* A document without a time of printing has none in its footer, and two prints at two times
 * say so. */
static void
test_footer_time_is_set (void)
{
  g_autoptr(VtDoc) doc = vt_doc_new ("Pakkliste");
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Oslo");
  g_autoptr(GDateTime) first = g_date_time_new (tz, 2029, 9, 10, 21, 4, 0);
  g_autoptr(GDateTime) second = g_date_time_new (tz, 2029, 9, 11, 7, 15, 0);
  g_auto(Pdf) none = { 0 };
  g_auto(Pdf) at_first = { 0 };
  g_auto(Pdf) at_second = { 0 };

  vt_doc_set_footer (doc, "Kontrollsum for loggen 3f9a c2e1");
  vt_doc_paragraph (doc, "Innhold.");
  pdf_read (&none, doc);
  vt_doc_set_printed (doc, first);
  pdf_read (&at_first, doc);
  vt_doc_set_printed (doc, second);
  pdf_read (&at_second, doc);

  g_assert_null (strstr (page_text (&none, 0), "2029"));
  g_assert_nonnull (strstr (page_text (&at_first, 0), "10.09.2029 21:04"));
  g_assert_nonnull (strstr (page_text (&at_second, 0), "11.09.2029 07:15"));
  g_assert_null (strstr (page_text (&at_second, 0), "10.09.2029"));
}

/* ---- words ------------------------------------------------------------------------------ */

/* A table like the log's: a narrow number column titled "Loggføring", a kind column
 * narrower than "Taushetserklæring", a wide text column. */
static VtDoc *
narrow_columns_doc (void)
{
  VtDoc *doc = vt_doc_new ("Valgprotokoll for stemmestyret");
  VtDocTable *table;

  vt_doc_set_footer (doc, "Kontrollsum for loggen 3f9a c2e1");
  table = vt_doc_table_new (doc, 3);
  vt_doc_table_set_column (table, 0, "Loggføring", 0.75, VT_DOC_ALIGN_RIGHT);
  vt_doc_table_set_column (table, 1, "Taushetserklæring", 1.4, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 2, "Hva som skjedde", 6.35, VT_DOC_ALIGN_LEFT);
  for (guint i = 1; i <= 80; i++)
    {
      g_autofree char *seq = g_strdup_printf ("%u", i);

      vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL,
                            (const char *[]){ seq, "Taushetserklæring signert",
                                              "Loggføring av taushetserklæringen" });
    }
  vt_doc_table_end (table);
  return doc;
}

/* The column titles stand whole on every page the table is on (its header row is repeated),
 * and the cells' words are whole too: nothing is broken at the letter that reached the edge
 * ("Taushetserklærin-g", "Loggf-øring"). */
static void
test_words_not_broken (void)
{
  g_autoptr(VtDoc) doc = narrow_columns_doc ();
  g_auto(Pdf) pdf = { 0 };
  guint titles = 0, kinds = 0, entries = 0, signed_ = 0;

  vt_doc_set_language (doc, "nb");
  pdf_read (&pdf, doc);
  g_assert_cmpuint (pdf.pages->len, >=, 2);
  for (guint i = 0; i < pdf.pages->len; i++)
    {
      const char *text = page_text (&pdf, i);
      /* Each page's header row, whole. */
      if (!g_str_has_prefix (text, "Loggføring\nTaushetserklæring\nHva som skjedde\n"))
        g_error ("page %u: a column's title is broken:\n%s", i + 1, text);
      titles++;
      kinds += count (text, "Taushetserklæring");
      entries += count (text, "Loggføring");
      signed_ += count (text, "signert");
    }
  /* And every cell's words whole: the titles' and the 80 rows'. */
  g_assert_cmpuint (kinds, ==, titles + 80);
  g_assert_cmpuint (entries, ==, titles + 80);
  g_assert_cmpuint (signed_, ==, 80);
}

/* A word longer than the whole line (a checksum written without spaces) still has to go
 * somewhere: it breaks between characters, every character kept. */
static void
test_long_word_breaks_between_characters (void)
{
  g_autoptr(VtDoc) doc = vt_doc_new ("Kvittering");
  g_autoptr(GString) word = g_string_new (NULL);
  g_auto(Pdf) pdf = { 0 };
  g_autofree char *joined = NULL;

  /* Letters, where pango would put a hyphen at a break; and digits. */
  for (guint i = 0; i < 200; i++)
    g_string_append_c (word, "0123456789abcdefghijklmnopqrstuvwxyz"[(i * 7) % 36]);
  vt_doc_paragraph (doc, word->str);
  pdf_read (&pdf, doc);

  {
    g_auto(GStrv) lines = g_strsplit (page_text (&pdf, 0), "\n", -1);
    g_autofree char *start = g_strndup (word->str, 8);
    guint first = 0;

    while (lines[first] != NULL && strstr (lines[first], start) == NULL)
      first++;
    g_assert_nonnull (lines[first]);
    g_assert_nonnull (lines[first + 1]);
    /* More than one line (one would run off the page), and the lines are the word. */
    g_assert_null (strstr (lines[first], word->str));
    joined = g_strconcat (lines[first], lines[first + 1],
                          lines[first + 2] != NULL ? lines[first + 2] : "", NULL);
  }
  /* (A hyphen pango adds at a break is drawn but not text, so poppler cannot see one.) */
  g_assert_nonnull (strstr (joined, word->str));
}

/* ---- the training mark ------------------------------------------------------------------ */

/* How many pixels of @a and @b differ in the middle of page @i, rendered by poppler. */
static guint
pixels_differ (Pdf   *a,
               Pdf   *b,
               guint  i)
{
  cairo_surface_t *surfaces[2];
  Pdf *pdfs[2] = { a, b };
  guint n = 0;

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdfs[k]->pdf, (int)i);
      cairo_t *cr;

      surfaces[k] = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);
      cr = cairo_create (surfaces[k]);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surfaces[k]);
    }

  {
    int stride = cairo_image_surface_get_stride (surfaces[0]);
    const guint8 *pa = cairo_image_surface_get_data (surfaces[0]);
    const guint8 *pb = cairo_image_surface_get_data (surfaces[1]);

    /* The middle of the page, which the diagonal mark crosses. */
    for (int y = 321; y < 521; y++)
      for (int x = 197; x < 397; x++)
        if (((const guint32 *)(pa + y * stride))[x] != ((const guint32 *)(pb + y * stride))[x])
          n++;
  }
  cairo_surface_destroy (surfaces[0]);
  cairo_surface_destroy (surfaces[1]);
  return n;
}

/* A training protocol's text is a real one's text: the mark is seen across every page but is
 * not read among its words (the page header says "ØVINGSVALG" in words). */
static void
test_training_mark_is_not_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2029-09-10T20:31:00Z", NULL);
  g_auto(Station) station = { 0 };
  g_autoptr(VtDoc) doc = NULL;
  g_auto(Pdf) marked = { 0 };
  g_auto(Pdf) unmarked = { 0 };

  station_replay (&station, "quiet-storting-day.json", now);
  g_assert_true (vt_station_get_training (station.station));
  doc = vt_document_build_in (station.station, VT_DOCUMENT_PROTOCOL, 0, "nb");
  pdf_read (&marked, doc);
  vt_doc_set_watermark (doc, NULL);
  pdf_read (&unmarked, doc);

  g_assert_cmpuint (marked.pages->len, ==, unmarked.pages->len);
  for (guint i = 0; i < marked.pages->len; i++)
    {
      const char *text = page_text (&marked, i);

      g_assert_cmpstr (text, ==, page_text (&unmarked, i));
      g_assert_null (strstr (text, "ikke gyldig"));
      g_assert_nonnull (strstr (text, "ØVINGSVALG"));
      /* Seen: a good part of the middle of the page is the mark. */
      g_assert_cmpuint (pixels_differ (&marked, &unmarked, i), >, 2000);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pages/footer/time-title-number-and-checksum-below", test_footer);
  g_test_add_func ("/pages/footer/time-of-printing-as-set", test_footer_time_is_set);
  g_test_add_func ("/pages/words/never-broken-inside-a-word", test_words_not_broken);
  g_test_add_func ("/pages/words/too-long-word-breaks-between-characters",
                   test_long_word_breaks_between_characters);
  g_test_add_func ("/pages/training-mark/seen-not-read", test_training_mark_is_not_text);

  return g_test_run ();
}
