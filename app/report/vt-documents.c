/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-documents"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include "vt-i18n.h"

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-documents.h"
#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
#include "vt-role.h"
#include "vt-station-state.h"
#include "vt-store-private.h"

/* The documents of the day, laid out with vt-doc.c from the journal and the rules' state.
 * Everything printed comes from the station file as it is: the same file gives the same PDF,
 * and every page names the journal head it was made from, so the paper can be checked against
 * the file. The protocol is a public document: it carries the board's and the staff's names,
 * never a voter's (free text was checked for identity numbers before it was stored). */

static const struct
{
  VtDocumentKind kind;
  const char *id;
} kind_ids[] = {
  { VT_DOCUMENT_PROTOCOL, "protocol" },
  { VT_DOCUMENT_PACKING_LIST, "packing-list" },
  { VT_DOCUMENT_RECEIPT, "receipt" },
  { VT_DOCUMENT_SEALS, "seals" },
};

gboolean
vt_document_kind_from_string (const char     *str,
                              VtDocumentKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_ids); i++)
    if (g_strcmp0 (str, kind_ids[i].id) == 0)
      {
        *kind = kind_ids[i].kind;
        return TRUE;
      }
  return FALSE;
}

const char *
vt_document_kind_to_string (VtDocumentKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_ids); i++)
    if (kind_ids[i].kind == kind)
      return kind_ids[i].id;
  g_return_val_if_reached (NULL);
}

const char *
vt_document_kind_get_title (VtDocumentKind kind,
                            VtConfig      *config)
{
  switch (kind)
    {
    case VT_DOCUMENT_PROTOCOL:
      /* The names of the official forms: "Valgprotokoll for stemmestyret" (2019) and
       * "Valglokalets protokoll" (2023 election act, first used in 2025). */
      return vt_config_get_protocol (config) == VT_PROTOCOL_2019
               ? _("Election protocol for the polling-station board")
               : _("Polling station protocol");
    case VT_DOCUMENT_PACKING_LIST:
      return _("Packing lists");
    case VT_DOCUMENT_RECEIPT:
      return _("Handover receipts");
    case VT_DOCUMENT_SEALS:
      return _("Seal register");
    default:
      g_return_val_if_reached ("");
    }
}

/* ---- what every document needs from the journal ----------------------------------------- */

typedef struct
{
  VtStation *station;
  VtConfig *config;
  GTimeZone *tz;
  GPtrArray *entries;       /* every entry, oldest first */
  GHashTable *corrected_by; /* seq → the last correction's seq (annul or amend) */
  GHashTable *annulled;     /* seqs of annulled entries */
  guint covered;            /* the entries the document covers: 1 … covered */
  VtDoc *doc;
} Builder;

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->entries, g_ptr_array_unref);
  g_clear_pointer (&b->corrected_by, g_hash_table_unref);
  g_clear_pointer (&b->annulled, g_hash_table_unref);
}

static VtJournalEntry *
entry_at (Builder *b,
          gint64   seq)
{
  if (seq < 1 || seq > (gint64)b->entries->len)
    return NULL;
  return g_ptr_array_index (b->entries, seq - 1);
}

static char *
format_time (Builder    *b,
             GDateTime  *utc,
             const char *format)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, b->tz);
  return g_date_time_format (local, format);
}

/* "13.09.2027 21:02" for an entry, or "" when there is none. */
static char *
entry_when (Builder *b,
            gint64   seq)
{
  VtJournalEntry *entry = entry_at (b, seq);

  if (entry == NULL)
    return g_strdup ("");
  return format_time (b, vt_journal_entry_get_time (entry), "%d.%m.%Y %H:%M");
}

static gboolean
is_annulled (Builder        *b,
             VtJournalEntry *entry)
{
  return g_hash_table_contains (b->annulled, GINT_TO_POINTER (vt_journal_entry_get_seq (entry)));
}

static const char *
person_name (Builder    *b,
             const char *id)
{
  const VtPerson *person = vt_config_find_person (b->config, id);
  return person != NULL ? person->name : id;
}

static void
builder_init (Builder   *b,
              VtStation *station)
{
  GListModel *journal = vt_station_get_journal (station);
  guint n = g_list_model_get_n_items (journal);

  b->station = station;
  b->config = vt_station_get_config (station);
  b->tz = vt_config_get_timezone (b->config);
  b->entries = g_ptr_array_new_full (n, g_object_unref);
  b->corrected_by = g_hash_table_new (NULL, NULL);
  b->annulled = g_hash_table_new (NULL, NULL);

  /* The list model is newest first; documents read in time order. */
  for (guint i = n; i > 0; i--)
    {
      VtJournalEntry *entry = g_list_model_get_item (journal, i - 1);
      const char *kind = vt_journal_entry_get_kind (entry);

      g_ptr_array_add (b->entries, entry);
      if (g_str_has_prefix (kind, "correction."))
        {
          JsonObject *payload = vt_journal_entry_get_payload_object (entry);
          gint64 target = json_object_get_int_member_with_default (payload, "entry", 0);

          g_hash_table_insert (b->corrected_by, GINT_TO_POINTER (target),
                               GINT_TO_POINTER (vt_journal_entry_get_seq (entry)));
          if (g_str_equal (kind, "correction.annul"))
            g_hash_table_add (b->annulled, GINT_TO_POINTER (target));
        }
    }
}

/* ---- signatures ------------------------------------------------------------------------ */

static gboolean
is_signature_entry (Builder        *b,
                    VtJournalEntry *entry)
{
  const char *kind = vt_journal_entry_get_kind (entry);
  const VtEntryKind *info = vt_entry_kind_lookup (kind);

  /* Signing, printing and refusals do not change what was signed (the catalogue says which
   * kinds stand outside the protocol). */
  if (info != NULL && !vt_entry_kind_changes_protocol (info))
    return TRUE;
  if (g_str_has_prefix (kind, "correction."))
    {
      gint64 target = json_object_get_int_member_with_default (
        vt_journal_entry_get_payload_object (entry), "entry", 0);
      VtJournalEntry *corrected = entry_at (b, target);
      return corrected != NULL &&
             g_str_equal (vt_journal_entry_get_kind (corrected), "protocol.sign");
    }
  return FALSE;
}

/* The newest entry a signature has to cover: everything but the signatures themselves. */
static gint64
last_signed_content (Builder *b)
{
  for (guint i = b->entries->len; i > 0; i--)
    if (!is_signature_entry (b, g_ptr_array_index (b->entries, i - 1)))
      return (gint64)i;
  return 0;
}

/* @person's newest signature that was not annulled, or NULL. */
static VtJournalEntry *
find_signature (Builder    *b,
                const char *person)
{
  for (guint i = b->entries->len; i > 0; i--)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i - 1);

      if (g_str_equal (vt_journal_entry_get_kind (entry), "protocol.sign") &&
          !is_annulled (b, entry) &&
          g_strcmp0 (json_object_get_string_member_with_default (
                       vt_journal_entry_get_payload_object (entry), "person", NULL),
                     person) == 0)
        return entry;
    }
  return NULL;
}

