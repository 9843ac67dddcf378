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
#include "vt-protocol-text-dialog.h"
#include "vt-role.h"
#include "vt-station-state.h"

/* The sections of each phase's page, built from the station's state with the keyed widgets of
 * vt-phase-view.c: the handbook's paragraph, what needs attention, the phase's own steps and
 * the step that moves the day on. pv_build_sections () walks them as if building the page;
 * the keyed widgets keep what is already there. */

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

/* ---- the findings ----------------------------------------------------------------------- */

/* One row per numbered check: seven unticked opening checks are one thing to do, not seven. */
void
pv_add_findings (VtPhaseView *self)
{
  g_autoptr(GPtrArray) findings = vt_station_run_checks (self->station);
  GtkWidget *group;

  if (findings->len == 0)
    return;

  group = pv_ensure_group (self, "findings", _("Needs attention"), NULL);
  for (guint i = 0; i < findings->len; i++)
    {
      VtFinding *finding = g_ptr_array_index (findings, i);
      const VtCheckInfo *info = vt_check_lookup (finding->code);
      gboolean error = finding->severity == VT_SEVERITY_ERROR;
      /* Translators: a numbered check and its title, "K102 Urn in use not sealed" */
      g_autofree char *title = g_strdup_printf (_("%s %s"), finding->code,
                                                vt_check_get_title (info));
      g_autofree char *key = error
        ? g_strdup_printf ("finding:%s", finding->code)
        : g_strdup_printf ("finding:%s:%s", finding->code,
                           finding->subject != NULL ? finding->subject : "");
      GString *subtitle = g_string_new (NULL);
      guint n_same = 0;
      gboolean explainable;
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
        g_string_append_printf (subtitle, "\n%s", finding->explanation);
      i += n_same - 1;

      row = pv_ensure_row (self, group, key, title, subtitle->str);
      g_string_free (subtitle, TRUE);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      pv_row_set_icon (row, error ? "dialog-error-symbolic" : "dialog-warning-symbolic",
                       error ? _("Error: blocks the next step")
                             : _("Warning: needs an explanation"));
      gtk_widget_add_css_class (row, error ? "finding-error" : "finding-warning");

      /* Which warnings the board may explain is the check table's to say. */
      explainable = info != NULL && vt_check_can_be_explained (info) &&
                    finding->explanation == NULL;
      {
        g_autofree char *code = g_strdup_printf ("code=%s", finding->code);
        g_autofree char *subject = g_strdup_printf ("subject=%s", finding->subject != NULL
                                                                    ? finding->subject : "");
        /* A warning about the strip register is about the station, not a contest or a
         * reason: the check table says which. The form finds the finding's proposals itself,
         * with their counts, from the check and the subject. */
        gboolean about_subject = info == NULL || info->about != VT_CHECK_ABOUT_STRIPS;

        pv_row_button (self, row, "explain", explainable, _("_Explain…"), VT_KIND_COUNT_EXPLAIN,
                       code, about_subject ? subject : NULL, NULL);
        /* What the board cannot explain, two of its members accept, with the reason. */
        pv_row_button (self, row, "accept", explainable && vt_check_can_be_accepted (info),
                       _("_Accept…"), VT_KIND_WARNING_ACCEPT, code,
                       about_subject ? subject : NULL, NULL);
      }
    }
}

/* ---- setup: people ---------------------------------------------------------------------- */



/* A presence button turned on by the chair: the person arrived or left. Turning on the one
 * already on does nothing (they are a group), so a second click never undoes the first. */
static void
on_presence_toggled (GtkToggleButton *button,
                     VtPhaseView     *self)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char * const *preset = g_object_get_data (G_OBJECT (button), "preset");

  if (!gtk_toggle_button_get_active (button))
    return;
  if (self->run != NULL)
    self->run (self->run_data, kind, preset);
  /* Refused or not, the buttons show what the journal says. */
  pv_schedule_update (self);
}

static void
on_declaration_toggled (GtkCheckButton *button,
                        VtPhaseView    *self)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char * const *preset = g_object_get_data (G_OBJECT (button), "preset");

  if (!gtk_check_button_get_active (button))
    return;
  if (self->run != NULL)
    self->run (self->run_data, kind, preset);
  pv_schedule_update (self);
}

static void
set_toggle_quietly (GtkToggleButton *button,
                    gboolean         active,
                    VtPhaseView     *self)
{
  if (gtk_toggle_button_get_active (button) == active)
    return;
  g_signal_handlers_block_by_func (button, on_presence_toggled, self);
  gtk_toggle_button_set_active (button, active);
  g_signal_handlers_unblock_by_func (button, on_presence_toggled, self);
}

/* The person's controls, made once: "Arrived" and "Left" side by side, one of them on, each
 * always in its place; and the declaration as a check box that stays where it is, ticked and
 * fixed once signed. No control ever turns into another action. */
