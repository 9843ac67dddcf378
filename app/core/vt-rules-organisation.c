/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules-organisation"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>

#include "vt-command.h"
#include "vt-kind-ids.h"
#include "vt-rules-private.h"

/* An organisation's election: the annual meeting of a local group elects its offices one at a
 * time, in the configuration's order, so that someone not elected to one can stand for the
 * next. The meeting maps onto the station's phases:
 *
 *   setup     until the meeting is constituted (meeting chair and two signatories chosen)
 *   opening   attendance is registered, candidates for the first office come forward
 *   voting    the offices, one after the other: the office being elected is the first one
 *             not yet decided (vt_organisation_current_office ())
 *   protocol  every office decided
 *
 * A vote is a round: office.vote starts it, office.count (and, for a secret vote, a control
 * count by a second vote counter) gives each pile, office.result closes it. A tie is voted
 * again once; a second tie is decided by lot (office.lot). Each step is its own entry. A
 * secret ballot is counted, never linked to a member: no entry names who voted how.
 *
 * An office with several seats (VtOffice.seats): the seats left go to the candidates with the
 * most votes, in order: a relative majority, as for one seat (the guide and the
 * organisations' routines ask for no more). A candidate without a single vote is not elected.
 * A tie for the last seat: those above it are elected, the tied ones alone are voted on again,
 * then lot, once per seat left. An office is decided when its seats are filled, or when the
 * meeting leaves it (or the seats not filled) vacant with office.vacant; until then it stays
 * the one being elected, open for new candidates. A candidate withdrawing while a tie is
 * pending ends the tie once no more are tied than seats are left (see
 * vt_apply_office_withdraw ()).
 *
 * Members listed by name in the configuration: candidates and vote counters are members, and
 * no more are present than there are members. Names are compared after NFKC normalisation
 * and case folding, and kept as the configuration (or the first entry) spells them. */

const VtRuleModule vt_rules_organisation_module = {
  "organisation",
  "CREATE TABLE org_office ("
  "  office TEXT PRIMARY KEY NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  round INTEGER NOT NULL DEFAULT 0,"   /* the last round started */
  "  open INTEGER NOT NULL DEFAULT 0,"    /* a round is being voted and counted */
  "  secret INTEGER NOT NULL DEFAULT 0,"
  "  ties INTEGER NOT NULL DEFAULT 0,"    /* rounds that ended in a tie */
  "  lot INTEGER NOT NULL DEFAULT 0,"     /* two ties: decided by lot */
  "  decided INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE TABLE org_candidate ("
  "  office TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  standing INTEGER NOT NULL,"
  "  tied INTEGER NOT NULL DEFAULT 0,"
  "  elected INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (office, name)"
  ") STRICT;"
  /* One pile of a round: a candidate's votes, or for, against, abstain, blank. */
  "CREATE TABLE org_count ("
  "  office TEXT NOT NULL,"
  "  round INTEGER NOT NULL,"
  "  pile TEXT NOT NULL,"
  "  candidate TEXT NOT NULL,"
  "  votes INTEGER NOT NULL,"
  "  counter TEXT,"
  "  control INTEGER,"
  "  controller TEXT,"
  "  PRIMARY KEY (office, round, pile, candidate)"
  ") STRICT;",
  "DELETE FROM org_office; DELETE FROM org_candidate; DELETE FROM org_count;",
};

/* ---- which kinds belong to which election ----------------------------------------------- */

static gboolean
is_organisation_kind (const char *kind)
{
  return g_str_has_prefix (kind, "meeting.") || g_str_has_prefix (kind, "office.");
}

/* Kinds of every election: the log itself and its corrections. */
static gboolean
is_shared_kind (const char *kind)
{
  return g_str_equal (kind, VT_KIND_NOTE) || g_str_equal (kind, VT_KIND_CORRECTION_ANNUL) ||
         g_str_equal (kind, VT_KIND_CORRECTION_AMEND) || g_str_equal (kind, "document.printed");
}

gboolean
vt_organisation_check_kind_fits (VtConfig   *config,
                                 const char *kind,
                                 const char *kind_name,
                                 GError    **error)
{
  gboolean organisation = vt_config_is_organisation (config);

  if (is_shared_kind (kind) || organisation == is_organisation_kind (kind))
    return TRUE;
  if (organisation)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "organisation.station-kind",
                           _("“%s” belongs to a polling station; this is an organisation's "
                             "meeting."), kind_name);
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "organisation.meeting-kind",
                         _("“%s” belongs to an organisation's meeting; this is a polling "
                           "station."), kind_name);
}

/* ---- state ------------------------------------------------------------------------------ */

static void
ensure_offices (VtRuleContext *ctx)
{
  GPtrArray *offices = vt_config_get_offices (ctx->config);

  for (guint i = 0; i < offices->len; i++)
    vt_sql_exec (ctx, NULL, "INSERT OR IGNORE INTO org_office (office, position) VALUES (?1, ?2)",
                 "si", ((VtOffice *)g_ptr_array_index (offices, i))->id, (gint64)i);
}

char *
vt_organisation_current_office (VtRuleContext *ctx)
{
  GPtrArray *offices = vt_config_get_offices (ctx->config);

  for (guint i = 0; i < offices->len; i++)
    {
      const VtOffice *office = g_ptr_array_index (offices, i);

      if (vt_sql_int (ctx, 0, "SELECT decided FROM org_office WHERE office = ?1", "s",
                      office->id) == 0)
        return g_strdup (office->id);
    }
  return NULL;
}

