/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Preloaded into the app by test-keyboard-day.py: main () binds Valgting's message catalogue
 * to the installed locale directory, where a build tree has none; this points it at the
 * catalogues built in po/ (VT_TEST_LOCALEDIR) instead, as test-i18n.c does for itself. Every
 * other text domain (GTK, libadwaita) is left alone. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

char *bindtextdomain (const char *domain, const char *dirname);

char *
bindtextdomain (const char *domain,
                const char *dirname)
{
  static char *(*real) (const char *, const char *);
  const char *build = getenv ("VT_TEST_LOCALEDIR");

  if (real == NULL)
    real = (char *(*) (const char *, const char *))dlsym (RTLD_NEXT, "bindtextdomain");
  if (build != NULL && domain != NULL && dirname != NULL && strcmp (domain, "valgting") == 0)
    dirname = build;
  return real (domain, dirname);
}
