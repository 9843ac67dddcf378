/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-config"

#include "config.h"

#include "vt-i18n.h"
#include <json-glib/json-glib.h>

#include "vt-config.h"
#include "vt-core-resources.h"
#include "vt-error.h"
#include "vt-json-reader.h"

/* The election configuration, read once with json-glib and checked against every rule of
 * data/CONFIGURATION.md. Each refusal names the file, the place in it as a path like
 * "contests[1].lists[0].name", and what to do about it. */

struct _VtConfig
{
  GObject parent_instance;

  JsonNode *root; /* kept so the station file stores exactly what was validated */

  char *election_name;
  char *election_kind;
  int year;
  gboolean training;
  GTimeZone *tz;
  char *county;
  char *municipality_number;
  char *municipality_name;
  char *precinct_number;
  char *precinct_name;
  VtCountMode count_mode;
  VtProtocolVariant protocol;
  gboolean electronic_roll;
  gboolean outdoor_voting;
  gboolean inspector_signs;
  char *language;

  GPtrArray *days;
  GPtrArray *contests;
  GPtrArray *tables;
  GPtrArray *people;
  GPtrArray *envelope_reasons;
  GPtrArray *checklist;
  GPtrArray *packing_lists;

  /* An organisation's election (election.kind "organisation"), else all NULL/0. */
  char *org_name;
  char *org_group;
  char *org_place;
  GPtrArray *offices;
  GPtrArray *members;  /* of char *: names, when the configuration lists them */
  int entitled;
  gboolean secret_by_default;
};

G_DEFINE_FINAL_TYPE (VtConfig, vt_config, G_TYPE_OBJECT)

static const char * const ballot_colours[] = {
  "white", "blue", "orange", "yellow", "green", "pink", "grey", NULL
};

static const char * const election_kinds[] = {
  "municipal", "storting", "storting-sameting", "other", "organisation", NULL
};

/* ---- owned structures ------------------------------------------------------------------- */

static void
day_free (gpointer data)
{
  VtElectionDay *day = data;
  g_free (day->date);
  g_clear_pointer (&day->opens, g_date_time_unref);
  g_clear_pointer (&day->closes, g_date_time_unref);
  g_free (day);
}

static void
party_list_free (gpointer data)
{
  VtPartyList *list = data;
  g_free (list->id);
  g_free (list->name);
  g_free (list);
}

static void
contest_free (gpointer data)
{
  VtContest *contest = data;
  g_free (contest->id);
  g_free (contest->name);
  g_free (contest->ballot_colour);
  g_free (contest->blank_ballot);
  g_clear_pointer (&contest->lists, g_ptr_array_unref);
  g_free (contest);
}

static void
table_free (gpointer data)
{
  VtRollTable *table = data;
  g_free (table->id);
  g_free (table->range);
  g_free (table);
}

static void
person_free (gpointer data)
{
  VtPerson *person = data;
  g_free (person->id);
  g_free (person->name);
  g_free (person->table);
  g_free (person->shift);
  g_free (person);
}

static void
reason_free (gpointer data)
{
  VtEnvelopeReason *reason = data;
  g_free (reason->id);
  g_free (reason->label);
  g_free (reason);
}

static void
check_free (gpointer data)
{
  VtCheck *check = data;
  g_free (check->id);
  g_free (check->text);
  g_free (check);
}

static void
packing_item_free (gpointer data)
{
  VtPackingItem *item = data;
  g_free (item->text);
  g_free (item->count);
  g_free (item);
}

static void
packing_list_free (gpointer data)
{
  VtPackingList *list = data;
  g_free (list->id);
  g_free (list->title);
  g_clear_pointer (&list->items, g_ptr_array_unref);
  g_free (list);
}

static void
office_free (gpointer data)
{
  VtOffice *office = data;

  g_free (office->id);
  g_free (office->name);
  g_free (office);
}

static void
vt_config_finalize (GObject *object)
{
  VtConfig *self = (VtConfig *)object;

  g_clear_pointer (&self->root, json_node_unref);
  g_free (self->election_name);
  g_free (self->election_kind);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->county);
  g_free (self->municipality_number);
  g_free (self->municipality_name);
  g_free (self->precinct_number);
  g_free (self->precinct_name);
  g_free (self->language);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->contests, g_ptr_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->envelope_reasons, g_ptr_array_unref);
  g_clear_pointer (&self->checklist, g_ptr_array_unref);
  g_clear_pointer (&self->packing_lists, g_ptr_array_unref);
  g_free (self->org_name);
  g_free (self->org_group);
  g_free (self->org_place);
  g_clear_pointer (&self->offices, g_ptr_array_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_config_parent_class)->finalize (object);
}

static void
vt_config_class_init (VtConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vt_config_finalize;
}

static void
vt_config_init (VtConfig *self)
{
  self->days = g_ptr_array_new_with_free_func (day_free);
  self->contests = g_ptr_array_new_with_free_func (contest_free);
  self->tables = g_ptr_array_new_with_free_func (table_free);
  self->people = g_ptr_array_new_with_free_func (person_free);
  self->envelope_reasons = g_ptr_array_new_with_free_func (reason_free);
  self->checklist = g_ptr_array_new_with_free_func (check_free);
  self->packing_lists = g_ptr_array_new_with_free_func (packing_list_free);
  self->offices = g_ptr_array_new_with_free_func (office_free);
  self->members = g_ptr_array_new_with_free_func (g_free);
}

/* ---- sections --------------------------------------------------------------------------- */

