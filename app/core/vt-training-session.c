/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-training"

#include "config.h"

#include "vt-i18n.h"

#include "vt-error.h"
#include "vt-scenario-private.h"
#include "vt-store.h"
#include "vt-training-session.h"

/* A training session live (vt-training-session.h). The steps are the scenario's, in its order
 * of time; the session keeps a cursor on the next one it has not looked at, and gives or
 * announces each as the simulated clock reaches it. The trainee's steps it passes over. */

/* How often, in wall time, a running session looks for what is due. */
#define TICK_MS 200

struct _VtTrainingSession
{
  GObject          parent_instance;

  char            *scenario_path;
  char            *basename;
  Scenario        *scenario;
  VtStation       *station;
  VtTrainingStart  start;
  GPtrArray       *times;       /* GDateTime per step of scenario->all (NULL: a skipped time) */
  guint            next;        /* index in scenario->all of the first step not looked at */
  guint            first_live;  /* index of the first step not given before the start */

  /* The simulated clock: anchor_sim at anchor_wall, then speed × the wall clock's time. */
  GDateTime       *anchor_sim;
  gint64           anchor_wall;
  VtTrainingSpeed  speed;
  gboolean         paused;
  gint64         (*wall_clock) (gpointer user_data);
  gpointer         wall_clock_data;

  GMainContext    *context;
  GSource         *tick;

  GPtrArray       *shown_cards;  /* const VtScenarioStep * */
  GPtrArray       *messages;     /* utf8 */
};

enum
{
  PROP_0,
  PROP_SPEED,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CARD,
  SIGNAL_STEPPED,
  SIGNAL_TICK,
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VtTrainingSession, vt_training_session, G_TYPE_OBJECT)

static gint64
monotonic_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static const VtScenarioStep *
public_step (VtTrainingSession *self,
             guint              index)
{
  guint n_steps;
  const VtScenarioStep *steps = vt_scenario_get_steps (self->scenario, &n_steps);

  g_assert (index < n_steps);
  return &steps[index];
}

static Step *
step_at (VtTrainingSession *self,
         guint              index)
{
  return g_ptr_array_index (self->scenario->all, index);
}

/* An event is what the session itself does: a background step or a card. */
static gboolean
is_event (Step *step)
{
  return step->role != VT_SCENARIO_STEP_TRAINEE;
}

/* ---- the simulated clock ------------------------------------------------------------------ */

static GDateTime *
simulated_now (VtTrainingSession *self)
{
  gint64 elapsed;
  g_autoptr(GDateTime) now = NULL;

  if (self->paused)
    return g_date_time_ref (self->anchor_sim);
  /* A wall clock that goes back (a test's) leaves the simulated one where it was. */
  elapsed = MAX (0, self->wall_clock (self->wall_clock_data) - self->anchor_wall);
  now = g_date_time_add (self->anchor_sim, elapsed * (gint64)self->speed);
  /* Whole seconds, as the journal keeps them. */
  return g_date_time_add (now, -(GTimeSpan)g_date_time_get_microsecond (now));
}

static GDateTime *
station_clock (gpointer user_data)
{
  return simulated_now (user_data);
}

/* The clock goes on from now, at the wall clock's now: changing the speed or pausing never
 * moves it. */
static void
reanchor (VtTrainingSession *self)
{
  GDateTime *now = simulated_now (self);

  g_date_time_unref (self->anchor_sim);
  self->anchor_sim = now;
  self->anchor_wall = self->wall_clock (self->wall_clock_data);
}

/* Moves the clock forward to @time, never back. */
static void
advance_to (VtTrainingSession *self,
            GDateTime         *time)
{
  reanchor (self);
  if (time != NULL && g_date_time_compare (time, self->anchor_sim) > 0)
    {
      g_date_time_unref (self->anchor_sim);
      self->anchor_sim = g_date_time_ref (time);
    }
}

static gboolean
on_tick (gpointer user_data)
{
  vt_training_session_run_due (user_data);
  return G_SOURCE_CONTINUE;
}

static void
stop_ticking (VtTrainingSession *self)
{
  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }
}

static void
start_ticking (VtTrainingSession *self)
{
  if (self->tick != NULL)
    return;
  self->tick = g_timeout_source_new (TICK_MS);
  g_source_set_name (self->tick, "[valgting] training session");
  g_source_set_callback (self->tick, on_tick, self, NULL);
  g_source_attach (self->tick, self->context);
}

/* ---- giving what is due ------------------------------------------------------------------- */

