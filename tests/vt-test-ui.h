/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *vt_test_find_label (GtkWidget  *widget,
                               const char *text,
                               gboolean    exact);
void       vt_test_settle     (void);

G_END_DECLS
