/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-day-clock"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>

#include "vt-day-clock.h"
#include "vt-kind-ids.h"
#include "vt-station-state.h"
#include "vt-store-private.h"

/* The header's line about the day, from the station's phase, its schedule and its log; see
 * vt-day-clock.h for what it says when. No GTK here: the window calls it once a second. */

char *
vt_day_clock_format_span (GTimeSpan span)
{
  gint64 minutes = (MAX (span, 0) + G_TIME_SPAN_MINUTE - 1) / G_TIME_SPAN_MINUTE;

  if (minutes >= 60)
    /* Translators: a duration, e.g. "3 h 12 min" */
    return g_strdup_printf (_("%" PRId64 " h %" PRId64 " min"), minutes / 60, minutes % 60);
  /* Translators: a duration under an hour, e.g. "12 min" */
  return g_strdup_printf (_("%" PRId64 " min"), minutes);
}

/* What the clock needs from the log, newest entries last. */
typedef struct
{
  guint n_opened;              /* doors.open entries: the days begun */
  GDateTime *last_open;        /* local time of the newest doors.open */
  GDateTime *last_close;       /* local time of the newest doors.close */
  GDateTime *counting_since;   /* the first ordinary urn opened after the last close */
  GDateTime *phoned;           /* the newest results.phoned */
  GDateTime *newest;           /* the newest entry */
} LogFacts;

static void
log_facts_clear (LogFacts *facts)
{
  g_clear_pointer (&facts->last_open, g_date_time_unref);
  g_clear_pointer (&facts->last_close, g_date_time_unref);
  g_clear_pointer (&facts->counting_since, g_date_time_unref);
  g_clear_pointer (&facts->phoned, g_date_time_unref);
  g_clear_pointer (&facts->newest, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LogFacts, log_facts_clear)

static gboolean
is_ordinary_urn (GPtrArray  *urns,
                 const char *id)
{
  for (guint i = 0; i < urns->len; i++)
    {
      VtUrnState *urn = g_ptr_array_index (urns, i);
      if (g_strcmp0 (urn->id, id) == 0)
        return g_strcmp0 (urn->kind, "special-envelope") != 0;
    }
  return TRUE;
}

/* The entries the clock looks at, found by sqlite: the window asks once a second, and a long
 * day's journal has 200,000 entries that reading one by one would take seconds over. */
static const char * const clock_kinds[] = {
  VT_KIND_DOORS_OPEN, VT_KIND_DOORS_CLOSE, VT_KIND_URN_OPEN, VT_KIND_RESULTS_PHONED,
};

/* The seqs @sql selects of the entries after @after: ?1–?4 are the clock's kinds, ?5 the
 * annulment's, ?6 @after. */
static GArray *
select_seqs (sqlite3    *db,
             const char *sql,
             gint64      after)
{
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      for (guint i = 0; i < G_N_ELEMENTS (clock_kinds); i++)
        sqlite3_bind_text (stmt, (int)i + 1, clock_kinds[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, G_N_ELEMENTS (clock_kinds) + 1, VT_KIND_CORRECTION_ANNUL, -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, G_N_ELEMENTS (clock_kinds) + 2, after);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 seq = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (seqs, seq);
        }
    }
  sqlite3_finalize (stmt);
  return seqs;
}

/* Reads into @facts what the entries after @after add to them (@after 0: the whole log, into
 * empty facts). FALSE when one of those entries annuls an entry at or before @after: then
 * only reading the whole log again tells. */
