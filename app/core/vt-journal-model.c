/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-journal-model"

#include "config.h"

#include "vt-journal-model.h"

/* The journal as a GListModel, newest entry first. Only the rows a view asks for are read,
 * so a station with hundreds of thousands of entries opens as fast as an empty one. Sequence
 * numbers run 1..n without gaps (the database enforces it), so position p is entry n - p. */

#define CACHE_SIZE 512

struct _VtJournalModel
{
  GObject parent_instance;

  VtStore *store;
  guint n_items;

  /* A small direct-mapped cache keyed by seq: views ask for the same rows over and over
   * while scrolling and binding. */
  VtJournalEntry *cache[CACHE_SIZE];
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtJournalModel, vt_journal_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
vt_journal_model_get_item_type (GListModel *model)
{
  return VT_TYPE_JOURNAL_ENTRY;
}

static guint
vt_journal_model_get_n_items (GListModel *model)
{
  return VT_JOURNAL_MODEL (model)->n_items;
}

static gpointer
vt_journal_model_get_item (GListModel *model,
                           guint       position)
{
  VtJournalModel *self = VT_JOURNAL_MODEL (model);
  g_autoptr(GError) error = NULL;
  VtJournalEntry **slot;
  gint64 seq;

  if (position >= self->n_items)
    return NULL;

  seq = (gint64)self->n_items - position;
  slot = &self->cache[seq % CACHE_SIZE];
  if (*slot != NULL && vt_journal_entry_get_seq (*slot) == seq)
    return g_object_ref (*slot);

  g_clear_object (slot);
  *slot = vt_store_get_entry (self->store, seq, &error);
  if (*slot == NULL)
    {
      /* A list cannot report errors; the verify command and the store's own checks do. */
      g_warning ("Could not read journal entry %" G_GINT64_FORMAT ": %s", seq, error->message);
      return NULL;
    }
  return g_object_ref (*slot);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vt_journal_model_get_item_type;
  iface->get_n_items = vt_journal_model_get_n_items;
  iface->get_item = vt_journal_model_get_item;
}

static void
on_appended (VtJournalModel *self,
             VtJournalEntry *entry,
             VtStore        *store)
{
  gint64 seq = vt_journal_entry_get_seq (entry);

  if (seq <= self->n_items)
    return; /* an idempotent retry returned an entry we already show */

  g_set_object (&self->cache[seq % CACHE_SIZE], entry);
  self->n_items = (guint)seq;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
}

static void
vt_journal_model_dispose (GObject *object)
{
  VtJournalModel *self = (VtJournalModel *)object;

  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_object (&self->cache[i]);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vt_journal_model_parent_class)->dispose (object);
}

static void
vt_journal_model_class_init (VtJournalModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_journal_model_dispose;
}

static void
vt_journal_model_init (VtJournalModel *self)
{
}

VtJournalModel *
vt_journal_model_new (VtStore *store)
{
  VtJournalModel *self;

  g_return_val_if_fail (VT_IS_STORE (store), NULL);

  self = g_object_new (VT_TYPE_JOURNAL_MODEL, NULL);
  self->store = g_object_ref (store);
  self->n_items = (guint)vt_store_get_n_entries (store);
  g_signal_connect_object (store, "appended", G_CALLBACK (on_appended), self, G_CONNECT_SWAPPED);
  return self;
}
