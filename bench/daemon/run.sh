#!/usr/bin/env bash
# ds01d and the ds01 CLI against the docker CLI, on the engine at $DOCKER_HOST (bench/run.sh
# exports it). Run as root: it creates the user ds01-bench and starts its own ds01d (simulated
# GPUs, a fresh state directory). Prints BENCH lines (see bench/run.sh); removes every container
# it made, also when it fails.
#   container-list-vs-docker-cli  50 containers of one user: `container-list --all` as that user
#                                 vs `docker ps -a`, whole-process wall time (s, median)
#   create-start-vs-docker-run    `container-create` + `container-start` vs `docker run -d` (s)
#   deploy-vs-docker-run          `container deploy NAME --background` vs `docker run -d` (s)
#   run-once-vs-docker-run-rm     `container-run --rm IMAGE -- true` vs `docker run --rm IMAGE
#                                 true`: created, attached, run, removed (s)
#   build-overhead-vs-docker-build  `image-create P --no-cache` vs `docker build --no-cache` of
#                                 the same small project with the same (legacy) builder (s)
#   exec-roundtrip-vs-docker      `container-exec NAME -- true` vs `docker exec NAME true` (s)
#   attach-throughput-vs-docker   bytes out of a shell fed a script on stdin: `container-attach`
#                                 vs `docker exec -i NAME sh` (MiB/s; ratio ours/base, ≥ 1 is
#                                 as fast); and the docker CLI through a splice relay (MiB/s):
#                                 what proxying the stream through a daemon would cost
#   logs-throughput-vs-docker     100 MiB one container wrote: `container-logs NAME` vs `docker logs`
#                                 of the same container (MiB/s; ratio ours/base, target ≥ 0.9)
#   logs-follow-latency           a line written into a FIFO the container copies to its stdout,
#                                 until `container-logs -f` has printed it: p99 of 200 (ms,
#                                 target ≤ 50)
#   daemon-rss-1000               ds01d's VmRSS with 1,000 managed containers recorded (MiB)
#   list-under-500-followers,     from bench/feed (ds01-bench-feed): the API's list with 500
#   event-latency-p99             `events --follow` streams open, and how soon they see a change
set -euo pipefail
build=$(cd "${1:?usage: bench/daemon/run.sh BUILD_DIR}" && pwd)
addr=${DOCKER_HOST:?bench/daemon/run.sh needs DOCKER_HOST (bench/run.sh sets it)}
case "$addr" in
  unix://*) engine_sock=${addr#unix://} ;;
  *) echo "bench/daemon: needs a unix:// DOCKER_HOST, got $addr" >&2; exit 1 ;;
esac
[ "$(id -u)" -eq 0 ] || { echo "bench/daemon: run as root (it creates a user)" >&2; exit 1; }

timer=$build/bench/engine/ds01-bench-timer
docker=${DOCKER_CLI:-$(command -v docker || echo /usr/local/bin/docker)}
image=ds01-test/base:latest
list_runs=${BENCH_LIST_RUNS:-21}
create_runs=${BENCH_CREATE_RUNS:-15}
rss_containers=${BENCH_RSS_CONTAINERS:-1000}
user=ds01-bench
prefix=ds01bench-d$$

feed_bench=$build/bench/feed/ds01-bench-feed
for tool in "$timer" "$feed_bench" "$build/src/daemon/ds01d" "$build/src/cli/ds01"; do
  [ -x "$tool" ] || { echo "bench/daemon: $tool is not built" >&2; exit 1; }
done

# Not under /tmp: ds01d refuses workspace roots there (docs/security.md).
mkdir -p "${DS01_DEV_STATE:-/var/lib/ds01-dev}"
work=$(mktemp -d "${DS01_DEV_STATE:-/var/lib/ds01-dev}/bench-XXXXXX")
chmod 0755 "$work"
mkdir -p "$work/bin" "$work/home"
daemon_pid=
docker_made=()

api() { curl -fsS --unix-socket "$engine_sock" "$@"; }

