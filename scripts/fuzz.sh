#!/usr/bin/env bash
# Coverage-guided fuzzing of keylint with cargo-fuzz (libFuzzer), on the
# stable toolchain (`-s none`: no sanitizer, which would need nightly; Rust
# code is memory-safe, so what the fuzzer hunts is panics, stack overflows,
# hangs and runaway memory, all of which libFuzzer catches without ASan).
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 600
#   TARGET              default: every target (hcl hcl_json cfn_yaml cfn_json
#                       plan_json pipeline tf_structured cfn_structured)
# Environment:
#   FUZZ_JOBS    targets run at the same time (default 2)
#   FUZZ_SHARED  extra seed cases (default ../shared/corpus/cases); copied
#                into fuzz/corpus at run time, never committed
#
# Every fuzzer runs under `nice -n 19`. Seeds are copied from testdata/ (and
# FUZZ_SHARED) into fuzz/corpus/<target>/ (the structure-aware targets,
# tf_structured and cfn_structured, draw programs from the bytes with
# `arbitrary`: no seeds, no dictionary), crashes land in
# fuzz/artifacts/<target>/, logs in fuzz/logs/<target>.log. Ends with a table
# per target: seconds, executions, coverage (edges), features, corpus size,
# crashes. Exit status 1 when any target left a crash, timeout or OOM.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-600}
shift || true
all=(hcl hcl_json cfn_yaml cfn_json plan_json pipeline tf_structured cfn_structured)
targets=("${@:-${all[@]}}")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
jobs=${FUZZ_JOBS:-2}
shared=${FUZZ_SHARED:-$root/../shared/corpus/cases}

if ! cargo fuzz --version >/dev/null 2>&1; then
    nice -n 19 cargo install cargo-fuzz --locked
fi

echo "building fuzz targets..." >&2
(cd fuzz && nice -n 19 cargo fuzz build -s none)

# --- seeds -------------------------------------------------------------
seed() { # seed TARGET FILE: copy FILE into the target's corpus (by content hash)
    local dir=fuzz/corpus/$1
    mkdir -p "$dir"
    # libFuzzer's -max_len is learnt from the seeds: keep them small.
    [ "$(wc -c <"$2")" -le 65536 ] || return 0
    cp "$2" "$dir/seed-$(sha1sum "$2" | cut -c1-16)"
}
seed_from() { # seed_from DIR
    [ -d "$1" ] || return 0
    while IFS= read -r -d '' f; do
        case $f in
        *.tf | *.tfvars) seed hcl "$f"; seed pipeline "$f" ;;
        *.tf.json | *.tfvars.json) seed hcl_json "$f"; seed pipeline "$f" ;;
        *.yaml | *.yml | *.template)
            if head -c 1 "$f" | grep -q '{'; then seed cfn_json "$f"; else seed cfn_yaml "$f"; fi
            seed pipeline "$f" ;;
        *.json)
            if grep -q '"format_version"' "$f"; then seed plan_json "$f"
            elif grep -qE 'AWSTemplateFormatVersion|AWS::' "$f"; then seed cfn_json "$f"
            else seed hcl_json "$f"; fi
            seed pipeline "$f" ;;
        esac
    done < <(find "$1" -type f -print0)
}
seed_from testdata
seed_from "$shared"

# --- run ---------------------------------------------------------------
mkdir -p fuzz/logs
dict_for() { # empty: no dictionary (structure-aware targets read no text)
    case $1 in
    hcl) echo fuzz/dict/hcl.dict ;;
    hcl_json | cfn_json | plan_json) echo fuzz/dict/json.dict ;;
    cfn_yaml) echo fuzz/dict/yaml.dict ;;
    *_structured) ;;
    *) echo fuzz/dict/all.dict ;;
    esac
}
limits_for() { # input lengths: structure-aware targets draw programs from the
    # bytes, so long inputs from the start (a 60 s trial: half again the edges)
    case $1 in
    *_structured) echo "-max_len=16384 -len_control=0" ;;
    *) echo "-max_len=65536" ;;
    esac
}
run() {
    local t=$1 dict limits
    dict=$(dict_for "$t")
    read -r -a limits <<<"$(limits_for "$t")"
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    echo "fuzzing $t for ${seconds}s" >&2
    (cd fuzz && nice -n 19 cargo fuzz run -s none "$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        "${limits[@]}" -print_final_stats=1 \
        ${dict:+-dict="$root/$dict"} \
        >"$root/fuzz/logs/$t.log" 2>&1) || true
}
running=0
for t in "${targets[@]}"; do
    run "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

# --- summary -----------------------------------------------------------
status=0
printf '%-14s %8s %12s %8s %9s %7s %8s\n' target seconds executions edges features corpus crashes
for t in "${targets[@]}"; do
    log=fuzz/logs/$t.log
    # A target stopped by a crash prints no final stats: no grep may fail here.
    touch "$log"
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    secs=$(grep -o 'stat::slowest_unit_time_sec\|Done [0-9]* runs in [0-9]* second' "$log" | grep -o '[0-9]* second' | grep -o '[0-9]*' | tail -1 || true)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    edges=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || true)
    ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*' || true)
    corp=$(echo "$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*' || true)
    crashes=$(find "fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l)
    [ "$crashes" -eq 0 ] || status=1
    printf '%-14s %8s %12s %8s %9s %7s %8s\n' "$t" "${secs:-?}" "${execs:-?}" "${edges:-?}" "${ft:-?}" "${corp:-?}" "$crashes"
done
exit $status
