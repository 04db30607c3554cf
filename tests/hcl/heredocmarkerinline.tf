a {
  x = <<EOT
foo EOT
EOT
}
