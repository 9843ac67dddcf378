/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-fnr"

#include "config.h"

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

/* Eleven digits, possibly written with one space or dot after the six-digit birth date
 * ("010190 12345"), and not part of a longer run of digits. */
gboolean
vt_text_contains_fnr (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p; p++)
    {
      char digits[12];
      const char *q = p;
      int n = 0;

      if (!g_ascii_isdigit (*p) || (p > text && g_ascii_isdigit (p[-1])))
        continue;

      while (n < 11 && *q)
        {
          if (g_ascii_isdigit (*q))
            digits[n++] = *q++;
          else if (n == 6 && (*q == ' ' || *q == '.' || *q == '-') && g_ascii_isdigit (q[1]))
            q++;
          else
            break;
        }
      digits[n] = '\0';

      if (n == 11 && !g_ascii_isdigit (*q) && vt_fnr_is_valid (digits))
        return TRUE;
    }

  return FALSE;
}
