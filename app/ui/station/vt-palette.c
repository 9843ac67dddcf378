/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-palette"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-entry-kind.h"
#include "vt-palette.h"

/* The palette (Ctrl+K, "Record…"): every step the station allows now, each with what it is
 * for, found by typing; Enter takes the first left. What happens during the phase comes
 * first, people last. */

typedef struct
{
  VtPaletteChosen chosen;
  GWeakRef        owner;
} Chooser;

static void
chooser_free (Chooser *chooser)
{
  g_weak_ref_clear (&chooser->owner);
  g_free (chooser);
}

static gboolean
kind_offered_now (VtStation         *station,
                  const VtEntryKind *kind)
{
  /* A note has its own button; a correction starts from the entry, in the log. */
  if (g_str_equal (kind->id, VT_ENTRY_NOTE) || g_str_has_prefix (kind->id, "correction."))
    return FALSE;
  return vt_station_allows_now (station, kind->id);
}

/* The palette closes, then the kind chosen goes to its owner, if it is still there. */
static void
on_palette_row_activated (GtkListBox    *list,
                          GtkListBoxRow *row,
                          gpointer       user_data)
{
  const char *kind = g_object_get_data (G_OBJECT (row), "kind");  /* the catalogue's */
  GtkWindow *palette = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (list)));
  Chooser *chooser = g_object_get_data (G_OBJECT (palette), "chooser");
  VtPaletteChosen chosen = chooser->chosen;
  g_autoptr(GObject) owner = g_weak_ref_get (&chooser->owner);

  gtk_window_destroy (palette);
  if (owner != NULL)
    chosen (kind, owner);
}

static gboolean
palette_filter (GtkListBoxRow *row,
                gpointer       user_data)
{
  GtkEditable *search = user_data;
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (search), -1);
  const char *haystack = g_object_get_data (G_OBJECT (row), "haystack");

  return *needle == '\0' || strstr (haystack, needle) != NULL;
}

static void
on_palette_search_changed (GtkSearchEntry *search,
                           GtkListBox     *list)
{
  gtk_list_box_invalidate_filter (list);
}

/* Enter takes the first kind left. The entry says "search-changed" only after a pause in the
 * typing, so the list is filtered by the text as it is now first: a quick typist's Enter
 * must not take what the list showed before. */
static void
on_palette_activate (GtkSearchEntry *search,
                     GtkListBox     *list)
{
  gtk_list_box_invalidate_filter (list);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_child_visible (child))
      {
        g_signal_emit_by_name (list, "row-activated", child);
        return;
      }
}

GtkWidget *
vt_palette_show (GtkWindow       *parent,
                 VtStation       *station,
                 VtPaletteChosen  chosen,
                 gpointer         owner)
{
  GtkWidget *window, *box, *header, *search, *scroller, *list;
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);
  GtkEventController *keys;

  Chooser *chooser;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (chosen != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Record"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 520);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Record"),
                                                         _("Type to find what happened")));
  gtk_box_append (GTK_BOX (box), header);

  search = gtk_search_entry_new ();
  gtk_widget_set_margin_start (search, 12);
  gtk_widget_set_margin_end (search, 12);
  gtk_widget_set_margin_top (search, 6);
  gtk_widget_set_margin_bottom (search, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What to record"), -1);
  gtk_box_append (GTK_BOX (box), search);

  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), palette_filter, search, NULL);
  /* What happens during the phase first; people, needed now and then, last. */
  for (guint i = 0; i < 2 * n_kinds; i++)
    {
      const VtEntryKind *kind = &kinds[i % n_kinds];
      gboolean later = g_str_has_prefix (kind->id, "person.");
      GtkWidget *row, *label_box, *name, *description;
      g_autofree char *haystack = NULL;

      if (!kind_offered_now (station, kind) || later != (i >= n_kinds))
        continue;
      row = gtk_list_box_row_new ();
      label_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      name = gtk_label_new (vt_entry_kind_get_name (kind));
      description = gtk_label_new (vt_entry_kind_get_description (kind));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (description), 0);
      gtk_label_set_wrap (GTK_LABEL (description), TRUE);
      gtk_widget_add_css_class (name, "heading");
      gtk_widget_add_css_class (description, "dim-label");
      gtk_box_append (GTK_BOX (label_box), name);
      gtk_box_append (GTK_BOX (label_box), description);
      gtk_widget_set_margin_top (label_box, 6);
      gtk_widget_set_margin_bottom (label_box, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label_box);
      haystack = g_strconcat (vt_entry_kind_get_name (kind), " ",
                              vt_entry_kind_get_description (kind), " ", kind->id, NULL);
      g_object_set_data_full (G_OBJECT (row), "haystack", g_utf8_casefold (haystack, -1),
                              g_free);
      g_object_set_data (G_OBJECT (row), "kind", (gpointer)kind->id);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  chooser = g_new0 (Chooser, 1);
  chooser->chosen = chosen;
  g_weak_ref_init (&chooser->owner, owner);
  g_object_set_data_full (G_OBJECT (window), "chooser", chooser, (GDestroyNotify)chooser_free);
  g_signal_connect (list, "row-activated", G_CALLBACK (on_palette_row_activated), NULL);
  g_signal_connect (search, "search-changed", G_CALLBACK (on_palette_search_changed), list);
  g_signal_connect (search, "activate", G_CALLBACK (on_palette_activate), list);
  gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (search), window);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (window), box);

  keys = GTK_EVENT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (search);
  return window;
}
