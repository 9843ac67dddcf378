/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-station-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-checks.h"
#include "vt-copy.h"
#include "vt-day-clock.h"
#include "vt-application.h"
#include "vt-data-export.h"
#include "vt-document-actions.h"
#include "vt-error.h"
#include "vt-note-dialog.h"
#include "vt-palette.h"
#include "vt-paper-check-dialog.h"
#include "vt-documents-view.h"
#include "vt-kind-ids.h"
#include "vt-phase-view.h"
#include "vt-protocol-text-dialog.h"
#include "vt-second-copy.h"
#include "vt-sign-dialog.h"
#include "vt-log-view.h"
#include "vt-staff-import-dialog.h"
#include "vt-station-page-private.h"
#include "vt-station-state.h"

/* The open station: where and what, the time and the time left to closing; a sidebar of the
 * phases of the day with their state, the view of the phase chosen (vt-phase-view.c), and the
 * log (vt-log-view.c). Every command
 * goes through vt_station_execute (); the screen changes only when the journal does. */

G_DEFINE_FINAL_TYPE (VtStationPage, vt_station_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint vt_station_page_signals[N_SIGNALS];

/* ---- the clock -------------------------------------------------------------------------- */

/* The line beside the clock says what is true for the phase (vt-day-clock.c). */
static void
update_closing (VtStationPage *self,
                GDateTime     *now)
{
  g_autofree char *text = vt_day_clock_dup_text (self->station, now);

  gtk_label_set_text (self->closing_label, text);
}

static gboolean
tick (gpointer user_data)
{
  VtStationPage *self = user_data;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  gint64 until_next;

  /* The station's own clock (a training session's simulated time when one has set it), in the
   * election's own time zone, the one its opening hours are written in. */
  if (self->station != NULL)
    {
      g_autoptr(GDateTime) station_now = vt_station_dup_now (self->station);
      now = g_date_time_to_timezone (station_now, vt_config_get_timezone (
                                                    vt_station_get_config (self->station)));
    }
  else
    now = g_date_time_new_now_local ();
  text = g_date_time_format (now, "%H:%M:%S");

  gtk_label_set_text (self->clock_label, text);
  if (self->station != NULL)
    update_closing (self, now);

  /* Wake on the next whole second, so the clock never shows a second late or skips one (a
   * simulated clock at 60× goes a minute a second: it is simply read again each second). */
  until_next = 1000 - g_date_time_get_microsecond (now) / 1000;
  self->clock_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)until_next + 1, tick,
                                           self, NULL);
  return G_SOURCE_REMOVE;
}

/* The time at once; the line about the day, which reads the log (a scan of the journal by kind
 * that takes tens of milliseconds on a very long one), once the first frame is drawn. */
static void
start_clock (VtStationPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->station != NULL)
    {
      g_autoptr(GDateTime) station_now = vt_station_dup_now (self->station);

      g_clear_pointer (&now, g_date_time_unref);
      now = g_date_time_to_timezone (station_now, vt_config_get_timezone (
                                                    vt_station_get_config (self->station)));
    }
  text = g_date_time_format (now, "%H:%M:%S");
  gtk_label_set_text (self->clock_label, text);
  gtk_label_set_text (self->closing_label, "");
  self->clock_source = g_idle_add_full (G_PRIORITY_LOW, tick, self, NULL);
}

/* ---- giving commands -------------------------------------------------------------------- */

