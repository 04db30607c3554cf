# --all-inputs where a condition is only sufficient, or where a key has
# other partners under other inputs.

# A key with another second key under each value of `var.blue`: one
# finding per partner, each with its condition.
variable "blue" {
  type     = bool
  nullable = false
}

resource "aws_iam_access_key" "deploy" {
  user = "deploy"
}

resource "aws_iam_access_key" "deploy_blue" {
  count = var.blue ? 1 : 0
  user  = "deploy"
}

resource "aws_iam_access_key" "deploy_green" {
  count = var.blue ? 0 : 1
  user  = "deploy"
}
