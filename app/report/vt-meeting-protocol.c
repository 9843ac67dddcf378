/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-meeting-protocol"

#include "config.h"

#include "vt-i18n.h"

#include "vt-documents-private.h"
#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
#include "vt-organisation.h"

/* An organisation's annual meeting on paper: the protocol of its elections, signed by the
 * meeting chair and the two the meeting chose, and the notice that tells the region who now
 * holds which office. Both are drawn from the read model (vt-organisation.h), so they tell
 * the meeting as the rules decided it. A secret ballot is never linked to a member, and no
 * member is named but the candidates, the chair, the two who sign and the vote counters. */

/* ---- words ------------------------------------------------------------------------------ */

static const char *
signer_role (VtMeetingSigner signer)
{
  switch (signer)
    {
    case VT_MEETING_SIGNER_CHAIR:
      return _("Meeting chair");
    case VT_MEETING_SIGNER_SIGNATORY:
    case VT_MEETING_SIGNER_SECOND_SIGNATORY:
      return _("Signs the protocol");
    default:
      g_return_val_if_reached ("");
    }
}

/* "For", "Against", "Blank ballots" …, as the catalogue labels office.count's piles; a
 * candidate's pile is the candidate's name. */
static const char *
pile_label (const VtMeetingPile *pile)
{
  static const char * const ids[] = { "candidate", "in-favour", "against", "abstain", "blank" };
  const VtField *field = vt_entry_kind_find_field (vt_entry_kind_lookup (VT_KIND_OFFICE_COUNT),
                                                   "pile");

  if (pile->kind == VT_MEETING_PILE_CANDIDATE && pile->candidate != NULL)
    return pile->candidate;
  return vt_field_choice_get_label (field, ids[pile->kind]);
}

static char *
format_date (GDateTime *time)
{
  return time != NULL ? g_date_time_format (time, "%d.%m.%Y") : g_strdup ("—");
}

static char *
join_names (GPtrArray *names)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new ();

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (names, i));
  g_ptr_array_add (copy, NULL);
  return g_strjoinv (", ", (char **)copy->pdata);
}

static const char *
candidate_outcome (const VtMeetingOffice    *office,
                   const VtMeetingCandidate *candidate)
{
  if (candidate->elected)
    return candidate->by_lot ? _("Elected by lot") : _("Elected");
  if (candidate->withdrew)
    return _("Withdrew");
  return office->decided ? _("Not elected") : "—";
}

/* ---- the protocol ----------------------------------------------------------------------- */

static void
add_meeting (Builder        *b,
             VtOrganisation *meeting)
{
  g_autofree char *date = format_date (vt_organisation_get_date (meeting));
  g_autofree char *opening = NULL;
  g_autofree char *entitled = vt_format_count (vt_organisation_get_entitled (meeting));
  g_autofree char *present = vt_organisation_get_present (meeting) >= 0
                               ? vt_format_count (vt_organisation_get_present (meeting))
                               : g_strdup ("—");
  VtDocTable *table;

  /* Translators: "Fjordvik lokallag of Folkehjelpa held its annual meeting on 11.03.2027 at
   * Fjordvik grendehus." */
  opening = g_strdup_printf (_("%s of %s held its annual meeting on %s at %s."),
                             vt_organisation_get_group_name (meeting),
                             vt_organisation_get_organisation_name (meeting), date,
                             vt_organisation_get_place (meeting));
  vt_doc_paragraph (b->doc, opening);

  vt_doc_heading (b->doc, 2, _("The meeting"));
  table = vt_builder_table_new (b, 2, "", 1.0, VT_DOC_ALIGN_LEFT, "", 1.0, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < VT_MEETING_N_SIGNERS; i++)
    {
      const char *name = vt_organisation_get_signer_name (meeting, (VtMeetingSigner)i);
      vt_builder_row (table, VT_DOC_ROW_NORMAL, signer_role ((VtMeetingSigner)i),
                      name != NULL ? name : "—", NULL);
    }
  vt_builder_row (table, VT_DOC_ROW_NORMAL, _("Entitled to vote"), entitled, NULL);
  vt_builder_row (table, VT_DOC_ROW_NORMAL, _("Present with the right to vote"), present, NULL);
  vt_doc_table_end (table);
}

