variable "x"{
}
