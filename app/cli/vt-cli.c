/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-cli"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "vt-cli.h"
#include "vt-journal-entry.h"
#include "vt-verify.h"

/* The headless verbs: "valgting VERB ARGS". They use the core only and never touch a display,
 * so they work over ssh, in scripts and in CI. */

typedef int (*VerbFunc) (int argc, char **argv);

static int
verb_verify (int    argc,
             char **argv)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *groups = NULL;

  if (argc != 3)
    {
      g_printerr (_("Usage: %s verify FILE\n"), g_get_prgname ());
      return 2;
    }

  if (!vt_verify_file (argv[2], &report, &error))
    {
      /* Translators: %s are the file name and what is wrong with it */
      g_printerr (_("%s: NOT OK: %s\n"), argv[2], error->message);
      return 1;
    }

  groups = vt_hash_to_groups (report.head_hash, 16);
  g_print (_("%s: OK\n"), argv[2]);
  g_print (_("  entries:      %" PRId64 "\n"), report.n_entries);
  g_print (_("  last entry:   %s\n"), report.last_time_utc != NULL ? report.last_time_utc : "—");
  g_print (_("  checksum:     %s\n"), groups);
  if (report.training)
    g_print (_("  This is a TRAINING station, not a real election.\n"));
  return 0;
}

static const struct
{
  const char *name;
  VerbFunc func;
} verbs[] = {
  { "verify", verb_verify },
};

gboolean
vt_cli_is_verb (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_strcmp0 (word, verbs[i].name) == 0)
      return TRUE;
  return FALSE;
}

int
vt_cli_run (int    argc,
            char **argv)
{
  g_return_val_if_fail (argc >= 2, 2);

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_strcmp0 (argv[1], verbs[i].name) == 0)
      return verbs[i].func (argc, argv);

  g_return_val_if_reached (2);
}
