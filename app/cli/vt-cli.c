/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-cli"

#include "config.h"

#include <inttypes.h>
#include "vt-i18n.h"
#include <locale.h>

#include "vt-checks.h"
#include "vt-collect.h"
#include "vt-cli.h"
#include "vt-copy.h"
#include "vt-debrief-doc.h"
#include "vt-debrief.h"
#include "vt-documents.h"
#include "vt-entry-kind.h"
#include "vt-export.h"
#include "vt-results.h"
#include "vt-journal-entry.h"
#include "vt-overview-doc.h"
#include "vt-scenario-writer.h"
#include "vt-scenario.h"
#include "vt-staff-import.h"
#include "vt-station.h"
#include "vt-verify.h"

/* The headless verbs: "valgting VERB ARGS". They use the core only and never touch a display,
 * so they work over ssh, in scripts and in CI. */

typedef int (*VerbFunc) (int argc, char **argv);

static const char *
program_name (void)
{
  return g_get_prgname () != NULL ? g_get_prgname () : "valgting";
}

static int
verify_checksum (const char *path,
                 const char *groups)
{
  g_autoptr(GError) error = NULL;
  VtVerifyPaper paper = { 0 };

  if (!vt_verify_checksum (path, groups, &paper, &error))
    {
      g_printerr (_("%s: NOT OK: %s\n"), path, error->message);
      return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) ? 2 : 1;
    }
  if (paper.seq == 0)
    {
      /* Translators: %s are the file and the groups typed from the paper */
      g_print (_("%s: NOT OK: the file's chain does not pass through “%s”. The page was not "
                 "printed from this file, or entries printed there were changed or removed "
                 "since (or the groups were mistyped).\n"), path, groups);
      return 1;
    }
  g_print (_("%s: OK: the checksum “%s” is that of entry %" PRId64 ".\n"), path, groups,
           paper.seq);
  if (paper.n_following == 0)
    g_print (_("  It is the last entry: nothing was written after the page was printed.\n"));
  else
    g_print (ngettext ("  %" PRId64 " entry was written after it.\n",
                       "  %" PRId64 " entries were written after it.\n",
                       paper.n_following), paper.n_following);
  if (paper.n_matches > 1)
    g_print (_("  %u entries begin with these groups: type more groups to tell them apart.\n"),
             paper.n_matches);
  return 0;
}

static int
verify_against (const char *path,
                const char *other)
{
  g_autoptr(GError) error = NULL;
  VtVerifyComparison cmp = { 0 };

  if (!vt_verify_against (path, other, &cmp, &error))
    {
      g_printerr (_("NOT OK: %s\n"), error->message);
      return 1;
    }
  switch (cmp.relation)
    {
    case VT_VERIFY_SAME:
      g_print (_("%s and %s hold the same journal (%" PRId64 " entries).\n"), path, other,
               cmp.n_file);
      return 0;
    case VT_VERIFY_FILE_SHORTER:
      g_print (_("%s holds the first %" PRId64 " of the %" PRId64 " entries of %s: it lacks "
                 "entries %" PRId64 " to %" PRId64 ". Its end was cut off or rolled back, "
                 "or it is an older copy.\n"), path, cmp.n_file, cmp.n_other, other,
               cmp.first_difference, cmp.n_other);
      return 1;
    case VT_VERIFY_OTHER_SHORTER:
      g_print (_("%s holds the first %" PRId64 " of the %" PRId64 " entries of %s: it lacks "
                 "entries %" PRId64 " to %" PRId64 ". Its end was cut off or rolled back, "
                 "or it is an older copy.\n"), other, cmp.n_other, cmp.n_file, path,
               cmp.first_difference, cmp.n_file);
      return 1;
    case VT_VERIFY_DIFFERENT:
    default:
      g_print (_("%s and %s hold different histories from entry %" PRId64 " on (%" PRId64
                 " and %" PRId64 " entries): one of them was rewritten, or they are not the "
                 "same station.\n"), path, other, cmp.first_difference, cmp.n_file,
               cmp.n_other);
      return 1;
    }
}

