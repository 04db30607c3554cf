module "iam_user" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-user"
  version = "~> 5.0"

  name = "vasya"
}

# not recorded in modules.json: opaque, and said so under --verbose
module "unknown" {
  source = "git::https://example.com/modules.git"
}
