/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-test-ui.h"

#include <adwaita.h>
#include <locale.h>

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

GtkWidget *
vt_test_find_widget (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vt_test_find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

guint
vt_test_count_widgets (GtkWidget *widget,
                       GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += vt_test_count_widgets (child, type);
  return n;
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

void
vt_test_iterate_until (gboolean (*done) (gpointer data),
                       gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

gboolean
vt_test_widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

GtkWindow *
vt_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

GtkWidget *
vt_test_find_button (GtkWidget  *widget,
                     const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = vt_test_find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_child_exit (GPid     pid,
               int      status,
               gpointer data)
{
  g_spawn_close_pid (pid);
  *(gboolean *)data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

/* Real key presses from the X server (xdotool), into the window titled @title: @type typed,
 * or @keys pressed (xdotool's type takes every word after it as text: one or the other).
 * FALSE when there is no xdotool. */
gboolean
vt_test_press_real_keys (const char        *title,
                         const char        *type,
                         const char *const *keys)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  GPid pid;

  if (xdotool == NULL)
    return FALSE;
  g_ptr_array_add (argv, xdotool);
  g_ptr_array_add (argv, (char *)"search");
  g_ptr_array_add (argv, (char *)"--sync");
  g_ptr_array_add (argv, (char *)"--onlyvisible");
  g_ptr_array_add (argv, (char *)"--name");
  g_ptr_array_add (argv, (char *)title);
  g_ptr_array_add (argv, (char *)"windowfocus");
  g_ptr_array_add (argv, (char *)"--sync");
  if (type != NULL)
    {
      g_ptr_array_add (argv, (char *)"type");
      g_ptr_array_add (argv, (char *)"--delay");
      g_ptr_array_add (argv, (char *)"60");
      g_ptr_array_add (argv, (char *)type);
    }
  if (keys != NULL && keys[0] != NULL)
    {
      g_ptr_array_add (argv, (char *)"key");
      g_ptr_array_add (argv, (char *)"--delay");
      g_ptr_array_add (argv, (char *)"150");
      for (guint i = 0; keys[i] != NULL; i++)
        g_ptr_array_add (argv, (char *)keys[i]);
    }
  g_ptr_array_add (argv, NULL);
  g_spawn_async (NULL, (char **)argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                 &error);
  g_assert_no_error (error);
  g_child_watch_add (pid, on_child_exit, &done);
  vt_test_iterate_until (is_true, &done);
  vt_test_settle ();
  return TRUE;
}

VtApplication *
vt_test_ui_init (int    *argc,
                 char ***argv)
{
  g_autoptr(GError) error = NULL;
  VtApplication *app;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();

  app = vt_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}
