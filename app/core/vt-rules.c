/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules"

#include "config.h"

#include "vt-i18n.h"
#include <stdarg.h>

#include "vt-entry-kind.h"
#include "vt-phase.h"
#include "vt-rules-private.h"
#include "vt-stmt-cache.h"
#include "vt-store-private.h"

/* What every rule module shares: refusing with a rule name, reading the validated payload,
 * small sqlite helpers, and the station's phase and day. */

/* ---- refusing --------------------------------------------------------------------------- */

gboolean
vt_rule_refuse (GError    **error,
                VtRuleError code,
                const char *rule,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (error != NULL && *error == NULL)
    {
      *error = g_error_new_literal (VT_RULE_ERROR, code, message);
      vt_rule_error_set_rule (*error, rule);
    }
  return FALSE;
}

/* ---- the payload ------------------------------------------------------------------------ */

const char *
vt_payload_string (VtRuleContext *ctx,
                   const char    *field)
{
  return json_object_get_string_member_with_default (ctx->payload, field, NULL);
}

gint64
vt_payload_int (VtRuleContext *ctx,
                const char    *field,
                gint64         fallback)
{
  return json_object_get_int_member_with_default (ctx->payload, field, fallback);
}

gboolean
vt_payload_bool (VtRuleContext *ctx,
                 const char    *field)
{
  return json_object_get_boolean_member_with_default (ctx->payload, field, FALSE);
}

gboolean
vt_payload_has (VtRuleContext *ctx,
                const char    *field)
{
  return json_object_has_member (ctx->payload, field);
}

/* ---- sqlite ----------------------------------------------------------------------------- */

static void
bind_args (sqlite3_stmt *stmt,
           const char   *types,
           va_list       args)
{
  for (int i = 0; types != NULL && types[i] != '\0'; i++)
    {
      switch (types[i])
        {
        case 's':
          sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
          break;
        case 'i':
          sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;
        case 'n':
          /* A string that is NULL: its argument is still there to be taken, or every later
           * one would be read in the wrong place. */
          (void)va_arg (args, const char *);
          sqlite3_bind_null (stmt, i + 1);
          break;
        case 'N':
          /* The same for a number the caller does not have. */
          (void)va_arg (args, gint64);
          sqlite3_bind_null (stmt, i + 1);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

sqlite3_stmt *
vt_sql_prepare (VtRuleContext *ctx,
                const char    *sql,
                const char    *types,
                va_list        args)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (ctx->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Bad SQL in a rule: %s: %s", sql, sqlite3_errmsg (ctx->db));
      return NULL;
    }
  bind_args (stmt, types, args);
  return stmt;
}

/* The same from the connection's statement cache (vt-stmt-cache.h): hand it back with
 * vt_stmt_cache_give (), never finalise it. */
static sqlite3_stmt *
take (VtRuleContext *ctx,
      const char    *sql,
      const char    *types,
      va_list        args)
{
  int rc;
  sqlite3_stmt *stmt = vt_stmt_cache_take (ctx->db, sql, &rc);

  if (stmt == NULL)
    {
      g_critical ("Bad SQL in a rule: %s: %s", sql, sqlite3_errmsg (ctx->db));
      return NULL;
    }
  bind_args (stmt, types, args);
  return stmt;
}

gboolean
vt_sql_exec (VtRuleContext *ctx,
             GError       **error,
             const char    *sql,
             const char    *types,
             ...)
{
  sqlite3_stmt *stmt;
  va_list args;
  int rc;

  va_start (args, types);
  stmt = take (ctx, sql, types, args);
  va_end (args);
  if (stmt == NULL)
    {
      vt_store_set_sqlite_error (error, ctx->db, SQLITE_ERROR, C_("while …", "updating the "
                                                                          "station's state"));
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  vt_stmt_cache_give (ctx->db, stmt);

  if (rc != SQLITE_DONE)
    {
      vt_store_set_sqlite_error (error, ctx->db, rc, C_("while …", "updating the station's state"));
      return FALSE;
    }
  return TRUE;
}

gint64
vt_sql_int (VtRuleContext *ctx,
            gint64         fallback,
            const char    *sql,
            const char    *types,
            ...)
{
  sqlite3_stmt *stmt;
  gint64 value = fallback;
  va_list args;

  va_start (args, types);
  stmt = take (ctx, sql, types, args);
  va_end (args);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);
  vt_stmt_cache_give (ctx->db, stmt);
  return value;
}

char *
vt_sql_string (VtRuleContext *ctx,
               const char    *sql,
               const char    *types,
               ...)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  va_list args;

  va_start (args, types);
  stmt = take (ctx, sql, types, args);
  va_end (args);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  vt_stmt_cache_give (ctx->db, stmt);
  return value;
}

/* ---- phase, day, people ----------------------------------------------------------------- */

VtPhase
vt_rules_get_phase (VtRuleContext *ctx)
{
  g_autofree char *value = vt_sql_string (ctx, "SELECT value FROM station_state "
                                               "WHERE key = 'phase'", NULL);
  VtPhase phase = VT_PHASE_SETUP;

  if (value != NULL)
    vt_phase_from_string (value, &phase);
  return phase;
}

gboolean
vt_rules_set_phase (VtRuleContext *ctx,
                    VtPhase        phase,
                    GError       **error)
{
  return vt_sql_exec (ctx, error,
                      "INSERT INTO station_state (key, value) VALUES ('phase', ?1) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      "s", vt_phase_to_string (phase));
}

int
vt_rules_day_index (VtRuleContext *ctx)
{
  GPtrArray *days = vt_config_get_days (ctx->config);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (ctx->time,
                                                        vt_config_get_timezone (ctx->config));
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");

  for (guint i = 0; i < days->len; i++)
    if (g_str_equal (((VtElectionDay *)g_ptr_array_index (days, i))->date, date))
      return (int)i;
  return -1;
}

const VtPerson *
vt_rules_person (VtRuleContext *ctx,
                 const char    *field)
{
  return vt_config_find_person (ctx->config, vt_payload_string (ctx, field));
}

gboolean
vt_rules_is_present (VtRuleContext *ctx,
                     const char    *person_id)
{
  return vt_sql_int (ctx, 0, "SELECT present FROM person_state WHERE person = ?1", "s",
                     person_id) != 0;
}

const char *
vt_rules_person_name (VtConfig   *config,
                      const char *id)
{
  const VtPerson *person = vt_config_find_person (config, id);

  if (person != NULL)
    return person->name;
  return id != NULL ? id : "";
}

const char *
vt_rules_kind_name (const char *kind_id)
{
  const VtEntryKind *kind = vt_entry_kind_lookup (kind_id);
  return kind != NULL ? vt_entry_kind_get_name (kind) : kind_id;
}

/* A new station moves from setup to opening with its first opening check, strip or urn. */
gboolean
vt_rules_enter_opening (VtRuleContext *ctx,
                        GError       **error)
{
  if (vt_rules_get_phase (ctx) == VT_PHASE_SETUP)
    return vt_rules_set_phase (ctx, VT_PHASE_OPENING, error);
  return TRUE;
}

char *
vt_rules_dup_clock (VtRuleContext *ctx,
                    GDateTime     *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time,
                                                        vt_config_get_timezone (ctx->config));
  return g_date_time_format (local, "%H:%M");
}

char *
vt_rules_dup_clock_utc (VtRuleContext *ctx,
                        const char    *ts_utc)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = ts_utc != NULL ? g_date_time_new_from_iso8601 (ts_utc, utc) : NULL;

  return time != NULL ? vt_rules_dup_clock (ctx, time) : NULL;
}
