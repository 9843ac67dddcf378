/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "vt-collect.h"
#include "vt-doc-private.h"
#include "vt-documents.h"
#include "vt-journal-filter.h"
#include "vt-journal-entry.h"
#include "vt-overview-doc.h"
#include "vt-scenario.h"
#include "vt-station.h"
#include "vt-store.h"
#include "vt-verify.h"
#include <glib/gstdio.h>
#include "vt-store-private.h"

/* Benchmarks of the core, each against a reference measured in the same run on the same disk,
 * so the ratios hold on a noisy machine. Not a test: tests/bench/run.sh runs it and prints the
 * table for the README.
 *
 *   bench-core entry  DIR     logging an incident vs write + fdatasync of the same bytes
 *   bench-core pdf    DIR     the protocol of a large station to PDF
 *   bench-core scale  DIR     a 200,000-entry station: open, memory, the log's search
 *   bench-core collect DIR SCENARIO.json
 *                             the municipality's overview of 100 stations, each the scenario's
 *                             day replayed as its own precinct of one election */

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

static gint64
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_gint64);
  return g_array_index (samples, gint64, MIN (samples->len - 1, (guint)(p * samples->len)));
}

static VtStation *
new_station (const char *dir,
             const char *config_path,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (config_path);
  g_autoptr(VtConfig) config = vt_config_new_from_file (file, &error);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  VtStation *station;

  if (config == NULL)
    g_error ("%s: %s", config_path, error->message);
  g_unlink (path);
  station = vt_station_create (path, config, &error);
  if (station == NULL)
    g_error ("%s: %s", path, error->message);
  return station;
}

/* ---- a durable entry -------------------------------------------------------------------- */

static void
bench_entry (const char *dir,
             const char *config)
{
  g_autoptr(VtStation) station = new_station (dir, config, "bench-entry.valgting");
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *raw_path = g_build_filename (dir, "bench-entry.raw", NULL);
  const guint n = 5000;
  int fd;

  /* Taken in turns, so that both see the same disk: its slow syncs come and go. The raw
   * write appends as many bytes as the entry's payload and its row around it. */
  fd = g_open (raw_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    g_error ("%s: %s", raw_path, g_strerror (errno));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%u", i);
      g_autofree char *line = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) entry = NULL;
      gint64 start = g_get_monotonic_time ();

      entry = vt_station_log_note (station, id, "Uro ved inngangen; vakt tilkalt, roet seg.",
                                   &error);
      if (entry == NULL)
        g_error ("%s", error->message);
      start = g_get_monotonic_time () - start;
      g_array_append_val (ours, start);

      line = g_strnfill (strlen (vt_journal_entry_get_payload (entry)) + 200, 'x');
      start = g_get_monotonic_time ();
      if (write (fd, line, strlen (line)) < 0 || fdatasync (fd) != 0)
        g_error ("raw write failed");
      start = g_get_monotonic_time () - start;
      g_array_append_val (raw, start);
    }
  close (fd);
  g_unlink (raw_path);

  {
    double p50 = ms (percentile (ours, 0.5)), p99 = ms (percentile (ours, 0.99));
    double r50 = ms (percentile (raw, 0.5)), r99 = ms (percentile (raw, 0.99));

    printf ("| durable entry, p50 | %.3f ms | write + fdatasync %.3f ms | %.2f× | ≤ 1.5× |\n",
            p50, r50, p50 / r50);
    printf ("| durable entry, p99 | %.3f ms | write + fdatasync %.3f ms | %.2f× | ≤ 1.5× |\n",
            p99, r99, p99 / r99);
  }
}

/* ---- a large station -------------------------------------------------------------------- */

/* Appends @n notes straight into the journal in one transaction, chained as the store chains
 * them: a large station in seconds instead of minutes of durable commits. */
