resource "aws_iam_user_login_profile" "old" {
  user = "old"
}

resource "aws_iam_access_key" "old" {
  user = "old"
}
