#!/usr/bin/env bash
# The "run" step of the keylint GitHub Action (action.yml).
#
# Inputs arrive as environment variables, set in action.yml's `env:` mapping;
# they are never pasted into script text, so no input can run commands:
#   KEYLINT_BIN        the keylint binary (default: `keylint` on PATH)
#   INPUT_PATH         files or directories, split like shell words (default .)
#   INPUT_FORMAT       output format for the log (default github)
#   INPUT_SARIF_FILE   also write SARIF to this file (optional)
#   INPUT_FAIL_ON      error | warning | never (default error)
#   INPUT_CONFIG       a keylint configuration file (optional)
#   INPUT_STRICT       "true": --strict (default false)
#   INPUT_ARGS         extra arguments, split like shell words (optional)
#
# INPUT_PATH and INPUT_ARGS are split deliberately: quotes and backslashes
# are honoured (`--var "name=a b"`), but nothing is expanded: no variables,
# globs or command substitutions (the splitting is done by xargs, not eval).
#
# keylint runs once with --format INPUT_FORMAT (its output goes to the log,
# and its exit code is the step's), once with --format json to count the
# findings exactly (summary.findings), and, when INPUT_SARIF_FILE is set,
# once with --format sarif. Every run gets the same paths, config and args.
#
# Writes `findings=N` and `sarif-file=PATH` to $GITHUB_OUTPUT. Exit code:
# 0 clean (or findings below fail-on), 1 findings, 2 errors or bad usage.
set -euo pipefail

bin=${KEYLINT_BIN:-keylint}
format=${INPUT_FORMAT:-github}
fail_on=${INPUT_FAIL_ON:-error}
sarif_file=${INPUT_SARIF_FILE:-}
config=${INPUT_CONFIG:-}
strict=${INPUT_STRICT:-false}
output_file=${GITHUB_OUTPUT:-/dev/null}
work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/keylint-action.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A workflow command (::error:: etc.), its message escaped so that input
# values cannot start another command.
annotate() {
  local level=$1 message=$2
  message=${message//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  message=${message//$'\n'/'%0A'}
  printf '::%s title=keylint::%s\n' "$level" "$message"
}

die() {
  annotate error "$1"
  exit 2
}

# split_words TEXT: sets the array `words` to TEXT's shell words.
split_words() {
  words=()
  [[ -n ${1//[[:space:]]/} ]] || return 0
  printf '%s\n' "$1" | xargs printf '%s\0' >"$work/words" ||
    die "cannot split into words (unbalanced quotes?): $1"
  local word
  while IFS= read -r -d '' word; do
    words+=("$word")
  done <"$work/words"
}

command -v "$bin" >/dev/null 2>&1 || die "keylint binary not found: $bin"
"$bin" --version >/dev/null 2>&1 || die "cannot run $bin"

case $fail_on in
  error | warning | never) ;;
  *) die "fail-on must be error, warning or never, not \`$fail_on\`" ;;
esac
[[ $sarif_file != *$'\n'* ]] || die "sarif-file must not contain a newline"


split_words "${INPUT_PATH:-.}"
# ${a[@]+"${a[@]}"}: an empty array under `set -u`, also in bash 3.2 (macOS).
paths=(${words[@]+"${words[@]}"})
[[ ${#paths[@]} -gt 0 ]] || paths=(.)
split_words "${INPUT_ARGS:-}"
common=(${words[@]+"${words[@]}"})
if [[ -n $config ]]; then
  common=(--config "$config" ${common[@]+"${common[@]}"})
fi
case $strict in
  true)
    common=(--strict ${common[@]+"${common[@]}"})
    ;;
  false | "") ;;
  *) die "strict must be true or false, not \`$strict\`" ;;
esac

main=(--format "$format" --fail-on "$fail_on")

# 1. The run people read, in the log. `--` ends the options: a path may
#    start with a dash.
status=0
"$bin" check "${main[@]}" ${common[@]+"${common[@]}"} -- "${paths[@]}" || status=$?

# 2. The exact count, from the JSON document's summary.findings. The step
#    summary belongs to the first run only.
json=$work/keylint.json
json_status=0
env -u GITHUB_STEP_SUMMARY "$bin" check --format json ${common[@]+"${common[@]}"} -- "${paths[@]}" \
  >"$json" || json_status=$?
# Keys are only ever matched with unescaped quotes, which cannot occur inside
# a JSON string; summary is a flat object.
flat=$(tr -d '\n\r' <"$json")
summary=$(printf '%s' "$flat" |
  sed -n 's/.*"summary"[[:space:]]*:[[:space:]]*{\([^}]*\)}.*/\1/p')
findings=$(printf '%s' "$summary" |
  sed -n 's/.*"findings"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p')
if [[ -z $findings ]]; then
  annotate error "could not count the findings (keylint --format json exited with $json_status)"
  findings=
  [[ $status -ne 0 ]] || status=2
fi

# 3. SARIF, for github/codeql-action/upload-sarif.
if [[ -n $sarif_file ]]; then
  mkdir -p -- "$(dirname -- "$sarif_file")"
  sarif_status=0
  env -u GITHUB_STEP_SUMMARY "$bin" check --format sarif ${common[@]+"${common[@]}"} -- "${paths[@]}" \
    >"$sarif_file" || sarif_status=$?
  if [[ ! -s $sarif_file ]]; then
    annotate error "keylint wrote no SARIF to $sarif_file (exit code $sarif_status)"
    [[ $status -ne 0 ]] || status=2
  fi
fi

{
  printf 'findings=%s\n' "$findings"
  printf 'sarif-file=%s\n' "$sarif_file"
} >>"$output_file"

echo "keylint: ${findings:-unknown} finding(s), exit code $status (fail-on: $fail_on)"
exit "$status"
