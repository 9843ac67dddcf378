/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-entry-kind"

#include "config.h"

#include "vt-i18n.h"
#include <inttypes.h>

#include "vt-checks.h"
#include "vt-entry-kind.h"
#include "vt-phase.h"
#include "vt-rules-private.h"

#define S VT_PHASE_BIT (VT_PHASE_SETUP)
#define O VT_PHASE_BIT (VT_PHASE_OPENING)
#define V VT_PHASE_BIT (VT_PHASE_VOTING)
#define N VT_PHASE_BIT (VT_PHASE_NIGHT)
#define C VT_PHASE_BIT (VT_PHASE_CLOSING)
#define K VT_PHASE_BIT (VT_PHASE_COUNTING)
#define P VT_PHASE_BIT (VT_PHASE_PROTOCOL)
#define Q VT_PHASE_QUEUE_BIT /* closing, while the queue still votes */
#define ANY VT_PHASES_ANY
#define INTERNAL 0u /* written by Valgting itself, never given as a command */

#define REQ TRUE
#define OPT FALSE

static char *summarise_document_printed (const VtEntryKind *kind,
                                        VtConfig          *config,
                                        JsonObject        *payload);

#define F_NOTE_OPT { "note", VT_FIELD_TEXT, OPT, NULL, N_("What happened, in a sentence") }
#define F_NOTE_REQ { "note", VT_FIELD_TEXT, REQ, NULL, N_("What happened, in a sentence") }
#define F_WITNESS { "witness", VT_FIELD_PERSON, REQ, NULL, N_("The second person present") }
/* Who, by role, someone at the station is: never a name in the log. */
#define F_PARTY_ROLES "voter|list-representative|observer|press|worker|other"
#define F_COUNTER { "counter", VT_FIELD_PERSON, REQ, NULL, N_("The board member who counted") }
#define F_CONTROLLER { "controller", VT_FIELD_PERSON, REQ, NULL, \
                       N_("The second board member, who control-counted") }

