/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-results"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vt-checks.h"
#include "vt-documents-private.h"
#include "vt-export.h"
#include "vt-export-private.h"
#include "vt-i18n.h"
#include "vt-kind-ids.h"
#include "vt-results.h"
#include "vt-station-state.h"
#include "vt-store.h"

/* The protocol's numbers as data. Every number is read with the protocol's own functions
 * (vt-protocol.c: vt_builder_c1_count, vt_builder_protocol_envelopes, vt_builder_contest_remark,
 * vt_builder_board_matters) from the same Builder the printed documents use, so the paper, the
 * export and the QR code cannot say different things. Nothing here names a voter: the remarks
 * are the board's words, which the station refused to store with an identity number in them,
 * and the names in an acceptance are the board members'. */

static gint64
known_or_unknown (gboolean known,
                  gint64   n)
{
  return known ? n : VT_RESULTS_UNKNOWN;
}

static void
results_list_free (VtResultsList *list)
{
  g_free (list->id);
  g_free (list->name);
  g_free (list);
}

static void
results_contest_free (VtResultsContest *contest)
{
  g_free (contest->id);
  g_free (contest->name);
  g_clear_pointer (&contest->lists, g_ptr_array_unref);
  g_free (contest->remark);
  g_free (contest);
}

static void
results_day_free (VtResultsDay *day)
{
  g_free (day->date);
  g_free (day);
}

void
vt_results_free (VtResults *results)
{
  if (results == NULL)
    return;
  g_free (results->election_name);
  g_free (results->election_kind);
  g_free (results->municipality_number);
  g_free (results->municipality_name);
  g_free (results->precinct_number);
  g_free (results->precinct_name);
  g_free (results->language);
  g_clear_pointer (&results->days, g_ptr_array_unref);
  g_clear_pointer (&results->contests, g_ptr_array_unref);
  g_free (results->matters);
  g_free (results->checksum);
  g_free (results);
}

static gint64
b1_count (Builder         *b,
          VtProtocolField  field)
{
  gboolean counted;
  gint64 n = vt_builder_protocol_envelopes (b, field, &counted);

  return known_or_unknown (counted, n);
}

static void
read_days (Builder   *b,
           VtResults *results)
{
  GPtrArray *days = vt_config_get_days (b->config);
  gint64 total;

  results->days = g_ptr_array_new_with_free_func ((GDestroyNotify)results_day_free);
  for (guint d = 0; d < days->len; d++)
    {
      VtElectionDay *day = g_ptr_array_index (days, d);
      VtResultsDay *out = g_new0 (VtResultsDay, 1);
      gint64 marks;
      gboolean known = vt_builder_roll_marks_total (b, (int)d + 1, &marks);

      out->date = g_strdup (day->date);
      out->weekday = g_date_time_get_day_of_week (day->opens);
      out->roll_marks = known_or_unknown (known, marks);
      g_ptr_array_add (results->days, out);
    }
  results->roll_marks_total = vt_builder_roll_marks_total (b, 0, &total) ? total
                                                                           : VT_RESULTS_UNKNOWN;
}

static gint64
c1_count (Builder   *b,
          VtContest *contest,
          VtC1Row    row)
{
  gint64 n;
  gboolean known = vt_builder_c1_count (b, contest, row, &n);

  return known_or_unknown (known, n);
}

static VtResultsContest *
read_contest (Builder   *b,
              VtContest *contest,
              GPtrArray *findings)
{
  VtResultsContest *out = g_new0 (VtResultsContest, 1);
  gboolean by_party = vt_config_get_count_mode (b->config) != VT_COUNT_TOTALS_ONLY;

  out->id = g_strdup (contest->id);
  out->name = g_strdup (contest->name);
  out->approved = c1_count (b, contest, VT_C1_APPROVED);
  /* counted as urn totals only, the form has no row of blank ballots (they are among the
   * approved): unknown here as on the paper */
  out->blank = by_party ? c1_count (b, contest, VT_C1_BLANK) : VT_RESULTS_UNKNOWN;
  out->doubtful = c1_count (b, contest, VT_C1_DOUBTFUL);
  out->total = c1_count (b, contest, VT_C1_TOTAL);
  out->lists = g_ptr_array_new_with_free_func ((GDestroyNotify)results_list_free);
  for (guint l = 0; by_party && l < contest->lists->len; l++)
    {
      VtPartyList *list = g_ptr_array_index (contest->lists, l);
      VtResultsList *list_out = g_new0 (VtResultsList, 1);
      gint64 pile;
      gboolean counted = vt_station_get_pile (b->station, contest->id, list->id, &pile);

      list_out->id = g_strdup (list->id);
      list_out->name = g_strdup (list->name);
      list_out->ballots = known_or_unknown (counted, pile);
      g_ptr_array_add (out->lists, list_out);
    }
  out->remark = vt_builder_contest_remark (b, contest, findings,
                                           &out->difference_not_explained,
                                           &out->n_warnings_accepted);
  return out;
}

