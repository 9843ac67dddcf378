/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-station-state"

#include "config.h"

#include <sqlite3.h>

#include "vt-command.h"
#include "vt-kind-ids.h"
#include "vt-rules-private.h"
#include "vt-station-state.h"
#include "vt-store-private.h"

/* Read-only views of the rules' tables for the screens. Every query runs on the station's own
 * connection on the main thread, between commands, so it sees exactly what is committed. */

static VtRuleContext
context (VtStation *self)
{
  VtRuleContext ctx = { 0 };

  ctx.db = vt_store_get_db (vt_station_get_store (self));
  ctx.config = vt_station_get_config (self);
  ctx.seq = vt_store_get_n_entries (vt_station_get_store (self)) + 1;
  return ctx;
}

void
vt_urn_state_free (VtUrnState *urn)
{
  if (urn == NULL)
    return;
  g_free (urn->id);
  g_free (urn->kind);
  g_free (urn->table);
  g_free (urn->status);
  g_free (urn);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text != NULL ? g_strdup ((const char *)text) : NULL;
}

GPtrArray *
vt_station_dup_urns (VtStation *self)
{
  GPtrArray *urns = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_urn_state_free);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (VT_IS_STATION (self), urns);

  if (sqlite3_prepare_v2 (vt_store_get_db (vt_station_get_store (self)),
                          "SELECT id, kind, table_id, status FROM urn "
                          "ORDER BY added_seq, id", -1, &stmt, NULL) != SQLITE_OK)
    return urns;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VtUrnState *urn = g_new0 (VtUrnState, 1);

      urn->id = dup_column (stmt, 0);
      urn->kind = dup_column (stmt, 1);
      urn->table = dup_column (stmt, 2);
      urn->status = dup_column (stmt, 3);
      g_ptr_array_add (urns, urn);
    }
  sqlite3_finalize (stmt);
  return urns;
}

void
vt_strip_state_free (VtStripState *strip)
{
  if (strip == NULL)
    return;
  g_free (strip->status);
  g_free (strip->urn);
  g_free (strip->place);
  g_free (strip);
}

GPtrArray *
vt_station_dup_strips (VtStation *self)
{
  GPtrArray *strips = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_strip_state_free);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (VT_IS_STATION (self), strips);

  if (sqlite3_prepare_v2 (vt_store_get_db (vt_station_get_store (self)),
                          "SELECT number, status, urn, place, coalesce (received_seq, 0), "
                          "coalesce (used_seq, 0), coalesce (broken_seq, 0) FROM strip "
                          "ORDER BY number", -1, &stmt, NULL) != SQLITE_OK)
    return strips;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VtStripState *strip = g_new0 (VtStripState, 1);

      strip->number = sqlite3_column_int64 (stmt, 0);
      strip->status = dup_column (stmt, 1);
      strip->urn = dup_column (stmt, 2);
      strip->place = dup_column (stmt, 3);
      strip->received = sqlite3_column_int64 (stmt, 4);
      strip->used = sqlite3_column_int64 (stmt, 5);
      strip->broken = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (strips, strip);
    }
  sqlite3_finalize (stmt);
  return strips;
}

gint64
vt_station_count_envelopes (VtStation  *self,
                            const char *reason)
{
  VtRuleContext ctx;

  g_return_val_if_fail (VT_IS_STATION (self), 0);
  ctx = context (self);
  return vt_sql_int (&ctx, 0, "SELECT n FROM envelope_count WHERE reason = ?1", "s", reason);
}

GArray *
vt_station_dup_open_outdoor_votes (VtStation *self)
{
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (VT_IS_STATION (self), seqs);

  if (sqlite3_prepare_v2 (vt_store_get_db (vt_station_get_store (self)),
                          "SELECT seq FROM outdoor_vote WHERE status <> 'done' ORDER BY seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    return seqs;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (seqs, seq);
    }
  sqlite3_finalize (stmt);
  return seqs;
}

void
vt_outdoor_vote_free (VtOutdoorVote *vote)
{
  if (vote == NULL)
    return;
  g_free (vote->worker);
  g_free (vote->second_worker);
  g_clear_pointer (&vote->since, g_date_time_unref);
  g_free (vote);
}

GPtrArray *
vt_station_dup_outdoor_votes_out (VtStation *self)
{
  GPtrArray *votes = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_outdoor_vote_free);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (VT_IS_STATION (self), votes);

  if (sqlite3_prepare_v2 (vt_store_get_db (vt_station_get_store (self)),
                          "SELECT o.seq, o.worker, o.second_worker, j.ts_utc, j.utc_offset "
                          "FROM outdoor_vote o JOIN journal j ON j.seq = o.seq "
                          "WHERE o.status <> 'done' ORDER BY o.seq",
                          -1, &stmt, NULL) != SQLITE_OK)
    return votes;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VtOutdoorVote *vote = g_new0 (VtOutdoorVote, 1);
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (
        (const char *)sqlite3_column_text (stmt, 3), NULL);
      g_autoptr(GTimeZone) tz = g_time_zone_new_offset (sqlite3_column_int (stmt, 4));

      vote->start_seq = sqlite3_column_int64 (stmt, 0);
      vote->worker = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      vote->second_worker = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      vote->since = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
      g_ptr_array_add (votes, vote);
    }
  sqlite3_finalize (stmt);
  return votes;
}