/* valgting verify FILE [--checksum "3f2a 9c1b …"] [--against OTHER]: 0 when the file holds
 * (and the paper or the other file agrees), 1 when not, 2 for wrong arguments. */
static int
verb_verify (int    argc,
             char **argv)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *against = NULL;
  GOptionEntry entries[] = {
    { "checksum", 'c', 0, G_OPTION_ARG_STRING, &checksum,
      N_("Whether the file's chain passes through the checksum printed on a page"),
      N_("\"GROUPS\"") },
    { "against", 'a', 0, G_OPTION_ARG_FILENAME, &against,
      N_("Whether the file's journal and OTHER's are the same, or one is a prefix of the "
         "other"), N_("OTHER") },
    { NULL }
  };

  context = g_option_context_new (_("FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[0] is the program, argv[1] "verify". */
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Usage: %s verify FILE [--checksum \"3f2a 9c1b …\"] [--against OTHER]\n"),
                  program_name ());
      return 2;
    }

  if (checksum != NULL)
    return verify_checksum (argv[2], g_strstrip (checksum));
  if (against != NULL)
    return verify_against (argv[2], against);

  if (!vt_verify_file (argv[2], &report, &error))
    {
      /* Translators: %s are the file name and what is wrong with it */
      g_printerr (_("%s: NOT OK: %s\n"), argv[2], error->message);
      return 1;
    }

  groups = vt_hash_to_groups (report.head_hash, 16);
  g_print (_("%s: OK\n"), argv[2]);
  g_print (_("  entries:      %" PRId64 "\n"), report.n_entries);
  g_print (_("  last entry:   %s\n"), report.last_time_utc != NULL ? report.last_time_utc : "—");
  g_print (_("  checksum:     %s\n"), groups);
  if (report.training)
    g_print (_("  This is a TRAINING station, not a real election.\n"));
  if (!report.config_covered)
    g_print (_("  This file was made by an older Valgting: its chain does not cover its "
               "election configuration (the names of people, checklists), only its "
               "entries and training flag.\n"));
  return 0;
}

/* valgting replay [--keep-dates] SCENARIO FILE: 0 when every step went as written and the end
 * is as expected; 1 when a step was refused (or accepted) against the scenario, or the end
 * differs; 2 when nothing was replayed: wrong arguments, a bad scenario or election file, or
 * FILE exists already. */
