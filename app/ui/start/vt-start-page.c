/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-start-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-start-page.h"

/* What a chair sees before a station is open: open a station file, make a new one from the
 * election office's configuration, or start a training election. Every button is a window
 * action, so the same things are reachable from the keyboard and the menu. */

struct _VtStartPage
{
  AdwBin parent_instance;

  AdwPreferencesGroup *recent_group;
  GtkListBox *recent_list;
  GtkButton *open_button;
};

G_DEFINE_FINAL_TYPE (VtStartPage, vt_start_page, ADW_TYPE_BIN)

static void
vt_start_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VT_TYPE_START_PAGE);

  G_OBJECT_CLASS (vt_start_page_parent_class)->dispose (object);
}

static void
vt_start_page_class_init (VtStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_start_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/start/vt-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtStartPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, VtStartPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, VtStartPage, open_button);
}

static void
vt_start_page_init (VtStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
vt_start_page_set_recent (VtStartPage        *self,
                          const char * const *paths)
{
  GtkWidget *child;

  g_return_if_fail (VT_IS_START_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (paths[i]);
      g_autofree char *dir = g_path_get_dirname (paths[i]);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", paths[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->recent_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), paths != NULL && paths[0] != NULL);
}
