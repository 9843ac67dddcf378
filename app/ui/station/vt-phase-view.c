/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-phase-view"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-checks.h"
#include "vt-documents.h"
#include "vt-entry-kind.h"
#include "vt-phase-view.h"
#include "vt-role.h"
#include "vt-station-state.h"

/* What the chair sees for one phase of the day: what to do now and why (the handbook), what
 * needs attention (the numbered checks), the phase's own steps with their state, and every
 * command the phase allows. Built from the station's state each time the journal changes;
 * every button gives a command through the callbacks, never writes anything itself. */

/* The handbook: one paragraph per phase, from the election workers' guides. */
static const char *
phase_instruction (VtPhase phase)
{
  switch (phase)
    {
    case VT_PHASE_SETUP:
      return _("Everyone who works at the station today signs the confidentiality declaration "
               "and is logged as they arrive. The chair and at least one other board member "
               "stay present all day. Register the seal strips you received.");
    case VT_PHASE_OPENING:
      return _("Go through the checklist together; write a deviation when something is not as "
               "it should be. Show every urn empty to a second person, then seal it with a "
               "numbered strip and enter the number. Open the doors at the scheduled time — "
               "earlier only with a reason in the log.");
    case VT_PHASE_VOTING:
      return _("Log every special envelope with one key, and every incident when it happens. "
               "An outdoor vote needs two workers and stays on this screen until the equipment "
               "is back. A full urn is sealed at the slot and replaced by a new sealed urn. "
               "Never write a voter's name or identity number: use table, page and line.");
    case VT_PHASE_NIGHT:
      return _("Every urn is sealed for the night and the room is locked. Tomorrow, before the "
               "doors open, read the number on each urn's strip and check it against the "
               "register.");
    case VT_PHASE_CLOSING:
      return _("Note how many are in the queue when the doors close: they still vote. Then, in "
               "order: count the roll marks per table (a second person control-counts), count "
               "the special envelopes per reason, take the unused ballots out of the room, "
               "collect the stamps, and pack shipment 1 and hand it to the courier.");
    case VT_PHASE_COUNTING:
      return _("Open the urns only after shipment 1 has left. Sort the ballots per contest and "
               "count each pile twice, by two people; the counts must agree. Every difference "
               "from the roll marks needs an explanation that points at the log.");
    case VT_PHASE_PROTOCOL:
      return _("Phone the results to the election office, then check the protocol, sign it "
               "with the board and hand it over with the ballots.");
    case VT_N_PHASES:
    default:
      return "";
    }
}

/* ---- building blocks -------------------------------------------------------------------- */

static GtkWidget *
new_group (GtkBox     *box,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (box, group);
  return group;
}

static void
on_command_clicked (GtkButton   *button,
                    VtPhaseView *view)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char * const *preset = g_object_get_data (G_OBJECT (button), "preset");

  view->run (view->user_data, kind, preset);
}

/* A button that gives @kind with @preset ("field=value" pairs) fixed. */
static GtkWidget *
command_button (VtPhaseView *view,
                const char  *label,
                const char  *kind,
                const char  *first_preset,
                ...)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first_preset);
  for (const char *p = first_preset; p != NULL; p = va_arg (args, const char *))
    g_strv_builder_add (builder, p);
  va_end (args);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "kind", g_strdup (kind), g_free);
  g_object_set_data_full (G_OBJECT (button), "preset", g_strv_builder_end (builder),
                          (GDestroyNotify)g_strfreev);
  g_signal_connect (button, "clicked", G_CALLBACK (on_command_clicked), view);
  return button;
}

static GtkWidget *
status_icon (const char *icon_name,
             const char *description)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  return icon;
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_done_icon (GtkWidget *row,
               gboolean   done)
{
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             done ? status_icon ("emblem-ok-symbolic", _("Done"))
                                  : status_icon ("radio-symbolic", _("Not done yet")));
}

