/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VT_TYPE_START_PAGE (vt_start_page_get_type ())
G_DECLARE_FINAL_TYPE (VtStartPage, vt_start_page, VT, START_PAGE, AdwBin)

void vt_start_page_set_recent (VtStartPage        *self,
                               const char * const *paths);

G_END_DECLS
