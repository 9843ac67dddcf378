/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The numbered consistency and reconciliation checks. An error blocks the next step of the
 * day; a warning needs an explanation in the journal. The same code and text appear on the
 * screen and in the protocol. */

typedef enum
{
  VT_SEVERITY_ERROR,
  VT_SEVERITY_WARNING,
} VtSeverity;

/* What an explanation of a check's warning names as its subject. */
typedef enum
{
  VT_CHECK_ABOUT_NOTHING,
  VT_CHECK_ABOUT_CONTEST,   /* a contest id */
  VT_CHECK_ABOUT_REASON,    /* a special-envelope reason id */
  VT_CHECK_ABOUT_STRIPS,    /* the station's seal strips as a whole */
} VtCheckSubject;

typedef struct
{
  const char *code;         /* "K402" */
  VtSeverity  severity;
  const char *title;        /* untranslated; vt_check_get_title () */
  const char *description;  /* untranslated */
  gboolean    explainable;  /* a warning the board may explain with count.explain */
  VtCheckSubject about;     /* what its explanation is about */
} VtCheckInfo;

typedef struct
{
  char       *code;
  VtSeverity  severity;
  char       *subject;      /* what it is about (a contest, urn or table id), or NULL */
  char       *message;      /* translated, with the numbers */
  char       *explanation;  /* the board's explanation, when a warning has one */
  GArray     *proposals;    /* gint64 seqs of journal entries that may explain it */
} VtFinding;

const VtCheckInfo *vt_check_lookup          (const char  *code);
const VtCheckInfo *vt_check_get_all         (guint       *n_checks);
const char        *vt_check_get_title       (const VtCheckInfo *info);
const char        *vt_check_get_description (const VtCheckInfo *info);
gboolean           vt_check_can_be_explained (const VtCheckInfo *info);
char              *vt_check_dup_reference   (void);

VtFinding *vt_finding_new    (const char *code,
                              const char *subject,
                              const char *format,
                              ...) G_GNUC_PRINTF (3, 4);
void       vt_finding_free   (VtFinding  *finding);
gboolean   vt_finding_blocks (VtFinding  *finding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtFinding, vt_finding_free)

G_END_DECLS
