#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs every test:
# the formatting check, then all Catch2 cases through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/check-format.sh
bash scripts/build.sh release

cd build/release
ctest --output-on-failure --schedule-random -j "$(nproc 2>/dev/null || echo 2)" --timeout 300
