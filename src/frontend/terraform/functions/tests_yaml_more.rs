//! Tests of `yamldecode`: mutated snippets, and what keylint leaves
//! unknown.
//!
//! Every expected value is what `terraform console` (1.11) printed for
//! `jsonencode(expression)`; `!` is an error. `?` marks text keylint leaves
//! unknown because its parser (saphyr) and Terraform's (libyaml) may read it
//! differently, or because the value is one keylint does not represent
//! (infinity, negative zero); what Terraform answered is in the comment.

use super::testing::check;

/// Mutated snippets (a differential fuzz run against Terraform).
const YAMLDECODE_MUTATED_LIKE_TERRAFORM: &[(&str, &str)] = &[
    (
        r#"yamldecode("a:\n  b: [1, 2]\n  c: {.infd: e}\n  c: {d: e}\n")"#,
        r#"{"a":{"b":[1,2],"c":{"d":"e"}}}"#,
    ),
    (
        r#"yamldecode("a!!str :\n  - b: 1\n    c: 2\n")"#,
        r#"{"a!!str":[{"b":1,"c":2}]}"#,
    ),
    (
        r#"yamldecode("defaults: &d\n  x: 1\n\r\nprod:\n  <<: *d\n  y: 2\n")"#,
        r#"{"defaults":{"x":1},"prod":{"true":2,"x":1}}"#,
    ),
    (
        r#"yamldecode("- a\n- b\n- b\n- b\n")"#,
        r#"["a","b","b","b"]"#,
    ),
    (r#"yamldecode("--- \na: ..\n")"#, r#"{"a":".."}"#),
    (
        r#"yamldecode("users:\n  - name: alice\n    groups: [admin, dev]\n  - name: bob!!str \n    groups: []\n")"#,
        r#"{"users":[{"groups":["admin","dev"],"name":"alice"},{"groups":[],"name":"bob!!str"}]}"#,
    ),
    (
        r#"yamldecode("2001-01-01k: >-\n  fold\n  ed\n")"#,
        r#"{"2001-01-01k":"fold ed"}"#,
    ),
    (
        r#"yamldecode("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {---app: web}\nspec:\n  containers:\n  - name: c0o7\n    image: \"nginx:1.2\"\n    args: [\"--a=1\", '-b']\n")"#,
        r#"{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"---app":"web"},"name":"x"},"spec":{"containers":[{"args":["--a=1","-b"],"image":"nginx:1.2","name":"c0o7"}]}}"#,
    ),
    (
        r#"yamldecode("- {a: 1, b: 2}\n- [x, y]\n #- [x, y]\n")"#,
        r#"[{"a":1,"b":2},["x",true]]"#,
    ),
    (
        r#"yamldecode("time: 12:30:1_045\nver: 1.2.3\nhex: 0xFF\nhex: 0xF, F\n")"#,
        r#"{"hex":"0xF, F","time":"12:30:1_045","ver":"1.2.3"}"#,
    ),
    (
        r#"yamldecode("a: 1\nb: two!!str \"\n")"#,
        r#"{"a":1,"b":"two!!str \""}"#,
    ),
    (r#"yamldecode("- --- #a\n- b\n")"#, r#"["---","b"]"#),
    (r#"yamldecode("...*aa: 1.5e3\n\n")"#, r#"{"...*aa":1500}"#),
    (
        r#"yamldecode("k: |\n  line tw!!str o\n")"#,
        r#"{"k":"line tw!!str o\n"}"#,
    ),
    (
        r#"yamldecode("k: >-\n  fold e|d\n\n")"#,
        r#"{"k":"fold e|d"}"#,
    ),
    (r#"yamldecode("--- \n #a:  #1\n...\n")"#, r#"null"#),
    (
        r#"yamldecode("a: [!!int 1, [2, [3, {b: c}]]]\n\n")"#,
        r#"{"a":[1,[2,[3,{"b":"c"}]]]}"#,
    ),
    (r#"yamldecode("1-01\n")"#, r#""1-01""#),
    (
        r#"yamldecode("x: &a {p:* 1}\ny:\n  <: *a\n  q: 2\n")"#,
        r#"{"true":{"\u003c":{"p:* 1":null},"q":2},"x":{"p:* 1":null}}"#,
    ),
    (r#"yamldecode("k: >-\n  old\n  ed\n")"#, r#"{"k":"old ed"}"#),
    (
        r#"yamldecode("- {a: 1, b: 2}\n- [x, y]\n\n")"#,
        r#"[{"a":1,"b":2},["x",true]]"#,
    ),
    (
        r#"yamldecode("? complex\n ey\n:\r\n v\n")"#,
        r#"{"complex ey":"v"}"#,
    ),
    (
        r#"yamldecode("a: 20%!!str 01-01\n")"#,
        r#"{"a":"20%!!str 01-01"}"#,
    ),
    (
        r#"yamldecode("- {a: 1, b: \\2}\n- [x, y]\n- [x, y]\n- [x, y]\n")"#,
        r#"[{"a":1,"b":"\\2"},["x",true],["x",true],["x",true]]"#,
    ),
    (
        r#"yamldecode("defaults: &d\n  x: 1\npr@od:\n  <<: *d\n  y: 2\n")"#,
        r#"{"defaults":{"x":1},"pr@od":{"true":2,"x":1}}"#,
    ),
    (r#"yamldecode("- a\n\n")"#, r#"["a"]"#),
    (
        r#"yamldecode("a: 1|.inf\nb: two\n")"#,
        r#"{"a":"1|.inf","b":"two"}"#,
    ),
    (r#"yamldecode("- a\n- b*a\n")"#, r#"["a","b*a"]"#),
    (
        r#"yamldecode("[a, {b!!str : c}, [d]]\n")"#,
        r#"["a",{"b!!str":"c"},["d"]]"#,
    ),
    (
        r#"yamldecode("a: yes\na: yes\nb: ")"#,
        r#"{"a":true,"b":null}"#,
    ),
    (r#"yamldecode("k: >-\n  fold\n  e")"#, r#"{"k":"fold e"}"#),
    (
        r#"yamldecode("\r\na: 2001-0101\n\n")"#,
        r#"{"a":"2001-0101"}"#,
    ),
    (
        r#"yamldecode("users:\n  - n~ame: alice\n    groups: [admin, dev]\n  - name: bo    groups]\n")"#,
        r#"{"users":[{"groups":["admin","dev"],"n~ame":"alice"},{"name":"bo    groups]"}]}"#,
    ),
    (
        r#"yamldecode("? complex\n  \\key\n: v\n\n")"#,
        r#"{"complex \\key":"v"}"#,
    ),
    (
        r#"yamldecode("a:: yes\nb: ~\n")"#,
        r#"{"a:":true,"b":null}"#,
    ),
    (
        r#"yamldecode("a: 'it''2001-01-01s'\n")"#,
        r#"{"a":"it'2001-01-01s"}"#,
    ),
    (r#"yamldecode("? a\n: b\r\n\n")"#, r#"{"a":"b"}"#),
    (r#"yamldecode("a: ---1.5e3\n\n\n")"#, r#"{"a":"---1.5e3"}"#),
    (
        r#"yamldecode("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {app: web}\nspec:\n  containers:\n  - name: c\n    image: \"nginx:1.2\"\n    args: [\"-!-a=1\", '-b']\n")"#,
        r#"{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"web"},"name":"x"},"spec":{"containers":[{"args":["-!-a=1","-b"],"image":"nginx:1.2","name":"c"}]}}"#,
    ),
    (r#"yamldecode("? a&]a \n: \n")"#, r#"{"a\u0026]a":null}"#),
    (
        r#"yamldecode("x: &a {p: 1}\ny:\n  <<: *a\n  <<: *a\n  q: 2\n\n")"#,
        r#"{"true":{"p":1,"q":2},"x":{"p":1}}"#,
    ),
    (
        r#"yamldecode("- {a: 1, b:2001-01#-0:1 2}\n- [x, y]\n")"#,
        r#"[{"a":1,"b:2001-01#-0:1 2":null},["x",true]]"#,
    ),
    (
        r#"yamldecode("- {a: 1, b: 2}\n- [x|-, y]\n")"#,
        r#"[{"a":1,"b":2},["x|-",true]]"#,
    ),
    (r#"yamldecode("a: 1.[5e'\n")"#, r#"{"a":"1.[5e'"}"#),
    (
        r#"yamldecode("script: |\n } echo hi\n  exit 0\nnote: >\n  a\n\n  b\n")"#,
        r#"{"note":"a\nb\n","script":"} echo hi\n exit 0\n"}"#,
    ),
    (
        r#"yamldecode("users:\n  - name: alice\n    groups: [adm*in, dev]\n  - name: bob\n    groups: []\n")"#,
        r#"{"users":[{"groups":["adm*in","dev"],"name":"alice"},{"groups":[],"name":"bob"}]}"#,
    ),
    (
        r#"yamldecode("k: >-\nk: >-\n  fold\n  ed\n  ed\n")"#,
        r#"{"k":"fold ed ed"}"#,
    ),
    (
        r#"yamldecode("a:\n  - !!str b: 1\n    c: 2\n")"#,
        r#"{"a":[{"b":1,"c":2}]}"#,
    ),
    (r#"yamldecode("list:\n- 1\n-")"#, r#"{"list":[1,null]}"#),
    (
        r#"yamldecode("li\n- 1\n-[ 2\n&a ")"#,
        r#""li - 1 -[ 2 \u0026a""#,
    ),
    (
        r#"yamldecode("apiVersion: v1\nkind: Pod\n!!str metadata:\n  name: x\n  labels: {app: web}\nspec:\n  containers:\n  - name: c\n    image: \"nginx:1.2\"\n    args: [\"--a=1\", '-b']\n")"#,
        r#"{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"web"},"name":"x"},"spec":{"containers":[{"args":["--a=1","-b"],"image":"nginx:1.2","name":"c"}]}}"#,
    ),
    (
        r#"yamldecode("a:& 'it''s'\na:& 'it''s'\n\n")"#,
        r#""a:\u0026 'it''s' a:\u0026 'it''s'""#,
    ),
    (
        r#"yamldecode("a: [1, [2, [3, {b:' c}]]]\n")"#,
        r#"{"a":[1,[2,[3,{"b:' c":null}]]]}"#,
    ),
    (r#"yamldecode("a: 'it''%s'\n")"#, r#"{"a":"it'%s"}"#),
    (
        r#"yamldecode("a: [1, [2, [3, {1_0b: c}]]]\n")"#,
        r#"{"a":[1,[2,[3,{"1_0b":"c"}]]]}"#,
    ),
    (
        r#"yamldecode("-0'a b': \"c: d\"\n\"e\": f\n")"#,
        r#"{"-0'a b'":"c: d","e":"f"}"#,
    ),
    (r#"yamldecode("a:' 2001-0")"#, r#""a:' 2001-0""#),
    (
        r#"yamldecode("t}ime: 12:30:45\nver: 1.2.3\nhx: 0xFF\n")"#,
        r#"{"hx":255,"t}ime":"12:30:45","ver":"1.2.3"}"#,
    ),
    (
        r#"yamldecode("script: |\n -  echo hi\n  xit 0\nnote: >\n  a\n\n  b\n  b\n")"#,
        r#"{"note":"a\nb b\n","script":"-  echo hi\n xit 0\n"}"#,
    ),
    (
        r#"yamldecode("a:\nb: two\nb: two\n\n")"#,
        r#"{"a":null,"b":"two"}"#,
    ),
    (
        r#"yamldecode("defaults: &d\ndefaults: &d\n:   x: 1\nprod:\n  <<: :*d\n  y: 2\n")"#,
        r#"!"#,
    ),
    (
        r#"yamldecode("a: !!binary aGk=\nb: !!floa1_0t 1\n\"\n\"")"#,
        r#"!"#,
    ),
    (r#"yamldecode("? complex\n  key\n: v\n: v\n\n")"#, r#"!"#),
    (
        r#"yamldecode("a: yes\n!!int b: ~\n!!int b: ~\n\n")"#,
        r#"!"#,
    ),
    (r#"yamldecode("'q': \"v\\n\"\n--- #\n---")"#, r#"!"#),
    (r#"yamldecode("--- \na: 1\n...\n.inf")"#, r#"!"#),
    (r#"yamldecode("a: !!str &1\na: !!:str 1\n")"#, r#"!"#),
    (
        r#"yamldecode("a: !!binary aGk*a=\nb: !!float 1\n")"#,
        r#"!"#,
    ),
    (r#"yamldecode(": 2001-01\n")"#, r#"!"#),
    (
        r#"yamldecode("script: |\nscript: |\n:  echo hi\n  exit 0\nnote: >\n\n\n  b\n")"#,
        r#"!"#,
    ),
    (r#"yamldecode("\n\n: b\n")"#, r#"!"#),
    (r#"yamldecode(": 'q': \"v\\n\"\n")"#, r#"!"#),
    (r#"yamldecode("a: !!s*atr& 1\n")"#, r#"!"#),
    (r#"yamldecode("a: !!binary aGk: !!float 1\n")"#, r#"!"#),
    (
        r#"yamldecode("!x a: !!binary aGk=\nb: !!float 1\n")"#,
        r#"!"#,
    ),
    (r#"yamldecode("a:\n- x\n- y: 1\n # z: 2\n: ")"#, r#"!"#),
    (r#"yamldecode("- !!int a\n- b\n")"#, r#"!"#),
    (
        r#"yamldecode("users:\n  - name: alce\n:     groups: [admin, dev]\n  - name: bob\n    groups: []\n")"#,
        r#"!"#,
    ),
    (r#"yamldecode("a: !r 1\na: !r1\n")"#, r#"!"#),
    (r#"yamldecode("a: !x 1.e3\n")"#, r#"!"#),
    (r#"yamldecode("x: &a {p: 1}\ny:\n : *a\n  q: 2\n")"#, r#"!"#),
    (r#"yamldecode("[a, {: c}, [d]]<<: \n")"#, r#"!"#),
    (r#"yamldecode("\n: b\n\"")"#, r#"!"#),
    (
        r#"yamldecode("defa*ults: &d\n  x:\nprod:\n  <<: #*d\n  y: 2\n")"#,
        r#"!"#,
    ),
    (r#"yamldecode("a.inf: !!s  tr  #1\n")"#, r#"!"#),
    (r#"yamldecode("a: [1, [2, [3, {b,: c0o7}]]]\n\n")"#, r#"!"#),
    (r#"yamldecode("a: !!st #r 1\n")"#, r#"!"#),
    (r#"yamldecode("a: 'it''s'\n? \n? ")"#, r#"!"#),
    (
        r#"yamldecode("x: &a {p: 1}\ny:\n?   <<: !!int *a\n  q...: 2\n")"#,
        r#"!"#,
    ),
    (
        r#"yamldecode("a: !!binary aGk=\nb: !!float\n 1\n 1\n")"#,
        r#"!"#,
    ),
];

#[test]
fn yamldecode_mutated_like_terraform() {
    check(YAMLDECODE_MUTATED_LIKE_TERRAFORM);
}

const YAMLDECODE_UNKNOWN: &[(&str, &str)] = &[
    // Terraform: [1,-1,1,12,31,15,"0b101","1_000","0x_1F",1000,1.5,0.5,1,-50,100,602000000000000000000000,0
    (
        r#"yamldecode("[1, -1, +1, 012, 0x1F, 0o17, 0b101, 1_000, 0x_1F, 1e3, 1.5, .5, 1., -.5e2, 1E+2, 6.02e23, 00, -0, +0.0]")"#,
        "?",
    ),
    // Terraform: error: cannot serialize infinity as JSON.
    (r#"yamldecode("[.inf, -.inf, +.inf, .Inf, .INF]")"#, "?"),
    // Terraform: "12"
    (
        r#"yamldecode("%TAG !e! tag:yaml.org,2002:\n---\n!e!str 12")"#,
        "?",
    ),
    // Terraform: ["1.2.3","1-2","+","-",".","0x","0xG","1e","12:30","1:20:30","0.1.2",0.5,"-.inf5","123abc"
    (
        r#"yamldecode("[1.2.3, 1-2, +, -, ., 0x, 0xG, 1e, 12:30, 1:20:30, 0.1.2, +.5, -.inf5, 123abc, 1 2]")"#,
        "?",
    ),
    // Terraform: {"a":"line1\nline2\n","b":"folded text\n","c":"123","d":"true","e":"123"}
    (
        r#"yamldecode("a: |\n  line1\n  line2\nb: >\n  folded\n  text\nc: |-\n  123\nd: >-\n  true\ne: |\n  123")"#,
        "?",
    ),
    // Terraform: error: reference to undefined anchor "x".
    (r#"yamldecode("a: *x")"#, "?"),
    // Terraform: error: found unknown escape character.
    (r#"yamldecode("a: \"\\/\"")"#, "?"),
    // Terraform: {"a":"b"}
    (r#"yamldecode("a:\tb")"#, "?"),
    // Terraform: error: on line 2, column 1: found character that cannot start any token.
    (r#"yamldecode("a:\n\tb: 1")"#, "?"),
    // Terraform: error: mapping values are not allowed in this context.
    (r#"yamldecode("a: b: c")"#, "?"),
    // Terraform: error: on line 1, column 1: did not find expected '-' indicator.
    (r#"yamldecode("- a\nb: c")"#, "?"),
    // Terraform: error: on line 1, column 1: did not find expected ',' or ']'.
    (r#"yamldecode("[1, 2")"#, "?"),
    // Terraform: error: did not find expected key.
    (r#"yamldecode("a: [1, 2]]")"#, "?"),
    // Terraform: error: found incompatible YAML document.
    (r#"yamldecode("%YAML 1.2\n---\na: 1")"#, "?"),
    // Terraform: {"a":1}
    (r#"yamldecode("%YAML 1.1\n---\na: 1")"#, "?"),
    // Terraform: error: on line 1, column 3: did not find expected key.
    (r#"yamldecode("a: 'x'\n  b: 1")"#, "?"),
    // Terraform: ["-"]
    (r#"yamldecode("[-]")"#, "?"),
    // Terraform: {"e":"123"}
    (r#"yamldecode("e: |+\n  123")"#, "?"),
    // Terraform: {"e":"123"}
    (r#"yamldecode("e: >\n  123")"#, "?"),
    // Terraform: ["x"]
    (r#"yamldecode("- |\n  x")"#, "?"),
    // Terraform: "x"
    (r#"yamldecode("|\n x")"#, "?"),
    // Terraform: error: found character that cannot start any token.
    (r#"yamldecode("[a, |\n x]")"#, "?"),
    // Terraform: error: cannot serialize infinity as JSON.
    (
        r#"yamldecode("[!!float 1p3, !!float inf, !!float -Inf, !!float .5p1]")"#,
        "?",
    ),
    // Terraform: -0
    (r#"yamldecode("!!int -0")"#, "?"),
    // Terraform: [-0]
    (r#"yamldecode("[-0.0]")"#, "?"),
    // Terraform: error: did not find expected alphabetic or numeric character.
    (r#"yamldecode("x: &a.b 1")"#, "?"),
    // Terraform: {"true":2,"x":":b 1"}
    (r#"yamldecode("x: &a:b 1\ny: 2")"#, "?"),
    // Terraform: error: did not find expected alphabetic or numeric character.
    (r#"yamldecode("x: &é 1")"#, "?"),
    // Terraform: {"a":"aGVs\nbG8="}
    (r#"yamldecode("a: !!binary |\n  aGVs\n  bG8=")"#, "?"),
];

#[test]
fn yamldecode_unknown_where_parsers_may_differ() {
    check(YAMLDECODE_UNKNOWN);
}

/// Bounded work on hostile text: an alias bomb, deep nesting and a long
/// text are unknown (Terraform would compute them), quickly.
#[test]
fn yamldecode_bounds() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    let deep = format!("{}1{}", "[".repeat(500), "]".repeat(500));
    let long = format!("a: {}", "x".repeat(2 << 20));
    let started = std::time::Instant::now();
    for text in [bomb, deep, long] {
        let value = super::call("yamldecode", vec![super::Value::string(text)]);
        assert_eq!(value, super::Value::UNKNOWN);
    }
    assert!(started.elapsed().as_secs() < 10);
}
