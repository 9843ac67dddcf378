/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-doc"

#include "config.h"

#include "vt-doc-private.h"

/* A table's cells, measured and drawn: most of a long protocol's text. A cell is laid out
 * with pango only where it must be; one that surely fits on one line, or whose lines its
 * characters' advances tell for sure, is measured without shaping, and a text repeated down
 * a column is measured once and shaped once. What is drawn is what pango would have drawn:
 * tests/test-doc.c lays every cell out both ways and compares. */

double
vt_doc_cell_width (VtDocTable *table,
                   guint       column)
{
  /* Never zero: pango would take that as "do not wrap". */
  return MAX (1.0, table->x[column + 1] - table->x[column] - 2 * CELL_PAD_X);
}

PangoAlignment
vt_doc_cell_alignment (VtDocAlign align)
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
  PangoLayout *layout = vt_doc_text_layout (doc, bold ? FONT_BOLD : FONT_BODY, text,
                                            vt_doc_cell_width (table, column),
                                            vt_doc_cell_alignment (align));

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
  PangoLayout *layout = vt_doc_text_layout (doc, face & 1 ? FONT_BOLD : FONT_BODY, text, -1,
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
    doc->cell_line_height[face & 1] = vt_doc_layout_height (face_layout (doc, face & 1, "Åg"));
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
      width = vt_doc_layout_width (layout);
      *slot = vt_doc_layout_height (layout) == face_line_height (doc, face) && width > 0
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
  return sum * 1.01 + 0.25 <= vt_doc_cell_width (table, column);
}

/* The width of @text (a few characters) in @face laid out together, in pango units, and in
 * @n_glyphs how many glyphs the font gave it. */
static int
cluster_width (VtDoc      *doc,
               guint       face,
               const char *text,
               int        *n_glyphs)
{
  PangoLayout *layout = face_layout (doc, face, text);
  int width;

  *n_glyphs = 0;
  for (GSList *run = pango_layout_get_line_readonly (layout, 0)->runs; run != NULL;
       run = run->next)
    *n_glyphs += ((PangoGlyphItem *)run->data)->glyphs->num_glyphs;
  pango_layout_get_size (layout, &width, NULL);
  return width;
}

/* At most this many pairs (and ligatures with the letter before) are remembered: a text
 * with others is shaped. Real documents have a few thousand. */
#define PAIRS_MAX  65536
#define NO_WIDTH   G_MININT

/* What @b adds to the width of a text in @face after @a (and @before it, 0 at the start): its
 * advance, with the kerning of the pair, in pango units. Where the font joins letters into
 * one glyph (a ligature such as "fi"), the ligature's own width and kerning, measured with
 * the letter before as well. Measured once for the document; NO_WIDTH past PAIRS_MAX. */
static int
added_width (VtDoc    *doc,
             guint     face,
             gunichar  before,
             gunichar  a,
             gunichar  b)
{
  /* a pair's kerning, twice, and 1 when the pair is a ligature */
  gint64 key = ((gint64)face << 42) | ((gint64)a << 21) | (gint64)b;
  gpointer value;
  int pair, advance = pango_units_from_double (char_advance (doc, face, b));
  gboolean ligature;

  if (doc->pairs == NULL)
    doc->pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!g_hash_table_lookup_extended (doc->pairs, &key, NULL, &value))
    {
      char text[16] = { 0 };
      int n_glyphs, width;

      if (g_hash_table_size (doc->pairs) >= (doc->pairs_max > 0 ? doc->pairs_max : PAIRS_MAX))
        return NO_WIDTH;
      g_unichar_to_utf8 (b, text + g_unichar_to_utf8 (a, text));
      width = cluster_width (doc, face, text, &n_glyphs);
      pair = width - pango_units_from_double (char_advance (doc, face, a)) - advance;
      value = GINT_TO_POINTER (pair * 2 + (n_glyphs != 2));
      g_hash_table_insert (doc->pairs, g_memdup2 (&key, sizeof key), value);
    }
  pair = GPOINTER_TO_INT (value);
  ligature = (pair & 1) != 0;
  pair /= 2;
  if (before != 0 && !ligature)
    {
      /* after a ligature, the kerning is the ligature's own */
      gint64 before_key = ((gint64)face << 42) | ((gint64)before << 21) | (gint64)a;
      gpointer before_value = g_hash_table_lookup (doc->pairs, &before_key);

      ligature = before_value != NULL && (GPOINTER_TO_INT (before_value) & 1) != 0;
    }
  if (!ligature)
    return advance + pair;

  /* A ligature: the three letters together, less the two before. The characters have
   * advances, so their slots (advance_slot ()) are below 1024. */
  key = ((gint64)1 << 40) | ((gint64)face << 30) | ((gint64)advance_slot (before) << 20)
        | ((gint64)advance_slot (a) << 10) | (gint64)advance_slot (b);
  if (!g_hash_table_lookup_extended (doc->pairs, &key, NULL, &value))
    {
      char text[24] = { 0 };
      int n, length = 0, width_two;

      if (g_hash_table_size (doc->pairs) >= (doc->pairs_max > 0 ? doc->pairs_max : PAIRS_MAX))
        return NO_WIDTH;
      if (before != 0)
        length = g_unichar_to_utf8 (before, text);
      length += g_unichar_to_utf8 (a, text + length);
      width_two = cluster_width (doc, face, text, &n);
      g_unichar_to_utf8 (b, text + length);
      value = GINT_TO_POINTER (cluster_width (doc, face, text, &n) - width_two);
      g_hash_table_insert (doc->pairs, g_memdup2 (&key, sizeof key), value);
    }
  return GPOINTER_TO_INT (value);
}

