#!/usr/bin/env bash
# What the page checksums of index.sqlite cost (DECISIONS: "Every page of
# index.sqlite carries a checksum"): a cold index, then list --limit 50 and
# search --limit 50 (median wall time of 5, and the median CPU time), for a
# release build in BIN (the folder holding snapread). Run once with a build
# of the commit before and once with one after, at the same load.
# Usage: Benchmarks/page-checksums.sh BIN CORPUS WORK      (WORK: a scratch folder for the cache)
set -euo pipefail
bin=$1 corpus=$2 work=$3
# The two medians of prepare.sh (which also builds, so is not sourced here).
eval "$(sed -n '/^median_ms()/,/^}/p; /^median_cpu_ms()/,/^}/p' "$(dirname "$0")/prepare.sh")"
mkdir -p "$work"
export XDG_CACHE_HOME=$work/cache SNAPREAD_DATA_DIR=$work/data LANG=C.UTF-8
echo "load before: $(uptime)"
rm -rf "$work/cache"
/usr/bin/time -f "cold index: %e s wall, %U s user, %S s system, peak %M KB" "$bin/snapread" index "$corpus" 2>&1 >/dev/null | tail -1
echo "index.sqlite: $(stat -c %s "$work"/cache/snapread/*/index.sqlite 2>/dev/null || find "$work/cache" -name index.sqlite -printf '%s') bytes"
for run in 1 2; do "$bin/snapread" list "$corpus" --limit 50 --json >/dev/null; done
echo "list --limit 50: median $(median_ms 5 "$bin/snapread" list "$corpus" --limit 50 --json) ms wall, $(median_cpu_ms 5 "$bin/snapread" list "$corpus" --limit 50 --json) ms CPU"
for query in 社区 加速度; do
    echo "search $query --limit 50: median $(median_ms 5 "$bin/snapread" search "$corpus" "$query" --limit 50 --json) ms wall," \
         "$(median_cpu_ms 5 "$bin/snapread" search "$corpus" "$query" --limit 50 --json) ms CPU"
done
echo "load after: $(uptime)"
