/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-documents-view"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-data-export.h"
#include "vt-document-actions.h"
#include "vt-documents-view.h"
#include "vt-kind-ids.h"
#include "vt-organisation.h"
#include "vt-role.h"
#include "vt-station-state.h"

/* Every document of the day in one place, for the chair and for an inspector who asks: what
 * each covers, its state (signed by whom, stale since which entry, shipment handed over or
 * not, printed or not), and Preview, PDF… and Print… beside it. Reached from the main menu
 * (station.documents, Ctrl+Shift+D). The rows are made once and only what they say changes. */

struct _VtDocumentsView
{
  AdwBin parent_instance;

  VtStation *station;
  GtkWidget *group;
  GtkWidget *rows[8];
  GtkWidget *data_group;
  guint update_source;
  gboolean stale;  /* the journal changed while the view was not shown */
};

G_DEFINE_FINAL_TYPE (VtDocumentsView, vt_documents_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const VtDocumentKind kinds[] = {
  VT_DOCUMENT_PROTOCOL, VT_DOCUMENT_RECEIPT, VT_DOCUMENT_PACKING_LIST, VT_DOCUMENT_SEALS,
  VT_DOCUMENT_OPENING_REPORT, VT_DOCUMENT_CLOSING_REPORT, VT_DOCUMENT_MEETING_PROTOCOL,
  VT_DOCUMENT_OFFICE_NOTICE,
};
G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == G_SIZEOF_MEMBER (VtDocumentsView, rows) /
                                          sizeof (GtkWidget *));

static const char *
covers (VtDocumentKind kind)
{
  switch (kind)
    {
    case VT_DOCUMENT_PROTOCOL:
      return _("The day's record: opening hours, the board, envelope votes, the count with its "
               "remarks, other matters, and the signatures.");
    case VT_DOCUMENT_RECEIPT:
      return _("Shipment 1 (the rolls, the stamps and the special envelopes), handed to the "
               "courier: two copies, one stays in the binder.");
    case VT_DOCUMENT_PACKING_LIST:
      return _("What is packed for the election office, with the counts filled in.");
    case VT_DOCUMENT_OPENING_REPORT:
      return _("One page from the moment the doors opened: the time, who was present, the urns "
               "with their seal strips, the opening checks.");
    case VT_DOCUMENT_CLOSING_REPORT:
      return _("One page from the moment the doors closed: the same, with the queue, the votes "
               "outside the polling station and the envelope votes so far.");
    case VT_DOCUMENT_MEETING_PROTOCOL:
      return _("The annual meeting’s elections: who chaired and who signs, how many were "
               "entitled to vote and present, and per office the candidates, how it was voted, "
               "the counts and who was elected.");
    case VT_DOCUMENT_OFFICE_NOTICE:
      return _("One page for the region: who now holds which office.");
    case VT_DOCUMENT_SEALS:
    default:
      return _("Every seal strip: received, applied to which urn, broken, returned.");
    }
}

/* The meeting's protocol is signed by its chair and the two the meeting chose. */
static char *
meeting_protocol_state (VtStation *station)
{
  g_autoptr(VtOrganisation) meeting = vt_organisation_new (station);
  guint n_signed = 0;

  for (VtMeetingSigner signer = VT_MEETING_SIGNER_CHAIR; signer < VT_MEETING_N_SIGNERS; signer++)
    {
      const VtMeetingSignature *signature = vt_organisation_get_signature (meeting, signer);

      n_signed += signature != NULL && signature->seq > 0;
    }
  if (!vt_organisation_all_decided (meeting))
    return g_strdup (_("Not every office is decided yet"));
  if (n_signed == 0)
    return g_strdup (_("Not signed yet"));
  return g_strdup_printf (_("Signed by %u of %u"), n_signed, (guint)VT_MEETING_N_SIGNERS);
}

