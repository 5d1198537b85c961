#!/usr/bin/env bash
# The README's main job: install what is missing, build the glasstls tool, run it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh tools
cmake -S . -B build/tool -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DGLASSTLS_TESTS=OFF -DGLASSTLS_BENCH=OFF >/dev/null
cmake --build build/tool -j2 --target glasstls
build/tool/tools/glasstls selftest
