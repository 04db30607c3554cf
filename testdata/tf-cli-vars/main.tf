variable "user_name" {
  type = string
}

variable "console_access" {
  type    = bool
  default = false
}

variable "key_slots" {
  type    = set(string)
  default = []
}

resource "aws_iam_user" "this" {
  name = var.user_name
}

resource "aws_iam_user_login_profile" "this" {
  count = var.console_access ? 1 : 0
  user  = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  for_each = var.key_slots
  user     = aws_iam_user.this.name
}
