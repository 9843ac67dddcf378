/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-doc"

#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "vt-doc.h"

/* The layout engine behind every printed document. The caller adds blocks (headings,
 * paragraphs, tables, signatures) to a flow; the flow is measured and cut into A4 pages once,
 * and the same placements then draw the PDF and each page of the preview or the print. Two
 * passes, because the footer says "Page x of y" and y is only known when everything is placed.
 *
 * All lengths are in PDF points (1/72 inch), with y growing down the page. */

#define PAGE_WIDTH      595.276
#define PAGE_HEIGHT     841.89
/* The page's diagonal, for the watermark; a constant, so the core needs no libm. */
#define PAGE_DIAGONAL   1031.083
#define MARGIN_X        48.0
#define TEXT_WIDTH      (PAGE_WIDTH - 2 * MARGIN_X)

#define LABEL_TOP       10.0    /* the copy label, boxed, centred in the top margin */
#define LABEL_HEIGHT    19.0
#define HEADER_TOP      34.0
#define HEADER_RULE     47.0
#define CONTENT_TOP     60.0
#define CONTENT_BOTTOM  (PAGE_HEIGHT - 56.0)
#define FOOTER_RULE     (PAGE_HEIGHT - 48.0)
#define FOOTER_TOP      (PAGE_HEIGHT - 44.0)

#define CELL_PAD_X      4.0
#define CELL_PAD_Y      3.0
#define CHECKBOX_SIZE   9.0
#define RULE_THIN       0.5
#define RULE_TOTAL      1.2

#define SIGN_GAP        28.0    /* between the two boxes of a row */
#define SIGN_BOX_HEIGHT 60.0    /* where the strokes go, above the line */
#define SIGN_ROW_GAP    18.0
#define SIGN_INK_WIDTH  1.2

/* Cantarell is GNOME's face; DejaVu Sans is on every Debian; both have æøå. */
#define FONT_FAMILY     "Cantarell, DejaVu Sans, sans"

typedef enum
{
  FONT_BODY,
  FONT_BOLD,
  FONT_NOTE,
  FONT_H1,
  FONT_H2,
  FONT_H3,
  FONT_SMALL,
  FONT_LABEL,
  FONT_MARK,
  N_FONTS
} Font;