static int
verb_replay (int    argc,
             char **argv)
{
  g_auto(VtScenarioReport) report = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean keep_dates = FALSE;
  gboolean ok;
  GOptionEntry entries[] = {
    { "keep-dates", 0, 0, G_OPTION_ARG_NONE, &keep_dates,
      N_("Replay on the configuration's own dates, as a real or training station as it says, "
         "instead of a training station whose first day is today"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("SCENARIO.json FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[0] is the program, argv[1] "replay". */
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 4)
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Usage: %s replay [--keep-dates] SCENARIO.json FILE\n"
                    "Replays a scenario into a new station FILE; see data/SCENARIOS.md.\n"),
                  program_name ());
      return 2;
    }

  ok = vt_scenario_replay_full (argv[2], argv[3],
                                keep_dates ? VT_SCENARIO_FLAGS_KEEP_DATES
                                           : VT_SCENARIO_FLAGS_NONE,
                                &report, &error);
  if (!report.created)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  for (guint i = 0; i < report.messages->len; i++)
    g_print ("%s\n", (const char *)g_ptr_array_index (report.messages, i));
  summary = vt_scenario_report_dup_summary (&report);
  g_print ("%s", summary);
  if (report.training)
    /* Translators: %s is the station file a scenario was replayed into */
    g_print (_("  station:   %s (a training station)\n"), argv[3]);
  else
    /* Translators: %s is the station file a scenario was replayed into with --keep-dates, from
     * a configuration that is not a training election */
    g_print (_("  station:   %s (a real election's station, made by replay)\n"), argv[3]);
  /* Translators: the SHA-256 of the scenario file, recorded in the station's first entry */
  g_print (_("  scenario:  sha256 %s\n"), report.sha256);

  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

/* valgting new CONFIG.json FILE: a fresh station, as the window's "New station" makes it. 0 when
 * it was made; 1 when the configuration is refused or the file cannot be made; 2 for wrong
 * arguments or an existing FILE. */
static int
verb_new (int    argc,
          char **argv)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(VtConfig) config = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(GError) error = NULL;
  VtConfig *made;

  if (argc != 4)
    {
      g_printerr (_("Usage: %s new CONFIG.json FILE\n"
                    "Makes a new station FILE from an election configuration; see "
                    "data/CONFIGURATION.md.\n"), program_name ());
      return 2;
    }
  /* Said before the configuration is read: a station file is never written over. */
  if (g_file_test (argv[3], G_FILE_TEST_EXISTS) || g_file_test (argv[3], G_FILE_TEST_IS_SYMLINK))
    {
      /* Translators: %s is the station file given to "valgting new" */
      g_printerr (_("%s: there is already a file there; valgting new never writes over a file. "
                    "Give a new name, or move the old file away first.\n"), argv[3]);
      return 2;
    }

  file = g_file_new_for_path (argv[2]);
  config = vt_config_new_from_file (file, &error);
  if (config == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  station = vt_station_create (argv[3], config, &error);
  if (station == NULL)
    {
      g_printerr ("%s: %s\n", argv[3], error->message);
      return 1;
    }

  made = vt_station_get_config (station);
  g_print ("%s\n", vt_config_get_election_name (made));
  {
    g_autofree char *precinct = vt_config_dup_precinct_title (made);
    GPtrArray *days = vt_config_get_days (made);

    /* Translators: "  precinct:  0656 Nesttun skole, Bergen" */
    g_print (_("  precinct:  %s, %s\n"), precinct, vt_config_get_municipality_name (made));
    for (guint i = 0; i < days->len; i++)
      {
        VtElectionDay *day = g_ptr_array_index (days, i);
        g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");
        g_autofree char *closes = g_date_time_format (day->closes, "%H:%M");

        /* Translators: "  day 1:     2027-09-13, 09:00–21:00" */
        g_print (_("  day %u:     %s, %s–%s\n"), i + 1, day->date, opens, closes);
      }
  }
  if (vt_station_get_training (station))
    g_print (_("  station:   %s (a training station)\n"), argv[3]);
  else
    /* Translators: %s is the station file "valgting new" made */
    g_print (_("  station:   %s\n"), argv[3]);
  return 0;
}

/* valgting kinds: the reference of every journal entry kind and every numbered check, as
 * Markdown. The build writes it to valgting-reference.md. */
static int
verb_kinds (int    argc,
            char **argv)
{
  g_autofree char *reference = NULL;
  g_autofree char *checks = NULL;

  if (argc != 2)
    {
      g_printerr (_("Usage: %s kinds\n"), program_name ());
      return 2;
    }

  reference = vt_entry_kind_dup_reference ();
  checks = vt_check_dup_reference ();
  g_print ("%s\n%s", reference, checks);
  return 0;
}

/* valgting print protocol|packing-list|receipt|seals|opening-report|closing-report FILE
 * -o OUT.pdf [--copy N]: the documents of the day as PDF, without a display; for an
 * organisation's meeting meeting-protocol|office-notice, and only those (2 for the others). */
static int
verb_print (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autoptr(VtDoc) doc = NULL;
  g_autofree char *output = NULL;
  g_autofree char *language = NULL;
  int copy = 0;
  VtDocumentKind kind;
  GOptionEntry entries[] = {
    { "language", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("Draw the document in LANGUAGE (nb or nn) instead of the configuration's"),
      N_("LANGUAGE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the PDF to FILE"),
      N_("FILE") },
    { "copy", 0, 0, G_OPTION_ARG_INT, &copy, N_("Mark every page as copy number N"), "N" },
    { NULL }
  };

  context = g_option_context_new (_("protocol|packing-list|receipt|seals|opening-report|"
                                    "closing-report|meeting-protocol|office-notice FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[0] is the program, argv[1] "print". */
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 4 || output == NULL ||
      copy < 0 || !vt_document_kind_from_string (argv[2], &kind) ||
      (language != NULL && !vt_i18n_language_is_known (language)))
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Usage: %s print protocol|packing-list|receipt|seals|opening-report|"
                    "closing-report|meeting-protocol|office-notice FILE -o OUT.pdf [--copy N] "
                    "[--language nb|nn]\n"),
                  program_name ());
      return 2;
    }

  /* The state every document prints from, rebuilt from the journal and compared first. */
  {
    g_auto(VtVerifyReport) report = { 0 };
    if (!vt_verify_file (argv[3], &report, &error))
      {
        g_printerr (_("%s: NOT OK, nothing printed: %s\n"), argv[3], error->message);
        return 1;
      }
  }
  /* Printing never writes the station file: it prints from read-only media too. */
  station = vt_station_open_read_only (argv[3], &error);
  if (station == NULL)
    {
      g_printerr ("%s: %s\n", argv[3], error->message);
      return 1;
    }
  /* A meeting's documents for a meeting, a polling station's for a polling station. */
  if (!vt_document_kind_applies (kind, vt_station_get_config (station)))
    {
      if (vt_config_is_organisation (vt_station_get_config (station)))
        g_printerr (_("%s: “%s” is a polling station's document; this is an organisation's "
                      "meeting: print meeting-protocol or office-notice.\n"), argv[3], argv[2]);
      else
        g_printerr (_("%s: “%s” is a document of an organisation's meeting; this is a polling "
                      "station: print protocol, packing-list, receipt, seals, opening-report "
                      "or closing-report.\n"), argv[3], argv[2]);
      return 2;
    }
  doc = vt_document_build_in (station, kind, (guint)copy, language);
  if (!vt_doc_write_pdf (doc, output, &error))
    {
      g_printerr ("%s: %s\n", output, error->message);
      return 1;
    }
  /* Translators: "protocol.pdf: 7 pages" */
  g_print (ngettext ("%s: %u page\n", "%s: %u pages\n", vt_doc_get_n_pages (doc)), output,
           vt_doc_get_n_pages (doc));
  /* Written 0600; a file system that does not keep that (FAT) is said, not hidden. */
  if (!vt_copy_path_is_private (output))
    g_printerr (_("%s: warning: this file system cannot keep the file private; others can read "
                  "it. Keep the disk safe like the paper protocol.\n"), output);
  return 0;
}

