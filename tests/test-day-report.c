/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <poppler.h>

#include "vt-documents.h"
#include "vt-journal-entry.h"
#include "vt-kind-ids.h"
#include "vt-station-state.h"
#include "vt-store.h"
#include "vt-test-util.h"

/* The reports at the turns of the day (when the doors open and close) and the handover
 * receipt's envelope lines, read back from the PDF as a reader would. */

/* The people of tests/data/municipal-2027.json beyond the chair and deputy. */
#define NORA "nora-testdal"
#define INGRID "ingrid-ovelsrud"
#define LIV "liv-ovingstad"
#define ANDERS "anders-eksempelsen"

/* A character where the page has it. */
typedef struct
{
  double x, y;
  gunichar c;
} Placed;

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *p = a, *q = b;

  /* Rows top to bottom (characters of one row within 3 points), each left to right. */
  if (p->y < q->y - 3 || p->y > q->y + 3)
    return p->y < q->y ? -1 : 1;
  return p->x < q->x ? -1 : p->x > q->x;
}

/* The whole text of @doc as a reader sees it: the pages in order, each row of a table left to
 * right whatever order its cells were drawn in, rows separated by a space. */
static char *
doc_text (VtDoc  *doc,
          guint  *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = vt_doc_to_pdf (doc, &error);
  g_autoptr(GObject) pdf_object = NULL;
  PopplerDocument *pdf;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
  g_assert_no_error (error);
  pdf_object = G_OBJECT (pdf);
  for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
    {
      g_autoptr(GObject) page = G_OBJECT (poppler_document_get_page (pdf, i));
      g_autofree char *page_text = poppler_page_get_text (POPPLER_PAGE (page));
      g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (Placed));
      PopplerRectangle *rects = NULL;
      guint n_rects = 0;
      const char *p = page_text;

      poppler_page_get_text_layout (POPPLER_PAGE (page), &rects, &n_rects);
      for (guint r = 0; r < n_rects && *p != '\0'; r++, p = g_utf8_next_char (p))
        {
          Placed placed = { rects[r].x1, (rects[r].y1 + rects[r].y2) / 2, g_utf8_get_char (p) };

          if (!g_unichar_isspace (placed.c))
            g_array_append_val (chars, placed);
        }
      g_free (rects);
      /* A stable sort would keep poppler's order within a row; rows are what matters. */
      g_array_sort (chars, compare_placed);
      for (guint c = 0; c < chars->len; c++)
        {
          Placed *placed = &g_array_index (chars, Placed, c);
          Placed *before = c > 0 ? &g_array_index (chars, Placed, c - 1) : NULL;

          /* A new row, or a gap wider than a letter: a space. */
          if (before != NULL && (compare_placed (before, placed) != -1 ||
                                 placed->y > before->y + 3 || placed->x - before->x > 9))
            g_string_append_c (text, ' ');
          g_string_append_unichar (text, placed->c);
        }
      g_string_append_c (text, ' ');
    }
  if (n_pages != NULL)
    *n_pages = (guint)poppler_document_get_n_pages (pdf);
  return g_string_free (text, FALSE);
}

static char *
build_text (StationFixture *fixture,
            VtDocumentKind  kind,
            const char     *language,
            guint          *n_pages)
{
  g_autoptr(VtDoc) doc = vt_document_build_in (fixture->station, kind, 0, language);
  return doc_text (doc, n_pages);
}

