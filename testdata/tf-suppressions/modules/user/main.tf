variable "name" {
  type = string
}

resource "aws_iam_user_login_profile" "this" {
  user = var.name
}

resource "aws_iam_access_key" "this" {
  user = var.name
}
