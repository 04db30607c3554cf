# Names built with Terraform's functions, evaluated as Terraform does.
locals {
  raw_names = ["tmp-alice", "tmp-bob"]
  names     = [for n in local.raw_names : trimprefix(n, "tmp-")]
  numbered  = formatlist("svc-%02d", [1, 2])
  pairs     = setproduct(["a", "b"], ["x"])
}

resource "aws_iam_user_login_profile" "alice" {
  user = "alice"
}

# KL001: trimprefix("tmp-alice", "tmp-") is "alice".
resource "aws_iam_access_key" "alice" {
  user = local.names[0]
}

# title() capitalises after any non-letter: "Deploy-Bot".
resource "aws_iam_access_key" "titled" {
  user = title("deploy-bot")
}

resource "aws_iam_access_key" "titled_again" {
  user = "Deploy-Bot"
}

# format widths: "svc-01", twice.
resource "aws_iam_access_key" "svc" {
  user = local.numbered[0]
}

resource "aws_iam_access_key" "svc_formatted" {
  user = format("svc-%02d", 1)
}

# regex, replace with a pattern, join over setproduct: "a-x" and "b-x".
resource "aws_iam_access_key" "regex" {
  user = regex("^[a-z]+", "alice2")
}

resource "aws_iam_access_key" "pairs" {
  for_each = toset([for p in local.pairs : join("-", p)])
  user     = replace(each.key, "/-x$/", "")
}

# A digest is a name like any other: another user, no finding.
resource "aws_iam_access_key" "hashed" {
  user = substr(md5("bob"), 0, 8)
}
