/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "vt-entry-kind.h"
#include "vt-error.h"
#include "vt-test-util.h"
#include "vt-verify.h"

/* The disk fills up on election day: a small USB stick, a laptop with a full home folder. The
 * chair must then see a message that says what happened and what to do; every entry written
 * before must stay intact; the entry that failed must not be half there (no entry, no refusal,
 * the chain head unchanged, nothing in the file); and when space returns, work must go on
 * where it stopped, including the very command that failed, which is then written once.
 *
 * The full disk is simulated with RLIMIT_FSIZE set a little above the station's largest file:
 * writes past it fail with EFBIG (SIGXFSZ is ignored, which would otherwise kill us). sqlite
 * reports EFBIG as a bare SQLITE_IOERR_WRITE (only ENOSPC becomes SQLITE_FULL) and keeps no
 * reliable errno; the store then sees the file at the size limit (vt_copy_disk_is_full ()),
 * and the chair is told the disk became full, as on a real full disk.
 *
 * The limit binds every regular file this process writes, so it is lifted again as soon as
 * the step that needs it is done. It never gets in the way of the test's own output: stdout
 * is a pipe under meson, and even a log file stays far below the station's size. The station
 * is driven in this process rather than in a g_test_trap_subprocess () child so that the
 * station's own view (entry count, chain head, journal model) can be checked right after the
 * failure, on the same object the window would show. */

/* Room left on the "disk" once it is limited: a few pages, less than the notes below need. */
#define HEADROOM (8 * 1024)

/* Enough tries to fill any headroom; the disk fills after a handful. */
#define MAX_TRIES 500

/* The notes the station confirmed, in order: what must be in the file at the end. */
typedef struct
{
  GPtrArray *command_ids;
  GPtrArray *texts;
} Confirmed;

static void
confirmed_init (Confirmed *confirmed)
{
  confirmed->command_ids = g_ptr_array_new_with_free_func (g_free);
  confirmed->texts = g_ptr_array_new_with_free_func (g_free);
}

static void
confirmed_clear (Confirmed *confirmed)
{
  g_clear_pointer (&confirmed->command_ids, g_ptr_array_unref);
  g_clear_pointer (&confirmed->texts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Confirmed, confirmed_clear)

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64)st.st_size : 0;
}

/* The full disk is simulated by lowering the soft file size limit; only the soft one, so that
 * it can always be raised back. A process that already runs under a low limit (ulimit -f)
 * would meet it before the test does: skip. */
static gboolean
can_fill_disk (void)
{
  struct rlimit current;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &current), ==, 0);
  if (current.rlim_cur != RLIM_INFINITY && current.rlim_cur < 64 * 1024 * 1024)
    {
      g_test_skip ("The file size limit (ulimit -f) is already too low to simulate a full disk");
      return FALSE;
    }
  return TRUE;
}

/* The disk fills: from now on the station can grow its files only by HEADROOM. The WAL is
 * where a commit grows, and after the first checkpoints it may be the largest file, so the
 * limit is counted from the largest of them. @saved is what free_disk () puts back. */
static void
fill_disk (const char    *path,
           struct rlimit *saved)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  gint64 largest = MAX (file_size (path), MAX (file_size (wal), file_size (shm)));
  struct rlimit limited;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, saved), ==, 0);
  limited = *saved;
  limited.rlim_cur = (rlim_t)(largest + HEADROOM);
  g_assert_true (saved->rlim_cur == RLIM_INFINITY || saved->rlim_cur > limited.rlim_cur);
  g_test_message ("Station files: main %" G_GINT64_FORMAT ", -wal %" G_GINT64_FORMAT
                  " bytes; the disk is full at %" G_GINT64_FORMAT,
                  file_size (path), file_size (wal), largest + HEADROOM);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
}

/* Space returns. */
static void
free_disk (const struct rlimit *saved)
{
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, saved), ==, 0);
}

/* A note that names its command, padded to @length with a sentence free of digits (a run of
 * digits could look like an identity number, which the note rules refuse). */
