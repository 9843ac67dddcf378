#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole training day by keyboard alone, in Bokmål, at 1024×600.

The built app runs on a fresh training station under a virtual display of its own; real key
events (xdotool, through the XTEST extension, as a keyboard would give them) drive every phase
of the day: people arrive and sign, the opening checks, the mobile, special-envelope and
ordinary urns shown empty and sealed, the doors, special envelopes with Ctrl+1…, an incident, a
log entry, an outdoor vote out and back, the closing counts, shipment 1, the urns opened and
every pile counted, the differences explained, the results phoned in, and the protocol saved as
PDF. After every step the station file itself (read-only) must show the entry the step gives —
waited for, never assumed after a sleep — and no refusal.

The steps are one table (build_steps, below): what a chair does, the keys for it, and the
entries it must write. When a form changes, change its rows there, in one place; the helpers
above it (palette, form, Pick, Text, Check) say how a form is reached, filled and saved
today. A person drop-down lists only who may do the step now, so which choice is the wanted
person is read from the day's journal when the keys are pressed, never fixed in advance.
Every wait has a deadline: a key that does nothing, a form that opens with the focus elsewhere
or a list that does not open fails the step, with a screenshot.

The board signs the protocol by keys too: a signer who signs the printed signature page in ink
says so in the form (a signature drawn on screen needs a pointer).

Usage (tests/meson.build runs it so; GSETTINGS_SCHEMA_DIR as the suite sets it):
  test-keyboard-day.py --app BUILD/app/valgting --preload BUILD/tests/libvt-test-keyboard-day.so
      --localedir BUILD/po --logdir BUILD/meson-logs [--keep] [--until N]
--keep leaves the display and the app running to look at (DISPLAY is printed); --until N stops
after N steps.
"""

import argparse
import glob
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

# ---- the people, lists and reasons of the built-in training election -------------------------
# (data/training/training-election.json): a form's drop-down lists them in this order.

PEOPLE = ["kari-ovingsen", "ola-provesen", "nora-testdal", "ingrid-ovelsrud",
          "anders-eksempelsen", "sigrid-provestad", "jonas-treningsli", "liv-ovingstad",
          "bjorn-vaktmo"]
CHAIR, DEPUTY, MEMBER, WORKER, WORKER2 = 0, 1, 2, 4, 5
TABLES = ["1", "2", "3"]
CONTESTS = {
    "kommunestyre": ["A", "BYGD", "FRP", "H", "KRF", "MDG", "R", "SP", "SV", "V"],
    "fylkesting": ["A", "FRP", "H", "KRF", "MDG", "R", "SP", "SV", "V"],
}
# The pile drop-down: every list of every contest once, in order, then blank and doubtful.
PILES = ["A", "BYGD", "FRP", "H", "KRF", "MDG", "R", "SP", "SV", "V", "blank", "doubtful"]
REASONS = ["other-precinct", "already-marked", "not-in-roll"]   # Ctrl+1, Ctrl+2, Ctrl+3
CHECKS = ["material-received", "phone", "clock", "room-sketch", "signs", "material-box",
          "staff-present", "break-plan", "confidentiality", "fire", "booths", "outdoor-kit",
          "urns-empty", "urns-sealed"]
URN_KINDS = ["ordinary", "special-envelope", "mobile", "reserve"]
CODES = ["K103", "K302", "K402", "K403", "K404"]   # the checks a difference may be explained for

# ---- keys --------------------------------------------------------------------------------------


class Key:
    """xdotool key names, pressed one after the other: "ctrl+k", "Tab", "Return"."""
    def __init__(self, *names):
        self.names = names


class Type:
    """Text typed character by character; a function of the day for a number known only then."""
    def __init__(self, text):
        self.text = text


class Focus:
    """Wait until the window with this title has the keyboard focus (a form, the palette)."""
    def __init__(self, title):
        self.title = title


class Closed:
    """Wait until the window with this title is gone; then the main window has the keys again,
    as a window manager would give them back."""
    def __init__(self, title):
        self.title = title


class Popup:
    """Wait until a drop-down's list is shown (True) or gone (False)."""
    def __init__(self, shown):
        self.shown = shown


