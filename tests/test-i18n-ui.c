/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <locale.h>
#include <poppler.h>

#include "vt-application.h"
#include "vt-checks.h"
#include "vt-command-dialog.h"
#include "vt-documents.h"
#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
#include "vt-role.h"
#include "vt-scenario.h"
#include "vt-station-page.h"
#include "vt-station-state.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* Run with LANGUAGE=nb or nn against the catalogues of the build tree, in a real window: the
 * form of every kind a chair can give, every phase view, the Documents view, the log page and
 * the refusals a form shows hold no id of the catalogue or the configuration, no English
 * source string the catalogue translates and no English word. Every leak is named (where, the
 * text, the word) and the test fails once, at the end, on all of them.
 *
 * The words looked for are those of tests/test-i18n-core.c (kind ids, field names, choice ids,
 * the configuration's ids) and a short list of English words a Norwegian screen never needs. */

static VtApplication *the_app;
static GPtrArray *leaks;      /* every leak found, one line each */
static GRegex *id_regex;      /* the catalogue's and the configuration's ids, whole words */
static GRegex *english_regex; /* English words, whole words */
static GRegex *bokmal_regex;  /* in Nynorsk, of a station all in Nynorsk: Bokmål words */
static GHashTable *seen;      /* "where\ttext" already scanned */

/* ---- what a Norwegian text must not hold ------------------------------------------------ */

/* Field names and choices that are Norwegian words too: they cannot be told apart. ("shift" is
 * also the key's name on a Norwegian keyboard: Ctrl+Shift+D; "signer" is meeting.sign's field
 * and the imperative "sign" in both written standards: "Signer…".) */
static const char * const norwegian[] = { "person", "to", "blank", "mobile", "shift", "signer",
                                          NULL };

static void
add_word (GString    *alternatives,
          const char *word)
{
  g_autofree char *escaped = g_regex_escape_string (word, -1);

  if (alternatives->len > 0)
    g_string_append_c (alternatives, '|');
  g_string_append (alternatives, escaped);
}

static GRegex *
whole_words (GString *alternatives)
{
  g_autoptr(GError) error = NULL;
  /* A whole word: "urn" is not in "urne", "strip" not in "stripe", "special-envelope" is
   * one word. */
  g_autofree char *pattern = g_strdup_printf ("(?<![\\w-])(%s)(?![\\w-])", alternatives->str);
  GRegex *regex = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);

  g_assert_no_error (error);
  return regex;
}

/* @own_language: the configuration is the session's (the built-in training election), so
 * in Nynorsk no Bokmål word is on the screen either. */
