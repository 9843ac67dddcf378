/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "vt-doc.h"
#include "vt-doc-private.h"

/* The layout engine, read back as a reader would: the text on each page of the PDF, through
 * poppler, and the pixels of a rendered page. */

typedef struct
{
  PopplerDocument *pdf;
  GPtrArray       *pages;  /* each page's text */
} Reading;

static void
reading_clear (Reading *reading)
{
  g_clear_object (&reading->pdf);
  g_clear_pointer (&reading->pages, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reading, reading_clear)

static void
read_pdf (VtDoc   *doc,
          Reading *reading)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = vt_doc_to_pdf (doc, &error);
  int n;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  reading->pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  n = poppler_document_get_n_pages (reading->pdf);
  reading->pages = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (reading->pdf, i);

      g_ptr_array_add (reading->pages, poppler_page_get_text (page));
      g_object_unref (page);
    }
  g_assert_cmpuint (reading->pages->len, ==, vt_doc_get_n_pages (doc));
}

static const char *
page_text (Reading *reading,
           guint    page)
{
  return g_ptr_array_index (reading->pages, page);
}

/* The first page with @needle on it, or -1. */
static int
page_of (Reading    *reading,
         const char *needle)
{
  for (guint i = 0; i < reading->pages->len; i++)
    if (strstr (page_text (reading, i), needle) != NULL)
      return (int)i;
  return -1;
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

static VtDoc *
new_doc (void)
{
  VtDoc *doc = vt_doc_new ("Valgprotokoll for stemmestyret");

  vt_doc_set_header (doc, "Krets 0301 Sentrum — Stortingsvalget 2029", "Valgprotokoll");
  vt_doc_set_footer (doc, "Logg 3f9a…c2e1, siste oppføring 21:04");
  return doc;
}

/* A table of @n_rows rows whose first cell reads "Rad-0001" and so on. */
static void
add_numbered_table (VtDoc *doc,
                    guint  n_rows)
{
  VtDocTable *table = vt_doc_table_new (doc, 3);

  vt_doc_table_set_column (table, 0, "Stemmeseddel-ÆØÅ", 3, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, "Antall", 1, VT_DOC_ALIGN_RIGHT);
  vt_doc_table_set_column (table, 2, "Kontrollert", 1, VT_DOC_ALIGN_CHECKBOX);
  for (guint i = 1; i <= n_rows; i++)
    {
      g_autofree char *name = g_strdup_printf ("Rad-%04u blå", i);
      g_autofree char *number = g_strdup_printf ("%u", i * 7);
      const char *cells[] = { name, number, NULL };

      vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, cells);
    }
  vt_doc_table_end (table);
}

static void
test_text_appears (void)
{
  g_autoptr(VtDoc) doc = new_doc ();
  g_auto(Reading) reading = { 0 };
  VtDocTable *table;
  guint n;

  vt_doc_heading (doc, 1, "Valgprotokoll for stemmestyret");
  vt_doc_heading (doc, 2, "A1 Valgdager og åpningstider");
  vt_doc_note (doc, "Fylles ut av stemmestyrets leder.");
  vt_doc_paragraph (doc, "Søndag 9. september 2029 kl. 14:00–20:00.");
  vt_doc_paragraph (doc, "Tegn som <b>ikke</b> er markup & heller ikke &amp; entiteter.");
  table = vt_doc_table_new (doc, 2);
  vt_doc_table_set_column (table, 0, "Navn", 2, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, "Møtt", 1, VT_DOC_ALIGN_CENTER);
  vt_doc_table_add_row (table, VT_DOC_ROW_SUBHEAD, (const char *[]){ "Stemmestyret", NULL });
  vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, (const char *[]){ "Kari Øvingsen", "ja" });
  vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, (const char *[]){ "Åse Ærlig", NULL });
  vt_doc_table_add_row (table, VT_DOC_ROW_TOTAL, (const char *[]){ "Sum", "2" });
  vt_doc_table_end (table);
  /* Enough to need several pages. */
  for (guint i = 0; i < 150; i++)
    vt_doc_paragraph (doc, "Fyll. Dette avsnittet er her for å gi dokumentet flere sider.");
  vt_doc_heading (doc, 3, "D Andre forhold");
  vt_doc_paragraph (doc, "Ingen merknader.");

  read_pdf (doc, &reading);
  n = reading.pages->len;
  g_assert_cmpuint (n, >=, 3);

  for (const char * const *s = (const char * const []){
         "Valgprotokoll for stemmestyret", "A1 Valgdager og åpningstider",
         "Fylles ut av stemmestyrets leder.", "Søndag 9. september 2029 kl. 14:00–20:00.",
         "Tegn som <b>ikke</b> er markup & heller ikke &amp; entiteter.", "Stemmestyret",
         "Kari Øvingsen", "Åse Ærlig", "Navn", "Møtt", "Sum", "D Andre forhold",
         "Ingen merknader.", NULL };
       *s != NULL; s++)
    if (page_of (&reading, *s) < 0)
      g_error ("“%s” is not in the PDF", *s);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("Side %u av %u", i + 1, n);
      const char *text = page_text (&reading, i);

      g_assert_nonnull (strstr (text, "Krets 0301 Sentrum — Stortingsvalget 2029"));
      g_assert_nonnull (strstr (text, "Valgprotokoll"));
      g_assert_nonnull (strstr (text, "Logg 3f9a…c2e1, siste oppføring 21:04"));
      g_assert_nonnull (strstr (text, number));
    }

  /* The title is in the metadata, as is who made it. */
  {
    g_autofree char *title = poppler_document_get_title (reading.pdf);
    g_autofree char *creator = poppler_document_get_creator (reading.pdf);

    g_assert_cmpstr (title, ==, "Valgprotokoll for stemmestyret");
    g_assert_cmpstr (creator, ==, "Valgting");
  }
}

