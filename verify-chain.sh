#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# verify-chain.sh FILE.valgting: recompute a station file's hash chain with the sqlite3 shell
# and standard tools only, no Valgting code (see README.md, "The journal's hash format"). Prints
# the number of entries and the same checksum as "valgting verify"; exits 1 and names the first
# bad entry when the chain does not hold.
#
# It checks the guards, the journal, and that the first entry fixes the stored configuration and training
# flag. It does not rebuild the derived tables: "valgting verify" does that.
set -euo pipefail
export LC_ALL=C

if [[ $# -ne 1 || ! -f $1 ]]; then
  echo "usage: $0 FILE.valgting" >&2
  exit 2
fi
file=$1
genesis=0000000000000000000000000000000000000000000000000000000000000000

# sqlite3 in read-only mode; every text as hex, so no byte of it is lost or reinterpreted.
q () { sqlite3 -readonly -batch -noheader -separator '|' "$file" "$@"; }

# The SHA-256 of the bytes whose hex is $1.
sha_of_hex () { printf '%b' "$(printf '%s' "$1" | sed 's/../\\x&/g')" | sha256sum | cut -c1-64; }

fail () { echo "$file: NOT OK: $*"; exit 1; }

# The guards that make the journal append-only, defined as Valgting defines them (compared with
# line breaks and runs of spaces squeezed): a guard under its right name that does nothing is no
# guard. All five are read with one call of the shell.
declare -A guard
while IFS='|' read -r name sql; do
  guard[$name]=$(printf '%s' "$sql" | tr -s ' ')
done < <(q "SELECT name, replace (replace (sql, char (13), ' '), char (10), ' ')
            FROM sqlite_schema WHERE type = 'trigger'")
check_guard () {
  [[ ${guard[$1]-} == "$2" ]] || fail "the guard $1 was removed or changed"
}
raise_journal="BEGIN SELECT RAISE (ABORT, 'the journal is append-only'); END"
raise_meta="BEGIN SELECT RAISE (ABORT, 'station metadata is written once'); END"
check_guard journal_append_only_update \
  "CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal $raise_journal"
check_guard journal_append_only_delete \
  "CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal $raise_journal"
check_guard journal_append_in_order \
  "CREATE TRIGGER journal_append_in_order BEFORE INSERT ON journal WHEN NEW.seq IS NOT (SELECT coalesce (max (seq), 0) + 1 FROM journal) OR NEW.prev_hash IS NOT coalesce ((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), '$genesis') BEGIN SELECT RAISE (ABORT, 'a journal entry must continue the chain'); END"
check_guard meta_write_once "CREATE TRIGGER meta_write_once BEFORE UPDATE ON meta $raise_meta"
check_guard meta_keep "CREATE TRIGGER meta_keep BEFORE DELETE ON meta $raise_meta"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The text hashed for entry seq: these fields as stored, each followed by a newline but the last:
#   valgting-journal-1, seq, command_id, ts_utc, utc_offset, kind, actor, payload, prev_hash
# Written to one file per entry (bytes from hex, so nothing is lost), hashed with one sha256sum.
# (Read from files, not pipes: bash reads a pipe one byte at a time.)
q "SELECT hex ('valgting-journal-1' || char (10) || seq || char (10) || command_id ||
               char (10) || ts_utc || char (10) || utc_offset || char (10) || kind ||
               char (10) || actor || char (10) || payload || char (10) || prev_hash)
   FROM journal ORDER BY seq" | sed 's/../\\x&/g' > "$tmp/escaped"
n=0
while read -r escaped; do
  n=$((n + 1))
  printf '%b' "$escaped" > "$tmp/$n"
done < "$tmp/escaped"
[[ $n -ge 1 ]] || fail "the journal is empty"
(cd "$tmp" && seq 1 "$n" | xargs sha256sum | cut -c1-64) > "$tmp/computed"
q "SELECT seq, prev_hash, hash FROM journal ORDER BY seq" > "$tmp/stored"
paste -d '|' "$tmp/stored" "$tmp/computed" > "$tmp/both"

prev=$genesis
expected=1
while IFS='|' read -r seq prev_hash hash computed; do
  [[ $seq == "$expected" ]] || fail "entry $expected is missing or out of order (found $seq)"
  [[ $prev_hash == "$prev" ]] || fail "entry $seq does not follow entry $((seq - 1))"
  [[ $computed == "$hash" ]] || fail "entry $seq was changed: its content no longer matches its hash"
  prev=$hash
  expected=$((expected + 1))
done < "$tmp/both"

# The first entry fixes the training flag and (files made since it did) the configuration.
IFS='|' read -r first_kind first_training training config_sha config_hex < <(q "
  SELECT (SELECT kind FROM journal WHERE seq = 1),
         (SELECT CASE json_extract (payload, '\$.training') WHEN 1 THEN '1' ELSE '0' END
            FROM journal WHERE seq = 1),
         (SELECT value FROM meta WHERE key = 'training'),
         (SELECT coalesce (json_extract (payload, '\$.config_sha256'), '') FROM journal WHERE seq = 1),
         (SELECT hex (value) FROM meta WHERE key = 'config')")
[[ $first_kind == station-created ]] || fail "entry 1 is not the one that created the station"
[[ $training == "$first_training" ]] || fail "the training flag was changed after entry 1"
if [[ -n $config_sha ]]; then
  [[ $(sha_of_hex "$config_hex") == "$config_sha" ]] ||
    fail "the election configuration was changed after entry 1"
  covered="configuration covered by entry 1"
else
  covered="made by an older Valgting: the configuration is not covered"
fi

echo "$file: chain OK ($covered)"
echo "  entries:      $n"
echo "  checksum:     $(printf '%s' "$prev" | sed 's/..../& /g; s/ $//')"
