# A module linted on its own with --all-inputs: `for ... if` filters.
variable "users" {
  type = map(object({
    console = optional(bool, false)
    ci      = optional(bool, false)
  }))
}

variable "admins" {
  type = map(object({ console = optional(bool, true) }))
}

variable "robots" {
  type = map(object({ legacy = optional(bool, false) }))
}

resource "aws_iam_user" "user" {
  for_each = var.users
  name     = each.key
}

# 1. A key for every user, a password only for those whose console flag is
#    set: the key's user has a password when its entry passes the filter
#    (a conditional finding).
resource "aws_iam_access_key" "user" {
  for_each = var.users
  user     = aws_iam_user.user[each.key].name
}

resource "aws_iam_user_login_profile" "user" {
  for_each = { for name, u in var.users : name => u if u.console }
  user     = aws_iam_user.user[each.key].name
}

# 2. The same filter on both sides: every key it creates has a password
#    beside it (a universal finding, also without --all-inputs).
resource "aws_iam_access_key" "admin" {
  for_each = { for name, a in var.admins : name => a if a.console }
  user     = each.key
}

resource "aws_iam_user_login_profile" "admin" {
  for_each = { for name, a in var.admins : name => a if a.console }
  user     = each.key
}

# 3. A second key only for legacy robots: two keys for those (conditional);
#    no password, so no KL001.
resource "aws_iam_access_key" "robot" {
  for_each = var.robots
  user     = each.key
}

resource "aws_iam_access_key" "robot_legacy" {
  for_each = { for name, r in var.robots : name => r if r.legacy }
  user     = each.key
}

# 4. Stays silent: a filter whose keys are not the collection's own (upper
#    case names are other users).
resource "aws_iam_user_login_profile" "shouting" {
  for_each = { for name, r in var.robots : upper(name) => r if r.legacy }
  user     = each.key
}

# 5. Stays silent: filters that may exclude each other (no entry need pass
#    both), on the key and on the password.
resource "aws_iam_access_key" "quiet" {
  for_each = { for name, a in var.admins : name => a if !a.console }
  user     = each.key
}

resource "aws_iam_user_login_profile" "loud" {
  for_each = { for name, a in var.admins : name => a if a.console }
  user     = each.key
}

# 6. A filter that does not depend on the entry keeps all of them or none:
#    with --all-inputs it is a condition on `var.robot_console`.
variable "robot_console" {
  type     = bool
  nullable = false
}

resource "aws_iam_user_login_profile" "robot" {
  for_each = { for name, r in var.robots : name => r if var.robot_console }
  user     = each.key
}
