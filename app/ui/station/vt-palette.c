/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-palette"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
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
  /* A note has its own button; a correction starts from the entry, in the log; people are
   * added from the staff list (Import Staff List…). */
  if (g_str_equal (kind->id, VT_ENTRY_NOTE) || g_str_has_prefix (kind->id, "correction.") ||
      g_str_equal (kind->id, VT_KIND_PERSON_ADD))
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

/* Does a word of @text (casefolded) start with @needle? */
static gboolean
word_starts_with (const char *text,
                  const char *needle)
{
  gboolean at_start = TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (at_start && g_str_has_prefix (p, needle))
        return TRUE;
      at_start = !g_unichar_isalnum (c);
    }
  return FALSE;
}

/* How well a row matches what was typed, best first; -1 for no match. What a word starts
 * with, in the screen's language, beats a match inside a word: "urn" finds "Urne forseglet"
 * before "Unused seal strips returned". */
static int
palette_rank (GtkListBoxRow *row,
              const char    *needle)
{
  const char *name = g_object_get_data (G_OBJECT (row), "name");
  const char *description = g_object_get_data (G_OBJECT (row), "description");

  if (*needle == '\0')
    return 0;
  if (word_starts_with (name, needle))
    return 0;
  if (word_starts_with (description, needle))
    return 1;
  if (strstr (name, needle) != NULL)
    return 2;
  if (strstr (description, needle) != NULL)
    return 3;
  return -1;
}

static char *
dup_needle (GtkEditable *search)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (search)));
  return g_utf8_casefold (stripped, -1);
}

static gboolean
palette_filter (GtkListBoxRow *row,
                gpointer       user_data)
{
  g_autofree char *needle = dup_needle (user_data);

  return palette_rank (row, needle) >= 0;
}

static int
palette_sort (GtkListBoxRow *a,
              GtkListBoxRow *b,
              gpointer       user_data)
{
  g_autofree char *needle = dup_needle (user_data);
  int rank_a = palette_rank (a, needle), rank_b = palette_rank (b, needle);

  if (rank_a != rank_b)
    return rank_a < 0 ? 1 : rank_b < 0 ? -1 : rank_a - rank_b;
  /* Else in the palette's own order: the phase's steps first, people last. */
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (a), "order")) -
         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "order"));
}

static void
on_palette_search_changed (GtkSearchEntry *search,
                           GtkListBox     *list)
{
  gtk_list_box_invalidate_filter (list);
  gtk_list_box_invalidate_sort (list);
}

/* Enter takes the first kind left. The entry says "search-changed" only after a pause in the
 * typing, so the list is filtered by the text as it is now first: a quick typist's Enter
 * must not take what the list showed before. */
static void
on_palette_activate (GtkSearchEntry *search,
                     GtkListBox     *list)
{
  GtkListBoxRow *row;

  gtk_list_box_invalidate_filter (list);
  gtk_list_box_invalidate_sort (list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (gtk_widget_get_child_visible (GTK_WIDGET (row)))
      {
        g_signal_emit_by_name (list, "row-activated", row);
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
  gtk_list_box_set_sort_func (GTK_LIST_BOX (list), palette_sort, search, NULL);
  /* What happens during the phase first; people, needed now and then, last. */
  for (guint i = 0; i < 2 * n_kinds; i++)
    {
      const VtEntryKind *kind = &kinds[i % n_kinds];
      gboolean later = g_str_has_prefix (kind->id, "person.");
      GtkWidget *row, *label_box, *name, *description;

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
      /* Found by what the screen shows, in its language; never by the catalogue's ids. */
      g_object_set_data_full (G_OBJECT (row), "name",
                              g_utf8_casefold (vt_entry_kind_get_name (kind), -1), g_free);
      g_object_set_data_full (G_OBJECT (row), "description",
                              g_utf8_casefold (vt_entry_kind_get_description (kind), -1),
                              g_free);
      g_object_set_data (G_OBJECT (row), "order", GINT_TO_POINTER (i));
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
  /* Before the search entry: it takes Escape to stop the search, and one Escape must close. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (search);
  return window;
}
