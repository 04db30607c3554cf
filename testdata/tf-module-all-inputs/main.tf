# A user module gated by create_* booleans, in the shape of public IAM
# user modules. With its defaults it creates a key and no password; with
# --all-inputs the defaults are one value among others, and each finding
# states the inputs it needs.
variable "name" {
  type = string
}

variable "create_user" {
  type    = bool
  default = true
}

variable "create_login_profile" {
  type    = bool
  default = false
}

variable "create_access_key" {
  type    = bool
  default = true
}

variable "create_rotation_key" {
  type    = bool
  default = false
}

# As terraform-aws-modules/iam's iam-user: the provider takes "Active",
# "Inactive" or null (active), so whether it is "Inactive" decides.
variable "rotation_key_status" {
  type    = string
  default = null
}

resource "aws_iam_user" "this" {
  count = var.create_user ? 1 : 0
  name  = var.name
}

resource "aws_iam_user_login_profile" "this" {
  count = var.create_user && var.create_login_profile ? 1 : 0
  user  = aws_iam_user.this[0].name
}

resource "aws_iam_access_key" "this" {
  count = var.create_user && var.create_access_key ? 1 : 0
  user  = aws_iam_user.this[0].name
}

resource "aws_iam_access_key" "rotation" {
  count  = var.create_user && var.create_rotation_key ? 1 : 0
  user   = aws_iam_user.this[0].name
  status = var.rotation_key_status
}
