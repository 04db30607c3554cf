a {
  x = y
    .z
}
