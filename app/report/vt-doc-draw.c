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
 * piece of text out through the same functions, so what is drawn is exactly what was
 * measured. The pages go to the PDF here (vt_doc_to_pdf) or, one at a time, to the print and
 * the preview (vt_doc_render_page): the paper, the screen and the file always agree. */

/* Text */

/* How a piece of text meets a word wider than its width. */
typedef enum
{
  FIT_TEXT,    /* text and table cells */
  FIT_HEADER,  /* a column's title: never hyphenated, and shrinks further before it breaks */
} Fit;

/* How small a too-wide word may make its text before it breaks between letters instead. */
#define FIT_TEXT_FLOOR    0.8
#define FIT_HEADER_FLOOR  0.6
#define FIT_STEP          0.05

static gboolean
layout_overflows (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return width > pango_layout_get_width (layout);
}

/* A word is wider than the layout's width, so it stands out past the column's edge. Rather
 * than break it at a letter that happens to be at the edge ("Taushetserklærin-g"), the text
 * is set a little smaller until the word fits; only a word that will not fit even then (a
 * checksum, a long number) is broken between letters, at the edge and without a hyphen,
 * which would claim a syllable that is not there. */
static void
fit_words (VtDoc       *doc,
           PangoLayout *layout,
           Font         font,
           Fit          fit)
{
  double size = vt_doc_font_specs[font].size;
  double floor = fit == FIT_HEADER ? FIT_HEADER_FLOOR : FIT_TEXT_FLOOR;
  PangoFontDescription *smaller = pango_font_description_copy (doc->fonts[font]);

  for (double scale = 1.0 - FIT_STEP; scale > floor - FIT_STEP / 2; scale -= FIT_STEP)
    {
      pango_font_description_set_size (smaller, (int)(size * scale * PANGO_SCALE));
      pango_layout_set_font_description (layout, smaller);
      if (!layout_overflows (layout))
        {
          pango_font_description_free (smaller);
          return;
        }
    }
  pango_font_description_free (smaller);

  pango_layout_set_font_description (layout, doc->fonts[font]);
  pango_layout_set_attributes (layout, doc->no_hyphens);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
}

/* Sets the document's one layout up for @text; @width < 0 is unwrapped. Lines break between
 * words, by the rules of the document's language (the context's). */
static PangoLayout *
text_layout_fit (VtDoc          *doc,
                 Font            font,
                 const char     *text,
                 double          width,
                 PangoAlignment  align,
                 Fit             fit)
{
  PangoLayout *layout = doc->layout;

  pango_layout_set_font_description (layout, doc->fonts[font]);
  /* A title is not hyphenated at all, not even at a soft hyphen. */
  pango_layout_set_attributes (layout, fit == FIT_HEADER ? doc->no_hyphens : NULL);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_height (layout, -1);
  pango_layout_set_width (layout, width < 0 ? -1 : pango_units_from_double (width));
  pango_layout_set_alignment (layout, align);
  /* Plain text, never markup: a "<" in a party's name stays a "<". */
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  if (width >= 0 && layout_overflows (layout))
    fit_words (doc, layout, font, fit);
  return layout;
}