static char *
note_text (const char *command_id,
           gsize       length)
{
  GString *text = g_string_new (NULL);

  g_string_printf (text, "Logged as %s.", command_id);
  while (text->len < length)
    g_string_append (text, " The queue reaches the car park.");
  return g_string_free (text, FALSE);
}

/* Logs a note that may meet a full disk. Whatever happens, the station's own view stays
 * whole: either the note is the next entry, or nothing changed at all: no entry, no refusal,
 * the same chain head, and no row in the window's journal list. */
static gboolean
try_note (StationFixture *fixture,
          Confirmed      *confirmed,
          const char     *command_id,
          const char     *text,
          GError        **error)
{
  VtStore *store = vt_station_get_store (fixture->station);
  GListModel *journal = vt_station_get_journal (fixture->station);
  gint64 before = vt_store_get_n_entries (store);
  gint64 refusals = vt_store_count_kind (store, VT_ENTRY_REFUSED);
  g_autofree char *head = g_strdup (vt_store_get_head_hash (store));
  g_autoptr(VtJournalEntry) entry = NULL;

  g_assert_cmpint (g_list_model_get_n_items (journal), ==, before);

  entry = vt_station_log_note (fixture->station, command_id, text, error);
  if (entry == NULL)
    {
      g_assert_cmpint (vt_store_get_n_entries (store), ==, before);
      g_assert_cmpstr (vt_store_get_head_hash (store), ==, head);
      g_assert_cmpint (vt_store_count_kind (store, VT_ENTRY_REFUSED), ==, refusals);
      g_assert_cmpint (g_list_model_get_n_items (journal), ==, before);
      return FALSE;
    }

  g_assert_cmpint (vt_journal_entry_get_seq (entry), ==, before + 1);
  g_assert_cmpstr (vt_journal_entry_get_prev_hash (entry), ==, head);
  g_assert_cmpstr (vt_store_get_head_hash (store), ==, vt_journal_entry_get_hash (entry));
  g_assert_cmpint (g_list_model_get_n_items (journal), ==, before + 1);
  g_ptr_array_add (confirmed->command_ids, g_strdup (command_id));
  g_ptr_array_add (confirmed->texts, g_strdup (text));
  return TRUE;
}

static void
log_note (StationFixture *fixture,
          Confirmed      *confirmed,
          const char     *command_id,
          gsize           length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = note_text (command_id, length);

  try_note (fixture, confirmed, command_id, text, &error);
  g_assert_no_error (error);
}

/* Logs notes named @label-0, @label-1, … until the disk is full. The ones before that were
 * confirmed and count like any other; returns the command id of the one that failed. */
static char *
log_until_full (StationFixture *fixture,
                Confirmed      *confirmed,
                const char     *label,
                gsize           length,
                GError        **error)
{
  for (guint i = 0; i < MAX_TRIES; i++)
    {
      g_autofree char *command_id = g_strdup_printf ("%s-%u", label, i);
      g_autofree char *text = note_text (command_id, length);

      if (!try_note (fixture, confirmed, command_id, text, error))
        {
          g_test_message ("The disk was full at %s, after %u more notes", command_id, i);
          return g_steal_pointer (&command_id);
        }
    }
  g_error ("%u notes fit on a disk with %d bytes to spare", MAX_TRIES, HEADROOM);
}

/* What the chair is told. The test runs in the C locale (no setlocale ()), so it is the
 * English original of a message from the store's translation catalogue. */
static void
assert_disk_full_error (const GError *error)
{
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE);
  g_test_message ("The chair sees: %s", error->message);

  /* It points at the disk, the way out… */
  g_assert_true (strstr (error->message, "disk") != NULL ||
                 strstr (error->message, "space") != NULL ||
                 strstr (error->message, "USB") != NULL);
  /* …calls it full, not a write error… */
  g_assert_nonnull (strstr (error->message, "The disk became full"));
  g_assert_null (strstr (error->message, "I/O error"));
  /* …and says that the step was not saved, so that the chair knows to do it again; sqlite's
   * bare "disk I/O error" would say neither. */
  g_assert_nonnull (strstr (error->message, "Nothing of this step was saved"));
}

