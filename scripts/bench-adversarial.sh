#!/usr/bin/env bash
# Whole-process time and peak memory of keylint on each hostile input family
# (benches/support/adversarial.rs) at 1x, 2x and 4x its size: both must grow
# linearly, or stay flat where the analysis budget stops the work.
#
#   scripts/bench-adversarial.sh               # every family, 3 runs each
#   RUNS=5 scripts/bench-adversarial.sh many_users for_each_users
#
# Prints a Markdown table: median wall time, median CPU time (user + system,
# steadier than wall time on a busy machine), peak resident memory, exit
# code, and the 4x/1x ratios. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-/tmp/keylint-bench}/adversarial
[[ -x /usr/bin/time ]] || { echo "bench-adversarial: needs GNU time" >&2; exit 2; }

cargo build --release --quiet --bin keylint --example adversarial
target=${CARGO_TARGET_DIR:-target}
KEYLINT=$target/release/keylint
ADVERSARIAL=$target/release/examples/adversarial

families=("$@")
[[ ${#families[@]} -gt 0 ]] || mapfile -t families < <("$ADVERSARIAL" --list)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure DIR: "wall_s cpu_s peak_kb exit" (medians of RUNS runs, peak of all)
measure() {
  local out walls=() cpus=() peak=0 code=0
  out=$(mktemp)
  for ((i = 0; i < RUNS; i++)); do
    code=0
    /usr/bin/time -o "$out" -f '%e %U %S %M' "$KEYLINT" check --format json "$1" >/dev/null 2>&1 || code=$?
    # GNU time puts "Command exited with non-zero status N" first.
    read -r wall user sys kb < <(tail -n 1 "$out")
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')")
    ((kb > peak)) && peak=$kb
  done
  rm -f "$out"
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $peak $code"
}

echo "| family | scale | input | wall | CPU | peak memory | exit |"
echo "|---|---|---|---|---|---|---|"
for family in "${families[@]}"; do
  for scale in 1 2 4; do
    dir=$DIR/$family-$scale
    rm -rf "$dir"
    "$ADVERSARIAL" "$family" "$scale" "$dir"
    bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    read -r wall cpu kb code < <(measure "$dir")
    printf '| %s | %sx | %s KB | %s s | %s s | %s MB | %s |\n' "$family" "$scale" \
      "$((bytes / 1024))" "$wall" "$cpu" "$((kb / 1024))" "$code"
  done
done
