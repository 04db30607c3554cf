#!/usr/bin/env bash
# Tests the Python distribution (pyproject.toml): builds the wheel and the
# sdist with maturin, installs the wheel into a fresh venv with pip, and
# checks that the installed `keylint` is this version and lints every
# testdata/ case and demo/ exactly as the release binary does.
#
#   scripts/test-wheel.sh
#
# The wheel is built from the release build in CARGO_TARGET_DIR (else
# target/), as CI's earlier `cargo build --release` left it: maturin then
# only links keylint (stripped). Everything else goes to a temporary folder.
# Prints the wheel's size and the time `pip install` takes.
#
# Caches, under $KEYLINT_CI_CACHE (default /tmp/keylint-ci-cache):
#   maturin-venv/   maturin from PyPI
#
# Exits 0 with "skipped: ..." when maturin cannot be installed (offline) or
# cargo or python3 is missing, 1 when a check fails.
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
cache=${KEYLINT_CI_CACHE:-/tmp/keylint-ci-cache}

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck source=scripts/wheel.sh
. "$(dirname "$0")/wheel.sh"

command -v cargo >/dev/null 2>&1 || skip "cargo not found"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
python3 -m venv --help >/dev/null 2>&1 || skip "python3 -m venv does not work here"
maturin=$(maturin_path) || skip "cannot install maturin from PyPI (offline?), see $cache/maturin-pip.log"
echo "maturin: $("$maturin" --version)"
version=$(cargo_version)
[[ -n $version ]] || fail "no version in Cargo.toml"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/keylint-test-wheel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- the release binary, kept before maturin relinks it stripped ----------------
(cd "$checkout" && cargo build --locked --release --quiet)
mkdir -p "$tmp/release"
cp "$(target_dir)/release/keylint" "$tmp/release/keylint"

# --- the wheel ----------------------------------------------------------------------
start=$(now_ms)
wheel=$(build_wheel "$maturin" "$tmp/dist") ||
  fail "maturin build did not leave one wheel: $(tail -30 "$tmp/dist/maturin.log")"
echo "    (maturin build took $(($(now_ms) - start)) ms)"
name=$(basename "$wheel")
ok "built $name"

# keylint-VERSION-py3-none-PLATFORM.whl: no Python ABI, one platform.
[[ $name =~ ^keylint-([^-]+)-py3-none-([^-]+)\.whl$ ]] ||
  fail "$name: expected keylint-$version-py3-none-<platform>.whl"
[[ ${BASH_REMATCH[1]} == "$version" ]] || fail "$name: version ${BASH_REMATCH[1]}, Cargo.toml says $version"
platform=${BASH_REMATCH[2]}
if [[ $(uname -s) == Linux ]]; then
  # PyPI takes Linux wheels only with a manylinux or musllinux tag.
  IFS=. read -r -a platforms <<<"$platform"
  for p in "${platforms[@]}"; do
    [[ $p =~ ^(many|musl)linux(_[0-9]+_[0-9]+|1|2010|2014)_[a-z0-9_]+$ ]] ||
      fail "$name: platform tag $p is neither manylinux nor musllinux"
  done
fi
ok "tags: py3-none-$platform"

# What the wheel holds: the binary as a script, and its metadata; no sources.
python3 - "$wheel" "$version" >"$tmp/contents" <<'EOF' || fail "$(cat "$tmp/contents")"
import sys, zipfile
wheel, version = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(wheel)
names = z.namelist()
info = f"keylint-{version}.dist-info/"
script = f"keylint-{version}.data/scripts/keylint"
extra = [n for n in names if not n.startswith(info) and n != script]
problems = []
if script not in names:
    problems.append(f"no {script}")
if extra:
    problems.append(f"unexpected files: {extra}")
meta = z.read(info + "METADATA").decode()
for line in ("Name: keylint", f"Version: {version}", "License-Expression: MIT"):
    if line not in meta.splitlines():
        problems.append(f"METADATA has no `{line}`")
wheel_info = z.read(info + "WHEEL").decode().splitlines()
if "Root-Is-Purelib: false" not in wheel_info:
    problems.append("WHEEL is not Root-Is-Purelib: false")
if problems:
    print("; ".join(problems))
    sys.exit(1)
print("\n".join(sorted(names)))
EOF
ok "wheel holds keylint-$version.data/scripts/keylint and its metadata, nothing else"
size=$(wc -c <"$wheel")
echo "    wheel size: $size bytes ($((size / 1024)) KiB)"

# --- pip install into a fresh venv ---------------------------------------------------
python3 -m venv "$tmp/venv"
start=$(now_ms)
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check --no-index --no-deps "$wheel" ||
  fail "pip install $name"
echo "    (pip install took $(($(now_ms) - start)) ms)"
installed=$(PATH=$tmp/venv/bin:$PATH command -v keylint)
[[ $installed == "$tmp/venv/bin/keylint" ]] || fail "keylint on PATH is $installed, not the venv's"
ok "pip install put keylint on the venv's PATH"
got=$("$installed" --version)
[[ $got == "keylint $version" ]] || fail "keylint --version says '$got', Cargo.toml says $version"
ok "keylint --version: $got"

