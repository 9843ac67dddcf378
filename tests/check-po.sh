#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-po.sh SOURCE_ROOT
#
# Checks that every translation in po/LINGUAS is complete against the strings the
# sources hold *now*, without a build directory and without touching the tree:
#
#  1. extracts a fresh .pot from po/POTFILES.in into a temporary directory, with the
#     same xgettext arguments as meson's i18n.gettext(preset: 'glib') plus the
#     project's own args from po/meson.build (.ui, .xml, .desktop.in and
#     .metainfo.xml.in files are handled by xgettext's ITS rules);
#  2. for each language, fails when the fresh .pot has messages the .po lacks
#     (msgmerge would add them), then merges the .po into the temporary directory
#     with `msgmerge --no-fuzzy-matching` and runs `msgfmt --check --statistics`,
#     failing when any message is untranslated or fuzzy or msgfmt finds an error.
#
# Prints one "OK" line per language; exits 1 naming the language and the counts on
# failure, 2 on usage errors or missing tools.

set -euo pipefail

if [[ $# -gt 1 ]]; then
  echo "usage: $0 [SOURCE_ROOT]" >&2
  exit 2
fi

srcroot=${1:-"$(dirname "$0")/.."}
srcroot=$(cd "$srcroot" && pwd)
podir=$srcroot/po
package=valgting

for tool in xgettext msgmerge msgfmt msgcmp; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check-po: $tool not found (install gettext)" >&2
    exit 2
  fi
done
for f in POTFILES.in LINGUAS; do
  if [[ ! -f $podir/$f ]]; then
    echo "check-po: $podir/$f is missing" >&2
    exit 2
  fi
done

# Untranslated tool output, so the statistics line can be parsed.
if locale -a 2>/dev/null | grep -qix 'C.utf-\?8'; then
  export LC_ALL=C.UTF-8
else
  export LC_ALL=C
fi
export LANGUAGE=

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-po.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# meson's gettext script runs: xgettext --package-name=PKG -p PODIR -f POTFILES.in
# -D SOURCE_ROOT -k_ -o PKG.pot, followed by the glib preset's args and the args
# given in po/meson.build.
pot=$tmp/$package.pot
# shellcheck disable=SC2054 # the commas belong to xgettext's keyword specs
xgettext_args=(
  --package-name="$package"
  -p "$tmp" -f "$podir/POTFILES.in" -D "$srcroot" -k_ -o "$pot"
  --from-code=UTF-8
  --add-comments
  --keyword=_
  --keyword=N_
  --keyword=C_:1c,2
  --keyword=NC_:1c,2
  --keyword=g_dcgettext:2
  --keyword=g_dngettext:2,3
  --keyword=g_dpgettext2:2c,3
  --keyword=ngettext:1,2
  --flag=N_:1:pass-c-format
  --flag=C_:2:pass-c-format
  --flag=NC_:2:pass-c-format
  --flag=g_dngettext:2:pass-c-format
  --flag=g_strdup_printf:1:c-format
  --flag=g_string_printf:2:c-format
  --flag=g_string_append_printf:2:c-format
  --flag=g_error_new:3:c-format
  --flag=g_set_error:4:c-format
  --flag=g_markup_printf_escaped:1:c-format
  --flag=g_log:3:c-format
  --flag=g_print:1:c-format
  --flag=g_printerr:1:c-format
  --flag=g_printf:1:c-format
  --flag=g_fprintf:2:c-format
  --flag=g_sprintf:2:c-format
  --flag=g_snprintf:3:c-format
  --add-comments=Translators
)
# xgettext warns about format strings it cannot follow; those warnings belong to the
# build, not to this check, so only a real failure is reported.
if ! xgettext "${xgettext_args[@]}" 2>"$tmp/xgettext.log"; then
  cat "$tmp/xgettext.log" >&2
  echo "check-po: xgettext failed" >&2
  exit 1
fi
if [[ ! -s $pot ]]; then
  echo "check-po: xgettext found no messages in $podir/POTFILES.in" >&2
  exit 1
fi

langs=()
while read -r line; do
  line=${line%%#*}
  for l in $line; do langs+=("$l"); done
done <"$podir/LINGUAS"
if [[ ${#langs[@]} -eq 0 ]]; then
  echo "check-po: $podir/LINGUAS lists no languages" >&2
  exit 1
fi

status=0
for lang in "${langs[@]}"; do
  po=$podir/$lang.po
  if [[ ! -f $po ]]; then
    echo "check-po: $lang: $po is missing" >&2
    status=1
    continue
  fi

  # Messages the sources have and the .po lacks (only obsolete counts as lacking):
  # msgmerge would add them. Untranslated or fuzzy ones are counted below instead.
  missing=0
  if ! msgcmp --use-fuzzy --use-untranslated "$po" "$pot" >"$tmp/$lang.cmp" 2>&1; then
    missing=$(grep -c 'used but not defined' "$tmp/$lang.cmp" || true)
    if [[ $missing -eq 0 ]]; then
      cat "$tmp/$lang.cmp" >&2
      echo "check-po: $lang: msgcmp failed" >&2
      status=1
      continue
    fi
  fi

  merged=$tmp/$lang.po
  if ! msgmerge --quiet --no-fuzzy-matching -o "$merged" "$po" "$pot" 2>"$tmp/$lang.merge"; then
    cat "$tmp/$lang.merge" >&2
    echo "check-po: $lang: msgmerge failed" >&2
    status=1
    continue
  fi

  if ! msgfmt --check --statistics -o /dev/null "$merged" 2>"$tmp/$lang.stats"; then
    sed "s|$tmp/|po/|" "$tmp/$lang.stats" >&2
    echo "check-po: $lang: msgfmt --check found errors" >&2
    status=1
    continue
  fi
  stats=$(tail -n 1 "$tmp/$lang.stats")
  translated=$(grep -o '[0-9]\+ translated' <<<"$stats" | grep -o '[0-9]\+' || echo 0)
  fuzzy=$(grep -o '[0-9]\+ fuzzy' <<<"$stats" | grep -o '[0-9]\+' || echo 0)
  untranslated=$(grep -o '[0-9]\+ untranslated' <<<"$stats" | grep -o '[0-9]\+' || echo 0)

  if [[ $missing -ne 0 || $fuzzy -ne 0 || $untranslated -ne 0 ]]; then
    echo "check-po: $lang: FAIL: $translated translated, $fuzzy fuzzy," \
         "$untranslated untranslated; $missing new in the sources, not in po/$lang.po" >&2
    # Name the messages (the first 20), so the failure can be acted on.
    {
      msgattrib --untranslated --no-obsolete --no-wrap "$merged" \
        | grep '^msgid ' | grep -v '^msgid ""$' | sed 's/^msgid /  untranslated: /'
      msgattrib --only-fuzzy --no-obsolete --no-wrap "$merged" \
        | grep '^msgid ' | grep -v '^msgid ""$' | sed 's/^msgid /  fuzzy:        /'
    } | head -n 20 >&2 || true
    echo "check-po: $lang: run 'ninja -C BUILDDIR $package-pot $package-update-po' and translate" >&2
    status=1
    continue
  fi
  echo "check-po: $lang: OK ($translated translated, 0 fuzzy, 0 untranslated)"
done

exit $status
