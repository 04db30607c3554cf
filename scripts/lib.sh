# shellcheck shell=bash
# What the test scripts share. Source it; the caller sets `cache` (the CI
# cache folder) before calling pre_commit_path.

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}
ok() { printf 'ok: %s\n' "$*"; }
skip() {
  printf 'skipped: %s\n' "$*"
  exit 0
}

# Prints the path of pre-commit: $PRE_COMMIT, else the one on PATH, else
# one installed from PyPI into $cache/pre-commit-venv (reused when present).
# Returns 1 when it cannot be installed; the pip log is $cache/pip.log.
pre_commit_path() {
  if [[ -n ${PRE_COMMIT:-} ]]; then
    printf '%s\n' "$PRE_COMMIT"
  elif command -v pre-commit >/dev/null 2>&1; then
    command -v pre-commit
  else
    local venv=${cache:?}/pre-commit-venv
    if [[ ! -x $venv/bin/pre-commit ]]; then
      mkdir -p "$cache"
      python3 -m venv "$venv" >/dev/null 2>&1 || return 1
      "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit >"$cache/pip.log" 2>&1 ||
        return 1
    fi
    printf '%s\n' "$venv/bin/pre-commit"
  fi
}

# Prints the folder of a virtual environment with moto[server] and boto3,
# $cache/moto-venv (installed from PyPI when missing, reused later).
# Returns 1 when it cannot be installed.
moto_venv() {
  local venv=${cache:?}/moto-venv
  mkdir -p "$cache"
  if [[ ! -x $venv/bin/moto_server ]]; then
    { python3 -m venv "$venv" && "$venv/bin/pip" install -q "moto[server]" boto3; } >/dev/null 2>&1 ||
      return 1
  fi
  printf '%s\n' "$venv"
}
