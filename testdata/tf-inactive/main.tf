variable "old_key_status" {
  default = "Inactive"
}

resource "aws_iam_user" "app" {
  name = "app"
}

resource "aws_iam_user_login_profile" "app" {
  user = aws_iam_user.app.name
}

resource "aws_iam_access_key" "old" {
  user   = aws_iam_user.app.name
  status = var.old_key_status
}

resource "aws_iam_access_key" "older" {
  user   = aws_iam_user.app.name
  status = "Inactive"
}