static gint64
office_int (VtRuleContext *ctx,
            const char    *office,
            const char    *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM org_office WHERE office = ?1", column);
  return vt_sql_int (ctx, 0, sql, "s", office);
}

static gint64
n_standing (VtRuleContext *ctx,
            const char    *office)
{
  return vt_sql_int (ctx, 0, "SELECT count(*) FROM org_candidate WHERE office = ?1 AND standing",
                     "s", office);
}

static gboolean
is_standing (VtRuleContext *ctx,
             const char    *office,
             const char    *name)
{
  return vt_sql_int (ctx, 0, "SELECT standing FROM org_candidate WHERE office = ?1 AND name = ?2",
                     "ss", office, name) != 0;
}

static gint64
seats_left (VtRuleContext  *ctx,
            const VtOffice *office)
{
  return office->seats - vt_sql_int (ctx, 0, "SELECT count(*) FROM org_candidate WHERE "
                                              "office = ?1 AND elected", "s", office->id);
}

/* ---- names ------------------------------------------------------------------------------ */

/* Names are written as the meeting says them, by hand: "eva vikøy" is Eva Vikøy. Two names
 * are the same when they are after Unicode normalisation (NFKC: a precomposed ø and an o with
 * a combining stroke are one letter), case folding and trimming. */
static char *
name_key (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *normal = g_utf8_normalize (trimmed, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normal != NULL ? normal : trimmed, -1);
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *ka = name_key (a);
  g_autofree char *kb = name_key (b);

  return g_str_equal (ka, kb);
}

static gboolean
members_listed (VtConfig *config)
{
  return vt_config_get_members (config)->len > 0;
}

/* The member @name names, as the configuration spells it; NULL when it names none. */
static const char *
find_member (VtConfig   *config,
             const char *name)
{
  GPtrArray *members = vt_config_get_members (config);

  for (guint i = 0; i < members->len; i++)
    if (same_name (g_ptr_array_index (members, i), name))
      return g_ptr_array_index (members, i);
  return NULL;
}

/* @name as the meeting's state spells it: a member's name as the configuration has it, else a
 * candidate's as first registered (for any office), else as given. Every comparison of names
 * in the tables goes through it. */
static char *
canonical_name (VtRuleContext *ctx,
                const char    *name)
{
  const char *member;
  sqlite3_stmt *stmt = NULL;
  char *found = NULL;

  if (name == NULL)
    return NULL;
  member = find_member (ctx->config, name);
  if (member != NULL)
    return g_strdup (member);
  sqlite3_prepare_v2 (ctx->db, "SELECT name FROM org_candidate ORDER BY rowid", -1,
                      &stmt, NULL);
  while (found == NULL && sqlite3_step (stmt) == SQLITE_ROW)
    if (same_name ((const char *)sqlite3_column_text (stmt, 0), name))
      found = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return found != NULL ? found : g_strdup (name);
}

/* A vote counter counts for the meeting: when the configuration lists the members, a member. */
static gboolean
check_counter_member (VtRuleContext *ctx,
                      const char    *counter,
                      GError       **error)
{
  if (counter == NULL || !members_listed (ctx->config) ||
      find_member (ctx->config, counter) != NULL)
    return TRUE;
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.counter-not-member",
                         _("%s is not a member; the vote counters are chosen among the "
                           "members."), counter);
}

/* ---- refusals every office kind shares -------------------------------------------------- */

/* The office exists and is the one being elected now: earlier ones are decided, later ones
 * wait their turn. */