/* ---- the findings ----------------------------------------------------------------------- */

/* One row per numbered check: seven unticked opening checks are one thing to do, not seven. */
static void
add_findings (VtPhaseView *view,
              GtkBox      *box)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (view->station);
  GtkWidget *group;

  if (findings->len == 0)
    return;

  group = new_group (box, _("Needs attention"), NULL);
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      const VtCheckInfo *info = vt_check_lookup (finding->code);
      gboolean error = finding->severity == VT_SEVERITY_ERROR;
      /* Translators: a numbered check and its title, "K102 Urn in use not sealed" */
      g_autofree char *title = g_strdup_printf (_("%s %s"), finding->code,
                                                vt_check_get_title (info));
      GString *subtitle = g_string_new (NULL);
      guint n_same = 0;
      GtkWidget *row;

      /* The findings of one check come together; a warning is about one subject each. */
      for (guint j = i; j < findings->len; j++)
        {
          VtFinding *same = g_ptr_array_index (findings, j);

          if (!g_str_equal (same->code, finding->code) || (!error && j > i))
            break;
          if (n_same < 4)
            g_string_append_printf (subtitle, "%s%s", n_same > 0 ? "\n" : "", same->message);
          n_same++;
        }
      if (n_same > 4)
        {
          /* Translators: after the first four findings of one check, "and 3 more" */
          g_autofree char *more = g_strdup_printf (ngettext ("and %u more", "and %u more",
                                                             n_same - 4), n_same - 4);
          g_string_append_printf (subtitle, "\n%s", more);
        }
      if (finding->explanation != NULL)
        /* Translators: the board's explanation of a finding */
        g_string_append_printf (subtitle, "\n%s", finding->explanation);
      i += n_same - 1;

      row = add_row (group, title, subtitle->str);
      g_string_free (subtitle, TRUE);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 status_icon (error ? "dialog-error-symbolic"
                                                    : "dialog-warning-symbolic",
                                              error ? _("Error: blocks the next step")
                                                    : _("Warning: needs an explanation")));
      gtk_widget_add_css_class (row, error ? "finding-error" : "finding-warning");
      if (!error && finding->explanation == NULL &&
          (g_str_equal (finding->code, "K103") || g_str_equal (finding->code, "K302") ||
           g_str_equal (finding->code, "K402")))
        {
          g_autofree char *code = g_strdup_printf ("code=%s", finding->code);
          g_autofree char *subject = g_strdup_printf ("subject=%s",
                                                      finding->subject != NULL
                                                        ? finding->subject : "");
          GString *proposals = g_string_new ("~entries=");

          for (guint p = 0; p < finding->proposals->len; p++)
            g_string_append_printf (proposals, "%s%" PRId64, p > 0 ? ", " : "",
                                    g_array_index (finding->proposals, gint64, p));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     command_button (view, _("_Explain…"), "count.explain",
                                                     code,
                                                     g_str_equal (finding->code, "K103")
                                                       ? NULL : subject,
                                                     g_str_equal (finding->code, "K103")
                                                       ? NULL : proposals->str,
                                                     NULL));
          g_string_free (proposals, TRUE);
        }
    }
}

/* ---- setup: people ---------------------------------------------------------------------- */

