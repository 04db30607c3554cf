//! Unit tests of YAML read as CloudFormation's tools read it: the lenient
//! reading, merge keys and typed keys. Each accepted input here is one that
//! cfn-lint accepts too (tests/yaml/ has them as files for
//! scripts/cfn-yaml-differential.sh).

use super::builder::Constructs;
use super::*;
use crate::source::{Position, SourceFile};

fn source(text: &str) -> Source {
    SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into())
}

fn value<'n>(root: &'n Node, path: &[&str]) -> &'n Node {
    path.iter().fold(root, |node, key| {
        node.get(key).unwrap_or_else(|| panic!("no {key}"))
    })
}

/// The text and start position of the value at `path`.
fn at(text: &str, path: &[&str]) -> (String, Position, NodeValue) {
    let src = source(text);
    let root = parse(&src).unwrap_or_else(|e| panic!("{}: {text}", e.message));
    let node = value(&root, path);
    (
        src.text[node.span.clone()].to_owned(),
        src.position(node.span.start),
        node.value.clone(),
    )
}

fn error(text: &str) -> (String, Position) {
    let e = parse(&source(text)).unwrap_err();
    (e.message, e.position.unwrap())
}

fn string(s: &str) -> NodeValue {
    NodeValue::String(s.into())
}

#[test]
fn quoted_scalars_may_continue_at_any_column() {
    let text = "R:\n  K:\n    UserName: \"bob\nsmith\"\n    Status: Inactive\n";
    let (span, position, value) = at(text, &["R", "K", "UserName"]);
    assert_eq!(value, string("bob smith"));
    assert_eq!(span, "\"bob\nsmith\"");
    assert_eq!(
        position,
        Position {
            line: 3,
            column: 15
        }
    );
    let (span, position, _) = at(text, &["R", "K", "Status"]);
    assert_eq!((span.as_str(), position.line), ("Inactive", 5));
    // Single quotes, escaped quotes, blank lines, escaped line breaks, a
    // closing quote alone in column 0, a leading tab: all folded as usual.
    for (yaml, expected) in [
        ("a:\n  b: 'it''s\n  here'\n", "it's here"),
        ("a:\n  b: \"say \\\"hi\\\"\nnow\"\n", "say \"hi\" now"),
        ("a:\n  b: \"one\n\ntwo\"\n", "one\ntwo"),
        ("a:\n  b: \"one\\\ntwo\"\n", "onetwo"),
        ("a:\n  b: \"one\n\"\n", "one "),
        ("a:\n  b: \"one\n\ttwo\"\n", "one two"),
        ("a:\n  - \"x\ny\"\n", ""),
    ] {
        let src = source(yaml);
        let root = parse(&src).unwrap_or_else(|e| panic!("{}: {yaml}", e.message));
        let a = root.get("a").unwrap();
        let got = a.get("b").or_else(|| a.as_seq().and_then(|s| s.first()));
        let expected = if expected.is_empty() { "x y" } else { expected };
        assert_eq!(got.unwrap().value, string(expected), "{yaml}");
    }
}

#[test]
fn flow_collections_may_continue_at_any_column() {
    let text = "R:\n  K:\n    Tags: [a,\nb]\n    P: {\n  \"UserName\": \"bob\"\n }\n";
    let (span, _, _) = at(text, &["R", "K", "Tags"]);
    assert_eq!(span, "[a,\nb]");
    let src = source(text);
    let root = parse(&src).unwrap();
    let tags = value(&root, &["R", "K", "Tags"]).as_seq().unwrap();
    assert_eq!(tags[1].value, string("b"));
    assert_eq!(
        src.position(tags[1].span.start),
        Position { line: 4, column: 1 }
    );
    let props = value(&root, &["R", "K", "P"]);
    let (key, name) = props.entry("UserName").unwrap();
    assert_eq!(
        src.position(key.span.start),
        Position { line: 6, column: 3 }
    );
    assert_eq!(&src.text[name.span.clone()], "\"bob\"");
    // Leading tabs inside a flow collection, and a short tag over lines.
    let (_, _, tabs) = at("a:\n  b: {\n\tc: d}\n", &["a", "b", "c"]);
    assert_eq!(tabs, string("d"));
    let (span, _, _) = at("a:\n  b: !Join ['', [x,\ny]]\n", &["a", "b"]);
    assert_eq!(span, "!Join ['', [x,\ny]]");
}

