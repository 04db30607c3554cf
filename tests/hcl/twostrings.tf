a {
  x = "a" "b"
}
