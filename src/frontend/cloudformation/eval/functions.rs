//! The intrinsic functions evaluated before deployment: `Fn::Sub`,
//! `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If`, `Fn::FindInMap`.

use std::collections::HashMap;

use super::values::{bounded, bounded_len, describe, literal, mapping_value};
use super::{Env, Evaluator, MAX_STRING, Truth, Value};
use crate::frontend::cloudformation::tree::Node;

impl Evaluator<'_> {
    pub(super) fn sub(&self, arg: &Node, env: &Env) -> Value {
        let (template, vars) = match (arg.as_str(), arg.as_seq()) {
            (Some(t), _) => (t, None),
            (None, Some([t, vars])) => match t.as_str() {
                Some(t) => (t, Some(vars)),
                None => return Value::Unknown("Fn::Sub template is not a string".into()),
            },
            _ => return Value::Unknown("Fn::Sub has an unexpected form".into()),
        };
        // Each variable is evaluated once, however often it is used: nested
        // `Fn::Sub` variables would otherwise multiply the work per level.
        let mut known: HashMap<String, Result<String, String>> = HashMap::new();
        if let Some(name) = whole_placeholder(template) {
            // `!Sub '${User}'` is `!Ref User`, which names the user itself;
            // so is `!Sub ['${U}', {U: !Ref User}]`.
            match vars.and_then(|v| v.get(name)) {
                Some(var) => match self.eval(var, env) {
                    value @ Value::Resource(_) => return value,
                    value => _ = known.insert(name.to_owned(), var_string(value)),
                },
                None => {
                    if let value @ Value::Resource(_) = self.resolve_name(name, env) {
                        return value;
                    }
                }
            }
        }
        let lookup = |name: &str| {
            if let Some(value) = known.get(name) {
                return value.clone();
            }
            let value = self.sub_var(name, vars, env);
            known.insert(name.to_owned(), value.clone());
            value
        };
        match substitute(template, lookup) {
            Ok(s) => literal(s),
            Err(reason) => Value::Unknown(reason),
        }
    }

    fn sub_var(&self, name: &str, vars: Option<&Node>, env: &Env) -> Result<String, String> {
        if let Some(var) = vars.and_then(|v| v.get(name)) {
            return var_string(self.eval(var, env));
        }
        if name.contains('.') && !name.starts_with("AWS::") {
            return Err(format!(
                "`${{{name}}}` is a resource attribute, only known at deploy time"
            ));
        }
        match self.resolve_name(name, env) {
            Value::Str(s) => Ok(s),
            Value::Unknown(reason) => Err(reason),
            Value::Resource(id) => Err(format!(
                "the physical id of `{id}` is only known at deploy time"
            )),
            other => Err(format!("`${{{name}}}` is {}", describe(&other))),
        }
    }

    pub(super) fn join(&self, arg: &Node, env: &Env) -> Value {
        let Some([delimiter, list]) = arg.as_seq() else {
            return Value::Unknown("Fn::Join needs a delimiter and a list".into());
        };
        let joined = self
            .string_arg(delimiter, env)
            .and_then(|d| Ok((d, self.strings(list, env)?)))
            .and_then(|(d, items)| {
                // Checked before joining: a long delimiter between many
                // items would be gigabytes before any check after.
                let len = items.iter().fold(0usize, |n, i| n.saturating_add(i.len()));
                let delimiters = d.len().saturating_mul(items.len().saturating_sub(1));
                bounded_len(len.saturating_add(delimiters))?;
                Ok(items.join(&d))
            });
        joined.map_or_else(Value::Unknown, Value::Str)
    }

    pub(super) fn select(&self, arg: &Node, env: &Env) -> Value {
        let Some([index, list]) = arg.as_seq() else {
            return Value::Unknown("Fn::Select needs an index and a list".into());
        };
        let index = match self
            .string_arg(index, env)
            .map(|i| i.trim().parse::<usize>())
        {
            Ok(Ok(i)) => i,
            Ok(Err(_)) => return Value::Unknown("Fn::Select index is not a number".into()),
            Err(reason) => return Value::Unknown(reason),
        };
        match self.eval(list, env) {
            Value::List(mut items) if index < items.len() => items.swap_remove(index),
            Value::List(_) => Value::Unknown("Fn::Select index is out of range".into()),
            Value::Unknown(reason) => Value::Unknown(reason),
            other => Value::Unknown(format!(
                "Fn::Select expects a list, found {}",
                describe(&other)
            )),
        }
    }

    pub(super) fn split(&self, arg: &Node, env: &Env) -> Value {
        let Some([delimiter, text]) = arg.as_seq() else {
            return Value::Unknown("Fn::Split needs a delimiter and a string".into());
        };
        match (self.string_arg(delimiter, env), self.string_arg(text, env)) {
            (Ok(d), Ok(_)) if d.is_empty() => Value::Unknown("Fn::Split delimiter is empty".into()),
            (Ok(d), Ok(t)) => Value::List(
                t.split(d.as_str())
                    .map(|s| Value::Str(s.to_owned()))
                    .collect(),
            ),
            (Err(reason), _) | (_, Err(reason)) => Value::Unknown(reason),
        }
    }

    pub(super) fn if_(&self, arg: &Node, env: &Env) -> Value {
        let Some([condition, then, otherwise]) = arg.as_seq() else {
            return Value::Unknown("Fn::If needs a condition and two values".into());
        };
        let Some(name) = condition.as_str() else {
            return Value::Unknown("Fn::If condition is not a name".into());
        };
        match self.condition(name) {
            Truth::True => self.eval(then, env),
            Truth::False => self.eval(otherwise, env),
            Truth::Unknown(reason) => {
                // Both branches may agree, e.g. two spellings of one name.
                let (a, b) = (self.eval(then, env), self.eval(otherwise, env));
                if a == b && !matches!(a, Value::Unknown(_)) {
                    a
                } else {
                    Value::Unknown(format!("condition `{name}` is not known: {reason}"))
                }
            }
        }
    }

    pub(super) fn find_in_map(&self, arg: &Node, env: &Env) -> Value {
        let Some(args) = arg.as_seq().filter(|a| a.len() == 3 || a.len() == 4) else {
            return Value::Unknown("Fn::FindInMap needs a map name and two keys".into());
        };
        let mut keys = Vec::with_capacity(3);
        for key in &args[..3] {
            match self.string_arg(key, env) {
                Ok(k) => keys.push(k),
                Err(reason) => {
                    return Value::Unknown(format!("Fn::FindInMap key is not known: {reason}"));
                }
            }
        }
        let found = keys
            .iter()
            .try_fold(self.mappings, |node, key| node.map(|n| n.get(key)));
        match (
            found.flatten(),
            args.get(3).and_then(|o| o.get("DefaultValue")),
        ) {
            // Mappings hold literals only; not evaluating them also keeps a
            // mapping that "calls itself" from multiplying work.
            (Some(value), _) => mapping_value(value),
            (None, Some(default)) => self.eval(default, env),
            (None, None) => Value::Unknown(format!(
                "Fn::FindInMap finds no entry {} in Mappings",
                keys.join(".")
            )),
        }
    }
}

