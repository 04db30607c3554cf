# Each key below names a user keylint cannot know statically: all stay silent.
resource "aws_iam_user" "u" {
  name = "u"
}

resource "aws_iam_access_key" "by_workspace" {
  user = "deploy-${terraform.workspace}"
}

resource "aws_iam_access_key" "by_arn" {
  user = aws_iam_user.u.arn
}

data "aws_caller_identity" "me" {}

resource "aws_iam_access_key" "by_other_data" {
  user = data.aws_caller_identity.me.user_id
}

resource "aws_iam_access_key" "by_whole_resource" {
  user = aws_iam_user.u
}

resource "aws_iam_access_key" "by_padded_format" { # "    u": another user
  user = format("%5s", "u")
}

resource "aws_iam_access_key" "over_a_list" {
  for_each = ["u", "u"]
  user     = each.key
}

resource "aws_iam_access_key" "for_u" {
  user = "u"
}

resource "aws_iam_access_key" "for_u_too" {
  user = "u"
}
