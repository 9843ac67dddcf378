/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-window"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vt-debrief-view.h"
#include "vt-error.h"
#include "vt-station-files.h"
#include "vt-start-page.h"
#include "vt-station-page.h"
#include "vt-trainer-bar.h"
#include "vt-municipality-dialog.h"
#include "vt-training-dialog.h"
#include "vt-window.h"

/* The main window: the start page until a station is open, then the station page. It owns the
 * window-level actions (open, new, training, close, log) and shows every refusal it meets as a
 * dialog that says what went wrong; nothing fails silently. */

struct _VtWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  VtStartPage *start_page;
  VtStationPage *station_page;

  AdwToast *toast;          /* the toast shown, or NULL (a weak pointer) */
  guint toast_focus_source; /* moves the focus out from under the toast */
  guint toast_timeout;      /* dismisses the toast */

  guint inhibit_cookie;     /* no suspend, no idle lock while a station is open */
  GtkApplication *inhibit_app; /* who was asked: the window leaves it before dispose () */

  VtStation *station;
  VtConfig *pending_config; /* between choosing a configuration and naming the station file */

  VtTrainingSession *session; /* the training session played on the station, or NULL */
  GtkWidget *trainer_bar;     /* its bar on the station page */

  gboolean painted;           /* the first frame is on screen */
  char *recent_uri;           /* the station for the desktop's recent files, once painted */
};

G_DEFINE_FINAL_TYPE (VtWindow, vt_window, ADW_TYPE_APPLICATION_WINDOW)

static VtApplication *
get_application (VtWindow *self)
{
  return VT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
show_error (VtWindow     *self,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog;

  /* The window may not be shown yet (a file given on the command line is opened before the
   * window is presented): the dialog must not come up without it. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_window_present (GTK_WINDOW (self));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* How much of the bottom of the window a toast covers, with its margin. */
#define TOAST_HEIGHT 84

/* The focused row's buttons are never under a toast: the page scrolls them up above it, when
 * the chair works by keyboard. Never under a pointer: what it points at must not move. */
static gboolean
keep_focus_above_toast (gpointer user_data)
{
  VtWindow *self = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *scroller;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double top, below;

  self->toast_focus_source = 0;
  if (self->toast == NULL || focus == NULL || !gtk_window_get_focus_visible (GTK_WINDOW (self)) ||
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->toast_overlay)))
    return G_SOURCE_REMOVE;
  scroller = gtk_widget_get_ancestor (focus, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL ||
      !gtk_widget_compute_bounds (focus, GTK_WIDGET (self->toast_overlay), &bounds))
    return G_SOURCE_REMOVE;

  top = gtk_widget_get_height (GTK_WIDGET (self->toast_overlay)) - TOAST_HEIGHT;
  below = bounds.origin.y + bounds.size.height - top;
  if (below <= 0)
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + below);
  return G_SOURCE_REMOVE;
}

static gboolean
on_toast_timeout (gpointer user_data)
{
  VtWindow *self = user_data;

  self->toast_timeout = 0;
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  return G_SOURCE_REMOVE;
}

static void
on_toast_dismissed (AdwToast *toast,
                    VtWindow *self)
{
  if (self->toast != toast)
    return;
  g_object_remove_weak_pointer (G_OBJECT (toast), (gpointer *)&self->toast);
  self->toast = NULL;
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
}

/* One toast at a time, the newest: a toast shown is changed in place to say the new thing
 * (and its time starts again), so a busy minute never leaves a queue of old confirmations
 * showing after later ones. (Dismissing one toast and adding another while it animates
 * crashes libadwaita 1.2.) The window keeps the time itself, @seconds. */
