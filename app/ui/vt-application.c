/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-application.h"
#include "vt-window.h"

#define MAX_RECENT 10

struct _VtApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  gboolean start_training;
  gboolean start_training_meeting;
};

G_DEFINE_FINAL_TYPE (VtApplication, vt_application, ADW_TYPE_APPLICATION)

static VtWindow *
get_window (VtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (vt_window_new (self));
    }
  return VT_WINDOW (window);
}

static void
vt_application_activate (GApplication *app)
{
  VtApplication *self = VT_APPLICATION (app);
  VtWindow *window = get_window (self);

  /* As for a file: the station first, then the window, so the first frame shows it. */
  if (self->start_training)
    {
      self->start_training = FALSE;
      vt_window_start_training (window);
    }
  else if (self->start_training_meeting)
    {
      self->start_training_meeting = FALSE;
      vt_window_start_training_meeting (window);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
vt_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  VtWindow *window = get_window (VT_APPLICATION (app));

  /* One station at a time: the chair runs one polling station. It is opened before the
   * window is shown, so that the first frame is the station and the start page is never laid
   * out (measured with the start-up benchmark). */
  if (n_files > 0)
    vt_window_open_file (window, files[0]);
  gtk_window_present (GTK_WINDOW (window));
}

static int
vt_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  VtApplication *self = VT_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "training"))
    self->start_training = TRUE;
  if (g_variant_dict_contains (options, "training-meeting"))
    self->start_training_meeting = TRUE;

  return -1;
}

static void
vt_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *training_accels[] = { "<Control><Shift>t", NULL };
  static const char *session_accels[] = { "<Control><Shift>s", NULL };
  static const char *pause_accels[] = { "<Control><Shift>p", NULL };
  static const char *next_event_accels[] = { "<Control><Shift>n", NULL };
  static const char *note_accels[] = { "<Control>l", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  G_APPLICATION_CLASS (vt_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (gtk_app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.new-station", new_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.open", open_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.start-training", training_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.start-training-session", session_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.training-pause", pause_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.training-next-event", next_event_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.add-note", note_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.close-station", close_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.show-help-overlay", help_accels);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  /* The same name as the metainfo's <developer> (tests/check-metainfo.py holds them to it). */
  static const char *developers[] = { "The Valgting developers", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Valgting"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developers", developers,
                        "comments", _("Guides the polling-station board through election day "
                                      "and prints the protocol for signing."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/valgting/valgting",
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
};

static void
vt_application_dispose (GObject *object)
{
  VtApplication *self = (VtApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vt_application_parent_class)->dispose (object);
}

static void
vt_application_class_init (VtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vt_application_dispose;
  app_class->activate = vt_application_activate;
  app_class->open = vt_application_open;
  app_class->startup = vt_application_startup;
  app_class->handle_local_options = vt_application_handle_local_options;
}

static void
vt_application_init (VtApplication *self)
{
  static const GOptionEntry options[] = {
    { "training", 't', 0, G_OPTION_ARG_NONE, NULL,
      N_("Start a new station on the built-in training election"), NULL },
    { "training-meeting", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Practise an organisation's annual meeting on the built-in training meeting"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[FILE.valgting] — or: verify FILE"));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
}

VtApplication *
vt_application_new (GApplicationFlags flags)
{
  return g_object_new (VT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PREFIX,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

GSettings *
vt_application_get_settings (VtApplication *self)
{
  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);
  return self->settings;
}

/* The list of recently opened stations, newest first, without duplicates or missing files. */
void
vt_application_add_recent (VtApplication *self,
                           const char    *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (VT_IS_APPLICATION (self));

  old = g_settings_get_strv (vt_application_get_settings (self), "recent-stations");
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    {
      if (g_str_equal (old[i], path) || !g_file_test (old[i], G_FILE_TEST_IS_REGULAR))
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (vt_application_get_settings (self), "recent-stations",
                       (const char * const *)recent);
}

char **
vt_application_dup_recent (VtApplication *self)
{
  g_auto(GStrv) all = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VT_IS_APPLICATION (self), NULL);

  all = g_settings_get_strv (vt_application_get_settings (self), "recent-stations");
  for (guint i = 0; all[i] != NULL; i++)
    if (g_file_test (all[i], G_FILE_TEST_IS_REGULAR))
      g_strv_builder_add (builder, all[i]);
  return g_strv_builder_end (builder);
}

char *
vt_application_dup_training_dir (VtApplication *self)
{
  return g_build_filename (g_get_user_data_dir (), "valgting", "training", NULL);
}
