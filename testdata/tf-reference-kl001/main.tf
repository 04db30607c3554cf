resource "aws_iam_user" "ops" {
  name = "ops-oncall"
}

resource "aws_iam_user_login_profile" "ops" {
  user = aws_iam_user.ops.name
}

# interpolation-only reference and .id both name the same user
resource "aws_iam_access_key" "ops" {
  user = "${aws_iam_user.ops.id}"
}

# another user without a console password: not flagged
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