static void
build_regexes (VtConfig *config,
               gboolean  own_language)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(GString) english = g_string_new (NULL);
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);
  /* Never Norwegian; each was seen on a screen once. "Entry 12", "Urn S1", "strip 1001",
   * "Table 2" and the words of an English sentence. Not "for", "is", "and", "to", "sign",
   * "status", "strips", "no" (Nynorsk: now): Norwegian words too. Last, the words the
   * domain does not use (DOMAIN.md): "stemmegivning utenfor valglokalet", not "utestemmegivning";
   * "beredskapskonvolutt", not "beredskapsomslag". */
  static const char * const english_words[] = {
    "the", "of", "with", "not", "has", "have", "been", "was", "were", "this", "that",
    "entry", "entries", "urn", "urns", "strip", "table", "tables", "seal",
    "sealed", "shipment", "copy", "document", "documents", "signed", "signature", "reason",
    "text", "witness", "envelope", "envelopes", "ballot", "ballots", "count", "counted",
    "opened", "closed", "doors", "checklist", "training", "election", "phase", "log",
    "cancel", "save", "print", "preview", "warning", "error", "none", "unknown", "yes",
    "day", "days", "left", "arrived", "contest", "pile", "chair", "deputy", "stamp", "stamps",
    "roll", "rolls", "voter", "voters", "vote", "votes", "outdoor", "receipt", "protocol entry",
    "som gir kommandoen", "utestemmegivning", "utestemmegivningen", "utestemmegjeving",
    "utestemmegjevinga", "beredskapsomslag", "beredskapsomslaget", NULL
  };

  for (guint i = 0; i < n_kinds; i++)
    {
      add_word (ids, kinds[i].id);
      for (guint f = 0; f < VT_MAX_FIELDS && kinds[i].fields[f].name != NULL; f++)
        {
          const VtField *field = &kinds[i].fields[f];

          if (!g_strv_contains (norwegian, field->name))
            add_word (ids, field->name);
          /* The roles' ids are the Norwegian names of the roles ("leder", "stempler"). */
          if (field->choices != NULL && !g_str_equal (field->choices, VT_ROLE_CHOICES))
            {
              g_auto(GStrv) choices = g_strsplit (field->choices, "|", -1);
              for (guint c = 0; choices[c] != NULL; c++)
                /* The check codes (K103) are shown on purpose: the numbered checks. */
                if (strlen (choices[c]) > 2 && !g_str_has_prefix (choices[c], "K") &&
                    !g_strv_contains (norwegian, choices[c]))
                  add_word (ids, choices[c]);
            }
        }
    }
  for (guint i = 0; i < vt_config_get_envelope_reasons (config)->len; i++)
    add_word (ids, ((VtEnvelopeReason *)g_ptr_array_index (
                      vt_config_get_envelope_reasons (config), i))->id);
  for (guint i = 0; i < vt_config_get_checklist (config)->len; i++)
    add_word (ids, ((VtCheck *)g_ptr_array_index (vt_config_get_checklist (config), i))->id);
  for (guint i = 0; i < vt_config_get_people (config)->len; i++)
    add_word (ids, ((VtPerson *)g_ptr_array_index (vt_config_get_people (config), i))->id);
  for (guint i = 0; i < vt_config_get_contests (config)->len; i++)
    add_word (ids, ((VtContest *)g_ptr_array_index (vt_config_get_contests (config), i))->id);
  /* The piles a count names besides the party lists. */
  add_word (ids, "approved");
  add_word (ids, "doubtful");
  id_regex = whole_words (ids);

  for (guint i = 0; english_words[i] != NULL; i++)
    add_word (english, english_words[i]);
  english_regex = whole_words (english);

  if (own_language && g_str_has_prefix (g_getenv ("LANGUAGE"), "nn"))
    {
      /* Bokmål only: Nynorsk has ikkje, kva, kven, viss, manntal, førebels, vart, nokon,
       * veljar, stemmesetel. */
      static const char * const bokmal_words[] = {
        "ikke", "hva", "hvem", "hvis", "hvordan", "manntall", "manntallet", "foreløpig",
        "foreløpige", "ble", "noen", "velger", "velgeren", "velgere", "stemmeseddel",
        "stemmesedler", "øvingsvalg", NULL
      };
      g_autoptr(GString) bokmal = g_string_new (NULL);

      for (guint i = 0; bokmal_words[i] != NULL; i++)
        add_word (bokmal, bokmal_words[i]);
      bokmal_regex = whole_words (bokmal);
    }
}

/* Texts that may stand as they are in any language: names, and "No", which is Nynorsk for
 * "Now" (the log's first row) but also the English msgid of "Nei". */
static gboolean
allowed (const char *text)
{
  static const char * const allowlist[] = {
    "OK", "PDF", "PDF…", "Valgting", "No", NULL,
  };

  return g_strv_contains (allowlist, text);
}

static void
leak (const char *where,
      const char *text,
      const char *why)
{
  g_ptr_array_add (leaks, g_strdup_printf ("%s: “%s” %s", where, text, why));
}

/* @text as shown; @raw the string the widget was given (with mnemonic underscores), or NULL. */
static void
scan_text (const char *where,
           const char *text,
           const char *raw)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *key = NULL;

  if (text == NULL || *text == '\0' || allowed (text))
    return;
  key = g_strdup_printf ("%s\t%s", where, text);
  if (g_hash_table_contains (seen, key))
    return;
  g_hash_table_add (seen, g_steal_pointer (&key));
  g_test_message ("%s: %s", where, text);

  /* An English source string the catalogue has a Norwegian text for. */
  if (g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, text), text) != 0 ||
      (raw != NULL && g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, raw), raw) != 0))
    {
      leak (where, text, "is untranslated");
      return;
    }
  if (g_regex_match (id_regex, text, 0, &match))
    {
      g_autofree char *word = g_match_info_fetch (match, 1);
      g_autofree char *why = g_strdup_printf ("holds the id “%s”", word);
      leak (where, text, why);
      return;
    }
  g_clear_pointer (&match, g_match_info_free);
  if (g_regex_match (english_regex, text, 0, &match))
    {
      g_autofree char *word = g_match_info_fetch (match, 1);
      g_autofree char *why = g_strdup_printf ("holds the word “%s” (English, or not the domain's)",
                                         word);
      leak (where, text, why);
      return;
    }
  g_clear_pointer (&match, g_match_info_free);
  if (bokmal_regex != NULL && g_regex_match (bokmal_regex, text, 0, &match))
    {
      g_autofree char *word = g_match_info_fetch (match, 1);
      g_autofree char *why = g_strdup_printf ("holds the Bokmål word “%s”", word);
      leak (where, text, why);
    }
}

/* ---- walking a widget tree -------------------------------------------------------------- */

