/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-collect.h"

G_BEGIN_DECLS

/* *Municipality Overview…* (issue 17): the election office chooses the station files of one
 * election; the overview is built off the main thread (vt-collect.h), each station listed with
 * its flags, and the overview's PDF previewed, printed or saved. */

#define VT_TYPE_MUNICIPALITY_DIALOG (vt_municipality_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VtMunicipalityDialog, vt_municipality_dialog, VT, MUNICIPALITY_DIALOG,
                      AdwWindow)

GtkWidget *vt_municipality_dialog_new        (GtkWindow            *parent);
/* Adds @paths to the files chosen (as *Add Station Files…* does) and builds the overview of
 * them all again, in a thread; "busy" is TRUE until it is shown. */
void       vt_municipality_dialog_add_files  (VtMunicipalityDialog *self,
                                              const char * const   *paths,
                                              guint                 n_paths);
gboolean   vt_municipality_dialog_get_busy   (VtMunicipalityDialog *self);
/* The overview shown, or NULL before any is built. */
VtCollect *vt_municipality_dialog_get_collect (VtMunicipalityDialog *self);
/* The rows listed: one per station file, in the overview's order. */
GtkListBox *vt_municipality_dialog_get_list  (VtMunicipalityDialog *self);
/* What the buttons do: the overview's PDF previewed (returns the preview window), printed,
 * saved where the user says. */
GtkWidget *vt_municipality_dialog_preview    (VtMunicipalityDialog *self);
void       vt_municipality_dialog_print      (VtMunicipalityDialog *self);
void       vt_municipality_dialog_save       (VtMunicipalityDialog *self);

G_END_DECLS
