/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-station-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-entry-kind.h"
#include "vt-note-dialog.h"
#include "vt-station-page.h"

/* The open station: where and what, the time and the time left to closing, and the log as a
 * live list that follows the journal. */

struct _VtStationPage
{
  AdwBin parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel *training_banner;
  GtkLabel *clock_label;
  GtkLabel *closing_label;
  GtkLabel *place_label;
  GtkColumnView *journal_view;

  VtStation *station;
  guint clock_source;
};

G_DEFINE_FINAL_TYPE (VtStationPage, vt_station_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STATION,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- the clock -------------------------------------------------------------------------- */

static char *
format_span (GTimeSpan span)
{
  gint64 minutes = (span + G_TIME_SPAN_MINUTE - 1) / G_TIME_SPAN_MINUTE;

  if (minutes >= 60)
    /* Translators: a duration, e.g. "3 h 12 min" */
    return g_strdup_printf (_("%" PRId64 " h %" PRId64 " min"),
                            minutes / 60, minutes % 60);
  /* Translators: a duration under an hour, e.g. "12 min" */
  return g_strdup_printf (_("%" PRId64 " min"), minutes);
}

static void
update_closing (VtStationPage *self,
                GDateTime     *now)
{
  VtConfig *config = vt_station_get_config (self->station);
  GPtrArray *days = vt_config_get_days (config);

  for (guint i = 0; i < days->len; i++)
    {
      VtElectionDay *day = g_ptr_array_index (days, i);
      g_autofree char *closes = g_date_time_format (day->closes, "%H:%M");
      g_autofree char *text = NULL;

      if (g_date_time_compare (now, day->closes) >= 0)
        continue;

      if (g_date_time_compare (now, day->opens) < 0)
        {
          g_autofree char *opens = g_date_time_format (day->opens, "%H:%M");
          g_autofree char *date = g_date_time_format (day->opens, "%x");
          g_autofree char *left = format_span (g_date_time_difference (day->opens, now));
          /* Translators: "Opens 09:00 on 13.09.2027 — in 2 h 5 min" */
          text = g_strdup_printf (_("Opens %s on %s — in %s"), opens, date, left);
        }
      else
        {
          g_autofree char *left = format_span (g_date_time_difference (day->closes, now));
          /* Translators: "Closes 21:00 — 3 h 12 min left" */
          text = g_strdup_printf (_("Closes %s — %s left"), closes, left);
        }
      gtk_label_set_text (self->closing_label, text);
      return;
    }

  gtk_label_set_text (self->closing_label, _("The election days are over"));
}

static gboolean
tick (gpointer user_data)
{
  VtStationPage *self = user_data;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  gint64 until_next;

  /* The election's own time zone, the one its opening hours are written in. */
  if (self->station != NULL)
    now = g_date_time_new_now (vt_config_get_timezone (vt_station_get_config (self->station)));
  else
    now = g_date_time_new_now_local ();
  text = g_date_time_format (now, "%H:%M:%S");

  gtk_label_set_text (self->clock_label, text);
  if (self->station != NULL)
    update_closing (self, now);

  /* Wake on the next whole second, so the clock never shows a second late or skips one. */
  until_next = 1000 - g_date_time_get_microsecond (now) / 1000;
  self->clock_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)until_next + 1, tick,
                                           self, NULL);
  return G_SOURCE_REMOVE;
}

static void
start_clock (VtStationPage *self)
{
  g_clear_handle_id (&self->clock_source, g_source_remove);
  tick (self);
}

/* ---- the journal list ------------------------------------------------------------------- */

typedef enum
{
  COLUMN_SEQ,
  COLUMN_TIME,
  COLUMN_KIND,
  COLUMN_ACTOR,
  COLUMN_TEXT,
} Column;

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

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
           VtStationPage            *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  VtJournalEntry *entry = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

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
add_column (VtStationPage *self,
            Column         column,
            const char    *title,
            gboolean       expand,
            int            fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, 0);

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (self->journal_view, view_column);
}

