resource "aws_iam_user_login_profile" "bob" {
  user = aws_iam_user.bob.name
}
