# Override files merge into the blocks they override, as in Terraform:
# for_u becomes Inactive, so "u" has one active key and no finding.
resource "aws_iam_access_key" "for_u" {
  status = "Inactive"
}
