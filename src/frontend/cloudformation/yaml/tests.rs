//! Unit tests of the YAML reader.

use super::*;
use crate::source::{Position, SourceFile};

fn source(text: &str) -> Source {
    SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into())
}

fn parse_text(text: &str) -> Node {
    parse(&source(text)).unwrap()
}

fn error(text: &str) -> (String, Position, String) {
    let src = source(text);
    let e = parse(&src).unwrap_err();
    let (_, span) = e.snippet.clone().unwrap();
    (e.message, e.position.unwrap(), src.text[span].to_owned())
}

fn string(s: &str) -> NodeValue {
    NodeValue::String(s.into())
}

/// The value as a compact string, to compare trees without spans.
fn show(node: &Node) -> String {
    match &node.value {
        NodeValue::Null => "null".into(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Number(n) => format!("#{n}"),
        NodeValue::String(s) => format!("'{s}'"),
        NodeValue::Seq(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        NodeValue::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", k.text, show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[test]
fn logical_id_spans_count_characters_after_multibyte_text() {
    let text = "Description: \"Zugänge für 日本\"\nResources:\n  Üser: {Type: AWS::IAM::User}\n  Key:\n    Type: AWS::IAM::AccessKey\n";
    let src = source(text);
    let root = parse(&src).unwrap();
    let resources = root.get("Resources").unwrap().as_map().unwrap();
    let (user, user_node) = &resources[0];
    assert_eq!(&src.text[user.span.clone()], "Üser");
    assert_eq!(
        src.position(user.span.start),
        Position { line: 3, column: 3 }
    );
    assert_eq!(&src.text[user_node.span.clone()], "{Type: AWS::IAM::User}");
    let (key, key_node) = &resources[1];
    assert_eq!(
        src.position(key.span.start),
        Position { line: 4, column: 3 }
    );
    // A block mapping ends with its last value, not at the next token.
    assert!(src.text[key_node.span.clone()].ends_with("AWS::IAM::AccessKey"));
}

#[test]
fn spans_with_crlf_line_endings() {
    let text = "Description: \"für 日本\"\r\nResources:\r\n  User:\r\n    Type: AWS::IAM::User\r\n";
    let src = source(text);
    let root = parse(&src).unwrap();
    let (user, node) = &root.get("Resources").unwrap().as_map().unwrap()[0];
    assert_eq!(&src.text[user.span.clone()], "User");
    assert_eq!(
        src.position(user.span.start),
        Position { line: 3, column: 3 }
    );
    let ty = node.get("Type").unwrap();
    assert_eq!(&src.text[ty.span.clone()], "AWS::IAM::User");
    assert_eq!(
        src.position(ty.span.start),
        Position {
            line: 4,
            column: 11
        }
    );
}

#[test]
fn short_tags_become_long_form() {
    let cases = [
        ("!Ref User", "{Ref: 'User'}"),
        ("!Ref 'User'", "{Ref: 'User'}"),
        ("!Ref \"User\"", "{Ref: 'User'}"),
        ("!Condition IsProd", "{Condition: 'IsProd'}"),
        (
            "!GetAtt Key.SecretAccessKey",
            "{Fn::GetAtt: ['Key', 'SecretAccessKey']}",
        ),
        ("!GetAtt 'A.B.C'", "{Fn::GetAtt: ['A', 'B.C']}"),
        (
            "!GetAtt [Key, SecretAccessKey]",
            "{Fn::GetAtt: ['Key', 'SecretAccessKey']}",
        ),
        ("!Sub '${AWS::Region}-x'", "{Fn::Sub: '${AWS::Region}-x'}"),
        ("!Sub [a, {b: c}]", "{Fn::Sub: ['a', {b: 'c'}]}"),
        (
            "!Join ['', [a, !Ref B]]",
            "{Fn::Join: ['', ['a', {Ref: 'B'}]]}",
        ),
        ("!If [C, a, b]", "{Fn::If: ['C', 'a', 'b']}"),
        ("!Equals [a, b]", "{Fn::Equals: ['a', 'b']}"),
        ("!Not [!Condition C]", "{Fn::Not: [{Condition: 'C'}]}"),
        (
            "!And [!Condition A, !Condition B]",
            "{Fn::And: [{Condition: 'A'}, {Condition: 'B'}]}",
        ),
        (
            "!Or [!Condition A, !Condition B]",
            "{Fn::Or: [{Condition: 'A'}, {Condition: 'B'}]}",
        ),
        (
            "!Select [0, !GetAZs '']",
            "{Fn::Select: [#0, {Fn::GetAZs: ''}]}",
        ),
        ("!Split [',', 'a,b']", "{Fn::Split: [',', 'a,b']}"),
        ("!FindInMap [M, k, v]", "{Fn::FindInMap: ['M', 'k', 'v']}"),
        ("!Base64 abc", "{Fn::Base64: 'abc'}"),
        ("!Cidr [ip, 6, 5]", "{Fn::Cidr: ['ip', #6, #5]}"),
        ("!GetAZs region", "{Fn::GetAZs: 'region'}"),
        ("!ImportValue Exported", "{Fn::ImportValue: 'Exported'}"),
        ("!Transform {Name: M}", "{Fn::Transform: {Name: 'M'}}"),
        ("!ForEach [X, [a], {}]", "{Fn::ForEach: ['X', ['a'], {}]}"),
        ("!ToJsonString {a: 1}", "{Fn::ToJsonString: {a: #1}}"),
        ("!Length [a, b]", "{Fn::Length: ['a', 'b']}"),
        ("!Unknown x", "{Fn::Unknown: 'x'}"),
        ("!Ref", "{Ref: ''}"),
        ("!Ref 1", "{Ref: '1'}"),
        ("!Sub yes", "{Fn::Sub: 'yes'}"),
        ("! yes", "'yes'"),
        ("!!str 010", "'010'"),
    ];
    for (yaml, expected) in cases {
        let root = parse_text(&format!("v: {yaml}\n"));
        assert_eq!(show(root.get("v").unwrap()), expected, "{yaml}");
    }
}

#[test]
fn short_tag_spans() {
    let src = source("User: !Ref 'Name'\n");
    let node = parse(&src).unwrap().get("User").cloned().unwrap();
    assert_eq!(&src.text[node.span.clone()], "!Ref 'Name'");
    let (key, arg) = &node.as_map().unwrap()[0];
    assert_eq!(&src.text[key.span.clone()], "!Ref");
    assert_eq!(&src.text[arg.span.clone()], "'Name'");
    // Block-style arguments of a short tag.
    let root = parse_text("v: !Join\n  - ''\n  - - a\n    - !Ref B\n");
    assert_eq!(
        show(root.get("v").unwrap()),
        "{Fn::Join: ['', ['a', {Ref: 'B'}]]}"
    );
}

#[test]
fn plain_scalars_are_typed_as_yaml_1_1_and_quoted_ones_are_strings() {
    let root = parse_text(
        "a: true\nb: False\nc: ~\nd:\ne: 12\nf: -1.5e3\ng: '12'\nh: \"true\"\ni: 2010-09-09\nj: 0x1F\nk: !!str 5\nl: yes\nm: .5\n",
    );
    let shown: Vec<String> = root
        .as_map()
        .unwrap()
        .iter()
        .map(|(_, v)| show(v))
        .collect();
    assert_eq!(
        shown,
        [
            "true",
            "false",
            "null",
            "null",
            "#12",
            "'-1.5e3'",
            "'12'",
            "'true'",
            "'2010-09-09'",
            "#31",
            "'5'",
            "true",
            "#.5"
        ]
    );
}

#[test]
fn anchors_and_aliases_copy_the_node() {
    let src = source("a: &x {Ref: U}\nb: *x\n");
    let root = parse(&src).unwrap();
    let b = root.get("b").unwrap();
    assert_eq!(show(b), "{Ref: 'U'}");
    assert_eq!(&src.text[b.span.clone()], "*x");
    let root = parse_text("k: &k Name\n*k : v\n");
    assert_eq!(root.get("Name").map(show).as_deref(), Some("'v'"));
}

#[test]
fn duplicate_keys_point_at_the_second_key() {
    let (message, position, text) = error("Resources: {}\nX: 1\nResources: {}\n");
    assert_eq!(message, "duplicate key `Resources`");
    assert_eq!(position, Position { line: 3, column: 1 });
    assert_eq!(text, "Resources");
    let (message, position, _) = error("R:\n  U:\n    Type: a\n    Type: b\n");
    assert_eq!(message, "duplicate key `Type`");
    assert_eq!(position.line, 4);
}

#[test]
fn syntax_errors_have_a_message_and_position() {
    let (message, position, text) = error("Resources:\n  a: b: c\n");
    assert!(
        message.starts_with("invalid YAML: mapping values are not allowed"),
        "{message}"
    );
    assert_eq!(position, Position { line: 2, column: 7 });
    assert_eq!(text, ":");
    let (message, _, _) = error("a: [b\n");
    assert!(message.starts_with("invalid YAML: "), "{message}");
    let (message, position, _) = error("# é日本\nx: *nothing\n");
    assert!(message.contains("unknown anchor"), "{message}");
    assert_eq!(position, Position { line: 2, column: 4 });
}

#[test]
fn complex_keys_are_rejected() {
    let (message, _, _) = error("? [a, b]\n: c\n");
    assert!(
        message.contains("mapping keys must be scalars"),
        "{message}"
    );
}

#[test]
fn alias_bomb_is_bounded() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let (message, _, _) = error(&text);
    assert_eq!(message, "YAML aliases expand to too many nodes");
}

#[test]
fn alias_text_is_bounded() {
    let big = "x".repeat(1024 * 1024);
    let mut text = format!("a: &a '{big}'\nl: [");
    text.push_str(&vec!["*a"; 100].join(", "));
    text.push_str("]\n");
    let (message, _, _) = error(&text);
    assert_eq!(message, "YAML aliases expand to too much text");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let flow = "[".repeat(100_000);
    let (message, position, _) = error(&format!("a: {flow}"));
    assert!(message.starts_with("YAML nesting is too deep"), "{message}");
    assert_eq!(position.line, 1);
    let block = format!("a:\n  {}1\n", "- ".repeat(100_000));
    let (message, _, _) = error(&block);
    assert_eq!(message, "YAML nesting is deeper than 1000 levels");
    let mut mappings = String::new();
    for depth in 0..1_200 {
        mappings.push_str(&" ".repeat(depth));
        mappings.push_str("k:\n");
    }
    let (message, position, _) = error(&mappings);
    assert_eq!(message, "YAML nesting is deeper than 1000 levels");
    assert_eq!(position.line, 1_001);
    // Within the limits, nesting is fine.
    let ok = format!(
        "a: {}{}\nb:\n  {}1\n",
        "[".repeat(200),
        "]".repeat(200),
        "- ".repeat(900)
    );
    assert!(parse(&source(&ok)).is_ok());
}

#[test]
fn aliases_cannot_nest_past_the_depth_limit() {
    let text = format!(
        "a: &a\n  {}1\nc:\n  {}*a\n",
        "- ".repeat(600),
        "- ".repeat(500)
    );
    let (message, position, _) = error(&text);
    assert_eq!(message, "YAML aliases nest deeper than 1000 levels");
    assert_eq!(position.line, 4);
    let text = format!(
        "a: &a\n  {}1\nc:\n  {}*a\n",
        "- ".repeat(600),
        "- ".repeat(300)
    );
    assert!(parse(&source(&text)).is_ok());
}

#[test]
fn only_the_first_document_is_read() {
    let root = parse_text("---\na: 1\n---\nb: [unclosed\n");
    assert_eq!(show(&root), "{a: #1}");
    assert_eq!(parse_text("").value, NodeValue::Null);
    assert_eq!(parse_text("# only a comment\n").value, NodeValue::Null);
    assert_eq!(parse_text("just text").value, string("just text"));
}