/* @s without any white space: poppler may or may not see a space between two cells. */
static char *
squeeze (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static gboolean
has (const char *text,
     const char *needle)
{
  g_autofree char *t = squeeze (text);
  g_autofree char *n = squeeze (needle);

  return strstr (t, n) != NULL;
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (!has (text, needle))
    g_error ("“%s” is not in the text: %s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (has (text, needle))
    g_error ("“%s” should not be in the text: %s", needle, text);
}

static void
arrive (StationFixture *fixture,
        const char     *person)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", person);
  vt_test_do (fixture, VT_KIND_PERSON_ARRIVE, vt_test_chair (fixture), json);
}

static void
leave (StationFixture *fixture,
       const char     *person)
{
  g_autofree char *json = g_strdup_printf ("{\"person\": \"%s\"}", person);
  vt_test_do (fixture, VT_KIND_PERSON_LEAVE, vt_test_chair (fixture), json);
}

/* "13.09.2027 09:00": the time of entry @seq in the election's time zone, as printed. */
static char *
entry_time (StationFixture *fixture,
            gint64          seq)
{
  GListModel *journal = vt_station_get_journal (fixture->station);
  guint n = g_list_model_get_n_items (journal);
  g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, n - (guint)seq);
  g_autoptr(GDateTime) local = NULL;

  g_assert_cmpint (vt_journal_entry_get_seq (entry), ==, seq);
  local = g_date_time_to_timezone (vt_journal_entry_get_time (entry),
                                   vt_config_get_timezone (fixture->config));
  return g_date_time_format (local, "%d.%m.%Y %H:%M");
}

static gint64
last_seq (StationFixture *fixture)
{
  return vt_store_get_n_entries (vt_station_get_store (fixture->station));
}

/* The opening report: the time, who is present (not who left), the urn and its strip, the
 * checks; the footer's checksum names the doors' entry, and what happens later does not
 * change it. */
static void
test_opening_report (StationFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;
  g_autofree char *later = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *opened_at = NULL;
  g_autoptr(GDateTime) printed = NULL;
  gint64 opened;
  guint n_pages;

  vt_test_at (fixture, 1, "07:15");
  arrive (fixture, vt_test_chair (fixture));
  arrive (fixture, NORA);
  arrive (fixture, INGRID);
  vt_test_at (fixture, 1, "07:20");
  leave (fixture, INGRID);
  vt_test_open_station (fixture);
  opened = last_seq (fixture);
  when = entry_time (fixture, opened);

  printed = g_date_time_ref (fixture->now);
  text = build_text (fixture, VT_DOCUMENT_OPENING_REPORT, NULL, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  assert_has (text, "Rapport ved åpning av valglokalet");
  opened_at = g_strdup_printf ("Dørene ble åpnet %s (loggføring %" PRId64 ")", when, opened);
  assert_has (text, opened_at);
  assert_has (text, "Kari Øvingsen Leder 07:15");
  assert_has (text, "Ola Prøvesen Nestleder");
  assert_has (text, "Nora Testdal Medlem 07:15");
  /* Ingrid came and went before the doors opened. */
  assert_lacks (text, "Ingrid Øvelsrud");
  assert_has (text, "U1 Vanlig urne, rode 1 forseglet 1001");
  {
    guint n_checks = vt_config_get_checklist (fixture->config)->len;
    g_autofree char *checks = g_strdup_printf ("%u av %u åpningskontroller er krysset av, 0 av "
                                               "dem med avvik", n_checks, n_checks);
    assert_has (text, checks);
  }
  /* The checksum of the journal up to the doors' entry, on the page. */
  {
    GListModel *journal = vt_station_get_journal (fixture->station);
    g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, 0);

    groups = vt_hash_to_groups (vt_journal_entry_get_hash (entry), 16);
    assert_has (text, groups);
  }
  /* The closing report is not the opening report: nothing closed yet. */
  {
    g_autofree char *closing = build_text (fixture, VT_DOCUMENT_CLOSING_REPORT, NULL, NULL);
    assert_has (closing, "Dørene er ikke stengt ennå");
  }

  /* Later the same day: someone arrives, an envelope, a strip broken… the report made now
   * says what it said at the opening. */
  vt_test_at (fixture, 1, "10:00");
  arrive (fixture, LIV);
  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"not-in-roll\"}");
  /* printed at the same minute as before (the footer says when it was printed) */
  g_clear_pointer (&fixture->now, g_date_time_unref);
  fixture->now = g_date_time_ref (printed);
  later = build_text (fixture, VT_DOCUMENT_OPENING_REPORT, NULL, NULL);
  g_assert_cmpstr (later, ==, text);
}

