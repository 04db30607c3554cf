#!/usr/bin/env bash
# The "Prepare keylint" step of action.yml: where the action installs
# keylint, and the cache key for that installation.
#
# The key is a hash of the action's own files (everything but .git and
# target), so any change to the sources, Cargo.lock or the rule docs built
# into the binary gives a new key, whatever ref the action was used at.
# Writes root=, bin= and key= to $GITHUB_OUTPUT.
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}
root=${RUNNER_TEMP:?RUNNER_TEMP is not set}/keylint-action

if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum; }
else
  sha256() { shasum -a 256; }
fi

# Hash names and contents together: a renamed file changes the key too.
# Build output and fuzzing leftovers are not part of the action.
hash=$(
  cd "$action_path" &&
    find . -type f ! -path './.git/*' ! -path './target/*' \
      ! -path './fuzz/target/*' ! -path './fuzz/corpus/*' ! -path './fuzz/artifacts/*' ! -path './fuzz/coverage/*' ! -path './fuzz/logs/*' \
      -print0 |
    LC_ALL=C sort -z |
      while IFS= read -r -d '' file; do
        printf '%s\n' "$file"
        sha256 <"$file"
      done | sha256 | cut -c1-32
)

{
  printf 'root=%s\n' "$root"
  printf 'bin=%s\n' "$root/bin/keylint"
  printf 'key=keylint-%s-%s-%s\n' "${RUNNER_OS:-unknown}" "${RUNNER_ARCH:-unknown}" "$hash"
} >>"${GITHUB_OUTPUT:-/dev/stdout}"
