module "m" {
  source = "./"
}
module "m" {
  source   = "./"
  for_each = toset([])
}
