#!/usr/bin/env bash
# The "Prepare keylint" step of action.yml: which keylint the action
# installs, how, and where; puts that place on PATH for later steps.
#
# A released keylint is downloaded (scripts/action-download.sh) and checked
# against the SHA-256 recorded in this action's own dist/checksums.txt,
# never against a checksum published beside the archive (both would then
# come from the same place). Which keylint:
#   - KEYLINT_VERSION (input `version`) when set: a release this action
#     records for the runner's platform, else an error;
#   - else this action's own version, downloaded when dist/sources.txt
#     records that its sources are exactly that release's (a release tag,
#     or a branch between releases), built with cargo when they are not (a
#     branch with unreleased changes) or no release exists for the platform.
# KEYLINT_RELEASES_URL (input `releases-url`): where releases are fetched
# from (a mirror); what is fetched is still checked against this action.
#
# Writes mode (download or build), version, target, url, sha256, root, bin
# and key (the cache key) to $GITHUB_OUTPUT.
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}
root=${RUNNER_TEMP:?RUNNER_TEMP is not set}/keylint-action
requested=${KEYLINT_VERSION:-}
releases_url=${KEYLINT_RELEASES_URL:-https://github.com/keylint/keylint/releases/download}
releases_url=${releases_url%/}

die() {
  local message=${1//'%'/'%25'}
  message=${message//$'\n'/'%0A'}
  printf '::error title=keylint::%s\n' "${message//$'\r'/'%0D'}"
  exit 2
}

# The release archives' targets, as .github/workflows/release.yml builds them.
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) target= ;;
esac
exe=keylint extension=.tar.gz
if [[ $target == *windows* ]]; then
  exe=keylint.exe extension=.zip
fi

own_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1)
source_hash=$(bash "$action_path/scripts/source-hash.sh" "$action_path")

# recorded_sha VERSION: the recorded SHA-256 of VERSION's archive for this
# platform, or nothing.
recorded_sha() {
  [[ -n $target ]] || return 0
  awk -v name="keylint-v$1-$target$extension" \
    '$1 !~ /^#/ && $2 == name && $1 ~ /^[0-9a-f]+$/ && length($1) == 64 { print $1; exit }' \
    "$action_path/dist/checksums.txt"
}

mode=build version=$own_version sha=
if [[ -n $requested ]]; then
  version=${requested#v}
  [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] ||
    die "version must be a release such as 1.2.3, not \`$requested\`"
  [[ -n $target ]] ||
    die "keylint releases have no binary for ${RUNNER_OS:-this OS} ${RUNNER_ARCH:-}: leave version empty to build from source"
  sha=$(recorded_sha "$version")
  [[ -n $sha ]] ||
    die "this action records no checksum for keylint $version on $target (dist/checksums.txt): use an action ref that records it, or leave version empty"
  mode=download
elif awk -v v="$own_version" -v h="$source_hash" '$1 == v && $2 == h { found = 1 } END { exit !found }' \
  "$action_path/dist/sources.txt"; then
  sha=$(recorded_sha "$version")
  [[ -z $sha ]] || mode=download
fi

archive=keylint-v$version-$target$extension
if [[ $mode == download ]]; then
  key=keylint-$version-$target-${sha:0:16}
  url=$releases_url/v$version/$archive
  echo "keylint $version: the release for $target, checked against this action's checksum"
else
  key=keylint-build-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-${source_hash:0:32}
  url=
  echo "keylint $version: built from this action's sources (no release records them)"
fi

{
  printf 'mode=%s\n' "$mode"
  printf 'version=%s\n' "$version"
  printf 'target=%s\n' "$target"
  printf 'url=%s\n' "$url"
  printf 'sha256=%s\n' "$sha"
  printf 'root=%s\n' "$root"
  printf 'bin=%s\n' "$root/bin/$exe"
  printf 'key=%s\n' "$key"
} >>"${GITHUB_OUTPUT:-/dev/stdout}"
# Later steps of the job run `keylint` by name.
if [[ -n ${GITHUB_PATH:-} ]]; then
  printf '%s\n' "$root/bin" >>"$GITHUB_PATH"
fi
