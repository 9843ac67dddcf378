/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-error"

#include "config.h"

#include "vt-error.h"

G_DEFINE_QUARK (vt-config-error-quark, vt_config_error)
G_DEFINE_QUARK (vt-store-error-quark, vt_store_error)
G_DEFINE_QUARK (vt-rule-error-quark, vt_rule_error)
