/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-doc"

#include "config.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "vt-doc-private.h"
#include "vt-i18n.h"

/* The layout engine behind every printed document. The caller adds blocks (headings,
 * paragraphs, tables, signatures) to a flow; the flow is measured and cut into A4 pages once,
 * and the same placements then draw the PDF and each page of the preview or the print. Two
 * passes, because the footer says "Page x of y" and y is only known when everything is placed.
 *
 * This file keeps the flow: the public calls that build it, and the pagination, which works
 * only with the heights that the measuring pass (vt-doc-draw.c, beside the drawing that must
 * match it) found. The types and the page's geometry both files share are in
 * vt-doc-private.h. */

/* Cantarell is GNOME's face; DejaVu Sans is on every Debian; both have æøå. */
#define FONT_FAMILY     "Cantarell, DejaVu Sans, sans"

const FontSpec vt_doc_font_specs[N_FONTS] = {
  [FONT_BODY] = { 10.0, PANGO_WEIGHT_NORMAL },
  [FONT_BOLD] = { 10.0, PANGO_WEIGHT_BOLD },
  [FONT_NOTE] = { 9.0, PANGO_WEIGHT_NORMAL },
  [FONT_H1] = { 18.0, PANGO_WEIGHT_BOLD },
  [FONT_H2] = { 13.0, PANGO_WEIGHT_BOLD },
  [FONT_H3] = { 11.0, PANGO_WEIGHT_BOLD },
  [FONT_SMALL] = { 8.0, PANGO_WEIGHT_NORMAL },
  [FONT_LABEL] = { 12.0, PANGO_WEIGHT_BOLD },
  [FONT_MARK] = { 72.0, PANGO_WEIGHT_BOLD },
};

/* Construction */

static void
block_free (Block *block)
{
  g_free (block->text);
  if (block->table != NULL)
    {
      VtDocTable *table = block->table;

      for (guint i = 0; i < table->n_columns; i++)
        g_free (table->columns[i].title);
      g_free (table->columns);
      for (guint i = 0; i < table->groups->len; i++)
        g_free (g_array_index (table->groups, ColumnGroup, i).title);
      g_array_unref (table->groups);
      for (guint i = 0; i < table->rows->len; i++)
        g_strfreev (g_array_index (table->rows, Row, i).cells);
      g_array_unref (table->rows);
      g_free (table->x);
      g_free (table);
    }
  for (guint i = 0; i < block->n_signers; i++)
    {
      g_free (block->signers[i].role);
      g_free (block->signers[i].name);
      g_free (block->signers[i].points);
    }
  g_free (block->signers);
  g_free (block->qr_modules);
  g_clear_pointer (&block->tops, g_array_unref);
  g_clear_pointer (&block->heights, g_array_unref);
  g_free (block);
}

/* Every change to the flow throws the pages away; the next question about them lays out
 * again. */
static void
invalidate (VtDoc *doc)
{
  g_clear_pointer (&doc->pages, g_ptr_array_unref);
  vt_doc_forget_cells (doc);
  g_clear_pointer (&doc->furniture, vt_doc_furniture_free);
  g_clear_pointer (&doc->layout_state, g_free);
}

static Block *
add_block (VtDoc     *doc,
           BlockKind  kind)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  g_ptr_array_add (doc->blocks, block);
  invalidate (doc);
  return block;
}

