/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-protocol"

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

/* The protocol: the official form, part by part, and its annexes. */

/* ---- the form ----------------------------------------------------------------------- */

static void
add_a1 (Builder *b)
{
  GPtrArray *days = vt_config_get_days (b->config);
  VtDocTable *table;

  vt_doc_heading (b->doc, 2, _("A1 Election days and opening hours"));
  table = vt_builder_table_new (b, 4, _("Day"), 1.0, VT_DOC_ALIGN_LEFT, _("Date"), 1.4, VT_DOC_ALIGN_LEFT,
                     _("Opening hours"), 1.6, VT_DOC_ALIGN_LEFT,
                     _("Doors opened and closed"), 2.4, VT_DOC_ALIGN_LEFT);
  for (guint d = 0; d < days->len; d++)
    {
      VtElectionDay *day = g_ptr_array_index (days, d);
      g_autofree char *number = g_strdup_printf ("%u", d + 1);
      g_autofree char *date = g_date_time_format (day->opens, "%d.%m.%Y");
      g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");
      g_autofree char *closes = g_date_time_format (day->closes, "%H:%M");
      g_autofree char *hours = g_strdup_printf ("%s–%s", opens, closes);
      GString *doors = g_string_new (NULL);

      for (guint i = 0; i < b->entries->len; i++)
        {
          VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
          const char *kind = vt_journal_entry_get_kind (entry);
          g_autofree char *on = NULL;
          g_autofree char *at = NULL;

          if ((!g_str_equal (kind, "doors.open") && !g_str_equal (kind, "doors.close")) ||
              vt_builder_is_annulled (b, entry))
            continue;
          on = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%Y-%m-%d");
          if (!g_str_equal (on, day->date))
            continue;
          at = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%H:%M");
          g_string_append_printf (doors, "%s%s %s", doors->len > 0 ? ", " : "",
                                  g_str_equal (kind, "doors.open") ? _("opened") : _("closed"),
                                  at);
        }
      ROW (table, VT_DOC_ROW_NORMAL, number, date, hours, doors->str);
      g_string_free (doors, TRUE);
    }
  vt_doc_table_end (table);
}

/* First arrival and last departure of @person, from the log. */
static void
attendance (Builder    *b,
            const char *person,
            char      **arrived,
            char      **left,
            gboolean   *signed_)
{
  *arrived = NULL;
  *left = NULL;
  *signed_ = FALSE;
  for (guint i = 0; i < b->entries->len; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      const char *kind = vt_journal_entry_get_kind (entry);
      JsonObject *payload = vt_journal_entry_get_payload_object (entry);

      if (!g_str_has_prefix (kind, "person.") || vt_builder_is_annulled (b, entry) ||
          g_strcmp0 (json_object_get_string_member_with_default (payload, "person", NULL),
                     person) != 0)
        continue;
      if (g_str_equal (kind, "person.arrive") && *arrived == NULL)
        *arrived = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M");
      else if (g_str_equal (kind, "person.leave"))
        {
          g_free (*left);
          *left = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M");
        }
      else if (g_str_equal (kind, "person.declaration"))
        *signed_ = TRUE;
    }
}

static void
add_a2 (Builder *b)
{
  GPtrArray *people = vt_config_get_people (b->config);
  VtDocTable *table;

  vt_doc_heading (b->doc, 2, _("A2 The polling-station board"));
  table = vt_builder_table_new (b, 3, _("Name"), 3.0, VT_DOC_ALIGN_LEFT, _("Function"), 2.0,
                     VT_DOC_ALIGN_LEFT, _("Present"), 1.0, VT_DOC_ALIGN_CENTER);
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      g_autofree char *arrived = NULL;
      g_autofree char *left = NULL;
      gboolean signed_;

      if (!vt_role_is_board (person->role))
        continue;
      attendance (b, person->id, &arrived, &left, &signed_);
      ROW (table, VT_DOC_ROW_NORMAL, person->name, vt_role_get_label (person->role),
           arrived != NULL ? _("yes") : _("no"));
    }
  vt_doc_table_end (table);
}

static const char *
protocol_field_label (VtProtocolField field)
{
  switch (field)
    {
    case VT_FIELD_OTHER_PRECINCT:
      return _("Other precinct (paper roll)");
    case VT_FIELD_SPECIAL:
      return _("Special envelope");
    case VT_FIELD_EMERGENCY:
      return _("Emergency envelope");
    default:
      return "";
    }
}

