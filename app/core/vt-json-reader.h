/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *origin; /* the file name, first in every message */
 GQuark domain; /* the GError domain and code a refusal is reported with */
 int code;
  GError **error;
} VtReader;

gboolean vt_reader_refuse (VtReader *r, const char *path, const char *format, ...) G_GNUC_PRINTF (3, 4);
char * vt_reader_child_path (const char *path, const char *key);
char * vt_reader_index_path (const char *path, guint i);
gboolean vt_reader_only_known_keys (VtReader *r, JsonObject *object, const char *path, const char * const *known);
JsonNode * vt_reader_member (VtReader *r, JsonObject *object, const char *path, const char *key, gboolean required);
gboolean vt_reader_read_string (VtReader *r, JsonObject *object, const char *path, const char *key, gboolean required, char **out);
gboolean vt_reader_read_bool (VtReader *r, JsonObject *object, const char *path, const char *key, gboolean *out);
gboolean vt_reader_read_int (VtReader *r, JsonObject *object, const char *path, const char *key, gint64 min, gint64 max, int *out);
JsonObject * vt_reader_read_object (VtReader *r, JsonObject *object, const char *path, const char *key, gboolean required);
gboolean vt_reader_read_array (VtReader *r, JsonObject *object, const char *path, const char *key, gboolean required, guint min_length, JsonArray **out);
JsonObject * vt_reader_array_object (VtReader *r, JsonArray *array, guint i, const char *path);
gboolean vt_reader_is_id (const char *id);
gboolean vt_reader_read_id (VtReader *r, JsonObject *object, const char *path, GHashTable *seen, char **out);
gboolean vt_reader_all_digits (const char *s, gsize min, gsize max);
gboolean vt_reader_text_is_utf8 (JsonNode *node);

/* json-glib parses nested arrays and objects by recursion: 80,000 levels overflow the stack.
 * No configuration or scenario needs more than this many. */
#define VT_JSON_MAX_DEPTH 64
/* The deepest nesting of arrays and objects in @data (strings skipped), counting no further
 * than @limit + 1: enough to refuse a document before json-glib sees it. */
guint vt_json_nesting_depth (const char *data, gsize length, guint limit);
/* The place ("people[3].name") of the first text or key in @node that holds a national
 * identity number, or NULL: a configuration or scenario never needs one, and what it holds
 * is stored and printed. */
char * vt_reader_find_fnr (JsonNode *node, const char *path);

G_END_DECLS
