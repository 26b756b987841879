#!/usr/bin/env bash
# The host's own cost per block (everything but the plugin's process), in
# instructions per stereo frame counted by callgrind (repeatable, whatever the
# machine is doing), and as a ratio to a plain copy of the block.
#
# usage: bench/callback_overhead.sh [BUILD_DIR] [BLOCKS] [BLOCK_SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."

build="${1:-build/release}"
blocks="${2:-2000}"
blockSize="${3:-512}"
bench="$build/wavecraft_callback_bench"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

command -v valgrind >/dev/null || { echo "valgrind is needed (scripts/install-deps.sh installs it)" >&2; exit 2; }
[ -x "$bench" ] || { echo "no $bench; build first (scripts/build.sh)" >&2; exit 2; }

# Instructions executed inside FUNCTION over the whole run.
count() {
    local mode="$1" function="$2"
    valgrind --tool=callgrind --callgrind-out-file="$out/$mode.out" --toggle-collect="$function" \
        "$bench" "$mode" "$blocks" "$blockSize" >/dev/null 2>"$out/$mode.log"
    callgrind_annotate "$out/$mode.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

host=$(count host runHostBlock)
copy=$(count copy runCopyBlock)
frames=$((blocks * blockSize))

awk -v host="$host" -v copy="$copy" -v frames="$frames" -v blockSize="$blockSize" 'BEGIN {
    printf "block size %d, %d frames\n", blockSize, frames
    printf "host callback: %.2f instructions per stereo frame (goal <= 10)\n", host / frames
    printf "plain copy:    %.2f instructions per stereo frame\n", copy / frames
    printf "host/copy ratio: %.2f (goal <= 3)\n", host / copy
}'
