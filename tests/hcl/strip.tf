a {
  x = "${~ y ~}"
  z = <<EOT
%{ for i in l ~}
${i}
%{ endfor ~}
EOT
}