static VtSignatureState
signature_state (Builder        *b,
                 VtJournalEntry *signature)
{
  if (signature == NULL)
    return VT_SIGNATURE_NONE;
  return vt_journal_entry_get_seq (signature) > last_signed_content (b) ? VT_SIGNATURE_CURRENT
                                                                         : VT_SIGNATURE_STALE;
}

/* The strokes of a signature as x, y pairs with a NAN pair between strokes. */
static GArray *
signature_points (VtJournalEntry *signature)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (double));
  JsonObject *payload = vt_journal_entry_get_payload_object (signature);
  /* Signed in ink on the paper: no strokes, nothing to draw. */
  JsonNode *node = json_object_get_member (payload, "strokes");
  JsonArray *strokes = node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                         ? json_node_get_array (node) : NULL;
  const double pen_up = NAN;

  for (guint i = 0; strokes != NULL && i < json_array_get_length (strokes); i++)
    {
      JsonArray *stroke = json_array_get_array_element (strokes, i);

      for (guint j = 0; j < json_array_get_length (stroke); j++)
        {
          double v = json_node_get_double (json_array_get_element (stroke, j));
          g_array_append_val (points, v);
        }
      g_array_append_val (points, pen_up);
      g_array_append_val (points, pen_up);
    }
  return points;
}

/* The header, the footer, the marks and the metadata every page of every document carries. */
static void
start_document (Builder       *b,
                VtDocumentKind kind,
                guint          copy)
{
  VtStore *store = vt_station_get_store (b->station);
  g_autofree char *precinct = vt_config_dup_precinct_title (b->config);
  g_autofree char *left = NULL;
  VtJournalEntry *newest = entry_at (b, (gint64)b->covered);
  g_autofree char *groups = vt_hash_to_groups (newest != NULL && b->covered < b->entries->len
                                                 ? vt_journal_entry_get_hash (newest)
                                                 : vt_store_get_head_hash (store), 16);
  g_autofree char *last = entry_when (b, (gint64)b->covered);
  g_autofree char *footer = NULL;

  b->doc = vt_doc_new (vt_document_kind_get_title (kind, b->config));
  /* Translators: the page header: "0656 Nesttun skole — Kommunestyre- og fylkestingsvalget
   * 2027 — Bergen" */
  left = g_strdup_printf (_("%s — %s — %s"), precinct, vt_config_get_election_name (b->config),
                          vt_config_get_municipality_name (b->config));
  /* Training is said in words as well as by the diagonal mark, so a photocopy or a text search
   * cannot miss it. */
  if (vt_station_get_training (b->station))
    {
      g_autofree char *marked = g_strdup_printf ("%s · %s", _("TRAINING ELECTION"), left);
      g_free (left);
      left = g_steal_pointer (&marked);
    }
  vt_doc_set_header (b->doc, left, vt_document_kind_get_title (kind, b->config));
  /* Translators: the page footer: the checksum of the journal the document was made from, in
   * groups, and the time of the newest entry it covers */
  footer = g_strdup_printf (_("Journal checksum %s · %" PRId64 " entries, the last %s"), groups,
                            (gint64)b->covered, last);
  vt_doc_set_footer (b->doc, footer);
  if (vt_station_get_training (b->station))
    /* Translators: across every printed page of a training station */
    vt_doc_set_watermark (b->doc, _("TRAINING — not valid"));
  if (copy > 0)
    {
      /* Translators: on every page of a reprint: "Copy 2" */
      g_autofree char *label = g_strdup_printf (_("Copy %u"), copy);
      vt_doc_set_copy_label (b->doc, label);
    }
  if (newest != NULL)
    vt_doc_set_created (b->doc, vt_journal_entry_get_time (newest));
}

static VtDocTable *
table_new (Builder *b,
           guint    n_columns,
           ...)
{
  VtDocTable *table = vt_doc_table_new (b->doc, n_columns);
  va_list args;

  /* title, weight, align for each column */
  va_start (args, n_columns);
  for (guint i = 0; i < n_columns; i++)
    {
      const char *title = va_arg (args, const char *);
      double weight = va_arg (args, double);
      VtDocAlign align = va_arg (args, VtDocAlign);
      vt_doc_table_set_column (table, i, title, weight, align);
    }
  va_end (args);
  return table;
}

