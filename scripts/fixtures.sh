# shellcheck shell=bash
# Terraform fixture modules shared by scripts/test-action.sh and
# scripts/test-pre-commit.sh. Source it; each function writes a module into
# the directory it is given, replacing whatever was there.

# DIR: a console user with an active access key, in two files (KL001).
violating_module() {
  rm -rf "$1"
  mkdir -p "$1"
  cat >"$1/users.tf" <<'EOF'
resource "aws_iam_user" "ops" {
  name = "ops-oncall"
}

resource "aws_iam_user_login_profile" "ops" {
  user = aws_iam_user.ops.name
}
EOF
  cat >"$1/keys.tf" <<'EOF'
resource "aws_iam_access_key" "ops" {
  user = aws_iam_user.ops.name
}
EOF
}

# DIR: a machine user with one key and no console password (clean).
clean_module() {
  rm -rf "$1"
  mkdir -p "$1"
  cat >"$1/users.tf" <<'EOF'
resource "aws_iam_user" "ci" {
  name = "ci"
}
EOF
  cat >"$1/keys.tf" <<'EOF'
resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
EOF
}
