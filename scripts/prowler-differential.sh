#!/usr/bin/env bash
# Differential test of keylint's credential-report rules (KL001-KL005)
# against Prowler's checks for the same CIS controls, run on the same
# reports at the same time.
#
#   scripts/prowler-differential.sh [--as-of TIME] [--seed N] [--random-users N] [REPORT.csv ...]
#
# Builds keylint, installs Prowler from PyPI into a virtual environment
# ($PROWLER_VENV, default /tmp/prowler-venv; version $PROWLER_VERSION,
# default 5.46.0) when it is not there yet, then runs
# scripts/prowler_compare.py: it writes boundary-case and seeded random
# reports (plus any REPORT.csv given), runs `keylint check --format json
# --as-of TIME` and Prowler's five check classes (offline: the report is
# injected into Prowler's IAM service object, its clock frozen at TIME) on
# each, and prints every difference with its row and class, a table per
# control and each class with an example. Exits 1 when a difference fits
# no known class; says "skipped: ..." and exits 0 when Prowler cannot be
# installed.
#
# The reports are written to a temporary folder, removed at the end, or to
# $PROWLER_DIFF_WORKDIR, kept. Installing Prowler takes about ten minutes
# (some 300 packages); everything runs under `nice -n 19`.
set -euo pipefail

# Reports named on the command line, made absolute before leaving the
# caller's folder.
args=()
for arg in "$@"; do
  if [[ -f $arg ]]; then
    args+=("$(realpath "$arg")")
  else
    args+=("$arg")
  fi
done
cd "$(dirname "$0")/.."

venv=${PROWLER_VENV:-/tmp/prowler-venv}
version=${PROWLER_VERSION:-5.46.0}
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import prowler' 2>/dev/null; then
  echo "==> installing prowler $version into $venv (takes a while)"
  if ! nice -n 19 sh -c "python3 -m venv '$venv' && '$venv/bin/pip' install -q 'prowler==$version'" >/dev/null 2>&1; then
    echo "skipped: could not install prowler from PyPI"
    exit 0
  fi
fi
echo "==> prowler $("$venv/bin/python" -c 'from prowler.config.config import prowler_version; print(prowler_version)') in $venv"

echo "==> building keylint"
nice -n 19 cargo build --locked --release --quiet
keylint="${CARGO_TARGET_DIR:-target}/release/keylint"
keylint=$(realpath "$keylint")

if [[ -n ${PROWLER_DIFF_WORKDIR:-} ]]; then
  work=$PROWLER_DIFF_WORKDIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/keylint-prowler-differential.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

echo "==> comparing keylint with prowler"
nice -n 19 "$venv/bin/python" scripts/prowler_compare.py "$keylint" "$work" "${args[@]}"
