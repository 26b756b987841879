#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs the host with
# the given options (none: the bundled example plugin on the defaults).
# The binary is build/release/wavecraft-host.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh release >&2
exec build/release/wavecraft-host "$@"
