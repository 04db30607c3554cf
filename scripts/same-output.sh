#!/usr/bin/env bash
# Checks that two keylint binaries produce byte-identical output: for
# behaviour-preserving changes (refactors, performance work).
#
#   scripts/same-output.sh BEFORE AFTER
#
# Each binary lints every testdata/ case (with its `args`), all of testdata/,
# every unit of ../shared/corpus (when present) and a generated tree, in every
# output format (json, sarif, human, github) plus --verbose notes; exit codes
# are recorded too. Timings in summary lines are masked. Prints the number of
# runs compared and any difference; exits 1 when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -eq 2 ]] || { echo "usage: $0 BEFORE AFTER" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Copied under the name `keylint`: clap's usage messages show the binary's name.
mkdir -p "$work/bin/before" "$work/bin/after"
cp "$1" "$work/bin/before/keylint"
cp "$2" "$work/bin/after/keylint"
before=$work/bin/before/keylint
after=$work/bin/after/keylint

# A generated tree (deterministic, seeded): many modules, templates and plans.
cargo run --quiet --release --example generate -- small "$work/tree" >/dev/null 2>&1

# Lines of "DIR<TAB>ARGS..." (the directory to run in, then the arguments).
targets="$work/targets"
: >"$targets"
for case in testdata/*/; do
  case=$(basename "$case")
  [[ $case == fuzz-regressions ]] && { printf '%s\t%s\n' testdata "$case" >>"$targets"; continue; }
  args=()
  if [[ -f testdata/$case/args ]]; then
    mapfile -t args < <(grep -v '^$' "testdata/$case/args")
  fi
  named=false
  for a in "${args[@]}"; do [[ $a == "$case"* ]] && named=true; done
  $named || args+=("$case")
  printf '%s\t%s\n' testdata "${args[*]}" >>"$targets"
done
printf '%s\t%s\n' . testdata >>"$targets"
printf '%s\t%s\n' "$work" tree >>"$targets"
corpus=../shared/corpus
if [[ -f $corpus/EXPECTED.tsv ]]; then
  tail -n +2 "$corpus/EXPECTED.tsv" | cut -f1 | sort -u | while read -r unit; do
    printf '%s\t%s\n' "$(realpath "$corpus/cases")" "$unit" >>"$targets"
  done
  printf '%s\t%s\n' "$(realpath "$corpus/cases")" . >>"$targets"
fi

mask_time() { sed -E 's/ \([0-9]+\.[0-9]+s\)$/ ([time])/'; }

# run BINARY OUT_DIR: every target in every format.
run() {
  local bin=$1 out=$2 n=0 dir args
  mkdir -p "$out"
  while IFS=$'\t' read -r dir args; do
    n=$((n + 1))
    read -r -a argv <<<"$args"
    for format in json sarif human github; do
      local extra=()
      [[ $format == human ]] && extra=(--color never)
      # --verbose once per target (an `args` file may hold it already).
      [[ $format == human && " $args " != *" --verbose "* ]] && extra+=(--verbose)
      (
        cd "$dir"
        set +e
        env -i PATH="$PATH" COLUMNS=100 "$bin" check --format "$format" "${extra[@]}" "${argv[@]}" \
          >"$out/$n.$format.out" 2>"$out/$n.$format.err"
        echo "exit $?" >>"$out/$n.$format.out"
      )
      mask_time <"$out/$n.$format.out" >"$out/$n.$format.tmp" && mv "$out/$n.$format.tmp" "$out/$n.$format.out"
      printf '%s %s\n' "$dir" "$args" >"$out/$n.target"
    done
  done <"$targets"
  # The commands that describe the rules.
  "$bin" rules >"$out/rules.out"
  for rule in KL001 KL002 access-key-with-console-login; do
    "$bin" explain "$rule" >"$out/explain-$rule.out" 2>&1 || true
  done
}

run "$before" "$work/before"
run "$after" "$work/after"
runs=$(wc -l <"$targets")
if diff -r "$work/before" "$work/after" >"$work/diff"; then
  echo "same output: $runs targets x 4 formats, rules and explain"
else
  head -200 "$work/diff"
  echo "DIFFERENT output (first 200 lines of the diff above)" >&2
  exit 1
fi