static void
add_round (Builder               *b,
           const VtMeetingOffice *office,
           const VtMeetingRound  *round)
{
  g_autofree char *heading = NULL;
  VtDocTable *table;

  heading = round->secret
              /* Translators: "Vote 2: secret, by ballot" */
              ? g_strdup_printf (_("Vote %u: secret, by ballot"), round->number)
              /* Translators: "Vote 1: open, by show of hands" */
              : g_strdup_printf (_("Vote %u: open, by show of hands"), round->number);
  vt_doc_heading (b->doc, 3, heading);

  /* A secret vote names who counted each pile and who control-counted it; an open one is
   * counted by the chair from the show of hands. */
  table = round->secret
            ? vt_builder_table_new (b, 5, _("Pile"), 2.0, VT_DOC_ALIGN_LEFT,
                                    _("Votes"), 1.0, VT_DOC_ALIGN_RIGHT,
                                    _("Vote counter"), 2.0, VT_DOC_ALIGN_LEFT,
                                    _("Control count"), 1.2, VT_DOC_ALIGN_RIGHT,
                                    _("Control counter"), 2.0, VT_DOC_ALIGN_LEFT)
            : vt_builder_table_new (b, 2, _("Pile"), 2.0, VT_DOC_ALIGN_LEFT,
                                    _("Votes"), 1.0, VT_DOC_ALIGN_RIGHT);
  for (guint i = 0; i < round->piles->len; i++)
    {
      const VtMeetingPile *pile = g_ptr_array_index (round->piles, i);
      g_autofree char *votes = vt_format_count (pile->votes);
      g_autofree char *control = pile->controlled ? vt_format_count (pile->control)
                                                  : g_strdup ("—");

      if (round->secret)
        vt_builder_row (table, VT_DOC_ROW_NORMAL, pile_label (pile), votes,
                        pile->counter != NULL ? pile->counter : "—", control,
                        pile->controller != NULL ? pile->controller : "—", NULL);
      else
        vt_builder_row (table, VT_DOC_ROW_NORMAL, pile_label (pile), votes, NULL);
    }
  vt_doc_table_end (table);

  if (!round->closed)
    vt_doc_note (b->doc, _("The vote is not closed yet."));
  else if (round->tie && round->number < office->rounds->len)
    vt_doc_paragraph (b->doc, _("The vote ended in a tie. The tied candidates were voted on "
                                "again."));
  else if (round->tie)
    vt_doc_paragraph (b->doc, _("The vote ended in a tie again. It was decided by lot."));
}

