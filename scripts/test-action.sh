#!/usr/bin/env bash
# Runs the GitHub Action (action.yml) locally, the way the runner would run
# its bash steps, against throwaway fixtures.
#
#   scripts/test-action.sh [KEYLINT_BINARY]
#
# The steps are read from action.yml, not copied: each `shell: bash` step's
# body is run with `bash --noprofile --norc -eo pipefail`, with its `env:`
# mapping evaluated (`${{ inputs.X }}` from the test case or the input's
# default, `${{ steps.ID.outputs.X }}` from that step's $GITHUB_OUTPUT), and
# GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE
# and RUNNER_TEMP pointing at this checkout and temp files. The actions/cache
# steps are not run (no cache service here): the cache always misses.
#
# Without KEYLINT_BINARY the action's own build step runs `cargo install`,
# with CARGO_TARGET_DIR defaulting to this checkout's target directory so
# that a previous `cargo build --release --locked` is reused. With it, the
# binary stands in for a cache hit.
# ${{ }} and $VAR appear in single quotes on purpose: they are matched, not expanded.
# shellcheck disable=SC2016
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
action=$checkout/action.yml
given_bin=${1:-}

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}
ok() { printf 'ok: %s\n' "$*"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/keylint-test-action.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- action.yml, flattened ------------------------------------------------
# One record per line, tab-separated:
#   input NAME DEFAULT | step N KEY VALUE | step N env NAME EXPR | step N run LINE
# This reads the layout action.yml uses (2-space indents, steps under runs).
flatten() {
  awk '
    function unquote(s) {
      if (s ~ /^".*"$/ || s ~ /^\047.*\047$/) s = substr(s, 2, length(s) - 2)
      return s
    }
    /^[A-Za-z]/ { top = $0; sub(/:.*/, "", top); step = -1; next }
    top == "inputs" && /^  [A-Za-z0-9_-]+:[ ]*$/ { name = $0; gsub(/[ :]/, "", name); next }
    top == "inputs" && /^    default:/ {
      v = $0; sub(/^    default:[ ]*/, "", v); print "input\t" name "\t" unquote(v); next
    }
    top == "runs" && /^    - / { step++; sub(/^    - /, "      ") }
    top == "runs" && step >= 0 && /^      [a-z-]+:/ {
      key = $0; sub(/^ +/, "", key); val = key; sub(/:.*/, "", key); sub(/^[^:]*:[ ]*/, "", val)
      section = key
      if (key == "run" && val != "|") print "step\t" step "\trun\t" val
      else if (key != "run" && key != "env" && key != "with") print "step\t" step "\t" key "\t" unquote(val)
      next
    }
    top == "runs" && step >= 0 && section == "env" && /^        [A-Za-z_][A-Za-z0-9_]*:/ {
      l = $0; sub(/^ +/, "", l); n = l; sub(/:.*/, "", n); v = l; sub(/^[^:]*:[ ]*/, "", v)
      print "step\t" step "\tenv\t" n "\t" v; next
    }
    top == "runs" && step >= 0 && section == "run" && /^        / {
      l = $0; sub(/^        /, "", l); print "step\t" step "\trun\t" l; next
    }
  ' "$action"
}
flat=$tmp/action.tsv
flatten >"$flat"

# step_index ID: the index of the step with that id.
step_index() {
  awk -F '\t' -v id="$1" '$1 == "step" && $3 == "id" && $4 == id { print $2 }' "$flat"
}
# step_field N KEY: one field of step N.
step_field() {
  awk -F '\t' -v n="$1" -v k="$2" '$1 == "step" && $2 == n && $3 == k { print $4 }' "$flat"
}
input_default() {
  awk -F '\t' -v n="$1" '$1 == "input" && $2 == n { print $3; found = 1 } END { exit !found }' "$flat"
}

# --- static checks ----------------------------------------------------------
[[ -s $flat ]] || fail "could not read $action"
setup_step=$(step_index setup)
download_step=$(step_index download)
build_step=$(step_index build)
run_step=$(step_index run)
[[ -n $setup_step && -n $download_step && -n $build_step && -n $run_step ]] ||
  fail "action.yml must have steps with ids setup, download, build and run"
for n in "$setup_step" "$download_step" "$build_step" "$run_step"; do
  [[ $(step_field "$n" shell) == bash ]] || fail "step $n is not a bash step"
done

# Inputs reach scripts only through env mappings: an expression in a run
# body would be pasted into the script text (script injection).
if bad=$(grep -n '\${{' "$action" | grep -vE '^[0-9]+: +([A-Z_][A-Z0-9_]*|value|path|key|if): ' ); then
  fail "expressions outside env/with/outputs/if in action.yml:"$'\n'"$bad"
fi
if awk -F '\t' '$1 == "step" && $3 == "run" && $4 ~ /\$\{\{/' "$flat" | grep -q .; then
  fail "a run body in action.yml contains a \${{ }} expression"
fi
ok "action.yml: inputs reach the scripts only through env"

# Download and build each run only for their mode, and only on a cache miss.
for pair in "$download_step:download" "$build_step:build"; do
  condition=$(step_field "${pair%%:*}" if)
  [[ $condition == "steps.cache.outputs.cache-hit != 'true' && steps.setup.outputs.mode == '${pair#*:}'" ]] ||
    fail "the ${pair#*:} step runs on: $condition"
done
ok "download and build: each for its mode, on a cache miss"

# The run step calls the script shipped in this repository.
run_body=$(step_field "$run_step" run)
script=$(printf '%s\n' "$run_body" | sed -n 's|^bash "\$GITHUB_ACTION_PATH/\(scripts/[A-Za-z0-9_.-]*\)"$|\1|p')
[[ -n $script && -f $checkout/$script ]] ||
  fail "the run step should be: bash \"\$GITHUB_ACTION_PATH/scripts/<script>\", got: $run_body"
ok "run step runs $script"

# --- a tiny composite runner ------------------------------------------------
# run_step N WORKSPACE INPUTS_FILE: runs step N; INPUTS_FILE holds NAME=VALUE
# lines for inputs that differ from their defaults. Sets $step_status and
# leaves the step's outputs in $tmp/out.N, its PATH additions in
# $tmp/path.N and its log in $tmp/log.N. The action is $action_dir, the
# runner $runner_os/$runner_arch.
action_dir=$checkout runner_os=Linux runner_arch=X64
run_step() {
  local n=$1 workspace=$2 inputs=$3 name expr value envs=() body
  while IFS=$'\t' read -r name expr; do
    case $expr in
      '${{ inputs.'*' }}')
        local input=${expr#'${{ inputs.'}
        input=${input%' }}'}
        if grep -q "^$input=" "$inputs"; then
          value=$(sed -n "s/^$input=//p" "$inputs")
        else
          value=$(input_default "$input") || fail "env $name uses unknown input $input"
        fi
        ;;
      '${{ steps.'*'.outputs.'*' }}')
        local ref=${expr#'${{ steps.'}
        ref=${ref%' }}'}
        local id=${ref%%.*} key=${ref##*.}
        value=$(sed -n "s/^$key=//p" "$tmp/out.$(step_index "$id")")
        ;;
      *) fail "the test cannot evaluate env $name: $expr" ;;
    esac
    envs+=("$name=$value")
  done < <(awk -F '\t' -v n="$n" '$1 == "step" && $2 == n && $3 == "env" { print $4 "\t" $5 }' "$flat")
  body=$tmp/step.$n.sh
  step_field "$n" run >"$body"
  : >"$tmp/out.$n"
  : >"$tmp/path.$n"
  step_status=0
  (
    cd "$workspace"
    env GITHUB_ACTION_PATH="$action_dir" GITHUB_OUTPUT="$tmp/out.$n" GITHUB_PATH="$tmp/path.$n" \
      GITHUB_STEP_SUMMARY="$tmp/summary" GITHUB_WORKSPACE="$workspace" \
      RUNNER_TEMP="$tmp/runner" RUNNER_OS="$runner_os" RUNNER_ARCH="$runner_arch" \
      ${envs[@]+"${envs[@]}"} bash --noprofile --norc -eo pipefail "$body"
  ) >"$tmp/log.$n" 2>&1 || step_status=$?
}

output() { sed -n "s/^$1=//p" "$tmp/out.$run_step"; }

mkdir -p "$tmp/runner"
: >"$tmp/no-inputs"

# Setup, then build (or stand in for a cache hit).
run_step "$setup_step" "$checkout" "$tmp/no-inputs"
[[ $step_status -eq 0 ]] || fail "setup step failed: $(cat "$tmp/log.$setup_step")"
setup_out() { sed -n "s/^$1=//p" "$tmp/out.$setup_step"; }
bin=$(setup_out bin)
key=$(setup_out key)
# No release records this checkout's sources: built.
[[ $(setup_out mode) == build ]] || fail "setup: mode $(setup_out mode), expected build"
[[ $key =~ ^keylint-build-Linux-X64-[0-9a-f]{32}$ ]] || fail "unexpected cache key: $key"
[[ $(cat "$tmp/path.$setup_step") == "$tmp/runner/keylint-action/bin" ]] ||
  fail "setup: PATH gets $(cat "$tmp/path.$setup_step")"
run_step "$setup_step" "$checkout" "$tmp/no-inputs"
[[ $(setup_out key) == "$key" ]] || fail "cache key is not stable"
ok "setup step: unreleased sources are built, cache key $key, keylint on PATH"

if [[ -n $given_bin ]]; then
  [[ -x $given_bin ]] || fail "not an executable: $given_bin"
  mkdir -p "$(dirname "$bin")"
  cp "$given_bin" "$bin"
  ok "using $given_bin (as a cache hit)"
else
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$checkout/target}
  run_step "$build_step" "$checkout" "$tmp/no-inputs"
  [[ $step_status -eq 0 ]] || fail "build step failed: $(cat "$tmp/log.$build_step")"
  [[ -x $bin ]] || fail "the build step did not install $bin"
  ok "build step installed $bin"
