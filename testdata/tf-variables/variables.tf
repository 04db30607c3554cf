variable "user_name" {
  type    = string
  default = "from-default"
}

variable "console_access" {
  type    = bool
  default = false
}

variable "include_key" {
  type    = string
  default = "no"
}

variable "key_count" {
  type    = number
  default = 1
}
