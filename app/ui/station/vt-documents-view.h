/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-documents.h"
#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_DOCUMENTS_VIEW (vt_documents_view_get_type ())

G_DECLARE_FINAL_TYPE (VtDocumentsView, vt_documents_view, VT, DOCUMENTS_VIEW, AdwBin)

GtkWidget *vt_documents_view_new         (void);
VtStation *vt_documents_view_get_station (VtDocumentsView *self);
void       vt_documents_view_set_station (VtDocumentsView *self,
                                          VtStation       *station);
/* What the row of @kind says now: what it covers, then its state ("Signed by 3 of 4"). */
char      *vt_documents_view_dup_state   (VtDocumentsView *self,
                                          VtDocumentKind   kind);
/* Says again what the rows say, for a change outside the journal (a report saved beside the
 * station file). */
void       vt_documents_view_refresh     (VtDocumentsView *self);

G_END_DECLS
