#!/usr/bin/env bash
# Differential test of keylint's Terraform evaluation against Terraform itself.
#
#   scripts/tf-differential/run.sh SEED N [WORKDIR]
#
# Generates N random programs from SEED (generate.py), plans them with
# Terraform (oracle.py, 2 at a time, nice -n 10; unchanged programs are not
# planned again), and compares keylint's findings with the plans (compare.py).
# WORKDIR defaults to $TMPDIR/keylint-tf-differential/seed-SEED-N; programs
# go to WORKDIR/programs, plans and the report to WORKDIR/oracle.
# keylint: $KEYLINT, else target/release/keylint of this repository.
# The plugin cache is shared between runs: $KEYLINT_TF_PLUGIN_CACHE, else
# $TMPDIR/keylint-tf-plugin-cache.
# MIN_AGREEMENT (a percentage) makes fewer agreeing programs a failure too.
# Exit status: compare.py's (1 on a false positive, a keylint failure, or
# agreement below MIN_AGREEMENT).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 SEED N [WORKDIR]" >&2
  exit 2
fi
if ! command -v terraform >/dev/null 2>&1; then
  echo "skipped: terraform not found"
  exit 0
fi
mirror=${TF_PLUGIN_MIRROR:-/opt/tf-plugins}
if [[ ! -d $mirror/registry.terraform.io/hashicorp/aws ]]; then
  echo "skipped: no hashicorp/aws provider in the filesystem mirror $mirror (set TF_PLUGIN_MIRROR)"
  exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
seed=$1
n=$2
work=${3:-${TMPDIR:-/tmp}/keylint-tf-differential/seed-$seed-$n}
keylint=${KEYLINT:-$here/../../target/release/keylint}
export KEYLINT_TF_PLUGIN_CACHE=${KEYLINT_TF_PLUGIN_CACHE:-${TMPDIR:-/tmp}/keylint-tf-plugin-cache}
mkdir -p "$work" "$KEYLINT_TF_PLUGIN_CACHE"

start=$SECONDS
echo "==> generating $n programs (seed $seed) in $work/programs"
python3 "$here/generate.py" "$seed" "$n" "$work/programs"

echo "==> terraform plan (oracle), 2 at a time"
python3 "$here/oracle.py" --jobs 2 "$work/programs" "$work/oracle"

echo "==> comparing with keylint ($keylint)"
status=0
python3 "$here/compare.py" --keylint "$keylint" --jobs 2 \
  ${MIN_AGREEMENT:+--min-agreement "$MIN_AGREEMENT"} \
  "$work/programs" "$work/oracle" || status=$?
echo "==> done in $((SECONDS - start))s"
exit $status
