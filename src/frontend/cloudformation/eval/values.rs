//! Values from the template itself: literals, parameters (defaults or
//! given), mappings, and how values are described in messages.

use super::{MAX_STRING, Value};
use crate::frontend::cloudformation::tree::{Node, NodeValue as N};

/// A literal string, unless it holds a dynamic reference, which
/// CloudFormation resolves at deploy time.
pub(super) fn literal(s: String) -> Value {
    match s.find("{{resolve:") {
        Some(at) => {
            let reference: String = s[at..].chars().take(60).collect();
            let reference = reference.split_inclusive("}}").next().unwrap_or_default();
            Value::Unknown(format!(
                "dynamic reference `{reference}` is resolved at deploy time"
            ))
        }
        None => Value::Str(s),
    }
}

pub(super) fn known_string(value: Value) -> Result<String, String> {
    match value {
        Value::Str(s) => Ok(s),
        Value::Unknown(reason) => Err(reason),
        other => Err(format!("expected a string, found {}", describe(&other))),
    }
}

pub(super) fn bounded(s: String) -> Result<String, String> {
    bounded_len(s.len())?;
    Ok(s)
}

/// Whether a string of `len` bytes may be built.
pub(super) fn bounded_len(len: usize) -> Result<(), String> {
    if len > MAX_STRING {
        return Err("string is too long to evaluate".into());
    }
    Ok(())
}

/// How a value is named in reasons.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Str(s) => format!("the string `{s}`"),
        Value::List(_) => "a list".into(),
        Value::Resource(id) => format!("the resource `{id}`"),
        Value::Absent => "AWS::NoValue".into(),
        Value::Structured => "a mapping".into(),
        Value::Unknown(reason) => reason.clone(),
    }
}

pub(super) fn get_att_name(arg: &Node) -> String {
    match (arg.as_str(), arg.as_seq()) {
        (Some(s), _) => s.to_owned(),
        (None, Some(parts)) => parts
            .iter()
            .map(|p| p.as_str().unwrap_or("?"))
            .collect::<Vec<_>>()
            .join("."),
        _ => "?".into(),
    }
}

/// The value of a parameter: the value given for it, else its default,
/// unless deploy time decides.
pub(super) fn parameter_value(name: &str, parameter: &Node, given: Option<&str>) -> Value {
    let kind = parameter
        .get("Type")
        .and_then(Node::as_str)
        .unwrap_or("String");
    if kind.starts_with("AWS::SSM::Parameter::Value") {
        return Value::Unknown(format!(
            "parameter `{name}` is read from SSM Parameter Store at deploy time"
        ));
    }
    let is_list = kind == "CommaDelimitedList" || kind.starts_with("List<");
    if let Some(text) = given {
        return if is_list {
            Value::List(
                text.split(',')
                    .map(|item| literal(item.trim().to_owned()))
                    .collect(),
            )
        } else {
            literal(text.to_owned())
        };
    }
    let Some(default) = parameter.get("Default") else {
        return Value::Unknown(format!(
            "parameter `{name}` has no default; its value is given at deploy time"
        ));
    };
    match (default.scalar_text(), default.as_seq()) {
        (Some(text), _) if is_list => Value::List(
            text.split(',')
                .map(|item| literal(item.trim().to_owned()))
                .collect(),
        ),
        (Some(text), _) => literal(text.into_owned()),
        (None, Some(items)) => Value::List(
            items
                .iter()
                .map(|i| {
                    i.scalar_text()
                        .map_or(Value::Structured, |t| literal(t.into_owned()))
                })
                .collect(),
        ),
        (None, None) => Value::Unknown(format!("parameter `{name}` has no usable default")),
    }
}

/// A value of the `Mappings` section: a literal string or list of strings.
pub(super) fn mapping_value(node: &Node) -> Value {
    let scalar = |n: &Node| n.scalar_text().map(|t| literal(t.into_owned()));
    match (&node.value, node.as_seq()) {
        (N::Null, _) => Value::Absent,
        (_, Some(items)) => Value::List(
            items
                .iter()
                .map(|i| scalar(i).unwrap_or(Value::Structured))
                .collect(),
        ),
        _ => scalar(node).unwrap_or(Value::Structured),
    }
}
