/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-day-report"

#include "config.h"

#include <inttypes.h>
#include "vt-i18n.h"

#include "vt-documents-private.h"
#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
#include "vt-role.h"
#include "vt-station-state.h"

/* The report at a turn of the day: one page when the doors open and one when they close, as a
 * voting system prints a "polls opened" report for the inspector. It says what the room was
 * like at that moment: the time, who was present, the urns with the numbers of the strips that
 * seal them, the opening checks; at closing also the queue, the votes taken outside the
 * polling station and the special envelopes so far.
 *
 * It is read from the journal up to the doors' entry, not from the state as it is now, so the
 * same report comes out of the file at any later time (the footer's checksum names that
 * entry). Annulments and corrections made later count: they say what really happened. */

static gboolean
is_closing (VtDocumentKind kind)
{
  return kind == VT_DOCUMENT_CLOSING_REPORT;
}

/* The newest doors.open (or doors.close) entry not annulled, or NULL before the first. */
static VtJournalEntry *
find_turn (Builder        *b,
           VtDocumentKind  kind)
{
  const char *wanted = is_closing (kind) ? VT_KIND_DOORS_CLOSE : VT_KIND_DOORS_OPEN;

  for (guint i = b->entries->len; i > 0; i--)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i - 1);

      if (g_str_equal (vt_journal_entry_get_kind (entry), wanted) &&
          !vt_builder_is_annulled (b, entry))
        return entry;
    }
  return NULL;
}

guint
vt_builder_day_report_covered (Builder        *b,
                               VtDocumentKind  kind)
{
  VtJournalEntry *turn = find_turn (b, kind);

  /* Before the doors' entry there is nothing to freeze: the report says so, as of now. */
  return turn != NULL ? (guint)vt_journal_entry_get_seq (turn) : b->entries->len;
}

/* Calls @func with the effective payload of every entry of one of @kinds (NULL-terminated)
 * the report covers, oldest first, annulled ones left out: arrivals and departures, seals and
 * breaks in the order they happened, so the last one says. */
typedef void (*EntryFunc) (Builder        *b,
                           VtJournalEntry *entry,
                           JsonObject     *payload,
                           gpointer        user_data);

static void
for_each_entry (Builder            *b,
                const char * const *kinds,
                EntryFunc           func,
                gpointer            user_data)
{
  for (guint i = 0; i < b->covered && i < b->entries->len; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      g_autoptr(JsonObject) payload = NULL;

      if (!g_strv_contains (kinds, vt_journal_entry_get_kind (entry)) ||
          vt_builder_is_annulled (b, entry))
        continue;
      payload = vt_station_dup_effective_payload (b->station, entry);
      if (payload != NULL)
        func (b, entry, payload, user_data);
    }
}

static const char *
payload_string (JsonObject *payload,
                const char *member)
{
  return json_object_get_string_member_with_default (payload, member, NULL);
}

/* ---- who is present ---------------------------------------------------------------------- */

/* person id → the time of the arrival that still holds (NULL once they left) */
static void
on_presence (Builder        *b,
             VtJournalEntry *entry,
             JsonObject     *payload,
             gpointer        user_data)
{
  GHashTable *arrived = user_data;
  const char *person = payload_string (payload, "person");

  if (person == NULL)
    return;
  if (g_str_equal (vt_journal_entry_get_kind (entry), VT_KIND_PERSON_ARRIVE))
    g_hash_table_insert (arrived, g_strdup (person),
                         vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%H:%M"));
  else
    g_hash_table_insert (arrived, g_strdup (person), NULL);
}

static void
add_present (Builder *b)
{
  static const char * const kinds[] = { VT_KIND_PERSON_ARRIVE, VT_KIND_PERSON_LEAVE, NULL };
  g_autoptr(GHashTable) arrived = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_free);
  GPtrArray *people = vt_config_get_people (b->config);
  g_autoptr(GPtrArray) present = g_ptr_array_new ();
  VtDocTable *table;

  for_each_entry (b, kinds, on_presence, arrived);

  vt_doc_heading (b->doc, 2, _("Present"));
  /* Two people to a row: a whole station's staff and the rest of the report fit one page. */
  /* room for the longest function, "Framandstemmemottakar", on one line */
  table = vt_builder_table_new (b, 6, _("Name"), 1.8, VT_DOC_ALIGN_LEFT, _("Function"), 2.5,
                                VT_DOC_ALIGN_LEFT, _("Arrived"), 0.7, VT_DOC_ALIGN_RIGHT,
                                _("Name"), 1.8, VT_DOC_ALIGN_LEFT, _("Function"), 2.5,
                                VT_DOC_ALIGN_LEFT, _("Arrived"), 0.7, VT_DOC_ALIGN_RIGHT);
  /* In the configuration's order: the board first, as the staff list has them. */
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      const char *since = g_hash_table_lookup (arrived, person->id);

      if (since == NULL)
        continue;
      g_ptr_array_add (present, person);
    }
  for (guint i = 0; i < present->len; i += 2)
    {
      VtPerson *one = g_ptr_array_index (present, i);
      VtPerson *two = i + 1 < present->len ? g_ptr_array_index (present, i + 1) : NULL;

      ROW (table, VT_DOC_ROW_NORMAL, one->name, vt_role_get_label (one->role),
           (const char *)g_hash_table_lookup (arrived, one->id),
           two != NULL ? two->name : "", two != NULL ? vt_role_get_label (two->role) : "",
           two != NULL ? (const char *)g_hash_table_lookup (arrived, two->id) : "");
    }
  if (present->len == 0)
    ROW (table, VT_DOC_ROW_NORMAL, _("Nobody is logged as present."), "", "", "", "", "");
  vt_doc_table_end (table);
}