static void
show_toast_full (VtWindow   *self,
                 const char *text,
                 const char *button,  /* a button's label, or NULL for none */
                 const char *action,  /* the button's action */
                 GVariant   *target,  /* its target, or NULL; floating refs are sunk */
                 guint       seconds)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (self->toast == NULL)
    {
      self->toast = adw_toast_new (escaped);
      adw_toast_set_timeout (self->toast, 0);
      g_object_add_weak_pointer (G_OBJECT (self->toast), (gpointer *)&self->toast);
      g_signal_connect_object (self->toast, "dismissed", G_CALLBACK (on_toast_dismissed), self,
                               0);
      adw_toast_overlay_add_toast (self->toast_overlay, self->toast);
    }
  else
    adw_toast_set_title (self->toast, escaped);
  /* A toast's title is markup (libadwaita 1.2): a name with "&" shows as written. */
  adw_toast_set_button_label (self->toast, button);
  /* The action and its target change together: the button never has one without the other
   * (GTK warns of a target that does not fit the action). */
  adw_toast_set_action_name (self->toast, NULL);
  adw_toast_set_action_target_value (self->toast, button != NULL ? target : NULL);
  adw_toast_set_action_name (self->toast, button != NULL ? action : NULL);

  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  self->toast_timeout = g_timeout_add_seconds (seconds, on_toast_timeout, self);

  /* After a form closes, the focus comes back to the window a moment later. */
  g_clear_handle_id (&self->toast_focus_source, g_source_remove);
  self->toast_focus_source = g_timeout_add (120, keep_focus_above_toast, self);
}

static void
show_toast (VtWindow   *self,
            const char *text,
            gboolean    undo,
            guint       seconds)
{
  show_toast_full (self, text, undo ? _("_Undo") : NULL, "win.undo", NULL, seconds);
}

void
vt_window_show_toast (VtWindow   *self,
                      const char *text)
{
  g_return_if_fail (VT_IS_WINDOW (self));
  show_toast (self, text, FALSE, 3);
}

/**
 * vt_window_get_toast:
 *
 * Returns: (transfer none) (nullable): the toast shown now
 */
AdwToast *
vt_window_get_toast (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->toast;
}

static void
on_page_toast (VtWindow   *self,
               const char *text)
{
  vt_window_show_toast (self, text);
}

/* A confirmation with Undo: the chair takes back an envelope logged by a slip of the finger.
 * It stays a little longer, for the Undo. */
static void
on_page_toast_undo (VtWindow   *self,
                    const char *text)
{
  show_toast (self, text, TRUE, 5);
}

/* A document saved beside the station (the report at a turn of the day), with Print: the
 * inspector may want it on paper. It stays as long as the Undo of an envelope. */
static void
on_page_toast_print (VtWindow   *self,
                     const char *text,
                     const char *document)
{
  show_toast_full (self, text, _("_Print…"), "win.print-document",
                   g_variant_new_string (document), 5);
}

static void
update_training_actions (VtWindow *self)
{
  static const char * const need_session[] = {
    "training-speed", "training-pause", "training-next-event", "training-hint",
    "training-debrief",
  };
  GActionMap *map = G_ACTION_MAP (self);

  for (guint i = 0; i < G_N_ELEMENTS (need_session); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map,
                                                                              need_session[i])),
                                 self->session != NULL);
  if (self->session == NULL)
    return;
  g_simple_action_set_state (
    G_SIMPLE_ACTION (g_action_map_lookup_action (map, "training-speed")),
    g_variant_new_int32 ((gint32)vt_training_session_get_speed (self->session)));
  g_simple_action_set_state (
    G_SIMPLE_ACTION (g_action_map_lookup_action (map, "training-pause")),
    g_variant_new_boolean (vt_training_session_get_paused (self->session)));
}

static void
update_actions (VtWindow *self)
{
  gboolean open = self->station != NULL;
  gboolean writable = open && !vt_station_get_read_only (self->station);

  static const char * const need_station[] = { "close-station", "save-copy" };
  /* A station opened read-only is looked at, checked and printed; nothing is recorded. */
  static const char * const record[] = { "add-note", "undo" };

  for (guint i = 0; i < G_N_ELEMENTS (need_station); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), need_station[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), open);
    }
  for (guint i = 0; i < G_N_ELEMENTS (record); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), record[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), writable);
    }
}

static void
refresh_recent (VtWindow *self)
{
  g_auto(GStrv) recent = NULL;

  /* A start page not built yet reads them when it is. */
  if (get_application (self) == NULL || self->start_page == NULL)
    return;
  recent = vt_application_dup_recent (get_application (self));
  vt_start_page_set_recent (self->start_page, (const char * const *)recent);
}

/* Each page is built when it is first shown: a window opened on a station never builds the
 * start page, and one opened on the start page builds the station page when a station is
 * opened (measured with the start-up benchmark: time to the first frame). */
