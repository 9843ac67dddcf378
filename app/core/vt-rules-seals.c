/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules-seals"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>
#include <stdarg.h>

#include "vt-checks.h"
#include "vt-kind-ids.h"
#include "vt-rules-private.h"

/* The strip register and the urns. Every numbered strip the station received has one row in
 * `strip` and exactly one status, so the register always balances: received = applied +
 * broken + void + returned + unused. An urn goes new → empty (shown empty) → sealed → full,
 * may have a seal broken (→ broken, to be shown empty or resealed before reuse), and is
 * finally opened for the count. */

const VtRuleModule vt_rules_seals_module = {
  "seals",
  "CREATE TABLE strip ("
  "  number INTEGER PRIMARY KEY NOT NULL,"
  "  status TEXT NOT NULL"
  "    CHECK (status IN ('received', 'applied', 'broken', 'void', 'returned')),"
  "  urn TEXT,"             /* the urn it was applied to */
  "  place TEXT CHECK (place IN ('lid', 'slot')),"
  "  received_seq INTEGER," /* NULL: applied, but its receipt was annulled */
  "  used_seq INTEGER,"     /* the entry that applied, voided or returned it */
  "  broken_seq INTEGER"    /* the entry that broke it, or opened its urn */
  ") STRICT;"
  "CREATE INDEX strip_urn ON strip (urn);"
  "CREATE TABLE urn ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  kind TEXT NOT NULL"
  "    CHECK (kind IN ('ordinary', 'special-envelope', 'mobile', 'reserve')),"
  "  table_id TEXT,"
  "  status TEXT NOT NULL"
  "    CHECK (status IN ('new', 'empty', 'sealed', 'full', 'broken', 'opened')),"
  "  added_seq INTEGER,"
  "  checked_day INTEGER,"  /* day index of the last seal check, or NULL */
  "  sealed_day INTEGER"    /* day index of the last urn.seal: a seal applied today is checked */
  ") STRICT;",
  "DELETE FROM strip; DELETE FROM urn;",
};

/* The most strips one entry may register or return: more is a typing error. */
#define MAX_STRIPS_AT_ONCE 10000
/* Ranges listed in a message before "…". */
#define MAX_RUNS 12

/* ---- small helpers ---------------------------------------------------------------------- */

/* "1001" or "1001–1050". Number ranges read the same in every language. */
static void
append_run (GString *out,
            gint64   start,
            gint64   end)
{
  if (out->len > 0)
    g_string_append (out, ", ");
  if (start == end)
    g_string_append_printf (out, "%" PRId64, start);
  else
    g_string_append_printf (out, "%" PRId64 "–%" PRId64, start, end);
}

static char *
format_range (gint64 first,
              gint64 last)
{
  GString *out = g_string_new (NULL);

  append_run (out, first, last);
  return g_string_free (out, FALSE);
}

/* The strip numbers @sql yields, in rising order, as "1001–1003, 1007": at most MAX_RUNS
 * ranges, then "…". Sets @n_numbers to how many numbers there were in all. */
static char *
dup_ranges (VtRuleContext *ctx,
            gint64        *n_numbers,
            const char    *sql,
            const char    *types,
            ...)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gint64 start = 0, end = 0, n = 0;
  guint runs = 0;
  va_list args;

  va_start (args, types);
  stmt = vt_sql_prepare (ctx, sql, types, args);
  va_end (args);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 number = sqlite3_column_int64 (stmt, 0);

      if (n > 0 && number == end + 1)
        end = number;
      else
        {
          if (n > 0 && runs++ < MAX_RUNS)
            append_run (out, start, end);
          start = end = number;
        }
      n++;
    }
  sqlite3_finalize (stmt);

  if (n > 0 && runs++ < MAX_RUNS)
    append_run (out, start, end);
  if (runs > MAX_RUNS)
    g_string_append (out, ", …");

  *n_numbers = n;
  return g_string_free (out, FALSE);
}

/* The intact strips on @urn, as "1001, 1002". */
static char *
dup_strips_on (VtRuleContext *ctx,
               const char    *urn,
               gint64        *n_strips)
{
  return dup_ranges (ctx, n_strips, "SELECT number FROM strip WHERE urn = ?1 "
                                    "AND status = 'applied' ORDER BY number", "s", urn);
}

/* ---- refusals shared by several commands ------------------------------------------------ */

static char *
urn_status (VtRuleContext *ctx,
            const char    *urn)
{
  return vt_sql_string (ctx, "SELECT status FROM urn WHERE id = ?1", "s", urn);
}

/* The status of the payload's urn, or NULL after refusing an urn that was never taken into
 * use. */
static char *
require_urn (VtRuleContext *ctx,
             GError       **error)
{
  const char *urn = vt_payload_string (ctx, "urn");
  char *status = urn_status (ctx, urn);

  if (status == NULL)
    vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "urn.unknown",
                    /* Translators: %s are an urn name such as U1 and the name of the command
                     * "Urn taken into use" */
                    _("There is no urn %s. Check its name, or take it into use first (“%s”)."),
                    urn, vt_rules_kind_name (VT_KIND_URN_ADD));
  return status;
}

