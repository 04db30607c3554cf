# Terraform computes with 512-bit numbers and prints them exactly; a
# 64-bit float would round the integers below and get the users wrong.

# 9007199254740994 - 9007199254740993 is 1 (with 64-bit floats, 2): one
# key for "solo", so no KL002.
resource "aws_iam_access_key" "solo" {
  count = 9007199254740994 - 9007199254740993
  user  = "solo"
}

# KL001: the name is "u9007199254740993", not "u9007199254740992".
resource "aws_iam_user_login_profile" "big" {
  user = "u9007199254740993"
}

resource "aws_iam_access_key" "big" {
  user = "u${9007199254740993}"
}

# KL001: `%d` writes the whole number, past 64 bits.
resource "aws_iam_user_login_profile" "huge" {
  user = "id-18446744073709551617"
}

resource "aws_iam_access_key" "huge" {
  user = format("id-%d", 18446744073709551617)
}

# KL001: 0.1 + 0.2 is 0.3 in Terraform.
resource "aws_iam_user_login_profile" "sum" {
  user = "r0.3"
}

resource "aws_iam_access_key" "sum" {
  user = "r${0.1 + 0.2}"
}

# KL001: a length has 64 bits of precision, so a third of one prints
# with 20 digits, not 155.
resource "aws_iam_user_login_profile" "third" {
  user = "n0.33333333333333333334"
}

resource "aws_iam_access_key" "third" {
  user = "n${length(["a"]) / length(["a", "b", "c"])}"
}