static VtStartPage *
ensure_start_page (VtWindow *self)
{
  if (self->start_page == NULL)
    {
      self->start_page = g_object_new (VT_TYPE_START_PAGE, NULL);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->start_page), "start");
      refresh_recent (self);
    }
  return self->start_page;
}

static VtStationPage *
ensure_station_page (VtWindow *self)
{
  if (self->station_page == NULL)
    {
      self->station_page = g_object_new (VT_TYPE_STATION_PAGE, NULL);
      g_signal_connect_object (self->station_page, "toast", G_CALLBACK (on_page_toast), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->station_page, "toast-undo", G_CALLBACK (on_page_toast_undo),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->station_page, "toast-print",
                               G_CALLBACK (on_page_toast_print), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->station_page), "station");
    }
  return self->station_page;
}

static void
release_inhibit (VtWindow *self)
{
  if (self->inhibit_cookie != 0 && self->inhibit_app != NULL)
    gtk_application_uninhibit (self->inhibit_app, self->inhibit_cookie);
  self->inhibit_cookie = 0;
  g_clear_object (&self->inhibit_app);
}

/* While a station is open the laptop neither sleeps nor locks its screen: a chair who looks
 * away for twenty minutes finds the day where she left it. */
static void
update_inhibit (VtWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL)
    return;
  if (self->station != NULL && self->inhibit_cookie == 0)
    {
      self->inhibit_cookie =
        gtk_application_inhibit (app, GTK_WINDOW (self),
                                 GTK_APPLICATION_INHIBIT_SUSPEND | GTK_APPLICATION_INHIBIT_IDLE,
                                 _("A polling station is open in Valgting"));
      if (self->inhibit_cookie != 0)
        g_set_object (&self->inhibit_app, app);
    }
  else if (self->station == NULL)
    release_inhibit (self);
  g_simple_action_set_enabled (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "keeps-awake")),
    self->inhibit_cookie != 0);
}

/**
 * vt_window_get_inhibited:
 *
 * Returns: whether the window keeps the computer awake (a station is open and the session
 *   agreed)
 */
gboolean
vt_window_get_inhibited (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), FALSE);
  return self->inhibit_cookie != 0;
}

/* The desktop's recent files list the station too, with its type, for the file manager. */
static void
add_uri_to_recent_files (const char *uri)
{
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *)"application/x-valgting-station",
    .app_name = (char *)"Valgting",
    .app_exec = (char *)"valgting %u",
    .groups = NULL,
    .is_private = FALSE,
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/* Reading and writing the desktop's list (recently-used.xbel, often tens of kilobytes, then a
 * synced file) waits for the first frame: the station is on screen first. */
static void
add_to_recent_files (VtWindow  *self,
                     VtStation *station)
{
  g_autoptr(GFile) file = g_file_new_for_path (vt_station_get_path (station));

  /* A training election is thrown away: it is no file to come back to. */
  if (vt_station_get_training (station))
    return;
  g_free (self->recent_uri);
  self->recent_uri = g_file_get_uri (file);
  if (self->painted)
    {
      add_uri_to_recent_files (self->recent_uri);
      g_clear_pointer (&self->recent_uri, g_free);
    }
}

/* The session stops with its station: its clock's timeout with it, whoever still holds it. */
static void
clear_session (VtWindow *self)
{
  if (self->session == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->station_page != NULL)
    vt_station_page_set_trainer_bar (self->station_page, NULL);
  self->trainer_bar = NULL;
  g_object_run_dispose (G_OBJECT (self->session));
  g_clear_object (&self->session);
  update_training_actions (self);
}

void
vt_window_set_station (VtWindow  *self,
                       VtStation *station)
{
  g_return_if_fail (VT_IS_WINDOW (self));
  g_return_if_fail (station == NULL || VT_IS_STATION (station));

  if (!g_set_object (&self->station, station))
    return;

  if (self->session != NULL && station != vt_training_session_get_station (self->session))
    clear_session (self);

  if (station != NULL || self->station_page != NULL)
    vt_station_page_set_station (ensure_station_page (self), station);

  if (station != NULL)
    {
      vt_application_add_recent (get_application (self), vt_station_get_path (station));
      add_to_recent_files (self, station);
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->station_page));
    }
  else
    {
      refresh_recent (self);
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (ensure_start_page (self)));
    }

  update_actions (self);
  update_inhibit (self);
}