def palette(name, title=None):
    """The Record palette (Ctrl+K): type the kind's Bokmål name, Enter opens its form."""
    return [Key("ctrl+k"), Focus("Registrer"), Type(name), Key("Return"), Focus(title or name)]


class Field:
    """One row of a form, as the keys reach it: a drop-down, a text field or a switch."""
    text = False        # a text field the form may give the focus to when it opens
    prefilled = False   # the form fills it in itself
    stops = 1           # how many Tabs pass it


class Pick(Field):
    """A drop-down: open its list with Space, take the index-th choice from the top (a number,
    or a function of the day: the person lists change as the day goes on), close it."""
    def __init__(self, index):
        self.index = index

    def keys(self):
        return [Key("space"), Popup(True), Key("Home"),
                Down(self.index), Key("Return"), Popup(False)]


class Down:
    """Down, as often as the index says; a function of the day is read when it is pressed."""
    def __init__(self, count):
        self.count = count


class Text(Field):
    """A text field: typed in; over what the form filled in itself, once that is selected."""
    text = True

    def __init__(self, value, prefilled=False):
        self.value = value
        self.prefilled = prefilled

    def keys(self):
        return ([Key("ctrl+a")] if self.prefilled else []) + [Type(self.value)]


class Empty(Field):
    """A text field left empty: the form may still open with the focus in it."""
    text = True

    def keys(self):
        return []


class Check(Field):
    """A yes/no row, ticked with Space. The check box in it is a second stop of Tab."""
    stops = 2

    def keys(self):
        return [Key("space"), Key("Tab")]


class Leave(Field):
    """A row passed over as it is (the only election day, an optional drop-down left empty)."""
    def keys(self):
        return []


def form(name, *fields, title=None):
    """A form from the palette, filled in the order of its rows, and saved.

    A form opens with the focus in its first empty text field, or on its save button when it
    has none (Tab then reaches the first row): Shift+Tab goes up to the first row, Tab from row
    to row. Enter in a text field saves a complete form; on a drop-down Enter opens the list,
    so a form whose last row is a drop-down or a switch is saved with Ctrl+Enter, and one
    without rows with Enter on its save button."""
    keys = palette(name, title)
    first = next((i for i, f in enumerate(fields) if f.text and not f.prefilled), None)
    if first is None:
        keys.append(Key("Tab") if fields else Key("Return"))
    else:
        keys += [Key("shift+Tab")] * sum(f.stops for f in fields[:first])
    for i, field in enumerate(fields):
        if i > 0:
            keys.append(Key("Tab"))
        keys += field.keys()
    if fields:
        keys.append(Key("Return") if isinstance(fields[-1], Text) else Key("ctrl+Return"))
    return keys


# ---- the day -----------------------------------------------------------------------------------


class Step:
    def __init__(self, name, keys, expect, phase=None, after=None):
        self.name = name          # what the chair does
        self.keys = keys          # the keys, in order
        self.expect = expect      # the entries it writes, in order: (kind, payload subset); a
                                  # value may be a function of the day, read before the keys
        self.phase = phase        # the station's phase afterwards, where it moves on
        self.after = after        # a function of the day: what is wrong afterwards, or None


def outdoor_vote(day):
    return day.last_seq("outdoor.start")


def last_envelope(day):
    return day.last_seq("envelope")


def pdf_written(day):
    try:
        with open(day.pdf_path, "rb") as f:
            return None if f.read(5) == b"%PDF-" else f"{day.pdf_path} is not a PDF"
    except OSError as error:
        return f"no PDF: {error}"


# Who a person drop-down lists (app/core/vt-eligibility.c), in the configuration's order: for
# an arrival those not present, for a declaration those who have not signed, for a witness or
# an outdoor worker those present but the chair who gives the command.

def arriving(who):
    return lambda day: [p for p in PEOPLE if p not in day.present()].index(PEOPLE[who])


def declaring(who):
    return lambda day: [p for p in PEOPLE if p not in day.signed()].index(PEOPLE[who])


def board_member(who):
    """A counter or a controller: the board members present (the first three of PEOPLE)."""
    return lambda day: [p for p in PEOPLE[:MEMBER + 1] if p in day.present()].index(PEOPLE[who])


