/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-phase-meeting"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-documents.h"
#include "vt-kind-ids.h"
#include "vt-organisation.h"
#include "vt-phase-view-private.h"

/* The phases of an organisation's annual meeting, built with the same keyed widgets as a
 * polling station's (vt-phase-view.c): constituting the meeting, attendance and the first
 * candidates, the elections one office at a time, and the protocol. What the meeting is now
 * comes from its read model (vt-organisation.c), made anew for each update; no section keeps
 * a count of its own. Every button gives a command of the catalogue through the runner. */

static const char *
meeting_instruction (VtPhase phase)
{
  switch (phase)
    {
    case VT_PHASE_SETUP:
      return _("The meeting chooses its chair and two people who sign the protocol with the "
               "chair: three different people. Then the meeting is constituted.");
    case VT_PHASE_OPENING:
      return _("Register how many are present with the right to vote: the count is what "
               "matters. The offices are elected one at a time, in order: register the "
               "candidates for the first one. One candidate is enough.");
    case VT_PHASE_VOTING:
      return _("One office at a time. Each candidate presents themselves and answers "
               "questions; then the meeting votes, open by show of hands or secret by ballot. "
               "Two vote counters count a secret vote: a count and a control count of each "
               "pile. A tie is voted again, then decided by lot. Someone not elected may stand "
               "for the next office.");
    case VT_PHASE_PROTOCOL:
      return _("Every office is decided. Check the meeting’s protocol; the meeting chair and "
               "the two chosen sign it, on screen or on the paper. Then send the notice of who "
               "holds which office to the region.");
    case VT_PHASE_NIGHT:
    case VT_PHASE_CLOSING:
    case VT_PHASE_COUNTING:
    case VT_N_PHASES:
    default:
      return "";
    }
}

/* ---- the meeting ------------------------------------------------------------------------ */

static void
add_meeting (VtPhaseView    *self,
             VtOrganisation *meeting,
             VtPhase         now)
{
  GtkWidget *group = pv_ensure_group (self, "meeting", _("The meeting"), NULL);
  const char *chair = vt_organisation_get_signer_name (meeting, VT_MEETING_SIGNER_CHAIR);
  gint64 present = vt_organisation_get_present (meeting);
  gint64 entitled = vt_organisation_get_entitled (meeting);
  g_autofree char *place = g_strdup_printf ("%s, %s",
                                            vt_organisation_get_group_name (meeting),
                                            vt_organisation_get_place (meeting));
  g_autofree char *attendance = NULL;
  GtkWidget *row;

  row = pv_ensure_row (self, group, "meeting:place", vt_organisation_get_organisation_name (meeting),
                       place);
  pv_row_set_icon (row, "user-home-symbolic", _("Where the meeting is held"));

  if (chair != NULL)
    {
      /* Translators: who signs the meeting's protocol with its chair: "Per Hansen and Kari
       * Olsen" */
      g_autofree char *signatories =
        g_strdup_printf (_("Sign the protocol: %s and %s"),
                         vt_organisation_get_signer_name (meeting, VT_MEETING_SIGNER_SIGNATORY),
                         vt_organisation_get_signer_name (meeting,
                                                          VT_MEETING_SIGNER_SECOND_SIGNATORY));
      /* Translators: the meeting chair's row: "Meeting chair: Per Hansen" */
      g_autofree char *title = g_strdup_printf (_("Meeting chair: %s"), chair);

      row = pv_ensure_row (self, group, "meeting:chair", title, signatories);
      pv_row_set_done (row, TRUE);
    }

  if (now == VT_PHASE_SETUP)
    return;

  if (present >= 0)
    /* Translators: "18 of 24 entitled to vote" */
    attendance = g_strdup_printf (_("%" PRId64 " of %" PRId64 " entitled to vote"), present,
                                  entitled);
  else
    /* Translators: before the attendance is registered: "24 entitled to vote; register how
     * many are present" */
    attendance = g_strdup_printf (_("%" PRId64 " entitled to vote; register how many are "
                                    "present"), entitled);
  row = pv_ensure_row (self, group, "meeting:attendance", _("Present with the right to vote"),
                       attendance);
  pv_row_set_done (row, present >= 0);
  pv_row_button (self, row, "attendance", vt_station_allows_now (self->station,
                                                                 VT_KIND_MEETING_ATTENDANCE),
                 present >= 0 ? _("_Count Again…") : _("_Register…"),
                 VT_KIND_MEETING_ATTENDANCE, NULL);
}

