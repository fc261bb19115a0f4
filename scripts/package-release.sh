#!/usr/bin/env bash
# Packs one release binary the way the GitHub Action and the README expect it:
#
#   scripts/package-release.sh BINARY VERSION TARGET OUTDIR
#
# writes OUTDIR/aims-VERSION-TARGET.tar.gz (.zip for Windows targets) holding
# aims-VERSION-TARGET/{aims[.exe],README.md}, and OUTDIR/<archive>.sha256 in `sha256sum`
# format. Used by .github/workflows/release.yml and by tests/it/action.rs (which serves such an
# archive from a local server). Runs on Linux (GNU tar): the archive bytes depend only on the
# inputs (file times are fixed at 1980-01-02, the earliest a zip can hold).
set -euo pipefail

if [ "$#" -ne 4 ]; then
  echo "usage: $0 BINARY VERSION TARGET OUTDIR" >&2
  exit 2
fi
binary="$1" version="$2" target="$3" out="$4"
root="$(cd "$(dirname "$0")/.." && pwd)"
name="aims-$version-$target"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/$name" "$out"
case "$target" in
  *windows*) exe=aims.exe ;;
  *) exe=aims ;;
esac
cp "$binary" "$work/$name/$exe"
chmod 755 "$work/$name/$exe"
cp "$root/README.md" "$work/$name/README.md"
chmod 644 "$work/$name/README.md"
touch -d 1980-01-02T00:00:00Z "$work/$name" "$work/$name/$exe" "$work/$name/README.md"

case "$target" in
  *windows*)
    archive="$name.zip"
    (cd "$work" && python3 -m zipfile -c "$archive" "$name")
    ;;
  *)
    archive="$name.tar.gz"
    (cd "$work" && tar --sort=name --mtime=1980-01-02T00:00:00Z --owner=0 --group=0 --numeric-owner -cf - "$name" | gzip -n >"$archive")
    ;;
esac
mv "$work/$archive" "$out/$archive"
(cd "$out" && sha256sum "$archive" >"$archive.sha256")
echo "$out/$archive"
