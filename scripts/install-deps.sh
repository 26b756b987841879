#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the benchmarks need.
# Idempotent: a machine that already has them only pays for a dpkg query.
set -euo pipefail

packages=(
    juce-modules-source catch2 nlohmann-json3-dev libwebkit2gtk-4.0-dev libgtk-3-dev
    libjack-jackd2-dev libogg-dev libflac-dev libvorbis-dev
    cmake ninja-build pkg-config g++ ccache git clang-format
    clang libclang-rt-14-dev liblilv-dev lv2-dev libdw-dev
    jackd2 sox valgrind xvfb x11-utils xdotool imagemagick nodejs chromium
    # A third-party LV2 plugin, and lilv's own host to check ours against.
    mda-lv2 lilv-utils
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}" >&2
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -E)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm ships with nodejs from some repositories, separately in Debian's.
if ! command -v npm >/dev/null; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -E)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends npm
fi

# Project mode builds a Rust engine (its test, examples/wavecraft_project's):
# a toolchain on the PATH or under ~/.cargo (rustup's) is used as it is;
# where there is none, Debian's.
if ! command -v cargo >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -E)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends cargo
fi

# The end-to-end tests' client (ws) and browser driver (playwright-core, which
# uses Debian's chromium and downloads nothing), pinned by the lock file.
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$here/Tests/e2e/node_modules/ws" ] || [ ! -d "$here/Tests/e2e/node_modules/playwright-core" ]; then
    (cd "$here/Tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