/* ---- one office --------------------------------------------------------------------------- */

static const char *
pile_name (const VtMeetingPile *pile)
{
  switch (pile->kind)
    {
    case VT_MEETING_PILE_CANDIDATE:
      return pile->candidate;
    case VT_MEETING_PILE_IN_FAVOUR:
      return _("For");
    case VT_MEETING_PILE_AGAINST:
      return _("Against");
    case VT_MEETING_PILE_ABSTAIN:
      return _("Abstaining");
    case VT_MEETING_PILE_BLANK:
      return _("Blank");
    default:
      return "";
    }
}

/* "Eva Vikøy 5 (control 5) · Blank 1": the piles of a round as counted so far. */
static char *
dup_piles_text (const VtMeetingRound *round)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < round->piles->len; i++)
    {
      const VtMeetingPile *pile = g_ptr_array_index (round->piles, i);

      if (i > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, "%s %" PRId64, pile_name (pile), pile->votes);
      if (pile->controlled)
        /* Translators: a pile's control count after its count: "Eva Vikøy 5 (control 5)" */
        g_string_append_printf (text, _(" (control %" PRId64 ")"), pile->control);
      else if (round->secret)
        g_string_append (text, _(" (not control-counted)"));
    }
  if (round->piles->len == 0)
    g_string_append (text, _("Nothing counted yet"));
  return g_string_free (text, FALSE);
}

/* A round that ended in a tie. The read model marks one once the office has moved on (voted
 * again, or drawn by lot); the office's last round, closed between several candidates without
 * deciding the office, is a tie too: it waits to be voted again. */
static gboolean
round_tied (const VtMeetingOffice *office,
            const VtMeetingRound  *round)
{
  guint n_candidates = 0;

  if (round->tie)
    return TRUE;
  if (!round->closed || office->decided ||
      round != g_ptr_array_index (office->rounds, office->rounds->len - 1))
    return FALSE;
  for (guint i = 0; i < round->piles->len; i++)
    n_candidates += ((VtMeetingPile *)g_ptr_array_index (round->piles, i))->kind ==
                    VT_MEETING_PILE_CANDIDATE;
  return n_candidates >= 2;
}

static char *
dup_round_title (const VtMeetingOffice *office,
                 const VtMeetingRound  *round)
{
  gboolean tie = round_tied (office, round);

  if (round->secret)
    /* Translators: a round of voting on an office: "Vote 2, secret (ballots): tie" */
    return g_strdup_printf (round->closed ? (tie ? _("Vote %u, secret (ballots): tie")
                                                        : _("Vote %u, secret (ballots): closed"))
                                          : _("Vote %u, secret (ballots): under way"),
                            round->number);
  return g_strdup_printf (round->closed ? (tie ? _("Vote %u, open (show of hands): tie")
                                                      : _("Vote %u, open (show of hands): closed"))
                                        : _("Vote %u, open (show of hands): under way"),
                          round->number);
}

static guint
n_ties (const VtMeetingOffice *office)
{
  guint n = 0;

  for (guint i = 0; i < office->rounds->len; i++)
    n += round_tied (office, g_ptr_array_index (office->rounds, i));
  return n;
}

static const VtMeetingRound *
open_round (const VtMeetingOffice *office)
{
  const VtMeetingRound *last = office->rounds->len > 0
    ? g_ptr_array_index (office->rounds, office->rounds->len - 1) : NULL;

  return last != NULL && !last->closed ? last : NULL;
}

static char *
dup_elected_names (const VtMeetingOffice *office)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < office->elected->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            (const char *)g_ptr_array_index (office->elected, i));
  return g_string_free (names, FALSE);
}

