variable "x" {
  a = 1 # c
  // c
  /* c */
}
