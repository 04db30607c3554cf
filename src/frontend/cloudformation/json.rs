//! Builds the document [`Node`] tree of a JSON template with jsonc-parser in
//! strict mode: CloudFormation accepts plain JSON only, so comments, trailing
//! commas and other JSON5 extensions are errors here.
//!
//! jsonc-parser reports byte ranges, which are used as spans unchanged. It
//! parses recursively and stops by itself only at 512 levels, which in a
//! debug build takes more than 1 MiB of stack; so the bytes are first scanned
//! for nesting deeper than [`MAX_DEPTH`], outside strings, and such a file is
//! refused before jsonc-parser sees it. The conversion below may then recurse.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Range as JsonRange;
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::tree::{Key, Node, NodeValue};
use crate::error::InputError;
use crate::source::Source;

/// Deepest nesting of arrays and objects accepted. Real templates nest a few
/// dozen levels at most; YAML flow collections stop at 255 too.
pub const MAX_DEPTH: usize = 256;

/// Parses `source` as strict JSON. Empty text gives a `Null` root.
pub fn parse(source: &Source) -> Result<Node, InputError> {
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    check_depth(source)?;
    let parsed = parse_to_ast(&source.text, &CollectOptions::default(), &strict)
        .map_err(|e| parse_error(source, &e))?;
    match parsed.value {
        Some(value) => convert(source, &value, 0),
        None => Ok(Node::new(NodeValue::Null, 0..0)),
    }
}

/// Refuses nesting deeper than [`MAX_DEPTH`], counting brackets outside
/// strings; a malformed file passes here and fails in the parser.
fn check_depth(source: &Source) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, byte) in source.text.bytes().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            _ if in_string => {}
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let message = format!("JSON nesting is deeper than {MAX_DEPTH} levels");
                    return Err(InputError::at(source, at..at + 1, message));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn parse_error(source: &Source, e: &ParseError) -> InputError {
    let message = match e.kind() {
        ParseErrorKind::NestingDepthExceeded => {
            format!("JSON nesting is deeper than {MAX_DEPTH} levels")
        }
        kind => format!("invalid JSON: {kind}"),
    };
    InputError::at(source, span(source, e.range()), message)
}

/// A jsonc range as a span, clamped to the text so that a bad range can
/// never make a later slice panic.
fn span(source: &Source, range: JsonRange) -> std::ops::Range<usize> {
    let len = source.text.len();
    let start = range.start.min(len);
    start..range.end.clamp(start, len)
}

fn convert(source: &Source, value: &Value<'_>, depth: usize) -> Result<Node, InputError> {
    if depth > MAX_DEPTH {
        let at = span(source, value_range(value));
        let message = format!("JSON nesting is deeper than {MAX_DEPTH} levels");
        return Err(InputError::at(source, at, message));
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
    use crate::source::{Position, SourceFile, SourceKind};

    fn source(text: &str) -> Source {
        SourceFile::new(
            "t.json".into(),
            "t.json".into(),
            text.into(),
            SourceKind::CfnJson,
        )
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
