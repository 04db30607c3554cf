variable "x" {
  a = 1.5e3
  b = 0x10
}
