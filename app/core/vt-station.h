/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "vt-config.h"
#include "vt-journal-entry.h"
#include "vt-phase.h"
#include "vt-store.h"

G_BEGIN_DECLS

/* The longest free-text entry, in characters: a log line, not a document. */
#define VT_NOTE_MAX_CHARS 2000

#define VT_TYPE_STATION (vt_station_get_type ())
G_DECLARE_FINAL_TYPE (VtStation, vt_station, VT, STATION, GObject)

/* For recording; VT_STORE_ERROR_NOT_IN_PLACE where that cannot be done safely where the file
 * is (vt-station-files.h): then take in a copy or open it read-only. */
VtStation      *vt_station_open           (const char  *path,
                                           GError     **error);
/* The same read-only (vt_store_open_read_only ()): to print from read-only media. */
VtStation      *vt_station_open_read_only (const char  *path,
                                           GError     **error);
gboolean        vt_station_get_read_only  (VtStation   *self);
VtStation      *vt_station_create         (const char  *path,
                                           VtConfig    *config,
                                           GError     **error);
VtStation      *vt_station_create_training (const char *directory,
                                           GError     **error);
VtStation      *vt_station_create_training_meeting (const char  *directory,
                                                    GError     **error);
VtStore        *vt_station_get_store      (VtStation   *self);
VtConfig       *vt_station_get_config     (VtStation   *self);
GListModel     *vt_station_get_journal    (VtStation   *self);
gboolean        vt_station_get_training   (VtStation   *self);
const char     *vt_station_get_path       (VtStation   *self);
/* Whether the station was made by `valgting replay`, and from which scenario. */
gboolean        vt_station_get_replay_origin (VtStation   *self,
                                              const char **scenario,
                                              const char **sha256);
const char     *vt_station_get_actor      (VtStation   *self);
void            vt_station_set_message_language (VtStation  *self,
                                                 const char *language);
void            vt_station_set_clock      (VtStation   *self,
                                           GDateTime *(*clock) (gpointer user_data),
                                           gpointer     user_data);
/* The station's time now: its clock's when one is set (a replay, a test), else the wall
 * clock's. What a printed page gives as the time it was printed. */
GDateTime      *vt_station_dup_now        (VtStation   *self);

VtJournalEntry *vt_station_execute        (VtStation   *self,
                                           const char  *command_id,
                                           const char  *kind,
                                           const char  *actor,
                                           JsonObject  *payload,
                                           GError     **error);
GPtrArray      *vt_station_execute_all    (VtStation   *self,
                                           const char  *command_id,
                                           const char  *kind,
                                           const char  *actor,
                                           GPtrArray   *payloads,
                                           GError     **error);
VtPhase         vt_station_get_phase      (VtStation   *self);
gboolean        vt_station_allows_now     (VtStation   *self,
                                           const char  *kind);
GPtrArray      *vt_station_run_checks     (VtStation   *self);

VtJournalEntry *vt_station_log_note       (VtStation   *self,
                                           const char  *command_id,
                                           const char  *text,
                                           GError     **error);

gboolean        vt_check_free_text        (const char  *text,
                                           gsize        max_chars,
                                           GError     **error);

G_END_DECLS
