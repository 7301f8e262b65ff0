#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR/fuzz for a bounded time (FUZZ_SECONDS, default
# 20 s each) from its seed corpus in fuzz/corpus/<target>/. New corpus entries and crash
# artifacts go under BUILD_DIR/fuzz-work/, never into the repository. Fails if any target crashes.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: fuzz/run.sh BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
seconds=${FUZZ_SECONDS:-20}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$build/fuzz-work
failed=()

for seeds in "$here"/corpus/*/; do
  name=$(basename "$seeds")
  binary=$build/fuzz/fuzz_$name
  if [[ ! -x $binary ]]; then
    echo "FAIL $name: $binary is missing (build the ds01_fuzz target first)"
    failed+=("$name")
    continue
  fi
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
  log=$work/$name/log
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
      -print_final_stats=1 -artifact_prefix="$work/$name/artifacts/" \
      "$work/$name/corpus" "$seeds" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "ok   $name: ${runs:-?} runs in ${seconds}s"
  else
    echo "FAIL $name: see $log and $work/$name/artifacts/"
    tail -n 40 "$log"
    failed+=("$name")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found problems in: ${failed[*]}"
  exit 1
fi