VtStationPage *
vt_window_get_station_page (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return ensure_station_page (self);
}

VtStation *
vt_window_get_station (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->station;
}

static void
on_not_in_place_response (AdwMessageDialog *dialog,
                          const char       *response,
                          VtWindow         *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;

  if (g_strcmp0 (response, "copy") == 0)
    {
      g_autofree char *folder = vt_station_files_folder ();

      station = vt_station_files_take_in (path, folder, &error);
      if (station == NULL)
        {
          show_error (self, _("The station could not be copied"), error);
          return;
        }
      vt_window_set_station (self, station);
      vt_window_show_toast (self, _("Copied into Valgting’s folder; the original is unchanged"));
    }
  else if (g_strcmp0 (response, "read-only") == 0)
    {
      station = vt_station_open_read_only (path, &error);
      if (station == NULL)
        {
          show_error (self, _("The station could not be opened"), error);
          return;
        }
      vt_window_set_station (self, station);
    }
}

/* A station file that cannot be recorded in where it is (a read-only disk, a folder the user
 * may not write, a file the sandbox's file chooser handed over): the chair chooses between a
 * copy in Valgting's own folder and reading the original. Nothing is written beside it. */
static void
ask_how_to_open (VtWindow     *self,
                 const char   *path,
                 const GError *error)
{
  AdwMessageDialog *dialog;

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_window_present (GTK_WINDOW (self));
  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self),
                            _("This Station File Cannot Be Recorded In Where It Is"),
                            error->message));
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "read-only", _("Open _Read-Only"),
                                    "copy", _("_Take In a Copy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "copy", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "copy");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_not_in_place_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The whole-file checks of a big file still ran as it opened (vt_store_check_ahead ()): the
 * station is shown meanwhile, nothing is written before they pass, and a file that fails is
 * closed again with the message opening would have given. */
static void
wait_check_in_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  vt_store_wait_check (vt_station_get_store (task_data));
  g_task_return_boolean (task, TRUE);
}

static void
on_check_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  VtWindow *self = VT_WINDOW (source);
  VtStation *station = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (vt_store_ensure_checked (vt_station_get_store (station), &error) ||
      self->station != station)
    return;
  vt_window_set_station (self, NULL);
  show_error (self, _("The station could not be opened"), error);
}

static void
await_check (VtWindow  *self,
             VtStation *station)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_check_done, NULL);

  g_task_set_task_data (task, g_object_ref (station), g_object_unref);
  g_task_run_in_thread (task, wait_check_in_thread);
}

static void
open_path (VtWindow   *self,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;

  station = vt_station_open (path, &error);
  if (g_error_matches (error, VT_STORE_ERROR, VT_STORE_ERROR_NOT_IN_PLACE))
    {
      ask_how_to_open (self, path, error);
      return;
    }
  if (station == NULL)
    {
      show_error (self, _("The station could not be opened"), error);
      return;
    }
  vt_window_set_station (self, station);
  if (vt_store_get_check_pending (vt_station_get_store (station)))
    await_check (self, station);
}

void
vt_window_open_file (VtWindow *self,
                     GFile    *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (VT_IS_WINDOW (self));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                             _("Only station files on this computer or on a "
                                               "disk attached to it can be opened."));
      show_error (self, _("The station could not be opened"), error);
      return;
    }
  open_path (self, path);
}

void
vt_window_start_training (VtWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autofree char *dir = NULL;

  g_return_if_fail (VT_IS_WINDOW (self));

  dir = vt_application_dup_training_dir (get_application (self));
  station = vt_station_create_training (dir, &error);
  if (station == NULL)
    {
      show_error (self, _("The training election could not be started"), error);
      return;
    }
  vt_window_set_station (self, station);
  vt_window_show_toast (self, _("Training election started: nothing here counts"));
}