VtDoc *
vt_doc_new (const char *title)
{
  VtDoc *doc = g_new0 (VtDoc, 1);
  cairo_font_options_t *options;

  doc->title = g_strdup (title);
  doc->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify)block_free);

  doc->font_map = pango_cairo_font_map_new ();
  doc->context = pango_font_map_create_context (doc->font_map);
  /* Measure in points, unhinted and unrounded: the PDF and a preview at any zoom then break
   * lines and pages in the same places. */
  pango_cairo_context_set_resolution (doc->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (doc->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (doc->context, FALSE);
  /* The documents are Norwegian whatever the process's locale; a fixed language also keeps
   * line breaking, and so the bytes, the same on every machine. */
  doc->language = "nb";
  pango_context_set_language (doc->context, pango_language_from_string (doc->language));
  pango_context_set_base_dir (doc->context, PANGO_DIRECTION_LTR);

  doc->layout = pango_layout_new (doc->context);
  /* Lines break between words only: pango has no hyphenation dictionary, and breaking
   * anywhere in a word made "Taushetserklærin-g". A word wider than its column is handled
   * where the text is laid out (vt-doc-draw.c). */
  pango_layout_set_wrap (doc->layout, PANGO_WRAP_WORD);

  for (guint i = 0; i < N_FONTS; i++)
    {
      doc->fonts[i] = pango_font_description_from_string (FONT_FAMILY);
      pango_font_description_set_size (doc->fonts[i],
                                       (int)(vt_doc_font_specs[i].size * PANGO_SCALE));
      pango_font_description_set_weight (doc->fonts[i], vt_doc_font_specs[i].weight);
    }
  doc->tabular = pango_attr_list_new ();
  pango_attr_list_insert (doc->tabular, pango_attr_font_features_new ("tnum"));
  /* A number split over two lines must not look like a negative one. */
  pango_attr_list_insert (doc->tabular, pango_attr_insert_hyphens_new (FALSE));
  doc->no_hyphens = pango_attr_list_new ();
  pango_attr_list_insert (doc->no_hyphens, pango_attr_insert_hyphens_new (FALSE));

  return doc;
}

void
vt_doc_set_language (VtDoc      *doc,
                     const char *language)
{
  g_return_if_fail (vt_i18n_language_is_known (language));

  doc->language = g_str_equal (language, "nn") ? "nn" : "nb";
  pango_context_set_language (doc->context, pango_language_from_string (doc->language));
  pango_layout_context_changed (doc->layout);
  invalidate (doc);
}

const char *
vt_doc_get_language (VtDoc *doc)
{
  return doc->language;
}

void
vt_doc_free (VtDoc *doc)
{
  if (doc == NULL)
    return;
  invalidate (doc);
  g_ptr_array_unref (doc->blocks);
  for (guint i = 0; i < N_FONTS; i++)
    pango_font_description_free (doc->fonts[i]);
  pango_attr_list_unref (doc->tabular);
  pango_attr_list_unref (doc->no_hyphens);
  g_free (doc->advances);
  g_clear_pointer (&doc->pairs, g_hash_table_unref);
  if (doc->cell_key != NULL)
    g_string_free (doc->cell_key, TRUE);
  g_clear_pointer (&doc->cells, g_hash_table_unref);
  g_object_unref (doc->layout);
  g_object_unref (doc->context);
  g_object_unref (doc->font_map);
  g_clear_pointer (&doc->created, g_date_time_unref);
  g_clear_pointer (&doc->printed, g_date_time_unref);
  g_free (doc->title);
  g_free (doc->header_left);
  g_free (doc->header_right);
  g_free (doc->footer);
  g_free (doc->watermark);
  g_free (doc->copy_label);
  g_free (doc);
}

void
vt_doc_set_header (VtDoc      *doc,
                   const char *left,
                   const char *right)
{
  g_return_if_fail (doc != NULL);
  g_free (doc->header_left);
  doc->header_left = g_strdup (left);
  g_free (doc->header_right);
  doc->header_right = g_strdup (right);
  /* what every page shows is laid out again */
  g_clear_pointer (&doc->furniture, vt_doc_furniture_free);
}

void
vt_doc_set_footer (VtDoc      *doc,
                   const char *text)
{
  g_return_if_fail (doc != NULL);
  g_free (doc->footer);
  doc->footer = g_strdup (text);
  /* what every page shows is laid out again */
  g_clear_pointer (&doc->furniture, vt_doc_furniture_free);
}

void
vt_doc_set_watermark (VtDoc      *doc,
                      const char *text)
{
  g_return_if_fail (doc != NULL);
  g_free (doc->watermark);
  doc->watermark = g_strdup (text);
}

void
vt_doc_set_copy_label (VtDoc      *doc,
                       const char *text)
{
  g_return_if_fail (doc != NULL);
  g_free (doc->copy_label);
  doc->copy_label = g_strdup (text);
  /* what every page shows is laid out again */
  g_clear_pointer (&doc->furniture, vt_doc_furniture_free);
}

void
vt_doc_set_created (VtDoc     *doc,
                    GDateTime *time)
{
  g_return_if_fail (doc != NULL);
  if (time != NULL)
    g_date_time_ref (time);
  g_clear_pointer (&doc->created, g_date_time_unref);
  doc->created = time;
}

void
vt_doc_set_printed (VtDoc     *doc,
                    GDateTime *time)
{
  g_return_if_fail (doc != NULL);
  if (time != NULL)
    g_date_time_ref (time);
  g_clear_pointer (&doc->printed, g_date_time_unref);
  doc->printed = time;
  /* what every page shows is laid out again */
  g_clear_pointer (&doc->furniture, vt_doc_furniture_free);
}

void
vt_doc_heading (VtDoc      *doc,
                int         level,
                const char *text)
{
  Block *block;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (level >= 1 && level <= 3);

  block = add_block (doc, BLOCK_HEADING);
  block->level = level;
  block->text = g_strdup (text);
}

void
vt_doc_paragraph (VtDoc      *doc,
                  const char *text)
{
  g_return_if_fail (doc != NULL);
  add_block (doc, BLOCK_PARAGRAPH)->text = g_strdup (text);
}

void
vt_doc_note (VtDoc      *doc,
             const char *text)
{
  g_return_if_fail (doc != NULL);
  add_block (doc, BLOCK_NOTE)->text = g_strdup (text);
}

void
vt_doc_page_break (VtDoc *doc)
{
  g_return_if_fail (doc != NULL);
  add_block (doc, BLOCK_PAGE_BREAK);
}

VtDocTable *
vt_doc_table_new (VtDoc *doc,
                  guint  n_columns)
{
  VtDocTable *table;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (n_columns > 0, NULL);

  table = g_new0 (VtDocTable, 1);
  table->doc = doc;
  table->n_columns = n_columns;
  table->columns = g_new0 (Column, n_columns);
  for (guint i = 0; i < n_columns; i++)
    table->columns[i].weight = 1.0;
  table->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  table->groups = g_array_new (FALSE, TRUE, sizeof (ColumnGroup));
  return table;
}

void
vt_doc_table_add_group (VtDocTable *table,
                        guint       first,
                        guint       n_columns,
                        const char *title)
{
  ColumnGroup group = { first, n_columns, NULL };

  g_return_if_fail (table != NULL);
  g_return_if_fail (n_columns > 0 && first + n_columns <= table->n_columns);
  for (guint i = 0; i < table->groups->len; i++)
    {
      ColumnGroup *other = &g_array_index (table->groups, ColumnGroup, i);
      g_return_if_fail (first >= other->first + other->n_columns ||
                        first + n_columns <= other->first);
    }

  group.title = g_strdup (title != NULL ? title : "");
  g_array_append_val (table->groups, group);
}

void
vt_doc_table_set_column (VtDocTable *table,
                         guint       column,
                         const char *title,
                         double      weight,
                         VtDocAlign  align)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (column < table->n_columns);

  g_free (table->columns[column].title);
  table->columns[column].title = g_strdup (title);
  /* A zero or negative weight would give a column no room at all. */
  table->columns[column].weight = weight > 0 ? weight : 1.0;
  table->columns[column].align = align;
}

