provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}

# A person: console access, no key in code.
resource "aws_iam_user" "dana" {
  name = "dana"
}

resource "aws_iam_user_login_profile" "dana" {
  user = aws_iam_user.dana.name
}

# A machine: one key in code.
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
