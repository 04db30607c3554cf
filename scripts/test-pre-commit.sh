#!/usr/bin/env bash
# Tests the pre-commit hook (.pre-commit-hooks.yaml) with the real
# pre-commit, in throwaway git repositories.
#
#   scripts/test-pre-commit.sh
#
# pre-commit installs the hook from this checkout's git HEAD: commit
# .pre-commit-hooks.yaml and the sources first. (`try-repo` also picks up
# uncommitted changes to tracked files, never untracked files; the other
# cases use HEAD only.)
#
# The first case runs `pre-commit try-repo`, exactly as a hook author would.
# try-repo builds the hook in a fresh store every time, so the other cases
# use a .pre-commit-config.yaml pointing at this checkout and `pre-commit
# run` with a stable store, as users do. KEYLINT_PRECOMMIT_TRY_REPO=all runs
# every case through try-repo instead.
#
# Caches, under $KEYLINT_CI_CACHE (default /tmp/keylint-ci-cache):
#   pre-commit-venv/    pre-commit from PyPI, when it is not on PATH
#   pre-commit-home/    PRE_COMMIT_HOME: hook environments, one per commit
#   pre-commit-target/  CARGO_TARGET_DIR for the hook's `cargo install`, so
#                       that only keylint itself is recompiled (~30 s instead
#                       of ~2.5 min on two busy cores)
#
# Exits 0 with "skipped: ..." when pre-commit cannot be installed (offline)
# or cargo is missing, 1 when a check fails.
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
cache=${KEYLINT_CI_CACHE:-/tmp/keylint-ci-cache}
mode=${KEYLINT_PRECOMMIT_TRY_REPO:-first}

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# --- pre-commit and cargo ------------------------------------------------------
pre_commit=$(pre_commit_path) ||
  skip "cannot install pre-commit from PyPI (offline?, or python3 -m venv does not work), see $cache/pip.log"
command -v cargo >/dev/null 2>&1 || skip "cargo not found (the hook is language: rust)"
echo "pre-commit: $("$pre_commit" --version)"

export PRE_COMMIT_HOME=$cache/pre-commit-home
export CARGO_TARGET_DIR=$cache/pre-commit-target
export PRE_COMMIT_COLOR=never NO_COLOR=1

# --- this checkout ---------------------------------------------------------------
git -C "$checkout" ls-files --error-unmatch .pre-commit-hooks.yaml >/dev/null 2>&1 ||
  fail ".pre-commit-hooks.yaml is not committed: pre-commit installs hooks from git HEAD; commit it first"
rev=$(git -C "$checkout" rev-parse HEAD)
if [[ -n $(git -C "$checkout" status --porcelain --untracked-files=no) ]]; then
  echo "warning: uncommitted changes in $checkout are not part of the hook under test (HEAD $rev)"
fi
(cd "$checkout" && "$pre_commit" validate-manifest .pre-commit-hooks.yaml) ||
  fail "pre-commit validate-manifest rejects .pre-commit-hooks.yaml"
ok "validate-manifest .pre-commit-hooks.yaml"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/keylint-test-pre-commit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# new_repo NAME [PRE_COMMIT_CONFIG_EXTRA]: a git repository using the hook
# from this checkout; cd into it.
new_repo() {
  local dir=$tmp/$1
  git init -q "$dir"
  cd "$dir"
  git config user.name keylint-test
  git config user.email keylint-test@example.invalid
  git config commit.gpgsign false
  cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: keylint
${2:-}
EOF
  printf '# test\n' >README.md
}
commit_all() {
  git add -A
  git commit -q --no-verify -m "$1"
}

# hook EXPECT LABEL ARGS...: runs the hook (try-repo for the first call, or
# for every call with KEYLINT_PRECOMMIT_TRY_REPO=all, unless the case sets
# via=config because it needs the repository's .pre-commit-config.yaml);
# EXPECT is pass or fail. The output is left in $out.
hook_calls=0
hook() {
  local expect=$1 label=$2 status=0 how
  shift 2
  hook_calls=$((hook_calls + 1))
  out=$tmp/out.$hook_calls
  if [[ ${via:-} != config && ($mode == all || ($mode == first && $hook_calls -eq 1)) ]]; then
    how="pre-commit try-repo $checkout keylint $*"
    "$pre_commit" try-repo "$checkout" keylint --verbose "$@" >"$out" 2>&1 || status=$?
  else
    how="pre-commit run keylint $*"
    "$pre_commit" run keylint --verbose "$@" >"$out" 2>&1 || status=$?
  fi
  if [[ $expect == fail && $status -eq 0 ]] || [[ $expect == pass && $status -ne 0 ]]; then
    cat "$out" >&2
    fail "$label: expected the hook to $expect ($how exited with $status)"
  fi
  ok "$label: hook ${expect}ed ($how)"
}
expect_in_output() {
  grep -qF -- "$1" "$out" || {
    cat "$out" >&2
    fail "$2: \`$1\` not in the hook's output"
  }
}

