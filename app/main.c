/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "valgting"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vt-application.h"
#include "vt-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VtApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The headless verbs ("valgting verify FILE") never start the toolkit. */
  if (argc >= 2 && vt_cli_is_verb (argv[1]))
    return vt_cli_run (argc, argv);

  app = vt_application_new (G_APPLICATION_DEFAULT_FLAGS);
  g_application_set_option_context_description (G_APPLICATION (app), vt_cli_get_help ());
  return g_application_run (G_APPLICATION (app), argc, argv);
}
