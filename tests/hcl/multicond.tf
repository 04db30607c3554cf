a {
  x = c ?
    1 :
    2
  y = [
    for v in l :
    v
  ]
}
