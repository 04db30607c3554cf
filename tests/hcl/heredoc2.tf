variable "x" {
  a = <<-EOT
    hi
    EOT
}