static void
test_long_paragraph_splits (void)
{
  g_autoptr(VtDoc) doc = new_doc ();
  g_auto(Reading) reading = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) all = g_string_new (NULL);

  /* One paragraph longer than a page: it splits between lines, and every word survives. */
  for (guint i = 0; i < 1200; i++)
    g_string_append_printf (text, "ord%04u ", i);
  vt_doc_paragraph (doc, text->str);
  read_pdf (doc, &reading);
  g_assert_cmpuint (reading.pages->len, >=, 2);
  for (guint i = 0; i < reading.pages->len; i++)
    g_string_append (all, page_text (&reading, i));
  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *word = g_strdup_printf ("ord%04u", i);
      g_assert_cmpuint (count (all->str, word), ==, 1);
    }
}

static void
test_long_table_paginates (void)
{
  g_autoptr(VtDoc) doc = new_doc ();
  g_auto(Reading) reading = { 0 };
  g_autofree guint *seen = g_new0 (guint, 2001);
  gint64 start, laid_out, written;
  guint n;

  vt_doc_heading (doc, 2, "C1 Stemmesedler i urnen");
  add_numbered_table (doc, 2000);

  start = g_get_monotonic_time ();
  n = vt_doc_get_n_pages (doc);
  laid_out = g_get_monotonic_time ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = vt_doc_to_pdf (doc, &error);
    g_assert_no_error (error);
  }
  written = g_get_monotonic_time ();
  g_test_message ("2000 rows: %u pages, laid out in %.3f s, written in %.3f s", n,
                  (laid_out - start) / 1e6, (written - laid_out) / 1e6);
  g_assert_cmpuint (n, >, 20);
  /* Well under a second on a laptop; the bound leaves room for a slow, busy test machine. */
  g_assert_cmpint (written - start, <, 3 * G_USEC_PER_SEC);

  read_pdf (doc, &reading);
  for (guint i = 0; i < reading.pages->len; i++)
    {
      const char *text = page_text (&reading, i);

      /* The header row on every page the table continues on. */
      g_assert_nonnull (strstr (text, "Stemmeseddel-ÆØÅ"));
      g_assert_nonnull (strstr (text, "Antall"));
      for (const char *p = strstr (text, "Rad-"); p != NULL; p = strstr (p + 1, "Rad-"))
        {
          guint64 row = g_ascii_strtoull (p + 4, NULL, 10);

          g_assert_cmpuint (row, >=, 1);
          g_assert_cmpuint (row, <=, 2000);
          seen[row]++;
        }
    }
  /* Every row exactly once: none lost at a page break, none repeated. */
  for (guint i = 1; i <= 2000; i++)
    if (seen[i] != 1)
      g_error ("row %u appears %u times", i, seen[i]);
}

static void
test_watermark (void)
{
  g_auto(Reading) with = { 0 };
  g_auto(Reading) without = { 0 };
  g_auto(Reading) cleared = { 0 };
  g_autoptr(VtDoc) doc = new_doc ();

  add_numbered_table (doc, 150);
  read_pdf (doc, &without);
  vt_doc_set_watermark (doc, "ØVING — ikke gyldig");
  read_pdf (doc, &with);
  vt_doc_set_watermark (doc, NULL);
  read_pdf (doc, &cleared);

  /* The mark is drawn as outlines, not text: diagonal text would come out of poppler in
   * pieces, in among the page's own words. So the text reads the same with it as without
   * (test-pages checks that it is seen). */
  g_assert_cmpuint (with.pages->len, >=, 3);
  g_assert_cmpuint (with.pages->len, ==, without.pages->len);
  g_assert_cmpuint (cleared.pages->len, ==, without.pages->len);
  for (guint i = 0; i < with.pages->len; i++)
    {
      g_assert_cmpstr (page_text (&with, i), ==, page_text (&without, i));
      g_assert_null (strstr (page_text (&without, i), "ØV"));
      g_assert_cmpstr (page_text (&cleared, i), ==, page_text (&without, i));
    }
}

static void
test_copy_label (void)
{
  g_autoptr(VtDoc) doc = new_doc ();
  g_auto(Reading) reading = { 0 };

  add_numbered_table (doc, 100);
  vt_doc_set_copy_label (doc, "Kopi 2");
  read_pdf (doc, &reading);
  for (guint i = 0; i < reading.pages->len; i++)
    g_assert_nonnull (strstr (page_text (&reading, i), "Kopi 2"));
}

static GBytes *
pdf_at (VtDoc     *doc,
        GDateTime *created)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  vt_doc_set_created (doc, created);
  bytes = vt_doc_to_pdf (doc, &error);
  g_assert_no_error (error);
  return bytes;
}