static gboolean
read_log (VtStation *station,
          LogFacts  *facts,
          gint64     after)
{
  VtStore *store = vt_station_get_store (station);
  sqlite3 *db = vt_store_get_db (store);
  gint64 n = vt_store_get_n_entries (store);
  g_autoptr(GHashTable) annulled = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) urns = vt_station_dup_urns (station);
  g_autoptr(GArray) targets = NULL;
  g_autoptr(GArray) seqs = NULL;

  /* The entries after @after only, by the journal's own order: a handful once the day's
   * facts are known, however long the journal. */
  targets = select_seqs (db, "SELECT json_extract (payload, '$.entry') FROM journal "
                             "WHERE seq > ?6 AND kind = ?5", after);
  for (guint i = 0; i < targets->len; i++)
    {
      gint64 target = g_array_index (targets, gint64, i);

      if (target <= after)
        return FALSE;
      g_hash_table_add (annulled, GINT_TO_POINTER (target));
    }
  if (n > 0)
    {
      g_autoptr(VtJournalEntry) newest = vt_store_get_entry (store, n, NULL);
      if (newest != NULL)
        {
          g_clear_pointer (&facts->newest, g_date_time_unref);
          facts->newest = vt_journal_entry_dup_local_time (newest);
        }
    }

  /* Oldest first, for "the first after". */
  seqs = select_seqs (db, "SELECT seq FROM journal WHERE seq > ?6 "
                          "AND kind IN (?1, ?2, ?3, ?4) ORDER BY seq", after);
  for (guint i = 0; i < seqs->len; i++)
    {
      gint64 seq = g_array_index (seqs, gint64, i);
      g_autoptr(VtJournalEntry) entry = NULL;
      const char *kind;

      if (g_hash_table_contains (annulled, GINT_TO_POINTER (seq)))
        continue;
      entry = vt_store_get_entry (store, seq, NULL);
      if (entry == NULL)
        continue;
      kind = vt_journal_entry_get_kind (entry);
      if (g_str_equal (kind, VT_KIND_DOORS_OPEN))
        {
          facts->n_opened++;
          g_clear_pointer (&facts->last_open, g_date_time_unref);
          facts->last_open = vt_journal_entry_dup_local_time (entry);
        }
      else if (g_str_equal (kind, VT_KIND_DOORS_CLOSE))
        {
          g_clear_pointer (&facts->last_close, g_date_time_unref);
          g_clear_pointer (&facts->counting_since, g_date_time_unref);
          facts->last_close = vt_journal_entry_dup_local_time (entry);
        }
      else if (g_str_equal (kind, VT_KIND_URN_OPEN) && facts->counting_since == NULL &&
               facts->last_close != NULL &&
               is_ordinary_urn (urns, json_object_get_string_member_with_default (
                                        vt_journal_entry_get_payload_object (entry), "urn",
                                        NULL)))
        facts->counting_since = vt_journal_entry_dup_local_time (entry);
      else if (g_str_equal (kind, VT_KIND_RESULTS_PHONED))
        {
          g_clear_pointer (&facts->phoned, g_date_time_unref);
          facts->phoned = vt_journal_entry_dup_local_time (entry);
        }
    }
  return TRUE;
}

/* The facts change only with the journal: kept on the station with the number of entries
 * they were read at, so the clock's once a second reads nothing while nothing was logged, and
 * after an entry only the entries since. */
typedef struct
{
  gint64   n_entries;
  LogFacts facts;
} CachedFacts;

static void
cached_facts_free (gpointer data)
{
  CachedFacts *cached = data;

  log_facts_clear (&cached->facts);
  g_free (cached);
}

static GDateTime *
ref_or_null (GDateTime *time)
{
  return time != NULL ? g_date_time_ref (time) : NULL;
}

static void
get_log_facts (VtStation *station,
               LogFacts  *facts)
{
  gint64 n = vt_store_get_n_entries (vt_station_get_store (station));
  CachedFacts *cached = g_object_get_data (G_OBJECT (station), "vt-day-clock-facts");

  if (cached != NULL && cached->n_entries < n &&
      !read_log (station, &cached->facts, cached->n_entries))
    cached = NULL;
  if (cached == NULL || cached->n_entries > n)
    {
      cached = g_new0 (CachedFacts, 1);
      read_log (station, &cached->facts, 0);
      g_object_set_data_full (G_OBJECT (station), "vt-day-clock-facts", cached,
                              cached_facts_free);
    }
  cached->n_entries = n;
  facts->n_opened = cached->facts.n_opened;
  facts->last_open = ref_or_null (cached->facts.last_open);
  facts->last_close = ref_or_null (cached->facts.last_close);
  facts->counting_since = ref_or_null (cached->facts.counting_since);
  facts->phoned = ref_or_null (cached->facts.phoned);
  facts->newest = ref_or_null (cached->facts.newest);
}

static char *
hhmm (GDateTime *time)
{
  return g_date_time_format (time, "%H:%M");
}

static char *
date_of (GDateTime *time)
{
  return g_date_time_format (time, "%d.%m.%Y");
}

