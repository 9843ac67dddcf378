/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-entry-kind.h"
#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_COMMAND_DIALOG (vt_command_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VtCommandDialog, vt_command_dialog, VT, COMMAND_DIALOG, AdwWindow)

GtkWidget         *vt_command_dialog_new       (GtkWindow       *parent,
                                                VtStation       *station,
                                                const char      *kind_id);
GtkWidget         *vt_command_dialog_new_amend (GtkWindow       *parent,
                                                VtStation       *station,
                                                VtJournalEntry  *entry);
const VtEntryKind *vt_command_dialog_get_kind  (VtCommandDialog *self);
gboolean           vt_command_dialog_set_value (VtCommandDialog *self,
                                                const char      *name,
                                                const char      *value,
                                                gboolean         fixed);
gboolean           vt_command_dialog_set_reason (VtCommandDialog *self,
                                                 const char      *reason);
void               vt_command_dialog_save      (VtCommandDialog *self);
const char        *vt_command_dialog_get_error (VtCommandDialog *self);

G_END_DECLS
