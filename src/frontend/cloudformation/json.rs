//! Builds the document [`Node`] tree of a JSON template with jsonc-parser in
//! strict mode: CloudFormation accepts plain JSON only, so comments, trailing
//! commas and other JSON5 extensions are errors here.
//!
//! Parsing (and its depth limit) is shared in [`strict_json`]; the
//! conversion below may recurse because that limit has been checked.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Range as JsonRange;

use crate::frontend::strict_json::{self, MAX_DEPTH, span};

use super::tree::{Key, Node, NodeValue};
use crate::error::InputError;
use crate::source::Source;

/// Parses `source` as strict JSON. Empty text gives a `Null` root.
pub fn parse(source: &Source) -> Result<Node, InputError> {
    match strict_json::parse(source)? {
        Some(value) => convert(source, &value, 0),
        None => Ok(Node::new(NodeValue::Null, 0..0)),
    }
}

fn convert(source: &Source, value: &Value<'_>, depth: usize) -> Result<Node, InputError> {
    if depth > MAX_DEPTH {
        let at = span(source, value_range(value));
        return Err(InputError::at(source, at, strict_json::too_deep()));
    }
    let node = match value {
        Value::StringLit(s) => Node::new(
            NodeValue::String(s.value.to_string()),
            span(source, s.range),
        ),
        Value::NumberLit(n) => {
            Node::new(NodeValue::Number(n.value.to_owned()), span(source, n.range))
        }
        Value::BooleanLit(b) => Node::new(NodeValue::Bool(b.value), span(source, b.range)),
        Value::NullKeyword(n) => Node::new(NodeValue::Null, span(source, n.range)),
        Value::Array(a) => {
            let items = a
                .elements
                .iter()
                .map(|item| convert(source, item, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Node::new(NodeValue::Seq(items), span(source, a.range))
        }
        Value::Object(o) => {
            let mut entries: Vec<(Key, Node)> = Vec::with_capacity(o.properties.len());
            let mut seen = std::collections::HashSet::new();
            for prop in &o.properties {
                let key = key(source, &prop.name);
                if !seen.insert(key.text.clone()) {
                    let message = format!("duplicate key `{}`", key.text);
                    return Err(InputError::at(source, key.span, message));
                }
                entries.push((key, convert(source, &prop.value, depth + 1)?));
            }
            Node::new(NodeValue::Map(entries), span(source, o.range))
        }
    };
    Ok(node)
}

fn key(source: &Source, name: &ObjectPropName<'_>) -> Key {
    let (text, range) = match name {
        ObjectPropName::String(s) => (s.value.to_string(), s.range),
        // Unreachable in strict mode, where unquoted names are errors.
        ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
    };
    Key {
        text,
        span: span(source, range),
    }
}

fn value_range(value: &Value<'_>) -> JsonRange {
    match value {
        Value::StringLit(s) => s.range,
        Value::NumberLit(n) => n.range,
        Value::BooleanLit(b) => b.range,
        Value::NullKeyword(n) => n.range,
        Value::Array(a) => a.range,
        Value::Object(o) => o.range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Position, SourceFile};

    fn source(text: &str) -> Source {
        SourceFile::new("t.json".into(), "t.json".into(), text.into())
    }

    fn error(text: &str) -> (String, Position, String) {
        let src = source(text);
        let e = parse(&src).unwrap_err();
        let (_, span) = e.snippet.clone().unwrap();
        (e.message, e.position.unwrap(), src.text[span].to_owned())
    }

    #[test]
    fn logical_id_spans_after_multibyte_text_and_crlf() {
        let text = "{\r\n  \"Description\": \"Zugänge für 日本\",\r\n  \"Resources\": {\r\n    \"Üser\": {\"Type\": \"AWS::IAM::User\"}\r\n  }\r\n}\r\n";
        let src = source(text);
        let root = parse(&src).unwrap();
        let (user, node) = &root.get("Resources").unwrap().as_map().unwrap()[0];
        assert_eq!(user.text, "Üser");
        assert_eq!(&src.text[user.span.clone()], "\"Üser\"");
        assert_eq!(
            src.position(user.span.start),
            Position { line: 4, column: 5 }
        );
        assert_eq!(
            &src.text[node.span.clone()],
            "{\"Type\": \"AWS::IAM::User\"}"
        );
        assert_eq!(
            src.position(node.span.start),
            Position {
                line: 4,
                column: 13
            }
        );
    }

    #[test]
    fn values_keep_their_types() {
        let root = parse(&source(
            r#"{"a": 1.5, "b": true, "c": null, "d": "x\u00e9", "e": [1]}"#,
        ))
        .unwrap();
        assert_eq!(
            root.get("a").unwrap().value,
            NodeValue::Number("1.5".into())
        );
        assert_eq!(root.get("b").unwrap().value, NodeValue::Bool(true));
        assert_eq!(root.get("c").unwrap().value, NodeValue::Null);
        assert_eq!(root.get("d").unwrap().as_str(), Some("xé"));
        assert_eq!(root.get("e").unwrap().as_seq().map(<[Node]>::len), Some(1));
        assert_eq!(parse(&source("")).unwrap().value, NodeValue::Null);
    }

    #[test]
    fn strict_json_only() {
        let (message, position, text) = error("{\n  // comment\n  \"a\": 1\n}");
        assert_eq!(message, "invalid JSON: Comments are not allowed");
        assert_eq!(position, Position { line: 2, column: 3 });
        assert_eq!(text, "// comment");
        let (message, position, text) = error("{\"a\": [1, 2,]}");
        assert_eq!(message, "invalid JSON: Trailing commas are not allowed");
        assert_eq!((position.column, text.as_str()), (12, ","));
        let (message, _, _) = error("{'a': 1}");
        assert!(message.starts_with("invalid JSON: "), "{message}");
        let (message, _, _) = error("{a: 1}");
        assert!(message.starts_with("invalid JSON: "), "{message}");
        let (message, position, _) = error("{\"é\": 1} {}");
        assert_eq!(
            message,
            "invalid JSON: Text cannot contain more than one JSON value"
        );
        assert_eq!(position.column, 10);
        let (message, _, _) = error("{\"a\": ");
        assert!(message.starts_with("invalid JSON: "), "{message}");
    }

    #[test]
    fn duplicate_keys_point_at_the_second_key() {
        let (message, position, text) = error("{\"Resources\": {},\n \"Resources\": {}}");
        assert_eq!(message, "duplicate key `Resources`");
        assert_eq!(position, Position { line: 2, column: 2 });
        assert_eq!(text, "\"Resources\"");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        // jsonc-parser recurses; the pre-scan must stop deep files before it,
        // even on a thread stack smaller than rayon's or the test runner's.
        let run = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(|| {
                let deep = error(&"[".repeat(100_000));
                let within = format!("{}1{}", "[{\"a\":".repeat(128), "}]".repeat(128));
                (deep, parse(&source(&within)).is_ok())
            })
            .unwrap();
        let ((message, position, text), within_ok) = run.join().unwrap();
        assert_eq!(message, "JSON nesting is deeper than 256 levels");
        assert_eq!((position.column, text.as_str()), (257, "["));
        assert!(within_ok);
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let text = format!("{{\"a\": \"{}\\\"{}\"}}", "[".repeat(300), "{".repeat(300));
        assert!(parse(&source(&text)).is_ok());
    }
}
