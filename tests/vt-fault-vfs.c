/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "vt-fault-vfs.h"

/* A sqlite VFS that passes everything to the platform's own ("unix") and fails chosen writes
 * or syncs of chosen files, as a dying USB stick or a full disk does: the way SQLite tests
 * itself. It is registered as the default VFS, so the store under test uses it without
 * knowing. Failures are counted per operation: the N-th write or sync of a file whose name
 * ends with the chosen suffix fails, once or from then on, with the errno the platform VFS
 * would have left (ENOSPC, EIO). */

typedef struct
{
  sqlite3_int64 offset;
  GBytes *old;          /* what the bytes were before the write (shorter past the end) */
  sqlite3_int64 old_size;
} Undo;

typedef struct
{
  sqlite3_file base;
  sqlite3_file *real;   /* the platform VFS's file, allocated right behind this struct */
  char *name;
  GArray *undo;         /* of Undo: the writes since the file's last sync, while recording */
} FaultFile;

/* Recording for power-loss images: the files open, and what to call before every sync. */
static GList *open_files;
static VtFaultSyncFunc before_sync;
static gpointer before_sync_data;

static void
undo_clear (Undo *undo)
{
  g_clear_pointer (&undo->old, g_bytes_unref);
}

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;
static sqlite3_io_methods fault_methods;
/* The errno of the last failure made here, as a platform VFS that keeps it would report it;
 * the unix VFS answers with whatever errno holds by the time it is asked. */
static int last_fault_errno;

static struct
{
  VtFaultOp op;
  char *suffix;
  guint countdown;     /* operations to let through before the first failure */
  gboolean persistent;
  int error_number;
  gboolean armed;
  guint n_failed;
} fault;

static gboolean
should_fail (FaultFile *file,
             VtFaultOp  op)
{
  if (!fault.armed || fault.op != op || file->name == NULL ||
      !g_str_has_suffix (file->name, fault.suffix))
    return FALSE;
  if (fault.countdown > 0)
    {
      fault.countdown--;
      return FALSE;
    }
  if (!fault.persistent)
    fault.armed = FALSE;
  fault.n_failed++;
  errno = last_fault_errno = fault.error_number;
  return TRUE;
}

static int
fault_close (sqlite3_file *f)
{
  FaultFile *file = (FaultFile *)f;
  int rc = file->real->pMethods != NULL ? file->real->pMethods->xClose (file->real) : SQLITE_OK;

  open_files = g_list_remove (open_files, file);
  g_clear_pointer (&file->undo, g_array_unref);
  g_clear_pointer (&file->name, g_free);
  return rc;
}

static int
fault_read (sqlite3_file *f, void *buffer, int amount, sqlite3_int64 offset)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xRead (file->real, buffer, amount, offset);
}

static int
fault_write (sqlite3_file *f, const void *buffer, int amount, sqlite3_int64 offset)
{
  FaultFile *file = (FaultFile *)f;

  if (should_fail (file, VT_FAULT_WRITE))
    /* The unix VFS calls ENOSPC "full", anything else a write error. */
    return fault.error_number == ENOSPC ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  if (before_sync != NULL && file->undo != NULL)
    {
      Undo undo = { offset, NULL, 0 };
      guint8 *old = g_malloc0 (amount);
      sqlite3_int64 size = 0;
      sqlite3_int64 readable;

      file->real->pMethods->xFileSize (file->real, &size);
      readable = CLAMP (size - offset, 0, (sqlite3_int64)amount);
      if (readable > 0)
        file->real->pMethods->xRead (file->real, old, (int)readable, offset);
      undo.old = g_bytes_new_take (old, (gsize)readable);
      undo.old_size = size;
      g_array_append_val (file->undo, undo);
    }
  return file->real->pMethods->xWrite (file->real, buffer, amount, offset);
}

static int
fault_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xTruncate (file->real, size);
}

