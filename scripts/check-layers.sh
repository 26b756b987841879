#!/usr/bin/env bash
# Checks the modules' layering: a module's files include only its own module
# and the modules its declaration depends on (directly or through them), so no
# layer reaches up. Each module's .cpp includes only its own module header, so
# a type from a higher layer would also fail to compile.
set -euo pipefail
cd "$(dirname "$0")/../Modules"

declared_dependencies() {
    sed -n 's/^  dependencies: *//p' "$1/$1.h" | tr ',' '\n' | tr -d ' ' | grep '^wavecraft_' || true
}

# A module may use one the project may leave out, behind
# JUCE_MODULE_AVAILABLE_<module>: "// optional dependencies: a, b" in its header.
optional_dependencies() {
    sed -n 's#^// optional dependencies: *##p' "$1/$1.h" | tr ',' '\n' | tr -d ' ' | grep '^wavecraft_' || true
}

reachable() { # the module and everything below it
    local module=$1
    echo "$module"
    for dependency in $(declared_dependencies "$module"); do reachable "$dependency"; done
}

status=0

for module in wavecraft_*/; do
    module=${module%/}
    allowed=$( (reachable "$module"; for optional in $(optional_dependencies "$module"); do reachable "$optional"; done) | sort -u)

    while IFS=: read -r file line included; do
        if ! grep -qx "$included" <<<"$allowed"; then
            echo "check-layers: $module/$file:$line includes $included, which $module does not depend on" >&2
            status=1
        fi
    done < <(cd "$module" && grep -rnoE '#include <(wavecraft_[a-z_]+)/' . | sed -E 's#^\./##; s#:[^:]*<(wavecraft_[a-z_]+)/$#:\1#' || true)
done

[ $status -eq 0 ] && echo "check-layers: $(ls -d wavecraft_*/ | wc -l) modules, no upward includes"
exit $status
