/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-station.h"

G_BEGIN_DECLS

/* The second copy of an open station: the station file and its protocol as a PDF, kept up to
 * date in a folder (a USB stick) after every change. The copy is made in a worker thread
 * (vt_copy_station_file ()), one at a time; changes during a copy make one more copy after
 * it. The owner says when the journal changed; a burst of changes makes one copy. */

#define VT_TYPE_SECOND_COPY (vt_second_copy_get_type ())

G_DECLARE_FINAL_TYPE (VtSecondCopy, vt_second_copy, VT, SECOND_COPY, GObject)

/* How long the journal must be quiet before a copy is made, by default. */
#define VT_SECOND_COPY_DELAY_MS 1000

VtSecondCopy *vt_second_copy_new           (VtStation    *station);
VtStation    *vt_second_copy_get_station   (VtSecondCopy *self);
/* Where the copy is kept, or NULL for nowhere. Setting one makes a copy at once. */
void          vt_second_copy_set_folder    (VtSecondCopy *self,
                                            const char   *folder);
const char   *vt_second_copy_get_folder    (VtSecondCopy *self);
/* The quiet time before a copy, in milliseconds. */
void          vt_second_copy_set_delay     (VtSecondCopy *self,
                                            guint         delay_ms);
/* The journal changed: a copy follows after the quiet time. */
void          vt_second_copy_changed       (VtSecondCopy *self);
/* A copy is due or being made. */
gboolean      vt_second_copy_get_busy      (VtSecondCopy *self);
/* Why the last copy failed, or NULL when it was made (or none was tried yet). When the copy
 * was made on a file system that cannot keep it private (FAT), it is kept (a spare laptop can
 * carry on with it), copied_at is set, and this is the warning saying so. */
const GError *vt_second_copy_get_error     (VtSecondCopy *self);
/* When the last copy that succeeded was finished (local time), or NULL. */
GDateTime    *vt_second_copy_get_copied_at (VtSecondCopy *self);

G_END_DECLS
