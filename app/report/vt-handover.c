/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-handover"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include "vt-i18n.h"

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-documents-private.h"
#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
#include "vt-role.h"
#include "vt-station-state.h"
#include "vt-store-private.h"

/* ---- packing lists, receipt, seal register ---------------------------------------------- */

static VtJournalEntry *
last_of_kind (Builder    *b,
              const char *kind)
{
  for (guint i = b->entries->len; i > 0; i--)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i - 1);
      if (g_str_equal (vt_journal_entry_get_kind (entry), kind) && !vt_builder_is_annulled (b, entry))
        return entry;
    }
  return NULL;
}

/* The number a packing-list item's "count" names, or NULL when it is not known yet. */
static char *
resolve_count (Builder    *b,
               const char *count)
{
  g_auto(GStrv) parts = g_strsplit (count, ":", 2);
  GPtrArray *contests = vt_config_get_contests (b->config);
  gint64 n = 0;
  gboolean known = FALSE;

  if (parts[1] == NULL)
    return NULL;
  if (g_str_equal (parts[0], "roll-marks") && g_str_equal (parts[1], "total"))
    known = vt_builder_roll_marks_total (b, 0, &n);
  else if (g_str_equal (parts[0], "envelopes"))
    {
      GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);
      gboolean counted;

      known = TRUE;
      for (guint i = 0; i < reasons->len; i++)
        {
          VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
          if (g_str_equal (parts[1], "total") || g_str_equal (parts[1], reason->id))
            n += vt_builder_envelopes (b, reason->id, &counted);
        }
    }
  else if (g_str_equal (parts[0], "shipment"))
    {
      /* What the board counted into shipment 1 (rolls, stamps, envelopes), as corrected. */
      VtJournalEntry *packed = last_of_kind (b, VT_KIND_SHIPMENT_PACKED);
      g_autoptr(JsonObject) payload = NULL;

      if (packed != NULL)
        payload = vt_rules_effective_payload (vt_store_get_db (vt_station_get_store (b->station)),
                                              vt_journal_entry_get_seq (packed),
                                              vt_journal_entry_get_payload (packed));
      if (payload != NULL && json_object_has_member (payload, parts[1]))
        {
          known = TRUE;
          n = json_object_get_int_member (payload, parts[1]);
        }
    }
  else if (g_str_equal (parts[0], "strips") && g_str_equal (parts[1], "returned"))
    {
      g_autoptr(GPtrArray) strips = vt_station_dup_strips (b->station);
      known = TRUE;
      for (guint i = 0; i < strips->len; i++)
        n += g_str_equal (((VtStripState *)g_ptr_array_index (strips, i))->status, "returned");
    }
  else
    for (guint c = 0; c < contests->len; c++)
      {
        VtContest *contest = g_ptr_array_index (contests, c);

        if (!g_str_equal (contest->id, parts[1]))
          continue;
        if (g_str_equal (parts[0], "ballots"))
          known = vt_builder_approved_ballots (b, contest, &n);
        else if (g_str_equal (parts[0], "blank") || g_str_equal (parts[0], "doubtful"))
          known = vt_station_get_pile (b->station, contest->id, parts[0], &n);
      }
  return known ? g_strdup_printf ("%" PRId64, n) : NULL;
}

static void
ink_signatures (Builder            *b,
                const char * const *roles)
{
  g_autoptr(GArray) signers = g_array_new (FALSE, TRUE, sizeof (VtDocSigner));

  for (guint i = 0; roles[i] != NULL; i++)
    {
      VtDocSigner signer = { roles[i], "", NULL, 0 };
      g_array_append_val (signers, signer);
    }
  vt_doc_form_signatures (b->doc, (const VtDocSigner *)(void *)signers->data, signers->len);
}

void
vt_builder_packing_lists (Builder *b)
{
  GPtrArray *lists = vt_config_get_packing_lists (b->config);

  for (guint i = 0; i < lists->len; i++)
    {
      VtPackingList *list = g_ptr_array_index (lists, i);
      VtDocTable *table;
      const char *roles[] = { _("Packed by"), _("Checked by"), NULL };

      if (i > 0)
        vt_doc_page_break (b->doc);
      vt_doc_heading (b->doc, 1, list->title);
      vt_doc_note (b->doc, _("Tick each item as it goes into the box. A count left blank was not "
                             "known when the list was printed: write it in."));
      table = vt_builder_table_new (b, 3, "", 0.4, VT_DOC_ALIGN_CHECKBOX, _("Item"), 6.0, VT_DOC_ALIGN_LEFT,
                         _("Count"), 1.2, VT_DOC_ALIGN_RIGHT);
      for (guint j = 0; j < list->items->len; j++)
        {
          VtPackingItem *item = g_ptr_array_index (list->items, j);
          g_autofree char *count = item->count != NULL ? resolve_count (b, item->count) : NULL;

          ROW (table, VT_DOC_ROW_NORMAL, "", item->text, count != NULL ? count : "");
        }
      vt_doc_table_end (table);
      ink_signatures (b, roles);
    }
  if (lists->len == 0)
    vt_doc_paragraph (b->doc, _("The election configuration has no packing lists."));
}

