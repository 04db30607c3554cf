# A nullable bool compared with null: both true and false create the second
# key, null does not. The finding holds at least when it is not null.
variable "rotate" {
  type = bool
}

resource "aws_iam_access_key" "svc" {
  user = "svc"
}

resource "aws_iam_access_key" "svc_next" {
  count = var.rotate == null ? 0 : 1
  user  = "svc"
}
