#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Retake the README's screenshots: the window at 1024×768 in Bokmål, one per phase of the day
(the metainfo recommends a display of 768 pixels or more).

    data/screenshots/take.py [BUILDDIR] [--lang nb] [--out data/screenshots]

The busy two-day scenario is cut before the step that ends each phase and replayed into a fresh
training station (through the same core as the window); the installed Valgting (meson install
into BUILDDIR/../_install, as `.ci/dev run` does) opens it under its own Xvfb, and the screen is
taken with ImageMagick's `import`. Needs Xvfb, xdotool and imagemagick. Look at every picture
before you commit it.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "data", "scenarios", "busy-municipal-two-days.json")

# (file name, the step kind the cut stops before, which occurrence of it)
CUTS = [
    ("setup", "check.done", 1),
    ("opening", "doors.open", 1),
    ("voting", "doors.close", 1),
    ("closing", "shipment.handed-over", 1),
    ("counting", "results.phoned", 1),
    ("protocol", None, 0),
]


def cut_scenario(scenario, kind, occurrence):
    steps = scenario["steps"]
    if kind is None:
        return steps
    seen = 0
    for i, step in enumerate(steps):
        if step.get("do") == kind:
            seen += 1
            if seen == occurrence:
                return steps[:i]
    raise SystemExit(f"no {kind} #{occurrence} in the scenario")


def wait_for_window(display, pid, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                               env=dict(os.environ, DISPLAY=display),
                               capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.2)
    raise SystemExit("the window did not show")


def main():
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and shutil.which("dbus-run-session"):
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable] + sys.argv)
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=os.path.join(ROOT, "_build"))
    parser.add_argument("--lang", default="nb")
    parser.add_argument("--out", default=os.path.join(ROOT, "data", "screenshots"))
    args = parser.parse_args()

    build = os.path.abspath(args.build)
    prefix = os.path.join(os.path.dirname(build), "_install")
    subprocess.run(["meson", "install", "-C", build, "--quiet"], check=True)
    valgting = os.path.join(prefix, "bin", "valgting")
    scenario = json.load(open(SCENARIO, encoding="utf-8"))
    election = os.path.join(os.path.dirname(SCENARIO), scenario["election"])

    work = tempfile.mkdtemp(prefix="valgting-shots-")
    display = ":%d" % (90 + os.getpid() % 9)
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=display, LANGUAGE=args.lang, LANG="C.UTF-8",
               GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1", GSK_RENDERER="cairo",
               XDG_DATA_DIRS=os.path.join(prefix, "share") + ":/usr/local/share:/usr/share",
               GSETTINGS_SCHEMA_DIR=os.path.join(prefix, "share", "glib-2.0", "schemas"),
               XDG_CONFIG_HOME=os.path.join(work, "config"),
               XDG_DATA_HOME=os.path.join(work, "data"),
               XDG_CACHE_HOME=os.path.join(work, "cache"))
    try:
        time.sleep(1)
        # The start page, as a chair meets it: no station open yet.
        app = subprocess.Popen([valgting], env=env)
        try:
            window = wait_for_window(display, app.pid)
            subprocess.run(["xdotool", "windowsize", window, "1024", "768"], env=env)
            subprocess.run(["xdotool", "windowmove", window, "0", "0"], env=env)
            time.sleep(2.5)
            png = os.path.join(args.out, "start.png")
            subprocess.run(["import", "-window", "root", png], env=env, check=True)
            print(png)
        finally:
            app.terminate()
            app.wait()
        for name, kind, occurrence in CUTS:
            cut = dict(scenario, steps=cut_scenario(scenario, kind, occurrence),
                       election=election)
            cut.pop("expect", None)
            path = os.path.join(work, name + ".json")
            json.dump(cut, open(path, "w", encoding="utf-8"), ensure_ascii=False)
            station = os.path.join(work, name + ".valgting")
            subprocess.run([valgting, "replay", path, station], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            app = subprocess.Popen([valgting, station], env=env)
            try:
                window = wait_for_window(display, app.pid)
                subprocess.run(["xdotool", "windowsize", window, "1024", "768"], env=env)
                subprocess.run(["xdotool", "windowmove", window, "0", "0"], env=env)
                time.sleep(2.5)
                png = os.path.join(args.out, "phase-" + name + ".png")
                subprocess.run(["import", "-window", "root", png], env=env, check=True)
                print(png)
            finally:
                app.terminate()
                app.wait()
    finally:
        xvfb.terminate()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