static void
row (VtDocTable    *table,
     VtDocRowStyle  style,
     ...)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  va_list args;
  const char *cell;

  /* the cells, each a string ("" for an empty one), then NULL */
  va_start (args, style);
  while ((cell = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (cells, (gpointer)cell);
  va_end (args);
  g_ptr_array_add (cells, NULL);
  vt_doc_table_add_row (table, style, (const char * const *)cells->pdata);
}

#define ROW(table, style, ...) row ((table), (style), __VA_ARGS__, (const char *)NULL)

static char *
count_text (gboolean known,
            gint64   n)
{
  return known ? g_strdup_printf ("%" PRId64, n) : g_strdup ("—");
}

/* ---- counts the protocol and the packing lists share ------------------------------------ */

/* Approved ballots of @contest: the party piles together, or the approved pile when the
 * station counts urn totals only. FALSE while a pile is not counted. */
static gboolean
approved_ballots (Builder   *b,
                  VtContest *contest,
                  gint64    *n)
{
  *n = 0;
  if (vt_config_get_count_mode (b->config) == VT_COUNT_TOTALS_ONLY)
    return vt_station_get_pile (b->station, contest->id, "approved", n);

  for (guint i = 0; i < contest->lists->len; i++)
    {
      VtPartyList *list = g_ptr_array_index (contest->lists, i);
      gint64 pile;

      if (!vt_station_get_pile (b->station, contest->id, list->id, &pile))
        return FALSE;
      *n += pile;
    }
  return TRUE;
}

static gboolean
roll_marks_total (Builder *b,
                  int      day,   /* 1-based; 0 for every day */
                  gint64  *n)
{
  GPtrArray *tables = vt_config_get_tables (b->config);
  guint n_days = vt_config_get_days (b->config)->len;

  *n = 0;
  for (guint d = 1; d <= n_days; d++)
    for (guint i = 0; day == 0 || (int)d == day ? i < tables->len : FALSE; i++)
      {
        gint64 marks;

        if (!vt_station_get_roll_marks (b->station,
                                        ((VtRollTable *)g_ptr_array_index (tables, i))->id,
                                        (int)d, &marks))
          return FALSE;
        *n += marks;
      }
  return TRUE;
}

/* The envelopes of @reason: as counted at closing, else as logged during the day. */
static gint64
envelopes (Builder    *b,
           const char *reason,
           gboolean   *counted)
{
  gint64 n;

  *counted = vt_station_get_envelopes_counted (b->station, reason, &n);
  return *counted ? n : vt_station_count_envelopes (b->station, reason);
}

/* ---- the protocol ----------------------------------------------------------------------- */

static void
add_a1 (Builder *b)
{
  GPtrArray *days = vt_config_get_days (b->config);
  VtDocTable *table;

  vt_doc_heading (b->doc, 2, _("A1 Election days and opening hours"));
  table = table_new (b, 4, _("Day"), 1.0, VT_DOC_ALIGN_LEFT, _("Date"), 1.4, VT_DOC_ALIGN_LEFT,
                     _("Opening hours"), 1.6, VT_DOC_ALIGN_LEFT,
                     _("Doors opened and closed"), 2.4, VT_DOC_ALIGN_LEFT);
  for (guint d = 0; d < days->len; d++)
    {
      VtElectionDay *day = g_ptr_array_index (days, d);
      g_autofree char *number = g_strdup_printf ("%u", d + 1);
      g_autofree char *date = g_date_time_format (day->opens, "%d.%m.%Y");
      g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");
      g_autofree char *closes = g_date_time_format (day->closes, "%H:%M");
      g_autofree char *hours = g_strdup_printf ("%s–%s", opens, closes);
      GString *doors = g_string_new (NULL);

      for (guint i = 0; i < b->entries->len; i++)
        {
          VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
          const char *kind = vt_journal_entry_get_kind (entry);
          g_autofree char *on = NULL;
          g_autofree char *at = NULL;

          if ((!g_str_equal (kind, "doors.open") && !g_str_equal (kind, "doors.close")) ||
              is_annulled (b, entry))
            continue;
          on = format_time (b, vt_journal_entry_get_time (entry), "%Y-%m-%d");
          if (!g_str_equal (on, day->date))
            continue;
          at = format_time (b, vt_journal_entry_get_time (entry), "%H:%M");
          g_string_append_printf (doors, "%s%s %s", doors->len > 0 ? ", " : "",
                                  g_str_equal (kind, "doors.open") ? _("opened") : _("closed"),
                                  at);
        }
      ROW (table, VT_DOC_ROW_NORMAL, number, date, hours, doors->str);
      g_string_free (doors, TRUE);
    }
  vt_doc_table_end (table);
}

/* First arrival and last departure of @person, from the log. */
static void
attendance (Builder    *b,
            const char *person,
            char      **arrived,
            char      **left,
            gboolean   *signed_)
{
  *arrived = NULL;
  *left = NULL;
  *signed_ = FALSE;
  for (guint i = 0; i < b->entries->len; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      const char *kind = vt_journal_entry_get_kind (entry);
      JsonObject *payload = vt_journal_entry_get_payload_object (entry);

      if (!g_str_has_prefix (kind, "person.") || is_annulled (b, entry) ||
          g_strcmp0 (json_object_get_string_member_with_default (payload, "person", NULL),
                     person) != 0)
        continue;
      if (g_str_equal (kind, "person.arrive") && *arrived == NULL)
        *arrived = format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M");
      else if (g_str_equal (kind, "person.leave"))
        {
          g_free (*left);
          *left = format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M");
        }
      else if (g_str_equal (kind, "person.declaration"))
        *signed_ = TRUE;
    }
}

static void
add_a2 (Builder *b)
{
  GPtrArray *people = vt_config_get_people (b->config);
  VtDocTable *table;

  vt_doc_heading (b->doc, 2, _("A2 The polling-station board"));
  table = table_new (b, 3, _("Name"), 3.0, VT_DOC_ALIGN_LEFT, _("Function"), 2.0,
                     VT_DOC_ALIGN_LEFT, _("Present"), 1.0, VT_DOC_ALIGN_CENTER);
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      g_autofree char *arrived = NULL;
      g_autofree char *left = NULL;
      gboolean signed_;

      if (!vt_role_is_board (person->role))
        continue;
      attendance (b, person->id, &arrived, &left, &signed_);
      ROW (table, VT_DOC_ROW_NORMAL, person->name, vt_role_get_label (person->role),
           arrived != NULL ? _("yes") : _("no"));
    }
  vt_doc_table_end (table);
}

static const char *
protocol_field_label (VtProtocolField field)
{
  switch (field)
    {
    case VT_FIELD_OTHER_PRECINCT:
      return _("Other precinct (paper roll)");
    case VT_FIELD_SPECIAL:
      return _("Special envelope");
    case VT_FIELD_EMERGENCY:
      return _("Emergency envelope");
    default:
      return "";
    }
}

static void
add_b1 (Builder *b)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);
  VtDocTable *table;
  gint64 total = 0;
  gboolean all_counted = TRUE;
  g_autofree char *total_text = NULL;

  vt_doc_heading (b->doc, 2, _("B1 Envelope votes"));
  vt_doc_note (b->doc, _("Votes cast in a special or emergency envelope, sent unopened with "
                         "shipment 1 to be tried centrally."));
  table = table_new (b, 3, _("Reason"), 4.0, VT_DOC_ALIGN_LEFT, _("Kind"), 2.2,
                     VT_DOC_ALIGN_LEFT, _("Envelopes"), 1.2, VT_DOC_ALIGN_RIGHT);
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gboolean counted;
      gint64 n = envelopes (b, reason->id, &counted);
      g_autofree char *count = g_strdup_printf ("%" PRId64 "%s", n, counted ? "" : " *");

      all_counted &= counted;
      total += n;
      ROW (table, VT_DOC_ROW_NORMAL, reason->label, protocol_field_label (reason->field), count);
    }
  total_text = g_strdup_printf ("%" PRId64, total);
  ROW (table, VT_DOC_ROW_TOTAL, _("Total"), "", total_text);
  vt_doc_table_end (table);
  if (!all_counted)
    vt_doc_note (b->doc, _("* Logged during the day; not yet counted at closing."));
}

static VtFinding *
find_finding (GPtrArray  *findings,
              const char *code,
              const char *subject)
{
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      if (g_str_equal (finding->code, code) && g_strcmp0 (finding->subject, subject) == 0)
        return finding;
    }
  return NULL;
}

