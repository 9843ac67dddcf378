/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-overview-doc"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "vt-i18n.h"
#include "vt-documents.h"
#include "vt-overview-doc.h"

/* "1 234" (vt_format_count), or "—" for a count not recorded (by a station, or by any station of a sum). */
static char *
count_text (gint64 count)
{
  return count == VT_RESULTS_UNKNOWN ? g_strdup ("—") : vt_format_count (count);
}

static const char *
weekday_name (int day_of_week)
{
  static const char * const names[] = {
    NC_("weekday", "Monday"), NC_("weekday", "Tuesday"), NC_("weekday", "Wednesday"),
    NC_("weekday", "Thursday"), NC_("weekday", "Friday"), NC_("weekday", "Saturday"),
    NC_("weekday", "Sunday"),
  };

  if (day_of_week < 1 || day_of_week > 7)
    return "";
  return vt_pgettext ("weekday", names[day_of_week - 1]);
}

/* "Sunday 08.09" from "2019-09-08" */
static char *
day_title (const VtResultsDay *day)
{
  int y = 0, m = 0, d = 0;

  if (day->date == NULL || sscanf (day->date, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup (weekday_name (day->weekday));
  return g_strdup_printf ("%s %02d.%02d", weekday_name (day->weekday), d, m);
}

static const VtResultsDay *
station_day (const VtResults *r,
             const char      *date)
{
  for (guint i = 0; i < r->days->len; i++)
    if (g_strcmp0 (((VtResultsDay *)g_ptr_array_index (r->days, i))->date, date) == 0)
      return g_ptr_array_index (r->days, i);
  return NULL;
}

static const VtResultsContest *
station_contest (const VtResults *r,
                 const char      *id)
{
  for (guint i = 0; i < r->contests->len; i++)
    if (g_strcmp0 (((VtResultsContest *)g_ptr_array_index (r->contests, i))->id, id) == 0)
      return g_ptr_array_index (r->contests, i);
  return NULL;
}

static VtDoc *
new_doc (VtCollect *collect)
{
  VtDoc *doc = vt_doc_new (_("Overview of the polling stations"));
  g_autofree char *left = NULL;
  g_autofree char *footer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (collect->language != NULL)
    vt_doc_set_language (doc, collect->language);
  if (collect->election_name != NULL)
    /* Translators: the page header: "Kommunestyre- og fylkestingsvalget 2027 — Bergen" */
    left = g_strdup_printf (_("%s — %s"), collect->election_name, collect->municipality_name);
  else
    left = g_strdup (_("No station file could be read"));
  /* Training said in words as well as by the diagonal mark, as every training document. */
  if (collect->training)
    {
      g_autofree char *marked = g_strdup_printf ("%s · %s", _("TRAINING ELECTION"), left);
      g_free (left);
      left = g_steal_pointer (&marked);
      vt_doc_set_watermark (doc, _("TRAINING — not valid"));
    }
  vt_doc_set_header (doc, left, _("Overview of the polling stations"));
  /* Translators: the page footer of the municipality's overview */
  footer = g_strdup_printf (_("Made from %u station files: %u summed, %u left out."),
                            collect->stations->len, collect->n_summed,
                            vt_collect_count_left_out (collect));
  vt_doc_set_footer (doc, footer);
  vt_doc_set_printed (doc, now);
  return doc;
}

/* ---- one row per precinct ---------------------------------------------------------------- */

static const char *
where_counted (const VtResults *r)
{
  return r->counted_by_party
           ? _("At the station")
           /* Translators: where counted: the urn totals at the station, the parties by the
            * election office */
           : _("Urn totals at the station; parties centrally");
}

/* The cells of one precinct's row, or of the sum row (@label). */
static void
add_precinct_row (VtDocTable      *table,
                  VtDocRowStyle    style,
                  const char      *label,
                  const char      *where,
                  const VtResults *r,
                  const VtResults *total)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (cells, g_strdup (label));
  g_ptr_array_add (cells, g_strdup (where));
  for (guint d = 0; d < total->days->len; d++)
    {
      const VtResultsDay *sum = g_ptr_array_index (total->days, d);
      const VtResultsDay *day = station_day (r, sum->date);

      /* a day the station was not open has no marks */
      g_ptr_array_add (cells, day != NULL ? count_text (day->roll_marks) : g_strdup (""));
    }
  g_ptr_array_add (cells, count_text (r->roll_marks_total));
  for (guint c = 0; c < total->contests->len; c++)
    {
      const VtResultsContest *sum = g_ptr_array_index (total->contests, c);
      const VtResultsContest *contest = station_contest (r, sum->id);

      g_ptr_array_add (cells, contest != NULL ? count_text (contest->total) : g_strdup (""));
    }
  g_ptr_array_add (cells, count_text (r->special_envelopes));
  g_ptr_array_add (cells, count_text (r->emergency_envelopes));
  g_ptr_array_add (cells, NULL);
  vt_doc_table_add_row (table, style, (const char * const *)cells->pdata);
}

static void
add_precincts (VtDoc     *doc,
               VtCollect *collect)
{
  const VtResults *total = collect->total;
  guint n_days = total->days->len, n_contests = total->contests->len;
  guint n_columns = 2 + n_days + 1 + n_contests + 2, col = 0;
  VtDocTable *table = vt_doc_table_new (doc, n_columns);

  vt_doc_heading (doc, 2, _("The polling stations"));
  vt_doc_table_set_column (table, col++, _("Precinct"), 2.4, VT_DOC_ALIGN_LEFT);
  vt_doc_table_set_column (table, col++, _("Counted"), 1.6, VT_DOC_ALIGN_LEFT);
  for (guint d = 0; d < n_days; d++)
    {
      g_autofree char *title = day_title (g_ptr_array_index (total->days, d));

      vt_doc_table_set_column (table, col++, title, 1.2, VT_DOC_ALIGN_RIGHT);
    }
  vt_doc_table_set_column (table, col++, C_("roll marks of every day", "Total"), 1.1,
                           VT_DOC_ALIGN_RIGHT);
  vt_doc_table_add_group (table, 2, n_days + 1, _("Marks in the roll"));
  for (guint c = 0; c < n_contests; c++)
    {
      /* the protocol's short titles: a whole contest's name does not fit a number's column */
      g_autofree char *title = vt_document_contest_column_title (
        ((VtResultsContest *)g_ptr_array_index (total->contests, c))->name);

      vt_doc_table_set_column (table, col++, title, 2.0, VT_DOC_ALIGN_RIGHT);
    }
  vt_doc_table_add_group (table, 2 + n_days + 1, n_contests, _("Ballots counted in the urn"));
  /* Translators: a column: votes in a special envelope */
  vt_doc_table_set_column (table, col++, _("Special envelopes"), 1.5, VT_DOC_ALIGN_RIGHT);
  /* Translators: a narrow column's title: votes in an emergency envelope
   * (beredskapskonvolutt). Put a soft hyphen (U+00AD) where a long word may break. */
  vt_doc_table_set_column (table, col++, C_("narrow column", "Emergency envelopes"), 2.0,
                           VT_DOC_ALIGN_RIGHT);

  for (guint i = 0; i < collect->stations->len; i++)
    {
      const VtCollectStation *station = g_ptr_array_index (collect->stations, i);
      g_autofree char *label = NULL;

      if (!station->summed)
        continue;
      label = vt_collect_station_dup_label (station);
      add_precinct_row (table, VT_DOC_ROW_NORMAL, label, where_counted (station->results),
                        station->results, total);
    }
  add_precinct_row (table, VT_DOC_ROW_TOTAL, _("Sum"), "", total, total);
  vt_doc_table_end (table);
  vt_doc_note (doc, _("“—”: not counted yet at the station, or, in a sum, at one of the "
                      "stations."));
}

/* ---- per contest ------------------------------------------------------------------------- */

static void
add_contests (VtDoc     *doc,
              VtCollect *collect)
{
  const VtResults *total = collect->total;
  static const char * const labels[] = {
    N_("Approved ballots"), N_("Blank ballots"), N_("Doubtful ballots"),
    N_("Total number of ballots"),
  };
  VtDocTable *table = vt_doc_table_new (doc, 1 + total->contests->len);

  vt_doc_heading (doc, 2, _("Ballots counted in the urn, summed"));
  vt_doc_table_set_column (table, 0, _("Type"), 2.4, VT_DOC_ALIGN_LEFT);
  for (guint c = 0; c < total->contests->len; c++)
    vt_doc_table_set_column (table, 1 + c,
                             ((VtResultsContest *)g_ptr_array_index (total->contests, c))->name,
                             1.3, VT_DOC_ALIGN_RIGHT);
  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (cells, g_strdup (_(labels[k])));
      for (guint c = 0; c < total->contests->len; c++)
        {
          const VtResultsContest *contest = g_ptr_array_index (total->contests, c);
          gint64 counts[] = { contest->approved, contest->blank, contest->doubtful,
                              contest->total };

          g_ptr_array_add (cells, count_text (counts[k]));
        }
      g_ptr_array_add (cells, NULL);
      vt_doc_table_add_row (table, k == 3 ? VT_DOC_ROW_TOTAL : VT_DOC_ROW_NORMAL,
                            (const char * const *)cells->pdata);
    }
  vt_doc_table_end (table);

  vt_doc_heading (doc, 2, _("Ballots by party, summed"));
  if (collect->n_counted_by_party < collect->n_summed)
    {
      g_autofree char *note = g_strdup_printf (
        /* Translators: a note under "Ballots by party, summed" */
        ngettext ("%u station counted urn totals only; its ballots by party are counted "
                  "centrally and are not in these sums.",
                  "%u stations counted urn totals only; their ballots by party are counted "
                  "centrally and are not in these sums.",
                  collect->n_summed - collect->n_counted_by_party),
        collect->n_summed - collect->n_counted_by_party);
      vt_doc_note (doc, note);
    }
  for (guint c = 0; c < total->contests->len; c++)
    {
      const VtResultsContest *contest = g_ptr_array_index (total->contests, c);
      gint64 sum = 0;

      if (contest->lists->len == 0)
        continue;
      vt_doc_heading (doc, 3, contest->name);
      table = vt_doc_table_new (doc, 2);
      vt_doc_table_set_column (table, 0, _("Name of the list"), 4.0, VT_DOC_ALIGN_LEFT);
      vt_doc_table_set_column (table, 1, _("Ballots"), 1.2, VT_DOC_ALIGN_RIGHT);
      for (guint l = 0; l < contest->lists->len; l++)
        {
          const VtResultsList *list = g_ptr_array_index (contest->lists, l);
          g_autofree char *count = count_text (list->ballots);
          const char *cells[] = { list->name, count };

          if (sum != VT_RESULTS_UNKNOWN)
            sum = list->ballots == VT_RESULTS_UNKNOWN ? VT_RESULTS_UNKNOWN : sum + list->ballots;
          vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, cells);
        }
      {
        g_autofree char *count = count_text (sum);
        const char *cells[] = { _("Sum"), count };

        vt_doc_table_add_row (table, VT_DOC_ROW_TOTAL, cells);
      }
      vt_doc_table_end (table);
    }
}