static gboolean
same_date (GDateTime *a,
           GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* Whether @b is the calendar day after @a. */
static gboolean
next_date (GDateTime *a,
           GDateTime *b)
{
  g_autoptr(GDateTime) after = g_date_time_add_days (a, 1);
  return same_date (after, b);
}

static VtElectionDay *
day_at (VtConfig *config,
        guint     index)
{
  GPtrArray *days = vt_config_get_days (config);

  if (days->len == 0)
    return NULL;
  return g_ptr_array_index (days, MIN (index, days->len - 1));
}

/* "Opens at 09:00 — in 1 h 20 min", or on the station's own day "Opens at 09:00 on …". */
static char *
opens_text (VtElectionDay *day,
            GDateTime     *now,
            gboolean       live)
{
  g_autofree char *at = hhmm (day->opens);

  if (live && same_date (now, day->opens))
    {
      g_autofree char *span = NULL;

      if (g_date_time_compare (now, day->opens) < 0)
        {
          span = vt_day_clock_format_span (g_date_time_difference (day->opens, now));
          /* Translators: the header before the doors open: "Opens at 09:00 — in 1 h 20 min" */
          return g_strdup_printf (_("Opens at %s — in %s"), at, span);
        }
      span = vt_day_clock_format_span (g_date_time_difference (now, day->opens));
      /* Translators: the header when the opening time has passed and the doors are not open
       * yet: "Opening time was 09:00 — 5 min ago" */
      return g_strdup_printf (_("Opening time was %s — %s ago"), at, span);
    }
  {
    g_autofree char *date = date_of (day->opens);
    /* Translators: the header before the doors open on another day: "Opens at 09:00 on
     * 13.09.2027" */
    return g_strdup_printf (_("Opens at %s on %s"), at, date);
  }
}

static char *
closes_text (VtElectionDay *day,
             GDateTime     *now,
             gboolean       live)
{
  g_autofree char *at = hhmm (day->closes);

  if (live && same_date (now, day->closes))
    {
      g_autofree char *span = NULL;

      if (g_date_time_compare (now, day->closes) < 0)
        {
          span = vt_day_clock_format_span (g_date_time_difference (day->closes, now));
          /* Translators: the header while the doors are open: "Closes at 21:00 — 2 h 3 min
           * left" */
          return g_strdup_printf (_("Closes at %s — %s left"), at, span);
        }
      span = vt_day_clock_format_span (g_date_time_difference (now, day->closes));
      /* Translators: the header when the closing time has passed and the doors are still
       * open: "Closing time was 21:00 — 4 min ago" */
      return g_strdup_printf (_("Closing time was %s — %s ago"), at, span);
    }
  {
    g_autofree char *date = date_of (day->closes);
    /* Translators: the header while the doors are open, shown on the station's own day (a
     * replayed training station): "Closes at 21:00 on 13.09.2027" */
    return g_strdup_printf (_("Closes at %s on %s"), at, date);
  }
}

char *
vt_day_clock_dup_text (VtStation *station,
                       GDateTime *now)
{
  VtConfig *config;
  g_autoptr(GDateTime) here = NULL;
  g_auto(LogFacts) facts = { 0 };
  VtElectionDay *day;
  gboolean live;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  config = vt_station_get_config (station);
  here = g_date_time_to_timezone (now, vt_config_get_timezone (config));
  get_log_facts (station, &facts);
  /* A log that runs ahead of the wall clock is a replay in its own time. */
  live = facts.newest == NULL || g_date_time_compare (here, facts.newest) >= 0;

  /* An annual meeting has no opening or closing time: only the time it was called for. */
  if (vt_config_is_organisation (config))
    {
      g_autofree char *at = NULL;

      day = day_at (config, 0);
      if (day == NULL)
        return g_strdup ("");
      at = hhmm (day->opens);
      /* Translators: the header of an organisation's annual meeting: "Meeting called for
       * 18:00" */
      return g_strdup_printf (_("Meeting called for %s"), at);
    }

  switch (vt_station_get_phase (station))
    {
    case VT_PHASE_SETUP:
    case VT_PHASE_OPENING:
      day = day_at (config, facts.n_opened);
      return day != NULL ? opens_text (day, here, live) : g_strdup ("");

    case VT_PHASE_VOTING:
      day = day_at (config, facts.n_opened > 0 ? facts.n_opened - 1 : 0);
      return day != NULL ? closes_text (day, here, live) : g_strdup ("");

    case VT_PHASE_NIGHT:
      day = day_at (config, facts.n_opened);
      if (day == NULL)
        return g_strdup ("");
      {
        g_autofree char *at = hhmm (day->opens);
        GDateTime *evening = facts.last_close != NULL ? facts.last_close : here;

        if (live && same_date (here, day->opens) && g_date_time_compare (here, day->opens) < 0)
          {
            g_autofree char *span = vt_day_clock_format_span (
              g_date_time_difference (day->opens, here));
            /* Translators: the header after midnight between two election days: "Closed for
             * the night — opens at 09:00, in 3 h 10 min" */
            return g_strdup_printf (_("Closed for the night — opens at %s, in %s"), at, span);
          }
        if (next_date (evening, day->opens))
          /* Translators: the header between two election days */
          return g_strdup_printf (_("Closed for the night — opens tomorrow at %s"), at);
        {
          g_autofree char *date = date_of (day->opens);
          /* Translators: the header between two election days that are not consecutive:
           * "Closed for the night — opens on 15.09.2027 at 09:00" */
          return g_strdup_printf (_("Closed for the night — opens on %s at %s"), date, at);
        }
      }

    case VT_PHASE_CLOSING:
      if (facts.last_close == NULL)
        return g_strdup ("");
      {
        g_autofree char *at = hhmm (facts.last_close);
        /* Translators: the header once the doors have closed: "Closed at 21:04" */
        return g_strdup_printf (_("Closed at %s"), at);
      }

    case VT_PHASE_COUNTING:
      if (facts.counting_since == NULL)
        return g_strdup ("");
      {
        g_autofree char *at = hhmm (facts.counting_since);
        /* Translators: the header during the preliminary count: "Counting since 21:40" */
        return g_strdup_printf (_("Counting since %s"), at);
      }

    case VT_PHASE_PROTOCOL:
      if (facts.phoned == NULL)
        return g_strdup ("");
      {
        g_autofree char *at = hhmm (facts.phoned);
        /* Translators: the header in the protocol phase: "Results phoned in at 22:31" */
        return g_strdup_printf (_("Results phoned in at %s"), at);
      }

    case VT_N_PHASES:
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}
