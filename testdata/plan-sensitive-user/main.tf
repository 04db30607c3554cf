provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
variable "who" {
  default   = "hidden-user"
  sensitive = true
}
resource "aws_iam_access_key" "a" {
  user = var.who
}
resource "aws_iam_access_key" "b" {
  user = var.who
}