/* ---- the urns and their seals -------------------------------------------------------------- */

typedef struct
{
  char *id;
  char *kind;
  char *table;
  const char *status;   /* a static, translated word */
  GPtrArray *strips;    /* of char *: the numbers of the strips on it now */
  GPtrArray *broken;    /* of char *: the numbers of strips broken on it */
} Urn;

static void
urn_free (Urn *urn)
{
  g_free (urn->id);
  g_free (urn->kind);
  g_free (urn->table);
  g_ptr_array_unref (urn->strips);
  g_ptr_array_unref (urn->broken);
  g_free (urn);
}

static Urn *
find_urn (GPtrArray  *urns,
          const char *id)
{
  for (guint i = 0; id != NULL && i < urns->len; i++)
    {
      Urn *urn = g_ptr_array_index (urns, i);
      if (g_str_equal (urn->id, id))
        return urn;
    }
  return NULL;
}

static void
remove_strip (GPtrArray  *strips,
              const char *number)
{
  for (guint i = 0; i < strips->len; i++)
    if (g_str_equal (g_ptr_array_index (strips, i), number))
      {
        g_ptr_array_remove_index (strips, i);
        return;
      }
}

/* An urn's story, entry by entry: taken into use, shown empty, sealed, full, a seal broken,
 * opened for counting. */
static void
on_urn (Builder        *b,
        VtJournalEntry *entry,
        JsonObject     *payload,
        gpointer        user_data)
{
  GPtrArray *urns = user_data;
  const char *kind = vt_journal_entry_get_kind (entry);
  g_autofree char *strip = NULL;
  Urn *urn;

  if (json_object_has_member (payload, "strip"))
    strip = g_strdup_printf ("%" PRId64, json_object_get_int_member (payload, "strip"));

  if (g_str_equal (kind, VT_KIND_URN_ADD))
    {
      if (payload_string (payload, "urn") == NULL)
        return;
      urn = g_new0 (Urn, 1);
      urn->id = g_strdup (payload_string (payload, "urn"));
      urn->kind = g_strdup (payload_string (payload, "kind"));
      urn->table = g_strdup (payload_string (payload, "table"));
      urn->status = _("not shown empty");
      urn->strips = g_ptr_array_new_with_free_func (g_free);
      urn->broken = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (urns, urn);
      return;
    }
  urn = find_urn (urns, payload_string (payload, "urn"));
  if (urn == NULL)
    return;
  if (g_str_equal (kind, VT_KIND_URN_VERIFY_EMPTY))
    urn->status = _("shown empty, not sealed");
  else if (g_str_equal (kind, VT_KIND_URN_SEAL) && strip != NULL)
    {
      urn->status = _("sealed");
      g_ptr_array_add (urn->strips, g_steal_pointer (&strip));
    }
  else if (g_str_equal (kind, VT_KIND_URN_FULL) && strip != NULL)
    {
      urn->status = _("full, slot sealed");
      g_ptr_array_add (urn->strips, g_steal_pointer (&strip));
    }
  else if (g_str_equal (kind, VT_KIND_SEAL_BREAK) && strip != NULL)
    {
      urn->status = _("seal broken");
      remove_strip (urn->strips, strip);
      g_ptr_array_add (urn->broken, g_steal_pointer (&strip));
    }
  else if (g_str_equal (kind, VT_KIND_URN_OPEN))
    urn->status = _("opened for counting");
}

