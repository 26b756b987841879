#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release) of the host, the
# example plugins and the tests. JUCE compiles once per build folder; ccache
# makes later builds, even in a fresh clone, take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

preset="${1:-release}"
jobs="$(nproc 2>/dev/null || echo 2)"

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$jobs"