GtkWindow *
vt_station_page_get_window (VtStationPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_save_elsewhere (VtStationPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.save-copy", NULL);
}

void
vt_station_page_show_refusal (VtStationPage *self,
                              const char    *heading,
                              const GError  *error)
{
  GtkWidget *dialog = adw_message_dialog_new (vt_station_page_get_window (self), heading,
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  /* The file is gone: what is open can still be saved elsewhere. */
  if (g_error_matches (error, VT_STORE_ERROR, VT_STORE_ERROR_GONE))
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save",
                                       _("_Save Elsewhere…"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
      g_signal_connect_object (dialog, "response::save", G_CALLBACK (on_save_elsewhere), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the palette ----------------------------------------------------------------------- */

static void
on_palette_chosen (const char *kind,
                   gpointer    user_data)
{
  vt_station_page_run_command (user_data, kind, NULL);
}

GtkWidget *
vt_station_page_show_palette (VtStationPage *self)
{
  g_return_val_if_fail (VT_IS_STATION_PAGE (self), NULL);
  if (self->station == NULL)
    return NULL;
  return vt_palette_show (vt_station_page_get_window (self), self->station, on_palette_chosen,
                          self);
}

/* ---- the sidebar and the phase view ----------------------------------------------------- */

static gboolean
phase_listed (VtStationPage *self,
              VtPhase        phase)
{
  VtConfig *config = vt_station_get_config (self->station);

  /* A meeting has no night, closing or count of its own: one office after the other. */
  if (vt_config_is_organisation (config))
    return vt_phase_get_meeting_label (phase) != NULL;
  return phase != VT_PHASE_NIGHT || vt_config_get_days (config)->len > 1;
}

static const char *
phase_label (VtStationPage *self,
             VtPhase        phase)
{
  if (vt_config_is_organisation (vt_station_get_config (self->station)))
    return vt_phase_get_meeting_label (phase);
  return vt_phase_get_label (phase);
}

/* The sidebar's row for @page, kept from one update to the next (the focus may be on it):
 * made the first time, then only its state and icon change. */
static GtkWidget *
sidebar_row (VtStationPage *self,
             const char    *page,
             const char    *title,
             const char    *state,
             const char    *icon_name)
{
  GtkWidget *row = NULL;
  GtkWidget *state_label;
  GtkWidget *icon;
  g_autofree char *accessible = g_strdup_printf ("%s: %s", title, state);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gtk_widget_get_name (child), page) == 0)
      row = child;

  if (row == NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *title_label = gtk_label_new (title);

      row = gtk_list_box_row_new ();
      state_label = gtk_label_new (NULL);
      icon = gtk_image_new ();
      gtk_label_set_xalign (GTK_LABEL (title_label), 0);
      gtk_label_set_xalign (GTK_LABEL (state_label), 0);
      gtk_label_set_wrap (GTK_LABEL (state_label), TRUE);
      gtk_widget_add_css_class (state_label, "caption");
      gtk_widget_add_css_class (state_label, "dim-label");
      gtk_box_append (GTK_BOX (labels), title_label);
      gtk_box_append (GTK_BOX (labels), state_label);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), labels);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_name (row, page);
      g_object_set_data (G_OBJECT (row), "state-label", state_label);
      g_object_set_data (G_OBJECT (row), "icon", icon);
      gtk_list_box_append (self->sidebar_list, row);
    }
  state_label = g_object_get_data (G_OBJECT (row), "state-label");
  icon = g_object_get_data (G_OBJECT (row), "icon");
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (state_label)), state) != 0)
    gtk_label_set_text (GTK_LABEL (state_label), state);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return row;
}

static void
rebuild_sidebar (VtStationPage *self)
{
  VtPhase now = vt_station_get_phase (self->station);
  g_autoptr(GPtrArray) findings = vt_station_run_checks (self->station);
  g_autofree char *blocked_by = NULL;
  GtkWidget *child;
  GtkListBoxRow *selected = NULL;

  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      if (finding->severity == VT_SEVERITY_ERROR && blocked_by == NULL)
        blocked_by = g_strdup (finding->code);
    }

  /* Another station's rows go; this station's are kept and updated. */
  if (g_object_get_data (G_OBJECT (self->sidebar_list), "station") != self->station)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
        gtk_list_box_remove (self->sidebar_list, child);
      g_object_set_data (G_OBJECT (self->sidebar_list), "station", self->station);
    }

  for (VtPhase phase = VT_PHASE_SETUP; phase < VT_N_PHASES; phase++)
    {
      g_autofree char *state = NULL;
      const char *icon;
      GtkWidget *row;
      /* The phase after the current one, in the order of the day (the first listed). */
      gboolean next = phase > now;

      for (VtPhase between = now + 1; between < phase && next; between++)
        if (phase_listed (self, between))
          next = FALSE;

      if (!phase_listed (self, phase))
        continue;
      if (phase < now)
        state = g_strdup (_("Done")), icon = "emblem-ok-symbolic";
      else if (phase == now)
        state = g_strdup (_("Now")), icon = "media-playback-start-symbolic";
      else if (next && blocked_by != NULL)
        /* Translators: a phase that cannot start yet, and the numbered check that stops it */
        state = g_strdup_printf (_("Blocked: %s"), blocked_by), icon = "action-unavailable-symbolic";
      else
        state = g_strdup (_("Waiting")), icon = "radio-symbolic";

      row = sidebar_row (self, vt_phase_to_string (phase), phase_label (self, phase), state,
                         icon);
      if (g_strcmp0 (self->shown, vt_phase_to_string (phase)) == 0)
        selected = GTK_LIST_BOX_ROW (row);
    }

  child = sidebar_row (self, "log", _("Log"), _("Every entry, searchable"),
                       "view-list-symbolic");
  if (g_strcmp0 (self->shown, "log") == 0)
    selected = GTK_LIST_BOX_ROW (child);
  /* The documents exist from the opening on. */
  if (now != VT_PHASE_SETUP)
    {
      child = sidebar_row (self, "documents", _("Documents"), _("With their state; Ctrl+Shift+D"),
                           "x-office-document-symbolic");
      if (g_strcmp0 (self->shown, "documents") == 0)
        selected = GTK_LIST_BOX_ROW (child);
    }
  if (gtk_list_box_get_selected_row (self->sidebar_list) != selected)
    gtk_list_box_select_row (self->sidebar_list, selected);
}

