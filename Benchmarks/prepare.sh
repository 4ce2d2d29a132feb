# Sourced by the benchmark scripts: builds snapread (release, static) and snapbench,
# and generates the corpus of $count snapshots under $work once. Sets root, work, bin, bench, corpus, truth.
# BENCH_LAYOUT=flat measures the same snapshots in one flat folder (hard links
# to the generated files, named part-NNN_FILE), as crawl dumps often keep them.
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/snapread-bench}
mkdir -p "$work"
# BENCH_SCRATCH: a build folder of its own (a `swift test` running in the tree holds .build's lock).
scratch=${BENCH_SCRATCH:-$root/.build}
swift build -c release --static-swift-stdlib --package-path "$root" --scratch-path "$scratch" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
# A path dependency's new source files are sometimes missed by an existing
# build folder: build again from clean once, and show the errors if any.
if ! swift build -c release --package-path "$root/Benchmarks" >"$work/build.log" 2>&1; then
    swift package --package-path "$root/Benchmarks" clean
    swift build -c release --package-path "$root/Benchmarks" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi
bin=$scratch/release
bench=$root/Benchmarks/.build/release/snapbench
corpus=$work/corpus-$count
if [ ! -d "$corpus" ]; then
    echo "generating $count snapshots in $corpus"
    "$bin/snapgen" "$corpus" --count "$count" --per-folder 1000 --truth "$corpus.truth.tsv"
fi
truth=$corpus.truth.tsv
if [ "${BENCH_LAYOUT:-folders}" = flat ]; then
    flat=$corpus-flat
    if [ ! -d "$flat" ]; then
        echo "linking $count snapshots into one folder, $flat"
        python3 -c 'import os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst)
for folder in sorted(os.listdir(src)):
    for name in os.listdir(os.path.join(src, folder)):
        os.link(os.path.join(src, folder, name), os.path.join(dst, folder + "_" + name))' "$corpus" "$flat"
        sed 's#part-\([0-9]*\)/#part-\1_#g' "$truth" > "$flat.truth.tsv"
    fi
    corpus=$flat
    truth=$flat.truth.tsv
fi
corpus=$(realpath "$corpus")

# Median wall time of N runs of a command, in milliseconds.
median_ms() {
    local runs=$1; shift
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# Median CPU time (user + system, GNU time's 10 ms steps) of N runs of a
# command, in milliseconds: steadier than wall time on a loaded machine.
median_cpu_ms() {
    local runs=$1; shift
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%U %S' -o /dev/stdout "$@" 2>/dev/null | tail -1
    done | awk '{print ($1 + $2) * 1000}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
