/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-document-actions.h"
#include "vt-station.h"

G_BEGIN_DECLS

/* The station's data for the election office, from the Documents view: what
 * `valgting export log|events|results` write, saved where the chair says with the file chooser
 * and written in a thread from the file as it is on disk (the exports verify it first). */

typedef enum
{
  VT_DATA_LOG,      /* every entry, CSV or JSON by the name's ending */
  VT_DATA_EVENTS,   /* NIST SP 1500-101 election event log, JSON */
  VT_DATA_RESULTS,  /* the protocol's numbers, JSON */
  VT_N_DATA_KINDS
} VtDataKind;

gboolean    vt_data_kind_from_string (const char *str,
                                      VtDataKind *kind);
const char *vt_data_kind_to_string   (VtDataKind  kind);

/* @done hears the end on the main thread: saved (with a message to show), failed (after a
 * message dialog said why) or cancelled (message NULL). */
void        vt_data_export           (GtkWindow            *parent,
                                      VtStation            *station,
                                      VtDataKind            kind,
                                      VtDocumentActionsDone done,
                                      gpointer              user_data);

G_END_DECLS
