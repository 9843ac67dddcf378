/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The catalogue of journal entry kinds: one row per kind in vt-entry-kind.c gives its id,
 * its translated name and description, and how to summarise its payload in one line. */

typedef struct _VtEntryKind VtEntryKind;

typedef char *(*VtEntrySummaryFunc) (JsonObject *payload);

struct _VtEntryKind
{
  const char        *id;
  const char        *name;         /* untranslated; use vt_entry_kind_get_name () */
  const char        *description;  /* untranslated */
  VtEntrySummaryFunc summarise;
};

const VtEntryKind *vt_entry_kind_lookup          (const char        *id);
const VtEntryKind *vt_entry_kind_get_all         (guint             *n_kinds);
const char        *vt_entry_kind_get_name        (const VtEntryKind *kind);
const char        *vt_entry_kind_get_description (const VtEntryKind *kind);

#define VT_ENTRY_STATION_CREATED "station-created"
#define VT_ENTRY_NOTE            "note"

G_END_DECLS
