#!/usr/bin/env bash
# Installs what is missing, then builds and runs the whole suite twice: an optimised build with warnings
# as errors, and the clang address+undefined sanitizer build that also runs the libFuzzer targets for a
# bounded number of iterations. Exits non-zero if anything fails.
# Labels: run one kind with e.g. `ctest --preset ci -L unit` (unit, interop, integration, gui, fuzz).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tools/install-deps.sh
jobs=$(nproc)

echo "== optimised build (ci preset) =="
cmake --preset ci >/dev/null
cmake --build --preset ci -j"$jobs"
ctest --preset ci -j"$jobs" --timeout 600

echo "== sanitizer build (asan preset: clang, ASan+UBSan, libFuzzer targets) =="
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ctest --preset asan -j"$jobs" --timeout 900
