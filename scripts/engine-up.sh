#!/usr/bin/env bash
# Makes a Docker engine reachable and prints its address on stdout (DOCKER_HOST form).
# Uses $DOCKER_HOST when it answers /_ping; otherwise starts dockerd (Debian's docker.io)
# with its data under $DS01_DEV_STATE/engine and leaves it running. Progress goes to stderr.
set -euo pipefail

state=${DS01_DEV_STATE:-/var/lib/ds01-dev}
engine_dir=$state/engine
sock=$engine_dir/docker.sock

ping() {  # ping ADDRESS → 0 when the engine answers
  local addr=$1
  case "$addr" in
    unix://*) curl -fsS --max-time 2 --unix-socket "${addr#unix://}" http://localhost/_ping >/dev/null 2>&1 ;;
    tcp://*) curl -fsS --max-time 2 "http://${addr#tcp://}/_ping" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

remember() {  # the tests read the address from here
  mkdir -p "$engine_dir"
  echo "$1" > "$engine_dir/address"
  echo "$1"
}

if [ -n "${DOCKER_HOST:-}" ] && ping "$DOCKER_HOST"; then
  remember "$DOCKER_HOST"
  exit 0
fi
if ping "unix://$sock"; then
  remember "unix://$sock"
  exit 0
fi

if ! command -v dockerd >/dev/null; then
  echo "ds01: dockerd not found. Fix: run scripts/install-deps.sh (installs docker.io)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ds01: starting dockerd needs root. Fix: run as root, or set DOCKER_HOST to a running engine" >&2
  exit 1
fi

mkdir -p "$engine_dir/data" "$engine_dir/exec"
if [ -f "$engine_dir/dockerd.pid" ] && kill -0 "$(cat "$engine_dir/dockerd.pid")" 2>/dev/null; then
  kill "$(cat "$engine_dir/dockerd.pid")" 2>/dev/null || true  # alive but not answering
  sleep 1
fi
rm -f "$sock" "$engine_dir/dockerd.pid"
echo "ds01: starting dockerd (data in $engine_dir, log in $engine_dir/dockerd.log)" >&2
setsid dockerd \
  --data-root "$engine_dir/data" \
  --exec-root "$engine_dir/exec" \
  --pidfile "$engine_dir/dockerd.pid" \
  -H "unix://$sock" \
  >"$engine_dir/dockerd.log" 2>&1 < /dev/null &

for _ in $(seq 1 120); do
  if ping "unix://$sock"; then
    remember "unix://$sock"
    exit 0
  fi
  sleep 0.5
done
echo "ds01: dockerd did not answer /_ping within 60 s; last log lines:" >&2
tail -n 20 "$engine_dir/dockerd.log" >&2 || true
exit 1