fi

# --- a released keylint: downloaded and checked --------------------------
# A copy of the action that records a release of its own sources, made of
# the binary above the way release.yml archives it, served from a file URL.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$checkout/Cargo.toml" | head -n 1)
released=$tmp/released-action
mkdir -p "$released"
(cd "$checkout" && cp -R action.yml Cargo.toml Cargo.lock src rules scripts dist "$released/")
target=x86_64-unknown-linux-musl
stem=keylint-v$version-$target
mkdir -p "$tmp/releases/v$version" "$tmp/pack/$stem" "$tmp/tampered/v$version"
cp "$bin" "$tmp/pack/$stem/keylint"
cp "$bin" "$tmp/keylint-under-test"
tar -czf "$tmp/releases/v$version/$stem.tar.gz" -C "$tmp/pack" "$stem"
(cd "$tmp/releases/v$version" && sha256sum "$stem.tar.gz" >"$tmp/SHA256SUMS")
"$released/scripts/record-release.sh" "$version" "$tmp/SHA256SUMS" >/dev/null
grep -q "  $stem.tar.gz\$" "$released/dist/checksums.txt" || fail "record-release.sh recorded no checksum"
cp "$tmp/releases/v$version/$stem.tar.gz" "$tmp/tampered/v$version/"
printf 'x' >>"$tmp/tampered/v$version/$stem.tar.gz"

