a-b = 1
c-d "x" {
  e-f = 2
}
