#!/usr/bin/env bash
# Timeline and thread benchmarks (issue 13), on the corpus store.sh generates.
# Usage: Benchmarks/timeline.sh [COUNT]   (default 100000; BENCH_DIR=/tmp/snapread-bench)
# Prints one line per measurement; docs/BENCHMARKS.md records the results.
set -euo pipefail
count=${1:-100000}
source "$(dirname "$0")/prepare.sh"
export XDG_CACHE_HOME=$work/cache SNAPREAD_DATA_DIR=$work/data
export LANG=C.UTF-8
echo "corpus: $(find "$corpus" -type f | wc -l) files"
"$bin/snapread" index "$corpus" >/dev/null 2>&1


echo "timeline, every article (median of 5): by month JSON $(median_ms 5 "$bin/snapread" timeline "$corpus" --json) ms," \
     "by day JSON $(median_ms 5 "$bin/snapread" timeline "$corpus" --by day --json) ms," \
     "text $(median_ms 5 "$bin/snapread" timeline "$corpus") ms;" \
     "with --category 国内 $(median_ms 5 "$bin/snapread" timeline "$corpus" --category 国内 --json) ms"
for query in 区 社区 智慧社区; do
    echo "timeline of search $query (median of 5): $(median_ms 5 "$bin/snapread" timeline "$corpus" "$query" --json) ms;" \
         "the search: all as JSON $(median_ms 5 "$bin/snapread" search "$corpus" "$query" --json) ms," \
         "--limit 50 $(median_ms 5 "$bin/snapread" search "$corpus" "$query" --limit 50 --json) ms"
done

# Threads: 10 articles spread over the list; the link table built first.
files=$("$bin/snapread" list "$corpus" --json | grep '"file"' | awk -F'"' -v n="$count" 'NR % int(n / 10) == 1 {print $4}')
first=$(echo "$files" | head -1)
rm -f "$XDG_CACHE_HOME"/snapread/*/index.sqlite.links
/usr/bin/time -f "thread, first on the corpus (builds the link table): %e s wall, peak %M KB" \
    "$bin/snapread" thread "$corpus" "$first" --json 2>&1 >/dev/null | tail -1
for depth in 1 2 3; do
    results=()
    for file in $files; do results+=("$(median_ms 3 "$bin/snapread" thread "$corpus" "$file" --depth "$depth" --json)"); done
    sizes=$(for file in $files; do "$bin/snapread" thread "$corpus" "$file" --depth "$depth" --json | grep -c '"file"'; done | sort -n | tr '\n' ' ')
    echo "thread --depth $depth, 10 articles (median of 3 each): $(printf '%s\n' "${results[@]}" | sort -n | tr '\n' ' ')ms; stories: $sizes"
done
# One file added (a copy of a story: its minute's items are resolved again).
cp "$corpus/$first" "$corpus/bench-extra-copy.txt"
echo "thread after one file was added (index update and link table refresh included): $(median_ms 1 "$bin/snapread" thread "$corpus" "$first" --json) ms"
rm "$corpus/bench-extra-copy.txt"
echo "thread after it was removed again: $(median_ms 1 "$bin/snapread" thread "$corpus" "$first" --json) ms"
"$bench" thread-check "$corpus" "$corpus.truth.tsv" --samples 200 --depth 2
"$bench" timeline-check "$corpus" --query 社区