static PangoLayout *
text_layout (VtDoc          *doc,
             Font            font,
             const char     *text,
             double          width,
             PangoAlignment  align)
{
  return text_layout_fit (doc, font, text, width, align, FIT_TEXT);
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

/* A cell that surely fits on one line */

/* The characters whose advance is remembered: the Latin letters, Sámi's among them, and the
 * general punctuation (dashes, quotes) and currency signs. A cell with any other character
 * takes the long way. */
#define ADVANCE_LATIN   0x250
#define ADVANCE_PUNCT   0x2000
#define ADVANCE_CHARS   (ADVANCE_LATIN + 0xd0)

static int
advance_slot (gunichar c)
{
  if (c < ADVANCE_LATIN)
    return (int)c;
  if (c >= ADVANCE_PUNCT && c < ADVANCE_PUNCT + (ADVANCE_CHARS - ADVANCE_LATIN))
    return (int)(ADVANCE_LATIN + c - ADVANCE_PUNCT);
  return -1;
}

/* Many cells of a long table (a time, a count, a short name) are narrower than their column.
 * Laying each out with pango once to measure it and again to draw it cost a protocol of a few
 * hundred pages a quarter of a second; adding up the advances of its characters, each laid
 * out once for the whole document, tells without shaping that such a cell takes one line, of
 * the font's height. Shaped together, a pair of letters may be kerned, nearly always closer:
 * only a cell with a little room to spare is taken to fit, and should kerning ever push one
 * wider than its column, it is drawn narrowed to fit rather than onto its neighbour. The
 * other cells are measured and drawn the long way, as pango breaks them. */

/* A cell's face: 0 body, 1 bold; + 2 with tabular figures (a right-aligned column). */
static guint
cell_face (VtDocTable *table,
           guint       column,
           gboolean    bold)
{
  return (bold ? 1 : 0) + (table->columns[column].align == VT_DOC_ALIGN_RIGHT ? 2 : 0);
}

static PangoLayout *
face_layout (VtDoc      *doc,
             guint       face,
             const char *text)
{
  PangoLayout *layout = text_layout (doc, face & 1 ? FONT_BOLD : FONT_BODY, text, -1,
                                     PANGO_ALIGN_LEFT);

  if (face & 2)
    pango_layout_set_attributes (layout, doc->tabular);
  return layout;
}

/* The height of one line in @face, whatever its characters: pango takes it from the font. */
static double
face_line_height (VtDoc *doc,
                  guint  face)
{
  if (doc->cell_line_height[face & 1] == 0)
    doc->cell_line_height[face & 1] = layout_height (face_layout (doc, face & 1, "Åg"));
  return doc->cell_line_height[face & 1];
}

/* @c's advance in @face, or < 0 when it is not one the sum can be trusted with: a control
 * character, a soft hyphen (drawn only where a line breaks), one that takes a line of another
 * height from a fallback font, or one beyond ADVANCE_CHARS. */
static double
char_advance (VtDoc    *doc,
              guint     face,
              gunichar  c)
{
  int index = advance_slot (c);
  float *slot;

  if (index < 0)
    return -1;
  if (doc->advances == NULL)
    doc->advances = g_new0 (float, 4 * ADVANCE_CHARS);
  slot = &doc->advances[face * ADVANCE_CHARS + index];
  if (*slot == 0)
    {
      char text[8] = { 0 };
      PangoLayout *layout;
      double width;

      g_unichar_to_utf8 (c, text);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xad || !g_unichar_isprint (c) ||
          g_unichar_iszerowidth (c))
        return *slot = -1;
      layout = face_layout (doc, face, text);
      width = layout_width (layout);
      *slot = layout_height (layout) == face_line_height (doc, face) && width > 0
              ? (float)width : -1;
    }
  return *slot;
}

static gboolean
cell_fits_one_line (VtDoc       *doc,
                    VtDocTable  *table,
                    guint        column,
                    const char  *text,
                    gboolean     bold)
{
  guint face = cell_face (table, column, bold);
  double sum = 0;

  if (doc->exact_cells)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      double advance = char_advance (doc, face, g_utf8_get_char (p));

      if (advance < 0)
        return FALSE;
      sum += advance;
    }
  return sum * 1.01 + 0.25 <= cell_width (table, column);
}

/* How many lines pango breaks @text into in its column, when the advances tell it for sure;
 * 0 when they do not. A log sentence is most of a protocol's pages, and shaping each one to
 * cut the pages and again to draw them cost a protocol of a few hundred pages a fifth of a
 * second. Pango breaks a line where its breaking rules allow (asked of pango, not guessed
 * here) and the next word no longer fits; the sum of the advances tells that when the word
 * fits or overflows by more than kerning could change, counting the space after it or not
 * (pango sets that space at the end of the line). Any closer call, a break where pango
 * would add a hyphen or take a character away, or a word wider than the column
 * (fit_words () sets it smaller) is left to pango. */
