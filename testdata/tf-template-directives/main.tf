locals {
  teams = ["ops", "dev"]
}

# %{ for } and %{ if } directives with strip markers.
resource "aws_iam_user" "joined" {
  name = "%{ for t in local.teams ~}${t}-%{ endfor ~}bot"
}

resource "aws_iam_user_login_profile" "joined" {
  user = "ops-dev-bot"
}

# KL001: the key's user is the user above, spelled out.
resource "aws_iam_access_key" "joined" {
  user = aws_iam_user.joined.name
}

# A conditional directive: "deploy" here, so no console user.
resource "aws_iam_access_key" "conditional" {
  user = "%{ if length(local.teams) > 2 }ops-dev-bot%{ else }deploy%{ endif }"
}