static void
add_message (VtTrainingSession *self,
             char              *message)
{
  g_ptr_array_add (self->messages, message);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

/* Gives the background step at @index: FALSE when it could not be saved (the session pauses,
 * and the step is tried again when it goes on). */
static gboolean
give_background (VtTrainingSession *self,
                 guint              index)
{
  Step *step = step_at (self, index);
  g_autofree char *number = vt_scenario_step_name (step->number);
  g_autofree char *label = vt_scenario_step_label (self->scenario, step);
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  Step *missing = NULL;

  payload = vt_scenario_resolve_payload (self->scenario, step, &missing);
  if (missing != NULL)
    {
      g_autofree char *other = vt_scenario_step_name (missing->number);

      if (missing->role == VT_SCENARIO_STEP_TRAINEE)
        /* Translators: "step 14 (10:50 outdoor.end) was not given: it refers to step 12, the
         * trainee's": the session gives no step of the trainee's, so the entry is not there */
        add_message (self, g_strdup_printf (_("%s (%s) was not given: it refers to %s, the "
                                              "trainee's"), number, label, other));
      else
        /* Translators: "step 14 (10:50 outdoor.end) was not given: it refers to step 12,
         * which made no entry" */
        add_message (self, g_strdup_printf (_("%s (%s) was not given: it refers to %s, which "
                                              "made no entry"), number, label, other));
      return TRUE;
    }

  entry = vt_scenario_give_step (self->scenario, self->station, self->basename, step, &error);
  if (entry != NULL)
    {
      g_signal_emit (self, signals[SIGNAL_STEPPED], 0, public_step (self, index), TRUE);
      return TRUE;
    }
  if (error->domain != VT_RULE_ERROR)
    {
      /* Translators: "step 14 (10:50 urn.seal) could not be saved: …"; the session pauses */
      add_message (self, g_strdup_printf (_("%s (%s) could not be saved: %s"), number, label,
                                          error->message));
      vt_training_session_set_paused (self, TRUE);
      return FALSE;
    }
  if (!step->expect_refused)
    /* Translators: "step 14 (10:50 doors.open) was refused: …": the trainee's actions changed
     * the day, and the session goes on */
    add_message (self, g_strdup_printf (_("%s (%s) was refused: %s"), number, label,
                                        error->message));
  g_signal_emit (self, signals[SIGNAL_STEPPED], 0, public_step (self, index), FALSE);
  return TRUE;
}

/* Gives or announces every event up to @now, in order. */
static void
give_due (VtTrainingSession *self,
          GDateTime         *now)
{
  while (self->next < self->scenario->all->len)
    {
      Step *step = step_at (self, self->next);
      GDateTime *time = g_ptr_array_index (self->times, self->next);

      if (time != NULL && g_date_time_compare (time, now) > 0)
        break;
      if (step->role == VT_SCENARIO_STEP_CARD)
        {
          const VtScenarioStep *card = public_step (self, self->next);

          g_ptr_array_add (self->shown_cards, (gpointer)card);
          self->next++;
          g_signal_emit (self, signals[SIGNAL_CARD], 0, card);
        }
      else if (step->role == VT_SCENARIO_STEP_BACKGROUND)
        {
          /* Past it before the signals: a handler may look again. */
          guint index = self->next++;

          if (!give_background (self, index))
            {
              self->next = index;
              break;
            }
        }
      else
        self->next++;
    }
}

void
vt_training_session_run_due (VtTrainingSession *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (VT_IS_TRAINING_SESSION (self));

  now = simulated_now (self);
  g_object_ref (self);
  give_due (self, now);
  g_signal_emit (self, signals[SIGNAL_TICK], 0);
  g_object_unref (self);
}

/* ---- starting --------------------------------------------------------------------------- */

static gboolean
has_session_steps (Scenario *scenario)
{
  for (guint i = 0; i < scenario->all->len; i++)
    {
      Step *step = g_ptr_array_index (scenario->all, i);

      if (step->role != VT_SCENARIO_STEP_BACKGROUND)
        return TRUE;
    }
  return FALSE;
}

/* From the closing: every step before the last day's closing given as a replay gives it, at
 * its own time, and the cards before it counted as shown. */
static gboolean
give_day_so_far (VtTrainingSession *self,
                 GError           **error)
{
  GPtrArray *days = vt_config_get_days (self->scenario->config);
  VtElectionDay *last = g_ptr_array_index (days, days->len - 1);
  g_auto(VtScenarioReport) report = { 0 };

  report.messages = g_ptr_array_new_with_free_func (g_free);
  report.step_entries = g_array_new (FALSE, TRUE, sizeof (gint64));

  while (self->next < self->scenario->all->len)
    {
      Step *step = step_at (self, self->next);
      GDateTime *time = g_ptr_array_index (self->times, self->next);

      if (time == NULL || g_date_time_compare (time, last->closes) >= 0)
        break;
      g_date_time_unref (self->anchor_sim);
      self->anchor_sim = g_date_time_ref (time);
      if (step->role == VT_SCENARIO_STEP_CARD)
        g_ptr_array_add (self->shown_cards, (gpointer)public_step (self, self->next));
      else if (!vt_scenario_replay_step (self->scenario, self->station, self->basename, step,
                                         &report, error))
        return FALSE;
      self->next++;
    }

  /* Nothing before the closing: as from the morning. */
  if (self->next > 0)
    advance_to (self, last->closes);
  self->first_live = self->next;
  return TRUE;
}

static gboolean
session_start (VtTrainingSession *self,
               const char        *station_path,
               GError           **error)
{
  Step *first;

  self->scenario = vt_scenario_read (self->scenario_path, FALSE, error);
  if (self->scenario == NULL)
    return FALSE;
  if (self->scenario->steps->len == 0)
    {
      g_set_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID,
                   _("%s: steps: every step is a comment; give at least one command"),
                   self->scenario->origin);
      return FALSE;
    }
  if (!has_session_steps (self->scenario))
    {
      g_set_error (error, VT_SCENARIO_ERROR, VT_SCENARIO_ERROR_INVALID,
                   /* Translators: %s is the scenario's file name */
                   _("%s is not a training session: it has no step for the trainee and no "
                     "card; replay it with valgting replay"), self->scenario->origin);
      return FALSE;
    }

  self->station = vt_scenario_create_station (self->scenario, station_path, FALSE, error);
  if (self->station == NULL)
    return FALSE;
  /* From here on the station's own configuration: the election's days moved to today. */
  g_set_object (&self->scenario->config, vt_station_get_config (self->station));

  self->times = g_ptr_array_new_with_free_func ((GDestroyNotify)g_date_time_unref);
  for (guint i = 0; i < self->scenario->all->len; i++)
    {
      Step *step = step_at (self, i);
      /* NULL only for a time the clocks skip: then it is due with the step before. */
      g_ptr_array_add (self->times, vt_scenario_step_time (self->scenario->config, step->day,
                                                           step->minutes));
    }

  /* The station's first entry was made at the first command's time; a card before it is
   * shown as soon as the session looks. */
  first = g_ptr_array_index (self->scenario->steps, 0);
  self->anchor_sim = vt_scenario_step_time (self->scenario->config, first->day,
                                            first->minutes);
  if (self->anchor_sim == NULL)
    self->anchor_sim = vt_station_dup_now (self->station);
  self->anchor_wall = self->wall_clock (self->wall_clock_data);
  vt_station_set_clock (self->station, station_clock, self);

  if (self->start == VT_TRAINING_START_CLOSING)
    return give_day_so_far (self, error);
  return TRUE;
}

