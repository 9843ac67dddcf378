/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-checks"

#include "config.h"

#include "vt-i18n.h"
#include <stdarg.h>

#include "vt-checks.h"
#include "vt-kind-ids.h"

/* What can account for a difference between the ballots of a contest and the marks in the roll
 * (K402). An unstamped ballot in an urn: the voter took a new ballot, so the urn has one ballot
 * more than the roll has marks. A wrong voter marked, who has not come since: a mark without a
 * ballot. An outdoor vote and a special envelope can go either way (the mobile urn's ballots,
 * a voter marked before the envelope was decided), so the board says which. One entry is one
 * voter: it accounts for one ballot or one mark. */
static const VtExplainingKind k402_kinds[] = {
  { VT_KIND_INCIDENT_UNSTAMPED, +1, "SELECT count (*) FROM unstamped WHERE seq = ?1", TRUE },
  { VT_KIND_INCIDENT_WRONG_MARK, -1,
    "SELECT count (*) FROM wrong_mark WHERE seq = ?1 AND resolved_seq IS NULL", TRUE },
  { VT_KIND_OUTDOOR_START, 0,
    "SELECT count (*) FROM outdoor_vote WHERE seq = ?1 AND status = 'done'", TRUE },
  /* A busy day has dozens: the chair names the one that explains, by its number. */
  { VT_KIND_ENVELOPE, 0, NULL, FALSE },
  { NULL }
};

/* The reasons the board declares without an entry, kept short: the guides name these. In an
 * election of two contests a voter may vote in one of them only (a mark, no ballot in the
 * other); a voter may leave with the ballot instead of putting it in the urn. */
static const VtExplainReason k402_reasons[] = {
  { "one-contest-only", N_("Voters who voted in one contest only"), -1, 2 },
  { "ballot-taken-away", N_("Voters who left with their ballot"), -1, 1 },
  { NULL }
};

/* Every numbered check, in one table: K1xx opening and seals, K2xx voting, K3xx closing,
 * K4xx the count. The modules that own the state compute the findings. */
static const VtCheckInfo checks[] = {
  { "K101", VT_SEVERITY_ERROR, N_("Opening check not done"),
    N_("Every item of the opening checklist is done, or has a deviation note, before the "
       "doors open."),
    FALSE, FALSE, VT_CHECK_ABOUT_NOTHING, VT_STEP_DOORS_OPEN | VT_STEP_RESULTS },
  { "K102", VT_SEVERITY_ERROR, N_("Urn in use not sealed"),
    N_("Every urn in use is sealed: before the doors open, and before closing for the "
       "night."),
    FALSE, FALSE, VT_CHECK_ABOUT_NOTHING,
    VT_STEP_DOORS_OPEN | VT_STEP_NIGHT_CLOSE | VT_STEP_RESULTS },
  { "K103", VT_SEVERITY_WARNING, N_("Seal strips not accounted for"),
    N_("Every strip received is applied, void or returned by the end of the day."),
    TRUE, TRUE, VT_CHECK_ABOUT_STRIPS, VT_STEP_RESULTS },
  { "K104", VT_SEVERITY_ERROR, N_("Seal not checked"),
    N_("On the second day every sealed urn's strip is checked before the doors open."),
    FALSE, FALSE, VT_CHECK_ABOUT_NOTHING, VT_STEP_DOORS_OPEN | VT_STEP_RESULTS },
  { "K105", VT_SEVERITY_ERROR, N_("Mobile urn not prepared"),
    N_("Where the station offers outdoor voting, a mobile urn is shown empty and sealed before "
       "the doors open."),
    FALSE, FALSE, VT_CHECK_ABOUT_NOTHING, VT_STEP_DOORS_OPEN | VT_STEP_RESULTS },
  { "K201", VT_SEVERITY_ERROR, N_("Outdoor vote not finished"),
    N_("An outdoor vote has started and its equipment is not back; the doors cannot close."),
    FALSE, FALSE, VT_CHECK_ABOUT_NOTHING,
    VT_STEP_DOORS_CLOSE | VT_STEP_NIGHT_CLOSE | VT_STEP_RESULTS },
  { "K301", VT_SEVERITY_ERROR, N_("Roll marks missing"),
    N_("Every table's marks for every day are counted and control-counted before the "
       "count."),
    FALSE, FALSE, VT_CHECK_ABOUT_NOTHING, VT_STEP_RESULTS },
  { "K302", VT_SEVERITY_WARNING, N_("Envelope count differs"),
    N_("The special envelopes counted at closing differ from those logged during the day."),
    TRUE, TRUE, VT_CHECK_ABOUT_REASON, VT_STEP_RESULTS },
  { "K303", VT_SEVERITY_ERROR, N_("Closing steps not done"),
    N_("Unused ballots are out, stamps are handed in and shipment 1 has left before an urn "
       "is opened."),
    FALSE, FALSE, VT_CHECK_ABOUT_NOTHING, VT_STEP_URN_OPEN | VT_STEP_RESULTS },
  { "K401", VT_SEVERITY_ERROR, N_("Pile not counted"),
    N_("Every pile of every contest is counted and control-counted before the results are "
       "phoned in."),
    FALSE, FALSE, VT_CHECK_ABOUT_NOTHING, VT_STEP_RESULTS },
  /* Not acceptable: a difference the board cannot explain is recounted, and may then stand
   * as not explained (count.explain, not_explained); warning.accept is no way around that. */
  { "K402", VT_SEVERITY_WARNING, N_("Ballots differ from roll marks"),
    N_("The ballots in the urn for a contest differ from the marks in the roll; every "
       "difference needs an explanation referring to the log."),
    TRUE, FALSE, VT_CHECK_ABOUT_CONTEST, VT_STEP_RESULTS, k402_kinds, k402_reasons },
  /* Plausibility, as Abacus checks it: a pile counted into the wrong contest or the wrong pile
   * shows as an unlikely share. Two contests differing from each other is normal and no
   * warning of its own. */
  { "K403", VT_SEVERITY_WARNING, N_("Many blank ballots"),
    N_("More than 3 per cent of a contest's ballots are blank: check that no pile was counted into "
       "the wrong contest or the wrong pile, then explain it."),
    TRUE, TRUE, VT_CHECK_ABOUT_CONTEST, VT_STEP_RESULTS },
  { "K404", VT_SEVERITY_WARNING, N_("Many doubtful ballots"),
    N_("More than 1 per cent of a contest's ballots are doubtful: check that no pile was counted into "
       "the wrong contest or the wrong pile, then explain it."),
    TRUE, TRUE, VT_CHECK_ABOUT_CONTEST, VT_STEP_RESULTS },
};

