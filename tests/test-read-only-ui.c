/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vt-application.h"
#include "vt-document-actions.h"
#include "vt-documents-view.h"
#include "vt-error.h"
#include "vt-kind-ids.h"
#include "vt-log-view.h"
#include "vt-paper-check-dialog.h"
#include "vt-phase-view.h"
#include "vt-station-page.h"
#include "vt-test-ui.h"
#include "vt-test-util.h"
#include "vt-window.h"

/* A station on a disk that cannot be written, opened in a real window: it asks whether to take
 * in a copy or to open it read-only; read-only, it says so; everything that would record is
 * off; the phases, the log and its search, the documents (preview, PDF) and the check against
 * paper work; and the file is not changed by a single byte. Taken in, the copy in Valgting's
 * own folder records.
 *
 * The disk is really read-only, not a flag: as root (CI, containers) the station's folder is
 * bind-mounted read-only in a mount namespace of the test's own; where that is not permitted,
 * the test drops to the user "nobody" (65534) once it has its display and bus, with the folder
 * and file owned by root; as an ordinary user, the folder and file lose their write
 * permission. VT_TEST_READ_ONLY_AS=nobody forces the second way, to try it. */

typedef enum
{
  MEDIUM_MOUNT,   /* a read-only bind mount */
  MEDIUM_NOBODY,  /* root's files, seen by the user nobody */
  MEDIUM_FOLDER,  /* a folder and file the user may not write */
} Medium;

static Medium medium;
static GPtrArray *homes;  /* nobody's XDG folders, removed at the end */
static VtApplication *the_app;

/* Recording, by action: each must be off, with every widget bound to it. */
static const char * const recording_actions[] = {
  "station.palette", "station.envelope", "station.undo", "station.sign",
  "station.protocol-text", "station.choose-copy", "win.add-note", "win.undo", NULL,
};

/* ---- the medium ------------------------------------------------------------------------- */

/* Before any thread: a mount namespace needs a process that shares its file system state with
 * no other thread. */
static void
choose_medium (void)
{
  if (geteuid () != 0)
    {
      medium = MEDIUM_FOLDER;
      return;
    }
  if (g_strcmp0 (g_getenv ("VT_TEST_READ_ONLY_AS"), "nobody") != 0 &&
      unshare (CLONE_NEWNS) == 0 &&
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
    {
      medium = MEDIUM_MOUNT;
      return;
    }
  medium = MEDIUM_NOBODY;
  /* The user nobody keeps its recent files, bookmarks and caches where it can. */
  {
    static const char * const kinds[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };

    homes = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        char *home = g_dir_make_tmp ("valgting-ro-home-XXXXXX", NULL);

        g_assert_nonnull (home);
        g_assert_cmpint (chmod (home, 0777), ==, 0);
        g_setenv (kinds[i], home, TRUE);
        g_ptr_array_add (homes, home);
      }
  }
}

/* Makes @dir read-only as the medium does; returns the station folder to open from. */
static char *
make_read_only (const char *dir)
{
  switch (medium)
    {
    case MEDIUM_MOUNT:
      {
        g_autoptr(GError) error = NULL;
        char *mnt = g_dir_make_tmp ("valgting-ro-mnt-XXXXXX", &error);

        g_assert_no_error (error);
        g_assert_cmpint (mount (dir, mnt, NULL, MS_BIND, NULL), ==, 0);
        g_assert_cmpint (mount (NULL, mnt, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), ==, 0);
        return mnt;
      }
    case MEDIUM_NOBODY:
      {
        /* Readable by all, writable by root only. */
        g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
        const char *name;

        while ((name = g_dir_read_name (d)) != NULL)
          {
            g_autofree char *path = g_build_filename (dir, name, NULL);
            g_assert_cmpint (chmod (path, 0644), ==, 0);
          }
        g_assert_cmpint (chmod (dir, 0755), ==, 0);
        return g_strdup (dir);
      }
    case MEDIUM_FOLDER:
    default:
      {
        g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
        const char *name;

        while ((name = g_dir_read_name (d)) != NULL)
          {
            g_autofree char *path = g_build_filename (dir, name, NULL);
            g_assert_cmpint (chmod (path, 0444), ==, 0);
          }
        g_assert_cmpint (chmod (dir, 0555), ==, 0);
        return g_strdup (dir);
      }
    }
}

