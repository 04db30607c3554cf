#!/usr/bin/env bash
# Differential test of keylint's Terraform HCL front-end against HashiCorp's
# own HCL v2 parser.
#
#   scripts/hcl-differential.sh
#
# Parses every .tf file of testdata/ and tests/hcl/, of ../shared/corpus/cases
# when present (read in place, never copied), and every .hcl and .tf file of
# HCL's spec suite, with both HashiCorp's hclsyntax (scripts/hcl-oracle, Go)
# and keylint's parser (examples/hcl_blocks.rs), then compares them
# (scripts/hcl_compare.py): the same files accepted and rejected, the same
# blocks with the same start and end line and column. Fails on any
# disagreement not listed in scripts/hcl-differential-known.tsv.
#
# Needs Debian's golang-go and golang-github-hashicorp-hcl-v2-dev (installed
# with apt-get when missing and running as root; otherwise, or when apt is
# unreachable, says "skipped: ..." and exits 0), python3 and cargo. The Go
# program builds offline (GO111MODULE=off) into $TMPDIR.
set -euo pipefail
cd "$(dirname "$0")/.."

hcl_src=/usr/share/gocode/src/github.com/hashicorp/hcl/v2
have_oracle() { command -v go >/dev/null 2>&1 && [[ -d $hcl_src/hclsyntax ]]; }

if ! have_oracle; then
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "skipped: needs golang-go and golang-github-hashicorp-hcl-v2-dev (apt-get, as root)"
    exit 0
  fi
  echo "==> installing golang-go golang-github-hashicorp-hcl-v2-dev"
  if ! timeout 240 sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go golang-github-hashicorp-hcl-v2-dev' >/dev/null 2>&1 \
    || ! have_oracle; then
    echo "skipped: could not install golang-go golang-github-hashicorp-hcl-v2-dev (apt unreachable?)"
    exit 0
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/keylint-hcl-differential.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "==> building the HCL oracle (Go, offline)"
GO111MODULE=off GOPATH=${TMPDIR:-/tmp}/keylint-gopath:/usr/share/gocode \
  go build -o "$work/hcl-oracle" ./scripts/hcl-oracle

echo "==> building examples/hcl_blocks.rs"
cargo build --locked --release --quiet --example hcl_blocks
keylint_blocks="${CARGO_TARGET_DIR:-target}/release/examples/hcl_blocks"

{
  find testdata tests/hcl -name '*.tf' -type f -print0
  if [[ -d ../shared/corpus/cases ]]; then
    find ../shared/corpus/cases -name '*.tf' -type f -print0
  fi
  find "$hcl_src/specsuite/tests" \( -name '*.hcl' -o -name '*.tf' \) -type f -print0
} | sort -z >"$work/files"

echo "==> parsing $(tr -cd '\0' <"$work/files" | wc -c) files with both parsers"
xargs -0 "$work/hcl-oracle" <"$work/files" >"$work/hcl.jsonl"
xargs -0 "$keylint_blocks" <"$work/files" >"$work/keylint.jsonl"

python3 scripts/hcl_compare.py "$work/hcl.jsonl" "$work/keylint.jsonl" scripts/hcl-differential-known.tsv
