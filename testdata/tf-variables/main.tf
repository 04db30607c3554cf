resource "aws_iam_user" "this" {
  name = var.user_name
}

resource "aws_iam_user_login_profile" "this" {
  count = var.console_access ? 1 : 0
  user  = aws_iam_user.this.name
}

resource "aws_iam_access_key" "this" {
  count = var.include_key == "yes" ? var.key_count : 0
  user  = aws_iam_user.this.name
}
