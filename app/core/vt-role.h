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

/* The role ids as the choices of an entry kind's field (person.add's "role"), in the order of
 * VtRole: the test /staff/roles/choices checks that they match. */
#define VT_ROLE_CHOICES "leder|nestleder|medlem|inspektor|avkrysser|stempler|vert|utevakt|" \
                        "fremmedstemmemottaker|vaktmester|kantinehjelper|valgmedarbeider"

const char *vt_role_to_string   (VtRole      role);
gboolean    vt_role_from_string (const char *str,
                                 VtRole     *role);
/* A role as a staff list writes it: the id, or its name in Bokmål or Nynorsk ("Leder",
 * "leiar", "Nestleiar", "valmedarbeidar", "vakt" …), in any case and with surrounding spaces. */
gboolean    vt_role_from_word   (const char *word,
                                 VtRole     *role);
const char *vt_role_get_label   (VtRole      role);
gboolean    vt_role_is_board    (VtRole      role);

G_END_DECLS
