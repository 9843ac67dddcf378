/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_NOTE_DIALOG (vt_note_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VtNoteDialog, vt_note_dialog, VT, NOTE_DIALOG, AdwWindow)

GtkWidget *vt_note_dialog_new      (GtkWindow    *parent,
                                    VtStation    *station);
void       vt_note_dialog_set_text (VtNoteDialog *self,
                                    const char   *text);

G_END_DECLS
