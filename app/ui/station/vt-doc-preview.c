/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-document-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-document-actions.h"
#include "vt-document-actions-private.h"
#include "vt-verify.h"

/* The preview of a document (vt-document-actions.c checks the file first, and exports and
 * prints): a window with every page, drawn as it will be printed. A big station's document is
 * built and laid out in a thread while the window says so. */

static void
draw_page (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  VtDoc *doc = g_object_get_data (G_OBJECT (area), "doc");
  guint page = GPOINTER_TO_UINT (user_data);

  vt_doc_render_page (doc, cr, page, width, height);
}

/* The pages are rows of a list: only those in view are made and drawn, so a protocol of
 * thousands of pages opens as fast as one of three. */
static void
setup_page (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            VtDoc                    *doc)
{
  GtkWidget *area = gtk_drawing_area_new ();

  g_object_set_data (G_OBJECT (area), "doc", doc);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 595);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 842);
  gtk_widget_set_halign (area, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (area, 9);
  gtk_widget_set_margin_bottom (area, 9);
  gtk_widget_add_css_class (area, "card");
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, area);
}

static void
bind_page (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           VtDoc                    *doc)
{
  GtkWidget *area = gtk_list_item_get_child (item);
  guint page = gtk_list_item_get_position (item);
  /* Translators: the accessible name of a page in the preview, "Page 2 of 7" */
  g_autofree char *name = g_strdup_printf (_("Page %u of %u"), page + 1,
                                           vt_doc_get_n_pages (doc));

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_page, GUINT_TO_POINTER (page),
                                  NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* The preview's window, without its pages yet: its title, @header_end at the end of its header
 * bar. */
static GtkWidget *
preview_window_new (GtkWindow  *parent,
                    const char *title,
                    GtkWidget  *header_end)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *window_title = adw_window_title_new (title, NULL);
  GtkEventController *keys = GTK_EVENT_CONTROLLER (gtk_shortcut_controller_new ());
  int height = 800;

  /* No taller than the window it comes from: on a 1024×600 laptop a page and a half shows,
   * and the header bar with its close button stays on the screen. */
  if (parent != NULL && gtk_widget_get_mapped (GTK_WIDGET (parent)))
    height = MIN (height, MAX (400, gtk_widget_get_height (GTK_WIDGET (parent))));
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, height);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), window_title);
  g_object_set_data (G_OBJECT (window), "window-title", window_title);
  if (header_end != NULL)
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), header_end);
  gtk_box_append (GTK_BOX (box), header);
  g_object_set_data (G_OBJECT (window), "box", box);
  adw_window_set_content (ADW_WINDOW (window), box);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);
  return window;
}

/* Puts @doc's pages (consumed) in the preview @window, in place of whatever was there. */
static void
preview_set_doc (GtkWidget *window,
                 VtDoc     *doc)
{
  GtkWidget *box = g_object_get_data (G_OBJECT (window), "box");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkStringList *pages = gtk_string_list_new (NULL);
  GtkWidget *list, *waiting;
  guint n_pages = vt_doc_get_n_pages (doc);
  g_autofree char *subtitle = g_strdup_printf (ngettext ("%u page", "%u pages", n_pages),
                                               n_pages);

  g_object_set_data_full (G_OBJECT (window), "doc", doc, (GDestroyNotify)vt_doc_free);
  adw_window_title_set_subtitle (g_object_get_data (G_OBJECT (window), "window-title"),
                                 subtitle);
  waiting = g_object_get_data (G_OBJECT (window), "waiting");
  if (waiting != NULL)
    {
      gtk_box_remove (GTK_BOX (box), waiting);
      g_object_set_data (G_OBJECT (window), "waiting", NULL);
    }

  for (guint i = 0; i < n_pages; i++)
    gtk_string_list_append (pages, "");
  g_signal_connect (factory, "setup", G_CALLBACK (setup_page), doc);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_page), doc);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (pages))),
                            factory);
  gtk_widget_add_css_class (list, "preview-pages");
  gtk_widget_set_margin_top (list, 9);
  gtk_widget_set_margin_bottom (list, 9);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
}

/* A window with every page of @doc (consumed), as it will be printed. */
GtkWidget *
vt_doc_preview_new (GtkWindow  *parent,
                    VtDoc      *doc,
                    const char *title,
                    GtkWidget  *header_end)
{
  GtkWidget *window = preview_window_new (parent, title, header_end);

  preview_set_doc (window, doc);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* A big station's document is built and laid out in a thread, from a read-only station of
 * the thread's own (the station's connection belongs to the main thread): the preview opens
 * at once and says how far it has come, and closing it stops the work. */