static void
add_people (VtPhaseView *view,
            GtkBox      *box)
{
  VtConfig *config = vt_station_get_config (view->station);
  GPtrArray *people = vt_config_get_people (config);
  GtkWidget *group = new_group (box, _("Board and staff"),
                                _("Log each person as they arrive and leave."));

  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      gboolean present = vt_station_is_present (view->station, person->id);
      gboolean signed_ = vt_station_has_signed (view->station, person->id);
      g_autofree char *who = g_strdup_printf ("person=%s", person->id);
      /* Translators: a person's role and state, "Roll marker · present · declaration signed" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %s"),
                                                   vt_role_get_label (person->role),
                                                   present ? _("present") : _("not here"),
                                                   signed_ ? _("declaration signed")
                                                           : _("declaration not signed"));
      GtkWidget *row = add_row (group, person->name, subtitle);

      add_done_icon (row, present && signed_);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 present ? command_button (view, _("Left"), "person.leave",
                                                           who, NULL)
                                         : command_button (view, _("Arrived"), "person.arrive",
                                                           who, NULL));
      if (!signed_)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   command_button (view, _("Declaration Signed"),
                                                   "person.declaration", who, NULL));
    }
}

/* ---- opening: checklist ----------------------------------------------------------------- */

static void
add_checklist (VtPhaseView *view,
               GtkBox      *box)
{
  GPtrArray *checks = vt_config_get_checklist (vt_station_get_config (view->station));
  GtkWidget *group = new_group (box, _("Opening checks"),
                                _("Tick each item when it is done, or write what is wrong."));

  for (guint i = 0; i < checks->len; i++)
    {
      VtCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *status = vt_station_dup_check_status (view->station, check->id);
      g_autofree char *preset = g_strdup_printf ("check=%s", check->id);
      GtkWidget *row = add_row (group, check->text,
                                g_strcmp0 (status, "deviation") == 0 ? _("Deviation logged")
                                : status != NULL                     ? _("Done")
                                                                     : NULL);

      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      add_done_icon (row, status != NULL);
      if (status == NULL)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     command_button (view, _("Done"), "check.done", preset,
                                                     NULL));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     command_button (view, _("Deviation…"), "check.deviation",
                                                     preset, NULL));
        }
    }
}

/* ---- urns ------------------------------------------------------------------------------- */

static const char *
urn_status_label (const char *status)
{
  if (g_strcmp0 (status, "new") == 0)
    return _("not shown empty yet");
  if (g_strcmp0 (status, "empty") == 0)
    return _("shown empty, not sealed");
  if (g_strcmp0 (status, "sealed") == 0)
    return _("sealed");
  if (g_strcmp0 (status, "full") == 0)
    return _("full, sealed at the slot");
  if (g_strcmp0 (status, "broken") == 0)
    return _("seal broken");
  if (g_strcmp0 (status, "opened") == 0)
    return _("opened for counting");
  return status;
}

static void
add_urns (VtPhaseView *view,
          GtkBox      *box,
          VtPhase      phase)
{
  g_autoptr(GPtrArray) urns = vt_station_dup_urns (view->station);
  GtkWidget *group = new_group (box, _("Urns and seals"),
                                _("A second person is present when an urn is shown empty, "
                                  "sealed or its seal broken."));
  GtkWidget *add = command_button (view, _("_Take an Urn into Use…"), "urn.add", NULL);

  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  for (guint i = 0; i < urns->len; i++)
    {
      VtUrnState *urn = g_ptr_array_index (urns, i);
      g_autofree char *preset = g_strdup_printf ("urn=%s", urn->id);
      gboolean sealed = g_str_equal (urn->status, "sealed") || g_str_equal (urn->status, "full");
      GtkWidget *row = add_row (group, urn->id, urn_status_label (urn->status));

      add_done_icon (row, sealed || g_str_equal (urn->status, "opened"));
      if (g_str_equal (urn->status, "new") || g_str_equal (urn->status, "broken"))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   command_button (view, _("Shown Empty…"), "urn.verify-empty",
                                                   preset, NULL));
      if (g_str_equal (urn->status, "empty"))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   command_button (view, _("Seal…"), "urn.seal", preset, NULL));
      if (g_str_equal (urn->status, "sealed") && phase == VT_PHASE_VOTING)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   command_button (view, _("Full…"), "urn.full", preset, NULL));
      if (sealed && (phase == VT_PHASE_NIGHT || phase == VT_PHASE_OPENING))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   command_button (view, _("Check Seal…"), "urn.seal-check",
                                                   preset, NULL));
      if (sealed && phase != VT_PHASE_SETUP && phase != VT_PHASE_OPENING)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   command_button (view, _("Break Seal…"), "seal.break", preset,
                                                   NULL));
      if (sealed && (phase == VT_PHASE_CLOSING || phase == VT_PHASE_COUNTING))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   command_button (view, _("Open"), "urn.open", preset, NULL));
    }
}

