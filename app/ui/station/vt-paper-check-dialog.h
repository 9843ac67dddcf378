/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_PAPER_CHECK_DIALOG (vt_paper_check_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VtPaperCheckDialog, vt_paper_check_dialog, VT, PAPER_CHECK_DIALOG,
                      AdwWindow)

/* "Check against paper": the chair types the checksum groups from a printed page and hears
 * whether the file's chain passes through them (vt_verify_checksum), at which entry, and how
 * many entries follow. */
GtkWidget  *vt_paper_check_dialog_new        (GtkWindow          *parent,
                                              VtStation          *station);
/* The groups typed; and the last answer shown (NULL before the first check), for tests. */
void        vt_paper_check_dialog_set_groups (VtPaperCheckDialog *self,
                                              const char         *groups);
const char *vt_paper_check_dialog_get_result (VtPaperCheckDialog *self);

G_END_DECLS
