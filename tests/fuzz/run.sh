#!/usr/bin/env bash
# Fuzz what reads untrusted files: tests/fuzz/run.sh [SECONDS] | --ci
#
# Builds the core and the libFuzzer harnesses with clang, AddressSanitizer and UBSan in
# _build-fuzz, runs every input in regressions/<harness>/ once, then fuzzes each harness from a
# copy of its seed corpus in corpus/<harness>/ (the committed corpus never grows):
#   SECONDS  for that long each (default 20), from a random seed: to look for new bugs.
#   --ci     from seed 1 for a fixed number of inputs each (about 15 s here): the same mutations
#            on every machine and every run, so the test suite fails for a change, not for
#            luck. (Where the code under test reads the clock, the corpus can differ a little.)
# Exits non-zero when anything crashes, leaks, times out or runs out of memory, naming the input
# and how to run it again. Needs clang and libclang-rt-14-dev.
set -euo pipefail

usage () {
  echo "usage: $0 [SECONDS] | --ci  (seconds per harness, default 20)" >&2
  exit 2
}

seconds=20
ci=false
case "${1:-}" in
  --ci) ci=true ;;
  "") ;;
  *) [[ "$1" =~ ^[1-9][0-9]*$ ]] || usage; seconds=$1 ;;
esac
[ $# -le 1 ] || usage

# The inputs each harness gets under --ci, by its speed: the station harness writes and opens
# a file for every input.
declare -A ci_runs=([config]=50000 [scenario]=10000 [station]=5000)

if ! command -v clang >/dev/null; then
  echo "$0: clang is missing: apt install clang libclang-rt-14-dev" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="$root/_build-fuzz"
fuzz_src="$root/tests/fuzz"
artifacts="$build/artifacts"
harnesses=(config scenario station)

if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" "$root" -Dfuzzing=true >/dev/null
else
  CC=clang meson setup "$build" "$root" -Dfuzzing=true
fi
meson compile -C "$build" fuzz

mkdir -p "$artifacts"
# Every input's files go to a private folder, in memory where there is one: a station file is
# written and opened thousands of times.
tmp_base=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && tmp_base=/dev/shm
work=$(mktemp -d "$tmp_base/valgting-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"
export UBSAN_OPTIONS=print_stacktrace=1

failures=()

# Show why a run failed, from its log: the report, without the fuzzer's progress lines.
show_failure () {
  grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|RELOAD|INITED)' "$1" | tail -n 60 | sed 's/^/    /'
}

for name in "${harnesses[@]}"; do
  exe="$build/tests/fuzz/fuzz-$name"
  log="$build/fuzz-$name.log"

  # Inputs that once crashed: each runs once and must pass.
  if [ -d "$fuzz_src/regressions/$name" ]; then
    for input in "$fuzz_src/regressions/$name"/*; do
      [ -f "$input" ] || continue
      if ! "$exe" "$input" >"$log" 2>&1; then
        echo "FAIL fuzz-$name: the regression input ${input#"$root"/} crashes again:"
        show_failure "$log"
        echo "  reproduce: $exe $input"
        failures+=("fuzz-$name ${input#"$root"/}")
      fi
    done
  fi

  corpus="$work/corpus-$name"
  mkdir -p "$corpus"
  cp "$fuzz_src/corpus/$name"/* "$corpus/"
  marker="$work/started-$name"
  touch "$marker"

  if $ci; then
    budget=(-seed=1 -runs="${ci_runs[$name]}")
    echo "fuzz-$name: ${ci_runs[$name]} inputs from seed 1 and $(ls "$corpus" | wc -l) seeds" \
         "(log: ${log#"$root"/})"
  else
    budget=(-max_total_time="$seconds")
    echo "fuzz-$name: ${seconds}s from $(ls "$corpus" | wc -l) seeds (log: ${log#"$root"/})"
  fi
  status=0
  "$exe" "${budget[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$name-" "$corpus" >"$log" 2>&1 || status=$?

  # libFuzzer's last progress line: "#12345 DONE cov: 1266 ft: 3354 corp: 110/1090Kb …"
  grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 | sed 's/^/  /' || true

  if [ "$status" -ne 0 ]; then
    found=$(find "$artifacts" -maxdepth 1 -type f -name "$name-*" -newer "$marker" | sort)
    echo "FAIL fuzz-$name (exit status $status):"
    show_failure "$log"
    if [ -n "$found" ]; then
      while IFS= read -r artifact; do
        echo "  input:     ${artifact#"$root"/}"
        echo "  reproduce: $exe $artifact"
      done <<<"$found"
      echo "  Fix the bug, then keep the input as a regression test:"
      echo "    mkdir -p tests/fuzz/regressions/$name && cp <input> tests/fuzz/regressions/$name/"
    fi
    failures+=("fuzz-$name")
  fi
done

if [ ${#failures[@]} -gt 0 ]; then
  echo "Fuzzing failed: ${failures[*]}"
  exit 1
fi
if $ci; then
  echo "Fuzzing passed: ${harnesses[*]}, from seed 1"
else
  echo "Fuzzing passed: ${harnesses[*]}, ${seconds}s each"
fi