static void
test_opening_report_nynorsk (StationFixture *fixture,
                             gconstpointer   data)
{
  g_autofree char *text = NULL;

  vt_test_open_station (fixture);
  text = build_text (fixture, VT_DOCUMENT_OPENING_REPORT, "nn", NULL);
  assert_has (text, "Rapport ved opning av vallokalet");
  assert_has (text, "Dørene vart opna");
  assert_lacks (text, "valglokalet");
  text = (g_free (text), build_text (fixture, VT_DOCUMENT_CLOSING_REPORT, "nn", NULL));
  assert_has (text, "Rapport ved stenging av vallokalet");
}

/* Before the doors open the report says so, and shows how things stand. */
static void
test_report_before_the_doors_open (StationFixture *fixture,
                                   gconstpointer   data)
{
  g_autofree char *text = NULL;

  vt_test_at (fixture, 1, "07:15");
  arrive (fixture, NORA);
  text = build_text (fixture, VT_DOCUMENT_OPENING_REPORT, NULL, NULL);
  assert_has (text, "Dørene er ikke åpnet ennå");
  assert_has (text, "Nora Testdal Medlem 07:15");
}

/* The closing report: the queue, the votes outside the polling station, the envelopes so far
 * (the annulled one not counted), and a deviation in the checks named. */
static void
test_closing_report (StationFixture *fixture,
                     gconstpointer   data)
{
  g_autofree char *text = NULL;
  g_autofree char *closed_at = NULL;
  g_autofree char *when = NULL;
  g_autofree char *start_json = NULL;
  g_autofree char *end_json = NULL;
  gint64 vote, wrong, closed;
  guint n_pages;

  vt_test_open_station (fixture);
  arrive (fixture, LIV);
  arrive (fixture, ANDERS);
  vt_test_do_printf (fixture, VT_KIND_URN_ADD, "{\"urn\": \"M1\", \"kind\": \"mobile\"}");
  vt_test_do_printf (fixture, VT_KIND_URN_VERIFY_EMPTY, "{\"urn\": \"M1\", \"witness\": \"%s\"}",
                     vt_test_deputy (fixture));
  vt_test_do_printf (fixture, VT_KIND_URN_SEAL, "{\"urn\": \"M1\", \"strip\": 1002, "
                     "\"witness\": \"%s\"}", vt_test_deputy (fixture));

  vt_test_at (fixture, 1, "11:10");
  start_json = g_strdup_printf ("{\"worker\": \"%s\", \"second_worker\": \"%s\", \"in_roll\": "
                                "true, \"table\": \"2\", \"page\": 14, \"line\": 7}", LIV,
                                ANDERS);
  vote = vt_test_do (fixture, VT_KIND_OUTDOOR_START, vt_test_chair (fixture), start_json);
  vt_test_at (fixture, 1, "11:25");
  end_json = g_strdup_printf ("{\"vote\": %" PRId64 ", \"strip\": 1002}", vote);
  vt_test_do (fixture, VT_KIND_OUTDOOR_END, vt_test_chair (fixture), end_json);

  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"other-precinct\"}");
  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"other-precinct\"}");
  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"not-in-roll\"}");
  wrong = vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"already-marked\"}");
  vt_test_do_printf (fixture, VT_KIND_CORRECTION_ANNUL, "{\"entry\": %" PRId64 ", \"reason\": "
                     "\"Logged by mistake\"}", wrong);

  vt_test_at (fixture, 1, "21:00");
  closed = vt_test_do_printf (fixture, VT_KIND_DOORS_CLOSE, "{\"queue\": 3}");
  when = entry_time (fixture, closed);

  text = build_text (fixture, VT_DOCUMENT_CLOSING_REPORT, NULL, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  assert_has (text, "Rapport ved stenging av valglokalet");
  closed_at = g_strdup_printf ("Dørene ble stengt %s (loggføring %" PRId64 ")", when, closed);
  assert_has (text, closed_at);
  assert_has (text, "3 personer stod i køen ved stengetid");
  assert_has (text, "Liv Øvingstad");
  assert_has (text, "M1 Mobil urne forseglet 1002");
  assert_has (text, "Stemmegivning utenfor valglokalet");
  {
    g_autofree char *line = g_strdup_printf ("1 stemmegivning: loggføring %" PRId64
                                             ", 11:10–11:25, Liv Øvingstad, Anders "
                                             "Eksempelsen.", vote);
    assert_has (text, line);
  }
  assert_has (text, "Stemmegivninger i konvolutt så langt");
  assert_has (text, "Fremmedstemme (annen krets i kommunen) 2");
  assert_has (text, "Allerede krysset av i manntallet 0");
  assert_has (text, "Ikke i kommunens manntall 1");
  assert_has (text, "Særskilte omslag totalt 3");
  /* A paper roll: no emergency envelopes. */
  assert_lacks (text, "Beredskapskonvolutter");
  /* Only the closing report has the queue and the votes outside. */
  {
    g_autofree char *opening = build_text (fixture, VT_DOCUMENT_OPENING_REPORT, NULL, NULL);
    assert_lacks (opening, "køen");
    assert_lacks (opening, "Stemmegivning utenfor valglokalet");
  }
}

