resource "aws_db_instance" "db" {
  password = "TF-SECRET-PW"
}
resource "aws_iam_user_login_profile" "p" {
  user = "x"
}
resource "aws_iam_access_key" "k" {
  user = "x"
}