static void
add_c1 (Builder   *b,
        GPtrArray *findings)
{
  GPtrArray *contests = vt_config_get_contests (b->config);
  GPtrArray *days = vt_config_get_days (b->config);
  guint n = contests->len;
  VtDocTable *table = vt_doc_table_new (b->doc, n + 1);
  static const char *const piles[] = { "blank", "doubtful" };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  vt_doc_heading (b->doc, 2, _("C1 Ballots in the urns"));
  vt_doc_table_set_column (table, 0, "", 2.6, VT_DOC_ALIGN_LEFT);
  for (guint c = 0; c < n; c++)
    vt_doc_table_set_column (table, c + 1, ((VtContest *)g_ptr_array_index (contests, c))->name,
                             1.6, VT_DOC_ALIGN_RIGHT);

#define EMIT_ROW(style) \
  G_STMT_START { \
    g_ptr_array_add (cells, NULL); \
    vt_doc_table_add_row (table, (style), (const char * const *)cells->pdata); \
    g_ptr_array_set_size (cells, 0); \
  } G_STMT_END

  /* approved, blank, doubtful, total */
  g_ptr_array_add (cells, g_strdup (_("Approved ballots")));
  for (guint c = 0; c < n; c++)
    {
      gint64 approved;
      gboolean known = approved_ballots (b, g_ptr_array_index (contests, c), &approved);
      g_ptr_array_add (cells, count_text (known, approved));
    }
  EMIT_ROW (VT_DOC_ROW_NORMAL);
  for (guint p = 0; p < G_N_ELEMENTS (piles); p++)
    {
      g_ptr_array_add (cells, g_strdup (p == 0 ? _("Blank ballots") : _("Doubtful ballots")));
      for (guint c = 0; c < n; c++)
        {
          gint64 pile;
          gboolean known = vt_station_get_pile (b->station,
                                                ((VtContest *)g_ptr_array_index (contests, c))->id,
                                                piles[p], &pile);
          g_ptr_array_add (cells, count_text (known, pile));
        }
      EMIT_ROW (VT_DOC_ROW_NORMAL);
    }
  g_ptr_array_add (cells, g_strdup (_("Ballots in total")));
  for (guint c = 0; c < n; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      gint64 approved, blank, doubtful;
      gboolean known = approved_ballots (b, contest, &approved) &&
                       vt_station_get_pile (b->station, contest->id, "blank", &blank) &&
                       vt_station_get_pile (b->station, contest->id, "doubtful", &doubtful);
      g_ptr_array_add (cells, count_text (known, approved + blank + doubtful));
    }
  EMIT_ROW (VT_DOC_ROW_TOTAL);

  /* the roll marks, per day and in total, beside each contest */
  for (guint d = 1; d <= days->len && days->len > 1; d++)
    {
      gint64 marks;
      gboolean known = roll_marks_total (b, (int)d, &marks);

      /* Translators: a row of the protocol: "Marks in the roll, day 1" */
      g_ptr_array_add (cells, g_strdup_printf (_("Marks in the roll, day %u"), d));
      for (guint c = 0; c < n; c++)
        g_ptr_array_add (cells, count_text (known, marks));
      EMIT_ROW (VT_DOC_ROW_NORMAL);
    }
  {
    gint64 marks;
    gboolean known = roll_marks_total (b, 0, &marks);

    g_ptr_array_add (cells, g_strdup (_("Marks in the roll in total")));
    for (guint c = 0; c < n; c++)
      g_ptr_array_add (cells, count_text (known, marks));
    EMIT_ROW (VT_DOC_ROW_TOTAL);
  }
#undef EMIT_ROW
  vt_doc_table_end (table);

  /* A remark for every contest, and every difference explained. */
  vt_doc_heading (b->doc, 3, _("Remarks"));
  for (guint c = 0; c < n; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      VtFinding *finding = find_finding (findings, "K402", contest->id);
      g_autofree char *text = NULL;

      if (finding == NULL)
        /* Translators: "Kommunestyrevalget: the ballots agree with the marks in the roll." */
        text = g_strdup_printf (_("%s: the ballots agree with the marks in the roll, or the "
                                  "count is not finished."), contest->name);
      else if (finding->explanation != NULL)
        /* Translators: a difference and the board's explanation of it */
        text = g_strdup_printf (_("%s. Explanation: %s"), finding->message,
                                finding->explanation);
      else
        text = g_strdup_printf (_("%s. Not explained."), finding->message);
      vt_doc_paragraph (b->doc, text);
    }
}

static void
add_c2 (Builder *b)
{
  GPtrArray *contests = vt_config_get_contests (b->config);

  vt_doc_heading (b->doc, 2, _("C2 Ballots by party"));
  if (vt_config_get_count_mode (b->config) == VT_COUNT_TOTALS_ONLY)
    {
      vt_doc_paragraph (b->doc, _("This station counts urn totals only; the ballots are "
                                  "counted by party centrally."));
      return;
    }
  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      VtDocTable *table;
      gint64 approved;
      gboolean known = approved_ballots (b, contest, &approved);
      g_autofree char *total = count_text (known, approved);

      vt_doc_heading (b->doc, 3, contest->name);
      table = table_new (b, 2, _("Party list"), 4.0, VT_DOC_ALIGN_LEFT, _("Ballots"), 1.2,
                         VT_DOC_ALIGN_RIGHT);
      for (guint l = 0; l < contest->lists->len; l++)
        {
          VtPartyList *list = g_ptr_array_index (contest->lists, l);
          gint64 pile;
          gboolean counted = vt_station_get_pile (b->station, contest->id, list->id, &pile);
          g_autofree char *count = count_text (counted, pile);

          ROW (table, VT_DOC_ROW_NORMAL, list->name, count);
        }
      ROW (table, VT_DOC_ROW_TOTAL, _("Approved ballots"), total);
      vt_doc_table_end (table);
    }
}

/* Kinds that D lists: what happened and what the board decided. */
static gboolean
is_other_matter (const char *kind)
{
  return g_str_has_prefix (kind, "incident.") || g_str_equal (kind, VT_ENTRY_NOTE) ||
         g_str_equal (kind, "seal.break") || g_str_equal (kind, "urn.full") ||
         g_str_equal (kind, "strip.void") || g_str_equal (kind, "check.deviation") ||
         g_str_equal (kind, "count.explain");
}

static void
add_d (Builder   *b,
       GPtrArray *findings)
{
  VtDocTable *table;
  guint n_checks;
  const VtCheckInfo *checks = vt_check_get_all (&n_checks);
  gboolean any = FALSE;

  vt_doc_heading (b->doc, 2, vt_config_get_protocol (b->config) == VT_PROTOCOL_2019
                               ? _("D Other matters")
                               : _("D Deviations, control measures and notable incidents"));
  vt_doc_note (b->doc, _("Incidents and the board's decisions, with the number of their entry "
                         "in the log (annex 1)."));
  table = table_new (b, 3, _("Entry"), 0.7, VT_DOC_ALIGN_RIGHT, _("Time"), 1.3,
                     VT_DOC_ALIGN_LEFT, _("What happened"), 6.0, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < b->entries->len; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      g_autofree char *seq = NULL;
      g_autofree char *when = NULL;
      g_autofree char *label = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *text = NULL;

      if (!is_other_matter (vt_journal_entry_get_kind (entry)) || is_annulled (b, entry))
        continue;
      seq = g_strdup_printf ("%" PRId64, vt_journal_entry_get_seq (entry));
      when = format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M");
      label = vt_journal_entry_dup_kind_label (entry);
      summary = vt_journal_entry_dup_summary (entry, b->config);
      text = g_strdup_printf ("%s: %s", label, summary);
      ROW (table, VT_DOC_ROW_NORMAL, seq, when, text);
      any = TRUE;
    }
  if (!any)
    ROW (table, VT_DOC_ROW_NORMAL, "", "", _("Nothing to note."));
  vt_doc_table_end (table);

  /* The numbered checks are the control measures: each says what it found. */
  vt_doc_heading (b->doc, 3, _("Numbered checks"));
  table = table_new (b, 2, _("Check"), 2.4, VT_DOC_ALIGN_LEFT, _("Result"), 5.0,
                     VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < n_checks; i++)
    {
      GString *result = g_string_new (NULL);
      g_autofree char *title = g_strdup_printf ("%s %s", checks[i].code,
                                                vt_check_get_title (&checks[i]));

      for (guint f = 0; f < findings->len; f++)
        {
          VtFinding *finding = g_ptr_array_index (findings, f);

          if (!g_str_equal (finding->code, checks[i].code))
            continue;
          g_string_append_printf (result, "%s%s", result->len > 0 ? "\n" : "", finding->message);
          if (finding->explanation != NULL)
            /* Translators: after a finding of a numbered check */
            g_string_append_printf (result, _(" Explained: %s"), finding->explanation);
        }
      ROW (table, VT_DOC_ROW_NORMAL, title, result->len > 0 ? result->str : _("In order"));
      g_string_free (result, TRUE);
    }
  vt_doc_table_end (table);
}