void
vt_doc_table_add_row (VtDocTable          *table,
                      VtDocRowStyle        style,
                      const char * const  *cells)
{
  Row row = { 0 };

  g_return_if_fail (table != NULL);

  row.style = style;
  row.cells = g_new0 (char *, table->n_columns + 1);
  /* Exactly n_columns, an empty cell as "": g_strdupv would stop at the first NULL. */
  for (guint i = 0; i < table->n_columns; i++)
    row.cells[i] = g_strdup (cells != NULL && cells[i] != NULL ? cells[i] : "");
  g_array_append_val (table->rows, row);
}

void
vt_doc_table_end (VtDocTable *table)
{
  g_return_if_fail (table != NULL);
  add_block (table->doc, BLOCK_TABLE)->table = table;
}

void
vt_doc_signatures (VtDoc             *doc,
                   const VtDocSigner *signers,
                   guint              n_signers)
{
  Block *block;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (signers != NULL || n_signers == 0);

  if (n_signers == 0)
    return;
  block = add_block (doc, BLOCK_SIGNATURES);
  block->n_signers = n_signers;
  block->signers = g_new0 (Signer, n_signers);
  for (guint i = 0; i < n_signers; i++)
    {
      block->signers[i].role = g_strdup (signers[i].role);
      block->signers[i].name = g_strdup (signers[i].name);
      if (signers[i].points != NULL && signers[i].n_points >= 2)
        {
          block->signers[i].points = g_memdup2 (signers[i].points,
                                                signers[i].n_points * sizeof (double));
          block->signers[i].n_points = signers[i].n_points;
        }
    }
}