/* An outdoor vote not finished is in sight on every page until the equipment is back. */
static void
update_outdoor (VtStationPage *self)
{
  g_autoptr(GArray) open = vt_station_dup_open_outdoor_votes (self->station);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->outdoor_label), open->len > 0);
  if (open->len == 0)
    return;
  text = g_strdup_printf (ngettext ("%u outdoor vote not finished: the equipment is not back",
                                    "%u outdoor votes not finished: the equipment is not back",
                                    open->len), open->len);
  gtk_label_set_text (self->outdoor_label, text);
}

static void
rebuild (VtStationPage *self)
{
  VtPhase now;
  VtPhase shown;

  if (self->station == NULL)
    return;

  now = vt_station_get_phase (self->station);
  /* Follow the day: who was looking at the current phase sees the next one when it starts. */
  if (self->shown == NULL ||
      (now != self->shown_phase_now &&
       g_strcmp0 (self->shown, vt_phase_to_string (self->shown_phase_now)) == 0))
    {
      g_free (self->shown);
      self->shown = g_strdup (vt_phase_to_string (now));
    }
  self->shown_phase_now = now;

  rebuild_sidebar (self);
  update_outdoor (self);
  if (g_str_equal (self->shown, "log"))
    {
      gtk_stack_set_visible_child (self->content_stack,
                                   GTK_WIDGET (vt_station_page_ensure_log_view (self)));
      return;
    }
  if (!vt_phase_from_string (self->shown, &shown))
    shown = now;
  if (g_str_equal (self->shown, "documents"))
    {
      gtk_stack_set_visible_child_name (self->content_stack, "documents");
      return;
    }
  /* Another phase is a new page, read from the top; the same phase is kept as it is, where
   * the chair was in it (the view updates its rows in place). */
  if (vt_phase_view_get_phase (self->phase_view) != shown ||
      gtk_widget_get_first_child (GTK_WIDGET (self->phase_view)) == NULL)
    {
      vt_phase_view_set_phase (self->phase_view, shown);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->phase_scroller), 0);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "phase");
}

static void update_actions (VtStationPage *self);

static gboolean
rebuild_idle (gpointer user_data)
{
  VtStationPage *self = user_data;

  self->refresh_source = 0;
  rebuild (self);
  update_actions (self); /* the phase may have moved on */
  return G_SOURCE_REMOVE;
}

static void
on_journal_changed (VtStationPage *self)
{
  if (self->second_copy != NULL)
    vt_second_copy_changed (self->second_copy);
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (rebuild_idle, self);
}

/**
 * vt_station_page_show:
 * @page: a phase id ("voting"), "log" or "documents"
 */
