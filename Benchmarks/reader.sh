#!/usr/bin/env bash
# Reader benchmarks of the three-pane issue on a generated corpus: launch to
# first frame (index up to date, and never indexed), key to next frame (the
# reader logs each key's time to its frame), and peak memory.
# Usage: Benchmarks/reader.sh [COUNT]   (uses BENCH_DIR=/tmp/snapread-bench and BENCH_LAYOUT like store.sh;
#        BENCH_SCRATCH=DIR builds into DIR instead of .build)
set -euo pipefail
count=${1:-100000}
# BENCH_LAYOUT=flat: the same files in one flat folder (see prepare.sh).
source "$(dirname "$0")/prepare.sh"
echo "corpus: $corpus; load: $(uptime)"
export XDG_CACHE_HOME=$work/cache SNAPREAD_DATA_DIR=$work/data LANG=C.UTF-8
server=snapread-bench

# Starts the reader in tmux at 120x40; prints the ms from launch to its first frame.
launch() {
    local label=$1
    log=$work/frames-$label.log
    mem=$work/memory-$label.txt
    rm -f "$log" "$mem"
    tmux -L $server kill-server 2>/dev/null || true
    local start
    rm -f "$work/start-$label"
    # The clock is read in the pane just before the reader is exec'd, so tmux's own start is not counted.
    tmux -L $server -f /dev/null new-session -d -x 120 -y 40 \
        "date +%s%N > $work/start-$label; exec env TERM=tmux-256color LANG=C.UTF-8 XDG_CACHE_HOME=$XDG_CACHE_HOME SNAPREAD_DATA_DIR=$SNAPREAD_DATA_DIR SNAPREAD_FRAME_LOG=$log /usr/bin/time -v -o $mem $bin/snapread $corpus"
    for _ in $(seq 3000); do
        grep -q first-frame "$log" 2>/dev/null && break
        sleep 0.01
    done
    local first
    first=$(awk '/first-frame/ {print $2}' "$log")
    start=$(cat "$work/start-$label")
    echo "$label: launch to first frame $(( (first - start) / 1000000 )) ms"
}

finish() {
    tmux -L $server send-keys q
    for _ in $(seq 500); do
        [ -s "$mem" ] && break
        sleep 0.02
    done
    echo "$1: peak memory $(awk -F': ' '/Maximum resident/ {print $2}' "$mem") KB"
    tmux -L $server kill-server 2>/dev/null || true
}

keys() {
    for key in "$@"; do
        tmux -L $server send-keys "$key"
        sleep 0.02
    done
}

"$bin/snapread" index "$corpus" >/dev/null 2>&1
launch up-to-date
sleep 1
keys $(printf 'j %.0s' $(seq 120)) G g
keys 2 $(printf 'Space %.0s' $(seq 10)) g 3
for _ in $(seq 20); do keys Enter j; done
for _ in $(seq 20); do keys H; done
for _ in $(seq 20); do keys L; done
keys 1 $(printf 'k %.0s' $(seq 40)) Tab Tab Tab
sleep 0.5
awk '/^key / {print $3}' "$log" | sort -n | awk '{a[NR]=$1} END {
    printf "up-to-date: %d keys, key to frame p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000, a[NR]/1000 }'
finish up-to-date

# The never-indexed start throws the index away (a cold index of a million
# takes minutes): at a million only with BENCH_NEVER_INDEXED=1.
if [ "${BENCH_NEVER_INDEXED:-$(( count < 1000000 ? 1 : 0 ))}" = 1 ]; then
    rm -rf "$XDG_CACHE_HOME"
    launch never-indexed
    sleep 3
    keys j j j
    sleep 0.5
    finish never-indexed
fi