void
vt_doc_form_signatures (VtDoc             *doc,
                        const VtDocSigner *signers,
                        guint              n_signers)
{
  Block *block;

  g_return_if_fail (doc != NULL);

  vt_doc_signatures (doc, signers, n_signers);
  block = doc->blocks->len > 0 ? g_ptr_array_index (doc->blocks, doc->blocks->len - 1) : NULL;
  if (block != NULL && block->kind == BLOCK_SIGNATURES)
    block->form = TRUE;
}

gboolean
vt_doc_qr (VtDoc      *doc,
           const char *text,
           const char *caption)
{
  QRcode *code;
  Block *block;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  /* Level M (15 % may be lost: a fold, a stain) and the modes chosen by the text, case kept. */
  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      g_warning ("A QR code of %zu bytes could not be made: %s", strlen (text),
                 g_strerror (errno));
      return FALSE;
    }
  block = add_block (doc, BLOCK_QR);
  block->text = g_strdup (caption != NULL ? caption : "");
  block->qr_width = (guint)code->width;
  block->qr_modules = g_new (guchar, block->qr_width * block->qr_width);
  /* libqrencode's bit 0 is the module's colour; the other bits say what the module is for */
  for (guint i = 0; i < block->qr_width * block->qr_width; i++)
    block->qr_modules[i] = code->data[i] & 1;
  QRcode_free (code);
  return TRUE;
}

/* Pagination: the second pass */

/* Space above and below each kind of block. Between two blocks the larger of the two counts,
 * and none at the top of a page. */
static void
block_spacing (Block  *block,
               double *before,
               double *after)
{
  switch (block->kind)
    {
    case BLOCK_HEADING:
      *before = block->level <= 1 ? 18.0 : block->level == 2 ? 16.0 : 10.0;
      *after = block->level <= 1 ? 10.0 : block->level == 2 ? 6.0 : 4.0;
      break;
    case BLOCK_PARAGRAPH:
    case BLOCK_NOTE:
      *before = 0.0;
      *after = 6.0;
      break;
    case BLOCK_TABLE:
      *before = 6.0;
      *after = 12.0;
      break;
    case BLOCK_SIGNATURES:
      *before = 24.0;
      *after = 12.0;
      break;
    case BLOCK_QR:
      *before = 12.0;
      *after = 12.0;
      break;
    case BLOCK_PAGE_BREAK:
    default:
      *before = 0.0;
      *after = 0.0;
      break;
    }
}

static double
text_height (Block *block,
             guint  first,
             guint  last)
{
  return g_array_index (block->tops, double, last) - g_array_index (block->tops, double, first);
}

static guint
n_lines (Block *block)
{
  return block->tops->len - 1;
}

static double
signatures_height (Block *block,
                   guint  first,
                   guint  last)
{
  double height = 0;

  for (guint i = first; i < last; i++)
    height += g_array_index (block->heights, double, i);
  return height;
}

typedef struct
{
  VtDoc    *doc;
  GArray   *page;       /* the current page's placements */
  double    y;          /* the next free y on it */
  double    gap;        /* the space the block above asks for below it */
  gboolean  table_end;  /* a table ends on this page */
} Flow;