/// The name of a template that is exactly one `${name}` placeholder.
/// A `Fn::Sub` variable's value as text, or why it has none before
/// deployment.
fn var_string(value: Value) -> Result<String, String> {
    match value {
        Value::Str(s) => Ok(s),
        Value::Unknown(reason) => Err(reason),
        Value::Resource(id) => Err(format!(
            "the physical id of `{id}` is only known at deploy time"
        )),
        other => Err(format!("expected a string, found {}", describe(&other))),
    }
}

fn whole_placeholder(template: &str) -> Option<&str> {
    let name = template.strip_prefix("${")?.strip_suffix('}')?;
    (!name.starts_with('!') && !name.contains(['{', '}'])).then_some(name)
}

/// Replaces the `${name}` placeholders of an `Fn::Sub` template with
/// `lookup(name)`; `${!text}` stands for the literal `${text}`. The first
/// failed lookup fails the whole substitution.
pub fn substitute(
    template: &str,
    mut lookup: impl FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            // An unterminated placeholder is plain text.
            out.push_str(&rest[start..]);
            return bounded(out);
        };
        let name = &after[..end];
        match name.strip_prefix('!') {
            Some(literal) => {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            }
            None => out.push_str(&lookup(name.trim())?),
        }
        if out.len() > MAX_STRING {
            return Err("string is too long to evaluate".into());
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    bounded(out)
}
