# Strings as Terraform reads them: lengths count grapheme clusters, and
# split on "" splits between characters.

# length("é") is 1 when the é is `e` + a combining accent (2 code points):
# one key, so no KL002.
resource "aws_iam_access_key" "accented" {
  count = length("e\u0301")
  user  = "accented"
}

# KL002: a flag is one grapheme cluster (two code points), so two keys.
resource "aws_iam_access_key" "flagged" {
  count = length("🇩🇪🇫🇷")
  user  = "flagged"
}

# KL001: split("", "ab")[1] is "b".
resource "aws_iam_user_login_profile" "b" {
  user = "b"
}

resource "aws_iam_access_key" "b" {
  user = split("", "ab")[1]
}

# KL001: substr counts grapheme clusters too: "dé" then "v".
resource "aws_iam_user_login_profile" "dev" {
  user = "de\u0301v"
}

resource "aws_iam_access_key" "dev" {
  user = "${substr("de\u0301vops", 0, 3)}"
}
