/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-protocol"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
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

/* ---- the form ------------------------------------------------------------------------
 *
 * The official form, label by label: the 2019 "Valgprotokoll for stemmestyret" and the 2025
 * "Valglokalets protokoll" (../shared/DOMAIN.md, "The official forms, word for word"). The
 * English here is only the msgid; the words an election office compares are the nb and nn
 * translations, and the document is drawn in the election's language whatever the computer's. */

static gboolean
is_2019 (Builder *b)
{
  return vt_config_get_protocol (b->config) == VT_PROTOCOL_2019;
}

/* "Monday", …, in the document's language; @day_of_week as GDateTime's, 1 = Monday */
static const char *
weekday_name (int day_of_week)
{
  switch (day_of_week)
    {
    case 1: return C_("weekday", "Monday");
    case 2: return C_("weekday", "Tuesday");
    case 3: return C_("weekday", "Wednesday");
    case 4: return C_("weekday", "Thursday");
    case 5: return C_("weekday", "Friday");
    case 6: return C_("weekday", "Saturday");
    case 7: return C_("weekday", "Sunday");
    default: g_assert_not_reached ();
    }
}

static const char *
month_name (int month)
{
  switch (month)
    {
    case 1: return C_("in a date", "January");
    case 2: return C_("in a date", "February");
    case 3: return C_("in a date", "March");
    case 4: return C_("in a date", "April");
    case 5: return C_("in a date", "May");
    case 6: return C_("in a date", "June");
    case 7: return C_("in a date", "July");
    case 8: return C_("in a date", "August");
    case 9: return C_("in a date", "September");
    case 10: return C_("in a date", "October");
    case 11: return C_("in a date", "November");
    case 12: return C_("in a date", "December");
    default: g_assert_not_reached ();
    }
}

/* "Mandag 9. september 2019": the date in words, as the form writes it. Not the C library's
 * %A %B: those follow the computer's locale, and the form follows the election's language. */
static char *
date_in_words (GDateTime *when)
{
  /* Translators: a date in words: weekday, day of the month, month, year: "Mandag 9.
   * september 2019" */
  return g_strdup_printf (_("%s %d %s %d"), weekday_name (g_date_time_get_day_of_week (when)),
                          g_date_time_get_day_of_month (when),
                          month_name (g_date_time_get_month (when)),
                          g_date_time_get_year (when));
}

/* The form's head: the election, the form's name, where. */
static void
add_head (Builder *b)
{
  g_autofree char *precinct = vt_config_dup_precinct_title (b->config);
  g_autofree char *place = NULL;

  vt_doc_paragraph (b->doc, vt_config_get_election_name (b->config));
  vt_doc_heading (b->doc, 1, vt_document_kind_get_title (VT_DOCUMENT_PROTOCOL, b->config));
  if (is_2019 (b))
    /* Translators: the protocol's head, the form's labels: "Krets: 0113 Travelhaugen skole",
     * "Kommune: 0301 Oslo", "Fylke: Oslo" */
    place = g_strdup_printf (_("Precinct: %s\nMunicipality: %s %s\nCounty: %s"), precinct,
                             vt_config_get_municipality_number (b->config),
                             vt_config_get_municipality_name (b->config),
                             vt_config_get_county (b->config));
  else
    /* Translators: the 2025 protocol's head: the polling place (valglokale), no precinct */
    place = g_strdup_printf (_("Polling place: %s\nMunicipality: %s %s\nCounty: %s"),
                             vt_config_get_precinct_name (b->config),
                             vt_config_get_municipality_number (b->config),
                             vt_config_get_municipality_name (b->config),
                             vt_config_get_county (b->config));
  vt_doc_paragraph (b->doc, place);
}