static void
add_office (Builder               *b,
            const VtMeetingOffice *office)
{
  g_autofree char *seats = NULL;
  VtDocTable *table;

  vt_doc_heading (b->doc, 2, office->name);
  if (office->seats > 1)
    {
      /* Translators: under an office's name in the meeting's protocol: "2 seats" */
      seats = g_strdup_printf (ngettext ("%d seat", "%d seats", office->seats), office->seats);
      vt_doc_note (b->doc, seats);
    }

  if (office->candidates->len == 0)
    vt_doc_paragraph (b->doc, _("No candidate has come forward."));
  else
    {
      table = vt_builder_table_new (b, 3, _("Candidate"), 2.0, VT_DOC_ALIGN_LEFT,
                                    _("Proposed by"), 1.5, VT_DOC_ALIGN_LEFT,
                                    _("Outcome"), 1.5, VT_DOC_ALIGN_LEFT);
      for (guint i = 0; i < office->candidates->len; i++)
        {
          const VtMeetingCandidate *candidate = g_ptr_array_index (office->candidates, i);

          vt_builder_row (table, VT_DOC_ROW_NORMAL, candidate->name,
                          candidate->from_floor ? _("From the floor")
                                                : _("The nomination committee"),
                          candidate_outcome (office, candidate), NULL);
        }
      vt_doc_table_end (table);
    }

  for (guint i = 0; i < office->rounds->len; i++)
    add_round (b, office, g_ptr_array_index (office->rounds, i));

  if (office->lot)
    for (guint i = 0; i < office->candidates->len; i++)
      {
        const VtMeetingCandidate *candidate = g_ptr_array_index (office->candidates, i);

        if (candidate->by_lot)
          {
            /* Translators: "Drawn by lot: Jon Sæther" */
            g_autofree char *text = g_strdup_printf (_("Drawn by lot: %s"), candidate->name);
            vt_doc_paragraph (b->doc, text);
          }
      }

  if (office->decided)
    {
      g_autofree char *names = join_names (office->elected);
      /* Translators: the result of an office in the meeting's protocol: "Elected: Dag
       * Nesheim" */
      g_autofree char *text = g_strdup_printf (_("Elected: %s"), names);

      if (office->elected->len > 0)
        vt_doc_paragraph (b->doc, text);
      if (office->vacant > 0)
        {
          g_autofree char *vacant = g_strdup_printf (
            /* Translators: in the meeting's protocol, after who was elected */
            ngettext ("Left vacant by the meeting: %d seat.",
                      "Left vacant by the meeting: %d seats.", office->vacant),
            office->vacant);
          vt_doc_paragraph (b->doc, vacant);
        }
    }
  else
    vt_doc_paragraph (b->doc, _("Not decided yet."));
}

static void
add_signatures (Builder        *b,
                VtOrganisation *meeting)
{
  VtDocSigner signers[VT_MEETING_N_SIGNERS] = { { 0 } };
  GArray *points[VT_MEETING_N_SIGNERS] = { NULL };
  char *roles[VT_MEETING_N_SIGNERS] = { NULL };
  gboolean stale = FALSE;

  /* The signatures are a page of their own: nobody signs under half a table. */
  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Signatures:"));
  if (!vt_organisation_all_decided (meeting))
    vt_doc_paragraph (b->doc, _("Not every office is decided: the protocol is not ready to be "
                                "signed."));
  for (guint i = 0; i < VT_MEETING_N_SIGNERS; i++)
    {
      const VtMeetingSignature *signature = vt_organisation_get_signature (meeting,
                                                                           (VtMeetingSigner)i);
      const char *name = vt_organisation_get_signer_name (meeting, (VtMeetingSigner)i);
      VtJournalEntry *entry = vt_builder_entry_at (b, signature->seq);

      if (signature->seq == 0 || entry == NULL)
        roles[i] = g_strdup (signer_role ((VtMeetingSigner)i));
      else if (vt_builder_signature_state (b, entry) == VT_SIGNATURE_STALE)
        {
          /* Signed before the log changed what the protocol says: not shown as signed. */
          roles[i] = g_strdup (signer_role ((VtMeetingSigner)i));
          stale = TRUE;
        }
      else
        {
          g_autofree char *when = g_date_time_format (signature->time, "%d.%m.%Y %H:%M");

          roles[i] = g_strdup_printf (signature->on_paper
                                        /* Translators: "Meeting chair · signed in ink on the
                                         * paper 11.03.2027 21:15" */
                                        ? _("%s · signed in ink on the paper %s")
                                        /* Translators: "Meeting chair · signed on screen
                                         * 11.03.2027 21:15" */
                                        : _("%s · signed on screen %s"),
                                      signer_role ((VtMeetingSigner)i), when);
          if (!signature->on_paper)
            {
              points[i] = vt_builder_signature_points (entry);
              signers[i].points = (const double *)(void *)points[i]->data;
              signers[i].n_points = points[i]->len;
            }
        }
      signers[i].role = roles[i];
      signers[i].name = name != NULL ? name : "";
    }
  if (stale)
    vt_doc_paragraph (b->doc, _("AMENDED AFTER SIGNING: the log changed what this protocol says "
                                "after some signatures were given. Annul those signatures in "
                                "the log, then sign again, on screen or on this page."));
  vt_doc_signatures (b->doc, signers, VT_MEETING_N_SIGNERS);
  for (guint i = 0; i < VT_MEETING_N_SIGNERS; i++)
    {
      g_free (roles[i]);
      if (points[i] != NULL)
        g_array_unref (points[i]);
    }
}