/* Why an urn cannot take the step asked for, as the end of a sentence. */
static const char *
describe_urn_status (const char *status)
{
  if (g_strcmp0 (status, "new") == 0)
    return _("it has not been shown empty yet");
  if (g_strcmp0 (status, "empty") == 0)
    return _("it is shown empty and not sealed yet");
  if (g_strcmp0 (status, "sealed") == 0)
    return _("it is sealed");
  if (g_strcmp0 (status, "full") == 0)
    return _("it is full, with its slot sealed");
  if (g_strcmp0 (status, "broken") == 0)
    return _("its seal is broken");
  if (g_strcmp0 (status, "opened") == 0)
    return _("it is opened for counting");
  return status;
}

/* Refuse @number unless it is received and unused: a strip number is used once. */
static gboolean
check_strip_unused (VtRuleContext *ctx,
                    gint64         number,
                    GError       **error)
{
  g_autofree char *status = vt_sql_string (ctx, "SELECT status FROM strip WHERE number = ?1",
                                           "i", number);
  g_autofree char *urn = vt_sql_string (ctx, "SELECT urn FROM strip WHERE number = ?1", "i",
                                        number);

  if (status == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "strip.not-received",
                           _("Strip %" PRId64 " is not in the strip register. Check the number; "
                             "strips are registered when they are received (“%s”)."),
                           number, vt_rules_kind_name (VT_KIND_STRIPS_RECEIVE));
  if (g_str_equal (status, "received"))
    return TRUE;
  if (g_str_equal (status, "applied"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "strip.used",
                           _("Strip %" PRId64 " is already on urn %s. A strip number is used "
                             "only once: take an unused strip."), number, urn);
  if (g_str_equal (status, "broken"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "strip.used",
                           _("Strip %" PRId64 " was used on urn %s and is broken. A strip number "
                             "is used only once: take an unused strip."), number, urn);
  if (g_str_equal (status, "void"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "strip.used",
                           _("Strip %" PRId64 " is registered as void. A strip number is used "
                             "only once: take an unused strip."), number);
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "strip.used",
                         _("Strip %" PRId64 " was returned unused. A strip number is used only "
                           "once: take an unused strip."), number);
}

/* ---- strips: received, returned, void --------------------------------------------------- */

static gboolean
check_range (gint64   first,
             gint64   last,
             GError **error)
{
  if (last < first)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "strips.range-reversed",
                           _("The last strip number, %" PRId64 ", is lower than the first, "
                             "%" PRId64 ". Give the range from the lowest number to the "
                             "highest."), last, first);
  if (last - first + 1 > MAX_STRIPS_AT_ONCE)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "strips.range-too-large",
                           _("%" PRId64 " strips at once is more than a station handles (at "
                             "most %d). Check the numbers on the package."),
                           last - first + 1, MAX_STRIPS_AT_ONCE);
  return TRUE;
}

VT_RULE_CHECK (vt_check_strips_receive)
{
  gint64 first = vt_payload_int (ctx, "first", 0);
  gint64 last = vt_payload_int (ctx, "last", first);
  g_autofree char *known = NULL;
  gint64 n_known;

  if (!check_range (first, last, error))
    return FALSE;

  known = dup_ranges (ctx, &n_known, "SELECT number FROM strip WHERE number BETWEEN ?1 AND ?2 "
                                     "ORDER BY number", "ii", first, last);
  if (n_known > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "strips.already-registered",
                           ngettext ("Strip %s is already in the strip register; a strip number "
                                     "is registered only once. Check the numbers on the "
                                     "package, and register only the new ones.",
                                     "Strips %s are already in the strip register; a strip "
                                     "number is registered only once. Check the numbers on the "
                                     "package, and register only the new ones.", n_known),
                           known);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_strips_receive)
{
  gint64 first = vt_payload_int (ctx, "first", 0);
  gint64 last = vt_payload_int (ctx, "last", first);

  /* During a rebuild a corrected range may overlap an earlier one: keep the first receipt. */
  if (last >= first && last - first < MAX_STRIPS_AT_ONCE &&
      !vt_sql_exec (ctx, error,
                    "WITH RECURSIVE n (x) AS (SELECT ?1 UNION ALL SELECT x + 1 FROM n "
                    "WHERE x < ?2) "
                    "INSERT OR IGNORE INTO strip (number, status, received_seq) "
                    "SELECT x, 'received', ?3 FROM n",
                    "iii", first, last, ctx->seq))
    return FALSE;
  return vt_rules_enter_opening (ctx, error);
}

