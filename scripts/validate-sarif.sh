#!/usr/bin/env bash
# Validates keylint's SARIF with Microsoft's SARIF Multitool, running the
# rules GitHub code scanning applies on upload (--rule-kind "Gh;Sarif").
#
#   scripts/validate-sarif.sh [KEYLINT]
#
# KEYLINT defaults to a release build (built if needed). Lints all of
# testdata/ and, when present, ../shared/corpus/cases. Fails on any result of
# level error or warning; notes (style advice such as "provide snippets",
# which keylint omits on purpose) are counted and listed, never fatal.
#
# Needs npm (Node 18+) and python3. The Multitool is installed with npm into
# $SARIF_MULTITOOL_PREFIX (default: a folder under $TMPDIR) when missing,
# never into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${SARIF_MULTITOOL_VERSION:-5.7.0}
prefix=${SARIF_MULTITOOL_PREFIX:-${TMPDIR:-/tmp}/keylint-sarif-multitool-$version}

case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) echo "validate-sarif: unsupported platform $(uname -s)" >&2; exit 2 ;;
esac
tool="$prefix/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool"

if [[ ! -e "$tool" ]]; then
  echo "==> installing @microsoft/sarif-multitool@$version into $prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$version"
fi
# npm blocks the package's postinstall, which would make the binary executable.
chmod u+x "$tool"

if [[ $# -ge 1 ]]; then
  keylint=$1
else
  cargo build --locked --release --quiet
  keylint="${CARGO_TARGET_DIR:-target}/release/keylint"
fi
keylint="$(cd "$(dirname "$keylint")" && pwd)/$(basename "$keylint")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# keylint exits 1 on findings and 2 on unreadable files (testdata has both on
# purpose); only a missing or empty document is a failure here.
lint() { # NAME DIR PATH
  (cd "$2" && "$keylint" check --format sarif --output "$work/$1.sarif" "$3") || true
  if [[ ! -s "$work/$1.sarif" ]]; then
    echo "validate-sarif: keylint wrote no SARIF for $3" >&2
    exit 2
  fi
}

lint testdata testdata .
inputs=(testdata)
if [[ -d ../shared/corpus/cases ]]; then
  lint corpus . ../shared/corpus/cases
  inputs+=(corpus)
fi

status=0
for name in "${inputs[@]}"; do
  echo "==> $name"
  if ! "$tool" validate "$work/$name.sarif" --rule-kind "Gh;Sarif" \
    --level "Error;Warning;Note" -o "$work/$name.report.sarif" >"$work/$name.log" 2>&1; then
    cat "$work/$name.log" >&2
    exit 2
  fi
  # The Multitool exits 0 whatever it finds: read its report.
  python3 - "$work/$name.report.sarif" <<'PY' || status=1
import collections, json, sys

report = json.load(open(sys.argv[1], encoding="utf-8-sig"))
counts = collections.Counter()
serious = []
for run in report.get("runs", []):
    rules = {r["id"]: r for r in run["tool"]["driver"].get("rules", [])}
    for result in run.get("results", []):
        rule = result.get("ruleId", "?")
        level = result.get("level", "warning")
        counts[(rule, rules.get(rule, {}).get("name", ""), level)] += 1
        message = result.get("message", {})
        text = message.get("text")
        if text is None:
            template = rules.get(rule, {}).get("messageStrings", {}).get(message.get("id"), {})
            text = template.get("text", "").format(*message.get("arguments", []))
        if level in ("error", "warning"):
            serious.append(f"  {level} {rule}: {text}")
for (rule, name, level), n in sorted(counts.items()):
    print(f"  {n:5} {level:8} {rule} {name}")
if not counts:
    print("  no results")
if serious:
    print("\n".join(serious[:50]))
    sys.exit(1)
PY
done
if [[ $status -ne 0 ]]; then
  echo "validate-sarif: the Multitool reported errors or warnings" >&2
else
  echo "validate-sarif: no errors or warnings"
fi
exit $status
