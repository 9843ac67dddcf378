/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-station-page"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "vt-command-dialog.h"
#include "vt-document-actions.h"
#include "vt-entry-kind.h"
#include "vt-kind-ids.h"
#include "vt-station-page-private.h"
#include "vt-station-state.h"

/* The station page's commands (vt-station-page.c builds the page): each command given, at once
 * or through its form, and what follows an entry on disk: the toast that confirms it, the
 * report kept when the doors open or close, the request to count again when a control count
 * differs. Also the log's row buttons and the page's calls to record, log an envelope and
 * undo it. */

/* ---- the reports at the turns of the day ------------------------------------------------- */

typedef struct
{
  VtStationPage *self;
  VtDocumentKind kind;
} DayReport;

static void
on_day_report_saved (gpointer    user_data,
                     gboolean    ok,
                     const char *message)
{
  DayReport *report = user_data;

  /* A failure (a file that fails its check, a disk that is full) was shown in a dialog
   * already. */
  if (ok)
    {
      VtConfig *config = report->self->station != NULL
                           ? vt_station_get_config (report->self->station) : NULL;
      /* Translators: once the report at the opening or closing is written beside the station
       * file: "Report at the opening of the polling station: station-opening-report.pdf saved" */
      g_autofree char *text = config != NULL
        ? g_strdup_printf (_("%s: %s"), vt_document_kind_get_title (report->kind, config),
                           message)
        : g_strdup (message);

      g_signal_emit (report->self, vt_station_page_signals[TOAST_PRINT], 0, text,
                     vt_document_kind_to_string (report->kind));
      /* The Documents view names the file now kept. */
      if (report->self->documents_view != NULL)
        vt_documents_view_refresh (report->self->documents_view);
    }
  g_object_unref (report->self);
  g_free (report);
}

/* When the doors open or close, the report of that moment is kept beside the station file
 * (written in a thread), and the toast offers to print it for the inspector. */
static void
save_day_report (VtStationPage  *self,
                 VtJournalEntry *entry)
{
  const char *kind = vt_journal_entry_get_kind (entry);
  DayReport *report;

  if (!g_str_equal (kind, VT_KIND_DOORS_OPEN) && !g_str_equal (kind, VT_KIND_DOORS_CLOSE))
    return;
  report = g_new0 (DayReport, 1);
  report->self = g_object_ref (self);
  report->kind = g_str_equal (kind, VT_KIND_DOORS_OPEN) ? VT_DOCUMENT_OPENING_REPORT
                                                       : VT_DOCUMENT_CLOSING_REPORT;
  vt_document_save_day_report (vt_station_page_get_window (self), self->station, report->kind,
                               on_day_report_saved, report);
}

/* What a count entry counts, as the chair calls it: "Høyre, Kommunestyrevalget", "Table 2,
 * day 1", a special-envelope reason. */
static char *
dup_counted_object (VtConfig   *config,
                    JsonObject *payload)
{
  const char *contest_id = json_object_get_string_member_with_default (payload, "contest", NULL);
  const char *reason_id = json_object_get_string_member_with_default (payload, "reason", NULL);

  if (contest_id != NULL)
    {
      const VtContest *contest = vt_config_find_contest (config, contest_id);
      const char *pile = json_object_get_string_member_with_default (payload, "pile", "");
      const char *pile_name = g_str_equal (pile, "approved") ? _("Approved ballots")
                              : g_str_equal (pile, "blank") ? _("Blank ballots")
                              : g_str_equal (pile, "doubtful") ? _("Doubtful ballots") : pile;
      const char *contest_name = contest != NULL ? contest->name : contest_id;

      for (guint l = 0; contest != NULL && l < contest->lists->len; l++)
        if (g_str_equal (((VtPartyList *)g_ptr_array_index (contest->lists, l))->id, pile))
          pile_name = ((VtPartyList *)g_ptr_array_index (contest->lists, l))->name;
      /* Translators: a pile of a contest: "Høyre, Kommunestyrevalget" */
      return g_strdup_printf (_("%s, %s"), pile_name, contest_name);
    }
  if (reason_id != NULL)
    {
      const VtEnvelopeReason *reason = vt_config_find_envelope_reason (config, reason_id);

      return g_strdup (reason != NULL ? reason->label : reason_id);
    }
  /* Translators: "Table 1, day 2" */
  return g_strdup_printf (_("Table %s, day %u"),
                          json_object_get_string_member_with_default (payload, "table", ""),
                          (guint)json_object_get_int_member_with_default (payload, "day", 1));
}