static gboolean
read_election (VtReader   *r,
               VtConfig   *self,
               JsonObject *root)
{
  static const char * const known[] = { "name", "kind", "year", "timezone", "training", NULL };
  JsonObject *election = vt_reader_read_object (r, root, "", "election", TRUE);
  g_autofree char *tz_name = NULL;

  if (election == NULL)
    return FALSE;
  if (!vt_reader_only_known_keys (r, election, "election", known))
    return FALSE;
  if (!vt_reader_read_string (r, election, "election", "name", TRUE, &self->election_name))
    return FALSE;
  if (!vt_reader_read_string (r, election, "election", "kind", TRUE, &self->election_kind))
    return FALSE;
  if (!g_strv_contains (election_kinds, self->election_kind))
    return vt_reader_refuse (r, "election.kind",
                   _("“%s” is not an election kind; use “municipal”, “storting”, "
                     "“storting-sameting”, “other” or “organisation”"), self->election_kind);
  if (!vt_reader_read_int (r, election, "election", "year", 2000, 2100, &self->year))
    return FALSE;
  if (!vt_reader_read_bool (r, election, "election", "training", &self->training))
    return FALSE;

  if (!vt_reader_read_string (r, election, "election", "timezone", FALSE, &tz_name))
    return FALSE;
  if (tz_name == NULL)
    tz_name = g_strdup ("Europe/Oslo");
  self->tz = g_time_zone_new_identifier (tz_name);
  if (self->tz == NULL)
    return vt_reader_refuse (r, "election.timezone",
                   _("“%s” is not a time zone this computer knows; use a name such as "
                     "“Europe/Oslo”"), tz_name);
  return TRUE;
}

static GDateTime *
parse_local_time (VtConfig   *self,
                  const char *date,
                  const char *hhmm)
{
  g_autofree char *iso = NULL;

  /* Only HH:MM; GDateTime does the real parsing and range checks. */
  if (strlen (hhmm) != 5 || hhmm[2] != ':' || !g_ascii_isdigit (hhmm[0]) ||
      !g_ascii_isdigit (hhmm[1]) || !g_ascii_isdigit (hhmm[3]) || !g_ascii_isdigit (hhmm[4]))
    return NULL;

  iso = g_strdup_printf ("%sT%s:00", date, hhmm);
  return g_date_time_new_from_iso8601 (iso, self->tz);
}

static gboolean
read_days (VtReader   *r,
           VtConfig   *self,
           JsonObject *root)
{
  static const char * const known[] = { "date", "opens", "closes", NULL };
  JsonArray *days;

  if (!vt_reader_read_array (r, root, "", "days", TRUE, 1, &days))
    return FALSE;
  if (json_array_get_length (days) > 2)
    return vt_reader_refuse (r, "days", _("an election has one or two days, not %u"),
                   json_array_get_length (days));

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      g_autofree char *path = vt_reader_index_path ("days", i);
      g_autofree char *opens = NULL;
      g_autofree char *closes = NULL;
      g_autoptr(GDateTime) midnight = NULL;
      JsonObject *object = vt_reader_array_object (r, days, i, path);
      VtElectionDay *day;

      if (object == NULL || !vt_reader_only_known_keys (r, object, path, known))
        return FALSE;

      day = g_new0 (VtElectionDay, 1);
      g_ptr_array_add (self->days, day);

      if (!vt_reader_read_string (r, object, path, "date", TRUE, &day->date) ||
          !vt_reader_read_string (r, object, path, "opens", TRUE, &opens) ||
          !vt_reader_read_string (r, object, path, "closes", TRUE, &closes))
        return FALSE;

      midnight = parse_local_time (self, day->date, "00:00");
      if (midnight == NULL || strlen (day->date) != 10)
        {
          g_autofree char *here = vt_reader_child_path (path, "date");
          return vt_reader_refuse (r, here, _("“%s” is not a date; write it as YYYY-MM-DD, e.g. 2027-09-13"),
                         day->date);
        }

      day->opens = parse_local_time (self, day->date, opens);
      if (day->opens == NULL)
        {
          g_autofree char *here = vt_reader_child_path (path, "opens");
          return vt_reader_refuse (r, here, _("“%s” is not a time; write it as HH:MM, e.g. 09:00"), opens);
        }
      day->closes = parse_local_time (self, day->date, closes);
      if (day->closes == NULL)
        {
          g_autofree char *here = vt_reader_child_path (path, "closes");
          return vt_reader_refuse (r, here, _("“%s” is not a time; write it as HH:MM, e.g. 21:00"), closes);
        }
      if (g_date_time_compare (day->closes, day->opens) <= 0)
        return vt_reader_refuse (r, path, _("the station closes (%s) before it opens (%s)"), closes, opens);

      if (i > 0)
        {
          VtElectionDay *previous = g_ptr_array_index (self->days, i - 1);
          if (g_strcmp0 (previous->date, day->date) >= 0)
            return vt_reader_refuse (r, path, _("the days must be in date order, each date once"));
        }
    }
  return TRUE;
}

