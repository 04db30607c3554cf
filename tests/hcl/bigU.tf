variable "x" {
  a = "\U0001F600"
}