/* The user nobody from here on; the saved set-user-ID stays root's, for the clean-up. FALSE
 * where root may not change user either (no CAP_SETUID): no read-only disk can be made. */
static gboolean
become_nobody (void)
{
  if (setresgid (65534, 65534, 0) != 0)
    return FALSE;
  if (setresuid (65534, 65534, 0) != 0)
    {
      g_assert_cmpint (setresgid (0, 0, 0), ==, 0);
      return FALSE;
    }
  return TRUE;
}

static void
become_root_again (void)
{
  g_assert_cmpint (setresuid (0, 0, 0), ==, 0);
  g_assert_cmpint (setresgid (0, 0, 0), ==, 0);
}

static void
undo_read_only (const char *dir,
                const char *opened)
{
  if (medium == MEDIUM_MOUNT)
    {
      g_assert_cmpint (umount (opened), ==, 0);
      g_rmdir (opened);
    }
  else if (medium == MEDIUM_NOBODY)
    become_root_again ();
  else
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      g_assert_cmpint (chmod (dir, 0700), ==, 0);
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          chmod (path, 0600);
        }
    }
}

/* Every file in @dir, by name, with the SHA-256 of its bytes: "name sha\n", sorted. */
static char *
dup_folder_digest (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) digest = g_string_new (NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *bytes = NULL;
      g_autofree char *sha = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
      sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)bytes, length);
      g_ptr_array_add (lines, g_strdup_printf ("%s %s %" G_GSIZE_FORMAT "\n", name, sha,
                                               length));
    }
  g_ptr_array_sort (lines, (GCompareFunc)g_strcmp0);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (digest, g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&digest), FALSE);
}

/* ---- the window ------------------------------------------------------------------------- */

static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }
  return n;
}

static void
close_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  vt_test_settle ();
}

/* Opening a station that cannot be recorded in where it is asks first: a copy taken into
 * Valgting's folder, or the original read-only. Answers with @response. */
static void
answer_not_in_place (const char *response)
{
  GtkWindow *dialog;

  vt_test_settle ();
  g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 1);
  dialog = vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "Take in a copy"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "copy"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "read-only"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "copy");
  /* As its button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (dialog);
  vt_test_settle ();
  dialog = vt_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  if (dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)))
    g_error ("After “%s”: %s", response, adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
}

static gboolean
is_recording_action (const char *name)
{
  return name != NULL && g_strv_contains ((const char * const *)recording_actions, name);
}

typedef struct
{
  gboolean copy;       /* walking the writable copy: controls that record may be on */
  guint n_recording;   /* widgets that would record */
  guint n_on;          /* of them, on (only in the copy) */
  guint n_viewing;     /* viewing controls found on */
} Walk;

/* Every widget under @widget that would record is insensitive: those bound to a recording
 * action, and those that give a command (the phase view marks them with their "kind"). A
 * control the chair can press is one that only looks. */
static void
walk_controls (GtkWidget *widget,
               Walk      *walk)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *action = NULL;
      const char *kind = g_object_get_data (G_OBJECT (child), "kind");

      /* The main menu's items do not tell their action: known by their words. */
      if (g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkModelButton"))
        {
          g_autofree char *text = NULL;

          g_object_get (child, "text", &text, NULL);
          if (text != NULL)
            {
              g_autoptr(GString) words = g_string_new (text);

              g_string_replace (words, "_", "", 0);
              action = g_strdup (g_str_equal (words->str, "Log Entry…") ? "win.add-note"
                                 : g_str_equal (words->str, "Record…") ? "station.palette"
                                 : g_str_equal (words->str, "Second Copy…")
                                   ? "station.choose-copy" : "menu");
            }
        }
      else if (GTK_IS_ACTIONABLE (child))
        action = g_strdup (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)));

      if (is_recording_action (action) || kind != NULL)
        {
          if (walk->copy)
            walk->n_on += gtk_widget_is_sensitive (child) && gtk_widget_get_mapped (child);
          else if (gtk_widget_is_sensitive (child) && gtk_widget_get_mapped (child))
            g_error ("A control that records is on: %s %s “%s”", G_OBJECT_TYPE_NAME (child),
                     action != NULL ? action : kind,
                     GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) != NULL
                       ? gtk_button_get_label (GTK_BUTTON (child)) : "");
          walk->n_recording++;
        }
      else if (action != NULL && gtk_widget_is_sensitive (child) && gtk_widget_get_mapped (child))
        walk->n_viewing++;
      walk_controls (child, walk);
    }
}

