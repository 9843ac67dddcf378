/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-documents.h"

G_BEGIN_DECLS

/* Called on the main thread when an export ended: @ok, and a message to show (NULL when the
 * chair cancelled the file chooser). */
typedef void (*VtDocumentActionsDone) (gpointer    user_data,
                                       gboolean    ok,
                                       const char *message);

/* Each of these checks the station file first (vt_verify_store; a very big file in a thread)
 * and refuses, with a message naming the first bad entry or table, a file that fails. */
GtkWidget *vt_document_preview   (GtkWindow            *parent,
                                  VtStation            *station,
                                  VtDocumentKind        kind);
void       vt_document_export    (GtkWindow            *parent,
                                  VtStation            *station,
                                  VtDocumentKind        kind,
                                  VtDocumentActionsDone done,
                                  gpointer              user_data);
void       vt_document_export_to (GtkWindow            *parent,
                                  VtDoc                *doc,
                                  const char           *path,
                                  VtDocumentActionsDone done,
                                  gpointer              user_data);
void       vt_document_print     (GtkWindow            *parent,
                                  VtStation            *station,
                                  VtDocumentKind        kind);

/* For tests: files of more entries than this are checked in a thread (-1: the default,
 * VT_VERIFY_OPEN_STATE_MAX). */
void       vt_document_set_check_at_once_max (gint64 n_entries);

G_END_DECLS
