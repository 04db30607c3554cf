# A user looked up by name: keys for it belong to that literal name.
data "aws_iam_user" "legacy" {
  user_name = "legacy-admin"
}

resource "aws_iam_user_login_profile" "legacy" {
  user = "legacy-admin"
}

resource "aws_iam_access_key" "legacy" {
  user = data.aws_iam_user.legacy.user_name
}
