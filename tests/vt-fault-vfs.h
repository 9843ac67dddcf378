/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef enum
{
  VT_FAULT_WRITE,
  VT_FAULT_SYNC,
} VtFaultOp;

/* Makes the fault VFS sqlite's default; connections opened afterwards go through it. */
void  vt_fault_vfs_install (void);
/* After @countdown more @op calls on files whose name ends with @suffix ("-wal", or ".valgting"
 * for the main file), fail the next one — or every one from then on when @persistent — with
 * errno @error_number. */
void  vt_fault_vfs_arm     (VtFaultOp   op,
                            const char *suffix,
                            guint       countdown,
                            gboolean    persistent,
                            int         error_number);
/* Stops failing; returns how many operations failed since arming. */
guint vt_fault_vfs_disarm  (void);
/* Besides any armed fault: opening a file whose name ends with @suffix fails (SQLITE_CANTOPEN),
 * as when a stick drops off the bus; NULL stops. */
void  vt_fault_vfs_fail_opens (const char *suffix);

/* Power loss: keeps what every write of the main file and the WAL overwrote until the next
 * sync, and calls @func (with the file's path) just before every sync; NULL stops. */
typedef void (*VtFaultSyncFunc) (const char *path,
                                 gpointer    data);
void     vt_fault_vfs_record      (VtFaultSyncFunc func,
                                   gpointer        data);
/* The file at @path as a disk that lost power now would hold it: what was written since its
 * last sync undone (with @torn, the newest write keeps its first 512 bytes), into @image. */
gboolean vt_fault_vfs_write_image (const char *path,
                                   const char *image,
                                   gboolean    torn);

G_END_DECLS
