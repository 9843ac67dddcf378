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

/* The other words staff lists use for the roles, Bokmål and Nynorsk, casefolded. "vakt" is
 * the guard outside the door: the outdoor worker's role. */
static const struct
{
  const char *word;
  VtRole role;
} role_words[] = {
  { "leiar", VT_ROLE_LEDER },
  { "stemmestyrets leder", VT_ROLE_LEDER },
  { "stemmestyrets leiar", VT_ROLE_LEDER },
  { "valstyrets leiar", VT_ROLE_LEDER },
  { "nestleiar", VT_ROLE_NESTLEDER },
  { "styremedlem", VT_ROLE_MEDLEM },
  { "stemmestyremedlem", VT_ROLE_MEDLEM },
  { "inspektør", VT_ROLE_INSPEKTOR },
  { "avkryssar", VT_ROLE_AVKRYSSER },
  { "stemplar", VT_ROLE_STEMPLER },
  { "køordner", VT_ROLE_VERT },
  { "køordnar", VT_ROLE_VERT },
  { "vert/køordner", VT_ROLE_VERT },
  { "vert/køordnar", VT_ROLE_VERT },
  { "vakt", VT_ROLE_UTEVAKT },
  { "framandstemmemottakar", VT_ROLE_FREMMEDSTEMMEMOTTAKER },
  { "fremmedstemmemottakar", VT_ROLE_FREMMEDSTEMMEMOTTAKER },
  { "vaktmeister", VT_ROLE_VAKTMESTER },
  { "kantinehjelpar", VT_ROLE_KANTINEHJELPER },
  { "valmedarbeidar", VT_ROLE_VALGMEDARBEIDER },
  { "valgfunksjonær", VT_ROLE_VALGMEDARBEIDER },
  { "valfunksjonær", VT_ROLE_VALGMEDARBEIDER },
};

gboolean
vt_role_from_word (const char *word,
                   VtRole     *role)
{
  g_autofree char *stripped = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (role != NULL, FALSE);

  if (word == NULL || !g_utf8_validate (word, -1, NULL))
    return FALSE;
  stripped = g_strstrip (g_strdup (word));
  normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFC);
  folded = g_utf8_casefold (normal, -1);

  if (vt_role_from_string (folded, role))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (role_words); i++)
    if (g_str_equal (folded, role_words[i].word))
      {
        *role = role_words[i].role;
        return TRUE;
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
