variable "name" {
  type = string
}

variable "create_login_profile" {
  type    = bool
  default = true
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_user_login_profile" "this" {
  count = var.create_login_profile ? 1 : 0
  user  = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}
