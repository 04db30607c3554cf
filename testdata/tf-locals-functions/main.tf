variable "env" {
  default = "Prod"
}

locals {
  prefix    = lower(var.env)
  team      = join("-", concat([local.prefix], ["payments"]))
  user_name = format("%s-%s", local.team, "bot")
  key_count = length(["a", "b"]) - 1
}

resource "aws_iam_user" "bot" {
  name = local.user_name
}

resource "aws_iam_access_key" "bot" {
  count = local.key_count
  user  = aws_iam_user.bot.name
}

# the same user, named literally: the evaluated name matches
resource "aws_iam_access_key" "bot_literal" {
  user = "prod-payments-bot"
}