static void
add_a1 (Builder *b)
{
  GPtrArray *days = vt_config_get_days (b->config);
  VtDocTable *table = vt_doc_table_new (b->doc, 3);

  vt_doc_heading (b->doc, 2, _("A Administrative matters"));
  vt_doc_table_set_column (table, 0, NULL, 1.6, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 1, NULL, 2.2, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, 2, NULL, 2.0, VT_DOC_ALIGN_LEFT);
  for (guint d = 0; d < days->len; d++)
    {
      VtElectionDay *day = g_ptr_array_index (days, d);
      g_autofree char *date = date_in_words (day->opens);
      g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");
      g_autofree char *closes = g_date_time_format (day->closes, "%H:%M");
      /* Translators: A1 of the protocol: "Åpningstid: 09:00 - 21:00" */
      g_autofree char *hours = g_strdup_printf (_("Opening hours: %s - %s"), opens, closes);

      ROW (table, VT_DOC_ROW_NORMAL, d == 0 ? _("A1 The election was held:") : "", date, hours);
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
      if (g_str_equal (kind, VT_KIND_PERSON_ARRIVE) && *arrived == NULL)
        *arrived = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M");
      else if (g_str_equal (kind, VT_KIND_PERSON_LEAVE))
        {
          g_free (*left);
          *left = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M");
        }
      else if (g_str_equal (kind, VT_KIND_PERSON_DECLARATION))
        *signed_ = TRUE;
    }
}

static void
add_a2 (Builder *b)
{
  GPtrArray *people = vt_config_get_people (b->config);
  VtDocTable *table;

  vt_doc_heading (b->doc, 3, is_2019 (b) ? _("A2 The polling-station board")
                                         : _("A2 The polling place's leader and members"));
  table = vt_builder_table_new (b, 3, _("Name"), 3.0, VT_DOC_ALIGN_LEFT, _("Function"), 2.0,
                                VT_DOC_ALIGN_LEFT, _("Present (tick)"), 1.3,
                                VT_DOC_ALIGN_CENTER);
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
           arrived != NULL ? "X" : "");
    }
  vt_doc_table_end (table);
}

/* The envelopes of every reason the configuration maps to @field, and whether all are
 * counted. */
gint64
vt_builder_protocol_envelopes (Builder         *b,
                               VtProtocolField  field,
                               gboolean        *counted)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);
  gint64 total = 0;

  *counted = TRUE;
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gboolean this_counted;

      if (reason->field != field)
        continue;
      total += vt_builder_envelopes (b, reason->id, &this_counted);
      *counted &= this_counted;
    }
  return total;
}

static void
add_b1 (Builder *b)
{
  struct { VtProtocolField field; const char *label; } rows[] = {
    { VT_FIELD_SPECIAL, _("Votes in a special envelope (not in the municipality's roll, already "
                          "voted in advance)") },
    { VT_FIELD_EMERGENCY, _("Votes in an emergency envelope") },
    { VT_FIELD_OTHER_PRECINCT, _("Votes from another precinct (paper roll)") },
  };
  gboolean all_counted = TRUE;
  VtDocTable *table;

  vt_doc_heading (b->doc, 2, _("B Handling of the votes received"));
  vt_doc_heading (b->doc, 3, _("B1 Votes cast in an envelope"));
  table = vt_builder_table_new (b, 2, _("Type"), 5.0, VT_DOC_ALIGN_LEFT,
                                _("Envelopes counted"), 1.4, VT_DOC_ALIGN_RIGHT);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gboolean counted;
      gint64 n = vt_builder_protocol_envelopes (b, rows[i].field, &counted);
      g_autofree char *number = vt_format_count (n);
      g_autofree char *count = g_strdup_printf ("%s%s", number, counted ? "" : " *");

      /* other-precinct envelopes exist only where the roll is on paper */
      if (rows[i].field == VT_FIELD_OTHER_PRECINCT && vt_config_get_electronic_roll (b->config))
        continue;
      all_counted &= counted;
      ROW (table, VT_DOC_ROW_NORMAL, rows[i].label, count);
    }
  vt_doc_table_end (table);
  if (!all_counted)
    vt_doc_note (b->doc, _("* Logged during the day; not yet counted at closing."));
}

/* What two board members said when they accepted @finding's warning as it is: who, and why,
 * when an acceptance is the board's newest answer to it (an explanation given later takes its
 * place); else NULL. */
