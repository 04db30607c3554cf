resource "aws_iam_user_login_profile" "p" {
  user = "inside-user"
}

resource "aws_iam_access_key" "k" {
  user = "inside-user"
}