static void
fill_journal (const char *path,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStore) store = vt_store_open (path, &error);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *head = NULL;
  gint64 seq;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *actor;

  if (store == NULL)
    g_error ("%s", error->message);
  db = vt_store_get_db (store);
  head = g_strdup (vt_store_get_head_hash (store));
  seq = vt_store_get_n_entries (store);
  actor = vt_config_get_chair (vt_store_get_config (store))->id;

  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO journal (seq, command_id, ts_utc, utc_offset, kind, "
                          "actor, payload, prev_hash, hash) "
                          "VALUES (?1, ?2, ?3, 0, 'note', ?4, ?5, ?6, ?7)", -1, &stmt, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("fill-%u", i);
      g_autofree char *payload = g_strdup_printf ("{\"text\":\"Hendelse nummer %u ved rode "
                                                  "%u: velger fikk hjelp i avlukket.\"}",
                                                  i, i % 8 + 1);
      /* One entry every 7 s, ending now: every entry's time is its own, as on a real day. */
      g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -7.0 * (n - i));
      g_autofree char *when = vt_journal_format_time_utc (then);
      g_autofree char *hash = NULL;

      seq++;
      hash = vt_journal_compute_hash (seq, id, when, 0, "note", actor, payload, head);
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, seq);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, when, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, actor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, payload, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, head, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, hash, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("fill: %s", sqlite3_errmsg (db));
      g_free (head);
      head = g_steal_pointer (&hash);
    }
  sqlite3_finalize (stmt);
  /* The derived state of the notes, as the store keeps it: verify rebuilds and compares it. */
  if (sqlite3_exec (db, "INSERT INTO kind_count (kind, n) "
                        "SELECT 'note', count (*) FROM journal WHERE kind = 'note' "
                        "HAVING count (*) > 0 "
                        "ON CONFLICT (kind) DO UPDATE SET n = excluded.n", NULL, NULL,
                    NULL) != SQLITE_OK ||
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("fill: %s", sqlite3_errmsg (db));
}

/* The same document as HTML, for LibreOffice to turn into a PDF: page by page as Valgting
 * cut it (a page break after each of Valgting's pages), with the same headings, paragraphs,
 * table rows and signature boxes on each, the same page size and margins and the same font
 * sizes, so that both programs write the same pages. run.sh prints both page counts. */
static void
html_table_rows (GString    *html,
                 VtDocTable *table,
                 guint       first,
                 guint       last,
                 gboolean    header)
{
  g_string_append (html, "<table>");
  if (header)
    {
      g_string_append (html, "<thead><tr>");
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *title = g_markup_escape_text (
            table->columns[c].title != NULL ? table->columns[c].title : "", -1);
          g_string_append_printf (html, "<th>%s</th>", title);
        }
      g_string_append (html, "</tr></thead>");
    }
  g_string_append (html, "<tbody>\n");
  for (guint r = first; r < last && r < table->rows->len; r++)
    {
      Row *row = &g_array_index (table->rows, Row, r);

      g_string_append (html, row->style == VT_DOC_ROW_NORMAL ? "<tr>"
                                                             : "<tr style=\"font-weight: bold\">");
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *cell = g_markup_escape_text (row->cells[c], -1);
          g_string_append_printf (html, "<td%s>%s</td>",
                                  table->columns[c].align == VT_DOC_ALIGN_RIGHT
                                    ? " align=\"right\"" : "", cell);
        }
      g_string_append (html, "</tr>\n");
    }
  g_string_append (html, "</tbody></table>\n");
}

