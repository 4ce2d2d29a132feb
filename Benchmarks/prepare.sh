# Sourced by the benchmark scripts: builds snapread (release, static) and snapbench,
# and generates the corpus of $count snapshots under $work once. Sets root, work, bin, bench, corpus.
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/snapread-bench}
mkdir -p "$work"
swift build -c release --static-swift-stdlib --package-path "$root" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
# A path dependency's new source files are sometimes missed by an existing
# build folder: build again from clean once, and show the errors if any.
if ! swift build -c release --package-path "$root/Benchmarks" >"$work/build.log" 2>&1; then
    swift package --package-path "$root/Benchmarks" clean
    swift build -c release --package-path "$root/Benchmarks" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi
bin=$root/.build/release
bench=$root/Benchmarks/.build/release/snapbench
corpus=$work/corpus-$count
if [ ! -d "$corpus" ]; then
    echo "generating $count snapshots in $corpus"
    "$bin/snapgen" "$corpus" --count "$count" --per-folder 1000 --truth "$corpus.truth.tsv"
fi
corpus=$(realpath "$corpus")
