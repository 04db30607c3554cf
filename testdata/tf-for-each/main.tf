locals {
  people = toset(["alice", "bob"])
}

resource "aws_iam_user" "person" {
  for_each = local.people
  name     = each.key
}

resource "aws_iam_user_login_profile" "person" {
  for_each = local.people
  user     = aws_iam_user.person[each.key].name
}

# one key per person: each person has a console password, so KL001 per user
resource "aws_iam_access_key" "person" {
  for_each = local.people
  user     = aws_iam_user.person[each.key].name
}

# a map: two keys for the same service user
resource "aws_iam_access_key" "rotation" {
  for_each = {
    blue  = "Active"
    green = "Active"
    old   = "Inactive"
  }
  user   = "builder"
  status = each.value
}
