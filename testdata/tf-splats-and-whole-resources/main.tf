# Users referred to as whole resources, through splats and for_each.
resource "aws_iam_user" "team" {
  for_each = toset(["ann", "bob"])
  name     = "team-${each.key}"
}

resource "aws_iam_user_login_profile" "team" {
  for_each = aws_iam_user.team
  user     = each.value.name
}

# KL001 for both users: the key of each user found through the map of users.
resource "aws_iam_access_key" "team" {
  for_each = aws_iam_user.team
  user     = each.value.name
}

resource "aws_iam_user" "ci" {
  count = 2
  name  = "ci-${count.index}"
}

# KL002 for ci-0: a full splat (parenthesised before the index: inside a
# full splat, [0] would index each name) and a legacy splat of the list.
resource "aws_iam_access_key" "first_ci" {
  user = (aws_iam_user.ci[*].name)[0]
}

resource "aws_iam_access_key" "first_ci_again" {
  user = element(concat(aws_iam_user.ci.*.name, [""]), 0)
}

# A legacy splat followed by an index indexes the list: ci-1.
resource "aws_iam_access_key" "second_ci" {
  user = aws_iam_user.ci.*.name[1]
}

resource "aws_iam_user" "solo" {
  name = "solo"
}

# one() of a splat over a single resource: solo, one key, no finding.
resource "aws_iam_access_key" "solo" {
  user = one(aws_iam_user.solo[*].name)
}
