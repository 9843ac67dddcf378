/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-fuzz"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sanitizer/lsan_interface.h>

#include "vt-fuzz-util.h"

static char *work_dir;

/* json-glib 1.6 parses a second top-level object or array after the first ("{…} {…}",
 * "0 [ ]"), keeps the first as the root and loses the second: its leak, not ours, and one any
 * input can reach. The harnesses are linked with --wrap for the two calls the core parses
 * with, so that what json-glib allocates while parsing is not counted as leaked. Trees our code
 * copies or builds are allocated outside the parser and stay checked, and so does every object
 * around them. */
gboolean  __real_json_parser_load_from_data (JsonParser   *parser,
                                             const char   *data,
                                             gssize        length,
                                             GError      **error);
gboolean  __wrap_json_parser_load_from_data (JsonParser   *parser,
                                             const char   *data,
                                             gssize        length,
                                             GError      **error);
JsonNode *__real_json_from_string           (const char   *str,
                                             GError      **error);
JsonNode *__wrap_json_from_string           (const char   *str,
                                             GError      **error);

gboolean
__wrap_json_parser_load_from_data (JsonParser  *parser,
                                   const char  *data,
                                   gssize       length,
                                   GError     **error)
{
  gboolean ok;

  __lsan_disable ();
  ok = __real_json_parser_load_from_data (parser, data, length, error);
  __lsan_enable ();
  return ok;
}

JsonNode *
__wrap_json_from_string (const char  *str,
                         GError     **error)
{
  JsonNode *node;

  __lsan_disable ();
  node = __real_json_from_string (str, error);
  __lsan_enable ();
  return node;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_work_dir (void)
{
  if (work_dir != NULL)
    remove_tree (work_dir);
  g_clear_pointer (&work_dir, g_free);
}

/* Warnings and messages are expected from bad input (see below): keep the fuzzer's output to
 * what matters, VT_FUZZ_LOG=1 shows them. A fatal message aborts here, printed by us: GLib would
 * stop on a breakpoint trap, which libFuzzer does not catch, and the input would not be kept. */
static void
log_handler (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        data)
{
  if ((level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0)
    {
      g_printerr ("%s-%s: %s\n", domain != NULL ? domain : "(none)",
                  (level & G_LOG_LEVEL_ERROR) != 0 ? "ERROR" : "CRITICAL", message);
      abort ();
    }
  if (g_getenv ("VT_FUZZ_LOG") != NULL)
    g_log_default_handler (domain, level, message, data);
}

const char *
vt_fuzz_init (const char   *name,
              char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("valgting-fuzz-%s-XXXXXX", name);

  /* GLib 2.74 serves small blocks from its own slices, where AddressSanitizer sees neither
   * overflows nor leaks. The choice is made before main (), so start again with it made. */
  if (g_strcmp0 (g_getenv ("G_SLICE"), "always-malloc") != 0)
    {
      g_setenv ("G_SLICE", "always-malloc", TRUE);
      execv ("/proc/self/exe", argv);
      g_error ("Could not restart with G_SLICE=always-malloc: %s", g_strerror (errno));
    }

  /* A critical (a g_return_if_fail, a json-glib getter on the wrong type) is a bug in how we
   * read the input, whatever the input. A warning is not: the core warns, for instance, when
   * it cannot read an entry of a damaged station file for the journal list, which is what a
   * damaged file should do. So criticals abort and warnings don't (the test suite's
   * G_DEBUG=fatal-warnings would abort on those). */
  g_log_set_always_fatal (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  g_log_set_default_handler (log_handler, NULL);

  /* Local files only, whatever GIO modules the machine has: no D-Bus, no gvfs daemons. */
  g_setenv ("GIO_USE_VFS", "local", TRUE);

  work_dir = g_dir_make_tmp (template, &error);
  if (work_dir == NULL)
    g_error ("Could not make a temporary folder: %s", error->message);
  atexit (remove_work_dir);
  /* and no GIO modules at all: GLib drops the object of a module it scanned but did not load
   * (gvfs's, say), which LeakSanitizer reports against whichever input first made a GFile.
   * The folder has no modules in it. */
  g_setenv ("GIO_MODULE_DIR", work_dir, TRUE);
  return work_dir;
}

void
vt_fuzz_check_result (const char   *what,
                      gboolean      ok,
                      const GError *error)
{
  if (ok && error != NULL)
    g_error ("%s succeeded but set an error: %s", what, error->message);
  if (ok)
    return;
  if (error == NULL)
    g_error ("%s failed without an error", what);
  if (error->message == NULL || error->message[0] == '\0')
    g_error ("%s failed with an empty message (%s %d)", what,
             g_quark_to_string (error->domain), error->code);
  /* The message is shown in a label and printed on the terminal. */
  if (!g_utf8_validate (error->message, -1, NULL))
    g_error ("%s failed with a message that is not UTF-8 (%s %d)", what,
             g_quark_to_string (error->domain), error->code);
}

void
vt_fuzz_write_file (const char    *path,
                    const uint8_t *data,
                    size_t         size)
{
  g_autoptr(GError) error = NULL;

  /* No fsync: the file is gone again a moment later. */
  if (!g_file_set_contents_full (path, (const char *)data, (gssize)size,
                                 G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_error ("Could not write %s: %s", path, error->message);
}

void
vt_fuzz_remove_station (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal", ".lock", NULL };

  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}
