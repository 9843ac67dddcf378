/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VT_TYPE_APPLICATION (vt_application_get_type ())
G_DECLARE_FINAL_TYPE (VtApplication, vt_application, VT, APPLICATION, AdwApplication)

VtApplication *vt_application_new                (GApplicationFlags  flags);
GSettings     *vt_application_get_settings       (VtApplication     *self);
void           vt_application_add_recent         (VtApplication     *self,
                                                  const char        *path);
char         **vt_application_dup_recent         (VtApplication     *self);
char          *vt_application_dup_training_dir   (VtApplication     *self);

G_END_DECLS