void
vt_station_page_show (VtStationPage *self,
                      const char    *page)
{
  VtPhase phase;

  g_return_if_fail (VT_IS_STATION_PAGE (self));
  g_return_if_fail (g_strcmp0 (page, "log") == 0 || g_strcmp0 (page, "documents") == 0 ||
                    vt_phase_from_string (page, &phase));

  g_free (self->shown);
  self->shown = g_strdup (page);
  rebuild (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

const char *
vt_station_page_get_shown (VtStationPage *self)
{
  g_return_val_if_fail (VT_IS_STATION_PAGE (self), NULL);
  return self->shown;
}

static void
on_sidebar_row_activated (VtStationPage *self,
                          GtkListBoxRow *row)
{
  vt_station_page_show (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static gboolean
update_back_button (gpointer user_data)
{
  VtStationPage *self = user_data;

  self->folded_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), adw_leaflet_get_folded (self->leaflet));
  return G_SOURCE_REMOVE;
}

/* The leaflet folds while it is being allocated: the header bar, allocated already in that
 * frame, must not change then ("Trying to snapshot AdwHeaderBar without a current
 * allocation"). The back button comes or goes right after the frame. */
static void
on_folded_changed (VtStationPage *self)
{
  if (self->folded_source == 0)
    self->folded_source = g_idle_add (update_back_button, self);
}

/* ---- the second copy ------------------------------------------------------------------- */

/* The copy itself is made by the core (vt-second-copy.c); the header says how it went. */
static void
on_copy_finished (VtStationPage *self,
                  VtSecondCopy  *copy)
{
  const GError *error = vt_second_copy_get_error (copy);
  g_autofree char *text = NULL;

  if (error != NULL)
    {
      text = g_strdup (error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->copy_label), "warning");
    }
  else if (vt_second_copy_get_copied_at (copy) != NULL)
    {
      g_autofree char *at = g_date_time_format (vt_second_copy_get_copied_at (copy), "%H:%M:%S");
      /* Translators: under the clock: "Second copy up to date at 14:02:11" */
      text = g_strdup_printf (_("Second copy up to date at %s"), at);
      gtk_widget_remove_css_class (GTK_WIDGET (self->copy_label), "warning");
    }
  gtk_label_set_text (self->copy_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->copy_label), text != NULL);
}

/**
 * vt_station_page_set_copy_folder:
 * @folder: (nullable): where to keep the second copy, or %NULL for none
 *
 * Makes a copy now and after every change from then on.
 */
void
vt_station_page_set_copy_folder (VtStationPage *self,
                                 const char    *folder)
{
  g_return_if_fail (VT_IS_STATION_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->copy_label), FALSE);
  if (self->second_copy != NULL)
    vt_second_copy_set_folder (self->second_copy, folder);
}

/**
 * vt_station_page_get_second_copy:
 *
 * Returns: (transfer none) (nullable): the open station's second copy
 */
VtSecondCopy *
vt_station_page_get_second_copy (VtStationPage *self)
{
  g_return_val_if_fail (VT_IS_STATION_PAGE (self), NULL);
  return self->second_copy;
}

gboolean
vt_station_page_get_copy_busy (VtStationPage *self)
{
  g_return_val_if_fail (VT_IS_STATION_PAGE (self), FALSE);
  return self->second_copy != NULL && vt_second_copy_get_busy (self->second_copy);
}

static GSettings *
get_settings (VtStationPage *self)
{
  GtkWindow *window = vt_station_page_get_window (self);
  GtkApplication *app = window != NULL ? gtk_window_get_application (window) : NULL;

  return VT_IS_APPLICATION (app) ? vt_application_get_settings (VT_APPLICATION (app)) : NULL;
}

static void
on_copy_folder_chosen (GtkNativeDialog *chooser,
                       int              response,
                       VtStationPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (folder);
      GSettings *settings = get_settings (self);

      if (settings != NULL && path != NULL)
        g_settings_set_string (settings, "copy-folder", path);
      vt_station_page_set_copy_folder (self, path);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_copy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Folder for the Second Copy"),
                                         vt_station_page_get_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"),
                                         _("_Cancel"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_copy_folder_chosen),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the staff list ---------------------------------------------------------------------- */

static void
on_staff_imported (GObject    *owner,
                   const char *toast)
{
  g_signal_emit (owner, vt_station_page_signals[TOAST], 0, toast);
}

/**
 * vt_station_page_import_staff_file:
 * @file: a staff list (CSV)
 *
 * What Import Staff List… does with the file chosen: the people added and a toast saying how
 * many, once they are on disk; or a dialog listing the bad lines, and nothing added.
 */
void
vt_station_page_import_staff_file (VtStationPage *self,
                                   GFile         *file)
{
  g_return_if_fail (VT_IS_STATION_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->station == NULL)
    return;
  vt_staff_import_dialog_import (vt_station_page_get_window (self), self->station, file,
                                 G_OBJECT (self), on_staff_imported);
}

/* Import Staff List…: only while the station is in its setup phase (the rule's own phases). */
static void
import_staff_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);

  if (self->station == NULL || !vt_station_allows_now (self->station, VT_KIND_PERSON_ADD))
    return;
  vt_staff_import_dialog_choose (vt_station_page_get_window (self), self->station, G_OBJECT (self),
                                 on_staff_imported);
}

/* ---- actions ---------------------------------------------------------------------------- */

