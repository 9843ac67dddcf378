/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vt-application.h"

G_BEGIN_DECLS

GtkWidget *vt_test_find_label (GtkWidget  *widget,
                               const char *text,
                               gboolean    exact);
void       vt_test_settle     (void);
/* Runs the main loop until @done returns TRUE, failing after ten seconds. */
void       vt_test_iterate_until (gboolean (*done) (gpointer data),
                                  gpointer   data);
gboolean   vt_test_widget_is_mapped (gpointer widget);
/* The first widget of @type in @widget's tree, @widget included, or NULL. */
GtkWidget *vt_test_find_widget   (GtkWidget *widget,
                                  GType      type);
/* How many widgets of @type are in @widget's tree, @widget included. */
guint      vt_test_count_widgets (GtkWidget *widget,
                                  GType      type);
/* The first mapped button in @widget's tree labelled @label (mnemonic underscores included),
 * or NULL. */
GtkWidget *vt_test_find_button   (GtkWidget  *widget,
                                  const char *label);
/* The visible toplevel window of @type, or NULL. */
GtkWindow *vt_test_find_toplevel (GType type);

/* Real key presses from the X server (xdotool), into the visible window titled @title: @type
 * typed, or @keys pressed (xdotool's type takes every word after it as text: one or the
 * other). FALSE when there is no xdotool. */
gboolean   vt_test_press_real_keys (const char        *title,
                                    const char        *type,
                                    const char *const *keys);

/* The start of a UI test's main (): C.UTF-8, g_test_init (), GTK and libadwaita, and the
 * application (not unique, so tests run side by side), registered. */
VtApplication *vt_test_ui_init (int    *argc,
                                char ***argv);

G_END_DECLS
