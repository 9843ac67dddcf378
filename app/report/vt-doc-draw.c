/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-doc"

#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include "vt-i18n.h"
#include <math.h>

#include "vt-doc-private.h"

/* Everything of a VtDoc that lays text out with pango: measuring the blocks, the first pass of
 * the layout (vt-doc.c cuts the pages by what it finds), and drawing the laid-out pages with
 * cairo, with the header, the footer, the copy label and the watermark on each. Both lay every
 * piece of text out through the same functions (vt-doc-text.c, and vt-doc-cells.c for a
 * table's cells), so what is drawn is exactly what was measured. The pages go to the PDF here (vt_doc_to_pdf) or, one at a time, to the print and
 * the preview (vt_doc_render_page): the paper, the screen and the file always agree. */

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

  return vt_doc_text_layout (doc, font, block->text, TEXT_WIDTH, PANGO_ALIGN_LEFT);
}

/* Measuring: the first pass */

static void
measure_text (VtDoc *doc,
              Block *block)
{
  PangoLayout *layout = block_text_layout (doc, block);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double bottom = vt_doc_layout_height (layout);

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

/* A column's title in the header row. */
static PangoLayout *
header_layout (VtDoc      *doc,
               VtDocTable *table,
               guint       column)
{
  return vt_doc_text_layout_fit (doc, FONT_BOLD, table->columns[column].title,
                                 vt_doc_cell_width (table, column),
                                 vt_doc_cell_alignment (table->columns[column].align), FIT_HEADER);
}

/* A group's title, centred over its columns. */
static PangoLayout *
group_layout (VtDoc       *doc,
              VtDocTable  *table,
              ColumnGroup *group)
{
  double width = table->x[group->first + group->n_columns] - table->x[group->first]
                 - 2 * CELL_PAD_X;

  return vt_doc_text_layout (doc, FONT_BOLD, group->title, width, PANGO_ALIGN_CENTER);
}

/* The group @column belongs to, or NULL. */
static ColumnGroup *
column_group (VtDocTable *table,
              guint       column)
{
  for (guint g = 0; g < table->groups->len; g++)
    {
      ColumnGroup *group = &g_array_index (table->groups, ColumnGroup, g);

      if (column >= group->first && column < group->first + group->n_columns)
        return group;
    }
  return NULL;
}

static double
measure_row (VtDoc      *doc,
             VtDocTable *table,
             Row        *row)
{
  double height = 0;

  if (row->style == VT_DOC_ROW_SUBHEAD)
    return vt_doc_layout_height (vt_doc_text_layout (doc, FONT_BOLD, row->cells[0],
                                                     TEXT_WIDTH - 2 * CELL_PAD_X, PANGO_ALIGN_LEFT))
           + 2 * CELL_PAD_Y;

  for (guint i = 0; i < table->n_columns; i++)
    {
      gboolean bold = row->style == VT_DOC_ROW_TOTAL;
      double h = table->columns[i].align == VT_DOC_ALIGN_CHECKBOX
                 ? MAX (doc->line_height, CHECKBOX_SIZE)
                 : vt_doc_cell_height (doc, table, i, row->cells[i], bold);
      height = MAX (height, h);
    }
  return height + 2 * CELL_PAD_Y;
}

/* The columns' edges and the header; the rows are vt_doc_measure_rows ()'s. */
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
                                    vt_doc_layout_height (header_layout (doc, table, i)));
      table->header_height += 2 * CELL_PAD_Y;
    }
  /* A band of group titles above: a column outside every group has its title over both. */
  table->group_height = 0;
  for (guint g = 0; g < table->groups->len; g++)
    {
      ColumnGroup *group = &g_array_index (table->groups, ColumnGroup, g);

      table->group_height = MAX (table->group_height,
                                 vt_doc_layout_height (group_layout (doc, table, group)));
    }
  if (table->groups->len > 0)
    {
      table->group_height += 2 * CELL_PAD_Y;
      table->header_height += table->group_height;
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
  double name = vt_doc_layout_height (vt_doc_text_layout (doc, FONT_BODY, signer->name,
                                                          signer_box_width (), PANGO_ALIGN_LEFT));
  double role = vt_doc_layout_height (vt_doc_text_layout (doc, FONT_SMALL, signer->role,
                                                          signer_box_width (), PANGO_ALIGN_LEFT));

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

/* The caption is as wide as half the text, whatever the symbol's size: under a 28 mm symbol a
 * caption of its own width would wrap word by word. */
static PangoLayout *
qr_caption_layout (VtDoc *doc,
                   Block *block)
{
  return vt_doc_text_layout (doc, FONT_NOTE, block->text, TEXT_WIDTH / 2, PANGO_ALIGN_LEFT);
}

double
vt_doc_qr_side (Block *block)
{
  guint modules = block->qr_width + 2 * QR_QUIET_ZONE;

  return MAX (QR_SIDE_MIN, modules * QR_MODULE_MIN);
}

static void
measure_qr (VtDoc *doc,
            Block *block)
{
  double height = vt_doc_qr_side (block);

  if (*block->text != '\0')
    height += QR_CAPTION_GAP + vt_doc_layout_height (qr_caption_layout (doc, block));
  block->heights = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (block->heights, height);
}

void
vt_doc_measure_block (VtDoc *doc,
                      Block *block)
{
  if (doc->line_height == 0)
    doc->line_height = vt_doc_layout_height (vt_doc_text_layout (doc, FONT_BODY, "Åg", -1,
                                                                 PANGO_ALIGN_LEFT));
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
    case BLOCK_QR:
      measure_qr (doc, block);
      break;
    case BLOCK_PAGE_BREAK:
    default:
      break;
    }
}