static void
palette_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  vt_station_page_show_palette (VT_STATION_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);

  vt_station_page_show (self, "log");
  vt_log_view_focus_search (vt_station_page_ensure_log_view (self));
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);
  guint n = 0;

  if (self->station == NULL)
    return;
  /* Alt+1 … the phases as the sidebar lists them, then the log. */
  for (VtPhase phase = VT_PHASE_SETUP; phase < VT_N_PHASES; phase++)
    if (phase_listed (self, phase) && n++ == index)
      {
        vt_station_page_show (self, vt_phase_to_string (phase));
        return;
      }
  if (n == index)
    vt_station_page_show (self, "log");
}

/* Every document with its state; there is none to show before the opening. */
static void
documents_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);

  if (self->station == NULL)
    return;
  vt_station_page_show (self, "documents");
}

/* Check against paper: the checksum groups typed from a printed page, found in the file. */
static void
check_paper_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);

  if (self->station != NULL)
    gtk_window_present (GTK_WINDOW (vt_paper_check_dialog_new (vt_station_page_get_window (self),
                                                               self->station)));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_leaflet_navigate (VT_STATION_PAGE (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
envelope_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  vt_station_page_log_envelope (VT_STATION_PAGE (widget), g_variant_get_uint32 (parameter));
}

/* The document @parameter names, if it is one of this station's: "protocol" (Ctrl+P) is the
 * meeting's protocol at an annual meeting, and a polling station's documents are none of a
 * meeting's. */
static gboolean
document_kind (VtStationPage  *self,
               GVariant       *parameter,
               VtDocumentKind *kind)
{
  VtConfig *config = vt_station_get_config (self->station);

  if (!vt_document_kind_from_string (g_variant_get_string (parameter, NULL), kind))
    return FALSE;
  if (*kind == VT_DOCUMENT_PROTOCOL && vt_config_is_organisation (config))
    *kind = VT_DOCUMENT_MEETING_PROTOCOL;
  return vt_document_kind_applies (*kind, config);
}

static void
on_exported (gpointer    user_data,
             gboolean    ok,
             const char *message)
{
  VtStationPage *self = user_data;

  if (ok)
    g_signal_emit (self, vt_station_page_signals[TOAST], 0, message);
  g_object_unref (self);
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);
  VtDocumentKind kind;

  if (self->station != NULL && document_kind (self, parameter, &kind))
    vt_document_preview (vt_station_page_get_window (self), self->station, kind);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);
  VtDocumentKind kind;

  if (self->station != NULL && document_kind (self, parameter, &kind))
    vt_document_export (vt_station_page_get_window (self), self->station, kind, on_exported,
                        g_object_ref (self));
}

static void
export_data_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);
  VtDataKind kind;

  if (self->station != NULL &&
      vt_data_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    vt_data_export (vt_station_page_get_window (self), self->station, kind, on_exported,
                    g_object_ref (self));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);
  VtDocumentKind kind;

  if (self->station != NULL && document_kind (self, parameter, &kind))
    vt_document_print (vt_station_page_get_window (self), self->station, kind);
}