action_dir=$released
printf 'releases-url=file://%s\n' "$tmp/releases" >"$tmp/mirror"
run_step "$setup_step" "$checkout" "$tmp/mirror"
[[ $step_status -eq 0 && $(setup_out mode) == download ]] ||
  fail "release: setup mode $(setup_out mode): $(cat "$tmp/log.$setup_step")"
[[ $(setup_out url) == "file://$tmp/releases/v$version/$stem.tar.gz" ]] || fail "release: url $(setup_out url)"
[[ $(setup_out key) =~ ^keylint-$version-$target-[0-9a-f]{16}$ ]] || fail "release: cache key $(setup_out key)"
released_bin=$(setup_out bin)
rm -rf "$tmp/runner/keylint-action"
run_step "$download_step" "$checkout" "$tmp/mirror"
[[ $step_status -eq 0 && -x $released_bin ]] || fail "download failed: $(cat "$tmp/log.$download_step")"
[[ $("$released_bin" --version) == "keylint $version" ]] || fail "downloaded keylint: $("$released_bin" --version)"
ok "release: downloaded from the mirror, checked against the action's checksum, installed"

# An archive that is not the one recorded is refused, and nothing installed.
rm -rf "$tmp/runner/keylint-action"
printf 'releases-url=file://%s\n' "$tmp/tampered" >"$tmp/tampered-inputs"
run_step "$setup_step" "$checkout" "$tmp/tampered-inputs"
run_step "$download_step" "$checkout" "$tmp/tampered-inputs"
[[ $step_status -eq 2 && ! -e $released_bin ]] || fail "a tampered archive was installed (exit $step_status)"
grep -q "checksum mismatch" "$tmp/log.$download_step" || fail "tampered: $(cat "$tmp/log.$download_step")"
ok "a tampered archive: refused with a checksum mismatch, nothing installed"