VT_RULE_CHECK (vt_check_strips_return)
{
  gint64 first = vt_payload_int (ctx, "first", 0);
  gint64 last = vt_payload_int (ctx, "last", first);
  g_autofree char *unknown = NULL;
  g_autofree char *used = NULL;
  gint64 n;

  if (!check_range (first, last, error))
    return FALSE;

  unknown = dup_ranges (ctx, &n,
                        "WITH RECURSIVE n (x) AS (SELECT ?1 UNION ALL SELECT x + 1 FROM n "
                        "WHERE x < ?2) "
                        "SELECT x FROM n WHERE x NOT IN (SELECT number FROM strip) ORDER BY x",
                        "ii", first, last);
  if (n > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "strip.not-received",
                           ngettext ("Strip %s is not in the strip register; only strips the "
                                     "station received can be returned. Check the numbers.",
                                     "Strips %s are not in the strip register; only strips the "
                                     "station received can be returned. Check the numbers.", n),
                           unknown);

  used = dup_ranges (ctx, &n, "SELECT number FROM strip WHERE number BETWEEN ?1 AND ?2 "
                              "AND status <> 'received' ORDER BY number", "ii", first, last);
  if (n > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "strip.used",
                           ngettext ("Strip %s is already applied, broken, void or returned; "
                                     "only unused strips are returned. Return the others "
                                     "without it.",
                                     "Strips %s are already applied, broken, void or returned; "
                                     "only unused strips are returned. Return the others "
                                     "without them.", n),
                           used);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_strips_return)
{
  gint64 first = vt_payload_int (ctx, "first", 0);
  gint64 last = vt_payload_int (ctx, "last", first);

  if (!vt_sql_exec (ctx, error,
                    "UPDATE strip SET status = 'returned', used_seq = ?3 "
                    "WHERE number BETWEEN ?1 AND ?2 AND status = 'received'",
                    "iii", first, last, ctx->seq))
    return FALSE;
  return vt_rules_enter_opening (ctx, error);
}

VT_RULE_CHECK (vt_check_strip_void)
{
  return check_strip_unused (ctx, vt_payload_int (ctx, "strip", 0), error);
}

VT_RULE_APPLY (vt_apply_strip_void)
{
  if (!vt_sql_exec (ctx, error,
                    "UPDATE strip SET status = 'void', used_seq = ?2 "
                    "WHERE number = ?1 AND status = 'received'",
                    "ii", vt_payload_int (ctx, "strip", 0), ctx->seq))
    return FALSE;
  return vt_rules_enter_opening (ctx, error);
}

/* ---- urns ------------------------------------------------------------------------------- */

static const char *
urn_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "special-envelope") == 0)
    return _("special-envelope urn");
  if (g_strcmp0 (kind, "mobile") == 0)
    return _("mobile urn");
  if (g_strcmp0 (kind, "reserve") == 0)
    return _("reserve box");
  return _("urn");
}

VT_RULE_CHECK (vt_check_urn_add)
{
  const char *urn = vt_payload_string (ctx, "urn");
  const char *kind = vt_payload_string (ctx, "kind");
  const char *table = vt_payload_string (ctx, "table");
  g_autofree char *status = urn_status (ctx, urn);

  if (status != NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.exists",
                           _("There is already an urn %s. Give each urn its own name, such as "
                             "U2."), urn);
  if (g_str_equal (kind, "ordinary") && table == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "urn.table-required",
                           _("An ordinary urn belongs to a table: give the table."));
  if (!g_str_equal (kind, "ordinary") && table != NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "urn.table-not-allowed",
                           /* Translators: %s is "special-envelope urn", "mobile urn" or
                            * "reserve box" */
                           _("Only an ordinary urn belongs to a table; leave the table out for "
                             "the %s."), urn_kind_label (kind));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_urn_add)
{
  const char *table = vt_payload_string (ctx, "table");

  if (!vt_sql_exec (ctx, error,
                    "INSERT INTO urn (id, kind, table_id, status, added_seq) "
                    "VALUES (?1, ?2, ?3, 'new', ?4) ON CONFLICT (id) DO NOTHING",
                    table != NULL ? "sssi" : "ssni", vt_payload_string (ctx, "urn"),
                    vt_payload_string (ctx, "kind"), table, ctx->seq))
    return FALSE;
  return vt_rules_enter_opening (ctx, error);
}

