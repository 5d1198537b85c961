#!/usr/bin/env bash
# The README's main job: install what is missing, build the glasstls tool, and run
# `glasstls demo`: the PKI behind TLS, step by step (extra arguments go to the demo,
# e.g. `bash scripts/demo.sh --seed 1 --out /tmp/pki`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh tools
cmake -S . -B build/tool -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DGLASSTLS_TESTS=OFF -DGLASSTLS_BENCH=OFF >/dev/null
cmake --build build/tool -j2 --target glasstls
build/tool/tools/glasstls demo "$@"
