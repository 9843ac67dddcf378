/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-fnr"

#include "config.h"

#include <string.h>

#include "vt-fnr.h"

/* A Norwegian national identity number (fødselsnummer, or a D-number) is eleven digits whose
 * last two are mod-11 check digits over the first nine and ten. We look for such numbers in
 * free text so that a worker cannot put a voter's identity into the journal by accident. */

static int
check_digit (const int *d,
             const int *weights,
             int        n)
{
  int sum = 0;

  for (int i = 0; i < n; i++)
    sum += d[i] * weights[i];

  int k = 11 - (sum % 11);
  if (k == 11)
    return 0;
  return k; /* 10 means: no valid number has these first digits */
}

gboolean
vt_fnr_is_valid (const char *digits)
{
  static const int w1[] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
  static const int w2[] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
  int d[11];

  g_return_val_if_fail (digits != NULL, FALSE);

  for (int i = 0; i < 11; i++)
    {
      if (!g_ascii_isdigit (digits[i]))
        return FALSE;
      d[i] = digits[i] - '0';
    }

  if (check_digit (d, w1, 9) != d[9])
    return FALSE;
  if (check_digit (d, w2, 10) != d[10])
    return FALSE;

  return TRUE;
}

/* How a character can stand in a written identity number. */
typedef enum
{
  CHAR_DIGIT,      /* any decimal digit: ASCII, full-width, Arabic-Indic … */
  CHAR_SEPARATOR,  /* what people put between digit groups: spaces, dashes, dots, slashes … */
  CHAR_INVISIBLE,  /* zero-width spaces, joiners, soft hyphens: not there for the reader */
  CHAR_OTHER,      /* anything else ends a number */
} CharClass;

/* At most this many separators in a row still join two digit groups ("150587  40281"). */
#define MAX_SEPARATORS 3

static CharClass
classify (gunichar  c,
          int      *digit)
{
  *digit = g_unichar_digit_value (c);
  if (*digit >= 0)
    return CHAR_DIGIT;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_FORMAT:
      return CHAR_INVISIBLE;
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_DASH_PUNCTUATION:
      return CHAR_SEPARATOR;
    default:
      break;
    }
  if (c < 128 && strchr ("\t\n\r.,:;/\\_'", (int)c) != NULL && c != 0)
    return CHAR_SEPARATOR;
  if (c == 0x00B7 /* middle dot */ || c == 0x2022 /* bullet */ || c == 0x2215 /* slash */ ||
      c == 0xFF0E /* full-width full stop */ || c == 0xFF0F /* full-width solidus */)
    return CHAR_SEPARATOR;
  return CHAR_OTHER;
}

/* A run of digit groups joined by separators: 11 digits that start at the start of a group
 * and end at the end of one, with valid check digits, are an identity number. A group of more
 * than 11 digits on its own (a long strip number) is not. */
static gboolean
run_contains_fnr (GString *digits,
                  GArray  *group_ends)
{
  for (guint first = 0; first < group_ends->len; first++)
    {
      guint start = first == 0 ? 0 : g_array_index (group_ends, guint, first - 1);

      for (guint last = first; last < group_ends->len; last++)
        {
          guint end = g_array_index (group_ends, guint, last);

          if (end - start > 11)
            break;
          if (end - start == 11)
            {
              char candidate[12];

              memcpy (candidate, digits->str + start, 11);
              candidate[11] = '\0';
              if (vt_fnr_is_valid (candidate))
                return TRUE;
            }
        }
    }
  return FALSE;
}

/* Eleven digits written any way a person (or a pasted spreadsheet cell) writes them: with
 * spaces, no-break spaces, dashes, dots or slashes between any of them, with invisible
 * characters among them, in full-width or other scripts' digits. Text that is not UTF-8 is
 * read as far as it is. */
gboolean
vt_text_contains_fnr (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GArray) group_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *end = NULL;
  guint separators = 0;
  gboolean in_group = FALSE;
  gboolean found = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);

  g_utf8_validate (text, -1, &end);
  for (const char *p = text; p < end && !found; p = g_utf8_next_char (p))
    {
      int digit;
      CharClass class = classify (g_utf8_get_char (p), &digit);

      switch (class)
        {
        case CHAR_DIGIT:
          g_string_append_c (digits, (char)('0' + digit));
          in_group = TRUE;
          separators = 0;
          continue;
        case CHAR_INVISIBLE:
          continue;
        case CHAR_SEPARATOR:
          if (in_group)
            {
              guint n = digits->len;
              g_array_append_val (group_ends, n);
              in_group = FALSE;
            }
          if (++separators <= MAX_SEPARATORS)
            continue;
          break;
        case CHAR_OTHER:
        default:
          break;
        }

      /* The run ends here. */
      if (in_group)
        {
          guint n = digits->len;
          g_array_append_val (group_ends, n);
          in_group = FALSE;
        }
      found = run_contains_fnr (digits, group_ends);
      g_string_truncate (digits, 0);
      g_array_set_size (group_ends, 0);
      separators = 0;
    }
  if (!found && in_group)
    {
      guint n = digits->len;
      g_array_append_val (group_ends, n);
    }
  return found || run_contains_fnr (digits, group_ends);
}
