variable "team" {
  type = string
}

variable "console" {
  type    = bool
  default = false
}

module "lead" {
  source = "../user"

  name    = "${var.team}-lead"
  console = var.console
}
