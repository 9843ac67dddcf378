/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "vt-station.h"

G_BEGIN_DECLS

/* Import Staff List…: the file chooser, then the list read and committed as one command
 * (vt_staff_import ()). A refused file is shown in a dialog listing every bad line; what was
 * committed is told by @done, with the toast's text, only after it is on disk. */

typedef void (*VtStaffImported) (GObject    *owner,
                                 const char *toast);

void vt_staff_import_dialog_choose (GtkWindow       *parent,
                                    VtStation       *station,
                                    GObject         *owner,
                                    VtStaffImported  done);

/* The same from the file chosen: what the chooser's answer runs (and a test, which has no
 * portal to answer it). Returns the refusal's dialog, shown, or NULL when the list was
 * imported and @done was called. */
AdwMessageDialog *vt_staff_import_dialog_import (GtkWindow       *parent,
                                                 VtStation       *station,
                                                 GFile           *file,
                                                 GObject         *owner,
                                                 VtStaffImported  done);

G_END_DECLS