# --- fixtures ----------------------------------------------------------------------
# shellcheck source=scripts/fixtures.sh
. "$(dirname "$0")/fixtures.sh"

# --- 1. a Terraform module ------------------------------------------------------------
new_repo module
violating_module infra
commit_all "violating module"
echo "building the hook (cargo install, cached in $CARGO_TARGET_DIR) ..."
start=$SECONDS
hook fail "violating module, --all-files" --all-files
expect_in_output KL001 "violating module"
echo "    (took $((SECONDS - start)) s, including the hook's build)"

clean_module infra
commit_all "clean module"
start=$SECONDS
hook pass "clean module, --all-files" --all-files
echo "    (took $((SECONDS - start)) s)"

violating_module infra
commit_all "violating module again"
printf '# rotated\n' >>infra/keys.tf
git add infra/keys.tf
hook fail "one changed file of a violating module, --files infra/keys.tf" --files infra/keys.tf
expect_in_output KL001 "one changed file"
expect_in_output infra/users.tf "one changed file (the login profile is in the file not passed)"

# The real thing: a git commit that stages only keys.tf is refused.
"$pre_commit" install >/dev/null
out=$tmp/out.commit
if git commit -q -m "rotate key" >"$out" 2>&1; then
  cat "$out" >&2
  fail "git commit with only infra/keys.tf staged was not stopped"
fi
expect_in_output KL001 "git commit"
[[ $(git log -1 --format=%s) == "violating module again" ]] || fail "the commit went through"
ok "git commit staging only infra/keys.tf: refused with KL001"
"$pre_commit" uninstall >/dev/null

# --- 2. file selection: .template, .tf.json, and files keylint ignores ------------
new_repo files
cat >stack.template <<'EOF'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: "{{resolve:secretsmanager:ops-password}}"
  OpsKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Ops
EOF
mkdir -p json
cat >json/main.tf.json <<'EOF'
{
  "resource": {
    "aws_iam_user": {"ops": {"name": "ops"}},
    "aws_iam_user_login_profile": {"ops": {"user": "${aws_iam_user.ops.name}"}},
    "aws_iam_access_key": {"ops": {"user": "${aws_iam_user.ops.name}"}}
  }
}
EOF
printf '{"name": "not-a-template"}\n' >package.json
commit_all "files"
hook fail "CloudFormation .template, --files stack.template" --files stack.template
expect_in_output stack.template ".template"
expect_in_output KL001 ".template"
hook fail ".tf.json module, --files json/main.tf.json" --files json/main.tf.json
expect_in_output KL001 ".tf.json"
hook pass "README.md only" --files README.md
expect_in_output "(no files to check)" "README.md only (the hook must not run)"
hook pass "package.json only (read, not a template)" --files package.json

# --- 3. a module changed without its caller --------------------------------------
# With file names, keylint analyses the changed module's directory, and the
# modules of the repository that call it (the caller turns the console on).
# `pass_filenames: false` lints the whole repository instead.
module_with_caller() {
  mkdir -p modules/user app
  cat >modules/user/main.tf <<'EOF'
variable "name" {
  type = string
}

variable "console" {
  type    = bool
  default = false
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_user_login_profile" "this" {
  count = var.console ? 1 : 0
  user  = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}
EOF
  cat >app/main.tf <<'EOF'
module "ops" {
  source  = "../modules/user"
  name    = "ops"
  console = true
}
EOF
}
new_repo caller
module_with_caller
commit_all "module and caller"
# The caller gives the shared module its values: found from its `source`
# path, it is linted too, although only the module changed.
hook fail "changed module: its caller in the repository is linted too" --files modules/user/main.tf
expect_in_output KL001 "changed module"
expect_in_output app/main.tf "changed module (reached through the caller's module call)"
new_repo caller-whole-repo "        pass_filenames: false"
module_with_caller
commit_all "module and caller"
via=config hook fail "changed module with pass_filenames: false" --files modules/user/main.tf
expect_in_output KL001 "pass_filenames: false"

echo "test-pre-commit: all checks passed"