#[test]
fn a_tab_may_separate_a_key_from_its_value() {
    let (span, position, value) = at("a:\n  b:\tbob\n", &["a", "b"]);
    assert_eq!((span.as_str(), value), ("bob", string("bob")));
    assert_eq!(position, Position { line: 2, column: 6 });
}

#[test]
fn a_comment_may_follow_a_closing_quote_or_bracket() {
    let (span, _, value) = at("a:\n  b: \"bob\"#note\n  c: x\n", &["a", "b"]);
    assert_eq!((span.as_str(), value), ("\"bob\"", string("bob")));
    let (span, _, _) = at("a:\n  b: [x]#note\n", &["a", "b"]);
    assert_eq!(span, "[x]");
}

#[test]
fn what_libyaml_rejects_stays_an_error() {
    // A document marker in column 0 ends a quoted scalar in libyaml too.
    let (message, position) = error("a:\n  b: \"x\n--- y\"\n");
    assert!(message.contains("document indicator"), "{message}");
    assert_eq!(position.line, 2);
    // A plain scalar goes on only past its key's indentation.
    let (message, _) = error("a:\n  b: x\n  y\n");
    assert!(message.starts_with("invalid YAML"), "{message}");
}

#[test]
fn an_error_past_a_lenient_construct_is_reported_where_it_is() {
    let (message, position) = error("a:\n  b: \"x\ny\"\n  c: d: e\n");
    assert!(
        message.contains("mapping values are not allowed"),
        "{message}"
    );
    assert_eq!(position, Position { line: 4, column: 7 });
    let (message, position) = error("a:\n  b: [x,\ny]\n  b: 2\n");
    assert_eq!(message, "duplicate key `b`");
    assert_eq!(position, Position { line: 4, column: 3 });
}

#[test]
fn checks_that_the_parse_does_not_confirm_void_the_lenient_reading() {
    let text = "a: [x,\ny]\nb: \"p\"#c\nc:\td\n";
    let geometry = Geometry::new(text);
    let flow = 3..9;
    let quoted = text.find("\"p\"").unwrap();
    let seen = Constructs {
        spans: vec![flow.clone(), quoted..quoted + 3],
        gaps: std::iter::once(text.find(":\td").unwrap() + 1..text.find('d').unwrap()).collect(),
    };
    let hash = text.find('#').unwrap();
    let tab = text.find('\t').unwrap();
    assert!(confirmed(
        &[Check::Inside(2), Check::EndsAt(hash), Check::Separates(tab)],
        &seen,
        &geometry
    ));
    assert!(!confirmed(&[Check::Inside(3)], &seen, &geometry));
    assert!(!confirmed(&[Check::Inside(1)], &seen, &geometry));
    assert!(!confirmed(&[Check::EndsAt(hash + 1)], &seen, &geometry));
    assert!(!confirmed(&[Check::Separates(tab - 1)], &seen, &geometry));
}

