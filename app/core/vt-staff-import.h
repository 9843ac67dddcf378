/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vt-config.h"
#include "vt-station.h"

G_BEGIN_DECLS

/* A staff list from the municipality ("valgting import-staff", Import Staff List…): a CSV with
 * a header row naming its columns in any order (navn/namn/name, rolle/role, and optionally
 * rode/table and skift/shift), separated by ";" or ",", in UTF-8 (with or without a BOM) or the
 * Windows-1252 that spreadsheets write. Each person becomes a person.add entry; the whole list
 * is one command: a file with any bad line adds nothing, and every bad line is named with its
 * number and what to do. Identity numbers, phone numbers and e-mail addresses are never taken
 * in: a file holding one, or a column for them, is refused. */

#define VT_STAFF_IMPORT_ERROR (vt_staff_import_error_quark ())

typedef enum
{
  VT_STAFF_IMPORT_ERROR_READ,     /* the file cannot be read */
  VT_STAFF_IMPORT_ERROR_REFUSED,  /* lines need correcting: the report's problems say which */
  VT_STAFF_IMPORT_ERROR_EMPTY,    /* the file lists nobody */
} VtStaffImportError;

typedef struct
{
  guint line;     /* the file's line, 1 for the header */
  char *message;  /* what is wrong and what to do, translated, without "Line N:" */
} VtStaffProblem;

typedef struct
{
  GPtrArray  *problems;   /* of VtStaffProblem, in line order */
  guint       n_people;   /* the people the file lists */
  guint       n_added;    /* added to the journal */
  guint       n_already;  /* already among the station's people, in the same role: left out */
  const char *encoding;   /* "UTF-8" or "Windows-1252" */
  char        separator;  /* ';' or ',' */
} VtStaffImportReport;

GQuark     vt_staff_import_error_quark  (void);

void       vt_staff_import_report_clear (VtStaffImportReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VtStaffImportReport, vt_staff_import_report_clear)

/* "Line 4: …": a problem as a chair reads it. */
char      *vt_staff_problem_dup_text    (const VtStaffProblem *problem);

/* Reads @data against the station's people (@config: the station's own, with those its
 * journal added) and returns the payloads of the person.add entries to give, one for each
 * person not already there (possibly none). Returns %NULL with VT_STAFF_IMPORT_ERROR_REFUSED
 * and @report's problems when any line is bad. */
GPtrArray *vt_staff_list_read           (const char          *data,
                                         gsize                length,
                                         VtConfig            *config,
                                         VtStaffImportReport *report,
                                         GError             **error);

/* Reads the staff list at @path and adds its people to @station's journal in one
 * transaction, through the station's rules (the setup phase only); nothing when any line is
 * bad. */
gboolean   vt_staff_import              (VtStation           *station,
                                         const char          *path,
                                         VtStaffImportReport *report,
                                         GError             **error);

G_END_DECLS
