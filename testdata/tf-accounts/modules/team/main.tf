# The caller passes its configuration for account 111111111111.
resource "aws_iam_user_login_profile" "ci" {
  user = "ci"
}
