//! Scalars and tags: YAML core-schema typing, and CloudFormation's short
//! tags (`!Ref x`) rewritten to their long form (`{Ref: x}`).

use std::ops::Range;

use saphyr_parser::{ScalarStyle, Tag};

use crate::frontend::cloudformation::tree::{Key, Node, NodeValue};
use crate::source::Source;

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
pub(super) fn cfn_function(tag: &Tag) -> Option<&'static str> {
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

/// Types a scalar: quoted and block scalars are strings; plain scalars may be
/// null, booleans or numbers (YAML core schema, read loosely); `!!type` tags
/// force the type.
pub(super) fn scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    span: Range<usize>,
) -> Node {
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
