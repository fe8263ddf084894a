#!/usr/bin/env bash
# The README's first command: install, build, and run the end-to-end demo on the embedded sample.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRADEDIG_SKIP_MODULES= >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target tradedig
"$BUILD_DIR/cli/tradedig" demo --out "${DEMO_OUT:-tradedig-demo}" "$@"
