# The user's name written two ways: `each.key` (or `var.name`) on one side,
# the user block's `name` attribute on the other. The attribute is the name
# it was given, so both name one user.
variable "users" {
  type = set(string)
}

variable "name" {
  type = string
}

resource "aws_iam_user" "this" {
  for_each = var.users
  name     = each.key
}

resource "aws_iam_user_login_profile" "this" {
  for_each = var.users
  user     = each.key
}

resource "aws_iam_access_key" "this" {
  for_each = var.users
  user     = aws_iam_user.this[each.key].name
}

resource "aws_iam_user" "operator" {
  name = var.name
}

resource "aws_iam_user_login_profile" "operator" {
  user = aws_iam_user.operator.name
}

resource "aws_iam_access_key" "operator" {
  user = var.name
}