/**
 * vt_training_session_new:
 *
 * See vt-training-session.h. The session's timeout runs on the thread-default main context
 * of the caller.
 *
 * Returns: (transfer full): the session, paused, or NULL
 */
VtTrainingSession *
vt_training_session_new (const char       *scenario_path,
                         const char       *station_path,
                         VtTrainingStart   start,
                         GError          **error)
{
  g_autoptr(VtTrainingSession) self = NULL;

  g_return_val_if_fail (scenario_path != NULL, NULL);
  g_return_val_if_fail (station_path != NULL, NULL);

  self = g_object_new (VT_TYPE_TRAINING_SESSION, NULL);
  self->scenario_path = g_strdup (scenario_path);
  self->basename = g_path_get_basename (scenario_path);
  self->start = start;
  if (!session_start (self, station_path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- the object ------------------------------------------------------------------------- */

static void
vt_training_session_dispose (GObject *object)
{
  VtTrainingSession *self = VT_TRAINING_SESSION (object);

  stop_ticking (self);
  if (self->station != NULL)
    vt_station_set_clock (self->station, NULL, NULL);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (vt_training_session_parent_class)->dispose (object);
}

static void
vt_training_session_finalize (GObject *object)
{
  VtTrainingSession *self = VT_TRAINING_SESSION (object);

  g_free (self->scenario_path);
  g_free (self->basename);
  g_clear_pointer (&self->shown_cards, g_ptr_array_unref);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->times, g_ptr_array_unref);
  g_clear_pointer (&self->anchor_sim, g_date_time_unref);
  g_clear_pointer (&self->scenario, vt_scenario_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (vt_training_session_parent_class)->finalize (object);
}

static void
vt_training_session_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VtTrainingSession *self = VT_TRAINING_SESSION (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      g_value_set_int (value, self->speed);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_training_session_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VtTrainingSession *self = VT_TRAINING_SESSION (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      vt_training_session_set_speed (self, g_value_get_int (value));
      break;
    case PROP_PAUSED:
      vt_training_session_set_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vt_training_session_class_init (VtTrainingSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vt_training_session_dispose;
  object_class->finalize = vt_training_session_finalize;
  object_class->get_property = vt_training_session_get_property;
  object_class->set_property = vt_training_session_set_property;

  /* A VtTrainingSpeed: 1, 10 or 60. */
  properties[PROP_SPEED] =
    g_param_spec_int ("speed", NULL, NULL, VT_TRAINING_SPEED_1X, VT_TRAINING_SPEED_60X,
                      VT_TRAINING_SPEED_1X,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CARD] =
    g_signal_new ("card", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_STEPPED] =
    g_signal_new ("stepped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
  signals[SIGNAL_TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vt_training_session_init (VtTrainingSession *self)
{
  self->speed = VT_TRAINING_SPEED_1X;
  self->paused = TRUE;
  self->wall_clock = monotonic_clock;
  self->context = g_main_context_ref_thread_default ();
  self->shown_cards = g_ptr_array_new ();
  self->messages = g_ptr_array_new_with_free_func (g_free);
}

/* ---- the rest of the interface ------------------------------------------------------------ */

VtStation *
vt_training_session_get_station (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), NULL);
  return self->station;
}

VtScenario *
vt_training_session_get_scenario (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), NULL);
  return self->scenario;
}

const char *
vt_training_session_get_scenario_path (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), NULL);
  return self->scenario_path;
}

VtTrainingStart
vt_training_session_get_start (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), VT_TRAINING_START_MORNING);
  return self->start;
}

