# Modules linted on their own, whose findings depend on the inputs: none
# holds for every input, so keylint reports none (--verbose says why).
variable "users" {
  type = map(object({ console = bool }))
}

variable "admins" {
  type = set(string)
}

variable "name" {
  type = string
}

variable "key_slots" {
  type = set(string)
}

# 1. The key and the password range over different collections: an entry of
#    var.users need not be in var.admins.
resource "aws_iam_access_key" "user" {
  for_each = var.users
  user     = each.key
}

resource "aws_iam_user_login_profile" "admin" {
  for_each = var.admins
  user     = each.key
}

# 2. One key of var.name, and a password for var.name for every entry of
#    var.admins: with no admins there is no password.
resource "aws_iam_access_key" "service" {
  user = var.name
}

resource "aws_iam_user_login_profile" "service" {
  for_each = var.admins
  user     = var.name
}

# 3. One key of "ci" per slot: two active keys only with two slots.
resource "aws_iam_access_key" "slot" {
  for_each = var.key_slots
  user     = "ci"
}

# 4. A password only for users whose console flag is set: a filter makes it
#    depend on each entry.
resource "aws_iam_user_login_profile" "console" {
  for_each = { for name, user in var.users : name => user if user.console }
  user     = each.key
}

# 5. Two collections whose expressions differ only after 120 characters
#    (where messages cut them short): different collections.
resource "aws_iam_user_login_profile" "long" {
  for_each = toset(concat(var.admins_with_a_rather_long_name_for_this_test, var.another_long_list_name_for_padding, var.another_long_list_name_for_padding, var.admins_with_a_rather_long_name_for_this_test, ["first-extra"]))
  user     = each.key
}

resource "aws_iam_access_key" "long" {
  for_each = toset(concat(var.admins_with_a_rather_long_name_for_this_test, var.another_long_list_name_for_padding, var.another_long_list_name_for_padding, var.admins_with_a_rather_long_name_for_this_test, ["other-extra"]))
  user     = each.key
}

variable "admins_with_a_rather_long_name_for_this_test" {
  type = list(string)
}

variable "another_long_list_name_for_padding" {
  type = list(string)
}
