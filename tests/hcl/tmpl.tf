variable "x" {
  a = "%{if true}x%{endif}"
  b = "$${x}%%{y}"
}