static gboolean
signs_protocol (VtConfig       *config,
                const VtPerson *person)
{
  if (vt_config_get_protocol (config) != VT_PROTOCOL_2019)
    return person->role == VT_ROLE_LEDER || person->role == VT_ROLE_NESTLEDER;
  return vt_role_is_board (person->role);
}

static char *
protocol_state (VtStation *station)
{
  VtConfig *config = vt_station_get_config (station);
  GPtrArray *people = vt_config_get_people (config);
  guint n_signers = 0, n_signed = 0;
  gint64 staled_by = 0;

  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      VtSignatureState state;

      if (!signs_protocol (config, person))
        continue;
      n_signers++;
      state = vt_document_get_signature (station, person->id);
      if (state == VT_SIGNATURE_CURRENT)
        n_signed++;
      else if (state == VT_SIGNATURE_STALE)
        {
          gint64 seq = vt_document_get_signature_staled_by (station, person->id);
          if (seq > 0 && (staled_by == 0 || seq < staled_by))
            staled_by = seq;
        }
    }

  if (staled_by > 0)
    /* Translators: the protocol's state, "Stale: entry 63 changed it after it was signed;
     * signed by 1 of 4" */
    return g_strdup_printf (_("Stale: entry %" PRId64 " changed it after it was signed; signed "
                              "by %u of %u"), staled_by, n_signed, n_signers);
  if (n_signed == 0)
    return g_strdup (_("Not signed yet"));
  /* Translators: the protocol's state, "Signed by 3 of 4" */
  return g_strdup_printf (_("Signed by %u of %u"), n_signed, n_signers);
}

static char *
printed (VtStation      *station,
         VtDocumentKind  kind)
{
  guint n = vt_document_next_copy (station, kind);

  if (n == 0)
    return g_strdup (_("not printed or saved yet"));
  /* Translators: how often a document was printed or saved as PDF */
  return g_strdup_printf (ngettext ("printed or saved once", "printed or saved %u times", n), n);
}

static char *
state (VtStation      *station,
       VtDocumentKind  kind)
{
  g_autofree char *prints = printed (station, kind);

  switch (kind)
    {
    case VT_DOCUMENT_PROTOCOL:
      {
        g_autofree char *signatures = protocol_state (station);
        /* Translators: a document's state and how often it was printed: "Signed by 3 of 4 ·
         * printed or saved once" */
        return g_strdup_printf (_("%s · %s"), signatures, prints);
      }
    case VT_DOCUMENT_MEETING_PROTOCOL:
      {
        g_autofree char *signatures = meeting_protocol_state (station);
        return g_strdup_printf (_("%s · %s"), signatures, prints);
      }
    case VT_DOCUMENT_OFFICE_NOTICE:
      {
        g_autoptr(VtOrganisation) meeting = vt_organisation_new (station);
        return g_strdup_printf (_("%s · %s"),
                                vt_organisation_all_decided (meeting)
                                  ? _("Every office decided")
                                  : _("Not every office is decided yet"),
                                prints);
      }
    case VT_DOCUMENT_RECEIPT:
      return g_strdup_printf (_("%s · %s"),
                              vt_station_has_step (station, VT_KIND_SHIPMENT_HANDED_OVER)
                                ? _("Shipment 1 handed over") : _("Shipment 1 not handed over yet"),
                              prints);
    case VT_DOCUMENT_PACKING_LIST:
      return g_strdup_printf (_("%s · %s"),
                              vt_station_has_step (station, VT_KIND_SHIPMENT_PACKED)
                                ? _("Shipment 1 packed") : _("Shipment 1 not packed yet"),
                              prints);
    case VT_DOCUMENT_OPENING_REPORT:
    case VT_DOCUMENT_CLOSING_REPORT:
      {
        g_autofree char *path = vt_document_dup_day_report_path (station, kind);
        g_autofree char *name = g_path_get_basename (path);
        g_autofree char *kept = NULL;

        if (g_file_test (path, G_FILE_TEST_EXISTS))
          /* Translators: where the report at the opening or closing is kept */
          kept = g_strdup_printf (_("Kept beside the station file as %s"), name);
        else
          kept = g_strdup (kind == VT_DOCUMENT_OPENING_REPORT
                             ? _("Saved beside the station file when the doors open")
                             : _("Saved beside the station file when the doors close"));
        return g_strdup_printf (_("%s · %s"), kept, prints);
      }
    case VT_DOCUMENT_SEALS:
    default:
      {
        g_autoptr(GPtrArray) strips = vt_station_dup_strips (station);
        guint applied = 0, broken = 0;
        g_autofree char *numbers = NULL;

        for (guint i = 0; i < strips->len; i++)
          {
            VtStripState *strip = g_ptr_array_index (strips, i);
            applied += g_strcmp0 (strip->status, "applied") == 0;
            broken += g_strcmp0 (strip->status, "broken") == 0;
          }
        /* Translators: the seal register's state, "50 strips: 3 on urns, 1 broken" */
        numbers = g_strdup_printf (_("%u strips: %u on urns, %u broken"), strips->len, applied,
                                   broken);
        return g_strdup_printf (_("%s · %s"), numbers, prints);
      }
    }
}