static const struct
{
  double size;
  PangoWeight weight;
} font_specs[N_FONTS] = {
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

typedef enum
{
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_NOTE,
  BLOCK_PAGE_BREAK,
  BLOCK_TABLE,
  BLOCK_SIGNATURES,
} BlockKind;

typedef struct
{
  char       *title;
  double      weight;
  VtDocAlign  align;
} Column;

typedef struct
{
  VtDocRowStyle   style;
  char          **cells;   /* n_columns strings, "" for empty; NULL-terminated */
  double          height;  /* from the measuring pass */
} Row;

struct _VtDocTable
{
  VtDoc   *doc;
  guint    n_columns;
  Column  *columns;
  GArray  *rows;           /* of Row */
  double  *x;              /* n_columns + 1 column edges, from the measuring pass */
  double   header_height;  /* 0 when no column has a title */
};

typedef struct
{
  char   *role;
  char   *name;
  double *points;
  gsize   n_points;
} Signer;

typedef struct
{
  BlockKind    kind;
  int          level;       /* heading */
  char        *text;        /* heading, paragraph, note */
  VtDocTable  *table;
  Signer      *signers;
  guint        n_signers;
  gboolean     form;      /* signatures of a short form: may share the page with its table */

  /* From the measuring pass. Text: the top of each line and the bottom of the last, so lines
   * [a, b) are tops[b] - tops[a] tall. Signatures: the height of each row of two boxes. */
  GArray      *tops;
  GArray      *heights;
} Block;

/* One piece of a block on one page: lines [first, last) of a paragraph, rows of a table or of
 * a signature block. */
typedef struct
{
  Block    *block;
  double    y;
  guint     first;
  guint     last;
  gboolean  header;  /* a table's header row comes first */
} Placement;

struct _VtDoc
{
  char         *title;
  char         *header_left;
  char         *header_right;
  char         *footer;
  char         *watermark;
  char         *copy_label;
  GDateTime    *created;

  GPtrArray    *blocks;      /* of Block */

  /* One font map, context and layout for the document's life: creating them per cell would
   * make a long table slow. The font map is the document's own, not the thread's default, so
   * a document built on the main thread can be drawn in a worker. */
  PangoFontMap *font_map;
  PangoContext *context;
  PangoLayout  *layout;
  PangoFontDescription *fonts[N_FONTS];
  PangoAttrList *tabular;    /* tabular figures, so numbers line up in their column */
  double        line_height; /* of one line of body text */

  GPtrArray    *pages;       /* of GArray of Placement; NULL until laid out */
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
  pango_context_set_language (doc->context, pango_language_from_string ("nb"));
  pango_context_set_base_dir (doc->context, PANGO_DIRECTION_LTR);

  doc->layout = pango_layout_new (doc->context);
  pango_layout_set_wrap (doc->layout, PANGO_WRAP_WORD_CHAR);

  for (guint i = 0; i < N_FONTS; i++)
    {
      doc->fonts[i] = pango_font_description_from_string (FONT_FAMILY);
      pango_font_description_set_size (doc->fonts[i],
                                       (int)(font_specs[i].size * PANGO_SCALE));
      pango_font_description_set_weight (doc->fonts[i], font_specs[i].weight);
    }
  doc->tabular = pango_attr_list_new ();
  pango_attr_list_insert (doc->tabular, pango_attr_font_features_new ("tnum"));

  return doc;
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
  g_object_unref (doc->layout);
  g_object_unref (doc->context);
  g_object_unref (doc->font_map);
  g_clear_pointer (&doc->created, g_date_time_unref);
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
}

void
vt_doc_set_footer (VtDoc      *doc,
                   const char *text)
{
  g_return_if_fail (doc != NULL);
  g_free (doc->footer);
  doc->footer = g_strdup (text);
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
  return table;
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

/* Text */

/* Sets the document's one layout up for @text; @width < 0 is unwrapped. */
static PangoLayout *
text_layout (VtDoc          *doc,
             Font            font,
             const char     *text,
             double          width,
             PangoAlignment  align)
{
  PangoLayout *layout = doc->layout;

  pango_layout_set_font_description (layout, doc->fonts[font]);
  pango_layout_set_attributes (layout, NULL);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_height (layout, -1);
  pango_layout_set_width (layout, width < 0 ? -1 : pango_units_from_double (width));
  pango_layout_set_alignment (layout, align);
  /* Plain text, never markup: a "<" in a party's name stays a "<". */
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double)height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double)width / PANGO_SCALE;
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static Font
heading_font (int level)
{
  return level <= 1 ? FONT_H1 : level == 2 ? FONT_H2 : FONT_H3;
}

static PangoLayout *
block_text_layout (VtDoc *doc,
                   Block *block)
{
  Font font = block->kind == BLOCK_HEADING ? heading_font (block->level)
              : block->kind == BLOCK_NOTE ? FONT_NOTE : FONT_BODY;

  return text_layout (doc, font, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT);
}

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
    case BLOCK_PAGE_BREAK:
    default:
      *before = 0.0;
      *after = 0.0;
      break;
    }
}

/* Measuring: the first pass */