static void
person_controls (VtPhaseView    *self,
                 GtkWidget      *row,
                 const VtPerson *person,
                 gboolean        present,
                 gboolean        was_here,
                 gboolean        signed_)
{
  GtkWidget *arrived = g_object_get_data (G_OBJECT (row), "vt-arrived");
  GtkWidget *left = g_object_get_data (G_OBJECT (row), "vt-left");
  GtkWidget *declaration = g_object_get_data (G_OBJECT (row), "vt-declaration");

  if (arrived == NULL)
    {
      g_autofree char *who = g_strdup_printf ("person=%s", person->id);
      /* Translators: accessible names of a person's buttons, "Kari Øvingsen arrived" */
      g_autofree char *arrived_name = g_strdup_printf (_("%s arrived"), person->name);
      g_autofree char *left_name = g_strdup_printf (_("%s left"), person->name);
      g_autofree char *declaration_name = g_strdup_printf (_("%s signed the declaration"),
                                                           person->name);
      GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      const char *preset[] = { who, NULL };

      declaration = gtk_check_button_new_with_label (_("Declaration signed"));
      gtk_widget_set_valign (declaration, GTK_ALIGN_CENTER);
      pv_set_command (declaration, VT_KIND_PERSON_DECLARATION, g_strdupv ((char **)preset));
      pv_set_accessible_label (declaration, declaration_name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), declaration);

      arrived = gtk_toggle_button_new_with_label (_("Arrived"));
      left = gtk_toggle_button_new_with_label (_("Left"));
      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (left), GTK_TOGGLE_BUTTON (arrived));
      pv_set_command (arrived, VT_KIND_PERSON_ARRIVE, g_strdupv ((char **)preset));
      pv_set_command (left, VT_KIND_PERSON_LEAVE, g_strdupv ((char **)preset));
      pv_set_accessible_label (arrived, arrived_name);
      pv_set_accessible_label (left, left_name);
      gtk_widget_add_css_class (linked, "linked");
      gtk_widget_set_valign (linked, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (linked), arrived);
      gtk_box_append (GTK_BOX (linked), left);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), linked);
      g_object_set_data (G_OBJECT (row), "vt-arrived", arrived);
      g_object_set_data (G_OBJECT (row), "vt-left", left);
      g_object_set_data (G_OBJECT (row), "vt-declaration", declaration);
      g_signal_connect (arrived, "toggled", G_CALLBACK (on_presence_toggled), self);
      g_signal_connect (left, "toggled", G_CALLBACK (on_presence_toggled), self);
      g_signal_connect (declaration, "toggled", G_CALLBACK (on_declaration_toggled), self);
    }

  set_toggle_quietly (GTK_TOGGLE_BUTTON (arrived), present, self);
  set_toggle_quietly (GTK_TOGGLE_BUTTON (left), !present && was_here, self);
  if (!present && !was_here)
    set_toggle_quietly (GTK_TOGGLE_BUTTON (arrived), FALSE, self);
  gtk_widget_set_sensitive (left, present || was_here);

  g_signal_handlers_block_by_func (declaration, on_declaration_toggled, self);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (declaration), signed_);
  g_signal_handlers_unblock_by_func (declaration, on_declaration_toggled, self);
  gtk_widget_set_sensitive (declaration, !signed_);
}

static void
add_people (VtPhaseView *self)
{
  VtConfig *config = vt_station_get_config (self->station);
  GPtrArray *people = vt_config_get_people (config);
  GtkWidget *group = pv_ensure_group (self, "people", _("Board and staff"),
                                      _("Log each person as they arrive and leave."));

  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      gboolean present = vt_station_is_present (self->station, person->id);
      gboolean signed_ = vt_station_has_signed (self->station, person->id);
      g_autofree char *key = g_strdup_printf ("person:%s", person->id);
      GtkWidget *row = g_hash_table_lookup (self->keyed, key);
      /* Whether they were here and left: the Left button stays on then. */
      gboolean was_here = !present && row != NULL &&
        (gtk_toggle_button_get_active (g_object_get_data (G_OBJECT (row), "vt-left")) ||
         gtk_toggle_button_get_active (g_object_get_data (G_OBJECT (row), "vt-arrived")));
      /* Translators: a person's role and state, "Roll marker · present" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"),
                                                   vt_role_get_label (person->role),
                                                   present ? _("present") : _("not here"));

      row = pv_ensure_row (self, group, key, person->name, subtitle);
      pv_row_set_done (row, present && signed_);
      person_controls (self, row, person, present, was_here, signed_);
    }
}

/* ---- opening: checklist ----------------------------------------------------------------- */

static void
add_checklist (VtPhaseView *self)
{
  GPtrArray *checks = vt_config_get_checklist (vt_station_get_config (self->station));
  GtkWidget *group = pv_ensure_group (self, "checklist", _("Opening checks"),
                                      _("Tick each item when it is done, or write what is wrong."));

  for (guint i = 0; i < checks->len; i++)
    {
      VtCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *status = vt_station_dup_check_status (self->station, check->id);
      g_autofree char *preset = g_strdup_printf ("check=%s", check->id);
      g_autofree char *key = g_strdup_printf ("check:%s", check->id);
      GtkWidget *row = pv_ensure_row (self, group, key, check->text,
                                      g_strcmp0 (status, "deviation") == 0 ? _("Deviation logged")
                                      : status != NULL                     ? _("Done")
                                                                        : NULL);

      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      pv_row_set_done (row, status != NULL);
      pv_row_button (self, row, "done", status == NULL, _("Done"), VT_KIND_CHECK_DONE, preset,
                     NULL);
      pv_row_button (self, row, "deviation", status == NULL, _("Deviation…"),
                     VT_KIND_CHECK_DEVIATION, preset, NULL);
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

static const char *
urn_purpose_label (const char *kind)
{
  if (g_strcmp0 (kind, "ordinary") == 0)
    return _("Ordinary urn");
  if (g_strcmp0 (kind, "special-envelope") == 0)
    return _("Special-envelope urn");
  if (g_strcmp0 (kind, "mobile") == 0)
    return _("Mobile urn");
  if (g_strcmp0 (kind, "reserve") == 0)
    return _("Reserve box");
  return _("Urn");
}

/* "U1, table 2" for an ordinary urn, its id for the others. */
static char *
urn_title (const VtUrnState *urn)
{
  if (urn->table != NULL)
    /* Translators: an ordinary urn and the roll table (rode) it belongs to, "U1, table 2" */
    return g_strdup_printf (_("%s, table %s"), urn->id, urn->table);
  return g_strdup (urn->id);
}

/* The numbers of the strips on @urn now: "strip 1001" or "strips 1001, 1040". */
static char *
urn_strips (GPtrArray  *strips,
            const char *urn)
{
  g_autoptr(GString) numbers = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < strips->len; i++)
    {
      VtStripState *strip = g_ptr_array_index (strips, i);

      if (g_strcmp0 (strip->urn, urn) != 0 || g_strcmp0 (strip->status, "applied") != 0)
        continue;
      g_string_append_printf (numbers, "%s%" PRId64, n > 0 ? ", " : "", strip->number);
      n++;
    }
  if (n == 0)
    return NULL;
  /* Translators: the seal strips on an urn, "strip 1001" or "strips 1001, 1040" */
  return g_strdup_printf (ngettext ("strip %s", "strips %s", n), numbers->str);
}

static void
urn_button (VtPhaseView *self,
            GtkWidget   *row,
            const char  *slot,
            gboolean     shown,
            const char  *label,
            const char  *kind,
            const char  *preset,
            const char  *title)
{
  GtkWidget *button = pv_row_button (self, row, slot, shown, label, kind, preset, NULL);
  const VtEntryKind *info = vt_entry_kind_lookup (kind);
  /* Translators: accessible name of an urn's button: "Urn opened for counting: U1, table 1" */
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), vt_entry_kind_get_name (info),
                                                 title);

  pv_set_accessible_label (button, accessible);
  if (vt_entry_kind_is_irreversible (info))
    gtk_widget_add_css_class (button, "destructive-action");
}