GDateTime *
vt_training_session_dup_now (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), NULL);
  return simulated_now (self);
}

VtTrainingSpeed
vt_training_session_get_speed (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), VT_TRAINING_SPEED_1X);
  return self->speed;
}

void
vt_training_session_set_speed (VtTrainingSession *self,
                               VtTrainingSpeed    speed)
{
  g_return_if_fail (VT_IS_TRAINING_SESSION (self));
  g_return_if_fail (speed == VT_TRAINING_SPEED_1X || speed == VT_TRAINING_SPEED_10X ||
                    speed == VT_TRAINING_SPEED_60X);

  if (self->speed == speed)
    return;
  reanchor (self);
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

gboolean
vt_training_session_get_paused (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), TRUE);
  return self->paused;
}

void
vt_training_session_set_paused (VtTrainingSession *self,
                                gboolean           paused)
{
  g_return_if_fail (VT_IS_TRAINING_SESSION (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  reanchor (self);
  self->paused = paused;
  if (paused)
    stop_ticking (self);
  else
    start_ticking (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/* The index of the next event not looked at, or the number of steps. */
static guint
next_event (VtTrainingSession *self)
{
  guint i = self->next;

  while (i < self->scenario->all->len && !is_event (step_at (self, i)))
    i++;
  return i;
}

const VtScenarioStep *
vt_training_session_peek_next_event (VtTrainingSession *self)
{
  guint i;

  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), NULL);

  i = next_event (self);
  return i < self->scenario->all->len ? public_step (self, i) : NULL;
}

void
vt_training_session_jump_to_next_event (VtTrainingSession *self)
{
  guint i;

  g_return_if_fail (VT_IS_TRAINING_SESSION (self));

  i = next_event (self);
  if (i < self->scenario->all->len)
    advance_to (self, g_ptr_array_index (self->times, i));
  vt_training_session_run_due (self);
}

GPtrArray *
vt_training_session_dup_due_tasks (VtTrainingSession *self)
{
  g_autoptr(GDateTime) now = NULL;
  GPtrArray *tasks;

  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), NULL);

  now = simulated_now (self);
  tasks = g_ptr_array_new ();
  for (guint i = self->first_live; i < self->scenario->all->len; i++)
    {
      GDateTime *time = g_ptr_array_index (self->times, i);

      if (time != NULL && g_date_time_compare (time, now) > 0)
        break;
      if (step_at (self, i)->role == VT_SCENARIO_STEP_TRAINEE)
        g_ptr_array_add (tasks, (gpointer)public_step (self, i));
    }
  return tasks;
}

GPtrArray *
vt_training_session_get_shown_cards (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), NULL);
  return self->shown_cards;
}

GPtrArray *
vt_training_session_get_messages (VtTrainingSession *self)
{
  g_return_val_if_fail (VT_IS_TRAINING_SESSION (self), NULL);
  return self->messages;
}

void
vt_training_session_set_wall_clock (VtTrainingSession *self,
                                    gint64           (*clock) (gpointer user_data),
                                    gpointer           user_data)
{
  g_return_if_fail (VT_IS_TRAINING_SESSION (self));

  /* The simulated clock goes on from where it is, on the new wall clock. */
  reanchor (self);
  self->wall_clock = clock != NULL ? clock : monotonic_clock;
  self->wall_clock_data = user_data;
  self->anchor_wall = self->wall_clock (self->wall_clock_data);
}