char *
vt_station_dup_check_status (VtStation  *self,
                             const char *check_id)
{
  VtRuleContext ctx;

  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  ctx = context (self);
  return vt_sql_string (&ctx, "SELECT status FROM check_state WHERE check_id = ?1", "s",
                        check_id);
}

gboolean
vt_station_is_present (VtStation  *self,
                       const char *person_id)
{
  VtRuleContext ctx;

  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  ctx = context (self);
  return vt_sql_int (&ctx, 0, "SELECT present FROM person_state WHERE person = ?1", "s",
                     person_id) != 0;
}

gboolean
vt_station_has_signed (VtStation  *self,
                       const char *person_id)
{
  VtRuleContext ctx;

  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  ctx = context (self);
  return vt_sql_int (&ctx, 0, "SELECT declaration_seq FROM person_state WHERE person = ?1", "s",
                     person_id) > 0;
}

gboolean
vt_station_has_step (VtStation  *self,
                     const char *kind)
{
  VtRuleContext ctx;

  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  ctx = context (self);
  if (g_strcmp0 (kind, VT_KIND_SHIPMENT_PACKED) == 0)
    return vt_sql_int (&ctx, 0, "SELECT packed_seq FROM shipment WHERE id = 1", NULL) > 0;
  if (g_strcmp0 (kind, VT_KIND_SHIPMENT_HANDED_OVER) == 0)
    return vt_sql_int (&ctx, 0, "SELECT handed_seq FROM shipment WHERE id = 1", NULL) > 0;
  if (g_strcmp0 (kind, VT_KIND_RESULTS_PHONED) == 0)
    return vt_sql_int (&ctx, 0, "SELECT seq FROM results WHERE id = 1", NULL) > 0;
  return vt_sql_int (&ctx, 0, "SELECT seq FROM closing_step WHERE step = ?1", "s", kind) > 0;
}

static gboolean
get_count (VtStation  *self,
           gint64     *n,
           const char *sql,
           const char *types,
           const char *a,
           const char *b)
{
  VtRuleContext ctx = context (self);
  gint64 value = vt_sql_int (&ctx, -1, sql, types, a, b);

  if (n != NULL)
    *n = MAX (value, 0);
  return value >= 0;
}

gboolean
vt_station_get_roll_marks (VtStation  *self,
                           const char *table,
                           int         day,
                           gint64     *n)
{
  VtRuleContext ctx;
  gint64 value;

  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  ctx = context (self);
  value = vt_sql_int (&ctx, -1, "SELECT n FROM roll_marks WHERE table_id = ?1 AND day = ?2 "
                      "AND control = n",
                      "si", table, (gint64)day);
  if (n != NULL)
    *n = MAX (value, 0);
  return value >= 0;
}

gboolean
vt_station_get_envelopes_counted (VtStation  *self,
                                  const char *reason,
                                  gint64     *n)
{
  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  return get_count (self, n, "SELECT n FROM envelopes_counted WHERE reason = ?1 AND control = n",
                    "s", reason, NULL);
}

gboolean
vt_station_get_pile (VtStation  *self,
                     const char *contest,
                     const char *pile,
                     gint64     *n)
{
  g_return_val_if_fail (VT_IS_STATION (self), FALSE);
  return get_count (self, n,
                    "SELECT n FROM pile WHERE contest = ?1 AND pile = ?2 AND control = n",
                    "ss", contest, pile);
}

VtCountState
vt_station_get_count_state (VtStation  *self,
                            const char *kind,
                            const char *key,
                            const char *pile,
                            int         day)
{
  VtRuleContext ctx;
  gint64 n, control;

  g_return_val_if_fail (VT_IS_STATION (self), VT_COUNT_STATE_NONE);
  ctx = context (self);
  if (g_str_has_prefix (kind, "pile."))
    {
      n = vt_sql_int (&ctx, -1, "SELECT n FROM pile WHERE contest = ?1 AND pile = ?2", "ss",
                      key, pile);
      control = vt_sql_int (&ctx, -1, "SELECT control FROM pile WHERE contest = ?1 AND pile = ?2",
                            "ss", key, pile);
    }
  else if (g_str_has_prefix (kind, "roll-marks."))
    {
      n = vt_sql_int (&ctx, -1, "SELECT n FROM roll_marks WHERE table_id = ?1 AND day = ?2",
                      "si", key, (gint64)day);
      control = vt_sql_int (&ctx, -1, "SELECT control FROM roll_marks "
                                      "WHERE table_id = ?1 AND day = ?2", "si", key, (gint64)day);
    }
  else
    {
      n = vt_sql_int (&ctx, -1, "SELECT n FROM envelopes_counted WHERE reason = ?1", "s", key);
      control = vt_sql_int (&ctx, -1, "SELECT control FROM envelopes_counted WHERE reason = ?1",
                            "s", key);
    }
  if (n < 0)
    return VT_COUNT_STATE_NONE;
  if (control < 0)
    return VT_COUNT_STATE_AWAITING_CONTROL;
  return control == n ? VT_COUNT_STATE_DONE : VT_COUNT_STATE_DIFFERS;
}

JsonObject *
vt_station_dup_effective_payload (VtStation      *self,
                                  VtJournalEntry *entry)
{
  g_return_val_if_fail (VT_IS_STATION (self), NULL);
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (entry), NULL);

  return vt_rules_effective_payload (vt_store_get_db (vt_station_get_store (self)),
                                     vt_journal_entry_get_seq (entry),
                                     vt_journal_entry_get_payload (entry));
}
