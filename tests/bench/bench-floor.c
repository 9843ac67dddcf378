/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

/* The toolkit's floor for start-up: the least a libadwaita application does to show a window
 * with a header bar. On its first painted frame it prints the wall clock (µs) and quits,
 * as Valgting does with VALGTING_BENCH_FIRST_FRAME set; run.sh compares the two. */

static void
on_after_paint (GdkFrameClock *clock,
                GtkWindow     *window)
{
  printf ("%" G_GINT64_FORMAT "\n", g_get_real_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  gtk_window_destroy (window);
}

static void
on_map (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), window);
}

static int n_rows;

/* Like Valgting, a unique application: it registers its name on the session bus. With a
 * number N, the window also shows N boxed-list rows with a title and a wrapping subtitle
 * each, as many as Valgting's first page shows: the floor for a window with that much text. */
static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  if (n_rows == 0)
    gtk_box_append (GTK_BOX (box), gtk_label_new ("floor"));
  else
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *list = gtk_list_box_new ();

      gtk_widget_add_css_class (list, "boxed-list");
      for (int i = 0; i < n_rows; i++)
        {
          g_autofree char *title = g_strdup_printf ("Sjekkpunkt %d i valglokalet", i + 1);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                       "Stemmestyret kontrollerer at alt er på plass før "
                                       "valglokalet åpner, og fører det i loggen.");
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      gtk_widget_set_vexpand (scrolled, TRUE);
      gtk_box_append (GTK_BOX (box), scrolled);
    }
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.valgting.BenchFloor",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  if (argc > 1)
    n_rows = atoi (argv[1]);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
