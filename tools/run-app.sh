#!/usr/bin/env bash
# Installs what is missing, builds the release preset and starts the desktop app on its default
# database (gatehouse.sqlite in the user's data folder). Extra arguments go to gatehouse.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target gatehouse gatehouse-cli
exec build/release/app/gatehouse "$@"