def second_person(who):
    return lambda day: [p for p in PEOPLE
                        if p in day.present() and p != PEOPLE[CHAIR]].index(PEOPLE[who])


def build_steps():
    s = []
    # A form and the palette opened by mistake close with one Escape each.
    s.append(Step("Escape closes a form and the palette; the chair arrives",
                  palette("kom", "Kommet") + [Key("Escape"), Closed("Kommet"),
                                              Key("ctrl+k"), Focus("Registrer"), Type("ute"),
                                              Key("Escape"), Closed("Registrer")] +
                  form("kom", Pick(arriving(CHAIR)), title="Kommet"),
                  [("person.arrive", {"person": PEOPLE[CHAIR]})]))
    # Setup: the board and the workers arrive and sign the declaration; the strips arrive.
    # "kom" finds "Kommet" first: the palette ranks the starts of words first.
    for who in (CHAIR, DEPUTY, MEMBER, WORKER, WORKER2):
        if who != CHAIR:
            s.append(Step(f"{PEOPLE[who]} arrives", form("kom", Pick(arriving(who)),
                                                         title="Kommet"),
                          [("person.arrive", {"person": PEOPLE[who]})]))
        s.append(Step(f"{PEOPLE[who]} signs the declaration",
                      form("Taushetserklæring signert", Pick(declaring(who))),
                      [("person.declaration", {"person": PEOPLE[who]})]))
    s.append(Step("seal strips 1001–1050 received",
                  form("Plomber mottatt", Text("1001"), Text("1050")),
                  [("strips.receive", {"first": 1001, "last": 1050})], "opening"))

    # Opening: every checklist item; the mobile urn (the election allows outdoor voting), the
    # special-envelope urn and an ordinary urn shown empty and sealed; the doors open.
    for i, check in enumerate(CHECKS):
        s.append(Step(f"opening check {check}", form("Åpningskontroll utført", Pick(i)),
                      [("check.done", {"check": check})], "opening"))
    # An urn's drop-down lists the urns in the order they were taken into use.
    urns = [("M1", "mobile", None), ("S1", "special-envelope", None), ("U1", "ordinary", "1")]
    for urn, kind, table in urns:
        s.append(Step(f"urn {urn} ({kind}) taken into use",
                      form("Urne tatt i bruk", Text(urn), Pick(URN_KINDS.index(kind)),
                           Pick(0 if table is None else 1 + TABLES.index(table))),
                      [("urn.add", {"urn": urn, "kind": kind, "table": table})]))
    for i, (urn, _, _) in enumerate(urns):
        s.append(Step(f"urn {urn} shown empty",
                      form("Urne vist tom", Pick(i), Pick(second_person(DEPUTY))),
                      [("urn.verify-empty", {"urn": urn, "witness": PEOPLE[DEPUTY]})]))
        # The form fills in the lowest unused strip; the chair types the one on the urn.
        s.append(Step(f"urn {urn} sealed with strip {1001 + i}",
                      form("Urne forseglet", Pick(i), Text(str(1001 + i), prefilled=True),
                           Pick(second_person(DEPUTY))),
                      [("urn.seal", {"urn": urn, "strip": 1001 + i,
                                     "witness": PEOPLE[DEPUTY]})]))
    # A reason always: the test may run before the scheduled opening time.
    s.append(Step("the doors open", form("Dørene åpnet", Text("Øving med tastaturet")),
                  [("doors.open", {})], "voting"))

    # Voting: envelopes by their keys, one undone; an incident; a log entry; an outdoor vote.
    s.append(Step("special envelope, Ctrl+1", [Key("ctrl+1")],
                  [("envelope", {"reason": REASONS[0]})]))
    s.append(Step("special envelope, Ctrl+1 again", [Key("ctrl+1")],
                  [("envelope", {"reason": REASONS[0]})]))
    s.append(Step("special envelope, Ctrl+2", [Key("ctrl+2")],
                  [("envelope", {"reason": REASONS[1]})]))
    s.append(Step("special envelope, Ctrl+3", [Key("ctrl+3")],
                  [("envelope", {"reason": REASONS[2]})]))
    s.append(Step("the last envelope undone, Ctrl+Z", [Key("ctrl+z")],
                  [("correction.annul", {"entry": last_envelope})]))
    s.append(Step("an unstamped ballot in the urn of table 1",
                  form("Ustemplet stemmeseddel i urnen", Pick(0),
                       Text("Velgeren fikk ny stemmeseddel")),
                  [("incident.unstamped", {"table": "1"})]))
    s.append(Step("a log entry, Ctrl+L",
                  [Key("ctrl+l"), Focus("Loggføring"),
                   Type("Strømmen gikk et øyeblikk; ingenting gikk tapt"),
                   Key("ctrl+Return")],   # Enter is a new line in a text of many lines
                  [("note", {})]))
    # One flow: two workers go out with the mobile urn to a voter in the roll (table 1, page
    # 12, line 7), and come back with the urn still sealed with its strip.
    s.append(Step("an outdoor vote starts",
                  form("Stemmegivning utenfor valglokalet startet", Pick(second_person(WORKER)),
                       Pick(second_person(WORKER2)), Check(), Pick(1 + TABLES.index("1")),
                       Text("12"), Text("7")),
                  [("outdoor.start", {"worker": PEOPLE[WORKER],
                                      "second_worker": PEOPLE[WORKER2], "in_roll": True,
                                      "table": "1", "page": 12, "line": 7})]))
    s.append(Step("the outdoor vote is back, the mobile urn's strip read",
                  form("Stemmegivning utenfor valglokalet tilbake", Text(lambda day: str(outdoor_vote(day))),
                       Text("1001")),
                  [("outdoor.end", {"vote": outdoor_vote, "strip": 1001})]))
    s.append(Step("the doors close, nobody in the queue",
                  form("Dørene stengt", Text("0"), Text("Øving med tastaturet")),
                  [("doors.close", {"queue": 0})], "closing"))

    # Closing: the last voter, roll marks per table, the special-envelope urn opened, envelopes
    # per reason, shipment 1 with one roll per table.
    s.append(Step("the last voter has voted", form("Siste velger har stemt"),
                  [("closing.last-voter", {})]))
    # Every count is two forms: the chair counts, then the deputy control-counts in a form of
    # its own, where the first number is not shown.
    for i, table in enumerate(TABLES):
        s.append(Step(f"roll marks of table {table} counted",
                      form("Avkrysninger i manntallet talt opp", Pick(i), Leave(),
                           Text("100"), Pick(board_member(CHAIR))),   # the only day
                      [("roll-marks.count", {"table": table, "day": 1, "count": 100,
                                             "counter": PEOPLE[CHAIR]})]))
        s.append(Step(f"roll marks of table {table} control-counted",
                      form("Avkrysninger i manntallet kontrolltalt", Pick(i), Leave(),
                           Text("100"), Pick(board_member(DEPUTY))),
                      [("roll-marks.control", {"table": table, "day": 1, "control_count": 100,
                                               "controller": PEOPLE[DEPUTY]})]))
    # The special envelopes are counted out of their urn, opened before shipment 1 is packed;
    # it is not one of the count's urns, and is not opened once the shipment has left.
    s.append(Step("special-envelope urn S1 opened",
                  form("Urne åpnet for opptelling", Pick(1)),
                  [("urn.open", {"urn": "S1"})]))
    envelopes = {REASONS[0]: 2, REASONS[1]: 1, REASONS[2]: 0}
    for i, reason in enumerate(REASONS):
        n = str(envelopes[reason])
        s.append(Step(f"special envelopes {reason} counted",
                      form("Særskilte omslag talt opp", Pick(i), Text(n),
                           Pick(board_member(CHAIR))),
                      [("envelopes.count", {"reason": reason, "count": envelopes[reason],
                                            "counter": PEOPLE[CHAIR]})]))
        s.append(Step(f"special envelopes {reason} control-counted",
                      form("Særskilte omslag kontrolltalt", Pick(i), Text(n),
                           Pick(board_member(DEPUTY))),
                      [("envelopes.control", {"reason": reason,
                                              "control_count": envelopes[reason],
                                              "controller": PEOPLE[DEPUTY]})]))
    s.append(Step("unused ballots out of the room", form("Ubrukte stemmesedler fjernet"),
                  [("closing.unused-ballots-removed", {})]))
    s.append(Step("stamps handed in", form("Stempler levert inn"),
                  [("closing.stamps-handed-in", {})]))
    s.append(Step("shipment 1 packed",
                  form("Forsendelse 1 pakket", Text("3"), Text("3"), Text("3")),
                  [("shipment.packed", {"rolls": 3, "stamps": 3, "envelopes": 3})]))
    # An irreversible step: its form shows the consequence, and Enter confirms it.
    s.append(Step("shipment 1 handed over",
                  form("Forsendelse 1 overlevert", Text("Bud fra valgkontoret")),
                  [("shipment.handed-over", {})]))

    # Counting: the urns opened, every pile of both contests counted and control-counted; one
    # ballot more than the roll marks in each contest (the unstamped one, doubtful) is
    # explained. 9 blank of 301 stay within the 3 % that K403 asks about.
    for i, (urn, kind, _) in enumerate(urns):
        if kind == "special-envelope":
            continue
        s.append(Step(f"urn {urn} opened for counting",
                      form("Urne åpnet for opptelling", Pick(i)),
                      [("urn.open", {"urn": urn})], "counting"))
    for c, (contest, lists) in enumerate(CONTESTS.items()):
        for pile in lists + ["blank", "doubtful"]:
            n = {"A": 291, "blank": 9, "doubtful": 1}.get(pile, 0)
            s.append(Step(f"{contest}: pile {pile} counted",
                          form("Bunke talt opp", Pick(c), Pick(PILES.index(pile)),
                               Text(str(n)), Pick(board_member(CHAIR))),
                          [("pile.count", {"contest": contest, "pile": pile, "count": n,
                                           "counter": PEOPLE[CHAIR]})]))
            s.append(Step(f"{contest}: pile {pile} control-counted",
                          form("Bunke kontrolltalt", Pick(c), Pick(PILES.index(pile)),
                               Text(str(n)), Pick(board_member(DEPUTY))),
                          [("pile.control", {"contest": contest, "pile": pile,
                                             "control_count": n,
                                             "controller": PEOPLE[DEPUTY]})]))
    s.append(Step("unused seal strips 1004–1050 returned",
                  form("Ubrukte plomber levert tilbake", Text("1004"), Text("1050")),
                  [("strips.return", {"first": 1004, "last": 1050})]))
    # The subject row shows once K402 is chosen; typing the contest makes the form propose the
    # unstamped ballot, ticked, +1: the items add up to the difference and Enter saves.
    for contest in CONTESTS:
        s.append(Step(f"the difference in {contest} explained",
                      form("Avvik forklart", Pick(CODES.index("K402")), Text(contest),
                           Text("En ustemplet stemmeseddel kom i urnen")),
                      [("count.explain", {"code": "K402", "subject": contest})]))
    s.append(Step("the results phoned in",
                  form("Resultater ringt inn", Text("Valgkontoret")),
                  [("results.phoned", {})], "protocol"))

    # Protocol: saved as PDF with Ctrl+E, through the file chooser; then the board present
    # signs, each in ink on the printed signature page, and the PDF signs nothing away.
    s.append(Step("the protocol saved as PDF, Ctrl+E",
                  [Key("ctrl+e"), Focus(None), Key("ctrl+a"),
                   Type(lambda day: day.pdf_path), Key("Return")],
                  [("document.printed", {"document": "protocol"})], after=pdf_written))
    # The signers' list: the board members present, in the configuration's order. The form
    # opens in the field for a signature drawn on screen, left empty here.
    signers = [PEOPLE[CHAIR], PEOPLE[DEPUTY], PEOPLE[MEMBER]]
    for who in (CHAIR, DEPUTY, MEMBER):
        s.append(Step(f"{PEOPLE[who]} signs the protocol in ink",
                      form("Protokoll signert", Pick(signers.index(PEOPLE[who])), Empty(),
                           Check()),
                      [("protocol.sign", {"person": PEOPLE[who], "on_paper": True})]))
    return s


