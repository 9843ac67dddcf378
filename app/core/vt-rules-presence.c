/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-rules-presence"

#include "config.h"

#include "vt-i18n.h"

#include "vt-kind-ids.h"
#include "vt-rules-private.h"

/* Who takes part in a procedure the law gives to people in the room: whoever acts (the person
 * giving the command) and whoever witnesses must be registered as present (arrived, not left)
 * and hold the role the procedure names, and no one is both actor and witness. The facts of
 * every such procedure are one row of the table below; one helper checks them all, before the
 * kind's own rule. */

typedef enum
{
  NEED_ANYONE,     /* anyone of the board or the staff */
  NEED_BOARD,      /* a member of the polling-station board */
  NEED_CHAIR,      /* the chair or the deputy chair */
  NEED_NOT_CHAIR,  /* anyone but the chair, who keeps the room while it is open */
  NEED_SIGNER,     /* who signs the protocol's form: the board, or the chair and the deputy */
} Need;

typedef struct
{
  const char *field;        /* the payload field naming the person; NULL: the actor */
  Need        need;
  const char *role_rule;    /* the rule refusing the wrong role (NEED_ANYONE: none) */
  const char *absent_rule;  /* the rule refusing someone not present */
} Slot;

#define MAX_SLOTS 3

typedef struct
{
  const char *kind;
  Slot        slots[MAX_SLOTS];
  /* The slots (by index) that must name different people, and the rule refusing the same
   * person twice; -1: none. */
  int         distinct[2];
  const char *distinct_rule;
} Procedure;

#define ACTOR(rule) { NULL, NEED_ANYONE, NULL, rule }

