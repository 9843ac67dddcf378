/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vt-eligibility.h"
#include "vt-kind-ids.h"
#include "vt-test-util.h"

/* Who the forms' person lists offer: present, the right role, not the one who gives the
 * command where a second person is wanted. The municipal test election: Kari chairs, Ola is
 * deputy, Nora a board member, Ingrid an inspector, Anders a roll marker. */

#define CHAIR "kari-ovingsen"
#define DEPUTY "ola-provesen"
#define MEMBER "nora-testdal"
#define INSPECTOR "ingrid-ovelsrud"
#define MARKER "anders-eksempelsen"

#define ADD(path, func) \
  g_test_add (path, StationFixture, VT_TEST_MUNICIPAL, station_fixture_set_up, func, \
              station_fixture_tear_down)

static char *
people_for (StationFixture *fixture,
            const char     *kind_id,
            const char     *field_name)
{
  const VtEntryKind *kind = vt_entry_kind_lookup (kind_id);
  const VtField *field = vt_entry_kind_find_field (kind, field_name);
  g_autoptr(GPtrArray) people = NULL;
  GString *ids = g_string_new (NULL);

  g_assert_nonnull (field);
  people = vt_station_dup_people_for (fixture->station, kind, field, CHAIR);
  for (guint i = 0; i < people->len; i++)
    {
      const VtPerson *person = g_ptr_array_index (people, i);
      g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", person->id);
      g_assert_true (vt_station_person_eligible (fixture->station, kind, field, CHAIR,
                                                 person->id));
    }
  return g_string_free (ids, FALSE);
}

static void
arrive (StationFixture *fixture,
        const char     *person)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", person);
  vt_test_do (fixture, VT_KIND_PERSON_ARRIVE, CHAIR, json);
}

static void
test_witness_present_and_not_the_actor (StationFixture *fixture,
                                        gconstpointer   data)
{
  g_autofree char *before = people_for (fixture, VT_KIND_URN_VERIFY_EMPTY, "witness");
  g_autofree char *after = NULL;
  g_autofree char *seal = NULL;

  vt_test_at (fixture, 1, "07:30");
  /* Nobody is here yet: nobody can witness. */
  g_assert_cmpstr (before, ==, "");

  arrive (fixture, CHAIR);
  arrive (fixture, INSPECTOR);
  arrive (fixture, MARKER);
  after = people_for (fixture, VT_KIND_URN_VERIFY_EMPTY, "witness");
  /* Never the chair herself, who gives the command; only who is here. */
  g_assert_cmpstr (after, ==, INSPECTOR " " MARKER);
  seal = people_for (fixture, VT_KIND_URN_SEAL, "witness");
  g_assert_cmpstr (seal, ==, INSPECTOR " " MARKER);

  /* Who left is no longer offered. */
  vt_test_do (fixture, VT_KIND_PERSON_LEAVE, CHAIR, "{\"person\": \"" MARKER "\"}");
  g_clear_pointer (&after, g_free);
  after = people_for (fixture, VT_KIND_URN_VERIFY_EMPTY, "witness");
  g_assert_cmpstr (after, ==, INSPECTOR);
}

static void
test_seal_break_board_members_present (StationFixture *fixture,
                                       gconstpointer   data)
{
  g_autofree char *members = NULL;
  g_autofree char *second = NULL;

  vt_test_at (fixture, 1, "07:30");
  arrive (fixture, CHAIR);
  arrive (fixture, MEMBER);
  arrive (fixture, INSPECTOR);
  arrive (fixture, MARKER);
  /* The deputy is a board member but not here; the inspector and marker are here but not
   * board members. */
  members = people_for (fixture, VT_KIND_SEAL_BREAK, "member");
  g_assert_cmpstr (members, ==, CHAIR " " MEMBER);
  second = people_for (fixture, VT_KIND_SEAL_BREAK, "second_member");
  g_assert_cmpstr (second, ==, CHAIR " " MEMBER);

  /* A warning is accepted by the same: two board members who are here. */
  g_clear_pointer (&members, g_free);
  members = people_for (fixture, VT_KIND_WARNING_ACCEPT, "member");
  g_assert_cmpstr (members, ==, CHAIR " " MEMBER);
  g_clear_pointer (&second, g_free);
  second = people_for (fixture, VT_KIND_WARNING_ACCEPT, "second_member");
  g_assert_cmpstr (second, ==, CHAIR " " MEMBER);
}