# A version the action records nothing for is an error, never unchecked.
printf 'version=9.9.9\n' >"$tmp/unknown-version"
run_step "$setup_step" "$checkout" "$tmp/unknown-version"
if [[ $step_status -ne 2 ]] || ! grep -q "records no checksum for keylint 9.9.9" "$tmp/log.$setup_step"; then
  fail "unrecorded version: exit $step_status: $(cat "$tmp/log.$setup_step")"
fi
printf 'version=v%s\n' "$version" >"$tmp/own-version"
run_step "$setup_step" "$checkout" "$tmp/own-version"
[[ $(setup_out mode) == download ]] || fail "version v$version: mode $(setup_out mode)"
ok "version: a recorded release is downloaded, another is an error"

# Changed sources (a branch after the release) are built, and so is a
# platform without a release.
printf '\n// a change after the release\n' >>"$released/src/main.rs"
run_step "$setup_step" "$checkout" "$tmp/no-inputs"
[[ $(setup_out mode) == build ]] || fail "changed sources: mode $(setup_out mode)"
git -C "$checkout" show HEAD:src/main.rs >"$released/src/main.rs" 2>/dev/null || cp "$checkout/src/main.rs" "$released/src/main.rs"
runner_os=FreeBSD
run_step "$setup_step" "$checkout" "$tmp/no-inputs"
[[ $(setup_out mode) == build ]] || fail "FreeBSD: mode $(setup_out mode)"
runner_os=Linux action_dir=$checkout
ok "unreleased sources and platforms without a release: built"
mkdir -p "$(dirname "$bin")"
cp "$tmp/keylint-under-test" "$bin"

# --- fixtures ----------------------------------------------------------------
# shellcheck source=scripts/fixtures.sh
. "$(dirname "$0")/fixtures.sh"
violating() { violating_module "$1"; }
clean() { clean_module "$1"; }

# case NAME FIXTURE EXPECTED_STATUS [INPUT=VALUE...]: runs the run step in
# a fresh workspace made by FIXTURE.
case_no=0
case_() {
  local name=$1 fixture=$2 expected=$3
  shift 3
  case_no=$((case_no + 1))
  ws=$tmp/ws$case_no
  mkdir -p "$ws"
  "$fixture" "$ws"
  printf '%s\n' "$@" >"$tmp/inputs.$case_no"
  : >"$tmp/summary"
  run_step "$run_step" "$ws" "$tmp/inputs.$case_no"
  log=$(cat "$tmp/log.$run_step")
  [[ $step_status -eq $expected ]] ||
    fail "$name: exit code $step_status, expected $expected; log:"$'\n'"$log"
}

