#!/usr/bin/env bash
# Builds the local test images with no registry, on the engine at $1 (DOCKER_HOST form):
#   ds01-test/base:latest — a busybox-static rootfs, imported;
#   ds01-test/app:latest  — FROM the base, built by ds01's own client (tools/ds01-engine);
#   ds01-test/stubborn:latest — FROM the base, ignores SIGTERM (a stop takes its grace period);
#   ds01-test/shell:latest — FROM the base, whose command is a bare shell;
#   ds01-test/script:latest — FROM the base, runs the shell script in $SCRIPT (what logs show).
# Usage: scripts/test-images.sh ADDRESS BUILD_DIR
set -euo pipefail

addr=$1
build_dir=$2
sock=${addr#unix://}
api() { curl -fsS --unix-socket "$sock" "$@"; }

if ! api "http://localhost/images/ds01-test/base:latest/json" >/dev/null 2>&1; then
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/workspace"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
  echo 'root:x:0:' > "$rootfs/etc/group"
  tar -C "$rootfs" -c . | api -X POST -H 'Content-Type: application/x-tar' \
    --data-binary @- "http://localhost/images/create?fromSrc=-&repo=ds01-test/base&tag=latest" >/dev/null
  echo "ds01: imported ds01-test/base:latest" >&2
fi

if ! api "http://localhost/images/ds01-test/app:latest/json" >/dev/null 2>&1; then
  "$build_dir/tools/ds01-engine" --host "$addr" build "$(dirname "$0")/../tests/images/app" ds01-test/app:latest >&2
fi

if ! api "http://localhost/images/ds01-test/stubborn:latest/json" >/dev/null 2>&1; then
  "$build_dir/tools/ds01-engine" --host "$addr" build "$(dirname "$0")/../tests/images/stubborn" ds01-test/stubborn:latest >&2
fi

if ! api "http://localhost/images/ds01-test/shell:latest/json" >/dev/null 2>&1; then
  "$build_dir/tools/ds01-engine" --host "$addr" build "$(dirname "$0")/../tests/images/shell" ds01-test/shell:latest >&2
fi

if ! api "http://localhost/images/ds01-test/script:latest/json" >/dev/null 2>&1; then
  "$build_dir/tools/ds01-engine" --host "$addr" build "$(dirname "$0")/../tests/images/script" ds01-test/script:latest >&2
fi
