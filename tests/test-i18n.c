/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vt-application.h"
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

static void
test_window_in_norwegian (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtApplication) app = vt_application_new (G_APPLICATION_NON_UNIQUE);
  g_autofree char *dir = g_dir_make_tmp ("valgting-test-XXXXXX", NULL);
  g_autoptr(VtStation) station = NULL;
  VtWindow *window;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
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
  return g_test_run ();
}