static void
scan_model (const char *where,
            GListModel *model)
{
  if (model == NULL || !GTK_IS_STRING_LIST (model))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    scan_text (where, gtk_string_list_get_string (GTK_STRING_LIST (model), i), NULL);
}

/* Every text @widget shows and every text of its visible children. */
static void
scan_widget (const char *where,
             GtkWidget  *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    scan_text (where, gtk_label_get_text (GTK_LABEL (widget)),
               gtk_label_get_use_underline (GTK_LABEL (widget)) ?
               gtk_label_get_label (GTK_LABEL (widget)) : NULL);
  if (GTK_IS_BUTTON (widget))
    scan_text (where, gtk_button_get_label (GTK_BUTTON (widget)), NULL);
  if (GTK_IS_TEXT (widget))
    scan_text (where, gtk_text_get_placeholder_text (GTK_TEXT (widget)), NULL);
  if (GTK_IS_ENTRY (widget))
    scan_text (where, gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), NULL);
  if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;
      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      scan_text (where, placeholder, NULL);
    }
  if (ADW_IS_PREFERENCES_ROW (widget))
    scan_text (where, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), NULL);
  if (ADW_IS_ACTION_ROW (widget))
    scan_text (where, adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), NULL);
  if (ADW_IS_EXPANDER_ROW (widget))
    scan_text (where, adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (widget)), NULL);
  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      scan_text (where, adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), NULL);
      scan_text (where, adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)),
                 NULL);
    }
  if (ADW_IS_STATUS_PAGE (widget))
    {
      scan_text (where, adw_status_page_get_title (ADW_STATUS_PAGE (widget)), NULL);
      scan_text (where, adw_status_page_get_description (ADW_STATUS_PAGE (widget)), NULL);
    }
  if (ADW_IS_WINDOW_TITLE (widget))
    {
      scan_text (where, adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), NULL);
      scan_text (where, adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)), NULL);
    }
  if (GTK_IS_WINDOW (widget))
    scan_text (where, gtk_window_get_title (GTK_WINDOW (widget)), NULL);
  if (ADW_IS_MESSAGE_DIALOG (widget))
    {
      scan_text (where, adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (widget)), NULL);
      scan_text (where, adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (widget)), NULL);
    }
  if (ADW_IS_COMBO_ROW (widget))
    scan_model (where, adw_combo_row_get_model (ADW_COMBO_ROW (widget)));
  if (GTK_IS_DROP_DOWN (widget))
    scan_model (where, gtk_drop_down_get_model (GTK_DROP_DOWN (widget)));
  scan_text (where, gtk_widget_get_tooltip_text (widget), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    scan_widget (where, child);
}