static char *
dup_elected_text (const VtMeetingOffice *office)
{
  g_autofree char *names = dup_elected_names (office);

  if (office->vacant > 0 && office->elected->len == 0)
    return g_strdup (_("Left vacant by the meeting"));
  if (office->vacant > 0)
    /* Translators: who holds an office with seats left vacant: "Elected: Ola Styre; 1 seat
     * left vacant" */
    return g_strdup_printf (ngettext ("Elected: %s; %d seat left vacant",
                                      "Elected: %s; %d seats left vacant", office->vacant),
                            names, office->vacant);
  if (office->lot)
    /* Translators: who holds an office after two ties: "Elected by lot: Eva Vikøy" */
    return g_strdup_printf (_("Elected by lot: %s"), names);
  /* Translators: "Elected: Eva Vikøy" */
  return g_strdup_printf (_("Elected: %s"), names);
}

/* What the chair does next for the office being elected, as the rules will allow it. */
static void
add_office_step (VtPhaseView           *self,
                 GtkWidget             *group,
                 const VtMeetingOffice *office)
{
  g_autofree char *key = g_strdup_printf ("office:%s:step", office->id);
  g_autofree char *preset = g_strdup_printf ("office=%s", office->id);
  const VtMeetingRound *round = open_round (office);
  guint ties = n_ties (office);
  guint standing = 0;
  gboolean lot = round == NULL && ties >= 2;
  const char *title;
  GtkWidget *row;

  for (guint i = 0; i < office->candidates->len; i++)
    standing += !((VtMeetingCandidate *)g_ptr_array_index (office->candidates, i))->withdrew;

  if (round != NULL && round->secret)
    title = _("Count each pile, then a second vote counter control-counts it; then the result");
  else if (round != NULL)
    title = _("Count the show of hands for each pile; then the result");
  else if (lot)
    title = _("Tied twice: the office is decided by lot between the tied candidates");
  else if (ties > 0)
    title = _("The vote ended in a tie: vote again between the same candidates");
  else if (standing == 0)
    title = _("Register the candidates: one is enough");
  else
    title = _("When every candidate has presented themselves: start the vote");

  row = pv_ensure_row (self, group, key, title, NULL);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  pv_row_set_icon (row, "media-playback-start-symbolic", _("Now"));
  pv_row_button (self, row, "candidate",
                 round == NULL && ties == 0 &&
                 vt_station_allows_now (self->station, VT_KIND_OFFICE_CANDIDATE),
                 _("Add _Candidate…"), VT_KIND_OFFICE_CANDIDATE, preset, NULL);
  pv_row_button (self, row, "vote",
                 round == NULL && !lot && standing > 0 &&
                 vt_station_allows_now (self->station, VT_KIND_OFFICE_VOTE),
                 ties > 0 ? _("_Vote Again…") : _("Start the _Vote…"), VT_KIND_OFFICE_VOTE,
                 preset, NULL);
  pv_row_button (self, row, "count",
                 round != NULL && vt_station_allows_now (self->station, VT_KIND_OFFICE_COUNT),
                 _("C_ount…"), VT_KIND_OFFICE_COUNT, preset, NULL);
  pv_row_button (self, row, "control",
                 round != NULL && round->secret &&
                 vt_station_allows_now (self->station, VT_KIND_OFFICE_CONTROL),
                 _("Con_trol Count…"), VT_KIND_OFFICE_CONTROL, preset, NULL);
  pv_row_button (self, row, "result",
                 round != NULL && round->piles->len > 0 &&
                 vt_station_allows_now (self->station, VT_KIND_OFFICE_RESULT),
                 _("_Result…"), VT_KIND_OFFICE_RESULT, preset, NULL);
  pv_row_button (self, row, "lot",
                 lot && vt_station_allows_now (self->station, VT_KIND_OFFICE_LOT),
                 _("Draw _Lots…"), VT_KIND_OFFICE_LOT, preset, NULL);
}

