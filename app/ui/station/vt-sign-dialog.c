/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-sign-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-kind-ids.h"
#include "vt-organisation.h"
#include "vt-sign-dialog.h"
#include "vt-ui-util.h"

/* A board member signs the protocol on screen, with a mouse, a touchpad, a finger or a stylus:
 * the strokes are kept as points in the box's own coordinates (0..1), written to the journal
 * with the signature and drawn as vectors in the PDF. The dialog closes once the signature is
 * on disk; a refusal (not a signer, not present) is shown in place. */

#define BOX_WIDTH 480
#define BOX_HEIGHT 160

struct _VtSignDialog
{
  AdwWindow parent_instance;

  GtkDrawingArea *area;
  GtkLabel *error_label;
  GtkWidget *sign_button;

  VtStation *station;
  char *person;
  char *signer;         /* an annual meeting's signer (meeting.sign), else NULL */
  char *command_id;
  GPtrArray *strokes;   /* of GArray of double: x, y, x, y … in 0..1 */
  double start_x, start_y;
};

G_DEFINE_FINAL_TYPE (VtSignDialog, vt_sign_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
draw (GtkDrawingArea *area,
      cairo_t        *cr,
      int             width,
      int             height,
      gpointer        user_data)
{
  VtSignDialog *self = user_data;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* The line to sign on, as on the paper. */
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 16, height * 0.8);
  cairo_line_to (cr, width - 16, height * 0.8);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0.05, 0.1, 0.35);
  cairo_set_line_width (cr, 2.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      for (guint j = 0; j + 1 < stroke->len; j += 2)
        {
          double x = g_array_index (stroke, double, j) * width;
          double y = g_array_index (stroke, double, j + 1) * height;
          if (j == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (stroke->len == 2)
        cairo_rel_line_to (cr, 0.5, 0);
      cairo_stroke (cr);
    }
}

static void
add_point (VtSignDialog *self,
           double        x,
           double        y)
{
  GArray *stroke = g_ptr_array_index (self->strokes, self->strokes->len - 1);
  double width = gtk_widget_get_width (GTK_WIDGET (self->area));
  double height = gtk_widget_get_height (GTK_WIDGET (self->area));
  double px = CLAMP (x / MAX (width, 1), 0.0, 1.0);
  double py = CLAMP (y / MAX (height, 1), 0.0, 1.0);

  g_array_append_val (stroke, px);
  g_array_append_val (stroke, py);
  gtk_widget_set_sensitive (self->sign_button, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               VtSignDialog   *self)
{
  self->start_x = x;
  self->start_y = y;
  g_ptr_array_add (self->strokes, g_array_new (FALSE, FALSE, sizeof (double)));
  add_point (self, x, y);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                VtSignDialog   *self)
{
  add_point (self, self->start_x + dx, self->start_y + dy);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VtSignDialog *self = VT_SIGN_DIALOG (widget);

  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_set_sensitive (self->sign_button, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static JsonArray *
strokes_to_json (VtSignDialog *self)
{
  JsonArray *strokes = json_array_new ();

  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);
      JsonArray *points = json_array_new ();

      /* Three decimals: a tenth of a millimetre on the paper's box. */
      for (guint j = 0; j < stroke->len; j++)
        json_array_add_double_element (points,
                                       round (g_array_index (stroke, double, j) * 1000) / 1000);
      json_array_add_array_element (strokes, points);
    }
  return strokes;
}

/* The signature as drawn, or (@on_paper) the word that the printed page is signed in ink. */
static void
sign (VtSignDialog *self,
      gboolean      on_paper)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (self->signer != NULL)
    json_object_set_string_member (payload, "signer", self->signer);
  else
    json_object_set_string_member (payload, "person", self->person);
  if (on_paper)
    json_object_set_boolean_member (payload, "on_paper", TRUE);
  else
    json_object_set_array_member (payload, "strokes", strokes_to_json (self));
  entry = vt_station_execute (self->station, self->command_id,
                              self->signer != NULL ? VT_KIND_MEETING_SIGN : VT_KIND_PROTOCOL_SIGN,
                              vt_station_get_actor (self->station), payload, &error);
  if (entry == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNED], 0, entry);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VtSignDialog *self = VT_SIGN_DIALOG (widget);

  if (self->strokes->len > 0)
    sign (self, FALSE);
}

/* Signed in ink on the printed signature page: no box to draw in, and no pointer needed. */
static void
paper_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sign (VT_SIGN_DIALOG (widget), TRUE);
}

static void
vt_sign_dialog_dispose (GObject *object)
{
  VtSignDialog *self = (VtSignDialog *)object;

  g_clear_object (&self->station);
  g_clear_pointer (&self->person, g_free);
  g_clear_pointer (&self->signer, g_free);
  g_clear_pointer (&self->command_id, g_free);
  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (vt_sign_dialog_parent_class)->dispose (object);
}

static void
vt_sign_dialog_class_init (VtSignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vt_sign_dialog_dispose;

  /**
   * VtSignDialog::signed:
   * @entry: the signature, committed
   */
  signals[SIGNED] = g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, VT_TYPE_JOURNAL_ENTRY);

  gtk_widget_class_install_action (widget_class, "sign.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "sign.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "sign.paper", NULL, paper_action);
}

