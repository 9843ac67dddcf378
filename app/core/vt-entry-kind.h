/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vt-config.h"

G_BEGIN_DECLS

/* The catalogue of journal entry kinds: one row per kind in vt-entry-kind.c gives its id, its
 * fields, the phases it belongs to, its translated name and description, the rule that checks
 * it and the change it makes to the derived state. The screens, the command line, scenario
 * files and the generated reference (valgting kinds) all read it, so adding a kind is one
 * edit there. */

typedef struct _VtRuleContext VtRuleContext;
typedef struct _VtEntryKind VtEntryKind;

typedef enum
{
  VT_FIELD_TEXT,          /* free text: checked for identity numbers */
  VT_FIELD_PERSON,        /* a person id from the configuration */
  VT_FIELD_TABLE,         /* a roll table id */
  VT_FIELD_CONTEST,       /* a contest id */
  VT_FIELD_PILE,          /* a party list id of the entry's contest, "blank" or "doubtful" */
  VT_FIELD_REASON,        /* a special-envelope reason id */
  VT_FIELD_CHECK,         /* an opening-check id */
  VT_FIELD_URN,           /* an urn id (made by urn.add) */
  VT_FIELD_STRIP,         /* a seal strip number, 1 to 999999999 */
  VT_FIELD_COUNT,         /* a whole number ≥ 0 */
  VT_FIELD_DAY,           /* an election day, 1 or 2 */
  VT_FIELD_BOOL,
  VT_FIELD_ENTRY,         /* the number of an earlier journal entry */
  VT_FIELD_CHOICE,        /* one of the kind's choices */
  VT_FIELD_TABLE_COUNTS,  /* an object: table id → count */
  VT_FIELD_CHANGES,       /* an object: the corrected fields of another entry */
  VT_FIELD_ENTRIES,       /* an array of journal entry numbers */
  VT_FIELD_STROKES,       /* a signature: an array of strokes, each [x, y, x, y …] in 0..1 */
  VT_FIELD_ITEMS,         /* the items of an explanation: an array of objects, each
                           * {"entry": N, "count": ±n} or {"reason": ID, "count": ±n} */
} VtFieldType;

typedef struct
{
  const char  *name;
  VtFieldType  type;
  gboolean     required;
  const char  *choices;      /* VT_FIELD_CHOICE: "a|b|c" */
  const char  *description;  /* untranslated */
} VtField;

#define VT_MAX_FIELDS 8

/* What the window and the documents need to know of a kind beyond its fields. */
typedef enum
{
  /* Cannot be taken back in the room (an urn opened, a seal broken, the doors closed, the
   * shipment gone, a signature, the results phoned in): the window asks for confirmation,
   * naming the object and the consequence, before it is given. */
  VT_KIND_FLAG_IRREVERSIBLE      = 1 << 0,
  /* Says nothing the protocol shows (a print, a refusal, a signature): logging it after a
   * signature leaves the signature valid. */
  VT_KIND_FLAG_OUTSIDE_PROTOCOL  = 1 << 1,
  /* An incident the guides name for the protocol's part D (Other matters): offered to the
   * board when it writes that part. */
  VT_KIND_FLAG_NOTABLE           = 1 << 2,
} VtKindFlags;

typedef gboolean (*VtRuleFunc)    (VtRuleContext *ctx, GError **error);
typedef char    *(*VtSummaryFunc) (const VtEntryKind *kind, VtConfig *config,
                                   JsonObject *payload);

struct _VtEntryKind
{
  const char    *id;
  const char    *name;         /* untranslated; vt_entry_kind_get_name () */
  const char    *description;  /* untranslated */
  guint          phases;       /* VT_PHASE_BIT mask of where it may be given */
  gboolean       board_only;   /* only a board member may give it */
  gboolean       correctable;  /* may be annulled or amended */
  VtField        fields[VT_MAX_FIELDS];
  VtRuleFunc     check;        /* NULL: nothing beyond the fields */
  VtRuleFunc     apply;        /* NULL: no derived state */
  VtSummaryFunc  summarise;    /* NULL: "name: field values" */
  VtKindFlags    flags;
};

const VtEntryKind *vt_entry_kind_lookup          (const char        *id);
const VtEntryKind *vt_entry_kind_get_all         (guint             *n_kinds);
const char        *vt_entry_kind_get_name        (const VtEntryKind *kind);
const char        *vt_entry_kind_get_description (const VtEntryKind *kind);
gboolean           vt_entry_kind_is_irreversible (const VtEntryKind *kind);
gboolean           vt_entry_kind_changes_protocol (const VtEntryKind *kind);
/* An incident for the protocol's part D (Other matters): a disturbance, a removal, a
 * complaint, the police, the press. */
gboolean           vt_entry_kind_is_notable      (const VtEntryKind *kind);
const VtField     *vt_entry_kind_find_field      (const VtEntryKind *kind,
                                                  const char        *name);
char              *vt_entry_kind_summarise       (const VtEntryKind *kind,
                                                  VtConfig          *config,
                                                  JsonObject        *payload);
char              *vt_entry_kind_dup_reference   (void);
const char        *vt_field_type_to_string       (VtFieldType        type);

/* The translated label of @choice, one of @field's choices (a VT_FIELD_CHOICE field): what a
 * screen, a log line or a document shows instead of the id ("Special-envelope urn" for
 * "special-envelope", a check's title for "K103", "Packing list" for "packing-list"). An
 * unknown choice is returned as it is. */
const char        *vt_field_choice_get_label     (const VtField     *field,
                                                  const char        *choice);
/* The translated name of an urn's purpose, the choices of urn.add's "kind": "Ordinary urn",
 * "Special-envelope urn", "Mobile urn", "Reserve box". */
const char        *vt_urn_kind_get_label         (const char        *urn_kind);
/* @value of @field in words, as a screen or a paper says it: a person's name, a contest's or
 * a reason's name, a choice's label, "yes"/"no"; never an id of the catalogue. */
char              *vt_field_dup_value_text       (const VtField     *field,
                                                  VtConfig          *config,
                                                  JsonNode          *value);
/* A field's translated description, what a form and a refusal call the field. */
const char        *vt_field_get_label            (const VtField     *field);

#define VT_ENTRY_STATION_CREATED "station-created"
#define VT_ENTRY_NOTE            "note"
#define VT_ENTRY_REFUSED         "refused"

G_END_DECLS
