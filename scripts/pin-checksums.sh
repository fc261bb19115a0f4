#!/usr/bin/env bash
# Pins released archives' checksums in the action:
#
#   scripts/pin-checksums.sh DIR [CHECKSUMS]
#
# merges every DIR/*.sha256 (`sha256sum` format) into CHECKSUMS (default action/checksums.txt):
# its comment lines are kept, a line for an archive already listed is replaced, and the lines
# are sorted by archive name. .github/workflows/release.yml runs it before tagging, so the tag's
# action.yml downloads exactly the archives built for it; tests/it/action.rs runs it on a copy.
set -euo pipefail

dir="${1:?usage: $0 DIR [CHECKSUMS]}"
root="$(cd "$(dirname "$0")/.." && pwd)"
file="${2:-$root/action/checksums.txt}"
new="$(mktemp)"
trap 'rm -f "$new"' EXIT

shopt -s nullglob
sums=("$dir"/*.sha256)
if [ "${#sums[@]}" -eq 0 ]; then
  echo "no .sha256 files in $dir" >&2
  exit 1
fi
{
  [ -f "$file" ] && grep -E '^#' "$file" || true
  {
    [ -f "$file" ] && grep -vE '^(#|$)' "$file" || true
    cat "${sums[@]}"
  } | awk '{ name = $2; sub(/^\*/, "", name); line[name] = $1 "  " name } END { for (n in line) print line[n] }' | LC_ALL=C sort -k2
} >"$new"
chmod 644 "$new"
mv "$new" "$file"