static void
add_urns (VtPhaseView *self,
          VtPhase      phase)
{
  g_autoptr(GPtrArray) urns = vt_station_dup_urns (self->station);
  g_autoptr(GPtrArray) strips = vt_station_dup_strips (self->station);
  GtkWidget *group = pv_ensure_group (self, "urns", _("Urns and seals"),
                                      _("A second person is present when an urn is shown empty, "
                                        "sealed or its seal broken."));

  if (g_object_get_data (G_OBJECT (group), "vt-header") == NULL)
    {
      GtkWidget *add = pv_command_button (self, _("_Take an Urn into Use…"), VT_KIND_URN_ADD,
                                          NULL);

      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
      g_object_set_data (G_OBJECT (group), "vt-header", add);
    }
  for (guint i = 0; i < urns->len; i++)
    {
      VtUrnState *urn = g_ptr_array_index (urns, i);
      g_autofree char *preset = g_strdup_printf ("urn=%s", urn->id);
      g_autofree char *key = g_strdup_printf ("urn:%s", urn->id);
      g_autofree char *title = urn_title (urn);
      g_autofree char *on_it = urn_strips (strips, urn->id);
      gboolean sealed = g_str_equal (urn->status, "sealed") || g_str_equal (urn->status, "full");
      /* Translators: an urn's purpose, its strips and its state: "Ordinary urn · strip 1001 ·
       * sealed" */
      g_autofree char *subtitle = on_it != NULL
        ? g_strdup_printf (_("%s · %s · %s"), urn_purpose_label (urn->kind), on_it,
                           urn_status_label (urn->status))
        /* Translators: an urn's purpose and state: "Mobile urn · not shown empty yet" */
        : g_strdup_printf (_("%s · %s"), urn_purpose_label (urn->kind),
                           urn_status_label (urn->status));
      GtkWidget *row = pv_ensure_row (self, group, key, title, subtitle);

      pv_row_set_done (row, sealed || g_str_equal (urn->status, "opened"));
      urn_button (self, row, "empty",
                  g_str_equal (urn->status, "new") || g_str_equal (urn->status, "broken"),
                  _("Shown Empty…"), VT_KIND_URN_VERIFY_EMPTY, preset, title);
      urn_button (self, row, "seal", g_str_equal (urn->status, "empty"), _("Seal…"),
                  VT_KIND_URN_SEAL, preset, title);
      urn_button (self, row, "full", g_str_equal (urn->status, "sealed") &&
                                     phase == VT_PHASE_VOTING,
                  _("Full…"), VT_KIND_URN_FULL, preset, title);
      urn_button (self, row, "check", sealed && (phase == VT_PHASE_NIGHT ||
                                                 phase == VT_PHASE_OPENING),
                  _("Check Seal…"), VT_KIND_URN_SEAL_CHECK, preset, title);
      urn_button (self, row, "break", sealed && phase != VT_PHASE_SETUP &&
                                      phase != VT_PHASE_OPENING,
                  _("Break Seal…"), VT_KIND_SEAL_BREAK, preset, title);
      /* Opening an urn for counting cannot be undone: it goes through its form. */
      urn_button (self, row, "open", sealed && (phase == VT_PHASE_CLOSING ||
                                                phase == VT_PHASE_COUNTING),
                  _("Open…"), VT_KIND_URN_OPEN, preset, title);
    }
}

/* ---- voting: envelopes and outdoor votes ------------------------------------------------ */

