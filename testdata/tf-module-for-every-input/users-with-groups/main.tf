# A list of users with their groups, in the shape of user and
# group-membership modules: the map built from the list is one collection
# wherever the same expression is written.
variable "users" {
  type = list(object({
    name    = string
    groups  = optional(list(string), [])
    console = optional(bool, false)
  }))
}

resource "aws_iam_user" "this" {
  for_each = { for user in var.users : user.name => user }
  name     = each.key
}

resource "aws_iam_user_group_membership" "this" {
  for_each = { for user in var.users : user.name => user }
  user     = aws_iam_user.this[each.key].name
  groups   = each.value.groups
}

# Every user gets a key...
resource "aws_iam_access_key" "this" {
  for_each = { for user in var.users : user.name => user }
  user     = aws_iam_user.this[each.key].name
}

# ...but a password only where `console` is set: a filter, so it depends on
# each entry, and no finding holds for every input.
resource "aws_iam_user_login_profile" "console" {
  for_each = { for user in var.users : user.name => user if user.console }
  user     = aws_iam_user.this[each.key].name
}

# An audit password for every user: over the same collection as the key.
resource "aws_iam_user_login_profile" "audit" {
  for_each = { for user in var.users : user.name => user }
  user     = aws_iam_user.this[each.key].name
}
