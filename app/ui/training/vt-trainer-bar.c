/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-trainer-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "vt-trainer-bar.h"

struct _VtTrainerBar
{
  GtkBox parent_instance;

  VtTrainingSession *session;
  GtkLabel *title_label;
  GtkButton *pause_button;
  GtkBox *cards_box;         /* in the Cards popover: one button per card shown */
  GtkWidget *cards_button;

  GtkWidget *card_dialog;    /* the card open now (a weak pointer), or NULL */
  gboolean resume_after_card;
  GQueue pending_cards;      /* cards announced while another was open */
};

G_DEFINE_FINAL_TYPE (VtTrainerBar, vt_trainer_bar, GTK_TYPE_BOX)

static GtkWindow *
get_window (VtTrainerBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* "13:05": a step's time on its day. */
static char *
dup_step_time (const VtScenarioStep *step)
{
  return g_strdup_printf ("%02d:%02d", step->minutes / 60, step->minutes % 60);
}

/* ---- cards ------------------------------------------------------------------------------ */

static void show_next_pending (VtTrainerBar *self);

static void
on_card_response (AdwMessageDialog *dialog,
                  const char       *response,
                  VtTrainerBar     *self)
{
  if (self->resume_after_card && self->session != NULL)
    vt_training_session_set_paused (self->session, FALSE);
  self->resume_after_card = FALSE;
  show_next_pending (self);
}

GtkWidget *
vt_trainer_bar_show_card (VtTrainerBar         *self,
                          const VtScenarioStep *step)
{
  g_autofree char *time = dup_step_time (step);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (VT_IS_TRAINER_BAR (self), NULL);

  if (self->card_dialog != NULL)
    {
      g_queue_push_tail (&self->pending_cards, (gpointer)step);
      return self->card_dialog;
    }
  /* Translators: a card's heading, its time and title, "10:40 · Not in the roll" */
  heading = step->title != NULL ? g_strdup_printf (_("%s · %s"), time, step->title)
                                : g_strdup (time);
  dialog = adw_message_dialog_new (get_window (self), heading, step->card);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "ok", _("_OK"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_card_response), self, 0);

  /* The day waits while the trainee reads. */
  self->resume_after_card = !vt_training_session_get_paused (self->session);
  vt_training_session_set_paused (self->session, TRUE);

  self->card_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->card_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
show_next_pending (VtTrainerBar *self)
{
  const VtScenarioStep *step = g_queue_pop_head (&self->pending_cards);

  if (step != NULL)
    vt_trainer_bar_show_card (self, step);
}

GtkWidget *
vt_trainer_bar_get_card_dialog (VtTrainerBar *self)
{
  g_return_val_if_fail (VT_IS_TRAINER_BAR (self), NULL);
  return self->card_dialog;
}

static void
on_card_again_clicked (GtkButton    *button,
                       VtTrainerBar *self)
{
  const VtScenarioStep *step = g_object_get_data (G_OBJECT (button), "vt-step");

  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->cards_button));
  vt_trainer_bar_show_card (self, step);
}

/* The Cards popover lists the cards shown so far, newest first. */
static void
refresh_cards (VtTrainerBar *self)
{
  GPtrArray *shown = vt_training_session_get_shown_cards (self->session);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cards_box))) != NULL)
    gtk_box_remove (self->cards_box, child);
  for (guint i = shown->len; i > 0; i--)
    {
      const VtScenarioStep *step = g_ptr_array_index (shown, i - 1);
      g_autofree char *time = dup_step_time (step);
      g_autofree char *label = g_strdup_printf ("%s  %s", time,
                                                step->title != NULL ? step->title : step->card);
      GtkWidget *button = gtk_button_new_with_label (label);
      GtkWidget *text = gtk_button_get_child (GTK_BUTTON (button));

      gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (text), 40);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "vt-step", (gpointer)step);
      g_signal_connect (button, "clicked", G_CALLBACK (on_card_again_clicked), self);
      gtk_box_append (self->cards_box, button);
    }
  gtk_widget_set_sensitive (self->cards_button, shown->len > 0);
}

static void
on_card (VtTrainingSession    *session,
         const VtScenarioStep *step,
         VtTrainerBar         *self)
{
  refresh_cards (self);
  vt_trainer_bar_show_card (self, step);
}

/* ---- hint ------------------------------------------------------------------------------- */

