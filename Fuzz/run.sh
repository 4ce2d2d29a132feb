#!/usr/bin/env bash
# Builds the fuzz targets with coverage counters and AddressSanitizer and runs
# each for a while on seeds from the real sample, the demo corpus and the
# shipped themes. A crash, a trap, a leak-free memory error or a timeout fails
# the run and leaves the input in $FUZZ_DIR/findings.
# Usage: Fuzz/run.sh [SECONDS_PER_TARGET]    (default 8; FUZZ_DIR=/tmp/snapread-fuzz)
set -euo pipefail
seconds=${1:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${FUZZ_DIR:-/tmp/snapread-fuzz}
mkdir -p "$work/findings"
fuzzer_library=$(find "$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")/lib" -name 'libclang_rt.fuzzer_no_main-x86_64.a' | head -1)
[ -n "$fuzzer_library" ] || { echo "libFuzzer's library (libclang_rt.fuzzer_no_main) not found beside swiftc" >&2; exit 1; }
flags=(-Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xlinker "$fuzzer_library" -Xlinker -lstdc++)
if ! swift build --package-path "$root/Fuzz" "${flags[@]}" >"$work/build.log" 2>&1; then
    swift package --package-path "$root/Fuzz" clean
    swift build --package-path "$root/Fuzz" "${flags[@]}" >"$work/build.log" 2>&1 || { grep -v "Cannot export local symbol" "$work/build.log"; exit 1; }
fi
bin=$(swift build --package-path "$root/Fuzz" "${flags[@]}" --show-bin-path)/snapfuzz

seed() { # target folder...
    local target=$1; shift
    rm -rf "$work/corpus-$target"; mkdir -p "$work/corpus-$target"
    for source in "$@"; do
        find "$source" -type f -size -256k -exec cp -t "$work/corpus-$target" {} + 2>/dev/null || true
    done
}
seed parser "$root/../shared/samples" "$root/Demo/corpus"
seed config "$root/Fuzz/Seeds/config" "$root/Themes"
seed theme "$root/Themes"
# The character index of the demo corpus, made by the fuzz binary itself.
rm -rf "$work/corpus-charindex" "$work/seed-index"; mkdir -p "$work/corpus-charindex" "$work/seed-index"
XDG_CACHE_HOME=$work/seed-index SNAPREAD_DATA_DIR=$work/seed-index SNAPREAD_WATCH=0 \
    "$bin" seed-index "$root/Demo/corpus" "$work/seed-index" >/dev/null 2>&1 || { echo "could not index the demo corpus for a seed" >&2; exit 1; }
cp "$work/seed-index/seed.chars" "$work/corpus-charindex/"
# The file state as written; the compressed text store as written (TextStoreTarget).
rm -rf "$work/corpus-filestate" "$work/corpus-textstore"; mkdir -p "$work/corpus-filestate" "$work/corpus-textstore"
cp "$work/seed-index/seed-index.sqlite.state" "$work/corpus-filestate/seed.state"
cp "$work/seed-index/seed-index.sqlite.text" "$work/corpus-textstore/seed.text"
# The related items' frames (as stored and decompressed) and the link table.
rm -rf "$work/corpus-related" "$work/corpus-linktable"; mkdir -p "$work/corpus-related" "$work/corpus-linktable"
cp "$work/seed-index/seed-related/"* "$work/corpus-related/"
cp "$work/seed-index/seed.links" "$work/corpus-linktable/"

status=0
for target in parser config theme charindex filestate textstore related linktable; do
    echo "fuzzing $target for ${seconds}s"
    if ! "$bin" "$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=262144 \
        -artifact_prefix="$work/findings/$target-" -print_final_stats=0 "$work/corpus-$target" >"$work/$target.log" 2>&1; then
        echo "fuzz target $target found a problem:" >&2
        grep -E "ERROR|SUMMARY|Fatal error|==[0-9]+==|Test unit written" "$work/$target.log" | head -20 >&2
        status=1
    else
        grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$work/$target.log" | tail -1 || true
    fi
done
exit $status
