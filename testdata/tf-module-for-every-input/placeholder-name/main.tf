# An empty name, a module's placeholder default (terraform-aws-modules/iam
# has `name = ""`): no IAM user has it, so it stands for the caller's name,
# the same wherever the same expression is written. Both ways of naming the
# user give one finding, on the user the caller will name.
variable "name" {
  type    = string
  default = ""
}

resource "aws_iam_user" "this" {
  name = var.name
}

resource "aws_iam_user_login_profile" "this" {
  user = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}

variable "robot_name" {
  type    = string
  default = ""
}

resource "aws_iam_user_login_profile" "robot" {
  user = var.robot_name
}

resource "aws_iam_access_key" "robot" {
  user = var.robot_name
}