static void
add_signatures (Builder *b)
{
  GPtrArray *people = vt_config_get_people (b->config);
  g_autoptr(GArray) signers = g_array_new (FALSE, TRUE, sizeof (VtDocSigner));
  g_autoptr(GPtrArray) points = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  gboolean two_only = vt_config_get_protocol (b->config) != VT_PROTOCOL_2019;
  gboolean stale = FALSE;

  /* The signature sheet is a page of its own: nobody signs under half a table. */
  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Signatures"));
  vt_doc_paragraph (b->doc, two_only
                              ? _("Signed by the polling station's leader and deputy leader.")
                              : _("Signed by the members of the polling-station board present "
                                  "at the count."));
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      VtJournalEntry *signature;
      VtDocSigner signer = { 0 };

      if (two_only ? person->role != VT_ROLE_LEDER && person->role != VT_ROLE_NESTLEDER
                   : !vt_role_is_board (person->role))
        continue;
      signer.role = vt_role_get_label (person->role);
      signer.name = person->name;
      signature = find_signature (b, person->id);
      switch (signature_state (b, signature))
        {
        case VT_SIGNATURE_CURRENT:
          {
            GArray *strokes = signature_points (signature);
            g_ptr_array_add (points, strokes);
            signer.points = (const double *)(void *)strokes->data;
            signer.n_points = strokes->len;
          }
          break;
        case VT_SIGNATURE_STALE:
          stale = TRUE;
          break;
        case VT_SIGNATURE_NONE:
        default:
          break;
        }
      g_array_append_val (signers, signer);
    }
  if (stale)
    vt_doc_paragraph (b->doc, _("AMENDED AFTER SIGNING: the log went on after some signatures "
                                "were given. Those who signed before sign again, on screen or "
                                "on this page."));
  vt_doc_paragraph (b->doc, _("Place and date: ______________________________"));
  vt_doc_signatures (b->doc, (const VtDocSigner *)(void *)signers->data, signers->len);
}

/* Annex: the whole log in time order, corrections beside what they correct. */
static void
add_log_annex (Builder *b)
{
  VtDocTable *table;

  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Annex 1: The log"));
  vt_doc_note (b->doc, _("Every entry in the order it was written, refused attempts included, "
                         "up to the last entry that changes this protocol (prints and "
                         "signatures after it are in the station file). Nothing is removed: a "
                         "correction is its own entry, and the entry it corrects says so."));
  table = table_new (b, 5, _("No."), 0.6, VT_DOC_ALIGN_RIGHT, _("Time"), 1.9, VT_DOC_ALIGN_LEFT,
                     _("Kind"), 1.8, VT_DOC_ALIGN_LEFT, _("By"), 1.4, VT_DOC_ALIGN_LEFT,
                     _("Entry"), 4.2, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < b->covered; i++)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i);
      gint64 seq = vt_journal_entry_get_seq (entry);
      g_autofree char *number = g_strdup_printf ("%" PRId64, seq);
      g_autofree char *when = format_time (b, vt_journal_entry_get_time (entry), "%d.%m %H:%M:%S");
      g_autofree char *label = vt_journal_entry_dup_kind_label (entry);
      g_autofree char *summary = vt_journal_entry_dup_summary (entry, b->config);
      gint64 by = GPOINTER_TO_INT (g_hash_table_lookup (b->corrected_by, GINT_TO_POINTER (seq)));
      g_autofree char *text = NULL;

      if (by > 0)
        text = g_strdup_printf (is_annulled (b, entry)
                                  /* Translators: after a log line: "(annulled by entry 40)" */
                                  ? _("%s (annulled by entry %" PRId64 ")")
                                  : _("%s (corrected by entry %" PRId64 ")"),
                                summary, by);
      ROW (table, VT_DOC_ROW_NORMAL, number, when, label,
           person_name (b, vt_journal_entry_get_actor (entry)), text != NULL ? text : summary);
    }
  vt_doc_table_end (table);
}

static const char *
strip_status_label (const char *status)
{
  if (g_str_equal (status, "received"))
    return _("unused");
  if (g_str_equal (status, "applied"))
    return _("on an urn");
  if (g_str_equal (status, "broken"))
    return _("broken");
  if (g_str_equal (status, "void"))
    return _("void");
  if (g_str_equal (status, "returned"))
    return _("returned");
  return status;
}