static void
vt_sign_dialog_init (VtSignDialog *self)
{
  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  self->command_id = g_uuid_string_random ();
}

static GtkWidget *
build (GtkWindow  *parent,
       VtStation  *station,
       const char *name)
{
  VtSignDialog *self;
  GtkWidget *box, *header, *content, *text, *frame, *clear;
  GtkGesture *drag;
  g_autofree char *title = NULL;

  self = g_object_new (VT_TYPE_SIGN_DIALOG, "transient-for", parent, "modal", TRUE,
                       "destroy-with-parent", TRUE, NULL);
  self->station = g_object_ref (station);

  /* Translators: the title of the signing dialog: "Kari Øvingsen signs the protocol" */
  title = g_strdup_printf (_("%s signs the protocol"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  {
    GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
    adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  }
  self->sign_button = gtk_button_new_with_mnemonic (_("_Sign"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sign_button), "sign.sign");
  gtk_widget_add_css_class (self->sign_button, "suggested-action");
  gtk_widget_set_sensitive (self->sign_button, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->sign_button);
  gtk_box_append (GTK_BOX (box), header);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 18);
  text = gtk_label_new (_("Sign in the box with the mouse, the touchpad, a finger or a stylus, "
                          "or sign the printed signature page in ink and say so here. The "
                          "signature covers the protocol as it is now; anything logged later "
                          "that changes it asks for it again."));
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_add_css_class (text, "dim-label");
  gtk_box_append (GTK_BOX (content), text);

  self->area = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_content_width (self->area, BOX_WIDTH);
  gtk_drawing_area_set_content_height (self->area, BOX_HEIGHT);
  gtk_drawing_area_set_draw_func (self->area, draw, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signature box"), -1);
  drag = gtk_gesture_drag_new ();
  /* Any pointer: mouse, touch, pen. */
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), FALSE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (drag));
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->area));
  gtk_box_append (GTK_BOX (content), frame);

  {
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *paper = gtk_button_new_with_mnemonic (_("Signed in _Ink on the Paper"));
    /* Translators: the accessible name of the button: "Kari Øvingsen signed the printed
     * signature page in ink" */
    g_autofree char *paper_name = g_strdup_printf (_("%s signed the printed signature page in "
                                                     "ink"), name);

    clear = gtk_button_new_with_mnemonic (_("C_lear"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "sign.clear");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (paper), "sign.paper");
    gtk_accessible_update_property (GTK_ACCESSIBLE (paper), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    paper_name, -1);
    gtk_widget_set_hexpand (clear, TRUE);
    gtk_widget_set_halign (clear, GTK_ALIGN_START);
    gtk_box_append (GTK_BOX (buttons), clear);
    gtk_box_append (GTK_BOX (buttons), paper);
    gtk_box_append (GTK_BOX (content), buttons);
  }

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (self), box);
  vt_window_add_form_shortcuts (GTK_WIDGET (self), "sign.sign");
  return GTK_WIDGET (self);
}

GtkWidget *
vt_sign_dialog_new (GtkWindow  *parent,
                    VtStation  *station,
                    const char *person_id)
{
  const VtPerson *person;
  GtkWidget *dialog;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  person = vt_config_find_person (vt_station_get_config (station), person_id);
  g_return_val_if_fail (person != NULL, NULL);

  dialog = build (parent, station, person->name);
  VT_SIGN_DIALOG (dialog)->person = g_strdup (person_id);
  return dialog;
}

/* The meeting chair or one of the two chosen signs an annual meeting's protocol
 * (meeting.sign): the same box, for the person the meeting chose. */
GtkWidget *
vt_sign_dialog_new_for_meeting (GtkWindow       *parent,
                                VtStation       *station,
                                VtMeetingSigner  signer)
{
  g_autoptr(VtOrganisation) meeting = NULL;
  const char *name;
  GtkWidget *dialog;

  g_return_val_if_fail (VT_IS_STATION (station), NULL);
  meeting = vt_organisation_new (station);
  g_return_val_if_fail (meeting != NULL, NULL);
  name = vt_organisation_get_signer_name (meeting, signer);
  g_return_val_if_fail (name != NULL, NULL);

  dialog = build (parent, station, name);
  VT_SIGN_DIALOG (dialog)->signer = g_strdup (vt_meeting_signer_to_string (signer));
  return dialog;
}

/* Adds a stroke as if drawn: for tests, and for a future import of pen data. */
void
vt_sign_dialog_add_stroke (VtSignDialog *self,
                           const double *points,
                           gsize         n_points)
{
  GArray *stroke;

  g_return_if_fail (VT_IS_SIGN_DIALOG (self));
  stroke = g_array_sized_new (FALSE, FALSE, sizeof (double), n_points);
  g_array_append_vals (stroke, points, n_points);
  g_ptr_array_add (self->strokes, stroke);
  gtk_widget_set_sensitive (self->sign_button, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

const char *
vt_sign_dialog_get_error (VtSignDialog *self)
{
  g_return_val_if_fail (VT_IS_SIGN_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
           ? gtk_label_get_text (self->error_label) : NULL;
}