/* ---- remarks, flags, files left out ------------------------------------------------------ */

static void
add_remarks (VtDoc     *doc,
             VtCollect *collect)
{
  /* Translators: the heading of the stations' remarks in the valgstyre's protocol: in Bokmål
   * "Merknad fra stemmestyrene" */
  vt_doc_heading (doc, 2, _("Remarks from the polling-station boards"));
  for (guint i = 0; i < collect->stations->len; i++)
    {
      const VtCollectStation *station = g_ptr_array_index (collect->stations, i);
      const VtResults *r = station->results;
      g_autofree char *label = NULL;
      gboolean any = FALSE;

      if (!station->summed)
        continue;
      label = vt_collect_station_dup_label (station);
      vt_doc_heading (doc, 3, label);
      for (guint c = 0; c < r->contests->len; c++)
        {
          const VtResultsContest *contest = g_ptr_array_index (r->contests, c);

          if (contest->remark != NULL && *contest->remark != '\0')
            {
              /* Translators: a station's remark on a contest: "Kommunestyrevalget: …" */
              g_autofree char *text = g_strdup_printf (_("%s: %s"), contest->name,
                                                       contest->remark);
              vt_doc_paragraph (doc, text);
              any = TRUE;
            }
        }
      if (r->matters != NULL && *r->matters != '\0')
        {
          g_autofree char *text = g_strdup_printf (_("%s: %s"), _("Other matters"), r->matters);
          vt_doc_paragraph (doc, text);
          any = TRUE;
        }
      if (!any)
        vt_doc_note (doc, _("No remarks."));
    }
}