static gboolean
read_places (VtReader   *r,
             VtConfig   *self,
             JsonObject *root)
{
  static const char * const known[] = { "number", "name", NULL };
  JsonObject *municipality;
  JsonObject *precinct;

  if (!vt_reader_read_string (r, root, "", "county", TRUE, &self->county))
    return FALSE;

  municipality = vt_reader_read_object (r, root, "", "municipality", TRUE);
  if (municipality == NULL || !vt_reader_only_known_keys (r, municipality, "municipality", known) ||
      !vt_reader_read_string (r, municipality, "municipality", "number", TRUE, &self->municipality_number) ||
      !vt_reader_read_string (r, municipality, "municipality", "name", TRUE, &self->municipality_name))
    return FALSE;
  if (!vt_reader_all_digits (self->municipality_number, 4, 4))
    return vt_reader_refuse (r, "municipality.number",
                   _("“%s” is not a municipality number; it has four digits, e.g. 4601"),
                   self->municipality_number);

  precinct = vt_reader_read_object (r, root, "", "precinct", TRUE);
  if (precinct == NULL || !vt_reader_only_known_keys (r, precinct, "precinct", known) ||
      !vt_reader_read_string (r, precinct, "precinct", "number", TRUE, &self->precinct_number) ||
      !vt_reader_read_string (r, precinct, "precinct", "name", TRUE, &self->precinct_name))
    return FALSE;
  if (!vt_reader_all_digits (self->precinct_number, 1, 6))
    return vt_reader_refuse (r, "precinct.number",
                   _("“%s” is not a precinct number; it has one to six digits, e.g. 0656"),
                   self->precinct_number);
  return TRUE;
}

static gboolean
read_modes (VtReader   *r,
            VtConfig   *self,
            JsonObject *root)
{
  g_autofree char *count_mode = NULL;
  g_autofree char *protocol = NULL;

  if (!vt_reader_read_string (r, root, "", "count_mode", TRUE, &count_mode))
    return FALSE;
  if (g_str_equal (count_mode, "by-party"))
    self->count_mode = VT_COUNT_BY_PARTY;
  else if (g_str_equal (count_mode, "totals-only"))
    self->count_mode = VT_COUNT_TOTALS_ONLY;
  else
    return vt_reader_refuse (r, "count_mode", _("“%s” is not a count mode; use “by-party” or “totals-only”"),
                   count_mode);

  if (!vt_reader_read_string (r, root, "", "protocol", TRUE, &protocol))
    return FALSE;
  if (g_str_equal (protocol, "2019"))
    self->protocol = VT_PROTOCOL_2019;
  else if (g_str_equal (protocol, "2025"))
    self->protocol = VT_PROTOCOL_2025;
  else
    return vt_reader_refuse (r, "protocol", _("“%s” is not a protocol variant; use “2019” or “2025”"),
                   protocol);

  return vt_reader_read_bool (r, root, "", "electronic_roll", &self->electronic_roll) &&
         vt_reader_read_bool (r, root, "", "outdoor_voting", &self->outdoor_voting) &&
         vt_reader_read_bool (r, root, "", "inspector_signs", &self->inspector_signs);
}

static gboolean
read_language (VtReader   *r,
               VtConfig   *self,
               JsonObject *root)
{
  /* The written standard of the station's documents and log: the municipality's choice,
   * Bokmål when it names none. */
  if (!vt_reader_read_string (r, root, "", "language", FALSE, &self->language))
    return FALSE;
  if (self->language == NULL)
    self->language = g_strdup ("nb");
  else if (!vt_i18n_language_is_known (self->language))
    return vt_reader_refuse (r, "language",
                             _("“%s” is not a language of the documents; use “nb” (Bokmål) or "
                               "“nn” (Nynorsk)"),
                             self->language);
  return TRUE;
}

/* ---- an organisation's election --------------------------------------------------------- */

static gboolean
read_offices (VtReader   *r,
              VtConfig   *self,
              JsonObject *org)
{
  static const char * const known[] = { "id", "name", "seats", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *offices;

  if (!vt_reader_read_array (r, org, "organisation", "offices", TRUE, 1, &offices))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (offices); i++)
    {
      g_autofree char *path = vt_reader_index_path ("organisation.offices", i);
      JsonObject *object = vt_reader_array_object (r, offices, i, path);
      VtOffice *office;

      if (object == NULL || !vt_reader_only_known_keys (r, object, path, known))
        return FALSE;
      office = g_new0 (VtOffice, 1);
      office->seats = 1;
      g_ptr_array_add (self->offices, office);
      if (!vt_reader_read_id (r, object, path, seen, &office->id) ||
          !vt_reader_read_string (r, object, path, "name", TRUE, &office->name))
        return FALSE;
      if (json_object_has_member (object, "seats") &&
          !vt_reader_read_int (r, object, path, "seats", 1, 99, &office->seats))
        return FALSE;
    }
  return TRUE;
}

/* Who may vote: the members by name, or only their number. */
static gboolean
read_members (VtReader   *r,
              VtConfig   *self,
              JsonObject *org)
{
  JsonArray *members = NULL;

  if (json_object_has_member (org, "members") == json_object_has_member (org, "entitled"))
    return vt_reader_refuse (r, "organisation",
                             _("give either “members” (the names of those entitled to vote) or "
                               "“entitled” (their number), one of the two"));
  if (json_object_has_member (org, "entitled"))
    return vt_reader_read_int (r, org, "organisation", "entitled", 1, 100000, &self->entitled);

  if (!vt_reader_read_array (r, org, "organisation", "members", TRUE, 1, &members))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonNode *node = json_array_get_element (members, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        {
          g_autofree char *path = vt_reader_index_path ("organisation.members", i);
          return vt_reader_refuse (r, path, _("a member is a name in quotes"));
        }
      g_ptr_array_add (self->members, g_strdup (json_node_get_string (node)));
    }
  self->entitled = (int)self->members->len;
  return TRUE;
}

