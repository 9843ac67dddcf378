/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the exports share (vt-export.c, vt-export-events.c, report/vt-results.c): the station
 * opened only once it verifies, its entries as rows, and the private, never-over-a-file write.
 * Not for use outside the exports. */

#include <glib.h>

#include "vt-export.h"
#include "vt-journal-entry.h"
#include "vt-station.h"
#include "vt-verify.h"

typedef struct
{
  VtJournalEntry *entry;
  char           *time;          /* ISO 8601, local with its offset */
  char           *summary;       /* in the station's language */
  gint64          corrects;      /* the entry this one annuls or amends; 0 when none */
  GString        *corrected_by;  /* "12 40": the entries that correct this one */
} VtExportRow;

/* The station at @station_path, read-only, once it has verified; NULL with
 * VT_EXPORT_ERROR_EXISTS when @out_path is already there (said before the station is read:
 * nothing is ever written over) or VT_EXPORT_ERROR_STATION when it does not verify or cannot
 * be read. */
VtStation *vt_export_open_station  (const char  *station_path,
                                    const char  *out_path,
                                    GError     **error);

/* FALSE with VT_EXPORT_ERROR_EXISTS when there is a file (or a link) at @out_path already: an
 * export never writes over one. */
gboolean   vt_export_check_new_path (const char      *out_path,
                                     GError         **error);
/* @station_path verified (chain and state, vt_verify_file ()) and then opened read-only; NULL
 * and VT_EXPORT_ERROR_STATION when it does not verify or cannot be opened. @report may be
 * NULL; else it is filled in and the caller clears it. */
VtStation *vt_export_open_verified  (const char      *station_path,
                                     VtVerifyReport  *report,
                                     GError         **error);

/* Every entry of the journal, in order (row i is entry i + 1), as VtExportRow, with the
 * corrections linked both ways; NULL and VT_EXPORT_ERROR_STATION naming the file when an entry
 * cannot be read. */
GArray    *vt_export_read_rows     (VtStation   *station,
                                    GError     **error);

/* @time in the election's time zone: "2027-09-13T09:00:00.250+02:00", to the millisecond,
 * as the journal keeps it. */
char      *vt_export_local_time    (VtStation   *station,
                                    GDateTime   *time);

/* @text into @path: made 0600 under a temporary name in the same folder, written and synced,
 * then linked into place, which fails rather than write over a file that appeared meanwhile.
 * A failure leaves nothing behind. *@not_private: the file system cannot keep it 0600. */
gboolean   vt_export_write_private (const char  *path,
                                    const char  *text,
                                    gboolean    *not_private,
                                    GError     **error);