static gboolean
check_current_office (VtRuleContext   *ctx,
                      const VtOffice **office_out,
                      GError         **error)
{
  const char *id = vt_payload_string (ctx, "office");
  const VtOffice *office = vt_config_find_office (ctx->config, id);
  g_autofree char *current = NULL;

  if (office == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "office.unknown",
                           _("“%s” is not an office this meeting elects."), id);
  ensure_offices (ctx);
  if (office_int (ctx, office->id, "decided"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.decided",
                           _("The election of %s is decided; it is not voted on again."),
                           office->name);
  current = vt_organisation_current_office (ctx);
  if (g_strcmp0 (current, office->id) != 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.out-of-order",
                           _("The offices are elected in order: %s comes first."),
                           vt_config_find_office (ctx->config, current)->name);
  *office_out = office;
  return TRUE;
}

static gboolean
check_no_open_round (VtRuleContext  *ctx,
                     const VtOffice *office,
                     GError        **error)
{
  if (office_int (ctx, office->id, "open"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.vote-open",
                           _("The vote on %s is under way; close it with its result first."),
                           office->name);
  return TRUE;
}

static gboolean
check_open_round (VtRuleContext  *ctx,
                  const VtOffice *office,
                  GError        **error)
{
  if (!office_int (ctx, office->id, "open"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.no-vote",
                           _("No vote on %s is under way; start the vote first."), office->name);
  return TRUE;
}

/* ---- the meeting ------------------------------------------------------------------------ */

VT_RULE_CHECK (vt_check_meeting_constituted)
{
  const char *chair = vt_payload_string (ctx, "chair");
  const char *first = vt_payload_string (ctx, "signatory");
  const char *second = vt_payload_string (ctx, "second_signatory");

  if (same_name (chair, first) || same_name (chair, second) || same_name (first, second))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "meeting.same-person",
                           _("The meeting chair and the two who sign the protocol are three "
                             "different people."));
  return TRUE;
}

VT_RULE_APPLY (vt_apply_meeting_constituted)
{
  ensure_offices (ctx);
  return vt_rules_set_phase (ctx, VT_PHASE_OPENING, error);
}

VT_RULE_CHECK (vt_check_meeting_attendance)
{
  gint64 entitled = vt_payload_int (ctx, "entitled", vt_config_get_entitled (ctx->config));
  gint64 present = vt_payload_int (ctx, "present", 0);

  if (present > entitled)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "meeting.more-present-than-entitled",
                           _("%" PRId64 " present with the right to vote is more than the %"
                             PRId64 " entitled to vote."), present, entitled);
  /* Members listed by name: no more can be present than there are members. */
  if (members_listed (ctx->config) && present > (gint64)vt_config_get_members (ctx->config)->len)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "meeting.more-present-than-members",
                           ngettext ("%" PRId64 " present with the right to vote is more than "
                                     "the organisation's %u member.",
                                     "%" PRId64 " present with the right to vote is more than "
                                     "the organisation's %u members.",
                                     vt_config_get_members (ctx->config)->len),
                           present, vt_config_get_members (ctx->config)->len);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_meeting_attendance)
{
  return vt_sql_exec (ctx, error,
                      "INSERT INTO station_state (key, value) VALUES ('org.present', ?1) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      "i", vt_payload_int (ctx, "present", 0));
}

/* ---- candidates ------------------------------------------------------------------------- */

VT_RULE_CHECK (vt_check_office_candidate)
{
  g_autofree char *name = canonical_name (ctx, vt_payload_string (ctx, "name"));
  const VtOffice *office = NULL;
  g_autofree char *elected_to = NULL;

  if (!check_current_office (ctx, &office, error) || !check_no_open_round (ctx, office, error))
    return FALSE;
  /* Members listed by name: only a member stands. */
  if (members_listed (ctx->config) && find_member (ctx->config, name) == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.not-member",
                           _("%s is not a member and cannot stand for %s."), name,
                           office->name);
  if (office_int (ctx, office->id, "round") > 0 && office_int (ctx, office->id, "ties") > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.tie-pending",
                           _("The vote on %s ended in a tie; it is voted again between the same "
                             "candidates."), office->name);
  /* Someone elected to an earlier office holds it: they are not elected twice. Someone not
   * elected may stand again. */
  elected_to = vt_sql_string (ctx, "SELECT office FROM org_candidate WHERE name = ?1 AND elected",
                              "s", name);
  if (elected_to != NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.already-elected",
                           _("%s is already elected %s and cannot hold two offices."), name,
                           vt_config_find_office (ctx->config, elected_to)->name);
  if (is_standing (ctx, office->id, name))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.already-candidate",
                           _("%s already stands for %s."), name, office->name);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_office_candidate)
{
  g_autofree char *name = canonical_name (ctx, vt_payload_string (ctx, "name"));

  return vt_sql_exec (ctx, error,
                      "INSERT INTO org_candidate (office, name, standing) VALUES (?1, ?2, 1) "
                      "ON CONFLICT (office, name) DO UPDATE SET standing = 1",
                      "ss", vt_payload_string (ctx, "office"), name);
}

VT_RULE_CHECK (vt_check_office_withdraw)
{
  const VtOffice *office = NULL;
  g_autofree char *name = canonical_name (ctx, vt_payload_string (ctx, "name"));

  if (!check_current_office (ctx, &office, error) || !check_no_open_round (ctx, office, error))
    return FALSE;
  if (!is_standing (ctx, office->id, name))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.not-candidate",
                           _("%s does not stand for %s."), name, office->name);
  return TRUE;
}

/* A candidate withdrawing while a tie is pending (voted again, or to be decided by lot) leaves
 * the others of the tie. While they are still more than the seats left, the tie stands between
 * them. Once they are no more than the seats left, the tie is over: it is forgotten (no lot, a
 * later tie is voted again first), and they are the candidates of an ordinary next vote (one
 * alone: for or against); new candidates may come forward again. No one is elected without a
 * vote. */
VT_RULE_APPLY (vt_apply_office_withdraw)
{
  const VtOffice *office = vt_config_find_office (ctx->config, vt_payload_string (ctx, "office"));
  g_autofree char *name = canonical_name (ctx, vt_payload_string (ctx, "name"));

  if (!vt_sql_exec (ctx, error,
                    "UPDATE org_candidate SET standing = 0, tied = 0 "
                    "WHERE office = ?1 AND name = ?2", "ss", office->id, name))
    return FALSE;
  if (office_int (ctx, office->id, "ties") > 0 &&
      vt_sql_int (ctx, 0, "SELECT count(*) FROM org_candidate WHERE office = ?1 AND tied AND "
                          "standing", "s", office->id) <= seats_left (ctx, office))
    return vt_sql_exec (ctx, error, "UPDATE org_candidate SET tied = 0 WHERE office = ?1", "s",
                        office->id) &&
           vt_sql_exec (ctx, error, "UPDATE org_office SET ties = 0, lot = 0 WHERE office = ?1",
                        "s", office->id);
  return TRUE;
}