static void
add_envelopes (VtPhaseView *self)
{
  GPtrArray *reasons = vt_config_get_envelope_reasons (vt_station_get_config (self->station));
  GtkWidget *group = pv_ensure_group (self, "envelopes", _("Special envelopes"),
                                      _("One click or Ctrl+number per envelope; Ctrl+Z undoes the "
                                        "last one."));

  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gint64 n = vt_station_count_envelopes (self->station, reason->id);
      g_autofree char *preset = g_strdup_printf ("reason=%s", reason->id);
      g_autofree char *count = g_strdup_printf ("%" PRId64, n);
      g_autofree char *key = g_strdup_printf ("envelope:%s", reason->id);
      /* Translators: the keyboard shortcut of an envelope counter, "Ctrl+1" */
      g_autofree char *shortcut = i < 9 ? g_strdup_printf (_("Ctrl+%u"), i + 1) : NULL;
      /* Translators: the accessible name of the button that logs one envelope of a reason */
      g_autofree char *accessible = g_strdup_printf (_("Log one special envelope: %s"),
                                                     reason->label);
      GtkWidget *row = pv_ensure_row (self, group, key, reason->label, shortcut);
      GtkWidget *button;

      pv_row_count (row, count, "title-2");
      button = pv_row_button (self, row, "add", TRUE, "+1", VT_KIND_ENVELOPE, preset, NULL);
      pv_set_accessible_label (button, accessible);
      gtk_widget_add_css_class (button, "suggested-action");
    }
}

static const char *
person_name (VtPhaseView *self,
             const char  *id)
{
  const VtPerson *person = id != NULL
    ? vt_config_find_person (vt_station_get_config (self->station), id) : NULL;

  return person != NULL ? person->name : (id != NULL ? id : "");
}

static void
add_outdoor (VtPhaseView *self)
{
  g_autoptr(GPtrArray) out = vt_station_dup_outdoor_votes_out (self->station);
  GtkWidget *group = pv_ensure_group (self, "outdoor", _("Outdoor voting"),
                                      _("Two workers go out with the ballot sets, a stamp, the "
                                        "mobile urn and the curtain. Only for a voter in this "
                                        "station's roll."));

  if (g_object_get_data (G_OBJECT (group), "vt-header") == NULL)
    {
      GtkWidget *start = pv_command_button (self, _("_Start…"), VT_KIND_OUTDOOR_START, NULL);

      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), start);
      g_object_set_data (G_OBJECT (group), "vt-header", start);
    }
  for (guint i = 0; i < out->len; i++)
    {
      VtOutdoorVote *vote = g_ptr_array_index (out, i);
      g_autofree char *preset = g_strdup_printf ("vote=%" PRId64, vote->start_seq);
      g_autofree char *key = g_strdup_printf ("outdoor:%" PRId64, vote->start_seq);
      g_autoptr(GDateTime) local = vote->since != NULL
        ? g_date_time_to_timezone (vote->since,
                                   vt_config_get_timezone (vt_station_get_config (self->station)))
        : NULL;
      g_autofree char *since = local != NULL ? g_date_time_format (local, "%H:%M")
                                             : g_strdup ("");
      /* Translators: an outdoor vote under way, "Liv Øvingstad and Anders Eksempelsen — out
       * since 10:42" */
      g_autofree char *title = g_strdup_printf (_("%s and %s — out since %s"),
                                                person_name (self, vote->worker),
                                                person_name (self, vote->second_worker), since);
      /* Translators: the accessible name of an outdoor vote's button, "Back: Liv Øvingstad and
       * Anders Eksempelsen" */
      g_autofree char *accessible = g_strdup_printf (_("Back: %s and %s"),
                                                     person_name (self, vote->worker),
                                                     person_name (self, vote->second_worker));
      GtkWidget *row = pv_ensure_row (self, group, key, title,
                                      _("Not back yet: the workers, the equipment and the mobile "
                                        "urn"));
      GtkWidget *button;

      pv_row_set_icon (row, "dialog-warning-symbolic", _("Not back yet"));
      button = pv_row_button (self, row, "back", TRUE, _("Back…"), VT_KIND_OUTDOOR_END, preset,
                              NULL);
      pv_set_accessible_label (button, accessible);
    }
}

/* ---- closing and counting --------------------------------------------------------------- */

static void
add_step_row (VtPhaseView *self,
              GtkWidget   *group,
              const char  *kind_id)
{
  const VtEntryKind *kind = vt_entry_kind_lookup (kind_id);
  gboolean done = vt_station_has_step (self->station, kind_id);
  g_autofree char *key = g_strdup_printf ("step:%s", kind_id);
  GtkWidget *row = pv_ensure_row (self, group, key, vt_entry_kind_get_name (kind),
                                  vt_entry_kind_get_description (kind));

  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  pv_row_set_done (row, done);
  pv_row_button (self, row, "record", !done, _("Record…"), kind_id, NULL);
}

/* ---- counts and control counts --------------------------------------------------------- */

/* Where a count stands, in words, while it is not done: NULL when nothing is counted yet. The
 * first count's number is never shown before the control count is in. */
static char *
dup_count_state_text (VtCountState  state,
                      const char   *again)
{
  switch (state)
    {
    case VT_COUNT_STATE_AWAITING_CONTROL:
      return g_strdup (_("Counted; a second board member control-counts it now"));
    case VT_COUNT_STATE_DIFFERS:
      /* Translators: %s is "count the pile again", "count the marks again" … */
      return g_strdup_printf (_("The count and the control count differ: %s"), again);
    case VT_COUNT_STATE_NONE:
    case VT_COUNT_STATE_DONE:
    default:
      return NULL;
    }
}

/* The row's one button: the first count, then the control count by another board member (in
 * a form of its own, the first number not shown), or the count again when the two differ. */
