#!/usr/bin/env bash
# The Engine API client (tools/ds01-engine) against the docker CLI and the raw API, on the engine
# at $DOCKER_HOST (bench/run.sh exports it). Prints BENCH lines (see bench/run.sh); removes every
# container it created, also when it fails.
#   list-vs-docker-cli         50 created containers: `ds01-engine list` vs `docker ps -a` (s)
#   list-vs-raw-api            the same list vs curl on the socket (s, for the record)
#   exec-throughput-vs-docker  64 MiB of exec stdout: `ds01-engine exec` vs `docker exec` (MiB/s)
set -euo pipefail
build=$(cd "${1:?usage: bench/engine/run.sh BUILD_DIR}" && pwd)
addr=${DOCKER_HOST:?bench/engine/run.sh needs DOCKER_HOST (bench/run.sh sets it)}
case "$addr" in
  unix://*) sock=${addr#unix://} ;;
  *) echo "bench/engine: needs a unix:// DOCKER_HOST, got $addr" >&2; exit 1 ;;
esac
tool=$build/tools/ds01-engine
timer=$build/bench/engine/ds01-bench-timer
docker=${DOCKER_CLI:-$(command -v docker || echo /usr/local/bin/docker)}
image=ds01-test/base:latest
list_runs=${BENCH_LIST_RUNS:-21}
exec_runs=${BENCH_EXEC_RUNS:-7}
exec_bytes=67108864

prefix=ds01bench-$$
created=()
cleanup() {
  for name in "${created[@]}"; do
    curl -fsS --unix-socket "$sock" -X DELETE "http://localhost/containers/$name?force=1&v=1" \
      >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

api() { curl -fsS --unix-socket "$sock" "$@"; }

create() {  # create NAME CMD… (JSON array items) → the container exists, not started
  local name=$1 cmd=$2
  api -X POST -H 'Content-Type: application/json' \
    -d "{\"Image\":\"$image\",\"Cmd\":[$cmd],\"Labels\":{\"ds01.bench\":\"$prefix\"}}" \
    "http://localhost/containers/create?name=$name" >/dev/null
  created+=("$name")
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
line() { echo "BENCH name=$1 ours=$2 base=$3 unit=$4 ratio=$(ratio "$2" "$3")"; }

for i in $(seq 1 50); do create "$prefix-list-$i" '"true"'; done

ours=$("$timer" "$list_runs" "$tool" --host "$addr" list)
base=$("$timer" "$list_runs" "$docker" ps -a)
line list-vs-docker-cli "$ours" "$base" s
raw=$("$timer" "$list_runs" curl -fsS --unix-socket "$sock" "http://localhost/containers/json?all=1")
line list-vs-raw-api "$ours" "$raw" s

worker=$prefix-exec
create "$worker" '"sleep","3600"'
api -X POST "http://localhost/containers/$worker/start" >/dev/null
ours_s=$("$timer" "$exec_runs" "$tool" --host "$addr" exec "$worker" -- head -c "$exec_bytes" /dev/zero)
base_s=$("$timer" "$exec_runs" "$docker" exec "$worker" head -c "$exec_bytes" /dev/zero)
mib() { awk -v s="$1" -v b="$exec_bytes" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }
line exec-throughput-vs-docker "$(mib "$ours_s")" "$(mib "$base_s")" MiB/s