static void
write_html (VtDoc      *doc,
            const char *path)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  vt_doc_ensure_layout (doc);
  g_string_append_printf (html, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                          "<title>%s</title><style>"
                          "@page { size: %.0fpt %.0fpt; margin: %.0fpt %.0fpt %.0fpt %.0fpt; }"
                          "body { font-family: 'Cantarell'; font-size: %.0fpt; }"
                          "h1 { font-size: %.0fpt; } h2 { font-size: %.0fpt; } "
                          "h3 { font-size: %.0fpt; } small { font-size: %.0fpt; }"
                          "table { border-collapse: collapse; width: 100%%; }"
                          "td, th { border: 0.5pt solid #888; padding: %.0fpt %.0fpt; }"
                          "</style></head><body>\n", doc->title, PAGE_WIDTH, PAGE_HEIGHT,
                          CONTENT_TOP, MARGIN_X, PAGE_HEIGHT - CONTENT_BOTTOM, MARGIN_X,
                          vt_doc_font_specs[FONT_BODY].size, vt_doc_font_specs[FONT_H1].size,
                          vt_doc_font_specs[FONT_H2].size, vt_doc_font_specs[FONT_H3].size,
                          vt_doc_font_specs[FONT_SMALL].size, CELL_PAD_Y, CELL_PAD_X);
  for (guint p = 0; p < doc->pages->len; p++)
    {
      GArray *placements = g_ptr_array_index (doc->pages, p);

      if (p > 0)
        g_string_append (html, "<p style=\"page-break-before: always; margin: 0\"></p>\n");
      for (guint i = 0; i < placements->len; i++)
        {
          Placement *place = &g_array_index (placements, Placement, i);
          Block *block = place->block;
          g_autofree char *text = block->text != NULL
                                    ? g_markup_escape_text (block->text, -1) : NULL;

          switch (block->kind)
            {
            case BLOCK_HEADING:
              g_string_append_printf (html, "<h%d>%s</h%d>\n", block->level, text,
                                      block->level);
              break;
            case BLOCK_PARAGRAPH:
            case BLOCK_NOTE:
              /* A paragraph cut across pages: its text where it starts. */
              if (place->first == 0)
                g_string_append_printf (html, block->kind == BLOCK_NOTE
                                                ? "<p><small>%s</small></p>\n" : "<p>%s</p>\n",
                                        text);
              break;
            case BLOCK_PAGE_BREAK:
              break;
            case BLOCK_TABLE:
              html_table_rows (html, block->table, place->first, place->last, place->header);
              break;
            case BLOCK_SIGNATURES:
              g_string_append (html, "<table><tr>");
              for (guint k = place->first * 2; k < MIN (place->last * 2, block->n_signers); k++)
                {
                  g_autofree char *name = g_markup_escape_text (block->signers[k].name, -1);
                  g_autofree char *role = g_markup_escape_text (block->signers[k].role, -1);

                  if (k > place->first * 2 && k % 2 == 0)
                    g_string_append (html, "</tr><tr>");
                  g_string_append_printf (html, "<td style=\"height: %.0fpt; vertical-align: "
                                          "bottom\">%s<br><small>%s</small></td>",
                                          SIGN_BOX_HEIGHT, name, role);
                }
              g_string_append (html, "</tr></table>\n");
              break;
            case BLOCK_QR:
              /* a square of the symbol's size, the caption under it */
              g_string_append_printf (html, "<div style=\"width: 80pt; height: 80pt; "
                                      "background: #000\"></div><p><small>%s</small></p>\n",
                                      text);
              break;
            }
        }
    }
  g_string_append (html, "</body></html>\n");
  if (!g_file_set_contents (path, html->str, (gssize)html->len, &error))
    g_error ("%s", error->message);
}

/* The floor the PDF is measured against: cairo + pango writing the same pages with the same
 * text, one layout per page (each page's text laid out once and shown), in the document's
 * body font. What Valgting adds to it is its own work: tables, rules, headers, cutting. */