/* valgting scenario-from STATION -o SCENARIO.json: a scenario that replays the station's day,
 * written from its journal. 0 when it was written; 1 when the station cannot be read or the
 * files cannot be written; 2 for wrong arguments or an existing SCENARIO.json (or its election
 * file beside it). */
static int
verb_scenario_from (int    argc,
                    char **argv)
{
  g_auto(VtScenarioWriterReport) report = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the scenario to FILE, and its election configuration beside it"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("STATION.valgting"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[0] is the program, argv[1] "scenario-from". */
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 || output == NULL)
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Usage: %s scenario-from STATION.valgting -o SCENARIO.json\n"
                    "Writes the station's log as a scenario that replays it; see "
                    "data/SCENARIOS.md.\n"), program_name ());
      return 2;
    }

  if (!vt_scenario_write_from_station (argv[2], output, &report, &error))
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, VT_SCENARIO_WRITER_ERROR, VT_SCENARIO_WRITER_ERROR_EXISTS)
               ? 2 : 1;
    }

  /* Translators: "busy.json: 174 steps, 5 of them meant to be refused" */
  g_print (ngettext ("%s: %u step, %u of them meant to be refused\n",
                     "%s: %u steps, %u of them meant to be refused\n", report.n_steps),
           output, report.n_steps, report.n_refused);
  /* Translators: %s is the election configuration written beside the scenario */
  g_print (_("  election:  %s\n"), report.election_path);
  if (report.n_left_out > 0)
    /* Translators: entries such as the station's creation and printed documents */
    g_print (ngettext ("  left out:  %u entry Valgting wrote by itself\n",
                       "  left out:  %u entries Valgting wrote by itself\n", report.n_left_out),
             report.n_left_out);
  if (report.not_private)
    g_printerr (_("%s: warning: this file system cannot keep the file private; others can read "
                  "it. Keep the disk safe like the paper protocol.\n"), output);
  return 0;
}

