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

/* Every constant in vt-kind-ids.h names a row of the catalogue or the check table, and every
 * row has its constant: the header is read as text, so a row added without a constant (or a
 * constant left after its row was renamed) fails here. */
static void
test_id_constants_match_the_catalogue (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "app", "core",
                                                 "vt-kind-ids.h", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) define = g_regex_new ("^#define VT_(KIND|CHECK)_([A-Z0-9_]+) +\"([^\"]+)\"$",
                                          G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_kinds, n_checks;
  const VtEntryKind *all_kinds = vt_entry_kind_get_all (&n_kinds);
  const VtCheckInfo *all_checks = vt_check_get_all (&n_checks);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_regex_match (define, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *what = g_match_info_fetch (match, 1);
      g_autofree char *name = g_match_info_fetch (match, 2);
      char *id = g_match_info_fetch (match, 3);
      g_autofree char *expected = g_strdelimit (g_ascii_strup (id, -1), ".-", '_');

      g_test_message ("%s %s", name, id);
      g_assert_cmpstr (name, ==, expected);
      if (g_str_equal (what, "KIND"))
        {
          g_assert_nonnull (vt_entry_kind_lookup (id));
          g_assert_true (g_hash_table_add (kinds, id));
        }
      else
        {
          g_assert_nonnull (vt_check_lookup (id));
          g_assert_true (g_hash_table_add (checks, id));
        }
      g_match_info_next (match, NULL);
    }
  for (guint i = 0; i < n_kinds; i++)
    g_assert_true (g_hash_table_contains (kinds, all_kinds[i].id));
  for (guint i = 0; i < n_checks; i++)
    g_assert_true (g_hash_table_contains (checks, all_checks[i].code));
}

/* Every choice of every choice field has a label of its own: a screen, a log line or a paper
 * shows the label, never the id ("special-envelope", "packing-list"). */
static void
test_every_choice_has_a_label (void)
{
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    for (guint f = 0; f < VT_MAX_FIELDS && kinds[i].fields[f].name != NULL; f++)
      {
        const VtField *field = &kinds[i].fields[f];
        g_auto(GStrv) choices = NULL;

        if (field->type != VT_FIELD_CHOICE)
          continue;
        choices = g_strsplit (field->choices, "|", -1);
        for (guint c = 0; choices[c] != NULL; c++)
          {
            const char *label = vt_field_choice_get_label (field, choices[c]);

            g_test_message ("%s.%s: %s → %s", kinds[i].id, field->name, choices[c], label);
            g_assert_nonnull (label);
            g_assert_cmpstr (label, !=, choices[c]);
            g_assert_cmpuint (strlen (label), >, 2);
          }
      }

  g_assert_cmpstr (vt_urn_kind_get_label ("special-envelope"), ==, "Special-envelope urn");
  g_assert_cmpstr (vt_urn_kind_get_label ("reserve"), ==, "Reserve box");
  g_assert_cmpstr (vt_field_choice_get_label (vt_entry_kind_find_field (
                     vt_entry_kind_lookup ("count.explain"), "code"), "K402"),
                   ==, "Ballots differ from roll marks");
}

/* The codes count.explain and warning.accept take are the checks the table says may be
 * explained, and accepted: K402 is explained (or recounted), never accepted. */
static void
assert_codes_are (const char *kind_id,
                  gboolean  (*answerable) (const VtCheckInfo *info))
{
  const VtField *field = vt_entry_kind_find_field (vt_entry_kind_lookup (kind_id), "code");
  g_auto(GStrv) choices = g_strsplit (field->choices, "|", -1);
  guint n_checks;
  const VtCheckInfo *checks = vt_check_get_all (&n_checks);

  for (guint i = 0; i < n_checks; i++)
    {
      g_test_message ("%s %s", kind_id, checks[i].code);
      g_assert_cmpint (g_strv_contains ((const char * const *)choices, checks[i].code), ==,
                       answerable (&checks[i]));
    }
  for (guint c = 0; choices[c] != NULL; c++)
    g_assert_nonnull (vt_check_lookup (choices[c]));
}

static void
test_answerable_codes_follow_the_checks (void)
{
  assert_codes_are ("count.explain", vt_check_can_be_explained);
  assert_codes_are ("warning.accept", vt_check_can_be_accepted);
  g_assert_true (vt_check_can_be_explained (vt_check_lookup ("K402")));
  g_assert_false (vt_check_can_be_accepted (vt_check_lookup ("K402")));
  g_assert_true (vt_check_can_be_accepted (vt_check_lookup ("K403")));
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
  g_test_add_func ("/catalogue/ids/constants", test_id_constants_match_the_catalogue);
  g_test_add_func ("/catalogue/choices/labelled", test_every_choice_has_a_label);
  g_test_add_func ("/catalogue/checks/answerable", test_answerable_codes_follow_the_checks);
  return g_test_run ();
}
