//! Converting input values to their variables' declared types.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};

use super::{Evaluator, ModuleInstance, Scope};
use crate::frontend::terraform::value::Value;

/// Converts a value to a variable's declared type, as Terraform does for
/// inputs: primitives convert from strings, `optional(type, default)` object
/// attributes get their defaults, sets are deduplicated and sorted.
pub fn convert(
    ev: &Evaluator<'_>,
    constants: &ModuleInstance,
    value: Value,
    type_expr: Option<&Expression>,
) -> Value {
    let Some(type_expr) = type_expr else {
        return value;
    };
    if value.is_unknown() || value == Value::Null {
        return value;
    }
    match type_expr {
        Expression::Variable(name) => match name.as_str() {
            "string" => value.as_string().map_or(value, Value::String),
            "number" => value.as_number().map_or(value, Value::Number),
            "bool" => value.as_bool().map_or(value, Value::Bool),
            _ => value,
        },
        Expression::FuncCall(call) => {
            let args: Vec<&Expression> = call.args.iter().collect();
            match (call.name.name.as_str(), args.as_slice(), &value) {
                ("list" | "set", [elem], Value::List(items) | Value::Set(items)) => {
                    let items: Vec<Value> = items
                        .iter()
                        .map(|v| convert(ev, constants, v.clone(), Some(elem)))
                        .collect();
                    if call.name.name.as_str() == "set" {
                        Value::set(items)
                    } else {
                        Value::list(items)
                    }
                }
                ("map", [elem], Value::Map(entries)) => Value::map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.clone(), convert(ev, constants, v.clone(), Some(elem))))
                        .collect(),
                ),
                ("object", [Expression::Object(attrs)], Value::Map(entries)) => {
                    let mut out = BTreeMap::new();
                    for (key, attr_type) in attrs.iter() {
                        let key = match key {
                            ObjectKey::Ident(i) => i.as_str().to_owned(),
                            ObjectKey::Expression(e) => match e.as_str() {
                                Some(s) => s.to_owned(),
                                None => continue,
                            },
                        };
                        let attr_type = attr_type.expr();
                        let given = entries.get(&key).cloned();
                        let value = match (given, optional_parts(attr_type)) {
                            (Some(v), (ty, _)) if v != Value::Null => {
                                convert(ev, constants, v, Some(ty))
                            }
                            (_, (ty, Some(default))) => convert(
                                ev,
                                constants,
                                ev.eval(constants, default, &Scope::default()),
                                Some(ty),
                            ),
                            _ => Value::Null,
                        };
                        out.insert(key, value);
                    }
                    Value::map(out)
                }
                _ => value,
            }
        }
        _ => value,
    }
}

/// `optional(type, default)` → (type, default); any other type → (itself, None).
fn optional_parts(type_expr: &Expression) -> (&Expression, Option<&Expression>) {
    if let Expression::FuncCall(call) = type_expr
        && call.name.name.as_str() == "optional"
    {
        let mut args = call.args.iter();
        if let Some(ty) = args.next() {
            return (ty, args.next());
        }
    }
    (type_expr, None)
}
