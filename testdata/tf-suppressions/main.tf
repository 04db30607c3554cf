# keylint:ignore KL002 blue/green rotation: green is deleted by the next apply (OPS-42)
resource "aws_iam_access_key" "blue" {
  user = "rotating"
}

resource "aws_iam_access_key" "green" {
  user = "rotating" // keylint:ignore KL002 same rotation as blue (OPS-42)
}

resource "aws_iam_access_key" "one" {
  /* keylint:ignore KL002 */
  user = "no-reason"
}

resource "aws_iam_access_key" "two" {
  user = "no-reason"
}

# keylint:ignore KL001 nothing here has a console password
resource "aws_iam_access_key" "unused" {
  user = "lonely"
}

# a suppression on a module call covers what the module declares
# keylint:ignore KL001 break-glass user, reviewed quarterly (SEC-7)
module "breakglass" {
  source = "./modules/user"
  name   = "breakglass"
}

module "other" {
  source = "./modules/user"
  name   = "other"
}