static void
add_seal_register (Builder *b)
{
  g_autoptr(GPtrArray) strips = vt_station_dup_strips (b->station);
  VtDocTable *table;
  gint64 received = 0, applied = 0, broken = 0, voided = 0, returned = 0, unused = 0;

  table = table_new (b, 6, _("Strip"), 1.5, VT_DOC_ALIGN_RIGHT, _("Now"), 1.2,
                     VT_DOC_ALIGN_LEFT, _("Urn"), 1.6, VT_DOC_ALIGN_LEFT, _("Received"), 1.6,
                     VT_DOC_ALIGN_LEFT, _("Applied, void or returned"), 2.6, VT_DOC_ALIGN_LEFT,
                     _("Broken"), 2.6, VT_DOC_ALIGN_LEFT);
  for (guint i = 0; i < strips->len; i++)
    {
      VtStripState *strip = g_ptr_array_index (strips, i);
      VtStripState *last = strip;
      g_autofree char *number = NULL;
      g_autofree char *urn = NULL;
      g_autofree char *got = entry_when (b, strip->received);
      g_autofree char *used = NULL;
      g_autofree char *broke = NULL;
      guint j;

      /* Strips that went the same way together (received, returned unused) are one range. */
      for (j = i + 1; strip->urn == NULL && j < strips->len; j++)
        {
          VtStripState *next = g_ptr_array_index (strips, j);
          if (next->number != last->number + 1 || next->urn != NULL ||
              !g_str_equal (next->status, strip->status) || next->used != strip->used ||
              next->received != strip->received || next->broken != strip->broken)
            break;
          last = next;
        }
      number = last == strip ? g_strdup_printf ("%" PRId64, strip->number)
                             : g_strdup_printf ("%" PRId64 "–%" PRId64, strip->number,
                                                last->number);

      if (strip->urn != NULL)
        urn = g_strdup_printf ("%s%s", strip->urn,
                               g_strcmp0 (strip->place, "slot") == 0 ? _(" (slot)") : "");
      if (strip->used > 0)
        {
          g_autofree char *when = entry_when (b, strip->used);
          VtJournalEntry *entry = entry_at (b, strip->used);
          g_autofree char *label = entry != NULL ? vt_journal_entry_dup_kind_label (entry)
                                                 : g_strdup ("");
          used = g_strdup_printf ("%s, %s (%" PRId64 ")", label, when, strip->used);
        }
      if (strip->broken > 0)
        {
          g_autofree char *when = entry_when (b, strip->broken);
          VtJournalEntry *entry = entry_at (b, strip->broken);
          g_autofree char *summary = entry != NULL
                                       ? vt_journal_entry_dup_summary (entry, b->config)
                                       : g_strdup ("");
          broke = g_strdup_printf ("%s, %s (%" PRId64 ")", summary, when, strip->broken);
        }
      ROW (table, VT_DOC_ROW_NORMAL, number, strip_status_label (strip->status),
           urn != NULL ? urn : "", got, used != NULL ? used : "", broke != NULL ? broke : "");

      for (guint k = i; k < j && k < strips->len; k++)
        {
          VtStripState *counted = g_ptr_array_index (strips, k);

          received += counted->received > 0;
          applied += g_str_equal (counted->status, "applied");
          broken += g_str_equal (counted->status, "broken");
          voided += g_str_equal (counted->status, "void");
          returned += g_str_equal (counted->status, "returned");
          unused += g_str_equal (counted->status, "received");
        }
      i = j - 1;
    }
  if (strips->len == 0)
    ROW (table, VT_DOC_ROW_NORMAL, "", "", "", _("No seal strips registered."), "", "");
  vt_doc_table_end (table);

  vt_doc_heading (b->doc, 3, _("Balance"));
  table = table_new (b, 2, "", 4.0, VT_DOC_ALIGN_LEFT, _("Strips"), 1.0, VT_DOC_ALIGN_RIGHT);
  {
    struct { const char *label; gint64 n; VtDocRowStyle style; } lines[] = {
      { _("Received"), received, VT_DOC_ROW_NORMAL },
      { _("On an urn"), applied, VT_DOC_ROW_NORMAL },
      { _("Broken (urn opened or seal broken)"), broken, VT_DOC_ROW_NORMAL },
      { _("Void"), voided, VT_DOC_ROW_NORMAL },
      { _("Returned unused"), returned, VT_DOC_ROW_NORMAL },
      { _("Not accounted for"), unused, VT_DOC_ROW_TOTAL },
    };
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        g_autofree char *n = g_strdup_printf ("%" PRId64, lines[i].n);
        ROW (table, lines[i].style, lines[i].label, n);
      }
  }
  vt_doc_table_end (table);
}

static void
add_staff_annex (Builder *b)
{
  GPtrArray *people = vt_config_get_people (b->config);
  VtDocTable *table;

  vt_doc_heading (b->doc, 2, _("Annex 3: Staff"));
  table = table_new (b, 5, _("Name"), 2.6, VT_DOC_ALIGN_LEFT, _("Role"), 2.0, VT_DOC_ALIGN_LEFT,
                     _("Arrived"), 1.3, VT_DOC_ALIGN_LEFT, _("Left"), 1.3, VT_DOC_ALIGN_LEFT,
                     _("Declaration"), 1.3, VT_DOC_ALIGN_CENTER);
  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      g_autofree char *arrived = NULL;
      g_autofree char *left = NULL;
      gboolean signed_;

      attendance (b, person->id, &arrived, &left, &signed_);
      ROW (table, VT_DOC_ROW_NORMAL, person->name, vt_role_get_label (person->role),
           arrived != NULL ? arrived : "—", left != NULL ? left : "—",
           signed_ ? _("signed") : "—");
    }
  vt_doc_table_end (table);
}

static void
build_protocol (Builder *b)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (b->station);
  g_autofree char *precinct = vt_config_dup_precinct_title (b->config);
  g_autofree char *place = NULL;

  vt_doc_heading (b->doc, 1, vt_document_kind_get_title (VT_DOCUMENT_PROTOCOL, b->config));
  /* Translators: under the protocol's title: election, precinct, municipality, county */
  place = g_strdup_printf (_("%s\nPrecinct %s, %s (%s), %s"),
                           vt_config_get_election_name (b->config), precinct,
                           vt_config_get_municipality_name (b->config),
                           vt_config_get_municipality_number (b->config),
                           vt_config_get_county (b->config));
  vt_doc_paragraph (b->doc, place);

  add_a1 (b);
  add_a2 (b);
  add_b1 (b);
  add_c1 (b, findings);
  add_c2 (b);
  add_d (b, findings);
  add_signatures (b);

  add_log_annex (b);
  vt_doc_page_break (b->doc);
  vt_doc_heading (b->doc, 2, _("Annex 2: Seal register"));
  add_seal_register (b);
  vt_doc_page_break (b->doc);
  add_staff_annex (b);
}

/* ---- packing lists, receipt, seal register ---------------------------------------------- */

static VtJournalEntry *
last_of_kind (Builder    *b,
              const char *kind)
{
  for (guint i = b->entries->len; i > 0; i--)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i - 1);
      if (g_str_equal (vt_journal_entry_get_kind (entry), kind) && !is_annulled (b, entry))
        return entry;
    }
  return NULL;
}

/* The number a packing-list item's "count" names, or NULL when it is not known yet. */
static char *
resolve_count (Builder    *b,
               const char *count)
{
  g_auto(GStrv) parts = g_strsplit (count, ":", 2);
  GPtrArray *contests = vt_config_get_contests (b->config);
  gint64 n = 0;
  gboolean known = FALSE;

  if (parts[1] == NULL)
    return NULL;
  if (g_str_equal (parts[0], "roll-marks") && g_str_equal (parts[1], "total"))
    known = roll_marks_total (b, 0, &n);
  else if (g_str_equal (parts[0], "envelopes"))
    {
      GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);
      gboolean counted;

      known = TRUE;
      for (guint i = 0; i < reasons->len; i++)
        {
          VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
          if (g_str_equal (parts[1], "total") || g_str_equal (parts[1], reason->id))
            n += envelopes (b, reason->id, &counted);
        }
    }
  else if (g_str_equal (parts[0], "shipment"))
    {
      /* What the board counted into shipment 1 (rolls, stamps, envelopes), as corrected. */
      VtJournalEntry *packed = last_of_kind (b, VT_KIND_SHIPMENT_PACKED);
      g_autoptr(JsonObject) payload = NULL;

      if (packed != NULL)
        payload = vt_rules_effective_payload (vt_store_get_db (vt_station_get_store (b->station)),
                                              vt_journal_entry_get_seq (packed),
                                              vt_journal_entry_get_payload (packed));
      if (payload != NULL && json_object_has_member (payload, parts[1]))
        {
          known = TRUE;
          n = json_object_get_int_member (payload, parts[1]);
        }
    }
  else if (g_str_equal (parts[0], "strips") && g_str_equal (parts[1], "returned"))
    {
      g_autoptr(GPtrArray) strips = vt_station_dup_strips (b->station);
      known = TRUE;
      for (guint i = 0; i < strips->len; i++)
        n += g_str_equal (((VtStripState *)g_ptr_array_index (strips, i))->status, "returned");
    }
  else
    for (guint c = 0; c < contests->len; c++)
      {
        VtContest *contest = g_ptr_array_index (contests, c);

        if (!g_str_equal (contest->id, parts[1]))
          continue;
        if (g_str_equal (parts[0], "ballots"))
          known = approved_ballots (b, contest, &n);
        else if (g_str_equal (parts[0], "blank") || g_str_equal (parts[0], "doubtful"))
          known = vt_station_get_pile (b->station, contest->id, parts[0], &n);
      }
  return known ? g_strdup_printf ("%" PRId64, n) : NULL;
}

