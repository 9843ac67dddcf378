/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-documents"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include "vt-i18n.h"

#include "vt-checks.h"
#include "vt-command.h"
#include "vt-documents-private.h"
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
  { VT_DOCUMENT_OPENING_REPORT, "opening-report" },
  { VT_DOCUMENT_CLOSING_REPORT, "closing-report" },
  { VT_DOCUMENT_MEETING_PROTOCOL, "meeting-protocol" },
  { VT_DOCUMENT_OFFICE_NOTICE, "office-notice" },
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
    case VT_DOCUMENT_OPENING_REPORT:
      return _("Report at the opening of the polling station");
    case VT_DOCUMENT_CLOSING_REPORT:
      return _("Report at the closing of the polling station");
    case VT_DOCUMENT_MEETING_PROTOCOL:
      return _("Protocol of the elections at the annual meeting");
    case VT_DOCUMENT_OFFICE_NOTICE:
      return _("Notice of the new office holders");
    default:
      g_return_val_if_reached ("");
    }
}

gboolean
vt_document_kind_applies (VtDocumentKind  kind,
                          VtConfig       *config)
{
  gboolean meeting_document = kind == VT_DOCUMENT_MEETING_PROTOCOL ||
                              kind == VT_DOCUMENT_OFFICE_NOTICE;

  g_return_val_if_fail (VT_IS_CONFIG (config), FALSE);
  return meeting_document == vt_config_is_organisation (config);
}

/* ---- what every document needs from the journal ----------------------------------------- */


void
vt_builder_clear (Builder *b)
{
  g_clear_pointer (&b->entries, g_ptr_array_unref);
  g_clear_pointer (&b->corrected_by, g_hash_table_unref);
  g_clear_pointer (&b->annulled, g_hash_table_unref);
}

VtJournalEntry *
vt_builder_entry_at (Builder *b,
          gint64   seq)
{
  if (seq < 1 || seq > (gint64)b->entries->len)
    return NULL;
  return g_ptr_array_index (b->entries, seq - 1);
}

char *
vt_builder_format_time (Builder    *b,
             GDateTime  *utc,
             const char *format)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, b->tz);
  return g_date_time_format (local, format);
}

/* "13.09.2027 21:02" for an entry, or "" when there is none. */
char *
vt_builder_entry_when (Builder *b,
            gint64   seq)
{
  VtJournalEntry *entry = vt_builder_entry_at (b, seq);

  if (entry == NULL)
    return g_strdup ("");
  return vt_builder_format_time (b, vt_journal_entry_get_time (entry), "%d.%m.%Y %H:%M");
}

gboolean
vt_builder_is_annulled (Builder        *b,
             VtJournalEntry *entry)
{
  return g_hash_table_contains (b->annulled, GINT_TO_POINTER (vt_journal_entry_get_seq (entry)));
}

const char *
vt_builder_person_name (Builder    *b,
             const char *id)
{
  const VtPerson *person = vt_config_find_person (b->config, id);
  return person != NULL ? person->name : id;
}

void
vt_builder_init (Builder   *b,
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
          if (g_str_equal (kind, VT_KIND_CORRECTION_ANNUL))
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
      VtJournalEntry *corrected = vt_builder_entry_at (b, target);
      return corrected != NULL &&
             (g_str_equal (vt_journal_entry_get_kind (corrected), VT_KIND_PROTOCOL_SIGN) ||
              g_str_equal (vt_journal_entry_get_kind (corrected), VT_KIND_MEETING_SIGN));
    }
  return FALSE;
}

/* The newest entry a signature has to cover: everything but the signatures themselves. */
gint64
vt_builder_last_signed_content (Builder *b)
{
  for (guint i = b->entries->len; i > 0; i--)
    if (!is_signature_entry (b, g_ptr_array_index (b->entries, i - 1)))
      return (gint64)i;
  return 0;
}

/* @person's newest signature that was not annulled, or NULL. */
VtJournalEntry *
vt_builder_find_signature (Builder    *b,
                const char *person)
{
  for (guint i = b->entries->len; i > 0; i--)
    {
      VtJournalEntry *entry = g_ptr_array_index (b->entries, i - 1);

      if (g_str_equal (vt_journal_entry_get_kind (entry), VT_KIND_PROTOCOL_SIGN) &&
          !vt_builder_is_annulled (b, entry) &&
          g_strcmp0 (json_object_get_string_member_with_default (
                       vt_journal_entry_get_payload_object (entry), "person", NULL),
                     person) == 0)
        return entry;
    }
  return NULL;
}

