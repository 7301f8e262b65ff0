#!/usr/bin/env bash
# ctest fixture: start (or find) the engine, then make sure the test images exist.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
addr=$("$here/scripts/engine-up.sh")
"$here/scripts/test-images.sh" "$addr" "$1"
echo "engine ready at $addr"
