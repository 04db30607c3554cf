variable "key_count" {
  type = number
}

resource "aws_iam_user" "ci" {
  name = "ci-bot"
}

# count is only known from the plan's variables
resource "aws_iam_access_key" "ci" {
  count = var.key_count
  user  = aws_iam_user.ci.name
}