/* The seals broken while the urns were in use (seal.break, by two board members), not those
 * broken when the urns were opened for the count, which every station breaks. */
static guint
count_broken_seals (Builder *b)
{
  g_autoptr(GPtrArray) strips = vt_station_dup_strips (b->station);
  guint n = 0;

  for (guint i = 0; i < strips->len; i++)
    {
      VtStripState *strip = g_ptr_array_index (strips, i);
      VtJournalEntry *broke = vt_builder_entry_at (b, strip->broken);

      if (g_strcmp0 (strip->status, "broken") == 0 && broke != NULL &&
          g_str_equal (vt_journal_entry_get_kind (broke), VT_KIND_SEAL_BREAK))
        n++;
    }
  return n;
}

VtResults *
vt_results_new_from_builder (Builder   *b,
                             GPtrArray *findings)
{
  VtResults *results = g_new0 (VtResults, 1);
  GPtrArray *contests = vt_config_get_contests (b->config);
  const VtPerson *chair = vt_config_get_chair (b->config);
  VtJournalEntry *newest = vt_builder_entry_at (b, (gint64)b->covered);
  VtSignatureState signature = VT_SIGNATURE_NONE;

  results->election_name = g_strdup (vt_config_get_election_name (b->config));
  results->election_kind = g_strdup (vt_config_get_election_kind (b->config));
  results->year = vt_config_get_year (b->config);
  results->training = vt_station_get_training (b->station);
  results->municipality_number = g_strdup (vt_config_get_municipality_number (b->config));
  results->municipality_name = g_strdup (vt_config_get_municipality_name (b->config));
  results->precinct_number = g_strdup (vt_config_get_precinct_number (b->config));
  results->precinct_name = g_strdup (vt_config_get_precinct_name (b->config));
  results->language = g_strdup (vt_config_get_language (b->config));
  results->counted_by_party = vt_config_get_count_mode (b->config) != VT_COUNT_TOTALS_ONLY;

  results->special_envelopes = b1_count (b, VT_FIELD_SPECIAL);
  results->emergency_envelopes = b1_count (b, VT_FIELD_EMERGENCY);
  /* other-precinct envelopes exist only where the roll is on paper (the protocol has no row) */
  results->other_precinct_envelopes = vt_config_get_electronic_roll (b->config)
                                        ? VT_RESULTS_UNKNOWN
                                        : b1_count (b, VT_FIELD_OTHER_PRECINCT);
  read_days (b, results);
  results->contests = g_ptr_array_new_with_free_func ((GDestroyNotify)results_contest_free);
  for (guint c = 0; c < contests->len; c++)
    g_ptr_array_add (results->contests,
                     read_contest (b, g_ptr_array_index (contests, c), findings));
  results->matters = vt_builder_board_matters (b);
  if (results->matters != NULL && *results->matters == '\0')
    g_clear_pointer (&results->matters, g_free);

  if (chair != NULL)
    signature = vt_builder_signature_state (b, vt_builder_find_signature (b, chair->id));
  results->signed_by_chair = signature == VT_SIGNATURE_CURRENT;
  results->signature_stale = signature == VT_SIGNATURE_STALE;
  results->n_broken_seals = count_broken_seals (b);

  /* The entry the numbers were read up to: the head when everything is covered, else the
   * entry a document's footer names (a protocol covers up to its last entry that changes it). */
  results->n_entries = (gint64)b->covered;
  results->checksum = g_strdup (newest != NULL ? vt_journal_entry_get_hash (newest)
                                               : VT_JOURNAL_GENESIS_HASH);
  return results;
}