VtSignatureState
vt_builder_signature_state (Builder        *b,
                 VtJournalEntry *signature)
{
  if (signature == NULL)
    return VT_SIGNATURE_NONE;
  return vt_journal_entry_get_seq (signature) > vt_builder_last_signed_content (b) ? VT_SIGNATURE_CURRENT
                                                                         : VT_SIGNATURE_STALE;
}

/* The strokes of a signature as x, y pairs with a NAN pair between strokes. */
GArray *
vt_builder_signature_points (VtJournalEntry *signature)
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
  VtJournalEntry *newest = vt_builder_entry_at (b, (gint64)b->covered);
  g_autofree char *groups = vt_hash_to_groups (newest != NULL && b->covered < b->entries->len
                                                 ? vt_journal_entry_get_hash (newest)
                                                 : vt_store_get_head_hash (store), 16);
  g_autofree char *last = vt_builder_entry_when (b, (gint64)b->covered);
  g_autofree char *footer = NULL;

  b->doc = vt_doc_new (vt_document_kind_get_title (kind, b->config));
  /* Translators: the page header: "0656 Nesttun skole — Kommunestyre- og fylkestingsvalget
   * 2027 — Bergen" */
  if (vt_config_is_organisation (b->config))
    /* A meeting has no municipality: the group and its organisation, then the election. */
    left = g_strdup_printf (_("%s — %s"), precinct, vt_config_get_election_name (b->config));
  else
    left = g_strdup_printf (_("%s — %s — %s"), precinct,
                            vt_config_get_election_name (b->config),
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
  {
    const char *sha = NULL;

    /* A replayed day is said on every page, with the scenario it came from. */
    if (vt_station_get_replay_origin (b->station, NULL, &sha))
      {
        g_autofree char *start = g_strndup (sha, 12);
        /* Translators: appended to the footer's checksum line of a station made by valgting
         * replay: the start of the scenario file's SHA-256 */
        g_autofree char *replayed = g_strdup_printf (_("%s · made by replay of scenario sha256 "
                                                       "%s…"), footer, start);
        g_free (footer);
        footer = g_steal_pointer (&replayed);
      }
  }
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
  /* The metadata's date is the newest entry's, so the same log gives the same file; the
   * footer's time of printing is the station's clock's, in the election's time zone. */
  if (newest != NULL)
    vt_doc_set_created (b->doc, vt_journal_entry_get_time (newest));
  {
    g_autoptr(GDateTime) now = vt_station_dup_now (b->station);
    g_autoptr(GDateTime) printed = g_date_time_to_timezone (now, b->tz);

    vt_doc_set_printed (b->doc, printed);
  }
}