void
vt_doc_measure (VtDoc *doc)
{
  doc->line_height = 0;
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (doc->blocks, i);

      vt_doc_measure_block (doc, block);
      if (block->kind == BLOCK_TABLE)
        vt_doc_measure_rows (doc, block->table, 0, block->table->rows->len);
    }
  if (doc->line_height == 0)
    doc->line_height = vt_doc_layout_height (vt_doc_text_layout (doc, FONT_BODY, "Åg", -1,
                                                                 PANGO_ALIGN_LEFT));
}

void
vt_doc_measure_rows (VtDoc      *doc,
                     VtDocTable *table,
                     guint       first,
                     guint       last)
{
  g_assert (last <= table->rows->len);
  for (guint i = first; i < last; i++)
    {
      Row *row = &g_array_index (table->rows, Row, i);
      row->height = measure_row (doc, table, row);
    }
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
  for (guint g = 0; g < table->groups->len; g++)
    {
      ColumnGroup *group = &g_array_index (table->groups, ColumnGroup, g);

      vt_doc_show_layout (cr, group_layout (doc, table, group), table->x[group->first] + CELL_PAD_X,
                          y + CELL_PAD_Y);
    }
  for (guint i = 0; i < table->n_columns; i++)
    vt_doc_show_layout (cr, header_layout (doc, table, i), table->x[i] + CELL_PAD_X,
                        y + (column_group (table, i) != NULL ? table->group_height : 0)
                        + CELL_PAD_Y);

  set_grey (cr, 0.45);
  for (guint i = 0; i <= table->n_columns; i++)
    {
      /* inside a group, the rule between its columns starts under the group's title */
      gboolean inner = i > 0 && i < table->n_columns && column_group (table, i) != NULL &&
                       column_group (table, i) == column_group (table, i - 1);

      vline (cr, table->x[i], y + (inner ? table->group_height : 0), y + table->header_height);
    }
  for (guint g = 0; g < table->groups->len; g++)
    {
      ColumnGroup *group = &g_array_index (table->groups, ColumnGroup, g);

      hline (cr, table->x[group->first], table->x[group->first + group->n_columns],
             y + table->group_height, RULE_THIN);
    }
  hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, y, RULE_THIN);
}

/* A row's text (and a subheading's shading); its rules are drawn with the others of the page
 * by draw_table (). */
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
      vt_doc_show_layout (cr,
                          vt_doc_text_layout (doc, FONT_BOLD, row->cells[0],
                                              TEXT_WIDTH - 2 * CELL_PAD_X, PANGO_ALIGN_LEFT),
                          MARGIN_X + CELL_PAD_X, y + CELL_PAD_Y);
      return;
    }

  set_grey (cr, 0.0);
  for (guint i = 0; i < table->n_columns; i++)
    {
      gboolean bold = row->style == VT_DOC_ROW_TOTAL;

      if (table->columns[i].align == VT_DOC_ALIGN_CHECKBOX)
        draw_checkbox (doc, cr, table, i, y);
      else
        vt_doc_draw_cell (doc, cr, table, i, row->cells[i], bold, y + CELL_PAD_Y);
    }
}

