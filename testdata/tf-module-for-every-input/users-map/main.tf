# A map-of-users module, linted on its own: var.users has no value, yet
# every user it can create has a console password and an access key.
variable "users" {
  type = map(object({
    path = optional(string, "/")
  }))
}

resource "aws_iam_user" "this" {
  for_each = var.users
  name     = each.key
  path     = each.value.path
}

resource "aws_iam_user_login_profile" "this" {
  for_each = var.users
  user     = aws_iam_user.this[each.key].name
}

resource "aws_iam_access_key" "this" {
  for_each = var.users
  user     = aws_iam_user.this[each.key].name
}

# A second key for every user: two active keys each.
resource "aws_iam_access_key" "rotation" {
  for_each = var.users
  user     = aws_iam_user.this[each.key].name
}
