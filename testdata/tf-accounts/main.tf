# One user name in two AWS accounts is two users: keys and login profiles
# are paired only under provider configurations that provably target the
# same account.

provider "aws" {
  region = "us-east-1"
}

# Differs only in region: the same account (IAM is global).
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

# Both assume a role in account 111111111111.
provider "aws" {
  alias = "prod"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/deploy"
  }
}

provider "aws" {
  alias  = "prod_eu"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111111111111:role/deploy"
  }
}

# Another profile: maybe another account, maybe not. Never paired.
provider "aws" {
  alias   = "dev"
  profile = "dev"
}

# KL002: two keys of ci in the default account.
resource "aws_iam_access_key" "ci" {
  user = "ci"
}

resource "aws_iam_access_key" "ci_west" {
  provider = aws.west
  user     = "ci"
}

# KL001 and KL002: ci in account 111111111111 has two keys, and a console
# password (from the module below).
resource "aws_iam_access_key" "ci_prod" {
  provider = aws.prod
  user     = "ci"
}

resource "aws_iam_access_key" "ci_prod_eu" {
  provider = aws.prod_eu
  user     = "ci"
}

# Not compared with the others (--verbose says so).
resource "aws_iam_access_key" "ci_dev" {
  provider = aws.dev
  user     = "ci"
}

module "team" {
  source = "./modules/team"
  providers = {
    aws = aws.prod
  }
}