GtkWidget *
vt_trainer_bar_show_hint (VtTrainerBar *self)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  g_return_val_if_fail (VT_IS_TRAINER_BAR (self), NULL);

  due = vt_training_session_dup_due_tasks (self->session);
  for (guint i = 0; i < due->len; i++)
    {
      const VtScenarioStep *step = g_ptr_array_index (due, i);
      g_autofree char *time = dup_step_time (step);

      g_string_append_printf (body, "%s%s  %s", i > 0 ? "\n" : "", time,
                              step->task != NULL ? step->task : step->kind);
    }
  if (due->len == 0)
    g_string_append (body, _("Nothing is due yet: carry on with the day."));

  dialog = adw_message_dialog_new (get_window (self),
                                   ngettext ("The task due by now", "The tasks due by now",
                                             due->len),
                                   body->str);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* ---- the bar ---------------------------------------------------------------------------- */

static void
on_paused_changed (VtTrainerBar *self)
{
  gboolean paused = vt_training_session_get_paused (self->session);

  gtk_button_set_label (self->pause_button, paused ? _("_Resume") : _("_Pause"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Let the training clock run (Ctrl+Shift+P)")
                                      : _("Stop the training clock (Ctrl+Shift+P)"));
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static void
build (VtTrainerBar *self)
{
  GtkWidget *speeds = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *debrief;
  /* Translators: the training clock's speeds, as times the real clock */
  const char *speed_labels[] = { N_("1×"), N_("10×"), N_("60×") };
  const int speed_values[] = { 1, 10, 60 };

  gtk_widget_add_css_class (GTK_WIDGET (self), "toolbar");
  gtk_widget_add_css_class (GTK_WIDGET (self), "trainer-bar");

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->title_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->title_label));

  gtk_widget_add_css_class (speeds, "linked");
  gtk_accessible_update_property (GTK_ACCESSIBLE (speeds), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Speed of the training clock"), -1);
  for (guint i = 0; i < G_N_ELEMENTS (speed_labels); i++)
    {
      GtkWidget *toggle = gtk_toggle_button_new_with_label (_(speed_labels[i]));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (toggle), "win.training-speed");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (toggle),
                                              g_variant_new_int32 (speed_values[i]));
      gtk_widget_add_css_class (toggle, "numeric");
      gtk_box_append (GTK_BOX (speeds), toggle);
    }
  gtk_box_append (GTK_BOX (self), speeds);

  self->pause_button = GTK_BUTTON (action_button (_("_Pause"), "win.training-pause", NULL));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->pause_button));
  gtk_box_append (GTK_BOX (self),
                  action_button (_("_Next Event"), "win.training-next-event",
                                 _("Move the clock on to the next event (Ctrl+Shift+N)")));
  gtk_box_append (GTK_BOX (self),
                  action_button (_("_Hint"), "win.training-hint",
                                 _("The trainee's tasks due by now")));

  self->cards_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->cards_box));
  self->cards_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->cards_button), _("_Cards"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->cards_button), TRUE);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->cards_button), popover);
  gtk_widget_set_tooltip_text (self->cards_button, _("The cards shown so far"));
  gtk_box_append (GTK_BOX (self), self->cards_button);

  debrief = action_button (_("_Debrief"), "win.training-debrief",
                           _("What the trainee did against what the session expected"));
  gtk_widget_add_css_class (debrief, "suggested-action");
  gtk_box_append (GTK_BOX (self), debrief);
}

static void
vt_trainer_bar_dispose (GObject *object)
{
  VtTrainerBar *self = VT_TRAINER_BAR (object);

  g_queue_clear (&self->pending_cards);
  if (self->card_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->card_dialog),
                                    (gpointer *)&self->card_dialog);
      gtk_window_destroy (GTK_WINDOW (self->card_dialog));
      self->card_dialog = NULL;
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (vt_trainer_bar_parent_class)->dispose (object);
}

static void
vt_trainer_bar_class_init (VtTrainerBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vt_trainer_bar_dispose;
}

static void
vt_trainer_bar_init (VtTrainerBar *self)
{
  g_queue_init (&self->pending_cards);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  build (self);
}

GtkWidget *
vt_trainer_bar_new (VtTrainingSession *session)
{
  VtTrainerBar *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (VT_IS_TRAINING_SESSION (session), NULL);

  self = g_object_new (VT_TYPE_TRAINER_BAR, "orientation", GTK_ORIENTATION_HORIZONTAL, NULL);
  self->session = g_object_ref (session);
  /* Translators: the trainer's bar, "Training: A full urn" */
  title = g_strdup_printf (_("Training: %s"),
                           vt_scenario_get_title (vt_training_session_get_scenario (session)));
  gtk_label_set_text (self->title_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  g_signal_connect (session, "card", G_CALLBACK (on_card), self);
  g_signal_connect_swapped (session, "notify::paused", G_CALLBACK (on_paused_changed), self);
  on_paused_changed (self);
  refresh_cards (self);
  return GTK_WIDGET (self);
}

VtTrainingSession *
vt_trainer_bar_get_session (VtTrainerBar *self)
{
  g_return_val_if_fail (VT_IS_TRAINER_BAR (self), NULL);
  return self->session;
}
