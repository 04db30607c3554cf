variable "deploy_user" {
  type      = string
  sensitive = true
}

variable "team" {
  type      = string
  sensitive = true
}

variable "release_user" {
  type      = string
  default   = "release-bot"
  sensitive = true
}

variable "key_count" {
  type      = number
  default   = 2
  sensitive = true
}
