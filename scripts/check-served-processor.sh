#!/usr/bin/env bash
# Proves a juce::AudioProcessor of one's own can be served to the browser UI:
# builds examples/serve_juce_processor (a juce::dsp processor with an
# AudioProcessorValueTreeState, serving itself through
# wavecraft::AudioProcessorBackend; its Standalone build and a headless
# runner), plays it on the Virtual device, and points the e2e suite's ws
# client and a headless Chromium page at it (Tests/e2e/served-processor-page.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/example-project.sh
build_example examples/serve_juce_processor build/serve-juce-processor

artefacts=build/serve-juce-processor
[ -x "$artefacts/ServeJuceProcessor_artefacts/Release/Standalone/Tone Filter" ] || { echo "served processor: the Standalone was not built" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"; kill "$app" 2>/dev/null || true' EXIT
WAVECRAFT_PORT=0 "$artefacts/ServeJuceProcessorHeadless_artefacts/Release/ServeJuceProcessorHeadless" 8 >"$log" 2>&1 &
app=$!

url=$(await_listening "$log" "served processor")

page=$(node Tests/e2e/served-processor-page.mjs "$url")
wait "$app"
output=$(cat "$log")
echo "$output"
echo "page: $page"

node -e '
    const seen = JSON.parse(process.argv[1]), output = process.argv[2];
    const fail = (what) => { console.error(`served processor: ${what}`); process.exit(1); };
    const byId = Object.fromEntries(seen.parameters.map((p) => [p.id, p]));
    const ids = seen.parameters.map((p) => p.id).join(",");
    if (ids !== "cutoff,resonance,mode,level") fail(`the parameters, in order: ${ids}`);
    const cutoff = byId.cutoff;
    if (cutoff.type !== "float" || cutoff.min !== 20 || cutoff.max !== 20000 || cutoff.unit !== "Hz" || cutoff.group !== "Filter" || Math.abs(cutoff.default - 1200) > 0.01)
        fail(`cutoff as served: ${JSON.stringify(cutoff)}`);
    if (byId.mode.type !== "enum" || JSON.stringify(byId.mode.variants) !== JSON.stringify(["Low pass", "Band pass", "High pass"]))
        fail(`mode as served: ${JSON.stringify(byId.mode)}`);
    if (byId.level.group !== "Output") fail(`level as served: ${JSON.stringify(byId.level)}`);
    if (JSON.stringify(seen.setCutoff) !== "{}" || Math.abs(seen.cutoff.value - 500) > 0.01) fail(`setParameter cutoff 500: ${JSON.stringify(seen.setCutoff)}, then ${JSON.stringify(seen.cutoff)}`);
    if (seen.outOfRange !== -32001) fail(`a cutoff out of range gave ${seen.outOfRange}`);
    if (! /^the processor heard cutoff = 500(\.0)?$/m.test(output)) fail("the processor did not hear the page set cutoff through its own parameter");
    if (! seen.changes.some((c) => c.id === "level" && Math.abs(c.value - 0.25) < 1e-6)) fail(`the processor setting its level reached the page: ${JSON.stringify(seen.changes)}`);
    if (! seen.changes.some((c) => c.id === "resonance" && Math.abs(c.value - 2) < 1e-6)) fail(`the browser page setting resonance reached the other page: ${JSON.stringify(seen.changes)}`);
    if (seen.meterUpdates < 60 || ! (seen.peak > 0.01)) fail(`meters: ${seen.meterUpdates} frames, peak ${seen.peak}`);
    const b = seen.browser;
    if (b.error || b.ids.join(",") !== ids || JSON.stringify(b.setResult) !== "{}" || b.meterCount < 30 || ! (b.lastPeak > 0.01) || b.status !== "runningFullDuplex")
        fail(`the Chromium page: ${JSON.stringify(b)}`);
    if (seen.status.phase !== "runningFullDuplex" || seen.status.sample_rate !== 48000) fail(`status: ${JSON.stringify(seen.status)}`);
' -- "$page" "$output"

echo "served processor: a juce::AudioProcessor listed, set and metered by a ws client and a Chromium page, its own change heard"