static void
count_button (VtPhaseView  *self,
              GtkWidget    *row,
              VtCountState  state,
              const char   *count_kind,
              const char   *control_kind,
              const char   *first_preset,
              const char   *second_preset)
{
  const char *label = state == VT_COUNT_STATE_AWAITING_CONTROL ? _("Control count…")
                      : state == VT_COUNT_STATE_DIFFERS ? _("Count again…") : _("Count…");

  pv_row_button (self, row, "count", state != VT_COUNT_STATE_DONE, label,
                 state == VT_COUNT_STATE_AWAITING_CONTROL ? control_kind : count_kind,
                 first_preset, second_preset, NULL);
}

static void
add_closing (VtPhaseView *self)
{
  VtConfig *config = vt_station_get_config (self->station);
  GPtrArray *tables = vt_config_get_tables (config);
  GPtrArray *days = vt_config_get_days (config);
  GPtrArray *reasons = vt_config_get_envelope_reasons (config);
  GtkWidget *group;

  group = pv_ensure_group (self, "roll-marks", _("Roll marks"),
                           _("Count the marks in the roll's Valgting column per table; another board "
                             "member control-counts them. When the two counts differ, count "
                             "again."));
  for (guint d = 1; d <= days->len; d++)
    for (guint i = 0; i < tables->len; i++)
      {
        VtRollTable *table = g_ptr_array_index (tables, i);
        gint64 n;
        gboolean done = vt_station_get_roll_marks (self->station, table->id, (int)d, &n);
        VtCountState state = vt_station_get_count_state (self->station, VT_KIND_ROLL_MARKS_COUNT,
                                                         table->id, NULL, (int)d);
        g_autofree char *title = days->len > 1
          /* Translators: "Table 1, day 2" */
          ? g_strdup_printf (_("Table %s, day %u"), table->id, d)
          : g_strdup_printf (_("Table %s"), table->id);
        g_autofree char *subtitle = done ? g_strdup_printf (_("%" PRId64 " marks"), n)
                                         : dup_count_state_text (state, _("count the marks "
                                                                          "again"));
        g_autofree char *preset_table = g_strdup_printf ("table=%s", table->id);
        g_autofree char *preset_day = g_strdup_printf ("day=%u", d);
        g_autofree char *key = g_strdup_printf ("roll-marks:%s:%u", table->id, d);
        GtkWidget *row = pv_ensure_row (self, group, key, title, subtitle);

        pv_row_set_done (row, done);
        count_button (self, row, state, VT_KIND_ROLL_MARKS_COUNT, VT_KIND_ROLL_MARKS_CONTROL,
                      preset_table, preset_day);
      }

  group = pv_ensure_group (self, "envelopes-counted", _("Special envelopes counted"),
                           _("A board member counts the envelopes of each reason and another "
                             "control-counts them; a difference from the envelopes logged "
                             "during the day needs an explanation."));
  for (guint i = 0; i < reasons->len; i++)
    {
      VtEnvelopeReason *reason = g_ptr_array_index (reasons, i);
      gint64 live = vt_station_count_envelopes (self->station, reason->id);
      gint64 n;
      gboolean done = vt_station_get_envelopes_counted (self->station, reason->id, &n);
      VtCountState state = vt_station_get_count_state (self->station, VT_KIND_ENVELOPES_COUNT,
                                                       reason->id, NULL, 0);
      g_autofree char *where = dup_count_state_text (state, _("count the envelopes again"));
      g_autofree char *logged = g_strdup_printf (_("%" PRId64 " logged during the day"), live);
      g_autofree char *subtitle = done
        /* Translators: "12 counted, 12 logged during the day" */
        ? g_strdup_printf (_("%" PRId64 " counted, %" PRId64 " logged during the day"), n, live)
        : where != NULL
          /* Translators: "Counted, awaiting the control count … — 4 logged during the day" */
          ? g_strdup_printf (_("%s — %s"), where, logged)
          : g_strdup (logged);
      g_autofree char *preset = g_strdup_printf ("reason=%s", reason->id);
      g_autofree char *key = g_strdup_printf ("envelopes-counted:%s", reason->id);
      GtkWidget *row = pv_ensure_row (self, group, key, reason->label, subtitle);

      pv_row_set_done (row, done);
      count_button (self, row, state, VT_KIND_ENVELOPES_COUNT, VT_KIND_ENVELOPES_CONTROL, preset,
                    NULL);
    }

  group = pv_ensure_group (self, "before-open", _("Before an urn is opened"), NULL);
  add_step_row (self, group, VT_KIND_CLOSING_LAST_VOTER);
  add_step_row (self, group, VT_KIND_CLOSING_UNUSED_BALLOTS_REMOVED);
  add_step_row (self, group, VT_KIND_CLOSING_STAMPS_HANDED_IN);
  add_step_row (self, group, VT_KIND_SHIPMENT_PACKED);
  add_step_row (self, group, VT_KIND_SHIPMENT_HANDED_OVER);
}