/* The rules of rows [first, last) from @y: one path for all the thin ones and one for the
 * totals' strong ones, not a stroke for each line. A PDF page of a long table would otherwise
 * hold hundreds of separate strokes, each of which cairo analyses and writes on its own. */
static double
draw_row_rules (cairo_t    *cr,
                VtDocTable *table,
                guint       first,
                guint       last,
                double      y)
{
  double top = y;

  for (guint r = first; r < last; r++)
    {
      Row *row = &g_array_index (table->rows, Row, r);

      if (row->style == VT_DOC_ROW_SUBHEAD)
        {
          /* A subheading spans the table: its outer edges only. */
          cairo_move_to (cr, table->x[0], y);
          cairo_line_to (cr, table->x[0], y + row->height);
          cairo_move_to (cr, table->x[table->n_columns], y);
          cairo_line_to (cr, table->x[table->n_columns], y + row->height);
        }
      else
        for (guint i = 0; i <= table->n_columns; i++)
          {
            cairo_move_to (cr, table->x[i], y);
            cairo_line_to (cr, table->x[i], y + row->height);
          }
      if (row->style != VT_DOC_ROW_TOTAL)
        {
          cairo_move_to (cr, MARGIN_X, y);
          cairo_line_to (cr, MARGIN_X + TEXT_WIDTH, y);
        }
      y += row->height;
    }
  /* The rule under the last row, thin even under a total: the total's rule is above it. */
  cairo_move_to (cr, MARGIN_X, y);
  cairo_line_to (cr, MARGIN_X + TEXT_WIDTH, y);
  set_grey (cr, 0.45);
  cairo_set_line_width (cr, RULE_THIN);
  cairo_stroke (cr);

  /* A sum: the stronger rule says "everything above adds up to this". */
  y = top;
  for (guint r = first; r < last; r++)
    {
      Row *row = &g_array_index (table->rows, Row, r);

      if (row->style == VT_DOC_ROW_TOTAL)
        {
          cairo_move_to (cr, MARGIN_X, y);
          cairo_line_to (cr, MARGIN_X + TEXT_WIDTH, y);
        }
      y += row->height;
    }
  if (cairo_has_current_point (cr))
    {
      set_grey (cr, 0.0);
      cairo_set_line_width (cr, RULE_TOTAL);
      cairo_stroke (cr);
    }
  return y;
}

