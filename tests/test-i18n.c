/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "vt-application.h"
#include "vt-station-page.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* The window comes up in the language of the session: run with LANGUAGE=nb or nn against the
 * catalogues built in this tree, it shows Norwegian, never the English source text. */

static void
settle (GtkWidget *window)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (!gtk_widget_get_mapped (window) || g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* The text a label shows for a translatable string with a mnemonic. */
static char *
shown (const char *msgid)
{
  const char *translated = g_dgettext (GETTEXT_PACKAGE, msgid);
  GString *out = g_string_new (NULL);

  for (const char *p = translated; *p; p++)
    if (*p != '_')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
assert_shows_translation (GtkWidget  *window,
                          const char *msgid)
{
  g_autofree char *text = shown (msgid);

  g_test_message ("%s → %s", msgid, text);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, msgid), !=, msgid);
  g_assert_nonnull (vt_test_find_label (window, text, TRUE));
}

/* One application for the program, as in a real session. */
static VtApplication *
get_app (void)
{
  static VtApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = vt_application_new (G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return app;
}

static void
test_window_in_norwegian (void)
{
  g_autoptr(GError) error = NULL;
  VtApplication *app = get_app ();
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autoptr(VtStation) station = NULL;
  VtWindow *window;

  window = vt_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  settle (GTK_WIDGET (window));

  assert_shows_translation (GTK_WIDGET (window), "_Open Station File…");
  assert_shows_translation (GTK_WIDGET (window), "Start _Training Election");

  station = vt_station_create_training (dir, &error);
  g_assert_no_error (error);
  vt_window_set_station (window, station);
  settle (GTK_WIDGET (window));

  assert_shows_translation (GTK_WIDGET (window),
                            "TRAINING ELECTION — not a real election. Nothing here counts.");
  assert_shows_translation (GTK_WIDGET (window), "_Log Entry");

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

/* The first row left in the Record list for @typed, and whether any row has a word of its
 * name starting with it. */
static GtkListBoxRow *
palette_first (GtkWidget  *palette,
               const char *typed,
               gboolean   *any_word_start)
{
  GtkWidget *search = vt_test_find_widget (palette, GTK_TYPE_SEARCH_ENTRY);
  GtkListBox *list = GTK_LIST_BOX (vt_test_find_widget (palette, GTK_TYPE_LIST_BOX));
  GtkListBoxRow *row, *first = NULL;

  gtk_editable_set_text (GTK_EDITABLE (search), typed);
  g_signal_emit_by_name (search, "search-changed");
  *any_word_start = FALSE;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      const char *name = g_object_get_data (G_OBJECT (row), "name");
      g_autofree char *spaced = g_strconcat (" ", name, NULL);
      g_autofree char *word = g_strconcat (" ", typed, NULL);

      if (!gtk_widget_get_child_visible (GTK_WIDGET (row)))
        continue;
      g_test_message ("“%s”: %s", typed, name);
      if (first == NULL)
        first = row;
      *any_word_start |= strstr (spaced, word) != NULL;
    }
  return first;
}

/* The Record list ranks a word starting with what was typed, in the screen's language,
 * before a match inside a word. */
static void
test_palette_ranks_word_starts (void)
{
  g_autoptr(GError) error = NULL;
  VtApplication *app = get_app ();
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autoptr(VtStation) station = NULL;
  const char *typed[] = { "urn", "kom", "forsegl" };
  VtWindow *window;
  GtkWidget *palette;
  guint n_word_starts = 0;

  window = vt_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  station = vt_station_create_training (dir, &error);
  g_assert_no_error (error);
  vt_window_set_station (window, station);
  settle (GTK_WIDGET (window));

  palette = vt_station_page_show_palette (vt_window_get_station_page (window));
  g_assert_nonnull (palette);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      gboolean any = FALSE;
      GtkListBoxRow *first = palette_first (palette, typed[i], &any);
      g_autofree char *spaced = NULL;
      g_autofree char *word = g_strconcat (" ", typed[i], NULL);

      if (!any)
        continue;
      n_word_starts++;
      g_assert_nonnull (first);
      spaced = g_strconcat (" ", (char *)g_object_get_data (G_OBJECT (first), "name"), NULL);
      g_assert_nonnull (strstr (spaced, word));
    }
  /* Not vacuous: the training station's first phase offers such words. */
  g_assert_cmpuint (n_word_starts, >=, 1);

  gtk_window_destroy (GTK_WINDOW (palette));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&station);
  vt_test_remove_tree (dir);
}

/* The shortcuts window fits 1024×600 in the screen's language too, on every page. */
static void
test_shortcuts_window_fits (void)
{
  VtWindow *window = vt_window_new (get_app ());
  GtkShortcutsWindow *shortcuts;
  GtkWidget *stack;
  guint n_pages = 0;

  gtk_window_present (GTK_WINDOW (window));
  settle (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  shortcuts = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (shortcuts);
  settle (GTK_WIDGET (shortcuts));
  stack = vt_test_find_widget (GTK_WIDGET (shortcuts), GTK_TYPE_STACK);
  for (GtkWidget *section = gtk_widget_get_first_child (stack); section != NULL;
       section = gtk_widget_get_next_sibling (section))
    {
      int width = 0, height = 0;

      if (!GTK_IS_SHORTCUTS_SECTION (section))
        continue;
      n_pages++;
      gtk_stack_set_visible_child (GTK_STACK (stack), section);
      settle (GTK_WIDGET (shortcuts));
      gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width,
                          NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_VERTICAL, width, NULL,
                          &height, NULL, NULL);
      g_test_message ("shortcuts page %u: %d × %d", n_pages, width, height);
      g_assert_cmpint (width, <=, 1024);
      g_assert_cmpint (height, <=, 600);
    }
  g_assert_cmpuint (n_pages, >=, 1);
  gtk_window_destroy (GTK_WINDOW (shortcuts));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_assert_nonnull (g_getenv ("LANGUAGE"));
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  /* As main () does, but with the catalogues of this build tree. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, VT_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/i18n/window-comes-up-in-the-session-language", test_window_in_norwegian);
  g_test_add_func ("/i18n/record-list-ranks-word-starts-first", test_palette_ranks_word_starts);
  g_test_add_func ("/i18n/shortcuts-window-fits-1024x600", test_shortcuts_window_fits);
  return g_test_run ();
}
