#!/usr/bin/env bash
# Records a release in this checkout: appends the archives' SHA-256 lines to
# dist/checksums.txt and the version's source hash to dist/sources.txt.
# The release workflow runs it on the commit it builds, then commits and
# tags the result, so the tag holds the checksums of its own binaries (only
# dist/ changes, which the binaries are not built from).
#
#   scripts/record-release.sh VERSION SHA256SUMS
#
# SHA256SUMS: `sha256sum` lines for keylint-vVERSION-<target>.tar.gz/.zip.
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)
version=${1:?usage: record-release.sh VERSION SHA256SUMS}
sums=${2:?usage: record-release.sh VERSION SHA256SUMS}

fail() {
  printf 'record-release: %s\n' "$*" >&2
  exit 1
}

own=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$checkout/Cargo.toml" | head -n 1)
[[ $version == "$own" ]] || fail "version $version is not Cargo.toml's ($own)"
if awk -v v="$version" '$1 == v { found = 1 } END { exit !found }' "$checkout/dist/sources.txt"; then
  fail "$version is already recorded in dist/sources.txt"
fi

# Only well-formed lines for this version's archives; `*` (binary mode) is
# dropped.
lines=$(awk -v prefix="keylint-v$version-" '
  NF == 2 && $1 ~ /^[0-9a-f]+$/ && length($1) == 64 {
    name = $2; sub(/^\*/, "", name)
    if (index(name, prefix) == 1 && name ~ /\.(tar\.gz|zip)$/) print $1 "  " name
  }' "$sums" | LC_ALL=C sort -k 2)
[[ -n $lines ]] || fail "$sums has no archive of keylint v$version"
if [[ $(printf '%s\n' "$lines" | wc -l) -ne $(grep -c . "$sums") ]]; then
  fail "$sums has lines that are not archives of keylint v$version"
fi

printf '%s\n' "$lines" >>"$checkout/dist/checksums.txt"
printf '%s %s\n' "$version" "$("$checkout/scripts/source-hash.sh" "$checkout")" >>"$checkout/dist/sources.txt"
printf 'recorded keylint %s: %s archive(s)\n' "$version" "$(printf '%s\n' "$lines" | wc -l)"