/* The flags of every station that either leave it out (@left_out) or not, one row each. */
static guint
add_flag_rows (VtDoc     *doc,
               VtCollect *collect,
               gboolean   left_out)
{
  VtDocTable *table = NULL;
  guint n = 0;

  for (guint i = 0; i < collect->stations->len; i++)
    {
      const VtCollectStation *station = g_ptr_array_index (collect->stations, i);
      g_autofree char *label = vt_collect_station_dup_label (station);

      if (station->summed == left_out)
        continue;
      for (guint f = 0; f < station->flags->len; f++)
        {
          const VtCollectFlag *flag = g_ptr_array_index (station->flags, f);
          g_autofree char *text = NULL;

          if (vt_collect_flag_leaves_out (flag->kind) != left_out)
            continue;
          if (table == NULL)
            {
              table = vt_doc_table_new (doc, 3);
              vt_doc_table_set_column (table, 0, _("Precinct"), 2.6, VT_DOC_ALIGN_LEFT);
              vt_doc_table_set_column (table, 1, _("File"), 2.4, VT_DOC_ALIGN_LEFT);
              vt_doc_table_set_column (table, 2, _("What"), 6.0, VT_DOC_ALIGN_LEFT);
            }
          text = vt_collect_flag_dup_text (flag);
          {
            const char *cells[] = { station->results != NULL ? label : "", station->name,
                                    text };
            vt_doc_table_add_row (table, VT_DOC_ROW_NORMAL, cells);
          }
          n++;
        }
    }
  if (table != NULL)
    vt_doc_table_end (table);
  return n;
}