static void
new_page (Flow *flow)
{
  flow->page = g_array_new (FALSE, FALSE, sizeof (Placement));
  g_ptr_array_add (flow->doc->pages, flow->page);
  flow->y = CONTENT_TOP;
  flow->gap = 0;
  flow->table_end = FALSE;
}

static gboolean
page_empty (Flow *flow)
{
  return flow->page->len == 0;
}

static double
space_above (Flow  *flow,
             Block *block)
{
  double before, after;

  if (page_empty (flow))
    return 0;
  block_spacing (block, &before, &after);
  return MAX (flow->gap, before);
}

static void
place (Flow     *flow,
       Block    *block,
       double    y,
       guint     first,
       guint     last,
       gboolean  header)
{
  Placement placement = { block, y, first, last, header };
  g_array_append_val (flow->page, placement);
}

static void
end_block (Flow  *flow,
           Block *block,
           double y)
{
  double before;

  flow->y = y;
  block_spacing (block, &before, &flow->gap);
}

static gboolean
table_row_is_subhead (VtDocTable *table,
                      guint       i)
{
  return g_array_index (table->rows, Row, i).style == VT_DOC_ROW_SUBHEAD;
}

static double
table_row_height (VtDocTable *table,
                  guint       i)
{
  return g_array_index (table->rows, Row, i).height;
}

/* The least of block @i that must fit at the bottom of a page for the heading above it to stay
 * there; G_MAXDOUBLE when the block cannot start on this page at all. */
static double
lead_height (Flow  *flow,
             guint  i)
{
  Block *block;

  if (i >= flow->doc->blocks->len)
    return 0;
  block = g_ptr_array_index (flow->doc->blocks, i);
  switch (block->kind)
    {
    case BLOCK_HEADING:
      {
        double next = lead_height (flow, i + 1);
        double height = text_height (block, 0, n_lines (block));
        double before, after;

        if (next == G_MAXDOUBLE)
          return next;
        if (next > 0)
          {
            Block *following = g_ptr_array_index (flow->doc->blocks, i + 1);
            double following_before, following_after;

            block_spacing (block, &before, &after);
            block_spacing (following, &following_before, &following_after);
            height += MAX (after, following_before) + next;
          }
        return height;
      }
    case BLOCK_PARAGRAPH:
    case BLOCK_NOTE:
      /* Two lines, as a paragraph never leaves a single line at the bottom. */
      return text_height (block, 0, MIN (2, n_lines (block)));
    case BLOCK_TABLE:
      {
        VtDocTable *table = block->table;
        double height = table->header_height;

        if (table->rows->len > 0)
          height += table_row_height (table, 0);
        if (table->rows->len > 1 && table_row_is_subhead (table, 0))
          height += table_row_height (table, 1);
        return height;
      }
    case BLOCK_SIGNATURES:
      {
        double whole = signatures_height (block, 0, block->heights->len);

        if (flow->table_end)
          return G_MAXDOUBLE;
        return whole <= CONTENT_BOTTOM - CONTENT_TOP
               ? whole : g_array_index (block->heights, double, 0);
      }
    case BLOCK_QR:
      return g_array_index (block->heights, double, 0);
    case BLOCK_PAGE_BREAK:
    default:
      return 0;
    }
}

static void
place_heading (Flow  *flow,
               guint  i)
{
  Block *block = g_ptr_array_index (flow->doc->blocks, i);
  double height = text_height (block, 0, n_lines (block));
  double lead = lead_height (flow, i);
  double above = space_above (flow, block);

  /* A heading travels with the start of what it heads. */
  if (!page_empty (flow) && (lead == G_MAXDOUBLE || flow->y + above + lead > CONTENT_BOTTOM))
    {
      new_page (flow);
      above = 0;
    }
  place (flow, block, flow->y + above, 0, n_lines (block), FALSE);
  end_block (flow, block, flow->y + above + height);
}