/* ---- the station ------------------------------------------------------------------------ */

static void
on_note_logged (VtStationPage  *self,
                VtJournalEntry *entry)
{
  g_autofree char *text = NULL;

  /* Translators: a confirmation, shown only after the entry is on disk */
  text = g_strdup_printf (_("Entry %" PRId64 " saved in the log"),
                          vt_journal_entry_get_seq (entry));
  g_signal_emit (self, signals[TOAST], 0, text);
}

void
vt_station_page_add_note (VtStationPage *self)
{
  GtkWidget *dialog;

  g_return_if_fail (VT_IS_STATION_PAGE (self));
  g_return_if_fail (self->station != NULL);

  dialog = vt_note_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               self->station);
  g_signal_connect_object (dialog, "logged", G_CALLBACK (on_note_logged), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

VtStation *
vt_station_page_get_station (VtStationPage *self)
{
  g_return_val_if_fail (VT_IS_STATION_PAGE (self), NULL);
  return self->station;
}

void
vt_station_page_set_station (VtStationPage *self,
                             VtStation     *station)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  g_return_if_fail (VT_IS_STATION_PAGE (self));
  g_return_if_fail (station == NULL || VT_IS_STATION (station));

  if (!g_set_object (&self->station, station))
    return;

  if (station != NULL)
    {
      VtConfig *config = vt_station_get_config (station);
      g_autofree char *precinct = vt_config_dup_precinct_title (config);
      g_autofree char *place = NULL;

      adw_window_title_set_title (self->window_title, precinct);
      adw_window_title_set_subtitle (self->window_title, vt_config_get_election_name (config));
      /* Translators: "Bergen (4601), Vestland" */
      place = g_strdup_printf (_("%s (%s), %s"), vt_config_get_municipality_name (config),
                               vt_config_get_municipality_number (config),
                               vt_config_get_county (config));
      gtk_label_set_text (self->place_label, place);

      gtk_widget_set_visible (GTK_WIDGET (self->training_banner),
                              vt_station_get_training (station));
      if (vt_station_get_training (station))
        gtk_widget_add_css_class (GTK_WIDGET (self), "training");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "training");

      selection = GTK_SELECTION_MODEL (
        gtk_no_selection_new (g_object_ref (vt_station_get_journal (station))));
      start_clock (self);
    }
  else
    {
      g_clear_handle_id (&self->clock_source, g_source_remove);
    }

  gtk_column_view_set_model (self->journal_view, selection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

static void
vt_station_page_dispose (GObject *object)
{
  VtStationPage *self = (VtStationPage *)object;

  g_clear_handle_id (&self->clock_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VT_TYPE_STATION_PAGE);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (vt_station_page_parent_class)->dispose (object);
}

static void
vt_station_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VtStationPage *self = VT_STATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_station_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VtStationPage *self = VT_STATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      vt_station_page_set_station (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_station_page_class_init (VtStationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_station_page_dispose;
  object_class->get_property = vt_station_page_get_property;
  object_class->set_property = vt_station_page_set_property;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, VT_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VtStationPage::toast:
   * @text: a short confirmation for the window to show
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/station/vt-station-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, training_banner);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, clock_label);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, closing_label);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, place_label);
  gtk_widget_class_bind_template_child (widget_class, VtStationPage, journal_view);
}

static void
vt_station_page_init (VtStationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: column heading: the entry's number in the log */
  add_column (self, COLUMN_SEQ, C_("log column", "No."), FALSE, 64);
  add_column (self, COLUMN_TIME, C_("log column", "Time"), FALSE, 96);
  add_column (self, COLUMN_KIND, C_("log column", "Kind"), FALSE, 150);
  add_column (self, COLUMN_ACTOR, C_("log column", "By"), FALSE, 170);
  add_column (self, COLUMN_TEXT, C_("log column", "Entry"), TRUE, -1);
}