static guint
cell_lines_sure (VtDoc       *doc,
                 VtDocTable  *table,
                 guint        column,
                 const char  *text,
                 gboolean     bold)
{
  guint face = cell_face (table, column, bold);
  double width = cell_width (table, column);
  glong n_chars = g_utf8_strlen (text, -1);
  g_autofree PangoLogAttr *attrs = NULL;
  double line = -1;      /* the line so far, without the space after it; < 0 before a word */
  double word = 0, space = 0, before = 0;  /* the word being read, its spaces, the ones before */
  guint lines = 1;
  const char *p = text;

  if (doc->exact_cells || n_chars == 0 || *text == ' ')
    return 0;
  attrs = g_new (PangoLogAttr, n_chars + 1);
  pango_get_log_attrs (text, -1, -1, pango_context_get_language (doc->context), attrs,
                       (int)n_chars + 1);
  for (glong i = 0; i <= n_chars; i++)
    {
      gunichar c = i < n_chars ? g_utf8_get_char (p) : 0;
      double advance;

      /* A word ends where the next one may start a line, and at the end of the text. */
      if (i == n_chars || (i > 0 && attrs[i].is_line_break))
        {
          double candidate, slack;

          if (i < n_chars &&
              (attrs[i].break_inserts_hyphen || attrs[i].break_removes_preceding))
            return 0;  /* a break that would change the text */
          if (line < 0)
            candidate = word;
          else
            candidate = line + before + word;
          slack = candidate * 0.01 + 0.25;
          if (candidate + space + slack <= width)
            line = candidate;                     /* surely fits, its space too */
          else if (line >= 0 && candidate - slack > width)
            {
              if (word + space + word * 0.01 + 0.25 > width)
                return 0;  /* a word too wide for a line of its own */
              line = word;                        /* surely starts the next line */
              lines++;
            }
          else
            return 0;
          before = space;
          word = space = 0;
        }
      if (i == n_chars)
        break;
      advance = char_advance (doc, face, c);
      if (advance < 0)
        return 0;
      if (c == ' ')
        space += advance;
      else if (space > 0)
        return 0;  /* a letter after a space, with no break between them */
      else
        word += advance;
      p = g_utf8_next_char (p);
    }
  if (lines > 1)
    doc->n_wraps_told++;
  return lines;
}

/* Draws a cell that cell_fits_one_line (): one line, unwrapped, aligned in its column by its
 * own width, as pango would have aligned it. */
static void
draw_one_line_cell (VtDoc       *doc,
                    cairo_t     *cr,
                    VtDocTable  *table,
                    guint        column,
                    const char  *text,
                    gboolean     bold,
                    double       y)
{
  PangoLayout *layout = face_layout (doc, cell_face (table, column, bold), text);
  double width = layout_width (layout);
  double room = cell_width (table, column) - width;
  double x = table->x[column] + CELL_PAD_X;

  if (room < 0)
    {
      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, cell_width (table, column) / width, 1.0);
      show_layout (cr, layout, 0, 0);
      cairo_restore (cr);
      return;
    }
  switch (cell_alignment (table->columns[column].align))
    {
    case PANGO_ALIGN_RIGHT:
      x += room;
      break;
    case PANGO_ALIGN_CENTER:
      x += room / 2;
      break;
    case PANGO_ALIGN_LEFT:
    default:
      break;
    }
  show_layout (cr, layout, x, y);
}

/* A text repeated down a column */

/* A table's cells repeat: the name of whoever logged each entry, its kind. Each distinct text
 * is measured once, and one seen more than once keeps its laid-out text for drawing, so it
 * is shaped once however many rows it has. Both are bounded, for a protocol of any length:
 * past CELLS_MAX texts no more are remembered, and only CELL_LAYOUTS_MAX keep their layout. */
#define CELLS_MAX         65536
#define CELL_LAYOUTS_MAX  256

typedef struct
{
  double       height;
  guint        seen;    /* times measured */
  PangoLayout *layout;  /* for drawing, once seen twice; NULL till then */
  double       x;       /* where the layout stands in the cell */
} CellCache;

static void
cell_cache_free (CellCache *cell)
{
  g_clear_object (&cell->layout);
  g_free (cell);
}

void
vt_doc_forget_cells (VtDoc *doc)
{
  if (doc->cells != NULL)
    g_hash_table_remove_all (doc->cells);
  doc->n_cell_layouts = 0;
}

/* The cell's text as laid out in its column and face: what its measure and layout depend on
 * (the column's width, the face, the alignment). */
static char *
cell_key (VtDocTable  *table,
          guint        column,
          const char  *text,
          gboolean     bold)
{
  return g_strdup_printf ("%u %d %d %s", cell_face (table, column, bold),
                          pango_units_from_double (cell_width (table, column)),
                          (int)table->columns[column].align, text);
}

static double
cell_height (VtDoc       *doc,
             VtDocTable  *table,
             guint        column,
             const char  *text,
             gboolean     bold)
{
  g_autofree char *key = NULL;
  CellCache *cell;

  if (doc->exact_cells)
    return layout_height (cell_layout (doc, table, column, text, bold));
  key = cell_key (table, column, text, bold);
  if (doc->cells == NULL)
    doc->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify)cell_cache_free);
  cell = g_hash_table_lookup (doc->cells, key);
  if (cell == NULL)
    {
      guint lines = cell_fits_one_line (doc, table, column, text, bold)
                    ? 1 : cell_lines_sure (doc, table, column, text, bold);

      cell = g_new0 (CellCache, 1);
      cell->height = lines > 0
                     ? lines * face_line_height (doc, cell_face (table, column, bold))
                     : layout_height (cell_layout (doc, table, column, text, bold));
      if (g_hash_table_size (doc->cells) >= CELLS_MAX)
        {
          double height = cell->height;

          g_free (cell);
          return height;
        }
      g_hash_table_insert (doc->cells, g_steal_pointer (&key), cell);
    }
  cell->seen++;
  return cell->height;
}