static gboolean
read_organisation (VtReader   *r,
                   VtConfig   *self,
                   JsonObject *root)
{
  static const char * const known[] = { "name", "group", "place", "offices", "members",
                                        "entitled", "vote", NULL };
  g_autofree char *vote = NULL;
  JsonObject *org;

  if (!vt_config_is_organisation (self))
    {
      if (json_object_has_member (root, "organisation"))
        return vt_reader_refuse (r, "organisation",
                                 _("only an election of kind “organisation” has this part"));
      return TRUE;
    }
  org = vt_reader_read_object (r, root, "", "organisation", TRUE);
  if (org == NULL || !vt_reader_only_known_keys (r, org, "organisation", known) ||
      !vt_reader_read_string (r, org, "organisation", "name", TRUE, &self->org_name) ||
      !vt_reader_read_string (r, org, "organisation", "group", TRUE, &self->org_group) ||
      !vt_reader_read_string (r, org, "organisation", "place", TRUE, &self->org_place) ||
      !read_offices (r, self, org) || !read_members (r, self, org) ||
      !vt_reader_read_string (r, org, "organisation", "vote", FALSE, &vote))
    return FALSE;
  if (vote != NULL && !g_str_equal (vote, "open") && !g_str_equal (vote, "secret"))
    return vt_reader_refuse (r, "organisation.vote",
                             _("“%s” is not a way to vote; use “open” or “secret”"), vote);
  self->secret_by_default = g_strcmp0 (vote, "secret") == 0;
  return TRUE;
}


