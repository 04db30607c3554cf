a {
  x = 1 # c
}
