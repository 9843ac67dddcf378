/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "valgting"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vt-application.h"
#include "vt-cli.h"
#include "vt-store.h"

/* Where the translations are: beside the build when this program is the one in the build
 * tree (it was never installed, and LOCALEDIR may hold an older catalogue or none). */
static const char *
locale_dir (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  static char *built;

  if (self != NULL && g_str_has_prefix (self, BUILD_ROOT G_DIR_SEPARATOR_S))
    {
      if (built == NULL)
        built = g_build_filename (BUILD_ROOT, "po", NULL);
      return built;
    }
  return LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VtApplication) app = NULL;

  vt_store_init_library ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The headless verbs ("valgting verify FILE") never start the toolkit. */
  if (argc >= 2 && vt_cli_is_verb (argv[1]))
    return vt_cli_run (argc, argv);

  /* A station named on the command line: its damage check runs while the toolkit starts. */
  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-' && g_str_has_suffix (argv[i], ".valgting"))
      {
        vt_store_check_ahead (argv[i]);
        break;
      }

  app = vt_application_new (G_APPLICATION_DEFAULT_FLAGS);
  g_application_set_option_context_description (G_APPLICATION (app), vt_cli_get_help ());
  return g_application_run (G_APPLICATION (app), argc, argv);
}