static gboolean
read_contests (VtReader   *r,
               VtConfig   *self,
               JsonObject *root)
{
  static const char * const known[] = { "id", "name", "ballot_colour", "lists", "blank_ballot",
                                        NULL };
  static const char * const list_known[] = { "id", "name", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *contests;

  if (!vt_reader_read_array (r, root, "", "contests", TRUE, 1, &contests))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (contests); i++)
    {
      g_autofree char *path = vt_reader_index_path ("contests", i);
      g_autofree char *lists_path = vt_reader_child_path (path, "lists");
      g_autoptr(GHashTable) seen_lists = NULL;
      JsonObject *object = vt_reader_array_object (r, contests, i, path);
      JsonArray *lists;
      VtContest *contest;

      if (object == NULL || !vt_reader_only_known_keys (r, object, path, known))
        return FALSE;

      contest = g_new0 (VtContest, 1);
      contest->lists = g_ptr_array_new_with_free_func (party_list_free);
      g_ptr_array_add (self->contests, contest);

      if (!vt_reader_read_id (r, object, path, seen, &contest->id) ||
          !vt_reader_read_string (r, object, path, "name", TRUE, &contest->name) ||
          !vt_reader_read_string (r, object, path, "ballot_colour", TRUE, &contest->ballot_colour) ||
          !vt_reader_read_string (r, object, path, "blank_ballot", FALSE, &contest->blank_ballot))
        return FALSE;

      if (!g_strv_contains (ballot_colours, contest->ballot_colour))
        {
          g_autofree char *here = vt_reader_child_path (path, "ballot_colour");
          return vt_reader_refuse (r, here,
                         _("“%s” is not a ballot colour; use “white”, “blue”, “orange”, “yellow”, "
                           "“green”, “pink” or “grey”"), contest->ballot_colour);
        }
      if (contest->blank_ballot == NULL)
        contest->blank_ballot = g_strdup ("Blank stemmeseddel");

      if (!vt_reader_read_array (r, object, path, "lists", TRUE, 1, &lists))
        return FALSE;

      seen_lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint j = 0; j < json_array_get_length (lists); j++)
        {
          g_autofree char *list_path = vt_reader_index_path (lists_path, j);
          JsonObject *list_object = vt_reader_array_object (r, lists, j, list_path);
          VtPartyList *list;

          if (list_object == NULL || !vt_reader_only_known_keys (r, list_object, list_path, list_known))
            return FALSE;

          list = g_new0 (VtPartyList, 1);
          g_ptr_array_add (contest->lists, list);
          if (!vt_reader_read_id (r, list_object, list_path, seen_lists, &list->id) ||
              !vt_reader_read_string (r, list_object, list_path, "name", TRUE, &list->name))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_tables (VtReader   *r,
             VtConfig   *self,
             JsonObject *root)
{
  static const char * const known[] = { "id", "range", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *tables;

  if (!vt_reader_read_array (r, root, "", "tables", TRUE, 1, &tables))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      g_autofree char *path = vt_reader_index_path ("tables", i);
      JsonObject *object = vt_reader_array_object (r, tables, i, path);
      VtRollTable *table;

      if (object == NULL || !vt_reader_only_known_keys (r, object, path, known))
        return FALSE;

      table = g_new0 (VtRollTable, 1);
      g_ptr_array_add (self->tables, table);
      if (!vt_reader_read_id (r, object, path, seen, &table->id) ||
          !vt_reader_read_string (r, object, path, "range", TRUE, &table->range))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_people (VtReader   *r,
             VtConfig   *self,
             JsonObject *root)
{
  static const char * const known[] = { "id", "name", "role", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_leder = 0, n_nestleder = 0, n_board = 0;
  JsonArray *people;

  if (!vt_reader_read_array (r, root, "", "people", TRUE, 1, &people))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      g_autofree char *path = vt_reader_index_path ("people", i);
      g_autofree char *role = NULL;
      JsonObject *object = vt_reader_array_object (r, people, i, path);
      VtPerson *person;

      if (object == NULL || !vt_reader_only_known_keys (r, object, path, known))
        return FALSE;

      person = g_new0 (VtPerson, 1);
      g_ptr_array_add (self->people, person);
      if (!vt_reader_read_id (r, object, path, seen, &person->id) ||
          !vt_reader_read_string (r, object, path, "name", TRUE, &person->name) ||
          !vt_reader_read_string (r, object, path, "role", TRUE, &role))
        return FALSE;

      if (!vt_role_from_string (role, &person->role))
        {
          g_autofree char *here = vt_reader_child_path (path, "role");
          return vt_reader_refuse (r, here,
                         _("“%s” is not a role; the board roles are leder, nestleder and medlem, "
                           "the others are listed in the format description"), role);
        }

      n_leder += person->role == VT_ROLE_LEDER;
      n_nestleder += person->role == VT_ROLE_NESTLEDER;
      n_board += vt_role_is_board (person->role);
    }

  if (n_leder != 1)
    return vt_reader_refuse (r, "people", _("the board needs exactly one chair (role “leder”), not %u"),
                   n_leder);
  if (n_nestleder > 1)
    return vt_reader_refuse (r, "people", _("the board has at most one deputy chair (role “nestleder”)"));
  if (n_board < 3)
    return vt_reader_refuse (r, "people",
                   _("the board needs at least three members (leder, nestleder, medlem), not %u"),
                   n_board);
  if (self->protocol == VT_PROTOCOL_2025 && n_nestleder == 0)
    return vt_reader_refuse (r, "people",
                   _("the 2025 protocol is signed by the chair and the deputy chair; add a person "
                     "with the role “nestleder”"));
  return TRUE;
}

static void
add_reason (VtConfig       *self,
            const char     *id,
            const char     *label,
            VtProtocolField field)
{
  VtEnvelopeReason *reason = g_new0 (VtEnvelopeReason, 1);

  reason->id = g_strdup (id);
  reason->label = g_strdup (label);
  reason->field = field;
  g_ptr_array_add (self->envelope_reasons, reason);
}

static gboolean
read_envelope_reasons (VtReader   *r,
                       VtConfig   *self,
                       JsonObject *root)
{
  static const char * const known[] = { "id", "label", "protocol_field", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *reasons;

  if (!vt_reader_read_array (r, root, "", "envelope_reasons", FALSE, 1, &reasons))
    return FALSE;

  if (reasons == NULL)
    {
      /* The labels are stored in the station file, so they are written in the language of the
       * protocol (Norwegian) whatever language the program runs in. */
      if (!self->electronic_roll)
        add_reason (self, "other-precinct", "Fremmedstemme (annen krets i kommunen)",
                    VT_FIELD_OTHER_PRECINCT);
      add_reason (self, "already-marked", "Allerede krysset av i manntallet", VT_FIELD_SPECIAL);
      add_reason (self, "not-in-roll", "Ikke i kommunens manntall", VT_FIELD_SPECIAL);
      if (self->electronic_roll)
        add_reason (self, "emergency", "Beredskapskonvolutt (elektronisk manntall nede)",
                    VT_FIELD_EMERGENCY);
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (reasons); i++)
    {
      g_autofree char *path = vt_reader_index_path ("envelope_reasons", i);
      g_autofree char *field = NULL;
      JsonObject *object = vt_reader_array_object (r, reasons, i, path);
      VtEnvelopeReason *reason;

      if (object == NULL || !vt_reader_only_known_keys (r, object, path, known))
        return FALSE;

      reason = g_new0 (VtEnvelopeReason, 1);
      g_ptr_array_add (self->envelope_reasons, reason);
      if (!vt_reader_read_id (r, object, path, seen, &reason->id) ||
          !vt_reader_read_string (r, object, path, "label", TRUE, &reason->label) ||
          !vt_reader_read_string (r, object, path, "protocol_field", TRUE, &field))
        return FALSE;

      if (g_str_equal (field, "other-precinct"))
        reason->field = VT_FIELD_OTHER_PRECINCT;
      else if (g_str_equal (field, "special"))
        reason->field = VT_FIELD_SPECIAL;
      else if (g_str_equal (field, "emergency"))
        reason->field = VT_FIELD_EMERGENCY;
      else
        {
          g_autofree char *here = vt_reader_child_path (path, "protocol_field");
          return vt_reader_refuse (r, here,
                         _("“%s” is not a protocol field; use “other-precinct”, “special” or "
                           "“emergency”"), field);
        }

      if (reason->field == VT_FIELD_OTHER_PRECINCT && self->electronic_roll)
        {
          g_autofree char *here = vt_reader_child_path (path, "protocol_field");
          return vt_reader_refuse (r, here,
                                   _("with an electronic roll a voter from another precinct is "
                                     "marked directly; “other-precinct” is only for a paper "
                                     "roll"));
        }
      if (reason->field == VT_FIELD_EMERGENCY && !self->electronic_roll)
        {
          g_autofree char *here = vt_reader_child_path (path, "protocol_field");
          return vt_reader_refuse (r, here,
                                   _("the emergency envelope is used when an electronic roll is "
                                     "down; this election has a paper roll (set "
                                     "“electronic_roll” to true if it is electronic)"));
        }
    }
  return TRUE;
}

static gboolean
read_checklist (VtReader   *r,
                VtConfig   *self,
                JsonObject *root)
{
  static const char * const known[] = { "id", "text", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *checks;

  if (!vt_reader_read_array (r, root, "", "checklist", TRUE, 1, &checks))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      g_autofree char *path = vt_reader_index_path ("checklist", i);
      JsonObject *object = vt_reader_array_object (r, checks, i, path);
      VtCheck *check;

      if (object == NULL || !vt_reader_only_known_keys (r, object, path, known))
        return FALSE;

      check = g_new0 (VtCheck, 1);
      g_ptr_array_add (self->checklist, check);
      if (!vt_reader_read_id (r, object, path, seen, &check->id) ||
          !vt_reader_read_string (r, object, path, "text", TRUE, &check->text))
        return FALSE;
    }
  return TRUE;
}

/* Every item type of the configuration starts with its char *id. */
static gconstpointer
find_item (GPtrArray  *items,
           const char *id)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (*(char **)g_ptr_array_index (items, i), id) == 0)
      return g_ptr_array_index (items, i);
  return NULL;
}

static gboolean
count_source_is_known (VtConfig   *self,
                       const char *source)
{
  static const char * const plain[] = { "envelopes:total", "roll-marks:total", "strips:returned",
                                        "shipment:rolls", "shipment:stamps",
                                        "shipment:envelopes", NULL };
  const char *colon = strchr (source, ':');
  g_autofree char *prefix = NULL;

  if (g_strv_contains (plain, source))
    return TRUE;
  if (colon == NULL)
    return FALSE;

  prefix = g_strndup (source, colon - source);
  if (g_str_equal (prefix, "ballots") || g_str_equal (prefix, "blank") ||
      g_str_equal (prefix, "doubtful"))
    return find_item (self->contests, colon + 1) != NULL;
  if (g_str_equal (prefix, "envelopes"))
    return find_item (self->envelope_reasons, colon + 1) != NULL;
  return FALSE;
}

static gboolean
read_packing_lists (VtReader   *r,
                    VtConfig   *self,
                    JsonObject *root)
{
  static const char * const known[] = { "id", "title", "items", NULL };
  static const char * const item_known[] = { "text", "count", NULL };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *lists;

  if (!vt_reader_read_array (r, root, "", "packing_lists", FALSE, 0, &lists))
    return FALSE;
  if (lists == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (lists); i++)
    {
      g_autofree char *path = vt_reader_index_path ("packing_lists", i);
      g_autofree char *items_path = vt_reader_child_path (path, "items");
      JsonObject *object = vt_reader_array_object (r, lists, i, path);
      VtPackingList *list;
      JsonArray *items;

      if (object == NULL || !vt_reader_only_known_keys (r, object, path, known))
        return FALSE;

      list = g_new0 (VtPackingList, 1);
      list->items = g_ptr_array_new_with_free_func (packing_item_free);
      g_ptr_array_add (self->packing_lists, list);
      if (!vt_reader_read_id (r, object, path, seen, &list->id) ||
          !vt_reader_read_string (r, object, path, "title", TRUE, &list->title) ||
          !vt_reader_read_array (r, object, path, "items", TRUE, 1, &items))
        return FALSE;

      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          g_autofree char *item_path = vt_reader_index_path (items_path, j);
          JsonObject *item_object = vt_reader_array_object (r, items, j, item_path);
          VtPackingItem *item;

          if (item_object == NULL || !vt_reader_only_known_keys (r, item_object, item_path, item_known))
            return FALSE;

          item = g_new0 (VtPackingItem, 1);
          g_ptr_array_add (list->items, item);
          if (!vt_reader_read_string (r, item_object, item_path, "text", TRUE, &item->text) ||
              !vt_reader_read_string (r, item_object, item_path, "count", FALSE, &item->count))
            return FALSE;

          if (item->count != NULL && !count_source_is_known (self, item->count))
            {
              g_autofree char *here = vt_reader_child_path (item_path, "count");
              return vt_reader_refuse (r, here,
                             _("“%s” is not a count this file defines; use e.g. "
                               "“ballots:CONTEST”, “envelopes:REASON”, “envelopes:total”, "
                               "“roll-marks:total”, “strips:returned” or “shipment:stamps” with "
                               "ids from this file"),
                             item->count);
            }
        }
    }
  return TRUE;
}

/* The polling station's own parts: its place, count, ballots, tables and checks. An
 * organisation's meeting has none of them. */
static gboolean
read_station_parts (VtReader   *r,
                    VtConfig   *self,
                    JsonObject *root)
{
  static const char * const station_only[] = {
    "county", "municipality", "precinct", "count_mode", "protocol", "electronic_roll",
    "outdoor_voting", "inspector_signs", "contests", "tables", "checklist", NULL
  };

  if (!vt_config_is_organisation (self))
    return read_places (r, self, root) && read_modes (r, self, root) &&
           read_contests (r, self, root) && read_tables (r, self, root);
  for (guint i = 0; station_only[i] != NULL; i++)
    if (json_object_has_member (root, station_only[i]))
      return vt_reader_refuse (r, station_only[i],
                               _("an organisation's meeting has no polling-station part such "
                                 "as this; remove it"));
  return TRUE;
}

static gboolean
vt_config_load (VtConfig   *self,
                JsonNode   *root_node,
                const char *origin,
                GError    **error)
{
  static const char * const known[] = {
    "format", "election", "days", "county", "municipality", "precinct", "count_mode",
    "protocol", "language", "electronic_roll", "outdoor_voting",
    "inspector_signs", "contests", "tables", "people", "envelope_reasons",
    "checklist", "packing_lists", "organisation", NULL
  };
  VtReader r = { origin, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID, error };
  g_autofree char *format = NULL;
  JsonObject *root;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return vt_reader_refuse (&r, NULL, _("the file must hold one JSON object in braces { }"));
  root = json_node_get_object (root_node);

  if (!vt_reader_read_string (&r, root, "", "format", TRUE, &format))
    return FALSE;
  if (!g_str_equal (format, VT_CONFIG_FORMAT))
    return vt_reader_refuse (&r, "format",
                   _("“%s” is not a format this version of Valgting reads; it reads “%s”"),
                   format, VT_CONFIG_FORMAT);

  return vt_reader_only_known_keys (&r, root, "", known) &&
         read_election (&r, self, root) &&
         read_days (&r, self, root) &&
         read_station_parts (&r, self, root) &&
         read_language (&r, self, root) &&
         read_organisation (&r, self, root) &&
         read_people (&r, self, root) &&
         read_envelope_reasons (&r, self, root) &&
         (vt_config_is_organisation (self) || read_checklist (&r, self, root)) &&
         read_packing_lists (&r, self, root);
}

/* ---- public ----------------------------------------------------------------------------- */

VtConfig *
vt_config_new_from_data (const char *data,
                         gssize      length,
                         const char *origin,
                         GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(VtConfig) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX,
                   _("%s: the file is not UTF-8 text; save it as UTF-8"), origin);
      return NULL;
    }

  if (vt_json_nesting_depth (data, length, VT_JSON_MAX_DEPTH) > VT_JSON_MAX_DEPTH)
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX,
                   _("%s: lists and objects are nested more than %u levels deep; an election "
                     "configuration never is. Check that this is the right file."),
                   origin, VT_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib's message already says "line:column: what"; it is translated by json-glib.
       * It quotes the unexpected token cut short at a byte count, which can split a letter. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX,
                   _("%s: not valid JSON: %s"), origin, detail);
      return NULL;
    }

  /* Escapes such as "\ud800" are not text either: refused here, they cannot reach a message,
   * the window or a station file that would not open again. */
  if (json_parser_get_root (parser) != NULL &&
      !vt_reader_text_is_utf8 (json_parser_get_root (parser)))
    {
      g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_SYNTAX,
                   _("%s: the file is not UTF-8 text; save it as UTF-8"), origin);
      return NULL;
    }

  {
    g_autofree char *place = vt_reader_find_fnr (json_parser_get_root (parser), NULL);

    if (place != NULL)
      {
        g_set_error (error, VT_CONFIG_ERROR, VT_CONFIG_ERROR_INVALID,
                     _("%s: %s holds a national identity number (11 digits). A configuration "
                       "never needs one, and what it holds is printed: remove the number."),
                     origin, place);
        return NULL;
      }
  }

  self = g_object_new (VT_TYPE_CONFIG, NULL);
  if (!vt_config_load (self, json_parser_get_root (parser), origin, error))
    return NULL;

  self->root = json_node_ref (json_parser_get_root (parser));
  return g_steal_pointer (&self);
}

