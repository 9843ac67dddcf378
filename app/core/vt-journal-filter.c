/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-journal-filter"

#include "config.h"

#include <string.h>

#include "vt-entry-kind.h"
#include "vt-journal-filter.h"

/* The log's search: the station's journal as a GListModel, newest first, narrowed to the
 * entries whose summary or kind name contains a text, and to one kind.
 *
 * Reading and summarising every entry for each search costs seconds over 200,000 entries. So
 * the first search builds an index in a worker thread, on a read-only connection of its own:
 * every entry's summary and kind name, case-folded, one after the other in one block of memory.
 * A search is then one memmem () over that block, a few milliseconds, and the list shows the
 * matches by position, with no filter function called per item. Entries are never changed, so
 * the index only grows: new entries are added as they are appended. Without a search or a kind,
 * the model is the journal itself and no index is built. */

typedef struct
{
  GString *text;      /* per entry: summary '\n' kind name '\0', case-folded */
  GArray *starts;     /* guint32 offset of entry i + 1 in text */
  GArray *kinds;      /* interned kind id of entry i + 1 */
  GHashTable *labels; /* interned kind id → case-folded kind name */
  VtConfig *config;
} Index;

struct _VtJournalFilter
{
  GObject parent_instance;

  VtStation *station;
  GListModel *journal;

  char *needle;        /* case-folded, or NULL */
  const char *kind;    /* interned, or NULL */

  Index *index;        /* NULL until the first search has built it */
  GCancellable *building;
  GArray *matches;     /* gint64 sequence numbers, newest first, when active and indexed */
};

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VtJournalFilter, vt_journal_filter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* ---- the index -------------------------------------------------------------------------- */

static Index *
index_new (VtConfig *config)
{
  Index *index = g_new0 (Index, 1);

  index->text = g_string_sized_new (4096);
  index->starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  index->kinds = g_array_new (FALSE, FALSE, sizeof (const char *));
  index->labels = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  index->config = g_object_ref (config);
  return index;
}

static void
index_free (Index *index)
{
  g_string_free (index->text, TRUE);
  g_array_unref (index->starts);
  g_array_unref (index->kinds);
  g_hash_table_unref (index->labels);
  g_object_unref (index->config);
  g_free (index);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Index, index_free)

static gint64
index_get_n (Index *index)
{
  return index->starts->len;
}

/* Called for entries in order, from the worker or the main thread, never both at once. */
static gboolean
index_add (VtJournalEntry *entry,
           gpointer        data)
{
  Index *index = data;
  const char *kind = g_intern_string (vt_journal_entry_get_kind (entry));
  g_autofree char *summary = vt_journal_entry_dup_summary (entry, index->config);
  g_autofree char *folded = g_utf8_casefold (summary != NULL ? summary : "", -1);
  const char *label = g_hash_table_lookup (index->labels, kind);
  guint32 start = (guint32)index->text->len;

  g_assert (vt_journal_entry_get_seq (entry) == index_get_n (index) + 1);

  if (label == NULL)
    {
      g_autofree char *name = vt_journal_entry_dup_kind_label (entry);

      label = g_utf8_casefold (name, -1);
      g_hash_table_insert (index->labels, (gpointer)kind, (gpointer)label);
    }
  g_array_append_val (index->starts, start);
  g_array_append_val (index->kinds, kind);
  g_string_append (index->text, folded);
  g_string_append_c (index->text, '\n');
  g_string_append (index->text, label);
  g_string_append_c (index->text, '\0');
  return TRUE;
}

/* The entry whose text holds byte @offset: the last one starting at or before it, searched
 * from entry @from on (where the previous match was), galloping then halving: a search that
 * matches most entries moves one entry at a time, a rare match costs a logarithm. */
static guint
index_entry_at (Index *index,
                guint  from,
                gsize  offset)
{
  const guint32 *starts = (const guint32 *)(gpointer)index->starts->data;
  guint n = index->starts->len, lo = from, hi, step = 1;

  while (lo + step < n && starts[lo + step] <= offset)
    {
      lo += step;
      step *= 2;
    }
  hi = MIN (lo + step, n);
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
index_kind_matches (Index      *index,
                    guint       i,
                    const char *kind)
{
  return kind == NULL || g_array_index (index->kinds, const char *, i) == kind;
}

/* Sequence numbers of the entries from @first on (1-based) whose text contains @needle (any,
 * when NULL) and whose kind is @kind (any, when NULL), oldest first. */
static GArray *
index_find (Index      *index,
            gint64      first,
            const char *needle,
            const char *kind)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = index->starts->len;

  if (first > n)
    return found;

  if (needle == NULL)
    {
      for (guint i = (guint)first - 1; i < n; i++)
        if (index_kind_matches (index, i, kind))
          {
            gint64 seq = i + 1;
            g_array_append_val (found, seq);
          }
    }
  else
    {
      const char *text = index->text->str;
      gsize length = index->text->len, needle_length = strlen (needle);
      gsize pos = g_array_index (index->starts, guint32, first - 1);
      guint from = (guint)first - 1;

      /* Every entry's text ends in '\0', which no needle holds: a match never spans two. */
      while (pos < length)
        {
          const char *hit = memmem (text + pos, length - pos, needle, needle_length);
          guint i;

          if (hit == NULL)
            break;
          i = index_entry_at (index, from, (gsize)(hit - text));
          if (index_kind_matches (index, i, kind))
            {
              gint64 seq = i + 1;
              g_array_append_val (found, seq);
            }
          from = i + 1;
          pos = from < n ? g_array_index (index->starts, guint32, from) : length;
        }
    }
  return found;
}