/* ---- voting: envelopes and outdoor votes ------------------------------------------------ */

static void
add_envelopes (VtPhaseView *view,
               GtkBox      *box)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (vt_station_get_config (view->station));
  GtkWidget *group = new_group (box, _("Special envelopes"),
                                _("One click or Ctrl+number per envelope; Ctrl+Z undoes the "
                                  "last one."));

  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gint64 n = vt_station_count_envelopes (view->station, reason->id);
      g_autofree char *preset = g_strdup_printf ("reason=%s", reason->id);
      g_autofree char *count = g_strdup_printf ("%" PRId64, n);
      /* Translators: the keyboard shortcut of an envelope counter, "Ctrl+1" */
      g_autofree char *shortcut = i < 9 ? g_strdup_printf (_("Ctrl+%u"), i + 1) : NULL;
      GtkWidget *row = add_row (group, reason->label, shortcut);
      GtkWidget *label = gtk_label_new (count);
      GtkWidget *button = command_button (view, "+1", "envelope", preset, NULL);

      gtk_widget_add_css_class (label, "title-2");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      /* Translators: the accessible name of the button that logs one envelope of a reason */
      g_autofree char *accessible = g_strdup_printf (_("Log one special envelope: %s"),
                                                     reason->label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_widget_add_css_class (button, "suggested-action");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
}

static void
add_outdoor (VtPhaseView *view,
             GtkBox      *box)
{
  g_autoptr(GArray) open = vt_station_dup_open_outdoor_votes (view->station);
  GtkWidget *group = new_group (box, _("Outdoor voting"),
                                _("Two workers go out with the ballot sets, a stamp, the mobile "
                                  "urn and the curtain. Only for a voter in this station's roll."));

  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                           command_button (view, _("_Start…"), "outdoor.start",
                                                           NULL));
  for (guint i = 0; i < open->len; i++)
    {
      gint64 seq = g_array_index (open, gint64, i);
      g_autofree char *preset = g_strdup_printf ("vote=%" PRId64, seq);
      /* Translators: an outdoor vote not finished yet, by the entry that started it */
      g_autofree char *title = g_strdup_printf (_("Outdoor vote of entry %" PRId64), seq);
      GtkWidget *row = add_row (group, title, _("Not finished: the equipment is not back yet"));

      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 status_icon ("dialog-warning-symbolic", _("Not finished")));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 command_button (view, _("Equipment Out"), "outdoor.out", preset,
                                                 NULL));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 command_button (view, _("Finished"), "outdoor.end", preset,
                                                 NULL));
    }
}

/* ---- closing and counting --------------------------------------------------------------- */

static void
add_step_row (VtPhaseView *view,
              GtkWidget   *group,
              const char  *kind_id)
{
  const VtEntryKind *kind = vt_entry_kind_lookup (kind_id);
  gboolean done = vt_station_has_step (view->station, kind_id);
  GtkWidget *row = add_row (group, vt_entry_kind_get_name (kind),
                            vt_entry_kind_get_description (kind));

  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  add_done_icon (row, done);
  if (!done)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               command_button (view, _("Record…"), kind_id, NULL));
}