static void
add_urns (Builder *b)
{
  static const char * const kinds[] = {
    VT_KIND_URN_ADD, VT_KIND_URN_VERIFY_EMPTY, VT_KIND_URN_SEAL, VT_KIND_URN_FULL,
    VT_KIND_SEAL_BREAK, VT_KIND_URN_OPEN, NULL
  };
  const VtField *kind_field = vt_entry_kind_find_field (vt_entry_kind_lookup (VT_KIND_URN_ADD),
                                                       "kind");
  g_autoptr(GPtrArray) urns = g_ptr_array_new_with_free_func ((GDestroyNotify)urn_free);
  VtDocTable *table;

  for_each_entry (b, kinds, on_urn, urns);

  vt_doc_heading (b->doc, 2, _("Urns and seals"));
  table = vt_builder_table_new (b, 4, _("Urn"), 1.0, VT_DOC_ALIGN_LEFT, _("Use"), 2.4,
                                VT_DOC_ALIGN_LEFT, _("State"), 2.0, VT_DOC_ALIGN_LEFT,
                                _("Seal strips"), 2.0, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < urns->len; i++)
    {
      Urn *urn = g_ptr_array_index (urns, i);
      const char *use_label = urn->kind != NULL ? vt_field_choice_get_label (kind_field, urn->kind)
                                                : NULL;
      g_autofree char *use = NULL;
      g_autofree char *strips = NULL;

      g_ptr_array_add (urn->strips, NULL);
      strips = g_strjoinv (", ", (char **)urn->strips->pdata);
      g_ptr_array_remove_index (urn->strips, urn->strips->len - 1);
      if (urn->broken->len > 0)
        {
          g_autofree char *broken = NULL;
          g_autofree char *both = NULL;

          g_ptr_array_add (urn->broken, NULL);
          broken = g_strjoinv (", ", (char **)urn->broken->pdata);
          g_ptr_array_remove_index (urn->broken, urn->broken->len - 1);
          /* Translators: the seal strips of an urn, then those broken on it: "1003 (broken:
           * 1001)" */
          both = g_strdup_printf (_("%s (broken: %s)"), strips, broken);
          g_free (strips);
          strips = g_steal_pointer (&both);
        }
      if (urn->table != NULL)
        /* Translators: an urn's use and its table: "Ordinary urn, table 2" */
        use = g_strdup_printf (_("%s, table %s"), use_label != NULL ? use_label : "", urn->table);
      else
        use = g_strdup (use_label != NULL ? use_label : "");
      ROW (table, VT_DOC_ROW_NORMAL, urn->id, use, urn->status, strips);
    }
  if (urns->len == 0)
    ROW (table, VT_DOC_ROW_NORMAL, "", _("No urn is taken into use."), "", "");
  vt_doc_table_end (table);
}

/* ---- the opening checks ------------------------------------------------------------------ */

static void
on_check (Builder        *b,
          VtJournalEntry *entry,
          JsonObject     *payload,
          gpointer        user_data)
{
  GHashTable *state = user_data;
  const char *check = payload_string (payload, "check");
  const char *note = payload_string (payload, "note");

  if (check == NULL)
    return;
  if (g_str_equal (vt_journal_entry_get_kind (entry), VT_KIND_CHECK_DEVIATION))
    /* Translators: an opening check that was not done as written, and the board's note */
    g_hash_table_insert (state, g_strdup (check),
                         g_strdup_printf (_("Deviation: %s"), note != NULL ? note : ""));
  else
    g_hash_table_insert (state, g_strdup (check), g_strdup (_("Done")));
}

