# A literal name and a reference resolve to the same user "bob".
resource "aws_iam_access_key" "bob_literal" {
  user = "bob"
}

# "root" is not declared here, but two literal keys still name one user.
resource "aws_iam_access_key" "root_1" {
  user = "root"
}

resource "aws_iam_access_key" "root_2" {
  user   = "root"
  status = "Active"
}
