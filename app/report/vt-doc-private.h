/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "vt-doc.h"

G_BEGIN_DECLS

/* The insides of a VtDoc, shared by its two halves: vt-doc.c keeps the flow of blocks and cuts
 * it into pages; vt-doc-draw.c measures the blocks with pango for that and draws the pages with
 * cairo. Both must agree on the page's geometry below, or what is drawn would not fit the
 * pages it was cut into.
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
/* Two lines of footer and a checksum that may wrap: they end some 6 mm above the paper's
 * edge, clear of what a printer cannot reach. */
#define FOOTER_RULE     (PAGE_HEIGHT - 51.0)
#define FOOTER_TOP      (PAGE_HEIGHT - 47.0)

#define CELL_PAD_X      4.0
#define CELL_PAD_Y      3.0
#define CHECKBOX_SIZE   9.0
#define RULE_THIN       0.5
#define RULE_TOTAL      1.2

#define SIGN_GAP        28.0    /* between the two boxes of a row */
#define SIGN_BOX_HEIGHT 60.0    /* where the strokes go, above the line */
#define SIGN_ROW_GAP    18.0
#define SIGN_INK_WIDTH  1.2

/* A QR code: its dark modules at least 0.4 mm (1.134 pt), the whole symbol with its quiet zone
 * at least 28 mm (79.37 pt) across, so a phone or a 200 dpi scan reads it from paper. */
#define QR_QUIET_ZONE   4        /* modules of white around the symbol, as ISO/IEC 18004 asks */
#define QR_MODULE_MIN   1.134
#define QR_SIDE_MIN     79.37
#define QR_CAPTION_GAP  3.0

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

typedef struct
{
  double size;
  PangoWeight weight;
} FontSpec;

/* The size and weight of each Font; vt_doc_new() makes the document's fonts from them. */
extern const FontSpec vt_doc_font_specs[N_FONTS];

typedef enum
{
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_NOTE,
  BLOCK_PAGE_BREAK,
  BLOCK_TABLE,
  BLOCK_SIGNATURES,
  BLOCK_QR,
} BlockKind;

typedef struct
{
  char       *title;
  double      weight;
  VtDocAlign  align;
} Column;

typedef struct _VtDocFurniture VtDocFurniture;

typedef struct
{
  VtDocRowStyle   style;
  char          **cells;   /* n_columns strings, "" for empty; NULL-terminated */
  double          height;  /* from the measuring pass */
} Row;

typedef struct
{
  guint   first;
  guint   n_columns;
  char   *title;
} ColumnGroup;

struct _VtDocTable
{
  VtDoc   *doc;
  guint    n_columns;
  Column  *columns;
  GArray  *groups;         /* of ColumnGroup, in column order, never overlapping */
  double   group_height;   /* the band of group titles in the header; 0 without groups */
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
  guchar      *qr_modules; /* QR: qr_width × qr_width, row by row, non-zero for a dark module */
  guint        qr_width;   /* QR: modules across, without the quiet zone; text is the caption */

  /* From the measuring pass. Text: the top of each line and the bottom of the last, so lines
   * [a, b) are tops[b] - tops[a] tall. Signatures: the height of each row of two boxes. QR: one
   * height, the symbol and its caption. */
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
  const char   *language;  /* "nb" or "nn": what the page's own words are drawn in */
  char         *header_left;
  char         *header_right;
  char         *footer;
  char         *watermark;
  char         *copy_label;
  GDateTime    *created;
  GDateTime    *printed;

  GPtrArray    *blocks;      /* of Block */

  /* One font map, context and layout for the document's life: creating them per cell would
   * make a long table slow. The font map is the document's own, not the thread's default, so
   * a document built on the main thread can be drawn in a worker. */
  PangoFontMap *font_map;
  PangoContext *context;
  PangoLayout  *layout;
  PangoFontDescription *fonts[N_FONTS];
  PangoAttrList *tabular;    /* tabular figures, so numbers line up in their column */
  PangoAttrList *no_hyphens; /* a break inside a word shows no hyphen */
  double        line_height; /* of one line of body text */
  /* For telling, without shaping it, that a table cell fits on one line (vt-doc-draw.c): the
   * advance of each character below ADVANCE_CHARS alone, in the four faces of a cell (body or
   * bold, with or without tabular figures); 0 until asked, negative for a character that
   * cannot be told so. And the height of one line of body and of bold. */
  float        *advances;
  GHashTable   *pairs;       /* face and two characters → their kerning, in pango units */
  guint         pairs_max;   /* for tests: how many pairs are kept; 0 for PAIRS_MAX */
  double        cell_line_height[2];
  gboolean      exact_cells;  /* for tests: every cell measured and drawn the long way */
  guint         n_wraps_told; /* cells of more than one line measured without shaping */
  /* What a cell's text came to in its column (vt-doc-draw.c), so that a text repeated down a
   * table (a name, a kind of entry) is measured once and shaped once: char * → CellCache. */
  GHashTable   *cells;
  GString      *cell_key;    /* the key of the cell at hand */
  guint         n_cell_layouts;
  VtDocFurniture *furniture;  /* what every page shows, laid out once; NULL till drawn */

