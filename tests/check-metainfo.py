#!/usr/bin/env python3
"""Check what appstreamcli does not: the metainfo against the app and its screenshots.

Usage: check-metainfo.py [SOURCE_ROOT]

Fails (exit 1) with one line per problem when the summary is longer than 35
characters (what software centres show without cutting it; its translations
in po/ too), when the
developer's name differs from the one the About window gives
(app/ui/vt-application.c, its "developers"), or when a screenshot the
metainfo names is not in data/screenshots/.
"""

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

SUMMARY_MAX = 35


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = glob.glob(os.path.join(root, "data", "*.metainfo.xml.in"))
    if len(found) != 1:
        print(f"check-metainfo: expected one data/*.metainfo.xml.in, found {len(found)}", file=sys.stderr)
        return 1
    name = os.path.relpath(found[0], root)
    problems = []
    component = ET.parse(found[0]).getroot()

    summary = (component.findtext("summary") or "").strip()
    if not summary:
        problems.append(f"{name}: no <summary>")
    elif len(summary) > SUMMARY_MAX:
        problems.append(f"{name}: the summary \"{summary}\" has {len(summary)} characters; at most "
                        f"{SUMMARY_MAX}")

    # Its translations too, where a catalogue has one.
    for po in sorted(glob.glob(os.path.join(root, "po", "*.po"))):
        with open(po, encoding="utf-8") as f:
            m = re.search(r'^msgid "' + re.escape(summary) + r'"\nmsgstr "([^"]*)"', f.read(), re.MULTILINE)
        if m and len(m.group(1)) > SUMMARY_MAX:
            problems.append(f"po/{os.path.basename(po)}: the summary's translation \"{m.group(1)}\" has "
                            f"{len(m.group(1))} characters; at most {SUMMARY_MAX}")

    app = os.path.join("app", "ui", "vt-application.c")
    with open(os.path.join(root, app), encoding="utf-8") as f:
        m = re.search(r"developers\[\]\s*=\s*\{\s*\"([^\"]+)\"", f.read())
    if not m:
        problems.append(f"{app}: no developers[] = {{ \"...\" }} for the About window")
    else:
        about = m.group(1)
        names = [(component.findtext("developer_name") or "").strip(),
                 (component.findtext("developer/name") or "").strip()]
        for tag, value in zip(("<developer_name>", "<developer><name>"), names):
            if value and value != about:
                problems.append(f"{name}: {tag} is \"{value}\", the About window says \"{about}\"")
        if not any(names):
            problems.append(f"{name}: no developer name")

    for image in component.iterfind("screenshots/screenshot/image"):
        base = os.path.basename((image.text or "").strip())
        if not os.path.isfile(os.path.join(root, "data", "screenshots", base)):
            problems.append(f"{name}: screenshot {base} is not in data/screenshots/")

    if problems:
        for p in problems:
            print(f"check-metainfo: {p}", file=sys.stderr)
        return 1
    print(f"check-metainfo: {name}: summary of {len(summary)} characters, developer as in the About window")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