# ---- running it --------------------------------------------------------------------------------


class Failure(Exception):
    pass


class Day:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="valgting-keyboard-day-")
        self.pdf_path = os.path.join(self.tmp, "protokoll.pdf")
        self.xvfb = None
        self.app = None
        self.display = None
        self.main = None
        self.station = None
        self.step = None

    # -- the display and the app

    def start_display(self):
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x600x24", "-nolisten", "tcp",
             "-noreset"], pass_fds=[write], stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.tmp, "xvfb.log"), "w"))
        os.close(write)
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            raise Failure("Xvfb did not start; see " + os.path.join(self.tmp, "xvfb.log"))
        self.display = ":" + number
        # A Norwegian keyboard: æ, ø and å have keys of their own. (Without them xdotool maps
        # a spare key for each such letter as it types, and the app may read the key before it
        # has seen the new map: the letter is lost.)
        r = subprocess.run(["setxkbmap", "-display", self.display, "no"], capture_output=True,
                           text=True)
        if r.returncode != 0:
            raise Failure("setxkbmap no: " + r.stderr.strip())
        print(f"# display {self.display}, 1024×600, Norwegian keyboard")

    def start_app(self):
        env = dict(os.environ)
        for name in ("data", "config", "cache", "runtime"):
            os.makedirs(os.path.join(self.tmp, name), mode=0o700)
        env.update({
            "DISPLAY": self.display,
            "LANGUAGE": "nb",
            "LC_ALL": "C.UTF-8",
            "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "XDG_CACHE_HOME": os.path.join(self.tmp, "cache"),
            "XDG_RUNTIME_DIR": os.path.join(self.tmp, "runtime"),
            "GSETTINGS_BACKEND": "memory",
            "NO_AT_BRIDGE": "1",
            "GTK_A11Y": "none",
            "GSK_RENDERER": "cairo",
            # The app binds its catalogue to the installed locale directory: the preloaded
            # helper points it at the catalogues of this build.
            "VT_TEST_LOCALEDIR": self.args.localedir,
        })
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        # G_DEBUG stays as the suite sets it: a warning in the app ends the day, and fails it.
        self.app_log = os.path.join(self.tmp, "app.log")
        # A session bus of its own: never handed over to another Valgting on the suite's bus.
        self.app = subprocess.Popen(
            ["dbus-run-session", "--", "env", "LD_PRELOAD=" + self.args.preload,
             self.args.app, "--training"],
            env=env, stdin=subprocess.DEVNULL, stdout=open(self.app_log, "w"),
            stderr=subprocess.STDOUT, start_new_session=True)
        self.main = self.wait(lambda: self.window_id("Valgting"), "the main window", timeout=60)
        # The pointer rests in a corner of the main window, away from every list a form opens:
        # a list that appears under the pointer takes the item under it, whatever the keys say.
        self.xdotool("mousemove", "1023", "599")
        self.focus_main()
        self.wait(lambda: glob.glob(os.path.join(self.tmp, "data", "valgting", "training",
                                                 "*.valgting")),
                  "the training station file")
        self.station = glob.glob(os.path.join(self.tmp, "data", "valgting", "training",
                                              "*.valgting"))[0]
        print(f"# station {self.station}")

    def stop(self):
        if self.app is not None and self.app.poll() is None:
            try:
                os.killpg(self.app.pid, signal.SIGTERM)
                self.app.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.app.pid, signal.SIGKILL)
        if self.xvfb is not None and self.xvfb.poll() is None:
            self.xvfb.terminate()
            self.xvfb.wait(timeout=10)

    # -- X

    def xdotool(self, *args, timeout=20, check=True):
        env = dict(os.environ, DISPLAY=self.display)
        r = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                           timeout=timeout)
        if check and r.returncode != 0:
            raise Failure(f"xdotool {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout.strip()

    def focused_title(self):
        return self.xdotool("getwindowfocus", "getwindowname", check=False)

    def visible(self):
        """The windows shown, bottom first: (id, title)."""
        ids = self.xdotool("search", "--onlyvisible", "--name", ".", check=False).split()
        return [(w, self.xdotool("getwindowname", w, check=False)) for w in ids]

    def visible_windows(self):
        return [title for _, title in self.visible()]

    def window_id(self, title):
        # xdotool matches titles without regard to case: "valgting" is a drop-down's list.
        return next((w for w, t in self.visible() if t == title), None)

    def popup_shown(self):
        # A drop-down's list is a window of its own, named for the program.
        return "valgting" in self.visible_windows()

    def focus_main(self):
        # Without a window manager nobody gives the focus back when a form closes: do what one
        # would do.
        self.xdotool("windowfocus", "--sync", self.main)

    def screenshot(self, what):
        os.makedirs(self.args.logdir, exist_ok=True)
        path = os.path.join(self.args.logdir, f"keyboard-day-{what}.png")
        r = subprocess.run(["import", "-display", self.display, "-window", "root", path],
                           capture_output=True)
        return path if r.returncode == 0 else "(no screenshot: ImageMagick's import failed)"

    # -- the station file, read-only

    def entries(self, after=0):
        db = sqlite3.connect(f"file:{self.station}?mode=ro", uri=True, timeout=5)
        try:
            rows = db.execute("SELECT seq, kind, payload FROM journal WHERE seq > ? "
                              "ORDER BY seq", (after,)).fetchall()
        finally:
            db.close()
        return [(seq, kind, json.loads(payload)) for seq, kind, payload in rows]

    def last_seq(self, kind=None):
        rows = [r for r in self.entries() if kind is None or r[1] == kind]
        if not rows:
            raise Failure(f"no {kind} entry in the journal")
        return rows[-1][0]

    def present(self):
        """Who is in the room now, as the journal says (an annulled arrival never is here)."""
        here = set()
        for _, kind, payload in self.entries():
            if kind == "person.arrive":
                here.add(payload["person"])
            elif kind == "person.leave":
                here.discard(payload["person"])
        return here

    def signed(self):
        return {payload["person"] for _, kind, payload in self.entries()
                if kind == "person.declaration"}

    def phase(self):
        db = sqlite3.connect(f"file:{self.station}?mode=ro", uri=True, timeout=5)
        try:
            row = db.execute("SELECT value FROM station_state WHERE key = 'phase'").fetchone()
        finally:
            db.close()
        return row[0] if row else None

    # -- waiting on conditions

    def wait(self, condition, what, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            if self.app is not None and self.app.poll() is not None:
                raise Failure(f"Valgting exited ({self.app.returncode}) while waiting for {what}")
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise Failure(f"timed out after {timeout} s waiting for {what}")
            time.sleep(0.05)

    # -- one step

    def do(self, action):
        if isinstance(action, Key):
            for name in action.names:
                self.xdotool("key", "--delay", "20", name)
        elif isinstance(action, Down):
            count = action.count(self) if callable(action.count) else action.count
            for _ in range(count):
                self.xdotool("key", "--delay", "20", "Down")
        elif isinstance(action, Type):
            value = action.text(self) if callable(action.text) else action.text
            self.xdotool("type", "--delay", "15", value)
        elif isinstance(action, Focus):
            if action.title is None:   # any window but the main one
                self.wait(lambda: self.focused_title() not in ("", "Valgting"),
                          "a new window to take the focus")
            else:
                self.wait(lambda: self.focused_title() == action.title,
                          f"the window “{action.title}” to take the focus "
                          f"(focus is on “{self.focused_title()}”)")
        elif isinstance(action, Closed):
            self.wait(lambda: action.title not in self.visible_windows(),
                      f"the window “{action.title}” to close")
            self.focus_main()
        elif isinstance(action, Popup):
            self.wait(lambda: self.popup_shown() == action.shown,
                      "a drop-down list to " + ("open" if action.shown else "close"))
        else:
            raise TypeError(action)

    def run_step(self, step):
        before = self.last_seq()
        expect = [(kind, {field: value(self) if callable(value) else value
                          for field, value in want.items()})
                  for kind, want in step.expect]
        for action in step.keys:
            self.do(action)

        def written():
            new = self.entries(before)
            for seq, kind, payload in new:
                if kind == "refused":
                    raise Failure(f"refused: {payload.get('tried')}: {payload.get('reason')}")
            return len(new) >= len(expect) and new

        new = self.wait(written, "the entries " + ", ".join(k for k, _ in step.expect))
        if len(new) != len(expect):
            raise Failure(f"{len(new)} entries written, expected {len(expect)}: "
                          f"{[k for _, k, _ in new]}")
        for (seq, kind, payload), (want_kind, want) in zip(new, expect):
            if kind != want_kind:
                raise Failure(f"entry {seq} is {kind}, expected {want_kind}")
            for field, value in want.items():
                if payload.get(field) != value:
                    raise Failure(f"entry {seq} ({kind}) has {field} = "
                                  f"{payload.get(field)!r}, expected {value!r}: {payload}")
        # The form closes once its entry is on disk; then the main window has the keys again.
        self.wait(lambda: self.visible_windows() == ["Valgting"],
                  "every form to close (shown: " + ", ".join(self.visible_windows()) + ")")
        self.focus_main()
        if step.phase is not None:
            phase = self.wait(lambda: self.phase(), "the phase")
            if phase != step.phase:
                raise Failure(f"the station is in phase {phase}, expected {step.phase}")
        if step.after is not None:
            wrong = step.after(self)
            if wrong:
                raise Failure(wrong)
        return new


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--preload", required=True)
    parser.add_argument("--localedir", required=True)
    parser.add_argument("--logdir", required=True)
    parser.add_argument("--keep", action="store_true", help="keep the display and the app")
    parser.add_argument("--until", type=int, default=0, help="stop after this many steps")
    args = parser.parse_args()

    for tool in ("Xvfb", "xdotool", "dbus-run-session"):
        if shutil.which(tool) is None:
            print(f"1..0 # SKIP {tool} is not installed (.ci/dev installs it)")
            return 77

    steps = build_steps()
    if args.until:
        steps = steps[:args.until]
    day = Day(args)
    # Then `valgting verify`.
    print(f"1..{len(steps) + 1}")
    status = 0
    errors = (Failure, subprocess.SubprocessError, OSError, sqlite3.Error)
    try:
        try:
            day.start_display()
            day.start_app()
        except errors as error:
            shot = day.screenshot("start") if day.display else "(no display)"
            raise Failure(f"the app did not start: {error}; screenshot: {shot}")
        for number, step in enumerate(steps, 1):
            started = time.monotonic()
            try:
                new = day.run_step(step)
            except errors as error:
                shot = day.screenshot(f"step-{number}")
                print(f"not ok {number} - {step.name}")
                print(f"# {error}")
                print(f"# focus on “{day.focused_title()}”; screenshot: {shot}")
                status = 1
                break
            seqs = ", ".join(f"{seq} {kind}" for seq, kind, _ in new)
            print(f"ok {number} - {step.name} ({seqs}; {time.monotonic() - started:.1f} s)")
            sys.stdout.flush()
        else:
            # The chain of the whole day holds, as `valgting verify` reads it.
            number = len(steps) + 1
            r = subprocess.run([args.app, "verify", day.station], capture_output=True, text=True,
                               env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))
            if r.returncode == 0:
                print(f"ok {number} - valgting verify: the journal holds")
            else:
                print(f"not ok {number} - valgting verify: {r.stdout}{r.stderr}")
                status = 1
    except Failure as error:
        print(f"not ok 1 - start\n# {error}")
        status = 1
    finally:
        log = os.path.join(day.tmp, "app.log")
        if os.path.exists(log):
            # What the app said, where it says more than the session bus's start-up line.
            lines = [l.rstrip() for l in open(log, errors="replace") if "dbus-daemon[" not in l]
            for line in lines[-20:] if status else [l for l in lines if "WARNING" in l]:
                print("# app: " + line)
        if args.keep:
            print(f"# kept: DISPLAY={day.display}, files in {day.tmp}")
        else:
            day.stop()
            if status == 0:
                shutil.rmtree(day.tmp, ignore_errors=True)
            else:
                print(f"# files kept in {day.tmp}")
    return status


if __name__ == "__main__":
    sys.exit(main())
