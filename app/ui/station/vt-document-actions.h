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

/* Where the report at a turn of the day is kept, beside the station file: for
 * "…/nesttun.valgting" the first opening's is "…/nesttun-opening-report.pdf", the second day's
 * "…/nesttun-opening-report-2.pdf" (and "closing-report" likewise). The kind ids, not words of
 * a language, so the names are the same whatever language the station or the computer has. */
char      *vt_document_dup_day_report_path (VtStation      *station,
                                            VtDocumentKind  kind);
/* Checks the file, then writes the report at the turn of the day beside it, in a thread; @done
 * is called on the main thread in every case (refused, saved or failed). */
void       vt_document_save_day_report     (GtkWindow            *parent,
                                            VtStation            *station,
                                            VtDocumentKind        kind,
                                            VtDocumentActionsDone done,
                                            gpointer              user_data);

/* A document of no station's (the debrief): previewed with every page, as it will be printed
 * (@doc consumed; @header_end, if given, goes to the end of the preview's header bar),
 * printed with the real print dialog (@doc consumed; the window goes on while it prints),
 * saved as a PDF where the user says
 * (@doc consumed; @name offered). */
GtkWidget *vt_doc_preview_new (GtkWindow            *parent,
                               VtDoc                *doc,
                               const char           *title,
                               GtkWidget            *header_end);
void       vt_doc_print       (GtkWindow            *parent,
                               VtDoc                *doc,
                               const char           *job_name);
void       vt_doc_save_as     (GtkWindow            *parent,
                               VtDoc                *doc,
                               const char           *name,
                               VtDocumentActionsDone done,
                               gpointer              user_data);

/* For tests: files of more entries than this are checked in a thread (-1: the default,
 * VT_VERIFY_OPEN_STATE_MAX). */
void       vt_document_set_check_at_once_max (gint64 n_entries);
/* For tests: stations of more entries than this are previewed from a thread (-1: the
 * default, VT_VERIFY_OPEN_STATE_MAX). */
void       vt_document_set_build_at_once_max (gint64 n_entries);
/* For tests: how long a PDF is written before its progress is shown (default 300 ms). */
void       vt_document_set_progress_delay    (guint  ms);

G_END_DECLS
