#!/usr/bin/env bash
# Benchmark `aims lint` on a generated 10,000-document repository (target: <= 1 s wall on
# 2 cores, <= 200 MB peak RSS, within 3x of merely reading the same files).
#
# usage: scripts/bench-lint.sh [DOCUMENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-10000}
runs=${2:-5}
dir=${BENCH_DIR:-/tmp/aims-bench-$documents}

cargo build --release --locked --quiet
bin=$PWD/target/release/aims
if [ ! -f "$dir/aims.yaml" ]; then
  rm -rf "$dir"
  python3 scripts/gen-synthetic.py "$dir" --documents "$documents" --git
fi
cd "$dir"
files=$(find aims -name '*.md' | wc -l)
echo "repository: $dir ($files documents, $(du -sh aims | cut -f1))"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # prints "seconds peak_kb" of one run of "$@"
  /usr/bin/time -f '%e %M' -o /tmp/aims-bench-time "$@" >/dev/null 2>&1 || true
  cat /tmp/aims-bench-time
}

# Warm the page cache so both measurements read from memory.
find aims -name '*.md' -print0 | xargs -0 cat >/dev/null

read_times=(); lint_times=(); lint_rss=()
for _ in $(seq "$runs"); do
  read_times+=("$(measure sh -c "find aims -name '*.md' -print0 | xargs -0 -P2 -n 500 cat" | cut -d' ' -f1)")
  out=$(measure "$bin" lint --format json --today 2026-11-22)
  lint_times+=("${out% *}"); lint_rss+=("${out#* }")
done
read_median=$(printf '%s\n' "${read_times[@]}" | median)
lint_median=$(printf '%s\n' "${lint_times[@]}" | median)
rss_max=$(printf '%s\n' "${lint_rss[@]}" | sort -n | tail -1)
"$bin" lint --format json --today 2026-11-22 | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(f"findings: {s}")'
echo "read (find | xargs -P2 cat), median of $runs: ${read_median} s"
echo "aims lint, median of $runs:                  ${lint_median} s, peak RSS $((rss_max / 1024)) MB"
awk -v l="$lint_median" -v r="$read_median" 'BEGIN { if (r > 0) printf "ratio lint/read: %.2f\n", l / r }'
