#!/usr/bin/env bash
# Prints a hash of the sources keylint's binary is built from (Cargo.toml,
# Cargo.lock, src/, rules/) in DIR (default: this checkout): the same on
# every OS for the same files, whatever their timestamps.
#
#   scripts/source-hash.sh [DIR]
#
# dist/sources.txt records it for each release, so the Action can tell a
# release's own sources (download the release) from a branch with
# unreleased changes (build them).
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)}

if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum; }
else
  sha256() { shasum -a 256; }
fi

# Names and contents together: a renamed file changes the hash too.
cd "$dir"
find Cargo.toml Cargo.lock src rules -type f -print0 |
  LC_ALL=C sort -z |
  while IFS= read -r -d '' file; do
    printf '%s\n' "$file"
    sha256 <"$file" | cut -c1-64
  done | sha256 | cut -c1-64