static char *
dup_acceptance (Builder   *b,
                VtFinding *finding)
{
  const VtCheckInfo *info = vt_check_lookup (finding->code);
  GPtrArray *contests = vt_config_get_contests (b->config);

  if (info == NULL || finding->explanation == NULL)
    return NULL;
  for (guint i = b->covered; i > 0; i--)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i - 1);
      const char *kind = vt_journal_entry_get_kind (entry);
      g_autoptr(JsonObject) payload = NULL;
      const char *subject;
      const VtPerson *member, *second;

      if (!g_str_equal (kind, VT_KIND_COUNT_EXPLAIN) && !g_str_equal (kind, VT_KIND_WARNING_ACCEPT))
        continue;
      payload = vt_station_dup_effective_payload (b->station, entry);
      if (payload == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (payload, "code", NULL),
                     finding->code) != 0)
        continue;
      /* What the answer is about, as the rule reads it: the strips as a whole, the subject
       * named, or the one contest of a one-contest election. */
      subject = json_object_get_string_member_with_default (payload, "subject", NULL);
      if (info->about == VT_CHECK_ABOUT_STRIPS)
        subject = "strips";
      else if (subject == NULL && info->about == VT_CHECK_ABOUT_CONTEST && contests->len == 1)
        subject = ((VtContest *)g_ptr_array_index (contests, 0))->id;
      if (g_strcmp0 (subject, finding->subject) != 0)
        continue;
      if (!g_str_equal (kind, VT_KIND_WARNING_ACCEPT))
        return NULL;
      member = vt_config_find_person (
        b->config, json_object_get_string_member_with_default (payload, "member", ""));
      second = vt_config_find_person (
        b->config, json_object_get_string_member_with_default (payload, "second_member", ""));
      /* Translators: in the protocol, under a contest and after a finding of a numbered
       * check: "Many blank ballots — accepted by Hilde Travel and Jon Kjapp: the blank pile
       * was checked ballot by ballot" */
      return g_strdup_printf (_("%s — accepted by %s and %s: %s"),
                              vt_check_get_title (info), member != NULL ? member->name : "?",
                              second != NULL ? second->name : "?",
                              json_object_get_string_member_with_default (payload, "reason",
                                                                          ""));
    }
  return NULL;
}

/* The board's own words on @contest's count: the newest remark written for it, else the
 * explanation it gave the difference (count.explain), else NULL. */
static char *
contest_remark (Builder    *b,
                VtContest  *contest,
                GPtrArray  *findings)
{
  for (guint i = b->covered; i > 0; i--)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i - 1);
      g_autoptr(JsonObject) payload = NULL;

      if (!g_str_equal (vt_journal_entry_get_kind (entry), VT_KIND_PROTOCOL_REMARK))
        continue;
      payload = vt_station_dup_effective_payload (b->station, entry);
      if (payload != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (payload, "contest", NULL),
                     contest->id) == 0)
        return g_strdup (json_object_get_string_member_with_default (payload, "text", ""));
    }
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->code, VT_CHECK_K402) &&
          g_strcmp0 (finding->subject, contest->id) == 0 && finding->explanation != NULL)
        return g_strdup (finding->explanation);
    }
  return NULL;
}

char *
vt_document_contest_column_title (const char *contest_name)
{
  static const char *const suffixes[] = { "valget", "valet" };  /* Bokmål, Nynorsk */
  g_autofree char *name = g_strdup (contest_name);
  gsize len = strlen (name);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize cut = strlen (suffixes[i]);

      if (len <= cut + 1 || !g_str_has_suffix (name, suffixes[i]))
        continue;
      name[len - cut] = '\0';
      /* the joining s of a compound: "Fylkestings|valget" */
      if (name[len - cut - 1] == 's')
        name[len - cut - 1] = '\0';
      break;
    }
  return g_steal_pointer (&name);
}

/* One cell of C1, as the form prints it: FALSE while a pile it adds is not counted. */
gboolean
vt_builder_c1_count (Builder   *b,
                     VtContest *contest,
                     VtC1Row    row,
                     gint64    *n)
{
  gboolean by_party = vt_config_get_count_mode (b->config) != VT_COUNT_TOTALS_ONLY;
  gint64 approved = 0, blank = 0, doubtful = 0;
  gboolean known = TRUE;

  if (row == VT_C1_APPROVED || row == VT_C1_TOTAL)
    known &= vt_builder_approved_ballots (b, contest, &approved);
  /* counted as urn totals only, the blank ballots are among the approved: the form has no row
   * of their own, and the rows still add up to the total */
  if (row == VT_C1_BLANK || row == VT_C1_TOTAL || (row == VT_C1_APPROVED && !by_party))
    known &= vt_station_get_pile (b->station, contest->id, "blank", &blank);
  if (row == VT_C1_DOUBTFUL || row == VT_C1_TOTAL)
    known &= vt_station_get_pile (b->station, contest->id, "doubtful", &doubtful);
  *n = approved + blank + doubtful;
  return known;
}