static void
place_text (Flow  *flow,
            Block *block)
{
  guint n = n_lines (block);
  guint first = 0;

  while (first < n)
    {
      double above = space_above (flow, block);
      double top = flow->y + above;
      guint count = 0;

      while (first + count < n && top + text_height (block, first, first + count + 1)
                                  <= CONTENT_BOTTOM)
        count++;

      if (first + count < n)
        {
          /* It splits: leave no single line behind at the bottom (an orphan) nor carry a
           * single line over to the top of the next page (a widow). */
          if (n - first - count == 1 && count > 0)
            count--;
          if (count < 2 && !page_empty (flow))
            {
              new_page (flow);
              continue;
            }
          /* A line taller than a whole page still has to go somewhere. */
          count = MAX (count, 1);
        }

      place (flow, block, top, first, first + count, FALSE);
      end_block (flow, block, top + text_height (block, first, first + count));
      first += count;
      if (first < n)
        new_page (flow);
    }
}

static void
place_table (Flow  *flow,
             guint  i)
{
  Block *block = g_ptr_array_index (flow->doc->blocks, i);
  VtDocTable *table = block->table;
  gboolean has_header = table->header_height > 0;
  guint n = table->rows->len;
  guint row = 0;
  double above = space_above (flow, block);

  if (!page_empty (flow) && flow->y + above + lead_height (flow, i) > CONTENT_BOTTOM)
    {
      new_page (flow);
      above = 0;
    }

  for (;;)
    {
      double top = flow->y + above;
      double y = top + table->header_height;
      guint first = row;

      while (row < n)
        {
          double need = table_row_height (table, row);

          /* A group's title row stays with the group's first row. */
          if (table_row_is_subhead (table, row) && row + 1 < n)
            need += table_row_height (table, row + 1);
          /* A row never splits; one taller than a whole page is drawn anyway, cut off. */
          if (y + need > CONTENT_BOTTOM && row > first)
            break;
          y += table_row_height (table, row);
          row++;
        }
      place (flow, block, top, first, row, has_header);
      end_block (flow, block, y);
      if (row >= n)
        break;
      new_page (flow);
      above = 0;
    }
  flow->table_end = TRUE;
}

static void
place_signatures (Flow  *flow,
                  Block *block)
{
  guint n = block->heights->len;
  guint row = 0;
  double above;

  /* Nobody signs on the page where a table ends: the signatures would seem to vouch only for
   * what is on that page. */
  if (!page_empty (flow) && flow->table_end && !block->form)
    new_page (flow);
  above = space_above (flow, block);
  if (!page_empty (flow) && flow->y + above + signatures_height (block, 0, n) > CONTENT_BOTTOM)
    {
      new_page (flow);
      above = 0;
    }

  /* Kept together unless there are more signers than one page holds. */
  for (;;)
    {
      double top = flow->y + above;
      double y = top;
      guint first = row;

      while (row < n && (y + g_array_index (block->heights, double, row) <= CONTENT_BOTTOM
                         || row == first))
        y += g_array_index (block->heights, double, row++);
      place (flow, block, top, first, row, FALSE);
      end_block (flow, block, y);
      if (row >= n)
        break;
      new_page (flow);
      above = 0;
    }
}

/* A QR code is never split: a symbol cut in two scans as nothing. */
static void
place_qr (Flow  *flow,
          Block *block)
{
  double height = g_array_index (block->heights, double, 0);
  double above = space_above (flow, block);

  if (!page_empty (flow) && flow->y + above + height > CONTENT_BOTTOM)
    {
      new_page (flow);
      above = 0;
    }
  place (flow, block, flow->y + above, 0, 1, FALSE);
  end_block (flow, block, flow->y + above + height);
}

/* The layout a piece at a time, so that a long document (a log annex of thousands of pages)
 * can say how far it has come and stop: first every block is measured, a long table a slice of
 * rows at a time, then the flow is cut into pages in one go (a small part of the time). */

/* Rows measured in one piece: some ten milliseconds. */
#define ROWS_PER_STEP 200

typedef struct _VtDocLayoutState
{
  guint    block;  /* the next block to measure */
  guint    row;    /* in a table: the next row to measure */
  guint64  done;
  guint64  total;
} VtDocLayoutState;

guint64
vt_doc_count_units (VtDoc *doc)
{
  guint64 units = 0;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      units += 1 + (block->kind == BLOCK_TABLE ? block->table->rows->len : 0);
    }
  return units;
}

