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

/* The steps of the day a check holds up while it finds something (an error, or a warning
 * nobody has explained). */
typedef enum
{
  VT_STEP_DOORS_OPEN  = 1 << 0,
  VT_STEP_DOORS_CLOSE = 1 << 1,  /* for good, on the last day */
  VT_STEP_NIGHT_CLOSE = 1 << 2,  /* for the night, another day follows */
  VT_STEP_URN_OPEN    = 1 << 3,  /* an urn opened for the count */
  VT_STEP_RESULTS     = 1 << 4,  /* the results phoned in, the protocol signed */
} VtCheckStep;

/* What an explanation of a check's warning names as its subject. */
typedef enum
{
  VT_CHECK_ABOUT_NOTHING,
  VT_CHECK_ABOUT_CONTEST,   /* a contest id */
  VT_CHECK_ABOUT_REASON,    /* a special-envelope reason id */
  VT_CHECK_ABOUT_STRIPS,    /* the station's seal strips as a whole */
} VtCheckSubject;

/* An entry kind of the log that can account for part of a difference the check finds: which
 * way one such entry moves it (ballots − marks), and when an entry of it still does. */
typedef struct
{
  const char *kind;         /* an entry kind id */
  int         sign;         /* +1 more ballots, −1 more marks, 0 either way */
  const char *live;         /* SQL, ?1 the entry's number: non-zero while it still explains;
                             * NULL: any entry not annulled */
  gboolean    proposed;     /* every such entry is offered with the finding; FALSE for a kind
                             * of many entries that seldom explain (the chair names one) */
} VtExplainingKind;

/* A reason the board may declare for part of a difference, with how many it concerns. */
typedef struct
{
  const char *id;           /* "one-contest-only" */
  const char *label;        /* untranslated; vt_explain_reason_get_label () */
  int         sign;         /* +1 more ballots, −1 more marks */
  guint       min_contests; /* only in an election of at least this many contests */
} VtExplainReason;

typedef struct
{
  const char *code;         /* "K402" */
  VtSeverity  severity;
  const char *title;        /* untranslated; vt_check_get_title () */
  const char *description;  /* untranslated */
  gboolean    explainable;  /* a warning the board may explain with count.explain */
  gboolean    acceptable;   /* a warning two board members may accept with warning.accept
                             * when it cannot be explained */
  VtCheckSubject about;     /* what its explanation is about */
  VtCheckStep blocks;       /* the steps it holds up */
  /* An explanation of it consists of items adding up to the difference: entries of these
   * kinds and these declared reasons, each with a count. NULL: text only. */
  const VtExplainingKind *explaining_kinds;  /* ends with { NULL } */
  const VtExplainReason  *reasons;           /* ends with { NULL } */
} VtCheckInfo;

typedef struct
{
  char       *code;
  VtSeverity  severity;
  char       *subject;      /* what it is about (a contest, urn or table id), or NULL */
  char       *message;      /* translated, with the numbers */
  char       *explanation;  /* the board's explanation, when a warning has one */
  GArray     *proposals;    /* gint64 seqs of journal entries that may explain it */
  gint64      difference;   /* what the items of an explanation add up to (K402: ballots − marks) */
  /* The board explained it as not explained, after a logged recount: the protocol says
   * plainly that the difference is not explained, with the board's words. */
  gboolean    not_explained;
} VtFinding;

const VtCheckInfo *vt_check_lookup          (const char  *code);
const VtCheckInfo *vt_check_get_all         (guint       *n_checks);
const char        *vt_check_get_title       (const VtCheckInfo *info);
const char        *vt_check_get_description (const VtCheckInfo *info);
gboolean           vt_check_can_be_explained (const VtCheckInfo *info);
/* Whether two board members may accept @info's warning (warning.accept) instead of explaining
 * it. */
gboolean           vt_check_can_be_accepted (const VtCheckInfo *info);
char              *vt_check_dup_reference   (void);

/* Whether an explanation of @info is made of items (K402), not text alone. */
gboolean           vt_check_takes_items     (const VtCheckInfo *info);
const VtExplainingKind *vt_check_find_explaining_kind (const VtCheckInfo *info,
                                                       const char        *kind_id);
const VtExplainReason  *vt_check_find_reason          (const VtCheckInfo *info,
                                                       const char        *reason_id);
const char        *vt_explain_reason_get_label (const VtExplainReason *reason);

VtFinding *vt_finding_new    (const char *code,
                              const char *subject,
                              const char *format,
                              ...) G_GNUC_PRINTF (3, 4);
void       vt_finding_free   (VtFinding  *finding);
gboolean   vt_finding_blocks (VtFinding  *finding);
/* Whether @finding holds up @step: its check guards that step, and it blocks. */
gboolean   vt_finding_blocks_step (VtFinding  *finding,
                                   VtCheckStep step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VtFinding, vt_finding_free)

G_END_DECLS
