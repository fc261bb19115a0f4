#!/usr/bin/env bash
# Benchmark `aims lint` on a generated 10,000-document repository (target: <= 1 s wall on
# 2 cores, <= 200 MB peak RSS, within 3x of merely reading the same files).
#
# usage: scripts/bench-lint.sh [DOCUMENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-10000}
runs=${2:-20}

# shellcheck source=scripts/bench-setup.sh
source scripts/bench-setup.sh

lint="$bin lint --format json --today 2026-11-22"
read_files="find aims -name '*.md' -print0 | xargs -0 -P2 -n 500 cat"
"$bin" lint --format json --today 2026-11-22 | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(f"findings: {s}")'
/usr/bin/time -f 'aims lint peak RSS: %M KB' $lint >/dev/null

if command -v hyperfine >/dev/null; then
  hyperfine -w 3 -r "$runs" -N "$lint" -n "aims lint"
  hyperfine -w 3 -r "$runs" "$read_files" -n "read the same files (find | xargs -P2 cat)"
else
  median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  find aims -name '*.md' -print0 | xargs -0 cat >/dev/null   # warm the page cache
  read_times=(); lint_times=()
  for _ in $(seq "$runs"); do
    read_times+=("$( { /usr/bin/time -f '%e' sh -c "$read_files" >/dev/null; } 2>&1 )")
    lint_times+=("$( { /usr/bin/time -f '%e' $lint >/dev/null; } 2>&1 )")
  done
  echo "read the same files, median of $runs: $(printf '%s\n' "${read_times[@]}" | median) s"
  echo "aims lint, median of $runs:          $(printf '%s\n' "${lint_times[@]}" | median) s"
fi