static void
add_b1 (Builder *b)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);
  VtDocTable *table;
  gint64 total = 0;
  gboolean all_counted = TRUE;
  g_autofree char *total_text = NULL;

  vt_doc_heading (b->doc, 2, _("B1 Envelope votes"));
  vt_doc_note (b->doc, _("Votes cast in a special or emergency envelope, sent unopened with "
                         "shipment 1 to be tried centrally."));
  table = vt_builder_table_new (b, 3, _("Reason"), 4.0, VT_DOC_ALIGN_LEFT, _("Kind"), 2.2,
                     VT_DOC_ALIGN_LEFT, _("Envelopes"), 1.2, VT_DOC_ALIGN_RIGHT);
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gboolean counted;
      gint64 n = vt_builder_envelopes (b, reason->id, &counted);
      g_autofree char *count = g_strdup_printf ("%" PRId64 "%s", n, counted ? "" : " *");

      all_counted &= counted;
      total += n;
      ROW (table, VT_DOC_ROW_NORMAL, reason->label, protocol_field_label (reason->field), count);
    }
  total_text = g_strdup_printf ("%" PRId64, total);
  ROW (table, VT_DOC_ROW_TOTAL, _("Total"), "", total_text);
  vt_doc_table_end (table);
  if (!all_counted)
    vt_doc_note (b->doc, _("* Logged during the day; not yet counted at closing."));
}

static VtFinding *
find_finding (GPtrArray  *findings,
              const char *code,
              const char *subject)
{
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      if (g_str_equal (finding->code, code) && g_strcmp0 (finding->subject, subject) == 0)
        return finding;
    }
  return NULL;
}

static void
add_c1 (Builder   *b,
        GPtrArray *findings)
{
  GPtrArray *contests = vt_config_get_contests (b->config);
  GPtrArray *days = vt_config_get_days (b->config);
  guint n = contests->len;
  VtDocTable *table = vt_doc_table_new (b->doc, n + 1);
  static const char *const piles[] = { "blank", "doubtful" };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  vt_doc_heading (b->doc, 2, _("C1 Ballots in the urns"));
  vt_doc_table_set_column (table, 0, "", 2.6, VT_DOC_ALIGN_LEFT);
  for (guint c = 0; c < n; c++)
    vt_doc_table_set_column (table, c + 1, ((VtContest *)g_ptr_array_index (contests, c))->name,
                             1.6, VT_DOC_ALIGN_RIGHT);

#define EMIT_ROW(style) \
  G_STMT_START { \
    g_ptr_array_add (cells, NULL); \
    vt_doc_table_add_row (table, (style), (const char * const *)cells->pdata); \
    g_ptr_array_set_size (cells, 0); \
  } G_STMT_END

  /* approved, blank, doubtful, total */
  g_ptr_array_add (cells, g_strdup (_("Approved ballots")));
  for (guint c = 0; c < n; c++)
    {
      gint64 approved;
      gboolean known = vt_builder_approved_ballots (b, g_ptr_array_index (contests, c), &approved);
      g_ptr_array_add (cells, vt_builder_count_text (known, approved));
    }
  EMIT_ROW (VT_DOC_ROW_NORMAL);
  for (guint p = 0; p < G_N_ELEMENTS (piles); p++)
    {
      g_ptr_array_add (cells, g_strdup (p == 0 ? _("Blank ballots") : _("Doubtful ballots")));
      for (guint c = 0; c < n; c++)
        {
          gint64 pile;
          gboolean known = vt_station_get_pile (b->station,
                                                ((VtContest *)g_ptr_array_index (contests, c))->id,
                                                piles[p], &pile);
          g_ptr_array_add (cells, vt_builder_count_text (known, pile));
        }
      EMIT_ROW (VT_DOC_ROW_NORMAL);
    }
  g_ptr_array_add (cells, g_strdup (_("Ballots in total")));
  for (guint c = 0; c < n; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      gint64 approved, blank, doubtful;
      gboolean known = vt_builder_approved_ballots (b, contest, &approved) &&
                       vt_station_get_pile (b->station, contest->id, "blank", &blank) &&
                       vt_station_get_pile (b->station, contest->id, "doubtful", &doubtful);
      g_ptr_array_add (cells, vt_builder_count_text (known, approved + blank + doubtful));
    }
  EMIT_ROW (VT_DOC_ROW_TOTAL);

  /* the roll marks, per day and in total, beside each contest */
  for (guint d = 1; d <= days->len && days->len > 1; d++)
    {
      gint64 marks;
      gboolean known = vt_builder_roll_marks_total (b, (int)d, &marks);

      /* Translators: a row of the protocol: "Marks in the roll, day 1" */
      g_ptr_array_add (cells, g_strdup_printf (_("Marks in the roll, day %u"), d));
      for (guint c = 0; c < n; c++)
        g_ptr_array_add (cells, vt_builder_count_text (known, marks));
      EMIT_ROW (VT_DOC_ROW_NORMAL);
    }
  {
    gint64 marks;
    gboolean known = vt_builder_roll_marks_total (b, 0, &marks);

    g_ptr_array_add (cells, g_strdup (_("Marks in the roll in total")));
    for (guint c = 0; c < n; c++)
      g_ptr_array_add (cells, vt_builder_count_text (known, marks));
    EMIT_ROW (VT_DOC_ROW_TOTAL);
  }
#undef EMIT_ROW
  vt_doc_table_end (table);

  /* A remark for every contest, and every difference explained. */
  vt_doc_heading (b->doc, 3, _("Remarks"));
  for (guint c = 0; c < n; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      VtFinding *finding = find_finding (findings, "K402", contest->id);
      g_autofree char *text = NULL;

      if (finding == NULL)
        /* Translators: "Kommunestyrevalget: the ballots agree with the marks in the roll." */
        text = g_strdup_printf (_("%s: the ballots agree with the marks in the roll, or the "
                                  "count is not finished."), contest->name);
      else if (finding->explanation != NULL)
        /* Translators: a difference and the board's explanation of it */
        text = g_strdup_printf (_("%s. Explanation: %s"), finding->message,
                                finding->explanation);
      else
        text = g_strdup_printf (_("%s. Not explained."), finding->message);
      vt_doc_paragraph (b->doc, text);
    }
}