static char **
pages_text (VtDoc *doc)
{
  GPtrArray *pages = g_ptr_array_new ();

  vt_doc_ensure_layout (doc);
  for (guint p = 0; p < doc->pages->len; p++)
    {
      GArray *placements = g_ptr_array_index (doc->pages, p);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < placements->len; i++)
        {
          Placement *place = &g_array_index (placements, Placement, i);
          Block *block = place->block;

          if (block->kind == BLOCK_TABLE)
            for (guint r = place->first; r < place->last && r < block->table->rows->len; r++)
              {
                Row *row = &g_array_index (block->table->rows, Row, r);
                for (guint c = 0; c < block->table->n_columns; c++)
                  g_string_append_printf (text, "%s%s", c > 0 ? "\t" : "", row->cells[c]);
                g_string_append_c (text, '\n');
              }
          else if (block->text != NULL && place->first == 0)
            g_string_append_printf (text, "%s\n", block->text);
        }
      g_ptr_array_add (pages, g_string_free (g_steal_pointer (&text), FALSE));
    }
  g_ptr_array_add (pages, NULL);
  return (char **)g_ptr_array_free (pages, FALSE);
}

static gint64
pdf_floor_us (char       **pages,
              const char  *path)
{
  gint64 start = g_get_monotonic_time ();
  cairo_surface_t *surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Cantarell 10");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int)(TEXT_WIDTH * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  for (guint p = 0; pages[p] != NULL; p++)
    {
      pango_layout_set_text (layout, pages[p], -1);
      cairo_move_to (cr, MARGIN_X, CONTENT_TOP);
      pango_cairo_show_layout (cr, layout);
      cairo_show_page (cr);
    }
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_get_monotonic_time () - start;
}

static void
bench_pdf (const char *dir,
           const char *config)
{
  g_autoptr(VtStation) station = new_station (dir, config, "bench-pdf.valgting");
  g_autofree char *path = g_strdup (vt_station_get_path (station));
  g_autofree char *pdf = g_build_filename (dir, "bench-protocol.pdf", NULL);
  g_autofree char *html = g_build_filename (dir, "bench-protocol.html", NULL);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  guint pages = 0;
  double floor_ms;

  g_clear_object (&station);
  fill_journal (path, 5000);
  station = vt_station_open (path, &error);
  if (station == NULL)
    g_error ("%s", error->message);

  /* Building the document from the station, laying it out and writing the file: what the
   * chair waits for. Median of 5. */
  for (guint i = 0; i < 5; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(VtDoc) doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);

      if (!vt_doc_write_pdf (doc, pdf, &error))
        g_error ("%s", error->message);
      pages = vt_doc_get_n_pages (doc);
      start = g_get_monotonic_time () - start;
      g_array_append_val (samples, start);
      if (i == 0)
        write_html (doc, html);
    }
  /* Where the time goes, on stderr for whoever profiles: building, cutting, drawing. */
  {
    gint64 t0 = g_get_monotonic_time (), t1, t2, t3;
    g_autoptr(VtDoc) doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);
    g_autoptr(GBytes) bytes = NULL;

    t1 = g_get_monotonic_time ();
    vt_doc_ensure_layout (doc);
    t2 = g_get_monotonic_time ();
    bytes = vt_doc_to_pdf (doc, NULL);
    t3 = g_get_monotonic_time ();
    /* BENCH_PDF_DRAW_AGAIN=N draws N times more, for a profiler to see only the drawing. */
    for (guint64 n = g_ascii_strtoull (g_getenv ("BENCH_PDF_DRAW_AGAIN") ?: "0", NULL, 10); n > 0;
         n--)
      g_bytes_unref (vt_doc_to_pdf (doc, NULL));
    g_printerr ("pdf: build %.0f ms, layout %.0f ms, draw %.0f ms\n", ms (t1 - t0), ms (t2 - t1),
                ms (t3 - t2));
  }
  /* The floor on the same pages, median of 5 */
  {
    g_autoptr(VtDoc) doc = vt_document_build (station, VT_DOCUMENT_PROTOCOL, 0);
    g_auto(GStrv) text = pages_text (doc);
    g_autoptr(GArray) floor_samples = g_array_new (FALSE, FALSE, sizeof (gint64));

    for (guint i = 0; i < 5; i++)
      {
        gint64 us = pdf_floor_us (text, pdf);
        g_array_append_val (floor_samples, us);
      }
    floor_ms = ms (percentile (floor_samples, 0.5));
  }
  /* run.sh reads this line: pages, milliseconds, the floor's, and the HTML for LibreOffice. */
  printf ("%u %.0f %.0f %s\n", pages, ms (percentile (samples, 0.5)), floor_ms, html);
  g_unlink (pdf);
}

