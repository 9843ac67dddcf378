/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-error"

#include "config.h"

#include "vt-error.h"

G_DEFINE_QUARK (vt-config-error-quark, vt_config_error)
G_DEFINE_QUARK (vt-store-error-quark, vt_store_error)

/* A refusal carries the name of the rule that refused, for the journal's refusal entry and for
 * tests; the message is what the person is told. */
typedef struct
{
  char *rule;
} VtRuleErrorPrivate;

static void
vt_rule_error_private_init (VtRuleErrorPrivate *priv)
{
}

static void
vt_rule_error_private_copy (const VtRuleErrorPrivate *src,
                            VtRuleErrorPrivate       *dest)
{
  dest->rule = g_strdup (src->rule);
}

static void
vt_rule_error_private_clear (VtRuleErrorPrivate *priv)
{
  g_clear_pointer (&priv->rule, g_free);
}

G_DEFINE_EXTENDED_ERROR (VtRuleError, vt_rule_error)

void
vt_rule_error_set_rule (GError     *error,
                        const char *rule)
{
  VtRuleErrorPrivate *priv = vt_rule_error_get_private (error);

  g_return_if_fail (priv != NULL);
  g_free (priv->rule);
  priv->rule = g_strdup (rule);
}

const char *
vt_rule_error_get_rule (const GError *error)
{
  VtRuleErrorPrivate *priv = error != NULL ? vt_rule_error_get_private (error) : NULL;

  return priv != NULL && priv->rule != NULL ? priv->rule : "invalid-input";
}
