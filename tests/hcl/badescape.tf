variable "x" {
  a = "\q"
}
