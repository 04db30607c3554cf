a {
  x = <<EOT
EOT
}