static void
add_checks (Builder *b)
{
  static const char * const kinds[] = { VT_KIND_CHECK_DONE, VT_KIND_CHECK_DEVIATION, NULL };
  g_autoptr(GHashTable) state = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *checks = vt_config_get_checklist (b->config);
  VtDocTable *table;
  guint n_done = 0, n_deviations = 0;

  /* A check done again, or done after a deviation, says what holds now: the last entry. */
  for_each_entry (b, kinds, on_check, state);
  for (guint i = 0; i < checks->len; i++)
    {
      VtCheck *check = g_ptr_array_index (checks, i);
      const char *done = g_hash_table_lookup (state, check->id);

      n_done += done != NULL;
      n_deviations += done != NULL && !g_str_equal (done, _("Done"));
    }

  vt_doc_heading (b->doc, 2, _("Opening checks"));
  if (checks->len == 0)
    {
      vt_doc_paragraph (b->doc, _("The election configuration has no opening checks."));
      return;
    }
  {
    /* Translators: the opening checklist's state: "11 of 11 opening checks ticked, 2 of them
     * with a deviation." */
    g_autofree char *summary = g_strdup_printf (_("%u of %u opening checks ticked, %u of them "
                                                  "with a deviation."),
                                                n_done, checks->len, n_deviations);
    vt_doc_paragraph (b->doc, summary);
  }
  /* The checks done as written are counted; those that are not are named. */
  if (n_done == checks->len && n_deviations == 0)
    return;
  table = vt_builder_table_new (b, 2, _("Check"), 3.0, VT_DOC_ALIGN_LEFT, _("State"), 3.0,
                                VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < checks->len; i++)
    {
      VtCheck *check = g_ptr_array_index (checks, i);
      const char *done = g_hash_table_lookup (state, check->id);

      if (done == NULL || !g_str_equal (done, _("Done")))
        ROW (table, VT_DOC_ROW_NORMAL, check->text, done != NULL ? done : _("Not done"));
    }
  vt_doc_table_end (table);
}

/* ---- at closing: votes outside, envelopes -------------------------------------------------- */

typedef struct
{
  gint64 start;
  char *since;
  char *workers;
  char *back;   /* the time the workers were back, or NULL */
} Outdoor;

static void
outdoor_free (Outdoor *vote)
{
  g_free (vote->since);
  g_free (vote->workers);
  g_free (vote->back);
  g_free (vote);
}

static void
on_outdoor_start (Builder        *b,
                  VtJournalEntry *entry,
                  JsonObject     *payload,
                  gpointer        user_data)
{
  GPtrArray *votes = user_data;
  Outdoor *vote = g_new0 (Outdoor, 1);

  vote->start = vt_journal_entry_get_seq (entry);
  vote->since = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%H:%M");
  vote->workers = g_strdup_printf ("%s, %s",
                                   vt_builder_person_name (b, payload_string (payload, "worker")),
                                   vt_builder_person_name (b, payload_string (payload,
                                                                              "second_worker")));
  g_ptr_array_add (votes, vote);
}

static void
on_outdoor_end (Builder        *b,
                VtJournalEntry *entry,
                JsonObject     *payload,
                gpointer        user_data)
{
  GPtrArray *votes = user_data;
  gint64 start = json_object_get_int_member_with_default (payload, "vote", 0);

  for (guint i = 0; i < votes->len; i++)
    {
      Outdoor *vote = g_ptr_array_index (votes, i);

      if (vote->start == start)
        {
          g_free (vote->back);
          vote->back = vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%H:%M");
        }
    }
}

static void
add_outdoor_votes (Builder *b)
{
  static const char * const starts[] = { VT_KIND_OUTDOOR_START, NULL };
  static const char * const ends[] = { VT_KIND_OUTDOOR_END, NULL };
  g_autoptr(GPtrArray) votes = g_ptr_array_new_with_free_func ((GDestroyNotify)outdoor_free);

  for_each_entry (b, starts, on_outdoor_start, votes);
  for_each_entry (b, ends, on_outdoor_end, votes);

  vt_doc_heading (b->doc, 2, _("Votes outside the polling station"));
  if (votes->len == 0)
    {
      vt_doc_paragraph (b->doc, _("No vote was taken outside the polling station."));
      return;
    }
  /* One line, the votes one after the other: a busy day's closing still fits one page. */
  {
    GString *text = g_string_new (NULL);

    /* Translators: how many votes were taken outside the polling station, then each */
    g_string_printf (text, ngettext ("%u vote: ", "%u votes: ", votes->len), votes->len);
    for (guint i = 0; i < votes->len; i++)
      {
        Outdoor *vote = g_ptr_array_index (votes, i);

        if (i > 0)
          g_string_append (text, "; ");
        if (vote->back != NULL)
          /* Translators: an outdoor vote: "entry 58, 15:10–15:24, Una Utvik, Leif Vert" */
          g_string_append_printf (text, _("entry %" PRId64 ", %s–%s, %s"), vote->start,
                                  vote->since, vote->back, vote->workers);
        else
          /* Translators: an outdoor vote whose workers are still out: "entry 58, out since
           * 15:10, Una Utvik, Leif Vert" */
          g_string_append_printf (text, _("entry %" PRId64 ", out since %s, %s"), vote->start,
                                  vote->since, vote->workers);
      }
    g_string_append (text, ".");
    vt_doc_paragraph (b->doc, text->str);
    g_string_free (text, TRUE);
  }
}

