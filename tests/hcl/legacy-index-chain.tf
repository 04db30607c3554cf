a {
  x = a.b.0.1
}