/* valgting debrief SCENARIO.json TRAINEE.valgting… -o OUT.pdf: one trainee's debrief, or for
 * several the classroom's, and a line per trainee on stdout. 0 when it was written; 1 when a
 * station cannot be read (named) or the PDF cannot be written; 2 for wrong arguments or a
 * scenario that cannot be read. */
static int
verb_debrief (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtScenario) scenario = NULL;
  g_autoptr(GPtrArray) debriefs = g_ptr_array_new_with_free_func ((GDestroyNotify)vt_debrief_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VtDoc) doc = NULL;
  g_autofree char *output = NULL;
  g_autofree char *language = NULL;
  GOptionEntry entries[] = {
    { "language", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("Draw the debrief in LANGUAGE (nb or nn) instead of the program's"), N_("LANGUAGE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the PDF to FILE"),
      N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("SCENARIO.json TRAINEE.valgting…"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[0] is the program, argv[1] "debrief". */
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 4 || output == NULL ||
      (language != NULL && !vt_i18n_language_is_known (language)))
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Usage: %s debrief SCENARIO.json TRAINEE.valgting… -o OUT.pdf "
                    "[--language nb|nn]\n"
                    "One trainee's station gives their debrief; several give the classroom's.\n"),
                  program_name ());
      return 2;
    }

  scenario = vt_scenario_load (argv[2], &error);
  if (scenario == NULL)
    {
      g_printerr ("%s: %s\n", argv[2], error->message);
      return 2;
    }
  for (int i = 3; i < argc; i++)
    {
      VtDebrief *debrief = vt_debrief_new (scenario, argv[i], &error);
      guint n_mistakes = 0;

      if (debrief == NULL)
        {
          g_printerr ("%s: %s\n", argv[i], error->message);
          return 1;
        }
      g_ptr_array_add (debriefs, debrief);
      g_ptr_array_add (names, vt_debrief_dup_trainee_name (argv[i]));
      vt_debrief_get_other_mistakes (debrief, &n_mistakes);
      /* Translators: one trainee's line: "kari: done 5, late 1, missed 1, wrong 1, other
       * mistakes 2" */
      g_print (_("%s: done %u, late %u, missed %u, wrong %u, other mistakes %u\n"),
               (const char *)g_ptr_array_index (names, names->len - 1),
               vt_debrief_count (debrief, VT_DEBRIEF_DONE),
               vt_debrief_count (debrief, VT_DEBRIEF_DONE_LATE),
               vt_debrief_count (debrief, VT_DEBRIEF_MISSED),
               vt_debrief_count (debrief, VT_DEBRIEF_DONE_WRONG), n_mistakes);
    }
  if (debriefs->len == 1)
    doc = vt_debrief_doc_build (scenario, g_ptr_array_index (debriefs, 0),
                                g_ptr_array_index (names, 0), language);
  else
    doc = vt_debrief_doc_build_classroom (scenario, (VtDebrief * const *)debriefs->pdata,
                                          (const char * const *)names->pdata, debriefs->len,
                                          language);
  if (!vt_doc_write_pdf (doc, output, &error))
    {
      g_printerr ("%s: %s\n", output, error->message);
      return 1;
    }
  g_print (ngettext ("%s: %u page\n", "%s: %u pages\n", vt_doc_get_n_pages (doc)), output,
           vt_doc_get_n_pages (doc));
  return 0;
}

/* The exit status of a failed export: 2 for an unknown format or an existing file (the
 * command was wrong), 1 for a station that does not verify or a file that cannot be written. */
static int
export_failed (GError *error)
{
  g_printerr ("%s\n", error->message);
  return g_error_matches (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_EXISTS) ||
         g_error_matches (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_FORMAT) ? 2 : 1;
}

static void
warn_not_private (const char *output)
{
  g_printerr (_("%s: warning: this file system cannot keep the file private; others can read "
                "it. Keep the disk safe like the paper protocol.\n"), output);
}

/* The groups typed from each station's paper, from "--checksum FILE=GROUPS" options: NULL
 * where none was given. FALSE when an option names no station given (or has no "="). */