/* ---- scale ------------------------------------------------------------------------------ */

static long
peak_rss_kb (void)
{
  struct rusage usage;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Peak memory of a fresh process that opens @path (or, with NULL, one that opens nothing):
 * measured in a child of its own, so that what filling the station cost this process does
 * not hide what opening it costs. */
static const char *self_exe;

static long
child_peak_rss_kb (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { self_exe, "open", path != NULL ? path : "-", "-", NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("open in a child: %s", error->message);
  return (long)g_ascii_strtoll (out, NULL, 10);
}

static void
bench_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;

  if (!g_str_equal (path, "-"))
    {
      station = vt_station_open (path, &error);
      if (station == NULL)
        g_error ("%s", error->message);
      g_assert_cmpuint (g_list_model_get_n_items (vt_station_get_journal (station)), >, 0);
    }
  printf ("%ld\n", peak_rss_kb ());
}

static void
bench_scale (const char *dir,
             const char *config)
{
  g_autoptr(VtStation) station = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, open_us, filter_us, filter_max_us, index_us;
  long rss_before, rss_after, rss_index;
  GListModel *journal;
  guint matches = 0;

  /* Filled by a child: this process's peak memory is then only what opening and indexing
   * cost it. */
  {
    const char *argv[] = { self_exe, "create=200000", dir, config, NULL };
    g_autofree char *out = NULL;
    int status = 0;

    if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                       &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("fill in a child: %s", error->message);
    path = g_strdup (g_strstrip (out));
  }

  rss_before = child_peak_rss_kb (NULL);
  rss_after = child_peak_rss_kb (path);
  start = g_get_monotonic_time ();
  station = vt_station_open (path, &error);
  if (station == NULL)
    g_error ("%s", error->message);
  journal = vt_station_get_journal (station);
  g_assert_cmpuint (g_list_model_get_n_items (journal), >, 200000);
  open_us = g_get_monotonic_time () - start;

  /* The log's search: the first one indexes the journal in a worker thread, once; every
   * search after that is what the chair waits for when typing. */
  {
    g_autoptr(VtJournalFilter) filter = vt_journal_filter_new (station);
    GArray *samples = g_array_new (FALSE, FALSE, sizeof (gint64));
    static const char * const searches[] = { "rode 3", "rode 5", "hjelp", "nummer 19999",
                                             "velger fikk", "avlukket" };

    start = g_get_monotonic_time ();
    vt_journal_filter_set (filter, "rode 3", NULL);
    while (vt_journal_filter_get_pending (filter))
      g_main_context_iteration (NULL, TRUE);
    index_us = g_get_monotonic_time () - start;
    rss_index = peak_rss_kb ();

    for (guint round = 0; round < 5; round++)
      for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
        {
          gint64 t = g_get_monotonic_time ();

          vt_journal_filter_set (filter, searches[i], NULL);
          t = g_get_monotonic_time () - t;
          g_array_append_val (samples, t);
          if (i == 0)
            matches = g_list_model_get_n_items (G_LIST_MODEL (filter));
        }
    filter_us = percentile (samples, 0.5);
    filter_max_us = percentile (samples, 1.0);
    g_array_unref (samples);
  }

  printf ("| open a 200,000-entry station | %.0f ms | | | |\n", ms (open_us));
  printf ("| peak memory of a process that opens it | %ld MB | (one that opens nothing: %ld MB) "
          "| | |\n",
          rss_after / 1024, rss_before / 1024);
  printf ("| search the log, 200,000 entries (%u matches), median of 30 | %.1f ms | one frame "
          "16 ms | %.2f× | ≤ 1× |\n", matches, ms (filter_us), ms (filter_us) / 16.0);
  printf ("| search the log, slowest of 30 | %.1f ms | one frame 16 ms | %.2f× | ≤ 1× |\n",
          ms (filter_max_us), ms (filter_max_us) / 16.0);
  printf ("| first search: index built off the main thread, once | %.0f ms | | | |\n",
          ms (index_us));
  printf ("| peak memory with the index | %ld MB | (a process that opens it: %ld MB) | | |\n",
          rss_index / 1024, rss_after / 1024);
}

/* ---- the municipality's overview --------------------------------------------------------- */

#define COLLECT_N 100

typedef struct
{
  const char *dir;
  const char *scenario;   /* the scenario file */
  char       *election;   /* its election, read once, as text: each thread parses its own */
  char       *steps;      /* the scenario, likewise (json_node_copy () shares the objects, */
                          /* and two threads setting one precinct's number made two alike) */
} Replays;

static JsonNode *
read_json_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  return json_node_copy (json_parser_get_root (parser));
}