/* Every dialog the window has open besides the main window: scanned, then closed. */
static void
scan_and_close_dialogs (const char *where,
                        GtkWindow  *main_window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window == main_window || !gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      scan_widget (where, GTK_WIDGET (window));
      gtk_window_destroy (window);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
assert_no_leaks (void)
{
  for (guint i = 0; i < leaks->len; i++)
    g_printerr ("LEAK %s\n", (const char *)g_ptr_array_index (leaks, i));
  /* Not fatal: the next test still runs and names its own leaks. */
  if (leaks->len > 0)
    g_test_fail_printf ("%u texts hold an id, an untranslated string or an English word",
                        leaks->len);
}

/* ---- the station ------------------------------------------------------------------------ */

typedef struct
{
  StationFixture station;
  VtWindow *window;
  VtStationPage *page;
} Fixture;

static GDateTime *
fixture_clock (gpointer data)
{
  StationFixture *station = data;

  if (station->now == NULL)
    return g_date_time_new_now_utc ();
  return g_date_time_ref (station->now);
}

/* The built-in training election, in the session's language, as a chair starts it. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StationFixture *station = &fixture->station;

  station->dir = g_dir_make_tmp ("valgting-test-XXXXXX", &error);
  g_assert_no_error (error);
  station->path = g_build_filename (station->dir, "station.valgting", NULL);
  station->config = vt_config_new_training (&error);
  g_assert_no_error (error);
  station->station = vt_station_create (station->path, station->config, &error);
  g_assert_no_error (error);
  /* A training station moves its days to the day it is made: the station's own copy. */
  g_object_unref (station->config);
  station->config = g_object_ref (vt_station_get_config (station->station));
  vt_station_set_clock (station->station, fixture_clock, station);
  vt_test_at (station, 1, "07:00");
  g_ptr_array_set_size (leaks, 0);
  g_hash_table_remove_all (seen);
  build_regexes (station->config, TRUE);

  fixture->window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
  vt_test_iterate_until (vt_test_widget_is_mapped, fixture->window);
  vt_window_set_station (fixture->window, station->station);
  fixture->page = vt_window_get_station_page (fixture->window);
  vt_test_settle ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  scan_and_close_dialogs ("left open", GTK_WINDOW (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  vt_test_settle ();
  station_fixture_tear_down (&fixture->station, data);
  g_clear_pointer (&id_regex, g_regex_unref);
  g_clear_pointer (&english_regex, g_regex_unref);
  g_clear_pointer (&bokmal_regex, g_regex_unref);
}

static const char *
chair (Fixture *fixture)
{
  return vt_test_chair (&fixture->station);
}

static void scan_pages (Fixture    *fixture,
                        const char *phase);

/* Through the opening to open doors, as vt_test_open_station () does, with the mobile urn M1
 * the training station's outdoor voting wants (strip 1002). */
static void
open_station (Fixture *fixture)
{
  StationFixture *station = &fixture->station;
  GPtrArray *checks = vt_config_get_checklist (station->config);
  const char *deputy = vt_test_deputy (station);
  VtElectionDay *day = g_ptr_array_index (vt_config_get_days (station->config), 0);
  g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");

  vt_test_at (station, 1, "07:30");
  /* The chair who seals and the deputy who witnesses are here (urn.actor-absent). */
  if (!vt_station_is_present (station->station, vt_test_chair (station)))
    vt_test_do_printf (&fixture->station, VT_KIND_PERSON_ARRIVE, "{\"person\": \"%s\"}",
                       vt_test_chair (station));
  if (!vt_station_is_present (station->station, deputy))
    vt_test_do_printf (&fixture->station, VT_KIND_PERSON_ARRIVE, "{\"person\": \"%s\"}", deputy);
  for (guint i = 0; i < checks->len; i++)
    vt_test_do_printf (&fixture->station, VT_KIND_CHECK_DONE, "{\"check\": \"%s\"}",
               ((VtCheck *)g_ptr_array_index (checks, i))->id);
  vt_test_do (station, VT_KIND_STRIPS_RECEIVE, chair (fixture),
              "{\"first\": 1001, \"last\": 1050}");
  vt_test_do_printf (&fixture->station, VT_KIND_URN_ADD,
                     "{\"urn\": \"U1\", \"kind\": \"ordinary\", "
             "\"table\": \"1\"}");
  vt_test_do_printf (&fixture->station, VT_KIND_URN_ADD, "{\"urn\": \"M1\", \"kind\": \"mobile\"}");
  for (guint i = 0; i < 2; i++)
    {
      const char *urn = i == 0 ? "U1" : "M1";
      vt_test_do_printf (&fixture->station, VT_KIND_URN_VERIFY_EMPTY,
                         "{\"urn\": \"%s\", \"witness\": \"%s\"}",
                 urn, deputy);
      vt_test_do_printf (&fixture->station, VT_KIND_URN_SEAL, "{\"urn\": \"%s\", \"strip\": %u, "
                 "\"witness\": \"%s\"}", urn, 1001 + i, deputy);
    }
  scan_pages (fixture, "opening");
  vt_test_at (station, 1, opens);
  vt_test_do (station, VT_KIND_DOORS_OPEN, chair (fixture), "{}");
  g_assert_cmpint (vt_station_get_phase (station->station), ==, VT_PHASE_VOTING);
}

/* The page of the phase the station is in, the log page and the Documents view. */
static void
scan_pages (Fixture    *fixture,
            const char *phase)
{
  static const char * const pages[] = { NULL, "log", "documents" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      const char *page = pages[i] != NULL ? pages[i] : phase;
      g_autofree char *where = g_strdup_printf ("%s, page %s", phase, page);

      vt_station_page_show (fixture->page, page);
      vt_test_settle ();
      scan_widget (where, GTK_WIDGET (fixture->window));
    }
  vt_station_page_show (fixture->page, phase);
  vt_test_settle ();
  /* The Record list (Ctrl+K): every step that may be given now, by name. */
  {
    g_autofree char *where = g_strdup_printf ("%s, Record list", phase);

    g_assert_nonnull (vt_station_page_show_palette (fixture->page));
    vt_test_settle ();
    scan_and_close_dialogs (where, GTK_WINDOW (fixture->window));
  }
}

static void
close_doors (Fixture *fixture)
{

  vt_test_at (&fixture->station, 1, "21:00");
  vt_test_do (&fixture->station, VT_KIND_DOORS_CLOSE, chair (fixture), "{\"queue\": 0}");
  scan_pages (fixture, "closing");
  vt_test_count_all_roll_marks (&fixture->station, 100);
  vt_test_count_all_envelopes (&fixture->station, 0);
  vt_test_do (&fixture->station, VT_KIND_CLOSING_UNUSED_BALLOTS_REMOVED, chair (fixture), "{}");
  vt_test_do (&fixture->station, VT_KIND_CLOSING_STAMPS_HANDED_IN, chair (fixture), "{}");
  vt_test_do (&fixture->station, VT_KIND_SHIPMENT_PACKED, chair (fixture),
              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 0}");
  vt_test_do (&fixture->station, VT_KIND_SHIPMENT_HANDED_OVER, chair (fixture),
              "{\"to\": \"Valgkontoret, bud 3\"}");
  scan_pages (fixture, "closing");
}

/* Every pile of every contest; one contest a ballot short, so that a warning shows. */
static void
count_everything (Fixture *fixture)
{
  GPtrArray *contests = vt_config_get_contests (fixture->station.config);

  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      gint64 first = 300 - 20 * (contest->lists->len - 1) - 8 - 2 - (c == 1);

      for (guint l = 0; l < contest->lists->len + 2; l++)
        {
          const char *pile = l < contest->lists->len
            ? ((VtPartyList *)g_ptr_array_index (contest->lists, l))->id
            : l == contest->lists->len ? "blank" : "doubtful";
          gint64 n = l == 0 ? first : l < contest->lists->len ? 20
                     : l == contest->lists->len ? 8 : 2;
          g_autofree char *fields = g_strdup_printf ("\"contest\": \"%s\", \"pile\": \"%s\"",
                                                     contest->id, pile);

          vt_test_count_twice (&fixture->station, VT_KIND_PILE_COUNT, fields, n, n);
        }
    }
  /* 8 blank of about 300 is within the 3 % K403 asks about; the unused strips go back
   * (K103): nothing but the differences of the count holds up the results. */
  vt_test_return_unused_strips (&fixture->station);
}

/* ---- the tests -------------------------------------------------------------------------- */

/* Every phase view, the log page and the Documents view, from setup to the signed protocol. */
static void
test_every_page (Fixture       *fixture,
                 gconstpointer  data)
{
  StationFixture *station = &fixture->station;
  g_autofree char *sign = g_strdup_printf ("{\"person\": \"%s\", \"strokes\": "
                                           "[[0.1, 0.8, 0.3, 0.2, 0.5, 0.7, 0.9, 0.3]]}",
                                           chair (fixture));

  scan_pages (fixture, "setup");
  /* The keyboard shortcuts window (Ctrl+?); the window keeps it, so it is hidden, not
   * destroyed. */
  {
    GtkWindow *shortcuts;

    g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-help-overlay",
                                    NULL);
    vt_test_settle ();
    shortcuts = vt_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
    g_assert_nonnull (shortcuts);
    scan_widget ("shortcuts window", GTK_WIDGET (shortcuts));
    gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);
    vt_test_settle ();
  }
  vt_test_do_printf (&fixture->station, VT_KIND_PERSON_ARRIVE,
                     "{\"person\": \"%s\"}", chair (fixture));
  vt_test_do (station, VT_KIND_NOTE, chair (fixture), "{\"text\": \"Nøkkelen var borte\"}");
  scan_pages (fixture, vt_phase_to_string (vt_station_get_phase (station->station)));
  open_station (fixture);
  vt_test_at (station, 1, "10:00");
  vt_test_do_printf (&fixture->station, VT_KIND_URN_ADD,
                     "{\"urn\": \"S1\", \"kind\": \"special-envelope\"}");
  vt_test_do_printf (&fixture->station, VT_KIND_URN_ADD,
                     "{\"urn\": \"R1\", \"kind\": \"reserve\"}");
  scan_pages (fixture, "voting");
  close_doors (fixture);
  vt_test_do (station, VT_KIND_URN_OPEN, chair (fixture), "{\"urn\": \"U1\"}");
  vt_test_do (station, VT_KIND_URN_OPEN, chair (fixture), "{\"urn\": \"M1\"}");
  scan_pages (fixture, "counting");
  /* A pile whose control count differs: the row asks, in the station's language, for it to be
   * counted again (count_everything counts it again). */
  {
    g_autofree char *fields = g_strdup_printf ("\"contest\": \"%s\", \"pile\": \"blank\"",
                                               ((VtContest *)g_ptr_array_index (
                                                 vt_config_get_contests (station->config),
                                                 0))->id);
    vt_test_count_twice (station, VT_KIND_PILE_COUNT, fields, 8, 7);
  }
  scan_pages (fixture, "counting");
  count_everything (fixture);
  scan_pages (fixture, "counting");
  vt_test_do_printf (&fixture->station, VT_KIND_COUNT_EXPLAIN,
                     "{\"code\": \"K402\", \"subject\": \"%s\", "
             "\"text\": \"Ein veljar tok stemmesetelen med seg\", "
             "\"items\": [{\"reason\": \"ballot-taken-away\", \"count\": -1}]}",
             ((VtContest *)g_ptr_array_index (vt_config_get_contests (station->config), 1))->id);
  scan_pages (fixture, "counting");
  vt_test_settle_strips (station);
  vt_test_do (station, VT_KIND_RESULTS_PHONED, chair (fixture), "{\"to\": \"Valgkontoret\"}");
  scan_pages (fixture, "protocol");
  vt_test_do (station, VT_KIND_PROTOCOL_SIGN, chair (fixture), sign);
  vt_test_at (station, 1, "23:02");
  vt_test_do (station, VT_KIND_NOTE, chair (fixture), "{\"text\": \"Fant en urne\"}");
  scan_pages (fixture, "protocol");
  assert_no_leaks ();
}

