# Zugänge für 日本 — ümlauts first
resource "aws_iam_user" "ü" {
  name = "jürgen-日本"
}

resource "aws_iam_user_login_profile" "ü" {
  user = aws_iam_user.ü.name
}

    resource "aws_iam_access_key" "ü" { user = aws_iam_user.ü.name }