/* ---- the model -------------------------------------------------------------------------- */

static gboolean
is_active (VtJournalFilter *self)
{
  return self->needle != NULL || self->kind != NULL;
}

static GType
vt_journal_filter_get_item_type (GListModel *model)
{
  return VT_TYPE_JOURNAL_ENTRY;
}

static guint
vt_journal_filter_get_n_items (GListModel *model)
{
  VtJournalFilter *self = VT_JOURNAL_FILTER (model);

  if (!is_active (self))
    return g_list_model_get_n_items (self->journal);
  return self->matches != NULL ? self->matches->len : 0;
}

static gpointer
vt_journal_filter_get_item (GListModel *model,
                            guint       position)
{
  VtJournalFilter *self = VT_JOURNAL_FILTER (model);
  guint n = g_list_model_get_n_items (self->journal);
  gint64 seq;

  if (!is_active (self))
    return g_list_model_get_item (self->journal, position);
  if (self->matches == NULL || position >= self->matches->len)
    return NULL;
  /* The journal model is newest first: entry seq sits at n - seq. */
  seq = g_array_index (self->matches, gint64, position);
  return g_list_model_get_item (self->journal, n - (guint)seq);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vt_journal_filter_get_item_type;
  iface->get_n_items = vt_journal_filter_get_n_items;
  iface->get_item = vt_journal_filter_get_item;
}

/* Adds what was appended since the index was built, on the main thread (one entry at a time,
 * as they come). Returns the first sequence number added. */
static gint64
catch_up (VtJournalFilter *self)
{
  guint n = g_list_model_get_n_items (self->journal);
  gint64 first = index_get_n (self->index) + 1;

  for (gint64 seq = first; seq <= n; seq++)
    {
      g_autoptr(VtJournalEntry) entry = g_list_model_get_item (self->journal, n - (guint)seq);

      if (entry == NULL)
        break; /* the journal model warned; the list shows what it can */
      index_add (entry, self->index);
    }
  return first;
}

/* Replaces the matches with those of the current search, telling the views. */
static void
refilter (VtJournalFilter *self,
          guint            old_n)
{
  g_clear_pointer (&self->matches, g_array_unref);
  if (is_active (self) && self->index != NULL)
    {
      catch_up (self);
      self->matches = index_find (self->index, 1, self->needle, self->kind);
      /* Newest first. */
      for (guint i = 0, j = self->matches->len; i + 1 < j; i++, j--)
        {
          gint64 t = g_array_index (self->matches, gint64, i);
          g_array_index (self->matches, gint64, i) = g_array_index (self->matches, gint64, j - 1);
          g_array_index (self->matches, gint64, j - 1) = t;
        }
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n,
                              g_list_model_get_n_items (G_LIST_MODEL (self)));
}

/* What the worker thread gets: nothing of the filter itself, which may go away meanwhile. */
typedef struct
{
  Index *index;
  char *path;
  gint64 last;
  GWeakRef filter;
} Build;