static gboolean
collect_checksums (char      **options,
                   char      **paths,
                   int         n_paths,
                   GPtrArray  *checksums)
{
  for (int i = 0; i < n_paths; i++)
    g_ptr_array_add (checksums, NULL);
  for (guint o = 0; options != NULL && options[o] != NULL; o++)
    {
      const char *eq = strrchr (options[o], '=');
      g_autofree char *file = eq != NULL ? g_strndup (options[o], eq - options[o]) : NULL;
      g_autofree char *canonical = file != NULL ? g_canonicalize_filename (file, NULL) : NULL;
      gboolean found = FALSE;

      for (int i = 0; canonical != NULL && i < n_paths; i++)
        {
          g_autofree char *path = g_canonicalize_filename (paths[i], NULL);

          if (g_str_equal (path, canonical))
            {
              g_free (g_ptr_array_index (checksums, i));
              g_ptr_array_index (checksums, i) = g_strdup (eq + 1);
              found = TRUE;
            }
        }
      if (!found)
        {
          /* Translators: %s is what was given after --checksum */
          g_printerr (_("--checksum %s: give it as FILE=GROUPS, FILE one of the station files "
                        "collected.\n"), options[o]);
          return FALSE;
        }
    }
  return TRUE;
}

/* valgting collect STATION… -o OVERVIEW.pdf [--json OVERVIEW.json] [--checksum FILE=GROUPS …]:
 * the municipality's overview, and a line per station on stdout. 0 when it was written with
 * every station summed (a copy of a file summed is summed once, and counts as summed); 1 when
 * it was written but a station's numbers are in no sum (it does not
 * verify, its paper's checksum is not in it, it is of another election, or another file of
 * its precinct holds another journal: each named on stderr); 2 for wrong arguments; 3 when the
 * overview cannot be written. */
static int
verb_collect (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtCollect) collect = NULL;
  g_autoptr(VtDoc) doc = NULL;
  g_autoptr(GPtrArray) checksums = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *output = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) checksum_options = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the overview's PDF to FILE"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json,
      N_("Write the overview's numbers and flags as JSON to FILE"), N_("FILE") },
    { "checksum", 0, 0, G_OPTION_ARG_STRING_ARRAY, &checksum_options,
      N_("Check that the groups typed from FILE's paper protocol are in its chain"),
      N_("FILE=GROUPS") },
    { NULL }
  };

  context = g_option_context_new (_("STATION.valgting…"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[0] is the program, argv[1] "collect". */
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 3 || output == NULL ||
      !collect_checksums (checksum_options, argv + 2, argc - 2, checksums))
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Usage: %s collect STATION.valgting… -o OVERVIEW.pdf [--json OVERVIEW.json] "
                    "[--checksum FILE=GROUPS …]\n"
                    "Verifies the station files of one election and sums them in the "
                    "municipality's overview.\n"), program_name ());
      return 2;
    }

  collect = vt_collect_new ((const char * const *)argv + 2,
                            (const char * const *)checksums->pdata, argc - 2);
  for (guint i = 0; i < collect->stations->len; i++)
    {
      VtCollectStation *station = g_ptr_array_index (collect->stations, i);
      g_autofree char *label = vt_collect_station_dup_label (station);

      /* Translators: one station's line: "0405 Nattland skole (nattland.valgting): summed" */
      g_print (station->summed ? _("%s (%s): summed\n") : _("%s (%s): LEFT OUT\n"), label,
               station->path);
      for (guint f = 0; f < station->flags->len; f++)
        {
          VtCollectFlag *flag = g_ptr_array_index (station->flags, f);
          g_autofree char *text = vt_collect_flag_dup_text (flag);

          if (vt_collect_flag_leaves_out (flag->kind))
            g_printerr ("%s: %s\n", station->path, text);
          g_print ("  %s\n", text);
        }
    }

  doc = vt_overview_doc_build (collect);
  if (!vt_doc_write_pdf (doc, output, &error))
    {
      g_printerr ("%s: %s\n", output, error->message);
      return 3;
    }
  if (json != NULL)
    {
      g_autofree char *data = vt_collect_to_json (collect);

      if (!g_file_set_contents_full (json, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     &error))
        {
          g_printerr ("%s\n", error->message);
          return 3;
        }
    }
  /* Translators: "overview.pdf: 3 pages; 12 of 13 station files summed" */
  g_print (ngettext ("%s: %u page; %u of %u station files summed\n",
                     "%s: %u pages; %u of %u station files summed\n",
                     vt_doc_get_n_pages (doc)), output, vt_doc_get_n_pages (doc),
           collect->n_summed, collect->stations->len);
  return vt_collect_count_missing (collect) > 0 ? 1 : 0;
}

