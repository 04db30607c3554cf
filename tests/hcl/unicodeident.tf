é = 1
variable ü {
  ß = 2
}
