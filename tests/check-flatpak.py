#!/usr/bin/env python3
"""Check the Flatpak manifest against the rest of the source tree.

Usage: check-flatpak.py [SOURCE_ROOT]

Fails (exit 1) with one line per problem when the manifest does not parse,
its app id differs from the one used by meson.build and the data files, its
command is not "valgting", its sandbox holes are wider than agreed (file
system: /media and /run/media only, see flatpak/README.md), a module other
than the last is not a library the app links, or the last module does not
build Valgting itself with meson from "..".
"""

import glob
import json
import os
import re
import sys

APP_ID_FILES = ("*.desktop.in", "*.metainfo.xml.in", "*.gschema.xml")
FORBIDDEN_EXACT = {
    "--share=network": "network access (Valgting works offline)",
    "--socket=session-bus": "the whole session bus",
    "--socket=system-bus": "the whole system bus",
}
# --filesystem=host, host-os, host-etc, home, ~ with or without :ro/:rw/:create
FORBIDDEN_FS = re.compile(r"^--filesystem=(host|host-os|host-etc|home|~)/?(:(ro|rw|create))?$")
# The only file system holes (flatpak/README.md): removable media for the second copy. Station
# files live in the app's data folder; everything else goes through the file chooser portal.
ALLOWED_FS = {"/media", "/run/media"}


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = []

    def problem(msg):
        problems.append(msg)

    # meson.build's app_id names the manifest: flatpak/APP_ID.json.
    try:
        with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
            m = re.search(r"^\s*app_id\s*=\s*'([^']+)'", f.read(), re.MULTILINE)
    except OSError as e:
        print(f"check-flatpak: meson.build: cannot read it: {e}", file=sys.stderr)
        return 1
    if not m:
        print("check-flatpak: meson.build: no line app_id = '...'", file=sys.stderr)
        return 1
    meson_app_id = m.group(1)

    name = os.path.join("flatpak", meson_app_id + ".json")
    path = os.path.join(root, name)
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except OSError as e:
        present = ", ".join(sorted(os.path.basename(p) for p in glob.glob(os.path.join(root, "flatpak", "*.json"))))
        print(f"check-flatpak: {name}: cannot read it ({e.strerror}); meson.build's app_id is "
              f"\"{meson_app_id}\"; manifests present: {present or 'none'}", file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"check-flatpak: {name}: does not parse as JSON: {e}", file=sys.stderr)
        return 1
    if not isinstance(manifest, dict):
        print(f"check-flatpak: {name}: the top level is not an object", file=sys.stderr)
        return 1

    # The app id, as the manifest and the data files spell it.
    app_id = manifest.get("app-id", manifest.get("id"))
    if not isinstance(app_id, str) or not app_id:
        problem(f"{name}: no \"app-id\"")
        app_id = None
    elif app_id != meson_app_id:
        problem(f"{name}: app-id \"{app_id}\" differs from meson.build's app_id \"{meson_app_id}\"")

    for pattern in APP_ID_FILES:
        found = glob.glob(os.path.join(root, "data", pattern))
        if not found:
            problem(f"data/: no file matching {pattern}")
        for p in found:
            base = os.path.basename(p)
            file_id = base[: -len(pattern) + 1]
            if app_id and file_id != app_id:
                problem(f"data/{base}: named for \"{file_id}\", but the manifest's app-id is \"{app_id}\"")

    metainfo = os.path.join(root, "data", f"{app_id}.metainfo.xml.in") if app_id else None
    if metainfo and os.path.exists(metainfo):
        with open(metainfo, encoding="utf-8") as f:
            m = re.search(r"<id>\s*([^<\s]+)\s*</id>", f.read())
        if not m or m.group(1) != app_id:
            problem(f"data/{os.path.basename(metainfo)}: <id> is not \"{app_id}\"")

    if app_id:
        for icon in (f"scalable/apps/{app_id}.svg", f"symbolic/apps/{app_id}-symbolic.svg"):
            if not os.path.isfile(os.path.join(root, "data", "icons", "hicolor", icon)):
                problem(f"data/icons/hicolor/{icon}: missing (icons are named for the app-id)")

    # The command.
    if manifest.get("command") != "valgting":
        problem(f"{name}: command is {manifest.get('command')!r}, expected \"valgting\"")

    # The sandbox holes.
    finish_args = manifest.get("finish-args", [])
    if not isinstance(finish_args, list) or not all(isinstance(a, str) for a in finish_args):
        problem(f"{name}: finish-args is not a list of strings")
        finish_args = []
    for arg in finish_args:
        if arg in FORBIDDEN_EXACT:
            problem(f"{name}: finish-args has {arg}: {FORBIDDEN_EXACT[arg]} is not allowed")
        elif FORBIDDEN_FS.match(arg):
            problem(f"{name}: finish-args has {arg}: access to the whole host or home directory is not allowed")
        elif arg.startswith("--filesystem=") and \
                arg[len("--filesystem="):].split(":")[0].rstrip("/") not in ALLOWED_FS:
            problem(f"{name}: finish-args has {arg}: only {', '.join(sorted(ALLOWED_FS))} (the second "
                    "copy) may be opened; station files live in the app's data folder")

    # Every module but Valgting's own is a library the app links: one of the dependency ()
    # names in meson.build or app/ (not tests/: the Flatpak builds with -Dtests=false).
    app_deps = set()
    for build in [os.path.join(root, "meson.build")] + glob.glob(os.path.join(root, "app", "**", "meson.build"),
                                                                  recursive=True):
        with open(build, encoding="utf-8") as f:
            app_deps.update(re.findall(r"dependency\(\s*'([^']+)'", f.read()))
    for module in (manifest.get("modules") or [])[:-1]:
        mod_name = module.get("name") if isinstance(module, dict) else None
        if not isinstance(mod_name, str) or not any(d == mod_name or d.startswith(mod_name + "-")
                                                    for d in app_deps):
            problem(f"{name}: module {mod_name!r} is not a library the app links (its dependencies: "
                    f"{', '.join(sorted(app_deps))})")

    # The last module builds Valgting from the source tree with meson.
    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        problem(f"{name}: no modules")
    else:
        last = modules[-1]
        if not isinstance(last, dict):
            problem(f"{name}: the last module is not written inline as an object")
        else:
            if last.get("buildsystem") != "meson":
                problem(f"{name}: the last module ({last.get('name')!r}) does not use buildsystem \"meson\"")
            sources = last.get("sources", [])
            if not any(isinstance(s, dict) and s.get("type") == "dir"
                       and os.path.normpath(s.get("path", "")) == ".." for s in sources):
                problem(f"{name}: the last module ({last.get('name')!r}) does not build from the source tree "
                        "(a source {\"type\": \"dir\", \"path\": \"..\"})")

    if problems:
        for p in problems:
            print(f"check-flatpak: {p}", file=sys.stderr)
        return 1
    print(f"check-flatpak: {name} is consistent (app-id {app_id})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