static void
add_c2 (Builder *b)
{
  GPtrArray *contests = vt_config_get_contests (b->config);

  vt_doc_heading (b->doc, 2, _("C2 Ballots by party"));
  if (vt_config_get_count_mode (b->config) == VT_COUNT_TOTALS_ONLY)
    {
      vt_doc_paragraph (b->doc, _("This station counts urn totals only; the ballots are "
                                  "counted by party centrally."));
      return;
    }
  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      VtDocTable *table;
      gint64 approved;
      gboolean known = vt_builder_approved_ballots (b, contest, &approved);
      g_autofree char *total = vt_builder_count_text (known, approved);

      vt_doc_heading (b->doc, 3, contest->name);
      table = vt_builder_table_new (b, 2, _("Party list"), 4.0, VT_DOC_ALIGN_LEFT, _("Ballots"), 1.2,
                         VT_DOC_ALIGN_RIGHT);
      for (guint l = 0; l < contest->lists->len; l++)
        {
          VtPartyList *list = g_ptr_array_index (contest->lists, l);
          gint64 pile;
          gboolean counted = vt_station_get_pile (b->station, contest->id, list->id, &pile);
          g_autofree char *count = vt_builder_count_text (counted, pile);

          ROW (table, VT_DOC_ROW_NORMAL, list->name, count);
        }
      ROW (table, VT_DOC_ROW_TOTAL, _("Approved ballots"), total);
      vt_doc_table_end (table);
    }
}

/* Kinds that D lists: what happened and what the board decided. */
static gboolean
is_other_matter (const char *kind)
{
  return g_str_has_prefix (kind, "incident.") || g_str_equal (kind, VT_ENTRY_NOTE) ||
         g_str_equal (kind, "seal.break") || g_str_equal (kind, "urn.full") ||
         g_str_equal (kind, "strip.void") || g_str_equal (kind, "check.deviation") ||
         g_str_equal (kind, "count.explain");
}