/* The built-in training annual meeting: an organisation's election, to practise chairing it. */
void
vt_window_start_training_meeting (VtWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;
  g_autofree char *dir = NULL;

  g_return_if_fail (VT_IS_WINDOW (self));

  dir = vt_application_dup_training_dir (get_application (self));
  station = vt_station_create_training_meeting (dir, &error);
  if (station == NULL)
    {
      show_error (self, _("The training meeting could not be started"), error);
      return;
    }
  vt_window_set_station (self, station);
  vt_window_show_toast (self, _("Training meeting started: nothing here counts"));
}

/* ---- the training session ---------------------------------------------------------------- */

static void
on_session_clock (VtWindow *self)
{
  if (self->station_page != NULL)
    vt_station_page_refresh_clock (self->station_page);
  update_training_actions (self);
}

/* What went otherwise than the scenario says (a background step the trainee's actions made
 * impossible): the trainer is told, long enough to read it. */
static void
on_session_message (VtWindow   *self,
                    const char *message)
{
  show_toast (self, message, FALSE, 10);
}

/* A file name from what a trainee typed as their name: path separators, control characters and
 * a leading dot made harmless, at most 60 characters; NULL when nothing is left. */
static char *
dup_file_name_for (const char *trainee)
{
  g_autofree char *valid = g_utf8_make_valid (trainee != NULL ? trainee : "", -1);
  GString *name = g_string_new (NULL);

  for (const char *p = g_strstrip (valid); *p != '\0' && g_utf8_strlen (name->str, -1) < 60;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c) || (name->len == 0 && c == '.'))
        c = '-';
      g_string_append_unichar (name, c);
    }
  if (name->len == 0)
    return g_string_free (name, TRUE);
  return g_string_free (name, FALSE);
}

/* Beside the training elections, never over a file: "Kari Nordmann.valgting" in a folder named
 * after the scenario ("quiet-opening/"), so that a trainee's file names them and the folder
 * is a classroom; without a name "quiet-opening-20261205-104012.valgting". */
static char *
dup_session_station_path (VtWindow   *self,
                          const char *scenario_path,
                          const char *trainee,
                          GError    **error)
{
  g_autofree char *training_dir = vt_application_dup_training_dir (get_application (self));
  g_autofree char *base = g_path_get_basename (scenario_path);
  g_autofree char *named = dup_file_name_for (trainee);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *dir = NULL;
  char *dot = strrchr (base, '.');

  if (dot != NULL)
    *dot = '\0';
  dir = named != NULL ? g_build_filename (training_dir, base, NULL) : g_strdup (training_dir);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The training folder %s could not be made: %s"), dir, g_strerror (saved));
      return NULL;
    }
  for (guint i = 1; ; i++)
    {
      const char *stem = named != NULL ? named : base;
      g_autofree char *name = NULL;
      char *path;

      if (named != NULL)
        name = i == 1 ? g_strdup_printf ("%s%s", stem, VT_STORE_EXTENSION)
                      : g_strdup_printf ("%s %u%s", stem, i, VT_STORE_EXTENSION);
      else
        name = i == 1 ? g_strdup_printf ("%s-%s%s", stem, stamp, VT_STORE_EXTENSION)
                      : g_strdup_printf ("%s-%s-%u%s", stem, stamp, i, VT_STORE_EXTENSION);
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        return path;
      g_free (path);
    }
}

gboolean
vt_window_start_training_session (VtWindow        *self,
                                  const char      *scenario_path,
                                  VtTrainingStart  start)
{
  return vt_window_start_training_session_for (self, scenario_path, start, NULL);
}

gboolean
vt_window_start_training_session_for (VtWindow        *self,
                                      const char      *scenario_path,
                                      VtTrainingStart  start,
                                      const char      *trainee)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtTrainingSession) session = NULL;
  g_autofree char *station_path = NULL;

  g_return_val_if_fail (VT_IS_WINDOW (self), FALSE);

  station_path = dup_session_station_path (self, scenario_path, trainee, &error);
  if (station_path != NULL)
    session = vt_training_session_new (scenario_path, station_path, start, &error);
  if (session == NULL)
    {
      g_debug ("The training session could not be started: %s", error->message);
      show_error (self, _("The training session could not be started"), error);
      return FALSE;
    }

  clear_session (self);
  self->session = g_steal_pointer (&session);
  vt_window_set_station (self, vt_training_session_get_station (self->session));
  self->trainer_bar = vt_trainer_bar_new (self->session);
  vt_station_page_set_trainer_bar (ensure_station_page (self), self->trainer_bar);
  g_signal_connect_swapped (self->session, "tick", G_CALLBACK (on_session_clock), self);
  g_signal_connect_swapped (self->session, "notify::speed", G_CALLBACK (on_session_clock), self);
  g_signal_connect_swapped (self->session, "notify::paused", G_CALLBACK (on_session_clock),
                            self);
  g_signal_connect_swapped (self->session, "message", G_CALLBACK (on_session_message), self);
  on_session_clock (self);
  vt_window_show_toast (self, _("Training session ready: the clock is paused; press Resume"));
  return TRUE;
}

