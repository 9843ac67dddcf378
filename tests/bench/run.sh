#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/bench/run.sh [BUILDDIR]: the benchmarks, as a Markdown table for the README. Each
# figure is measured against a reference in the same run (the toolkit's floor, the disk's
# fdatasync), so the ratios hold on a noisy machine. Needs a built tree (.ci/dev test builds
# one) and, for start-up, xvfb-run.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# An absolute path: LibreOffice takes its profile as a file:// URL, and a relative one hangs it.
build=$(cd "${1:-$root/_build}" && pwd)
config=$root/tests/data/municipal-2027.json
core=$build/tests/bench/bench-core
if [[ ${BENCH_STARTUP_ONLY:-} != 1 ]]; then
ninja -C "$build" tests/bench/bench-core tests/bench/bench-floor app/valgting >/dev/null
work=$(mktemp -d "$build/bench.XXXXXX")   # on the same disk as the build
trap 'rm -rf "$work"' EXIT

echo "| what | Valgting | reference | ratio | target |"
echo "|---|---|---|---|---|"
"$core" entry "$work" "$config"
fi

# Start-up: exec to the first painted frame, median of 7, under one virtual display and one
# session bus (as on a desktop). Valgting and the floor print the wall clock at their first
# frame; the start is read from the same clock by bash itself, without starting a process.
now_us () {
  local t=$EPOCHREALTIME
  echo "${t/[.,]/}"
}

startup () {
  local samples=()
  for _ in 1 2 3 4 5 6 7; do
    local start end
    start=${EPOCHREALTIME/[.,]/}
    end=$(env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 \
          GSETTINGS_SCHEMA_DIR="$build/data" VALGTING_BENCH_FIRST_FRAME=1 "$@" 2>/dev/null | tail -n 1)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 4p
}

# gnome-text-editor cannot say when it painted: for it, and for Valgting measured the same way,
# the time until the program's window is mapped (polled every few milliseconds), median of 7.
mapped () {
  local samples=() log
  log=$(mktemp)
  for _ in 1 2 3 4 5 6 7; do
    local start pid
    start=${EPOCHREALTIME/[.,]/}
    env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 \
        GSETTINGS_SCHEMA_DIR="$build/data" "$@" >/dev/null 2>"$log" &
    pid=$!
    until xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "$0: $1 exited before it showed a window:" >&2
        tail -n 5 "$log" >&2
        rm -f "$log"
        echo "failed"
        return 0
      fi
      sleep 0.005  # polling flat out would keep the X server itself busy
    done
    samples+=($(( ($(now_us) - start) / 1000 )))
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  rm -f "$log"
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 4p
}

ratio () {
  python3 -c "print(f'{$1/$2:.2f}×')"
}