void
vt_builder_meeting_protocol (Builder *b)
{
  g_autoptr(VtOrganisation) meeting = vt_organisation_new (b->station);
  GPtrArray *offices;

  g_return_if_fail (meeting != NULL);

  vt_doc_heading (b->doc, 1, vt_document_kind_get_title (VT_DOCUMENT_MEETING_PROTOCOL,
                                                         b->config));
  add_meeting (b, meeting);
  offices = vt_organisation_get_offices (meeting);
  for (guint i = 0; i < offices->len; i++)
    add_office (b, g_ptr_array_index (offices, i));
  add_signatures (b, meeting);
}

/* ---- the notice to the region ----------------------------------------------------------- */

void
vt_builder_office_notice (Builder *b)
{
  g_autoptr(VtOrganisation) meeting = vt_organisation_new (b->station);
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  GPtrArray *offices;
  VtDocTable *table;
  const char *chair;

  g_return_if_fail (meeting != NULL);

  date = format_date (vt_organisation_get_date (meeting));
  vt_doc_heading (b->doc, 1, vt_document_kind_get_title (VT_DOCUMENT_OFFICE_NOTICE, b->config));
  /* Translators: "To the region: at its annual meeting on 11.03.2027, Fjordvik lokallag of
   * Folkehjelpa elected these to its offices." */
  text = g_strdup_printf (_("To the region: at its annual meeting on %s, %s of %s elected "
                            "these to its offices."), date,
                          vt_organisation_get_group_name (meeting),
                          vt_organisation_get_organisation_name (meeting));
  vt_doc_paragraph (b->doc, text);

  table = vt_builder_table_new (b, 2, _("Office"), 1.0, VT_DOC_ALIGN_LEFT,
                                _("Now held by"), 2.0, VT_DOC_ALIGN_LEFT);
  offices = vt_organisation_get_offices (meeting);
  for (guint i = 0; i < offices->len; i++)
    {
      const VtMeetingOffice *office = g_ptr_array_index (offices, i);
      g_autofree char *names = office->decided ? join_names (office->elected)
                                               : g_strdup (_("Not decided yet"));

      if (office->decided && office->vacant > 0)
        {
          g_autofree char *held = g_steal_pointer (&names);
          /* Translators: who holds an office in the notice to the region, when the meeting
           * left seats vacant: "Vacant", or "Eva Vikøy; 1 vacant" */
          names = held[0] == '\0'
                    ? g_strdup (_("Vacant"))
                    : g_strdup_printf (ngettext ("%s; %d vacant", "%s; %d vacant",
                                                 office->vacant), held, office->vacant);
        }
      vt_builder_row (table, VT_DOC_ROW_NORMAL, office->name, names, NULL);
    }
  vt_doc_table_end (table);

  vt_doc_note (b->doc, _("New leaders are to be invited to the organisation's training."));
  chair = vt_organisation_get_signer_name (meeting, VT_MEETING_SIGNER_CHAIR);
  if (chair != NULL)
    {
      /* Translators: "The meeting was chaired by Gunn Lien; its protocol has the details." */
      g_autofree char *chaired = g_strdup_printf (_("The meeting was chaired by %s; its "
                                                    "protocol has the details."), chair);
      vt_doc_paragraph (b->doc, chaired);
    }
}
