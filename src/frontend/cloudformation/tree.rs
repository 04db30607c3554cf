//! A format-neutral document tree with byte spans.
//!
//! Both the YAML and the JSON reader build this tree, so that everything
//! after parsing (intrinsic functions, resources) is written once. YAML short
//! tags (`!Ref x`) are already rewritten to their long form (`{Ref: x}`), so
//! the tree of a YAML template and of its JSON twin are the same.

use std::borrow::Cow;
use std::ops::Range;

/// One value of the document with the byte span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the value is.
    pub value: NodeValue,
    /// Byte range into the source text.
    pub span: Range<usize>,
}

/// The kinds of values a template holds.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `null`, `~` or an empty YAML value.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as written (`1`, `0.5`, `1e3`).
    Number(String),
    /// A string.
    String(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its span (the key alone, without the value).
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key text.
    pub text: String,
    /// Byte range of the key.
    pub span: Range<usize>,
}

impl Node {
    /// A node of `value` at `span`.
    pub fn new(value: NodeValue, span: Range<usize>) -> Self {
        Node { value, span }
    }

    /// The entries of a mapping.
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            NodeValue::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of a list.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as CloudFormation sees it: strings, numbers and booleans are
    /// all strings once deployed (`1` and `"1"` are the same parameter value).
    pub fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match &self.value {
            NodeValue::String(s) | NodeValue::Number(s) => Some(Cow::Borrowed(s)),
            NodeValue::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }

    /// The key and value of the first entry named `key` in a mapping.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(k, v)| (k, v))
    }

    /// The value of the entry named `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// An intrinsic function call: a mapping with exactly one entry whose key
    /// is `Ref`, `Condition` or starts with `Fn::`. Returns the function name
    /// and its argument.
    pub fn intrinsic(&self) -> Option<(&str, &Node)> {
        match self.as_map()? {
            [(key, arg)] if is_function_name(&key.text) => Some((key.text.as_str(), arg)),
            _ => None,
        }
    }
}

/// The function name wrapping a value that YAML tools read differently (a
/// key that two mappings merged with `<<` give different values): the
/// evaluator reads it as unknown.
pub const AMBIGUOUS_MERGE: &str = "Fn::keylint::AmbiguousYamlMerge";

/// Whether a mapping key names an intrinsic function.
pub fn is_function_name(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

/// The span covering a mapping entry: from its key to the end of its value.
pub fn entry_span(key: &Key, value: &Node) -> Range<usize> {
    key.span.start..value.span.end.max(key.span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str, span: Range<usize>) -> Node {
        Node::new(NodeValue::String(text.into()), span)
    }

    fn key(text: &str, span: Range<usize>) -> Key {
        Key {
            text: text.into(),
            span,
        }
    }

    #[test]
    fn lookups_keep_first_entry_and_order() {
        let map = Node::new(
            NodeValue::Map(vec![
                (key("a", 0..1), s("x", 3..4)),
                (key("b", 5..6), s("y", 8..9)),
            ]),
            0..9,
        );
        assert_eq!(map.get("b").and_then(Node::as_str), Some("y"));
        assert!(map.get("c").is_none());
        let (k, v) = map.entry("a").unwrap();
        assert_eq!(entry_span(k, v), 0..4);
    }

    #[test]
    fn intrinsic_needs_a_single_function_key() {
        let call = Node::new(NodeValue::Map(vec![(key("Ref", 0..3), s("U", 5..6))]), 0..6);
        assert_eq!(call.intrinsic().map(|(f, _)| f), Some("Ref"));
        let plain = Node::new(
            NodeValue::Map(vec![(key("Type", 0..4), s("U", 5..6))]),
            0..6,
        );
        assert!(plain.intrinsic().is_none());
        let two = Node::new(
            NodeValue::Map(vec![
                (key("Ref", 0..3), s("U", 5..6)),
                (key("Fn::X", 7..9), s("V", 9..10)),
            ]),
            0..10,
        );
        assert!(two.intrinsic().is_none());
    }

    #[test]
    fn scalars_read_as_text() {
        assert_eq!(
            Node::new(NodeValue::Bool(true), 0..4)
                .scalar_text()
                .as_deref(),
            Some("true")
        );
        assert_eq!(
            Node::new(NodeValue::Number("1.5".into()), 0..3)
                .scalar_text()
                .as_deref(),
            Some("1.5")
        );
        assert!(Node::new(NodeValue::Null, 0..0).scalar_text().is_none());
    }
}
