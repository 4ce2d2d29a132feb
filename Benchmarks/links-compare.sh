#!/usr/bin/env bash
# Compares what two snapread binaries answer about links: `related`,
# `backlinks` and `thread` (--json) of COUNT articles of CORPUS picked at
# random (the same ones for both, SEED fixed), each binary with an index of
# its own, made cold. Prints one line, and every difference; exits 1 on one.
# Usage: Benchmarks/links-compare.sh BASE_BIN NEW_BIN CORPUS [COUNT] [SEED]
#        (BENCH_DIR as for store.sh: the two indexes go in $BENCH_DIR/links-compare;
#        LINKS_KEEP=1 keeps an index already there, brought up to date, instead of a cold one)
set -euo pipefail
base=$1 new=$2 corpus=$(realpath "$3") count=${4:-25} seed=${5:-1}
work=${BENCH_DIR:-/tmp/snapread-bench}/links-compare/$(basename "$corpus")
export LANG=C.UTF-8
picked=$(cd "$corpus" && find . -type f -printf '%P\n' | sort | shuf -n "$count" --random-source=<(yes "$seed"))
differences=0
for side in base new; do
    bin=$base; [ "$side" = new ] && bin=$new
    [ "${LINKS_KEEP:-0}" = 1 ] || rm -rf "$work/$side"
    mkdir -p "$work/$side"
    XDG_CACHE_HOME=$work/$side/cache SNAPREAD_DATA_DIR=$work/$side/data SNAPREAD_WATCH=0 "$bin" index "$corpus" >/dev/null
    for file in $picked; do
        for command in related backlinks thread; do
            XDG_CACHE_HOME=$work/$side/cache SNAPREAD_DATA_DIR=$work/$side/data SNAPREAD_WATCH=0 \
                "$bin" "$command" "$corpus" "$file" --json >"$work/$side/$command-$(echo "$file" | tr / _).json" 2>&1 || true
        done
    done
done
for file in $picked; do
    for command in related backlinks thread; do
        name=$command-$(echo "$file" | tr / _).json
        if ! cmp -s "$work/base/$name" "$work/new/$name"; then
            echo "differs: $command $file"
            differences=$((differences + 1))
        fi
    done
done
linked=$(cat "$work"/new/thread-*.json | grep -c '"depth" *: *[12]' || true)
echo "links compared: $count articles of $(basename "$corpus"), related/backlinks/thread each, $differences differences ($linked linked stories in the threads)"
[ "$differences" = 0 ]
