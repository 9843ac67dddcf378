/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-log-view"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-entry-kind.h"
#include "vt-journal-filter.h"
#include "vt-log-view.h"

/* The station's log as a live list, newest entry first, with a search and a filter by kind
 * (VtJournalFilter does the searching) and, on each row that may be corrected, buttons that
 * ask the page to correct or annul it: the "correct" and "annul" signals. */

struct _VtLogView
{
  AdwBin parent_instance;

  GtkColumnView *journal_view;
  GtkSearchEntry *search_entry;
  GtkColumnViewColumn *actions_column; /* kept while out of the view */
  GtkLabel *search_status;
  GtkDropDown *kind_filter;

  VtStation *station;
  VtJournalFilter *filtered;    /* the list's model, owned by model */
  GtkSelectionModel *model;     /* given to the column view only while the log is mapped */
  GPtrArray *filter_kinds;      /* kind ids of the kind filter's items, NULL for "all" */
  gboolean at_top;              /* scrolled to the newest entry before a change */
  guint follow_source;
};

G_DEFINE_FINAL_TYPE (VtLogView, vt_log_view, ADW_TYPE_BIN)

enum {
  CORRECT,
  ANNUL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  COLUMN_SEQ,
  COLUMN_TIME,
  COLUMN_KIND,
  COLUMN_ACTOR,
  COLUMN_TEXT,
  COLUMN_ACTIONS,
} Column;

static void
on_annul_clicked (GtkButton *button,
                  VtLogView *self)
{
  g_signal_emit (self, signals[ANNUL], 0, g_object_get_data (G_OBJECT (button), "entry"));
}

static void
on_correct_clicked (GtkButton *button,
                    VtLogView *self)
{
  g_signal_emit (self, signals[CORRECT], 0, g_object_get_data (G_OBJECT (button), "entry"));
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  /* GTK 4.8 asks the display server where the pointer is whenever a visible widget gets a
   * tooltip: one round trip per button, two buttons on every row of the log. Set while the
   * button is hidden, the tooltip is the same and costs nothing. */
  gtk_widget_set_visible (button, FALSE);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_visible (button, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  return button;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label;

  if (column == COLUMN_ACTIONS)
    {
      VtLogView *self = g_object_get_data (G_OBJECT (factory), "view");
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *correct = new_icon_button ("document-edit-symbolic", _("Correct this entry"));
      GtkWidget *annul = new_icon_button ("edit-delete-symbolic", _("Annul this entry"));

      g_signal_connect_object (correct, "clicked", G_CALLBACK (on_correct_clicked), self, 0);
      g_signal_connect_object (annul, "clicked", G_CALLBACK (on_annul_clicked), self, 0);
      gtk_widget_set_valign (box, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), correct);
      gtk_box_append (GTK_BOX (box), annul);
      gtk_list_item_set_child (item, box);
      return;
    }

  label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_SEQ ? 1.0 : 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  if (column == COLUMN_TEXT)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
    }
  if (column == COLUMN_SEQ || column == COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_SEQ)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           VtLogView                *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  VtJournalEntry *entry = gtk_list_item_get_item (item);
  GtkLabel *label;
  g_autofree char *text = NULL;

  if (column == COLUMN_ACTIONS)
    {
      GtkWidget *box = gtk_list_item_get_child (item);
      const VtEntryKind *kind = vt_entry_kind_lookup (vt_journal_entry_get_kind (entry));
      /* A station opened read-only is only looked at: no row offers a correction. */
      gboolean correctable = kind != NULL && kind->correctable && self->station != NULL &&
                             !vt_station_get_read_only (self->station);
      GtkWidget *correct = gtk_widget_get_first_child (box);
      GtkWidget *annul = gtk_widget_get_next_sibling (correct);

      /* Only what the rules let the chair correct offers it; the buttons follow the row. */
      gtk_widget_set_visible (correct, correctable && kind->fields[0].name != NULL &&
                                       !g_str_has_prefix (kind->id, "correction."));
      gtk_widget_set_visible (annul, correctable);
      g_object_set_data_full (G_OBJECT (correct), "entry", g_object_ref (entry), g_object_unref);
      g_object_set_data_full (G_OBJECT (annul), "entry", g_object_ref (entry), g_object_unref);
      return;
    }
  label = GTK_LABEL (gtk_list_item_get_child (item));

  switch (column)
    {
    case COLUMN_SEQ:
      text = g_strdup_printf ("%" PRId64, vt_journal_entry_get_seq (entry));
      break;
    case COLUMN_TIME:
      {
        /* In the election's time zone, like the clock and the opening hours. */
        GTimeZone *tz = vt_config_get_timezone (vt_station_get_config (self->station));
        g_autoptr(GDateTime) local = g_date_time_to_timezone (vt_journal_entry_get_time (entry),
                                                              tz);
        text = g_date_time_format (local, "%H:%M:%S");
      }
      break;
    case COLUMN_KIND:
      text = vt_journal_entry_dup_kind_label (entry);
      break;
    case COLUMN_ACTOR:
      {
        const VtPerson *person = NULL;
        if (self->station != NULL)
          person = vt_config_find_person (vt_station_get_config (self->station),
                                          vt_journal_entry_get_actor (entry));
        text = g_strdup (person != NULL ? person->name : vt_journal_entry_get_actor (entry));
      }
      break;
    case COLUMN_TEXT:
      text = vt_journal_entry_dup_summary (entry, vt_station_get_config (self->station));
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (label, text);

  /* A refused attempt is part of the record, but must not read like something that happened. */
  if (g_str_equal (vt_journal_entry_get_kind (entry), VT_ENTRY_REFUSED) &&
      (column == COLUMN_KIND || column == COLUMN_TEXT))
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
add_column (VtLogView     *self,
            Column         column,
            const char    *title,
            gboolean       expand,
            int            fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (factory), "view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, 0);

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (self->journal_view, view_column);
  if (column == COLUMN_ACTIONS)
    self->actions_column = g_object_ref (view_column);
}

/* ---- filtering the log ------------------------------------------------------------------ */

static void scroll_to_top (VtLogView *self);

/* Under the search: what it found, or that it is still looking. */
static void
update_search_status (VtLogView *self)
{
  g_autofree char *text = NULL;
  guint n;

  if (self->filtered == NULL || !vt_journal_filter_get_active (self->filtered))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->search_status), FALSE);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  if (vt_journal_filter_get_pending (self->filtered))
    text = g_strdup (_("Searching the log…"));
  else if (n == 0)
    text = g_strdup (_("No entry matches. Clear the search, or choose “All kinds”, to see every "
                       "entry."));
  else
    text = g_strdup_printf (ngettext ("%u entry matches", "%u entries match", n), n);
  gtk_label_set_text (self->search_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->search_status), TRUE);
}