static void
write_json_file (JsonNode   *node,
                 const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_to_string (node, TRUE);

  if (!g_file_set_contents (path, text, -1, &error))
    g_error ("%s", error->message);
}

/* Precinct @data (1-based) replayed into DIR/collect-NNNN.valgting, unless it is there. */
static void
replay_precinct (gpointer data,
                 gpointer user_data)
{
  Replays *replays = user_data;
  guint n = GPOINTER_TO_UINT (data);
  g_autofree char *number = g_strdup_printf ("%04u", n);
  g_autofree char *election_name = g_strdup_printf ("collect-election-%s.json", number);
  g_autofree char *station_name = g_strdup_printf ("collect-%s.valgting", number);
  g_autofree char *election_path = g_build_filename (replays->dir, election_name, NULL);
  g_autofree char *scenario_path = g_strdup_printf ("%s/collect-scenario-%s.json", replays->dir,
                                                    number);
  g_autofree char *station = g_build_filename (replays->dir, station_name, NULL);
  g_autoptr(JsonNode) election = json_from_string (replays->election, NULL);
  g_autoptr(JsonNode) steps = json_from_string (replays->steps, NULL);
  JsonObject *precinct = json_object_get_object_member (json_node_get_object (election),
                                                        "precinct");
  g_autofree char *name = g_strdup_printf ("Krets %s", number);
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GError) error = NULL;

  if (g_file_test (station, G_FILE_TEST_EXISTS))
    return;
  json_object_set_string_member (precinct, "number", number);
  json_object_set_string_member (precinct, "name", name);
  write_json_file (election, election_path);
  json_object_set_string_member (json_node_get_object (steps), "election", election_name);
  write_json_file (steps, scenario_path);
  if (!vt_scenario_replay (scenario_path, station, &report, &error))
    g_error ("%s: %s", station, error->message);
}