static void
test_reproducible (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Oslo");
  g_autoptr(GDateTime) evening = g_date_time_new (tz, 2029, 9, 10, 21, 4, 30.25);
  g_autoptr(GDateTime) later = g_date_time_new (tz, 2029, 9, 10, 22, 0, 0);
  g_autoptr(VtDoc) doc = new_doc ();
  g_autoptr(VtDoc) again = new_doc ();
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) other_doc = NULL;
  g_autoptr(GBytes) other_date = NULL;
  g_autoptr(GBytes) undated = NULL;
  g_autoptr(GBytes) undated_again = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *pdf;

  for (VtDoc **d = (VtDoc *[]){ doc, again, NULL }; *d != NULL; d++)
    {
      vt_doc_heading (*d, 1, "Valgprotokoll");
      vt_doc_paragraph (*d, "Æ ø å.");
      add_numbered_table (*d, 60);
      vt_doc_set_watermark (*d, "ØVING");
    }

  undated = pdf_at (doc, NULL);
  undated_again = pdf_at (doc, NULL);
  g_assert_true (g_bytes_equal (undated, undated_again));

  first = pdf_at (doc, evening);
  second = pdf_at (doc, evening);
  other_doc = pdf_at (again, evening);
  other_date = pdf_at (doc, later);
  g_assert_true (g_bytes_equal (first, second));
  /* Another document object with the same content: the same bytes too. */
  g_assert_true (g_bytes_equal (first, other_doc));
  g_assert_false (g_bytes_equal (first, other_date));
  g_assert_false (g_bytes_equal (first, undated));

  /* The date is the one given, to the second. */
  pdf = poppler_document_new_from_bytes (first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_creation_date (pdf), ==,
                   g_date_time_to_unix (evening));
  g_assert_cmpint (poppler_document_get_modification_date (pdf), ==,
                   g_date_time_to_unix (evening));
  g_object_unref (pdf);
}

static void
add_filler (VtDoc *doc,
            guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Fyll %u.", i);
      vt_doc_paragraph (doc, text);
    }
}

static void
test_heading_keeps_with_next (void)
{
  gboolean moved = FALSE;

  /* More and more filler above a heading and a table: whatever the space left at the bottom
   * of the first page, the heading is on the page where the table starts. */
  for (guint n = 30; n < 60; n++)
    {
      g_autoptr(VtDoc) alone = new_doc ();
      g_autoptr(VtDoc) doc = new_doc ();
      g_auto(Reading) alone_reading = { 0 };
      g_auto(Reading) reading = { 0 };
      VtDocTable *table;
      int heading_alone, heading, row;

      add_filler (alone, n);
      vt_doc_heading (alone, 2, "C1 Stemmesedler");

      add_filler (doc, n);
      vt_doc_heading (doc, 2, "C1 Stemmesedler");
      table = vt_doc_table_new (doc, 2);
      vt_doc_table_set_column (table, 0, "Valgtype", 3, VT_DOC_ALIGN_LEFT);
      vt_doc_table_set_column (table, 1, "Antall", 1, VT_DOC_ALIGN_RIGHT);
      vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, (const char *[]){ "Første rad", "12" });
      vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, (const char *[]){ "Andre rad", "7" });
      vt_doc_table_end (table);

      read_pdf (alone, &alone_reading);
      read_pdf (doc, &reading);
      heading_alone = page_of (&alone_reading, "C1 Stemmesedler");
      heading = page_of (&reading, "C1 Stemmesedler");
      row = page_of (&reading, "Første rad");
      g_assert_cmpint (heading, >=, 0);
      g_assert_cmpint (heading, ==, row);
      g_assert_cmpint (page_of (&reading, "Valgtype"), ==, row);

      /* The case that matters: the heading alone would have fit on the first page. */
      if (heading_alone == 0 && heading == 1)
        {
          g_test_message ("with %u paragraphs the heading moved to the table's page", n);
          g_assert_cmpint (page_of (&reading, "Fyll 0."), ==, 0);
          moved = TRUE;
        }
    }
  g_assert_true (moved);
}

static const double stroke[] = {
  0.05, 0.7, 0.2, 0.2, 0.35, 0.8, 0.5, 0.3, NAN, NAN, 0.6, 0.6, 0.95, 0.5,
};

static VtDoc *
signed_doc (gboolean with_ink)
{
  VtDoc *doc = new_doc ();
  const VtDocSigner signers[] = {
    { "Stemmestyrets leder", "Kari Øvingsen", with_ink ? stroke : NULL,
      with_ink ? G_N_ELEMENTS (stroke) : 0 },
    { "Nestleder", "Per Prøve", NULL, 0 },
    { "Medlem", "Åse Ærlig", NULL, 0 },
  };

  vt_doc_paragraph (doc, "Protokollen er lest og godkjent.");
  vt_doc_signatures (doc, signers, G_N_ELEMENTS (signers));
  return doc;
}

static void
test_signatures_after_table (void)
{
  g_autoptr(VtDoc) doc = new_doc ();
  g_autoptr(VtDoc) headed = new_doc ();
  g_autoptr(VtDoc) plain = signed_doc (FALSE);
  g_auto(Reading) reading = { 0 };
  g_auto(Reading) headed_reading = { 0 };
  g_auto(Reading) plain_reading = { 0 };
  const VtDocSigner signer = { "Stemmestyrets leder", "Kari Øvingsen", NULL, 0 };

  /* A short table: there would be room for the signatures under it. */
  add_numbered_table (doc, 3);
  vt_doc_signatures (doc, &signer, 1);
  read_pdf (doc, &reading);
  g_assert_cmpint (page_of (&reading, "Rad-0003"), ==, 0);
  g_assert_cmpint (page_of (&reading, "Kari Øvingsen"), ==, 1);
  g_assert_cmpint (page_of (&reading, "Stemmestyrets leder"), ==, 1);

  /* A heading over the signatures goes with them. */
  add_numbered_table (headed, 3);
  vt_doc_heading (headed, 2, "Underskrifter");
  vt_doc_signatures (headed, &signer, 1);
  read_pdf (headed, &headed_reading);
  g_assert_cmpint (page_of (&headed_reading, "Rad-0003"), ==, 0);
  g_assert_cmpint (page_of (&headed_reading, "Underskrifter"), ==, 1);
  g_assert_cmpint (page_of (&headed_reading, "Kari Øvingsen"), ==, 1);

  /* Without a table above, they share the page. */
  read_pdf (plain, &plain_reading);
  g_assert_cmpuint (plain_reading.pages->len, ==, 1);
  g_assert_cmpint (page_of (&plain_reading, "Åse Ærlig"), ==, 0);
  g_assert_cmpint (page_of (&plain_reading, "Nestleder"), ==, 0);
}

