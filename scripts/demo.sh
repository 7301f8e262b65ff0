#!/usr/bin/env bash
# The scripted tour behind `make demo` (run as root): a real Docker engine, ds01d started from
# the build directory with a demo config of simulated GPUs, and a real non-root user, ds01-demo,
# walking a container through seed 002's states with the ds01 commands.
set -euo pipefail
build=$(cd "${1:?usage: scripts/demo.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)

demo_user=ds01-demo
demo_dir=${DS01_DEV_STATE:-/var/lib/ds01-dev}/demo
image=${DS01_DEMO_IMAGE:-ds01-test/base:latest}
socket=$demo_dir/run/ds01.sock
stage=$demo_dir/install          # DESTDIR of the demo's `make install`
bin=$stage/usr/local/bin
daemon_pid=

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

find_binary() {  # find_binary NAME SUBDIR → the built executable
  local path=$build/$2/$1
  [ -x "$path" ] || path=$(find "$build" -maxdepth 4 -type f -name "$1" -perm -u+x | head -n 1)
  [ -n "$path" ] || fail "$1 is not built in $build. Fix: make build"
  echo "$path"
}

as_user() {  # as_user COMMAND ARGS… — shows the command, runs it as the demo user
  printf '\033[2m%s$\033[0m %s\n' "$demo_user" "$*"
  runuser -u "$demo_user" -- env -i PATH="$bin:/usr/bin:/bin" HOME="$demo_home" \
    USER="$demo_user" LANG=C.UTF-8 DS01_SOCKET="$socket" "$@"
}

stop_daemon() {
  [ -n "$daemon_pid" ] || return 0
  if kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid"
    for _ in $(seq 1 100); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  daemon_pid=
  rm -f "$demo_dir/ds01d.pid"
}

remove_demo_containers() {  # whatever an interrupted run left, straight through the engine
  local sock=${addr#unix://} ids
  ids=$(curl -fsS --unix-socket "$sock" -G "http://localhost/containers/json" \
          --data-urlencode all=1 \
          --data-urlencode "filters={\"label\":[\"ds01.managed=true\",\"ds01.uid=$demo_uid\"]}" \
        | grep -o '"Id":"[0-9a-f]*"' | cut -d'"' -f4 || true)
  for id in $ids; do
    curl -fsS --unix-socket "$sock" -X DELETE "http://localhost/containers/$id?force=1" >/dev/null || true
  done
}

cleanup() {
  stop_daemon
  [ -n "${demo_uid:-}" ] && [ -n "${addr:-}" ] && remove_demo_containers
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "the demo creates a user and starts ds01d: run it as root (sudo make demo)"
ds01d=$(find_binary ds01d src/daemon)

step "Docker engine"
addr=$("$root/scripts/engine-up.sh")
echo "reachable at $addr"

step "Local test images (no registry)"
"$root/scripts/test-images.sh" "$addr" "$build"
echo "ds01-test/base:latest and ds01-test/app:latest are present"

step "A real user to act as: $demo_user (not root, not in the docker group)"
demo_home=$demo_dir/home/$demo_user
mkdir -p "$demo_dir/home" "$demo_dir/workspaces" "$demo_dir/run"
chmod 0755 "$demo_dir" "$demo_dir/home" "$demo_dir/workspaces" "$demo_dir/run"
if ! id "$demo_user" >/dev/null 2>&1; then
  useradd --no-create-home --home-dir "$demo_home" --shell /bin/sh --user-group "$demo_user"
fi
demo_uid=$(id -u "$demo_user")
# The workspace lies in a directory only root can write, as docs/security.md advises.
install -d -o "$demo_user" -g "$demo_user" -m 0755 "$demo_home" "$demo_dir/workspaces/$demo_user"
id "$demo_user"
remove_demo_containers

# The commands as `make install` lays them out (ds01 and the seeds' names linked to it, from
# src/cli/command_links.txt), installed for real under a DESTDIR the demo user can reach
# whatever the permissions of the build tree.
rm -rf "$stage"
if ! (umask 022 && DESTDIR=$stage cmake --install "$build" --prefix /usr/local) \
       >"$demo_dir/install.log" 2>&1; then
  fail "installing from $build failed (see $demo_dir/install.log). Fix: make build"
fi

step "ds01d, with a demo config of SIMULATED GPUs"
cat > "$demo_dir/ds01.yaml" <<EOF
# ds01 demo config. This host has no NVIDIA driver: the GPUs below are SIMULATED — declared
# here, shown as "simulated" by every ds01 command, and handed to containers only as
# NVIDIA_VISIBLE_DEVICES / CUDA_VISIBLE_DEVICES.
gpus:
  - {model: "NVIDIA A100-SXM4-80GB", memory: 80G}
  - {model: "NVIDIA A100-SXM4-80GB", memory: 80G}
  - {model: "NVIDIA A100-SXM4-80GB", memory: 80G}
  - {model: "NVIDIA A100-SXM4-80GB", memory: 80G, mig: [3g.40gb, 2g.20gb, 2g.20gb]}
defaults:
  max_gpus: 2
  max_containers: 3
  memory: 1G
  cpus: 1
  gpu_hold_after_stop: 2m
  container_hold_after_stop: 1h
frameworks:                  # project init's catalogue: a framework and its base image
  minimal: "$image"
images:
  allowed: ["ds01-test/*"]   # the demo's local images; users' own ds01-<uid>/ images always
workspaces:
  root: "$demo_dir/workspaces/{user}"
EOF
if [ -f "$demo_dir/ds01d.pid" ] && kill -0 "$(cat "$demo_dir/ds01d.pid")" 2>/dev/null; then
  kill -TERM "$(cat "$demo_dir/ds01d.pid")"  # an earlier demo's daemon
  sleep 1
fi
rm -rf "$demo_dir/state" && install -d -m 0700 "$demo_dir/state"  # every tour starts afresh
"$ds01d" --check --config "$demo_dir/ds01.yaml" --socket "$socket" \
  --state-dir "$demo_dir/state" --docker-host "$addr" ||
  echo "(ds01d --check reported a problem above; the tour goes on with the simulated GPUs)"
"$ds01d" --config "$demo_dir/ds01.yaml" --socket "$socket" --state-dir "$demo_dir/state" \
  --docker-host "$addr" >"$demo_dir/ds01d.log" 2>&1 &
daemon_pid=$!
echo "$daemon_pid" > "$demo_dir/ds01d.pid"
for _ in $(seq 1 100); do
  curl -fsS --max-time 1 --unix-socket "$socket" http://localhost/v1/gpus >/dev/null 2>&1 && break
  kill -0 "$daemon_pid" 2>/dev/null || { tail -n 20 "$demo_dir/ds01d.log" >&2; fail "ds01d exited"; }
  sleep 0.1
done
echo "ds01d running as pid $daemon_pid, socket $socket, log $demo_dir/ds01d.log"

step "The GPUs, as $demo_user sees them"
as_user gpus

step "Create a container: GPU allocated, not running (state: created)"
# Its project directory: container-create NAME mounts <workspace root>/NAME at /workspace.
install -d -o "$demo_user" -g "$demo_user" "$demo_dir/workspaces/$demo_user/demo"
echo "print('hello from the demo project')" > "$demo_dir/workspaces/$demo_user/demo/train.py"
chown "$demo_user:$demo_user" "$demo_dir/workspaces/$demo_user/demo/train.py"
as_user container-create demo --gpu=1 --image="$image"
as_user container-list --all

step "Start it (state: running)"
as_user container-start demo
as_user container-list

step "Run commands inside: you are yourself there, in /workspace, with your GPU"
as_user container-exec demo -- sh -c 'echo "$(whoami)@$(hostname):$(pwd)"; ls; echo "GPU: $CUDA_VISIBLE_DEVICES"'

step "A shell fed a script, as seed 000's scripts do: its exit status is ours"
as_user container-attach demo <<'SCRIPT' || echo "(container-attach ended with status $?)"
cd /workspace
echo "inside: $(ls | wc -l) file(s) in $(pwd)"
exit 3
SCRIPT

step "Your limits, what you use and what you hold"
as_user check-limits

step "Pause it: processes frozen, the GPU stays allocated"
as_user container-pause demo
as_user container-list --all
as_user container-unpause demo

step "Stop it: processes end, the GPU is held for gpu_hold_after_stop (2m here)"
as_user container-stop demo --time=1
as_user container-list --all
as_user gpus

step "Start it again within the hold: the same GPU"
as_user container-start demo
as_user container-list

step "Remove it (stopping it first): the GPU is freed at once, workspace files stay"
as_user container-remove demo --stop
as_user container-list --all

step "Run a command once: its output as it comes, its exit code ours, the container and its GPU gone after"
as_user container-run --rm "$image" --gpu=1 -- sh -c 'echo "ran on $NVIDIA_VISIBLE_DEVICES"; echo "a warning" >&2; exit 7' \
  || echo "(container-run --rm ended with status $?)"
job=$(as_user container-run --rm -d "$image" --gpu=0 -- sh -c 'sleep 1; echo done; exit 0' | tail -n 1)
echo "started $job in the background"
as_user container-wait "$job" --condition=removed
as_user container-logs "$job" || echo "(container-logs ended with status $?)"
as_user container-list --all

step "A project of your own: project init writes it into your workspace, as you"
rm -rf "$demo_dir/workspaces/$demo_user/thesis"  # every tour starts afresh
as_user project init thesis --type=minimal --gpu=1 --quick --no-git
as_user sh -c "echo 'RUN echo built by ds01 > /built.txt' >> '$demo_dir/workspaces/$demo_user/thesis/Dockerfile'"
as_user cat "$demo_dir/workspaces/$demo_user/thesis/Dockerfile"

step "Launch it: its image is built (read as you, each step under your limits), then its container created and started"
as_user project launch thesis --yes --background
as_user container-exec thesis -- cat /built.txt
as_user image-list
as_user check-limits

step "Retire it: stopped and removed, its GPU freed at once; then its image deleted (the workspace stays)"
as_user container retire thesis --force
as_user container-list --all
as_user image-delete thesis --force
as_user image-list

step "What happened, from ds01d's audit trail: who did each change, and what became of the GPU"
as_user ds01 events --since=10m

step "Stop ds01d"
stop_daemon
echo "done: the tour is over, and ds01d is stopped"
