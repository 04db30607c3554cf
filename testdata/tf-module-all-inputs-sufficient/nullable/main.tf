# --all-inputs where a condition is only sufficient, or where a key has
# other partners under other inputs.

# A nullable bool compared with `==`: null is a third value (it creates
# the legacy key), so "at least when".
variable "legacy_key" {
  type = bool
}

resource "aws_iam_access_key" "ci" {
  user = "ci"
}

resource "aws_iam_access_key" "ci_legacy" {
  count = var.legacy_key == false ? 0 : 1
  user  = "ci"
}
