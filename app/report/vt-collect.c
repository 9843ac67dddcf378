/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-collect"

#include "config.h"

#include <inttypes.h>
#include <json-glib/json-glib.h>

#include "vt-collect.h"
#include "vt-i18n.h"
#include "vt-verify.h"

/* ---- flags ------------------------------------------------------------------------------ */

static const char * const flag_codes[] = {
  [VT_COLLECT_FLAG_NOT_SIGNED] = "not-signed",
  [VT_COLLECT_FLAG_SIGNATURE_STALE] = "signature-stale",
  [VT_COLLECT_FLAG_DIFFERENCE] = "difference-not-explained",
  [VT_COLLECT_FLAG_WARNING_ACCEPTED] = "warning-accepted",
  [VT_COLLECT_FLAG_BROKEN_SEAL] = "broken-seal",
  [VT_COLLECT_FLAG_PAPER_OLDER] = "entries-after-paper",
  [VT_COLLECT_FLAG_DOES_NOT_VERIFY] = "does-not-verify",
  [VT_COLLECT_FLAG_PAPER_MISMATCH] = "paper-not-in-file",
  [VT_COLLECT_FLAG_OTHER_ELECTION] = "other-election",
  [VT_COLLECT_FLAG_TWO_FILES] = "two-files-for-precinct",
  [VT_COLLECT_FLAG_SAME_JOURNAL] = "same-journal-twice",
};

const char *
vt_collect_flag_code (VtCollectFlagKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (flag_codes), NULL);
  return flag_codes[kind];
}

gboolean
vt_collect_flag_leaves_out (VtCollectFlagKind kind)
{
  return kind >= VT_COLLECT_FLAG_DOES_NOT_VERIFY;
}

/**
 * vt_collect_flag_dup_text:
 *
 * Returns: (transfer full): the flag in a sentence, in the thread's language
 */
