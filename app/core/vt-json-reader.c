/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-json-reader"

#include "config.h"

#include <inttypes.h>
#include "vt-i18n.h"
#include <stdarg.h>

#include "vt-error.h"
#include "vt-fnr.h"
#include "vt-json-reader.h"

/* Reading a hand-written JSON document key by key, refusing the first thing that is wrong with
 * a message that names the document, the place in it ("contests[1].lists[0].name") and what to
 * do. The configuration and the scenario files are both read this way. */


gboolean
vt_reader_refuse (VtReader   *r,
        const char *path,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (path != NULL && *path != '\0')
    g_set_error (r->error, r->domain, r->code,
                 "%s: %s: %s", r->origin, path, message);
  else
    g_set_error (r->error, r->domain, r->code,
                 "%s: %s", r->origin, message);
  return FALSE;
}

char *
vt_reader_child_path (const char *path,
            const char *key)
{
  if (path == NULL || *path == '\0')
    return g_strdup (key);
  return g_strdup_printf ("%s.%s", path, key);
}

char *
vt_reader_index_path (const char *path,
            guint       i)
{
  return g_strdup_printf ("%s[%u]", path, i);
}

gboolean
vt_reader_only_known_keys (VtReader           *r,
                 JsonObject        *object,
                 const char        *path,
                 const char * const *known)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l; l = l->next)
    {
      const char *key = l->data;

      if (key[0] == '_' || g_strv_contains (known, key))
        continue;

      return vt_reader_refuse (r, path,
                     _("unknown key “%s”; check its spelling against the format description "
                       "(keys starting with “_” are comments)"), key);
    }
  return TRUE;
}

JsonNode *
vt_reader_member (VtReader   *r,
        JsonObject *object,
        const char *path,
        const char *key,
        gboolean    required)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL && required)
    vt_reader_refuse (r, path, _("the key “%s” is missing"), key);

  return node;
}

gboolean
vt_reader_read_string (VtReader   *r,
             JsonObject *object,
             const char *path,
             const char *key,
             gboolean    required,
             char      **out)
{
  JsonNode *node = vt_reader_member (r, object, path, key, required);
  g_autofree char *here = vt_reader_child_path (path, key);
  g_autofree char *trimmed = NULL;
  const char *value;

  if (node == NULL)
    return !required;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return vt_reader_refuse (r, here, _("this must be text in quotes"));

  value = json_node_get_string (node);
  trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
  if (*trimmed == '\0')
    return vt_reader_refuse (r, here, _("this must not be empty"));

  *out = g_steal_pointer (&trimmed);
  return TRUE;
}

gboolean
vt_reader_read_bool (VtReader   *r,
           JsonObject *object,
           const char *path,
           const char *key,
           gboolean   *out)
{
  JsonNode *node = vt_reader_member (r, object, path, key, FALSE);
  g_autofree char *here = vt_reader_child_path (path, key);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return vt_reader_refuse (r, here, _("this must be true or false"));

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
vt_reader_read_int (VtReader   *r,
          JsonObject *object,
          const char *path,
          const char *key,
          gint64      min,
          gint64      max,
          int        *out)
{
  JsonNode *node = vt_reader_member (r, object, path, key, TRUE);
  g_autofree char *here = vt_reader_child_path (path, key);
  gint64 value;

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return vt_reader_refuse (r, here, _("this must be a whole number"));

  value = json_node_get_int (node);
  if (value < min || value > max)
    return vt_reader_refuse (r, here, _("this must be between %" PRId64 " and %" PRId64),
                   min, max);

  *out = (int)value;
  return TRUE;
}

JsonObject *
vt_reader_read_object (VtReader   *r,
             JsonObject *object,
             const char *path,
             const char *key,
             gboolean    required)
{
  JsonNode *node = vt_reader_member (r, object, path, key, required);
  g_autofree char *here = vt_reader_child_path (path, key);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      vt_reader_refuse (r, here, _("this must be an object in braces { }"));
      return NULL;
    }
  return json_node_get_object (node);
}

/* Returns FALSE with an error set, or TRUE with *out NULL when an optional array is absent. */
gboolean
vt_reader_read_array (VtReader   *r,
            JsonObject *object,
            const char *path,
            const char *key,
            gboolean    required,
            guint       min_length,
            JsonArray **out)
{
  JsonNode *node = vt_reader_member (r, object, path, key, required);
  g_autofree char *here = vt_reader_child_path (path, key);

  *out = NULL;
  if (node == NULL)
    return !required;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return vt_reader_refuse (r, here, _("this must be a list in brackets [ ]"));

  *out = json_node_get_array (node);
  if (json_array_get_length (*out) < min_length)
    return vt_reader_refuse (r, here, ngettext ("this list needs at least %u entry",
                                      "this list needs at least %u entries", min_length),
                   min_length);
  return TRUE;
}

JsonObject *
vt_reader_array_object (VtReader   *r,
              JsonArray  *array,
              guint       i,
              const char *path)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      vt_reader_refuse (r, path, _("each entry of this list must be an object in braces { }"));
      return NULL;
    }
  return json_node_get_object (node);
}

gboolean
vt_reader_is_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
vt_reader_read_id (VtReader   *r,
         JsonObject *object,
         const char *path,
         GHashTable *seen,
         char      **out)
{
  g_autofree char *here = vt_reader_child_path (path, "id");

  if (!vt_reader_read_string (r, object, path, "id", TRUE, out))
    return FALSE;

  if (!vt_reader_is_id (*out))
    return vt_reader_refuse (r, here,
                   _("“%s” is not a usable id; use up to 64 letters a–z, digits and “-”"), *out);

  if (seen != NULL)
    {
      if (g_hash_table_contains (seen, *out))
        return vt_reader_refuse (r, path, _("the id “%s” is used twice in this list; give every entry "
                                  "its own id"), *out);
      g_hash_table_add (seen, g_strdup (*out));
    }
  return TRUE;
}

gboolean
vt_reader_all_digits (const char *s,
            gsize       min,
            gsize       max)
{
  gsize len = strlen (s);

  if (len < min || len > max)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Whether every key and every string in @node is UTF-8. The file's bytes are checked before it
 * is parsed, but JSON can still write text that is not: an escape for half a surrogate pair,
 * "\ud800", becomes bytes no UTF-8 reader accepts, in a name, a message or the station file. */
gboolean
vt_reader_text_is_utf8 (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_utf8_validate (l->data, -1, NULL) ||
            !vt_reader_text_is_utf8 (json_object_get_member (object, l->data)))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!vt_reader_text_is_utf8 (json_array_get_element (array, i)))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_utf8_validate (json_node_get_string (node), -1, NULL);
  return TRUE;
}

guint
vt_json_nesting_depth (const char *data,
                       gsize       length,
                       guint       limit)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > deepest && (deepest = depth) > limit)
            return deepest;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return deepest;
}

char *
vt_reader_find_fnr (JsonNode   *node,
                    const char *path)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = vt_reader_child_path (path, l->data);
          char *found;

          if (vt_text_contains_fnr (l->data))
            return g_steal_pointer (&child);
          found = vt_reader_find_fnr (json_object_get_member (object, l->data), child);
          if (found != NULL)
            return found;
        }
      return NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = vt_reader_index_path (path != NULL ? path : "", i);
          char *found = vt_reader_find_fnr (json_array_get_element (array, i), child);

          if (found != NULL)
            return found;
        }
      return NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      vt_text_contains_fnr (json_node_get_string (node)))
    return g_strdup (path != NULL && *path != '\0' ? path : "/");
  return NULL;
}