typedef struct
{
  VtStationPage *self;
  char          *count_kind;
  GStrv          preset;
} Recount;

static void
recount_free (Recount *recount)
{
  g_object_unref (recount->self);
  g_free (recount->count_kind);
  g_strfreev (recount->preset);
  g_free (recount);
}

static void
on_recount_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Recount          *recount)
{
  if (g_str_equal (response, "recount"))
    vt_station_page_run_command (recount->self, recount->count_kind,
                                 (const char * const *)recount->preset);
  recount_free (recount);
}

/* A control count that differs from its count: the screen says so and asks for the count
 * again, a new count and then a new control count. Both counts stay in the log. */
static void
ask_for_recount (VtStationPage  *self,
                 VtJournalEntry *entry)
{
  const char *kind = vt_journal_entry_get_kind (entry);
  JsonObject *payload = vt_journal_entry_get_payload_object (entry);
  g_autofree char *stem = NULL;
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;
  const char *key;
  GStrvBuilder *preset;
  GtkWidget *dialog;
  Recount *recount;

  if (!g_str_has_suffix (kind, ".control"))
    return;
  stem = g_strndup (kind, strlen (kind) - strlen (".control"));
  key = json_object_get_string_member_with_default (
    payload, json_object_has_member (payload, "contest") ? "contest"
             : json_object_has_member (payload, "reason") ? "reason" : "table", "");
  if (vt_station_get_count_state (self->station, kind, key,
                                  json_object_get_string_member_with_default (payload, "pile",
                                                                              NULL),
                                  (int)json_object_get_int_member_with_default (payload, "day",
                                                                                0)) !=
      VT_COUNT_STATE_DIFFERS)
    return;

  what = dup_counted_object (vt_station_get_config (self->station), payload);
  /* Translators: %s is what was counted: "Høyre, Kommunestyrevalget", "Table 2, day 1" */
  body = g_strdup_printf (_("%s: the control count differs from the count. Count again: a new "
                            "count, then a new control count by another board member. Both "
                            "counts stay in the log."), what);
  dialog = adw_message_dialog_new (vt_station_page_get_window (self), _("Count Again"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "later", _("_Later"),
                                    "recount", _("_Count Again…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recount",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recount");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");

  preset = g_strv_builder_new ();
  for (guint i = 0; i < 4; i++)
    {
      static const char * const fields[] = { "contest", "pile", "table", "reason" };
      if (json_object_has_member (payload, fields[i]))
        {
          g_autofree char *pair = g_strdup_printf ("%s=%s", fields[i],
                                                   json_object_get_string_member (payload,
                                                                                  fields[i]));
          g_strv_builder_add (preset, pair);
        }
    }
  if (json_object_has_member (payload, "day"))
    {
      g_autofree char *pair = g_strdup_printf ("day=%" PRId64,
                                               json_object_get_int_member (payload, "day"));
      g_strv_builder_add (preset, pair);
    }
  recount = g_new0 (Recount, 1);
  recount->self = g_object_ref (self);
  recount->count_kind = g_strconcat (stem, ".count", NULL);
  recount->preset = g_strv_builder_end (preset);
  g_strv_builder_unref (preset);
  g_signal_connect (dialog, "response", G_CALLBACK (on_recount_response), recount);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
vt_station_page_confirm (VtStationPage  *self,
                         VtJournalEntry *entry)
{
  /* The entry's summary names its object: "Urn R2 shown empty, witness Ola Prøvesen". */
  g_autofree char *label = vt_journal_entry_dup_summary (entry,
                                                         vt_station_get_config (self->station));
  g_autofree char *text = NULL;

  /* Translators: a confirmation, shown only after the entry is on disk: "Entry 12 saved:
   * Special envelope" */
  text = g_strdup_printf (_("Entry %" PRId64 " saved: %s"), vt_journal_entry_get_seq (entry),
                          label);
  if (g_str_equal (vt_journal_entry_get_kind (entry), VT_KIND_ENVELOPE))
    {
      self->last_envelope = vt_journal_entry_get_seq (entry);
      g_signal_emit (self, vt_station_page_signals[TOAST_UNDO], 0, text);
    }
  else
    g_signal_emit (self, vt_station_page_signals[TOAST], 0, text);
  save_day_report (self, entry);
  ask_for_recount (self, entry);
}

void
vt_station_page_on_command_logged (VtStationPage  *self,
                                   VtJournalEntry *entry)
{
  vt_station_page_confirm (self, entry);
}

static void
set_payload_value (JsonObject    *payload,
                   const VtField *field,
                   const char    *value)
{
  switch (field->type)
    {
    case VT_FIELD_COUNT:
    case VT_FIELD_STRIP:
    case VT_FIELD_ENTRY:
    case VT_FIELD_DAY:
      json_object_set_int_member (payload, field->name, g_ascii_strtoll (value, NULL, 10));
      break;
    case VT_FIELD_BOOL:
      json_object_set_boolean_member (payload, field->name, g_str_equal (value, "true"));
      break;
    default:
      json_object_set_string_member (payload, field->name, value);
      break;
    }
}

/* Gives @kind_id: at once when the place it comes from fixes every field (a person arriving,
 * an envelope), else through the form with those fields filled in. */
void
vt_station_page_run_command (gpointer            user_data,
                             const char         *kind_id,
                             const char * const *preset)
{
  VtStationPage *self = user_data;
  const VtEntryKind *kind = vt_entry_kind_lookup (kind_id);
  guint n_fields = 0, n_fixed = 0;
  g_autoptr(JsonObject) payload = json_object_new ();

  g_return_if_fail (kind != NULL);
  /* Nothing is offered on a station opened read-only; the core would refuse it anyway. */
  if (self->station == NULL || vt_station_get_read_only (self->station))
    return;

  for (guint f = 0; f < VT_MAX_FIELDS && kind->fields[f].name != NULL; f++)
    n_fields++;
  for (guint i = 0; preset != NULL && preset[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (preset[i], "=", 2);
      const VtField *field = vt_entry_kind_find_field (kind, pair[0]);

      if (field != NULL && pair[1] != NULL)
        {
          set_payload_value (payload, field, pair[1]);
          n_fixed++;
        }
    }

  /* A step that cannot be taken back is never given in one click: its form names the object
   * and the consequence and waits for the chair. */
  if (n_fields > 0 && n_fixed == n_fields && !vt_entry_kind_is_irreversible (kind))
    {
      g_autofree char *command_id = g_uuid_string_random ();
      g_autoptr(GError) error = NULL;
      g_autoptr(VtJournalEntry) entry = NULL;

      entry = vt_station_execute (self->station, command_id, kind->id,
                                  vt_station_get_actor (self->station), payload, &error);
      if (entry == NULL)
        vt_station_page_show_refusal (self, vt_entry_kind_get_name (kind), error);
      else
        vt_station_page_confirm (self, entry);
      return;
    }

  {
    GtkWidget *dialog = vt_command_dialog_new (vt_station_page_get_window (self), self->station,
                                               kind->id);

    for (guint i = 0; preset != NULL && preset[i] != NULL; i++)
      {
        gboolean editable = preset[i][0] == '~';
        g_auto(GStrv) pair = g_strsplit (preset[i] + (editable ? 1 : 0), "=", 2);

        if (pair[1] != NULL && *pair[1] != '\0')
          vt_command_dialog_set_value (VT_COMMAND_DIALOG (dialog), pair[0], pair[1], !editable);
      }
    g_signal_connect_object (dialog, "logged", G_CALLBACK (vt_station_page_on_command_logged), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (dialog));
  }
}

/* The log's row buttons. */
static void
on_log_annul (VtStationPage  *self,
              VtJournalEntry *entry)
{
  g_autofree char *preset = g_strdup_printf ("entry=%" PRId64, vt_journal_entry_get_seq (entry));
  const char *presets[] = { preset, NULL };

  vt_station_page_run_command (self, VT_KIND_CORRECTION_ANNUL, presets);
}

static void
on_log_correct (VtStationPage  *self,
                VtJournalEntry *entry)
{
  GtkWidget *dialog;

  if (self->station == NULL || vt_station_get_read_only (self->station))
    return;
  dialog = vt_command_dialog_new_amend (vt_station_page_get_window (self), self->station, entry);
  if (dialog == NULL)
    return;
  g_signal_connect_object (dialog, "logged", G_CALLBACK (vt_station_page_on_command_logged), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The log is built when it is first shown: the station opens on a phase, and the log's
 * column view and search would only slow its first frame. */
VtLogView *
vt_station_page_ensure_log_view (VtStationPage *self)
{
  if (self->log_view == NULL)
    {
      self->log_view = g_object_new (VT_TYPE_LOG_VIEW, NULL);
      g_signal_connect_object (self->log_view, "correct", G_CALLBACK (on_log_correct), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->log_view, "annul", G_CALLBACK (on_log_annul), self,
                               G_CONNECT_SWAPPED);
      vt_log_view_set_station (self->log_view, self->station);
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->log_view), "log");
    }
  return self->log_view;
}

/**
 * vt_station_page_record:
 * @kind: an entry kind of the catalogue
 *
 * Opens the form for @kind, as the Record… list does.
 *
 * Returns: (transfer none) (nullable): the form, or %NULL when it was given at once
 */
GtkWidget *
vt_station_page_record (VtStationPage *self,
                        const char    *kind)
{
  g_return_val_if_fail (VT_IS_STATION_PAGE (self), NULL);
  g_return_val_if_fail (vt_entry_kind_lookup (kind) != NULL, NULL);

  vt_station_page_run_command (self, kind, NULL);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (VT_IS_COMMAND_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_str_equal (vt_command_dialog_get_kind (l->data)->id, kind))
      {
        GtkWidget *dialog = l->data;
        g_list_free (l->next);
        g_list_free_1 (l);
        return dialog;
      }
  return NULL;
}

/* Logs one special envelope of the @index-th reason (0-based). */
gboolean
vt_station_page_log_envelope (VtStationPage *self,
                              guint          index)
{
  GPtrArray *reasons;
  g_autofree char *preset = NULL;
  const char *presets[2] = { NULL, NULL };
  gint64 before;

  g_return_val_if_fail (VT_IS_STATION_PAGE (self), FALSE);
  if (self->station == NULL)
    return FALSE;
  reasons = vt_config_get_envelope_reasons (vt_station_get_config (self->station));
  if (index >= reasons->len)
    return FALSE;

  before = vt_store_get_n_entries (vt_station_get_store (self->station));
  preset = g_strdup_printf ("reason=%s",
                            ((VtEnvelopeReason *)g_ptr_array_index (reasons, index))->id);
  presets[0] = preset;
  vt_station_page_run_command (self, VT_KIND_ENVELOPE, presets);
  return self->last_envelope > before;
}

/* Annuls the envelope logged last from this window, as Ctrl+Z and the toast's Undo do. */
void
vt_station_page_undo (VtStationPage *self)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VtJournalEntry) entry = NULL;
  g_autofree char *command_id = NULL;

  g_return_if_fail (VT_IS_STATION_PAGE (self));
  if (self->station == NULL || self->last_envelope == 0)
    return;

  /* The id follows from the envelope: pressing Undo twice cannot annul it twice. */
  command_id = g_strdup_printf ("undo-envelope-%" PRId64 "-%s", self->last_envelope,
                                vt_station_get_path (self->station));
  json_object_set_int_member (payload, "entry", self->last_envelope);
  json_object_set_string_member (payload, "reason", _("Logged by mistake"));
  entry = vt_station_execute (self->station, command_id, VT_KIND_CORRECTION_ANNUL,
                              vt_station_get_actor (self->station), payload, &error);
  if (entry == NULL)
    {
      vt_station_page_show_refusal (self, _("The envelope could not be annulled"), error);
      return;
    }
  self->last_envelope = 0;
  g_signal_emit (self, vt_station_page_signals[TOAST], 0, _("Special envelope annulled"));
}
