#!/usr/bin/env bash
# Offline render speed against sox: the same 60 s stereo file through the
# example gain plugin at 0.5 (`wavecraft-host --render`) and through
# `sox vol 0.5`, wall-clock time per run, and the median ratio host/sox.
#
# usage: bench/render_vs_sox.sh [HOST_BINARY] [RUNS]
#   HOST_BINARY  default build/release/wavecraft-host; the gain plugin is taken
#                from the same folder (the build puts it there)
#   RUNS         default 5
set -euo pipefail
export LC_ALL=C # a '.' decimal point in EPOCHREALTIME and awk

# A HOST_BINARY given on the command line is relative to the caller's folder;
# the default is relative to the repository.
if [ $# -ge 1 ]; then
    host="$(realpath -- "$1")"
else
    host="$(realpath -- "$(dirname "$0")/../build/release/wavecraft-host")"
fi
runs="${2:-5}"

fail() {
    echo "render_vs_sox: $*" >&2
    exit 2
}

if ! command -v sox >/dev/null || ! command -v soxi >/dev/null; then
    fail "sox and soxi are needed (apt-get install sox)"
fi
[ -x "$host" ] || fail "no host binary at $host; build first (scripts/build.sh)"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || fail "RUNS must be a positive integer, got '$runs'"

plugin=""
for name in libwavecraft_example_gain.so libwavecraft_example_gain.dylib wavecraft_example_gain.dll; do
    if [ -f "$(dirname "$host")/$name" ]; then
        plugin="$(dirname "$host")/$name"
        break
    fi
done
[ -n "$plugin" ] || fail "no libwavecraft_example_gain beside $host"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

in="$work/in.wav"
sox -n -r 48000 -c 2 -b 16 "$in" synth 60 sine 440 sine 660 vol 0.5
inSamples="$(soxi -s "$in")"

# The two timed commands: nothing else runs inside the timed region.
runHost() {
    local status=0
    "$host" --plugin "$plugin" --render "$in" "$work/out_host.wav" --set gain=0.5 \
        >"$work/host.log" 2>&1 || status=$?
    if ((status != 0)); then
        tail -5 "$work/host.log" >&2
        fail "wavecraft-host --render exited with status $status"
    fi
}

runSox() {
    local status=0
    sox "$in" "$work/out_sox.wav" vol 0.5 >"$work/sox.log" 2>&1 || status=$?
    if ((status != 0)); then
        tail -5 "$work/sox.log" >&2
        fail "sox exited with status $status"
    fi
}

# Untimed: the contract says a render has exactly the input's length.
checkHostOutput() {
    local samples
    [ -f "$work/out_host.wav" ] || fail "wavecraft-host exited with 0 but wrote no $work/out_host.wav"
    samples="$(soxi -s "$work/out_host.wav")" || fail "soxi cannot read the host's output"
    [ "$samples" = "$inSamples" ] || fail "host output has $samples samples per channel, the input $inSamples"
}

# Deletes OUTPUT, runs FUNCTION and stores its wall time in microseconds in
# the variable NAME.
# EPOCHREALTIME (bash 5) is read without forking; the fallback forks `date`,
# which adds about a millisecond to each reading.
timeIt() {
    local function="$1" name="$2" output="$3" start end
    rm -f "$output"

    if [ -n "${EPOCHREALTIME:-}" ]; then
        start="${EPOCHREALTIME//[.,]/}"
        "$function"
        end="${EPOCHREALTIME//[.,]/}"
    else
        start="$(($(date +%s%N) / 1000))"
        "$function"
        end="$(($(date +%s%N) / 1000))"
    fi

    printf -v "$name" '%d' $((end - start))
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

hostUs=0
soxUs=0

# Untimed warm-up: page cache, dynamic loader, CPU frequency.
timeIt runHost hostUs "$work/out_host.wav"
timeIt runSox soxUs "$work/out_sox.wav"
checkHostOutput

channels="$(soxi -c "$work/out_host.wav")"
rate="$(soxi -r "$work/out_host.wav")"
if [ "$channels" != "$(soxi -c "$in")" ] || [ "$rate" != "$(soxi -r "$in")" ]; then
    fail "host output is $channels ch at $rate Hz, the input $(soxi -c "$in") ch at $(soxi -r "$in") Hz"
fi

echo "input: $in, 60 s, 48000 Hz, 2 ch, 16 bit ($inSamples samples per channel)"
echo "host:  $host --plugin $(basename "$plugin") --set gain=0.5"
echo "sox:   $(command -v sox) vol 0.5"
awk -v h="$hostUs" -v s="$soxUs" 'BEGIN { printf "warm-up (not counted): host %.1f ms, sox %.1f ms\n", h / 1000, s / 1000 }'

hostTimes=()
soxTimes=()
ratios=()

for ((run = 1; run <= runs; ++run)); do
    # Alternate the order so that neither always runs on a warmer machine.
    if ((run % 2)); then
        timeIt runHost hostUs "$work/out_host.wav"
        timeIt runSox soxUs "$work/out_sox.wav"
        order="host first"
    else
        timeIt runSox soxUs "$work/out_sox.wav"
        timeIt runHost hostUs "$work/out_host.wav"
        order="sox first"
    fi

    checkHostOutput

    ratio="$(awk -v h="$hostUs" -v s="$soxUs" 'BEGIN { printf "%.3f", h / s }')"
    hostTimes+=("$hostUs")
    soxTimes+=("$soxUs")
    ratios+=("$ratio")

    awk -v r="$run" -v h="$hostUs" -v s="$soxUs" -v q="$ratio" -v o="$order" \
        'BEGIN { printf "run %d (%s): host %.1f ms, sox %.1f ms, ratio %.2f\n", r, o, h / 1000, s / 1000, q }'
done

awk -v h="$(median "${hostTimes[@]}")" -v s="$(median "${soxTimes[@]}")" -v q="$(median "${ratios[@]}")" 'BEGIN {
    printf "median host: %.1f ms\n", h / 1000
    printf "median sox:  %.1f ms\n", s / 1000
    printf "render/sox median ratio: %.2f (goal <= 1.0)\n", q
}'
