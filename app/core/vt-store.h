/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vt-config.h"
#include "vt-journal-entry.h"

G_BEGIN_DECLS

#define VT_STORE_EXTENSION ".valgting"

#define VT_TYPE_STORE (vt_store_get_type ())
G_DECLARE_FINAL_TYPE (VtStore, vt_store, VT, STORE, GObject)

VtStore        *vt_store_create         (const char  *path,
                                         VtConfig    *config,
                                         GDateTime   *created,
                                         GError     **error);
/* Where a station came from when it was not made by hand: the scenario it was replayed from,
 * named and by the SHA-256 of its bytes. Recorded in the first entry (station-created). */
typedef struct
{
  const char *scenario;         /* the scenario's file name, without its folder */
  const char *scenario_sha256;  /* lower-case hex */
} VtStoreOrigin;

VtStore        *vt_store_create_full    (const char          *path,
                                         VtConfig            *config,
                                         GDateTime           *created,
                                         const VtStoreOrigin *origin,
                                         GError             **error);
VtStore        *vt_store_open           (const char  *path,
                                         GError     **error);
/* sqlite's process-wide settings, before its first use (main () calls it first thing; every
 * open calls it too, in case). Memory statistics off: with them on, every allocation sqlite
 * makes takes one global mutex, and threads reading station files side by side (the
 * municipality's overview) spent half their time waiting on it. */
void            vt_store_init_library   (void);
/* Starts the whole-file checks of opening (the pages, the chain) of the station file at @path
 * in a thread of its own, so that a later vt_store_open () of the same, unchanged file uses
 * their result instead of reading the whole file again on the way to the first frame. When
 * they still run as the file opens (a very big file), the store opens without waiting and
 * they go on: the first write waits for them and is refused if they fail. Safe to call for
 * any path. */
void            vt_store_check_ahead    (const char  *path);
/* Whether those checks still run for @self; waiting for them (from any thread); and, on the
 * store's own thread, whether they passed (what every write asks first). */
/* The window has drawn its first frame: the checks of a very big file, started ahead, may
 * begin (they wait a second for this at most). */
void            vt_store_check_ahead_go    (void);
gboolean        vt_store_get_check_pending (VtStore  *self);
void            vt_store_wait_check        (VtStore  *self);
gboolean        vt_store_ensure_checked    (VtStore  *self,
                                            GError  **error);

/* For printing and viewing a file that cannot or must not be written (read-only media): no
 * lock, no migration, nothing written; appending fails. */
VtStore        *vt_store_open_read_only (const char  *path,
                                         GError     **error);
const char     *vt_store_get_path       (VtStore     *self);
VtConfig       *vt_store_get_config     (VtStore     *self);
gboolean        vt_store_get_training   (VtStore     *self);
gint64          vt_store_get_n_entries  (VtStore     *self);
const char     *vt_store_get_head_hash  (VtStore     *self);
/* The rules of a command, run inside the entry's transaction: check before the entry is
 * written (it gets the sequence number the entry will have), apply after. */
typedef struct
{
  gboolean (*check) (VtStore *store, gint64 seq, GDateTime *time, gpointer data, GError **error);
  gboolean (*apply) (VtStore *store, VtJournalEntry *entry, gpointer data, GError **error);
  gpointer   data;
} VtStoreRules;

VtJournalEntry *vt_store_append         (VtStore             *self,
                                         const char          *command_id,
                                         GDateTime           *when,
                                         const char          *kind,
                                         const char          *actor,
                                         JsonObject          *payload,
                                         const VtStoreRules  *rules,
                                         GError             **error);
/* One command of vt_store_append_all (): what vt_store_append () takes for one entry. */
typedef struct
{
  const char         *command_id;
  const char         *kind;
  const char         *actor;
  JsonObject         *payload;
  const VtStoreRules *rules;    /* or NULL */
} VtStoreCommand;

GPtrArray      *vt_store_append_all     (VtStore              *self,
                                         GDateTime            *when,
                                         const VtStoreCommand *commands,
                                         guint                 n,
                                         GError              **error);
VtJournalEntry *vt_store_get_entry      (VtStore     *self,
                                         gint64       seq,
                                         GError     **error);
gint64          vt_store_count_kind     (VtStore     *self,
                                         const char  *kind);

/* Called for each entry in order; return FALSE to stop. */
typedef gboolean (*VtStoreEntryFunc) (VtJournalEntry *entry,
                                      gpointer        data);

gboolean        vt_store_read_entries   (const char        *path,
                                         gint64             last,
                                         VtStoreEntryFunc   func,
                                         gpointer           data,
                                         GCancellable      *cancellable,
                                         GError           **error);

gboolean        vt_store_check_file     (VtStore     *self,
                                         GError     **error);
gboolean        vt_store_save_copy      (VtStore     *self,
                                         const char  *destination,
                                         GError     **error);

G_END_DECLS
