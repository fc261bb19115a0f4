# Sourced by the bench-*.sh scripts: builds the release binary into $bin and makes sure the
# synthetic repository of $documents documents exists at $dir (BENCH_DIR overrides), then
# changes into it. Expects to be sourced from the repository root with $documents set.
dir=${BENCH_DIR:-/tmp/aims-bench-$documents}
cargo build --release --locked --quiet
bin=$PWD/target/release/aims
if [ ! -f "$dir/aims.yaml" ]; then
  rm -rf "$dir"
  python3 scripts/gen-synthetic.py "$dir" --documents "$documents" --git
fi
cd "$dir"
echo "repository: $dir ($(find aims -name '*.md' | wc -l) documents, $(du -sh aims | cut -f1))"
