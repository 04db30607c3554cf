a {
  x = f(x...)
  y = x.y[0]["k"]
}