VT_RULE_CHECK (vt_check_urn_verify_empty)
{
  g_autofree char *status = require_urn (ctx, error);

  /* The witness and who shows it: vt-rules-presence.c. */
  if (status == NULL)
    return FALSE;
  /* A new urn before its first seal; after a broken seal, before the urn is used again. */
  if (!g_str_equal (status, "new") && !g_str_equal (status, "broken"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.cannot-show-empty",
                           /* Translators: the second %s says why, e.g. "it is sealed" */
                           _("Urn %s is not shown empty now: %s. An urn is shown empty before "
                             "its first seal, or after its seal was broken."),
                           vt_payload_string (ctx, "urn"), describe_urn_status (status));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_urn_verify_empty)
{
  if (!vt_sql_exec (ctx, error, "UPDATE urn SET status = 'empty' WHERE id = ?1", "s",
                    vt_payload_string (ctx, "urn")))
    return FALSE;
  return vt_rules_enter_opening (ctx, error);
}

VT_RULE_CHECK (vt_check_urn_seal)
{
  const char *urn = vt_payload_string (ctx, "urn");
  g_autofree char *status = require_urn (ctx, error);

  /* The chair or the deputy with a witness, both here: vt-rules-presence.c. */
  if (status == NULL)
    return FALSE;

  if (g_str_equal (status, "new"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.seal-before-empty",
                           _("Urn %s has not been shown empty. Show it empty with a second "
                             "person present (“%s”), then seal it."),
                           urn, vt_rules_kind_name (VT_KIND_URN_VERIFY_EMPTY));
  if (!g_str_equal (status, "empty") && !g_str_equal (status, "broken"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.cannot-seal",
                           /* Translators: the second %s says why, e.g. "it is sealed" */
                           _("Urn %s cannot be sealed now: %s. An urn is sealed after it was "
                             "shown empty, or again after its seal was broken."),
                           urn, describe_urn_status (status));

  return check_strip_unused (ctx, vt_payload_int (ctx, "strip", 0), error);
}

VT_RULE_APPLY (vt_apply_urn_seal)
{
  const char *urn = vt_payload_string (ctx, "urn");
  int day = vt_rules_day_index (ctx);

  /* Upsert: during a rebuild the strip's receipt may have been annulled, but the strip is on
   * the urn all the same. */
  if (!vt_sql_exec (ctx, error,
                    "INSERT INTO strip (number, status, urn, place, used_seq) "
                    "VALUES (?1, 'applied', ?2, 'lid', ?3) "
                    "ON CONFLICT (number) DO UPDATE SET status = 'applied', urn = excluded.urn, "
                    "place = 'lid', used_seq = excluded.used_seq, broken_seq = NULL",
                    "isi", vt_payload_int (ctx, "strip", 0), urn, ctx->seq) ||
      !vt_sql_exec (ctx, error, "UPDATE urn SET status = 'sealed', sealed_day = ?2 WHERE id = ?1",
                    day >= 0 ? "si" : "sN", urn, (gint64)day))
    return FALSE;
  return vt_rules_enter_opening (ctx, error);
}

/* The urn that takes over from a full one is ready before the full one is closed: sealed,
 * for the same use (an ordinary urn of the same table) or a reserve box. */
static gboolean
check_replacement (VtRuleContext *ctx,
                   const char    *full,
                   GError       **error)
{
  const char *replacement = vt_payload_string (ctx, "replacement");
  g_autofree char *status = urn_status (ctx, replacement);
  g_autofree char *full_kind = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *full_table = NULL;
  g_autofree char *table = NULL;

  if (g_str_equal (replacement, full))
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "urn.replacement-is-full",
                           _("Urn %s cannot replace itself. Name the sealed urn that takes over "
                             "from it."), full);
  if (status == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "urn.unknown",
                           _("There is no urn %s. Check its name, or take it into use first "
                             "(“%s”)."), replacement, vt_rules_kind_name (VT_KIND_URN_ADD));

  full_kind = vt_sql_string (ctx, "SELECT kind FROM urn WHERE id = ?1", "s", full);
  kind = vt_sql_string (ctx, "SELECT kind FROM urn WHERE id = ?1", "s", replacement);
  full_table = vt_sql_string (ctx, "SELECT table_id FROM urn WHERE id = ?1", "s", full);
  table = vt_sql_string (ctx, "SELECT table_id FROM urn WHERE id = ?1", "s", replacement);
  if (g_strcmp0 (kind, "reserve") != 0 &&
      (g_strcmp0 (kind, full_kind) != 0 || g_strcmp0 (table, full_table) != 0))
    {
      if (table != NULL)
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.replacement-other-use",
                               _("Urn %s is not for the same use as urn %s: it is the urn of "
                                 "table %s. Name an urn for the same use, or the reserve box."),
                               replacement, full, table);
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.replacement-other-use",
                             /* Translators: "Urn M1 is not for the same use as urn U1: it is
                              * the mobile urn. …" */
                             _("Urn %s is not for the same use as urn %s: it is the %s. Name an "
                               "urn for the same use, or the reserve box."),
                             replacement, full, urn_kind_label (kind));
    }

  if (!g_str_equal (status, "sealed"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.replacement-not-sealed",
                           /* Translators: the second %s says why, e.g. "it has not been shown
                            * empty yet" */
                           _("Urn %s cannot replace the full urn: %s. Show the new urn empty "
                             "and seal it first, then close the full one."),
                           replacement, describe_urn_status (status));
  return TRUE;
}

VT_RULE_CHECK (vt_check_urn_full)
{
  const char *urn = vt_payload_string (ctx, "urn");
  g_autofree char *status = require_urn (ctx, error);

  if (status == NULL)
    return FALSE;
  if (!g_str_equal (status, "sealed"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.full-not-sealed",
                           /* Translators: the second %s says why, e.g. "its seal is broken" */
                           _("Urn %s cannot be closed as full: %s. Only a sealed urn in use is "
                             "closed as full, with a new strip on its slot."),
                           urn, describe_urn_status (status));
  return check_replacement (ctx, urn, error) &&
         check_strip_unused (ctx, vt_payload_int (ctx, "strip", 0), error);
}

VT_RULE_APPLY (vt_apply_urn_full)
{
  const char *urn = vt_payload_string (ctx, "urn");

  return vt_sql_exec (ctx, error,
                      "INSERT INTO strip (number, status, urn, place, used_seq) "
                      "VALUES (?1, 'applied', ?2, 'slot', ?3) "
                      "ON CONFLICT (number) DO UPDATE SET status = 'applied', urn = excluded.urn, "
                      "place = 'slot', used_seq = excluded.used_seq, broken_seq = NULL",
                      "isi", vt_payload_int (ctx, "strip", 0), urn, ctx->seq) &&
         vt_sql_exec (ctx, error, "UPDATE urn SET status = 'full' WHERE id = ?1", "s", urn);
}

/* ---- breaking a seal -------------------------------------------------------------------- */

VT_RULE_CHECK (vt_check_seal_break)
{
  const char *urn = vt_payload_string (ctx, "urn");
  gint64 number = vt_payload_int (ctx, "strip", 0);
  g_autofree char *status = require_urn (ctx, error);
  g_autofree char *strip_status = NULL;
  g_autofree char *strip_urn = NULL;

  if (status == NULL)
    return FALSE;

  strip_status = vt_sql_string (ctx, "SELECT status FROM strip WHERE number = ?1", "i", number);
  strip_urn = vt_sql_string (ctx, "SELECT urn FROM strip WHERE number = ?1", "i", number);
  if (g_strcmp0 (strip_status, "broken") == 0 && g_strcmp0 (strip_urn, urn) == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "seal.already-broken",
                           _("Strip %" PRId64 " on urn %s is already broken."), number, urn);
  if (g_strcmp0 (strip_status, "applied") != 0 || g_strcmp0 (strip_urn, urn) != 0)
    {
      g_autofree char *on_urn = NULL;
      gint64 n;

      on_urn = dup_strips_on (ctx, urn, &n);
      if (n == 0)
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "seal.not-on-urn",
                               _("Strip %" PRId64 " is not a seal on urn %s, and the register "
                                 "has no intact strip on that urn. Check the number and the "
                                 "urn."), number, urn);
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "seal.not-on-urn",
                             /* Translators: the last %s lists strip numbers, "1001, 1002" */
                             _("Strip %" PRId64 " is not a seal on urn %s; the register has "
                               "%s on it. Check the number on the strip."),
                             number, urn, on_urn);
    }

  /* Two different board members, both here: vt-rules-presence.c. */
  return TRUE;
}