/* With an electronic roll the emergency envelopes are votes of their own kind: not among the
 * special envelopes, on the receipt and in the closing report. */
static void
test_emergency_envelopes_apart (StationFixture *fixture,
                                gconstpointer   data)
{
  g_autofree char *receipt = NULL;
  g_autofree char *closing = NULL;

  vt_test_open_station (fixture);
  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"already-marked\"}");
  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"not-in-roll\"}");
  vt_test_do_printf (fixture, VT_KIND_INCIDENT_ELECTRONIC_ROLL, "{\"state\": \"down\"}");
  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"emergency\"}");
  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"emergency\"}");
  vt_test_do_printf (fixture, VT_KIND_ENVELOPE, "{\"reason\": \"emergency\"}");

  receipt = build_text (fixture, VT_DOCUMENT_RECEIPT, NULL, NULL);
  assert_has (receipt, "Særskilte omslag totalt 2");
  assert_has (receipt, "herav: Allerede avkrysset i manntallet (forhånd eller i dag) 1");
  assert_has (receipt, "herav: Ikke i kommunens manntall 1");
  assert_has (receipt, "Beredskapskonvolutter 3");
  assert_lacks (receipt, "herav: Beredskapskonvolutt");

  vt_test_do_printf (fixture, VT_KIND_INCIDENT_ELECTRONIC_ROLL, "{\"state\": \"up\"}");
  vt_test_at (fixture, 1, "19:00");
  vt_test_do_printf (fixture, VT_KIND_DOORS_CLOSE, "{\"queue\": 0, \"for_night\": true}");
  closing = build_text (fixture, VT_DOCUMENT_CLOSING_REPORT, NULL, NULL);
  assert_has (closing, "Særskilte omslag totalt 2");
  assert_has (closing, "Beredskapskonvolutter 3");
  assert_has (closing, "Stengt for natten");
}

static void
test_kind_ids (void)
{
  VtDocumentKind kind;

  g_assert_true (vt_document_kind_from_string ("opening-report", &kind));
  g_assert_cmpint (kind, ==, VT_DOCUMENT_OPENING_REPORT);
  g_assert_true (vt_document_kind_from_string ("closing-report", &kind));
  g_assert_cmpint (kind, ==, VT_DOCUMENT_CLOSING_REPORT);
  g_assert_cmpstr (vt_document_kind_to_string (VT_DOCUMENT_CLOSING_REPORT), ==, "closing-report");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, config, func) \
  g_test_add (path, StationFixture, config, station_fixture_set_up, func, \
              station_fixture_tear_down)
  ADD ("/day-report/opening/time-people-urns-checks-and-checksum", VT_TEST_MUNICIPAL,
       test_opening_report);
  ADD ("/day-report/opening/in-nynorsk", VT_TEST_MUNICIPAL, test_opening_report_nynorsk);
  ADD ("/day-report/opening/before-the-doors-open-says-so", VT_TEST_MUNICIPAL,
       test_report_before_the_doors_open);
  ADD ("/day-report/closing/queue-outdoor-votes-and-envelopes", VT_TEST_MUNICIPAL,
       test_closing_report);
  ADD ("/day-report/receipt/emergency-envelopes-not-special-envelopes", NULL,
       test_emergency_envelopes_apart);
#undef ADD
  g_test_add_func ("/day-report/kind-ids", test_kind_ids);

  return g_test_run ();
}
