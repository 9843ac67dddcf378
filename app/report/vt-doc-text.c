/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-doc"

#include "config.h"

#include "vt-doc-private.h"

/* Every piece of a VtDoc's text is laid out here, the same way to measure it and to draw it:
 * in the document's one layout, with its fonts, in its language. */

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
PangoLayout *
vt_doc_text_layout_fit (VtDoc          *doc,
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

PangoLayout *
vt_doc_text_layout (VtDoc          *doc,
                    Font            font,
                    const char     *text,
                    double          width,
                    PangoAlignment  align)
{
  return vt_doc_text_layout_fit (doc, font, text, width, align, FIT_TEXT);
}

double
vt_doc_layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double)height / PANGO_SCALE;
}

double
vt_doc_layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double)width / PANGO_SCALE;
}

void
vt_doc_show_layout (cairo_t     *cr,
                    PangoLayout *layout,
                    double       x,
                    double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}
