/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *vt_cli_get_help (void);
gboolean vt_cli_is_verb (const char *word);
int      vt_cli_run     (int         argc,
                         char      **argv);

G_END_DECLS
