/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-phase-view"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-checks.h"
#include "vt-documents.h"
#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
#include "vt-phase-view-private.h"
#include "vt-role.h"
#include "vt-station-state.h"

/* What the chair sees for one phase of the day: what to do now and why (the handbook), what
 * needs attention (the numbered checks), the phase's own steps with their state, and the step
 * that moves the day on. Every button gives a command through the runner, never writes
 * anything itself.
 *
 * The page is kept, not rebuilt: every group, row and button has a key (the group's name, the
 * person's, urn's, check's id …). Each update walks the phase's sections as if building them;
 * a widget whose key is met again is kept and only told what it says now, a new key makes a
 * widget, and a key not met again removes its widget. So the scroll position and the focus
 * survive every entry, and a button never turns into another action under the pointer: a row's
 * buttons keep their places, a button that no longer applies is hidden (the row's others do
 * not move into its place, see pv_row_button ()). */


G_DEFINE_FINAL_TYPE (VtPhaseView, vt_phase_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- keyed widgets ---------------------------------------------------------------------- */

GtkWidget *
pv_keep (VtPhaseView *self,
         const char  *key)
{
  GtkWidget *widget = g_hash_table_lookup (self->keyed, key);

  if (widget != NULL)
    g_object_set_data (G_OBJECT (widget), "vt-generation", GUINT_TO_POINTER (self->generation));
  return widget;
}

void
pv_adopt (VtPhaseView *self,
          const char  *key,
          GtkWidget   *widget)
{
  g_object_set_data (G_OBJECT (widget), "vt-generation", GUINT_TO_POINTER (self->generation));
  g_object_set_data_full (G_OBJECT (widget), "vt-key", g_strdup (key), g_free);
  g_hash_table_insert (self->keyed, g_strdup (key), g_object_ref_sink (widget));
}

/* Puts a top-level widget after the one placed before it in this update. */
void
pv_place (VtPhaseView *self,
          GtkWidget   *widget)
{
  if (gtk_widget_get_parent (widget) == NULL)
    gtk_box_insert_child_after (GTK_BOX (self), widget, self->cursor);
  else if (gtk_widget_get_prev_sibling (widget) != self->cursor)
    gtk_box_reorder_child_after (GTK_BOX (self), widget, self->cursor);
  self->cursor = widget;
}

GtkWidget *
pv_ensure_label (VtPhaseView *self,
                 const char  *key,
                 const char  *text,
                 const char  *css_class)
{
  GtkWidget *label = pv_keep (self, key);

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      if (css_class != NULL)
        gtk_widget_add_css_class (label, css_class);
      pv_adopt (self, key, label);
    }
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (label), text);
  pv_place (self, label);
  return label;
}

GtkWidget *
pv_ensure_group (VtPhaseView *self,
                 const char  *key,
                 const char  *title,
                 const char  *description)
{
  GtkWidget *group = pv_keep (self, key);

  if (group == NULL)
    {
      group = adw_preferences_group_new ();
      pv_adopt (self, key, group);
    }
  if (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), title) != 0)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (g_strcmp0 (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                 description) != 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  pv_place (self, group);
  return group;
}

static void
on_command_clicked (GtkButton   *button,
                    VtPhaseView *self)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char * const *preset = g_object_get_data (G_OBJECT (button), "preset");

  if (self->run != NULL && kind != NULL)
    self->run (self->run_data, kind, preset);
}

static char **
collect_preset (const char *first,
                va_list     args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_strv_builder_add (builder, p);
  return g_strv_builder_end (builder);
}

void
pv_set_command (GtkWidget  *button,
                const char *kind,
                char      **preset)
{
  g_object_set_data_full (G_OBJECT (button), "kind", g_strdup (kind), g_free);
  g_object_set_data_full (G_OBJECT (button), "preset", preset, (GDestroyNotify)g_strfreev);
}

static void
set_button_label (GtkWidget  *button,
                  const char *label)
{
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) != 0)
    gtk_button_set_label (GTK_BUTTON (button), label);
}

/* A button that gives @kind with @preset ("field=value" pairs, NULL-terminated) fixed; not
 * keyed, for a header. */
GtkWidget *
pv_command_button (VtPhaseView *self,
                   const char  *label,
                   const char  *kind,
                   const char  *first_preset,
                   ...)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  va_list args;

  va_start (args, first_preset);
  pv_set_command (button, kind, collect_preset (first_preset, args));
  va_end (args);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (on_command_clicked), self);
  return button;
}

void
pv_set_accessible_label (GtkWidget  *widget,
                         const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
}

