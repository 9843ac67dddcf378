/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-documents-view.h"
#include "vt-log-view.h"
#include "vt-phase-view.h"
#include "vt-station-page.h"

G_BEGIN_DECLS

/* What the two halves of the station page share: vt-station-page.c builds the page (the
 * clock, the sidebar, the phase view, the actions, the station); vt-station-commands.c gives
 * the commands and keeps the reports at the turns of the day. Not for use outside them. */

struct _VtStationPage
{
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel *training_banner;
  GtkLabel *read_only_banner;
  GtkLabel *clock_label;
  AdwBin *trainer_slot;
  GtkLabel *closing_label;
  GtkLabel *place_label;
  GtkLabel *outdoor_label;
  GtkLabel *copy_label;
  VtLogView *log_view;
  GtkMenuButton *menu_button;
  GMenuModel *primary_menu;
  AdwLeaflet *leaflet;
  GtkListBox *sidebar_list;
  GtkStack *content_stack;
  VtPhaseView *phase_view;
  VtDocumentsView *documents_view;
  GtkScrolledWindow *phase_scroller;
  GtkButton *back_button;

  VtStation *station;
  guint clock_source;
  guint refresh_source;
  char *shown;               /* the page shown: a phase id, or "log" */
  VtPhase shown_phase_now;   /* the station's phase when the page was last built */

  VtSecondCopy *second_copy; /* the station's second copy (vt-second-copy.c), or NULL */
  gint64 last_envelope;      /* the envelope Ctrl+Z annuls, or 0 */
  guint folded_source;       /* shows or hides the back button after a fold */
};

enum {
  TOAST,
  TOAST_UNDO,
  TOAST_PRINT,
  N_SIGNALS
};

/* The page's signals "toast", "toast-undo" and "toast-print", registered in
 * vt-station-page.c. */
extern guint vt_station_page_signals[N_SIGNALS];

/* vt-station-page.c: the window the page is in, or %NULL; the parent of its dialogs. */
GtkWindow *vt_station_page_get_window        (VtStationPage       *self);
/* vt-station-page.c: says why the station refused a command, under @heading; offers to save
 * elsewhere when the file is gone. */
void       vt_station_page_show_refusal      (VtStationPage       *self,
                                              const char          *heading,
                                              const GError        *error);

/* vt-station-commands.c: gives @kind_id with the fields of @preset ("name=value"), at once or
 * through its form; a VtRunCommandFunc whose @user_data is the page. */
void       vt_station_page_run_command       (gpointer             user_data,
                                              const char          *kind_id,
                                              const char * const  *preset);
/* vt-station-commands.c: once @entry is on disk: the toast, the report when the doors open or
 * close, and the request to count again when a control count differs. */
void       vt_station_page_confirm           (VtStationPage       *self,
                                              VtJournalEntry      *entry);
/* vt-station-commands.c: the "logged" handler of a form: confirms @entry. */
void       vt_station_page_on_command_logged (VtStationPage       *self,
                                              VtJournalEntry      *entry);
/* vt-station-commands.c: the log, built the first time it is asked for. */
VtLogView *vt_station_page_ensure_log_view   (VtStationPage       *self);

G_END_DECLS