/* Lays the cell out as it is drawn: the document's layout, or for a cell to keep, a layout
 * of its own. Returns where it stands in the cell in @x; NULL when the cell is narrowed to fit
 * (draw_one_line_cell () draws it). */
static PangoLayout *
cell_layout_at (VtDoc       *doc,
                VtDocTable  *table,
                guint        column,
                const char  *text,
                gboolean     bold,
                double      *x)
{
  PangoLayout *layout;
  double room;

  *x = 0;
  if (!cell_fits_one_line (doc, table, column, text, bold))
    return cell_layout (doc, table, column, text, bold);

  layout = face_layout (doc, cell_face (table, column, bold), text);
  room = cell_width (table, column) - layout_width (layout);
  if (room < 0)
    return NULL;
  switch (cell_alignment (table->columns[column].align))
    {
    case PANGO_ALIGN_RIGHT:
      *x = room;
      break;
    case PANGO_ALIGN_CENTER:
      *x = room / 2;
      break;
    case PANGO_ALIGN_LEFT:
    default:
      break;
    }
  return layout;
}

static void
draw_cell (VtDoc       *doc,
           cairo_t     *cr,
           VtDocTable  *table,
           guint       column,
           const char  *text,
           gboolean     bold,
           double       y)
{
  g_autofree char *key = doc->cells != NULL ? cell_key (table, column, text, bold) : NULL;
  CellCache *cell = key != NULL ? g_hash_table_lookup (doc->cells, key) : NULL;
  PangoLayout *layout;
  double x;

  if (cell != NULL && cell->layout != NULL)
    {
      show_layout (cr, cell->layout, table->x[column] + CELL_PAD_X + cell->x, y);
      return;
    }
  if (cell != NULL && cell->seen > 1 && doc->n_cell_layouts < CELL_LAYOUTS_MAX)
    {
      /* Laid out in a layout of its own, which the cell keeps. */
      PangoLayout *shared = doc->layout;

      doc->layout = pango_layout_new (doc->context);
      layout = cell_layout_at (doc, table, column, text, bold, &x);
      if (layout != NULL)
        {
          cell->layout = g_object_ref (layout);
          cell->x = x;
          doc->n_cell_layouts++;
        }
      g_object_unref (doc->layout);
      doc->layout = shared;
    }
  else
    layout = cell_layout_at (doc, table, column, text, bold, &x);

  if (layout == NULL)
    draw_one_line_cell (doc, cr, table, column, text, bold, y);
  else
    show_layout (cr, layout, table->x[column] + CELL_PAD_X + x, y);
}

/* A column's title in the header row. */
static PangoLayout *
header_layout (VtDoc      *doc,
               VtDocTable *table,
               guint       column)
{
  return text_layout_fit (doc, FONT_BOLD, table->columns[column].title,
                          cell_width (table, column), cell_alignment (table->columns[column].align),
                          FIT_HEADER);
}

