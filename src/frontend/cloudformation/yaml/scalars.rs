//! Scalars and tags: typing (YAML 1.1, see [`super::resolve`]), and
//! CloudFormation's short tags (`!Ref x`) rewritten to their long form
//! (`{Ref: x}`).

use std::ops::Range;

use saphyr_parser::{ScalarStyle, Tag};

use super::resolve::{core_tagged, plain};
use crate::frontend::cloudformation::tree::{Key, Node, NodeValue};
use crate::source::Source;

/// The long-form function name of a local `!Name` tag, as cfn-lint and the
/// AWS tools read it: `!Ref` and `!Condition` keep their name, any other
/// `!Name` is `Fn::Name`. A tag CloudFormation does not know (`!Foo x`)
/// thus becomes a function call that is left unevaluated, never the plain
/// value `x`: reading it as `x` would lint a template that cannot deploy
/// as if it named `x`. The bare non-specific tag `!` is no function.
pub(super) fn cfn_function(tag: &Tag) -> Option<String> {
    if tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    })
}

/// Wraps `node` (whose span starts at its tag) into `{function: node}`, as
/// cfn-lint does. `!GetAtt A.B` becomes `Fn::GetAtt: [A, B]`.
pub(super) fn long_form(source: &Source, function: &str, mut inner: Node) -> Node {
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

/// Types a scalar: quoted and block scalars are strings; plain scalars may
/// be null, booleans or numbers (YAML 1.1); `!!type` tags force the type.
/// Any other tag makes a string, as in PyYAML: `!Ref 1`, `!Sub yes` and an
/// empty `!Ref` are the strings `1`, `yes` and `` (never 1, true or null).
pub(super) fn scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    span: Range<usize>,
) -> Node {
    Node::new(scalar_value(text, style, tag), span)
}

/// The value of a scalar, as [`scalar`] types it.
pub(super) fn scalar_value(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> NodeValue {
    match tag {
        Some(t) if t.is_yaml_core_schema() => core_tagged(text, &t.suffix),
        Some(_) => NodeValue::String(text.to_owned()),
        None if style != ScalarStyle::Plain => NodeValue::String(text.to_owned()),
        None => plain(text),
    }
}

/// The span of a quoted scalar, ended at its closing quote. saphyr ends it
/// after the blanks and any comment that follow on the line. The span may
/// start at a tag or anchor (`!Sub "x"`), which comes first. Bounded by the
/// span's length.
pub(super) fn quoted_span(text: &str, span: Range<usize>, style: ScalarStyle) -> Range<usize> {
    let quote = match style {
        ScalarStyle::SingleQuoted => '\'',
        ScalarStyle::DoubleQuoted => '"',
        _ => return span,
    };
    let Some(region) = text.get(span.clone()) else {
        return span;
    };
    let mut rest = region;
    while rest.starts_with(['!', '&']) {
        let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
        rest = rest[word..].trim_start();
    }
    let Some(body) = rest.strip_prefix(quote) else {
        return span;
    };
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && body[i + 1..].starts_with('\'') {
                chars.next();
                continue;
            }
            let end = region.len() - body.len() + i + 1;
            return span.start..span.start + end;
        }
    }
    span
}
