# A person who signs in to the console, given a long-lived access key at
# setup: what CIS AWS Foundations 1.11 forbids (KL001).
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user                    = aws_iam_user.alice.name
  password_reset_required = true
}

resource "aws_iam_access_key" "alice" {
  user = aws_iam_user.alice.name
}