char *
vt_collect_flag_dup_text (const VtCollectFlag *flag)
{
  const char *detail = flag->detail != NULL ? flag->detail : "";
  const char *contest = flag->contest != NULL ? flag->contest : "";

  switch (flag->kind)
    {
    case VT_COLLECT_FLAG_NOT_SIGNED:
      return g_strdup (_("The protocol is not signed."));
    case VT_COLLECT_FLAG_SIGNATURE_STALE:
      return g_strdup (_("The protocol was signed, but the log went on after the signature."));
    case VT_COLLECT_FLAG_DIFFERENCE:
      /* Translators: %s is a contest: "Kommunestyrevalget" */
      return g_strdup_printf (_("%s: a difference is not explained."), contest);
    case VT_COLLECT_FLAG_WARNING_ACCEPTED:
      return g_strdup_printf (ngettext ("%s: %" PRId64 " warning was accepted as it is.",
                                        "%s: %" PRId64 " warnings were accepted as they are.",
                                        flag->number), contest, flag->number);
    case VT_COLLECT_FLAG_BROKEN_SEAL:
      return g_strdup_printf (ngettext ("%" PRId64 " seal was broken during the day.",
                                        "%" PRId64 " seals were broken during the day.",
                                        flag->number), flag->number);
    case VT_COLLECT_FLAG_PAPER_OLDER:
      return g_strdup_printf (ngettext ("%" PRId64 " entry was written after the checksum "
                                        "typed from the paper.",
                                        "%" PRId64 " entries were written after the checksum "
                                        "typed from the paper.", flag->number), flag->number);
    case VT_COLLECT_FLAG_DOES_NOT_VERIFY:
      /* Translators: %s is why: the verification's message */
      return g_strdup_printf (_("The file does not verify; left out of the sums: %s"), detail);
    case VT_COLLECT_FLAG_PAPER_MISMATCH:
      /* Translators: %s are the groups typed from the paper protocol */
      return g_strdup_printf (_("The checksum typed from the paper, “%s”, is not in the "
                                "file's chain; left out of the sums."), detail);
    case VT_COLLECT_FLAG_OTHER_ELECTION:
      /* Translators: %s is the other election: "Stortingsvalget 2025, Bærum" */
      return g_strdup_printf (_("The file is of another election (%s); left out of the "
                                "sums."), detail);
    case VT_COLLECT_FLAG_TWO_FILES:
      /* Translators: %s is the other file's name */
      return g_strdup_printf (_("Two files for this precinct, holding different journals: "
                                "this one and %s. Neither is in the sums until the election "
                                "office decides which is the station's and collects again "
                                "with that one."), detail);
    case VT_COLLECT_FLAG_SAME_JOURNAL:
      return g_strdup_printf (_("The same journal as %s (a copy of it); summed once, as "
                                "that file."), detail);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
flag_free (VtCollectFlag *flag)
{
  g_free (flag->contest);
  g_free (flag->detail);
  g_free (flag);
}

static void
add_flag (VtCollectStation  *station,
          VtCollectFlagKind  kind,
          const char        *contest,
          const char        *detail,
          gint64             number)
{
  VtCollectFlag *flag = g_new0 (VtCollectFlag, 1);

  flag->kind = kind;
  flag->contest = g_strdup (contest);
  flag->detail = g_strdup (detail);
  flag->number = number;
  g_ptr_array_add (station->flags, flag);
}

static gboolean
station_has_flag (const VtCollectStation *station,
                  VtCollectFlagKind       kind)
{
  for (guint i = 0; i < station->flags->len; i++)
    if (((VtCollectFlag *)g_ptr_array_index (station->flags, i))->kind == kind)
      return TRUE;
  return FALSE;
}

static void
station_free (VtCollectStation *station)
{
  g_free (station->path);
  g_free (station->name);
  g_free (station->checksum_groups);
  g_clear_pointer (&station->results, vt_results_free);
  g_ptr_array_unref (station->flags);
  g_free (station);
}

char *
vt_collect_station_dup_label (const VtCollectStation *station)
{
  /* A file that cannot be read, or one with no precinct (an organisation's meeting): by its
   * name. */
  if (station->results == NULL || station->results->precinct_number == NULL)
    return g_strdup (station->name);
  return g_strdup_printf ("%s %s", station->results->precinct_number,
                          station->results->precinct_name);
}

/* ---- reading the files, in parallel ------------------------------------------------------ */

/* One file: verified and read in a worker. */
static void
read_station (gpointer data,
              gpointer user_data)
{
  VtCollectStation *station = data;
  g_autoptr(GError) error = NULL;

  station->results = vt_results_new_from_file (station->path, &error);
  if (station->results == NULL)
    {
      add_flag (station, VT_COLLECT_FLAG_DOES_NOT_VERIFY, NULL, error->message, 0);
      return;
    }
  if (station->checksum_groups != NULL)
    {
      VtVerifyPaper paper = { 0 };

      if (!vt_verify_checksum (station->path, station->checksum_groups, &paper, &error))
        add_flag (station, VT_COLLECT_FLAG_DOES_NOT_VERIFY, NULL, error->message, 0);
      else if (paper.seq == 0)
        add_flag (station, VT_COLLECT_FLAG_PAPER_MISMATCH, NULL, station->checksum_groups, 0);
      else if (paper.n_following > 0)
        add_flag (station, VT_COLLECT_FLAG_PAPER_OLDER, NULL, NULL, paper.n_following);
    }
}

static void
read_all (GPtrArray *stations)
{
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;

  /* Verifying is reading and hashing: one file per processor. */
  pool = g_thread_pool_new (read_station, NULL, MAX (1, (int)g_get_num_processors ()), FALSE,
                            &error);
  if (pool == NULL)
    {
      g_warning ("no threads (%s): reading the files one by one", error->message);
      for (guint i = 0; i < stations->len; i++)
        read_station (g_ptr_array_index (stations, i), NULL);
      return;
    }
  for (guint i = 0; i < stations->len; i++)
    g_thread_pool_push (pool, g_ptr_array_index (stations, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

/* ---- one election ------------------------------------------------------------------------ */

static char *
election_key (const VtResults *r)
{
  return g_strdup_printf ("%s\n%d\n%s\n%s\n%d", r->election_kind, r->year, r->election_name,
                          r->municipality_number, r->training);
}

static gboolean
is_meeting (const VtResults *r)
{
  return g_strcmp0 (r->election_kind, "organisation") == 0;
}

static char *
election_label (const VtResults *r)
{
  if (is_meeting (r))
    /* Translators: %s is the meeting's election: "Valg på årsmøtet 2027" */
    return g_strdup_printf (_("an organisation's meeting, %s%s"), r->election_name,
                            r->training ? " (ØVING)" : "");
  return g_strdup_printf ("%s, %s%s", r->election_name, r->municipality_name,
                          r->training ? " (ØVING)" : "");
}

/* The election most readable files are of; on a tie, the first file's. An organisation's
 * meeting is never the election summed: it has no precinct and no count. */
static const VtResults *
choose_election (GPtrArray *stations)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const VtResults *best = NULL;
  guint best_count = 0;

  for (guint i = 0; i < stations->len; i++)
    {
      VtCollectStation *station = g_ptr_array_index (stations, i);
      char *key;
      guint count;

      if (station->results == NULL || is_meeting (station->results))
        continue;
      key = election_key (station->results);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;
      g_hash_table_replace (counts, key, GUINT_TO_POINTER (count));
      if (count > best_count)
        {
          best = station->results;
          best_count = count;
        }
    }
  return best;
}

static void
flag_other_elections (GPtrArray       *stations,
                      const VtResults *election)
{
  g_autofree char *key = election_key (election);

  for (guint i = 0; i < stations->len; i++)
    {
      VtCollectStation *station = g_ptr_array_index (stations, i);
      g_autofree char *other = NULL;

      if (station->results == NULL)
        continue;
      other = election_key (station->results);
      if (!g_str_equal (key, other))
        {
          g_autofree char *label = election_label (station->results);
          add_flag (station, VT_COLLECT_FLAG_OTHER_ELECTION, NULL, label, 0);
        }
    }
}

/* Only meetings were given: nothing to sum, and each says why. */
static void
flag_meetings (GPtrArray *stations)
{
  for (guint i = 0; i < stations->len; i++)
    {
      VtCollectStation *station = g_ptr_array_index (stations, i);

      if (station->results != NULL && is_meeting (station->results))
        {
          g_autofree char *label = election_label (station->results);
          add_flag (station, VT_COLLECT_FLAG_OTHER_ELECTION, NULL, label, 0);
        }
    }
}

static gboolean
is_left_out (const VtCollectStation *station)
{
  for (guint i = 0; i < station->flags->len; i++)
    if (vt_collect_flag_leaves_out (((VtCollectFlag *)g_ptr_array_index (station->flags,
                                                                         i))->kind))
      return TRUE;
  return FALSE;
}

/* A file that is left out whatever the other files of its precinct hold. */
static gboolean
out_of_contention (const VtCollectStation *station)
{
  return station->results == NULL ||
         station_has_flag (station, VT_COLLECT_FLAG_DOES_NOT_VERIFY) ||
         station_has_flag (station, VT_COLLECT_FLAG_PAPER_MISMATCH) ||
         station_has_flag (station, VT_COLLECT_FLAG_OTHER_ELECTION) ||
         station_has_flag (station, VT_COLLECT_FLAG_SAME_JOURNAL);
}

/* Two files of one precinct: the same journal is one station, summed once; different journals
 * are summed neither, each naming the other. */
static void
flag_two_files (GPtrArray *stations)
{
  for (guint i = 0; i < stations->len; i++)
    {
      VtCollectStation *a = g_ptr_array_index (stations, i);

      if (out_of_contention (a))
        continue;
      for (guint j = i + 1; j < stations->len; j++)
        {
          VtCollectStation *b = g_ptr_array_index (stations, j);

          if (out_of_contention (b) ||
              g_strcmp0 (a->results->precinct_number, b->results->precinct_number) != 0)
            continue;
          if (g_strcmp0 (a->results->checksum, b->results->checksum) == 0 &&
              a->results->n_entries == b->results->n_entries)
            add_flag (b, VT_COLLECT_FLAG_SAME_JOURNAL, NULL, a->name, 0);
          else
            {
              if (!station_has_flag (b, VT_COLLECT_FLAG_TWO_FILES))
                add_flag (b, VT_COLLECT_FLAG_TWO_FILES, NULL, a->name, 0);
              add_flag (a, VT_COLLECT_FLAG_TWO_FILES, NULL, b->name, 0);
            }
        }
    }
}

static void
flag_results (VtCollectStation *station)
{
  VtResults *r = station->results;

  if (r->signature_stale)
    add_flag (station, VT_COLLECT_FLAG_SIGNATURE_STALE, NULL, NULL, 0);
  else if (!r->signed_by_chair)
    add_flag (station, VT_COLLECT_FLAG_NOT_SIGNED, NULL, NULL, 0);
  for (guint i = 0; i < r->contests->len; i++)
    {
      VtResultsContest *contest = g_ptr_array_index (r->contests, i);

      if (contest->difference_not_explained)
        add_flag (station, VT_COLLECT_FLAG_DIFFERENCE, contest->name, NULL, 0);
    }
  for (guint i = 0; i < r->contests->len; i++)
    {
      VtResultsContest *contest = g_ptr_array_index (r->contests, i);

      if (contest->n_warnings_accepted > 0)
        add_flag (station, VT_COLLECT_FLAG_WARNING_ACCEPTED, contest->name, NULL,
                  contest->n_warnings_accepted);
    }
  if (r->n_broken_seals > 0)
    add_flag (station, VT_COLLECT_FLAG_BROKEN_SEAL, NULL, NULL, r->n_broken_seals);
}

static int
flag_compare (gconstpointer a,
              gconstpointer b)
{
  const VtCollectFlag *fa = *(const VtCollectFlag * const *)a;
  const VtCollectFlag *fb = *(const VtCollectFlag * const *)b;

  return (int)fa->kind - (int)fb->kind;
}

/* ---- the sums ---------------------------------------------------------------------------- */

static void
list_free (VtResultsList *list)
{
  g_free (list->id);
  g_free (list->name);
  g_free (list);
}

static void
contest_free (VtResultsContest *contest)
{
  g_free (contest->id);
  g_free (contest->name);
  g_ptr_array_unref (contest->lists);
  g_free (contest->remark);
  g_free (contest);
}

static void
day_free (VtResultsDay *day)
{
  g_free (day->date);
  g_free (day);
}

/* @sum += @count; unknown stays unknown (a station that has not counted it yet). */
static void
add_count (gint64 *sum,
           gint64  count)
{
  if (*sum == VT_RESULTS_UNKNOWN || count == VT_RESULTS_UNKNOWN)
    *sum = VT_RESULTS_UNKNOWN;
  else
    *sum += count;
}

static VtResultsDay *
find_day (GPtrArray  *days,
          const char *date)
{
  for (guint i = 0; i < days->len; i++)
    if (g_strcmp0 (((VtResultsDay *)g_ptr_array_index (days, i))->date, date) == 0)
      return g_ptr_array_index (days, i);
  return NULL;
}

static VtResultsContest *
find_contest (GPtrArray  *contests,
              const char *id)
{
  for (guint i = 0; i < contests->len; i++)
    if (g_strcmp0 (((VtResultsContest *)g_ptr_array_index (contests, i))->id, id) == 0)
      return g_ptr_array_index (contests, i);
  return NULL;
}

static VtResultsList *
find_list (GPtrArray  *lists,
           const char *id)
{
  for (guint i = 0; i < lists->len; i++)
    if (g_strcmp0 (((VtResultsList *)g_ptr_array_index (lists, i))->id, id) == 0)
      return g_ptr_array_index (lists, i);
  return NULL;
}

static VtResults *
new_total (const VtResults *election)
{
  VtResults *total = g_new0 (VtResults, 1);

  total->election_name = g_strdup (election->election_name);
  total->election_kind = g_strdup (election->election_kind);
  total->year = election->year;
  total->training = election->training;
  total->municipality_number = g_strdup (election->municipality_number);
  total->municipality_name = g_strdup (election->municipality_name);
  total->language = g_strdup (election->language);
  total->counted_by_party = election->counted_by_party;
  total->days = g_ptr_array_new_with_free_func ((GDestroyNotify)day_free);
  total->contests = g_ptr_array_new_with_free_func ((GDestroyNotify)contest_free);
  total->signed_by_chair = TRUE;
  return total;
}

static void
add_contest (VtResults              *total,
             const VtResultsContest *contest)
{
  VtResultsContest *sum = find_contest (total->contests, contest->id);

  if (sum == NULL)
    {
      sum = g_new0 (VtResultsContest, 1);
      sum->id = g_strdup (contest->id);
      sum->name = g_strdup (contest->name);
      sum->lists = g_ptr_array_new_with_free_func ((GDestroyNotify)list_free);
      g_ptr_array_add (total->contests, sum);
    }
  add_count (&sum->approved, contest->approved);
  add_count (&sum->blank, contest->blank);
  add_count (&sum->doubtful, contest->doubtful);
  add_count (&sum->total, contest->total);
  sum->difference_not_explained |= contest->difference_not_explained;
  sum->n_warnings_accepted += contest->n_warnings_accepted;
  for (guint i = 0; i < contest->lists->len; i++)
    {
      const VtResultsList *list = g_ptr_array_index (contest->lists, i);
      VtResultsList *list_sum = find_list (sum->lists, list->id);

      if (list_sum == NULL)
        {
          list_sum = g_new0 (VtResultsList, 1);
          list_sum->id = g_strdup (list->id);
          list_sum->name = g_strdup (list->name);
          g_ptr_array_add (sum->lists, list_sum);
        }
      add_count (&list_sum->ballots, list->ballots);
    }
}

static int
day_compare (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 ((*(const VtResultsDay * const *)a)->date,
                    (*(const VtResultsDay * const *)b)->date);
}

static void
add_station (VtCollect       *collect,
             const VtResults *r)
{
  VtResults *total = collect->total;

  add_count (&total->special_envelopes, r->special_envelopes);
  add_count (&total->emergency_envelopes, r->emergency_envelopes);
  add_count (&total->other_precinct_envelopes, r->other_precinct_envelopes);
  add_count (&total->roll_marks_total, r->roll_marks_total);
  for (guint i = 0; i < r->days->len; i++)
    {
      const VtResultsDay *day = g_ptr_array_index (r->days, i);
      VtResultsDay *sum = find_day (total->days, day->date);

      if (sum == NULL)
        {
          sum = g_new0 (VtResultsDay, 1);
          sum->date = g_strdup (day->date);
          sum->weekday = day->weekday;
          g_ptr_array_add (total->days, sum);
          g_ptr_array_sort (total->days, day_compare);
        }
      add_count (&sum->roll_marks, day->roll_marks);
    }
  for (guint i = 0; i < r->contests->len; i++)
    add_contest (total, g_ptr_array_index (r->contests, i));
  total->n_entries += r->n_entries;
  total->n_broken_seals += r->n_broken_seals;
  total->signed_by_chair &= r->signed_by_chair;
  total->signature_stale |= r->signature_stale;
  if (r->counted_by_party)
    collect->n_counted_by_party++;
  total->counted_by_party = collect->n_counted_by_party > 0;
}

static int
station_compare (gconstpointer a,
                 gconstpointer b)
{
  const VtCollectStation *sa = *(const VtCollectStation * const *)a;
  const VtCollectStation *sb = *(const VtCollectStation * const *)b;
  int cmp;

  /* The readable files by precinct, then the rest by name. */
  if ((sa->results == NULL) != (sb->results == NULL))
    return sa->results == NULL ? 1 : -1;
  if (sa->results != NULL &&
      (cmp = g_strcmp0 (sa->results->precinct_number, sb->results->precinct_number)) != 0)
    return cmp;
  return g_strcmp0 (sa->path, sb->path);
}

/**
 * vt_collect_new:
 *
 * Returns: (transfer full): the overview of @paths
 */
VtCollect *
vt_collect_new (const char * const *paths,
                const char * const *checksums,
                guint               n_paths)
{
  VtCollect *collect = g_new0 (VtCollect, 1);
  const VtResults *election;

  g_return_val_if_fail (paths != NULL || n_paths == 0, collect);

  collect->stations = g_ptr_array_new_with_free_func ((GDestroyNotify)station_free);
  for (guint i = 0; i < n_paths; i++)
    {
      VtCollectStation *station = g_new0 (VtCollectStation, 1);

      station->path = g_strdup (paths[i]);
      station->name = g_path_get_basename (paths[i]);
      station->checksum_groups = checksums != NULL ? g_strdup (checksums[i]) : NULL;
      station->flags = g_ptr_array_new_with_free_func ((GDestroyNotify)flag_free);
      g_ptr_array_add (collect->stations, station);
    }
  read_all (collect->stations);

  /* Every decision below is made in the order the files were given: the first of two copies
   * is the one summed, a tie of elections goes to the first file's. */
  election = choose_election (collect->stations);
  if (election != NULL)
    {
      collect->election_name = g_strdup (election->election_name);
      collect->election_kind = g_strdup (election->election_kind);
      collect->year = election->year;
      collect->training = election->training;
      collect->municipality_number = g_strdup (election->municipality_number);
      collect->municipality_name = g_strdup (election->municipality_name);
      collect->language = g_strdup (election->language);
      flag_other_elections (collect->stations, election);
      flag_two_files (collect->stations);
      collect->total = new_total (election);
    }
  else
    flag_meetings (collect->stations);
  for (guint i = 0; i < collect->stations->len; i++)
    {
      VtCollectStation *station = g_ptr_array_index (collect->stations, i);

      if (station->results != NULL && !is_meeting (station->results))
        flag_results (station);
      g_ptr_array_sort (station->flags, flag_compare);
      station->summed = station->results != NULL && !is_left_out (station);
      if (station->summed)
        {
          add_station (collect, station->results);
          collect->n_summed++;
        }
    }
  g_ptr_array_sort (collect->stations, station_compare);
  return collect;
}

void
vt_collect_free (VtCollect *collect)
{
  if (collect == NULL)
    return;
  g_free (collect->election_name);
  g_free (collect->election_kind);
  g_free (collect->municipality_number);
  g_free (collect->municipality_name);
  g_free (collect->language);
  g_ptr_array_unref (collect->stations);
  g_clear_pointer (&collect->total, vt_results_free);
  g_free (collect);
}

guint
vt_collect_count_flagged (VtCollect *collect)
{
  guint n = 0;

  for (guint i = 0; i < collect->stations->len; i++)
    n += ((VtCollectStation *)g_ptr_array_index (collect->stations, i))->flags->len > 0;
  return n;
}

guint
vt_collect_count_left_out (VtCollect *collect)
{
  return collect->stations->len - collect->n_summed;
}

guint
vt_collect_count_missing (VtCollect *collect)
{
  guint n = 0;

  for (guint i = 0; i < collect->stations->len; i++)
    {
      VtCollectStation *station = g_ptr_array_index (collect->stations, i);

      n += !station->summed && !station_has_flag (station, VT_COLLECT_FLAG_SAME_JOURNAL);
    }
  return n;
}

/* ---- JSON -------------------------------------------------------------------------------- */

static JsonNode *
results_node (VtResults *results)
{
  g_autofree char *json = vt_results_to_json (results);
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  if (node == NULL)
    g_critical ("vt_results_to_json () wrote no JSON: %s", error->message);
  return node != NULL ? node : json_node_new (JSON_NODE_NULL);
}

/**
 * vt_collect_to_json:
 *
 * Returns: (transfer full): the overview as "valgting-overview/1"
 */
char *
vt_collect_to_json (VtCollect *collect)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "valgting-overview/1");
  json_builder_set_member_name (builder, "election");
  if (collect->election_name == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, collect->election_name);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, collect->election_kind);
      json_builder_set_member_name (builder, "year");
      json_builder_add_int_value (builder, collect->year);
      json_builder_set_member_name (builder, "training");
      json_builder_add_boolean_value (builder, collect->training);
      json_builder_set_member_name (builder, "municipality_number");
      json_builder_add_string_value (builder, collect->municipality_number);
      json_builder_set_member_name (builder, "municipality_name");
      json_builder_add_string_value (builder, collect->municipality_name);
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, collect->language);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "n_files");
  json_builder_add_int_value (builder, collect->stations->len);
  json_builder_set_member_name (builder, "n_summed");
  json_builder_add_int_value (builder, collect->n_summed);
  json_builder_set_member_name (builder, "stations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < collect->stations->len; i++)
    {
      VtCollectStation *station = g_ptr_array_index (collect->stations, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, station->path);
      json_builder_set_member_name (builder, "summed");
      json_builder_add_boolean_value (builder, station->summed);
      json_builder_set_member_name (builder, "flags");
      json_builder_begin_array (builder);
      for (guint f = 0; f < station->flags->len; f++)
        {
          VtCollectFlag *flag = g_ptr_array_index (station->flags, f);
          g_autofree char *text = vt_collect_flag_dup_text (flag);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, vt_collect_flag_code (flag->kind));
          json_builder_set_member_name (builder, "leaves_out");
          json_builder_add_boolean_value (builder, vt_collect_flag_leaves_out (flag->kind));
          if (flag->contest != NULL)
            {
              json_builder_set_member_name (builder, "contest");
              json_builder_add_string_value (builder, flag->contest);
            }
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "results");
      if (station->results != NULL)
        json_builder_add_value (builder, results_node (station->results));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sums");
  if (collect->total != NULL)
    json_builder_add_value (builder, results_node (collect->total));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