static void
on_search_changed (VtLogView *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_filter);
  const char *kind = self->filter_kinds != NULL && selected < self->filter_kinds->len
                       ? g_ptr_array_index (self->filter_kinds, selected) : NULL;

  if (self->filtered == NULL)
    return;
  /* Without a search or a kind the list is the journal itself. The first search indexes the
   * journal in a worker thread (see VtJournalFilter); later ones answer at once. */
  vt_journal_filter_set (self->filtered,
                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), kind);
  /* A new search shows its newest match first. */
  scroll_to_top (self);
}

static void
fill_kind_filter (VtLogView *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n_kinds;
  const VtEntryKind *kinds = vt_entry_kind_get_all (&n_kinds);

  g_clear_pointer (&self->filter_kinds, g_ptr_array_unref);
  self->filter_kinds = g_ptr_array_new ();
  gtk_string_list_append (labels, _("All kinds"));
  g_ptr_array_add (self->filter_kinds, NULL);
  for (guint i = 0; i < n_kinds; i++)
    {
      gtk_string_list_append (labels, vt_entry_kind_get_name (&kinds[i]));
      g_ptr_array_add (self->filter_kinds, (gpointer)kinds[i].id);
    }
  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (labels));
}

/* ---- following the journal ------------------------------------------------------------ */

static GtkAdjustment *
adjustment (VtLogView *self)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->journal_view));
}

/* GTK 4.8's list keeps its first row as an anchor when rows are added above it, whatever the
 * scroll value says; moving the value is what moves the anchor back to the newest row. */
static void
scroll_to_top (VtLogView *self)
{
  g_autoptr(GtkSelectionModel) model = gtk_column_view_get_model (self->journal_view);

  self->at_top = TRUE;
  if (model == NULL)
    return; /* the log is not shown: it starts at the top when it is */
  g_object_ref (model);
  gtk_column_view_set_model (self->journal_view, NULL);
  gtk_column_view_set_model (self->journal_view, model);
  gtk_adjustment_set_value (adjustment (self), 0.0);
  self->at_top = TRUE;
}

static void
on_scrolled (VtLogView *self)
{
  self->at_top = gtk_adjustment_get_value (adjustment (self)) <= 1.0;
}

static gboolean
follow_idle (gpointer user_data)
{
  VtLogView *self = user_data;

  self->follow_source = 0;
  if (self->at_top)
    scroll_to_top (self);
  return G_SOURCE_REMOVE;
}

/* A chair reading the newest entries must see the one just added on top, not find it
 * scrolled away above. */
static void
on_journal_changed (VtLogView *self)
{
  if (self->follow_source == 0)
    self->follow_source = g_idle_add (follow_idle, self);
}

/* The column view makes and binds the rows it could show as soon as it has a model, shown or
 * not: with the log hidden that is work for nothing at start-up and after every entry. It has
 * the model only while the log is mapped, and starts at the newest entry. */
