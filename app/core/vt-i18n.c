/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-i18n"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "vt-i18n.h"
#include "vt-lang-resources.h"

/* A compiled catalogue (msgfmt's .mo format: a header, then two tables of (length, offset)
 * pairs, the originals sorted by byte value and the translations in the same order) looked up
 * by binary search. The files are the ones msgfmt made from po/ at build time, so they are
 * trusted; even so every offset is checked against the size before it is used.
 *
 * A message with a <PRId64> in it is "system dependent": msgfmt stores it apart (format
 * revision 1), as static pieces and references to named segments that the loading program
 * expands to its own macros. Those few are expanded once, when the catalogue is loaded, into a
 * hash table keyed by the msgid exactly as the C compiler spelt it. */

#define MO_MAGIC 0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U

typedef struct
{
  GBytes *bytes;
  const guint8 *data;
  gsize size;
  gboolean swapped;
  guint32 n;
  guint32 originals;
  guint32 translations;
  GHashTable *sysdep;   /* expanded msgid → GBytes of the translation, forms NUL-separated */
} Catalog;

static const char *const languages[] = { "nb", "nn" };
static Catalog catalogs[G_N_ELEMENTS (languages)];
static GPrivate thread_language;

gboolean
vt_i18n_language_is_known (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (language, languages[i]) == 0)
      return TRUE;
  return FALSE;
}

const char *
vt_i18n_set_thread_language (const char *language)
{
  const char *previous = g_private_get (&thread_language);
  const char *interned = NULL;

  for (guint i = 0; language != NULL && i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (language, languages[i]))
      interned = languages[i];
  /* "C": the source's own English, untranslated, whatever the process's locale. */
  if (g_strcmp0 (language, "C") == 0)
    interned = "C";
  g_return_val_if_fail (language == NULL || interned != NULL, previous);
  g_private_set (&thread_language, (gpointer)interned);
  return previous;
}

const char *
vt_i18n_get_thread_language (void)
{
  return g_private_get (&thread_language);
}

static guint32
word (const Catalog *cat,
      gsize          offset)
{
  guint32 w;

  if (offset > cat->size || cat->size - offset < 4)
    return 0;
  memcpy (&w, cat->data + offset, 4);
  return cat->swapped ? GUINT32_SWAP_LE_BE (w) : w;
}

/* The string at @table's @index: its length and its start, or NULL when out of bounds. */
static const char *
string_at (const Catalog *cat,
           guint32        table,
           guint32        index,
           guint32       *length)
{
  gsize at = (gsize)table + (gsize)index * 8;
  guint32 len = word (cat, at);
  guint32 offset = word (cat, at + 4);

  if (offset > cat->size || cat->size - offset <= len)
    return NULL;
  *length = len;
  return (const char *)cat->data + offset;
}

/* What this program's <inttypes.h> makes of a segment name such as "PRId64", or NULL. */
static const char *
sysdep_segment_value (const char *name,
                      guint32     len)
{
  static const struct { const char *name; const char *value; } known[] = {
    { "PRId64", PRId64 }, { "PRIi64", PRIi64 }, { "PRIu64", PRIu64 },
    { "PRIx64", PRIx64 }, { "PRIX64", PRIX64 }, { "PRIo64", PRIo64 },
    { "PRId32", PRId32 }, { "PRIu32", PRIu32 }, { "PRIx32", PRIx32 },
  };

  /* msgfmt counts the name's NUL in its length */
  if (len > 0 && name[len - 1] == '\0')
    len--;
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (strlen (known[i].name) == len && memcmp (known[i].name, name, len) == 0)
      return known[i].value;
  return NULL;
}

/* The system-dependent string described at @at, expanded; NULL when it is malformed or names
 * a segment this program does not know. */
static GString *
sysdep_expand (const Catalog *cat,
               guint32        at,
               guint32        segments,
               guint32        n_segments)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint32 offset = word (cat, at);

  for (guint32 i = 0; i < 256; i++)
    {
      guint32 size = word (cat, (gsize)at + 4 + (gsize)i * 8);
      guint32 ref = word (cat, (gsize)at + 8 + (gsize)i * 8);
      guint32 name_len, name_off;
      const char *value;

      if (offset > cat->size || cat->size - offset < size)
        return NULL;
      g_string_append_len (out, (const char *)cat->data + offset, size);
      offset += size;
      if (ref == G_MAXUINT32)
        return g_steal_pointer (&out);
      if (ref >= n_segments)
        return NULL;
      name_len = word (cat, (gsize)segments + (gsize)ref * 8);
      name_off = word (cat, (gsize)segments + (gsize)ref * 8 + 4);
      if (name_off > cat->size || cat->size - name_off < name_len)
        return NULL;
      value = sysdep_segment_value ((const char *)cat->data + name_off, name_len);
      if (value == NULL)
        return NULL;
      g_string_append (out, value);
    }
  return NULL;
}

