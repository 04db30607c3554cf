a {
  x = <<EOT
  é👍🏽
  EOT
}
