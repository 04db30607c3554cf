//! Builds the document [`Node`] tree of a YAML template from saphyr parser
//! events.
//!
//! The tree is built with an explicit stack, never by recursion, so a hostile
//! file cannot overflow the call stack; nesting is bounded anyway. Anchors are
//! expanded by copying, within a budget, so that an alias bomb ("billion
//! laughs") fails fast instead of exhausting memory. CloudFormation short tags
//! are rewritten to their long form as they are read.
//!
//! saphyr markers count characters, not bytes: every marker goes through
//! [`SourceFile::offset_of_char_column`](crate::source::SourceFile::offset_of_char_column).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span, Tag};

use super::tree::{Key, Node, NodeValue};
use crate::error::InputError;
use crate::source::Source;

/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 1_000;
/// Most nodes that anchors and aliases may copy in one document.
pub const MAX_ALIAS_NODES: usize = 1_000_000;
/// Most scalar bytes that anchors and aliases may copy in one document.
pub const MAX_ALIAS_BYTES: usize = 64 * 1024 * 1024;

/// Parses the first YAML document of `source` into a tree. An empty stream
/// gives a `Null` root.
pub fn parse(source: &Source) -> Result<Node, InputError> {
    let mut builder = Builder::new(source);
    let mut parser = Parser::new_from_str(&source.text);
    loop {
        let (event, span) = match parser.next_event() {
            Some(Ok(next)) => next,
            Some(Err(e)) => return Err(scan_error(source, &e)),
            None => return Ok(Node::new(NodeValue::Null, 0..0)),
        };
        if let Some(root) = builder.event(event, span)? {
            return Ok(root);
        }
    }
}

fn scan_error(source: &Source, e: &ScanError) -> InputError {
    let at = builder_offset(source, e.marker());
    let end = source.text[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    let message = match e.info() {
        // saphyr counts flow levels in a u8.
        "recursion limit exceeded" => {
            "YAML nesting is too deep: flow collections ([...], {...}) nest at most 255 levels"
                .to_owned()
        }
        info => format!("invalid YAML: {info}"),
    };
    InputError::at(source, at..end, message)
}

fn builder_offset(source: &Source, marker: &Marker) -> usize {
    source.offset_of_char_column(marker.line(), marker.col())
}

/// Size of a finished subtree, kept so that copying it for an alias can be
/// charged to the budget and checked against the depth limit.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    nodes: usize,
    bytes: usize,
    height: usize,
}

impl Stats {
    fn add_child(&mut self, child: Stats) {
        self.nodes += child.nodes;
        self.bytes += child.bytes;
        self.height = self.height.max(child.height);
    }
}

enum Container {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Key, Node)>,
        seen: HashSet<String>,
        pending: Option<Key>,
    },
}

struct Frame {
    container: Container,
    start: usize,
    /// End of the start event: the span of an empty block collection.
    start_end: usize,
    tag: Option<Tag>,
    anchor: usize,
    stats: Stats,
}

struct Anchored {
    node: Node,
    stats: Stats,
}

struct Builder<'s> {
    source: &'s Source,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    copied_nodes: usize,
    copied_bytes: usize,
}

impl<'s> Builder<'s> {
    fn new(source: &'s Source) -> Self {
        Builder {
            source,
            stack: Vec::new(),
            anchors: HashMap::new(),
            copied_nodes: 0,
            copied_bytes: 0,
        }
    }