static void
test_arrive_leave_declaration (StationFixture *fixture,
                               gconstpointer   data)
{
  g_autofree char *leave = NULL;
  g_autofree char *arrive_list = NULL;
  g_autofree char *declaration = NULL;
  g_autofree char *outdoor = NULL;

  vt_test_at (fixture, 1, "07:30");
  arrive (fixture, CHAIR);
  arrive (fixture, DEPUTY);
  arrive (fixture, MARKER);
  vt_test_do (fixture, VT_KIND_PERSON_DECLARATION, CHAIR, "{\"person\": \"" DEPUTY "\"}");

  leave = people_for (fixture, VT_KIND_PERSON_LEAVE, "person");
  g_assert_cmpstr (leave, ==, CHAIR " " DEPUTY " " MARKER);
  arrive_list = people_for (fixture, VT_KIND_PERSON_ARRIVE, "person");
  g_assert_null (strstr (arrive_list, CHAIR));
  g_assert_null (strstr (arrive_list, MARKER));
  g_assert_nonnull (strstr (arrive_list, MEMBER));
  declaration = people_for (fixture, VT_KIND_PERSON_DECLARATION, "person");
  g_assert_null (strstr (declaration, DEPUTY));
  g_assert_nonnull (strstr (declaration, CHAIR));
  /* The chair sends two others out and stays. */
  outdoor = people_for (fixture, VT_KIND_OUTDOOR_START, "worker");
  g_assert_cmpstr (outdoor, ==, DEPUTY " " MARKER);
}

/* The rule agrees with the list: a witness never registered present is refused. */
static void
test_absent_witness_refused (StationFixture *fixture,
                             gconstpointer   data)
{
  g_autofree char *message = NULL;

  vt_test_at (fixture, 1, "07:30");
  arrive (fixture, CHAIR);
  vt_test_do (fixture, VT_KIND_URN_ADD, CHAIR, "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
                                               "\"table\": \"1\"}");
  message = vt_test_refused (fixture, VT_KIND_URN_VERIFY_EMPTY, CHAIR,
                             "{\"urn\": \"U1\", \"witness\": \"" INSPECTOR "\"}",
                             "urn.witness-absent");
  g_assert_nonnull (strstr (message, "Ingrid"));

  arrive (fixture, INSPECTOR);
  vt_test_do (fixture, VT_KIND_URN_VERIFY_EMPTY, CHAIR,
              "{\"urn\": \"U1\", \"witness\": \"" INSPECTOR "\"}");
  vt_test_do (fixture, VT_KIND_STRIPS_RECEIVE, CHAIR, "{\"first\": 1001, \"last\": 1010}");
  vt_test_do (fixture, VT_KIND_PERSON_LEAVE, CHAIR, "{\"person\": \"" INSPECTOR "\"}");
  g_clear_pointer (&message, g_free);
  message = vt_test_refused (fixture, VT_KIND_URN_SEAL, CHAIR,
                             "{\"urn\": \"U1\", \"strip\": 1001, \"witness\": \"" INSPECTOR "\"}",
                             "urn.witness-absent");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/eligibility/witness/present-and-not-the-actor", test_witness_present_and_not_the_actor);
  ADD ("/eligibility/seal-break-and-accept/board-members-present",
       test_seal_break_board_members_present);
  ADD ("/eligibility/person-steps/arrive-leave-declaration", test_arrive_leave_declaration);
  ADD ("/eligibility/rule/absent-witness-refused", test_absent_witness_refused);
  return g_test_run ();
}