/* valgting export log STATION -o LOG.csv|LOG.json: the station's log as data. 0 when it was
 * written; 1 when the station does not verify or cannot be read, or the file cannot be
 * written; 2 for wrong arguments, an unknown format or an existing file. Further subcommands
 * (events, results) are in exports[]. */
static int
export_log (const char *station,
            const char *output)
{
  g_autoptr(GError) error = NULL;
  gboolean not_private = FALSE;
  gint64 n_entries = 0;

  if (!vt_export_log (station, output, &n_entries, &not_private, &error))
    return export_failed (error);
  /* Translators: "log.csv: 174 entries" */
  g_print (ngettext ("%s: %" PRId64 " entry\n", "%s: %" PRId64 " entries\n", n_entries), output,
           n_entries);
  if (not_private)
    warn_not_private (output);
  return 0;
}

/* valgting export events STATION -o EVENTS.json: the journal as a NIST SP 1500-101 election
 * event log. Exit statuses as export_log's. */
static int
export_events (const char *station,
               const char *output)
{
  g_autoptr(GError) error = NULL;
  gint64 n_events = 0;

  if (!vt_export_events (station, output, &n_events, &error))
    return export_failed (error);
  /* Translators: "events.json: 174 events" */
  g_print (ngettext ("%s: %" PRId64 " event\n", "%s: %" PRId64 " events\n", n_events), output,
           n_events);
  if (!vt_copy_path_is_private (output))
    warn_not_private (output);
  return 0;
}

/* valgting export results STATION -o RESULTS.json: the protocol's numbers as data
 * ("valgting-results/1", report/vt-results.h); the same exit statuses as export log. */
static int
export_results (const char *station,
                const char *output)
{
  g_autoptr(GError) error = NULL;

  if (!vt_results_export (station, output, &error))
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_EXISTS) ||
             g_error_matches (error, VT_EXPORT_ERROR, VT_EXPORT_ERROR_FORMAT) ? 2 : 1;
    }
  /* Translators: "results.json: the protocol's numbers written" */
  g_print (_("%s: the protocol's numbers written\n"), output);
  return 0;
}

static const struct
{
  const char *name;
  int (*func) (const char *station, const char *output);
} exports[] = {
  { "log", export_log },
  { "events", export_events },
  { "results", export_results },
};