  GPtrArray    *pages;       /* of GArray of Placement; NULL until laid out */
  /* How far a layout taken a piece at a time has come (vt_doc_paginate_step); NULL when
   * none is under way. */
  struct _VtDocLayoutState *layout_state;
};

/* vt-doc-text.c: every piece of text laid out one way, to measure it and to draw it */

/* How a piece of text meets a word wider than its width. */
typedef enum
{
  FIT_TEXT,    /* text and table cells */
  FIT_HEADER,  /* a column's title: never hyphenated, and shrinks further before it breaks */
} Fit;

/* Sets the document's one layout up for @text in @font; @width < 0 is unwrapped. */
PangoLayout *vt_doc_text_layout_fit (VtDoc          *doc,
                                     Font            font,
                                     const char     *text,
                                     double          width,
                                     PangoAlignment  align,
                                     Fit             fit);
PangoLayout *vt_doc_text_layout     (VtDoc          *doc,
                                     Font            font,
                                     const char     *text,
                                     double          width,
                                     PangoAlignment  align);
double       vt_doc_layout_height   (PangoLayout    *layout);
double       vt_doc_layout_width    (PangoLayout    *layout);
void         vt_doc_show_layout     (cairo_t        *cr,
                                     PangoLayout    *layout,
                                     double          x,
                                     double          y);

/* vt-doc-cells.c: a table's cells */

/* The width a cell's text has in @column: the column's less its padding. */
double         vt_doc_cell_width     (VtDocTable  *table,
                                      guint        column);
PangoAlignment vt_doc_cell_alignment (VtDocAlign   align);
/* The height of @text in @column, bold or not, as pango lays it out. */
double         vt_doc_cell_height    (VtDoc       *doc,
                                      VtDocTable  *table,
                                      guint        column,
                                      const char  *text,
                                      gboolean     bold);
/* Draws @text in @column with its top at @y, as vt_doc_cell_height () measured it. */
void           vt_doc_draw_cell      (VtDoc       *doc,
                                      cairo_t     *cr,
                                      VtDocTable  *table,
                                      guint        column,
                                      const char  *text,
                                      gboolean     bold,
                                      double       y);
/* Forgets what the cells came to: the layout is made again. */
void vt_doc_forget_cells (VtDoc *doc);
void vt_doc_furniture_free (VtDocFurniture *furniture);

/* Lays the flow out (once): measures every block, then cuts the flow into doc->pages. */
void vt_doc_ensure_layout (VtDoc *doc);
/* vt_doc_ensure_layout_full () with its progress counted out of @scale_total (when not 0):
 * the PDF's progress, of which the layout is the first part. */
gboolean vt_doc_layout_progress (VtDoc         *doc,
                                 GCancellable  *cancellable,
                                 VtDocProgress  progress,
                                 gpointer       user_data,
                                 guint64        scale_total,
                                 GError       **error);
/* The layout's units of VtDocProgress: a block, and each row of a table. */
guint64  vt_doc_count_units     (VtDoc         *doc);
/* The first pass: the height of every line, row and signature row, from pango. */
void vt_doc_measure       (VtDoc *doc);
/* One block as vt_doc_measure () measures it, but a table without its rows. */
void vt_doc_measure_block (VtDoc *doc,
                           Block *block);
/* Table rows [@first, @last) alone, as vt_doc_measure () measures them: a long table a piece
 * at a time, so its layout can report progress and stop. The table's columns and header are
 * measured with it as a block. */
void vt_doc_measure_rows  (VtDoc      *doc,
                           VtDocTable *table,
                           guint       first,
                           guint       last);
/* A QR code's side, quiet zone included, in points. */
double vt_doc_qr_side     (Block *block);

G_END_DECLS