static const Procedure procedures[] = {
  /* Showing an urn empty, sealing it, sealing a full urn's slot: one acts, one witnesses. */
  { VT_KIND_URN_VERIFY_EMPTY,
    { ACTOR ("urn.actor-absent"), { "witness", NEED_ANYONE, NULL, "urn.witness-absent" } },
    { 0, 1 }, "urn.witness-is-actor" },
  { VT_KIND_URN_SEAL,
    { { NULL, NEED_CHAIR, "urn.seal-by-chair", "urn.actor-absent" },
      { "witness", NEED_ANYONE, NULL, "urn.witness-absent" } },
    { 0, 1 }, "urn.witness-is-actor" },
  { VT_KIND_URN_FULL,
    { ACTOR ("urn.actor-absent"), { "witness", NEED_ANYONE, NULL, "urn.witness-absent" } },
    { 0, 1 }, "urn.witness-is-actor" },
  { VT_KIND_URN_SEAL_CHECK, { ACTOR ("urn.actor-absent") }, { -1, -1 }, NULL },
  /* Breaking a seal: two different board members present. */
  { VT_KIND_SEAL_BREAK,
    { ACTOR ("seal.actor-absent"),
      { "member", NEED_BOARD, "seal.not-board-member", "seal.member-absent" },
      { "second_member", NEED_BOARD, "seal.not-board-member", "seal.member-absent" } },
    { 1, 2 }, "seal.same-member" },
  /* Outdoor voting: two different workers go out; the chair stays. */
  { VT_KIND_OUTDOOR_START,
    { ACTOR ("outdoor.actor-absent"),
      { "worker", NEED_NOT_CHAIR, "outdoor.chair-stays", "outdoor.worker-not-present" },
      { "second_worker", NEED_NOT_CHAIR, "outdoor.chair-stays", "outdoor.worker-not-present" } },
    { 1, 2 }, "outdoor.same-worker" },
  { VT_KIND_OUTDOOR_END, { ACTOR ("outdoor.actor-absent") }, { -1, -1 }, NULL },
  /* Counting. */
  { VT_KIND_ROLL_MARKS, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  { VT_KIND_ENVELOPES_COUNTED, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  { VT_KIND_URN_OPEN, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  { VT_KIND_COUNT_PILE, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  /* A count and its control count, two entries: whoever enters each is here (the counter and
   * the controller are checked by the counting rules, with their own reasons). */
  { VT_KIND_ROLL_MARKS_COUNT, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  { VT_KIND_ROLL_MARKS_CONTROL, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  { VT_KIND_ENVELOPES_COUNT, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  { VT_KIND_ENVELOPES_CONTROL, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  { VT_KIND_PILE_COUNT, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  { VT_KIND_PILE_CONTROL, { ACTOR ("count.actor-absent") }, { -1, -1 }, NULL },
  /* Explaining a difference: the board, in the room. */
  { VT_KIND_COUNT_EXPLAIN,
    { { NULL, NEED_BOARD, "explain.not-board-member", "explain.actor-absent" } },
    { -1, -1 }, NULL },
  /* Signing: the signer is here and signs the form; whoever logs it is here too. */
  { VT_KIND_PROTOCOL_SIGN,
    { ACTOR ("protocol.actor-absent"),
      { "person", NEED_SIGNER, "protocol.not-a-signer", "protocol.signer-not-present" } },
    { -1, -1 }, NULL },
};

static const Procedure *
find_procedure (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (procedures); i++)
    if (g_strcmp0 (procedures[i].kind, kind) == 0)
      return &procedures[i];
  return NULL;
}

static const char *
slot_person (VtRuleContext *ctx,
             const Slot    *slot)
{
  return slot->field != NULL ? vt_payload_string (ctx, slot->field) : ctx->actor;
}

static gboolean
holds_role (VtRuleContext  *ctx,
            Need            need,
            const VtPerson *person)
{
  switch (need)
    {
    case NEED_BOARD:
      return vt_role_is_board (person->role);
    case NEED_CHAIR:
      return person->role == VT_ROLE_LEDER || person->role == VT_ROLE_NESTLEDER;
    case NEED_NOT_CHAIR:
      return person->role != VT_ROLE_LEDER;
    case NEED_SIGNER:
      if (person->role == VT_ROLE_INSPEKTOR && vt_config_get_inspector_signs (ctx->config))
        return TRUE;
      return vt_config_get_protocol (ctx->config) != VT_PROTOCOL_2019
               ? person->role == VT_ROLE_LEDER || person->role == VT_ROLE_NESTLEDER
               : vt_role_is_board (person->role);
    case NEED_ANYONE:
    default:
      return TRUE;
    }
}

static gboolean
refuse_role (VtRuleContext  *ctx,
             const Slot     *slot,
             const VtPerson *person,
             GError        **error)
{
  const char *what = vt_rules_kind_name (ctx->kind);
  const char *role = vt_role_get_label (person->role);

  switch (slot->need)
    {
    case NEED_CHAIR:
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, slot->role_rule,
                             /* Translators: "“Urn sealed” is done by the chair or the deputy
                              * chair; Liv Øvingstad is Outdoor worker. …" */
                             _("“%s” is done by the chair or the deputy chair; %s is %s. Let the "
                               "chair or the deputy chair give the command."),
                             what, person->name, role);
    case NEED_NOT_CHAIR:
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, slot->role_rule,
                             _("%s is the chair, and the chair stays in the room while the "
                               "station is open. Send two other workers."), person->name);
    case NEED_SIGNER:
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, slot->role_rule,
                             vt_config_get_protocol (ctx->config) != VT_PROTOCOL_2019
                               ? _("%s does not sign this protocol: the polling station's "
                                   "leader and deputy leader sign it.")
                               : _("%s does not sign this protocol: the members of the "
                                   "polling-station board sign it."), person->name);
    case NEED_BOARD:
    case NEED_ANYONE:
    default:
      return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, slot->role_rule,
                             /* Translators: "“Seal broken” needs members of the
                              * polling-station board; Ingrid Øvelsrud is Inspector. …" */
                             _("“%s” needs members of the polling-station board; %s is %s. Name "
                               "a board member."), what, person->name, role);
    }
}

static gboolean
refuse_absent (VtRuleContext  *ctx,
               const Slot     *slot,
               const VtPerson *person,
               GError        **error)
{
  const char *what = vt_rules_kind_name (ctx->kind);
  g_autofree char *departed = vt_sql_string (ctx, "SELECT departed FROM person_state "
                                                  "WHERE person = ?1", "s", person->id);

  if (departed != NULL)
    {
      g_autofree char *hhmm = vt_rules_dup_clock_utc (ctx, departed);

      if (hhmm != NULL)
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, slot->absent_rule,
                               /* Translators: "Ola Prøvesen left at 14:05 and is not
                                * registered back. Only who is here takes part in “Urn
                                * sealed”: …" */
                               _("%s left at %s and is not registered back. Only who is here "
                                 "takes part in “%s”: log the arrival again, or name someone "
                                 "who is here."), person->name, hhmm, what);
    }
  return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, slot->absent_rule,
                         /* Translators: "Ola Prøvesen is not registered as present. Only who
                          * is here takes part in “Urn sealed”: …" */
                         _("%s is not registered as present. Only who is here takes part in "
                           "“%s”: log the arrival first, or name someone who is here."),
                         person->name, what);
}

/**
 * vt_rules_require_present:
 * @person_id: a person of the configuration
 * @need: what the person must be (see Need)
 *
 * Refuses, by @role_rule or @absent_rule, unless @person_id holds the role and is registered
 * as present now: arrived, and not left since.
 */
static gboolean
vt_rules_require_present (VtRuleContext *ctx,
                          const char    *person_id,
                          const Slot    *slot,
                          GError       **error)
{
  const VtPerson *person = vt_config_find_person (ctx->config, person_id);

  if (person == NULL)
    return TRUE; /* the field's validation (or the actor's) already refused it */
  if (!holds_role (ctx, slot->need, person))
    return refuse_role (ctx, slot, person, error);
  if (!vt_rules_is_present (ctx, person->id))
    return refuse_absent (ctx, slot, person, error);
  return TRUE;
}

gboolean
vt_rules_check_presence (VtRuleContext *ctx,
                         GError       **error)
{
  const Procedure *procedure = find_procedure (ctx->kind);

  if (procedure == NULL)
    return TRUE;

  /* The same person twice first: "name someone else" is the answer to both slots. */
  if (procedure->distinct[0] >= 0)
    {
      const Slot *a = &procedure->slots[procedure->distinct[0]];
      const Slot *b = &procedure->slots[procedure->distinct[1]];
      const char *a_id = slot_person (ctx, a);

      if (a_id != NULL && g_strcmp0 (a_id, slot_person (ctx, b)) == 0)
        return vt_rule_refuse (error, VT_RULE_ERROR_FORBIDDEN, procedure->distinct_rule,
                               /* Translators: "“Urn sealed” needs two different people; Ola
                                * Prøvesen is named as both. …" */
                               _("“%s” needs two different people; %s is named as both. "
                                 "Name the second person present."),
                               vt_rules_kind_name (ctx->kind),
                               vt_rules_person_name (ctx->config, a_id));
    }

  for (guint i = 0; i < MAX_SLOTS && procedure->slots[i].absent_rule != NULL; i++)
    if (!vt_rules_require_present (ctx, slot_person (ctx, &procedure->slots[i]),
                                   &procedure->slots[i], error))
      return FALSE;
  return TRUE;
}
