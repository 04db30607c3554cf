a {
  x = "${"a"}"
  y = "${x}${y}"
  z = "$${y}"
  w = "%{if a}b%{else}c%{endif}"
}
