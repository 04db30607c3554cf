variable "x" {
  a = "ÿ"
}
