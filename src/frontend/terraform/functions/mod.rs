//! Terraform's built-in functions, with Terraform's semantics: each is a
//! small function of known arguments that returns a value, or the error
//! Terraform would fail with (which `try` and `can` catch). A function
//! keylint does not know, or one called with an unknown argument, evaluates
//! to unknown: never a guess. Functions that read files, the clock or
//! randomness are not evaluated.

mod collections;
mod csvdecode;
mod dates;
mod encoding;
mod format;
mod network;
mod numbers;
mod paths;
mod strings;
mod text;
mod yaml;

use std::collections::BTreeMap;
use std::rc::Rc;

use super::value::{Number, Value};

/// A built-in function of known arguments: its value, or why Terraform would fail. A result beyond
/// keylint's bounds (the input is untrusted) is `Ok(Value::UNKNOWN)`, not
/// an error: Terraform would compute it, so `try` must not fall back.
type Function = fn(&[Value]) -> Result<Value, String>;

/// Functions by name, one table per family.
const TABLES: &[&[(&str, Function)]] = &[
    collections::TABLE,
    csvdecode::TABLE,
    dates::TABLE,
    encoding::TABLE,
    format::TABLE,
    network::TABLE,
    numbers::TABLE,
    paths::TABLE,
    strings::TABLE,
    text::TABLE,
    yaml::TABLE,
];

/// Calls a built-in function by name.
pub fn call(name: &str, args: Vec<Value>) -> Value {
    match name {
        "try" => return try_(args),
        "can" => return can(&args),
        _ => {}
    }
    if let Some(error) = args.iter().find_map(Value::first_error) {
        return error.clone();
    }
    let Some(function) = find(name) else {
        return Value::UNKNOWN;
    };
    if !args.iter().all(Value::is_wholly_known) {
        return partially_known(name, args);
    }
    match function(&args) {
        Ok(value) => value,
        Err(reason) => Value::error(format!("{name}(): {reason}")),
    }
}

fn find(name: &str) -> Option<Function> {
    TABLES
        .iter()
        .flat_map(|table| table.iter())
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
}

/// The few results known although an argument is not: the length of a
/// collection of unknown elements, and the first argument of `coalesce`
/// when it is known and usable.
fn partially_known(name: &str, args: Vec<Value>) -> Value {
    match (name, args.as_slice()) {
        ("length", [Value::List(items) | Value::Set(items)]) => Value::int(items.len() as i64),
        ("length", [Value::Map(entries)]) => Value::int(entries.len() as i64),
        // Identity (keylint has no ephemeral values), unknowns and all.
        ("ephemeralasnull", [v]) => v.clone(),
        ("coalesce", _) => {
            for arg in args {
                match &arg {
                    Value::Null => continue,
                    Value::String(s) if s.is_empty() => continue,
                    Value::Unknown(_) | Value::Partial(_) => return Value::UNKNOWN,
                    _ => return arg,
                }
            }
            Value::UNKNOWN
        }
        _ => Value::UNKNOWN,
    }
}

/// `try(a, b, ...)`: the first argument that is not an error. An unknown
/// cannot be told to fail, so it is the result (as Terraform's plan has it).
fn try_(args: Vec<Value>) -> Value {
    let mut last = Value::error("try(): no argument succeeded");
    for arg in args {
        match arg {
            Value::Error(_) => last = arg,
            other => return other,
        }
    }
    last
}

/// `can(x)`: whether `x` evaluates without an error.
fn can(args: &[Value]) -> Value {
    match args {
        [Value::Error(_)] => Value::Bool(false),
        [v] if v.is_wholly_known() => Value::Bool(true),
        [_] => Value::UNKNOWN,
        _ => Value::error("can(): takes one argument"),
    }
}

// Argument readers: each says what was expected when it fails.

fn arity(args: &[Value], n: usize) -> Result<(), String> {
    if args.len() == n {
        Ok(())
    } else {
        Err(format!("takes {n} arguments, not {}", args.len()))
    }
}

fn string(v: &Value) -> Result<Rc<str>, String> {
    v.as_string()
        .ok_or_else(|| format!("a string is required, not a {}", v.type_name()))
}

fn number(v: &Value) -> Result<Number, String> {
    match v {
        Value::Null => Err("a number is required, not null".into()),
        _ => v
            .as_number()
            .ok_or_else(|| format!("a number is required, not a {}", v.type_name())),
    }
}

/// A number for a function Terraform computes with 64-bit floats.
fn float(v: &Value) -> Result<f64, String> {
    number(v).map(|n| n.to_f64())
}

fn integer(v: &Value) -> Result<i64, String> {
    let n = number(v)?;
    n.to_i64()
        .ok_or_else(|| format!("a whole number is required, not {n}"))
}

fn boolean(v: &Value) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("a bool is required, not a {}", v.type_name()))
}

fn items(v: &Value) -> Result<&[Value], String> {
    v.items()
        .ok_or_else(|| format!("a list or set is required, not a {}", v.type_name()))
}

fn entries(v: &Value) -> Result<&BTreeMap<String, Value>, String> {
    match v {
        Value::Map(entries) => Ok(entries),
        _ => Err(format!("a map is required, not a {}", v.type_name())),
    }
}

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_csv;
#[cfg(test)]
mod tests_dates;
#[cfg(test)]
mod tests_network;
#[cfg(test)]
mod tests_text;
#[cfg(test)]
mod tests_yaml;
#[cfg(test)]
mod tests_yaml_more;