static int
fault_sync (sqlite3_file *f, int flags)
{
  FaultFile *file = (FaultFile *)f;

  /* A failed fsync leaves what was written in the page cache: it may reach the disk later
   * or never. Here it stays, which is the case that made "nothing was saved" untrue. */
  int rc;

  if (should_fail (file, VT_FAULT_SYNC))
    return SQLITE_IOERR_FSYNC;
  /* The power may go just before this sync: everything written since the last one is then
   * at the disk's mercy. */
  if (before_sync != NULL && file->name != NULL)
    before_sync (file->name, before_sync_data);
  rc = file->real->pMethods->xSync (file->real, flags);
  if (rc == SQLITE_OK && file->undo != NULL)
    g_array_set_size (file->undo, 0);
  return rc;
}

static int
fault_file_size (sqlite3_file *f, sqlite3_int64 *size)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xFileSize (file->real, size);
}

static int
fault_lock (sqlite3_file *f, int level)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xLock (file->real, level);
}

static int
fault_unlock (sqlite3_file *f, int level)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xUnlock (file->real, level);
}

static int
fault_check_reserved_lock (sqlite3_file *f, int *out)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xCheckReservedLock (file->real, out);
}

static int
fault_file_control (sqlite3_file *f, int op, void *arg)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xFileControl (file->real, op, arg);
}

static int
fault_sector_size (sqlite3_file *f)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xSectorSize (file->real);
}

static int
fault_device_characteristics (sqlite3_file *f)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xDeviceCharacteristics (file->real);
}

static int
fault_shm_map (sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xShmMap (file->real, page, size, extend, out);
}

static int
fault_shm_lock (sqlite3_file *f, int offset, int n, int flags)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xShmLock (file->real, offset, n, flags);
}

static void
fault_shm_barrier (sqlite3_file *f)
{
  FaultFile *file = (FaultFile *)f;
  file->real->pMethods->xShmBarrier (file->real);
}

static int
fault_shm_unmap (sqlite3_file *f, int delete_flag)
{
  FaultFile *file = (FaultFile *)f;
  return file->real->pMethods->xShmUnmap (file->real, delete_flag);
}

static int
fault_fetch (sqlite3_file *f, sqlite3_int64 offset, int amount, void **out)
{
  /* No memory-mapped reads: every write goes through fault_write. */
  *out = NULL;
  return SQLITE_OK;
}

static int
fault_unfetch (sqlite3_file *f, sqlite3_int64 offset, void *page)
{
  return SQLITE_OK;
}

static char *fail_opens_suffix;

static int
fault_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
  FaultFile *file = (FaultFile *)f;
  int rc;

  memset (file, 0, sizeof *file);
  file->real = (sqlite3_file *)(file + 1);
  if (fail_opens_suffix != NULL && name != NULL && g_str_has_suffix (name, fail_opens_suffix))
    {
      errno = last_fault_errno = EIO;
      return SQLITE_CANTOPEN;
    }
  rc = real_vfs->xOpen (real_vfs, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      file->real->pMethods = NULL;
      return rc;
    }
  file->name = g_strdup (name);
  file->base.pMethods = &fault_methods;
  if ((flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL)) != 0)
    {
      file->undo = g_array_new (FALSE, TRUE, sizeof (Undo));
      g_array_set_clear_func (file->undo, (GDestroyNotify)undo_clear);
      open_files = g_list_prepend (open_files, file);
    }
  return SQLITE_OK;
}

static int
fault_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
fault_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
fault_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static int
fault_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
fault_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
fault_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
fault_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  if (last_fault_errno != 0)
    return last_fault_errno;
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
fault_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