VtDocTable *
vt_builder_table_new (Builder *b,
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

void
vt_builder_row (VtDocTable    *table,
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


char *
vt_builder_count_text (gboolean known,
            gint64   n)
{
  return known ? vt_format_count (n) : g_strdup ("—");
}

/* ---- counts the protocol and the packing lists share ------------------------------------ */

/* Approved ballots of @contest: the party piles together, or the approved pile when the
 * station counts urn totals only. FALSE while a pile is not counted. */
gboolean
vt_builder_approved_ballots (Builder   *b,
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

gboolean
vt_builder_roll_marks_total (Builder *b,
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
gint64
vt_builder_envelopes (Builder    *b,
           const char *reason,
           gboolean   *counted)
{
  gint64 n;

  *counted = vt_station_get_envelopes_counted (b->station, reason, &n);
  return *counted ? n : vt_station_count_envelopes (b->station, reason);
}


/* The copy number the next print of @kind gets: 0 the first time, then 1, 2 … */
guint
vt_document_next_copy (VtStation      *station,
                       VtDocumentKind  kind)
{
  VtStore *store;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_return_val_if_fail (VT_IS_STATION (station), 0);

  /* Read by sqlite, not entry by entry through the list model: the Documents view asks for
   * every kind when a station opens, and a long day has 200,000 entries. Before anything was
   * printed the count by kind answers without reading the journal at all. */
  store = vt_station_get_store (station);
  if (vt_store_count_kind (store, VT_KIND_DOCUMENT_PRINTED) == 0)
    return 0;
  if (sqlite3_prepare_v2 (vt_store_get_db (store),
                          "SELECT count (*) FROM journal WHERE kind = ?1 "
                          "AND json_extract (payload, '$.document') = ?2",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, VT_KIND_DOCUMENT_PRINTED, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, vt_document_kind_to_string (kind), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = (guint)sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
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
  entry = vt_station_execute (station, id, VT_KIND_DOCUMENT_PRINTED, vt_station_get_actor (station),
                              payload, error);
  return entry != NULL;
}

static gboolean
has_signatures (VtStation *station)
{
  return vt_store_count_kind (vt_station_get_store (station), VT_KIND_PROTOCOL_SIGN) > 0;
}

VtSignatureState
vt_document_get_signature (VtStation  *station,
                           const char *person_id)
{
  Builder b = { 0 };
  VtSignatureState state;

  g_return_val_if_fail (VT_IS_STATION (station), VT_SIGNATURE_NONE);

  /* Until the first signature (all day long) there is nothing to find: the count by kind
   * says so without reading the whole journal, which on a long day is what opening the
   * station would wait for. */
  if (!has_signatures (station))
    return VT_SIGNATURE_NONE;
  vt_builder_init (&b, station);
  state = vt_builder_signature_state (&b, vt_builder_find_signature (&b, person_id));
  vt_builder_clear (&b);
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

  if (!has_signatures (station))
    return 0;
  vt_builder_init (&b, station);
  signature = vt_builder_find_signature (&b, person_id);
  if (signature != NULL)
    for (guint i = vt_journal_entry_get_seq (signature); i < b.entries->len; i++)
      if (!is_signature_entry (&b, g_ptr_array_index (b.entries, i)))
        {
          staled_by = (gint64)i + 1;
          break;
        }
  vt_builder_clear (&b);
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
  /* A polling station's protocol of a meeting, or a meeting's of a polling station, would be
   * a paper with nothing true on it. */
  g_return_val_if_fail (vt_document_kind_applies (kind, vt_station_get_config (station)), NULL);

  /* Every word of the document, the catalogue's labels and the log's summaries too, in the
   * election's language, whatever the computer's. */
  lang = language != NULL ? language : vt_config_get_language (vt_station_get_config (station));
  g_auto(VtLanguageScope) scope = vt_language_scope (lang);

  vt_builder_init (&b, station);
  /* The protocol covers the log up to its last entry that changes what it says: prints,
   * saved PDFs, refusals and signatures after that entry leave the paper as it was signed, so
   * a reprint differs from the original only by its copy mark (and the footer's checksum names
   * that entry, which the station file still holds). */
  b.covered = b.entries->len;
  if ((kind == VT_DOCUMENT_PROTOCOL || kind == VT_DOCUMENT_MEETING_PROTOCOL) &&
      vt_builder_last_signed_content (&b) > 0)
    b.covered = (guint)vt_builder_last_signed_content (&b);
  /* A report at a turn of the day is the state when the doors opened or closed: made again
   * later, from the Documents view, it reads the same. */
  if (kind == VT_DOCUMENT_OPENING_REPORT || kind == VT_DOCUMENT_CLOSING_REPORT)
    b.covered = vt_builder_day_report_covered (&b, kind);
  start_document (&b, kind, copy);
  vt_doc_set_language (b.doc, lang);
  switch (kind)
    {
    case VT_DOCUMENT_PROTOCOL:
      vt_builder_protocol (&b);
      break;
    case VT_DOCUMENT_PACKING_LIST:
      vt_builder_packing_lists (&b);
      break;
    case VT_DOCUMENT_RECEIPT:
      vt_builder_receipt (&b);
      vt_builder_final_delivery (&b);
      break;
    case VT_DOCUMENT_SEALS:
      vt_builder_seals (&b);
      break;
    case VT_DOCUMENT_OPENING_REPORT:
    case VT_DOCUMENT_CLOSING_REPORT:
      vt_builder_day_report (&b, kind);
      break;
    case VT_DOCUMENT_MEETING_PROTOCOL:
      vt_builder_meeting_protocol (&b);
      break;
    case VT_DOCUMENT_OFFICE_NOTICE:
      vt_builder_office_notice (&b);
      break;
    default:
      g_assert_not_reached ();
    }
  vt_builder_clear (&b);
  return b.doc;
}
