/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-document-actions.h"

G_BEGIN_DECLS

/* What the two halves of the document actions share: vt-document-actions.c checks the file,
 * exports and prints; vt-doc-preview.c shows the preview, building a big station's document in
 * a thread as the export does. Not for use outside them. */

/* On a worker thread: stores @done of @total in @user_data, an int of thousandths, for the
 * main thread to read (a VtDocProgress). */
void       vt_document_store_permille  (guint64          done,
                                        guint64          total,
                                        gpointer         user_data);
/* On a worker thread: copy @copy of @kind of the station at @path, from a read-only station of
 * the thread's own. */
VtDoc     *vt_document_build_in_thread (const char      *path,
                                        VtDocumentKind   kind,
                                        guint            copy,
                                        GError         **error);
/* The preview of @kind, once the file passed its check: built at once, or in a thread for a
 * big station. Returns the window. */
GtkWidget *vt_document_preview_now     (GtkWindow       *parent,
                                        VtStation       *station,
                                        VtDocumentKind   kind);

G_END_DECLS