static void
measure_text (VtDoc *doc,
              Block *block)
{
  PangoLayout *layout = block_text_layout (doc, block);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double bottom = layout_height (layout);

  block->tops = g_array_new (FALSE, FALSE, sizeof (double));
  do
    {
      int y0, y1;
      double top;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      top = (double)y0 / PANGO_SCALE;
      g_array_append_val (block->tops, top);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  g_array_append_val (block->tops, bottom);
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
cell_width (VtDocTable *table,
            guint       column)
{
  /* Never zero: pango would take that as "do not wrap". */
  return MAX (1.0, table->x[column + 1] - table->x[column] - 2 * CELL_PAD_X);
}

static PangoAlignment
cell_alignment (VtDocAlign align)
{
  switch (align)
    {
    case VT_DOC_ALIGN_RIGHT:
      return PANGO_ALIGN_RIGHT;
    case VT_DOC_ALIGN_CENTER:
    case VT_DOC_ALIGN_CHECKBOX:
      return PANGO_ALIGN_CENTER;
    case VT_DOC_ALIGN_LEFT:
    default:
      return PANGO_ALIGN_LEFT;
    }
}

/* A cell's text laid out in its column; the row's style picks the weight. */
static PangoLayout *
cell_layout (VtDoc       *doc,
             VtDocTable  *table,
             guint        column,
             const char  *text,
             gboolean     bold)
{
  VtDocAlign align = table->columns[column].align;
  PangoLayout *layout = text_layout (doc, bold ? FONT_BOLD : FONT_BODY, text,
                                     cell_width (table, column), cell_alignment (align));

  if (align == VT_DOC_ALIGN_RIGHT)
    pango_layout_set_attributes (layout, doc->tabular);
  return layout;
}

/* A column's title in the header row. */
static PangoLayout *
header_layout (VtDoc      *doc,
               VtDocTable *table,
               guint       column)
{
  return text_layout (doc, FONT_BOLD, table->columns[column].title, cell_width (table, column),
                      cell_alignment (table->columns[column].align));
}

static double
measure_row (VtDoc      *doc,
             VtDocTable *table,
             Row        *row)
{
  double height = 0;

  if (row->style == VT_DOC_ROW_SUBHEAD)
    return layout_height (text_layout (doc, FONT_BOLD, row->cells[0],
                                       TEXT_WIDTH - 2 * CELL_PAD_X, PANGO_ALIGN_LEFT))
           + 2 * CELL_PAD_Y;

  for (guint i = 0; i < table->n_columns; i++)
    {
      double h = table->columns[i].align == VT_DOC_ALIGN_CHECKBOX
                 ? MAX (doc->line_height, CHECKBOX_SIZE)
                 : layout_height (cell_layout (doc, table, i, row->cells[i],
                                               row->style == VT_DOC_ROW_TOTAL));
      height = MAX (height, h);
    }
  return height + 2 * CELL_PAD_Y;
}

static void
measure_table (VtDoc      *doc,
               VtDocTable *table)
{
  double total_weight = 0, x = MARGIN_X, weight = 0;
  gboolean has_header = FALSE;

  for (guint i = 0; i < table->n_columns; i++)
    total_weight += table->columns[i].weight;
  g_free (table->x);
  table->x = g_new (double, table->n_columns + 1);
  for (guint i = 0; i < table->n_columns; i++)
    {
      table->x[i] = x;
      weight += table->columns[i].weight;
      x = MARGIN_X + TEXT_WIDTH * weight / total_weight;
    }
  table->x[table->n_columns] = MARGIN_X + TEXT_WIDTH;

  /* The header row: the columns' titles, bold; none when no column has one. */
  table->header_height = 0;
  for (guint i = 0; i < table->n_columns; i++)
    if (table->columns[i].title != NULL && *table->columns[i].title != '\0')
      has_header = TRUE;
  if (has_header)
    {
      for (guint i = 0; i < table->n_columns; i++)
        table->header_height = MAX (table->header_height,
                                    layout_height (header_layout (doc, table, i)));
      table->header_height += 2 * CELL_PAD_Y;
    }

  for (guint i = 0; i < table->rows->len; i++)
    {
      Row *row = &g_array_index (table->rows, Row, i);
      row->height = measure_row (doc, table, row);
    }
}

static double
signer_box_width (void)
{
  return (TEXT_WIDTH - SIGN_GAP) / 2;
}

static double
measure_signer_text (VtDoc  *doc,
                     Signer *signer,
                     double *name_height)
{
  double name = layout_height (text_layout (doc, FONT_BODY, signer->name, signer_box_width (),
                                            PANGO_ALIGN_LEFT));
  double role = layout_height (text_layout (doc, FONT_SMALL, signer->role, signer_box_width (),
                                            PANGO_ALIGN_LEFT));

  if (name_height != NULL)
    *name_height = name;
  return name + role;
}

static void
measure_signatures (VtDoc *doc,
                    Block *block)
{
  block->heights = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < block->n_signers; i += 2)
    {
      double text = measure_signer_text (doc, &block->signers[i], NULL);
      double height;

      if (i + 1 < block->n_signers)
        text = MAX (text, measure_signer_text (doc, &block->signers[i + 1], NULL));
      height = SIGN_BOX_HEIGHT + 4.0 + text + SIGN_ROW_GAP;
      g_array_append_val (block->heights, height);
    }
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

static void
measure (VtDoc *doc)
{
  doc->line_height = layout_height (text_layout (doc, FONT_BODY, "Åg", -1, PANGO_ALIGN_LEFT));
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      g_clear_pointer (&block->tops, g_array_unref);
      g_clear_pointer (&block->heights, g_array_unref);
      switch (block->kind)
        {
        case BLOCK_HEADING:
        case BLOCK_PARAGRAPH:
        case BLOCK_NOTE:
          measure_text (doc, block);
          break;
        case BLOCK_TABLE:
          measure_table (doc, block->table);
          break;
        case BLOCK_SIGNATURES:
          measure_signatures (doc, block);
          break;
        case BLOCK_PAGE_BREAK:
        default:
          break;
        }
    }
}

/* Pagination: the second pass */

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

static void
ensure_layout (VtDoc *doc)
{
  Flow flow = { doc };

  if (doc->pages != NULL)
    return;

  measure (doc);
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

guint
vt_doc_get_n_pages (VtDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);
  ensure_layout (doc);
  return doc->pages->len;
}

/* Drawing */

static void
set_grey (cairo_t *cr,
          double   level)
{
  cairo_set_source_rgb (cr, level, level, level);
}

static void
hline (cairo_t *cr,
       double   x0,
       double   x1,
       double   y,
       double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

static void
vline (cairo_t *cr,
       double   x,
       double   y0,
       double   y1)
{
  cairo_set_line_width (cr, RULE_THIN);
  cairo_move_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
  cairo_stroke (cr);
}

static void
draw_text (VtDoc     *doc,
           cairo_t   *cr,
           Placement *placement)
{
  Block *block = placement->block;
  PangoLayout *layout = block_text_layout (doc, block);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double top = g_array_index (block->tops, double, placement->first);
  guint line = 0;

  if (block->kind == BLOCK_NOTE)
    set_grey (cr, 0.35);
  else
    set_grey (cr, 0.0);

  /* Only this placement's lines, each on its own baseline. */
  do
    {
      if (line >= placement->first && line < placement->last)
        {
          PangoRectangle logical;
          double baseline = (double)pango_layout_iter_get_baseline (iter) / PANGO_SCALE;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          cairo_move_to (cr, MARGIN_X + (double)logical.x / PANGO_SCALE,
                         placement->y + baseline - top);
          pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
        }
      line++;
    }
  while (line < placement->last && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
draw_checkbox (VtDoc      *doc,
               cairo_t    *cr,
               VtDocTable *table,
               guint       column,
               double      y)
{
  double x = (table->x[column] + table->x[column + 1] - CHECKBOX_SIZE) / 2;

  /* Level with the first line of the row's text. */
  y += (doc->line_height - CHECKBOX_SIZE) / 2;

  set_grey (cr, 0.0);
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, x, y + CELL_PAD_Y, CHECKBOX_SIZE, CHECKBOX_SIZE);
  cairo_stroke (cr);
}

static void
draw_header_row (VtDoc      *doc,
                 cairo_t    *cr,
                 VtDocTable *table,
                 double      y)
{
  set_grey (cr, 0.88);
  cairo_rectangle (cr, MARGIN_X, y, TEXT_WIDTH, table->header_height);
  cairo_fill (cr);

  set_grey (cr, 0.0);
  for (guint i = 0; i < table->n_columns; i++)
    show_layout (cr, header_layout (doc, table, i), table->x[i] + CELL_PAD_X, y + CELL_PAD_Y);

  set_grey (cr, 0.45);
  for (guint i = 0; i <= table->n_columns; i++)
    vline (cr, table->x[i], y, y + table->header_height);
  hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, y, RULE_THIN);
}

static void
draw_row (VtDoc      *doc,
          cairo_t    *cr,
          VtDocTable *table,
          Row        *row,
          double      y)
{
  if (row->style == VT_DOC_ROW_SUBHEAD)
    {
      set_grey (cr, 0.95);
      cairo_rectangle (cr, MARGIN_X, y, TEXT_WIDTH, row->height);
      cairo_fill (cr);
      set_grey (cr, 0.0);
      show_layout (cr, text_layout (doc, FONT_BOLD, row->cells[0], TEXT_WIDTH - 2 * CELL_PAD_X,
                                    PANGO_ALIGN_LEFT),
                   MARGIN_X + CELL_PAD_X, y + CELL_PAD_Y);
      set_grey (cr, 0.45);
      vline (cr, table->x[0], y, y + row->height);
      vline (cr, table->x[table->n_columns], y, y + row->height);
      hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, y, RULE_THIN);
      return;
    }

  set_grey (cr, 0.0);
  for (guint i = 0; i < table->n_columns; i++)
    {
      if (table->columns[i].align == VT_DOC_ALIGN_CHECKBOX)
        draw_checkbox (doc, cr, table, i, y);
      else
        show_layout (cr, cell_layout (doc, table, i, row->cells[i],
                                      row->style == VT_DOC_ROW_TOTAL),
                     table->x[i] + CELL_PAD_X, y + CELL_PAD_Y);
    }

  set_grey (cr, 0.45);
  for (guint i = 0; i <= table->n_columns; i++)
    vline (cr, table->x[i], y, y + row->height);
  if (row->style == VT_DOC_ROW_TOTAL)
    {
      /* A sum: the stronger rule says "everything above adds up to this". */
      set_grey (cr, 0.0);
      hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, y, RULE_TOTAL);
    }
  else
    hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, y, RULE_THIN);
}

