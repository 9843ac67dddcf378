/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The second copy of a station file, on a USB stick or in another folder: made with sqlite's
 * backup API from a read-only connection of its own (so it can run in a thread while the
 * window logs on), written under a temporary name, checked with integrity_check, made durable
 * and only then renamed into place — a pulled stick never leaves a half copy under the real
 * name. The copy is a complete station file: a spare laptop opens it and carries on. */
gboolean vt_copy_station_file (const char  *source,
                               const char  *destination,
                               GError     **error);

typedef struct sqlite3 sqlite3;

/* The same from a connection already open (the station's own, when its file is gone). */
gboolean vt_copy_database     (sqlite3     *from,
                               const char  *destination,
                               GError     **error);

G_END_DECLS
