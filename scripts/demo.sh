#!/usr/bin/env bash
# The README's main job: install what is missing, build the glasstls tool, and run
# `glasstls demo`: one TLS connection explained, in memory — who is who (the PKI),
# a TLS 1.3 mutual-TLS handshake field by field, the first encrypted record.
# Extra arguments go to the demo, e.g. `bash scripts/demo.sh --seed 1 --out /tmp/pki`
# (reproducible, every key and certificate written out), `--tls 1.2`, or `pki`
# for the PKI story step by step.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh tools
cmake -S . -B build/tool -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DGLASSTLS_TESTS=OFF -DGLASSTLS_BENCH=OFF >/dev/null
cmake --build build/tool -j2 --target glasstls
build/tool/tools/glasstls demo "$@"
