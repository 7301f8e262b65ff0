#!/usr/bin/env bash
# The scripted tour behind `make demo`. Until ds01d exists (issue 4) it shows the
# foundation: a real engine, reached through ds01's own Engine API client.
set -euo pipefail
build=$(cd "${1:?usage: scripts/demo.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Docker engine"
addr=$("$root/scripts/engine-up.sh")
echo "reachable at $addr"

step "Local test images (no registry)"
"$root/scripts/test-images.sh" "$addr" "$build"
echo "ds01-test/base:latest and ds01-test/app:latest are present"

step "The engine, through ds01's client"
"$build/tools/ds01-engine" --host "$addr" info
