#!/usr/bin/env bash
# Proves the modules work in someone else's JUCE project: builds
# examples/embed_in_juce_project (juce_add_module + juce_add_console_app) and
# runs it on the Virtual device with the example filter plugin built by the
# release preset, while a page (Tests/e2e/embed-page.mjs, over a real
# WebSocket) talks to the server it embeds.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/example-project.sh
build_example examples/embed_in_juce_project build/embed

log=$(mktemp)
trap 'rm -f "$log"; kill "$app" 2>/dev/null || true' EXIT
build/embed/EmbedExample_artefacts/Release/EmbedExample build/release/libwavecraft_example_filter.so 6 >"$log" 2>&1 &
app=$!

url=$(await_listening "$log" "embed example")

page=$(node Tests/e2e/embed-page.mjs "$url")
wait "$app"
output=$(cat "$log")
echo "$output"
echo "page: $page"

expect() { # what, pattern, text
    grep -qE "$2" <<<"$3" || { echo "embed example: $1 (no match for: $2)" >&2; exit 1; }
}

expect "the plugin loaded" "^libwavecraft_example_filter.so: 5 parameters$" "$output"
expect "the page's change reached the app" "^parameter cutoff = 500, set by a page$" "$output"
expect "the app's change is its own" "^parameter resonance = 0.6, set by the app$" "$output"
expect "the device switch through the app's manager reached the session" "^audio running, full duplex, 44100 Hz, 256 frames$" "$output"
expect "the app read meters itself" "^app meter: [0-9]{3,} frames read, peak -[0-9]+\.[0-9] dBFS, 0 lost$" "$output"
expect "the page listed the parameters" '"parameters":\["cutoff","resonance","mode","tone_level","tone_freq"\]' "$page"
expect "the page heard the app's change" '"changes":\[\{"id":"resonance","value":0.6' "$page"
expect "the page heard the device switch" '"statuses":\[\{"buffer_size":256,("late_blocks":[0-9]+,)?"phase":"runningFullDuplex","sample_rate":44100' "$page"
expect "the page got the meters" '"meterUpdates":[0-9]{2,}' "$page"

# The app's meter and the page's meterUpdate read the same frames: the same
# peak, but for a transient the page, connecting later, may not have seen.
app_peak=$(sed -n 's/^app meter: .* peak \(-[0-9.]*\) dBFS.*$/\1/p' <<<"$output")
node -e '
    const appPeak = Number(process.argv[1]), pagePeak = 20 * Math.log10(JSON.parse(process.argv[2]).peak);
    if (! (Math.abs(appPeak - pagePeak) <= 0.5)) {
        console.error(`embed example: the peak the app read (${appPeak} dBFS) and the one the page got (${pagePeak.toFixed(1)} dBFS) differ`);
        process.exit(1);
    }' -- "$app_peak" "$page"

echo "embed example: another JUCE project hosts a plugin live on its own device manager, reads its meters and serves a page"