/* ---- a round of voting ------------------------------------------------------------------ */

VT_RULE_CHECK (vt_check_office_vote)
{
  const VtOffice *office = NULL;

  if (!check_current_office (ctx, &office, error) || !check_no_open_round (ctx, office, error))
    return FALSE;
  if (vt_sql_int (ctx, -1, "SELECT value FROM station_state WHERE key = 'org.present'",
                  NULL) < 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "meeting.no-attendance",
                           _("Register how many are present and entitled to vote before the "
                             "first vote."));
  if (office_int (ctx, office->id, "lot"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.lot-needed",
                           _("%s was tied twice; it is decided by lot now, not by a third "
                             "vote."), office->name);
  if (n_standing (ctx, office->id) == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.no-candidate",
                           _("No one stands for %s; register a candidate first."), office->name);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_office_vote)
{
  const char *office = vt_payload_string (ctx, "office");
  gboolean secret = vt_payload_has (ctx, "secret") ? vt_payload_bool (ctx, "secret")
                                                   : vt_config_get_secret_by_default (ctx->config);

  if (vt_rules_get_phase (ctx) == VT_PHASE_OPENING &&
      !vt_rules_set_phase (ctx, VT_PHASE_VOTING, error))
    return FALSE;
  return vt_sql_exec (ctx, error,
                      "UPDATE org_office SET round = round + 1, open = 1, secret = ?2 "
                      "WHERE office = ?1", "si", office, (gint64)secret);
}

/* The candidate a pile names ("" for for/against/abstain/blank), checked against the round:
 * per candidate when several stand, for or against when one does. */
static gboolean
check_pile (VtRuleContext  *ctx,
            const VtOffice *office,
            char          **candidate_out,
            GError        **error)
{
  const char *pile = vt_payload_string (ctx, "pile");
  g_autofree char *candidate = canonical_name (ctx, vt_payload_string (ctx, "candidate"));
  gboolean single = n_standing (ctx, office->id) == 1;
  gboolean secret = office_int (ctx, office->id, "secret") != 0;

  if (g_str_equal (pile, "candidate"))
    {
      if (single)
        return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "office.single-for-against",
                               _("One candidate stands for %s: count the votes for and "
                                 "against."), office->name);
      if (candidate == NULL || !is_standing (ctx, office->id, candidate))
        return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "office.not-candidate",
                               _("%s does not stand for %s."), candidate != NULL ? candidate : "",
                               office->name);
      *candidate_out = g_steal_pointer (&candidate);
      return TRUE;
    }
  if ((g_str_equal (pile, "in-favour") || g_str_equal (pile, "against")) && !single)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "office.per-candidate",
                           _("Several candidates stand for %s: count the votes per "
                             "candidate."), office->name);
  if (g_str_equal (pile, "abstain") && secret)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "office.secret-no-abstain",
                           _("A secret vote has blank ballots, not abstentions."));
  *candidate_out = g_strdup ("");
  return TRUE;
}

VT_RULE_CHECK (vt_check_office_count)
{
  const VtOffice *office = NULL;
  g_autofree char *candidate = NULL;
  const char *counter = vt_payload_string (ctx, "counter");
  gint64 round;

  if (!check_current_office (ctx, &office, error) || !check_open_round (ctx, office, error) ||
      !check_pile (ctx, office, &candidate, error))
    return FALSE;
  round = office_int (ctx, office->id, "round");
  if (office_int (ctx, office->id, "secret") && counter == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.count-needs-counter",
                           _("Ballots of a secret vote are counted by two vote counters: name "
                             "the one who counted."));
  if (!check_counter_member (ctx, counter, error))
    return FALSE;
  /* Counted again only while the count and its control count disagree. */
  if (vt_sql_int (ctx, 0,
                  "SELECT count(*) FROM org_count WHERE office = ?1 AND round = ?2 AND "
                  "pile = ?3 AND candidate = ?4 AND (control IS NULL OR control = votes)",
                  "siss", office->id, round, vt_payload_string (ctx, "pile"), candidate) > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.already-counted",
                           _("This pile is counted already in this vote."));
  return TRUE;
}

static char *
pile_candidate (VtRuleContext *ctx)
{
  const char *candidate = vt_payload_string (ctx, "candidate");
  return g_str_equal (vt_payload_string (ctx, "pile"), "candidate") && candidate != NULL
           ? canonical_name (ctx, candidate) : g_strdup ("");
}

VT_RULE_APPLY (vt_apply_office_count)
{
  const char *office = vt_payload_string (ctx, "office");
  const char *counter = vt_payload_string (ctx, "counter");
  g_autofree char *candidate = pile_candidate (ctx);

  return vt_sql_exec (ctx, error,
                      "INSERT INTO org_count (office, round, pile, candidate, votes, counter) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                      "ON CONFLICT (office, round, pile, candidate) DO UPDATE SET "
                      "votes = excluded.votes, counter = excluded.counter, control = NULL, "
                      "controller = NULL",
                      counter != NULL ? "sissis" : "sissin",
                      office, office_int (ctx, office, "round"),
                      vt_payload_string (ctx, "pile"), candidate,
                      vt_payload_int (ctx, "votes", 0), counter);
}