static void
draw_table (VtDoc     *doc,
            cairo_t   *cr,
            Placement *placement)
{
  VtDocTable *table = placement->block->table;
  double y = placement->y, row_y;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  if (placement->header)
    {
      draw_header_row (doc, cr, table, y);
      y += table->header_height;
    }
  row_y = y;
  for (guint i = placement->first; i < placement->last; i++)
    {
      Row *row = &g_array_index (table->rows, Row, i);

      draw_row (doc, cr, table, row, row_y);
      row_y += row->height;
    }
  draw_row_rules (cr, table, placement->first, placement->last, y);
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
  vt_doc_show_layout (cr,
                      vt_doc_text_layout (doc, FONT_BODY, signer->name, width, PANGO_ALIGN_LEFT),
                      x, line + 4.0);
  set_grey (cr, 0.3);
  vt_doc_show_layout (cr,
                      vt_doc_text_layout (doc, FONT_SMALL, signer->role, width, PANGO_ALIGN_LEFT),
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

/* The page's furniture (the copy label, the header, the footer's time of printing and its
 * checksum) is the same on every page: laid out once, in layouts of its own, and shown on
 * each. Only the page number, and the title placed by its width, differ. */
struct _VtDocFurniture
{
  PangoLayout *label;
  double       label_x, label_y, label_width;
  PangoLayout *left;
  PangoLayout *right;
  double       right_x;
  PangoLayout *printed;
  double       printed_width;
  PangoLayout *footer;
  double       small_line_height;
  PangoLayout *title;       /* for title_room */
  double       title_room, title_x;
};

void
vt_doc_furniture_free (VtDocFurniture *furniture)
{
  if (furniture == NULL)
    return;
  g_clear_object (&furniture->label);
  g_clear_object (&furniture->left);
  g_clear_object (&furniture->right);
  g_clear_object (&furniture->printed);
  g_clear_object (&furniture->footer);
  g_clear_object (&furniture->title);
  g_free (furniture);
}

/* @text laid out as vt_doc_text_layout () does, in a layout of the caller's own. */
static PangoLayout *
own_text_layout (VtDoc          *doc,
                 Font            font,
                 const char     *text,
                 double          width,
                 PangoAlignment  align)
{
  PangoLayout *shared = doc->layout, *layout;

  doc->layout = pango_layout_new (doc->context);
  layout = vt_doc_text_layout (doc, font, text, width, align);
  doc->layout = shared;
  return layout;
}

static VtDocFurniture *
ensure_furniture (VtDoc *doc)
{
  VtDocFurniture *f;
  double room = TEXT_WIDTH - 12.0;
  double left_width = 0, right_width = 0;

  if (doc->furniture != NULL)
    return doc->furniture;
  f = doc->furniture = g_new0 (VtDocFurniture, 1);

  if (doc->copy_label != NULL)
    {
      double baseline;

      f->label = own_text_layout (doc, FONT_LABEL, doc->copy_label, -1, PANGO_ALIGN_LEFT);
      f->label_width = vt_doc_layout_width (f->label);
      baseline = (double)pango_layout_get_baseline (f->label) / PANGO_SCALE;
      /* Centre the capitals in the box, not the line: the line's ascent has room for the
       * ring of an Å above them. */
      f->label_x = (PAGE_WIDTH - f->label_width) / 2;
      f->label_y = LABEL_TOP + LABEL_HEIGHT / 2 + 0.35 * vt_doc_font_specs[FONT_LABEL].size
                   - baseline;
    }

  /* Both sides on one line; when they do not fit, the longer gives way with an ellipsis. */
  if (doc->header_left != NULL)
    left_width = vt_doc_layout_width (vt_doc_text_layout (doc, FONT_SMALL, doc->header_left, -1,
                                                          PANGO_ALIGN_LEFT));
  if (doc->header_right != NULL)
    right_width = vt_doc_layout_width (vt_doc_text_layout (doc, FONT_SMALL, doc->header_right, -1,
                                                           PANGO_ALIGN_LEFT));
  if (left_width + right_width > room)
    {
      right_width = MIN (right_width, MAX (room - left_width, room * 0.4));
      left_width = room - right_width;
    }
  if (doc->header_left != NULL)
    {
      f->left = own_text_layout (doc, FONT_SMALL, doc->header_left, left_width,
                                 PANGO_ALIGN_LEFT);
      pango_layout_set_ellipsize (f->left, PANGO_ELLIPSIZE_END);
    }
  if (doc->header_right != NULL)
    {
      f->right = own_text_layout (doc, FONT_SMALL, doc->header_right, right_width,
                                  PANGO_ALIGN_RIGHT);
      pango_layout_set_ellipsize (f->right, PANGO_ELLIPSIZE_END);
      f->right_x = MARGIN_X + TEXT_WIDTH - right_width;
    }

  f->small_line_height = vt_doc_layout_height (vt_doc_text_layout (doc, FONT_SMALL, "Åg", -1,
                                                                   PANGO_ALIGN_LEFT));
  if (doc->printed != NULL)
    {
      /* The form's "print date and time": in the time's own zone, which the caller chose. */
      g_autofree char *printed = g_date_time_format (doc->printed, "%d.%m.%Y %H:%M");

      f->printed = own_text_layout (doc, FONT_SMALL, printed, -1, PANGO_ALIGN_LEFT);
      f->printed_width = vt_doc_layout_width (f->printed);
    }
  if (doc->footer != NULL)
    {
      /* A journal checksum must not be cut short: it wraps, into two lines at most. */
      f->footer = own_text_layout (doc, FONT_SMALL, doc->footer, TEXT_WIDTH, PANGO_ALIGN_LEFT);
      pango_layout_set_height (f->footer, -2);
      pango_layout_set_ellipsize (f->footer, PANGO_ELLIPSIZE_END);
    }
  f->title_room = -1;
  return f;
}

static void
draw_header (VtDoc   *doc,
             cairo_t *cr)
{
  VtDocFurniture *f = ensure_furniture (doc);

  if (f->label != NULL)
    {
      set_grey (cr, 0.0);
      vt_doc_show_layout (cr, f->label, f->label_x, f->label_y);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, f->label_x - 8.0, LABEL_TOP, f->label_width + 16.0, LABEL_HEIGHT);
      cairo_stroke (cr);
    }

  set_grey (cr, 0.25);
  if (f->left != NULL)
    vt_doc_show_layout (cr, f->left, MARGIN_X, HEADER_TOP);
  if (f->right != NULL)
    vt_doc_show_layout (cr, f->right, f->right_x, HEADER_TOP);
  set_grey (cr, 0.5);
  hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, HEADER_RULE, RULE_THIN);
}

