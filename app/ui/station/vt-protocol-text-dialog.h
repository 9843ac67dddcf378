/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_PROTOCOL_TEXT_DIALOG (vt_protocol_text_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VtProtocolTextDialog, vt_protocol_text_dialog, VT, PROTOCOL_TEXT_DIALOG,
                      AdwWindow)

/* The board's own words in the protocol: part D (Other matters) when @contest is NULL, else
 * the remark (Merknad) under @contest's count, with a picker for the other contests. */
GtkWidget  *vt_protocol_text_dialog_new         (GtkWindow            *parent,
                                                 VtStation            *station,
                                                 const char           *contest);
/* VT_KIND_PROTOCOL_MATTERS or VT_KIND_PROTOCOL_REMARK. */
const char *vt_protocol_text_dialog_get_kind    (VtProtocolTextDialog *self);
/* The contest whose remark is shown, or NULL for part D. */
const char *vt_protocol_text_dialog_get_contest (VtProtocolTextDialog *self);

/* The board's text as it stands: the payload of the newest entry of @kind (for @contest, a
 * remark's) that is not annulled, as corrections have left it; NULL when there is none. */
JsonObject *vt_protocol_text_dup_current        (VtStation            *station,
                                                 const char           *kind,
                                                 const char           *contest);

G_END_DECLS
