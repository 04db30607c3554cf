# root -> team -> user: three levels, module for_each and count
module "team" {
  source   = "../modules/team"
  for_each = toset(["blue", "red"])

  team    = each.key
  console = each.key == "red"
}

module "solo" {
  source = "../modules/user"
  count  = 1

  name    = "solo"
  console = true
}

# a user created in a module, with a key here: tied through the module output
module "shared" {
  source = "../modules/user"

  name    = "shared-ci"
  console = false
  keys    = 1
}

resource "aws_iam_access_key" "shared_extra" {
  user = module.shared.user_name
}