VtTrainingSession *
vt_window_get_training_session (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->session;
}

GtkWidget *
vt_window_get_trainer_bar (VtWindow *self)
{
  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  return self->trainer_bar;
}

GtkWidget *
vt_window_show_training_dialog (VtWindow *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  dialog = vt_training_dialog_new (GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

GtkWidget *
vt_window_show_municipality_overview (VtWindow *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  dialog = vt_municipality_dialog_new (GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
municipality_overview_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  vt_window_show_municipality_overview (VT_WINDOW (user_data));
}

GtkWidget *
vt_window_show_debrief (VtWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *preview;

  g_return_val_if_fail (VT_IS_WINDOW (self), NULL);
  if (self->session == NULL)
    return NULL;
  preview = vt_debrief_view_show_session (GTK_WINDOW (self), self->session, &error);
  if (preview == NULL)
    {
      show_error (self, _("The debrief could not be made"), error);
      return NULL;
    }
  gtk_window_present (GTK_WINDOW (preview));
  return preview;
}

static void
start_training_session_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  vt_window_show_training_dialog (VT_WINDOW (user_data));
}

static void
training_speed_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);
  gint32 speed = g_variant_get_int32 (parameter);

  if (self->session == NULL || (speed != VT_TRAINING_SPEED_1X && speed != VT_TRAINING_SPEED_10X &&
                                speed != VT_TRAINING_SPEED_60X))
    return;
  vt_training_session_set_speed (self->session, (VtTrainingSpeed)speed);
  update_training_actions (self);
}

static void
training_pause_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);

  if (self->session == NULL)
    return;
  vt_training_session_set_paused (self->session,
                                  !vt_training_session_get_paused (self->session));
  update_training_actions (self);
}

static void
training_next_event_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);

  if (self->session == NULL)
    return;
  if (vt_training_session_peek_next_event (self->session) == NULL)
    {
      vt_window_show_toast (self, _("No event is left in this session"));
      return;
    }
  vt_training_session_jump_to_next_event (self->session);
  on_session_clock (self);
}

static void
training_hint_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);

  if (self->trainer_bar != NULL)
    vt_trainer_bar_show_hint (VT_TRAINER_BAR (self->trainer_bar));
}

static void
training_debrief_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  vt_window_show_debrief (VT_WINDOW (user_data));
}

/* ---- actions ---------------------------------------------------------------------------- */

static GtkFileFilter *
station_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Station files"));
  gtk_file_filter_add_pattern (filter, "*" VT_STORE_EXTENSION);
  gtk_file_filter_add_mime_type (filter, "application/x-valgting-station");
  return filter;
}

static void
on_open_response (GtkNativeDialog *native,
                  int              response,
                  VtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      vt_window_open_file (self, file);
    }
  g_object_unref (native);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);
  g_autoptr(GtkFileFilter) filter = station_filter ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open a Station File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_recent_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  open_path (VT_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

/* A new station is made in Valgting's own folder (vt-station-files.h), named for its
 * precinct and year: no file chooser, which in the Flatpak would hand over a place sqlite
 * cannot record in. "Save the Station Elsewhere" exports it. */
static void
create_station (VtWindow *self)
{
  g_autoptr(VtConfig) config = g_steal_pointer (&self->pending_config);
  g_autofree char *folder = vt_station_files_folder ();
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) station = NULL;

  name = g_strdup_printf ("%s-%s-%d%s", vt_config_get_precinct_number (config),
                          vt_config_get_precinct_name (config), vt_config_get_year (config),
                          VT_STORE_EXTENSION);
  g_strdelimit (name, "/\\ ", '-');
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      error = g_error_new (G_FILE_ERROR, g_file_error_from_errno (saved),
                           _("Could not create the folder “%s”: %s."), folder,
                           g_strerror (saved));
    }
  else
    {
      path = vt_station_files_new_path (folder, name);
      station = vt_station_create (path, config, &error);
    }
  if (station == NULL)
    {
      show_error (self, _("The station could not be created"), error);
      return;
    }
  vt_window_set_station (self, station);
  vt_window_show_toast (self, _("The new station is kept in Valgting’s folder"));
}

