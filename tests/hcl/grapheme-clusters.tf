locals { a = "é" }  
variable "x" { default = "👍🏽🇩🇪" }
variable "y" {
  n { d = "é👨‍👩‍👧" }
}