/* The remark the protocol prints under @contest in C1, or NULL when there is none: a
 * difference the board recounted and left unexplained said plainly, then the board's own
 * words, then each warning accepted as it is with who accepted it and why. The protocol and
 * the results export (vt-results.c) both take it from here. */
char *
vt_builder_contest_remark (Builder    *b,
                           VtContest  *contest,
                           GPtrArray  *findings,
                           gboolean   *out_not_explained,
                           guint      *out_n_accepted)
{
  g_autofree char *words = contest_remark (b, contest, findings);
  g_autofree char *remark = NULL;
  gboolean not_explained = FALSE;
  guint n_accepted = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (g_str_equal (finding->code, VT_CHECK_K402) && finding->not_explained &&
          g_strcmp0 (finding->subject, contest->id) == 0)
        not_explained = TRUE;
    }
  if (not_explained)
    remark = g_strdup_printf ("%s%s%s",
                              _("The difference is not explained: the board recounted and "
                                "found no cause."),
                              words != NULL && *words != '\0' ? "\n" : "",
                              words != NULL ? words : "");
  else
    remark = g_steal_pointer (&words);
  /* a warning accepted as it is stands under its contest with the reason and who accepted
   * it, after the board's words */
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *accepted = g_strcmp0 (finding->subject, contest->id) == 0
                                    ? dup_acceptance (b, finding) : NULL;
      char *with;

      if (accepted == NULL)
        continue;
      n_accepted++;
      with = g_strdup_printf ("%s%s%s", remark != NULL ? remark : "",
                              remark != NULL && *remark != '\0' ? "\n" : "", accepted);
      g_free (remark);
      remark = with;
    }
  if (out_not_explained != NULL)
    *out_not_explained = not_explained;
  if (out_n_accepted != NULL)
    *out_n_accepted = n_accepted;
  if (remark != NULL && *remark == '\0')
    g_clear_pointer (&remark, g_free);
  return g_steal_pointer (&remark);
}

static void
add_c1 (Builder   *b,
        GPtrArray *findings)
{
  GPtrArray *contests = vt_config_get_contests (b->config);
  GPtrArray *days = vt_config_get_days (b->config);
  gboolean by_party = vt_config_get_count_mode (b->config) != VT_COUNT_TOTALS_ONLY;
  guint n = contests->len;
  guint n_days = days->len;
  VtDocTable *table = vt_doc_table_new (b->doc, 1 + n + n_days + 1);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  gint64 marks_total;
  gboolean marks_known = vt_builder_roll_marks_total (b, 0, &marks_total);
  const VtC1Row kinds[] = { VT_C1_APPROVED, VT_C1_BLANK, VT_C1_DOUBTFUL, VT_C1_TOTAL };

  vt_doc_heading (b->doc, 2, _("C Preliminary count of the ballots"));
  vt_doc_heading (b->doc, 3, _("C1 Ballots in the urn"));
  vt_doc_table_set_column (table, 0, _("Type"), 2.4, VT_DOC_ALIGN_LEFT);
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *title = vt_document_contest_column_title (
        ((VtContest *)g_ptr_array_index (contests, c))->name);

      vt_doc_table_set_column (table, 1 + c, title, 1.3, VT_DOC_ALIGN_RIGHT);
    }
  for (guint d = 0; d < n_days; d++)
    {
      VtElectionDay *day = g_ptr_array_index (days, d);

      vt_doc_table_set_column (table, 1 + n + d,
                               weekday_name (g_date_time_get_day_of_week (day->opens)), 1.0,
                               VT_DOC_ALIGN_RIGHT);
    }
  vt_doc_table_set_column (table, 1 + n + n_days, C_("roll marks of every day", "Total"), 1.0,
                           VT_DOC_ALIGN_RIGHT);
  vt_doc_table_add_group (table, 1, n, _("Ballots counted in the urn"));
  vt_doc_table_add_group (table, 1 + n, n_days + 1, _("Marks in the roll"));

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      static const char *const labels[] = {
        N_("Approved ballots"), N_("Blank ballots"), N_("Doubtful ballots"),
        N_("Total number of ballots"),
      };

      /* counted as urn totals only, the blank ballots are not sorted out at the station */
      if (kinds[k] == VT_C1_BLANK && !by_party)
        continue;
      g_ptr_array_add (cells, g_strdup (_(labels[k])));
      for (guint c = 0; c < n; c++)
        {
          VtContest *contest = g_ptr_array_index (contests, c);
          gint64 count;
          gboolean known = vt_builder_c1_count (b, contest, (VtC1Row)kinds[k], &count);

          g_ptr_array_add (cells, vt_builder_count_text (known, count));
        }
      /* the roll marks stand on the total row; elsewhere their cells do not apply */
      for (guint d = 1; d <= n_days; d++)
        {
          gint64 marks;
          gboolean known = vt_builder_roll_marks_total (b, (int)d, &marks);

          g_ptr_array_add (cells, kinds[k] == VT_C1_TOTAL ? vt_builder_count_text (known, marks)
                                                          : g_strdup ("—"));
        }
      g_ptr_array_add (cells, kinds[k] == VT_C1_TOTAL
                                ? vt_builder_count_text (marks_known, marks_total)
                                : g_strdup ("—"));
      g_ptr_array_add (cells, NULL);
      vt_doc_table_add_row (table,
                            kinds[k] == VT_C1_TOTAL ? VT_DOC_ROW_TOTAL : VT_DOC_ROW_NORMAL,
                            (const char * const *)cells->pdata);
      g_ptr_array_set_size (cells, 0);
    }
  vt_doc_table_end (table);

  /* Merknad: the board's own words, once, under the contest it belongs to. The numbers are in
   * the table above; nothing generated stands before the words. */
  vt_doc_heading (b->doc, 3, _("Remark:"));
  for (guint c = 0; c < n; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      g_autofree char *remark = vt_builder_contest_remark (b, contest, findings, NULL, NULL);
      /* Translators: the contest a remark is about: "Kommunestyrevalget 2019" */
      g_autofree char *title = g_strdup_printf (_("%s %d"), contest->name,
                                                vt_config_get_year (b->config));

      vt_doc_heading (b->doc, 3, title);
      vt_doc_paragraph (b->doc, remark != NULL && *remark != '\0' ? remark : "—");
    }
}