/* Cuts the measured flow into pages. */
static void
cut_pages (VtDoc *doc)
{
  Flow flow = { doc };

  /* The body's line height comes with the measuring of any block; a flow of none needs it
   * too, for its one empty page. */
  if (doc->blocks->len == 0)
    vt_doc_measure (doc);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  new_page (&flow);
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      switch (block->kind)
        {
        case BLOCK_HEADING:
          place_heading (&flow, i);
          break;
        case BLOCK_PARAGRAPH:
        case BLOCK_NOTE:
          place_text (&flow, block);
          break;
        case BLOCK_TABLE:
          place_table (&flow, i);
          break;
        case BLOCK_SIGNATURES:
          place_signatures (&flow, block);
          break;
        case BLOCK_QR:
          place_qr (&flow, block);
          break;
        case BLOCK_PAGE_BREAK:
          /* On an empty page it would only make a blank one. */
          if (!page_empty (&flow))
            new_page (&flow);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

gboolean
vt_doc_paginate_step (VtDoc   *doc,
                      guint64 *done,
                      guint64 *total)
{
  VtDocLayoutState *state;

  g_return_val_if_fail (doc != NULL, FALSE);

  if (doc->pages != NULL)
    {
      guint64 units = vt_doc_count_units (doc);

      if (done != NULL)
        *done = units;
      if (total != NULL)
        *total = units;
      return TRUE;
    }

  if (doc->layout_state == NULL)
    {
      doc->layout_state = g_new0 (VtDocLayoutState, 1);
      doc->layout_state->total = vt_doc_count_units (doc);
    }
  state = doc->layout_state;

  if (state->block < doc->blocks->len)
    {
      Block *block = g_ptr_array_index (doc->blocks, state->block);

      if (block->kind == BLOCK_TABLE)
        {
          guint n_rows = block->table->rows->len;
          guint last = MIN (n_rows, state->row + ROWS_PER_STEP);

          if (state->row == 0)
            {
              vt_doc_measure_block (doc, block);
              state->done++;
            }
          vt_doc_measure_rows (doc, block->table, state->row, last);
          state->done += last - state->row;
          state->row = last;
          if (state->row == n_rows)
            {
              state->block++;
              state->row = 0;
            }
        }
      else
        {
          vt_doc_measure_block (doc, block);
          state->done++;
          state->block++;
        }
    }
  else
    cut_pages (doc);

  if (done != NULL)
    *done = state->done;
  if (total != NULL)
    *total = state->total;
  if (doc->pages != NULL)
    g_clear_pointer (&doc->layout_state, g_free);
  return doc->pages != NULL;
}

/* Lays @doc out, reporting progress out of @scale_total when it is not 0 (a PDF counts the
 * drawing after the layout) or else out of the layout's own total. */
gboolean
vt_doc_layout_progress (VtDoc         *doc,
                        GCancellable  *cancellable,
                        VtDocProgress  progress,
                        gpointer       user_data,
                        guint64        scale_total,
                        GError       **error)
{
  guint64 done, total;

  for (;;)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          /* Begun again from the start next time: what was measured is measured again. */
          g_clear_pointer (&doc->layout_state, g_free);
          return FALSE;
        }
      if (vt_doc_paginate_step (doc, &done, &total))
        break;
      if (progress != NULL)
        progress (done, scale_total != 0 ? scale_total : total, user_data);
    }
  if (progress != NULL)
    progress (total, scale_total != 0 ? scale_total : total, user_data);
  return TRUE;
}

gboolean
vt_doc_ensure_layout_full (VtDoc         *doc,
                           GCancellable  *cancellable,
                           VtDocProgress  progress,
                           gpointer       user_data,
                           GError       **error)
{
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return vt_doc_layout_progress (doc, cancellable, progress, user_data, 0, error);
}

void
vt_doc_ensure_layout (VtDoc *doc)
{
  vt_doc_ensure_layout_full (doc, NULL, NULL, NULL, NULL);
}

guint
vt_doc_get_n_pages (VtDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);
  vt_doc_ensure_layout (doc);
  return doc->pages->len;
}

