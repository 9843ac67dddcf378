/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <poppler.h>
#include <sqlite3.h>

#include "vt-station.h"

G_BEGIN_DECLS

/* A fresh station in its own temporary folder, removed again after the test. */
typedef struct
{
  char *dir;
  char *path;
  VtConfig *config;
  VtStation *station;
  GDateTime *now;   /* the station's clock; set it with vt_test_at () */
} StationFixture;

/* Fixture data: the configuration file under data/ or tests/data/ to make the station from.
 * NULL is the two-day Storting example with an electronic roll. */
#define VT_TEST_MUNICIPAL "municipal-2027.json"  /* one day, 2027-09-13, paper roll, by party */

void      station_fixture_set_up      (StationFixture *fixture,
                                       gconstpointer   data);
void      station_fixture_tear_down   (StationFixture *fixture,
                                       gconstpointer   data);
VtConfig *vt_test_load_config         (const char     *name);
GDateTime *vt_test_fixed_time         (int             hour,
                                       int             minute);
sqlite3  *vt_test_open_raw            (const char     *path);
/* Overwrites the cell pointers of @table's root page: a damage only the page check finds. */
void      vt_test_damage_table_page   (const char     *path,
                                       const char     *table);
char     *vt_test_run_sqlite3_shell   (const char     *path,
                                       const char     *sql,
                                       int            *exit_status);
void      vt_test_remove_tree         (const char     *dir);
/* Runs $VALGTING_BINARY with @args (NULL-terminated); its exit status, which must be a normal
 * exit. Its output goes to the test's messages; *@err (may be NULL) its standard error. */
int       vt_test_run_valgting        (const char * const *args,
                                       char          **err);
/* No run of eleven digits (an identity number) in @text, apart from the hex of hashes. */
void      vt_test_assert_no_identity_numbers (const char *text);
/* verify-chain.sh (no Valgting code, $VALGTING_VERIFY_CHAIN) and vt_verify agree on @path:
 * the same entry count and checksum, or both refuse it. */
void      vt_test_assert_chain_script_agrees (const char *path);
/* Runs verify-chain.sh on @path: its exit status (0 passed, 1 refused), *out its output. */
int       vt_test_run_chain_script    (const char     *path,
                                       char          **out);

/* Set the station's clock: day 1 or 2 of the election, local time "HH:MM". */
void      vt_test_at                  (StationFixture *fixture,
                                       int             day,
                                       const char     *hhmm);
/* Give a command that must succeed; @json is the payload, "{}" for none. Returns its seq. */
gint64    vt_test_do                  (StationFixture *fixture,
                                       const char     *kind,
                                       const char     *actor,
                                       const char     *json);
/* vt_test_do () by the chair, the payload made with printf. */
gint64    vt_test_do_printf           (StationFixture *fixture,
                                       const char     *kind,
                                       const char     *format,
                                       ...) G_GNUC_PRINTF (3, 4);
/* Give a command that must be refused by @rule; checks that the refusal was journaled and
 * nothing else changed. Returns the refusal's message for further checks. */
char     *vt_test_refused             (StationFixture *fixture,
                                       const char     *kind,
                                       const char     *actor,
                                       const char     *json,
                                       const char     *rule);
/* Through the opening to open doors at day 1's opening time: checklist done, urn U1 (table 1) shown
 * empty and sealed with strip 1001 of strips 1001–1050, doors opened. */
void      vt_test_open_station        (StationFixture *fixture);
/* The seal strips left unused in a test's range: explained (K103), so that they do not hold
 * up the results. Nothing when every strip is accounted for. */
void      vt_test_settle_strips       (StationFixture *fixture);
/* A count and its control count, as two entries: @kind is the first count's kind
 * ("pile.count", "roll-marks.count", "envelopes.count"), @fields the JSON members of what is
 * counted ("\"contest\": \"kommunestyre\", \"pile\": \"A\""). The chair counts @count and the
 * deputy chair control-counts @control (each made present first when not); the chair enters
 * both. Returns the control count's seq. */
gint64    vt_test_count_twice         (StationFixture *fixture,
                                       const char     *kind,
                                       const char     *fields,
                                       gint64          count,
                                       gint64          control);
/* Every table's roll marks for every day of the election, @n each; every special-envelope
 * reason's envelopes, @n each; both counted and control-counted (vt_test_count_twice). */
void      vt_test_count_all_roll_marks (StationFixture *fixture,
                                        gint64          n);
void      vt_test_count_all_envelopes  (StationFixture *fixture,
                                        gint64          n);
/* Every strip received and not used, returned (one entry each), so that K103 holds up
 * nothing. */
void      vt_test_return_unused_strips (StationFixture *fixture);
/* The text of each page of a PDF, and of a whole PDF file, as poppler reads it. */
GPtrArray *vt_test_pdf_page_texts     (GBytes         *pdf);
char      *vt_test_pdf_file_text      (const char     *path);
/* Where @needle is next after (@page, @top, @left) in reading order (top to bottom, on a line
 * left to right): TRUE and its place. By position, not poppler's text order; case-sensitive;
 * may span lines. Start with page 0, top and left -1. */
gboolean   vt_test_pdf_find_after     (PopplerDocument *pdf,
                                       const char     *needle,
                                       guint          *page,
                                       double         *top,
                                       double         *left);
/* The chair's and the deputy chair's person ids in the fixture's configuration. */
const char *vt_test_chair             (StationFixture *fixture);
const char *vt_test_deputy            (StationFixture *fixture);

G_END_DECLS