/* The form of every kind a chair can give, as it opens and after Save (a refusal, or a
 * confirmation asked for), in the setup and in the voting phase. */
/* An id of the configuration for a field naming an object, or NULL. */
static const char *
object_id (VtStation     *station,
           const VtField *field)
{
  VtConfig *config = vt_station_get_config (station);

  switch (field->type)
    {
    case VT_FIELD_URN:
      return "U1";
    case VT_FIELD_TABLE:
      return ((VtRollTable *)g_ptr_array_index (vt_config_get_tables (config), 0))->id;
    case VT_FIELD_CONTEST:
      return ((VtContest *)g_ptr_array_index (vt_config_get_contests (config), 0))->id;
    case VT_FIELD_PERSON:
      return vt_config_get_chair (config)->id;
    case VT_FIELD_REASON:
      return ((VtEnvelopeReason *)g_ptr_array_index (vt_config_get_envelope_reasons (config),
                                                     0))->id;
    case VT_FIELD_CHECK:
      return ((VtCheck *)g_ptr_array_index (vt_config_get_checklist (config), 0))->id;
    case VT_FIELD_PILE:
      return "doubtful";
    default:
      return NULL;
    }
}

/* The form as a row opens it: its object fixed, named in its title. */
static void
scan_form_for_object (Fixture           *fixture,
                      VtStation         *station,
                      const VtEntryKind *kind,
                      const char        *phase)
{
  g_autofree char *where = g_strdup_printf ("%s, form %s for its object", phase, kind->id);
  GtkWidget *dialog = NULL;
  gboolean any = FALSE;

  dialog = vt_command_dialog_new (GTK_WINDOW (fixture->window), station, kind->id);
  for (guint f = 0; f < VT_MAX_FIELDS && kind->fields[f].name != NULL; f++)
    {
      const VtField *field = &kind->fields[f];
      const char *id = object_id (station, field);

      if (field->type == VT_FIELD_CHOICE && field->choices != NULL)
        {
          g_auto(GStrv) choices = g_strsplit (field->choices, "|", 2);
          any |= vt_command_dialog_set_value (VT_COMMAND_DIALOG (dialog), field->name,
                                              choices[0], TRUE);
        }
      else if (id != NULL)
        any |= vt_command_dialog_set_value (VT_COMMAND_DIALOG (dialog), field->name, id, TRUE);
    }
  if (!any)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
  vt_test_settle ();
  scan_and_close_dialogs (where, GTK_WINDOW (fixture->window));
}

