/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-checks.h"
#include "vt-entry-kind.h"
#include "vt-phase.h"

/* The catalogue is what the screens, the command line and scenario files read; a kind that is
 * half described there is a kind the chair cannot use. */

static void
test_kinds_are_complete (void)
{
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n_kinds, >, 40);
  for (guint i = 0; i < n_kinds; i++)
    {
      const VtEntryKind *kind = &kinds[i];
      g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

      g_test_message ("%s", kind->id);
      g_assert_true (g_hash_table_add (ids, (gpointer)kind->id));
      g_assert_nonnull (kind->name);
      g_assert_nonnull (kind->description);
      g_assert_true (g_str_has_suffix (kind->description, "."));
      g_assert_true (vt_entry_kind_lookup (kind->id) == kind);
      /* A command that changes state has a rule that checks it first. */
      if (kind->apply != NULL)
        g_assert_nonnull (kind->check);
      g_assert_cmpuint (kind->phases & ~(VT_PHASES_ANY | VT_PHASE_QUEUE_BIT), ==, 0);
      /* Voting by those in the queue at closing time goes on from voting. */
      if (kind->phases & VT_PHASE_QUEUE_BIT)
        g_assert_true (kind->phases & VT_PHASE_BIT (VT_PHASE_VOTING));

      for (guint f = 0; f < VT_MAX_FIELDS && kind->fields[f].name != NULL; f++)
        {
          const VtField *field = &kind->fields[f];
          g_assert_true (g_hash_table_add (fields, (gpointer)field->name));
          g_assert_nonnull (field->description);
          g_assert_true ((field->type == VT_FIELD_CHOICE) == (field->choices != NULL));
          g_assert_true (vt_entry_kind_find_field (kind, field->name) == field);
        }
    }
}

static void
test_checks_are_complete (void)
{
  guint n_checks;
  const VtCheckInfo *checks = vt_check_get_all (&n_checks);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_checks; i++)
    {
      g_assert_true (g_hash_table_add (codes, (gpointer)checks[i].code));
      g_assert_true (g_regex_match_simple ("^K[1-4][0-9][0-9]$", checks[i].code, 0, 0));
      g_assert_true (vt_check_lookup (checks[i].code) == &checks[i]);
    }
  g_assert_null (vt_check_lookup ("K999"));
}

static void
test_reference_lists_everything (void)
{
  g_autofree char *kinds_reference = vt_entry_kind_dup_reference ();
  g_autofree char *checks_reference = vt_check_dup_reference ();
  guint n_kinds, n_checks;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);
  const VtCheckInfo *checks = vt_check_get_all (&n_checks);

  for (guint i = 0; i < n_kinds; i++)
    {
      g_autofree char *heading = g_strdup_printf ("## `%s` — %s", kinds[i].id, kinds[i].name);
      g_assert_nonnull (strstr (kinds_reference, heading));
      for (guint f = 0; f < VT_MAX_FIELDS && kinds[i].fields[f].name != NULL; f++)
        {
          g_autofree char *row = g_strdup_printf ("| `%s`", kinds[i].fields[f].name);
          g_assert_nonnull (strstr (kinds_reference, row));
        }
    }
  for (guint i = 0; i < n_checks; i++)
    g_assert_nonnull (strstr (checks_reference, checks[i].code));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalogue/every-kind-is-fully-described", test_kinds_are_complete);
  g_test_add_func ("/catalogue/every-check-has-a-unique-code", test_checks_are_complete);
  g_test_add_func ("/catalogue/reference-lists-every-kind-field-and-check",
                   test_reference_lists_everything);
  return g_test_run ();
}