static void
add_count (VtPhaseView *self)
{
  VtConfig *config = vt_station_get_config (self->station);
  GPtrArray *contests = vt_config_get_contests (config);
  gboolean by_party = vt_config_get_count_mode (config) != VT_COUNT_TOTALS_ONLY;

  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      g_autofree char *group_key = g_strdup_printf ("contest:%s", contest->id);
      GtkWidget *group = pv_ensure_group (self, group_key, contest->name,
                                          _("A board member counts each pile and another "
                                            "control-counts it; when the two counts differ, the "
                                            "pile is counted again."));
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
          gboolean done = vt_station_get_pile (self->station, contest->id, pile, &n);
          VtCountState state = vt_station_get_count_state (self->station, VT_KIND_PILE_COUNT,
                                                           contest->id, pile, 0);
          g_autofree char *count = done ? g_strdup_printf ("%" PRId64, n) : NULL;
          g_autofree char *subtitle = dup_count_state_text (state, _("count the pile again"));
          g_autofree char *preset_pile = g_strdup_printf ("pile=%s", pile);
          g_autofree char *key = g_strdup_printf ("pile:%s:%s", contest->id, pile);
          GtkWidget *row = pv_ensure_row (self, group, key, g_ptr_array_index (labels, p),
                                          subtitle);

          pv_row_set_done (row, done);
          pv_row_count (row, count, "title-4");
          count_button (self, row, state, VT_KIND_PILE_COUNT, VT_KIND_PILE_CONTROL,
                        preset_contest, preset_pile);
        }
    }
}

/* ---- documents and signatures ----------------------------------------------------------- */

/* A row that leads to the Documents view, where every document is with its state. */
void
pv_add_documents_link (VtPhaseView *self,
                       const char  *subtitle)
{
  GtkWidget *group = pv_ensure_group (self, "documents-link", NULL, NULL);
  GtkWidget *row = pv_ensure_row (self, group, "documents-link:row", _("Documents"), subtitle);

  if (g_object_get_data (G_OBJECT (row), "vt-link") == NULL)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "station.documents");
      g_object_set_data (G_OBJECT (row), "vt-link", row);
    }
  pv_row_set_icon (row, "x-office-document-symbolic", _("Documents"));
}

static void
add_protocol_document (VtPhaseView *self)
{
  VtConfig *config = vt_station_get_config (self->station);
  const char *title = vt_document_kind_get_title (VT_DOCUMENT_PROTOCOL, config);
  const char *id = vt_document_kind_to_string (VT_DOCUMENT_PROTOCOL);
  GtkWidget *group = pv_ensure_group (self, "protocol-document", _("The protocol"),
                                      _("Made from the log as it is now. Check every field before "
                                        "the board signs."));
  GtkWidget *row = pv_ensure_row (self, group, "document:protocol", title, NULL);
  /* Translators: accessible names of the buttons beside a document: "Preview Seal
   * register" */
  g_autofree char *preview = g_strdup_printf (_("Preview %s"), title);
  g_autofree char *export = g_strdup_printf (_("Save %s as PDF"), title);
  g_autofree char *print = g_strdup_printf (_("Print %s"), title);

  pv_row_action_button (row, "preview", _("Preview"), "station.preview", id, preview);
  pv_row_action_button (row, "export", _("PDF…"), "station.export", id, export);
  pv_row_action_button (row, "print", _("Print…"), "station.print", id, print);
}

/* The board's own words in the protocol, each a row that says what is written now: the
 * remark under each contest's count (Merknad), and part D (Other matters). */
