/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vt_fnr_is_valid      (const char *digits);
gboolean vt_text_contains_fnr (const char *text);

G_END_DECLS
