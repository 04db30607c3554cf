variable "name" {
  type = string
}

variable "console" {
  type    = bool
  default = false
}

variable "keys" {
  type    = number
  default = 1
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_user_login_profile" "this" {
  count = var.console ? 1 : 0
  user  = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  count = var.keys
  user  = aws_iam_user.this.name
}

output "user_name" {
  value = aws_iam_user.this.name
}