#[test]
fn merge_keys_merge_as_pyyaml_does() {
    let text = "base: &b {UserName: bob, Status: Active}\nother: &o {Status: Inactive, Path: /}\nk:\n  <<: [*b, *o]\n  Status: Inactive\n";
    let src = source(text);
    let root = parse(&src).unwrap();
    let k = root.get("k").unwrap();
    let shown: Vec<String> = k
        .as_map()
        .unwrap()
        .iter()
        .map(|(key, v)| format!("{}={}", key.text, v.scalar_text().unwrap_or_default()))
        .collect();
    // The order of a Python dict: where each key first came (PyYAML 6.0.4).
    assert_eq!(shown, ["UserName=bob", "Status=Inactive", "Path=/"]);
    // A merged entry points where it is written; the mapping ends with its own text.
    let (key, _) = k.entry("UserName").unwrap();
    assert_eq!(src.position(key.span.start).line, 1);
    assert!(src.text[k.span.clone()].ends_with("Status: Inactive"));
    // Flow mappings, `!!merge`, two merge keys, and repeated keys (allowed
    // only in a mapping that merges: the last wins).
    let (_, _, v) = at("a: &a {x: 1}\nb: {<<: *a}\n", &["b", "x"]);
    assert_eq!(v, NodeValue::Number("1".into()));
    let (_, _, v) = at("b:\n  !!merge <<: {x: 1}\n", &["b", "x"]);
    assert_eq!(v, NodeValue::Number("1".into()));
    let (_, _, v) = at("b:\n  <<: {x: 1}\n  <<: {x: 2}\n", &["b", "x"]);
    assert_eq!(v, NodeValue::Number("2".into()));
    let (_, _, v) = at("b:\n  x: 1\n  x: 3\n  <<: {y: 2}\n", &["b", "x"]);
    assert_eq!(v, NodeValue::Number("3".into()));
    // A quoted `<<` is an ordinary key.
    let (_, _, v) = at("b:\n  '<<': {x: 1}\n", &["b", "<<", "x"]);
    assert_eq!(v, NodeValue::Number("1".into()));
}

#[test]
fn merge_keys_take_mappings_only() {
    for text in [
        "b:\n  <<: x\n",
        "b:\n  <<:\n",
        "b:\n  <<: [{x: 1}, y]\n",
        "b:\n  <<: !Ref x\n",
    ] {
        let (message, _) = error(text);
        assert!(
            message.starts_with("invalid YAML merge"),
            "{text}: {message}"
        );
    }
}

#[test]
fn keys_are_typed_like_values() {
    let root = parse(&source("yes: a\n010: b\n0x1F: c\n'on': d\n1.50: e\n")).unwrap();
    let keys: Vec<&str> = root
        .as_map()
        .unwrap()
        .iter()
        .map(|(k, _)| k.text.as_str())
        .collect();
    assert_eq!(keys, ["true", "8", "31", "on", "1.50"]);
    assert_eq!(error("yes: a\ntrue: b\n").0, "duplicate key `true`");
    assert_eq!(
        error("a: 1\n~: b\n").0,
        "unsupported YAML: a mapping key is null"
    );
    assert_eq!(error("a: 1\n~: b\n").1, Position { line: 2, column: 1 });
}

#[test]
fn lone_carriage_returns_end_lines() {
    let text = "a:\r  b: \"x\ry\"\r  c: z\r";
    let src = source(text);
    let root = parse(&src).unwrap();
    let c = value(&root, &["a", "c"]);
    assert_eq!(&src.text[c.span.clone()], "z");
    assert_eq!(value(&root, &["a", "b"]).value, string("x y"));
}

#[test]
fn quoted_scalars_end_at_their_closing_quote() {
    for (yaml, expected) in [
        ("a: \"x\"   # note\n", "\"x\""),
        ("a: 'it''s'  # 'q'\n", "'it''s'"),
        ("a: !Sub \"x\\\"y\" # c\n", "!Sub \"x\\\"y\""),
        ("a: &n 'x' # c\n", "&n 'x'"),
    ] {
        let (span, _, _) = at(yaml, &["a"]);
        assert_eq!(span, expected, "{yaml}");
    }
    let src = source("\"k\" : v\n");
    let root = parse(&src).unwrap();
    let (key, _) = root.entry("k").unwrap();
    assert_eq!(&src.text[key.span.clone()], "\"k\"");
}
