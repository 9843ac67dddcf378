/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-fuzz-config"

#include "config.h"

#include "vt-config.h"
#include "vt-fuzz-util.h"

/* An election configuration as a chair might load it: any bytes at all. What loads must also
 * be usable: it writes out to a document that loads again, it has a chair, and a training
 * election can be moved to the day a station is made. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  vt_fuzz_init ("config", *argv);
  return 0;
}

static void
use_config (VtConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) again = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *data = NULL;
  g_autofree char *title = NULL;

  g_assert_nonnull (vt_config_get_chair (config));
  title = vt_config_dup_precinct_title (config);
  vt_config_get_next_closing (config, now);

  data = vt_config_to_data (config);
  again = vt_config_new_from_data (data, -1, "again.json", &error);
  if (again == NULL)
    g_error ("A loaded configuration does not load again: %s", error->message);

  if (vt_config_get_training (config))
    g_object_unref (vt_config_dup_for_station (config, now));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtConfig) config = NULL;

  /* Not NUL-terminated, on purpose: the length must be enough. */
  config = vt_config_new_from_data ((const char *)data, (gssize)size, "fuzz.json", &error);
  vt_fuzz_check_result ("vt_config_new_from_data", config != NULL, error);
  if (config != NULL)
    use_config (config);
  return 0;
}