GtkWidget *
pv_ensure_row (VtPhaseView *self,
               GtkWidget   *group,
               const char  *key,
               const char  *title,
               const char  *subtitle)
{
  GtkWidget *row = pv_keep (self, key);

  if (row == NULL)
    {
      GtkWidget *icon = gtk_image_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_set_visible (icon, FALSE);
      g_object_set_data (G_OBJECT (row), "vt-icon", icon);
      pv_adopt (self, key, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) != 0)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  return row;
}

void
pv_row_set_icon (GtkWidget  *row,
                 const char *icon_name,
                 const char *description)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (row), "vt-icon");

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  pv_set_accessible_label (icon, description);
  gtk_widget_set_visible (icon, TRUE);
}

void
pv_row_set_done (GtkWidget *row,
                 gboolean   done)
{
  if (done)
    pv_row_set_icon (row, "emblem-ok-symbolic", _("Done"));
  else
    pv_row_set_icon (row, "radio-symbolic", _("Not done yet"));
}

/* The row's button in @slot: made the first time, in the order the slots are first asked
 * for, and kept in its place; hidden while it does not apply. A row's slots are asked for in
 * the same order every time, whether shown or not, so a hidden button keeps the place of the
 * buttons after it. Returns the button. */
GtkWidget *
pv_row_button (VtPhaseView *self,
               GtkWidget   *row,
               const char  *slot,
               gboolean     shown,
               const char  *label,
               const char  *kind,
               const char  *first_preset,
               ...)
{
  g_autofree char *data_key = g_strconcat ("vt-slot-", slot, NULL);
  GtkWidget *button = g_object_get_data (G_OBJECT (row), data_key);
  va_list args;

  if (button == NULL)
    {
      button = gtk_button_new_with_mnemonic (label);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect (button, "clicked", G_CALLBACK (on_command_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      g_object_set_data (G_OBJECT (row), data_key, button);
    }
  set_button_label (button, label);
  va_start (args, first_preset);
  pv_set_command (button, kind, collect_preset (first_preset, args));
  va_end (args);
  gtk_widget_set_visible (button, shown);
  return button;
}

/* A row's button that activates @action with the string @target. */
GtkWidget *
pv_row_action_button (GtkWidget  *row,
                      const char *slot,
                      const char *label,
                      const char *action,
                      const char *target,
                      const char *accessible)
{
  g_autofree char *data_key = g_strconcat ("vt-slot-", slot, NULL);
  GtkWidget *button = g_object_get_data (G_OBJECT (row), data_key);

  if (button == NULL)
    {
      button = gtk_button_new_with_mnemonic (label);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      g_object_set_data (G_OBJECT (row), data_key, button);
    }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  pv_set_accessible_label (button, accessible);
  return button;
}

/* A count shown at the end of a row. */
void
pv_row_count (GtkWidget  *row,
              const char *text,
              const char *css_class)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "vt-count");

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, css_class);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "vt-count", label);
    }
  gtk_widget_set_visible (label, text != NULL);
  if (text != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (label), text);
}

/* On a station opened read-only every control that gives a command (pv_set_command () marks
 * them all) is turned off, after the sections have set what they would offer: the page is
 * there to be read. */
static void
turn_off_commands (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_object_get_data (G_OBJECT (child), "kind") != NULL)
        gtk_widget_set_sensitive (child, FALSE);
      turn_off_commands (child);
    }
}

static gboolean
can_hold_focus (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_get_root (widget) != NULL &&
         gtk_widget_is_visible (widget) && gtk_widget_is_sensitive (widget) &&
         gtk_widget_get_focusable (widget);
}

