variable "x" {
  a = [for x in y: x if x]
  b = {for k, v in m: k => v...}
  c = x[*].y
  d = x.*.y
  e = a ? b : c
  f = !a && b || -c
  g = x.0.y
}
