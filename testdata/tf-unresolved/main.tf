variable "enabled" {
  type = bool
}

variable "user_name" {
  type = string
}

variable "status" {
  type = string
}

resource "aws_iam_user_login_profile" "maybe" {
  count = var.enabled ? 1 : 0
  user  = "carol"
}

resource "aws_iam_access_key" "carol" {
  user = "carol"
}

# both keys have unknown users: unknown names are never assumed equal to "carol"
resource "aws_iam_access_key" "someone" {
  user = lower(var.user_name)
}

resource "aws_iam_access_key" "unknown_status" {
  user   = "carol"
  status = var.status
}

# functions known only at apply (the clock, randomness), path.*, and
# unknown for_each
resource "aws_iam_access_key" "hashed" {
  user = "carol-${uuid()}"
}

resource "aws_iam_access_key" "from_path" {
  user = basename(path.module)
}

resource "aws_iam_access_key" "per_user" {
  for_each = toset(var.user_names)
  user     = each.key
}

variable "user_names" {
  type = list(string)
}