remove_user_containers() {  # straight through the engine: much faster than one CLI call each
  api -G "http://localhost/containers/json" --data-urlencode all=1 \
    --data-urlencode "filters={\"label\":[\"ds01.managed=true\",\"ds01.uid=$uid\"]}" |
    grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4 |
    xargs -r -P 4 -I{} curl -fsS --unix-socket "$engine_sock" -X DELETE \
      "http://localhost/containers/{}?force=1" >/dev/null 2>&1 || true
}

cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid"
    wait "$daemon_pid" 2>/dev/null || true
  fi
  [ -n "${uid:-}" ] && remove_user_containers
  api -X DELETE "http://localhost/containers/feed-bench._.0?force=1" >/dev/null 2>&1 || true
  for name in "${docker_made[@]}"; do
    api -X DELETE "http://localhost/containers/$name?force=1" >/dev/null 2>&1 || true
  done
  for image in "ds01-${uid:-0}/bench-build:latest" "$prefix-build:latest"; do
    api -X DELETE "http://localhost/images/$image?force=1" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

if ! id "$user" >/dev/null 2>&1; then
  useradd --no-create-home --home-dir "$work/home/$user" --shell /bin/sh --user-group "$user"
fi
uid=$(id -u "$user")
gid=$(id -g "$user")
install -d -o "$user" -g "$user" "$work/home/$user" "$work/home/$user/workspace"
remove_user_containers

install -m 0755 "$build/src/cli/ds01" "$work/bin/ds01"
for name in container-create container-start container-remove container-list container-exec \
            container-attach container-deploy image-create container-logs container-run; do
  ln -s ds01 "$work/bin/$name"
done

cat > "$work/ds01.yaml" <<EOF
# bench config: simulated GPUs; limits high enough for 1,000 CPU-only containers.
gpus:
  - {model: "Simulated bench GPU", memory: 16G}
defaults: {max_containers: 5000, memory: 256M, cpus: 1, log_size: 1G}
images: {allowed: ["ds01-test/*"]}
workspaces: {root: "$work/home/{user}/workspace"}
EOF
socket=$work/ds01.sock
DS01_NVML_LIBRARY=$work/no-nvml.so "$build/src/daemon/ds01d" --config "$work/ds01.yaml" \
  --socket "$socket" --state-dir "$work/state" --docker-host "$addr" 2>"$work/ds01d.log" &
daemon_pid=$!
for _ in $(seq 1 100); do
  curl -fsS --max-time 1 --unix-socket "$socket" http://localhost/v1/gpus >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/ds01d.log" >&2; exit 1; }
  sleep 0.1
done

