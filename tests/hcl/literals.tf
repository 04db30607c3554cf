a {
  x = null
  y = true
  z = false
  w = null.foo
}