static void
ink_signatures (Builder            *b,
                const char * const *roles)
{
  g_autoptr(GArray) signers = g_array_new (FALSE, TRUE, sizeof (VtDocSigner));

  for (guint i = 0; roles[i] != NULL; i++)
    {
      VtDocSigner signer = { roles[i], "", NULL, 0 };
      g_array_append_val (signers, signer);
    }
  vt_doc_form_signatures (b->doc, (const VtDocSigner *)(void *)signers->data, signers->len);
}

static void
build_packing_lists (Builder *b)
{
  GPtrArray *lists = vt_config_get_packing_lists (b->config);

  for (guint i = 0; i < lists->len; i++)
    {
      VtPackingList *list = g_ptr_array_index (lists, i);
      VtDocTable *table;
      const char *roles[] = { _("Packed by"), _("Checked by"), NULL };

      if (i > 0)
        vt_doc_page_break (b->doc);
      vt_doc_heading (b->doc, 1, list->title);
      vt_doc_note (b->doc, _("Tick each item as it goes into the box. A count left blank was not "
                             "known when the list was printed: write it in."));
      table = table_new (b, 3, "", 0.4, VT_DOC_ALIGN_CHECKBOX, _("Item"), 6.0, VT_DOC_ALIGN_LEFT,
                         _("Count"), 1.2, VT_DOC_ALIGN_RIGHT);
      for (guint j = 0; j < list->items->len; j++)
        {
          VtPackingItem *item = g_ptr_array_index (list->items, j);
          g_autofree char *count = item->count != NULL ? resolve_count (b, item->count) : NULL;

          ROW (table, VT_DOC_ROW_NORMAL, "", item->text, count != NULL ? count : "");
        }
      vt_doc_table_end (table);
      ink_signatures (b, roles);
    }
  if (lists->len == 0)
    vt_doc_paragraph (b->doc, _("The election configuration has no packing lists."));
}

static void
build_receipt (Builder *b)
{
  VtJournalEntry *packed = last_of_kind (b, "shipment.packed");
  VtJournalEntry *handed = last_of_kind (b, "shipment.handed-over");
  g_autoptr(JsonObject) packed_payload = packed != NULL
    ? vt_station_dup_effective_payload (b->station, packed) : NULL;
  g_autoptr(JsonObject) handed_payload = handed != NULL
    ? vt_station_dup_effective_payload (b->station, handed) : NULL;
  const VtPerson *chair = vt_config_get_chair (b->config);
  GPtrArray *reasons = vt_config_get_envelope_reasons (b->config);
  const char *copies[] = { _("Copy 1 of 2: stays in the election binder"),
                           _("Copy 2 of 2: travels with shipment 1") };

  for (guint copy = 0; copy < G_N_ELEMENTS (copies); copy++)
    {
      VtDocTable *table;
      const char *roles[] = { _("Handed over by"), _("Received by"), NULL };
      g_autofree char *when = handed != NULL
        ? format_time (b, vt_journal_entry_get_time (handed), "%d.%m.%Y %H:%M") : NULL;
      const char *to = handed_payload != NULL
        ? json_object_get_string_member_with_default (handed_payload, "to", NULL) : NULL;

      if (copy > 0)
        vt_doc_page_break (b->doc);
      vt_doc_heading (b->doc, 1, _("Handover receipt for shipment 1"));
      vt_doc_heading (b->doc, 3, copies[copy]);

      table = table_new (b, 2, _("Contents"), 5.0, VT_DOC_ALIGN_LEFT, _("Count"), 1.2,
                         VT_DOC_ALIGN_RIGHT);
      {
        static const struct { const char *field; const char *label; } items[] = {
          { "rolls", N_("Rolls (with the marks per table)") },
          { "stamps", N_("Stamps") },
          { "envelopes", N_("Special envelopes in total") },
        };
        for (guint i = 0; i < G_N_ELEMENTS (items); i++)
          {
            g_autofree char *n = packed_payload != NULL
              ? g_strdup_printf ("%" PRId64, json_object_get_int_member_with_default (
                                                packed_payload, items[i].field, 0))
              : g_strdup ("");
            ROW (table, i == 2 ? VT_DOC_ROW_TOTAL : VT_DOC_ROW_NORMAL, _(items[i].label), n);
          }
      }
      for (guint i = 0; i < reasons->len; i++)
        {
          VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
          gboolean counted;
          g_autofree char *n = g_strdup_printf ("%" PRId64, envelopes (b, reason->id, &counted));
          /* Translators: a line of the receipt under "Special envelopes in total" */
          g_autofree char *label = g_strdup_printf (_("of which: %s"), reason->label);
          ROW (table, VT_DOC_ROW_NORMAL, label, n);
        }
      vt_doc_table_end (table);

      table = table_new (b, 2, "", 1.6, VT_DOC_ALIGN_LEFT, "", 4.0, VT_DOC_ALIGN_LEFT);
      ROW (table, VT_DOC_ROW_NORMAL, _("From"), chair != NULL ? chair->name : "");
      ROW (table, VT_DOC_ROW_NORMAL, _("To"), to != NULL ? to : "");
      ROW (table, VT_DOC_ROW_NORMAL, _("Handed over"), when != NULL ? when : "");
      vt_doc_table_end (table);
      ink_signatures (b, roles);
    }
}

/* The final delivery: the ballots and the election binder go to the municipality after the
 * count. Its contents are the boxes the packing lists describe, with their counts. */
