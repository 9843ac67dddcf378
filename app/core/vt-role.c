/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-role"

#include "config.h"

#include "vt-i18n.h"

#include "vt-role.h"

static const struct
{
  const char *id;
  const char *label;
  gboolean board;
} roles[VT_N_ROLES] = {
  [VT_ROLE_LEDER] = { "leder", N_("Chair"), TRUE },
  [VT_ROLE_NESTLEDER] = { "nestleder", N_("Deputy chair"), TRUE },
  [VT_ROLE_MEDLEM] = { "medlem", N_("Board member"), TRUE },
  [VT_ROLE_INSPEKTOR] = { "inspektor", N_("Inspector"), FALSE },
  [VT_ROLE_AVKRYSSER] = { "avkrysser", N_("Roll marker"), FALSE },
  [VT_ROLE_STEMPLER] = { "stempler", N_("Ballot stamper"), FALSE },
  [VT_ROLE_VERT] = { "vert", N_("Host"), FALSE },
  [VT_ROLE_UTEVAKT] = { "utevakt", N_("Outdoor worker"), FALSE },
  [VT_ROLE_FREMMEDSTEMMEMOTTAKER] = { "fremmedstemmemottaker", N_("Other-precinct vote receiver"), FALSE },
  [VT_ROLE_VAKTMESTER] = { "vaktmester", N_("Caretaker"), FALSE },
  [VT_ROLE_KANTINEHJELPER] = { "kantinehjelper", N_("Canteen helper"), FALSE },
  [VT_ROLE_VALGMEDARBEIDER] = { "valgmedarbeider", N_("Election worker"), FALSE },
};

const char *
vt_role_to_string (VtRole role)
{
  g_return_val_if_fail (role < VT_N_ROLES, NULL);
  return roles[role].id;
}

gboolean
vt_role_from_string (const char *str,
                     VtRole     *role)
{
  for (guint i = 0; i < VT_N_ROLES; i++)
    {
      if (g_strcmp0 (str, roles[i].id) == 0)
        {
          *role = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
vt_role_get_label (VtRole role)
{
  g_return_val_if_fail (role < VT_N_ROLES, NULL);
  return _(roles[role].label);
}

gboolean
vt_role_is_board (VtRole role)
{
  g_return_val_if_fail (role < VT_N_ROLES, FALSE);
  return roles[role].board;
}
