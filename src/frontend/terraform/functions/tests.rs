//! Unit tests of the built-in functions, with results checked against
//! Terraform 1.11 (`terraform console`).

use super::*;

fn s(v: &str) -> Value {
    Value::string(v)
}

/// A number as a literal would give it.
fn n(v: f64) -> Value {
    Value::Number(Number::parse(&v.to_string()).unwrap())
}

fn list(items: Vec<Value>) -> Value {
    Value::list(items)
}

fn strs(items: &[&str]) -> Value {
    list(items.iter().map(|i| s(i)).collect())
}

#[test]
fn string_functions() {
    assert_eq!(call("format", vec![s("%s-%d"), s("a"), n(2.0)]), s("a-2"));
    assert_eq!(call("lower", vec![s("AbC")]), s("abc"));
    assert_eq!(call("join", vec![s("-"), strs(&["a", "b"])]), s("a-b"));
    assert_eq!(call("split", vec![s(":"), s("u:k")]), strs(&["u", "k"]));
    assert_eq!(call("split", vec![s(""), s("abc")]), strs(&["a", "b", "c"]));
    assert_eq!(
        call("title", vec![s("deploy-bot x_y 9z")]),
        s("Deploy-Bot X_y 9z")
    );
    assert_eq!(call("chomp", vec![s("a\n\r\n")]), s("a"));
    assert_eq!(call("substr", vec![s("héllo"), n(-3.0), n(2.0)]), s("ll"));
    assert_eq!(call("substr", vec![s("abc"), n(5.0), n(1.0)]), s(""));
    assert_eq!(call("indent", vec![n(2.0), s("a\nb")]), s("a\n  b"));
    assert_eq!(call("strrev", vec![s("héllo")]), s("olléh"));
    assert_eq!(call("length", vec![s("e\u{301}")]), n(1.0));
    assert_eq!(call("trim", vec![s("xxaxx"), s("x")]), s("a"));
    assert_eq!(
        call("trimprefix", vec![s("tmp-alice"), s("tmp-")]),
        s("alice")
    );
    assert_eq!(
        call("replace", vec![s("a-b-c"), s("/-(.)/"), s("_$1")]),
        s("a_b_c")
    );
    assert_eq!(
        call(
            "join",
            vec![s("-"), list(vec![n(1.0), Value::Bool(true), s("x")])]
        ),
        s("1-true-x")
    );
}

#[test]
fn regular_expressions() {
    assert_eq!(
        call("regex", vec![s("a(b)(c)?"), s("ab")]),
        list(vec![s("b"), Value::Null])
    );
    let named = call("regex", vec![s("(?P<x>a)(?P<y>z)?"), s("a")]);
    let expected = [("x".to_owned(), s("a")), ("y".to_owned(), Value::Null)];
    assert_eq!(named, Value::map(expected.into_iter().collect()));
    assert_eq!(
        call("regexall", vec![s("[0-9]"), s("a1b2")]),
        strs(&["1", "2"])
    );
    assert!(matches!(
        call("regex", vec![s("z"), s("a")]),
        Value::Error(_)
    ));
}

fn f(spec: &str, args: Vec<Value>) -> Value {
    let mut all = vec![s(spec)];
    all.extend(args);
    call("format", all)
}

#[test]
fn format_verbs_like_terraform() {
    assert_eq!(
        f(
            "%v|%v|%v|%v",
            vec![n(1.5), n(1e20), Value::Bool(true), s("s")]
        ),
        s("1.5|1e+20|true|s")
    );
    assert_eq!(
        f("%v|%v", vec![n(1234567.0), n(123456.0)]),
        s("1.234567e+06|123456")
    );
    assert_eq!(
        f(
            "%5s|%-5s|%05s|%.2s|%5.1s",
            vec![s("ab"), s("ab"), s("ab"), s("abc"), s("xyz")]
        ),
        s("   ab|ab   |000ab|ab|    x")
    );
    assert_eq!(
        f(
            "%d|%5d|%-5d|%05d|%+d|% d|%03d",
            vec![
                n(42.0),
                n(42.0),
                n(42.0),
                n(42.0),
                n(42.0),
                n(42.0),
                n(-5.0)
            ]
        ),
        s("42|   42|42   |00042|+42| 42|-05")
    );
}

#[test]
fn format_integers_and_floats_like_terraform() {
    assert_eq!(
        f(
            "%x|%X|%o|%b|%#x|%08b",
            vec![n(255.0), n(255.0), n(8.0), n(5.0), n(255.0), n(5.0)]
        ),
        s("ff|FF|10|101|0xff|00000101")
    );
    assert_eq!(
        f(
            "%f|%.2f|%8.3f|%e|%.2E|%g|%g|%g|%G",
            vec![
                n(3.14158),
                n(3.14158),
                n(3.14158),
                n(1234.5678),
                n(1234.5678),
                n(1234.5678),
                n(1e21),
                n(0.00001234),
                n(1e-7)
            ]
        ),
        s("3.141580|3.14|   3.142|1.234568e+03|1.23E+03|1234.5678|1e+21|1.234e-05|1E-07")
    );
    assert_eq!(
        f(
            "%.3g|%.10g|%g|%e|%.0f|%5.1f|%-8.2e|",
            vec![
                n(1234.5678),
                n(1234.5678),
                n(100.0),
                n(0.0),
                n(2.5),
                n(-3.14158),
                n(1234.5678)
            ]
        ),
        s("1.23e+03|1234.5678|100|0.000000e+00|2| -3.1|1.23e+03|")
    );
    assert_eq!(
        f("%.2f|%.2f|%.1f", vec![n(0.125), n(2.675), n(0.25)]),
        s("0.12|2.67|0.2")
    );
    assert_eq!(f("%q", vec![s("a<b\"c")]), s("\"a\\u003cb\\\"c\""));
    assert_eq!(f("%#v", vec![list(vec![n(1.0), s("x")])]), s("[1,\"x\"]"));
    assert_eq!(f("%d", vec![s("12")]), s("12"));
    assert!(matches!(
        f("%[2]s %[1]s|%s", vec![s("a"), s("b"), s("c")]),
        Value::Error(_)
    ));
    assert!(matches!(f("%x", vec![s("hi")]), Value::Error(_)));
    assert!(matches!(f("%d", vec![n(1.5)]), Value::Error(_)));
    assert_eq!(
        call("formatlist", vec![s("%s-%d"), strs(&["a", "b"]), n(3.0)]),
        strs(&["a-3", "b-3"])
    );
}

