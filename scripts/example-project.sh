# Sourced by the check scripts of the example projects (check-embed-example.sh,
# check-dev-plugin.sh, check-served-processor.sh): each is a JUCE project of
# its own, built the way a developer would build theirs.

# build_example SOURCE_DIR BUILD_DIR: configures (Ninja, ccache if there is
# one) and builds it.
build_example() {
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    local log
    log=$(mktemp)
    # Quiet when it works; the whole output when it doesn't (ninja prints errors on stdout).
    if ! { CCACHE_SLOPPINESS=time_macros CCACHE_BASEDIR="$PWD" cmake -S "$1" -B "$2" -G Ninja "${launcher[@]}" \
        && CCACHE_SLOPPINESS=time_macros CCACHE_BASEDIR="$PWD" cmake --build "$2" -j "$(nproc 2>/dev/null || echo 2)"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "$1: the build failed (above)" >&2
        return 1
    fi
    rm -f "$log"
}

# await_listening LOG WHAT: waits up to 10 s for the "listening ws://..." line
# a server prints, and echoes its URL; fails, showing LOG, if none comes.
await_listening() {
    local url=""
    for _ in $(seq 100); do
        url=$(sed -n 's/^listening \(ws:\/\/.*\)$/\1/p' "$1")
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$1" >&2; echo "$2: it never said where it listens" >&2; return 1; }
    echo "$url"
}
