#!/usr/bin/env bash
# Allocation benchmarks: run.sh BUILD_DIR. Prints
#   BENCH name=alloc-release-pairs ours=<pairs/s> unit=pairs/s      (target >= 10000)
#   BENCH name=alloc-p99 ours=<seconds> unit=s                       (target <= 0.001)
# and the same two with the suffix -sync-full (synchronous=FULL instead of NORMAL).
# The database lives in a scratch directory under BUILD_DIR — on the build's disk, not tmpfs.
set -euo pipefail
build=$(cd "${1:?usage: bench/alloc/run.sh BUILD_DIR}" && pwd)
scratch=$(mktemp -d "$build/bench-alloc.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
"$build/bench/alloc/ds01_bench_alloc" "$scratch" "${@:2}"