/* The file as another program reads it now, while the station is still open (and the disk
 * perhaps still full): exactly @n_entries entries, none of them a refusal, and no trace of
 * @failed_id. */
static void
assert_file_holds (const char *path,
                   gint64      n_entries,
                   const char *failed_id)
{
  sqlite3 *db = vt_test_open_raw (path);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*), max(seq), "
                                       "       count(*) FILTER (WHERE kind = 'refused'), "
                                       "       count(*) FILTER (WHERE command_id = ?1) "
                                       "FROM journal",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, failed_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, n_entries);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, n_entries);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 0);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* After the station is closed: the file passes the same check the municipality runs
 * (integrity and hash chain), ends at @head, and holds exactly the confirmed notes, in the
 * order they were confirmed, each once and with its text. */
static void
assert_closed_file_intact (StationFixture  *fixture,
                           const Confirmed *confirmed,
                           const char      *head)
{
  g_auto(VtVerifyReport) report = { 0 };
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 last_seq = 1;
  guint i = 0;
  int rc;

  g_assert_null (fixture->station);
  g_assert_true (vt_verify_file (fixture->path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.n_entries, ==, 1 + confirmed->command_ids->len);
  g_assert_cmpstr (report.head_hash, ==, head);

  db = vt_test_open_raw (fixture->path);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT seq, command_id, json_extract (payload, '$.text') "
                                       "FROM journal WHERE kind = 'note' ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_assert_cmpuint (i, <, confirmed->command_ids->len);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, last_seq + 1);
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==,
                       g_ptr_array_index (confirmed->command_ids, i));
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==,
                       g_ptr_array_index (confirmed->texts, i));
      last_seq = sqlite3_column_int64 (stmt, 0);
      i++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  g_assert_cmpuint (i, ==, confirmed->command_ids->len);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Space returns and the chair does the failed step again: the same command, so the same
 * command id. It is written once, as the next entry; doing it once more (a double click, a
 * retry after a timeout) returns that entry and writes nothing. */
static void
retry_when_space_returns (StationFixture *fixture,
                          Confirmed      *confirmed,
                          const char     *failed_id,
                          gsize           length)
{
  VtStore *store = vt_station_get_store (fixture->station);
  g_autoptr(VtJournalEntry) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = note_text (failed_id, length);
  gint64 seq;

  log_note (fixture, confirmed, failed_id, length);
  seq = vt_store_get_n_entries (store);

  again = vt_station_log_note (fixture->station, failed_id, text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vt_journal_entry_get_seq (again), ==, seq);
  g_assert_cmpint (vt_store_get_n_entries (store), ==, seq);
}

static void
test_note_on_full_disk (StationFixture *fixture,
                        gconstpointer   data)
{
  VtStore *store = vt_station_get_store (fixture->station);
  g_auto(Confirmed) confirmed = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *failed_id = NULL;
  g_autofree char *failed_text = NULL;
  g_autofree char *head = NULL;
  struct rlimit saved;
  gint64 n_entries;

  if (!can_fill_disk ())
    return;
  confirmed_init (&confirmed);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *command_id = g_strdup_printf ("before-%u", i);
      log_note (fixture, &confirmed, command_id, 40);
    }

  fill_disk (fixture->path, &saved);
  failed_id = log_until_full (fixture, &confirmed, "filling", 40, &error);
  failed_text = note_text (failed_id, 40);
  assert_disk_full_error (error);
  n_entries = vt_store_get_n_entries (store);
  assert_file_holds (fixture->path, n_entries, failed_id);

  /* Trying again before space returns fails the same way and still leaves nothing behind. */
  g_assert_false (try_note (fixture, &confirmed, failed_id, failed_text, &again_error));
  assert_disk_full_error (again_error);
  assert_file_holds (fixture->path, n_entries, failed_id);
  free_disk (&saved);

  retry_when_space_returns (fixture, &confirmed, failed_id, 40);
  g_assert_cmpint (vt_store_get_n_entries (store), ==, n_entries + 1);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *command_id = g_strdup_printf ("after-%u", i);
      log_note (fixture, &confirmed, command_id, 40);
    }

  head = g_strdup (vt_store_get_head_hash (store));
  g_clear_object (&fixture->station);
  assert_closed_file_intact (fixture, &confirmed, head);
}