static void
on_signed (VtStationPage  *self,
           VtJournalEntry *entry)
{
  vt_station_page_confirm (self, entry);
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);
  const char *who = g_variant_get_string (parameter, NULL);
  VtMeetingSigner signer;
  GtkWidget *dialog;

  if (self->station == NULL)
    return;
  /* An annual meeting's protocol is signed by whom the meeting chose: "chair", "signatory",
   * "second_signatory"; a polling station's by a board member, by id. */
  if (vt_config_is_organisation (vt_station_get_config (self->station)))
    {
      if (!vt_meeting_signer_from_string (who, &signer))
        return;
      dialog = vt_sign_dialog_new_for_meeting (vt_station_page_get_window (self), self->station,
                                               signer);
    }
  else if (vt_config_find_person (vt_station_get_config (self->station), who) != NULL)
    dialog = vt_sign_dialog_new (vt_station_page_get_window (self), self->station, who);
  else
    return;
  g_signal_connect_object (dialog, "signed", G_CALLBACK (on_signed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * vt_station_page_write_protocol_text:
 * @contest: (nullable): a contest id for its remark, %NULL for part D (Other matters)
 *
 * Opens the dialog where the board writes its own words into the protocol.
 *
 * Returns: (transfer none): the dialog
 */
GtkWidget *
vt_station_page_write_protocol_text (VtStationPage *self,
                                     const char    *contest)
{
  GtkWidget *dialog;

  g_return_val_if_fail (VT_IS_STATION_PAGE (self), NULL);
  g_return_val_if_fail (self->station != NULL, NULL);

  dialog = vt_protocol_text_dialog_new (vt_station_page_get_window (self), self->station, contest);
  g_signal_connect_object (dialog, "logged", G_CALLBACK (vt_station_page_on_command_logged), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* The target is a contest id for its remark, or "" for part D. */
static void
protocol_text_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VtStationPage *self = VT_STATION_PAGE (widget);
  const char *contest = g_variant_get_string (parameter, NULL);

  if (self->station == NULL)
    return;
  if (*contest == '\0')
    {
      vt_station_page_write_protocol_text (self, NULL);
      return;
    }
  if (vt_config_find_contest (vt_station_get_config (self->station), contest) != NULL)
    vt_station_page_write_protocol_text (self, contest);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  vt_station_page_undo (VT_STATION_PAGE (widget));
}

/* Every station action needs a station: without one, its keys and buttons do nothing. The
 * ones that record, and the second copy (written after each entry), need one that can be
 * written too: on a station opened read-only (vt_station_get_read_only ()) this is the one
 * place that turns them off, and every button and key bound to them with them. */
static void
update_actions (VtStationPage *self)
{
  static const char * const viewing[] = {
    "station.search", "station.show", "station.show-sidebar", "station.preview",
    "station.export", "station.export-data", "station.print", "station.documents",
    "station.check-paper",
  };
  static const char * const recording[] = {
    "station.palette", "station.envelope", "station.undo", "station.sign",
    "station.protocol-text", "station.choose-copy",
  };
  gboolean open = self->station != NULL;
  gboolean writable = open && !vt_station_get_read_only (self->station);

  for (guint i = 0; i < G_N_ELEMENTS (viewing); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), viewing[i], open);
  for (guint i = 0; i < G_N_ELEMENTS (recording); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), recording[i], writable);
  /* A staff list only in the setup phase (vt_station_allows_now () knows read-only too). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.import-staff",
                                 open && vt_station_allows_now (self->station,
                                                                VT_KIND_PERSON_ADD));
}

/* ---- the station ------------------------------------------------------------------------ */

static void
on_note_logged (VtStationPage  *self,
                VtJournalEntry *entry)
{
  g_autofree char *text = NULL;

  /* Translators: a confirmation, shown only after the entry is on disk */
  text = g_strdup_printf (_("Entry %" PRId64 " saved in the log"),
                          vt_journal_entry_get_seq (entry));
  g_signal_emit (self, vt_station_page_signals[TOAST], 0, text);
}

/* The trainer's bar under the header, or none (NULL). */
void
vt_station_page_set_trainer_bar (VtStationPage *self,
                                 GtkWidget     *bar)
{
  g_return_if_fail (VT_IS_STATION_PAGE (self));
  adw_bin_set_child (self->trainer_slot, bar);
  gtk_widget_set_visible (GTK_WIDGET (self->trainer_slot), bar != NULL);
}

/* Reads the station's clock again now: a training session's clock jumped. */
void
vt_station_page_refresh_clock (VtStationPage *self)
{
  g_return_if_fail (VT_IS_STATION_PAGE (self));
  if (self->clock_source != 0)
    start_clock (self);
}

void
vt_station_page_add_note (VtStationPage *self)
{
  GtkWidget *dialog;

  g_return_if_fail (VT_IS_STATION_PAGE (self));
  g_return_if_fail (self->station != NULL);
  if (vt_station_get_read_only (self->station))
    return;

  dialog = vt_note_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               self->station);
  g_signal_connect_object (dialog, "logged", G_CALLBACK (on_note_logged), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

VtStation *
vt_station_page_get_station (VtStationPage *self)
{
  g_return_val_if_fail (VT_IS_STATION_PAGE (self), NULL);
  return self->station;
}

void
vt_station_page_set_station (VtStationPage *self,
                             VtStation     *station)
{
  g_return_if_fail (VT_IS_STATION_PAGE (self));
  g_return_if_fail (station == NULL || VT_IS_STATION (station));

  if (self->station == station)
    return;

  if (self->station != NULL)
    g_signal_handlers_disconnect_by_func (vt_station_get_journal (self->station),
                                          on_journal_changed, self);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_set_object (&self->station, station);
  vt_phase_view_set_station (self->phase_view, station);
  vt_documents_view_set_station (self->documents_view, station);
  if (self->second_copy != NULL)
    g_signal_handlers_disconnect_by_func (self->second_copy, on_copy_finished, self);
  g_clear_object (&self->second_copy);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_label), FALSE);
  /* A read-only station never changes: there is nothing to copy after. */
  if (station != NULL && !vt_station_get_read_only (station))
    {
      self->second_copy = vt_second_copy_new (station);
      g_signal_connect_object (self->second_copy, "finished", G_CALLBACK (on_copy_finished),
                               self, G_CONNECT_SWAPPED);
    }
  update_actions (self);
  g_clear_pointer (&self->shown, g_free);
  self->last_envelope = 0;

  if (station != NULL)
    {
      VtConfig *config = vt_station_get_config (station);
      g_autofree char *precinct = vt_config_dup_precinct_title (config);
      g_autofree char *place = NULL;
      gboolean organisation = vt_config_is_organisation (config);

      /* An organisation's meeting is the group's, where it meets; a polling station is its
       * precinct's in its municipality. */
      adw_window_title_set_title (self->window_title,
                                  organisation ? vt_config_get_group_name (config) : precinct);
      if (vt_station_get_read_only (station))
        {
          /* Translators: the header's subtitle for a station opened read-only: "Kommunestyre-
           * og fylkestingsvalget 2027 — read only" */
          g_autofree char *subtitle = g_strdup_printf (_("%s — read only"),
                                                       vt_config_get_election_name (config));
          adw_window_title_set_subtitle (self->window_title, subtitle);
        }
      else
        adw_window_title_set_subtitle (self->window_title, vt_config_get_election_name (config));
      gtk_widget_set_visible (GTK_WIDGET (self->read_only_banner),
                              vt_station_get_read_only (station));
      if (organisation)
        /* Translators: an organisation's meeting and where it is held: "Øvingshjelpen,
         * Grendehuset i Øvingsby" */
        place = g_strdup_printf (_("%s, %s"), vt_config_get_organisation_name (config),
                                 vt_config_get_meeting_place (config));
      else
        /* Translators: "Bergen (4601), Vestland" */
        place = g_strdup_printf (_("%s (%s), %s"), vt_config_get_municipality_name (config),
                                 vt_config_get_municipality_number (config),
                                 vt_config_get_county (config));
      gtk_label_set_text (self->place_label, place);
      gtk_label_set_text (self->training_banner,
                          organisation
                          ? _("TRAINING MEETING — not a real annual meeting. Nothing here counts.")
                          : _("TRAINING ELECTION — not a real election. Nothing here counts."));

      gtk_widget_set_visible (GTK_WIDGET (self->training_banner),
                              vt_station_get_training (station));
      if (vt_station_get_training (station))
        gtk_widget_add_css_class (GTK_WIDGET (self), "training");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "training");

      g_signal_connect_object (vt_station_get_journal (station), "items-changed",
                               G_CALLBACK (on_journal_changed), self, G_CONNECT_SWAPPED);
      start_clock (self);
      rebuild (self);
      {
        GSettings *settings = get_settings (self);
        g_autofree char *folder = settings != NULL
          ? g_settings_get_string (settings, "copy-folder") : NULL;
        if (folder != NULL && g_file_test (folder, G_FILE_TEST_IS_DIR))
          vt_station_page_set_copy_folder (self, folder);
      }
    }
  else
    {
      g_clear_handle_id (&self->clock_source, g_source_remove);
      gtk_widget_set_visible (GTK_WIDGET (self->read_only_banner), FALSE);
    }

  if (self->log_view != NULL)
    vt_log_view_set_station (self->log_view, station);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

static void
vt_station_page_dispose (GObject *object)
{
  VtStationPage *self = (VtStationPage *)object;

  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->folded_source, g_source_remove);
  if (self->second_copy != NULL)
    g_signal_handlers_disconnect_by_func (self->second_copy, on_copy_finished, self);
  g_clear_object (&self->second_copy);
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_STATION_PAGE);
  g_clear_object (&self->station);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (vt_station_page_parent_class)->dispose (object);
}