VT_RULE_APPLY (vt_apply_seal_break)
{
  const char *urn = vt_payload_string (ctx, "urn");

  return vt_sql_exec (ctx, error,
                      "INSERT INTO strip (number, status, urn, broken_seq) "
                      "VALUES (?1, 'broken', ?2, ?3) "
                      "ON CONFLICT (number) DO UPDATE SET status = 'broken', "
                      "urn = coalesce (urn, excluded.urn), broken_seq = excluded.broken_seq",
                      "isi", vt_payload_int (ctx, "strip", 0), urn, ctx->seq) &&
         vt_sql_exec (ctx, error, "UPDATE urn SET status = 'broken' WHERE id = ?1 "
                                  "AND status <> 'opened'", "s", urn);
}

/* ---- the seal check before the second day, and opening for the count ------------------- */

VT_RULE_CHECK (vt_check_urn_seal_check)
{
  const char *urn = vt_payload_string (ctx, "urn");
  gint64 number = vt_payload_int (ctx, "strip", 0);
  g_autofree char *status = require_urn (ctx, error);
  g_autofree char *on_urn = NULL;
  gint64 n;

  if (status == NULL)
    return FALSE;
  if (!g_str_equal (status, "sealed") && !g_str_equal (status, "full"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.seal-check-not-sealed",
                           /* Translators: the second %s says why, e.g. "its seal is broken" */
                           _("Urn %s has no seal to check: %s. Only a sealed urn's seal is "
                             "checked."), urn, describe_urn_status (status));

  if (vt_sql_int (ctx, 0, "SELECT count (*) FROM strip WHERE number = ?1 AND urn = ?2 "
                          "AND status = 'applied'", "is", number, urn) > 0)
    return TRUE;

  on_urn = dup_strips_on (ctx, urn, &n);
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.seal-mismatch",
                         /* Translators: the last %s lists strip numbers, "1001, 1002" */
                         _("The strip on urn %s reads %" PRId64 ", but the register has %s on "
                           "it. The seal may have been changed: do not use the urn and do not "
                           "open the doors. Call the election office now, and log what you "
                           "see."), urn, number, n > 0 ? on_urn : _("no intact strip"));
}