VtConfig *
vt_config_new_from_file (GFile   *file,
                         GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_basename (file);
  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return NULL;

  return vt_config_new_from_data (data, length, name, error);
}

/* The training election in the written standard of the user interface: Nynorsk when the
 * session's first Norwegian language is nn, else Bokmål. The two files hold the same election
 * with the same ids, only the words differ (tests/test-config.c checks that they match). */
static gboolean
ui_is_nynorsk (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "nn"))
        return TRUE;
      if (g_str_has_prefix (names[i], "nb") || g_str_has_prefix (names[i], "no"))
        return FALSE;
    }
  return FALSE;
}

static VtConfig *
new_from_resource (const char  *name,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  gsize length;
  const char *data;

  path = g_strconcat (RESOURCE_PREFIX "/", name, NULL);
  bytes = g_resource_lookup_data (vt_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                  error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  return vt_config_new_from_data (data, length, name, error);
}

VtConfig *
vt_config_new_training (GError **error)
{
  return new_from_resource (ui_is_nynorsk () ? "training-election-nn.json"
                                             : "training-election.json", error);
}

/* The training annual meeting (an organisation's election), in nb or nn as the training
 * election is. */
VtConfig *
vt_config_new_training_meeting (GError **error)
{
  return new_from_resource (ui_is_nynorsk () ? "organisation-meeting-nn.json"
                                             : "organisation-meeting.json", error);
}

/* A training election happens whenever the trainer starts it: move its days so that the first
 * one is the day the station is created. A real election keeps its dates. */
VtConfig *
vt_config_dup_for_station (VtConfig  *self,
                           GDateTime *created)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autofree char *data = NULL;
  JsonArray *days;
  GError *error = NULL;
  VtConfig *copy;

  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  g_return_val_if_fail (created != NULL, NULL);

  if (!self->training)
    return g_object_ref (self);

  root = json_node_copy (self->root);
  days = json_object_get_array_member (json_node_get_object (root), "days");
  local = g_date_time_to_timezone (created, self->tz);
  first = parse_local_time (self, ((VtElectionDay *)g_ptr_array_index (self->days, 0))->date,
                            "12:00");

  for (guint i = 0; i < self->days->len; i++)
    {
      VtElectionDay *day = g_ptr_array_index (self->days, i);
      g_autoptr(GDateTime) noon = parse_local_time (self, day->date, "12:00");
      GTimeSpan offset = g_date_time_difference (noon, first);
      g_autoptr(GDateTime) moved = g_date_time_add_days (local, (int)(offset / G_TIME_SPAN_DAY));
      JsonObject *object = json_array_get_object_element (days, i);

      g_autofree char *date = g_date_time_format (moved, "%Y-%m-%d");

      json_object_set_string_member (object, "date", date);
    }

  {
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    json_generator_set_root (generator, root);
    data = json_generator_to_data (generator, NULL);
  }

  copy = vt_config_new_from_data (data, -1, "training-election.json", &error);
  g_assert_no_error (error); /* the same document with other valid dates */
  return copy;
}

