#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""valgting export events, validated against NIST SP 1500-101 v1.8's JSON schema.

Each shipped scenario given is replayed into a new station, exported with
`valgting export events`, and the file validated against the schema copied into
tests/data/standards/ (the draft the schema declares, with its formats checked), and
every TimeStamp read as ISO 8601 with an offset. Prints TAP; fails when the export
fails or any file is not valid.

Usage: validate-nist.py --valgting BIN --schema SCHEMA.json SCENARIO.json...
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    # Not skipped: a validation that cannot run must not look like one that passed.
    print("Bail out! python3 jsonschema is missing (the Debian package python3-jsonschema; "
          ".ci/dev installs it)")
    sys.exit(1)


# RFC 3339's date-time, as the schema's "format" means it, with a numeric offset (the
# station's local time): Debian 12's jsonschema checks "date-time" only where the
# rfc3339-validator module is installed, which Debian does not ship, so it is checked here.
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


def with_offset(text):
    """An RFC 3339 time with its UTC offset, never a bare local time."""
    if not DATE_TIME.match(text):
        return False
    try:
        datetime.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def problems(schema, log):
    """What is wrong with the exported @log, as readable lines; none when it is valid."""
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    found = []
    for error in sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        found.append(f"{where}: {error.message}")
    if not found:
        if not with_offset(log["GeneratedTime"]):
            found.append(f"GeneratedTime: {log['GeneratedTime']!r} has no offset")
        for device in log.get("Device", []):
            for event in device.get("Event", []):
                if not with_offset(event["TimeStamp"]):
                    found.append(f"Event {event['Id']}: TimeStamp {event['TimeStamp']!r} "
                                 "has no offset")
            if not device.get("Event"):
                found.append(f"Device {device['Id']}: no events")
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--valgting", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("scenarios", nargs="+")
    args = parser.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.validators.validator_for(schema).check_schema(schema)

    print(f"1..{len(args.scenarios)}")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="valgting-nist-") as tmp:
        for number, scenario in enumerate(args.scenarios, start=1):
            name = os.path.splitext(os.path.basename(scenario))[0]
            station = os.path.join(tmp, name + ".valgting")
            events = os.path.join(tmp, name + "-events.json")
            found = []
            for command in ([args.valgting, "replay", scenario, station],
                            [args.valgting, "export", "events", station, "-o", events]):
                run = subprocess.run(command, capture_output=True, text=True)
                if run.returncode != 0:
                    found.append(f"{' '.join(command[1:3])} exited {run.returncode}: "
                                 f"{run.stderr.strip()}")
                    break
            if not found:
                with open(events, encoding="utf-8") as f:
                    found = problems(schema, json.load(f))
            if found:
                failed += 1
                print(f"not ok {number} - {name}: not valid against NIST SP 1500-101 v1.8")
                for line in found[:20]:
                    print(f"# {line}")
            else:
                print(f"ok {number} - {name}: valid against NIST SP 1500-101 v1.8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