VtResults *
vt_results_new_from_station (VtStation *station)
{
  Builder b = { 0 };
  g_autoptr(GPtrArray) findings = NULL;
  VtResults *results;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);

  /* The remarks in the election's language, as the protocol prints them. */
  g_auto(VtLanguageScope) scope =
    vt_language_scope (vt_config_get_language (vt_station_get_config (station)));

  findings = vt_station_run_checks (station);
  vt_builder_init (&b, station);
  b.covered = b.entries->len;
  results = vt_results_new_from_builder (&b, findings);
  vt_builder_clear (&b);
  return results;
}

VtResults *
vt_results_new_from_file (const char  *path,
                          GError     **error)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(VtStation) station = NULL;
  VtResults *results;

  g_return_val_if_fail (path != NULL, NULL);

  station = vt_export_open_verified (path, &report, error);
  if (station == NULL)
    return NULL;
  results = vt_results_new_from_station (station);
  /* the file read is the file verified */
  g_warn_if_fail (g_strcmp0 (results->checksum, report.head_hash) == 0);
  return results;
}

/* ---- valgting-results/1 ---------------------------------------------------------------- */

static void
add_count (JsonBuilder *builder,
           const char  *name,
           gint64       n)
{
  json_builder_set_member_name (builder, name);
  if (n == VT_RESULTS_UNKNOWN)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, n);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_contest (JsonBuilder      *builder,
             VtResultsContest *contest)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", contest->id);
  add_string (builder, "name", contest->name);
  add_count (builder, "approved", contest->approved);
  add_count (builder, "blank", contest->blank);
  add_count (builder, "doubtful", contest->doubtful);
  add_count (builder, "total", contest->total);
  json_builder_set_member_name (builder, "lists");
  json_builder_begin_array (builder);
  for (guint l = 0; l < contest->lists->len; l++)
    {
      VtResultsList *list = g_ptr_array_index (contest->lists, l);

      json_builder_begin_object (builder);
      add_string (builder, "id", list->id);
      add_string (builder, "name", list->name);
      add_count (builder, "ballots", list->ballots);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_string (builder, "remark", contest->remark);
  add_boolean (builder, "difference_not_explained", contest->difference_not_explained);
  add_int (builder, "n_warnings_accepted", contest->n_warnings_accepted);
  json_builder_end_object (builder);
}

char *
vt_results_to_json (VtResults *results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (results != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "format", "valgting-results/1");
  add_string (builder, "election_name", results->election_name);
  add_string (builder, "election_kind", results->election_kind);
  add_int (builder, "year", results->year);
  add_boolean (builder, "training", results->training);
  add_string (builder, "municipality_number", results->municipality_number);
  add_string (builder, "municipality_name", results->municipality_name);
  add_string (builder, "precinct_number", results->precinct_number);
  add_string (builder, "precinct_name", results->precinct_name);
  add_string (builder, "language", results->language);
  add_boolean (builder, "counted_by_party", results->counted_by_party);
  add_count (builder, "special_envelopes", results->special_envelopes);
  add_count (builder, "emergency_envelopes", results->emergency_envelopes);
  add_count (builder, "other_precinct_envelopes", results->other_precinct_envelopes);
  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (guint d = 0; d < results->days->len; d++)
    {
      VtResultsDay *day = g_ptr_array_index (results->days, d);

      json_builder_begin_object (builder);
      add_string (builder, "date", day->date);
      add_int (builder, "weekday", day->weekday);
      add_count (builder, "roll_marks", day->roll_marks);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_count (builder, "roll_marks_total", results->roll_marks_total);
  json_builder_set_member_name (builder, "contests");
  json_builder_begin_array (builder);
  for (guint c = 0; c < results->contests->len; c++)
    add_contest (builder, g_ptr_array_index (results->contests, c));
  json_builder_end_array (builder);
  add_string (builder, "matters", results->matters);
  add_boolean (builder, "signed_by_chair", results->signed_by_chair);
  add_boolean (builder, "signature_stale", results->signature_stale);
  add_int (builder, "n_broken_seals", results->n_broken_seals);
  add_int (builder, "n_entries", results->n_entries);
  add_string (builder, "checksum", results->checksum);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, NULL);
  return g_strconcat (data, "\n", NULL);
}

/* ---- the QR code's text ----------------------------------------------------------------- */

