/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-store.h"

G_BEGIN_DECLS

#define VT_TYPE_JOURNAL_MODEL (vt_journal_model_get_type ())
G_DECLARE_FINAL_TYPE (VtJournalModel, vt_journal_model, VT, JOURNAL_MODEL, GObject)

VtJournalModel *vt_journal_model_new (VtStore *store);

G_END_DECLS
