# One module call per user, over a collection without a value.
variable "people" {
  type = set(string)
}

module "person" {
  source   = "./user"
  for_each = var.people
  name     = each.key
}