static cairo_surface_t *
render (VtDoc *doc,
        guint  page,
        int    width,
        int    height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  /* Not white, so the page's own background shows. */
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_paint (cr);
  vt_doc_render_page (doc, cr, page, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guchar *data = cairo_image_surface_get_data (surface);

  return *(const guint32 *)(data + y * cairo_image_surface_get_stride (surface) + x * 4)
         & 0xffffff;
}

static void
test_signature_ink (void)
{
  g_autoptr(VtDoc) inked = signed_doc (TRUE);
  g_autoptr(VtDoc) blank = signed_doc (FALSE);
  cairo_surface_t *with, *without;
  guint differ = 0, dark = 0;
  int width = 595, height = 842;

  g_assert_cmpuint (vt_doc_get_n_pages (inked), ==, 1);
  with = render (inked, 0, width, height);
  without = render (blank, 0, width, height);

  /* The strokes are the only difference, and they are ink, not a faint smudge. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixel (with, x, y) != pixel (without, x, y))
        {
          guint32 p = pixel (with, x, y);

          differ++;
          if (((p >> 16) & 0xff) < 0x80 && ((p >> 8) & 0xff) < 0x80)
            dark++;
        }
  g_test_message ("the strokes changed %u pixels, %u of them dark", differ, dark);
  g_assert_cmpuint (differ, >, 200);
  g_assert_cmpuint (dark, >, 50);

  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

static VtDoc *
tick_list (VtDocAlign align)
{
  VtDoc *doc = new_doc ();
  VtDocTable *table = vt_doc_table_new (doc, 2);

  vt_doc_table_set_column (table, 0, "Gjenstand", 4, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, "Pakket", 1, align);
  for (guint i = 0; i < 10; i++)
    vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL,
                          (const char *[]){ "Stemmesedler, kommunestyret", "x" });
  vt_doc_table_end (table);
  return doc;
}

static void
test_checkbox (void)
{
  g_autoptr(VtDoc) boxes = tick_list (VT_DOC_ALIGN_CHECKBOX);
  g_autoptr(VtDoc) empty = tick_list (VT_DOC_ALIGN_CENTER);
  g_auto(Reading) reading = { 0 };
  cairo_surface_t *with, *without;
  guint differ = 0;

  /* The box replaces the cell's text: no "x" anywhere on the page. */
  read_pdf (boxes, &reading);
  g_assert_null (strchr (page_text (&reading, 0), 'x'));
  g_assert_nonnull (strstr (page_text (&reading, 0), "Pakket"));

  with = render (boxes, 0, 595, 842);
  without = render (empty, 0, 595, 842);
  for (int y = 0; y < 842; y++)
    for (int x = 0; x < 595; x++)
      differ += pixel (with, x, y) != pixel (without, x, y);
  /* Ten squares of about 9 × 9 points: their outlines, less the "x" they replace. */
  g_assert_cmpuint (differ, >, 10 * 20);
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

static void
test_render_agrees_with_pdf (void)
{
  g_autoptr(VtDoc) doc = new_doc ();
  g_auto(Reading) reading = { 0 };
  guint n;

  vt_doc_heading (doc, 1, "Pakkliste");
  add_numbered_table (doc, 120);
  vt_doc_page_break (doc);
  vt_doc_paragraph (doc, "Etter sideskift.");
  n = vt_doc_get_n_pages (doc);
  read_pdf (doc, &reading);
  g_assert_cmpuint (reading.pages->len, ==, n);
  g_assert_cmpint (page_of (&reading, "Etter sideskift."), ==, (int)n - 1);
  g_assert_cmpint (page_of (&reading, "Rad-0120"), ==, (int)n - 2);

  for (guint i = 0; i < n; i++)
    {
      /* Wider than A4: the page is centred, white, with the caller's background beside it. */
      cairo_surface_t *surface = render (doc, i, 400, 300);
      guint ink = 0;

      g_assert_cmphex (pixel (surface, 200, 2), ==, 0xffffff);
      g_assert_cmphex (pixel (surface, 2, 150), ==, 0x333333);
      for (int y = 0; y < 300; y++)
        for (int x = 0; x < 400; x++)
          ink += pixel (surface, x, y) != 0xffffff && pixel (surface, x, y) != 0x333333;
      g_assert_cmpuint (ink, >, 100);
      cairo_surface_destroy (surface);
    }
}

/* Cells of every length in columns of every alignment, bold and not, in words a Norwegian
 * document meets: Sámi letters, dashes, figures, pairs a font kerns. */
static VtDoc *
doc_of_many_cells (gboolean exact)
{
  static const char *const words[] = {
    "Kari", "Øvingsen", "—", "AVATAR", "To", "Yr", "čđŋšŧž", "áÁ", "12:35:48", "1 234",
    "Stemmegivning", "i", "særskilt", "omslag", "«sitat»", "Vågå", "fikk", "hjelp", "ff", "–",
  };
  VtDoc *doc = new_doc ();
  VtDocTable *table = vt_doc_table_new (doc, 4);
  g_autoptr(GString) text = g_string_new (NULL);

  doc->exact_cells = exact;
  vt_doc_table_set_column (table, 0, "Tid", 1.1, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, "Hendelse", 4, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 2, "Antall", 1, VT_DOC_ALIGN_RIGHT);
  vt_doc_table_set_column (table, 3, "Rode", 0.9, VT_DOC_ALIGN_CENTER);
  /* One more character a row, so every column's width is crossed at every length. */
  for (guint i = 0; text->len < 600; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", words[(i * 7) % G_N_ELEMENTS (words)]);
  for (glong n = 0; n < g_utf8_strlen (text->str, -1); n++)
    {
      g_autofree char *prefix = g_utf8_substring (text->str, 0, n);
      g_autofree char *tail = g_utf8_substring (text->str, MAX (0, n - 14), n);
      const char *cells[] = { tail, prefix, tail, tail };

      vt_doc_table_add_row (table, n % 7 == 6 ? VT_DOC_ROW_TOTAL : VT_DOC_ROW_NORMAL, cells);
    }
  /* Texts repeated down the columns, as the name of whoever logged each entry is: measured
   * once and, seen again, shaped once. One of them wraps. */
  for (guint n = 0; n < 60; n++)
    {
      static const char *const names[] = { "Kari Øvingsen", "Ola Nordmann-Svendsen Åsheim", "17" };
      const char *cells[] = { names[n % 3], names[(n + 1) % 3], names[n % 3], names[(n + 2) % 3] };

      vt_doc_table_add_row (table, n % 5 == 4 ? VT_DOC_ROW_TOTAL : VT_DOC_ROW_NORMAL, cells);
    }
  vt_doc_table_end (table);
  return doc;
}

/* A cell short enough for its column is measured and drawn without shaping it twice
 * (vt-doc-draw.c): it must take exactly the height and the words pango would have given it. */
static void
test_one_line_cells (void)
{
  g_autoptr(VtDoc) quick = doc_of_many_cells (FALSE);
  g_autoptr(VtDoc) exact = doc_of_many_cells (TRUE);
  g_auto(Reading) quick_reading = { 0 };
  g_auto(Reading) exact_reading = { 0 };
  VtDocTable *quick_table, *exact_table;
  guint n_quick = 0;

  vt_doc_ensure_layout (quick);
  vt_doc_ensure_layout (exact);
  quick_table = ((Block *)g_ptr_array_index (quick->blocks, 0))->table;
  exact_table = ((Block *)g_ptr_array_index (exact->blocks, 0))->table;
  g_assert_cmpuint (quick_table->rows->len, ==, exact_table->rows->len);
  g_assert_cmpuint (quick_table->rows->len, >, 500);
  for (guint i = 0; i < quick_table->rows->len; i++)
    {
      Row *a = &g_array_index (quick_table->rows, Row, i);
      Row *b = &g_array_index (exact_table->rows, Row, i);

      if (a->height != b->height)
        g_error ("row %u (%s | %s): %g high, pango makes it %g", i, a->cells[0], a->cells[1],
                 a->height, b->height);
    }
  /* The quick way was taken, and only where it should be. */
  g_assert_nonnull (quick->advances);
  g_assert_null (exact->advances);
  for (guint c = 0; c < 4 * (0x250 + 0xd0); c++)
    n_quick += quick->advances[c] > 0;
  g_assert_cmpuint (n_quick, >, 40);

  g_assert_cmpuint (vt_doc_get_n_pages (quick), ==, vt_doc_get_n_pages (exact));
  read_pdf (quick, &quick_reading);
  read_pdf (exact, &exact_reading);
  g_assert_cmpuint (quick->n_cell_layouts, >=, 3);
  g_assert_null (exact->cells);
  for (guint p = 0; p < quick_reading.pages->len; p++)
    {
      PopplerPage *a = poppler_document_get_page (quick_reading.pdf, (int)p);
      PopplerPage *b = poppler_document_get_page (exact_reading.pdf, (int)p);
      g_autofree PopplerRectangle *a_boxes = NULL;
      g_autofree PopplerRectangle *b_boxes = NULL;
      guint n_a = 0, n_b = 0;
      double most = 0;

      g_assert_cmpstr (page_text (&quick_reading, p), ==, page_text (&exact_reading, p));
      /* and every letter where pango put it, give or take a shade of kerning */
      g_assert_true (poppler_page_get_text_layout (a, &a_boxes, &n_a));
      g_assert_true (poppler_page_get_text_layout (b, &b_boxes, &n_b));
      g_assert_cmpuint (n_a, ==, n_b);
      for (guint c = 0; c < n_a; c++)
        {
          most = MAX (most, fabs (a_boxes[c].x1 - b_boxes[c].x1));
          g_assert_cmpfloat_with_epsilon (a_boxes[c].y1, b_boxes[c].y1, 0.01);
        }
      g_test_message ("page %u: letters at most %.3f pt apart", p + 1, most);
      g_assert_cmpfloat (most, <, 0.05);
      g_object_unref (a);
      g_object_unref (b);
    }
}

/* Sentences as a log annex has them, of every length, in columns of several widths. */
static VtDoc *
doc_of_sentences (gboolean    exact,
                  double      weight,
                  const char *family)
{
  static const char *const words[] = {
    "Stemmestyret", "åpnet", "valglokalet", "kl.", "09:00.", "Urne", "nr.", "2", "forseglet",
    "med", "plombe", "1234567", "(ny).", "Velger", "fikk", "hjelp", "i", "stemmeavlukket,",
    "etter", "eget", "ønske.", "«Særskilt»", "omslag", "—", "Kari", "Øvingsen-Berg", "12/4",
    "AVATAR", "Tove", "Yngvar", "ff.", "čđŋšŧž", "100 %", "av", "og", "på", "stemmeseddelen",
    "forkastet", "fordi", "den", "manglet", "stempel.", " ", "Taushetserklæringen",
  };
  VtDoc *doc = new_doc ();
  VtDocTable *table = vt_doc_table_new (doc, 3);
  GRand *rand = g_rand_new_with_seed (19);

  doc->exact_cells = exact;
  for (guint i = 0; i < N_FONTS; i++)
    pango_font_description_set_family (doc->fonts[i], family);
  vt_doc_table_set_column (table, 0, "Tid", 1, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, "Hendelse", weight, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 2, "Antall", 1, VT_DOC_ALIGN_RIGHT);
  for (guint n = 0; n < 400; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint length = (guint)g_rand_int_range (rand, 1, 40);
      const char *cells[3] = { "09:00", NULL, "17" };

      for (guint w = 0; w < length; w++)
        g_string_append_printf (text, "%s%s", w > 0 ? " " : "",
                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      cells[1] = text->str;
      vt_doc_table_add_row (table, n % 9 == 8 ? VT_DOC_ROW_TOTAL : VT_DOC_ROW_NORMAL, cells);
    }
  vt_doc_table_end (table);
  g_rand_free (rand);
  return doc;
}

/* A sentence is not shaped to cut the pages when its advances tell how pango breaks it
 * (vt-doc-cells.c): it must take exactly as many lines as pango gives it. In Cantarell, which
 * the documents ask for, and in DejaVu Sans, where Cantarell is missing: its pairs are
 * kerned, by up to a few points a line. */
static void
test_wrapped_cells (gconstpointer data)
{
  const char *family = data;
  guint told = 0, wrapped = 0;

  for (double weight = 1.5; weight < 8; weight += 0.37)
    {
      g_autoptr(VtDoc) quick = doc_of_sentences (FALSE, weight, family);
      g_autoptr(VtDoc) exact = doc_of_sentences (TRUE, weight, family);
      VtDocTable *a, *b;

      vt_doc_ensure_layout (quick);
      vt_doc_ensure_layout (exact);
      a = ((Block *)g_ptr_array_index (quick->blocks, 0))->table;
      b = ((Block *)g_ptr_array_index (exact->blocks, 0))->table;
      for (guint i = 0; i < a->rows->len; i++)
        {
          Row *quick_row = &g_array_index (a->rows, Row, i);
          Row *exact_row = &g_array_index (b->rows, Row, i);

          if (quick_row->height != exact_row->height)
            g_error ("weight %g, row %u (%s): %g high, pango makes it %g", weight, i,
                     quick_row->cells[1], quick_row->height, exact_row->height);
          wrapped += exact_row->height > 2 * exact->line_height;
        }
      g_assert_cmpuint (vt_doc_get_n_pages (quick), ==, vt_doc_get_n_pages (exact));
      told += quick->n_wraps_told;
      g_assert_cmpuint (exact->n_wraps_told, ==, 0);
    }
  /* Most were told without shaping; the rest, close calls and dashes, were shaped. */
  g_test_message ("%u of %u wrapped sentences told by their advances", told, wrapped);
  g_assert_cmpuint (told, >, wrapped / 3);
}

/* The pairs' kerning is remembered up to a bound, for a document of any length: past it, a
 * sentence with a new pair is shaped, and still takes the lines pango gives it. */
static void
test_wrapped_cells_past_the_pairs_kept (void)
{
  g_autoptr(VtDoc) quick = doc_of_sentences (FALSE, 3.0, "Cantarell");
  g_autoptr(VtDoc) exact = doc_of_sentences (TRUE, 3.0, "Cantarell");
  VtDocTable *a, *b;

  quick->pairs_max = 40;
  vt_doc_ensure_layout (quick);
  vt_doc_ensure_layout (exact);
  g_assert_cmpuint (g_hash_table_size (quick->pairs), <=, 40);
  a = ((Block *)g_ptr_array_index (quick->blocks, 0))->table;
  b = ((Block *)g_ptr_array_index (exact->blocks, 0))->table;
  for (guint i = 0; i < a->rows->len; i++)
    g_assert_cmpfloat (g_array_index (a->rows, Row, i).height, ==,
                       g_array_index (b->rows, Row, i).height);
  /* the few sentences of known pairs only, and no more */
  g_test_message ("%u sentences told with 40 pairs kept", quick->n_wraps_told);
  g_assert_cmpuint (quick->n_wraps_told, <, 20);
}

static void
test_empty_document (void)
{
  g_autoptr(VtDoc) doc = vt_doc_new (NULL);
  g_auto(Reading) reading = { 0 };

  /* Still one page, with its number. */
  g_assert_cmpuint (vt_doc_get_n_pages (doc), ==, 1);
  read_pdf (doc, &reading);
  g_assert_nonnull (strstr (page_text (&reading, 0), "Side 1 av 1"));
}

static void
test_write_pdf (void)
{
  g_autoptr(VtDoc) doc = signed_doc (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vt-doc-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  path = g_build_filename (dir, "protokoll.pdf", NULL);
  g_assert_true (vt_doc_write_pdf (doc, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  /* A folder that is not there: an error, not a crash. */
  missing = g_build_filename (dir, "gone", "protokoll.pdf", NULL);
  g_assert_false (vt_doc_write_pdf (doc, missing, &error));
  g_assert_nonnull (error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Progress: every call, and a point at which to cancel. */
typedef struct
{
  GArray       *done;         /* of guint64 */
  guint64       total;
  double        cancel_at;    /* cancel once done reaches this share of the total; 0: never */
  GCancellable *cancellable;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  if (progress->done->len == 0)
    progress->total = total;
  /* The total is known before the first page and never changes. */
  g_assert_cmpuint (total, ==, progress->total);
  g_array_append_val (progress->done, done);
  if (progress->cancel_at > 0 && done >= progress->cancel_at * total)
    g_cancellable_cancel (progress->cancellable);
}

/* A long log annex: a heading, a note and a table of @n_rows rows. */
static VtDoc *
long_doc (guint n_rows)
{
  VtDoc *doc = new_doc ();

  vt_doc_heading (doc, 2, "Vedlegg: logg");
  vt_doc_note (doc, "Alt som ble ført i løpet av dagen.");
  add_numbered_table (doc, n_rows);
  return doc;
}

static void
test_progress_reaches_total (void)
{
  g_autoptr(VtDoc) doc = long_doc (3000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (guint64));
  Progress progress = { done };
  g_autoptr(GBytes) bytes = vt_doc_to_pdf_full (doc, NULL, on_progress, &progress, &error);
  guint64 previous = 0, largest_step = 0, during_layout = 0;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (done->len, >, 0);
  for (guint i = 0; i < done->len; i++)
    {
      guint64 d = g_array_index (done, guint64, i);

      g_assert_cmpuint (d, >=, previous);
      g_assert_cmpuint (d, <=, progress.total);
      largest_step = MAX (largest_step, d - previous);
      during_layout += d < progress.total / 3;
      previous = d;
    }
  g_assert_cmpuint (previous, ==, progress.total);
  /* Smooth: the layout of the one long table reports as it goes, and no step is more than a
   * twentieth of the way. */
  g_assert_cmpuint (during_layout, >=, 5);
  g_assert_cmpuint (largest_step, <=, progress.total / 20);
}

/* Cancelled from the progress callback at @share of the way (the layout is the first third):
 * no file, an old one untouched, and the document can still be written whole. */
static void
cancel_at (double share)
{
  g_autoptr(VtDoc) doc = long_doc (3000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Progress progress = { done, 0, share, cancellable };
  g_autofree char *dir = g_dir_make_tmp ("vt-doc-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *old = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func (g_free);
  guint n_pages;

  g_assert_no_error (error);
  path = g_build_filename (dir, "protokoll.pdf", NULL);
  old = g_build_filename (dir, "forrige.pdf", NULL);

  g_assert_false (vt_doc_write_pdf_full (doc, path, cancellable, on_progress, &progress, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* It stopped soon after it was asked to: one piece more at most. */
  g_assert_cmpuint (g_array_index (done, guint64, done->len - 1), <,
                    share * progress.total + progress.total / 20);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Over a file already there: it stays as it was. */
  g_assert_true (g_file_set_contents (old, "the protocol printed before", -1, &error));
  g_assert_no_error (error);
  g_cancellable_reset (cancellable);
  g_array_set_size (done, 0);
  g_assert_false (vt_doc_write_pdf_full (doc, old, cancellable, on_progress, &progress, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (old, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "the protocol printed before");

  /* Nothing else was left in the folder (no half-written temporary file). */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
    const char *name;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (d)) != NULL)
      g_ptr_array_add (left, g_strdup (name));
    g_assert_cmpuint (left->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (left, 0), ==, "forrige.pdf");
  }

  /* Not cancelled, the same document is written whole: as many pages as a fresh one. */
  {
    g_autoptr(VtDoc) fresh = long_doc (3000);
    g_auto(Reading) reading = { 0 };

    n_pages = vt_doc_get_n_pages (fresh);
    g_assert_true (vt_doc_write_pdf_full (doc, path, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vt_doc_get_n_pages (doc), ==, n_pages);
    read_pdf (doc, &reading);
    g_assert_cmpint (page_of (&reading, "Rad-3000"), ==, (int)n_pages - 1);
  }

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_remove (old), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_cancel_during_layout (void)
{
  cancel_at (1.0 / 6);
}

static void
test_cancel_during_drawing (void)
{
  cancel_at (2.0 / 3);
}

/* A page of most of what the documents use, to look at: VT_DOC_SAMPLE names where to write
 * it; without it the test only checks that it lays out. */
static void
test_sample (void)
{
  g_autoptr(VtDoc) doc = vt_doc_new ("Valgprotokoll for stemmestyret");
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Oslo");
  g_autoptr(GDateTime) created = g_date_time_new (tz, 2029, 9, 10, 21, 4, 0);
  const char *path = g_getenv ("VT_DOC_SAMPLE");
  const VtDocSigner signers[] = {
    { "Stemmestyrets leder", "Kari Øvingsen", stroke, G_N_ELEMENTS (stroke) },
    { "Nestleder", "Per Prøve", NULL, 0 },
    { "Medlem av stemmestyret", "Åse Ærlig-Langnavnsen Østby", NULL, 0 },
  };
  VtDocTable *table;

  vt_doc_set_header (doc, "Krets 0301 Sentrum — Stortingsvalget 2029",
                     "Valgprotokoll for stemmestyret");
  vt_doc_set_footer (doc, "Logg sha256 3f9a0c77d1e2b4a5968877aa01bc2d3e4f5061728394a5b6c7d8e9f0"
                     "a1b2c3d4 · siste oppføring 10.09.2029 21:04");
  vt_doc_set_watermark (doc, "ØVING — ikke gyldig");
  vt_doc_set_copy_label (doc, "Kopi 2");
  vt_doc_set_created (doc, created);

  vt_doc_heading (doc, 1, "Valgprotokoll for stemmestyret");
  vt_doc_paragraph (doc, "Stortingsvalget 2029. Oslo kommune, krets 0301 Sentrum. Protokollen "
                    "føres av stemmestyret og underskrives av leder og nestleder når "
                    "opptellingen er ferdig.");
  vt_doc_heading (doc, 2, "C1 Stemmesedler i urnen");
  vt_doc_note (doc, "Tallene er telt to ganger. Differanser forklares under merknader.");
  table = vt_doc_table_new (doc, 4);
  vt_doc_table_set_column (table, 0, "Stemmesedler", 3, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, "Stortingsvalget", 1.5, VT_DOC_ALIGN_RIGHT);
  vt_doc_table_set_column (table, 2, "Kontrolltelt", 1.5, VT_DOC_ALIGN_RIGHT);
  vt_doc_table_set_column (table, 3, "OK", 0.6, VT_DOC_ALIGN_CHECKBOX);
  vt_doc_table_add_row (table, VT_DOC_ROW_SUBHEAD, (const char *[]){ "Dag 1, søndag", NULL,
                                                                       NULL, NULL });
  vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, (const char *[]){ "Godkjente", "1 204",
                                                                      "1 204", NULL });
  vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, (const char *[]){ "Blanke", "11", "11",
                                                                      NULL });
  vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL,
                        (const char *[]){ "Tvilsomme, lagt til side for valgstyret fordi "
                                          "stemplet mangler eller er uleselig", "3", "3",
                                          NULL });
  vt_doc_table_add_row (table, VT_DOC_ROW_TOTAL, (const char *[]){ "Sum", "1 218", "1 218",
                                                                     NULL });
  vt_doc_table_end (table);
  vt_doc_heading (doc, 2, "D Andre forhold");
  vt_doc_paragraph (doc, "Ingen merknader.");
  vt_doc_heading (doc, 2, "Underskrifter");
  vt_doc_signatures (doc, signers, G_N_ELEMENTS (signers));

  g_assert_cmpuint (vt_doc_get_n_pages (doc), ==, 2);
  if (path != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (vt_doc_write_pdf (doc, path, &error));
      g_assert_no_error (error);
      g_test_message ("wrote %s", path);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* "Page 1 of 3" untranslated, whatever the machine's language. */
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doc/text/appears-on-the-pages", test_text_appears);
  g_test_add_func ("/doc/text/long-paragraph-splits-between-lines", test_long_paragraph_splits);
  g_test_add_func ("/doc/table/long-table-repeats-its-header", test_long_table_paginates);
  g_test_add_func ("/doc/page/watermark-on-every-page-or-none", test_watermark);
  g_test_add_func ("/doc/page/copy-label-on-every-page", test_copy_label);
  g_test_add_func ("/doc/pdf/same-document-same-bytes", test_reproducible);
  g_test_add_func ("/doc/heading/keeps-with-what-follows", test_heading_keeps_with_next);
  g_test_add_func ("/doc/signatures/start-a-page-after-a-table", test_signatures_after_table);
  g_test_add_func ("/doc/signatures/strokes-are-ink-in-the-box", test_signature_ink);
  g_test_add_func ("/doc/table/checkbox-draws-a-box", test_checkbox);
  g_test_add_func ("/doc/render/agrees-with-the-pdf", test_render_agrees_with_pdf);
  g_test_add_func ("/doc/table/one-line-cells-as-pango-lays-them", test_one_line_cells);
  g_test_add_data_func ("/doc/table/wrapped-cells-as-pango-breaks-them/cantarell", "Cantarell",
                        test_wrapped_cells);
  g_test_add_data_func ("/doc/table/wrapped-cells-as-pango-breaks-them/dejavu-sans",
                        "DejaVu Sans", test_wrapped_cells);
  g_test_add_func ("/doc/table/wrapped-cells-past-the-pairs-kept",
                   test_wrapped_cells_past_the_pairs_kept);
  g_test_add_func ("/doc/page/empty-document-has-one-page", test_empty_document);
  g_test_add_func ("/doc/pdf/written-to-a-file", test_write_pdf);
  g_test_add_func ("/doc/progress/moves-on-and-reaches-its-total", test_progress_reaches_total);
  g_test_add_func ("/doc/progress/cancelled-in-the-layout-leaves-no-file",
                   test_cancel_during_layout);
  g_test_add_func ("/doc/progress/cancelled-in-the-drawing-leaves-no-file",
                   test_cancel_during_drawing);
  g_test_add_func ("/doc/sample", test_sample);

  return g_test_run ();
}