VT_RULE_APPLY (vt_apply_urn_seal_check)
{
  int day = vt_rules_day_index (ctx);

  if (day < 0)
    return vt_sql_exec (ctx, error, "UPDATE urn SET checked_day = NULL WHERE id = ?1", "s",
                        vt_payload_string (ctx, "urn"));
  return vt_sql_exec (ctx, error, "UPDATE urn SET checked_day = ?2 WHERE id = ?1", "si",
                      vt_payload_string (ctx, "urn"), (gint64)day);
}

static gboolean
is_special_envelope_urn (VtRuleContext *ctx,
                         const char    *urn)
{
  return vt_sql_int (ctx, 0, "SELECT count (*) FROM urn WHERE id = ?1 "
                             "AND kind = 'special-envelope'", "s", urn) > 0;
}

VT_RULE_CHECK (vt_check_urn_open)
{
  const char *urn = vt_payload_string (ctx, "urn");
  g_autofree char *status = require_urn (ctx, error);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GString) reasons = NULL;

  if (status == NULL)
    return FALSE;
  if (!g_str_equal (status, "sealed") && !g_str_equal (status, "full"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.open-not-sealed",
                           /* Translators: the second %s says why, e.g. "its seal is broken" */
                           _("Urn %s is not opened for counting: %s. Only a sealed urn is "
                             "opened for the count."), urn, describe_urn_status (status));

  /* The special-envelope urn is opened at closing so its envelopes can be counted per reason
   * and packed into shipment 1; it holds no ballots for the preliminary count. */
  if (is_special_envelope_urn (ctx, urn))
    {
      gint64 handed = vt_rules_shipment_handed_over (ctx);

      /* Its envelopes were to leave with shipment 1; once it has left, opening the urn here
       * would count them where nobody will receive them. */
      if (handed > 0)
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.open-special-after-shipment",
                               /* Translators: "… urn S1 …, in entry 52. …" */
                               _("Urn %s is the special-envelope urn, and shipment 1 has "
                                 "already left, in entry %" PRId64 ". Do not open it here: "
                                 "keep it sealed, log what happened, and call the election "
                                 "office, who receive it sealed."), urn, handed);
      /* Those still in the queue when the doors closed may vote in a special envelope. */
      if (vt_rules_queue_still_voting (ctx))
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "urn.open-queue-still-voting",
                               _("Urn %s is the special-envelope urn, and those in the queue "
                                 "when the doors closed still vote, perhaps in a special "
                                 "envelope: record that the last voter is done, then open "
                                 "it."), urn);
      return TRUE;
    }

  /* No urn is opened before the unused ballots are out and the stamps are in. */
  findings = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_finding_free);
  reasons = g_string_new (NULL);
  vt_checks_all (ctx, findings);
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);

      if (vt_finding_blocks_step (finding, VT_STEP_URN_OPEN))
        g_string_append_printf (reasons, "\n%s: %s", finding->code, finding->message);
    }
  if (reasons->len > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_BLOCKED, "urn.open-blocked",
                           _("Urn %s cannot be opened yet:%s"), urn, reasons->str);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_urn_open)
{
  const char *urn = vt_payload_string (ctx, "urn");

  /* The strips are cut to open the urn. */
  if (!vt_sql_exec (ctx, error, "UPDATE strip SET status = 'broken', broken_seq = ?2 "
                                "WHERE urn = ?1 AND status = 'applied'", "si", urn, ctx->seq) ||
      !vt_sql_exec (ctx, error, "UPDATE urn SET status = 'opened' WHERE id = ?1", "s", urn))
    return FALSE;
  if (vt_rules_get_phase (ctx) == VT_PHASE_CLOSING && !is_special_envelope_urn (ctx, urn))
    return vt_rules_set_phase (ctx, VT_PHASE_COUNTING, error);
  return TRUE;
}

/* ---- the log line ----------------------------------------------------------------------- */

/* One summary for every seal and urn kind: the kind's name stands beside the line in the log,
 * so the line gives the numbers and the people. */
