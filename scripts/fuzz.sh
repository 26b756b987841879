#!/usr/bin/env bash
# Builds the libFuzzer targets (clang) and runs each for a fixed time.
# usage: scripts/fuzz.sh [SECONDS_EACH]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
cmake -S Tests/fuzz -B build/fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build/fuzz

for fuzzer in frame dispatcher params; do
    corpus="build/fuzz/corpus-$fuzzer"
    mkdir -p "$corpus"
    echo "fuzz: $fuzzer for ${seconds}s"
    (cd build/fuzz && "./wavecraft_${fuzzer}_fuzzer" -max_total_time="$seconds" -print_final_stats=1 "corpus-$fuzzer" 2>&1 \
        | grep -E "^(stat::number_of_executed_units|Done|==.*ERROR|SUMMARY)" || true)
    # libFuzzer exits non-zero on a finding; the subshell's pipe hides that, so check for artefacts.
    if ls build/fuzz/crash-* build/fuzz/leak-* build/fuzz/timeout-* >/dev/null 2>&1; then
        echo "fuzz: $fuzzer found a failing input:" build/fuzz/crash-* build/fuzz/leak-* build/fuzz/timeout-* 2>/dev/null >&2
        exit 1
    fi
done
