# Terraform reads this file; OpenTofu reads main.tofu instead, and so does
# keylint: this key is for a user without a console password.
resource "aws_iam_access_key" "deploy" {
  user = "ci"
}
