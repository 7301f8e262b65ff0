#!/usr/bin/env bash
# Runs every benchmark family (bench/*/run.sh) against one engine, in one run.
# Each prints lines of exactly this form, for scripts to read:
#   BENCH name=<id> ours=<median> base=<median> unit=<unit> ratio=<ours/base>
# (base and ratio are omitted where nothing compares).
set -euo pipefail
build=$(cd "${1:?usage: bench/run.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

export DOCKER_HOST
DOCKER_HOST=$("$root/scripts/engine-up.sh")
"$root/scripts/test-images.sh" "$DOCKER_HOST" "$build"

status=0
for family in "$here"/*/; do
  [ -x "$family/run.sh" ] || continue
  "$family/run.sh" "$build" || { echo "bench: $(basename "$family") failed" >&2; status=1; }
done
exit $status
