/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-organisation.h"
#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_SIGN_DIALOG (vt_sign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VtSignDialog, vt_sign_dialog, VT, SIGN_DIALOG, AdwWindow)

GtkWidget  *vt_sign_dialog_new        (GtkWindow    *parent,
                                       VtStation    *station,
                                       const char   *person_id);
GtkWidget  *vt_sign_dialog_new_for_meeting (GtkWindow       *parent,
                                            VtStation       *station,
                                            VtMeetingSigner  signer);
void        vt_sign_dialog_add_stroke (VtSignDialog *self,
                                       const double *points,
                                       gsize         n_points);
const char *vt_sign_dialog_get_error  (VtSignDialog *self);

G_END_DECLS
