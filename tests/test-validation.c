/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-command.h"
#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-test-util.h"

/* The bounds of the field checks that every command passes before any rule: each one at its
 * edge, accepted, and one past it, refused. */

static gboolean
validate (const char *kind_id,
          const char *json,
          gint64      next_seq)
{
  g_autoptr(VtConfig) config = vt_test_load_config (VT_TEST_MUNICIPAL);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_nonnull (node);
  ok = vt_command_validate_fields (vt_entry_kind_lookup (kind_id), config,
                                   json_node_get_object (node), next_seq, &error);
  g_assert_true (ok == (error == NULL));
  if (error != NULL)
    g_test_message ("%s: %s", kind_id, error->message);
  return ok;
}

/* An urn's name is short: 32 bytes, not one more. */
static void
test_urn_name_length (void)
{
  g_autofree char *at = g_strdup_printf ("{\"urn\": \"%s\", \"kind\": \"reserve\"}",
                                         "U2345678901234567890123456789012");
  g_autofree char *past = g_strdup_printf ("{\"urn\": \"%s\", \"kind\": \"reserve\"}",
                                           "U23456789012345678901234567890123");

  g_assert_true (validate ("urn.add", at, 10));
  g_assert_false (validate ("urn.add", past, 10));
  g_assert_false (validate ("urn.add", "{\"urn\": \"\", \"kind\": \"reserve\"}", 10));
}

/* The entries an explanation cites are earlier entries: 1 up to the one before it. */
static void
test_entry_list_range (void)
{
  g_assert_true (validate ("count.explain", "{\"code\": \"K103\", \"text\": \"t\", "
                                            "\"entries\": [1, 9]}", 10));
  g_assert_false (validate ("count.explain", "{\"code\": \"K103\", \"text\": \"t\", "
                                             "\"entries\": [1, 10]}", 10));
  g_assert_false (validate ("count.explain", "{\"code\": \"K103\", \"text\": \"t\", "
                                             "\"entries\": [0]}", 10));
  g_assert_false (validate ("count.explain", "{\"code\": \"K103\", \"text\": \"t\", "
                                             "\"entries\": [\"3\"]}", 10));
}

static char *
signature_json (guint n_points)
{
  GString *json = g_string_new ("{\"person\": \"kari-ovingsen\", \"strokes\": [[");

  for (guint i = 0; i < n_points; i++)
    g_string_append_printf (json, "%s0.5, 0.5", i > 0 ? ", " : "");
  g_string_append (json, "]]}");
  return g_string_free (json, FALSE);
}

/* A signature, not a drawing: 4,000 points at most, each inside the box. */
static void
test_signature_point_limit (void)
{
  g_autofree char *at = signature_json (4000);
  g_autofree char *past = signature_json (4001);

  g_assert_true (validate ("protocol.sign", at, 10));
  g_assert_false (validate ("protocol.sign", past, 10));
  g_assert_false (validate ("protocol.sign", "{\"person\": \"kari-ovingsen\", "
                                             "\"strokes\": [[0.5, 1.5]]}", 10));
  g_assert_false (validate ("protocol.sign", "{\"person\": \"kari-ovingsen\", "
                                             "\"strokes\": [[0.5]]}", 10));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validation/urn-name-is-at-most-32-bytes", test_urn_name_length);
  g_test_add_func ("/validation/entries-cited-are-earlier-entries", test_entry_list_range);
  g_test_add_func ("/validation/signature-has-at-most-4000-points", test_signature_point_limit);
  return g_test_run ();
}