char *
vt_documents_view_dup_state (VtDocumentsView *self,
                             VtDocumentKind   kind)
{
  g_return_val_if_fail (VT_IS_DOCUMENTS_VIEW (self), NULL);
  g_return_val_if_fail (self->station != NULL, NULL);
  return state (self->station, kind);
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *target,
               const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return button;
}

static void
update (VtDocumentsView *self)
{
  VtConfig *config;

  g_clear_handle_id (&self->update_source, g_source_remove);
  self->stale = FALSE;
  if (self->station == NULL)
    return;
  config = vt_station_get_config (self->station);

  /* Only the documents of this kind of election: a meeting has no seal register. */
  gtk_widget_set_visible (self->data_group, !vt_config_is_organisation (config));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const char *title;
      const char *id = vt_document_kind_to_string (kinds[i]);
      g_autofree char *now = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = self->rows[i];

      if (!vt_document_kind_applies (kinds[i], config))
        continue;
      title = vt_document_kind_get_title (kinds[i], config);
      now = state (self->station, kinds[i]);
      subtitle = g_strdup_printf ("%s\n%s", covers (kinds[i]), now);

      if (row == NULL)
        {
          /* Translators: accessible names of the buttons beside a document: "Preview Seal
           * register" */
          g_autofree char *preview = g_strdup_printf (_("Preview %s"), title);
          g_autofree char *export = g_strdup_printf (_("Save %s as PDF"), title);
          g_autofree char *print = g_strdup_printf (_("Print %s"), title);

          row = self->rows[i] = adw_action_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     action_button (_("Preview"), "station.preview", id,
                                                    preview));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     action_button (_("PDF…"), "station.export", id, export));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     action_button (_("Print…"), "station.print", id, print));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), row);
        }
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) != 0)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle) != 0)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
}

static gboolean
update_idle (gpointer user_data)
{
  VtDocumentsView *self = user_data;

  self->update_source = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* A document's state reads the journal (how often it was printed, who signed): worked out
 * when the view is shown, not for every entry of the day while it is not, and not on the way
 * to the window's first frame. */
static void
on_journal_changed (VtDocumentsView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->update_source == 0)
    self->update_source = g_idle_add (update_idle, self);
}

static void
vt_documents_view_map (GtkWidget *widget)
{
  VtDocumentsView *self = VT_DOCUMENTS_VIEW (widget);

  if (self->stale)
    update (self);
  GTK_WIDGET_CLASS (vt_documents_view_parent_class)->map (widget);
}

void
vt_documents_view_refresh (VtDocumentsView *self)
{
  g_return_if_fail (VT_IS_DOCUMENTS_VIEW (self));
  on_journal_changed (self);
}

