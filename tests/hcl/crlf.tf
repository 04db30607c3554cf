variable "x" {
  a = 1
}