    fn span(&self, span: &Span) -> Range<usize> {
        let start = builder_offset(self.source, &span.start);
        let end = builder_offset(self.source, &span.end).max(start);
        start..end
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> InputError {
        InputError::at(self.source, span, message)
    }

    /// Handles one event; returns the root once the first document's root
    /// node is complete.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<Option<Node>, InputError> {
        let range = self.span(&span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if self.expects_key() {
                    self.key(text.into_owned(), range)?;
                    return Ok(None);
                }
                let tag = tag.map(Cow::into_owned);
                let bytes = text.len();
                let node = scalar(&text, style, tag.as_ref(), range);
                let stats = Stats {
                    nodes: 1,
                    bytes,
                    height: 0,
                };
                self.finish(node, stats, tag.as_ref(), anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(
                    Container::Seq(Vec::new()),
                    range,
                    tag.map(Cow::into_owned),
                    anchor,
                )?;
                Ok(None)
            }
            Event::MappingStart(anchor, tag) => {
                let map = Container::Map {
                    entries: Vec::new(),
                    seen: HashSet::new(),
                    pending: None,
                };
                self.open(map, range, tag.map(Cow::into_owned), anchor)?;
                Ok(None)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(range),
            Event::Alias(id) => self.alias(id, range),
            Event::StreamEnd => Ok(Some(Node::new(NodeValue::Null, 0..0))),
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {
                Ok(None)
            }
        }
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                container: Container::Map { pending: None, .. },
                ..
            })
        )
    }

    fn key(&mut self, text: String, span: Range<usize>) -> Result<(), InputError> {
        let duplicate = match self.stack.last_mut() {
            Some(Frame {
                container: Container::Map { seen, pending, .. },
                stats,
                ..
            }) => {
                stats.bytes += text.len();
                let duplicate = !seen.insert(text.clone());
                *pending = Some(Key {
                    text: text.clone(),
                    span: span.clone(),
                });
                duplicate
            }
            _ => false,
        };
        if duplicate {
            return Err(self.error(span, format!("duplicate key `{text}`")));
        }
        Ok(())
    }

    fn open(
        &mut self,
        container: Container,
        span: Range<usize>,
        tag: Option<Tag>,
        anchor: usize,
    ) -> Result<(), InputError> {
        if self.expects_key() {
            return Err(self.error(span, "unsupported YAML: mapping keys must be scalars"));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                span,
                format!("YAML nesting is deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.stack.push(Frame {
            container,
            start: span.start,
            start_end: span.end,
            tag,
            anchor,
            stats: Stats::default(),
        });
        Ok(())
    }

    fn close(&mut self, end_span: Range<usize>) -> Result<Option<Node>, InputError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(None);
        };
        let (value, last_end) = match frame.container {
            Container::Seq(items) => {
                let last = items.last().map(|n| n.span.end);
                (NodeValue::Seq(items), last)
            }
            Container::Map { entries, .. } => {
                let last = entries.last().map(|(_, v)| v.span.end);
                (NodeValue::Map(entries), last)
            }
        };
        // Block collections end with an empty marker at the next token, which
        // may be lines further down; flow collections end at their bracket.
        let end = if end_span.is_empty() {
            last_end.unwrap_or(frame.start_end)
        } else {
            end_span.end
        };
        let node = Node::new(value, frame.start..end.max(frame.start));
        let mut stats = frame.stats;
        stats.nodes += 1;
        stats.height += 1;
        self.finish(node, stats, frame.tag.as_ref(), frame.anchor)
    }

    fn alias(&mut self, id: usize, span: Range<usize>) -> Result<Option<Node>, InputError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(self.error(span, "invalid YAML: alias to an unknown anchor"));
        };
        let stats = anchored.stats;
        if self.expects_key() {
            let Some(text) = anchored.node.scalar_text().map(Cow::into_owned) else {
                return Err(self.error(span, "unsupported YAML: mapping keys must be scalars"));
            };
            self.key(text, span)?;
            return Ok(None);
        }
        if self.stack.len() + stats.height > MAX_DEPTH {
            return Err(self.error(
                span,
                format!("YAML aliases nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        // Charge before copying, so that an alias bomb stops before it grows.
        self.charge(stats, &span)?;
        let Some(anchored) = self.anchors.get(&id) else {
            return Ok(None);
        };
        let mut node = anchored.node.clone();
        node.span = span;
        Ok(self.deliver(node, stats))
    }

    /// Counts a copy against the alias budget.
    fn charge(&mut self, stats: Stats, span: &Range<usize>) -> Result<(), InputError> {
        self.copied_nodes = self.copied_nodes.saturating_add(stats.nodes);
        self.copied_bytes = self.copied_bytes.saturating_add(stats.bytes);
        if self.copied_nodes > MAX_ALIAS_NODES {
            return Err(self.error(span.clone(), "YAML aliases expand to too many nodes"));
        }
        if self.copied_bytes > MAX_ALIAS_BYTES {
            return Err(self.error(span.clone(), "YAML aliases expand to too much text"));
        }
        Ok(())
    }

    /// Applies the tag and anchor of a complete node and hands it to its
    /// parent.
    fn finish(
        &mut self,
        node: Node,
        mut stats: Stats,
        tag: Option<&Tag>,
        anchor: usize,
    ) -> Result<Option<Node>, InputError> {
        let node = match tag.and_then(cfn_function) {
            Some(function) => {
                stats.nodes += 1;
                stats.height += 1;
                long_form(self.source, function, node)
            }
            None => node,
        };
        if anchor > 0 {
            // The anchored copy is charged too: nested anchors over a large
            // subtree would otherwise copy it once per level.
            self.charge(stats, &node.span)?;
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    stats,
                },
            );
        }
        Ok(self.deliver(node, stats))
    }

    fn deliver(&mut self, node: Node, stats: Stats) -> Option<Node> {
        let Some(frame) = self.stack.last_mut() else {
            return Some(node);
        };
        frame.stats.add_child(stats);
        match &mut frame.container {
            Container::Seq(items) => items.push(node),
            Container::Map {
                entries, pending, ..
            } => {
                if let Some(key) = pending.take() {
                    entries.push((key, node));
                }
            }
        }
        None
    }
}

