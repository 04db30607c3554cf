a {
  x = <<EOT
foo
EOT
  y = <<-EOF
    bar
  EOF
}