VT_RULE_CHECK (vt_check_office_control)
{
  const VtOffice *office = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *counter = NULL;
  gint64 round;

  if (!check_current_office (ctx, &office, error) || !check_open_round (ctx, office, error) ||
      !check_pile (ctx, office, &candidate, error))
    return FALSE;
  round = office_int (ctx, office->id, "round");
  counter = vt_sql_string (ctx, "SELECT counter FROM org_count WHERE office = ?1 AND "
                                "round = ?2 AND pile = ?3 AND candidate = ?4",
                           "siss", office->id, round, vt_payload_string (ctx, "pile"), candidate);
  if (counter == NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.control-before-count",
                           _("Enter the first count before its control count."));
  if (!check_counter_member (ctx, vt_payload_string (ctx, "counter"), error))
    return FALSE;
  /* A count and its control count are by two different people, however the name is
   * written. */
  if (same_name (counter, vt_payload_string (ctx, "counter")))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.same-counter",
                           _("%s counted this pile; the control count is done by a second vote "
                             "counter."), counter);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_office_control)
{
  const char *office = vt_payload_string (ctx, "office");
  g_autofree char *candidate = pile_candidate (ctx);

  return vt_sql_exec (ctx, error,
                      "UPDATE org_count SET control = ?5, controller = ?6 WHERE office = ?1 AND "
                      "round = ?2 AND pile = ?3 AND candidate = ?4",
                      "sissis", office, office_int (ctx, office, "round"),
                      vt_payload_string (ctx, "pile"), candidate,
                      vt_payload_int (ctx, "votes", 0), vt_payload_string (ctx, "counter"));
}

/* ---- the result ------------------------------------------------------------------------- */

VT_RULE_CHECK (vt_check_office_result)
{
  const VtOffice *office = NULL;
  gint64 round;

  if (!check_current_office (ctx, &office, error) || !check_open_round (ctx, office, error))
    return FALSE;
  round = office_int (ctx, office->id, "round");
  if (n_standing (ctx, office->id) == 1
        ? vt_sql_int (ctx, 0, "SELECT count(*) FROM org_count WHERE office = ?1 AND round = ?2 "
                              "AND pile IN ('in-favour', 'against')", "si", office->id, round) < 2
        : vt_sql_int (ctx, 0, "SELECT count(*) FROM org_candidate c WHERE office = ?1 AND "
                              "standing AND NOT EXISTS (SELECT 1 FROM org_count n WHERE "
                              "n.office = c.office AND n.round = ?2 AND n.candidate = c.name)",
                      "si", office->id, round) > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.not-counted",
                           _("Not every pile of the vote on %s is counted yet."), office->name);
  if (office_int (ctx, office->id, "secret") &&
      vt_sql_int (ctx, 0, "SELECT count(*) FROM org_count WHERE office = ?1 AND round = ?2 AND "
                          "(control IS NULL OR control != votes)", "si", office->id, round) > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_MISMATCH, "office.not-control-counted",
                           _("In a secret vote every pile is counted twice, by two vote "
                             "counters, and the two counts agree: count again where they do "
                             "not."));
  return TRUE;
}

static gint64
pile_votes (VtRuleContext *ctx,
            const char    *office,
            gint64         round,
            const char    *pile)
{
  return vt_sql_int (ctx, 0, "SELECT votes FROM org_count WHERE office = ?1 AND round = ?2 AND "
                             "pile = ?3", "sis", office, round, pile);
}

static gboolean
elect (VtRuleContext *ctx,
       const char    *office,
       const char    *name,
       GError       **error)
{
  /* Elected to a seat, no longer a candidate for the seats left. */
  return vt_sql_exec (ctx, error, "UPDATE org_candidate SET elected = 1, standing = 0, tied = 0 "
                                  "WHERE office = ?1 AND name = ?2", "ss", office, name);
}

/* A round ended without a tie: those not elected stand no more (they may come forward again
 * for the seats left), and no tie is pending. The office is decided when its seats are
 * filled; otherwise it stays the one being elected, for new candidates or to be left
 * vacant. */
static gboolean
round_over (VtRuleContext  *ctx,
            const VtOffice *office,
            GError        **error);

/* Once every office is decided, the meeting goes on to its protocol. */
static gboolean
office_decided (VtRuleContext *ctx,
                const char    *office,
                GError       **error)
{
  g_autofree char *next = NULL;

  if (!vt_sql_exec (ctx, error, "UPDATE org_office SET decided = 1 WHERE office = ?1", "s",
                    office))
    return FALSE;
  next = vt_organisation_current_office (ctx);
  return next != NULL || vt_rules_set_phase (ctx, VT_PHASE_PROTOCOL, error);
}

static gboolean
round_over (VtRuleContext  *ctx,
            const VtOffice *office,
            GError        **error)
{
  if (!vt_sql_exec (ctx, error, "UPDATE org_candidate SET standing = 0, tied = 0 WHERE "
                                "office = ?1", "s", office->id) ||
      !vt_sql_exec (ctx, error, "UPDATE org_office SET ties = 0, lot = 0 WHERE office = ?1", "s",
                    office->id))
    return FALSE;
  return seats_left (ctx, office) > 0 || office_decided (ctx, office->id, error);
}

/* Several candidates: the most votes of those cast wins, blank ballots not counted (a relative
 * majority: neither the guide nor the organisations' own routines ask for more than half). With
 * several seats, the seats left go to the most votes in order. A candidate without a single
 * vote is not elected, so fewer candidates with votes than seats leave seats to fill. A tie for
 * the last seat (or the only one) is voted again between the tied candidates, those above the
 * tie elected; a second tie is decided by lot. */