static void
add_d (Builder   *b,
       GPtrArray *findings)
{
  VtDocTable *table;
  guint n_checks;
  const VtCheckInfo *checks = vt_check_get_all (&n_checks);
  gboolean any = FALSE;

  vt_doc_heading (b->doc, 2, vt_config_get_protocol (b->config) == VT_PROTOCOL_2019
                               ? _("D Other matters")
                               : _("D Deviations, control measures and notable incidents"));
  vt_doc_note (b->doc, _("Incidents and the board's decisions, with the number of their entry "
                         "in the log (annex 1)."));
  table = vt_builder_table_new (b, 3, _("Entry"), 0.7, VT_DOC_ALIGN_RIGHT, _("Time"), 1.3,
                     VT_DOC_ALIGN_LEFT, _("What happened"), 6.0, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < b->entries->len; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      g_autofree char *seq = NULL;
      g_autofree char *when = NULL;
      g_autofree char *label = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *text = NULL;

      if (!is_other_matter (vt_journal_entry_get_kind (entry)) || vt_builder_is_annulled (b, entry))
        continue;
      seq = g_strdup_printf ("%" PRId64, vt_journal_entry_get_seq (entry));
      when = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M");
      label = vt_journal_entry_dup_kind_label (entry);
      summary = vt_journal_entry_dup_summary (entry, b->config);
      text = g_strdup_printf ("%s: %s", label, summary);
      ROW (table, VT_DOC_ROW_NORMAL, seq, when, text);
      any = TRUE;
    }
  if (!any)
    ROW (table, VT_DOC_ROW_NORMAL, "", "", _("Nothing to note."));
  vt_doc_table_end (table);

  /* The numbered checks are the control measures: each says what it found. */
  vt_doc_heading (b->doc, 3, _("Numbered checks"));
  table = vt_builder_table_new (b, 2, _("Check"), 2.4, VT_DOC_ALIGN_LEFT, _("Result"), 5.0,
                     VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < n_checks; i++)
    {
      GString *result = g_string_new (NULL);
      g_autofree char *title = g_strdup_printf ("%s %s", checks[i].code,
                                                vt_check_get_title (&checks[i]));

      for (guint f = 0; f < findings->len; f++)
        {
          VtFinding *finding = g_ptr_array_index (findings, f);

          if (!g_str_equal (finding->code, checks[i].code))
            continue;
          g_string_append_printf (result, "%s%s", result->len > 0 ? "\n" : "", finding->message);
          if (finding->explanation != NULL)
            /* Translators: after a finding of a numbered check */
            g_string_append_printf (result, _(" Explained: %s"), finding->explanation);
        }
      ROW (table, VT_DOC_ROW_NORMAL, title, result->len > 0 ? result->str : _("In order"));
      g_string_free (result, TRUE);
    }
  vt_doc_table_end (table);
}

static void
add_signatures (Builder *b)
{
  GPtrArray *people = vt_config_get_people (b->config);
  g_autoptr(GArray) signers = g_array_new (FALSE, TRUE, sizeof (VtDocSigner));
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  gboolean two_only = vt_config_get_protocol (b->config) != VT_PROTOCOL_2019;
  gboolean stale = FALSE;

  /* The signature sheet is a page of its own: nobody signs under half a table. */
  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Signatures"));
  vt_doc_paragraph (b->doc, two_only
                              ? _("Signed by the polling station's leader and deputy leader.")
                              : _("Signed by the members of the polling-station board present "
                                  "at the count."));
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      VtJournalEntry *signature;
      VtDocSigner signer = { 0 };

      if (two_only ? person->role != VT_ROLE_LEDER && person->role != VT_ROLE_NESTLEDER
                   : !vt_role_is_board (person->role))
        continue;
      signer.role = vt_role_get_label (person->role);
      signer.name = person->name;
      signature = vt_builder_find_signature (b, person->id);
      switch (vt_builder_signature_state (b, signature))
        {
        case VT_SIGNATURE_CURRENT:
          {
            GArray *strokes = vt_builder_signature_points (signature);
            g_ptr_array_add (points, strokes);
            signer.points = (const double *)(void *)strokes->data;
            signer.n_points = strokes->len;
          }
          break;
        case VT_SIGNATURE_STALE:
          stale = TRUE;
          break;
        case VT_SIGNATURE_NONE:
        default:
          break;
        }
      g_array_append_val (signers, signer);
    }
  if (stale)
    vt_doc_paragraph (b->doc, _("AMENDED AFTER SIGNING: the log went on after some signatures "
                                "were given. Those who signed before sign again, on screen or "
                                "on this page."));
  vt_doc_paragraph (b->doc, _("Place and date: ______________________________"));
  vt_doc_signatures (b->doc, (const VtDocSigner *)(void *)signers->data, signers->len);
}

