#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs every test:
# the formatting check, the threading tests under TSan, the fuzzers for a
# fixed time, the POSIX backends' tests, then every test of the release
# build through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/check-format.sh
bash scripts/check-layers.sh
bash scripts/build.sh release

# The cross-thread tests under ThreadSanitizer (clang) first: FIFOs, the
# callback, and the live session on the Virtual device (JUCE's own JACK device
# has races of its own that TSan reports, so the JACK tests stay out)...
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target wavecraft_tests -j "$(nproc 2>/dev/null || echo 2)"
TSAN_OPTIONS="suppressions=$PWD/Tests/tsan.supp halt_on_error=1 second_deadlock_stack=1" \
    build/tsan/Tests/wavecraft_tests "[threads],[callback],[engine]~[jack]" --order rand

# The module in another JUCE project (juce_add_module)...
bash scripts/check-embed-example.sh

# A dev library as a real plugin (LV2, VST3, Standalone), played by a real LV2 host...
bash scripts/check-dev-plugin.sh

# ...and a juce::AudioProcessor of one's own served to the browser UI.
bash scripts/check-served-processor.sh

# The network and plugin parsers under libFuzzer (clang), 20 s each...
bash scripts/fuzz.sh 20

# The POSIX backends macOS and the BSDs run (pipes between host and worker,
# poll, stat polling; see WAVECRAFT_POSIX_BACKENDS), built on Linux: the
# isolation, server and reload tests, and the real binary's server, reload
# and fault suites. Tests of a Linux mechanism itself are tagged [linux].
cmake --preset posix >/dev/null
cmake --build --preset posix --target wavecraft_tests -j "$(nproc 2>/dev/null || echo 2)"
posix_tags="[isolation]~[linux],[server]~[linux],[websocket]~[linux],[rpc]~[linux],[engine]~[jack]~[linux]"
build/posix/Tests/wavecraft_tests "$posix_tags" --order rand
(cd build/posix && ctest --output-on-failure --timeout 300 -R ": (server|stalled-client|reload|reload-in-flight|faults)\.test")

# ...then every test of the release build; ctest's summary is the last line.
cd build/release
ctest --output-on-failure --schedule-random -j "$(nproc 2>/dev/null || echo 2)" --timeout 300