static void
add_closing (VtPhaseView *view,
             GtkBox      *box)
{
  VtConfig *config = vt_station_get_config (view->station);
  GPtrArray *tables = vt_config_get_tables (config);
  GPtrArray *days = vt_config_get_days (config);
  GPtrArray *reasons = vt_config_get_envelope_reasons (config);
  GtkWidget *group;

  group = new_group (box, _("Roll marks"),
                     _("Count the marks in the roll's Valgting column per table; a second "
                       "person counts again. The two counts must agree."));
  for (guint d = 1; d <= days->len; d++)
    for (guint i = 0; i < tables->len; i++)
      {
        VtRollTable *table = g_ptr_array_index (tables, i);
        gint64 n;
        gboolean done = vt_station_get_roll_marks (view->station, table->id, (int)d, &n);
        g_autofree char *title = days->len > 1
          /* Translators: "Table 1, day 2" */
          ? g_strdup_printf (_("Table %s, day %u"), table->id, d)
          : g_strdup_printf (_("Table %s"), table->id);
        g_autofree char *subtitle = done ? g_strdup_printf (_("%" PRId64 " marks"), n) : NULL;
        g_autofree char *preset_table = g_strdup_printf ("table=%s", table->id);
        g_autofree char *preset_day = g_strdup_printf ("day=%u", d);
        GtkWidget *row = add_row (group, title, subtitle);

        add_done_icon (row, done);
        if (!done)
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     command_button (view, _("Count…"), "roll-marks",
                                                     preset_table, preset_day, NULL));
      }

  group = new_group (box, _("Special envelopes counted"),
                     _("Count the envelopes of each reason twice; a difference from the "
                       "envelopes logged during the day needs an explanation."));
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gint64 live = vt_station_count_envelopes (view->station, reason->id);
      gint64 n;
      gboolean done = vt_station_get_envelopes_counted (view->station, reason->id, &n);
      g_autofree char *subtitle = done
        /* Translators: "12 counted, 12 logged during the day" */
        ? g_strdup_printf (_("%" PRId64 " counted, %" PRId64 " logged during the day"), n, live)
        : g_strdup_printf (_("%" PRId64 " logged during the day"), live);
      g_autofree char *preset = g_strdup_printf ("reason=%s", reason->id);
      GtkWidget *row = add_row (group, reason->label, subtitle);

      add_done_icon (row, done);
      if (!done)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   command_button (view, _("Count…"), "envelopes.counted",
                                                   preset, NULL));
    }

  group = new_group (box, _("Before an urn is opened"), NULL);
  add_step_row (view, group, "closing.last-voter");
  add_step_row (view, group, "closing.unused-ballots-removed");
  add_step_row (view, group, "closing.stamps-handed-in");
  add_step_row (view, group, "shipment.packed");
  add_step_row (view, group, "shipment.handed-over");
}

static void
add_count (VtPhaseView *view,
           GtkBox      *box)
{
  VtConfig *config = vt_station_get_config (view->station);
  GPtrArray *contests = vt_config_get_contests (config);
  gboolean by_party = vt_config_get_count_mode (config) != VT_COUNT_TOTALS_ONLY;

  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      GtkWidget *group = new_group (box, contest->name,
                                    _("Each pile is counted, then counted again by a second "
                                      "person; the two counts must agree."));
      g_autoptr(GPtrArray) piles = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autofree char *preset_contest = g_strdup_printf ("contest=%s", contest->id);

      if (by_party)
        for (guint l = 0; l < contest->lists->len; l++)
          {
            VtPartyList *list = g_ptr_array_index (contest->lists, l);
            g_ptr_array_add (piles, g_strdup (list->id));
            g_ptr_array_add (labels, list->name);
          }
      else
        {
          g_ptr_array_add (piles, g_strdup ("approved"));
          g_ptr_array_add (labels, _("Approved ballots"));
        }
      g_ptr_array_add (piles, g_strdup ("blank"));
      g_ptr_array_add (labels, _("Blank ballots"));
      g_ptr_array_add (piles, g_strdup ("doubtful"));
      g_ptr_array_add (labels, _("Doubtful ballots"));

      for (guint p = 0; p < piles->len; p++)
        {
          const char *pile = g_ptr_array_index (piles, p);
          gint64 n;
          gboolean done = vt_station_get_pile (view->station, contest->id, pile, &n);
          g_autofree char *count = done ? g_strdup_printf ("%" PRId64, n) : NULL;
          g_autofree char *preset_pile = g_strdup_printf ("pile=%s", pile);
          GtkWidget *row = add_row (group, g_ptr_array_index (labels, p), NULL);

          add_done_icon (row, done);
          if (done)
            {
              GtkWidget *label = gtk_label_new (count);
              gtk_widget_add_css_class (label, "numeric");
              gtk_widget_add_css_class (label, "title-4");
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
            }
          else
            adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                       command_button (view, _("Count…"), "count.pile",
                                                       preset_contest, preset_pile, NULL));
        }
    }
}

