#!/usr/bin/env bash
# Installs the Debian packages ds01 needs to build, test and run — only those missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git clang clang-format clang-tidy libclang-rt-14-dev
  nlohmann-json3-dev libcli11-dev libyaml-cpp-dev libsqlite3-dev libfmt-dev libspdlog-dev
  libsystemd-dev libarchive-dev libtoml11-dev libgtest-dev libgmock-dev libbenchmark-dev
  docker.io busybox-static curl hyperfine procps passwd sqlite3 python3-docker
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ds01: missing packages: ${missing[*]}" >&2
  echo "Fix: run 'sudo $0' or 'sudo apt-get install ${missing[*]}'" >&2
  exit 1
fi
echo "ds01: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