static void
add_c2 (Builder *b)
{
  GPtrArray *contests = vt_config_get_contests (b->config);

  /* counted as urn totals only, the ballots are distributed by party centrally: no C2 */
  if (vt_config_get_count_mode (b->config) == VT_COUNT_TOTALS_ONLY)
    return;
  vt_doc_heading (b->doc, 3, _("C2 Ballots by party"));
  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      VtDocTable *table;
      gint64 approved;
      gboolean known = vt_builder_approved_ballots (b, contest, &approved);
      g_autofree char *total = vt_builder_count_text (known, approved);

      vt_doc_heading (b->doc, 3, contest->name);
      table = vt_builder_table_new (b, 2, _("Name of the list"), 4.0, VT_DOC_ALIGN_LEFT,
                                    _("Ballots counted"), 1.4, VT_DOC_ALIGN_RIGHT);
      for (guint l = 0; l < contest->lists->len; l++)
        {
          VtPartyList *list = g_ptr_array_index (contest->lists, l);
          gint64 pile;
          gboolean counted = vt_station_get_pile (b->station, contest->id, list->id, &pile);
          g_autofree char *count = vt_builder_count_text (counted, pile);

          ROW (table, VT_DOC_ROW_NORMAL, list->name, count);
        }
      ROW (table, VT_DOC_ROW_TOTAL, _("Sum"), total);
      vt_doc_table_end (table);
    }
}

/* The newest text the board wrote for part D, or NULL. */
char *
vt_builder_board_matters (Builder *b)
{
  for (guint i = b->covered; i > 0; i--)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i - 1);
      g_autoptr(JsonObject) payload = NULL;

      if (!g_str_equal (vt_journal_entry_get_kind (entry), VT_KIND_PROTOCOL_MATTERS))
        continue;
      payload = vt_station_dup_effective_payload (b->station, entry);
      if (payload != NULL)
        return g_strdup (json_object_get_string_member_with_default (payload, "text", ""));
    }
  return NULL;
}

/* The numbered checks and what each found: an annex of the 2019 form, the control measures of
 * the 2025 form's section on deviations. */