/* ---- documents ------------------------------------------------------------------------- */

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *target,
               const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return button;
}

static void
add_documents (VtPhaseView          *view,
               GtkBox               *box,
               const VtDocumentKind *kinds,
               guint                 n_kinds)
{
  VtConfig *config = vt_station_get_config (view->station);
  GtkWidget *group = new_group (box, _("Documents"),
                                _("Made from the log as it is now. Preview, save as PDF, or "
                                  "print."));

  for (guint i = 0; i < n_kinds; i++)
    {
      const char *title = vt_document_kind_get_title (kinds[i], config);
      const char *id = vt_document_kind_to_string (kinds[i]);
      GtkWidget *row = add_row (group, title, NULL);
      /* Translators: accessible names of the buttons beside a document: "Preview Seal
       * register" */
      g_autofree char *preview = g_strdup_printf (_("Preview %s"), title);
      g_autofree char *export = g_strdup_printf (_("Save %s as PDF"), title);
      g_autofree char *print = g_strdup_printf (_("Print %s"), title);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (_("Preview"), "station.preview", id, preview));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (_("PDF…"), "station.export", id, export));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (_("Print…"), "station.print", id, print));
    }
}

/* ---- signing the protocol -------------------------------------------------------------- */

static void
add_signers (VtPhaseView *view,
             GtkBox      *box)
{
  VtConfig *config = vt_station_get_config (view->station);
  GPtrArray *people = vt_config_get_people (config);
  gboolean two_only = vt_config_get_protocol (config) != VT_PROTOCOL_2019;
  GtkWidget *group = new_group (box, _("Signatures"),
                                two_only
                                  ? _("The leader and the deputy leader sign the protocol, on "
                                      "screen or on the paper. Anything logged after a "
                                      "signature asks for it again.")
                                  : _("The board members present sign the protocol, on screen "
                                      "or on the paper. Anything logged after a signature asks "
                                      "for it again."));

  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      VtSignatureState state;
      GtkWidget *row;
      GtkWidget *button;
      /* Translators: the accessible name of the button: "Sign as Kari Øvingsen" */
      g_autofree char *accessible = g_strdup_printf (_("Sign as %s"), person->name);

      if (two_only ? person->role != VT_ROLE_LEDER && person->role != VT_ROLE_NESTLEDER
                   : !vt_role_is_board (person->role))
        continue;
      state = vt_document_get_signature (view->station, person->id);
      row = add_row (group, person->name,
                     state == VT_SIGNATURE_CURRENT ? _("Signed")
                     : state == VT_SIGNATURE_STALE ? _("Signed before later entries: sign again")
                                                   : _("Not signed on screen"));
      add_done_icon (row, state == VT_SIGNATURE_CURRENT);
      if (state == VT_SIGNATURE_CURRENT)
        continue;
      button = action_button (_("Sign…"), "station.sign", person->id, accessible);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
}

/* ---- the step that ends the phase ------------------------------------------------------ */

/* The one big button of a phase: what the chair does to move the day on. */
static void
add_next_step (VtPhaseView *view,
               GtkBox      *box,
               const char  *kind_id,
               const char  *label,
               const char  *explanation)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_label_new (explanation);
  GtkWidget *button = command_button (view, label, kind_id, NULL);

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "dim-label");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "pill");
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (box, row);
}