char *
vt_config_to_data (VtConfig *self)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, self->root);
  return json_generator_to_data (generator, NULL);
}

#define GETTER(type, name, field) \
  type vt_config_get_##name (VtConfig *self) \
  { \
    g_return_val_if_fail (VT_IS_CONFIG (self), (type)0); \
    return self->field; \
  }

GETTER (const char *, election_name, election_name)
GETTER (const char *, election_kind, election_kind)
GETTER (int, year, year)
GETTER (gboolean, training, training)
GETTER (GTimeZone *, timezone, tz)
GETTER (const char *, county, county)
GETTER (const char *, municipality_number, municipality_number)
GETTER (const char *, municipality_name, municipality_name)
GETTER (const char *, precinct_number, precinct_number)
GETTER (const char *, precinct_name, precinct_name)
GETTER (VtCountMode, count_mode, count_mode)
GETTER (VtProtocolVariant, protocol, protocol)
GETTER (gboolean, electronic_roll, electronic_roll)
GETTER (gboolean, outdoor_voting, outdoor_voting)
GETTER (gboolean, inspector_signs, inspector_signs)
GETTER (const char *, language, language)
GETTER (GPtrArray *, days, days)
GETTER (GPtrArray *, contests, contests)
GETTER (GPtrArray *, tables, tables)
GETTER (GPtrArray *, people, people)
GETTER (GPtrArray *, envelope_reasons, envelope_reasons)
GETTER (GPtrArray *, checklist, checklist)
GETTER (GPtrArray *, packing_lists, packing_lists)
GETTER (const char *, organisation_name, org_name)
GETTER (const char *, group_name, org_group)
GETTER (const char *, meeting_place, org_place)
GETTER (GPtrArray *, offices, offices)
GETTER (GPtrArray *, members, members)
GETTER (int, entitled, entitled)
GETTER (gboolean, secret_by_default, secret_by_default)

