#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the benchmarks need.
# Idempotent: a machine that already has them only pays for a dpkg query.
set -euo pipefail

packages=(
    juce-modules-source catch2 nlohmann-json3-dev
    libjack-jackd2-dev libogg-dev libflac-dev libvorbis-dev
    cmake ninja-build pkg-config g++ ccache git clang-format
    clang libclang-rt-14-dev
    jackd2 sox valgrind xvfb
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