static void
draw_table (VtDoc     *doc,
            cairo_t   *cr,
            Placement *placement)
{
  VtDocTable *table = placement->block->table;
  double y = placement->y;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  if (placement->header)
    {
      draw_header_row (doc, cr, table, y);
      y += table->header_height;
    }
  for (guint i = placement->first; i < placement->last; i++)
    {
      Row *row = &g_array_index (table->rows, Row, i);

      draw_row (doc, cr, table, row, y);
      y += row->height;
    }
  /* The rule under the last row, thin even under a total: the total's rule is above it. */
  set_grey (cr, 0.45);
  hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, y, RULE_THIN);
  cairo_restore (cr);
}

static void
draw_strokes (cairo_t *cr,
              Signer  *signer,
              double   x,
              double   y,
              double   width,
              double   height)
{
  gboolean pen_down = FALSE;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  /* Blue-black, like a ballpoint pen. */
  cairo_set_source_rgb (cr, 0.05, 0.12, 0.4);
  cairo_set_line_width (cr, SIGN_INK_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (gsize i = 0; i + 1 < signer->n_points; i += 2)
    {
      double px = signer->points[i], py = signer->points[i + 1];

      if (isnan (px) || isnan (py))
        {
          pen_down = FALSE;
          continue;
        }
      px = x + px * width;
      py = y + py * height;
      if (!pen_down)
        {
          /* The zero-length segment makes a dot of a stroke that is a single point. */
          cairo_move_to (cr, px, py);
          pen_down = TRUE;
        }
      cairo_line_to (cr, px, py);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_signer (VtDoc   *doc,
             cairo_t *cr,
             Signer  *signer,
             double   x,
             double   y)
{
  double width = signer_box_width ();
  double name_height;
  double line = y + SIGN_BOX_HEIGHT;

  if (signer->points != NULL)
    draw_strokes (cr, signer, x, y, width, SIGN_BOX_HEIGHT);

  set_grey (cr, 0.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  hline (cr, x, x + width, line, 0.8);

  measure_signer_text (doc, signer, &name_height);
  show_layout (cr, text_layout (doc, FONT_BODY, signer->name, width, PANGO_ALIGN_LEFT),
               x, line + 4.0);
  set_grey (cr, 0.3);
  show_layout (cr, text_layout (doc, FONT_SMALL, signer->role, width, PANGO_ALIGN_LEFT),
               x, line + 4.0 + name_height);
}

static void
draw_signatures (VtDoc     *doc,
                 cairo_t   *cr,
                 Placement *placement)
{
  Block *block = placement->block;
  double y = placement->y;

  for (guint row = placement->first; row < placement->last; row++)
    {
      for (guint column = 0; column < 2 && 2 * row + column < block->n_signers; column++)
        draw_signer (doc, cr, &block->signers[2 * row + column],
                     MARGIN_X + column * (signer_box_width () + SIGN_GAP), y);
      y += g_array_index (block->heights, double, row);
    }
}

static void
draw_header (VtDoc   *doc,
             cairo_t *cr)
{
  double room = TEXT_WIDTH - 12.0;
  double left_width = 0, right_width = 0;
  PangoLayout *layout;

  if (doc->copy_label != NULL)
    {
      double width, baseline;

      layout = text_layout (doc, FONT_LABEL, doc->copy_label, -1, PANGO_ALIGN_LEFT);
      width = layout_width (layout);
      baseline = (double)pango_layout_get_baseline (layout) / PANGO_SCALE;
      /* Centre the capitals in the box, not the line: the line's ascent has room for the
       * ring of an Å above them. */
      set_grey (cr, 0.0);
      show_layout (cr, layout, (PAGE_WIDTH - width) / 2,
                   LABEL_TOP + LABEL_HEIGHT / 2 + 0.35 * font_specs[FONT_LABEL].size - baseline);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, (PAGE_WIDTH - width) / 2 - 8.0, LABEL_TOP, width + 16.0, LABEL_HEIGHT);
      cairo_stroke (cr);
    }

  /* Both sides on one line; when they do not fit, the longer gives way with an ellipsis. */
  if (doc->header_left != NULL)
    left_width = layout_width (text_layout (doc, FONT_SMALL, doc->header_left, -1,
                                            PANGO_ALIGN_LEFT));
  if (doc->header_right != NULL)
    right_width = layout_width (text_layout (doc, FONT_SMALL, doc->header_right, -1,
                                             PANGO_ALIGN_LEFT));
  if (left_width + right_width > room)
    {
      right_width = MIN (right_width, MAX (room - left_width, room * 0.4));
      left_width = room - right_width;
    }

  set_grey (cr, 0.25);
  if (doc->header_left != NULL)
    {
      layout = text_layout (doc, FONT_SMALL, doc->header_left, left_width, PANGO_ALIGN_LEFT);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      show_layout (cr, layout, MARGIN_X, HEADER_TOP);
    }
  if (doc->header_right != NULL)
    {
      layout = text_layout (doc, FONT_SMALL, doc->header_right, right_width, PANGO_ALIGN_RIGHT);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      show_layout (cr, layout, MARGIN_X + TEXT_WIDTH - right_width, HEADER_TOP);
    }
  set_grey (cr, 0.5);
  hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, HEADER_RULE, RULE_THIN);
}

static void
draw_footer (VtDoc   *doc,
             cairo_t *cr,
             guint    page)
{
  /* Translators: the page number at the bottom right of every printed page. */
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page + 1, doc->pages->len);
  PangoLayout *layout = text_layout (doc, FONT_SMALL, number, -1, PANGO_ALIGN_LEFT);
  double number_width = layout_width (layout);

  set_grey (cr, 0.5);
  hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, FOOTER_RULE, RULE_THIN);
  set_grey (cr, 0.25);
  show_layout (cr, layout, MARGIN_X + TEXT_WIDTH - number_width, FOOTER_TOP);

  if (doc->footer != NULL)
    {
      /* A journal checksum must not be cut short: it wraps, into two lines at most. */
      layout = text_layout (doc, FONT_SMALL, doc->footer, TEXT_WIDTH - number_width - 12.0,
                            PANGO_ALIGN_LEFT);
      pango_layout_set_height (layout, -2);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      show_layout (cr, layout, MARGIN_X, FOOTER_TOP);
    }
}