const VtCheckInfo *
vt_check_lookup (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (g_strcmp0 (checks[i].code, code) == 0)
      return &checks[i];
  return NULL;
}

const VtCheckInfo *
vt_check_get_all (guint *n_checks)
{
  *n_checks = G_N_ELEMENTS (checks);
  return checks;
}

const char *
vt_check_get_title (const VtCheckInfo *info)
{
  return _(info->title);
}

const char *
vt_check_get_description (const VtCheckInfo *info)
{
  return _(info->description);
}

VtFinding *
vt_finding_new (const char *code,
                const char *subject,
                const char *format,
                ...)
{
  const VtCheckInfo *info = vt_check_lookup (code);
  VtFinding *finding;
  va_list args;

  g_return_val_if_fail (info != NULL, NULL);

  finding = g_new0 (VtFinding, 1);
  finding->code = g_strdup (code);
  finding->severity = info->severity;
  finding->subject = g_strdup (subject);
  va_start (args, format);
  finding->message = g_strdup_vprintf (format, args);
  va_end (args);
  finding->proposals = g_array_new (FALSE, FALSE, sizeof (gint64));
  return finding;
}

void
vt_finding_free (VtFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->code);
  g_free (finding->subject);
  g_free (finding->message);
  g_free (finding->explanation);
  g_clear_pointer (&finding->proposals, g_array_unref);
  g_free (finding);
}

/* An error blocks the next step; so does a warning nobody has explained. */
gboolean
vt_finding_blocks (VtFinding *finding)
{
  return finding->severity == VT_SEVERITY_ERROR || finding->explanation == NULL;
}

gboolean
vt_finding_blocks_step (VtFinding  *finding,
                        VtCheckStep step)
{
  const VtCheckInfo *info = vt_check_lookup (finding->code);

  return info != NULL && (info->blocks & step) != 0 && vt_finding_blocks (finding);
}

/* The reference of every numbered check, as Markdown; `valgting kinds` prints it after the
 * entry kinds. */
char *
vt_check_dup_reference (void)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "# %s\n\n| %s | %s | %s |\n|---|---|---|\n",
                          _("Numbered checks"), _("code"), _("kind"), _("what it checks"));
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    g_string_append_printf (out, "| %s | %s | **%s.** %s |\n", checks[i].code,
                            checks[i].severity == VT_SEVERITY_ERROR
                              ? _("error: blocks the next step")
                              : _("warning: needs an explanation"),
                            vt_check_get_title (&checks[i]),
                            vt_check_get_description (&checks[i]));
  return g_string_free (out, FALSE);
}

gboolean
vt_check_can_be_explained (const VtCheckInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info->severity == VT_SEVERITY_WARNING && info->explainable;
}

gboolean
vt_check_can_be_accepted (const VtCheckInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return vt_check_can_be_explained (info) && info->acceptable;
}

gboolean
vt_check_takes_items (const VtCheckInfo *info)
{
  return info != NULL && info->explaining_kinds != NULL;
}

const VtExplainingKind *
vt_check_find_explaining_kind (const VtCheckInfo *info,
                               const char        *kind_id)
{
  for (guint i = 0; info != NULL && info->explaining_kinds != NULL &&
                    info->explaining_kinds[i].kind != NULL; i++)
    if (g_strcmp0 (info->explaining_kinds[i].kind, kind_id) == 0)
      return &info->explaining_kinds[i];
  return NULL;
}

const VtExplainReason *
vt_check_find_reason (const VtCheckInfo *info,
                      const char        *reason_id)
{
  for (guint i = 0; info != NULL && info->reasons != NULL && info->reasons[i].id != NULL; i++)
    if (g_strcmp0 (info->reasons[i].id, reason_id) == 0)
      return &info->reasons[i];
  return NULL;
}

const char *
vt_explain_reason_get_label (const VtExplainReason *reason)
{
  return _(reason->label);
}