/* Two lines: the time of printing, the title and the page number; below them the journal
 * checksum, across the page. */
static void
draw_footer (VtDoc   *doc,
             cairo_t *cr,
             guint    page)
{
  VtDocFurniture *f = ensure_furniture (doc);
  /* Translators: the page number at the bottom right of every printed page. */
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page + 1, doc->pages->len);
  PangoLayout *layout = vt_doc_text_layout (doc, FONT_SMALL, number, -1, PANGO_ALIGN_LEFT);
  double number_width = vt_doc_layout_width (layout);

  set_grey (cr, 0.5);
  hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, FOOTER_RULE, RULE_THIN);
  set_grey (cr, 0.25);
  vt_doc_show_layout (cr, layout, MARGIN_X + TEXT_WIDTH - number_width, FOOTER_TOP);

  if (f->printed != NULL)
    vt_doc_show_layout (cr, f->printed, MARGIN_X, FOOTER_TOP);

  if (doc->title != NULL && *doc->title != '\0')
    {
      /* Centred on the page; a title longer than the room between the two gives way. The
       * room changes only with the width of the page number. */
      double room = MAX (1.0, TEXT_WIDTH - 2 * (MAX (number_width, f->printed_width) + 12.0));

      if (room != f->title_room)
        {
          double title_width;

          g_clear_object (&f->title);
          f->title = own_text_layout (doc, FONT_SMALL, doc->title, -1, PANGO_ALIGN_LEFT);
          title_width = vt_doc_layout_width (f->title);
          if (title_width > room)
            {
              g_clear_object (&f->title);
              f->title = own_text_layout (doc, FONT_SMALL, doc->title, room, PANGO_ALIGN_LEFT);
              pango_layout_set_ellipsize (f->title, PANGO_ELLIPSIZE_END);
              title_width = room;
            }
          f->title_room = room;
          f->title_x = (PAGE_WIDTH - title_width) / 2;
        }
      vt_doc_show_layout (cr, f->title, f->title_x, FOOTER_TOP);
    }

  if (f->footer != NULL)
    vt_doc_show_layout (cr, f->footer, MARGIN_X, FOOTER_TOP + f->small_line_height);
}