/* The form that corrects each entry of the journal, with the entry's values in it. */
static void
scan_every_amend_form (Fixture    *fixture,
                       VtStation  *station,
                       const char *phase)
{
  GListModel *journal = vt_station_get_journal (station);

  for (guint i = 0; i < g_list_model_get_n_items (journal); i++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (journal, i);
      g_autofree char *where = g_strdup_printf ("%s, correcting a %s entry", phase,
                                                vt_journal_entry_get_kind (entry));
      GtkWidget *dialog = vt_command_dialog_new_amend (GTK_WINDOW (fixture->window), station,
                                                       entry);

      if (dialog == NULL)
        continue;
      gtk_window_present (GTK_WINDOW (dialog));
      vt_test_settle ();
      scan_and_close_dialogs (where, GTK_WINDOW (fixture->window));
    }
}

static void
scan_every_form_of (Fixture    *fixture,
                    VtStation  *station,
                    const char *phase)
{
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      g_autofree char *where = NULL;
      g_autofree char *after = NULL;
      GtkWidget *dialog;

      if (kinds[i].phases == 0)
        continue;
      where = g_strdup_printf ("%s, form %s", phase, kinds[i].id);
      after = g_strdup_printf ("%s, form %s saved", phase, kinds[i].id);
      dialog = vt_command_dialog_new (GTK_WINDOW (fixture->window), station, kinds[i].id);
      g_assert_nonnull (dialog);
      gtk_window_present (GTK_WINDOW (dialog));
      vt_test_settle ();
      scan_widget (where, dialog);
      /* Irreversible kinds ask first: the question is scanned, nothing is given. */
      if (!vt_entry_kind_is_irreversible (&kinds[i]))
        {
          vt_command_dialog_save (VT_COMMAND_DIALOG (dialog));
          vt_test_settle ();
          /* A toast, when it was given. */
          scan_widget (after, GTK_WIDGET (fixture->window));
        }
      scan_and_close_dialogs (after, GTK_WINDOW (fixture->window));
      scan_form_for_object (fixture, station, &kinds[i], phase);
    }
}