static void
add_flags (VtDoc     *doc,
           VtCollect *collect)
{
  vt_doc_heading (doc, 2, _("Needs the election office's attention"));
  if (add_flag_rows (doc, collect, FALSE) == 0)
    vt_doc_paragraph (doc, _("Nothing: every summed protocol is signed, every difference "
                             "explained, no warning accepted and no seal broken."));
  vt_doc_heading (doc, 2, _("Files left out of the sums"));
  if (add_flag_rows (doc, collect, TRUE) == 0)
    vt_doc_paragraph (doc, _("None: every file was summed."));
}

/**
 * vt_overview_doc_build:
 *
 * Returns: (transfer full): the overview as a document
 */
VtDoc *
vt_overview_doc_build (VtCollect *collect)
{
  g_return_val_if_fail (collect != NULL, NULL);

  {
    g_auto(VtLanguageScope) scope = collect->language != NULL
                                      ? vt_language_scope (collect->language)
                                      : vt_i18n_get_thread_language ();
    VtDoc *doc = new_doc (collect);
    g_autofree char *title = NULL;

    if (collect->election_name != NULL)
      {
        /* Translators: the overview's title: "Overview of the polling stations — Bergen" */
        title = g_strdup_printf (_("Overview of the polling stations — %s"),
                                 collect->municipality_name);
        vt_doc_heading (doc, 1, title);
        vt_doc_paragraph (doc, collect->election_name);
      }
    else
      vt_doc_heading (doc, 1, _("Overview of the polling stations"));
    if (collect->total != NULL && collect->n_summed > 0)
      {
        add_precincts (doc, collect);
        add_contests (doc, collect);
        add_remarks (doc, collect);
      }
    else
      vt_doc_paragraph (doc, _("No station file could be summed."));
    add_flags (doc, collect);
    return doc;
  }
}
