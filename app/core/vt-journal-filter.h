/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-station.h"

G_BEGIN_DECLS

#define VT_TYPE_JOURNAL_FILTER (vt_journal_filter_get_type ())
G_DECLARE_FINAL_TYPE (VtJournalFilter, vt_journal_filter, VT, JOURNAL_FILTER, GObject)

VtJournalFilter *vt_journal_filter_new         (VtStation       *station);
void             vt_journal_filter_set         (VtJournalFilter *self,
                                                const char      *text,
                                                const char      *kind);
gboolean         vt_journal_filter_get_pending (VtJournalFilter *self);
gboolean         vt_journal_filter_get_active  (VtJournalFilter *self);

G_END_DECLS