static void
draw_watermark (VtDoc   *doc,
                cairo_t *cr)
{
  PangoLayout *layout = vt_doc_text_layout (doc, FONT_MARK, doc->watermark, -1, PANGO_ALIGN_LEFT);
  double width = vt_doc_layout_width (layout);
  double height = vt_doc_layout_height (layout);
  /* Along the diagonal from the bottom left to the top right, as long as three quarters of
   * it at most. */
  double scale = MIN (1.0, 0.75 * PAGE_DIAGONAL / MAX (width, 1.0));
  double c = PAGE_WIDTH / PAGE_DIAGONAL, s = PAGE_HEIGHT / PAGE_DIAGONAL;
  cairo_matrix_t matrix;

  cairo_save (cr);
  cairo_matrix_init (&matrix, c, -s, s, c, PAGE_WIDTH / 2, PAGE_HEIGHT / 2);
  cairo_transform (cr, &matrix);
  cairo_scale (cr, scale, scale);
  /* Translucent and on top, so no table's shading can hide it. Drawn as outlines, not text:
   * its letters would otherwise mix with the page's text when it is read or searched
   * (pdftotext, a screen reader); the page header says "training" in words. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.25);
  cairo_move_to (cr, -width / 2, -height / 2);
  pango_cairo_layout_path (cr, layout);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* The dark modules as filled squares, a run of them in a row as one rectangle, on the white
 * the page already is; the quiet zone is left empty around them. */
static void
draw_qr (VtDoc     *doc,
         cairo_t   *cr,
         Placement *placement)
{
  Block *block = placement->block;
  double side = vt_doc_qr_side (block);
  double module = side / (block->qr_width + 2 * QR_QUIET_ZONE);
  double x0 = MARGIN_X + QR_QUIET_ZONE * module;
  double y0 = placement->y + QR_QUIET_ZONE * module;
  guint n = block->qr_width;

  cairo_save (cr);
  /* No antialiasing: neighbouring squares meet without a seam. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  set_grey (cr, 0.0);
  for (guint y = 0; y < n; y++)
    for (guint x = 0; x < n;)
      {
        guint run = 0;

        while (x + run < n && block->qr_modules[y * n + x + run])
          run++;
        if (run == 0)
          {
            x++;
            continue;
          }
        cairo_rectangle (cr, x0 + x * module, y0 + y * module, run * module, module);
        x += run;
      }
  cairo_fill (cr);
  cairo_restore (cr);

  if (*block->text != '\0')
    {
      set_grey (cr, 0.35);
      vt_doc_show_layout (cr, qr_caption_layout (doc, block), MARGIN_X,
                          placement->y + side + QR_CAPTION_GAP);
    }
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
        case BLOCK_QR:
          draw_qr (doc, cr, placement);
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

  g_auto(VtLanguageScope) scope = vt_language_scope (doc->language);

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

/* The units of VtDocProgress drawn with page @page: each table row on it, and each block that
 * begins on it. */
static guint64
page_units (VtDoc *doc,
            guint  page)
{
  GArray *placements = g_ptr_array_index (doc->pages, page);
  guint64 units = 0;

  for (guint i = 0; i < placements->len; i++)
    {
      Placement *placement = &g_array_index (placements, Placement, i);

      if (placement->block->kind == BLOCK_TABLE)
        units += placement->last - placement->first;
      units += placement->first == 0;
    }
  return units;
}

GBytes *
vt_doc_to_pdf_full (VtDoc         *doc,
                    GCancellable  *cancellable,
                    VtDocProgress  progress,
                    gpointer       user_data,
                    GError       **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *date = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint64 units, total, drawn = 0;
  gboolean cancelled = FALSE;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_auto(VtLanguageScope) scope = vt_language_scope (doc->language);

  /* Drawing a unit takes about twice as long as measuring it. */
  units = vt_doc_count_units (doc);
  total = 3 * units;
  if (!vt_doc_layout_progress (doc, cancellable, progress, user_data, total, error))
    return NULL;
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
      if (g_cancellable_is_cancelled (cancellable))
        {
          cancelled = TRUE;
          break;
        }
      draw_page (doc, cr, i);
      cairo_show_page (cr);
      if (progress != NULL)
        {
          drawn = MIN (units, drawn + page_units (doc, i));
          progress (units + 2 * drawn, total, user_data);
        }
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (cancelled)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is cairo's own explanation, in English. */
                   _("Could not draw the document as PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }
  if (progress != NULL)
    progress (total, total, user_data);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

GBytes *
vt_doc_to_pdf (VtDoc   *doc,
               GError **error)
{
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return vt_doc_to_pdf_full (doc, NULL, NULL, NULL, error);
}

gboolean
vt_doc_write_pdf_full (VtDoc         *doc,
                       const char    *path,
                       GCancellable  *cancellable,
                       VtDocProgress  progress,
                       gpointer       user_data,
                       GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The whole document is drawn in memory before a byte is written: a cancelled write never
   * got to the disk. */
  bytes = vt_doc_to_pdf_full (doc, cancellable, progress, user_data, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  /* Written beside and renamed over: a half-written protocol never replaces a whole one.
   * Readable by its owner only from its creation: it names the workers. */
  return g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
vt_doc_write_pdf (VtDoc       *doc,
                  const char  *path,
                  GError     **error)
{
  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return vt_doc_write_pdf_full (doc, path, NULL, NULL, NULL, error);
}
