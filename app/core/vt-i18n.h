/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Translation for the headless libraries. The window speaks the computer's language, but a
 * document speaks the election's: the configuration names "nb" or "nn", and a protocol printed
 * on a laptop set to English (or LANG=C) is still Norwegian. gettext picks its language from
 * the process's locale and environment only, so the documents' strings are looked up in the
 * catalogues compiled into the program (po/nb.po and po/nn.po, the same that gettext uses),
 * for the thread that draws them.
 *
 * Every file of core/, report/ and cli/ includes this header instead of <glib/gi18n-lib.h>:
 * its _() asks the thread's document language first and gettext otherwise. */

/* The languages a station's documents can be drawn in: its written standards. */
gboolean     vt_i18n_language_is_known     (const char *language);

/* Sets the language the calling thread translates into ("nb", "nn", or "C" for the source's
 * English untranslated), or NULL for the process's own (gettext). Returns the previous one,
 * to be given back when done. */
const char  *vt_i18n_set_thread_language   (const char *language);
const char  *vt_i18n_get_thread_language   (void);

const char  *vt_gettext                    (const char *msgid) G_GNUC_FORMAT (1);
const char  *vt_pgettext                   (const char *context,
                                            const char *msgid) G_GNUC_FORMAT (2);
const char  *vt_ngettext                   (const char *msgid,
                                            const char *msgid_plural,
                                            gulong      n) G_GNUC_FORMAT (1) G_GNUC_FORMAT (2);

/* @n in Norwegian style, digit groups separated by a space: "1 234", "12 345", "-1 234". */
char        *vt_format_count               (gint64      n);

/* A language set for the rest of the scope:
 *   g_auto(VtLanguageScope) scope = vt_language_scope ("nn"); */
/* unused on purpose: the variable lives for its cleanup at the end of the scope */
typedef const char *VtLanguageScope G_GNUC_UNUSED;
static inline VtLanguageScope
vt_language_scope (const char *language)
{
  return vt_i18n_set_thread_language (language);
}
static inline void
vt_language_scope_end (VtLanguageScope previous)
{
  vt_i18n_set_thread_language (previous);
}
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (VtLanguageScope, vt_language_scope_end, (VtLanguageScope)(gintptr)-1)

G_END_DECLS

#ifdef GETTEXT_PACKAGE
#include <glib/gi18n-lib.h>
#undef _
#undef C_
#undef ngettext
#define _(String) vt_gettext (String)
#define C_(Context, String) vt_pgettext (Context, String)
#define ngettext(Msgid, Plural, N) vt_ngettext (Msgid, Plural, N)
#endif
