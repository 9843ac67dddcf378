/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Ctrl+Enter activates @save_action and Escape closes @window, caught before a text field sees
 * the keys (a text view would take Ctrl+Enter as a new line): the chair fills a form and saves
 * it without leaving the keyboard. */
void vt_window_add_form_shortcuts (GtkWidget  *window,
                                   const char *save_action);

G_END_DECLS
