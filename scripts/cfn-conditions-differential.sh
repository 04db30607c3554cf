#!/usr/bin/env bash
# Conditional CloudFormation findings (`--all-inputs`) against stacks that
# moto's CloudFormation deploys, one per combination of the parameters'
# values (scripts/cfn_conditions_compare.py says what is compared).
#
#   scripts/cfn-conditions-differential.sh [KEYLINT] [SEED] [N]
#
# KEYLINT defaults to target/release/keylint; SEED to 1; N (templates) to
# 60. Uses the moto virtual environment in KEYLINT_CI_CACHE (default
# /tmp/keylint-ci-cache), shared with scripts/test-aws-fetch.sh; says
# "skipped: ..." and exits 0 when moto cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

keylint=$(realpath "${1:-target/release/keylint}")
seed=${2:-1}
templates=${3:-60}
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
cache=${KEYLINT_CI_CACHE:-/tmp/keylint-ci-cache}
venv=$(moto_venv) || skip "cannot install moto[server] from PyPI"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" -B scripts/cfn_conditions_compare.py "$keylint" "$seed" "$templates" "$work"