# Every timed command runs through setpriv: the CLI as the bench user, docker as root — the
# same wrapper on both sides.
export DS01_SOCKET=$socket
as_user=(setpriv --reuid="$uid" --regid="$gid" --clear-groups --)
as_root=(setpriv --reuid=0 --regid=0 --clear-groups --)
ds01_as_user() { "${as_user[@]}" "$work/bin/$1" "${@:2}"; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
line() { echo "BENCH name=$1 ours=$2 base=$3 unit=$4 ratio=$(ratio "$2" "$3")"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }

create_many() {  # create_many FIRST LAST: CPU-only containers list-FIRST … list-LAST, 8 at a time
  seq "$1" "$2" | xargs -P 8 -I{} "${as_user[@]}" "$work/bin/container-create" "list-{}" \
    --image="$image" --gpu=0 >/dev/null
}

# container-list-vs-docker-cli
create_many 1 50
ours=$("$timer" "$list_runs" "${as_user[@]}" "$work/bin/container-list" --all)
base=$("$timer" "$list_runs" "${as_root[@]}" "$docker" ps -a)
line container-list-vs-docker-cli "$ours" "$base" s

# list-under-500-followers and event-latency-p99 (the events' pause/unpause pairs: 100 changes)
"$feed_bench" "$socket" "${BENCH_FOLLOWERS:-500}" "${BENCH_FEED_CHANGES:-100}" "$image"

# versus_docker_run NAME OURS…: OURS (a command line, run as the bench user, "%i" standing for
# the run's number) against `docker run -d`, each run's container removed before the next.
versus_docker_run() {
  local name=$1 ours_times=() base_times=() started i
  shift
  for i in $(seq 1 "$create_runs"); do
    started=$(now)
    "${as_user[@]}" sh -c "${*//%i/$i}" >/dev/null
    ours_times+=("$(elapsed "$started" "$(now)")")
    ds01_as_user container-remove "$name-$i" --stop --force >/dev/null

    docker_made+=("$prefix-$name-$i")
    started=$(now)
    "${as_root[@]}" "$docker" run -d --name "$prefix-$name-$i" "$image" sleep 3600 >/dev/null
    base_times+=("$(elapsed "$started" "$(now)")")
    api -X DELETE "http://localhost/containers/$prefix-$name-$i?force=1" >/dev/null
  done
  line "$name-vs-docker-run" "$(printf '%s\n' "${ours_times[@]}" | median)" \
    "$(printf '%s\n' "${base_times[@]}" | median)" s
}

bin=$work/bin
versus_docker_run create-start "$bin/container-create create-start-%i --image=$image --gpu=0 &&" \
  "$bin/container-start create-start-%i"
versus_docker_run deploy "$bin/container-deploy deploy-%i --image=$image --gpu=0 --background"

# run-once-vs-docker-run-rm: a command run once, its container removed before the CLI returns
ds01_as_user container-run --rm "$image" --gpu=0 -- true  # once untimed: an error shows here
ours=$("$timer" "$create_runs" "${as_user[@]}" "$bin/container-run" --rm "$image" --gpu=0 -- true)
base=$("$timer" "$create_runs" "${as_root[@]}" "$docker" run --rm "$image" true)
line run-once-vs-docker-run-rm "$ours" "$base" s

# build-overhead-vs-docker-build: one small project, built afresh each time on both sides
build_runs=${BENCH_BUILD_RUNS:-7}
project=$work/home/$user/workspace/bench-build
mkdir -p "$project/src"
printf 'FROM %s\nCOPY . /app\nRUN ls -R /app > /app.list\n' "$image" > "$project/Dockerfile"
for f in $(seq 1 50); do head -c 4096 /dev/urandom > "$project/src/file-$f"; done
chown -R "$user:$user" "$project"
ours=$("$timer" "$build_runs" "${as_user[@]}" "$work/bin/image-create" bench-build --no-cache)
base=$("$timer" "$build_runs" "${as_root[@]}" env DOCKER_BUILDKIT=0 "$docker" build -q \
  --no-cache -t "$prefix-build:latest" "$project")
line build-overhead-vs-docker-build "$ours" "$base" s

# exec-roundtrip-vs-docker and attach-throughput-vs-docker, one running container on each side
exec_runs=${BENCH_EXEC_RUNS:-21}
stream_runs=${BENCH_STREAM_RUNS:-5}
stream_bytes=${BENCH_STREAM_BYTES:-536870912}
ds01_as_user container-create shell-bench --image="$image" --gpu=0 >/dev/null
ds01_as_user container-start shell-bench >/dev/null
docker_made+=("$prefix-shell")
"${as_root[@]}" "$docker" run -d --name "$prefix-shell" "$image" sleep 3600 >/dev/null
ours=$("$timer" "$exec_runs" "${as_user[@]}" "$work/bin/container-exec" shell-bench -- true)
base=$("$timer" "$exec_runs" "${as_root[@]}" "$docker" exec "$prefix-shell" true)
line exec-roundtrip-vs-docker "$ours" "$base" s

echo "head -c $stream_bytes /dev/zero" > "$work/stream.sh"
chmod 0644 "$work/stream.sh"
mib_per_s() { awk -v b="$stream_bytes" -v s="$1" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }
ours=$("$timer" "$stream_runs" "${as_user[@]}" sh -c \
  "'$work/bin/container-attach' shell-bench < '$work/stream.sh' > /dev/null")
base=$("$timer" "$stream_runs" "${as_root[@]}" sh -c \
  "'$docker' exec -i '$prefix-shell' sh < '$work/stream.sh' > /dev/null")
line attach-throughput-vs-docker "$(mib_per_s "$ours")" "$(mib_per_s "$base")" MiB/s
if command -v python3 >/dev/null; then
  python3 "$(dirname "$0")/splice_relay.py" "$work/relay.sock" "$engine_sock" &
  relay_pid=$!
  # python3 may take a while to start on a busy machine: wait for its socket.
  for _ in $(seq 1 100); do [ -S "$work/relay.sock" ] && break; sleep 0.1; done
  relayed=$("$timer" "$stream_runs" "${as_root[@]}" env DOCKER_HOST="unix://$work/relay.sock" \
    sh -c "'$docker' exec -i '$prefix-shell' sh < '$work/stream.sh' > /dev/null")
  kill "$relay_pid"
  echo "BENCH name=attach-throughput-through-splice-relay ours=$(mib_per_s "$relayed") unit=MiB/s"
fi

# logs-throughput-vs-docker: one container's 100 MiB of output, read whole by each side
logs_bytes=${BENCH_LOGS_BYTES:-104857600}
script_image=ds01-test/script:latest
ds01_as_user container-create logs-bench --image="$script_image" --gpu=0 \
  -e "SCRIPT=head -c $logs_bytes /dev/zero | tr '\\0' x" >/dev/null
ds01_as_user container-start logs-bench >/dev/null
"${as_root[@]}" "$docker" wait "logs-bench._.$uid" >/dev/null
ours=$("$timer" "$stream_runs" "${as_user[@]}" sh -c "'$work/bin/container-logs' logs-bench > /dev/null")
base=$("$timer" "$stream_runs" "${as_root[@]}" sh -c "'$docker' logs 'logs-bench._.$uid' > /dev/null")
logs_mib() { awk -v b="$logs_bytes" -v s="$1" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }
line logs-throughput-vs-docker "$(logs_mib "$ours")" "$(logs_mib "$base")" MiB/s

# logs-follow-latency: the bench writes a line into a FIFO the container's process copies to its
# stdout and times it until `container-logs -f` (the bench user's, on a pipe) has printed it
if command -v python3 >/dev/null; then
  follow_dir=$work/home/$user/workspace/follow-bench
  mkdir -p "$follow_dir"
  mkfifo "$follow_dir/feed"
  chown -R "$user:$user" "$follow_dir"
  ds01_as_user container-create follow-bench --image="$script_image" --gpu=0 \
    --project=follow-bench -e "SCRIPT=while true; do cat /workspace/feed; done" >/dev/null
  ds01_as_user container-start follow-bench >/dev/null
  read -r p99 median < <(python3 - "$follow_dir/feed" "${BENCH_FOLLOW_LINES:-200}" \
    "${as_user[@]}" "$work/bin/container-logs" follow-bench --follow <<'PY'
import os, subprocess, sys, time
feed, count, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
follower = subprocess.Popen(command, stdout=subprocess.PIPE)
while True:  # until the container's cat has the FIFO open
    try:
        writer = os.open(feed, os.O_WRONLY | os.O_NONBLOCK)
        break
    except OSError:
        time.sleep(0.02)
time.sleep(0.5)  # the follow is open
latencies = []
for i in range(count):
    written = time.monotonic_ns()
    os.write(writer, b"line-%d\n" % i)
    while follower.stdout.readline().strip() != b"line-%d" % i:
        pass
    latencies.append((time.monotonic_ns() - written) / 1e6)
    time.sleep(0.02)
follower.terminate()
latencies.sort()
print("%.1f %.1f" % (latencies[min(count - 1, int(count * 0.99))], latencies[count // 2]))
PY
  )
  echo "bench/daemon: logs-follow-latency median ${median} ms" >&2
  echo "BENCH name=logs-follow-latency ours=$p99 unit=ms"
fi

# daemon-rss-1000: 50 exist already
started=$(now)
create_many 51 "$rss_containers"
took=$(elapsed "$started" "$(now)")
recorded=$(ds01_as_user container-list --all --format=simple | wc -l)
echo "bench/daemon: created $((rss_containers - 50)) more containers through ds01d in ${took}s;" \
  "$recorded recorded" >&2
rss_kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$daemon_pid/status")
echo "BENCH name=daemon-rss-$rss_containers ours=$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }') unit=MiB"