static gboolean
apply_plurality (VtRuleContext  *ctx,
                 const VtOffice *office,
                 gint64          round,
                 GError        **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) votes = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  guint seats, n_tied = 0;
  gint64 cut;

  /* The seats left: a tie voted again is for those not yet filled. */
  seats = (guint)seats_left (ctx, office);

  sqlite3_prepare_v2 (ctx->db, "SELECT c.name, n.votes FROM org_candidate c JOIN org_count n "
                               "ON n.office = c.office AND n.candidate = c.name AND n.round = ?2 "
                               "WHERE c.office = ?1 AND c.standing AND n.votes > 0 "
                               "ORDER BY n.votes DESC",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, office->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, round);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 v = sqlite3_column_int64 (stmt, 1);

      g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      g_array_append_val (votes, v);
    }
  sqlite3_finalize (stmt);

  if (names->len <= seats || g_array_index (votes, gint64, seats) !=
                               g_array_index (votes, gint64, seats - 1))
    {
      for (guint i = 0; i < MIN (seats, names->len); i++)
        if (!elect (ctx, office->id, g_ptr_array_index (names, i), error))
          return FALSE;
      return round_over (ctx, office, error);
    }

  cut = g_array_index (votes, gint64, seats - 1);

  /* A tie at the cut: those above it are elected; the tied ones are voted on again. */
  if (!vt_sql_exec (ctx, error, "UPDATE org_candidate SET tied = 0 WHERE office = ?1", "s",
                    office->id))
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      gint64 v = g_array_index (votes, gint64, i);
      const char *name = g_ptr_array_index (names, i);

      if (v > cut && !elect (ctx, office->id, name, error))
        return FALSE;
      if (v == cut)
        n_tied++;
      if (!vt_sql_exec (ctx, error, "UPDATE org_candidate SET tied = ?3, standing = ?3 "
                                    "WHERE office = ?1 AND name = ?2",
                        "ssi", office->id, name, (gint64)(v == cut)))
        return FALSE;
    }
  g_assert (n_tied >= 2);
  return vt_sql_exec (ctx, error, "UPDATE org_office SET ties = ties + 1, lot = (ties >= 1) "
                                  "WHERE office = ?1", "s", office->id);
}

VT_RULE_APPLY (vt_apply_office_result)
{
  const VtOffice *office = vt_config_find_office (ctx->config, vt_payload_string (ctx, "office"));
  gint64 round = office_int (ctx, office->id, "round");

  if (!vt_sql_exec (ctx, error, "UPDATE org_office SET open = 0 WHERE office = ?1", "s",
                    office->id))
    return FALSE;

  if (n_standing (ctx, office->id) == 1)
    {
      g_autofree char *name = vt_sql_string (ctx, "SELECT name FROM org_candidate WHERE "
                                                  "office = ?1 AND standing", "s", office->id);

      /* For or against: elected with more for than against; otherwise not, and the office
       * stays open for new candidates. */
      if (pile_votes (ctx, office->id, round, "in-favour") >
            pile_votes (ctx, office->id, round, "against") &&
          !elect (ctx, office->id, name, error))
        return FALSE;
      return round_over (ctx, office, error);
    }
  return apply_plurality (ctx, office, round, error);
}

VT_RULE_CHECK (vt_check_office_lot)
{
  const VtOffice *office = NULL;
  g_autofree char *drawn = canonical_name (ctx, vt_payload_string (ctx, "drawn"));

  if (!check_current_office (ctx, &office, error) || !check_no_open_round (ctx, office, error))
    return FALSE;
  if (!office_int (ctx, office->id, "lot"))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.no-lot",
                           _("Lots are drawn only after a tie has been voted again and tied "
                             "again."));
  if (vt_sql_int (ctx, 0, "SELECT tied FROM org_candidate WHERE office = ?1 AND name = ?2",
                  "ss", office->id, drawn) == 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "office.lot-not-tied",
                           _("%s is not one of the tied candidates."), drawn);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_office_lot)
{
  const VtOffice *office = vt_config_find_office (ctx->config, vt_payload_string (ctx, "office"));
  g_autofree char *drawn = canonical_name (ctx, vt_payload_string (ctx, "drawn"));

  if (!elect (ctx, office->id, drawn, error))
    return FALSE;
  /* With several seats, a lot is drawn for each seat left: the tied ones left over when the
   * seats are filled are not elected. */
  if (seats_left (ctx, office) > 0 &&
      vt_sql_int (ctx, 0, "SELECT count(*) FROM org_candidate WHERE office = ?1 AND tied",
                  "s", office->id) > seats_left (ctx, office))
    return TRUE;
  return round_over (ctx, office, error);
}

/* ---- an office left vacant -------------------------------------------------------------- */

/* No one stands, or no one was elected: the meeting leaves the office (or its seats left)
 * vacant, and it is decided. Not while a vote is under way, a tie waits for its vote or lot,
 * or someone stands: they are voted on, or withdraw, first. */
