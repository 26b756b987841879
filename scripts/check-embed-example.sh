#!/usr/bin/env bash
# Proves the module works in someone else's JUCE project: builds
# examples/embed_in_juce_project (juce_add_module + juce_add_console_app) and
# has it load the example filter plugin built by the release preset.
set -euo pipefail
cd "$(dirname "$0")/.."

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
export CCACHE_SLOPPINESS=time_macros CCACHE_BASEDIR="$PWD"

cmake -S examples/embed_in_juce_project -B build/embed -G Ninja "${launcher[@]}" >/dev/null
cmake --build build/embed -j "$(nproc 2>/dev/null || echo 2)" >/dev/null

output=$(build/embed/EmbedExample_artefacts/Release/EmbedExample build/release/libwavecraft_example_filter.so)
echo "$output"
grep -q "libwavecraft_example_filter.so: 5 parameters" <<<"$output" || { echo "embed example: unexpected output" >&2; exit 1; }
echo "embed example: the module builds and loads a plugin from another JUCE project"
