#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan without recovery) and runs
# each for a fixed time, from its committed seeds (Tests/fuzz/seeds/TARGET,
# read only) and a corpus of its own in build/fuzz. Fails when any target
# finds a crash, leak, timeout, out-of-memory or sanitizer report: the
# fuzzer's exit status counts, its output is kept in build/fuzz/TARGET.log,
# the report and the end of it are printed, and the failing input is saved
# in build/fuzz.
# usage: scripts/fuzz.sh [SECONDS_EACH]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
cmake -S Tests/fuzz -B build/fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build/fuzz

# The first report ends the run; leaks are checked after every input.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"

# What a finding prints: a sanitizer's report, UBSan's, or libFuzzer's own
# (timeout, out-of-memory, deadly signal), and the line naming the saved input.
report='^==[0-9]+==(ERROR|WARNING): |runtime error: |ERROR: libFuzzer|^SUMMARY: |Test unit written to '

# The report from its first line and the end of the log (the input, the stats).
show_failure()
{
    local log="$1" first total
    first="$(grep -nE -m1 "$report" "$log" | cut -d: -f1)" || true
    first="${first:-1}"
    total="$(wc -l <"$log")"

    if [ $((total - first)) -lt 50 ]; then
        tail -n +"$first" "$log" >&2
    else
        sed -n "${first},$((first + 29))p" "$log" >&2
        echo "[...]" >&2
        tail -n 20 "$log" >&2
    fi
}

failed=()

for fuzzer in handshake frame dispatcher params; do
    corpus="build/fuzz/corpus-$fuzzer"
    log="build/fuzz/$fuzzer.log"
    mkdir -p "$corpus"
    echo "fuzz: $fuzzer for ${seconds}s"

    status=0
    "build/fuzz/wavecraft_${fuzzer}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -dict="Tests/fuzz/$fuzzer.dict" -artifact_prefix="build/fuzz/$fuzzer-" -print_final_stats=1 \
        "$corpus" "Tests/fuzz/seeds/$fuzzer" >"$log" 2>&1 || status=$?

    # A report that did not stop the fuzzer fails too.
    if [ "$status" -ne 0 ] || grep -qE "$report" "$log"; then
        echo "fuzz: $fuzzer failed (exit status $status); from $log:" >&2
        show_failure "$log"
        failed+=("$fuzzer")
        continue
    fi

    grep -E "^(Done|stat::number_of_executed_units)" "$log" || true
done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "fuzz: failed: ${failed[*]}" >&2
    exit 1
fi
