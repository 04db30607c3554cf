resource "aws_iam_access_key" "a" {
  user = "dup"
}

resource "aws_iam_access_key" "b" {
  user = "dup"
}
