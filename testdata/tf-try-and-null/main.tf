variable "settings" {
  default = {
    alice = { console = true }
    bob   = {}
  }
}

variable "key_status" {
  type    = string
  default = "Inactive"
}

variable "fallback_status" {
  type    = string
  default = "Active"
}

variable "owner" {
  type     = string
  default  = "carol"
  nullable = false
}

# try() falls back where an attribute is missing: only alice has a console.
resource "aws_iam_user_login_profile" "console" {
  for_each = { for name, s in var.settings : name => s if try(s.console, false) }
  user     = each.key
}

resource "aws_iam_access_key" "people" {
  for_each = var.settings
  user     = each.key
}

# terraform.tfvars sets key_status = null: the status is null, so the
# provider's default, Active (the variable's default is not used).
resource "aws_iam_access_key" "extra_alice" {
  user   = "alice"
  status = var.key_status
}

# fallback_status = null too: coalesce() falls through to "Inactive".
resource "aws_iam_access_key" "spare_bob" {
  user   = "bob"
  status = coalesce(var.fallback_status, "Inactive")
}

# owner = null is not accepted (nullable = false): the default applies.
resource "aws_iam_access_key" "owner" {
  user = var.owner
}

resource "aws_iam_access_key" "owner_literal" {
  user = "carol"
}

# can() says whether a lookup would fail.
resource "aws_iam_access_key" "checked" {
  count = can(var.settings.dave) ? 1 : 0
  user  = "dave"
}