static const VtEntryKind kinds[] = {
  /* ---- the station and the log ---- */
  { VT_ENTRY_STATION_CREATED, N_("Station created"),
    N_("The station file was made from the election configuration."),
    INTERNAL, FALSE, FALSE, { { NULL } }, NULL, NULL, vt_summary_station_created },
  { VT_ENTRY_NOTE, N_("Log entry"),
    N_("A free-text entry in the log: anything of significance that happened."),
    ANY, FALSE, TRUE,
    { { "text", VT_FIELD_TEXT, REQ, NULL, N_("What happened, where, and what was decided") } },
    NULL, NULL, vt_summary_note },
  { VT_ENTRY_REFUSED, N_("Refused"),
    N_("A command the rules refused: what was tried, by whom and why. Nothing else changed."),
    INTERNAL, FALSE, FALSE,
    { { "tried", VT_FIELD_TEXT, REQ, NULL, N_("The kind of entry that was tried") },
      { "rule", VT_FIELD_TEXT, REQ, NULL, N_("The rule that refused it") },
      { "reason", VT_FIELD_TEXT, REQ, NULL, N_("Why, as the person was told") },
      { "payload", VT_FIELD_CHANGES, OPT, NULL, N_("What was given, without personal data") } },
    NULL, NULL, vt_summary_refused,
    VT_KIND_FLAG_OUTSIDE_PROTOCOL },
  { "correction.annul", N_("Entry annulled"),
    N_("An earlier entry is annulled with a reason. It stays in the log; the station's state "
       "is recomputed without it."),
    ANY, TRUE, FALSE,
    { { "entry", VT_FIELD_ENTRY, REQ, NULL, N_("The number of the entry annulled") },
      { "reason", VT_FIELD_TEXT, REQ, NULL, N_("Why it is annulled") } },
    vt_check_correction, vt_apply_correction, vt_summary_correction },
  { "correction.amend", N_("Entry corrected"),
    N_("An earlier entry is corrected with a reason. It stays in the log as it was; the "
       "station's state is recomputed with the corrected values."),
    ANY, TRUE, FALSE,
    { { "entry", VT_FIELD_ENTRY, REQ, NULL, N_("The number of the entry corrected") },
      { "reason", VT_FIELD_TEXT, REQ, NULL, N_("Why it is corrected") },
      { "changes", VT_FIELD_CHANGES, REQ, NULL, N_("The corrected fields and their values") } },
    vt_check_correction, vt_apply_correction, vt_summary_correction },

  /* ---- board and staff ---- */
  /* From a staff list (vt-staff-import.c): one entry per person, a whole list in one
   * transaction. Not correctable: entries may name the person from the next one on; someone
   * added who does not come simply never arrives. */
  { "person.add", N_("Added to the staff"),
    N_("A board member or worker from the municipality's staff list was added to the "
       "station's people, before the opening checks begin."),
    S, TRUE, FALSE,
    { { "person", VT_FIELD_TEXT, REQ, NULL, N_("The new person's id, made from the name") },
      { "name", VT_FIELD_TEXT, REQ, NULL, N_("The person's name") },
      { "role", VT_FIELD_CHOICE, REQ, VT_ROLE_CHOICES, N_("The person's role") },
      { "table", VT_FIELD_TABLE, OPT, NULL, N_("The roll table the person works at") },
      { "shift", VT_FIELD_TEXT, OPT, NULL, N_("The person's shift, as the staff list gives it") } },
    vt_check_person_add, NULL, vt_summary_person_add },
  { "person.arrive", N_("Arrived"), N_("A board member or worker arrived at the station."),
    ANY, FALSE, TRUE,
    { { "person", VT_FIELD_PERSON, REQ, NULL, N_("Who arrived") } },
    vt_check_person_arrive, vt_apply_person_arrive, vt_summary_person },
  { "person.leave", N_("Left"), N_("A board member or worker left the station."),
    ANY, FALSE, TRUE,
    { { "person", VT_FIELD_PERSON, REQ, NULL, N_("Who left") } },
    vt_check_person_leave, vt_apply_person_leave, vt_summary_person },
  { "person.declaration", N_("Confidentiality declaration signed"),
    N_("A board member or worker signed the declaration of confidentiality."),
    ANY, FALSE, TRUE,
    { { "person", VT_FIELD_PERSON, REQ, NULL, N_("Who signed") } },
    vt_check_person_declaration, vt_apply_person_declaration, vt_summary_person },

  /* ---- opening ---- */
  { "check.done", N_("Opening check done"), N_("An item of the opening checklist is done."),
    S | O | V, FALSE, TRUE,
    { { "check", VT_FIELD_CHECK, REQ, NULL, N_("The checklist item") } },
    vt_check_opening_check, vt_apply_opening_check, vt_summary_opening_check },
  { "check.deviation", N_("Opening check: deviation"),
    N_("An item of the opening checklist could not be done as written; the note says what "
       "was done instead and who was told."),
    S | O | V, FALSE, TRUE,
    { { "check", VT_FIELD_CHECK, REQ, NULL, N_("The checklist item") }, F_NOTE_REQ },
    vt_check_opening_check, vt_apply_opening_check, vt_summary_opening_check },
  { "doors.open", N_("Doors opened"),
    N_("The station opens to voters. Before the scheduled time, or more than five minutes "
       "after it, only with a reason."),
    O | N, TRUE, FALSE,
    { { "reason", VT_FIELD_TEXT, OPT, NULL,
        N_("Why the doors open before the scheduled time, or more than five minutes after it") } },
    vt_check_doors_open, vt_apply_doors_open, vt_summary_doors },
  { "doors.close", N_("Doors closed"),
    N_("The station closes; everyone in the queue at that moment still votes. Before the "
       "scheduled time only with a reason. Between two election days, for the night."),
    V, TRUE, FALSE,
    { { "queue", VT_FIELD_COUNT, REQ, NULL, N_("People in the queue at closing time") },
      { "reason", VT_FIELD_TEXT, OPT, NULL, N_("Why the doors close before the scheduled time") },
      { "for_night", VT_FIELD_BOOL, OPT, NULL, N_("Closed for the night; another day follows") } },
    vt_check_doors_close, vt_apply_doors_close, vt_summary_doors,
    VT_KIND_FLAG_IRREVERSIBLE },

  /* ---- seal strips and urns ---- */
  { "strips.receive", N_("Seal strips received"),
    N_("Numbered seal strips received, one number or a range."),
    ANY, FALSE, TRUE,
    { { "first", VT_FIELD_STRIP, REQ, NULL, N_("The first strip number") },
      { "last", VT_FIELD_STRIP, OPT, NULL, N_("The last strip number of a range") } },
    vt_check_strips_receive, vt_apply_strips_receive, vt_summary_seals },
  { "strips.return", N_("Unused seal strips returned"),
    N_("Unused seal strips handed back, one number or a range."),
    ANY, FALSE, TRUE,
    { { "first", VT_FIELD_STRIP, REQ, NULL, N_("The first strip number") },
      { "last", VT_FIELD_STRIP, OPT, NULL, N_("The last strip number of a range") } },
    vt_check_strips_return, vt_apply_strips_return, vt_summary_seals },
  { "strip.void", N_("Seal strip void"), N_("A strip was damaged or spoiled and is not used."),
    ANY, FALSE, TRUE,
    { { "strip", VT_FIELD_STRIP, REQ, NULL, N_("The strip number") },
      { "reason", VT_FIELD_TEXT, REQ, NULL, N_("What happened to it") } },
    vt_check_strip_void, vt_apply_strip_void, vt_summary_seals },
  { "urn.add", N_("Urn taken into use"),
    N_("An urn, the special-envelope urn, the mobile urn for outdoor voting or a reserve box "
       "is taken into use."),
    S | O | V | N, FALSE, TRUE,
    { { "urn", VT_FIELD_URN, REQ, NULL, N_("A short name for the urn, such as U1") },
      { "kind", VT_FIELD_CHOICE, REQ, "ordinary|special-envelope|mobile|reserve",
        N_("What the urn is for") },
      { "table", VT_FIELD_TABLE, OPT, NULL, N_("The table an ordinary urn belongs to") } },
    vt_check_urn_add, vt_apply_urn_add, vt_summary_seals },
  { "urn.verify-empty", N_("Urn shown empty"),
    N_("The urn was shown to be empty, with a second person present, before its first seal."),
    S | O | V | N, FALSE, TRUE,
    { { "urn", VT_FIELD_URN, REQ, NULL, N_("The urn") }, F_WITNESS },
    vt_check_urn_verify_empty, vt_apply_urn_verify_empty, vt_summary_seals },
  { "urn.seal", N_("Urn sealed"),
    N_("A strip is applied to an urn by the chair with a second person present: first after "
       "the urn was shown empty, or again before an urn is reused."),
    S | O | V | N | C, FALSE, TRUE,
    { { "urn", VT_FIELD_URN, REQ, NULL, N_("The urn") },
      { "strip", VT_FIELD_STRIP, REQ, NULL, N_("The strip applied") }, F_WITNESS },
    vt_check_urn_seal, vt_apply_urn_seal, vt_summary_seals },
  { "urn.full", N_("Full urn sealed"),
    N_("A full urn's slot is closed and sealed with a new strip, in addition to the one it "
       "has; a sealed urn for the same use, or a reserve box, replaces it."),
    V, FALSE, TRUE,
    { { "urn", VT_FIELD_URN, REQ, NULL, N_("The full urn") },
      { "strip", VT_FIELD_STRIP, REQ, NULL, N_("The new strip on its slot") }, F_WITNESS,
      { "replacement", VT_FIELD_URN, REQ, NULL,
        N_("The sealed urn that replaces it: one for the same use, or a reserve box") } },
    vt_check_urn_full, vt_apply_urn_full, vt_summary_seals },
  { "seal.break", N_("Seal broken"),
    N_("A seal is broken, with two board members present and a reason (for example to empty "
       "full urns into the reserve box). The urn must be sealed again before it is reused."),
    V | N | C | K, FALSE, TRUE,
    { { "urn", VT_FIELD_URN, REQ, NULL, N_("The urn") },
      { "strip", VT_FIELD_STRIP, REQ, NULL, N_("The strip broken") },
      { "member", VT_FIELD_PERSON, REQ, NULL, N_("A board member present") },
      { "second_member", VT_FIELD_PERSON, REQ, NULL, N_("A second board member present") },
      { "reason", VT_FIELD_TEXT, REQ, NULL, N_("Why the seal is broken") } },
    vt_check_seal_break, vt_apply_seal_break, vt_summary_seals,
    VT_KIND_FLAG_IRREVERSIBLE },
  { "urn.seal-check", N_("Seal checked"),
    N_("Before the doors open on the next day, an urn's seal is checked: the strip is intact "
       "and has the recorded number."),
    N | O, FALSE, TRUE,
    { { "urn", VT_FIELD_URN, REQ, NULL, N_("The urn") },
      { "strip", VT_FIELD_STRIP, REQ, NULL, N_("The number read on the strip") } },
    vt_check_urn_seal_check, vt_apply_urn_seal_check, vt_summary_seals },
  { "urn.open", N_("Urn opened for counting"),
    N_("An urn is opened for the preliminary count; only after unused ballots are out of the "
       "room, the stamps are handed in and shipment 1 has left."),
    C | K, TRUE, TRUE,
    { { "urn", VT_FIELD_URN, REQ, NULL, N_("The urn") } },
    vt_check_urn_open, vt_apply_urn_open, vt_summary_seals,
    VT_KIND_FLAG_IRREVERSIBLE },

  /* ---- outdoor voting ---- */
  { "outdoor.start", N_("Outdoor vote started"),
    N_("A voter who cannot come in votes outside: two workers who are here (not the chair, who "
       "stays in the room) go out with the ballot sets, a stamp, the mobile urn and the curtain, "
       "and the voter is marked in the roll at the line given. Only for a voter in this "
       "station's roll; others vote in a special envelope."),
    V | Q, FALSE, TRUE,
    { { "worker", VT_FIELD_PERSON, REQ, NULL, N_("The first worker going out") },
      { "second_worker", VT_FIELD_PERSON, REQ, NULL, N_("The second worker going out") },
      { "in_roll", VT_FIELD_BOOL, REQ, NULL, N_("The voter is in this station's roll") },
      /* Optional for the form, so that a voter not in the roll is told what to do instead;
       * the rule asks for them for a voter in the roll. */
      { "table", VT_FIELD_TABLE, OPT, NULL, N_("The table whose roll has the voter") },
      { "page", VT_FIELD_COUNT, OPT, NULL, N_("The voter's page in the roll") },
      { "line", VT_FIELD_COUNT, OPT, NULL, N_("The voter's line on the page") } },
    vt_check_outdoor_start, vt_apply_outdoor_start, vt_summary_outdoor },
  /* No longer given: the start now says the equipment went out. Kept so that station files
   * whose journals have it still open and replay. */
  { "outdoor.out", N_("Outdoor voting equipment out"),
    N_("No longer used: an outdoor vote's equipment goes out when it starts. Older station "
       "files have this entry between the start and the end of an outdoor vote."),
    INTERNAL, FALSE, TRUE,
    { { "vote", VT_FIELD_ENTRY, REQ, NULL, N_("The entry that started the outdoor vote") } },
    vt_check_outdoor_step, vt_apply_outdoor_step, vt_summary_outdoor },
  { "outdoor.end", N_("Outdoor vote back"),
    N_("The voter has voted; the workers are back with the equipment and the mobile urn, "
       "still sealed with the strip whose number they read on it."),
    V | C, FALSE, TRUE,
    { { "vote", VT_FIELD_ENTRY, REQ, NULL, N_("The entry that started the outdoor vote") },
      { "strip", VT_FIELD_STRIP, REQ, NULL,
        N_("The number read on the mobile urn's seal, now it is back") } },
    vt_check_outdoor_step, vt_apply_outdoor_step, vt_summary_outdoor },

  /* ---- special envelopes ---- */
  { "envelope", N_("Special envelope"),
    N_("A voter voted in a special envelope; the reason is written on the envelope."),
    V | Q, FALSE, TRUE,
    { { "reason", VT_FIELD_REASON, REQ, NULL, N_("Why the voter votes in an envelope") } },
    vt_check_envelope, vt_apply_envelope, vt_summary_envelope },

  /* ---- incidents ---- */
  { "incident.wrong-mark", N_("Wrong voter marked"),
    N_("A roll marker marked the wrong voter; \"Feil\" is written beside the line."),
    V | Q, FALSE, TRUE,
    { { "table", VT_FIELD_TABLE, REQ, NULL, N_("The table") },
      { "page", VT_FIELD_COUNT, REQ, NULL, N_("The page in the roll") },
      { "line", VT_FIELD_COUNT, REQ, NULL, N_("The line on the page") }, F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },
  { "incident.wrong-mark-resolved", N_("Wrongly marked voter came"),
    N_("The voter whose line was marked by mistake came to vote; \"Feil\" is struck out."),
    V | Q, FALSE, TRUE,
    { { "entry", VT_FIELD_ENTRY, REQ, NULL, N_("The entry that logged the wrong mark") },
      F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },
  { "incident.unstamped", N_("Unstamped ballot in urn"),
    N_("A ballot without the stamp went into an urn; the voter may take a new ballot."),
    V | Q, FALSE, TRUE,
    { { "table", VT_FIELD_TABLE, REQ, NULL, N_("The table whose urn it went into") },
      F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },
  { "incident.disturbance", N_("Disturbance"),
    N_("Agitation, surveys or someone controlling who votes; the board may remove the person."),
    ANY, FALSE, TRUE,
    { { "removed", VT_FIELD_BOOL, REQ, NULL, N_("The board removed the person") }, F_NOTE_REQ },
    vt_check_incident, vt_apply_incident, vt_summary_incident,
    VT_KIND_FLAG_NOTABLE },
  { "incident.press", N_("Press"), N_("The press contacted the station."),
    ANY, FALSE, TRUE, { F_NOTE_REQ }, vt_check_incident, vt_apply_incident,
    vt_summary_incident, VT_KIND_FLAG_NOTABLE },
  /* The incidents of part D the guides name besides a disturbance and the press. No derived
   * state: the log and part D are where they count. */
  { "incident.removal", N_("Person removed"),
    N_("The board removed a person from the station, for disturbing the voting or not "
       "following the board's instructions; the note says what happened."),
    ANY, TRUE, TRUE,
    { { "role", VT_FIELD_CHOICE, REQ, F_PARTY_ROLES, N_("Who was removed, by role") },
      F_NOTE_REQ },
    NULL, NULL, NULL, VT_KIND_FLAG_NOTABLE },
  { "incident.complaint", N_("Complaint"),
    N_("Someone complained to the board: who, by role (never by name), what about, and what "
       "the board did."),
    ANY, FALSE, TRUE,
    { { "by", VT_FIELD_CHOICE, REQ, F_PARTY_ROLES, N_("Who complained, by role") },
      { "about", VT_FIELD_TEXT, REQ, NULL, N_("What the complaint is about") },
      { "note", VT_FIELD_TEXT, OPT, NULL, N_("What the board did") } },
    NULL, NULL, NULL, VT_KIND_FLAG_NOTABLE },
  { "incident.police", N_("Police called"),
    N_("The board called the police: why, and whether they came."),
    ANY, TRUE, TRUE,
    { { "reason", VT_FIELD_TEXT, REQ, NULL, N_("Why the police were called") },
      { "arrived", VT_FIELD_BOOL, OPT, NULL, N_("The police came to the station") },
      F_NOTE_OPT },
    NULL, NULL, NULL, VT_KIND_FLAG_NOTABLE },
  { "incident.assistance", N_("Assistance in the booth"),
    N_("A voter was helped in the booth by an election worker, or by a helper of their own."),
    V | Q, FALSE, TRUE,
    { { "own_helper", VT_FIELD_BOOL, REQ, NULL, N_("The voter's own helper, not a worker") },
      F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },
  { "incident.power", N_("Power cut"), N_("The power went out, or came back."),
    ANY, FALSE, TRUE,
    { { "state", VT_FIELD_CHOICE, REQ, "out|back", N_("Out, or back") }, F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },
  { "incident.fire-alarm", N_("Fire alarm"),
    N_("The station was evacuated with stamps, urns and rolls, or voting resumed."),
    ANY, FALSE, TRUE,
    { { "state", VT_FIELD_CHOICE, REQ, "evacuated|resumed", N_("Evacuated, or resumed") },
      F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },
  { "incident.phone", N_("Phone down"), N_("The station's phone stopped working, or works again."),
    ANY, FALSE, TRUE,
    { { "state", VT_FIELD_CHOICE, REQ, "down|up", N_("Down, or up") }, F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },
  { "incident.electronic-roll", N_("Electronic roll down"),
    N_("The electronic roll stopped working, or works again. While it is down every voter "
       "votes in an emergency envelope."),
    ANY, FALSE, TRUE,
    { { "state", VT_FIELD_CHOICE, REQ, "down|up", N_("Down, or up") }, F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },
  { "incident.missing-material", N_("Missing material"),
    N_("Material is missing or runs out; the election office was told."),
    ANY, FALSE, TRUE, { F_NOTE_REQ }, vt_check_incident, vt_apply_incident,
    vt_summary_incident },
  { "incident.turnout", N_("Turnout reported"),
    N_("The roll marks so far, per table, as phoned to the election office."),
    V, FALSE, TRUE,
    { { "counts", VT_FIELD_TABLE_COUNTS, REQ, NULL, N_("Marks per table so far") },
      F_NOTE_OPT },
    vt_check_incident, vt_apply_incident, vt_summary_incident },

  /* ---- closing ---- */
  { "closing.last-voter", N_("Last voter done"),
    N_("The last person who was in the queue at closing time has voted."),
    C, FALSE, FALSE, { { NULL } }, vt_check_closing_step, vt_apply_closing_step,
    vt_summary_closing },
  /* No longer given: a count and its control count are two entries by two board members
   * (roll-marks.count, roll-marks.control). Kept so that station files whose journals have it
   * still open and replay. */
  { "roll-marks", N_("Roll marks counted and control-counted"),
    N_("No longer used: older station files have the count and the control count of a "
       "table's roll marks in one entry."),
    INTERNAL, FALSE, TRUE,
    { { "table", VT_FIELD_TABLE, REQ, NULL, N_("The table") },
      { "day", VT_FIELD_DAY, REQ, NULL, N_("The election day, 1 or 2") },
      { "count", VT_FIELD_COUNT, REQ, NULL, N_("The count") },
      { "control_count", VT_FIELD_COUNT, REQ, NULL, N_("The control count") } },
    vt_check_count_single_entry, vt_apply_roll_marks, vt_summary_closing },
  /* No longer given, as roll-marks: envelopes.count and envelopes.control instead. */
  { "envelopes.counted", N_("Special envelopes counted and control-counted"),
    N_("No longer used: older station files have the count and the control count of a "
       "reason's special envelopes in one entry."),
    INTERNAL, FALSE, TRUE,
    { { "reason", VT_FIELD_REASON, REQ, NULL, N_("The reason") },
      { "count", VT_FIELD_COUNT, REQ, NULL, N_("The count") },
      { "control_count", VT_FIELD_COUNT, REQ, NULL, N_("The control count") },
      { "explanation", VT_FIELD_TEXT, OPT, NULL,
        N_("Why the count differs from the envelopes logged during the day") } },
    vt_check_count_single_entry, vt_apply_envelopes_counted, vt_summary_closing },
  { "roll-marks.count", N_("Roll marks counted"),
    N_("A board member counted a table's marks in the roll's Valgting column for one day. "
       "Another board member then control-counts them, without seeing this count."),
    N | C | K, FALSE, TRUE,
    { { "table", VT_FIELD_TABLE, REQ, NULL, N_("The table") },
      { "day", VT_FIELD_DAY, REQ, NULL, N_("The election day, 1 or 2") },
      { "count", VT_FIELD_COUNT, REQ, NULL, N_("The count") }, F_COUNTER },
    vt_check_count_first, vt_apply_count_first, vt_summary_closing },
  { "roll-marks.control", N_("Roll marks control-counted"),
    N_("A second board member counted the table's marks again. When the two counts differ, "
       "the marks are counted again: a new count and a new control count."),
    N | C | K, FALSE, TRUE,
    { { "table", VT_FIELD_TABLE, REQ, NULL, N_("The table") },
      { "day", VT_FIELD_DAY, REQ, NULL, N_("The election day, 1 or 2") },
      { "control_count", VT_FIELD_COUNT, REQ, NULL, N_("The control count") }, F_CONTROLLER },
    vt_check_count_control, vt_apply_count_control, vt_summary_closing },
  { "envelopes.count", N_("Special envelopes counted"),
    N_("A board member counted the special envelopes of one reason at closing. Another board "
       "member then control-counts them, without seeing this count."),
    C | K, FALSE, TRUE,
    { { "reason", VT_FIELD_REASON, REQ, NULL, N_("The reason") },
      { "count", VT_FIELD_COUNT, REQ, NULL, N_("The count") }, F_COUNTER },
    vt_check_count_first, vt_apply_count_first, vt_summary_closing },
  { "envelopes.control", N_("Special envelopes control-counted"),
    N_("A second board member counted the envelopes of the reason again. When the two counts "
       "differ, they are counted again; a difference from the day's live count needs an "
       "explanation."),
    C | K, FALSE, TRUE,
    { { "reason", VT_FIELD_REASON, REQ, NULL, N_("The reason") },
      { "control_count", VT_FIELD_COUNT, REQ, NULL, N_("The control count") }, F_CONTROLLER,
      { "explanation", VT_FIELD_TEXT, OPT, NULL,
        N_("Why the count differs from the envelopes logged during the day") } },
    vt_check_count_control, vt_apply_count_control, vt_summary_closing },
  { "closing.unused-ballots-removed", N_("Unused ballots removed"),
    N_("Every unused ballot is out of the room; no urn is opened before."),
    C, FALSE, FALSE, { { NULL } }, vt_check_closing_step, vt_apply_closing_step,
    vt_summary_closing },
  { "closing.stamps-handed-in", N_("Stamps handed in"),
    N_("Every stamp is handed in to the chair; no urn is opened before."),
    C, FALSE, FALSE, { { NULL } }, vt_check_closing_step, vt_apply_closing_step,
    vt_summary_closing },
  { "shipment.packed", N_("Shipment 1 packed"),
    N_("The rolls, the stamps and the special envelopes are packed and sealed for the courier."),
    C, FALSE, TRUE,
    { { "rolls", VT_FIELD_COUNT, REQ, NULL, N_("Rolls packed") },
      { "stamps", VT_FIELD_COUNT, REQ, NULL, N_("Stamps packed") },
      { "envelopes", VT_FIELD_COUNT, REQ, NULL, N_("Special envelopes packed") } },
    vt_check_shipment, vt_apply_shipment, vt_summary_closing },
  { "shipment.handed-over", N_("Shipment 1 handed over"),
    N_("Shipment 1 is handed to the election office's courier against a receipt in two copies."),
    C, FALSE, TRUE,
    { { "to", VT_FIELD_TEXT, REQ, NULL, N_("Who received it") }, F_NOTE_OPT },
    vt_check_shipment, vt_apply_shipment, vt_summary_closing,
    VT_KIND_FLAG_IRREVERSIBLE },

  /* ---- the preliminary count ---- */
  /* No longer given, as roll-marks: pile.count and pile.control instead. */
  { "count.pile", N_("Pile counted and control-counted"),
    N_("No longer used: older station files have the count and the control count of a pile "
       "in one entry."),
    INTERNAL, FALSE, TRUE,
    { { "contest", VT_FIELD_CONTEST, REQ, NULL, N_("The contest") },
      { "pile", VT_FIELD_PILE, REQ, NULL, N_("The pile: a party list, the approved ballots (when counting totals only), the blank or the doubtful ballots") },
      { "count", VT_FIELD_COUNT, REQ, NULL, N_("The count") },
      { "control_count", VT_FIELD_COUNT, REQ, NULL, N_("The control count") } },
    vt_check_count_single_entry, vt_apply_count_pile, vt_summary_closing },
  { "pile.count", N_("Pile counted"),
    N_("A board member counted one pile of one contest: a party list, the blank ballots or "
       "the doubtful ballots. Another board member then control-counts it, without seeing "
       "this count."),
    K, FALSE, TRUE,
    { { "contest", VT_FIELD_CONTEST, REQ, NULL, N_("The contest") },
      { "pile", VT_FIELD_PILE, REQ, NULL, N_("The pile: a party list, the approved ballots (when counting totals only), the blank or the doubtful ballots") },
      { "count", VT_FIELD_COUNT, REQ, NULL, N_("The count") }, F_COUNTER },
    vt_check_count_first, vt_apply_count_first, vt_summary_closing },
  { "pile.control", N_("Pile control-counted"),
    N_("A second board member counted the pile again. When the two counts differ, the pile is "
       "counted again: a new count and a new control count."),
    K, FALSE, TRUE,
    { { "contest", VT_FIELD_CONTEST, REQ, NULL, N_("The contest") },
      { "pile", VT_FIELD_PILE, REQ, NULL, N_("The pile: a party list, the approved ballots (when counting totals only), the blank or the doubtful ballots") },
      { "control_count", VT_FIELD_COUNT, REQ, NULL, N_("The control count") }, F_CONTROLLER },
    vt_check_count_control, vt_apply_count_control, vt_summary_closing },
  { "count.explain", N_("Difference explained"),
    N_("The board's explanation of a difference found by a numbered check, with the log "
       "entries that explain it."),
    C | K | P, TRUE, TRUE,
    { { "code", VT_FIELD_CHOICE, REQ, "K103|K302|K402|K403|K404",
        N_("The check that found the difference") },
      { "subject", VT_FIELD_TEXT, OPT, NULL,
        N_("The contest (K402, K403, K404) or special-envelope reason (K302) it is about") },
      { "text", VT_FIELD_TEXT, REQ, NULL, N_("The explanation") },
      /* Older station files have the entries alone, without counts; read, no longer given
       * for K402. */
      { "entries", VT_FIELD_ENTRIES, OPT, NULL, N_("Log entries that explain it") },
      { "items", VT_FIELD_ITEMS, OPT, NULL,
        N_("What accounts for the difference (K402): log entries and declared reasons, each "
           "with a count, adding up to the difference") },
      { "not_explained", VT_FIELD_BOOL, OPT, NULL,
        N_("The difference could not be explained, after a recount of the contest (K402)") } },
    vt_check_count_explain, vt_apply_count_explain, vt_summary_closing },
  { "count.recounted", N_("Contest recounted"),
    N_("The board counted a contest's ballots again, pile by pile, because the difference "
       "from the roll marks could not be explained; a pile found different is corrected. Only "
       "after a recount may a difference stand as not explained."),
    K | P, TRUE, TRUE,
    { { "contest", VT_FIELD_CONTEST, REQ, NULL, N_("The contest") },
      { "note", VT_FIELD_TEXT, OPT, NULL, N_("What the recount found") } },
    vt_check_count_recounted, NULL, vt_summary_closing },
  { "warning.accept", N_("Warning accepted"),
    N_("Two board members accept a warning the board could not explain, with the reason; it "
       "then holds up neither the results nor the signature, and the reason stands in the "
       "protocol."),
    C | K | P, TRUE, TRUE,
    { { "code", VT_FIELD_CHOICE, REQ, "K103|K302|K403|K404",
        N_("The check that gave the warning") },
      { "subject", VT_FIELD_TEXT, OPT, NULL,
        N_("The contest (K403, K404) or special-envelope reason (K302) it is about") },
      { "member", VT_FIELD_PERSON, REQ, NULL, N_("A board member present") },
      { "second_member", VT_FIELD_PERSON, REQ, NULL, N_("A second board member present") },
      { "reason", VT_FIELD_TEXT, REQ, NULL, N_("Why the board accepts it") } },
    vt_check_warning_accept, vt_apply_warning_accept, vt_summary_closing },
  { "results.phoned", N_("Results phoned in"),
    N_("The preliminary results are phoned in to the election office."),
    K, TRUE, TRUE,
    { { "to", VT_FIELD_TEXT, REQ, NULL, N_("Who received them") }, F_NOTE_OPT },
    vt_check_results_phoned, vt_apply_results_phoned, vt_summary_closing,
    VT_KIND_FLAG_IRREVERSIBLE },

  /* ---- the protocol ---- */
  { "protocol.remark", N_("Remark written"),
    N_("The board's remark on a contest's count, in its own words: it stands once, as "
       "written, under the contest in the protocol's Merknad. A later remark on the same "
       "contest replaces it."),
    K | P, TRUE, TRUE,
    { { "contest", VT_FIELD_CONTEST, REQ, NULL, N_("The contest") },
      { "text", VT_FIELD_TEXT, REQ, NULL, N_("The remark") } },
    NULL, NULL, NULL },
  { "protocol.matters", N_("Other matters written"),
    N_("The board's text for the protocol's part D (Other matters): incidents and decisions in "
       "its own words, with the log entries it draws on. A later text replaces it."),
    C | K | P, TRUE, TRUE,
    { { "text", VT_FIELD_TEXT, REQ, NULL, N_("The text of part D") },
      { "entries", VT_FIELD_ENTRIES, OPT, NULL, N_("Log entries it draws on") } },
    NULL, NULL, NULL },
  { "protocol.sign", N_("Protocol signed"),
    N_("A board member signed the protocol, on screen or in ink on the printed signature "
       "page. The signature covers the log as it is: any later entry that changes the protocol "
       "leaves it amended after signing, to be signed again."),
    P, FALSE, TRUE,
    { { "person", VT_FIELD_PERSON, REQ, NULL, N_("Who signed") },
      { "strokes", VT_FIELD_STROKES, OPT, NULL, N_("The signature as drawn on screen") },
      { "on_paper", VT_FIELD_BOOL, OPT, NULL,
        N_("Signed in ink on the printed signature page instead") } },
    vt_check_protocol_sign, NULL, vt_summary_protocol_sign,
    VT_KIND_FLAG_IRREVERSIBLE | VT_KIND_FLAG_OUTSIDE_PROTOCOL },
  { "document.printed", N_("Document printed"),
    N_("A document was printed or saved as PDF; a reprint is marked as that copy on every "
       "page."),
    ANY, FALSE, FALSE,
    { { "document", VT_FIELD_CHOICE, REQ,
        "protocol|packing-list|receipt|seals|opening-report|closing-report|meeting-protocol|"
        "office-notice",
        N_("The document") },
      { "copy", VT_FIELD_COUNT, REQ, NULL, N_("0 for the original, 1, 2 … for a reprint") } },
    NULL, NULL, summarise_document_printed,
    VT_KIND_FLAG_OUTSIDE_PROTOCOL },

  /* ---- an organisation's meeting (election kind "organisation", vt-rules-organisation.c) */
  { "meeting.constituted", N_("Meeting constituted"),
    N_("The annual meeting chose its chair and two people to sign the protocol, three "
       "different people."),
    S, FALSE, TRUE,
    { { "chair", VT_FIELD_TEXT, REQ, NULL, N_("The meeting chair") },
      { "signatory", VT_FIELD_TEXT, REQ, NULL, N_("The first to sign the protocol") },
      { "second_signatory", VT_FIELD_TEXT, REQ, NULL, N_("The second to sign the protocol") } },
    vt_check_meeting_constituted, vt_apply_meeting_constituted, vt_summary_meeting },
  { "meeting.attendance", N_("Attendance registered"),
    N_("How many are present with the right to vote: the count is what matters. A later "
       "count replaces it."),
    O | V, FALSE, TRUE,
    { { "present", VT_FIELD_COUNT, REQ, NULL, N_("Present and entitled to vote") },
      { "entitled", VT_FIELD_COUNT, OPT, NULL,
        N_("Entitled to vote, when not as the configuration says") } },
    vt_check_meeting_attendance, vt_apply_meeting_attendance, vt_summary_meeting },
  { "office.candidate", N_("Candidate registered"),
    N_("Someone stands for the office being elected: proposed by the nomination committee or "
       "from the floor. Someone not elected to an earlier office may stand again."),
    O | V, FALSE, TRUE,
    { { "office", VT_FIELD_TEXT, REQ, NULL, N_("The office") },
      { "name", VT_FIELD_TEXT, REQ, NULL, N_("The candidate's name") },
      { "from_floor", VT_FIELD_BOOL, OPT, NULL, N_("Proposed from the floor") } },
    vt_check_office_candidate, vt_apply_office_candidate, vt_summary_office },
  { "office.withdraw", N_("Candidate withdrew"),
    N_("A candidate no longer stands for the office, before a vote starts."),
    O | V, FALSE, TRUE,
    { { "office", VT_FIELD_TEXT, REQ, NULL, N_("The office") },
      { "name", VT_FIELD_TEXT, REQ, NULL, N_("The candidate's name") } },
    vt_check_office_withdraw, vt_apply_office_withdraw, vt_summary_office },
  { "office.vote", N_("Vote started"),
    N_("The meeting votes on the office, open by show of hands or secret by ballot. With one "
       "candidate the vote is for or against; after a tie the tied candidates are voted on "
       "again."),
    O | V, FALSE, TRUE,
    { { "office", VT_FIELD_TEXT, REQ, NULL, N_("The office") },
      { "secret", VT_FIELD_BOOL, OPT, NULL,
        N_("A secret vote by ballot, when not as the configuration says") } },
    vt_check_office_vote, vt_apply_office_vote, vt_summary_office },
  { "office.count", N_("Votes counted"),
    N_("The votes of one pile: a candidate's, or for, against, abstaining or blank. In a "
       "secret vote a vote counter counts the ballots, and a second one control-counts them."),
    V, FALSE, TRUE,
    { { "office", VT_FIELD_TEXT, REQ, NULL, N_("The office") },
      { "pile", VT_FIELD_CHOICE, REQ, "candidate|in-favour|against|abstain|blank", N_("The pile") },
      { "candidate", VT_FIELD_TEXT, OPT, NULL, N_("The candidate, for a candidate's pile") },
      { "votes", VT_FIELD_COUNT, REQ, NULL, N_("The number of votes") },
      { "counter", VT_FIELD_TEXT, OPT, NULL, N_("The vote counter who counted") } },
    vt_check_office_count, vt_apply_office_count, vt_summary_office },
  { "office.control", N_("Votes control-counted"),
    N_("A second vote counter counted the same pile of a secret vote again; the two counts "
       "must agree before the result."),
    V, FALSE, TRUE,
    { { "office", VT_FIELD_TEXT, REQ, NULL, N_("The office") },
      { "pile", VT_FIELD_CHOICE, REQ, "candidate|in-favour|against|abstain|blank", N_("The pile") },
      { "candidate", VT_FIELD_TEXT, OPT, NULL, N_("The candidate, for a candidate's pile") },
      { "votes", VT_FIELD_COUNT, REQ, NULL, N_("The number of votes") },
      { "counter", VT_FIELD_TEXT, REQ, NULL, N_("The second vote counter") } },
    vt_check_office_control, vt_apply_office_control, vt_summary_office },
  { "office.result", N_("Result of the vote"),
    N_("The vote is closed: the most votes cast wins, blank votes not counted; one candidate "
       "needs more for than against. A tie is voted again once, then decided by lot."),
    V, FALSE, FALSE,
    { { "office", VT_FIELD_TEXT, REQ, NULL, N_("The office") } },
    vt_check_office_result, vt_apply_office_result, vt_summary_office,
    VT_KIND_FLAG_IRREVERSIBLE },
  { "office.vacant", N_("Office left vacant"),
    N_("No one stands for the office, or no one was elected: the meeting leaves it vacant (with "
       "several seats, the seats not filled), and it is decided. Not while a vote is under way "
       "or a tie waits, nor while someone stands."),
    O | V, FALSE, FALSE,
    { { "office", VT_FIELD_TEXT, REQ, NULL, N_("The office") },
      { "note", VT_FIELD_TEXT, OPT, NULL, N_("Why, in a sentence") } },
    vt_check_office_vacant, vt_apply_office_vacant, vt_summary_office,
    VT_KIND_FLAG_IRREVERSIBLE },
  { "office.lot", N_("Decided by lot"),
    N_("After a tie voted again and tied again, lots were drawn between the tied candidates."),
    V, FALSE, FALSE,
    { { "office", VT_FIELD_TEXT, REQ, NULL, N_("The office") },
      { "drawn", VT_FIELD_TEXT, REQ, NULL, N_("The candidate drawn") } },
    vt_check_office_lot, vt_apply_office_lot, vt_summary_office,
    VT_KIND_FLAG_IRREVERSIBLE },
  { "meeting.sign", N_("Meeting protocol signed"),
    N_("The meeting chair or one of the two chosen to sign signed the meeting's protocol, on "
       "screen or in ink on the printed page, once every office is decided."),
    S | O | V | P, FALSE, TRUE,
    { { "signer", VT_FIELD_CHOICE, REQ, "chair|signatory|second_signatory", N_("Who signed") },
      { "strokes", VT_FIELD_STROKES, OPT, NULL, N_("The signature as drawn on screen") },
      { "on_paper", VT_FIELD_BOOL, OPT, NULL,
        N_("Signed in ink on the printed protocol instead") } },
    vt_check_meeting_sign, NULL, vt_summary_meeting_sign,
    VT_KIND_FLAG_IRREVERSIBLE | VT_KIND_FLAG_OUTSIDE_PROTOCOL },
};

const VtEntryKind *
vt_entry_kind_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].id, id) == 0)
      return &kinds[i];
  return NULL;
}

const VtEntryKind *
vt_entry_kind_get_all (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const char *
vt_entry_kind_get_name (const VtEntryKind *kind)
{
  return _(kind->name);
}

gboolean
vt_entry_kind_is_irreversible (const VtEntryKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  return (kind->flags & VT_KIND_FLAG_IRREVERSIBLE) != 0;
}

gboolean
vt_entry_kind_changes_protocol (const VtEntryKind *kind)
{
  g_return_val_if_fail (kind != NULL, TRUE);
  return (kind->flags & VT_KIND_FLAG_OUTSIDE_PROTOCOL) == 0;
}

gboolean
vt_entry_kind_is_notable (const VtEntryKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  return (kind->flags & VT_KIND_FLAG_NOTABLE) != 0;
}

const char *
vt_entry_kind_get_description (const VtEntryKind *kind)
{
  return _(kind->description);
}

const VtField *
vt_entry_kind_find_field (const VtEntryKind *kind,
                          const char        *name)
{
  for (guint i = 0; i < VT_MAX_FIELDS && kind->fields[i].name != NULL; i++)
    if (g_str_equal (kind->fields[i].name, name))
      return &kind->fields[i];
  return NULL;
}

const char *
vt_field_type_to_string (VtFieldType type)
{
  static const char * const names[] = {
    [VT_FIELD_TEXT] = "text", [VT_FIELD_PERSON] = "person", [VT_FIELD_TABLE] = "table",
    [VT_FIELD_CONTEST] = "contest", [VT_FIELD_PILE] = "pile", [VT_FIELD_REASON] = "reason",
    [VT_FIELD_CHECK] = "check", [VT_FIELD_URN] = "urn", [VT_FIELD_STRIP] = "strip",
    [VT_FIELD_COUNT] = "count", [VT_FIELD_DAY] = "day", [VT_FIELD_BOOL] = "true/false",
    [VT_FIELD_ENTRY] = "entry", [VT_FIELD_CHOICE] = "choice",
    [VT_FIELD_TABLE_COUNTS] = "table counts", [VT_FIELD_CHANGES] = "changes",
    [VT_FIELD_ENTRIES] = "entries", [VT_FIELD_STROKES] = "strokes",
    [VT_FIELD_ITEMS] = "items",
  };
  return names[type];
}

/* ---- the labels of choices ---------------------------------------------------------------- */

/* Every choice of every VT_FIELD_CHOICE field that is not a check code, with its label. A
 * choice id is a word of the file format; it never reaches a screen, a log line or a paper
 * (the test /catalogue/choices/labelled checks that every choice has a label here). */
static const struct
{
  const char *choice;
  const char *label;
} choice_labels[] = {
  /* urn.add: what the urn is for */
  { "ordinary", N_("Ordinary urn") },
  { "special-envelope", N_("Special-envelope urn") },
  { "mobile", N_("Mobile urn") },
  { "reserve", N_("Reserve box") },
  /* incident.power */
  { "out", N_("Power out") },
  { "back", N_("Power back") },
  /* incident.fire-alarm */
  { "evacuated", N_("Evacuated") },
  { "resumed", N_("Voting resumed") },
  /* incident.phone, incident.electronic-roll */
  { "down", N_("Not working") },
  { "up", N_("Working again") },
  /* incident.removal, incident.complaint: who, by role */
  { "voter", N_("A voter") },
  { "list-representative", N_("A party's or list's representative") },
  { "observer", N_("An election observer") },
  { "press", N_("A journalist") },
  { "worker", N_("An election worker") },
  { "other", N_("Someone else") },
  /* document.printed */
  { "protocol", N_("Protocol") },
  { "packing-list", N_("Packing list") },
  { "receipt", N_("Handover receipt") },
  { "seals", N_("Seal register") },
  { "opening-report", N_("Report at the opening") },
  { "closing-report", N_("Report at the closing") },
  { "meeting-protocol", N_("Protocol of the annual meeting") },
  { "office-notice", N_("Notice of the new office holders") },
  /* office.count and office.control: the piles of a vote at an organisation's meeting */
  { "candidate", N_("Votes for a candidate") },
  { "in-favour", N_("For") },
  { "against", N_("Against") },
  { "abstain", N_("Abstaining") },
  { "blank", N_("Blank ballots") },
  /* meeting.sign: who signs a meeting's protocol */
  { "chair", N_("Meeting chair") },
  { "signatory", N_("First to sign the protocol") },
  { "second_signatory", N_("Second to sign the protocol") },
};

const char *
vt_field_choice_get_label (const VtField *field,
                           const char    *choice)
{
  const VtCheckInfo *check;
  VtRole role;

  g_return_val_if_fail (choice != NULL, "");

  /* The codes of the numbered checks are shown as the checks' titles. */
  check = vt_check_lookup (choice);
  if (check != NULL)
    return vt_check_get_title (check);
  /* person.add: the role */
  if (field != NULL && field->choices != NULL && g_str_equal (field->choices, VT_ROLE_CHOICES) &&
      vt_role_from_string (choice, &role))
    return vt_role_get_label (role);

  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_str_equal (choice_labels[i].choice, choice))
      return _(choice_labels[i].label);

  return choice;
}

const char *
vt_urn_kind_get_label (const char *urn_kind)
{
  const VtField *field = vt_entry_kind_find_field (vt_entry_kind_lookup ("urn.add"), "kind");

  if (urn_kind == NULL)
    return "";
  return vt_field_choice_get_label (field, urn_kind);
}

const char *
vt_field_get_label (const VtField *field)
{
  g_return_val_if_fail (field != NULL, "");
  return _(field->description);
}

/* ---- values in words ------------------------------------------------------------------ */

static const char *
config_label (GPtrArray  *array,
              const char *id)
{
  /* Every element type of the configuration starts with its char *id, then its name. */
  for (guint i = 0; i < array->len; i++)
    {
      char **element = g_ptr_array_index (array, i);
      if (g_strcmp0 (element[0], id) == 0)
        return element[1];
    }
  return NULL;
}

/* @value of @field as the station's screens and papers say it: a person's name, a contest's
 * name, a reason's or a choice's label, "yes"/"no"; never an id of the catalogue. */
char *
vt_field_dup_value_text (const VtField *field,
                         VtConfig      *config,
                         JsonNode      *value)
{
  const char *s = NULL;
  const char *label = NULL;

  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    s = json_node_get_string (value);

  switch (field->type)
    {
    case VT_FIELD_PERSON:
      if (s != NULL && config != NULL && vt_config_find_person (config, s) != NULL)
        label = vt_config_find_person (config, s)->name;
      break;
    case VT_FIELD_CONTEST:
      if (s != NULL && config != NULL && vt_config_find_contest (config, s) != NULL)
        label = vt_config_find_contest (config, s)->name;
      break;
    case VT_FIELD_REASON:
      if (s != NULL && config != NULL && vt_config_find_envelope_reason (config, s) != NULL)
        label = vt_config_find_envelope_reason (config, s)->label;
      break;
    case VT_FIELD_CHECK:
      if (s != NULL && config != NULL && vt_config_find_check (config, s) != NULL)
        label = vt_config_find_check (config, s)->text;
      break;
    case VT_FIELD_PILE:
      if (g_strcmp0 (s, "blank") == 0)
        label = _("blank ballots");
      else if (g_strcmp0 (s, "doubtful") == 0)
        label = _("doubtful ballots");
      else if (g_strcmp0 (s, "approved") == 0)
        label = _("approved ballots");
      else if (s != NULL && config != NULL)
        for (guint i = 0; i < vt_config_get_contests (config)->len && label == NULL; i++)
          label = config_label (((VtContest *)g_ptr_array_index (vt_config_get_contests (config),
                                                                 i))->lists, s);
      break;
    case VT_FIELD_CHOICE:
      if (s != NULL)
        label = vt_field_choice_get_label (field, s);
      break;
    case VT_FIELD_BOOL:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        label = json_node_get_boolean (value) ? _("yes") : _("no");
      break;
    case VT_FIELD_TABLE_COUNTS:
    case VT_FIELD_CHANGES:
      if (JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonObject *object = json_node_get_object (value);
          g_autoptr(GList) members = json_object_get_members (object);
          GString *out = g_string_new (NULL);

          for (GList *l = members; l != NULL; l = l->next)
            {
              JsonNode *member = json_object_get_member (object, l->data);
              g_autofree char *text = NULL;
              const VtField *named = NULL;

              if (field->type == VT_FIELD_CHANGES)
                {
                  /* The corrected entry's kind is not known here, and a field's name means
                   * different things in different kinds ("reason"): the value alone, in words
                   * where a field of that name knows it (a person's name, a reason's label). */
                  guint n;
                  const VtEntryKind *all = vt_entry_kind_get_all (&n);
                  for (guint k = 0; k < n; k++)
                    {
                      g_autofree char *v = NULL;
                      g_autofree char *raw = NULL;

                      if (all[k].phases == 0 ||
                          (named = vt_entry_kind_find_field (&all[k], l->data)) == NULL)
                        continue;
                      v = vt_field_dup_value_text (named, config, member);
                      raw = JSON_NODE_HOLDS_VALUE (member) &&
                            json_node_get_value_type (member) == G_TYPE_STRING
                              ? g_strdup (json_node_get_string (member))
                              : json_to_string (member, FALSE);
                      if (text == NULL || g_strcmp0 (v, raw) != 0)
                        {
                          g_free (text);
                          text = g_steal_pointer (&v);
                        }
                      if (text != NULL && g_strcmp0 (text, raw) != 0)
                        break;
                    }
                }
              if (text == NULL && field->type == VT_FIELD_TABLE_COUNTS)
                {
                  g_autofree char *count = json_to_string (member, FALSE);
                  /* Translators: a count per roll table: "table 2: 310" */
                  text = g_strdup_printf (_("table %s: %s"), (const char *)l->data, count);
                }
              else if (text == NULL)
                text = json_to_string (member, FALSE);
              g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", text);
            }
          return g_string_free (out, FALSE);
        }
      break;
    case VT_FIELD_TEXT:
    case VT_FIELD_TABLE:
    case VT_FIELD_URN:
    case VT_FIELD_STRIP:
    case VT_FIELD_COUNT:
    case VT_FIELD_DAY:
    case VT_FIELD_ENTRY:
    case VT_FIELD_ENTRIES:
    case VT_FIELD_STROKES:
    default:
      break;
    }

  if (label != NULL)
    return g_strdup (label);
  if (s != NULL)
    return g_strdup (s);
  if (field->type == VT_FIELD_STROKES)
    return g_strdup (_("signature"));
  return json_to_string (value, FALSE);
}

static char *
summarise_document_printed (const VtEntryKind *kind,
                            VtConfig          *config,
                            JsonObject        *payload)
{
  const char *document = json_object_get_string_member_with_default (payload, "document", "");
  gint64 copy = json_object_get_int_member_with_default (payload, "copy", 0);
  const char *label = vt_field_choice_get_label (vt_entry_kind_find_field (kind, "document"),
                                                 document);

  if (copy == 0)
    /* Translators: a log line: "Protocol, the original" printed or saved as PDF */
    return g_strdup_printf (_("%s, the original"), label);
  /* Translators: a log line: "Protocol, copy 2" printed or saved as PDF */
  return g_strdup_printf (_("%s, copy %" PRId64), label, copy);
}

/* The field values in words, "value, value", for kinds without a summary of their own (the
 * kind's name stands beside the line). */
char *
vt_entry_kind_summarise (const VtEntryKind *kind,
                         VtConfig          *config,
                         JsonObject        *payload)
{
  g_autoptr(GString) out = NULL;

  if (kind->summarise != NULL)
    return kind->summarise (kind, config, payload);

  out = g_string_new (NULL);
  for (guint i = 0; i < VT_MAX_FIELDS && kind->fields[i].name != NULL; i++)
    {
      JsonNode *node = json_object_get_member (payload, kind->fields[i].name);
      g_autofree char *value = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      value = vt_field_dup_value_text (&kind->fields[i], config, node);
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, value);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The reference of every entry kind, as Markdown; `valgting kinds` prints it. */
char *
vt_entry_kind_dup_reference (void)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "# %s\n\n", _("Journal entry kinds"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const VtEntryKind *kind = &kinds[i];

      g_string_append_printf (out, "## `%s` — %s\n\n%s\n\n", kind->id,
                              vt_entry_kind_get_name (kind),
                              vt_entry_kind_get_description (kind));
      if (kind->phases == INTERNAL)
        g_string_append_printf (out, "%s\n\n", _("Written by Valgting itself."));
      else
        {
          g_string_append_printf (out, "%s", _("Phases:"));
          for (guint p = 0; p < VT_N_PHASES; p++)
            if (kind->phases & VT_PHASE_BIT (p))
              g_string_append_printf (out, " %s", vt_phase_to_string (p));
          if ((kind->phases & Q) != 0 && (kind->phases & C) == 0)
            /* Translators: after a list of phases such as "voting" */
            g_string_append (out, _(", and closing while the queue still votes"));
          g_string_append (out, kind->board_only ? _(". Given by a board member.\n\n") : ".\n\n");
        }

      if (kind->fields[0].name == NULL)
        continue;
      g_string_append_printf (out, "| %s | %s | %s |\n|---|---|---|\n", _("field"), _("type"),
                              _("meaning"));
      for (guint f = 0; f < VT_MAX_FIELDS && kind->fields[f].name != NULL; f++)
        {
          const VtField *field = &kind->fields[f];
          /* The pile ids besides the party lists are words of the file format too. */
          g_auto(GStrv) choices = field->choices != NULL
                                    ? g_strsplit (field->choices, "|", -1)
                                    : field->type == VT_FIELD_PILE
                                        ? g_strsplit ("LIST|approved|blank|doubtful", "|", -1)
                                        : NULL;
          g_autofree char *choice_list = choices != NULL
                                           ? g_strjoinv ("`, `", choices) : NULL;

          /* A bar would end the Markdown table's cell. */
          g_string_append_printf (out, "| `%s`%s | %s%s%s%s | %s |\n", field->name,
                                  field->required ? "" : _(" (optional)"),
                                  vt_field_type_to_string (field->type),
                                  choices != NULL ? ": `" : "",
                                  choices != NULL ? choice_list : "",
                                  choices != NULL ? "`" : "",
                                  _(field->description));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
