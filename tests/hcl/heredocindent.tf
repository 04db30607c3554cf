a {
  x = <<EOT
hi
  EOT
}
