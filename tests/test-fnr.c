/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-fnr.h"

/* A voter's identity number must not reach the journal however it is written: typed with
 * odd spacing, pasted from a spreadsheet with invisible characters, or in other digits. */

static void
test_written_any_way_is_found (void)
{
  static const char *const spellings[] = {
    "01010010183",
    "id 01010010183.",
    "born 150587 40281, table 2",
    "150587-40281",
    "150587\u00a040281",                       /* no-break space */
    "150587\u202f40281",                       /* narrow no-break space */
    "150587  40281",                           /* two spaces */
    "1-5-0-5-8-7-4-0-2-8-1",                   /* a dash between every digit */
    "1 5 0 5 8 7 4 0 2 8 1",
    "15.05.87 40281",                          /* the birth date with dots */
    "15/05/87 40281",                          /* with slashes */
    "150587_40281",                            /* underscore */
    "1505\u200b8740281",                       /* zero-width space */
    "15058\u00ad740281",                       /* soft hyphen */
    "\ufeff15058740281",                       /* byte-order mark before it */
    "\uff11\uff15\uff10\uff15\uff18\uff17\uff14\uff10\uff12\uff18\uff11",  /* full-width */
    "\u0661\u0665\u0660\u0665\u0668\u0667\u0664\u0660\u0662\u0668\u0661",  /* Arabic-Indic */
    "150587\u201340281",                       /* en dash */
    "01010010183, 31129912319",                /* two in a list */
    "Velger 311299 12319 fikk ny stemmeseddel",
    "150587 40281 7",                          /* eleven digits, then another group */
  };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_test_message ("%s", spellings[i]);
      g_assert_true (vt_text_contains_fnr (spellings[i]));
    }
}

static void
test_ordinary_numbers_are_not_identity_numbers (void)
{
  static const char *const texts[] = {
    "101010010183",                            /* part of a longer number */
    "strip 12345678901",                       /* check digits wrong */
    "table 2, page 14, line 7",
    "Strip 12345678901 cut; 1200 voters; phone 55 12 34 56",
    "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11",
    "150587 4028",                             /* ten digits */
    "",
    "\xff\xfe 01",                             /* not UTF-8: read as far as it is */
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *shown = g_utf8_make_valid (texts[i], -1);

      g_test_message ("%s", shown);
      g_assert_false (vt_text_contains_fnr (texts[i]));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fnr/written-any-way-is-found", test_written_any_way_is_found);
  g_test_add_func ("/fnr/ordinary-numbers-are-not", test_ordinary_numbers_are_not_identity_numbers);
  return g_test_run ();
}
