#!/usr/bin/env bash
# Fails when a file under app/ marks strings for translation but is not
# listed in po/POTFILES.in, or when POTFILES.in lists a file that does not
# exist.  Usage: check-potfiles.sh SOURCE_ROOT
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: $0 SOURCE_ROOT" >&2
  exit 2
fi

root=${1%/}
potfiles="$root/po/POTFILES.in"

if [ ! -f "$potfiles" ]; then
  echo "check-potfiles: $potfiles does not exist" >&2
  exit 1
fi
if [ ! -d "$root/app" ]; then
  echo "check-potfiles: $root/app is not a directory" >&2
  exit 1
fi

# Entries of POTFILES.in: strip CR, comments, an optional [type: ...] prefix
# and surrounding blanks; skip empty lines.
listed=$(sed -e 's/\r$//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$potfiles" \
  | grep -v -e '^#' -e '^$' \
  | sed -e 's/^\[[^]]*\][[:space:]]*//' || true)

status=0

# Translation markers: _( N_( C_( NC_( (not as the tail of a longer
# identifier), the ngettext family, and translatable="yes" in UI files.
marker='(^|[^A-Za-z0-9_])(N|C|NC)?_[[:space:]]*\(|(^|[^A-Za-z0-9_])(g_d?n|n)gettext[[:space:]]*\(|translatable="yes"'

missing=()
while IFS= read -r -d '' file; do
  rel=${file#"$root"/}
  if ! grep -qxF -e "$rel" <<<"$listed"; then
    missing+=("$rel")
  fi
done < <(find "$root/app" -type f -print0 | sort -z | xargs -0 -r grep -lIZE -e "$marker" --)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "check-potfiles: these files contain translatable strings but are not listed in po/POTFILES.in:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  status=1
fi

gone=()
while IFS= read -r rel; do
  [ -n "$rel" ] || continue
  if [ ! -f "$root/$rel" ]; then
    gone+=("$rel")
  fi
done <<<"$listed"

if [ "${#gone[@]}" -gt 0 ]; then
  echo "check-potfiles: po/POTFILES.in lists files that do not exist:" >&2
  printf '  %s\n' "${gone[@]}" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "check-potfiles: po/POTFILES.in covers every translatable file under app/"
fi
exit "$status"
