# Names derived from sensitive values are compared as usual but never
# shown: Terraform marks them, and so does keylint.

# KL001 for a user whose name comes from a sensitive variable.
resource "aws_iam_user_login_profile" "deploy" {
  user = var.deploy_user
}

resource "aws_iam_access_key" "deploy" {
  user = var.deploy_user
}

# KL002: sensitive() marks the name; the key written with the literal name
# is the same user, and its name is hidden there too.
locals {
  ops = sensitive("ops-admin")
}

resource "aws_iam_access_key" "ops_a" {
  user = local.ops
}

resource "aws_iam_access_key" "ops_b" {
  user = "ops-admin"
}

# A module given a sensitive input, with an output that says
# `sensitive = true`: its key and the root's are one user (KL002), who has
# a console password (KL001).
module "names" {
  source = "./modules/names"
  prefix = var.team
}

resource "aws_iam_user_login_profile" "runner" {
  user = module.names.service
}

resource "aws_iam_access_key" "runner" {
  user = module.names.service
}

# nonsensitive() lifts the mark: KL001 names "release-bot".
resource "aws_iam_user_login_profile" "release" {
  user = nonsensitive(var.release_user)
}

resource "aws_iam_access_key" "release" {
  user = nonsensitive(var.release_user)
}

# KL002: a sensitive count is allowed, and instance numbers show nothing.
resource "aws_iam_access_key" "counted" {
  count = var.key_count
  user  = "counted-bot"
}

# Not checked (--verbose says why): instance keys would be shown, and
# keylint cannot tell sensitive keys (which Terraform rejects) from
# sensitive values in a map (which it allows).
resource "aws_iam_access_key" "per_team" {
  for_each = { lead = sensitive("lead-bot") }
  user     = each.value
}

# KL001; the sensitive default between them is masked where this file is
# quoted.
resource "aws_iam_user_login_profile" "backup" {
  user = var.backup_user
}
variable "backup_user" {
  default   = "backup-SENSITIVE-user"
  sensitive = true
}
resource "aws_iam_access_key" "backup" {
  user = var.backup_user
}
