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
  VT_DOCUMENT_OPENING_REPORT, /* one page when the doors open: who, urns and seals, checks */
  VT_DOCUMENT_CLOSING_REPORT, /* one page when they close: the same, the queue, outdoor votes
                               * and the envelopes so far */
  VT_DOCUMENT_MEETING_PROTOCOL, /* an organisation's meeting: the protocol of its elections */
  VT_DOCUMENT_OFFICE_NOTICE,    /* an organisation's meeting: one page to the region, who now
                                 * holds which office */
} VtDocumentKind;

gboolean     vt_document_kind_from_string (const char     *str,
                                           VtDocumentKind *kind);
const char  *vt_document_kind_to_string   (VtDocumentKind  kind);
const char  *vt_document_kind_get_title   (VtDocumentKind  kind,
                                           VtConfig       *config);
/* Whether @kind is a document of @config's election: a polling station's documents for a
 * polling station, the meeting's protocol and notice for an organisation's meeting. Only
 * those are offered, built or printed. */
gboolean     vt_document_kind_applies     (VtDocumentKind  kind,
                                           VtConfig       *config);

typedef enum
{
  VT_SIGNATURE_NONE,     /* not signed on screen */
  VT_SIGNATURE_CURRENT,  /* signed, and nothing was logged since */
  VT_SIGNATURE_STALE,    /* signed, but the log went on: the protocol was amended after */
} VtSignatureState;

/* Whether @person_id signed the protocol on screen, and whether that still covers it. */
VtSignatureState vt_document_get_signature (VtStation  *station,
                                            const char *person_id);
/* The first entry after @person_id's signature that changes what the protocol says (the
 * reason the signature is stale), or 0 when the signature is current or there is none. */
gint64           vt_document_get_signature_staled_by (VtStation  *station,
                                                      const char *person_id);

/* A contest's column title, as the protocol's C1 heads it: "Kommunestyre" for
 * "Kommunestyrevalget", "Fylkesting" for "Fylkestingsvalget"; a name of another shape stands as
 * it is. */
char        *vt_document_contest_column_title (const char *contest_name);

/* Prints are logged: the first is the original, every later one a numbered copy. */
guint        vt_document_next_copy        (VtStation      *station,
                                           VtDocumentKind  kind);
gboolean     vt_document_log_printed      (VtStation      *station,
                                           VtDocumentKind  kind,
                                           guint           copy,
                                           GError        **error);

/* @copy: 0 for the original; 1, 2 … for a reprint, marked as that copy on every page. */
VtDoc       *vt_document_build            (VtStation      *station,
                                           VtDocumentKind  kind,
                                           guint           copy);
/* The same in @language ("nb", "nn"), or NULL for the configuration's. */
VtDoc       *vt_document_build_in         (VtStation      *station,
                                           VtDocumentKind  kind,
                                           guint           copy,
                                           const char     *language);

G_END_DECLS
