#!/usr/bin/env bash
# `keylint check --aws-credential-report` against a real AWS API on
# loopback: moto's server (PyPI `moto[server]`), with users, a console
# password and keys made through boto3. keylint is built with the `aws`
# feature; it must generate the report (moto answers STARTED, then
# COMPLETE), fetch it, save it and report exactly the expected findings.
#
#   scripts/test-aws-fetch.sh
#
# Environment: KEYLINT_CI_CACHE (default /tmp/keylint-ci-cache) holds the
# virtual environment and the build (`aws-target`), reused by later runs.
# Says "skipped: ..." and exits 0 when moto cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/lib.sh
. scripts/lib.sh
cache=${KEYLINT_CI_CACHE:-/tmp/keylint-ci-cache}
venv=$(moto_venv) || skip "cannot install moto[server] from PyPI"

target=${AWS_TARGET_DIR:-$cache/aws-target}
CARGO_TARGET_DIR=$target cargo build --locked --quiet --features aws --bin keylint
keylint=$target/debug/keylint

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; then
    break
  fi
  sleep 0.2
done

# Only the SDK's standard chain, pointed at moto: no profile, no instance
# metadata, nothing from the machine's own AWS configuration.
export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_CONFIG_FILE=$work/none AWS_SHARED_CREDENTIALS_FILE=$work/none AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN

"$venv/bin/python" - <<'PY'
import boto3

iam = boto3.client("iam")
# A person made with the console wizard's steps: password and key at once.
iam.create_user(UserName="alice")
iam.create_login_profile(UserName="alice", Password="Planted-Pw-1234!")
iam.create_access_key(UserName="alice")
# A machine with two active keys.
iam.create_user(UserName="ci")
iam.create_access_key(UserName="ci")
iam.create_access_key(UserName="ci")
# A machine with one key: nothing to report.
iam.create_user(UserName="deploy")
iam.create_access_key(UserName="deploy")
PY

mkdir "$work/empty"
status=0
"$keylint" check --format json --aws-credential-report "$work/report.json" "$work/empty" >"$work/out.json" || status=$?
if [[ $status -ne 1 ]]; then
  echo "test-aws-fetch: expected exit 1 (findings), got $status" >&2
  cat "$work/out.json" >&2
  exit 1
fi
"$venv/bin/python" - "$work/out.json" "$work/report.json" <<'PY'
import json
import sys

out = json.load(open(sys.argv[1]))
found = sorted((f["rule"], f["resource"]) for f in out["findings"])
expected = [("KL001", "alice/access_key_1"), ("KL002", "ci")]
assert found == expected, f"findings {found}, expected {expected}"
assert out["errors"] == [], out["errors"]
report = json.load(open(sys.argv[2]))
assert set(report) == {"Content", "ReportFormat", "GeneratedTime"}, report.keys()
text = open(sys.argv[1]).read() + open(sys.argv[2]).read()
assert "Planted-Pw" not in text and "testing" not in text
print(f"test-aws-fetch: {len(found)} findings as expected: {found}")
PY