/* ---- every command of the phase --------------------------------------------------------- */

/* Every command of the phase is one step away: the palette (Ctrl+K) lists each with what it
 * is for, found by typing. The steps above are what the chair needs most. */
static void
add_all_commands (GtkBox *box)
{
  GtkWidget *group = new_group (box, "", NULL);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _("Everything that can be recorded now"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Find any step by typing (Ctrl+K). To correct or annul an "
                                 "entry, use its buttons in the log."));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "station.palette");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

/* ---- the whole view --------------------------------------------------------------------- */

void
vt_phase_view_build (VtPhaseView *view,
                     GtkBox      *box,
                     VtPhase      shown)
{
  VtPhase now = vt_station_get_phase (view->station);
  GtkWidget *child;
  GtkWidget *title;
  GtkWidget *instruction;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);

  title = gtk_label_new (vt_phase_get_label (shown));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_box_append (box, title);

  if (shown != now)
    {
      GtkWidget *where = gtk_label_new (shown < now ? _("This phase is over. What was done "
                                                        "stays in the log.")
                                                    : _("This phase has not started yet."));
      gtk_label_set_xalign (GTK_LABEL (where), 0);
      gtk_label_set_wrap (GTK_LABEL (where), TRUE);
      gtk_widget_add_css_class (where, "dim-label");
      gtk_box_append (box, where);
    }

  instruction = gtk_label_new (phase_instruction (shown));
  gtk_label_set_xalign (GTK_LABEL (instruction), 0);
  gtk_label_set_wrap (GTK_LABEL (instruction), TRUE);
  gtk_widget_add_css_class (instruction, "phase-instruction");
  gtk_box_append (box, instruction);

  if (shown == now)
    add_findings (view, box);

  switch (shown)
    {
    case VT_PHASE_SETUP:
      add_people (view, box);
      break;
    case VT_PHASE_OPENING:
      add_checklist (view, box);
      add_urns (view, box, now);
      if (shown == now)
        add_next_step (view, box, "doors.open", _("_Open the Doors…"),
                       _("At the scheduled time, when every check is done and every urn in use "
                         "is sealed."));
      break;
    case VT_PHASE_VOTING:
      add_envelopes (view, box);
      add_outdoor (view, box);
      add_urns (view, box, now);
      if (shown == now)
        {
          add_next_step (view, box, "incident.turnout", _("_Report Turnout…"),
                         _("The marks so far per table, when the election office asks."));
          add_next_step (view, box, "doors.close", _("_Close the Doors…"),
                         _("At closing time: count the queue first; everyone in it still "
                           "votes."));
        }
      break;
    case VT_PHASE_NIGHT:
      add_urns (view, box, now);
      break;
    case VT_PHASE_CLOSING:
      add_closing (view, box);
      add_urns (view, box, now);
      add_documents (view, box, (const VtDocumentKind[]) { VT_DOCUMENT_RECEIPT,
                                                          VT_DOCUMENT_PACKING_LIST,
                                                          VT_DOCUMENT_SEALS }, 3);
      break;
    case VT_PHASE_COUNTING:
      add_urns (view, box, now);
      add_count (view, box);
      add_documents (view, box, (const VtDocumentKind[]) { VT_DOCUMENT_PACKING_LIST,
                                                          VT_DOCUMENT_SEALS }, 2);
      break;
    case VT_PHASE_PROTOCOL:
      add_signers (view, box);
      add_documents (view, box, (const VtDocumentKind[]) { VT_DOCUMENT_PROTOCOL,
                                                          VT_DOCUMENT_PACKING_LIST,
                                                          VT_DOCUMENT_RECEIPT,
                                                          VT_DOCUMENT_SEALS }, 4);
      break;
    case VT_N_PHASES:
    default:
      break;
    }

  if (shown == now)
    add_all_commands (box);
}
