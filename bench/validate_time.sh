#!/usr/bin/env bash
# How long `wavecraft-host --validate` takes on the bundled filter example, in
# full and with --quick, by wall clock (process start-up, every worker and
# every check included): the median of RUNS runs each, against the goals
# (full <= 10 s, --quick <= 2 s). Each run must pass with exit 0.
#
# usage: bench/validate_time.sh [HOST_BINARY] [RUNS]
#   HOST_BINARY  default build/release/wavecraft-host; the filter example is
#                taken from the same folder (the build puts it there)
#   RUNS         default 5
set -euo pipefail
export LC_ALL=C

if [ $# -ge 1 ]; then
    host="$(realpath -- "$1")"
else
    host="$(realpath -- "$(dirname "$0")/../build/release/wavecraft-host")"
fi
runs="${2:-5}"
plugin="$(dirname "$host")/libwavecraft_example_filter.so"

[ -x "$host" ] || { echo "validate_time: no host binary at $host; build first (scripts/build.sh)" >&2; exit 2; }
[ -f "$plugin" ] || { echo "validate_time: no filter example at $plugin; build the release preset" >&2; exit 2; }

now() { echo "${EPOCHREALTIME:-$(date +%s.%N)}"; }

# Prints the seconds one validation took; fails the script if it didn't pass.
time_one() {
    local start end output
    start=$(now)
    # Kept, so a failure says which check and why.
    output=$("$host" --validate --plugin "$plugin" "$@" 2>&1) || {
        echo "validate_time: the validation of $plugin failed ($*):" >&2
        grep -v '^PASS' <<<"$output" >&2
        exit 1
    }
    end=$(now)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

time_one --quick >/dev/null # warm-up: the file cache, the symbolizer's first read
full=() quick=()

for ((run = 1; run <= runs; ++run)); do
    full+=("$(time_one)")
    quick+=("$(time_one --quick)")
    echo "run $run: full ${full[-1]} s, --quick ${quick[-1]} s"
done

full_median=$(printf '%s\n' "${full[@]}" | median)
quick_median=$(printf '%s\n' "${quick[@]}" | median)
echo "validate on the filter example, median of $runs: full $full_median s (goal <= 10), --quick $quick_median s (goal <= 2)"