static void
scan_every_form (Fixture    *fixture,
                 const char *phase)
{
  scan_every_form_of (fixture, fixture->station.station, phase);
}

static void
test_every_form (Fixture       *fixture,
                 gconstpointer  data)
{
  scan_every_form (fixture, "setup");
  assert_no_leaks ();
}

static void
test_every_form_voting (Fixture       *fixture,
                        gconstpointer  data)
{
  open_station (fixture);
  scan_every_form (fixture, "voting");
  assert_no_leaks ();
}

/* Refusals shown in a form: a strip already used, an urn already sealed, an unknown person
 * as witness. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  StationFixture *station = &fixture->station;
  struct { const char *kind; const char *field; const char *value; } refusals[] = {
    { VT_KIND_URN_SEAL, "strip", "1001" },
    { VT_KIND_URN_SEAL, "strip", "9999" },
    { VT_KIND_URN_VERIFY_EMPTY, NULL, NULL },
    { VT_KIND_DOORS_OPEN, NULL, NULL },
    { VT_KIND_STRIPS_RECEIVE, "first", "1010" },
  };

  open_station (fixture);
  vt_test_do_printf (&fixture->station, VT_KIND_URN_ADD,
                     "{\"urn\": \"S1\", \"kind\": \"special-envelope\"}");
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *where = g_strdup_printf ("refusal %s %s=%s", refusals[i].kind,
                                                refusals[i].field, refusals[i].value);
      GtkWidget *dialog = vt_command_dialog_new (GTK_WINDOW (fixture->window),
                                                 station->station, refusals[i].kind);
      const char *error;

      gtk_window_present (GTK_WINDOW (dialog));
      vt_test_settle ();
      vt_command_dialog_set_value (VT_COMMAND_DIALOG (dialog), "urn", "U1", FALSE);
      if (refusals[i].field != NULL)
        vt_command_dialog_set_value (VT_COMMAND_DIALOG (dialog), refusals[i].field,
                                     refusals[i].value, FALSE);
      vt_command_dialog_save (VT_COMMAND_DIALOG (dialog));
      vt_test_settle ();
      error = vt_command_dialog_get_error (VT_COMMAND_DIALOG (dialog));
      g_test_message ("%s: %s", where, error);
      /* It was refused, and says so. */
      g_assert_nonnull (error);
      scan_and_close_dialogs (where, GTK_WINDOW (fixture->window));
    }
  /* The refusals are in the log too. */
  scan_pages (fixture, "voting");
  assert_no_leaks ();
}

/* Every document as printed (the original and a second copy), line by line. */
static void
scan_documents (VtStation  *station,
                const char *phase)
{
  static const VtDocumentKind all[] = {
    VT_DOCUMENT_PROTOCOL, VT_DOCUMENT_PACKING_LIST, VT_DOCUMENT_RECEIPT, VT_DOCUMENT_SEALS,
  };

  for (guint d = 0; d < G_N_ELEMENTS (all); d++)
    for (guint copy = 0; copy < 2; copy++)
      {
        g_autoptr(GError) error = NULL;
        VtDoc *doc = vt_document_build (station, all[d], copy);
        g_autoptr(GBytes) bytes = NULL;
        PopplerDocument *pdf;

        g_assert_nonnull (doc);
        bytes = vt_doc_to_pdf (doc, &error);
        g_assert_no_error (error);
        pdf = poppler_document_new_from_bytes (bytes, NULL, &error);
        g_assert_no_error (error);
        for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
          {
            PopplerPage *page = poppler_document_get_page (pdf, i);
            g_autofree char *text = poppler_page_get_text (page);
            g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
            g_autofree char *where = g_strdup_printf ("%s, document %s copy %u, page %d",
                                                      phase, vt_document_kind_to_string (all[d]),
                                                      copy, i + 1);

            for (guint l = 0; lines[l] != NULL; l++)
              scan_text (where, g_strstrip (lines[l]), NULL);
            g_object_unref (page);
          }
        g_object_unref (pdf);
        vt_doc_free (doc);
      }
}

/* The busy two-day scenario of data/scenarios, cut before the step that ends each phase (as
 * data/screenshots/take.py does) and replayed: outdoor voting under way, special envelopes,
 * a second day, findings. Every page of every cut; every form in the voting phase. */
