/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-journal-entry"

#include "config.h"

#include "vt-i18n.h"

#include "vt-entry-kind.h"
#include "vt-journal-entry.h"

/* One committed journal entry, immutable. Entries are made by the store from rows it has read
 * or written; nothing else constructs them with invented values. */

struct _VtJournalEntry
{
  GObject parent_instance;

  gint64 seq;
  char *command_id;
  GDateTime *time_utc;
  int utc_offset;
  char *kind;
  char *actor;
  char *payload;
  char *prev_hash;
  char *hash;

  JsonObject *payload_object; /* parsed on first use */
};

G_DEFINE_FINAL_TYPE (VtJournalEntry, vt_journal_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEQ,
  PROP_KIND,
  PROP_ACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vt_journal_entry_finalize (GObject *object)
{
  VtJournalEntry *self = (VtJournalEntry *)object;

  g_free (self->command_id);
  g_clear_pointer (&self->time_utc, g_date_time_unref);
  g_free (self->kind);
  g_free (self->actor);
  g_free (self->payload);
  g_free (self->prev_hash);
  g_free (self->hash);
  g_clear_pointer (&self->payload_object, json_object_unref);

  G_OBJECT_CLASS (vt_journal_entry_parent_class)->finalize (object);
}

static void
vt_journal_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VtJournalEntry *self = VT_JOURNAL_ENTRY (object);

  switch (prop_id)
    {
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_journal_entry_class_init (VtJournalEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vt_journal_entry_finalize;
  object_class->get_property = vt_journal_entry_get_property;

  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 1, G_MAXINT64, 1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_string ("actor", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_journal_entry_init (VtJournalEntry *self)
{
}

VtJournalEntry *
vt_journal_entry_new (gint64      seq,
                      const char *command_id,
                      GDateTime  *time_utc,
                      int         utc_offset,
                      const char *kind,
                      const char *actor,
                      const char *payload,
                      const char *prev_hash,
                      const char *hash)
{
  VtJournalEntry *self = g_object_new (VT_TYPE_JOURNAL_ENTRY, NULL);

  self->seq = seq;
  self->command_id = g_strdup (command_id);
  self->time_utc = g_date_time_ref (time_utc);
  self->utc_offset = utc_offset;
  self->kind = g_strdup (kind);
  self->actor = g_strdup (actor);
  self->payload = g_strdup (payload);
  self->prev_hash = g_strdup (prev_hash);
  self->hash = g_strdup (hash);
  return self;
}

gint64
vt_journal_entry_get_seq (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), 0);
  return self->seq;
}

const char *
vt_journal_entry_get_command_id (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);
  return self->command_id;
}

GDateTime *
vt_journal_entry_get_time (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);
  return self->time_utc;
}

int
vt_journal_entry_get_utc_offset (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), 0);
  return self->utc_offset;
}

/* The wall-clock time the station saw when the entry was made. */
GDateTime *
vt_journal_entry_dup_local_time (VtJournalEntry *self)
{
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);

  tz = g_time_zone_new_offset (self->utc_offset);
  return g_date_time_to_timezone (self->time_utc, tz);
}

const char *
vt_journal_entry_get_kind (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);
  return self->kind;
}

const char *
vt_journal_entry_get_actor (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);
  return self->actor;
}

const char *
vt_journal_entry_get_payload (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);
  return self->payload;
}

JsonObject *
vt_journal_entry_get_payload_object (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);

  if (self->payload_object == NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (self->payload, NULL);

      /* The database refuses payloads that are not JSON objects; be safe anyway. */
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        self->payload_object = json_object_ref (json_node_get_object (node));
      else
        self->payload_object = json_object_new ();
    }
  return self->payload_object;
}

const char *
vt_journal_entry_get_prev_hash (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);
  return self->prev_hash;
}

const char *
vt_journal_entry_get_hash (VtJournalEntry *self)
{
  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);
  return self->hash;
}

/* One line for the log: what the entry says, with names from @config. */
char *
vt_journal_entry_dup_summary (VtJournalEntry *self,
                              VtConfig       *config)
{
  const VtEntryKind *kind;
  char *summary;

  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);
  g_return_val_if_fail (VT_IS_CONFIG (config), NULL);

  kind = vt_entry_kind_lookup (self->kind);
  if (kind == NULL)
    return g_strdup (self->payload); /* a kind from a newer Valgting */
  summary = vt_entry_kind_summarise (kind, config, vt_journal_entry_get_payload_object (self));
  return summary != NULL ? summary : g_strdup ("");
}

char *
vt_journal_entry_dup_kind_label (VtJournalEntry *self)
{
  const VtEntryKind *kind;

  g_return_val_if_fail (VT_IS_JOURNAL_ENTRY (self), NULL);

  kind = vt_entry_kind_lookup (self->kind);
  /* A kind from a newer Valgting is still shown, by its id. */
  return g_strdup (kind != NULL ? vt_entry_kind_get_name (kind) : self->kind);
}

/* The hash covers every field of the entry and the previous entry's hash, each on its own line,
 * so changing, removing, inserting or reordering any entry breaks the chain from there on. */
char *
vt_journal_compute_hash (gint64      seq,
                         const char *command_id,
                         const char *time_utc,
                         int         utc_offset,
                         const char *kind,
                         const char *actor,
                         const char *payload,
                         const char *prev_hash)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("valgting-journal-1\n%" G_GINT64_FORMAT "\n%s\n%s\n%d\n%s\n%s\n%s\n%s",
                          seq, command_id, time_utc, utc_offset, kind, actor, payload, prev_hash);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

char *
vt_journal_format_time_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  /* Millisecond precision, always the same length, so text order is time order. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc),
                          g_date_time_get_microsecond (utc) / 1000);
}

/* "3f2a 9c1b 07de …": short groups a person can read aloud and compare with paper. */
char *
vt_hash_to_groups (const char *hash,
                   guint       n_groups)
{
  GString *out = g_string_new (NULL);
  gsize len = strlen (hash);

  for (guint i = 0; i < n_groups && i * 4 < len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append_len (out, hash + i * 4, MIN (4, len - i * 4));
    }
  return g_string_free (out, FALSE);
}