static void
on_config_response (GtkNativeDialog *native,
                    int              response,
                    VtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GError) error = NULL;

      g_clear_object (&self->pending_config);
      self->pending_config = vt_config_new_from_file (file, &error);
      if (self->pending_config == NULL)
        show_error (self, _("The election configuration cannot be used"), error);
      else
        create_station (self);
    }
  g_object_unref (native);
}

static void
new_station_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  gtk_file_filter_set_name (filter, _("Election configurations (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");

  native = gtk_file_chooser_native_new (_("Choose the Election Configuration"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_config_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
start_training_meeting_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  vt_window_start_training_meeting (VT_WINDOW (user_data));
}

static void
start_training_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  vt_window_start_training (VT_WINDOW (user_data));
}

static void
close_station_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  /* Everything is already on disk: closing only leaves the station. */
  vt_window_set_station (VT_WINDOW (user_data), NULL);
}

static void
add_note_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);

  if (self->station != NULL)
    vt_station_page_add_note (self->station_page);
}

static void
undo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);

  if (self->station != NULL)
    vt_station_page_undo (self->station_page);
}

/* The toast's Print: the page's own print action, with its check of the file and the real
 * print dialog. */
static void
print_document_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);

  if (self->station != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (self->station_page), "station.print",
                                        parameter);
}

/* The keyboard shortcuts window, built the first time it is asked for. GtkApplication would
 * build it from gtk/help-overlay.ui with every window, before the window's first frame, and
 * each of its tooltips asks the X server where the pointer is. */
static void
show_help_overlay_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GtkApplicationWindow *self = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (self);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_PREFIX "/vt-shortcuts-window.ui");

      /* The window keeps it, and keeps the action above in place of its own. */
      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (self, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

/* Save the open station under a new name and carry on there: for a station whose USB stick
 * was pulled out (the open connection still has everything), or to move it. */
void
vt_window_save_copy_to (VtWindow   *self,
                        const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VtStation) copy = NULL;

  g_return_if_fail (VT_IS_WINDOW (self));
  if (self->station == NULL)
    return;

  if (!vt_store_save_copy (vt_station_get_store (self->station), path, &error))
    {
      show_error (self, _("The copy was not saved"), error);
      return;
    }
  /* Saved where it cannot be recorded in (what the sandbox's file chooser hands over): an
   * export, and the chair carries on with the station as it was, while its file is there. */
  if (!vt_station_files_in_place (path, &error) &&
      vt_store_check_file (vt_station_get_store (self->station), NULL))
    {
      vt_window_show_toast (self, _("A copy was saved; carry on here"));
      return;
    }
  /* Let go of the old file first: the copy is the station from now on. */
  vt_window_set_station (self, NULL);
  if (error != NULL)
    {
      ask_how_to_open (self, path, error);
      return;
    }
  copy = vt_station_open (path, &error);
  if (copy == NULL)
    {
      show_error (self, _("The station could not be opened"), error);
      return;
    }
  vt_window_set_station (self, copy);
  vt_window_show_toast (self, _("Saved as a new station file; carry on here"));
}

static void
on_save_copy_response (GtkNativeDialog *native,
                       int              response,
                       VtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        vt_window_save_copy_to (self, path);
    }
  g_object_unref (native);
}