static int
verb_export (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE, as CSV or JSON by its name's ending"), N_("FILE") },
    { NULL }
  };

  /* Translators: "log" and "events" are the words to type */
  context = g_option_context_new (_("log|events STATION.valgting"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[0] is the program, argv[1] "export". */
  argv[1] = argv[0];
  if (g_option_context_parse (context, &argc, &argv, &error) && argc == 4 && output != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
      if (g_strcmp0 (argv[2], exports[i].name) == 0)
        return exports[i].func (argv[3], output);

  if (error != NULL)
    g_printerr ("%s\n", error->message);
  g_printerr (_("Usage: %s export log STATION.valgting -o LOG.csv|LOG.json\n"
                "Writes the station's log as data: every entry with its time, kind, who, "
                "summary, fields, corrections and hash.\n"), program_name ());
  g_printerr (_("   or: %s export events STATION.valgting -o EVENTS.json\n"
                "Writes the log as a NIST SP 1500-101 election event log: every entry an "
                "event with its hash, refusals as failures.\n"), program_name ());
  g_printerr (_("   or: %s export results STATION.valgting -o RESULTS.json\n"
                "Writes the protocol's numbers as data: B1, C1 and C2, the remarks, the "
                "journal's entry count and checksum.\n"), program_name ());
  return 2;
}

/* valgting import-staff STATION STAFF.csv: the people of a staff list into the station's
 * journal, all or none. 0 when they were added (or were all there already); 1 when the file
 * was refused (every bad line named on stderr), the station refused it (not in the setup
 * phase) or cannot be opened; 2 for wrong arguments. */
static int
verb_import_staff (int    argc,
                   char **argv)
{
  g_auto(VtStaffImportReport) report = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  GOptionEntry entries[] = { { NULL } };

  context = g_option_context_new (_("STATION.valgting STAFF.csv"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* argv[0] is the program, argv[1] "import-staff". */
  argv[1] = argv[0];
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 4)
    {
      if (error != NULL)
        g_printerr ("%s\n", error->message);
      g_printerr (_("Usage: %s import-staff STATION.valgting STAFF.csv\n"
                    "Adds the people of a staff list (columns navn, rolle, and optionally rode "
                    "and skift) to the station's log, in the setup phase.\n"), program_name ());
      return 2;
    }

  station = vt_station_open (argv[2], &error);
  if (station == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (!vt_staff_import (station, argv[3], &report, &error))
    {
      g_printerr ("%s: %s\n", argv[3], error->message);
      for (guint i = 0; report.problems != NULL && i < report.problems->len; i++)
        {
          g_autofree char *text = vt_staff_problem_dup_text (g_ptr_array_index (report.problems,
                                                                                 i));
          g_printerr ("  %s\n", text);
        }
      return 1;
    }

  /* Translators: "stab.csv: 12 people added to the staff" */
  g_print (ngettext ("%s: %u person added to the staff\n",
                     "%s: %u people added to the staff\n", report.n_added),
           argv[3], report.n_added);
  if (report.n_already > 0)
    g_print (ngettext ("  %u was already among the station's people\n",
                       "  %u were already among the station's people\n", report.n_already),
             report.n_already);
  return 0;
}

static const struct
{
  const char *name;
  VerbFunc func;
} verbs[] = {
  { "print", verb_print },
  { "verify", verb_verify },
  { "replay", verb_replay },
  { "new", verb_new },
  { "kinds", verb_kinds },
  { "scenario-from", verb_scenario_from },
  { "debrief", verb_debrief },
  { "export", verb_export },
  { "collect", verb_collect },
  { "import-staff", verb_import_staff },
};

/* For "valgting --help": the headless verbs. */
const char *
vt_cli_get_help (void)
{
  /* One line per verb (the issue of the trainer's desk): "VERB --help" tells the rest. */
  return _("Commands without a window:\n"
           "  verify FILE [--checksum \"GROUPS\"|--against OTHER]  check the file's chain, "
           "guards and state\n"
           "  print DOCUMENT FILE -o OUT.pdf     print the protocol, a packing list, the receipt, "
           "the seals or a report\n"
           "  new CONFIG.json FILE               make a new station from a configuration\n"
           "  replay SCENARIO.json FILE          replay a scenario into a new training station\n"
           "  scenario-from FILE -o OUT.json     write the station's log as a scenario that "
           "replays it\n"
           "  debrief SCENARIO.json TRAINEE… -o OUT.pdf  the debrief of one trainee, or of a "
           "classroom\n"
           "  export log FILE -o LOG.csv|LOG.json  write the station's log as data\n"
           "  export events FILE -o EVENTS.json  write the log as a NIST election event log\n"
           "  export results FILE -o RESULTS.json  write the protocol's numbers as data\n"
           "  collect FILE… -o OVERVIEW.pdf [--json OUT.json]  verify and sum the station files "
           "of one election: the municipality's overview\n"
           "  import-staff FILE STAFF.csv        add the people of a staff list, in the setup "
           "phase\n"
           "  kinds                              the reference of entry kinds and checks\n"
           "Run “valgting VERB --help” for a verb's options.");
}

gboolean
vt_cli_is_verb (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_strcmp0 (word, verbs[i].name) == 0)
      return TRUE;
  return FALSE;
}

int
vt_cli_run (int    argc,
            char **argv)
{
  g_return_val_if_fail (argc >= 2, 2);

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_strcmp0 (argv[1], verbs[i].name) == 0)
      return verbs[i].func (argc, argv);

  g_return_val_if_reached (2);
}
