/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* A printed document, drawn with cairo and pango: a flow of headings, paragraphs, tables and
 * signature blocks laid out on A4 pages, with a header and a footer on every page. The same
 * layout draws the PDF (vt_doc_write_pdf), each page for printing or preview
 * (vt_doc_render_page), so the paper, the screen and the file always agree. No GTK.
 *
 * Strings are plain UTF-8 text (never Pango markup; the layout escapes them). */

typedef struct _VtDoc VtDoc;
typedef struct _VtDocTable VtDocTable;

typedef enum
{
  VT_DOC_ALIGN_LEFT,
  VT_DOC_ALIGN_RIGHT,     /* numbers */
  VT_DOC_ALIGN_CENTER,
  VT_DOC_ALIGN_CHECKBOX,  /* an empty tick box drawn in the cell; the cell's text is ignored */
} VtDocAlign;

typedef enum
{
  VT_DOC_ROW_NORMAL,
  VT_DOC_ROW_TOTAL,       /* bold, with a rule above: a sum */
  VT_DOC_ROW_SUBHEAD,     /* bold, spanning the whole table: a group inside a table */
} VtDocRowStyle;

/* One person's signature: the printed name and role under a line, and, when they signed on
 * screen, their strokes drawn as vectors above the line. @points holds x, y pairs in the
 * signature box's own coordinates, 0..1 across and 0..1 down; a pair of NAN ends a stroke. */
typedef struct
{
  const char   *role;      /* "Leader of the polling-station board" */
  const char   *name;      /* "Kari Øvingsen" */
  const double *points;    /* NULL: signs in ink on the paper */
  gsize         n_points;  /* number of doubles, 2 per point */
} VtDocSigner;

VtDoc      *vt_doc_new              (const char  *title);
void        vt_doc_free             (VtDoc       *doc);

/* The language of the document's own words ("Side 1 av 3") and of its line breaking and
 * hyphenation: "nb" (the default) or "nn". */
void        vt_doc_set_language     (VtDoc       *doc,
                                     const char  *language);
const char *vt_doc_get_language     (VtDoc       *doc);

/* Top of every page: @left (precinct and election) and @right (the document's name). */
void        vt_doc_set_header       (VtDoc       *doc,
                                     const char  *left,
                                     const char  *right);
/* Bottom of every page, two lines: first the time of printing (vt_doc_set_printed), the
 * document's title and "Page x of y" (translated); below it @text (the journal checksum, the
 * time of the last entry), across the page. */
void        vt_doc_set_footer       (VtDoc       *doc,
                                     const char  *text);
/* The time the document is printed, shown in the footer as @time's own date and time
 * ("05.12.2026 07:30": convert it to the election's time zone first), or NULL for none. */
void        vt_doc_set_printed      (VtDoc       *doc,
                                     GDateTime   *time);
/* A large diagonal mark across every page ("ØVING — ikke gyldig"), or NULL. */
void        vt_doc_set_watermark    (VtDoc       *doc,
                                     const char  *text);
/* A label in the top margin of every page ("Copy 2"), or NULL. */
void        vt_doc_set_copy_label   (VtDoc       *doc,
                                     const char  *text);
/* The creation date written into the PDF's metadata; the same @time gives the same bytes. */
void        vt_doc_set_created      (VtDoc       *doc,
                                     GDateTime   *time);

/* Level 1: the document's title; 2: a section ("A1 Election days"); 3: a subsection. A
 * heading is never the last thing on a page: it moves to the next page with what follows. */
void        vt_doc_heading          (VtDoc       *doc,
                                     int          level,
                                     const char  *text);
void        vt_doc_paragraph        (VtDoc       *doc,
                                     const char  *text);
/* Smaller and lighter: an explanation under a heading. */
void        vt_doc_note             (VtDoc       *doc,
                                     const char  *text);
void        vt_doc_page_break       (VtDoc       *doc);

/* A table: its header row is repeated at the top of every page it continues on; a row never
 * splits across pages; long cells wrap within their column. Columns share the text width in
 * proportion to @weight. */
VtDocTable *vt_doc_table_new        (VtDoc       *doc,
                                     guint        n_columns);
void        vt_doc_table_set_column (VtDocTable  *table,
                                     guint        column,
                                     const char  *title,
                                     double       weight,
                                     VtDocAlign   align);