VT_RULE_SUMMARY (vt_summary_seals)
{
  const char *urn = json_object_get_string_member_with_default (payload, "urn", "");
  gint64 strip = json_object_get_int_member_with_default (payload, "strip", 0);
  const char *witness = json_object_get_string_member_with_default (payload, "witness", NULL);
  const char *reason = json_object_get_string_member_with_default (payload, "reason", NULL);

  if (json_object_has_member (payload, "first"))
    {
      gint64 first = json_object_get_int_member_with_default (payload, "first", 0);
      gint64 last = json_object_get_int_member_with_default (payload, "last", first);
      g_autofree char *range = format_range (first, last);

      if (last <= first)
        /* Translators: a log line beside "Seal strips received" or "… returned" */
        return g_strdup_printf (_("Strip %s"), range);
      /* Translators: "Strips 1001–1050, 50 in all" */
      return g_strdup_printf (ngettext ("Strips %s, %" PRId64 " in all",
                                        "Strips %s, %" PRId64 " in all", last - first + 1),
                              range, last - first + 1);
    }

  if (json_object_has_member (payload, "member"))
    /* Translators: "Seal 1001 on urn U1 broken by Kari Øvingsen and Nora Testdal: emptied
     * into the reserve box" */
    return g_strdup_printf (_("Seal %" PRId64 " on urn %s broken by %s and %s: %s"), strip, urn,
                            vt_rules_person_name (config,
                                                  json_object_get_string_member_with_default (
                                                    payload, "member", NULL)),
                            vt_rules_person_name (config,
                                                  json_object_get_string_member_with_default (
                                                    payload, "second_member", NULL)),
                            reason != NULL ? reason : "");

  if (g_str_equal (kind->id, VT_KIND_URN_ADD))
    {
      const char *urn_kind = json_object_get_string_member_with_default (payload, "kind", "");
      const char *table = json_object_get_string_member_with_default (payload, "table", NULL);

      if (g_str_equal (urn_kind, "special-envelope"))
        return g_strdup_printf (_("Special-envelope urn %s taken into use"), urn);
      if (g_str_equal (urn_kind, "mobile"))
        return g_strdup_printf (_("Mobile urn %s for outdoor voting taken into use"), urn);
      if (g_str_equal (urn_kind, "reserve"))
        return g_strdup_printf (_("Reserve box %s taken into use"), urn);
      /* Translators: "Urn U1 (table 1) taken into use" */
      return g_strdup_printf (_("Urn %s (table %s) taken into use"), urn,
                              table != NULL ? table : "?");
    }

  if (json_object_has_member (payload, "strip") && reason != NULL)
    /* Translators: "Strip 1004 void: torn when applied" */
    return g_strdup_printf (_("Strip %" PRId64 " void: %s"), strip, reason);

  if (json_object_has_member (payload, "replacement") && witness != NULL)
    /* Translators: a log line beside "Full urn sealed": "Urn U1, strip 1006, witness Ali
     * Kryss; urn U4 replaces it" */
    return g_strdup_printf (_("Urn %s, strip %" PRId64 ", witness %s; urn %s replaces it"), urn,
                            strip, vt_rules_person_name (config, witness),
                            json_object_get_string_member_with_default (payload, "replacement",
                                                                        ""));

  if (json_object_has_member (payload, "strip") && witness != NULL)
    /* Translators: a log line beside "Urn sealed" or "Full urn sealed" */
    return g_strdup_printf (_("Urn %s, strip %" PRId64 ", witness %s"), urn, strip,
                            vt_rules_person_name (config, witness));

  if (witness != NULL)
    return g_strdup_printf (_("Urn %s shown empty, witness %s"), urn,
                            vt_rules_person_name (config, witness));

  if (json_object_has_member (payload, "strip"))
    return g_strdup_printf (_("Seal on urn %s checked: strip %" PRId64 " intact"), urn, strip);

  return g_strdup_printf (_("Urn %s opened for counting"), urn);
}

/* ---- numbered checks -------------------------------------------------------------------- */

typedef void (*RowFunc) (VtRuleContext *ctx,
                         sqlite3_stmt  *row,
                         GPtrArray     *findings);

static void
for_each_row (VtRuleContext *ctx,
              const char    *sql,
              gint64         parameter,
              RowFunc        func,
              GPtrArray     *findings)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (ctx->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Bad SQL in a check: %s: %s", sql, sqlite3_errmsg (ctx->db));
      return;
    }
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, parameter);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    func (ctx, stmt, findings);
  sqlite3_finalize (stmt);
}

static void
add_unsealed (VtRuleContext *ctx,
              sqlite3_stmt  *row,
              GPtrArray     *findings)
{
  const char *urn = (const char *)sqlite3_column_text (row, 0);
  const char *status = (const char *)sqlite3_column_text (row, 1);
  VtFinding *finding;

  if (g_str_equal (status, "new"))
    finding = vt_finding_new (VT_CHECK_K102, urn,
                              _("Urn %s is not sealed: it has not been shown empty yet."), urn);
  else if (g_str_equal (status, "empty"))
    finding = vt_finding_new (VT_CHECK_K102, urn, _("Urn %s is shown empty but not sealed."), urn);
  else
    finding = vt_finding_new (VT_CHECK_K102, urn,
                              _("Urn %s has a broken seal: show it empty and seal it again "
                                "before it is used."), urn);
  g_ptr_array_add (findings, finding);
}

static void
add_unchecked (VtRuleContext *ctx,
               sqlite3_stmt  *row,
               GPtrArray     *findings)
{
  const char *urn = (const char *)sqlite3_column_text (row, 0);

  g_ptr_array_add (findings,
                   vt_finding_new (VT_CHECK_K104, urn, _("The seal on urn %s has not been checked "
                                                  "today: check that its strip is intact and "
                                                  "has the recorded number."), urn));
}

