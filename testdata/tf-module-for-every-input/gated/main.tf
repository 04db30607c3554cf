# Gated by one boolean: when var.create is false nothing is created, which
# is no counter-example; when it is true, the key and the password meet.
variable "create" {
  type = bool
}

variable "names" {
  type = list(string)
}

resource "aws_iam_user" "this" {
  count = var.create ? 1 : 0
  name  = "deployer"
}

resource "aws_iam_user_login_profile" "this" {
  count = var.create ? 1 : 0
  user  = aws_iam_user.this[count.index].name
}

resource "aws_iam_access_key" "this" {
  count = var.create ? 1 : 0
  user  = aws_iam_user.this[count.index].name
}

# One user per name, each with a key and a password.
resource "aws_iam_user" "team" {
  count = length(var.names)
  name  = var.names[count.index]
}

resource "aws_iam_user_login_profile" "team" {
  count = length(var.names)
  user  = aws_iam_user.team[count.index].name
}

resource "aws_iam_access_key" "team" {
  count = length(var.names)
  user  = aws_iam_user.team[count.index].name
}