void
vt_builder_receipt (Builder *b)
{
  VtJournalEntry *packed = last_of_kind (b, VT_KIND_SHIPMENT_PACKED);
  VtJournalEntry *handed = last_of_kind (b, VT_KIND_SHIPMENT_HANDED_OVER);
  g_autoptr(JsonObject) packed_payload = packed != NULL
    ? vt_station_dup_effective_payload (b->station, packed) : NULL;
  g_autoptr(JsonObject) handed_payload = handed != NULL
    ? vt_station_dup_effective_payload (b->station, handed) : NULL;
  const VtPerson *chair = vt_config_get_chair (b->config);
  GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);
  const char *copies[] = { _("Copy 1 of 2: stays in the election binder"),
                           _("Copy 2 of 2: travels with shipment 1") };
  g_autoptr(GPtrArray) findings = vt_station_run_checks (b->station);

  for (guint copy = 0; copy < G_N_ELEMENTS (copies); copy++)
    {
      VtDocTable *table;
      const char *roles[] = { _("Handed over by"), _("Received by"), NULL };
      g_autofree char *when = handed != NULL
        ? vt_builder_format_time (b, vt_journal_entry_get_time (handed), "%d.%m.%Y %H:%M") : NULL;
      const char *to = handed_payload != NULL
        ? json_object_get_string_member_with_default (handed_payload, "to", NULL) : NULL;

      if (copy > 0)
        vt_doc_page_break (b->doc);
      vt_doc_heading (b->doc, 1, _("Handover receipt for shipment 1"));
      vt_doc_heading (b->doc, 3, copies[copy]);

      table = vt_builder_table_new (b, 2, _("Contents"), 5.0, VT_DOC_ALIGN_LEFT, _("Count"), 1.2,
                         VT_DOC_ALIGN_RIGHT);
      {
        static const struct { const char *field; const char *label; } items[] = {
          { "rolls", N_("Rolls (with the marks per table)") },
          { "stamps", N_("Stamps") },
          { "envelopes", N_("Envelopes packed, special and emergency") },
        };
        for (guint i = 0; i < G_N_ELEMENTS (items); i++)
          {
            g_autofree char *n = packed_payload != NULL
              ? g_strdup_printf ("%" PRId64, json_object_get_int_member_with_default (
                                                packed_payload, items[i].field, 0))
              : g_strdup ("");
            ROW (table, i == 2 ? VT_DOC_ROW_TOTAL : VT_DOC_ROW_NORMAL, _(items[i].label), n);
          }
      }
      /* The special envelopes (særskilte omslag) with their reasons, then the emergency
       * envelopes on a line of their own: they are not special envelopes but the votes taken
       * while the electronic roll was down, and the protocol counts them apart (B1). */
      {
        gint64 special = 0;

        for (guint i = 0; i < reasons->len; i++)
          {
            VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
            gboolean counted;

            if (reason->field != VT_FIELD_EMERGENCY)
              special += vt_builder_envelopes (b, reason->id, &counted);
          }
        {
          g_autofree char *n = g_strdup_printf ("%" PRId64, special);
          ROW (table, VT_DOC_ROW_NORMAL, _("Special envelopes in total"), n);
        }
      }
      for (guint i = 0; i < reasons->len; i++)
        {
          VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
          gboolean counted;
          g_autofree char *n = NULL;
          g_autofree char *label = NULL;

          if (reason->field == VT_FIELD_EMERGENCY)
            continue;
          n = g_strdup_printf ("%" PRId64, vt_builder_envelopes (b, reason->id, &counted));
          /* Translators: a line of the receipt under "Special envelopes in total" */
          label = g_strdup_printf (_("of which: %s"), reason->label);
          ROW (table, VT_DOC_ROW_NORMAL, label, n);
        }
      for (guint i = 0; i < reasons->len; i++)
        {
          VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
          gboolean counted;
          g_autofree char *n = NULL;

          if (reason->field != VT_FIELD_EMERGENCY)
            continue;
          n = g_strdup_printf ("%" PRId64, vt_builder_envelopes (b, reason->id, &counted));
          ROW (table, VT_DOC_ROW_NORMAL, _("Emergency envelopes"), n);
        }
      vt_doc_table_end (table);

      table = vt_builder_table_new (b, 2, "", 1.6, VT_DOC_ALIGN_LEFT, "", 4.0, VT_DOC_ALIGN_LEFT);
      ROW (table, VT_DOC_ROW_NORMAL, _("From"), chair != NULL ? chair->name : "");
      ROW (table, VT_DOC_ROW_NORMAL, _("To"), to != NULL ? to : "");
      ROW (table, VT_DOC_ROW_NORMAL, _("Handed over"), when != NULL ? when : "");
      vt_doc_table_end (table);
      ink_signatures (b, roles);
      /* the protocol's numbers and the checksum, for whoever receives the shipment to scan */
      vt_builder_results_qr (b, findings);
    }
}

