#!/usr/bin/env bash
# Builds the release preset and runs every benchmark beside its peers in the same run, printing figures
# and ratios. Measures only: it never passes or fails on time, and it is not part of the test suite.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target bench_jwt bench_password bench_crack bench_store gatehouse
bin=build/release/tests/bench
echo "== JWT =="
/usr/bin/python3 tests/bench/jwt_peers.py "$bin/bench_jwt"
echo
echo "== Password hashes =="
/usr/bin/python3 tests/bench/password_peers.py "$bin/bench_password"
echo
echo "== Weak-secret search =="
/usr/bin/python3 tests/bench/crack_peers.py "$bin/bench_crack"
echo
echo "== Local store: 1,000,000 tasks beside the sqlite3 shell, 100k CSV import =="
"$bin/bench_store"
echo
echo "== Desktop start-up =="
/usr/bin/python3 tests/bench/startup_bench.py build/release/app/gatehouse
