#!/usr/bin/env bash
# Benchmark `aims gap` on a generated 10,000-document repository with one commit: every
# document's approval state is derived from history, then 70 requirements are assessed against
# all of them. Compared with `aims lint` on the same repository, which reads the same files.
#
# usage: scripts/bench-gap.sh [DOCUMENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-10000}
runs=${2:-10}

# shellcheck source=scripts/bench-setup.sh
source scripts/bench-setup.sh

for format in md json csv; do
  /usr/bin/time -f "aims gap --format $format peak RSS: %M KB" \
    "$bin" gap --today 2026-11-22 --format "$format" >/dev/null
done

if command -v hyperfine >/dev/null; then
  hyperfine -w 2 -r "$runs" -N \
    -n "aims gap" "$bin gap --today 2026-11-22" \
    -n "aims gap --no-cache" "$bin gap --today 2026-11-22 --no-cache" \
    -n "aims lint" "$bin lint --today 2026-11-22 --format json"
else
  for _ in 1 2 3; do
    /usr/bin/time -f 'aims gap: %e s' "$bin" gap --today 2026-11-22 >/dev/null
  done
fi