static void
on_envelope (Builder        *b,
             VtJournalEntry *entry,
             JsonObject     *payload,
             gpointer        user_data)
{
  GHashTable *counts = user_data;
  const char *reason = payload_string (payload, "reason");

  if (reason != NULL)
    g_hash_table_insert (counts, g_strdup (reason),
                         GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, reason))
                                          + 1));
}

static void
add_envelopes (Builder *b)
{
  static const char * const kinds[] = { VT_KIND_ENVELOPE, NULL };
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);
  VtDocTable *table;
  gint64 special = 0;
  gboolean any_special = FALSE;

  for_each_entry (b, kinds, on_envelope, counts);

  /* As logged during the day: the counted numbers follow at closing, in the protocol. */
  vt_doc_heading (b->doc, 2, _("Envelope votes so far"));
  table = vt_builder_table_new (b, 2, _("Type"), 5.0, VT_DOC_ALIGN_LEFT, _("Count"), 1.2,
                                VT_DOC_ALIGN_RIGHT);
  /* The special envelopes first with their sum; an emergency envelope is another thing (the
   * electronic roll was down) and stands on its own line after them. */
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gint64 n = GPOINTER_TO_INT (g_hash_table_lookup (counts, reason->id));
      g_autofree char *text = g_strdup_printf ("%" PRId64, n);

      if (reason->field == VT_FIELD_EMERGENCY)
        continue;
      special += n;
      any_special = TRUE;
      ROW (table, VT_DOC_ROW_NORMAL, reason->label, text);
    }
  if (any_special)
    {
      g_autofree char *text = g_strdup_printf ("%" PRId64, special);
      ROW (table, VT_DOC_ROW_TOTAL, _("Special envelopes in total"), text);
    }
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gint64 n = GPOINTER_TO_INT (g_hash_table_lookup (counts, reason->id));
      g_autofree char *text = g_strdup_printf ("%" PRId64, n);

      if (reason->field == VT_FIELD_EMERGENCY)
        ROW (table, VT_DOC_ROW_NORMAL, _("Emergency envelopes"), text);
    }
  vt_doc_table_end (table);
}

/* ---- the report -------------------------------------------------------------------------- */

void
vt_builder_day_report (Builder        *b,
                       VtDocumentKind  kind)
{
  VtJournalEntry *turn = find_turn (b, kind);
  g_autoptr(JsonObject) payload = turn != NULL
    ? vt_station_dup_effective_payload (b->station, turn) : NULL;

  vt_doc_heading (b->doc, 1, vt_document_kind_get_title (kind, b->config));
  if (turn == NULL)
    vt_doc_paragraph (b->doc, is_closing (kind)
                                ? _("The doors have not closed yet. This is how things stand "
                                    "now.")
                                : _("The doors have not opened yet. This is how things stand "
                                    "now."));
  else
    {
      g_autofree char *when = vt_builder_format_time (b, vt_journal_entry_get_time (turn),
                                                      "%d.%m.%Y %H:%M");
      const char *reason = payload != NULL ? payload_string (payload, "reason") : NULL;
      /* Translators: "The doors opened 13.09.2027 09:00 (log entry 14)." */
      g_autofree char *said = g_strdup_printf (
        is_closing (kind) ? _("The doors closed %s (log entry %" PRId64 ").")
                          : _("The doors opened %s (log entry %" PRId64 ")."),
        when, vt_journal_entry_get_seq (turn));

      GString *text = g_string_new (said);

      /* One paragraph: the moment, why it was early, the queue, the night. */
      if (reason != NULL && *reason != '\0')
        {
          g_string_append_c (text, ' ');
          /* Translators: why the doors opened or closed before the scheduled time */
          g_string_append_printf (text, _("Before the scheduled time: %s."), reason);
        }
      if (is_closing (kind) && payload != NULL)
        {
          int queue = (int)json_object_get_int_member_with_default (payload, "queue", 0);

          g_string_append_c (text, ' ');
          g_string_append_printf (text,
                                  ngettext ("%d person was in the queue at closing time and "
                                            "still votes.",
                                            "%d people were in the queue at closing time and "
                                            "still vote.",
                                            (gulong)queue),
                                  queue);
          if (json_object_get_boolean_member_with_default (payload, "for_night", FALSE))
            {
              g_string_append_c (text, ' ');
              g_string_append (text, _("Closed for the night; another election day follows."));
            }
        }
      vt_doc_paragraph (b->doc, text->str);
      g_string_free (text, TRUE);
    }

  add_present (b);
  add_urns (b);
  add_checks (b);
  if (is_closing (kind))
    {
      add_outdoor_votes (b);
      add_envelopes (b);
    }
}
