//! Tests of `yamldecode`.
//!
//! Every expected value is what `terraform console` (1.11) printed for
//! `jsonencode(expression)`; `!` is an error. `?` marks text keylint leaves
//! unknown because its parser (saphyr) and Terraform's (libyaml) may read it
//! differently, or because the value is one keylint does not represent
//! (infinity, negative zero); what Terraform answered is in the comment.

use super::testing::check;

const YAMLDECODE_LIKE_TERRAFORM: &[(&str, &str)] = &[
    (
        r#"yamldecode("a: 1\nb: two\nc: [1, 2]\nd: {e: f}")"#,
        r#"{"a":1,"b":"two","c":[1,2],"d":{"e":"f"}}"#,
    ),
    (r#"yamldecode("hello")"#, r#""hello""#),
    (r#"yamldecode("")"#, r#"!"#),
    (r#"yamldecode("---")"#, r#"null"#),
    (r#"yamldecode("--- \n...")"#, r#"null"#),
    (r##"yamldecode("# comment")"##, r#"!"#),
    (r#"yamldecode("a: 1\n---\nb: 2")"#, r#"!"#),
    (r#"yamldecode("a: 1\n...\n")"#, r#"{"a":1}"#),
    (r#"yamldecode("~")"#, r#"null"#),
    (r#"yamldecode("null")"#, r#"null"#),
    (r#"yamldecode("Null")"#, r#"null"#),
    (r#"yamldecode("NULL")"#, r#"null"#),
    (r#"yamldecode("nULL")"#, r#""nULL""#),
    (
        r#"yamldecode("[~, null, '', \"\"]")"#,
        r#"[null,null,"",""]"#,
    ),
    (
        r#"yamldecode("[yes, Yes, YES, y, Y, no, No, n, N, on, On, ON, off, Off, OFF, true, True, TRUE, false, False, FALSE, yEs, tRue]")"#,
        r#"[true,true,true,true,true,false,false,false,false,true,true,true,false,false,false,true,true,true,false,false,false,"yEs","tRue"]"#,
    ),
    (
        r#"yamldecode("['yes', \"no\", !!str yes, !!bool yes]")"#,
        r#"["yes","no","yes",true]"#,
    ),
    (r#"yamldecode(".nan")"#, r#"!"#),
    (
        r#"yamldecode("[!!int 1_000, !!int 0x1F, !!int 017, !!float 1, !!int 1.5, !!float 0o17]")"#,
        r#"[1000,31,17,1,1.5,15]"#,
    ),
    (r#"yamldecode("!!int abc")"#, r#"!"#),
    (r#"yamldecode("!!float abc")"#, r#"!"#),
    (r#"yamldecode("!!bool abc")"#, r#"!"#),
    (r#"yamldecode("!!bool yes")"#, r#"true"#),
    (r#"yamldecode("!!null abc")"#, r#"null"#),
    (r#"yamldecode("!!null ~")"#, r#"null"#),
    (r#"yamldecode("!!str 123")"#, r#""123""#),
    (r#"yamldecode("!!str")"#, r#""""#),
    (r#"yamldecode("!!binary aGVsbG8=")"#, r#""aGVsbG8=""#),
    (r#"yamldecode("!!binary aGVsbG8")"#, r#"!"#),
    (r#"yamldecode("!foo bar")"#, r#"!"#),
    (r#"yamldecode("! bar")"#, r#"!"#),
    (r#"yamldecode("!!map {a: 1}")"#, r#"{"a":1}"#),
    (r#"yamldecode("!!seq [1]")"#, r#"[1]"#),
    (r#"yamldecode("!!map [1]")"#, r#"!"#),
    (r#"yamldecode("!!set {a: 1}")"#, r#"!"#),
    (r#"yamldecode("!!omap [a: 1]")"#, r#"!"#),
    (r#"yamldecode("!<tag:yaml.org,2002:str> 12")"#, r#""12""#),
    (
        r#"yamldecode("[2001-12-14, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10, 2001-12-14T21:59:43Z, 2001-12-15 2:59:43.10, 2002-12-14, 2001-1-2, 2001-12-14 21:59:43.10 -5, '2001-12-14', 2001-13-14, 2001-02-30, 2001-12-14T21:59:43+01:00]")"#,
        r#"["2001-12-14T00:00:00Z","2001-12-14T21:59:43-05:00","2001-12-14T21:59:43Z","2001-12-14T21:59:43Z","2001-12-15T02:59:43Z","2002-12-14T00:00:00Z","2001-01-02T00:00:00Z","2001-12-14 21:59:43.10 -5","2001-12-14","2001-13-14","2001-02-30","2001-12-14T21:59:43+01:00"]"#,
    ),
    (
        r#"yamldecode("[!!timestamp 2001-12-14, !!timestamp '2001-12-14']")"#,
        r#"["2001-12-14T00:00:00Z","2001-12-14"]"#,
    ),
    (r#"yamldecode("!!timestamp abc")"#, r#"!"#),
    (
        r#"yamldecode("a: &x {b: 1, c: 2}\nd: *x\ne:\n  <<: *x\n  c: 3")"#,
        r#"{"a":{"b":1,"c":2},"d":{"b":1,"c":2},"e":{"b":1,"c":3}}"#,
    ),
    (
        r#"yamldecode("a: &x {b: 1, c: 2}\ne:\n  c: 3\n  <<: *x")"#,
        r#"{"a":{"b":1,"c":2},"e":{"b":1,"c":2}}"#,
    ),
    (
        r#"yamldecode("a: &x {b: 1}\nf: &y {c: 2}\ne:\n  <<: [*x, *y]")"#,
        r#"!"#,
    ),
    (
        r#"yamldecode("e:\n  <<: {a: 1}\n  <<: {b: 2}")"#,
        r#"{"e":{"a":1,"b":2}}"#,
    ),
    (r#"yamldecode("e:\n  <<: 1")"#, r#"!"#),
    (r#"yamldecode("e:\n  '<<': 1")"#, r#"!"#),
    (
        r#"yamldecode("e:\n  !!str <<: 1")"#,
        r#"{"e":{"\u003c\u003c":1}}"#,
    ),
    (r#"yamldecode("e: <<")"#, r#"{"e":"\u003c\u003c"}"#),
    (r#"yamldecode("[<<]")"#, r#"["\u003c\u003c"]"#),
    (r#"yamldecode("a: &x 1\nb: *x")"#, r#"{"a":1,"b":1}"#),
    (r#"yamldecode("a: &x [1, *x]")"#, r#"!"#),
    (r#"yamldecode("a: &x\n  b: *x")"#, r#"!"#),
    (r#"yamldecode("[&x a, &x b, *x]")"#, r#"["a","b","b"]"#),
    (
        r#"yamldecode("1: a\ntrue: b\n1.5: c\n0x10: d\n2001-12-14: e\n~: f")"#,
        r#"!"#,
    ),
    (r#"yamldecode("null: f")"#, r#"!"#),
    (r#"yamldecode("~: f")"#, r#"!"#),
    (r#"yamldecode("'': f")"#, r#"{"":"f"}"#),
    (r#"yamldecode("? [a]\n: b")"#, r#"!"#),
    (r#"yamldecode("? {a: 1}\n: b")"#, r#"!"#),
    (r#"yamldecode("a: 1\na: 2")"#, r#"{"a":2}"#),
    (r#"yamldecode("[a, [b, [c]]]")"#, r#"["a",["b",["c"]]]"#),
    (r#"yamldecode("{a: [], b: {}}")"#, r#"{"a":[],"b":{}}"#),
    (
        r#"yamldecode("a:\n  - 1\n  - b: 2\n    c: 3")"#,
        r#"{"a":[1,{"b":2,"c":3}]}"#,
    ),
    (
        r#"yamldecode("a: 'it''s'\nb: \"tab\\there\\u00e9\\x41\"")"#,
        r#"{"a":"it's","b":"tab\thereéA"}"#,
    ),
    (
        r#"yamldecode("a: \"\\N\\_\\L\\P\"")"#,
        r#"{"a":" \u2028\u2029"}"#,
    ),
    (
        r#"yamldecode("key with spaces: value with spaces")"#,
        r#"{"key with spaces":"value with spaces"}"#,
    ),
    (
        r#"yamldecode("a: b # comment\n# another\nc: d")"#,
        r#"{"a":"b","c":"d"}"#,
    ),
    (
        r#"yamldecode("a: b#notcomment")"#,
        r#"{"a":"b#notcomment"}"#,
    ),
    (
        r#"yamldecode("a: 'multi\n  line'")"#,
        r#"{"a":"multi line"}"#,
    ),
    (
        r#"yamldecode("a: multi\n  line plain")"#,
        r#"{"a":"multi line plain"}"#,
    ),
    (
        r#"yamldecode("a: \"multi\n  line\n\n  quoted\"")"#,
        r#"{"a":"multi line\nquoted"}"#,
    ),
    (
        r#"yamldecode("- [a, b]\n- {c: d}\n-\n- - x")"#,
        r#"[["a","b"],{"c":"d"},null,["x"]]"#,
    ),
    (
        r#"yamldecode("a: !!str\nb: !!int\n")"#,
        r#"{"a":"","b":null}"#,
    ),
    (r#"yamldecode("a:\nb:")"#, r#"{"a":null,"b":null}"#),
    (r#"yamldecode("-\n-")"#, r#"[null,null]"#),
    (r#"yamldecode("\ufeffa: 1")"#, r#"{"a":1}"#),
    (r#"yamldecode("a: 1\r\nb: 2\r\n")"#, r#"{"a":1,"b":2}"#),
    (r#"yamldecode("{a: 1, b}")"#, r#"{"a":1,"b":null}"#),
    (r#"yamldecode("[a: 1, b: 2]")"#, r#"[{"a":1},{"b":2}]"#),
    (r#"yamldecode("{? a}")"#, r#"{"a":null}"#),
    (
        r#"yamldecode("a: >+\n  keep\n\nb: 1")"#,
        r#"{"a":"keep\n\n","b":1}"#,
    ),
    (
        r#"yamldecode("a: |2\n   indented\nb: 1")"#,
        r#"{"a":" indented\n","b":1}"#,
    ),
    (r#"yamldecode("0o8")"#, r#""0o8""#),
    (
        r#"yamldecode("[0b2, 09, 08.5, 1__0]")"#,
        r#"["0b2",9,8.5,"1__0"]"#,
    ),
    (
        r#"yamldecode("9223372036854775808")"#,
        r#"9223372036854775808"#,
    ),
    (
        r#"yamldecode("0xFFFFFFFFFFFFFFFF")"#,
        r#"18446744073709551615"#,
    ),
    (r#"yamldecode("0x10000000000000000")"#, r#"!"#),
    (
        r#"yamldecode("123456789012345678901234567890")"#,
        r#"123456789012345678901234567890"#,
    ),
    (
        r#"yamldecode("1e400")"#,
        r#"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"#,
    ),
    (
        r#"yamldecode("[-0x1F, +0x1F, -0o17]")"#,
        r#"["-0x1F","+0x1F","-0o17"]"#,
    ),
    (r#"yamldecode("[ 1 , 2 ]")"#, r#"[1,2]"#),
    (r#"yamldecode("[1.2.3]")"#, r#"["1.2.3"]"#),
    (r#"yamldecode("[1-2]")"#, r#"["1-2"]"#),
    (r#"yamldecode("[+]")"#, r#"["+"]"#),
    (r#"yamldecode("[.]")"#, r#"["."]"#),
    (r#"yamldecode("[0x, 0xG, 1e]")"#, r#"["0x","0xG","1e"]"#),
    (
        r#"yamldecode("[12:30, 1:20:30]")"#,
        r#"["12:30","1:20:30"]"#,
    ),
    (r#"yamldecode("[0.1.2, +.5]")"#, r#"["0.1.2",0.5]"#),
    (r#"yamldecode("[-.inf5]")"#, r#"["-.inf5"]"#),
    (r#"yamldecode("[123abc, 1 2]")"#, r#"["123abc","1 2"]"#),
    (r#"yamldecode("e: |\n  123\n")"#, r#"{"e":"123\n"}"#),
    (r#"yamldecode("e: |+\n  123\n\n")"#, r#"{"e":"123\n\n"}"#),
    (r#"yamldecode("|\n x\n")"#, r#""x\n""#),
    (
        r#"yamldecode("a: |-\n  1.50\nb: >-\n  0x1F\nc: |-\n  null\nd: |-\n  2001-12-14\ne: |-\n  yes\nf: |-\n  .5\ng: |-\n  ~\nh: |-\n  <<")"#,
        r#"{"a":"1.5","b":"31","c":null,"d":"2001-12-14T00:00:00Z","e":"true","f":"0.5","g":null,"h":"\u003c\u003c"}"#,
    ),
    (r#"yamldecode("a: |-\n  .nan")"#, r#"!"#),
    (r#"yamldecode("a: |-\n  .inf")"#, r#"{"a":"+Inf"}"#),
    (r#"yamldecode("a: !!int |-\n  12")"#, r#"{"a":12}"#),
    (r#"yamldecode("a: !!str |-\n  12")"#, r#"{"a":"12"}"#),
    (r#"yamldecode("? |-\n  12\n: x")"#, r#"{"12":"x"}"#),
    (
        r#"yamldecode("a: &x |-\n  12\nb: *x")"#,
        r#"{"a":"12","b":"12"}"#,
    ),
    (
        r#"yamldecode("[!!int '12', !!bool 'yes', !!null 'x', !!float \"1.5\"]")"#,
        r#"["12","yes",null,"1.5"]"#,
    ),
    (
        r#"yamldecode("[!!int +0x10, !!int -0x10, !!int 0b11, !!int 0B11, !!int 0X1f, !!int 0O17, !!int -9223372036854775808, !!int -9223372036854775809, !!int +9223372036854775808, !!int 18446744073709551615, !!int 18446744073709551616]")"#,
        r#"[16,-16,3,3,31,15,-9223372036854775808,-9223372036854775809,9223372036854775808,18446744073709551615,18446744073709551616]"#,
    ),
    (
        r#"yamldecode("[!!int 010, !!int 0x, !!int 1e3, !!int .5]")"#,
        r#"!"#,
    ),
    (
        r#"yamldecode("{1.0: a, 1e3: b, 0o17: c, .5: d, -1: e, 12345678901234567890: f, true: g, yes: h, 2001-12-14: i}")"#,
        r#"{"-1":"e","0.5":"d","1":"a","1000":"b","12345678901234567890":"f","15":"c","2001-12-14T00:00:00Z":"i","true":"h"}"#,
    ),
    (r#"yamldecode("{!!str 1.0: a}")"#, r#"{"1.0":"a"}"#),
    (r#"yamldecode("{'1.0': a}")"#, r#"{"1.0":"a"}"#),
    (
        r#"yamldecode("&a key: &a value\nother: *a")"#,
        r#"{"key":"value","other":"value"}"#,
    ),
    (
        r#"yamldecode("a: &x 1\nb: [&x 2, *x]")"#,
        r#"{"a":1,"b":[2,2]}"#,
    ),
    (r#"yamldecode("a: &x [&x 1, *x]")"#, r#"!"#),
    (r#"yamldecode("&x a: 1\nb: *x")"#, r#"!"#),
    (
        r#"yamldecode("x: !!str &a 1\ny: *a")"#,
        r#"{"true":"1","x":"1"}"#,
    ),
    (
        r#"yamldecode("x: &a !!str 1\ny: *a")"#,
        r#"{"true":"1","x":"1"}"#,
    ),
    (r#"yamldecode("e:\n  <<:\n  a: 1")"#, r#"!"#),
    (r#"yamldecode("e:\n  <<: 'x'")"#, r#"!"#),
    (r#"yamldecode("e:\n  <<: {}\n  a: 1")"#, r#"{"e":{"a":1}}"#),
    (r#"yamldecode("a: !!binary aGVs bG8=")"#, r#"!"#),
];

#[test]
fn yamldecode_like_terraform() {
    check(YAMLDECODE_LIKE_TERRAFORM);
}

/// `yamlencode` cases, with what `terraform console` printed for
/// `jsonencode(yamlencode(...))`; a string with a line feed is unknown.
const YAMLENCODE_LIKE_TERRAFORM: &[(&str, &str)] = &[
    (
        r#"yamlencode({a = 1, b = "x", c = [1, 2], d = {}})"#,
        r#""\"a\": 1\n\"b\": \"x\"\n\"c\":\n- 1\n- 2\n\"d\": {}\n""#,
    ),
    (r#"yamlencode([])"#, r#""[]\n""#),
    (r#"yamlencode({})"#, r#""{}\n""#),
    (r#"yamlencode("hello")"#, r#""\"hello\"\n""#),
    (r#"yamlencode(1.5)"#, r#""1.5\n...\n""#),
    (r#"yamlencode(true)"#, r#""true\n...\n""#),
    (r#"yamlencode(null)"#, r#""null\n...\n""#),
    (
        r#"yamlencode({list = [{x = "y", z = [true, null]}], n = 12345678901234567890})"#,
        r#""\"list\":\n- \"x\": \"y\"\n  \"z\":\n  - true\n  - null\n\"n\": 12345678901234567890\n""#,
    ),
    (
        r#"yamlencode(["yes", "no", "1", "", "a b"])"#,
        r#""- \"yes\"\n- \"no\"\n- \"1\"\n- \"\"\n- \"a b\"\n""#,
    ),
    (
        r#"yamlencode({"k:1" = "v", "b" = "\u00e9\u0007"})"#,
        r#""\"b\": \"é\\a\"\n\"k:1\": \"v\"\n""#,
    ),
    (
        r#"yamlencode(join(" ", split(",", "word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word,word")))"#,
        r#""\"word word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word\"\n""#,
    ),
    (
        r#"yamlencode("\U0001F600 tab\there")"#,
        r#""\"\\U0001F600 tab\\there\"\n""#,
    ),
    (
        r#"yamlencode([[1, [2]], {a = {b = {}}}])"#,
        r#""- - 1\n  - - 2\n- \"a\":\n    \"b\": {}\n""#,
    ),
    (
        r#"yamlencode(toset(["b", "a"]))"#,
        r#""- \"a\"\n- \"b\"\n""#,
    ),
    (r#"yamlencode("a\nb")"#, "?"),
];

#[test]
fn yamlencode_like_terraform() {
    check(YAMLENCODE_LIKE_TERRAFORM);
}
