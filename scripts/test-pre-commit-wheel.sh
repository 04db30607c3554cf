#!/usr/bin/env bash
# Tests the pre-commit hook that needs no Rust toolchain (pre-commit-wheel/)
# with the real pre-commit, as users get it: pre-commit-wheel/ committed and
# tagged in a throwaway hook repository (as keylint-pre-commit is
# published), and a sample repository using it. The hook's `language:
# python` environment installs the keylint wheel built from this checkout:
# pip gets PIP_NO_INDEX=1 and PIP_FIND_LINKS=<the wheel's folder>, so it
# can only take that wheel. pre-commit runs with no cargo or rustc on PATH.
#
#   scripts/test-pre-commit-wheel.sh
#
# Prints the time of the first run (hook environment installed, then run),
# with a fresh PRE_COMMIT_HOME.
#
# Caches, under $KEYLINT_CI_CACHE (default /tmp/keylint-ci-cache):
#   pre-commit-venv/          pre-commit from PyPI, when it is not on PATH
#   maturin-venv/             maturin from PyPI (scripts/wheel.sh)
#   pre-commit-wheel-links/   the setuptools wheel: pip builds the hook
#                             repository with it (`pip install .`)
# The wheel is built from the release build in CARGO_TARGET_DIR (else
# target/), as scripts/test-wheel.sh does.
#
# Exits 0 with "skipped: ..." when pre-commit, maturin or setuptools cannot
# be installed (offline) or cargo is missing, 1 when a check fails.
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
cache=${KEYLINT_CI_CACHE:-/tmp/keylint-ci-cache}

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source=scripts/wheel.sh
. "$(dirname "$0")/wheel.sh"
# shellcheck source=scripts/fixtures.sh
. "$(dirname "$0")/fixtures.sh"

# --- tools -----------------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || skip "cargo not found (needed to build the wheel under test)"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
pre_commit=$(pre_commit_path) ||
  skip "cannot install pre-commit from PyPI (offline?, or python3 -m venv does not work), see $cache/pip.log"
echo "pre-commit: $("$pre_commit" --version)"
maturin=$(maturin_path) || skip "cannot install maturin from PyPI (offline?), see $cache/maturin-pip.log"
links_cache=$cache/pre-commit-wheel-links
if ! compgen -G "$links_cache/setuptools-*.whl" >/dev/null; then
  mkdir -p "$links_cache"
  "$(dirname "$maturin")/pip" download --quiet --disable-pip-version-check --only-binary=:all: --no-deps \
    --dest "$links_cache" setuptools >"$cache/setuptools-pip.log" 2>&1 ||
    skip "cannot download setuptools from PyPI (offline?), see $cache/setuptools-pip.log"
fi
version=$(cargo_version)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/keylint-test-pre-commit-wheel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- the wheel, and the only index pip may use -------------------------------------
wheel=$(build_wheel "$maturin" "$tmp/dist") ||
  fail "maturin build did not leave one wheel: $(tail -30 "$tmp/dist/maturin.log")"
mkdir -p "$tmp/links"
cp "$wheel" "$links_cache"/setuptools-*.whl "$tmp/links/"
ok "built $(basename "$wheel")"

export PIP_NO_INDEX=1 PIP_FIND_LINKS=$tmp/links PIP_DISABLE_PIP_VERSION_CHECK=1
export PRE_COMMIT_HOME=$tmp/pre-commit-home PRE_COMMIT_COLOR=never NO_COLOR=1
# No Rust toolchain: no folder holding cargo or rustc stays on PATH.
path=
IFS=: read -r -a dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [[ -n $dir && ! -e $dir/cargo && ! -e $dir/rustc ]] && path=${path:+$path:}$dir
done
if ! PATH=$path command -v git >/dev/null 2>&1; then
  # cargo is installed beside git (e.g. /usr/bin): it stays on PATH.
  path=$PATH
  echo "note: cargo shares a folder with git; the hook runs with cargo on PATH"
fi

# --- the hook repository, as published: pre-commit-wheel/ at its root, tagged -------
hooks=$tmp/keylint-pre-commit
mkdir -p "$hooks"
cp -R "$checkout/pre-commit-wheel/." "$hooks/"
git_quiet() { git -c user.name=keylint-test -c user.email=keylint-test@example.invalid -c commit.gpgsign=false -c tag.gpgsign=false "$@"; }
git init -q "$hooks"
git_quiet -C "$hooks" add -A
git_quiet -C "$hooks" commit -q -m "keylint $version"
git_quiet -C "$hooks" tag "v$version"
(cd "$hooks" && "$pre_commit" validate-manifest .pre-commit-hooks.yaml) ||
  fail "pre-commit validate-manifest rejects pre-commit-wheel/.pre-commit-hooks.yaml"
ok "validate-manifest pre-commit-wheel/.pre-commit-hooks.yaml"

# --- a repository using it ------------------------------------------------------------
repo=$tmp/sample
git init -q "$repo"
cd "$repo"
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hooks
    rev: v$version
    hooks:
      - id: keylint
EOF
printf '# test\n' >README.md
commit_all() {
  git_quiet add -A
  git_quiet commit -q --no-verify -m "$1"
}

# hook EXPECT LABEL ARGS...: `pre-commit run keylint ARGS` without Rust on
# PATH; EXPECT is pass or fail. The output is left in $out.
runs=0
hook() {
  local expect=$1 label=$2 status=0
  shift 2
  runs=$((runs + 1))
  out=$tmp/out.$runs
  PATH=$path "$pre_commit" run keylint --verbose "$@" >"$out" 2>&1 || status=$?
  if [[ $expect == fail && $status -eq 0 ]] || [[ $expect == pass && $status -ne 0 ]]; then
    cat "$out" >&2
    fail "$label: expected the hook to $expect (pre-commit run keylint $* exited with $status)"
  fi
  ok "$label: hook ${expect}ed (pre-commit run keylint $*)"
}
expect_in_output() {
  grep -qF -- "$1" "$out" || {
    cat "$out" >&2
    fail "$2: \`$1\` not in the hook's output"
  }
}

violating_module infra
commit_all "violating module"
start=$(now_ms)
hook fail "violating module, --all-files (first run: installs the hook)" --all-files
first=$(($(now_ms) - start))
expect_in_output KL001 "violating module"
expect_in_output infra/keys.tf "violating module"
echo "    (first run, hook environment installed from the wheel: $first ms)"

# The hook's environment holds the wheel's keylint.
shopt -s nullglob
envs=("$PRE_COMMIT_HOME"/repo*/py_env-*/bin/keylint)
shopt -u nullglob
[[ ${#envs[@]} -eq 1 ]] || fail "expected one hook environment with bin/keylint, found ${#envs[@]}"
got=$("${envs[0]}" --version)
[[ $got == "keylint $version" ]] || fail "the hook's keylint --version says '$got'"
ok "the hook environment's keylint is the wheel's ($got)"

start=$(now_ms)
hook fail "one changed file, --files infra/keys.tf" --files infra/keys.tf
expect_in_output infra/users.tf "one changed file (the login profile is in the file not passed)"
echo "    (a run with the environment installed: $(($(now_ms) - start)) ms)"

clean_module infra
commit_all "clean module"
hook pass "clean module, --all-files" --all-files
hook pass "README.md only" --files README.md
expect_in_output "(no files to check)" "README.md only (the hook must not run)"

echo "test-pre-commit-wheel: all checks passed"