/* The header's main menu button. */
static GtkWidget *
find_main_menu (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_MENU_BUTTON (child) &&
          g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (child)),
                     "open-menu-symbolic") == 0)
        return child;
      found = find_main_menu (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
file_chooser_open (gpointer data)
{
  return count_toplevels (GTK_TYPE_FILE_CHOOSER_DIALOG) == 1;
}

static gboolean
pdf_written (gpointer data)
{
  GStatBuf st;

  return count_toplevels (GTK_TYPE_FILE_CHOOSER_DIALOG) == 0 && g_stat (data, &st) == 0 &&
         st.st_size > 1000;
}

static gboolean
preview_open (gpointer data)
{
  return count_toplevels (ADW_TYPE_WINDOW) == 1;
}

static gboolean
log_filtered (gpointer data)
{
  GtkColumnView *view = data;
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  guint n = g_list_model_get_n_items (model);

  return n > 0 && n < GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "vt-all"));
}

/* No row of the log offers a correction: any button bound is hidden. */
static void
assert_no_corrections (GtkWidget *widget,
                       guint     *n_bound)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *tip = gtk_widget_get_tooltip_text (child);

      if (GTK_IS_BUTTON (child) && tip != NULL &&
          (g_str_equal (tip, "Correct this entry") || g_str_equal (tip, "Annul this entry")))
        {
          g_assert_false (gtk_widget_get_visible (child));
          (*n_bound)++;
        }
      assert_no_corrections (child, n_bound);
    }
}

/* A municipal station through the day to the count: people, urns, a note, the doors
 * closed and shipment 1 gone, an urn open. */
static void
make_station (StationFixture *fixture)
{
  const char *chair;
  GPtrArray *tables, *reasons;

  station_fixture_set_up (fixture, VT_TEST_MUNICIPAL);
  chair = vt_test_chair (fixture);
  vt_test_open_station (fixture);
  vt_test_at (fixture, 1, "09:00");
  vt_test_do (fixture, VT_KIND_NOTE, chair, "{\"text\": \"Urn U1 checked by the inspector\"}");
  vt_test_at (fixture, 1, "21:00");
  vt_test_do (fixture, VT_KIND_DOORS_CLOSE, chair, "{\"queue\": 0}");
  tables = vt_config_get_tables (fixture->config);
  reasons = vt_config_get_envelope_reasons (fixture->config);
  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *fields = g_strdup_printf ("\"table\": \"%s\", \"day\": 1",
                                                 ((VtRollTable *)g_ptr_array_index (tables,
                                                                                    i))->id);
      vt_test_count_twice (fixture, VT_KIND_ROLL_MARKS_COUNT, fields, 100, 100);
    }
  for (guint i = 0; i < reasons->len; i++)
    {
      const char *id = ((VtEnvelopeReason *)g_ptr_array_index (reasons, i))->id;
      g_autofree char *fields = g_strdup_printf ("\"reason\": \"%s\"", id);

      vt_test_count_twice (fixture, VT_KIND_ENVELOPES_COUNT, fields, 0, 0);
    }
  vt_test_do (fixture, VT_KIND_CLOSING_UNUSED_BALLOTS_REMOVED, chair, "{}");
  vt_test_do (fixture, VT_KIND_CLOSING_STAMPS_HANDED_IN, chair, "{}");
  vt_test_do (fixture, VT_KIND_SHIPMENT_PACKED, chair,
              "{\"rolls\": 3, \"stamps\": 4, \"envelopes\": 0}");
  vt_test_do (fixture, VT_KIND_SHIPMENT_HANDED_OVER, chair, "{\"to\": \"Valgkontoret, bud 3\"}");
  vt_test_do (fixture, VT_KIND_URN_OPEN, chair, "{\"urn\": \"U1\"}");
  g_assert_cmpint (vt_station_get_phase (fixture->station), ==, VT_PHASE_COUNTING);
  /* Closed: what is on the disk is all there is. */
  g_clear_object (&fixture->station);
}