static void
append_count (GString *out,
              gint64   n)
{
  if (n == VT_RESULTS_UNKNOWN)
    g_string_append (out, " -");
  else
    g_string_append_printf (out, " %" G_GINT64_FORMAT, n);
}

/* The form (data/RESULTS.md says the same), one line a field, each ending in "\n". A list's
 * count follows its id on its contest's line, not a line each: a two-contest election with 15
 * lists each stays near 350 bytes, a symbol that scans from paper at 30 mm.
 *   VT1
 *   E <year> <election kind>
 *   T                                     only for a training station
 *   P <municipality number>-<precinct number>
 *   C <contest id> <approved> <blank> <doubtful> <total>     each contest; "-" unknown
 *   L <contest id> <list id> <ballots> <list id> <ballots> … each contest counted by party,
 *                                                            lists in the configuration's order
 *   H <checksum's first 16 hex digits>
 * Ids are the configuration's, which hold no spaces. No names, no remarks: the QR carries the
 * numbers the office types, and the checksum ties them to the station file. */
char *
vt_results_to_qr_text (VtResults *results)
{
  GString *out = g_string_new ("VT1\n");

  g_return_val_if_fail (results != NULL, NULL);

  g_string_append_printf (out, "E %d %s\n", results->year, results->election_kind);
  if (results->training)
    g_string_append (out, "T\n");
  g_string_append_printf (out, "P %s-%s\n", results->municipality_number,
                          results->precinct_number);
  for (guint c = 0; c < results->contests->len; c++)
    {
      VtResultsContest *contest = g_ptr_array_index (results->contests, c);

      g_string_append_printf (out, "C %s", contest->id);
      append_count (out, contest->approved);
      append_count (out, contest->blank);
      append_count (out, contest->doubtful);
      append_count (out, contest->total);
      g_string_append_c (out, '\n');
    }
  for (guint c = 0; c < results->contests->len; c++)
    {
      VtResultsContest *contest = g_ptr_array_index (results->contests, c);

      if (contest->lists->len == 0)
        continue;
      g_string_append_printf (out, "L %s", contest->id);
      for (guint l = 0; l < contest->lists->len; l++)
        {
          VtResultsList *list = g_ptr_array_index (contest->lists, l);

          g_string_append_printf (out, " %s", list->id);
          append_count (out, list->ballots);
        }
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "H %.16s\n", results->checksum);
  return g_string_free (out, FALSE);
}

void
vt_builder_results_qr (Builder   *b,
                       GPtrArray *findings)
{
  g_autoptr(VtResults) results = vt_results_new_from_builder (b, findings);
  g_autofree char *text = vt_results_to_qr_text (results);

  /* Translators: under the QR code on the protocol's signature page and on the receipts */
  vt_doc_qr (b->doc, text, _("For the election office: the protocol's counts and the journal "
                             "checksum, to scan instead of typing them"));
}

/* ---- valgting export results ------------------------------------------------------------ */

gboolean
vt_results_export (const char  *station_path,
                   const char  *out_path,
                   GError     **error)
{
  g_autoptr(VtResults) results = NULL;
  g_autofree char *text = NULL;
  VtExportFormat format;

  g_return_val_if_fail (station_path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (!vt_export_format_from_path (out_path, &format) || format != VT_EXPORT_JSON)
    {
      /* Translators: %s is the file given to "valgting export results -o" */
      g_set_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_FORMAT,
                   _("%s: the file's name must end in .json: the results are written as JSON."),
                   out_path);
      return FALSE;
    }
  /* Said before the station is read: nothing is ever written over. */
  if (!vt_export_check_new_path (out_path, error))
    return FALSE;
  results = vt_results_new_from_file (station_path, error);
  if (results == NULL)
    return FALSE;
  /* A meeting elects people to offices: no contest, no ballot count, nothing the election
   * office sums. What it decided is in its protocol and its notice to the region. */
  if (g_strcmp0 (results->election_kind, "organisation") == 0)
    {
      g_autofree char *name = g_path_get_basename (station_path);

      /* Translators: %s is the meeting's file */
      g_set_error (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_MEETING,
                   _("%s is an organisation's meeting, not a polling station: it has no "
                     "results for the election office. Who was elected is in the meeting's "
                     "protocol and in its notice to the region."), name);
      return FALSE;
    }
  text = vt_results_to_json (results);
  return vt_export_write_private (out_path, text, NULL, error);
}