static void
add_checks (Builder   *b,
            GPtrArray *findings)
{
  guint n_checks;
  const VtCheckInfo *checks = vt_check_get_all (&n_checks);
  VtDocTable *table = vt_builder_table_new (b, 2, _("Check"), 3.4, VT_DOC_ALIGN_LEFT,
                                            _("Result"), 4.0, VT_DOC_ALIGN_LEFT);

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
          g_autofree char *accepted = dup_acceptance (b, finding);

          g_string_append_printf (result, "%s%s", result->len > 0 ? "\n" : "", finding->message);
          if (accepted != NULL)
            g_string_append_printf (result, " %s", accepted);
          else if (finding->explanation != NULL)
            /* Translators: after a finding of a numbered check */
            g_string_append_printf (result, _(" Explained: %s"), finding->explanation);
        }
      ROW (table, VT_DOC_ROW_NORMAL, title, result->len > 0 ? result->str : _("In order"));
      g_string_free (result, TRUE);
    }
  vt_doc_table_end (table);
}

static void
add_d (Builder   *b,
       GPtrArray *findings)
{
  g_autofree char *matters = vt_builder_board_matters (b);
  const char *text = matters != NULL && *matters != '\0' ? matters : "—";

  if (is_2019 (b))
    {
      vt_doc_heading (b->doc, 2, _("D Other matters"));
      vt_doc_paragraph (b->doc, text);
      return;
    }
  vt_doc_heading (b->doc, 2, _("D Deviations and control measures"));
  add_checks (b, findings);
  vt_doc_heading (b->doc, 2, _("E Special events"));
  vt_doc_paragraph (b->doc, text);
}

static void
add_signers (Builder    *b,
             GArray     *signers,
             GPtrArray  *points,
             gboolean   *stale,
             VtPerson   *person)
{
  VtJournalEntry *signature = vt_builder_find_signature (b, person->id);
  VtDocSigner signer = { 0 };

  signer.role = vt_role_get_label (person->role);
  signer.name = person->name;
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
      *stale = TRUE;
      break;
    case VT_SIGNATURE_NONE:
    default:
      break;
    }
  g_array_append_val (signers, signer);
}