static void
add_final_delivery (Builder *b)
{
  GPtrArray *contests = vt_config_get_contests (b->config);
  GPtrArray *lists = vt_config_get_packing_lists (b->config);
  const VtPerson *chair = vt_config_get_chair (b->config);
  const char *copies[] = { _("Copy 1 of 2: stays with the polling station's chair"),
                           _("Copy 2 of 2: travels with the delivery") };

  for (guint copy = 0; copy < G_N_ELEMENTS (copies); copy++)
    {
      VtDocTable *table;
      const char *roles[] = { _("Handed over by"), _("Received by"), NULL };

      vt_doc_page_break (b->doc);
      vt_doc_heading (b->doc, 1, _("Handover receipt for the final delivery"));
      vt_doc_heading (b->doc, 3, copies[copy]);
      table = table_new (b, 2, _("Contents"), 5.0, VT_DOC_ALIGN_LEFT, _("Count"), 1.2,
                         VT_DOC_ALIGN_RIGHT);
      for (guint c = 0; c < contests->len; c++)
        {
          VtContest *contest = g_ptr_array_index (contests, c);
          static const char *const piles[] = { "approved", "blank", "doubtful" };

          ROW (table, VT_DOC_ROW_SUBHEAD, contest->name, "");
          for (guint p = 0; p < G_N_ELEMENTS (piles); p++)
            {
              gint64 n;
              gboolean known = p == 0 ? approved_ballots (b, contest, &n)
                                      : vt_station_get_pile (b->station, contest->id, piles[p],
                                                             &n);
              g_autofree char *count = known ? g_strdup_printf ("%" PRId64, n) : g_strdup ("");
              ROW (table, VT_DOC_ROW_NORMAL,
                   p == 0 ? _("Approved ballots") : p == 1 ? _("Blank ballots")
                                                           : _("Doubtful ballots"),
                   count);
            }
        }
      if (lists->len > 0)
        ROW (table, VT_DOC_ROW_SUBHEAD, _("Packed as on the packing lists"), "");
      for (guint i = 0; i < lists->len; i++)
        ROW (table, VT_DOC_ROW_NORMAL, ((VtPackingList *)g_ptr_array_index (lists, i))->title,
             "");
      vt_doc_table_end (table);

      table = table_new (b, 2, "", 1.6, VT_DOC_ALIGN_LEFT, "", 4.0, VT_DOC_ALIGN_LEFT);
      ROW (table, VT_DOC_ROW_NORMAL, _("From"), chair != NULL ? chair->name : "");
      ROW (table, VT_DOC_ROW_NORMAL, _("To"), "");
      ROW (table, VT_DOC_ROW_NORMAL, _("Handed over"), "");
      vt_doc_table_end (table);
      ink_signatures (b, roles);
    }
}

static void
build_seals (Builder *b)
{
  vt_doc_heading (b->doc, 1, vt_document_kind_get_title (VT_DOCUMENT_SEALS, b->config));
  vt_doc_note (b->doc, _("Every numbered seal strip received: where it went, when and by which "
                         "log entry (in brackets). Received = on an urn + broken + void + "
                         "returned + not accounted for."));
  add_seal_register (b);
}

/* The copy number the next print of @kind gets: 0 the first time, then 1, 2 … */
guint
vt_document_next_copy (VtStation      *station,
                       VtDocumentKind  kind)
{
  GListModel *journal = vt_station_get_journal (station);
  guint n = 0;

  g_return_val_if_fail (VT_IS_STATION (station), 0);

  for (guint i = 0; i < g_list_model_get_n_items (journal); i++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i);

      if (g_str_equal (vt_journal_entry_get_kind (entry), "document.printed") &&
          g_strcmp0 (json_object_get_string_member_with_default (
                       vt_journal_entry_get_payload_object (entry), "document", NULL),
                     vt_document_kind_to_string (kind)) == 0)
        n++;
    }
  return n;
}

/* Logs that @kind was printed or saved as copy @copy. */
gboolean
vt_document_log_printed (VtStation      *station,
                         VtDocumentKind  kind,
                         guint           copy,
                         GError        **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autofree char *id = g_uuid_string_random ();

  json_object_set_string_member (payload, "document", vt_document_kind_to_string (kind));
  json_object_set_int_member (payload, "copy", copy);
  entry = vt_station_execute (station, id, "document.printed", vt_station_get_actor (station),
                              payload, error);
  return entry != NULL;
}

VtSignatureState
vt_document_get_signature (VtStation  *station,
                           const char *person_id)
{
  Builder b = { 0 };
  VtSignatureState state;

  g_return_val_if_fail (VT_IS_STATION (station), VT_SIGNATURE_NONE);

  builder_init (&b, station);
  state = signature_state (&b, find_signature (&b, person_id));
  builder_clear (&b);
  return state;
}

gint64
vt_document_get_signature_staled_by (VtStation  *station,
                                     const char *person_id)
{
  Builder b = { 0 };
  VtJournalEntry *signature;
  gint64 staled_by = 0;

  g_return_val_if_fail (VT_IS_STATION (station), 0);

  builder_init (&b, station);
  signature = find_signature (&b, person_id);
  if (signature != NULL)
    for (guint i = vt_journal_entry_get_seq (signature); i < b.entries->len; i++)
      if (!is_signature_entry (&b, g_ptr_array_index (b.entries, i)))
        {
          staled_by = (gint64)i + 1;
          break;
        }
  builder_clear (&b);
  return staled_by;
}

VtDoc *
vt_document_build (VtStation      *station,
                   VtDocumentKind  kind,
                   guint           copy)
{
  return vt_document_build_in (station, kind, copy, NULL);
}

VtDoc *
vt_document_build_in (VtStation      *station,
                      VtDocumentKind  kind,
                      guint           copy,
                      const char     *language)
{
  Builder b = { 0 };
  const char *lang;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  g_return_val_if_fail (language == NULL || vt_i18n_language_is_known (language), NULL);

  /* Every word of the document, the catalogue's labels and the log's summaries too, in the
   * election's language, whatever the computer's. */
  lang = language != NULL ? language : vt_config_get_language (vt_station_get_config (station));
  g_auto(VtLanguageScope) scope = vt_language_scope (lang);

  builder_init (&b, station);
  /* The protocol covers the log up to its last entry that changes what it says: prints,
   * saved PDFs, refusals and signatures after that entry leave the paper as it was signed, so
   * a reprint differs from the original only by its copy mark (and the footer's checksum names
   * that entry, which the station file still holds). */
  b.covered = b.entries->len;
  if (kind == VT_DOCUMENT_PROTOCOL && last_signed_content (&b) > 0)
    b.covered = (guint)last_signed_content (&b);
  start_document (&b, kind, copy);
  vt_doc_set_language (b.doc, lang);
  switch (kind)
    {
    case VT_DOCUMENT_PROTOCOL:
      build_protocol (&b);
      break;
    case VT_DOCUMENT_PACKING_LIST:
      build_packing_lists (&b);
      break;
    case VT_DOCUMENT_RECEIPT:
      build_receipt (&b);
      add_final_delivery (&b);
      break;
    case VT_DOCUMENT_SEALS:
      build_seals (&b);
      break;
    default:
      g_assert_not_reached ();
    }
  builder_clear (&b);
  return b.doc;
}