/* A title over columns [@first, @first + @n_columns) in a band above their own titles, as a form
 * groups "Opptalte stemmesedler i urne" over one column per contest. Columns outside every
 * group keep their title the full height of the header. */
void        vt_doc_table_add_group  (VtDocTable  *table,
                                     guint        first,
                                     guint        n_columns,
                                     const char  *title);
/* @cells: n_columns strings (NULL for an empty cell). */
void        vt_doc_table_add_row    (VtDocTable  *table,
                                     VtDocRowStyle style,
                                     const char * const *cells);
/* Adds the table to the document; @table is consumed. */
void        vt_doc_table_end        (VtDocTable  *table);

/* The signature block: one box per signer, two across, kept together on one page. It never
 * shares a page with the end of a table: after a table it starts on a new page. */
void        vt_doc_signatures       (VtDoc             *doc,
                                     const VtDocSigner *signers,
                                     guint              n_signers);

/* The signature lines of a short form (a packing list, a receipt): the same boxes kept
 * together, but on the page of the table they sign for. */
void        vt_doc_form_signatures  (VtDoc             *doc,
                                     const VtDocSigner *signers,
                                     guint              n_signers);

/* A QR code holding @text (UTF-8, as bytes), error correction level M, drawn at the left margin
 * as dark squares with its quiet zone, about 28 mm across (more when the text needs modules
 * smaller than 0.4 mm), and @caption in small type under it. It is kept whole on one page.
 * FALSE when @text does not fit a QR code; nothing is added then. */
gboolean    vt_doc_qr               (VtDoc       *doc,
                                     const char  *text,
                                     const char  *caption);

/* Lays out (once) and counts the pages. */
guint       vt_doc_get_n_pages      (VtDoc       *doc);
/* Draws page @page (0-based) onto @cr, scaled to fit @width × @height (in @cr's units) while
 * keeping A4's proportions; for printing and for the preview. */
void        vt_doc_render_page      (VtDoc       *doc,
                                     cairo_t     *cr,
                                     guint        page,
                                     double       width,
                                     double       height);
/* The whole document as a PDF with its fonts embedded. */
GBytes     *vt_doc_to_pdf           (VtDoc       *doc,
                                     GError     **error);
gboolean    vt_doc_write_pdf        (VtDoc       *doc,
                                     const char  *path,
                                     GError     **error);

/* How far a long layout or PDF has come: @done of @total units, where a unit is a block or a
 * table row, measured once and drawn once (drawing counts double: it takes about twice as
 * long). @total is the same from the first call to the last; @done never goes back and ends
 * at @total. Called on the thread that does the work. */
typedef void (*VtDocProgress) (guint64  done,
                               guint64  total,
                               gpointer user_data);

/* Lays the document out, like vt_doc_get_n_pages (), but reports @progress and stops between
 * pieces when @cancellable is cancelled (G_IO_ERROR_CANCELLED; the document is then as if
 * never laid out). */
gboolean    vt_doc_ensure_layout_full (VtDoc         *doc,
                                       GCancellable  *cancellable,
                                       VtDocProgress  progress,
                                       gpointer       user_data,
                                       GError       **error);
/* One piece of the layout, for a caller on the main loop (the print dialog's pagination):
 * TRUE once the document is laid out. @done and @total (either may be NULL) say how far,
 * in the units of VtDocProgress. */
gboolean    vt_doc_paginate_step    (VtDoc       *doc,
                                     guint64     *done,
                                     guint64     *total);
/* vt_doc_to_pdf () and vt_doc_write_pdf () with progress through the layout and the drawing,
 * stopped between pages by @cancellable. A cancelled write leaves no file at @path, and a
 * file already there as it was. */
GBytes     *vt_doc_to_pdf_full      (VtDoc         *doc,
                                     GCancellable  *cancellable,
                                     VtDocProgress  progress,
                                     gpointer       user_data,
                                     GError       **error);
gboolean    vt_doc_write_pdf_full   (VtDoc         *doc,
                                     const char    *path,
                                     GCancellable  *cancellable,
                                     VtDocProgress  progress,
                                     gpointer       user_data,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtDoc, vt_doc_free)

G_END_DECLS