VT_RULE_CHECK (vt_check_office_vacant)
{
  const VtOffice *office = NULL;
  gint64 standing;

  if (!check_current_office (ctx, &office, error) || !check_no_open_round (ctx, office, error))
    return FALSE;
  if (office_int (ctx, office->id, "ties") > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.tie-pending",
                           _("The vote on %s ended in a tie; it is voted again between the same "
                             "candidates."), office->name);
  standing = n_standing (ctx, office->id);
  if (standing > 0)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "office.candidates-standing",
                           ngettext ("%" PRId64 " candidate stands for %s: vote, or the "
                                     "candidate withdraws, before the office is left vacant.",
                                     "%" PRId64 " candidates stand for %s: vote, or they "
                                     "withdraw, before the office is left vacant.",
                                     (gulong)standing),
                           standing, office->name);
  return TRUE;
}

VT_RULE_APPLY (vt_apply_office_vacant)
{
  if (vt_rules_get_phase (ctx) == VT_PHASE_OPENING &&
      !vt_rules_set_phase (ctx, VT_PHASE_VOTING, error))
    return FALSE;
  return office_decided (ctx, vt_payload_string (ctx, "office"), error);
}

/* ---- signing the meeting's protocol ----------------------------------------------------- */

/* Whether @signer signed already: a signature standing in the journal, not annulled, as
 * amended. Signatures have no derived table of their own: the journal is the record. */
static gboolean
has_signed (VtRuleContext *ctx,
            const char    *signer)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  sqlite3_prepare_v2 (ctx->db, "SELECT seq, payload FROM journal WHERE kind = ?1 ORDER BY seq",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, VT_KIND_MEETING_SIGN, -1, SQLITE_STATIC);
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) payload =
        vt_rules_effective_payload (ctx->db, sqlite3_column_int64 (stmt, 0),
                                    (const char *)sqlite3_column_text (stmt, 1));

      found = payload != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (payload, "signer", NULL),
                         signer) == 0;
    }
  sqlite3_finalize (stmt);
  return found;
}

static const char *
signer_label (const char *signer)
{
  const VtField *field = vt_entry_kind_find_field (vt_entry_kind_lookup (VT_KIND_MEETING_SIGN),
                                                   "signer");
  return vt_field_choice_get_label (field, signer);
}

VT_RULE_CHECK (vt_check_meeting_sign)
{
  const char *signer = vt_payload_string (ctx, "signer");
  JsonNode *strokes = json_object_get_member (ctx->payload, "strokes");
  gboolean drawn = strokes != NULL && JSON_NODE_HOLDS_ARRAY (strokes) &&
                   json_array_get_length (json_node_get_array (strokes)) > 0;
  gboolean ink = vt_payload_bool (ctx, "on_paper");
  g_autofree char *undecided = NULL;

  /* The protocol tells every office's election: nobody signs it before the last is decided. */
  ensure_offices (ctx);
  undecided = vt_organisation_current_office (ctx);
  if (undecided != NULL)
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "meeting.sign-undecided",
                           _("The protocol is signed once every office is decided; %s is not "
                             "yet."), vt_config_find_office (ctx->config, undecided)->name);
  if (has_signed (ctx, signer))
    return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, "meeting.already-signed",
                           _("Already signed: %s."), signer_label (signer));
  /* One signature, one way: drawn on screen, or in ink on the printed page. */
  if (drawn == ink)
    return vt_rule_refuse (error, VT_RULE_ERROR_INVALID_INPUT, "meeting.sign-one-way",
                           drawn ? _("Signed both on screen and in ink: give one of them.")
                                 : _("No signature: sign in the box on screen, or confirm that "
                                     "the printed protocol is signed in ink."));
  return TRUE;
}

/* "Signed by the meeting chair", "Signed in ink on the paper by the second to sign": the
 * names are the meeting's (meeting.constituted), not the configuration's. */
VT_RULE_SUMMARY (vt_summary_meeting_sign)
{
  const char *signer = signer_label (json_object_get_string_member_with_default (payload,
                                                                                 "signer", ""));

  if (json_object_get_boolean_member_with_default (payload, "on_paper", FALSE))
    /* Translators: a log line: "Signed in ink on the paper: Meeting chair" */
    return g_strdup_printf (_("Signed in ink on the paper: %s"), signer);
  /* Translators: a log line: "Signed on screen: Meeting chair" */
  return g_strdup_printf (_("Signed on screen: %s"), signer);
}

/* ---- log lines -------------------------------------------------------------------------- */

static const char *
payload_text (JsonObject *payload,
              const char *member)
{
  return json_object_get_string_member_with_default (payload, member, "");
}

/* "Chair: Gunn Lien; the protocol is signed by Hans Moen and Ida Rønning", "11 present and
 * entitled to vote". */
VT_RULE_SUMMARY (vt_summary_meeting)
{
  if (g_str_equal (kind->id, VT_KIND_MEETING_CONSTITUTED))
    /* Translators: a log line: the meeting chair, then the two who sign the protocol */
    return g_strdup_printf (_("Chair: %s; the protocol is signed by %s and %s"),
                            payload_text (payload, "chair"), payload_text (payload, "signatory"),
                            payload_text (payload, "second_signatory"));
  else
    {
      gint64 present = json_object_get_int_member_with_default (payload, "present", 0);
      g_autofree char *n = vt_format_count (present);

      if (json_object_has_member (payload, "entitled"))
        {
          gint64 entitled = json_object_get_int_member_with_default (payload, "entitled", 0);
          g_autofree char *of = vt_format_count (entitled);

          /* Translators: a log line: "11 present of 24 entitled to vote" */
          return g_strdup_printf (ngettext ("%s present of %s entitled to vote",
                                            "%s present of %s entitled to vote",
                                            (gulong)entitled), n, of);
        }
      /* Translators: a log line: "11 present and entitled to vote" */
      return g_strdup_printf (ngettext ("%s present and entitled to vote",
                                        "%s present and entitled to vote", (gulong)present), n);
    }
}