/* The first control of @row the keyboard can go to. */
static GtkWidget *
first_control (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if ((GTK_IS_BUTTON (child) || GTK_IS_CHECK_BUTTON (child)) && can_hold_focus (child))
        return child;
      found = first_control (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The focused control went away (an opening check ticked, a declaration signed): the focus
 * goes on to the next row that has something to do, else stays on the row. */
static void
move_focus_on (VtPhaseView *self,
               GtkWidget   *row)
{
  if (row != NULL && gtk_widget_get_root (row) != NULL)
    {
      for (GtkWidget *next = gtk_widget_get_next_sibling (row); next != NULL;
           next = gtk_widget_get_next_sibling (next))
        {
          GtkWidget *control = first_control (next);

          if (control != NULL && gtk_widget_is_visible (next))
            {
              gtk_widget_grab_focus (control);
              return;
            }
        }
      {
        GtkWidget *control = first_control (row);

        if (control != NULL)
          gtk_widget_grab_focus (control);
        else
          gtk_widget_grab_focus (row);
      }
      return;
    }
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

void
vt_phase_view_update (VtPhaseView *self)
{
  GtkRoot *root;
  GtkWidget *focus = NULL;
  g_autoptr(GtkWidget) focus_row = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (VT_IS_PHASE_VIEW (self));

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->station == NULL || !self->built)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    {
      GtkWidget *row = gtk_widget_get_ancestor (focus, ADW_TYPE_ACTION_ROW);
      focus_row = row != NULL ? g_object_ref (row) : NULL;
      g_object_ref (focus);
    }
  else
    focus = NULL;

  self->generation++;
  self->cursor = NULL;
  pv_build_sections (self);
  if (vt_station_get_read_only (self->station))
    turn_off_commands (GTK_WIDGET (self));

  /* What was not met again is gone. */
  g_hash_table_iter_init (&iter, self->keyed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkWidget *widget = value;
      GtkWidget *parent;

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "vt-generation")) ==
          self->generation)
        continue;
      /* A row whose group went before it has no parent any more. */
      parent = gtk_widget_get_parent (widget) != NULL
        ? gtk_widget_get_ancestor (gtk_widget_get_parent (widget), ADW_TYPE_PREFERENCES_GROUP)
        : NULL;
      if (ADW_IS_ACTION_ROW (widget) && parent != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (parent), widget);
      else if (gtk_widget_get_parent (widget) == GTK_WIDGET (self))
        gtk_box_remove (GTK_BOX (self), widget);
      g_hash_table_iter_remove (&iter);
    }

  if (focus != NULL)
    {
      GtkWidget *now = root != NULL ? gtk_root_get_focus (root) : NULL;

      if (now != focus || !can_hold_focus (focus))
        move_focus_on (self, focus_row);
      g_object_unref (focus);
    }
}

static gboolean
update_idle (gpointer user_data)
{
  VtPhaseView *self = user_data;

  self->update_source = 0;
  vt_phase_view_update (self);
  return G_SOURCE_REMOVE;
}

void
pv_schedule_update (VtPhaseView *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add (update_idle, self);
}

static void
on_journal_changed (VtPhaseView *self)
{
  pv_schedule_update (self);
}

static void
clear (VtPhaseView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  g_hash_table_remove_all (self->keyed);
  self->built = FALSE;
}

void
vt_phase_view_set_phase (VtPhaseView *self,
                         VtPhase      phase)
{
  g_return_if_fail (VT_IS_PHASE_VIEW (self));
  g_return_if_fail (phase < VT_N_PHASES);

  if (self->built && self->shown == phase)
    return;
  clear (self);
  self->shown = phase;
  self->built = TRUE;
  vt_phase_view_update (self);
}

VtPhase
vt_phase_view_get_phase (VtPhaseView *self)
{
  g_return_val_if_fail (VT_IS_PHASE_VIEW (self), VT_PHASE_SETUP);
  return self->shown;
}

void
vt_phase_view_set_runner (VtPhaseView      *self,
                          VtRunCommandFunc  run,
                          gpointer          user_data)
{
  g_return_if_fail (VT_IS_PHASE_VIEW (self));
  self->run = run;
  self->run_data = user_data;
}

VtStation *
vt_phase_view_get_station (VtPhaseView *self)
{
  g_return_val_if_fail (VT_IS_PHASE_VIEW (self), NULL);
  return self->station;
}

void
vt_phase_view_set_station (VtPhaseView *self,
                           VtStation   *station)
{
  g_return_if_fail (VT_IS_PHASE_VIEW (self));
  g_return_if_fail (station == NULL || VT_IS_STATION (station));

  if (self->station == station)
    return;
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_func (vt_station_get_journal (self->station),
                                          on_journal_changed, self);
  clear (self);
  g_set_object (&self->station, station);
  if (station != NULL)
    g_signal_connect_object (vt_station_get_journal (station), "items-changed",
                             G_CALLBACK (on_journal_changed), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

GtkWidget *
vt_phase_view_new (void)
{
  return g_object_new (VT_TYPE_PHASE_VIEW, NULL);
}

static void
vt_phase_view_dispose (GObject *object)
{
  VtPhaseView *self = VT_PHASE_VIEW (object);

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_func (vt_station_get_journal (self->station),
                                          on_journal_changed, self);
  g_clear_object (&self->station);
  g_clear_pointer (&self->keyed, g_hash_table_unref);

  G_OBJECT_CLASS (vt_phase_view_parent_class)->dispose (object);
}

static void
vt_phase_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VtPhaseView *self = VT_PHASE_VIEW (object);

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
vt_phase_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VtPhaseView *self = VT_PHASE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATION:
      vt_phase_view_set_station (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_phase_view_class_init (VtPhaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_phase_view_dispose;
  object_class->get_property = vt_phase_view_get_property;
  object_class->set_property = vt_phase_view_set_property;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, VT_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vt_phase_view_init (VtPhaseView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
  self->keyed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}
