resource "aws_iam_access_key" "a" {
  user = "svc"
}

resource "aws_iam_access_key" "b" {
  user = "svc"
}