static void
add_office (VtPhaseView           *self,
            const VtMeetingOffice *office,
            gboolean               current,
            gboolean               before_current)
{
  g_autofree char *key = g_strdup_printf ("office:%s", office->id);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  GtkWidget *group;

  if (office->seats > 1)
    /* Translators: an office the meeting elects and its seats: "Styremedlem, 2 seats" */
    title = g_strdup_printf (ngettext ("%s, %d seat", "%s, %d seats", office->seats),
                             office->name, office->seats);
  else
    title = g_strdup (office->name);

  if (office->decided)
    description = dup_elected_text (office);
  else if (current)
    description = g_strdup (_("Being elected now"));
  else if (before_current)
    description = g_strdup (_("Not decided"));
  else
    description = g_strdup (_("Waits for the offices before it"));

  group = pv_ensure_group (self, key, title, description);

  for (guint i = 0; i < office->candidates->len; i++)
    {
      const VtMeetingCandidate *candidate = g_ptr_array_index (office->candidates, i);
      g_autofree char *row_key = g_strdup_printf ("office:%s:candidate:%s", office->id,
                                                  candidate->name);
      g_autofree char *withdraw = g_strdup_printf ("office=%s", office->id);
      g_autofree char *name = g_strdup_printf ("name=%s", candidate->name);
      /* Translators: the accessible name of the button: "Eva Vikøy withdraws" */
      g_autofree char *accessible = g_strdup_printf (_("%s withdraws"), candidate->name);
      const char *state;
      GtkWidget *withdraw_button;
      GtkWidget *row;

      if (candidate->elected)
        state = candidate->by_lot ? _("Elected by lot") : _("Elected");
      else if (candidate->withdrew)
        state = _("Withdrew");
      else if (office->decided)
        state = _("Not elected");
      else
        state = candidate->from_floor ? _("Candidate, proposed from the floor")
                                      : _("Candidate");
      row = pv_ensure_row (self, group, row_key, candidate->name, state);
      if (candidate->elected)
        pv_row_set_icon (row, "emblem-ok-symbolic", state);
      else
        pv_row_set_icon (row, "avatar-default-symbolic", state);
      withdraw_button = pv_row_button (self, row, "withdraw",
                                       current && !candidate->withdrew &&
                                       open_round (office) == NULL &&
                                       vt_station_allows_now (self->station,
                                                              VT_KIND_OFFICE_WITHDRAW),
                                       _("_Withdraws…"), VT_KIND_OFFICE_WITHDRAW, withdraw, name,
                                       NULL);
      /* Seldom needed: it stays out of the way of the office's next step. */
      gtk_widget_add_css_class (withdraw_button, "flat");
      pv_set_accessible_label (withdraw_button, accessible);
    }

  for (guint i = 0; i < office->rounds->len; i++)
    {
      const VtMeetingRound *round = g_ptr_array_index (office->rounds, i);
      g_autofree char *row_key = g_strdup_printf ("office:%s:round:%u", office->id,
                                                  round->number);
      g_autofree char *round_title = dup_round_title (office, round);
      g_autofree char *piles = dup_piles_text (round);
      GtkWidget *row = pv_ensure_row (self, group, row_key, round_title, piles);

      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      if (!round->closed)
        pv_row_set_icon (row, "media-record-symbolic", _("Under way"));
      else if (round_tied (office, round))
        pv_row_set_icon (row, "dialog-warning-symbolic", _("Tie"));
      else
        pv_row_set_done (row, TRUE);
    }

  if (current)
    add_office_step (self, group, office);
  else if (office->candidates->len == 0 && office->rounds->len == 0)
    {
      g_autofree char *none = g_strdup_printf ("office:%s:none", office->id);

      pv_ensure_row (self, group, none, _("No candidates yet"), NULL);
    }
}

static void
add_offices (VtPhaseView    *self,
             VtOrganisation *meeting,
             VtPhase         now)
{
  GPtrArray *offices = vt_organisation_get_offices (meeting);
  const VtMeetingOffice *current = vt_organisation_get_current_office (meeting);
  gboolean before = TRUE;

  for (guint i = 0; i < offices->len; i++)
    {
      const VtMeetingOffice *office = g_ptr_array_index (offices, i);

      if (office == current)
        before = FALSE;
      add_office (self, office, office == current && now != VT_PHASE_SETUP, before);
    }
}