violating_infra() { violating "$1/infra"; }
clean_infra() { clean "$1/infra"; }

# (a) findings: exit 1, an exact count, the KL001 finding in the log.
case_ "violating module" violating_infra 1
[[ $(output findings) == 1 ]] || fail "violating module: findings=$(output findings), expected 1"
[[ $log == *KL001* ]] || fail "violating module: KL001 not in the log"
[[ -z $(output sarif-file) ]] || fail "violating module: sarif-file set without the input"
[[ -s $tmp/summary ]] || fail "violating module: the step summary is empty"
ok "step summary written"
ok "violating module: exit 1, findings=1"

# (a2) SARIF beside it.
case_ "violating module with SARIF" violating_infra 1 sarif-file=reports/keylint.sarif
sarif=$ws/reports/keylint.sarif
[[ $(output sarif-file) == reports/keylint.sarif ]] || fail "sarif-file output: $(output sarif-file)"
[[ -s $sarif ]] || fail "no SARIF written to $sarif"
if command -v python3 >/dev/null; then
  python3 - "$sarif" <<'EOF' || fail "the SARIF file is not a SARIF 2.1.0 document with one result"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == "2.1.0", doc.get("version")
assert sum(len(run.get("results", [])) for run in doc["runs"]) == 1
EOF
fi
ok "SARIF written and valid JSON"

# (b) clean: exit 0, findings=0.
case_ "clean module" clean_infra 0
[[ $(output findings) == 0 ]] || fail "clean module: findings=$(output findings), expected 0"
ok "clean module: exit 0, findings=0"

# (c) fail-on never: findings are counted, the step passes.
case_ "fail-on never" violating_infra 0 fail-on=never
[[ $(output findings) == 1 ]] || fail "fail-on never: findings=$(output findings), expected 1"
ok "fail-on never: exit 0, findings=1"

case_ "fail-on warning" violating_infra 1 fail-on=warning
ok "fail-on warning: exit 1"
case_ "fail-on bogus" violating_infra 2 fail-on=sometimes
[[ $log == *"fail-on must be"* ]] || fail "no clear message for a bad fail-on: $log"
ok "bad fail-on: exit 2 with a message"

# strict: a checkout's keylint.toml that switches the rule off is not honoured.
switched_off() {
  violating "$1/infra"
  printf '[rules]\nKL001 = "off"\n' >"$1/keylint.toml"
}
case_ "rule switched off by the checkout" switched_off 0
[[ $(output findings) == 0 ]] || fail "keylint.toml: findings=$(output findings), expected 0"
case_ "strict" switched_off 1 strict=true
[[ $(output findings) == 1 ]] || fail "strict: findings=$(output findings), expected 1"
case_ "strict bogus" switched_off 2 strict=yes
[[ $log == *"strict must be true or false"* ]] || fail "no clear message for a bad strict: $log"
ok "strict: the checkout's keylint.toml is not honoured"

# Files that cannot be parsed fail the step whatever fail-on says.
broken() {
  violating "$1/infra"
  printf 'resource "aws_iam_user" "x" {\n  name = \n' >"$1/infra/broken.tf"
}
case_ "parse error, fail-on never" broken 2 fail-on=never
ok "parse error: exit 2 even with fail-on never"

# Paths and args are split like shell words, and never evaluated.
spaced() { violating "$1/my infra"; clean "$1/other"; }
case_ "quoted path" spaced 1 'path="my infra" other' 'args=--var "unused=a b" --color never'
[[ $(output findings) == 1 ]] || fail "quoted path: findings=$(output findings), expected 1"
ok "quoted path with a space: linted"
case_ "no expansion" clean_infra 2 'args=--var x=$(touch pwned) `touch pwned2` ${HOME}'
[[ ! -e $ws/pwned && ! -e $ws/pwned2 ]] || fail "args were evaluated by a shell"
ok "args with \$(...) and backticks: passed literally, nothing run"

case_ "format json" violating_infra 1 format=json
ok "format json: exit 1"

echo "test-action: all checks passed"
