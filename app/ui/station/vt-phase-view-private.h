/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vt-phase-view.h"

G_BEGIN_DECLS

/* What the two halves of the phase view share: the view's fields, and the keyed widgets
 * (vt-phase-view.c) that the sections of each phase (vt-phase-sections.c) are built from. */

struct _VtPhaseView
{
  GtkBox parent_instance;

  VtStation *station;
  VtPhase shown;
  gboolean built;               /* the page shows @shown */
  VtRunCommandFunc run;
  gpointer run_data;

  GHashTable *keyed;            /* key → top-level widget or row (a reference each) */
  guint generation;             /* of the update running, marked on every widget it meets */
  GtkWidget *cursor;            /* the top-level widget last placed in this update */
  guint update_source;
};

GtkWidget * pv_keep (VtPhaseView *self, const char *key);
void        pv_adopt (VtPhaseView *self, const char *key, GtkWidget *widget);
void        pv_place (VtPhaseView *self, GtkWidget *widget);
GtkWidget * pv_ensure_label (VtPhaseView *self,
                             const char *key,
                             const char *text,
                             const char *css_class);
GtkWidget * pv_ensure_group (VtPhaseView *self,
                             const char *key,
                             const char *title,
                             const char *description);
void        pv_set_command (GtkWidget *button, const char *kind, char **preset);
GtkWidget * pv_command_button (VtPhaseView *self,
                               const char *label,
                               const char *kind,
                               const char *first_preset,
                               ...);
void        pv_set_accessible_label (GtkWidget *widget, const char *label);
GtkWidget * pv_ensure_row (VtPhaseView *self,
                           GtkWidget *group,
                           const char *key,
                           const char *title,
                           const char *subtitle);
void        pv_row_set_icon (GtkWidget *row, const char *icon_name, const char *description);
void        pv_row_set_done (GtkWidget *row, gboolean done);
GtkWidget * pv_row_button (VtPhaseView *self,
                           GtkWidget *row,
                           const char *slot,
                           gboolean shown,
                           const char *label,
                           const char *kind,
                           const char *first_preset,
                           ...);
GtkWidget * pv_row_action_button (GtkWidget *row,
                                  const char *slot,
                                  const char *label,
                                  const char *action,
                                  const char *target,
                                  const char *accessible);
void        pv_row_count (GtkWidget *row, const char *text, const char *css_class);
void        pv_schedule_update (VtPhaseView *self);
void        pv_build_sections (VtPhaseView *self);

/* Sections more than one kind of election shows (vt-phase-sections.c). */
void        pv_add_findings (VtPhaseView *self);
void        pv_add_documents_link (VtPhaseView *self, const char *subtitle);
char *      pv_stale_text (VtPhaseView *self, const char *person_id);
GtkWidget * pv_add_next_step (VtPhaseView *self,
                              const char *kind_id,
                              const char *label,
                              const char *explanation);
void        pv_add_action_step (VtPhaseView *self,
                                const char *key,
                                const char *explanation,
                                const char *label,
                                const char *action,
                                const char *target,
                                gboolean suggested);
void        pv_add_all_commands (VtPhaseView *self);

/* An organisation's annual meeting (vt-phase-meeting.c): its phases' sections. */
void        pv_build_meeting_sections (VtPhaseView *self);

G_END_DECLS
