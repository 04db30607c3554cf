variable "user_name" {
  type = string
}

# The name is unknown, but both keys use the same expression: one user.
resource "aws_iam_access_key" "first" {
  user = var.user_name
}

resource "aws_iam_access_key" "second" {
  user = "${var.user_name}"
}

# A different expression over the same variable is a different name.
resource "aws_iam_access_key" "suffixed" {
  user = "${var.user_name}-ci"
}

# moved blocks are not resources; remote state is not a user.
moved {
  from = aws_iam_access_key.old
  to   = aws_iam_access_key.first
}

data "terraform_remote_state" "iam" {
  backend = "s3"
  config = {
    bucket = "state"
    key    = "iam.tfstate"
  }
}

resource "aws_iam_access_key" "remote" {
  user = data.terraform_remote_state.iam.outputs.user_name
}

resource "aws_iam_access_key" "remote_again" {
  user = data.terraform_remote_state.iam.outputs.user_name
}
