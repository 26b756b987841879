#!/usr/bin/env bash
# Proves a dev library runs as a real plugin: builds examples/dev_plugin_shell
# (wavecraft_add_dev_plugin on the bundled filter example: LV2, VST3 and
# Standalone), then loads its LV2 build in a small real LV2 host on lilv
# (Tests/lv2/lv2_render_host.c) and checks that
#   - its output matches wavecraft-host --render of the same library, input
#     and parameter values, sample for sample;
#   - a parameter set through the LV2 host changes the output as the library
#     says (the render at that value, not at the default);
#   - a new build renamed over the library while the LV2 instance runs is
#     heard: from two blocks after the rename on, the output is the new
#     build's (the gain example, which passes the input through), exactly;
# and that the builds have neither the WebSocket server nor isolation in them.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/example-project.sh
build_example examples/dev_plugin_shell build/dev-plugin-shell

artefacts="build/dev-plugin-shell/FilterDevPlugin_artefacts/Release"
bundle="$PWD/$artefacts/LV2/Wavecraft Filter Dev.lv2/"
uri="https://github.com/wavecraft/examples/filter-dev"
for built in "$bundle/dsp.ttl" "$artefacts/VST3/Wavecraft Filter Dev.vst3" "$artefacts/Standalone/Wavecraft Filter Dev"; do
    [ -e "$built" ] || { echo "dev plugin: $built was not built" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A DAW plugin needs no WebSocket server and no worker process: neither is
# compiled into it (wavecraft_add_dev_plugin adds neither module).
lv2_binary=$(find "$bundle" -name '*.so' | head -1)
[ -n "$lv2_binary" ] || { echo "dev plugin: no shared library in $bundle" >&2; exit 1; }
for built in "$lv2_binary" "$artefacts/Standalone/Wavecraft Filter Dev"; do
    symbols=$(nm -C "$built")
    if grep -E 'wavecraft::(WebSocketServer|BrowserUiServer|IsolatedPluginInstance|WorkerChannel|PluginWorker)' <<<"$symbols" | head -3 | grep .; then
        echo "dev plugin: $built has the server or isolation compiled in" >&2
        exit 1
    fi
    grep -q 'wavecraft::DevLibraryProcessor' <<<"$symbols" || { echo "dev plugin: no wavecraft symbols in $built to check (stripped?)" >&2; exit 1; }
done
echo "dev plugin: no server and no isolation in the LV2 and Standalone builds"
cc -std=c11 -O2 -Wall -Wextra -Werror Tests/lv2/lv2_render_host.c $(pkg-config --cflags --libs lilv-0) -o "$work/lv2_render_host"

host=build/release/wavecraft-host
compare() { node Tests/lv2/compare-with-wav.mjs "$@"; }
render() { # OUT.wav LIBRARY [--set ...]
    local out=$1 library=$2
    shift 2
    "$host" --plugin "$library" --render "$work/in.wav" "$out" --buffer-size 512 "$@" >/dev/null 2>&1
}
lv2() { # OUT.f32 [lv2_render_host options]
    local out=$1
    shift
    WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" "$work/lv2_render_host" "$bundle" "$uri" "$work/in.f32" "$out" 512 "$@"
}

# 2 s of a sweep; sox's samples are 32-bit integers, exact as floats.
sox -n -r 48000 -c 2 -b 32 -e float "$work/in.wav" synth 2 sine 300:3000 gain -6
sox "$work/in.wav" -t f32 "$work/in.f32"
cp build/release/libwavecraft_example_filter.so "$work/libdsp.so"

echo "dev plugin: the LV2 build at 800 Hz, resonance 0.6, against wavecraft-host --render"
render "$work/set.wav" "$work/libdsp.so" --set cutoff=800 --set resonance=0.6
render "$work/default.wav" "$work/libdsp.so"
lv2 "$work/set.f32" --set cutoff=800 --set resonance=0.6
compare "$work/set.f32" "$work/set.wav"
if compare "$work/set.f32" "$work/default.wav" >/dev/null 2>&1; then
    echo "dev plugin: the parameters set through the LV2 host changed nothing" >&2
    exit 1
fi

echo "dev plugin: wavecraft-host hosts the LV2 and VST3 builds themselves (JUCE's formats) and plays them as lilv's host does"
lv2 "$work/default.f32"
for build in "$bundle" "$PWD/$artefacts/VST3/Wavecraft Filter Dev.vst3"; do
    WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" "$host" --plugin "$build" --render "$work/in.wav" "$work/hosted.wav" --buffer-size 512 >/dev/null 2>&1
    compare "$work/default.f32" "$work/hosted.wav"
    # The developer's parameters, without the bypass the format adds.
    ids=$(WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" "$host" --plugin "$build" --render "$work/in.wav" "$work/hosted.wav" --set none=0 2>&1 || true)
    count=$(grep -o 'it has: .*' <<<"$ids" | tr ',' '\n' | wc -l)
    [ "$count" -eq 5 ] || { echo "dev plugin: $build should serve 5 parameters: $ids" >&2; exit 1; }
done
grep -q "it has: cutoff, mode, resonance, tone_freq, tone_level" <<<"$(WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" "$host" --plugin "$bundle" --render "$work/in.wav" "$work/hosted.wav" --set none=0 2>&1 || true)" \
    || { echo "dev plugin: the LV2 build's parameter ids are not its symbols" >&2; exit 1; }

echo "dev plugin: the hosted builds take plain values: the LV2 at 800 Hz, resonance 0.6; the VST3's Mode by its id"
WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" "$host" --plugin "$bundle" --render "$work/in.wav" "$work/hosted.wav" --buffer-size 512 --set cutoff=800 --set resonance=0.6 >/dev/null 2>&1
lv2 "$work/set.f32" --set cutoff=800 --set resonance=0.6
compare "$work/set.f32" "$work/hosted.wav"
render "$work/band.wav" "$work/libdsp.so" --set mode="Band pass"
vst3="$PWD/$artefacts/VST3/Wavecraft Filter Dev.vst3"
# VST3 ids are numbers: Mode's is the third the error lists.
mode_id=$( (WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" "$host" --plugin "$vst3" --render "$work/in.wav" "$work/hosted.wav" --set none=0 2>&1 || true) | grep -o 'it has: .*' | cut -d' ' -f5 | tr -d ',')
WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" "$host" --plugin "$vst3" --render "$work/in.wav" "$work/hosted.wav" --buffer-size 512 --set "$mode_id=Band pass" >/dev/null 2>&1
[ "$(sox -m -v 1 "$work/hosted.wav" -v -1 "$work/band.wav" -n stat 2>&1 | sed -n 's/^Maximum amplitude: *//p')" = "0.000000" ] \
    || { echo "dev plugin: the VST3 build with Mode (id $mode_id) at Band pass does not play as the library does" >&2; exit 1; }

echo "dev plugin: the hosted builds run at the file's rate: 44.1 kHz, as the library does"
sox "$work/in.wav" -r 44100 "$work/in44.wav"
"$host" --plugin "$work/libdsp.so" --render "$work/in44.wav" "$work/lib44.wav" --buffer-size 512 --set mode="Band pass" >/dev/null 2>&1
for build in "$vst3" "$bundle"; do
    setting=$([ "$build" = "$vst3" ] && echo "$mode_id=Band pass" || echo "mode=Band pass")
    WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" "$host" --plugin "$build" --render "$work/in44.wav" "$work/hosted44.wav" --buffer-size 512 --set "$setting" >/dev/null 2>&1
    [ "$(sox -m -v 1 "$work/hosted44.wav" -v -1 "$work/lib44.wav" -n stat 2>&1 | sed -n 's/^Maximum amplitude: *//p')" = "0.000000" ] \
        || { echo "dev plugin: $build at 44.1 kHz does not play as the library does" >&2; exit 1; }
done

echo "dev plugin: the VST3 and LV2 builds hosted live, isolated, rebuilt and reloaded with a value kept"
for build in "$vst3" "$bundle"; do
    live=$(mktemp -d)
    cp -r "$build" "$live/"
    copy="$live/$(basename "$build")"
    WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" WAVECRAFT_HOST="$PWD/$host" node Tests/e2e/dev-plugin-live.mjs "$copy" "$(find "$copy" -name '*.so' | head -1)"
    rm -rf "$live"
done

echo "dev plugin: the VST3 and LV2 builds' own state goes to the next build's instance, through JUCE's hosts and a worker"
WAVECRAFT_DEV_LIBRARY="$work/libdsp.so" WAVECRAFT_SHELL_ARTEFACTS="$PWD/$artefacts" build/release/Tests/wavecraft_tests "[shell]"

echo "dev plugin: a new build renamed over the library while the LV2 instance runs"
cp build/release/libwavecraft_example_gain.so "$work/incoming.so"
render "$work/gain.wav" build/release/libwavecraft_example_gain.so
lv2 "$work/swap.f32" --set cutoff=800 --set resonance=0.6 --swap-after 40 "$work/incoming.so" "$work/libdsp.so"
compare "$work/swap.f32" "$work/set.wav" 0 $((40 * 512))        # the first build, up to the rename
compare "$work/swap.f32" "$work/gain.wav" $((42 * 512)) 96000   # the new one, after its 5 ms cross-fade

echo "dev plugin: the LV2, VST3 and Standalone builds of a dev library, and the LV2 one plays it as the host does and reloads it"