/* Annex: the whole log in time order, corrections beside what they correct. */
static void
add_log_annex (Builder *b)
{
  VtDocTable *table;

  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Annex 1: The log"));
  vt_doc_note (b->doc, _("Every entry in the order it was written, refused attempts included, "
                         "up to the last entry that changes this protocol (prints and "
                         "signatures after it are in the station file). Nothing is removed: a "
                         "correction is its own entry, and the entry it corrects says so."));
  table = vt_builder_table_new (b, 5, _("No."), 0.6, VT_DOC_ALIGN_RIGHT, _("Time"), 1.9, VT_DOC_ALIGN_LEFT,
                     _("Kind"), 1.8, VT_DOC_ALIGN_LEFT, _("By"), 1.4, VT_DOC_ALIGN_LEFT,
                     _("Entry"), 4.2, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < b->covered; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      gint64 seq = vt_journal_entry_get_seq (entry);
      g_autofree char *number = g_strdup_printf ("%" PRId64, seq);
      g_autofree char *when = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M:%S");
      g_autofree char *label = vt_journal_entry_dup_kind_label (entry);
      g_autofree char *summary = vt_journal_entry_dup_summary (entry, b->config);
      gint64 by = GPOINTER_TO_INT (g_hash_table_lookup (b->corrected_by, GINT_TO_POINTER (seq)));
      g_autofree char *text = NULL;

      if (by > 0)
        text = g_strdup_printf (vt_builder_is_annulled (b, entry)
                                  /* Translators: after a log line: "(annulled by entry 40)" */
                                  ? _("%s (annulled by entry %" PRId64 ")")
                                  : _("%s (corrected by entry %" PRId64 ")"),
                                summary, by);
      ROW (table, VT_DOC_ROW_NORMAL, number, when, label,
           vt_builder_person_name (b, vt_journal_entry_get_actor (entry)), text != NULL ? text : summary);
    }
  vt_doc_table_end (table);
}

static const char *
strip_status_label (const char *status)
{
  if (g_str_equal (status, "received"))
    return _("unused");
  if (g_str_equal (status, "applied"))
    return _("on an urn");
  if (g_str_equal (status, "broken"))
    return _("broken");
  if (g_str_equal (status, "void"))
    return _("void");
  if (g_str_equal (status, "returned"))
    return _("returned");
  return status;
}

void
vt_builder_seal_register (Builder *b)
{
  g_autoptr(GPtrArray) strips = vt_station_dup_strips (b->station);
  VtDocTable *table;
  gint64 received = 0, applied = 0, broken = 0, voided = 0, returned = 0, unused = 0;

  table = vt_builder_table_new (b, 6, _("Strip"), 1.5, VT_DOC_ALIGN_RIGHT, _("Now"), 1.2,
                     VT_DOC_ALIGN_LEFT, _("Urn"), 1.6, VT_DOC_ALIGN_LEFT, _("Received"), 1.6,
                     VT_DOC_ALIGN_LEFT, _("Applied, void or returned"), 2.6, VT_DOC_ALIGN_LEFT,
                     _("Broken"), 2.6, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < strips->len; i++)
    {
      VtStripState *strip = g_ptr_array_index (strips, i);
      VtStripState *last = strip;
      g_autofree char *number = NULL;
      g_autofree char *urn = NULL;
      g_autofree char *got = vt_builder_entry_when (b, strip->received);
      g_autofree char *used = NULL;
      g_autofree char *broke = NULL;
      guint j;

      /* Strips that went the same way together (received, returned unused) are one range. */
      for (j = i + 1; strip->urn == NULL && j < strips->len; j++)
        {
          VtStripState *next = g_ptr_array_index (strips, j);
          if (next->number != last->number + 1 || next->urn != NULL ||
              !g_str_equal (next->status, strip->status) || next->used != strip->used ||
              next->received != strip->received || next->broken != strip->broken)
            break;
          last = next;
        }
      number = last == strip ? g_strdup_printf ("%" PRId64, strip->number)
                             : g_strdup_printf ("%" PRId64 "–%" PRId64, strip->number,
                                                last->number);

      if (strip->urn != NULL)
        urn = g_strdup_printf ("%s%s", strip->urn,
                               g_strcmp0 (strip->place, "slot") == 0 ? _(" (slot)") : "");
      if (strip->used > 0)
        {
          g_autofree char *when = vt_builder_entry_when (b, strip->used);
          VtJournalEntry *entry = vt_builder_entry_at (b, strip->used);
          g_autofree char *label = entry != NULL ? vt_journal_entry_dup_kind_label (entry)
                                                 : g_strdup ("");
          used = g_strdup_printf ("%s, %s (%" PRId64 ")", label, when, strip->used);
        }
      if (strip->broken > 0)
        {
          g_autofree char *when = vt_builder_entry_when (b, strip->broken);
          VtJournalEntry *entry = vt_builder_entry_at (b, strip->broken);
          g_autofree char *summary = entry != NULL
                                       ? vt_journal_entry_dup_summary (entry, b->config)
                                       : g_strdup ("");
          broke = g_strdup_printf ("%s, %s (%" PRId64 ")", summary, when, strip->broken);
        }
      ROW (table, VT_DOC_ROW_NORMAL, number, strip_status_label (strip->status),
           urn != NULL ? urn : "", got, used != NULL ? used : "", broke != NULL ? broke : "");

      for (guint k = i; k < j && k < strips->len; k++)
        {
          VtStripState *counted = g_ptr_array_index (strips, k);

          received += counted->received > 0;
          applied += g_str_equal (counted->status, "applied");
          broken += g_str_equal (counted->status, "broken");
          voided += g_str_equal (counted->status, "void");
          returned += g_str_equal (counted->status, "returned");
          unused += g_str_equal (counted->status, "received");
        }
      i = j - 1;
    }
  if (strips->len == 0)
    ROW (table, VT_DOC_ROW_NORMAL, "", "", "", _("No seal strips registered."), "", "");
  vt_doc_table_end (table);

  vt_doc_heading (b->doc, 3, _("Balance"));
  table = vt_builder_table_new (b, 2, "", 4.0, VT_DOC_ALIGN_LEFT, _("Strips"), 1.0, VT_DOC_ALIGN_RIGHT);
  {
    struct { const char *label; gint64 n; VtDocRowStyle style; } lines[] = {
      { _("Received"), received, VT_DOC_ROW_NORMAL },
      { _("On an urn"), applied, VT_DOC_ROW_NORMAL },
      { _("Broken (urn opened or seal broken)"), broken, VT_DOC_ROW_NORMAL },
      { _("Void"), voided, VT_DOC_ROW_NORMAL },
      { _("Returned unused"), returned, VT_DOC_ROW_NORMAL },
      { _("Not accounted for"), unused, VT_DOC_ROW_TOTAL },
    };
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        g_autofree char *n = g_strdup_printf ("%" PRId64, lines[i].n);
        ROW (table, lines[i].style, lines[i].label, n);
      }
  }
  vt_doc_table_end (table);
}