static void
attach_model (VtLogView *self,
              gboolean   attach)
{
  GtkSelectionModel *wanted = attach ? self->model : NULL;

  if (gtk_column_view_get_model (self->journal_view) == wanted)
    return;
  gtk_column_view_set_model (self->journal_view, wanted);
  if (wanted != NULL)
    {
      gtk_adjustment_set_value (adjustment (self), 0.0);
      self->at_top = TRUE;
    }
}

static void
vt_log_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vt_log_view_parent_class)->map (widget);
  attach_model (VT_LOG_VIEW (widget), TRUE);
}

static void
vt_log_view_unmap (GtkWidget *widget)
{
  attach_model (VT_LOG_VIEW (widget), FALSE);
  GTK_WIDGET_CLASS (vt_log_view_parent_class)->unmap (widget);
}

/* ---- the object ------------------------------------------------------------------------- */

void
vt_log_view_set_station (VtLogView *self,
                         VtStation *station)
{
  g_return_if_fail (VT_IS_LOG_VIEW (self));
  g_return_if_fail (station == NULL || VT_IS_STATION (station));

  if (self->station == station)
    return;

  if (self->station != NULL)
    g_signal_handlers_disconnect_by_func (vt_station_get_journal (self->station),
                                          on_journal_changed, self);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  g_set_object (&self->station, station);
  gtk_column_view_set_model (self->journal_view, NULL);
  g_clear_object (&self->model);
  self->filtered = NULL;

  if (station != NULL)
    {
      self->filtered = vt_journal_filter_new (station);
      g_signal_connect_object (self->filtered, "items-changed",
                               G_CALLBACK (update_search_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->filtered, "notify::pending",
                               G_CALLBACK (update_search_status), self, G_CONNECT_SWAPPED);
      self->model = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (self->filtered)));
      g_signal_connect_object (vt_station_get_journal (station), "items-changed",
                               G_CALLBACK (on_journal_changed), self, G_CONNECT_SWAPPED);
      on_search_changed (self);
    }
  /* A station opened read-only offers no correction: its column makes room for the text.
   * Taken out, not hidden: a hidden column still sizes the rows' height in GTK 4.8. */
  if (self->actions_column != NULL)
    {
      gboolean wanted = station == NULL || !vt_station_get_read_only (station);

      if (!wanted && gtk_column_view_column_get_column_view (self->actions_column) != NULL)
        gtk_column_view_remove_column (self->journal_view, self->actions_column);
      else if (wanted && gtk_column_view_column_get_column_view (self->actions_column) == NULL)
        gtk_column_view_append_column (self->journal_view, self->actions_column);
    }
  update_search_status (self);
  attach_model (self, gtk_widget_get_mapped (GTK_WIDGET (self)));
}

void
vt_log_view_focus_search (VtLogView *self)
{
  g_return_if_fail (VT_IS_LOG_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
vt_log_view_dispose (GObject *object)
{
  VtLogView *self = VT_LOG_VIEW (object);

  vt_log_view_set_station (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_LOG_VIEW);
  g_clear_object (&self->actions_column);
  g_clear_pointer (&self->filter_kinds, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_log_view_parent_class)->dispose (object);
}

static void
vt_log_view_class_init (VtLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_log_view_dispose;
  widget_class->map = vt_log_view_map;
  widget_class->unmap = vt_log_view_unmap;

  /**
   * VtLogView::correct:
   * @entry: the entry the chair wants to correct
   */
  signals[CORRECT] = g_signal_new ("correct", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_JOURNAL_ENTRY);
  /**
   * VtLogView::annul:
   * @entry: the entry the chair wants to annul
   */
  signals[ANNUL] = g_signal_new ("annul", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_JOURNAL_ENTRY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/valgting/Valgting/station/"
                                               "vt-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VtLogView, journal_view);
  gtk_widget_class_bind_template_child (widget_class, VtLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VtLogView, search_status);
  gtk_widget_class_bind_template_child (widget_class, VtLogView, kind_filter);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
}

static void
vt_log_view_init (VtLogView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_kind_filter (self);
  self->at_top = TRUE;
  g_signal_connect_object (adjustment (self), "value-changed", G_CALLBACK (on_scrolled), self,
                           G_CONNECT_SWAPPED);

  /* Translators: column heading: the entry's number in the log */
  add_column (self, COLUMN_SEQ, C_("log column", "No."), FALSE, 64);
  add_column (self, COLUMN_TIME, C_("log column", "Time"), FALSE, 96);
  add_column (self, COLUMN_KIND, C_("log column", "Kind"), FALSE, 150);
  add_column (self, COLUMN_ACTOR, C_("log column", "By"), FALSE, 170);
  add_column (self, COLUMN_TEXT, C_("log column", "Entry"), TRUE, -1);
  /* Translators: column heading: the buttons that correct or annul an entry */
  add_column (self, COLUMN_ACTIONS, C_("log column", "Correct"), FALSE, 96);
}
