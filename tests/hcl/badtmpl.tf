variable "x" {
  a = "${"
}
