/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-station.h"

G_BEGIN_DECLS

/* Called with the kind chosen, after the palette has closed. */
typedef void (*VtPaletteChosen) (const char *kind,
                                 gpointer    owner);

/* Shows the palette over @parent: every kind @station allows now. @chosen is called on
 * @owner (a GObject) when one is chosen, unless @owner is gone by then. */
GtkWidget *vt_palette_show (GtkWindow       *parent,
                            VtStation       *station,
                            VtPaletteChosen  chosen,
                            gpointer         owner);

G_END_DECLS