/* A group's title, centred over its columns. */
static PangoLayout *
group_layout (VtDoc       *doc,
              VtDocTable  *table,
              ColumnGroup *group)
{
  double width = table->x[group->first + group->n_columns] - table->x[group->first]
                 - 2 * CELL_PAD_X;

  return text_layout (doc, FONT_BOLD, group->title, width, PANGO_ALIGN_CENTER);
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
    return layout_height (text_layout (doc, FONT_BOLD, row->cells[0],
                                       TEXT_WIDTH - 2 * CELL_PAD_X, PANGO_ALIGN_LEFT))
           + 2 * CELL_PAD_Y;

  for (guint i = 0; i < table->n_columns; i++)
    {
      gboolean bold = row->style == VT_DOC_ROW_TOTAL;
      double h = table->columns[i].align == VT_DOC_ALIGN_CHECKBOX
                 ? MAX (doc->line_height, CHECKBOX_SIZE)
                 : cell_height (doc, table, i, row->cells[i], bold);
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
                                    layout_height (header_layout (doc, table, i)));
      table->header_height += 2 * CELL_PAD_Y;
    }
  /* A band of group titles above: a column outside every group has its title over both. */
  table->group_height = 0;
  for (guint g = 0; g < table->groups->len; g++)
    {
      ColumnGroup *group = &g_array_index (table->groups, ColumnGroup, g);

      table->group_height = MAX (table->group_height,
                                 layout_height (group_layout (doc, table, group)));
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

/* The caption is as wide as half the text, whatever the symbol's size: under a 28 mm symbol a
 * caption of its own width would wrap word by word. */
static PangoLayout *
qr_caption_layout (VtDoc *doc,
                   Block *block)
{
  return text_layout (doc, FONT_NOTE, block->text, TEXT_WIDTH / 2, PANGO_ALIGN_LEFT);
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
    height += QR_CAPTION_GAP + layout_height (qr_caption_layout (doc, block));
  block->heights = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (block->heights, height);
}

void
vt_doc_measure_block (VtDoc *doc,
                      Block *block)
{
  if (doc->line_height == 0)
    doc->line_height = layout_height (text_layout (doc, FONT_BODY, "Åg", -1,
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
    doc->line_height = layout_height (text_layout (doc, FONT_BODY, "Åg", -1,
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

      show_layout (cr, group_layout (doc, table, group), table->x[group->first] + CELL_PAD_X,
                   y + CELL_PAD_Y);
    }
  for (guint i = 0; i < table->n_columns; i++)
    show_layout (cr, header_layout (doc, table, i), table->x[i] + CELL_PAD_X,
                 y + (column_group (table, i) != NULL ? table->group_height : 0) + CELL_PAD_Y);

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
      show_layout (cr, text_layout (doc, FONT_BOLD, row->cells[0], TEXT_WIDTH - 2 * CELL_PAD_X,
                                    PANGO_ALIGN_LEFT),
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
        draw_cell (doc, cr, table, i, row->cells[i], bold, y + CELL_PAD_Y);
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

/* @text laid out as text_layout () does, in a layout of the caller's own. */
static PangoLayout *
own_text_layout (VtDoc          *doc,
                 Font            font,
                 const char     *text,
                 double          width,
                 PangoAlignment  align)
{
  PangoLayout *shared = doc->layout, *layout;

  doc->layout = pango_layout_new (doc->context);
  layout = text_layout (doc, font, text, width, align);
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
      f->label_width = layout_width (f->label);
      baseline = (double)pango_layout_get_baseline (f->label) / PANGO_SCALE;
      /* Centre the capitals in the box, not the line: the line's ascent has room for the
       * ring of an Å above them. */
      f->label_x = (PAGE_WIDTH - f->label_width) / 2;
      f->label_y = LABEL_TOP + LABEL_HEIGHT / 2 + 0.35 * vt_doc_font_specs[FONT_LABEL].size
                   - baseline;
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

  f->small_line_height = layout_height (text_layout (doc, FONT_SMALL, "Åg", -1,
                                                     PANGO_ALIGN_LEFT));
  if (doc->printed != NULL)
    {
      /* The form's "print date and time": in the time's own zone, which the caller chose. */
      g_autofree char *printed = g_date_time_format (doc->printed, "%d.%m.%Y %H:%M");

      f->printed = own_text_layout (doc, FONT_SMALL, printed, -1, PANGO_ALIGN_LEFT);
      f->printed_width = layout_width (f->printed);
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
      show_layout (cr, f->label, f->label_x, f->label_y);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, f->label_x - 8.0, LABEL_TOP, f->label_width + 16.0, LABEL_HEIGHT);
      cairo_stroke (cr);
    }

  set_grey (cr, 0.25);
  if (f->left != NULL)
    show_layout (cr, f->left, MARGIN_X, HEADER_TOP);
  if (f->right != NULL)
    show_layout (cr, f->right, f->right_x, HEADER_TOP);
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
  PangoLayout *layout = text_layout (doc, FONT_SMALL, number, -1, PANGO_ALIGN_LEFT);
  double number_width = layout_width (layout);

  set_grey (cr, 0.5);
  hline (cr, MARGIN_X, MARGIN_X + TEXT_WIDTH, FOOTER_RULE, RULE_THIN);
  set_grey (cr, 0.25);
  show_layout (cr, layout, MARGIN_X + TEXT_WIDTH - number_width, FOOTER_TOP);

  if (f->printed != NULL)
    show_layout (cr, f->printed, MARGIN_X, FOOTER_TOP);

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
          title_width = layout_width (f->title);
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
      show_layout (cr, f->title, f->title_x, FOOTER_TOP);
    }

  if (f->footer != NULL)
    show_layout (cr, f->footer, MARGIN_X, FOOTER_TOP + f->small_line_height);
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
      show_layout (cr, qr_caption_layout (doc, block), MARGIN_X,
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
