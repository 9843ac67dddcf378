#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-terms.sh SOURCE_ROOT
#
# One word for one thing, the words the election's own forms use (see DOMAIN.md): fails when a
# translation in po/nb.po or po/nn.po, or a Norwegian label in the shipped election files
# (data/*.json, data/training/*.json, data/scenarios/*.json and the training library) or a C source, uses a word the
# project has banned in favour of another:
#
#   beredskapsomslag               → beredskapskonvolutt
#   utestemme(givning), utestemmegjeving
#                                  → stemmegivning utenfor valglokalet (nn: stemmegjeving
#                                    utanfor vallokalet)
#   fremmed stemme, framand stemme → fremmedstemme, framandstemme (one word)
#   plombere, plombert, plomberte, plomberast, plombering, "plomber ho/den"
#                                  → forsegle (the verb; the strip itself is a plombe)
#   et/eit/hvert/kvart/per parti, the column "Parti"
#                                  → valgliste / valliste (the form's "Valglistens navn")
#   reservekopi, sikkerhetskopi, tryggingskopi
#                                  → den andre kopien (the second copy)
#   the log's correction column "Rett" → "Retting"
#
# Prints one "OK" line per file set; exits 1 naming every offending message, 2 on usage errors
# or missing tools.

set -euo pipefail

if [[ $# -gt 1 ]]; then
  echo "usage: $0 [SOURCE_ROOT]" >&2
  exit 2
fi

srcroot=${1:-"$(dirname "$0")/.."}
srcroot=$(cd "$srcroot" && pwd)

if ! command -v msgattrib >/dev/null 2>&1; then
  echo "check-terms: msgattrib not found (install gettext)" >&2
  exit 2
fi

export LC_ALL=C.UTF-8 2>/dev/null || export LC_ALL=C

# Extended regular expressions, matched without regard to case.
banned=(
  'beredskapsomslag'
  'utestemme'
  'fremmed[[:space:]]+stemme'
  'framand[[:space:]]+stemme'
  'plomber(e|er|t|te|ast|ing)([^[:alpha:]]|$)'
  'plomber[[:space:]]+(ho|den|dei|dem|urn)'
  '(^|[^[:alpha:]])(et|eit|hvert|kvart|per)[[:space:]]+parti([^[:alpha:]]|$)'
  'reservekopi'
  'sikkerhetskopi'
  'tryggingskopi'
)
# Whole translations that are banned as they stand.
banned_whole=(
  'Parti'
  'Rett'
)

status=0

# The translations, one message to a line: "msgstr text" with the message's msgid before it.
msgstrs () {
  msgattrib --no-wrap --no-location --no-obsolete "$1" | awk '
    /^msgid / { id = $0; field = "id"; next }
    /^msgid_plural / { field = "id"; next }
    /^msgstr/ { field = "str"; sub(/^msgstr(\[[0-9]+\])? /, ""); print id "\t" $0; next }
    /^"/ { if (field == "str") print id "\t" $0; next }
    { field = "" }'
}

for lang in nb nn; do
  po=$srcroot/po/$lang.po
  if [[ ! -f $po ]]; then
    echo "check-terms: $po is missing" >&2
    status=1
    continue
  fi
  found=0
  table=$(msgstrs "$po")
  for term in "${banned[@]}"; do
    if hits=$(cut -f2- <<<"$table" | grep -n -i -E -- "$term"); then
      while IFS= read -r hit; do
        line=${hit%%:*}
        echo "check-terms: $lang: “$term” in $(sed -n "${line}p" <<<"$table")" >&2
      done <<<"$hits"
      found=1
    fi
  done
  for whole in "${banned_whole[@]}"; do
    if grep -q -x -F -- "\"$whole\"" < <(cut -f2- <<<"$table"); then
      echo "check-terms: $lang: the translation “$whole” is banned" \
           "($(grep -F -- "	\"$whole\"" <<<"$table" | cut -f1 | head -n 1))" >&2
      found=1
    fi
  done
  if [[ $found -ne 0 ]]; then
    status=1
  else
    echo "check-terms: $lang: OK"
  fi
done

# The election files' labels and the sources' Norwegian (default labels, comments).
found=0
shopt -s nullglob
files=("$srcroot"/data/*.json "$srcroot"/data/training/*.json "$srcroot"/data/scenarios/*.json "$srcroot"/data/scenarios/training/*/*.json
       "$srcroot"/app/*/*.c "$srcroot"/app/*/*/*.c "$srcroot"/app/*/*/*.ui)
for term in "${banned[@]}"; do
  if hits=$(grep -n -i -E -- "$term" "${files[@]}"); then
    while IFS= read -r hit; do
      echo "check-terms: “$term” in ${hit#"$srcroot"/}" >&2
    done <<<"$hits"
    found=1
  fi
done
if [[ $found -ne 0 ]]; then
  status=1
else
  echo "check-terms: data and sources: OK"
fi

exit $status