/* The final delivery: the ballots and the election binder go to the municipality after the
 * count. Its contents are the boxes the packing lists describe, with their counts. */
void
vt_builder_final_delivery (Builder *b)
{
  GPtrArray *contests = vt_config_get_contests (b->config);
  GPtrArray *lists = vt_config_get_packing_lists (b->config);
  const VtPerson *chair = vt_config_get_chair (b->config);
  const char *copies[] = { _("Copy 1 of 2: stays with the polling station's chair"),
                           _("Copy 2 of 2: travels with the delivery") };

  for (guint copy = 0; copy < G_N_ELEMENTS (copies); copy++)
    {
      VtDocTable *table;
      const char *roles[] = { _("Handed over by"), _("Received by"), NULL };

      vt_doc_page_break (b->doc);
      vt_doc_heading (b->doc, 1, _("Handover receipt for the final delivery"));
      vt_doc_heading (b->doc, 3, copies[copy]);
      table = vt_builder_table_new (b, 2, _("Contents"), 5.0, VT_DOC_ALIGN_LEFT, _("Count"), 1.2,
                         VT_DOC_ALIGN_RIGHT);
      for (guint c = 0; c < contests->len; c++)
        {
          VtContest *contest = g_ptr_array_index (contests, c);
          static const char *const piles[] = { "approved", "blank", "doubtful" };

          ROW (table, VT_DOC_ROW_SUBHEAD, contest->name, "");
          for (guint p = 0; p < G_N_ELEMENTS (piles); p++)
            {
              gint64 n;
              gboolean known = p == 0 ? vt_builder_approved_ballots (b, contest, &n)
                                      : vt_station_get_pile (b->station, contest->id, piles[p],
                                                             &n);
              g_autofree char *count = known ? g_strdup_printf ("%" PRId64, n) : g_strdup ("");
              ROW (table, VT_DOC_ROW_NORMAL,
                   p == 0 ? _("Approved ballots") : p == 1 ? _("Blank ballots")
                                                           : _("Doubtful ballots"),
                   count);
            }
        }
      if (lists->len > 0)
        ROW (table, VT_DOC_ROW_SUBHEAD, _("Packed as on the packing lists"), "");
      for (guint i = 0; i < lists->len; i++)
        ROW (table, VT_DOC_ROW_NORMAL, ((VtPackingList *)g_ptr_array_index (lists, i))->title,
             "");
      vt_doc_table_end (table);

      table = vt_builder_table_new (b, 2, "", 1.6, VT_DOC_ALIGN_LEFT, "", 4.0, VT_DOC_ALIGN_LEFT);
      ROW (table, VT_DOC_ROW_NORMAL, _("From"), chair != NULL ? chair->name : "");
      ROW (table, VT_DOC_ROW_NORMAL, _("To"), "");
      ROW (table, VT_DOC_ROW_NORMAL, _("Handed over"), "");
      vt_doc_table_end (table);
      ink_signatures (b, roles);
    }
}

void
vt_builder_seals (Builder *b)
{
  vt_doc_heading (b->doc, 1, vt_document_kind_get_title (VT_DOCUMENT_SEALS, b->config));
  vt_doc_note (b->doc, _("Every numbered seal strip received: where it went, when and by which "
                         "log entry (in brackets). Received = on an urn + broken + void + "
                         "returned + not accounted for."));
  vt_builder_seal_register (b);
}
