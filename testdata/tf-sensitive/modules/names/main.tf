variable "prefix" {
  type = string
}

output "service" {
  value     = "${var.prefix}-runner"
  sensitive = true
}

resource "aws_iam_access_key" "inner" {
  user = "${var.prefix}-runner"
}