/* A pile of a vote in words: "5 votes for Eva Vikøy", "3 votes against", "1 blank ballot". */
static char *
pile_sentence (JsonObject *payload)
{
  const char *pile = payload_text (payload, "pile");
  gint64 votes = json_object_get_int_member_with_default (payload, "votes", 0);
  g_autofree char *n = vt_format_count (votes);

  if (g_str_equal (pile, "candidate"))
    /* Translators: a log line's part: "5 votes for Eva Vikøy" */
    return g_strdup_printf (ngettext ("%s vote for %s", "%s votes for %s", (gulong)votes), n,
                            payload_text (payload, "candidate"));
  if (g_str_equal (pile, "in-favour"))
    return g_strdup_printf (ngettext ("%s vote for", "%s votes for", (gulong)votes), n);
  if (g_str_equal (pile, "against"))
    return g_strdup_printf (ngettext ("%s vote against", "%s votes against", (gulong)votes), n);
  if (g_str_equal (pile, "abstain"))
    return g_strdup_printf (ngettext ("%s abstaining", "%s abstaining", (gulong)votes), n);
  return g_strdup_printf (ngettext ("%s blank ballot", "%s blank ballots", (gulong)votes), n);
}

/* Each kind of an office in a sentence, the office by its name, not its id:
 * "Nestleder: 5 votes for Eva Vikøy, counted by Kari Hovde". */
VT_RULE_SUMMARY (vt_summary_office)
{
  const char *id = payload_text (payload, "office");
  const VtOffice *office = vt_config_find_office (config, id);
  const char *name = office != NULL ? office->name : id;
  const char *who = payload_text (payload, "name");

  if (g_str_equal (kind->id, VT_KIND_OFFICE_CANDIDATE))
    return json_object_get_boolean_member_with_default (payload, "from_floor", FALSE)
             /* Translators: a log line: "Eva Vikøy stands for Nestleder, proposed from the floor" */
             ? g_strdup_printf (_("%s stands for %s, proposed from the floor"), who, name)
             /* Translators: a log line: "Eva Vikøy stands for Nestleder" */
             : g_strdup_printf (_("%s stands for %s"), who, name);
  if (g_str_equal (kind->id, VT_KIND_OFFICE_WITHDRAW))
    /* Translators: a log line: "Jon Sæther no longer stands for Nestleder" */
    return g_strdup_printf (_("%s no longer stands for %s"), who, name);
  if (g_str_equal (kind->id, VT_KIND_OFFICE_VOTE))
    {
      gboolean secret = json_object_has_member (payload, "secret")
                          ? json_object_get_boolean_member_with_default (payload, "secret", FALSE)
                          : vt_config_get_secret_by_default (config);
      return secret
               /* Translators: a log line: "Secret vote by ballot on Nestleder" */
               ? g_strdup_printf (_("Secret vote by ballot on %s"), name)
               /* Translators: a log line: "Open vote by show of hands on Nestleder" */
               : g_strdup_printf (_("Open vote by show of hands on %s"), name);
    }
  if (g_str_equal (kind->id, VT_KIND_OFFICE_COUNT) || g_str_equal (kind->id, VT_KIND_OFFICE_CONTROL))
    {
      g_autofree char *pile = pile_sentence (payload);
      const char *counter = payload_text (payload, "counter");

      if (g_str_equal (kind->id, VT_KIND_OFFICE_CONTROL))
        /* Translators: a log line: "Nestleder: 5 votes for Eva Vikøy, control-counted by Lars Eide" */
        return g_strdup_printf (_("%s: %s, control-counted by %s"), name, pile, counter);
      if (*counter != '\0')
        /* Translators: a log line: "Nestleder: 5 votes for Eva Vikøy, counted by Kari Hovde" */
        return g_strdup_printf (_("%s: %s, counted by %s"), name, pile, counter);
      /* Translators: a log line: "Nestleder: 5 votes for Eva Vikøy" */
      return g_strdup_printf (_("%s: %s"), name, pile);
    }
  if (g_str_equal (kind->id, VT_KIND_OFFICE_RESULT))
    /* Translators: a log line: the vote on an office is closed and its result taken */
    return g_strdup_printf (_("The vote on %s is closed and its result taken"), name);
  if (g_str_equal (kind->id, VT_KIND_OFFICE_VACANT))
    {
      const char *note = payload_text (payload, "note");

      return *note != '\0'
               /* Translators: a log line: "Kasserer is left vacant: No one stands." */
               ? g_strdup_printf (_("%s is left vacant: %s"), name, note)
               /* Translators: a log line: "Kasserer is left vacant" */
               : g_strdup_printf (_("%s is left vacant"), name);
    }
  if (g_str_equal (kind->id, VT_KIND_OFFICE_LOT))
    /* Translators: a log line: "Nestleder: Jon Sæther drawn by lot" */
    return g_strdup_printf (_("%s: %s drawn by lot"), name, payload_text (payload, "drawn"));
  return g_strdup (name);
}
