#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/bench/run.sh [BUILDDIR]: the benchmarks, as a Markdown table for the README. Each
# figure is measured against a reference in the same run (the toolkit's floor, the disk's
# fdatasync), so the ratios hold on a noisy machine. Needs a built tree (.ci/dev test builds
# one) and, for start-up, xvfb-run.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/_build}
config=$root/tests/data/municipal-2027.json
core=$build/tests/bench/bench-core
if [[ ${BENCH_STARTUP_ONLY:-} != 1 ]]; then
ninja -C "$build" tests/bench/bench-core tests/bench/bench-floor app/valgting >/dev/null
work=$(mktemp -d "$build/bench.XXXXXX")   # on the same disk as the build
trap 'rm -rf "$work"' EXIT

echo "| what | Valgting | reference | ratio | target |"
echo "|---|---|---|---|---|"
"$core" entry "$work" "$config"
"$core" pdf "$work" "$config"
if command -v soffice >/dev/null 2>&1; then
  echo "| (LibreOffice is installed: compare by hand with soffice --headless --convert-to pdf) | | | | |"
else
  echo "| LibreOffice headless, same document | not installed here | | | ≥ 50× |"
fi
"$core" scale "$work" "$config"
fi

# Start-up: exec to the first painted frame, median of 7, under one virtual display.
startup () {
  local samples=()
  for _ in 1 2 3 4 5 6 7; do
    local start end
    start=$(python3 -c 'import time; print(int(time.clock_gettime(time.CLOCK_MONOTONIC)*1e6))')
    end=$(env GSK_RENDERER=cairo GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 \
          GSETTINGS_SCHEMA_DIR="$build/data" VALGTING_BENCH_FIRST_FRAME=1 "$@" 2>/dev/null | tail -n 1)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 4p
}

if [[ ${BENCH_STARTUP_ONLY:-} == 1 ]]; then
  floor=$(startup "$build/tests/bench/bench-floor")
  empty_ms=$(startup "$build/app/valgting" "$BENCH_EMPTY")
  big_ms=$(startup "$build/app/valgting" "$BENCH_BIG")
  echo "| start-up to first frame, empty station | ${empty_ms} ms | libadwaita floor ${floor} ms | $(python3 -c "print(f'{$empty_ms/$floor:.2f}×')") | ≤ 1.2× |"
  echo "| start-up, 200,000-entry station | ${big_ms} ms | empty station ${empty_ms} ms | $(python3 -c "print(f'{$big_ms/$empty_ms:.2f}×')") | ≤ 1.3× |"
  exit 0
fi

export BENCH_EMPTY BENCH_BIG
BENCH_EMPTY=$("$core" create=0 "$work" "$config")
BENCH_BIG=$("$core" create=200000 "$work" "$config")
if [[ -n ${DISPLAY:-} ]]; then
  BENCH_STARTUP_ONLY=1 "$0" "$build"
else
  BENCH_STARTUP_ONLY=1 xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$build"
fi