static void
build_free (Build *build)
{
  g_clear_pointer (&build->index, index_free);
  g_free (build->path);
  g_weak_ref_clear (&build->filter);
  g_free (build);
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Build *build = task_data;
  GError *error = NULL;

  if (vt_store_read_entries (build->path, build->last, index_add, build->index, cancellable,
                             &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
build_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = G_TASK (result);
  Build *build = g_task_get_task_data (task);
  g_autoptr(VtJournalFilter) self = g_weak_ref_get (&build->filter);
  g_autoptr(GError) error = NULL;
  Index *index;

  if (!g_task_propagate_boolean (task, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self == NULL)
    return;

  if (error != NULL)
    {
      /* The file could not be read on a second connection (it went away, say). The journal
       * model can still read it entry by entry here: slower, but the search works. */
      g_warning ("Could not build the log's search index: %s", error->message);
      index = index_new (vt_station_get_config (self->station));
    }
  else
    index = g_steal_pointer (&build->index);

  g_clear_object (&self->building);
  self->index = index;
  refilter (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
start_build (VtJournalFilter *self)
{
  g_autoptr(GTask) task = NULL;
  Build *build;

  if (self->index != NULL || self->building != NULL)
    return;

  build = g_new0 (Build, 1);
  build->index = index_new (vt_station_get_config (self->station));
  build->path = g_strdup (vt_station_get_path (self->station));
  build->last = g_list_model_get_n_items (self->journal);
  g_weak_ref_init (&build->filter, self);

  self->building = g_cancellable_new ();
  task = g_task_new (NULL, self->building, build_done, NULL);
  g_task_set_source_tag (task, start_build);
  g_task_set_task_data (task, build, (GDestroyNotify)build_free);
  g_task_run_in_thread (task, build_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
on_journal_changed (VtJournalFilter *self,
                    guint            position,
                    guint            removed,
                    guint            added,
                    GListModel      *journal)
{
  g_autoptr(GArray) found = NULL;
  gint64 first;

  if (!is_active (self))
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }
  if (self->index == NULL || self->matches == NULL)
    return; /* the build will add them */

  /* The journal only grows, at the top. */
  first = catch_up (self);
  found = index_find (self->index, first, self->needle, self->kind);
  for (guint i = 0; i < found->len; i++)
    g_array_prepend_val (self->matches, g_array_index (found, gint64, i));
  if (found->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, found->len);
}

static void
vt_journal_filter_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VtJournalFilter *self = VT_JOURNAL_FILTER (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, vt_journal_filter_get_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_journal_filter_dispose (GObject *object)
{
  VtJournalFilter *self = VT_JOURNAL_FILTER (object);

  if (self->building != NULL)
    g_cancellable_cancel (self->building);
  g_clear_object (&self->building);
  if (self->journal != NULL)
    g_signal_handlers_disconnect_by_func (self->journal, on_journal_changed, self);
  g_clear_object (&self->journal);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (vt_journal_filter_parent_class)->dispose (object);
}

static void
vt_journal_filter_finalize (GObject *object)
{
  VtJournalFilter *self = VT_JOURNAL_FILTER (object);

  g_clear_pointer (&self->index, index_free);
  g_clear_pointer (&self->matches, g_array_unref);
  g_free (self->needle);

  G_OBJECT_CLASS (vt_journal_filter_parent_class)->finalize (object);
}

static void
vt_journal_filter_class_init (VtJournalFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vt_journal_filter_get_property;
  object_class->dispose = vt_journal_filter_dispose;
  object_class->finalize = vt_journal_filter_finalize;

  /**
   * VtJournalFilter:pending:
   *
   * Whether a search waits for the index: the list is empty until it is built.
   */
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_journal_filter_init (VtJournalFilter *self)
{
}

/**
 * vt_journal_filter_new:
 *
 * Returns: (transfer full): the journal of @station as a list, newest first, showing every
 *   entry until vt_journal_filter_set () narrows it
 */
VtJournalFilter *
vt_journal_filter_new (VtStation *station)
{
  VtJournalFilter *self;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);

  self = g_object_new (VT_TYPE_JOURNAL_FILTER, NULL);
  self->station = g_object_ref (station);
  self->journal = g_object_ref (vt_station_get_journal (station));
  g_signal_connect_object (self->journal, "items-changed", G_CALLBACK (on_journal_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * vt_journal_filter_set:
 * @text: (nullable): show entries whose summary or kind name contains this, in any case;
 *   %NULL or "" for any
 * @kind: (nullable): show entries of this kind id only; %NULL for any
 *
 * The first search builds the index in a worker thread; until then the list is empty and
 * #VtJournalFilter:pending is %TRUE. Later searches answer at once.
 */
void
vt_journal_filter_set (VtJournalFilter *self,
                       const char      *text,
                       const char      *kind)
{
  guint old_n;

  g_return_if_fail (VT_IS_JOURNAL_FILTER (self));

  old_n = g_list_model_get_n_items (G_LIST_MODEL (self));
  g_clear_pointer (&self->needle, g_free);
  if (text != NULL && *text != '\0')
    self->needle = g_utf8_casefold (text, -1);
  self->kind = kind != NULL ? g_intern_string (kind) : NULL;

  if (is_active (self) && self->index == NULL)
    start_build (self);
  refilter (self, old_n);
}

gboolean
vt_journal_filter_get_pending (VtJournalFilter *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_FILTER (self), FALSE);

  return self->building != NULL;
}

gboolean
vt_journal_filter_get_active (VtJournalFilter *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_FILTER (self), FALSE);

  return is_active (self);
}