if [[ ${BENCH_STARTUP_ONLY:-} == 1 ]]; then
  # One run of each first, so that every measured run finds the files in the page cache.
  startup "$build/tests/bench/bench-floor" >/dev/null
  startup "$build/tests/bench/bench-floor" "${BENCH_FLOOR_ROWS:-13}" >/dev/null
  startup "$build/app/valgting" "$BENCH_EMPTY" >/dev/null
  floor=$(startup "$build/tests/bench/bench-floor")
  # 13: what the empty station's first frame shows at 1100×720 (7 phases, 2 needing attention,
  # 4 of the staff), each a title and a line under it.
  floor_rows=$(startup "$build/tests/bench/bench-floor" "${BENCH_FLOOR_ROWS:-13}")
  empty_ms=$(startup "$build/app/valgting" "$BENCH_EMPTY")
  big_ms=$(startup "$build/app/valgting" "$BENCH_BIG")
  echo "| start-up to first frame, empty station | ${empty_ms} ms | libadwaita floor ${floor} ms | $(ratio "$empty_ms" "$floor") | ≤ 1.2× |"
  echo "| start-up to first frame, empty station | ${empty_ms} ms | floor window with ${BENCH_FLOOR_ROWS:-13} rows of text ${floor_rows} ms | $(ratio "$empty_ms" "$floor_rows") | ≤ 1.2× |"
  echo "| start-up, 200,000-entry station | ${big_ms} ms | empty station ${empty_ms} ms | $(ratio "$big_ms" "$empty_ms") | ≤ 1.3× |"
  if command -v gnome-text-editor >/dev/null && command -v xdotool >/dev/null; then
    gte_dir=$(mktemp -d)
    XDG_CONFIG_HOME=$gte_dir XDG_DATA_HOME=$gte_dir XDG_STATE_HOME=$gte_dir \
      mapped gnome-text-editor --standalone >/dev/null
    gte=$(XDG_CONFIG_HOME=$gte_dir XDG_DATA_HOME=$gte_dir XDG_STATE_HOME=$gte_dir \
          mapped gnome-text-editor --standalone)
    rm -rf "$gte_dir"
    mapped_ms=$(mapped "$build/app/valgting" "$BENCH_EMPTY")
    r="—"
    [[ $mapped_ms == failed || $gte == failed ]] || r=$(ratio "$mapped_ms" "$gte")
    echo "| start-up to a mapped window, empty station | ${mapped_ms} ms | gnome-text-editor ${gte} ms | $r | |"
  else
    echo "| gnome-text-editor | not installed here | | | |"
  fi
  # A small GNOME application of the same toolkit: Valgting's window must not come later.
  if command -v gnome-calculator >/dev/null && command -v xdotool >/dev/null; then
    calc_dir=$(mktemp -d)
    XDG_CONFIG_HOME=$calc_dir XDG_DATA_HOME=$calc_dir XDG_STATE_HOME=$calc_dir \
      mapped gnome-calculator >/dev/null
    calc=$(XDG_CONFIG_HOME=$calc_dir XDG_DATA_HOME=$calc_dir XDG_STATE_HOME=$calc_dir \
           mapped gnome-calculator)
    rm -rf "$calc_dir"
    mapped_ms=${mapped_ms:-$(mapped "$build/app/valgting" "$BENCH_EMPTY")}
    mapped_big=$(mapped "$build/app/valgting" "$BENCH_BIG")
    for pair in "empty station:$mapped_ms" "200,000-entry station:$mapped_big"; do
      r="—"
      [[ ${pair#*:} == failed || $calc == failed ]] || r=$(ratio "${pair#*:}" "$calc")
      echo "| start-up to a mapped window, ${pair%%:*} | ${pair#*:} ms | gnome-calculator ${calc} ms | $r | ≤ 1× |"
    done
  else
    echo "| gnome-calculator | not installed here | | | |"
  fi
  exit 0
fi

# The protocol PDF: Valgting (median of 5) against the floor, cairo + pango writing the same
# pages' text with one layout a page (median of 5), and against LibreOffice headless turning
# the same document, written as HTML page by page as Valgting cut it, into a PDF (median of 3,
# after one run that makes its profile). Both page counts are printed: they should be equal.
read -r pages pdf_ms floor_ms html < <("$core" pdf "$work" "$config")
echo "| protocol PDF, 5,000 entries (${pages} pages) | ${pdf_ms} ms | cairo + pango, the same pages' text, one layout a page: ${floor_ms} ms | $(ratio "$pdf_ms" "$floor_ms") | ≤ 1.3× |"
if command -v soffice >/dev/null 2>&1; then
  lo_profile="file://$work/lo-profile"
  lo () {
    soffice -env:UserInstallation="$lo_profile" --headless --infilter="HTML (StarWriter)" \
      --convert-to pdf:writer_pdf_Export --outdir "$work/lo" "$html" >/dev/null 2>&1
  }
  lo
  lo_samples=()
  for _ in 1 2 3; do
    start=${EPOCHREALTIME/[.,]/}
    lo
    lo_samples+=($(( ($(now_us) - start) / 1000 )))
  done
  lo_ms=$(printf '%s\n' "${lo_samples[@]}" | sort -n | sed -n 2p)
  lo_pages=$(pdfinfo "$work/lo/$(basename "${html%.html}").pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  echo "| protocol PDF, 5,000 entries (${pages} pages) | ${pdf_ms} ms | LibreOffice headless, same document as HTML (${lo_pages} pages): ${lo_ms} ms | $(ratio "$lo_ms" "$pdf_ms") faster | ≥ 25× |"
else
  echo "| protocol PDF, 5,000 entries (${pages} pages) | ${pdf_ms} ms | LibreOffice not installed here | | ≥ 25× |"
fi
"$core" scale "$work" "$config"
# The municipality's overview: 100 stations, each the busy two-day scenario as its own precinct.
"$core" collect "$work" "$root/data/scenarios/busy-municipal-two-days.json"

export BENCH_EMPTY BENCH_BIG
BENCH_EMPTY=$("$core" create=0 "$work" "$config")
BENCH_BIG=$("$core" create=200000 "$work" "$config")
# A session bus of its own with no services to start (as the tests have): the portals and the
# accessibility bus that a desktop keeps running would otherwise be started on demand by the
# first program to ask, inside whichever run asked, with their start-up in its time.
session=()
[[ -n ${DBUS_SESSION_BUS_ADDRESS:-} ]] ||
  session=(dbus-run-session --config-file="$root/tests/dbus-session.conf" --)
if [[ -n ${DISPLAY:-} ]]; then
  "${session[@]}" env BENCH_STARTUP_ONLY=1 "$0" "$build"
else
  # -noreset: between two runs no program is connected, and a server that resets then refuses
  # the next one ("cannot open display") while it does.
  "${session[@]}" env BENCH_STARTUP_ONLY=1 xvfb-run -a -s "-screen 0 1280x800x24 -noreset" "$0" "$build"
fi