static void
bench_collect (const char *dir,
               const char *scenario)
{
  g_autofree char *scenario_dir = g_path_get_dirname (scenario);
  g_autoptr(JsonNode) steps = read_json_file (scenario);
  const char *election_name = json_object_get_string_member (json_node_get_object (steps),
                                                             "election");
  g_autofree char *election_path = g_build_filename (scenario_dir, election_name, NULL);
  g_autoptr(JsonNode) election = read_json_file (election_path);
  g_autofree char *election_text = json_to_string (election, FALSE);
  g_autofree char *steps_text = json_to_string (steps, FALSE);
  Replays replays = { dir, scenario, election_text, steps_text };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  GThreadPool *pool;
  gint64 entries = 0, pdf_us;
  guint n_summed = 0;

  /* The stations, made once (a replay is a few hundred durable commits). */
  pool = g_thread_pool_new (replay_precinct, &replays, 8, FALSE, NULL);
  for (guint i = 1; i <= COLLECT_N; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  for (guint i = 1; i <= COLLECT_N; i++)
    g_ptr_array_add (paths, g_strdup_printf ("%s/collect-%04u.valgting", dir, i));

  /* One run to fill the page cache, as the office's second run would find it, then 7. */
  for (guint run = 0; run < 8; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(VtCollect) collect = vt_collect_new ((const char * const *)paths->pdata, NULL,
                                                     paths->len);

      start = g_get_monotonic_time () - start;
      if (run > 0)
        g_array_append_val (samples, start);
      n_summed = collect->n_summed;
      entries = collect->total->n_entries;
      if (run == 7)
        {
          g_autoptr(VtDoc) doc = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) pdf = NULL;

          pdf_us = g_get_monotonic_time ();
          doc = vt_overview_doc_build (collect);
          pdf = vt_doc_to_pdf (doc, &error);
          if (pdf == NULL)
            g_error ("%s", error->message);
          pdf_us = g_get_monotonic_time () - pdf_us;
        }
    }
  if (n_summed != COLLECT_N)
    g_error ("only %u of %u stations summed", n_summed, COLLECT_N);
  printf ("| municipal overview: %u stations (%" PRId64 " entries) verified and summed, median "
          "of 7 (%u processors) | %.0f ms (%.0f–%.0f) | budget 2000 ms | %.2f× | ≤ 1× |\n",
          COLLECT_N, entries, g_get_num_processors (), ms (percentile (samples, 0.5)),
          ms (g_array_index (samples, gint64, 0)),
          ms (g_array_index (samples, gint64, samples->len - 1)),
          ms (percentile (samples, 0.5)) / 2000.0);
  printf ("| its PDF | %.0f ms | | | |\n", ms (pdf_us));
}

int
main (int   argc,
      char *argv[])
{
  const char *config;

  vt_store_init_library ();
  setlocale (LC_ALL, "C.UTF-8");
  if (argc != 4)
    {
      g_printerr ("usage: bench-core entry|pdf|scale|collect|create=N DIR CONFIG.json|"
                  "SCENARIO.json\n"
                  "       bench-core open STATION|- -\n");
      return 2;
    }
  config = argv[3];
  self_exe = argv[0];
  if (g_str_equal (argv[1], "open"))
    bench_open (argv[2]);
  else if (g_str_equal (argv[1], "entry"))
    bench_entry (argv[2], config);
  else if (g_str_equal (argv[1], "pdf"))
    bench_pdf (argv[2], config);
  else if (g_str_equal (argv[1], "scale"))
    bench_scale (argv[2], config);
  else if (g_str_equal (argv[1], "collect"))
    bench_collect (argv[2], config);
  else if (g_str_has_prefix (argv[1], "create="))
    {
      /* create=N: a station with N extra entries, for the start-up benchmark */
      g_autoptr(VtStation) station = NULL;
      g_autofree char *name = g_strdup_printf ("bench-%s.valgting", argv[1] + 7);
      g_autofree char *path = NULL;

      station = new_station (argv[2], config, name);
      path = g_strdup (vt_station_get_path (station));
      g_clear_object (&station);
      fill_journal (path, (guint)g_ascii_strtoull (argv[1] + 7, NULL, 10));
      /* A station the benchmarks open must be one `valgting verify` accepts: a generator
       * that skipped a derived table would measure a file no chair could have. */
      {
        g_auto(VtVerifyReport) report = { 0 };
        g_autoptr(GError) error = NULL;

        if (!vt_verify_file (path, &report, &error))
          g_error ("the generated station does not verify: %s", error->message);
      }
      printf ("%s\n", path);
    }
  else
    return 2;
  return 0;
}