void
vt_fault_vfs_install (void)
{
  if (real_vfs != NULL)
    return;
  sqlite3_initialize ();
  real_vfs = sqlite3_vfs_find ("unix");
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 2);

  fault_methods = (sqlite3_io_methods) {
    .iVersion = 3,
    .xClose = fault_close,
    .xRead = fault_read,
    .xWrite = fault_write,
    .xTruncate = fault_truncate,
    .xSync = fault_sync,
    .xFileSize = fault_file_size,
    .xLock = fault_lock,
    .xUnlock = fault_unlock,
    .xCheckReservedLock = fault_check_reserved_lock,
    .xFileControl = fault_file_control,
    .xSectorSize = fault_sector_size,
    .xDeviceCharacteristics = fault_device_characteristics,
    .xShmMap = fault_shm_map,
    .xShmLock = fault_shm_lock,
    .xShmBarrier = fault_shm_barrier,
    .xShmUnmap = fault_shm_unmap,
    .xFetch = fault_fetch,
    .xUnfetch = fault_unfetch,
  };
  fault_vfs = (sqlite3_vfs) {
    .iVersion = 2,
    .szOsFile = (int)sizeof (FaultFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = "vt-fault",
    .xOpen = fault_open,
    .xDelete = fault_delete,
    .xAccess = fault_access,
    .xFullPathname = fault_full_pathname,
    .xDlOpen = NULL,
    .xDlError = NULL,
    .xDlSym = NULL,
    .xDlClose = NULL,
    .xRandomness = fault_randomness,
    .xSleep = fault_sleep,
    .xCurrentTime = fault_current_time,
    .xGetLastError = fault_get_last_error,
    .xCurrentTimeInt64 = fault_current_time_int64,
  };
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 1), ==, SQLITE_OK);
}

void
vt_fault_vfs_arm (VtFaultOp   op,
                  const char *suffix,
                  guint       countdown,
                  gboolean    persistent,
                  int         error_number)
{
  g_assert_nonnull (real_vfs);
  g_free (fault.suffix);
  fault.op = op;
  fault.suffix = g_strdup (suffix);
  fault.countdown = countdown;
  fault.persistent = persistent;
  fault.error_number = error_number;
  fault.n_failed = 0;
  fault.armed = TRUE;
}

guint
vt_fault_vfs_disarm (void)
{
  fault.armed = FALSE;
  last_fault_errno = 0;
  return fault.n_failed;
}

void
vt_fault_vfs_fail_opens (const char *suffix)
{
  g_free (fail_opens_suffix);
  fail_opens_suffix = g_strdup (suffix);
}

void
vt_fault_vfs_record (VtFaultSyncFunc func,
                     gpointer        data)
{
  g_assert_nonnull (real_vfs);
  before_sync = func;
  before_sync_data = data;
  for (GList *l = open_files; l != NULL; l = l->next)
    g_array_set_size (((FaultFile *)l->data)->undo, 0);
}

gboolean
vt_fault_vfs_write_image (const char *path,
                          const char *image,
                          gboolean    torn)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  GByteArray *bytes;
  FaultFile *file = NULL;
  gboolean ok;

  for (GList *l = open_files; l != NULL; l = l->next)
    if (g_strcmp0 (((FaultFile *)l->data)->name, path) == 0)
      file = l->data;
  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  bytes = g_byte_array_new_take ((guint8 *)g_steal_pointer (&contents), length);

  /* Undo the writes since the last sync, newest first; torn: the newest keeps its first
   * sector, as a disk that lost power in the middle of it. */
  for (guint i = file != NULL ? file->undo->len : 0; i > 0; i--)
    {
      Undo *undo = &g_array_index (file->undo, Undo, i - 1);
      gsize n_old = g_bytes_get_size (undo->old);
      gsize keep = torn && i == file->undo->len ? MIN ((gsize)512, n_old) : 0;

      if ((gsize)undo->offset + keep <= bytes->len)
        memcpy (bytes->data + undo->offset + keep,
                (const guint8 *)g_bytes_get_data (undo->old, NULL) + keep,
                MIN (n_old - keep, bytes->len - (gsize)undo->offset - keep));
      if (!torn || i != file->undo->len)
        if ((gsize)undo->old_size < bytes->len)
          g_byte_array_set_size (bytes, (guint)undo->old_size);
    }
  ok = g_file_set_contents (image, (const char *)bytes->data, bytes->len, NULL);
  g_byte_array_unref (bytes);
  return ok;
}
