#!/usr/bin/env bash
# The "Download keylint" step of action.yml: fetches a release archive,
# checks its SHA-256 against the one this action records (from
# scripts/action-setup.sh), and installs the binary. Nothing is installed
# when the checksum differs.
#
#   KEYLINT_URL     the archive's URL (https, or file for a local mirror)
#   KEYLINT_SHA256  the SHA-256 dist/checksums.txt records for it
#   KEYLINT_BIN     where to install the binary
#   KEYLINT_VERSION the version it must report
set -euo pipefail
url=${KEYLINT_URL:?KEYLINT_URL is not set}
expected=${KEYLINT_SHA256:?KEYLINT_SHA256 is not set}
bin=${KEYLINT_BIN:?KEYLINT_BIN is not set}
version=${KEYLINT_VERSION:?KEYLINT_VERSION is not set}

die() {
  printf '::error title=keylint::%s\n' "$1"
  exit 2
}

work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/keylint-download.XXXXXX")
trap 'rm -rf "$work"' EXIT
archive=$work/${url##*/}

# Redirects (GitHub sends downloads to its object storage) stay on https.
curl --fail --silent --show-error --location --retry 3 \
  --proto '=https,file' --proto-redir '=https' \
  --output "$archive" -- "$url" ||
  die "could not download $url"

if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum <"$archive" | cut -c1-64)
else
  actual=$(shasum -a 256 <"$archive" | cut -c1-64)
fi
[[ $actual == "$expected" ]] ||
  die "checksum mismatch: $url has SHA-256 $actual, this action records $expected; not installed"

mkdir "$work/x"
case $archive in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$archive" -d "$work/x"
    else
      # $args is PowerShell's, not the shell's.
      # shellcheck disable=SC2016
      pwsh -NoProfile -Command 'Expand-Archive -LiteralPath $args[0] -DestinationPath $args[1]' \
        "$archive" "$work/x"
    fi
    ;;
  *) tar -xzf "$archive" -C "$work/x" ;;
esac

name=${bin##*/}
stem=${archive##*/}
stem=${stem%.tar.gz}
stem=${stem%.zip}
[[ -f $work/x/$stem/$name ]] || die "$url holds no $stem/$name"
mkdir -p "$(dirname "$bin")"
cp "$work/x/$stem/$name" "$bin"
chmod 755 "$bin"
reported=$("$bin" --version) || die "the downloaded keylint does not run here"
[[ $reported == "keylint $version" ]] ||
  die "the downloaded keylint says \`$reported\`, expected keylint $version"
echo "installed $reported ($actual)"
