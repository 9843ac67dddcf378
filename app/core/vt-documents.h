/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-doc.h"
#include "vt-station.h"

G_BEGIN_DECLS

/* The documents of the day, drawn from the station's journal and state: what the command line
 * prints (valgting print), what the window previews, exports and prints. */

typedef enum
{
  VT_DOCUMENT_PROTOCOL,      /* the signed protocol, with the log, seal register and staff */
  VT_DOCUMENT_PACKING_LIST,  /* the configuration's packing lists, counts filled in */
  VT_DOCUMENT_RECEIPT,       /* the handover receipt for shipment 1, in two copies */
  VT_DOCUMENT_SEALS,         /* the seal register form */
} VtDocumentKind;

gboolean     vt_document_kind_from_string (const char     *str,
                                           VtDocumentKind *kind);
const char  *vt_document_kind_to_string   (VtDocumentKind  kind);
const char  *vt_document_kind_get_title   (VtDocumentKind  kind,
                                           VtConfig       *config);

/* @copy: 0 for the original; 1, 2 … for a reprint, marked as that copy on every page. */
VtDoc       *vt_document_build            (VtStation      *station,
                                           VtDocumentKind  kind,
                                           guint           copy);

G_END_DECLS