/// CloudFormation short tags and the long-form function each stands for.
const SHORT_TAGS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("Join", "Fn::Join"),
    ("If", "Fn::If"),
    ("Equals", "Fn::Equals"),
    ("Not", "Fn::Not"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("FindInMap", "Fn::FindInMap"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Transform", "Fn::Transform"),
    ("ForEach", "Fn::ForEach"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
];

/// The long-form function name of a local `!Name` tag, if it is one of
/// CloudFormation's.
fn cfn_function(tag: &Tag) -> Option<&'static str> {
    if tag.handle != "!" {
        return None;
    }
    SHORT_TAGS
        .iter()
        .find(|(short, _)| *short == tag.suffix)
        .map(|(_, long)| *long)
}

/// Wraps `node` (whose span starts at its tag) into `{function: node}`, as
/// cfn-lint does. `!GetAtt A.B` becomes `Fn::GetAtt: [A, B]`.
fn long_form(source: &Source, function: &str, mut inner: Node) -> Node {
    let whole = inner.span.clone();
    let text = &source.text;
    let tag_end = text
        .get(whole.clone())
        .filter(|t| t.starts_with('!'))
        .and_then(|t| {
            t.find(|c: char| c.is_whitespace() || ",[]{}".contains(c))
                .or(Some(t.len()))
        })
        .map_or(whole.end, |len| whole.start + len);
    let key = Key {
        text: function.to_owned(),
        span: whole.start..tag_end,
    };
    let value_start = text
        .get(tag_end..whole.end)
        .and_then(|rest| rest.find(|c: char| !c.is_whitespace()))
        .map_or(tag_end, |skip| tag_end + skip);
    inner.span = value_start..whole.end.max(value_start);
    if function == "Fn::GetAtt" {
        inner = split_get_att(inner);
    }
    Node::new(NodeValue::Map(vec![(key, inner)]), whole)
}

fn split_get_att(node: Node) -> Node {
    let NodeValue::String(text) = &node.value else {
        return node;
    };
    let Some((resource, attribute)) = text.split_once('.') else {
        return node;
    };
    let part = |s: &str| Node::new(NodeValue::String(s.to_owned()), node.span.clone());
    let items = vec![part(resource), part(attribute)];
    Node::new(NodeValue::Seq(items), node.span)
}

/// Types a scalar: quoted and block scalars are strings; plain scalars may be
/// null, booleans or numbers (YAML core schema, read loosely); `!!type` tags
/// force the type.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>, span: Range<usize>) -> Node {
    let value = match tag {
        Some(t) if t.is_yaml_core_schema() => core_tagged(text, &t.suffix),
        _ if style != ScalarStyle::Plain => NodeValue::String(text.to_owned()),
        _ => plain(text),
    };
    Node::new(value, span)
}

fn core_tagged(text: &str, suffix: &str) -> NodeValue {
    match suffix {
        "null" => NodeValue::Null,
        "bool" => match plain(text) {
            v @ NodeValue::Bool(_) => v,
            _ => NodeValue::String(text.to_owned()),
        },
        "int" | "float" => NodeValue::Number(text.to_owned()),
        _ => NodeValue::String(text.to_owned()),
    }
}

fn plain(text: &str) -> NodeValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => NodeValue::Null,
        "true" | "True" | "TRUE" => NodeValue::Bool(true),
        "false" | "False" | "FALSE" => NodeValue::Bool(false),
        _ if is_number(text) => NodeValue::Number(text.to_owned()),
        _ => NodeValue::String(text.to_owned()),
    }
}

/// YAML 1.2 core-schema numbers: decimal, octal `0o`, hex `0x`, floats with
/// exponent, `.inf` and `.nan`.
fn is_number(text: &str) -> bool {
    if let Some(hex) = text.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
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
        let text =
            "Description: \"für 日本\"\r\nResources:\r\n  User:\r\n    Type: AWS::IAM::User\r\n";
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
            ("!Unknown x", "'x'"),
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
    fn plain_scalars_are_typed_loosely_and_quoted_ones_are_strings() {
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
                "#-1.5e3",
                "'12'",
                "'true'",
                "'2010-09-09'",
                "#0x1F",
                "'5'",
                "'yes'",
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
}
