a {
} # c