static void
save_copy_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  VtWindow *self = VT_WINDOW (user_data);
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;

  if (self->station == NULL)
    return;
  native = gtk_file_chooser_native_new (_("Save the Station Elsewhere"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_path_get_basename (vt_station_get_path (self->station));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (on_save_copy_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Says, in the main menu, that the computer is kept awake; it does nothing. */
static void
keeps_awake_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
}

static const GActionEntry win_actions[] = {
  { "keeps-awake", keeps_awake_action },
  { "save-copy", save_copy_action },
  { "undo", undo_action },
  { "print-document", print_document_action, "s" },
  { "open", open_action },
  { "open-recent", open_recent_action, "s" },
  { "new-station", new_station_action },
  { "start-training", start_training_action },
  { "start-training-meeting", start_training_meeting_action },
  { "start-training-session", start_training_session_action },
  { "municipality-overview", municipality_overview_action },
  { "training-speed", training_speed_action, "i", "1" },
  { "training-pause", training_pause_action, NULL, "true" },
  { "training-next-event", training_next_event_action },
  { "training-hint", training_hint_action },
  { "training-debrief", training_debrief_action },
  { "close-station", close_station_action },
  { "add-note", add_note_action },
  { "show-help-overlay", show_help_overlay_action },
};

/* ---- life cycle ------------------------------------------------------------------------- */

/* Needs the application, which GObject sets only after constructed (). */
static void
bind_settings (VtWindow *self)
{
  GSettings *settings = vt_application_get_settings (get_application (self));

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  refresh_recent (self);
}

static void
vt_window_dispose (GObject *object)
{
  VtWindow *self = (VtWindow *)object;

  g_clear_handle_id (&self->toast_focus_source, g_source_remove);
  g_clear_handle_id (&self->toast_timeout, g_source_remove);
  release_inhibit (self);
  clear_session (self);
  if (self->toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->toast), (gpointer *)&self->toast);
  self->toast = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_WINDOW);
  g_clear_object (&self->station);
  g_clear_object (&self->pending_config);
  /* closed before its first frame: the station was opened all the same */
  if (self->recent_uri != NULL)
    add_uri_to_recent_files (self->recent_uri);
  g_clear_pointer (&self->recent_uri, g_free);

  G_OBJECT_CLASS (vt_window_parent_class)->dispose (object);
}

/* A window shown without a station shows the start page, built now. */
static void
vt_window_show (GtkWidget *widget)
{
  VtWindow *self = VT_WINDOW (widget);

  if (self->station == NULL)
    gtk_stack_set_visible_child (self->stack, GTK_WIDGET (ensure_start_page (self)));
  GTK_WIDGET_CLASS (vt_window_parent_class)->show (widget);
}

static void
vt_window_class_init (VtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_window_dispose;

  widget_class->show = vt_window_show;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/vt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VtWindow, stack);

}

/* VALGTING_BENCH_FIRST_FRAME: print the wall clock (µs since 1970) at the first painted frame
 * and quit, for the start-up benchmark (tests/bench/run.sh), which takes the start from the
 * same clock without starting a process. */
static void
on_bench_after_paint (GdkFrameClock *clock,
                      VtWindow      *self)
{
  g_print ("%" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_signal_handlers_disconnect_by_func (clock, on_bench_after_paint, self);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static void
on_bench_map (VtWindow *self)
{
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                    G_CALLBACK (on_bench_after_paint), self);
}

/* The first frame is on screen: a very big file's checks, started with the program, may take
 * the processors now (vt_store_check_ahead ()). */
static void
on_first_paint (GdkFrameClock *clock,
                VtWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  vt_store_check_ahead_go ();
  self->painted = TRUE;
  if (self->recent_uri != NULL)
    {
      add_uri_to_recent_files (self->recent_uri);
      g_clear_pointer (&self->recent_uri, g_free);
    }
}

static void
on_first_map (VtWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, on_first_map, NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                    G_CALLBACK (on_first_paint), self);
}

static void
vt_window_init (VtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
  update_actions (self);
  update_training_actions (self);
  g_simple_action_set_enabled (
    G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "keeps-awake")), FALSE);

  if (g_getenv ("VALGTING_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (self, "map", G_CALLBACK (on_bench_map), NULL);
  g_signal_connect (self, "map", G_CALLBACK (on_first_map), NULL);

  if (g_str_has_suffix (PACKAGE_VERSION, "-dev"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

VtWindow *
vt_window_new (VtApplication *application)
{
  VtWindow *self;

  g_return_val_if_fail (VT_IS_APPLICATION (application), NULL);

  self = g_object_new (VT_TYPE_WINDOW, "application", application, NULL);
  bind_settings (self);
  return self;
}