static void
sysdep_load (Catalog *cat)
{
  guint32 revision = word (cat, 4);
  guint32 n_segments, segments, n_strings, originals, translations;

  if (revision >> 16 != 0 || (revision & 0xffff) < 1 || cat->size < 48)
    return;
  n_segments = word (cat, 28);
  segments = word (cat, 32);
  n_strings = word (cat, 36);
  originals = word (cat, 40);
  translations = word (cat, 44);
  cat->sysdep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)g_bytes_unref);
  for (guint32 i = 0; i < n_strings; i++)
    {
      g_autoptr(GString) original = sysdep_expand (cat, word (cat, (gsize)originals + i * 4),
                                                   segments, n_segments);
      g_autoptr(GString) translation = sysdep_expand (cat,
                                                      word (cat, (gsize)translations + i * 4),
                                                      segments, n_segments);
      gsize len;

      if (original == NULL || translation == NULL || translation->len <= 1)
        continue;
      /* both end in the NUL msgfmt writes (GString adds one more); the key is the singular
       * alone, and the bytes keep a NUL after the last form */
      len = translation->len;
      if (translation->str[len - 1] == '\0')
        len--;
      g_hash_table_insert (cat->sysdep, g_strdup (original->str),
                           g_bytes_new (translation->str, len + 1));
    }
}

static void
catalog_load (Catalog    *cat,
              const char *language)
{
  g_autofree char *path = g_strdup_printf ("/no/valgting/lang/%s.mo", language);
  guint32 magic;

  cat->bytes = g_resource_lookup_data (vt_lang_get_resource (), path,
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (cat->bytes == NULL)
    return;
  cat->data = g_bytes_get_data (cat->bytes, &cat->size);
  if (cat->size < 20)
    goto bad;
  memcpy (&magic, cat->data, 4);
  if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
    goto bad;
  cat->swapped = magic == MO_MAGIC_SWAPPED;
  cat->n = word (cat, 8);
  cat->originals = word (cat, 12);
  cat->translations = word (cat, 16);
  sysdep_load (cat);
  return;

bad:
  g_warning ("The compiled catalogue %s is not a message catalogue", path);
  g_clear_pointer (&cat->bytes, g_bytes_unref);
  cat->n = 0;
}

static const Catalog *
catalog_for (const char *language)
{
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
        catalog_load (&catalogs[i], languages[i]);
      g_once_init_leave (&loaded, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (language == languages[i])
      return &catalogs[i];
  return NULL;
}

/* The translation of @key (a msgid, or "context\004msgid"), all its plural forms separated by
 * NULs, or NULL when the catalogue has none. */
static const char *
lookup (const Catalog *cat,
        const char    *key,
        guint32       *length)
{
  guint32 lo = 0;
  guint32 hi = cat->n;

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;
      guint32 len;
      const char *original = string_at (cat, cat->originals, mid, &len);
      int cmp;

      if (original == NULL)
        return NULL;
      /* a plural original is "singular\0plural": the key is its first string */
      cmp = strcmp (key, original);
      if (cmp == 0)
        {
          const char *translation = string_at (cat, cat->translations, mid, length);
          return translation != NULL && *length > 0 ? translation : NULL;
        }
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  if (cat->sysdep != NULL)
    {
      GBytes *found = g_hash_table_lookup (cat->sysdep, key);
      gsize size;

      if (found != NULL)
        {
          const char *translation = g_bytes_get_data (found, &size);

          *length = (guint32)size - 1;
          return size > 1 ? translation : NULL;
        }
    }
  return NULL;
}

const char *
vt_gettext (const char *msgid)
{
  const char *language = g_private_get (&thread_language);
  const Catalog *cat;
  const char *found;
  guint32 length;

  if (language == NULL)
    return g_dgettext (GETTEXT_PACKAGE, msgid);
  if (msgid == NULL || *msgid == '\0' || (cat = catalog_for (language)) == NULL)
    return msgid;
  found = lookup (cat, msgid, &length);
  return found != NULL ? found : msgid;
}

const char *
vt_pgettext (const char *context,
             const char *msgid)
{
  const char *language = g_private_get (&thread_language);
  g_autofree char *key = g_strconcat (context, "\004", msgid, NULL);
  const Catalog *cat;
  const char *found;
  guint32 length;

  if (language == NULL)
    {
      /* g_dpgettext() answers an untranslated string with a pointer into key, which is freed
       * on return: give the caller's msgid instead. */
      gsize offset = strlen (context) + 1;
      const char *translated = g_dpgettext (GETTEXT_PACKAGE, key, offset);

      return translated == key + offset ? msgid : translated;
    }
  if ((cat = catalog_for (language)) == NULL)
    return msgid;
  found = lookup (cat, key, &length);
  return found != NULL ? found : msgid;
}

const char *
vt_ngettext (const char *msgid,
             const char *msgid_plural,
             gulong      n)
{
  const char *language = g_private_get (&thread_language);
  const Catalog *cat;
  const char *found;
  guint32 length;

  if (language == NULL)
    return g_dngettext (GETTEXT_PACKAGE, msgid, msgid_plural, n);
  /* Bokmål and Nynorsk have two forms: one, and every other number. */
  if ((cat = catalog_for (language)) != NULL &&
      (found = lookup (cat, msgid, &length)) != NULL)
    {
      gsize first = strlen (found);

      if (n == 1)
        return found;
      if (first < length)
        return found + first + 1;
    }
  return n == 1 ? msgid : msgid_plural;
}

char *
vt_format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                             n < 0 ? (guint64)0 - (guint64)n : (guint64)n);
  gsize len = strlen (digits);
  GString *out = g_string_sized_new (len + len / 3 + 2);

  if (n < 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}
