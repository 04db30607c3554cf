# --all-inputs where a condition is only sufficient, or where a key has
# other partners under other inputs.

# A status variable read elsewhere too (null and "Active" differ
# there): not enumerated, so the key's status is not known.
variable "ops_key_status" {
  type    = string
  default = null
}

locals {
  ops_rotating = var.ops_key_status == null ? 1 : 0
}

resource "aws_iam_access_key" "ops" {
  user   = "ops"
  status = var.ops_key_status
}

resource "aws_iam_access_key" "ops_rotated" {
  count = local.ops_rotating
  user  = "ops"
}
