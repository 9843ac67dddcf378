/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "vt-station.h"
#include "vt-verify.h"

G_BEGIN_DECLS

/* A station's log as data ("valgting export log"): every entry with its number, local time
 * (ISO 8601 with offset), kind, who, the summary in the station's language, its fields, the
 * corrections linking it and its hash, as CSV (RFC 4180, UTF-8, a header row) or as JSON
 * ("valgting-log/1"). The station is verified first; the file is written 0600 under a
 * temporary name beside it and only then linked into place, never over a file. */

#define VT_EXPORT_ERROR (vt_export_error_quark ())

typedef enum
{
  VT_EXPORT_ERROR_FORMAT,   /* the output's name ends neither in .csv nor in .json */
  VT_EXPORT_ERROR_EXISTS,   /* there is already a file there */
  VT_EXPORT_ERROR_STATION,  /* the station does not verify or cannot be read */
  VT_EXPORT_ERROR_WRITE,    /* the file cannot be written */
  VT_EXPORT_ERROR_MEETING,  /* an organisation's meeting has no polling-station results */
} VtExportError;

typedef enum
{
  VT_EXPORT_CSV,
  VT_EXPORT_JSON,
} VtExportFormat;

GQuark   vt_export_error_quark        (void);

/* The format named by @path's extension (.csv or .json, any case). */
gboolean vt_export_format_from_path   (const char      *path,
                                       VtExportFormat  *format);

/* *@n_entries: the entries written; *@not_private: the file was written where its file system
 * cannot keep it 0600 (a warning to give, not a failure). Either may be NULL. */
gboolean vt_export_log                (const char      *station_path,
                                       const char      *out_path,
                                       gint64          *n_entries,
                                       gboolean        *not_private,
                                       GError         **error);

/* The journal as a NIST SP 1500-101 election event log ("valgting export events"): the device
 * is the station laptop, every entry an event with its hash, refusals as failures. Written as
 * vt_export_log () writes (verified first; 0600; a temporary name, then linked). *@n_events: the
 * events written; may be NULL. Implemented in vt-export-events.c. */
gboolean vt_export_events             (const char      *station_path,
                                       const char      *out_path,
                                       gint64          *n_events,
                                       GError         **error);

G_END_DECLS