#[test]
fn collection_functions() {
    assert_eq!(
        call("sort", vec![strs(&["b", "10", "9"])]),
        strs(&["10", "9", "b"])
    );
    assert_eq!(
        call(
            "setproduct",
            vec![strs(&["a", "b"]), list(vec![n(1.0), n(2.0)])]
        ),
        list(vec![
            list(vec![s("a"), n(1.0)]),
            list(vec![s("a"), n(2.0)]),
            list(vec![s("b"), n(1.0)]),
            list(vec![s("b"), n(2.0)]),
        ])
    );
    assert_eq!(
        call("range", vec![n(5.0), n(1.0), n(-2.0)]),
        list(vec![n(5.0), n(3.0)])
    );
    assert_eq!(
        call("element", vec![list(vec![n(1.0), n(2.0), n(3.0)]), n(4.0)]),
        n(2.0)
    );
    assert_eq!(call("one", vec![list(vec![])]), Value::Null);
    assert_eq!(call("coalesce", vec![s(""), s("x")]), s("x"));
    assert_eq!(
        call("coalescelist", vec![list(vec![]), strs(&["y"])]),
        strs(&["y"])
    );
    assert_eq!(
        call("compact", vec![list(vec![s(""), s("a"), Value::Null])]),
        strs(&["a"])
    );
    assert_eq!(call("index", vec![strs(&["a", "b"]), s("b")]), n(1.0));
    assert_eq!(
        call(
            "chunklist",
            vec![list(vec![n(1.0), n(2.0), n(3.0)]), n(2.0)]
        ),
        list(vec![list(vec![n(1.0), n(2.0)]), list(vec![n(3.0)])])
    );
    assert!(matches!(call("range", vec![n(2000.0)]), Value::Error(_)));
    assert!(matches!(
        call("lookup", vec![Value::map(Default::default()), s("k")]),
        Value::Error(_)
    ));
}

#[test]
fn numbers_and_encodings() {
    assert_eq!(call("parseint", vec![s("ff"), n(16.0)]), n(255.0));
    assert_eq!(call("parseint", vec![s("Zz"), n(62.0)]), n(3817.0));
    assert_eq!(call("pow", vec![n(2.0), n(10.0)]), n(1024.0));
    assert_eq!(call("log", vec![n(8.0), n(2.0)]), n(3.0));
    assert_eq!(call("signum", vec![n(-3.0)]), n(-1.0));
    assert_eq!(call("sum", vec![list(vec![n(1.0), n(2.5)])]), n(3.5));
    let object = Value::map(
        [
            ("b".to_owned(), s("<&>")),
            (
                "a".to_owned(),
                list(vec![n(1.0), n(2.5), Value::Null, Value::Bool(true)]),
            ),
        ]
        .into_iter()
        .collect(),
    );
    assert_eq!(
        call("jsonencode", vec![object.clone()]),
        s("{\"a\":[1,2.5,null,true],\"b\":\"\\u003c\\u0026\\u003e\"}")
    );
    assert_eq!(
        call("jsondecode", vec![call("jsonencode", vec![object.clone()])]),
        object
    );
    assert_eq!(
        call("urlencode", vec![s("a b&c/é~")]),
        s("a+b%26c%2F%C3%A9~")
    );
    assert_eq!(
        call("md5", vec![s("x")]),
        s("9dd4e461268c8034f5c8564e155c67a6")
    );
    assert_eq!(call("base64encode", vec![s("é")]), s("w6k="));
}

#[test]
fn unknown_arguments_give_unknown_and_errors_propagate() {
    assert_eq!(call("lower", vec![Value::UNKNOWN]), Value::UNKNOWN);
    assert_eq!(call("no_such_function", vec![s("x")]), Value::UNKNOWN);
    let length = call("length", vec![list(vec![Value::UNKNOWN, s("a")])]);
    assert_eq!(length, n(2.0));
    let error = Value::error("boom");
    assert_eq!(call("upper", vec![error.clone()]), error);
    assert_eq!(call("try", vec![error.clone(), s("d")]), s("d"));
    assert_eq!(call("can", vec![error]), Value::Bool(false));
}

#[test]
fn sets_sort_and_dedupe() {
    let v = call("toset", vec![strs(&["b", "a", "b"])]);
    assert_eq!(v, Value::Set(std::rc::Rc::new(vec![s("a"), s("b")])));
}
