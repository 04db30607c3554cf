resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  count = 2
  user  = aws_iam_user.deploy.name
}

# count = 0 creates nothing
resource "aws_iam_access_key" "disabled" {
  count = 0
  user  = "someone"
}

resource "aws_iam_access_key" "disabled_too" {
  count = 0
  user  = "someone"
}

# users created with count, referenced by index
resource "aws_iam_user" "svc" {
  count = 2
  name  = "svc-${count.index}"
}

resource "aws_iam_access_key" "svc" {
  count = 2
  user  = aws_iam_user.svc[count.index].name
}
