variable "x" {}
  