static void
add_protocol_texts (VtPhaseView *self)
{
  GPtrArray *contests = vt_config_get_contests (vt_station_get_config (self->station));
  g_autoptr(GPtrArray) findings = vt_station_run_checks (self->station);
  gboolean can_remark = vt_station_allows_now (self->station, VT_KIND_PROTOCOL_REMARK);
  gboolean can_matters = vt_station_allows_now (self->station, VT_KIND_PROTOCOL_MATTERS);
  GtkWidget *group = pv_ensure_group (self, "protocol-texts", _("The board’s own words"),
                                      _("Printed in the protocol as written: a remark under a "
                                        "contest’s count where the board has one, and part D, "
                                        "other matters. Write them before the board signs."));
  g_autoptr(JsonObject) matters = NULL;
  GtkWidget *row;

  for (guint c = 0; c < contests->len; c++)
    {
      VtContest *contest = g_ptr_array_index (contests, c);
      g_autoptr(JsonObject) remark = vt_protocol_text_dup_current (self->station,
                                                                   VT_KIND_PROTOCOL_REMARK,
                                                                   contest->id);
      g_autofree char *key = g_strdup_printf ("remark:%s", contest->id);
      /* Translators: the row of a contest's remark in the protocol, "Remark:
       * Kommunestyrevalget" */
      g_autofree char *title = g_strdup_printf (_("Remark: %s"), contest->name);
      /* Translators: the accessible name of the button that writes a contest's remark */
      g_autofree char *accessible = g_strdup_printf (_("Write the remark on %s"), contest->name);
      gboolean differs = FALSE;

      for (guint i = 0; i < findings->len; i++)
        {
          VtFinding *finding = g_ptr_array_index (findings, i);

          if (g_str_equal (finding->code, VT_CHECK_K402) &&
              g_strcmp0 (finding->subject, contest->id) == 0)
            differs = TRUE;
        }
      row = pv_ensure_row (self, group, key, title,
                           remark != NULL
                           ? json_object_get_string_member_with_default (remark, "text", "")
                           : differs ? _("No remark yet; the count differs from the roll marks")
                                     : _("No remark"));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_set_sensitive (pv_row_action_button (row, "write", _("Write…"),
                                                      "station.protocol-text", contest->id,
                                                      accessible),
                                can_remark);
    }

  matters = vt_protocol_text_dup_current (self->station, VT_KIND_PROTOCOL_MATTERS, NULL);
  row = pv_ensure_row (self, group, "matters", _("D Other matters"),
                       matters != NULL
                       ? json_object_get_string_member_with_default (matters, "text", "")
                       : _("Nothing written yet"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_sensitive (pv_row_action_button (row, "write", _("Write…"),
                                                  "station.protocol-text", "",
                                                  _("Write part D, other matters")),
                            can_matters);
}

/* What a stale signature says: the entry that changed the protocol after it. */
char *
pv_stale_text (VtPhaseView *self,
               const char  *person_id)
{
  gint64 seq = vt_document_get_signature_staled_by (self->station, person_id);
  g_autoptr(VtJournalEntry) entry = NULL;
  GListModel *journal = vt_station_get_journal (self->station);
  g_autofree char *label = NULL;
  g_autofree char *time = NULL;

  for (guint i = 0; seq > 0 && entry == NULL && i < g_list_model_get_n_items (journal); i++)
    {
      g_autoptr(VtJournalEntry) candidate = g_list_model_get_item (journal, i);

      if (vt_journal_entry_get_seq (candidate) == seq)
        entry = g_steal_pointer (&candidate);
    }
  if (entry == NULL)
    return g_strdup (_("Signed before later entries: sign again"));

  label = vt_journal_entry_dup_kind_label (entry);
  {
    /* In the election's time zone, like the clock and the log. */
    GTimeZone *tz = vt_config_get_timezone (vt_station_get_config (self->station));
    g_autoptr(GDateTime) at = g_date_time_to_timezone (vt_journal_entry_get_time (entry), tz);

    time = g_date_time_format (at, "%H:%M");
  }
  /* Translators: why a signature no longer covers the protocol: "Entry 63 (14:02, Log entry)
   * changed the protocol after you signed: sign again" */
  return g_strdup_printf (_("Entry %" PRId64 " (%s, %s) changed the protocol after you signed: "
                            "sign again"), seq, time, label);
}

static void
add_signers (VtPhaseView *self)
{
  VtConfig *config = vt_station_get_config (self->station);
  GPtrArray *people = vt_config_get_people (config);
  gboolean two_only = vt_config_get_protocol (config) != VT_PROTOCOL_2019;
  GtkWidget *group = pv_ensure_group (self, "signers", _("Signatures"),
                                      two_only
                                     ? _("The leader and the deputy leader sign the protocol, on "
                                         "screen or on the paper. An entry that changes what the "
                                         "protocol says asks for the signatures again.")
                                     : _("The board members present sign the protocol, on "
                                         "screen or on the paper. An entry that changes what the "
                                         "protocol says asks for the signatures again."));

  for (guint i = 0; i < people->len; i++)
    {
      VtPerson *person = g_ptr_array_index (people, i);
      VtSignatureState state;
      GtkWidget *row;
      g_autofree char *key = g_strdup_printf ("signer:%s", person->id);
      g_autofree char *stale = NULL;
      /* Translators: the accessible name of the button: "Sign as Kari Øvingsen" */
      g_autofree char *accessible = g_strdup_printf (_("Sign as %s"), person->name);

      if (two_only ? person->role != VT_ROLE_LEDER && person->role != VT_ROLE_NESTLEDER
                   : !vt_role_is_board (person->role))
        continue;
      state = vt_document_get_signature (self->station, person->id);
      if (state == VT_SIGNATURE_STALE)
        stale = pv_stale_text (self, person->id);
      row = pv_ensure_row (self, group, key, person->name,
                           state == VT_SIGNATURE_CURRENT ? _("Signed")
                           : state == VT_SIGNATURE_STALE ? stale
                                                      : _("Not signed on screen"));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      if (state == VT_SIGNATURE_STALE)
        pv_row_set_icon (row, "dialog-warning-symbolic", _("Sign again"));
      else
        pv_row_set_done (row, state == VT_SIGNATURE_CURRENT);
      gtk_widget_set_visible (pv_row_action_button (row, "sign", _("Sign…"), "station.sign",
                                                    person->id, accessible),
                              state != VT_SIGNATURE_CURRENT);
    }
}

/* ---- the step that ends the phase ------------------------------------------------------ */

/* The one big button of a phase: what the chair does to move the day on. Always at the end of
 * the page, whatever else the page holds. */
GtkWidget *
pv_add_next_step (VtPhaseView *self,
                  const char  *kind_id,
                  const char  *label,
                  const char  *explanation)
{
  g_autofree char *key = g_strdup_printf ("next:%s", kind_id);
  GtkWidget *box = pv_keep (self, key);

  if (box == NULL)
    {
      GtkWidget *text = gtk_label_new (explanation);
      GtkWidget *button = pv_command_button (self, label, kind_id, NULL);

      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_widget_add_css_class (text, "dim-label");
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (box, "next-step");
      gtk_box_append (GTK_BOX (box), text);
      gtk_box_append (GTK_BOX (box), button);
      pv_adopt (self, key, box);
    }
  pv_place (self, box);
  return box;
}

/* A step that is an action of the page rather than a command (@target: its "s" parameter,
 * or NULL): a line of explanation and its button, as the next steps look. */
void
pv_add_action_step (VtPhaseView *self,
                    const char  *key,
                    const char  *explanation,
                    const char  *label,
                    const char  *action,
                    const char  *target,
                    gboolean     suggested)
{
  GtkWidget *box = pv_keep (self, key);

  if (box == NULL)
    {
      GtkWidget *text = gtk_label_new (explanation);
      GtkWidget *button = gtk_button_new_with_mnemonic (label);

      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_widget_add_css_class (text, "dim-label");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      if (target != NULL)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      if (suggested)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (box, "next-step");
      gtk_box_append (GTK_BOX (box), text);
      gtk_box_append (GTK_BOX (box), button);
      pv_adopt (self, key, box);
    }
  pv_place (self, box);
}

/* The protocol's last step: print it for the board to sign on paper and hand over. */
static void
add_print_step (VtPhaseView *self)
{
  pv_add_action_step (self, "next:print",
                   _("When every field is checked and the board has signed: print the "
                     "protocol and hand it over with the ballots."),
                   _("_Print the Protocol…"), "station.print",
                   vt_document_kind_to_string (VT_DOCUMENT_PROTOCOL), TRUE);
}

/* ---- every command of the phase --------------------------------------------------------- */

/* Every command of the phase is one step away: the palette (Ctrl+K) lists each with what it
 * is for, found by typing. The steps above are what the chair needs most. */
void
pv_add_all_commands (VtPhaseView *self)
{
  GtkWidget *group = pv_ensure_group (self, "everything", NULL, NULL);
  GtkWidget *row = pv_ensure_row (self, group, "everything:row",
                                  _("Everything that can be recorded now"),
                                  _("Find any step by typing (Ctrl+K). To correct or annul an "
                                    "entry, use its buttons in the log."));

  if (g_object_get_data (G_OBJECT (row), "vt-link") == NULL)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "station.palette");
      g_object_set_data (G_OBJECT (row), "vt-link", row);
    }
}