#undef GETTER

gboolean
vt_config_is_organisation (VtConfig *self)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), FALSE);
  return g_strcmp0 (self->election_kind, "organisation") == 0;
}

const VtOffice *
vt_config_find_office (VtConfig   *self,
                       const char *id)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  return find_item (self->offices, id);
}

const VtPerson *
vt_config_find_person (VtConfig   *self,
                       const char *id)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  return find_item (self->people, id);
}

gboolean
vt_config_add_person (VtConfig   *self,
                      const char *id,
                      const char *name,
                      VtRole      role,
                      const char *table,
                      const char *shift,
                      gint64      added_seq)
{
  VtPerson *person;

  g_return_val_if_fail (VT_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (id != NULL && name != NULL, FALSE);
  g_return_val_if_fail (role < VT_N_ROLES, FALSE);

  if (find_item (self->people, id) != NULL)
    return FALSE;

  person = g_new0 (VtPerson, 1);
  person->id = g_strdup (id);
  person->name = g_strdup (name);
  person->role = role;
  person->table = g_strdup (table);
  person->shift = g_strdup (shift);
  person->added_seq = added_seq;
  g_ptr_array_add (self->people, person);
  return TRUE;
}

const VtContest *
vt_config_find_contest (VtConfig   *self,
                        const char *id)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  return find_item (self->contests, id);
}

const VtRollTable *
vt_config_find_table (VtConfig   *self,
                      const char *id)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  return find_item (self->tables, id);
}

const VtEnvelopeReason *
vt_config_find_envelope_reason (VtConfig   *self,
                                const char *id)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  return find_item (self->envelope_reasons, id);
}

const VtCheck *
vt_config_find_check (VtConfig   *self,
                      const char *id)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  return find_item (self->checklist, id);
}

const VtPerson *
vt_config_get_chair (VtConfig *self)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);

  for (guint i = 0; i < self->people->len; i++)
    {
      const VtPerson *person = g_ptr_array_index (self->people, i);
      if (person->role == VT_ROLE_LEDER)
        return person;
    }
  g_return_val_if_reached (NULL); /* load refuses a board without a chair */
}

char *
vt_config_dup_precinct_title (VtConfig *self)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  /* A meeting has no precinct: the group and its organisation name it instead. */
  if (vt_config_is_organisation (self))
    return g_strdup_printf ("%s, %s", self->org_group, self->org_name);
  return g_strdup_printf ("%s %s", self->precinct_number, self->precinct_name);
}

/* The closing time of the day that is open now or opens next; NULL after the last day. */
GDateTime *
vt_config_get_next_closing (VtConfig  *self,
                            GDateTime *now)
{
  g_return_val_if_fail (VT_IS_CONFIG (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  for (guint i = 0; i < self->days->len; i++)
    {
      VtElectionDay *day = g_ptr_array_index (self->days, i);
      if (g_date_time_compare (now, day->closes) < 0)
        return day->closes;
    }
  return NULL;
}

/* The day of the election @local falls on (1-based), and its minutes after midnight. A time
 * outside the election's days (the setup the evening before, a count past midnight) is moved
 * to the nearest moment a scenario can say: the first minute of day 1, or the last of a day.
 * The scenario writer and the debrief place journal entries with it. */
void
vt_config_place_in_days (VtConfig  *config,
                         GDateTime *local,
                         int       *day,
                         int       *minutes)
{
  GPtrArray *days = vt_config_get_days (config);
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");
  int found = 0;

  for (guint i = 0; i < days->len; i++)
    {
      VtElectionDay *election_day = g_ptr_array_index (days, i);
      int cmp = g_strcmp0 (date, election_day->date);

      if (cmp == 0)
        {
          *day = (int)i + 1;
          *minutes = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
          return;
        }
      if (cmp > 0)
        found = (int)i + 1;
    }
  if (found == 0)
    *day = 1, *minutes = 0;
  else
    *day = found, *minutes = 23 * 60 + 59;
}
