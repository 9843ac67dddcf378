/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VT_ROLE_LEDER,
  VT_ROLE_NESTLEDER,
  VT_ROLE_MEDLEM,
  VT_ROLE_INSPEKTOR,
  VT_ROLE_AVKRYSSER,
  VT_ROLE_STEMPLER,
  VT_ROLE_VERT,
  VT_ROLE_UTEVAKT,
  VT_ROLE_FREMMEDSTEMMEMOTTAKER,
  VT_ROLE_VAKTMESTER,
  VT_ROLE_KANTINEHJELPER,
  VT_ROLE_VALGMEDARBEIDER,
  VT_N_ROLES
} VtRole;

const char *vt_role_to_string   (VtRole      role);
gboolean    vt_role_from_string (const char *str,
                                 VtRole     *role);
const char *vt_role_get_label   (VtRole      role);
gboolean    vt_role_is_board    (VtRole      role);

G_END_DECLS
