/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-test-ui.h"

/* A label the user can see under @widget showing @text (exactly, or somewhere in it). */
GtkWidget *
vt_test_find_label (GtkWidget  *widget,
                    const char *text,
                    gboolean    exact)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (widget));
      if (exact ? g_strcmp0 (shown, text) == 0 : strstr (shown, text) != NULL)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vt_test_find_label (child, text, exact);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
set_done (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Let the frame clock lay out and draw what changed. */
void
vt_test_settle (void)
{
  for (int i = 0; i < 3; i++)
    {
      gboolean done = FALSE;
      g_timeout_add (30, set_done, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
}
