variable "x" {
  a = {
    "k" = 1
    k2 : 2
    (k3) = 3
  }
}
