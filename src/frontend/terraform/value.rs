//! Terraform values, with *unknown* as a first-class value.
//!
//! Terraform itself evaluates with unknowns (cty); keylint must too, because
//! a finding may only rest on values that are known. An [`Value::Unknown`]
//! may carry an *identity*: the canonical text of the reference it came from
//! (`aws_iam_user.x[0]`, `module.a.var.user_name`). Two unknowns with the same
//! identity are certainly equal, which is enough to tell that two keys belong
//! to the same user even when the user's name is not known.
//!
//! Two more kinds of value are not known either: an *error* (what Terraform
//! would fail on, such as a missing map key: `try` and `can` catch it), and a
//! *partial object* (a resource instance, of which only some attributes are
//! known before apply).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;

use super::budget;

pub use super::number::Number;

/// A Terraform value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number, as Terraform computes with them.
    Number(Number),
    /// A string.
    String(Rc<str>),
    /// A list or tuple.
    List(Rc<Vec<Value>>),
    /// A set, kept sorted and deduplicated. Distinct from lists because
    /// Terraform's `for_each` takes sets and maps, and rejects lists.
    Set(Rc<Vec<Value>>),
    /// A map or object.
    Map(Rc<BTreeMap<String, Value>>),
    /// Not known before apply (or not resolvable statically).
    Unknown(Option<Rc<str>>),
    /// An object of which only these attributes are known (a resource
    /// instance: its arguments and the attributes the provider echoes); any
    /// other attribute is unknown, and so is the object as a whole.
    Partial(Rc<BTreeMap<String, Value>>),
    /// What Terraform fails on (a missing attribute or key, an index out
    /// of range), with the reason: `try` falls back and `can` is `false`.
    Error(Rc<str>),
}

impl Value {
    /// An unknown value with no identity.
    pub const UNKNOWN: Value = Value::Unknown(None);

    /// A string value; unknown once the unit's budget is spent (a string
    /// over 1 MiB spends it).
    pub fn string(s: impl Into<Rc<str>>) -> Self {
        let s = s.into();
        if !budget::string(s.len()) {
            return Value::UNKNOWN;
        }
        Value::String(s)
    }

    /// A list value; unknown once the unit's budget is spent.
    pub fn list(items: Vec<Value>) -> Self {
        if !budget::elements(items.len()) {
            return Value::UNKNOWN;
        }
        Value::List(Rc::new(items))
    }

    /// A set value: sorted and deduplicated; unknown once the unit's
    /// budget is spent.
    pub fn set(mut items: Vec<Value>) -> Self {
        if !budget::elements(items.len()) {
            return Value::UNKNOWN;
        }
        sort_set(&mut items);
        Value::Set(Rc::new(items))
    }

    /// The elements of a list or a set.
    pub fn items(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) | Value::Set(items) => Some(items),
            _ => None,
        }
    }

    /// A map value; unknown once the unit's budget is spent.
    pub fn map(entries: BTreeMap<String, Value>) -> Self {
        if !budget::elements(entries.len()) {
            return Value::UNKNOWN;
        }
        Value::Map(Rc::new(entries))
    }

    /// An unknown that certainly equals every other unknown with this identity.
    pub fn unknown_as(identity: impl Into<Rc<str>>) -> Self {
        Value::Unknown(Some(identity.into()))
    }

    /// An error with its reason.
    pub fn error(reason: impl Into<Rc<str>>) -> Self {
        Value::Error(reason.into())
    }

    /// Whether this value, or anything inside it, is unknown (or an error).
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown(_) | Value::Partial(_) | Value::Error(_) => false,
            Value::List(items) | Value::Set(items) => items.iter().all(Value::is_wholly_known),
            Value::Map(entries) => entries.values().all(Value::is_wholly_known),
            _ => true,
        }
    }

    /// Whether this value is unknown at the top level.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    /// The first error in this value, if any (an error anywhere inside a
    /// collection makes the whole value fail where it is used).
    pub fn first_error(&self) -> Option<&Value> {
        match self {
            Value::Error(_) => Some(self),
            Value::List(items) | Value::Set(items) => items.iter().find_map(Value::first_error),
            Value::Map(entries) | Value::Partial(entries) => {
                entries.values().find_map(Value::first_error)
            }
            _ => None,
        }
    }

    /// The value as a string, converting numbers and bools as Terraform does.
    pub fn as_string(&self) -> Option<Rc<str>> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string().into()),
            Value::Bool(b) => Some(if *b { "true" } else { "false" }.into()),
            _ => None,
        }
    }

    /// The value as a bool, converting `"true"`/`"false"` strings.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if &**s == "true" => Some(true),
            Value::String(s) if &**s == "false" => Some(false),
            _ => None,
        }
    }

    /// The value as a number, converting numeric strings.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(n.clone()),
            Value::String(s) => Number::parse(s),
            _ => None,
        }
    }

    /// The value as the nearest 64-bit float (for functions Terraform
    /// computes in floating point, such as `pow` and `log`).
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(|n| n.to_f64())
    }

    /// A whole number.
    pub fn int(i: i64) -> Self {
        Value::Number(Number::int(i))
    }

    /// A short name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Partial(_) => "object",
            Value::Unknown(_) => "unknown",
            Value::Error(_) => "error",
        }
    }

    /// Renders the value as `format("%v")` would (only for known values).
    pub fn render(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&n.to_string()),
            Value::String(s) => out.push_str(s),
            Value::List(items) | Value::Set(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.render(out);
                }
                out.push(']');
            }
            Value::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "{k:?}:");
                    v.render(out);
                }
                out.push('}');
            }
            Value::Unknown(_) | Value::Partial(_) | Value::Error(_) => out.push_str("(unknown)"),
        }
    }
}

/// Sorts and deduplicates a set's elements the way Terraform orders string sets.
pub fn sort_set(items: &mut Vec<Value>) {
    items.sort_by(|a, b| {
        let (a, b) = (a.as_string(), b.as_string());
        a.cmp(&b)
    });
    items.dedup();
}

/// Terraform's `==`: known values compare structurally; numbers and strings
/// never equal each other. Returns `None` when either side is unknown.
pub fn equals(a: &Value, b: &Value) -> Option<bool> {
    if !a.is_wholly_known() || !b.is_wholly_known() {
        return None;
    }
    Some(a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_render_like_terraform() {
        assert_eq!(Value::int(2).as_string().as_deref(), Some("2"));
        let half = Value::Number(Number::parse("2.5").unwrap());
        assert_eq!(half.as_string().as_deref(), Some("2.5"));
    }

    #[test]
    fn unknown_is_never_equal() {
        assert_eq!(equals(&Value::UNKNOWN, &Value::string("a")), None);
        assert_eq!(equals(&Value::string("a"), &Value::string("a")), Some(true));
        assert_eq!(equals(&Value::int(1), &Value::string("1")), Some(false));
    }

    #[test]
    fn conversions() {
        assert_eq!(Value::string("true").as_bool(), Some(true));
        assert_eq!(Value::string("3").as_number(), Some(Number::int(3)));
        assert_eq!(Value::int(3).as_string().as_deref(), Some("3"));
    }
}