static void
add_signatures (Builder   *b,
                GPtrArray *findings)
{
  GPtrArray *people = vt_config_get_people (b->config);
  g_autoptr(GArray) leaders = g_array_new (FALSE, TRUE, sizeof (VtDocSigner));
  g_autoptr(GArray) others = g_array_new (FALSE, TRUE, sizeof (VtDocSigner));
  g_autoptr(GArray) inspectors = g_array_new (FALSE, TRUE, sizeof (VtDocSigner));
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  gboolean v2019 = is_2019 (b);
  gboolean stale = FALSE;

  /* The signature sheet is a page of its own: nobody signs under half a table. */
  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Signatures:"));
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);

      /* 2019: the chair, then the other members of the board; 2025: the polling place's
       * leader and deputy leader, and no one else */
      if (person->role == VT_ROLE_LEDER)
        add_signers (b, leaders, points, &stale, person);
      else if (v2019 ? vt_role_is_board (person->role) : person->role == VT_ROLE_NESTLEDER)
        add_signers (b, others, points, &stale, person);
      /* where the municipality's form has a line for the inspector */
      else if (person->role == VT_ROLE_INSPEKTOR && vt_config_get_inspector_signs (b->config))
        add_signers (b, inspectors, points, &stale, person);
    }
  if (stale)
    vt_doc_paragraph (b->doc, _("AMENDED AFTER SIGNING: the log went on after some signatures "
                                "were given. Those who signed before sign again, on screen or "
                                "on this page."));
  vt_doc_paragraph (b->doc, _("Date: ______________________________"));
  vt_doc_heading (b->doc, 3, _("Leader:"));
  vt_doc_signatures (b->doc, (const VtDocSigner *)(void *)leaders->data, leaders->len);
  if (others->len > 0)
    {
      vt_doc_heading (b->doc, 3, v2019 ? _("Other members:") : _("Deputy leader:"));
      vt_doc_signatures (b->doc, (const VtDocSigner *)(void *)others->data, others->len);
    }
  if (inspectors->len > 0)
    {
      vt_doc_heading (b->doc, 3, _("Inspector:"));
      vt_doc_signatures (b->doc, (const VtDocSigner *)(void *)inspectors->data,
                         inspectors->len);
    }
  /* The numbers above as data, under the signatures: the office scans them instead of typing
   * them, and the checksum ties them to the station file. */
  vt_builder_results_qr (b, findings);
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
  /* A number of six figures, a time ("06.12 19:08:00") and the longest word of a kind
   * ("Taushetserklæring") each fit their column whole: narrower, a long day's numbers and
   * many kinds were set smaller, and some of the times broke in two. */
  table = vt_builder_table_new (b, 6, _("No."), 0.9, VT_DOC_ALIGN_RIGHT, _("Time"), 1.65,
                                VT_DOC_ALIGN_LEFT, _("Kind"), 1.9, VT_DOC_ALIGN_LEFT, _("By"),
                                1.3, VT_DOC_ALIGN_LEFT, _("Entry"), 3.35, VT_DOC_ALIGN_LEFT,
                                _("Correction"), 1.1, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < b->covered; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      gint64 seq = vt_journal_entry_get_seq (entry);
      g_autofree char *number = g_strdup_printf ("%" PRId64, seq);
      g_autofree char *when = vt_builder_format_time (b, vt_journal_entry_get_time (entry),
                                                      "%d.%m %H:%M:%S");
      g_autofree char *label = vt_journal_entry_dup_kind_label (entry);
      g_autofree char *summary = vt_journal_entry_dup_summary (entry, b->config);
      gint64 by = GPOINTER_TO_INT (g_hash_table_lookup (b->corrected_by, GINT_TO_POINTER (seq)));
      g_autofree char *correction = NULL;

      if (by > 0)
        correction = g_strdup_printf (vt_builder_is_annulled (b, entry)
                                        /* Translators: the log's correction column:
                                         * "annulled by 40" (entry 40) */
                                        ? _("annulled by %" PRId64)
                                        : _("corrected by %" PRId64),
                                      by);
      ROW (table, VT_DOC_ROW_NORMAL, number, when, label,
           vt_builder_person_name (b, vt_journal_entry_get_actor (entry)), summary,
           correction != NULL ? correction : "");
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
        g_autofree char *n = vt_format_count (lines[i].n);
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

/* Who counted and who control-counted each pile, each table's roll marks and each reason's
 * special envelopes, in the order of the log: every count with its control count beside it,
 * a count given again after the two differed on a line of its own. Entries of the older
 * single form (count and control count at once) name only who entered them. */
static void
add_count_annex (Builder *b)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GHashTable) open_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  VtDocTable *table;

  for (guint i = 0; i < b->covered; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      const char *kind = vt_journal_entry_get_kind (entry);
      gboolean legacy = g_str_equal (kind, VT_KIND_COUNT_PILE) ||
                        g_str_equal (kind, VT_KIND_ROLL_MARKS) ||
                        g_str_equal (kind, VT_KIND_ENVELOPES_COUNTED);
      gboolean control = g_str_has_suffix (kind, ".control");
      g_autoptr(JsonObject) payload = NULL;
      const char *contest_id, *reason_id;
      g_autofree char *what = NULL;
      g_autofree char *key = NULL;
      char **row;

      if ((!legacy && !g_str_equal (kind, VT_KIND_PILE_COUNT) &&
           !g_str_equal (kind, VT_KIND_ROLL_MARKS_COUNT) &&
           !g_str_equal (kind, VT_KIND_ENVELOPES_COUNT) && !control) ||
          vt_builder_is_annulled (b, entry))
        continue;
      payload = vt_station_dup_effective_payload (b->station, entry);
      if (payload == NULL)
        continue;

      contest_id = json_object_get_string_member_with_default (payload, "contest", NULL);
      reason_id = json_object_get_string_member_with_default (payload, "reason", NULL);
      if (contest_id != NULL)
        {
          GPtrArray *contests = vt_config_get_contests (b->config);
          const char *pile = json_object_get_string_member_with_default (payload, "pile", "");
          const char *pile_name = g_str_equal (pile, "approved") ? _("approved ballots")
                                  : g_str_equal (pile, "blank") ? _("blank ballots")
                                  : g_str_equal (pile, "doubtful") ? _("doubtful ballots") : pile;
          const char *contest_name = contest_id;

          for (guint c = 0; c < contests->len; c++)
            {
              VtContest *contest = g_ptr_array_index (contests, c);

              if (!g_str_equal (contest->id, contest_id))
                continue;
              contest_name = contest->name;
              for (guint l = 0; l < contest->lists->len; l++)
                if (g_str_equal (((VtPartyList *)g_ptr_array_index (contest->lists, l))->id,
                                 pile))
                  pile_name = ((VtPartyList *)g_ptr_array_index (contest->lists, l))->name;
            }
          /* Translators: "Kommunestyrevalget, Arbeiderpartiet" */
          what = g_strdup_printf (_("%s, %s"), contest_name, pile_name);
        }
      else if (reason_id != NULL)
        {
          GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);

          what = g_strdup (reason_id);
          for (guint r = 0; r < reasons->len; r++)
            if (g_str_equal (((VtEnvelopeReason *)g_ptr_array_index (reasons, r))->id,
                             reason_id))
              {
                g_free (what);
                /* Translators: "Special envelopes, Ikke i kommunens manntall" */
                what = g_strdup_printf (_("Special envelopes, %s"),
                                        ((VtEnvelopeReason *)g_ptr_array_index (reasons,
                                                                                r))->label);
              }
        }
      else
        /* Translators: "Roll marks, table 2, day 1" */
        what = g_strdup_printf (_("Roll marks, table %s, day %" PRId64),
                                json_object_get_string_member_with_default (payload, "table", ""),
                                json_object_get_int_member_with_default (payload, "day", 1));
      key = g_strdup (what);

      if (control)
        {
          /* The control count goes beside the count it controls. */
          gpointer index;

          if (!g_hash_table_lookup_extended (open_rows, key, NULL, &index))
            continue;
          row = g_ptr_array_index (rows, GPOINTER_TO_UINT (index));
          g_free (row[3]);
          g_free (row[4]);
          row[3] = g_strdup_printf ("%" PRId64,
                                    json_object_get_int_member_with_default (payload,
                                                                             "control_count",
                                                                             0));
          row[4] = g_strdup (vt_builder_person_name (
            b, json_object_get_string_member_with_default (payload, "controller", "")));
          g_hash_table_remove (open_rows, key);
          continue;
        }

      row = g_new0 (char *, 6);
      row[0] = g_steal_pointer (&what);
      row[1] = g_strdup_printf ("%" PRId64,
                                json_object_get_int_member_with_default (payload, "count", 0));
      row[2] = g_strdup (vt_builder_person_name (
        b, legacy ? vt_journal_entry_get_actor (entry)
                  : json_object_get_string_member_with_default (payload, "counter", "")));
      row[3] = legacy ? g_strdup_printf ("%" PRId64,
                                         json_object_get_int_member_with_default (
                                           payload, "control_count", 0))
                      : g_strdup ("—");
      row[4] = g_strdup ("—");
      g_ptr_array_add (rows, row);
      if (!legacy)
        g_hash_table_replace (open_rows, g_steal_pointer (&key),
                              GUINT_TO_POINTER (rows->len - 1));
    }

  if (rows->len == 0)
    return;
  vt_doc_heading (b->doc, 3, _("Who counted and who control-counted"));
  vt_doc_note (b->doc, _("Each count by one board member and its control count by another, in "
                         "the order of the log. A count given again after the two differed has "
                         "a line of its own; every count stays in the log."));
  table = vt_builder_table_new (b, 5, _("Counted"), 2.6, VT_DOC_ALIGN_LEFT, _("Count"), 0.9,
                                VT_DOC_ALIGN_RIGHT, _("Counted by"), 1.9, VT_DOC_ALIGN_LEFT,
                                _("Control count"), 1.2, VT_DOC_ALIGN_RIGHT,
                                _("Control-counted by"), 1.9, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      ROW (table, VT_DOC_ROW_NORMAL, row[0], row[1], row[2], row[3], row[4]);
    }
  vt_doc_table_end (table);
}

void
vt_builder_protocol (Builder *b)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (b->station);

  add_head (b);
  add_a1 (b);
  add_a2 (b);
  add_b1 (b);
  add_c1 (b, findings);
  add_c2 (b);
  add_d (b, findings);
  add_signatures (b, findings);

  add_log_annex (b);
  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Annex 2: Seal register"));
  vt_builder_seal_register (b);
  vt_doc_page_break (b->doc);
  add_staff_annex (b);
  add_count_annex (b);
  /* the 2025 form has the checks in its part D already */
  if (is_2019 (b))
    {
      vt_doc_page_break (b->doc);
      vt_doc_heading (b->doc, 2, _("Annex 4: Checks"));
      vt_doc_note (b->doc, _("Valgting's numbered checks of the day and what each found."));
      add_checks (b, findings);
    }
}