/* Whether a text @sum wide fits in @width as pango decides it: 1 surely, -1 surely not, 0
 * too close to tell. What is left to allow for is pango's rounding to its units. */
static int
fits (double sum,
      double width)
{
  if (sum + 0.05 <= width)
    return 1;
  if (sum - 0.05 > width)
    return -1;
  return 0;
}

/* How many lines pango breaks @text into in its column, when its characters' advances and
 * their pairs' kerning tell it for sure; 0 when they do not. A log sentence is most of a
 * protocol's pages, and shaping each one to cut the pages and again to draw them cost a
 * protocol of a few hundred pages a fifth of a second. Pango breaks a line where its breaking
 * rules allow (asked of pango, not guessed here) and where the next word, without the space
 * after it, no longer fits. A close call, a break where pango would add a hyphen or take a
 * character away, a break after more than one space or a text ending in one (pango counts
 * those spaces in the width), or a word wider than the column (fit_words () sets it smaller)
 * is left to pango. */
static guint
cell_lines_sure (VtDoc       *doc,
                 VtDocTable  *table,
                 guint        column,
                 const char  *text,
                 gboolean     bold)
{
  guint face = cell_face (table, column, bold);
  double width = vt_doc_cell_width (table, column);
  glong n_chars = g_utf8_strlen (text, -1);
  g_autofree PangoLogAttr *attrs = NULL;
  double line = -1;  /* the line so far, without the space after it; < 0 before a word */
  /* The word being read, the kerning with the space before it, the space after it and the
   * space before it: each with the kerning of its pairs. */
  double word = 0, lead = 0, space = 0, before = 0;
  guint n_spaces = 0, lines = 1;
  gunichar previous = 0, before_previous = 0;
  const char *p = text;

  if (doc->exact_cells || n_chars == 0 || *text == ' ')
    return 0;
  attrs = g_new (PangoLogAttr, n_chars + 1);
  pango_get_log_attrs (text, -1, -1, pango_context_get_language (doc->context), attrs,
                       (int)n_chars + 1);
  for (glong i = 0; i <= n_chars; i++)
    {
      gunichar c = i < n_chars ? g_utf8_get_char (p) : 0;
      double advance, kerning;

      /* A word ends where the next one may start a line, and at the end of the text. */
      if (i == n_chars || (i > 0 && attrs[i].is_line_break))
        {
          if (i < n_chars &&
              (attrs[i].break_inserts_hyphen || attrs[i].break_removes_preceding))
            return 0;  /* a break that would change the text */
          if (n_spaces > 1 || (i == n_chars && n_spaces > 0))
            return 0;
          if (line < 0)
            {
              if (fits (word, width) != 1)
                return 0;  /* a word too wide for a line of its own, or nearly */
              line = word;
            }
          else
            switch (fits (line + before + lead + word, width))
              {
              case 1:
                line += before + lead + word;
                break;
              case -1:
                /* the word starts the next line */
                if (fits (word, width) != 1)
                  return 0;
                line = word;
                lines++;
                break;
              default:
                return 0;
              }
          before = space;
          word = lead = space = 0;
          n_spaces = 0;
        }
      if (i == n_chars)
        break;
      advance = char_advance (doc, face, c);
      if (advance < 0)
        return 0;
      if (previous != 0)
        {
          int added = added_width (doc, face, before_previous, previous, c);

          if (added == NO_WIDTH)
            return 0;
          kerning = (double)(added - pango_units_from_double (advance)) / PANGO_SCALE;
        }
      else
        kerning = 0;
      if (c == ' ')
        {
          space += advance + kerning;
          n_spaces++;
        }
      else if (space > 0)
        return 0;  /* a letter after a space, with no break between them */
      else if (word == 0)
        {
          word = advance;
          lead = kerning;
        }
      else
        word += advance + kerning;
      before_previous = previous;
      previous = c;
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
  double width = vt_doc_layout_width (layout);
  double room = vt_doc_cell_width (table, column) - width;
  double x = table->x[column] + CELL_PAD_X;

  if (room < 0)
    {
      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, vt_doc_cell_width (table, column) / width, 1.0);
      vt_doc_show_layout (cr, layout, 0, 0);
      cairo_restore (cr);
      return;
    }
  switch (vt_doc_cell_alignment (table->columns[column].align))
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
  vt_doc_show_layout (cr, layout, x, y);
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
  gboolean     one_line;  /* cell_fits_one_line () */
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
 * (the column's width, the face, the alignment). In the document's own buffer, made for every
 * cell measured and every cell drawn: copied only to be kept. */
static const char *
cell_key (VtDoc       *doc,
          VtDocTable  *table,
          guint        column,
          const char  *text,
          gboolean     bold)
{
  if (doc->cell_key == NULL)
    doc->cell_key = g_string_new (NULL);
  g_string_printf (doc->cell_key, "%u %d %d ", cell_face (table, column, bold),
                   pango_units_from_double (vt_doc_cell_width (table, column)),
                   (int)table->columns[column].align);
  g_string_append (doc->cell_key, text);
  return doc->cell_key->str;
}

double
vt_doc_cell_height (VtDoc       *doc,
                    VtDocTable  *table,
                    guint        column,
                    const char  *text,
                    gboolean     bold)
{
  const char *key;
  CellCache *cell;

  if (doc->exact_cells)
    return vt_doc_layout_height (cell_layout (doc, table, column, text, bold));
  key = cell_key (doc, table, column, text, bold);
  if (doc->cells == NULL)
    doc->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify)cell_cache_free);
  cell = g_hash_table_lookup (doc->cells, key);
  if (cell == NULL)
    {
      guint lines = cell_fits_one_line (doc, table, column, text, bold)
                    ? 1 : cell_lines_sure (doc, table, column, text, bold);

      cell = g_new0 (CellCache, 1);
      cell->one_line = lines == 1;
      cell->height = lines > 0
                     ? lines * face_line_height (doc, cell_face (table, column, bold))
                     : vt_doc_layout_height (cell_layout (doc, table, column, text, bold));
      if (g_hash_table_size (doc->cells) >= CELLS_MAX)
        {
          double height = cell->height;

          g_free (cell);
          return height;
        }
      g_hash_table_insert (doc->cells, g_strdup (key), cell);
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
                gboolean     one_line,
                double      *x)
{
  PangoLayout *layout;
  double room;

  *x = 0;
  if (!one_line)
    return cell_layout (doc, table, column, text, bold);

  layout = face_layout (doc, cell_face (table, column, bold), text);
  room = vt_doc_cell_width (table, column) - vt_doc_layout_width (layout);
  if (room < 0)
    return NULL;
  switch (vt_doc_cell_alignment (table->columns[column].align))
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

void
vt_doc_draw_cell (VtDoc       *doc,
                  cairo_t     *cr,
                  VtDocTable  *table,
                  guint       column,
                  const char  *text,
                  gboolean     bold,
                  double       y)
{
  CellCache *cell;
  gboolean one_line;
  PangoLayout *layout;
  double x;

  if (*text == '\0')
    return;  /* nothing to draw: an empty correction, say */
  cell = doc->cells != NULL
         ? g_hash_table_lookup (doc->cells, cell_key (doc, table, column, text, bold))
         : NULL;
  one_line = cell != NULL ? cell->one_line : cell_fits_one_line (doc, table, column, text, bold);

  if (cell != NULL && cell->layout != NULL)
    {
      vt_doc_show_layout (cr, cell->layout, table->x[column] + CELL_PAD_X + cell->x, y);
      return;
    }
  if (cell != NULL && cell->seen > 1 && doc->n_cell_layouts < CELL_LAYOUTS_MAX)
    {
      /* Laid out in a layout of its own, which the cell keeps. */
      PangoLayout *shared = doc->layout;

      doc->layout = pango_layout_new (doc->context);
      layout = cell_layout_at (doc, table, column, text, bold, one_line, &x);
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
    layout = cell_layout_at (doc, table, column, text, bold, one_line, &x);

  if (layout == NULL)
    draw_one_line_cell (doc, cr, table, column, text, bold, y);
  else
    vt_doc_show_layout (cr, layout, table->x[column] + CELL_PAD_X + x, y);
}