static void
draw_watermark (VtDoc   *doc,
                cairo_t *cr)
{
  PangoLayout *layout = text_layout (doc, FONT_MARK, doc->watermark, -1, PANGO_ALIGN_LEFT);
  double width = layout_width (layout);
  double height = layout_height (layout);
  /* Along the diagonal from the bottom left to the top right, as long as three quarters of
   * it at most. */
  double scale = MIN (1.0, 0.75 * PAGE_DIAGONAL / MAX (width, 1.0));
  double c = PAGE_WIDTH / PAGE_DIAGONAL, s = PAGE_HEIGHT / PAGE_DIAGONAL;
  cairo_matrix_t matrix;

  cairo_save (cr);
  cairo_matrix_init (&matrix, c, -s, s, c, PAGE_WIDTH / 2, PAGE_HEIGHT / 2);
  cairo_transform (cr, &matrix);
  cairo_scale (cr, scale, scale);
  /* Translucent and on top, so no table's shading can hide it. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.25);
  show_layout (cr, layout, -width / 2, -height / 2);
  cairo_restore (cr);
}

/* Draws page @page in page coordinates; the PDF and the preview both come through here. */
static void
draw_page (VtDoc   *doc,
           cairo_t *cr,
           guint    page)
{
  GArray *placements = g_ptr_array_index (doc->pages, page);

  cairo_save (cr);
  draw_header (doc, cr);
  draw_footer (doc, cr, page);

  for (guint i = 0; i < placements->len; i++)
    {
      Placement *placement = &g_array_index (placements, Placement, i);

      switch (placement->block->kind)
        {
        case BLOCK_HEADING:
        case BLOCK_PARAGRAPH:
        case BLOCK_NOTE:
          draw_text (doc, cr, placement);
          break;
        case BLOCK_TABLE:
          draw_table (doc, cr, placement);
          break;
        case BLOCK_SIGNATURES:
          draw_signatures (doc, cr, placement);
          break;
        case BLOCK_PAGE_BREAK:
        default:
          g_assert_not_reached ();
        }
    }

  if (doc->watermark != NULL)
    draw_watermark (doc, cr);
  cairo_restore (cr);
}

void
vt_doc_render_page (VtDoc   *doc,
                    cairo_t *cr,
                    guint    page,
                    double   width,
                    double   height)
{
  double scale;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < vt_doc_get_n_pages (doc));

  scale = MIN (width / PAGE_WIDTH, height / PAGE_HEIGHT);
  cairo_save (cr);
  cairo_translate (cr, (width - PAGE_WIDTH * scale) / 2, (height - PAGE_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_clip (cr);
  set_grey (cr, 1.0);
  cairo_paint (cr);
  draw_page (doc, cr, page);
  cairo_restore (cr);
}

/* PDF */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* ISO 8601 as cairo takes it: whole seconds and a "+hh:mm" offset, no fractions. Without a
 * date the document gets a fixed one, never the clock's: the same document, the same bytes. */
static char *
format_date (GDateTime *time)
{
  if (time == NULL)
    return g_strdup ("2000-01-01T00:00:00Z");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

GBytes *
vt_doc_to_pdf (VtDoc   *doc,
               GError **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *date = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ensure_layout (doc);
  bytes = g_byte_array_new ();
  date = format_date (doc->created);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  if (doc->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Valgting");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);

  cr = cairo_create (surface);
  for (guint i = 0; i < doc->pages->len; i++)
    {
      draw_page (doc, cr, i);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is cairo's own explanation, in English. */
                   _("Could not draw the document as PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

gboolean
vt_doc_write_pdf (VtDoc       *doc,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = vt_doc_to_pdf (doc, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  /* Written beside and renamed over: a half-written protocol never replaces a whole one. */
  return g_file_set_contents (path, data, size, error);
}
