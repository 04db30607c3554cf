#!/usr/bin/env bash
# Differential test of keylint's CloudFormation YAML reader against cfn-lint
# (PyYAML with libyaml, as CloudFormation's own tools read templates).
#
#   scripts/cfn-yaml-differential.sh
#
# Reads every .yaml/.yml/.template file of testdata/, of the YAML edge
# cases in scripts/cfn-yaml-cases/ and of ../shared/corpus/cases when
# present (read in place, never copied) with both cfn-lint's decoder and
# keylint's front-end (examples/cfn_model.rs), then compares them
# (scripts/cfn_yaml_compare.py): the same files accepted and rejected, and
# for each file both read, the same IAM facts from keylint's reading of the
# YAML as from keylint's reading of the JSON cfn-lint decoded it to. Fails on
# any disagreement not listed in scripts/cfn-yaml-differential-known.tsv.
#
# Needs python3 and cargo; installs cfn-lint from PyPI into a virtual
# environment under $KEYLINT_CI_CACHE (default /tmp/keylint-ci-cache), or
# says "skipped: ..." and exits 0 when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${KEYLINT_CI_CACHE:-/tmp/keylint-ci-cache}
venv=$cache/cfn-lint-venv
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import cfnlint' 2>/dev/null; then
  echo "==> installing cfn-lint into $venv"
  mkdir -p "$cache"
  if ! timeout 300 sh -c "python3 -m venv '$venv' && '$venv/bin/pip' install -q cfn-lint" >/dev/null 2>&1; then
    echo "skipped: could not install cfn-lint from PyPI"
    exit 0
  fi
fi
echo "==> $("$venv/bin/cfn-lint" --version)"

work=$(mktemp -d "${TMPDIR:-/tmp}/keylint-cfn-yaml-differential.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "==> building examples/cfn_model.rs"
cargo build --locked --release --quiet --example cfn_model
cfn_model="${CARGO_TARGET_DIR:-target}/release/examples/cfn_model"

roots=(testdata scripts/cfn-yaml-cases)
if [[ -d ../shared/corpus/cases ]]; then
  roots+=(../shared/corpus/cases)
fi
mapfile -d '' files < <(find "${roots[@]}" -type f \
  \( -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) \
  -not -path '*/.github/*' -not -name '.pre-commit*' -print0 | sort -z)

echo "==> reading ${#files[@]} YAML files with both readers"
"$venv/bin/python" scripts/cfn_yaml_compare.py "$cfn_model" \
  scripts/cfn-yaml-differential-known.tsv "$work" "${files[@]}"