void
vt_checks_seals (VtRuleContext *ctx,
                 GPtrArray     *findings)
{
  VtPhase phase = vt_rules_get_phase (ctx);
  int today = vt_rules_day_index (ctx);

  /* K102: every urn in use is sealed while voters may come, and through the night. */
  if (phase == VT_PHASE_SETUP || phase == VT_PHASE_OPENING || phase == VT_PHASE_VOTING ||
      phase == VT_PHASE_NIGHT)
    for_each_row (ctx, "SELECT id, status FROM urn "
                       "WHERE status NOT IN ('sealed', 'full', 'opened') ORDER BY added_seq, id",
                  0, add_unsealed, findings);

  if ((phase == VT_PHASE_SETUP || phase == VT_PHASE_OPENING) &&
      vt_sql_int (ctx, 0, "SELECT count (*) FROM urn WHERE kind = 'ordinary' "
                          "AND status IN ('sealed', 'full')", NULL) == 0)
    g_ptr_array_add (findings,
                     vt_finding_new (VT_CHECK_K102, NULL,
                                     _("No ordinary urn is sealed yet: show an urn empty and "
                                       "seal it before the doors open.")));

  /* K105: where the station offers outdoor voting, a mobile urn is ready before the doors
   * open, so that the first voter outside is not turned away. */
  if ((phase == VT_PHASE_SETUP || phase == VT_PHASE_OPENING) &&
      vt_config_get_outdoor_voting (ctx->config) &&
      !vt_seals_mobile_urn_sealed (ctx))
    {
      g_autofree char *mobile = vt_sql_string (ctx, "SELECT id FROM urn WHERE kind = 'mobile' "
                                                    "ORDER BY added_seq, id", NULL);

      if (mobile != NULL)
        g_ptr_array_add (findings,
                         vt_finding_new (VT_CHECK_K105, "mobile",
                                         _("The mobile urn %s is not sealed: show it empty and "
                                           "seal it before the doors open; this station offers "
                                           "outdoor voting."), mobile));
      else
        g_ptr_array_add (findings,
                         vt_finding_new (VT_CHECK_K105, "mobile",
                                         _("No mobile urn is prepared, and this station offers "
                                           "outdoor voting: take the mobile urn into use, show "
                                           "it empty and seal it before the doors open.")));
    }

  /* K103: at the end of the day every strip is applied, void or returned. */
  if (phase == VT_PHASE_CLOSING || phase == VT_PHASE_COUNTING || phase == VT_PHASE_PROTOCOL)
    {
      gint64 n;
      g_autofree char *unused = dup_ranges (ctx, &n, "SELECT number FROM strip "
                                                     "WHERE status = 'received' ORDER BY number",
                                            NULL);
      VtFinding *finding = NULL;

      if (n > 0)
        g_ptr_array_add (findings,
                         finding = vt_finding_new (VT_CHECK_K103, "strips",
                                         ngettext ("%" PRId64 " seal strip is neither applied, "
                                                   "void nor returned: %s. Return it unused, or "
                                                   "explain where it is.",
                                                   "%" PRId64 " seal strips are neither applied, "
                                                   "void nor returned: %s. Return them unused, "
                                                   "or explain where they are.", n),
                                         n, unused));
      /* An explanation holds until the strips change again, or one of their entries is
       * corrected. */
      if (finding != NULL)
        finding->explanation =
          vt_sql_string (ctx, "SELECT text FROM explanation WHERE code = 'K103' "
                              "AND subject = 'strips' AND seq > coalesce ((SELECT max (seq) "
                              "FROM journal WHERE kind IN ('strips.receive', 'strips.return', "
                              "'strip.void', 'urn.seal', 'urn.full') OR (kind LIKE 'correction.%' "
                              "AND json_extract (payload, '$.entry') IN (SELECT seq FROM journal "
                              "WHERE kind IN ('strips.receive', 'strips.return', 'strip.void', "
                              "'urn.seal', 'urn.full')))), 0)", NULL);
    }

  /* K104: before the doors open on the next day, every sealed urn's seal is checked. A seal
   * applied today counts as checked: the chair and a witness just put it on. */
  if (phase == VT_PHASE_NIGHT || (phase == VT_PHASE_OPENING && today > 0))
    for_each_row (ctx, "SELECT id FROM urn WHERE status IN ('sealed', 'full') "
                       "AND coalesce (checked_day, -2) <> ?1 AND coalesce (sealed_day, -2) <> ?1 "
                       "ORDER BY added_seq, id",
                  today, add_unchecked, findings);
}

gboolean
vt_seals_mobile_urn_sealed (VtRuleContext *ctx)
{
  return vt_sql_int (ctx, 0, "SELECT count (*) FROM urn "
                            "WHERE kind = 'mobile' AND status = 'sealed'", NULL) > 0;
}