/* The chair closes the station on the full disk and opens it again, still full. Long notes
 * make the station's last commits need more new pages than the headroom allows, so the
 * checkpoint on closing cannot finish and the entries stay in the -wal file beside it: opening
 * must find them there, and needs no room to do so. */
static void
test_reopen_on_full_disk (StationFixture *fixture,
                          gconstpointer   data)
{
  const gsize length = 1500;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_auto(Confirmed) confirmed = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reopen_error = NULL;
  g_autoptr(VtJournalEntry) last = NULL;
  g_autofree char *failed_id = NULL;
  g_autofree char *head = NULL;
  VtStore *store;
  struct rlimit saved;
  gint64 n_entries;

  if (!can_fill_disk ())
    return;
  confirmed_init (&confirmed);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *command_id = g_strdup_printf ("before-%u", i);
      log_note (fixture, &confirmed, command_id, length);
    }

  fill_disk (fixture->path, &saved);
  failed_id = log_until_full (fixture, &confirmed, "filling", length, &error);
  assert_disk_full_error (error);
  g_clear_error (&error);
  store = vt_station_get_store (fixture->station);
  n_entries = vt_store_get_n_entries (store);
  head = g_strdup (vt_store_get_head_hash (store));

  g_clear_object (&fixture->station);
  g_test_message ("Closed on the full disk: main %" G_GINT64_FORMAT ", -wal %" G_GINT64_FORMAT
                  " bytes", file_size (fixture->path), file_size (wal));

  /* Reading works on the full disk: every confirmed entry is there, and nothing else. */
  fixture->station = vt_station_open (fixture->path, &reopen_error);
  g_assert_no_error (reopen_error);
  store = vt_station_get_store (fixture->station);
  g_assert_cmpint (vt_store_get_n_entries (store), ==, n_entries);
  g_assert_cmpstr (vt_store_get_head_hash (store), ==, head);
  g_assert_cmpint (g_list_model_get_n_items (vt_station_get_journal (fixture->station)), ==,
                   n_entries);
  last = vt_store_get_entry (store, n_entries, &reopen_error);
  g_assert_no_error (reopen_error);
  g_assert_cmpstr (vt_journal_entry_get_command_id (last), ==,
                   g_ptr_array_index (confirmed.command_ids, confirmed.command_ids->len - 1));
  assert_file_holds (fixture->path, n_entries, failed_id);

  /* Writing fails as clearly as before the restart: the reopened station has no more room
   * than the one that was closed. A note may still fit where the closing checkpoint made
   * room; it is confirmed like any other. */
  g_clear_pointer (&failed_id, g_free);
  failed_id = log_until_full (fixture, &confirmed, "reopened", length, &error);
  assert_disk_full_error (error);
  assert_file_holds (fixture->path, vt_store_get_n_entries (store), failed_id);
  free_disk (&saved);

  retry_when_space_returns (fixture, &confirmed, failed_id, length);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *command_id = g_strdup_printf ("after-%u", i);
      log_note (fixture, &confirmed, command_id, length);
    }

  g_free (head);
  head = g_strdup (vt_store_get_head_hash (store));
  g_clear_object (&fixture->station);
  assert_closed_file_intact (fixture, &confirmed, head);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* A write past RLIMIT_FSIZE raises SIGXFSZ, which kills the process; ignored, the write
   * fails with EFBIG instead, as a write to a full disk fails with ENOSPC. */
  signal (SIGXFSZ, SIG_IGN);

#define ADD(path, func) \
  g_test_add (path, StationFixture, NULL, station_fixture_set_up, func, station_fixture_tear_down)

  ADD ("/full-disk/note/fails-cleanly-and-is-written-once-when-space-returns",
       test_note_on_full_disk);
  ADD ("/full-disk/reopen/reads-while-full-and-writes-when-space-returns",
       test_reopen_on_full_disk);

#undef ADD

  return g_test_run ();
}
