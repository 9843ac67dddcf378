/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-i18n"

#include "config.h"

#include <string.h>

#include "vt-i18n.h"
#include "vt-lang-resources.h"

/* A compiled catalogue (msgfmt's .mo format: a header, then two tables of (length, offset)
 * pairs, the originals sorted by byte value and the translations in the same order) looked up
 * by binary search. The files are the ones msgfmt made from po/ at build time, so they are
 * trusted; even so every offset is checked against the size before it is used. */

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
    return g_dpgettext (GETTEXT_PACKAGE, key, strlen (context) + 1);
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
