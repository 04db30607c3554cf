a {
  b = 1
}
# trailing