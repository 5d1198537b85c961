#!/usr/bin/env bash
# The README's test command (and CI's): install what is missing, then build and
# run the whole suite twice — a release build and an ASan+UBSan build — with
# every label: unit, vectors, oracle, fuzz (corpus replay), ct (valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh tests

for preset in release asan; do
  echo "=== ${preset}: configure and build ==="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j2
  echo "=== ${preset}: tests ==="
  ctest --preset "$preset" -j2 --timeout 900
done
