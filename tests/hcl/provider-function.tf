# Provider-defined functions: HCL 2.20 / Terraform 1.8 and later.
locals {
  arn = provider::aws::arn_parse(var.arn)
}

resource "aws_iam_access_key" "k" {
  user = local.arn.resource
}