/* Before the meeting is constituted: what it will elect, in order. */
static void
add_office_list (VtPhaseView    *self,
                 VtOrganisation *meeting)
{
  GPtrArray *offices = vt_organisation_get_offices (meeting);
  GtkWidget *group = pv_ensure_group (self, "offices", _("Offices, in the order they are elected"),
                                      _("One at a time: someone not elected to one may stand "
                                        "for the next."));

  for (guint i = 0; i < offices->len; i++)
    {
      const VtMeetingOffice *office = g_ptr_array_index (offices, i);
      g_autofree char *key = g_strdup_printf ("offices:%s", office->id);
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, office->name);
      /* Translators: how many an office elects: "2 seats" */
      g_autofree char *seats = g_strdup_printf (ngettext ("%d seat", "%d seats", office->seats),
                                                office->seats);

      pv_ensure_row (self, group, key, title, office->seats > 1 ? seats : NULL);
    }
}

/* The protocol's summary: who holds which office now. */
static void
add_elected (VtPhaseView    *self,
             VtOrganisation *meeting)
{
  GPtrArray *offices = vt_organisation_get_offices (meeting);
  GtkWidget *group = pv_ensure_group (self, "elected", _("Elected"), NULL);

  for (guint i = 0; i < offices->len; i++)
    {
      const VtMeetingOffice *office = g_ptr_array_index (offices, i);
      g_autofree char *key = g_strdup_printf ("elected:%s", office->id);
      g_autofree char *names = dup_elected_text (office);
      GtkWidget *row;

      row = pv_ensure_row (self, group, key, office->name, office->decided ? names : NULL);
      pv_row_set_done (row, office->decided);
    }
}

/* The meeting chair and the two chosen sign the protocol, each on screen or in ink. */
static void
add_meeting_signers (VtPhaseView    *self,
                     VtOrganisation *meeting)
{
  GtkWidget *group = pv_ensure_group (self, "meeting-signers", _("Signatures"),
                                      _("The meeting chair and the two the meeting chose sign "
                                        "the protocol, on screen or in ink on the paper."));
  GTimeZone *tz = vt_config_get_timezone (vt_station_get_config (self->station));

  for (VtMeetingSigner signer = VT_MEETING_SIGNER_CHAIR; signer < VT_MEETING_N_SIGNERS; signer++)
    {
      const char *id = vt_meeting_signer_to_string (signer);
      const char *name = vt_organisation_get_signer_name (meeting, signer);
      const VtMeetingSignature *signature = vt_organisation_get_signature (meeting, signer);
      g_autofree char *key = g_strdup_printf ("meeting-signer:%s", id);
      /* Translators: the accessible name of the button: "Sign as Kari Olsen" */
      g_autofree char *accessible = g_strdup_printf (_("Sign as %s"), name);
      g_autofree char *subtitle = NULL;
      const char *role = signer == VT_MEETING_SIGNER_CHAIR ? _("Meeting chair")
                                                           : _("Chosen to sign the protocol");
      gboolean signed_ = signature != NULL && signature->seq > 0;
      GtkWidget *row;

      if (name == NULL)
        continue;
      if (signed_ && signature->time != NULL)
        {
          g_autoptr(GDateTime) at = g_date_time_to_timezone (signature->time, tz);
          g_autofree char *time = g_date_time_format (at, "%H:%M");

          subtitle = g_strdup_printf (signature->on_paper
                                      /* Translators: "Meeting chair · signed in ink on the
                                       * paper at 20:14" */
                                      ? _("%s · signed in ink on the paper at %s")
                                      /* Translators: "Meeting chair · signed on screen at
                                       * 20:14" */
                                      : _("%s · signed on screen at %s"), role, time);
        }
      else
        /* Translators: "Meeting chair · not signed yet" */
        subtitle = g_strdup_printf (_("%s · not signed yet"), role);
      row = pv_ensure_row (self, group, key, name, subtitle);
      pv_row_set_done (row, signed_);
      gtk_widget_set_visible (pv_row_action_button (row, "sign", _("Sign…"), "station.sign", id,
                                                    accessible),
                              !signed_ && vt_station_allows_now (self->station,
                                                                 VT_KIND_MEETING_SIGN));
    }
}