typedef struct
{
  GtkWidget *window;        /* a weak pointer: NULL once closed */
  GtkWidget *bar;
  char *source;
  VtDocumentKind kind;
  guint copy;
  GCancellable *cancellable;
  int permille;             /* atomic */
  guint tick;
  VtDoc *doc;
} Preparing;

static void
preparing_free (Preparing *preparing)
{
  g_clear_handle_id (&preparing->tick, g_source_remove);
  if (preparing->window != NULL)
    {
      g_signal_handlers_disconnect_by_data (preparing->window, preparing);
      g_object_remove_weak_pointer (G_OBJECT (preparing->window),
                                    (gpointer *)&preparing->window);
    }
  g_clear_object (&preparing->cancellable);
  g_clear_pointer (&preparing->doc, vt_doc_free);
  g_free (preparing->source);
  g_free (preparing);
}

static void
prepare_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Preparing *preparing = task_data;
  GError *error = NULL;

  preparing->doc = vt_document_build_in_thread (preparing->source, preparing->kind,
                                                preparing->copy, &error);
  if (preparing->doc == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!vt_doc_ensure_layout_full (preparing->doc, preparing->cancellable,
                                  vt_document_store_permille, &preparing->permille, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
update_preparing (gpointer user_data)
{
  Preparing *preparing = user_data;

  if (preparing->window != NULL)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (preparing->bar),
                                   g_atomic_int_get (&preparing->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Preparing *preparing = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (preparing->window == NULL)
    return;   /* closed: nothing to show */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (gtk_window_get_transient_for (
                                                    GTK_WINDOW (preparing->window)),
                                                  _("The document could not be shown"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_destroy (GTK_WINDOW (preparing->window));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  preview_set_doc (preparing->window, g_steal_pointer (&preparing->doc));
}

static void
on_preparing_closed (GtkWidget *window,
                     Preparing *preparing)
{
  g_cancellable_cancel (preparing->cancellable);
}

static GtkWidget *
preview_in_thread (GtkWindow      *parent,
                   VtStation      *station,
                   VtDocumentKind  kind)
{
  Preparing *preparing = g_new0 (Preparing, 1);
  g_autoptr(GTask) task = NULL;
  GtkWidget *window, *waiting, *status;

  window = preview_window_new (parent,
                               vt_document_kind_get_title (kind, vt_station_get_config (station)),
                               NULL);
  status = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Laying Out the Pages…"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("A long log takes a moment. Close this window to stop."));
  preparing->bar = gtk_progress_bar_new ();
  gtk_widget_set_size_request (preparing->bar, 240, -1);
  gtk_widget_set_halign (preparing->bar, GTK_ALIGN_CENTER);
  adw_status_page_set_child (ADW_STATUS_PAGE (status), preparing->bar);
  waiting = status;
  gtk_widget_set_vexpand (waiting, TRUE);
  gtk_box_append (GTK_BOX (g_object_get_data (G_OBJECT (window), "box")), waiting);
  g_object_set_data (G_OBJECT (window), "waiting", waiting);

  preparing->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&preparing->window);
  preparing->source = g_strdup (vt_station_get_path (station));
  preparing->kind = kind;
  preparing->copy = vt_document_next_copy (station, kind);
  preparing->cancellable = g_cancellable_new ();
  preparing->tick = g_timeout_add (100, update_preparing, preparing);
  g_signal_connect (window, "destroy", G_CALLBACK (on_preparing_closed), preparing);

  task = g_task_new (NULL, NULL, on_prepared, NULL);
  g_task_set_task_data (task, preparing, (GDestroyNotify)preparing_free);
  g_task_run_in_thread (task, prepare_in_thread);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Up to this many entries a station's document is built on the main thread, at once. */
static gint64 build_at_once_max = VT_VERIFY_OPEN_STATE_MAX;

/**
 * vt_document_set_build_at_once_max:
 *
 * For tests: the size up to which a station's document is previewed at once, on the main
 * thread (beyond, built in a thread while the preview says so); -1 restores the default.
 */
void
vt_document_set_build_at_once_max (gint64 n_entries)
{
  build_at_once_max = n_entries < 0 ? VT_VERIFY_OPEN_STATE_MAX : n_entries;
}

GtkWidget *
vt_document_preview_now (GtkWindow      *parent,
                         VtStation      *station,
                         VtDocumentKind  kind)
{
  if (vt_store_get_n_entries (vt_station_get_store (station)) > build_at_once_max)
    return preview_in_thread (parent, station, kind);
  return vt_doc_preview_new (parent,
                             vt_document_build (station, kind,
                                                vt_document_next_copy (station, kind)),
                             vt_document_kind_get_title (kind, vt_station_get_config (station)),
                             NULL);
}
