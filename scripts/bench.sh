#!/usr/bin/env bash
# Whole-process benchmarks of keylint on generated trees (issue 5).
#
#   scripts/bench.sh                      # small large huge plan-100mb iam-dense
#   scripts/bench.sh large                # one size
#   RUNS=10 scripts/bench.sh small large
#   CHECKOV=/tmp/ck/bin/checkov scripts/bench.sh large   # also checkov, side by side
#   KEYLINT_BASELINE=/tmp/keylint-old scripts/bench.sh     # also an older build, alternating
#
# Trees are generated once (deterministic, seeded) under $BENCH_DIR
# (default /tmp/keylint-bench). Prints a Markdown table: median wall time over
# $RUNS runs (after one warm-up run, so the file cache is warm), peak memory,
# throughput, and ratios. Needs only bash, GNU time (/usr/bin/time) and date.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/keylint-bench}
RUNS=${RUNS:-5}
SIZES=("$@")
if [[ ${#SIZES[@]} -eq 0 ]]; then
  SIZES=(small large huge plan-100mb iam-dense)
fi

[[ -x /usr/bin/time ]] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin keylint --example generate --example parse_only
target=${CARGO_TARGET_DIR:-target}
KEYLINT=$target/release/keylint
GENERATE=$target/release/examples/generate
PARSE_ONLY=$target/release/examples/parse_only

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run CMD... RUNS times (after a warm-up); prints "median_seconds peak_kb"
measure() {
  local times=() peak=0 t0 t1 kb memfile
  memfile=$(mktemp)
  "$@" >/dev/null 2>&1 || true
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s%N)
    /usr/bin/time -o "$memfile" -f '%M' "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    kb=$(tail -n 1 "$memfile")
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", (b - a) / 1e9}')")
    (( kb > peak )) && peak=$kb
  done
  rm -f "$memfile"
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | median)" "$peak"
}

generate() {
  local size=$1 dir=$BENCH_DIR/$1
  if [[ ! -f $dir/.done ]]; then
    rm -rf "$dir"
    "$GENERATE" "$size" "$dir"
    touch "$dir/.done"
  fi
}

mb() { find "$1" -type f ! -name .done -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1e6}'; }

echo
echo "| input | size | files | keylint median | peak memory | throughput | notes |"
echo "|---|---|---|---|---|---|---|"
for size in "${SIZES[@]}"; do
  generate "$size"
  dir=$BENCH_DIR/$size
  input=$dir
  [[ $size == plan-100mb ]] && input=$dir/plan.json
  read -r secs kb < <(measure "$KEYLINT" check --format json "$input")
  files=$(find "$dir" -type f ! -name .done | wc -l)
  megabytes=$(mb "$dir")
  rate=$(awk -v m="$megabytes" -v s="$secs" 'BEGIN {printf "%.0f MB/s", m / s}')
  notes=""
  if [[ $size == iam-dense ]]; then
    # Alternate the two, so that both see the same machine (a VM's speed
    # drifts by tens of percent between seconds); compare medians.
    ktimes=() ptimes=()
    for ((i = 0; i < RUNS; i++)); do
      read -r t _ < <(RUNS=1 measure "$KEYLINT" check --format json "$input"); ktimes+=("$t")
      read -r t _ < <(RUNS=1 measure "$PARSE_ONLY" "$dir"); ptimes+=("$t")
    done
    ksecs=$(printf '%s\n' "${ktimes[@]}" | median)
    psecs=$(printf '%s\n' "${ptimes[@]}" | median)
    notes=$(awk -v k="$ksecs" -v p="$psecs" 'BEGIN {printf "alternating: keylint %.3f s, HCL parse alone %.3f s: %.2fx", k, p, k / p}')
  fi
  if [[ $size == plan-100mb ]]; then
    notes=$(awk -v kb="$kb" -v m="$megabytes" 'BEGIN {printf "peak %.2fx the file", kb * 1024 / 1e6 / m}')
  fi
  findings=$("$KEYLINT" check --format json "$input" 2>/dev/null | grep -o '"findings": [0-9]*' | tail -n 1 | grep -o '[0-9]*$' || true)
  notes="${notes:+$notes; }$findings findings"
  printf '| %s | %s MB | %s | %.3f s | %d MB | %s | %s |\n' "$size" "$megabytes" "$files" "$secs" $((kb / 1024)) "$rate" "$notes"
  if [[ -n ${KEYLINT_BASELINE:-} ]]; then
    # Alternate the two builds run by run, so that both see the same
    # machine; compare medians (time) and the larger peak (memory).
    btimes=() ctimes=() bpeak=0 cpeak=0
    for ((i = 0; i < RUNS; i++)); do
      read -r t k < <(RUNS=1 measure "$KEYLINT_BASELINE" check --format json "$input"); btimes+=("$t"); (( k > bpeak )) && bpeak=$k
      read -r t k < <(RUNS=1 measure "$KEYLINT" check --format json "$input"); ctimes+=("$t"); (( k > cpeak )) && cpeak=$k
    done
    bsecs=$(printf '%s\n' "${btimes[@]}" | median)
    csecs=$(printf '%s\n' "${ctimes[@]}" | median)
    printf '| %s (baseline) | | | %.3f s | %d MB | | alternating: baseline %.3f s, %d MB; this build %.3f s, %d MB: %.2fx the time |\n' \
      "$size" "$bsecs" $((bpeak / 1024)) "$bsecs" $((bpeak / 1024)) "$csecs" $((cpeak / 1024)) \
      "$(awk -v c="$csecs" -v b="$bsecs" 'BEGIN {print c / b}')"
  fi
  if [[ -n ${CHECKOV:-} && $size != plan-100mb ]]; then
    # checkov takes minutes on large trees: one run is enough for the ratio.
    memfile=$(mktemp)
    t0=$(date +%s%N)
    /usr/bin/time -o "$memfile" -f '%M' "$CHECKOV" -d "$dir" --framework terraform,cloudformation --skip-download --quiet --compact -o json >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    kb=$(tail -n 1 "$memfile"); rm -f "$memfile"
    csecs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
    read -r secs2 _ < <(measure "$KEYLINT" check --format json "$input")
    ratio=$(awk -v c="$csecs" -v a="$secs" -v b="$secs2" 'BEGIN {m = (a + b) / 2; printf "%.0fx", c / m}')
    printf '| %s (checkov) | %s MB | %s | %s s (1 run) | %d MB | | keylint before/after: %.3f/%.3f s; keylint is %s faster |\n' \
      "$size" "$megabytes" "$files" "$csecs" $((kb / 1024)) "$secs" "$secs2" "$ratio"
  fi
done