/* The meeting's documents, as the polling station's protocol page shows its protocol. */
static void
add_meeting_documents (VtPhaseView *self)
{
  static const VtDocumentKind documents[] = {
    VT_DOCUMENT_MEETING_PROTOCOL, VT_DOCUMENT_OFFICE_NOTICE,
  };
  VtConfig *config = vt_station_get_config (self->station);
  GtkWidget *group = pv_ensure_group (self, "meeting-documents", _("The protocol and the notice"),
                                      _("Made from the log as it is now. Check the protocol "
                                        "before it is signed; the notice goes to the region."));

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      const char *title = vt_document_kind_get_title (documents[i], config);
      const char *id = vt_document_kind_to_string (documents[i]);
      g_autofree char *key = g_strdup_printf ("document:%s", id);
      g_autofree char *preview = g_strdup_printf (_("Preview %s"), title);
      g_autofree char *export = g_strdup_printf (_("Save %s as PDF"), title);
      g_autofree char *print = g_strdup_printf (_("Print %s"), title);
      GtkWidget *row = pv_ensure_row (self, group, key, title, NULL);

      pv_row_action_button (row, "preview", _("Preview"), "station.preview", id, preview);
      pv_row_action_button (row, "export", _("PDF…"), "station.export", id, export);
      pv_row_action_button (row, "print", _("Print…"), "station.print", id, print);
    }
}

/* ---- the whole view --------------------------------------------------------------------- */

void
pv_build_meeting_sections (VtPhaseView *self)
{
  g_autoptr(VtOrganisation) meeting = vt_organisation_new (self->station);
  VtPhase now = vt_station_get_phase (self->station);
  VtPhase shown = self->shown;
  const char *label = vt_phase_get_meeting_label (shown);
  GtkWidget *title;

  g_assert (meeting != NULL);

  title = pv_ensure_label (self, "title", label != NULL ? label : vt_phase_get_label (shown),
                           "title-1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);

  if (shown != now)
    pv_ensure_label (self, "where", shown < now ? _("This part of the meeting is over. What "
                                                    "was done stays in the log.")
                                             : _("This part of the meeting has not started "
                                                 "yet."),
                     "dim-label");
  pv_ensure_label (self, "instruction", meeting_instruction (shown), "phase-instruction");

  if (shown == now)
    pv_add_findings (self);

  switch (shown)
    {
    case VT_PHASE_SETUP:
      /* The one step of this part first, where a small screen shows it without scrolling. */
      if (shown == now)
        pv_add_next_step (self, VT_KIND_MEETING_CONSTITUTED, _("_Constitute the Meeting…"),
                          _("Enter the meeting chair and the two who sign the protocol."));
      add_meeting (self, meeting, shown);
      add_office_list (self, meeting);
      break;
    case VT_PHASE_OPENING:
      /* The attendance first: no vote before it is registered. */
      add_meeting (self, meeting, shown);
      add_offices (self, meeting, now);
      break;
    case VT_PHASE_VOTING:
      /* The offices first: the one being elected is what the chair works on. */
      add_offices (self, meeting, now);
      add_meeting (self, meeting, shown);
      break;
    case VT_PHASE_PROTOCOL:
      /* Who was elected and who signs, before what the meeting was. */
      add_elected (self, meeting);
      add_meeting_documents (self);
      add_meeting_signers (self, meeting);
      pv_add_documents_link (self, _("The meeting’s protocol and the notice to the region, "
                                     "with their state"));
      add_meeting (self, meeting, shown);
      break;
    case VT_PHASE_NIGHT:
    case VT_PHASE_CLOSING:
    case VT_PHASE_COUNTING:
    case VT_N_PHASES:
    default:
      break;
    }

  if (shown == now)
    pv_add_all_commands (self);
}