static void
vt_station_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VtStationPage *self = VT_STATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_station_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VtStationPage *self = VT_STATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      vt_station_page_set_station (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_station_page_class_init (VtStationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_station_page_dispose;
  object_class->get_property = vt_station_page_get_property;
  object_class->set_property = vt_station_page_set_property;

  g_type_ensure (VT_TYPE_PHASE_VIEW);
  g_type_ensure (VT_TYPE_DOCUMENTS_VIEW);

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, VT_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VtStationPage::toast:
   * @text: a short confirmation for the window to show
   */
  vt_station_page_signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VtStationPage::toast-undo:
   * @text: a confirmation of an entry the chair may take back with vt_station_page_undo ()
   */
  vt_station_page_signals[TOAST_UNDO] = g_signal_new ("toast-undo", G_TYPE_FROM_CLASS (klass),
                                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                      G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VtStationPage::toast-print:
   * @text: a confirmation that a document was saved
   * @document: the document's kind id ("opening-report"), for a Print button on the toast
   */
  vt_station_page_signals[TOAST_PRINT] = g_signal_new ("toast-print", G_TYPE_FROM_CLASS (klass),
                                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                       G_TYPE_NONE, 2, G_TYPE_STRING,
                                                       G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/station/vt-station-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, training_banner);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, read_only_banner);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, clock_label);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, trainer_slot);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, closing_label);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, place_label);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, outdoor_label);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, copy_label);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, phase_view);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, documents_view);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, phase_scroller);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, back_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);

  gtk_widget_class_install_action (widget_class, "station.palette", NULL, palette_action);
  gtk_widget_class_install_action (widget_class, "station.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "station.show", "u", show_action);
  gtk_widget_class_install_action (widget_class, "station.documents", NULL, documents_action);
  gtk_widget_class_install_action (widget_class, "station.check-paper", NULL, check_paper_action);
  gtk_widget_class_install_action (widget_class, "station.show-sidebar", NULL,
                                   show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "station.envelope", "u", envelope_action);
  gtk_widget_class_install_action (widget_class, "station.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "station.preview", "s", preview_action);
  gtk_widget_class_install_action (widget_class, "station.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "station.export-data", "s", export_data_action);
  gtk_widget_class_install_action (widget_class, "station.print", "s", print_action);
  gtk_widget_class_install_action (widget_class, "station.sign", "s", sign_action);
  gtk_widget_class_install_action (widget_class, "station.protocol-text", "s",
                                   protocol_text_action);
  gtk_widget_class_install_action (widget_class, "station.choose-copy", NULL, choose_copy_action);
  gtk_widget_class_install_action (widget_class, "station.import-staff", NULL,
                                   import_staff_action);
}

/* The main menu's popover, with a button for every item, is made when the menu is first
 * opened (a click or F10), not with the window. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  VtStationPage *self = VT_STATION_PAGE (user_data);

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              const char            *action,
              GVariant              *target)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                            gtk_named_action_new (action));

  gtk_shortcut_set_arguments (shortcut, target);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* The station's keys work wherever the focus is in the window (scope "managed": the window
 * runs them), not only from inside the page: when the training election starts, the focus
 * is on its toast. */
static void
add_shortcuts (VtStationPage *self)
{
  GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());

  gtk_shortcut_controller_set_scope (keys, GTK_SHORTCUT_SCOPE_MANAGED);
  add_shortcut (keys, GDK_KEY_p, GDK_CONTROL_MASK, "station.print",
                g_variant_new_string ("protocol"));
  add_shortcut (keys, GDK_KEY_e, GDK_CONTROL_MASK, "station.export",
                g_variant_new_string ("protocol"));
  add_shortcut (keys, GDK_KEY_k, GDK_CONTROL_MASK, "station.palette", NULL);
  add_shortcut (keys, GDK_KEY_i, GDK_CONTROL_MASK, "station.palette", NULL);
  add_shortcut (keys, GDK_KEY_f, GDK_CONTROL_MASK, "station.search", NULL);
  add_shortcut (keys, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "station.documents", NULL);
  add_shortcut (keys, GDK_KEY_z, GDK_CONTROL_MASK, "station.undo", NULL);
  add_shortcut (keys, GDK_KEY_Home, GDK_ALT_MASK, "station.show-sidebar", NULL);
  for (guint i = 0; i < 9; i++)
    {
      add_shortcut (keys, GDK_KEY_1 + i, GDK_CONTROL_MASK, "station.envelope",
                    g_variant_new_uint32 (i));
      add_shortcut (keys, GDK_KEY_1 + i, GDK_ALT_MASK, "station.show", g_variant_new_uint32 (i));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (keys));
}

static void
vt_station_page_init (VtStationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
  update_actions (self);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  vt_phase_view_set_runner (self->phase_view, vt_station_page_run_command, self);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed), self,
                           G_CONNECT_SWAPPED);
}