# same_output DIR ARGS...: the installed keylint and the release binary, run
# in DIR with ARGS, print the same bytes and exit with the same code.
compared=0
same_output() {
  local dir=$1 label
  shift
  label="(cd ${dir#"$checkout"/} && keylint $*)"
  for which in release wheel; do
    local bin=$tmp/release/keylint
    [[ $which == wheel ]] && bin=$installed
    (
      cd "$dir"
      set +e
      env -i PATH="$PATH" COLUMNS=100 "$bin" "$@" >"$tmp/$which.out" 2>"$tmp/$which.err"
      echo "exit $?" >>"$tmp/$which.out"
    )
  done
  cmp -s "$tmp/release.out" "$tmp/wheel.out" ||
    fail "$label: the wheel's output differs: $(diff "$tmp/release.out" "$tmp/wheel.out" | head -20)"
  cmp -s "$tmp/release.err" "$tmp/wheel.err" || fail "$label: the wheel's stderr differs"
  compared=$((compared + 1))
}

# Each testdata/ case as tests/testdata.rs runs it (its `args`, run from
# testdata/), in JSON; demo/ in JSON and SARIF; the rule documentation.
for case_dir in "$checkout"/testdata/*/; do
  case=$(basename "$case_dir")
  [[ $case == fuzz-regressions ]] && continue
  args=()
  if [[ -f $case_dir/args ]]; then
    mapfile -t args < <(grep -v '^$' "$case_dir/args")
  fi
  named=false
  for a in "${args[@]}"; do [[ $a == "$case"* ]] && named=true; done
  $named || args+=("$case")
  same_output "$checkout/testdata" check --format json "${args[@]}"
done
same_output "$checkout" check --format json demo
grep -q '"rule": "KL001"' "$tmp/wheel.out" || fail "keylint check demo found no KL001"
same_output "$checkout" check --format sarif demo
same_output "$checkout" rules --format json
same_output "$checkout" explain KL001
ok "the wheel's keylint prints what the release binary prints: $compared runs (testdata/ cases in JSON, demo/, rules, explain)"

# --- the sdist -------------------------------------------------------------------------
(cd "$checkout" && "$maturin" sdist --out "$tmp/sdist") >/dev/null 2>"$tmp/sdist.log" ||
  fail "maturin sdist: $(cat "$tmp/sdist.log")"
sdist=$tmp/sdist/keylint-$version.tar.gz
[[ -f $sdist ]] || fail "maturin sdist left no keylint-$version.tar.gz"
tar -tzf "$sdist" | sed -n "s|^keylint-$version/||p" | grep -v '/$' | grep -v '^$' | sort >"$tmp/sdist.list"
for dir in testdata tests fuzz benches examples scripts demo .ci .github pre-commit-wheel; do
  if grep -q "^$dir/" "$tmp/sdist.list"; then
    fail "the sdist holds $dir/: $(grep "^$dir/" "$tmp/sdist.list" | head -3 | tr '\n' ' ')"
  fi
done
for file in pyproject.toml Cargo.toml Cargo.lock LICENSE README.md src/main.rs rules/KL001.md; do
  grep -qxF "$file" "$tmp/sdist.list" || fail "the sdist has no $file"
done
# Cargo's `include` list decides the rest: the crate's files, plus
# pyproject.toml and PKG-INFO.
(cd "$checkout" && cargo package --list --locked --allow-dirty 2>/dev/null) |
  grep -v '^Cargo.toml.orig$' | grep -v '^\.cargo_vcs_info.json$' |
  cat - <(printf 'pyproject.toml\nPKG-INFO\n') | sort -u >"$tmp/package.list"
diff "$tmp/package.list" "$tmp/sdist.list" >"$tmp/list.diff" ||
  fail "the sdist's files are not Cargo's include list plus pyproject.toml: $(cat "$tmp/list.diff")"
ok "sdist: $(wc -l <"$tmp/sdist.list") files, Cargo's include list plus pyproject.toml and PKG-INFO; no testdata/, tests/, fuzz/"

# pip builds a wheel from the sdist (what pip does where no wheel fits),
# with the same target directory: cargo rebuilds only what changed.
start=$(now_ms)
PATH=$(dirname "$maturin"):$PATH CARGO_TARGET_DIR=$(target_dir) \
  "$(dirname "$maturin")/pip" wheel --quiet --disable-pip-version-check --no-index --no-deps \
  --no-build-isolation --wheel-dir "$tmp/from-sdist" "$sdist" >"$tmp/pip-wheel.log" 2>&1 ||
  fail "pip wheel from the sdist: $(tail -30 "$tmp/pip-wheel.log")"
python3 -m venv "$tmp/venv-sdist"
"$tmp/venv-sdist/bin/pip" install --quiet --disable-pip-version-check --no-index --no-deps "$tmp"/from-sdist/*.whl
got=$("$tmp/venv-sdist/bin/keylint" --version)
[[ $got == "keylint $version" ]] || fail "built from the sdist, keylint --version says '$got'"
installed=$tmp/venv-sdist/bin/keylint
same_output "$checkout" check --format json demo
ok "pip builds and installs the sdist; its keylint lints demo/ as the release binary does ($(($(now_ms) - start)) ms)"

echo "test-wheel: all checks passed"