VtStation *
vt_documents_view_get_station (VtDocumentsView *self)
{
  g_return_val_if_fail (VT_IS_DOCUMENTS_VIEW (self), NULL);
  return self->station;
}

void
vt_documents_view_set_station (VtDocumentsView *self,
                               VtStation       *station)
{
  g_return_if_fail (VT_IS_DOCUMENTS_VIEW (self));
  g_return_if_fail (station == NULL || VT_IS_STATION (station));

  if (self->station == station)
    return;
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_func (vt_station_get_journal (self->station),
                                          on_journal_changed, self);
  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    if (self->rows[i] != NULL)
      {
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->group), self->rows[i]);
        self->rows[i] = NULL;
      }
  g_set_object (&self->station, station);
  if (station != NULL)
    {
      g_signal_connect_object (vt_station_get_journal (station), "items-changed",
                               G_CALLBACK (on_journal_changed), self, G_CONNECT_SWAPPED);
      on_journal_changed (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

GtkWidget *
vt_documents_view_new (void)
{
  return g_object_new (VT_TYPE_DOCUMENTS_VIEW, NULL);
}

static void
vt_documents_view_dispose (GObject *object)
{
  VtDocumentsView *self = VT_DOCUMENTS_VIEW (object);

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_func (vt_station_get_journal (self->station),
                                          on_journal_changed, self);
  g_clear_object (&self->station);
  G_OBJECT_CLASS (vt_documents_view_parent_class)->dispose (object);
}

static void
vt_documents_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VtDocumentsView *self = VT_DOCUMENTS_VIEW (object);

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
vt_documents_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VtDocumentsView *self = VT_DOCUMENTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATION:
      vt_documents_view_set_station (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_documents_view_class_init (VtDocumentsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_documents_view_dispose;
  object_class->get_property = vt_documents_view_get_property;
  object_class->set_property = vt_documents_view_set_property;
  GTK_WIDGET_CLASS (klass)->map = vt_documents_view_map;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, VT_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* The data rows say what each file holds; they do not change with the log. */
static GtkWidget *
data_group_new (void)
{
  static const struct
  {
    VtDataKind kind;
    const char *title;
    const char *subtitle;
  } rows[] = {
    { VT_DATA_RESULTS, N_("Results"),
      N_("The protocol's numbers (B1, C1, C2 and the remarks) with the log's checksum, for the "
         "election office's systems. JSON.") },
    { VT_DATA_LOG, N_("Log"),
      N_("Every entry with its time, who, what and its hash: CSV for a spreadsheet, or "
         "JSON.") },
    { VT_DATA_EVENTS, N_("Event log (NIST)"),
      N_("The log in the common format for election event logs (NIST SP 1500-101), for tools "
         "that read them. JSON.") },
  };
  GtkWidget *group = adw_preferences_group_new ();

  G_STATIC_ASSERT (G_N_ELEMENTS (rows) == VT_N_DATA_KINDS);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   _("Data for the Election Office"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Saved from the station file as it is on disk, after "
                                           "it is checked. Hand them over with the second "
                                           "copy."));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      /* Translators: accessible name of the button beside a data file: "Export Results" */
      g_autofree char *accessible = g_strdup_printf (_("Export %s"), _(rows[i].title));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(rows[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(rows[i].subtitle));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (_("Export…"), "station.export-data",
                                                vt_data_kind_to_string (rows[i].kind),
                                                accessible));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static void
vt_documents_view_init (VtDocumentsView *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *title = gtk_label_new (_("Documents"));

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                         _("Made from the log as it is now. Preview, save as "
                                           "PDF, or print; every print is logged."));
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), self->group);
  self->data_group = data_group_new ();
  gtk_box_append (GTK_BOX (box), self->data_group);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  adw_bin_set_child (ADW_BIN (self), scroller);
}
