/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VT_CONFIG_ERROR (vt_config_error_quark ())
#define VT_STORE_ERROR (vt_store_error_quark ())
#define VT_RULE_ERROR (vt_rule_error_quark ())

/* A configuration file that cannot be used. */
typedef enum
{
  VT_CONFIG_ERROR_SYNTAX,   /* not JSON at all */
  VT_CONFIG_ERROR_INVALID,  /* JSON, but breaks a rule of the format */
} VtConfigError;

/* A station file that cannot be opened, written or trusted. */
typedef enum
{
  VT_STORE_ERROR_OPEN,          /* missing, unreadable, not sqlite */
  VT_STORE_ERROR_NOT_A_STATION, /* sqlite, but not ours */
  VT_STORE_ERROR_TOO_NEW,       /* written by a newer Valgting */
  VT_STORE_ERROR_EXISTS,        /* refusing to overwrite */
  VT_STORE_ERROR_WRITE,         /* the entry could not be made durable */
  VT_STORE_ERROR_CORRUPT,       /* integrity check failed */
  VT_STORE_ERROR_TAMPERED,      /* the hash chain or the guards are broken */
  VT_STORE_ERROR_CONFLICT,      /* a command id was reused for a different command */
  VT_STORE_ERROR_IN_USE,        /* open in another window or program */
  VT_STORE_ERROR_GONE,          /* the file was removed or replaced while open */
  VT_STORE_ERROR_NOT_IN_PLACE,  /* cannot be recorded in where it is: take in a copy, or
                                 * open it read-only (vt-station-files.h) */
} VtStoreError;

/* A command the rules of the election day refuse. */
typedef enum
{
  VT_RULE_ERROR_INVALID_INPUT,   /* a field is missing, of the wrong kind or unknown */
  VT_RULE_ERROR_PERSONAL_DATA,   /* free text holds a national identity number */
  VT_RULE_ERROR_WRONG_PHASE,     /* not at this point of the day */
  VT_RULE_ERROR_FORBIDDEN,       /* the procedure forbids it */
  VT_RULE_ERROR_NEEDS_REASON,    /* allowed only with a logged reason */
  VT_RULE_ERROR_MISMATCH,        /* a count and its control count disagree */
  VT_RULE_ERROR_BLOCKED,         /* a numbered check (an error) blocks the next step */
} VtRuleError;

GQuark vt_config_error_quark (void);
GQuark vt_store_error_quark  (void);
GQuark vt_rule_error_quark   (void);

void        vt_rule_error_set_rule (GError       *error,
                                    const char   *rule);
const char *vt_rule_error_get_rule (const GError *error);

G_END_DECLS