static void
test_scenario_pages (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct { const char *kind; guint occurrence; } cuts[] = {
    { VT_KIND_CHECK_DONE, 1 }, { VT_KIND_DOORS_OPEN, 1 }, { VT_KIND_DOORS_CLOSE, 1 },
    { VT_KIND_DOORS_OPEN, 2 }, { VT_KIND_DOORS_CLOSE, 2 },
    { VT_KIND_SHIPMENT_HANDED_OVER, 1 }, { VT_KIND_RESULTS_PHONED, 1 }, { NULL, 0 },
  };
  g_autofree char *scenario_dir = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                         "scenarios", NULL);
  g_autofree char *scenario_path = g_build_filename (scenario_dir,
                                                     "busy-municipal-two-days.json", NULL);
  g_autoptr(GPtrArray) stations = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonArray) kept = json_array_new ();
      g_autofree char *cut_path = g_strdup_printf ("%s/cut-%u.json", fixture->station.dir, c);
      g_autofree char *station_path = g_strdup_printf ("%s/cut-%u.valgting",
                                                       fixture->station.dir, c);
      g_autofree char *election = NULL;
      g_autofree char *where = NULL;
      VtScenarioReport report = { 0 };
      JsonObject *root;
      JsonArray *steps;
      VtStation *station;
      guint seen_kind = 0;

      g_assert_true (json_parser_load_from_file (parser, scenario_path, &error));
      g_assert_no_error (error);
      root = json_node_get_object (json_parser_get_root (parser));
      steps = json_object_get_array_member (root, "steps");
      for (guint i = 0; i < json_array_get_length (steps); i++)
        {
          JsonObject *step = json_array_get_object_element (steps, i);

          if (cuts[c].kind != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (step, "do", ""),
                         cuts[c].kind) == 0 &&
              ++seen_kind == cuts[c].occurrence)
            break;
          json_array_add_element (kept, json_node_copy (json_array_get_element (steps, i)));
        }
      election = g_build_filename (scenario_dir,
                                   json_object_get_string_member (root, "election"), NULL);
      json_object_set_string_member (root, "election", election);
      json_object_set_array_member (root, "steps", json_array_ref (kept));
      json_object_remove_member (root, "expect");
      json_generator_set_root (generator, json_parser_get_root (parser));
      g_assert_true (json_generator_to_file (generator, cut_path, &error));
      g_assert_no_error (error);

      if (!vt_scenario_replay (cut_path, station_path, &report, &error))
        g_error ("cut %u: %s", c, error->message);
      vt_scenario_report_clear (&report);
      station = vt_station_open (station_path, &error);
      g_assert_no_error (error);
      g_ptr_array_add (stations, station);

      g_clear_pointer (&id_regex, g_regex_unref);
      g_clear_pointer (&english_regex, g_regex_unref);
      g_clear_pointer (&bokmal_regex, g_regex_unref);
      build_regexes (vt_station_get_config (station), FALSE);
      vt_window_set_station (fixture->window, station);
      fixture->page = vt_window_get_station_page (fixture->window);
      vt_test_settle ();
      where = g_strdup_printf ("scenario cut before %s #%u: %s",
                               cuts[c].kind != NULL ? cuts[c].kind : "the end",
                               cuts[c].occurrence,
                               vt_phase_to_string (vt_station_get_phase (station)));
      scan_pages (fixture, vt_phase_to_string (vt_station_get_phase (station)));
      /* The second day's voting: the fullest station a form sees. */
      if (vt_station_get_phase (station) == VT_PHASE_VOTING && cuts[c].occurrence == 2)
        scan_every_form_of (fixture, station, where);
      if (cuts[c].kind == NULL)
        scan_every_amend_form (fixture, station, where);
      if (vt_station_get_phase (station) >= VT_PHASE_CLOSING)
        scan_documents (station, where);
    }
  assert_no_leaks ();
}

int
main (int   argc,
      char *argv[])
{
  g_assert_nonnull (g_getenv ("LANGUAGE"));
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  /* As main () does, but with the catalogues of this build tree. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, VT_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  leaks = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  the_app = vt_application_new (G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;
    g_application_register (G_APPLICATION (the_app), NULL, &error);
    g_assert_no_error (error);
  }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/i18n-ui/every-page-without-ids-or-english", test_every_page);
  ADD ("/i18n-ui/every-form-without-ids-or-english", test_every_form);
  ADD ("/i18n-ui/every-form-in-voting-without-ids-or-english", test_every_form_voting);
  ADD ("/i18n-ui/refusals-without-ids-or-english", test_refusals);
  ADD ("/i18n-ui/busy-scenario-without-ids-or-english", test_scenario_pages);

  return g_test_run ();
}
