/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64  n_entries;
  char   *head_hash;
  char   *last_time_utc;  /* NULL for an empty journal */
  gboolean training;
} VtVerifyReport;

gboolean vt_verify_file         (const char      *path,
                                 VtVerifyReport  *report,
                                 GError         **error);
void     vt_verify_report_clear (VtVerifyReport  *report);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VtVerifyReport, vt_verify_report_clear)

G_END_DECLS
