resource "aws_iam_access_key" "other" {
  user = "x"
}