static void
add_staff_annex (Builder *b)
{
  GPtrArray *people = vt_config_get_people (b->config);
  VtDocTable *table;

  vt_doc_heading (b->doc, 2, _("Annex 3: Staff"));
  table = vt_builder_table_new (b, 5, _("Name"), 2.6, VT_DOC_ALIGN_LEFT, _("Role"), 2.0, VT_DOC_ALIGN_LEFT,
                     _("Arrived"), 1.3, VT_DOC_ALIGN_LEFT, _("Left"), 1.3, VT_DOC_ALIGN_LEFT,
                     _("Declaration"), 1.3, VT_DOC_ALIGN_CENTER);
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      g_autofree char *arrived = NULL;
      g_autofree char *left = NULL;
      gboolean signed_;

      attendance (b, person->id, &arrived, &left, &signed_);
      ROW (table, VT_DOC_ROW_NORMAL, person->name, vt_role_get_label (person->role),
           arrived != NULL ? arrived : "—", left != NULL ? left : "—",
           signed_ ? _("signed") : "—");
    }
  vt_doc_table_end (table);
}

void
vt_builder_protocol (Builder *b)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (b->station);
  g_autofree char *precinct = vt_config_dup_precinct_title (b->config);
  g_autofree char *place = NULL;

  vt_doc_heading (b->doc, 1, vt_document_kind_get_title (VT_DOCUMENT_PROTOCOL, b->config));
  /* Translators: under the protocol's title: election, precinct, municipality, county */
  place = g_strdup_printf (_("%s\nPrecinct %s, %s (%s), %s"),
                           vt_config_get_election_name (b->config), precinct,
                           vt_config_get_municipality_name (b->config),
                           vt_config_get_municipality_number (b->config),
                           vt_config_get_county (b->config));
  vt_doc_paragraph (b->doc, place);

  add_a1 (b);
  add_a2 (b);
  add_b1 (b);
  add_c1 (b, findings);
  add_c2 (b);
  add_d (b, findings);
  add_signatures (b);

  add_log_annex (b);
  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Annex 2: Seal register"));
  vt_builder_seal_register (b);
  vt_doc_page_break (b->doc);
  add_staff_annex (b);
}