static void
test_window_on_read_only_disk (void)
{
  StationFixture fixture = { 0 };
  g_autofree char *opened = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *pdf_text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  VtWindow *window;
  VtStationPage *page;
  VtStation *station;
  GtkWidget *label, *title, *log_view, *column_view, *search;
  Walk walk = { 0 };
  guint n_bound = 0;
  gint64 n_entries;

  make_station (&fixture);
  before = dup_folder_digest (fixture.dir);
  g_test_message ("The station folder before:\n%s", before);
  opened = make_read_only (fixture.dir);
  path = g_build_filename (opened, "station.valgting", NULL);
  out_dir = g_dir_make_tmp ("valgting-ro-out-XXXXXX", &error);
  g_assert_no_error (error);
  if (medium == MEDIUM_NOBODY)
    {
      g_assert_cmpint (chown (out_dir, 65534, 65534), ==, 0);
      if (!become_nobody ())
        {
          g_test_skip ("No read-only disk can be made here: root may neither mount (no mount "
                       "namespace) nor become the user nobody (no CAP_SETUID)");
          vt_test_remove_tree (out_dir);
          station_fixture_tear_down (&fixture, NULL);
          return;
        }
    }
  /* The disk is read-only for this process indeed. */
  g_assert_cmpint (g_access (path, W_OK), !=, 0);
  g_assert_cmpint (g_access (path, R_OK), ==, 0);

  window = vt_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  gtk_window_present (GTK_WINDOW (window));
  vt_test_iterate_until (vt_test_widget_is_mapped, window);

  /* It asks first; read-only, it opens and says so under the header and in the subtitle. */
  file = g_file_new_for_path (path);
  vt_window_open_file (window, file);
  answer_not_in_place ("read-only");
  station = vt_window_get_station (window);
  g_assert_nonnull (station);
  g_assert_true (vt_station_get_read_only (station));
  n_entries = vt_store_get_n_entries (vt_station_get_store (station));
  g_assert_cmpint (n_entries, >, 20);
  page = vt_window_get_station_page (window);
  /* For a screenshot (in any language): the window stays on the count for so many seconds. */
  if (g_getenv ("VT_TEST_SCREENSHOT_PAUSE") != NULL)
    {
      gint64 until = g_get_monotonic_time () +
        G_USEC_PER_SEC * (gint64)g_ascii_strtoull (g_getenv ("VT_TEST_SCREENSHOT_PAUSE"), NULL, 10);

      vt_station_page_show (page, g_getenv ("VT_TEST_SCREENSHOT_PAGE") != NULL
                                    ? g_getenv ("VT_TEST_SCREENSHOT_PAGE") : "counting");
      while (g_get_monotonic_time () < until)
        vt_test_settle ();
    }
  label = vt_test_find_label (GTK_WIDGET (page), "Read only: this station file is on a disk "
                                                 "that cannot be written.", FALSE);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  title = vt_test_find_widget (GTK_WIDGET (page), ADW_TYPE_WINDOW_TITLE);
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)),
                            "read only"));

  /* The window's and the page's recording actions are off. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "add-note"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undo"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "save-copy"));
  /* No second copy: it is made after each entry, and there is none. */
  g_assert_null (vt_station_page_get_second_copy (page));

  /* Every phase: what records is off, what shows is on. */
  for (VtPhase phase = VT_PHASE_SETUP; phase < VT_N_PHASES; phase++)
    {
      Walk here = { 0 };

      vt_station_page_show (page, vt_phase_to_string (phase));
      vt_test_settle ();
      walk_controls (GTK_WIDGET (window), &here);
      g_test_message ("%s: %u controls that record, all off; %u that show", vt_phase_to_string (
                        phase), here.n_recording, here.n_viewing);
      walk.n_recording += here.n_recording;
      walk.n_viewing += here.n_viewing;
    }
  /* The main menu, opened: Log Entry…, Record… and Second Copy… are off. */
  {
    GtkWidget *menu = find_main_menu (GTK_WIDGET (page));
    Walk in_menu = { 0 };

    g_assert_nonnull (menu);

    gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
    vt_test_settle ();
    walk_controls (menu, &in_menu);
    g_test_message ("The main menu: %u items that record, all off; %u that show",
                    in_menu.n_recording, in_menu.n_viewing);
    g_assert_cmpuint (in_menu.n_recording, ==, 3);
    g_assert_cmpuint (in_menu.n_viewing, >=, 5);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));
    vt_test_settle ();
  }

  /* The walk saw them: the header's Record… and Log Entry, the rows' buttons, Sign…. */
  g_assert_cmpuint (walk.n_recording, >, 30);
  g_assert_cmpuint (walk.n_viewing, >, 5);

  /* Their keys and actions do nothing either: no form opens, nothing is written. */
  for (guint i = 0; recording_actions[i] != NULL; i++)
    {
      const char *name = recording_actions[i];

      if (g_str_equal (name, "station.envelope"))
        gtk_widget_activate_action (GTK_WIDGET (page), name, "u", 0);
      else if (g_str_equal (name, "station.sign"))
        gtk_widget_activate_action (GTK_WIDGET (page), name, "s",
                                    vt_test_chair (&fixture));
      else if (g_str_equal (name, "station.protocol-text"))
        gtk_widget_activate_action (GTK_WIDGET (page), name, "s", "");
      else
        gtk_widget_activate_action (GTK_WIDGET (page), name, NULL);
      vt_test_settle ();
      g_assert_cmpuint (count_toplevels (GTK_TYPE_WINDOW), ==, 1);
    }
  vt_station_page_log_envelope (page, 0);
  vt_station_page_add_note (page);
  vt_test_settle ();
  g_assert_cmpuint (count_toplevels (GTK_TYPE_WINDOW), ==, 1);

  /* And the core refuses a command given all the same, cleanly, writing nothing. */
  json_object_set_string_member (payload, "text", "Not on a read-only disk");
  vt_station_set_message_language (station, "C");
  g_assert_null (vt_station_execute (station, "ro-1", VT_KIND_NOTE, vt_test_chair (&fixture),
                                     payload, &error));
  g_assert_error (error, VT_STORE_ERROR, VT_STORE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "read only"));
  g_clear_error (&error);
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (station)), ==, n_entries);

  /* The log, with its search, and no correction offered. */
  vt_station_page_show (page, "log");
  vt_test_settle ();
  log_view = vt_test_find_widget (GTK_WIDGET (page), VT_TYPE_LOG_VIEW);
  g_assert_nonnull (log_view);
  g_assert_true (gtk_widget_get_mapped (log_view));
  column_view = vt_test_find_widget (log_view, GTK_TYPE_COLUMN_VIEW);
  assert_no_corrections (column_view, &n_bound);
  {
    GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view));
    guint n_correct = 0;

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        n_correct += g_strcmp0 (gtk_column_view_column_get_title (column), "Correct") == 0;
      }
    g_assert_cmpuint (n_correct, ==, 0);
  }
  g_object_set_data (G_OBJECT (column_view), "vt-all", GUINT_TO_POINTER (
                       g_list_model_get_n_items (G_LIST_MODEL (
                         gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view))))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "station.search", NULL));
  search = vt_test_find_widget (log_view, GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "U1");
  vt_test_iterate_until (log_filtered, column_view);

  /* The documents: listed, previewed, saved as PDF to a place that can be written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "station.documents", NULL));
  vt_test_settle ();
  g_assert_true (gtk_widget_get_mapped (vt_test_find_widget (GTK_WIDGET (page),
                                                             VT_TYPE_DOCUMENTS_VIEW)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "station.preview", "s",
                                             "protocol"));
  vt_test_iterate_until (preview_open, NULL);
  g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
  close_toplevels (ADW_TYPE_WINDOW);

  pdf = g_build_filename (out_dir, "protocol.pdf", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "station.export", "s",
                                             "protocol"));
  vt_test_iterate_until (file_chooser_open, NULL);
  {
    GtkWindow *chooser = vt_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
    g_autoptr(GFile) folder = g_file_new_for_path (out_dir);

    /* Each step waits for the chooser to load its folder: choosing another meanwhile cancels
     * that load (which it reports in a dialog of its own) and the name set is reset. */
    for (guint i = 0; i < 10; i++)
      vt_test_settle ();
    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder,
                                                        NULL));
    for (guint i = 0; i < 10; i++)
      vt_test_settle ();
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "protocol.pdf");
    vt_test_settle ();
    g_assert_cmpuint (count_toplevels (GTK_TYPE_MESSAGE_DIALOG), ==, 0);
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  }
  vt_test_iterate_until (pdf_written, pdf);
  vt_test_settle ();
  g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
  pdf_text = vt_test_pdf_file_text (pdf);
  g_assert_nonnull (strstr (pdf_text, "Øvingskrets skole"));
  /* Saved, and not logged as printed: the station was not written. */
  g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (station)), ==, n_entries);

  /* Check against paper opens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "station.check-paper", NULL));
  vt_test_settle ();
  g_assert_cmpuint (count_toplevels (VT_TYPE_PAPER_CHECK_DIALOG), ==, 1);
  close_toplevels (VT_TYPE_PAPER_CHECK_DIALOG);

  /* Saved elsewhere, the copy is a station to carry on in: recording is back. */
  {
    g_autofree char *copy = g_build_filename (out_dir, "copy.valgting", NULL);
    Walk copied = { .copy = TRUE };

    vt_window_save_copy_to (window, copy);
    vt_test_settle ();
    g_assert_cmpuint (count_toplevels (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
    g_assert_cmpstr (vt_station_get_path (vt_window_get_station (window)), ==, copy);
    g_assert_false (vt_station_get_read_only (vt_window_get_station (window)));
    g_assert_false (gtk_widget_get_mapped (label));
    g_assert_null (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), "read only"));
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "add-note"));
    g_assert_nonnull (vt_station_page_get_second_copy (page));
    vt_station_page_show (page, "counting");
    vt_test_settle ();
    walk_controls (GTK_WIDGET (window), &copied);
    g_test_message ("The copy: %u controls that record, %u of them on", copied.n_recording,
                    copied.n_on);
    g_assert_cmpuint (copied.n_on, >, 5);
    vt_window_set_station (window, NULL);
    vt_test_settle ();
  }

  /* Opened again and taken in: a copy in Valgting's own folder, the same entries, recording. */
  {
    g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "valgting",
                                                "stations", NULL);
    VtStation *copy;

    vt_window_open_file (window, file);
    answer_not_in_place ("copy");
    copy = vt_window_get_station (window);
    g_assert_nonnull (copy);
    g_test_message ("Taken in as %s", vt_station_get_path (copy));
    g_assert_true (g_str_has_prefix (vt_station_get_path (copy), folder));
    g_assert_false (vt_station_get_read_only (copy));
    g_assert_cmpint (vt_store_get_n_entries (vt_station_get_store (copy)), ==, n_entries);
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "add-note"));
    g_assert_false (gtk_widget_get_mapped (label));
    {
      g_autofree char *taken = g_strdup (vt_station_get_path (copy));
      static const char * const suffixes[] = { "", "-wal", "-shm", ".lock" };

      vt_window_set_station (window, NULL);
      vt_test_settle ();
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *name = g_strconcat (taken, suffixes[i], NULL);
          g_unlink (name);
        }
    }
  }

  /* Closed again: not a byte of the station's folder changed, and nothing was added. */
  vt_window_set_station (window, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  vt_test_settle ();
  after = dup_folder_digest (opened);
  g_assert_cmpstr (after, ==, before);

  undo_read_only (fixture.dir, opened);
  g_free (after);
  after = dup_folder_digest (fixture.dir);
  g_assert_cmpstr (after, ==, before);
  vt_test_remove_tree (out_dir);
  station_fixture_tear_down (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  choose_medium ();
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  /* English, unless a screenshot asks for LANGUAGE=nb or nn: the build tree's catalogues. */
  bindtextdomain (GETTEXT_PACKAGE, VT_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  the_app = vt_application_new (G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;
    g_application_register (G_APPLICATION (the_app), NULL, &error);
    g_assert_no_error (error);
  }
  g_test_message ("The read-only disk: %s", medium == MEDIUM_MOUNT ? "a read-only bind mount"
                                            : medium == MEDIUM_NOBODY ? "root's files as nobody"
                                            : "a folder without write permission");

  g_test_add_func ("/read-only/window", test_window_on_read_only_disk);

  {
    int status = g_test_run ();

    for (guint i = 0; homes != NULL && i < homes->len; i++)
      vt_test_remove_tree (g_ptr_array_index (homes, i));
    g_clear_pointer (&homes, g_ptr_array_unref);
    return status;
  }
}