/* ---- the whole view --------------------------------------------------------------------- */

void
pv_build_sections (VtPhaseView *self)
{
  VtPhase now = vt_station_get_phase (self->station);
  VtPhase shown = self->shown;
  GtkWidget *title;

  if (vt_config_is_organisation (vt_station_get_config (self->station)))
    {
      pv_build_meeting_sections (self);
      return;
    }

  title = pv_ensure_label (self, "title", vt_phase_get_label (shown), "title-1");
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);

  if (shown == VT_PHASE_PROTOCOL && now == VT_PHASE_COUNTING)
    pv_ensure_label (self, "where", _("The protocol begins when the results are phoned in: the "
                                      "count is its last step."), "dim-label");
  else if (shown != now)
    pv_ensure_label (self, "where", shown < now ? _("This phase is over. What was done stays in "
                                                    "the log.")
                                             : _("This phase has not started yet."),
                     "dim-label");

  pv_ensure_label (self, "instruction", phase_instruction (shown), "phase-instruction");

  if (shown == now)
    pv_add_findings (self);

  switch (shown)
    {
    case VT_PHASE_SETUP:
      add_people (self);
      if (shown == now)
        pv_add_action_step (self, "next:import-staff",
                         _("The municipality's staff list (CSV), to add the workers it names "
                           "to the board and staff above."),
                         _("_Import Staff List…"), "station.import-staff", NULL, FALSE);
      if (shown == now)
        pv_add_next_step (self, VT_KIND_STRIPS_RECEIVE, _("_Register the Seal Strips…"),
                       _("The opening begins with the seal strips received, the first urn or "
                         "the first opening check."));
      break;
    case VT_PHASE_OPENING:
      add_checklist (self);
      add_urns (self, now);
      if (shown == now)
        pv_add_next_step (self, VT_KIND_DOORS_OPEN, _("_Open the Doors…"),
                       _("At the scheduled time, when every check is done and every urn in use "
                         "is sealed."));
      break;
    case VT_PHASE_VOTING:
      add_envelopes (self);
      add_outdoor (self);
      add_urns (self, now);
      if (shown == now)
        {
          pv_add_next_step (self, VT_KIND_INCIDENT_TURNOUT, _("_Report Turnout…"),
                         _("The marks so far per table, when the election office asks."));
          pv_add_next_step (self, VT_KIND_DOORS_CLOSE, _("_Close the Doors…"),
                         _("At closing time: count the queue first; everyone in it still "
                           "votes."));
        }
      break;
    case VT_PHASE_NIGHT:
      add_urns (self, now);
      if (shown == now)
        pv_add_next_step (self, VT_KIND_DOORS_OPEN, _("_Open the Doors…"),
                       _("In the morning, when every urn's strip is checked against the "
                         "register."));
      break;
    case VT_PHASE_CLOSING:
      add_closing (self);
      add_urns (self, now);
      pv_add_documents_link (self, _("The receipt for shipment 1, the packing list and the seal "
                                  "register, with their state"));
      if (shown == now)
        pv_add_next_step (self, VT_KIND_URN_OPEN, _("_Open an Urn for Counting…"),
                       _("After shipment 1 has left: the count begins with the first urn "
                         "opened."));
      break;
    case VT_PHASE_COUNTING:
      add_urns (self, now);
      add_count (self);
      pv_add_documents_link (self, _("The packing list, the receipt and the seal register, with "
                                  "their state"));
      if (shown == now)
        pv_add_next_step (self, VT_KIND_RESULTS_PHONED, _("Results _Phoned In…"),
                       _("When every pile is counted and every difference explained: phone "
                         "the results to the election office. The protocol comes next."));
      break;
    case VT_PHASE_PROTOCOL:
      if (now == VT_PHASE_COUNTING)
        pv_add_next_step (self, VT_KIND_RESULTS_PHONED, _("Results _Phoned In…"),
                       _("When every pile is counted and every difference explained: phone "
                         "the results to the election office. The protocol comes next."));
      add_protocol_texts (self);
      add_protocol_document (self);
      add_signers (self);
      pv_add_documents_link (self, _("Every document of the day, with its state"));
      if (shown == now)
        add_print_step (self);
      break;
    case VT_N_PHASES:
    default:
      break;
    }

  if (shown == now)
    pv_add_all_commands (self);
}

