variable "\u00e9x" {
}
variable "é" {
}
