#!/usr/bin/env bash
# Benchmark `aims site` on a generated 10,000-document repository (target: <= 5 s on 2 cores).
# Builds into new folders (on disk, and on tmpfs when /dev/shm exists), so the numbers measure
# aims rather than how fast the file system deletes an earlier site.
#
# usage: scripts/bench-site.sh [DOCUMENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-10000}
runs=${2:-3}

# shellcheck source=scripts/bench-setup.sh
source scripts/bench-setup.sh
for target in "$(mktemp -d)" ${BENCH_TMPFS:-/dev/shm}; do
  [ -d "$target" ] || continue
  for run in $(seq "$runs"); do
    out="$target/aims-site-bench-$$-$run"
    /usr/bin/time -f "aims site -> $target: %e s wall, %U s user, %S s system, %M KB peak" \
      "$bin" site --out "$out" --today 2026-11-22 2>&1 | tail -1
    rm -rf "$out"
  done
done

# What the disk alone costs: copy one built site (from tmpfs when there is one) to disk.
scratch=${BENCH_TMPFS:-/dev/shm}
[ -d "$scratch" ] || scratch=$(mktemp -d)
"$bin" site --out "$scratch/aims-site-bench-$$-copy" --today 2026-11-22 >/dev/null 2>&1
sync
target=$(mktemp -d)
/usr/bin/time -f "cp -r of the same site to disk: %e s wall, %S s system" \
  cp -r "$scratch/aims-site-bench-$$-copy" "$target/site"
echo "files written: $(find "$target/site" -type f | wc -l), $(du -sh "$target/site" | cut -f1)"
rm -rf "$scratch/aims-site-bench-$$-copy" "$target"
