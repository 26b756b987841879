#!/usr/bin/env bash
# Fails when a C/C++ source differs from .clang-format; `--fix` rewrites them.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files -- '*.cpp' '*.h' '*.c' | grep -v '^JuceLibraryCode/')

if [ "${1:-}" = "--fix" ]; then
    clang-format -i "${files[@]}"
    exit 0
fi

if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/wavecraft-format.log; then
    head -40 /tmp/wavecraft-format.log >&2
    echo "check-format: sources differ from .clang-format; run scripts/check-format.sh --fix" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files formatted"
