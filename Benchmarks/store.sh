#!/usr/bin/env bash
# Store benchmarks of the library-index issue, on a generated corpus.
# Usage: Benchmarks/store.sh [COUNT]      (default 100000; BENCH_DIR=/tmp/snapread-bench;
#        BENCH_LAYOUT=flat for one flat folder of the same files)
# Prints one line per measurement; docs/BENCHMARKS.md records the results.
set -euo pipefail
count=${1:-100000}
source "$(dirname "$0")/prepare.sh"
corpus_bytes=$(du -sb --apparent-size "$corpus" | cut -f1)
echo "corpus: $(find "$corpus" -type f | wc -l) files, $(du -sh --apparent-size "$corpus" | cut -f1) ($corpus_bytes bytes), layout ${BENCH_LAYOUT:-folders}"
echo "load before: $(uptime)"
export XDG_CACHE_HOME=$work/cache SNAPREAD_DATA_DIR=$work/data
export LANG=C.UTF-8


rm -rf "$work/cache"
sync
# The baseline of reading every file once, in the same run.
start=$(date +%s%N)
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null
echo "cat of every file: $(( ($(date +%s%N) - start) / 1000000 )) ms"
# The steps of the cold index from its trace: when each ended (wall, ms) and the
# memory then; grouping's CPU (all threads), to set against the index's user + system.
SNAPREAD_TRACE=memory /usr/bin/time -f "cold index: %e s wall, %U s user, %S s system, peak %M KB" \
    "$bin/snapread" index "$corpus" >"$work/cold-index.log" 2>&1
grep -E "files found|files read and inserted|copies banded|grouping copies took|related items dated|article indexes made|character index written|links: table" \
    "$work/cold-index.log" | sed 's/^\[trace\] */cold index step: /'
tail -2 "$work/cold-index.log"
index_bytes=$(du -sb "$work/cache" | cut -f1)
echo "index on disk: $index_bytes bytes, $(( index_bytes * 100 / corpus_bytes ))% of the corpus;" \
     "$(cd "$work/cache" && find . -type f \( -name '*.sqlite' -o -name '*.text*' -o -name '*.chars' -o -name '*.state' \) -printf '%f %s, ' | sed 's/, $//')"
/usr/bin/time -f "index, nothing changed: %e s wall, peak %M KB" "$bin/snapread" index "$corpus" 2>&1 | tail -2
# The first command started the corpus watcher (snapwatch _watch); the
# measurements below use it, and are repeated with SNAPREAD_WATCH=0, where
# every command stats every file instead.
echo "index, nothing changed (median of 5): $(median_ms 5 "$bin/snapread" index "$corpus") ms;" \
     "without the watcher $(SNAPREAD_WATCH=0 median_ms 5 "$bin/snapread" index "$corpus") ms"
echo "list --limit 50 (median of 5): $(median_ms 5 "$bin/snapread" list "$corpus" --limit 50 --json) ms;" \
     "without the watcher $(SNAPREAD_WATCH=0 median_ms 5 "$bin/snapread" list "$corpus" --limit 50 --json) ms"
echo "list, all $count (median of 5): JSON $(median_ms 5 "$bin/snapread" list "$corpus" --json) ms," \
     "text $(median_ms 5 "$bin/snapread" list "$corpus") ms"
# rg -l reads the whole corpus (about 50 s at a million): once there, five times below.
rg_runs=${BENCH_RG_RUNS:-$(( count >= 1000000 ? 1 : 5 ))}
command -v rg >/dev/null || { echo "rg is not installed (apt-get install ripgrep): its baseline is left out"; rg_runs=0; }
for query in 区 社区 加速度 智慧社区; do
    n=$("$bin/snapread" search "$corpus" "$query" --json | grep -c '"file"' || true)
    echo "search $query (${#query} chars, $n results, median of 5): all $(median_ms 5 "$bin/snapread" search "$corpus" "$query" --json) ms," \
         "--limit 50 $(median_ms 5 "$bin/snapread" search "$corpus" "$query" --limit 50 --json) ms," \
         "text $(median_ms 5 "$bin/snapread" search "$corpus" "$query") ms;" \
         "without the watcher $(SNAPREAD_WATCH=0 median_ms 5 "$bin/snapread" search "$corpus" "$query" --json) ms;" \
         "$( ((rg_runs)) && echo "rg -l $(median_ms "$rg_runs" rg -l "$query" "$corpus") ms (median of $rg_runs)" || echo "no rg")"
done
"$bench" search-check "$corpus" 区 社区 智慧社区
# The links check resolves every related item one by one (41 minutes at a
# million on a quiet machine): at a million only when BENCH_LINKS=1.
if [ "${BENCH_LINKS:-$(( count < 1000000 ? 1 : 0 ))}" = 1 ]; then
    "$bench" links "$corpus" "$truth"
fi
echo "load after: $(uptime)"
