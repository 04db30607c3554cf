# shellcheck shell=bash
# keylint's Python wheel (pyproject.toml, maturin), shared by
# scripts/test-wheel.sh and scripts/test-pre-commit-wheel.sh. Source it;
# the caller sets `checkout` and `cache`.

# Prints the path of maturin, installed from PyPI into $cache/maturin-venv
# (reused when present). Returns 1 when it cannot be installed; the pip log
# is $cache/maturin-pip.log.
maturin_path() {
  local venv=${cache:?}/maturin-venv
  if [[ ! -x $venv/bin/maturin ]]; then
    mkdir -p "$cache"
    rm -rf "$venv"
    python3 -m venv "$venv" >/dev/null 2>&1 || return 1
    "$venv/bin/pip" install --quiet --disable-pip-version-check maturin >"$cache/maturin-pip.log" 2>&1 ||
      return 1
  fi
  printf '%s\n' "$venv/bin/maturin"
}

# Absolute path of the Cargo target directory maturin builds into: the
# same as CI's release build (CARGO_TARGET_DIR, else target/), so the wheel
# reuses it instead of compiling keylint again.
target_dir() {
  local dir=${CARGO_TARGET_DIR:-target}
  [[ $dir == /* ]] || dir=${checkout:?}/$dir
  printf '%s\n' "$dir"
}

# build_wheel MATURIN OUT_DIR: `maturin build --release --locked` into
# OUT_DIR (which must hold no other wheel); prints the wheel's path. The
# build's output is OUT_DIR/maturin.log.
build_wheel() {
  local maturin=$1 out=$2 wheels
  mkdir -p "$out"
  (cd "$checkout" && CARGO_TARGET_DIR=$(target_dir) "$maturin" build --release --locked --out "$out") \
    >"$out/maturin.log" 2>&1 || return 1
  shopt -s nullglob
  wheels=("$out"/*.whl)
  shopt -u nullglob
  [[ ${#wheels[@]} -eq 1 ]] || return 1
  printf '%s\n' "${wheels[0]}"
}

# Cargo.toml's version.
cargo_version() {
  sed -n 's/^version = "\(.*\)"$/\1/p' "$checkout/Cargo.toml" | head -n 1
}

# Milliseconds since the epoch.
now_ms() {
  local t=${EPOCHREALTIME//[.,]/}
  printf '%s\n' $((t / 1000))
}
