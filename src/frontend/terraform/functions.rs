//! The Terraform functions that appear in user names, counts and `for_each`
//! collections. Any other function, and any call with an unknown argument,
//! evaluates to unknown: never a guess.

use std::collections::BTreeMap;

use super::value::{Value, format_number};

/// Calls a built-in function by name.
pub fn call(name: &str, args: Vec<Value>) -> Value {
    // Functions that tolerate unknown arguments decide for themselves.
    match name {
        "try" => return try_(args),
        "coalesce" => return coalesce(args),
        _ => {}
    }
    if !args.iter().all(Value::is_wholly_known) {
        // `length` of a list with unknown elements is still known.
        if name == "length"
            && let [Value::List(items) | Value::Set(items)] = args.as_slice()
        {
            return Value::Number(items.len() as f64);
        }
        if name == "length"
            && let [Value::Map(entries)] = args.as_slice()
        {
            return Value::Number(entries.len() as f64);
        }
        return Value::UNKNOWN;
    }
    known(name, &args).unwrap_or(Value::UNKNOWN)
}

/// A function of known arguments; `None` for an unknown function, or one
/// that would fail or that keylint does not evaluate.
fn known(name: &str, args: &[Value]) -> Option<Value> {
    conversions(name, args)
        .or_else(|| strings(name, args))
        .or_else(|| collections(name, args))
        .or_else(|| maps(name, args))
        .or_else(|| arithmetic(name, args))
}

/// Type conversions and `length`.
fn conversions(name: &str, args: &[Value]) -> Option<Value> {
    Some(match (name, args) {
        ("toset", [v]) => Value::set(v.items()?.to_vec()),
        ("tolist", [v]) => Value::list(v.items()?.to_vec()),
        ("tomap", [v @ Value::Map(_)]) => v.clone(),
        ("tostring", [v]) => v.as_string().map(Value::String)?,
        ("tonumber", [v]) => Value::Number(v.as_number()?),
        ("tobool", [v]) => Value::Bool(v.as_bool()?),
        ("length", [Value::List(items) | Value::Set(items)]) => Value::Number(items.len() as f64),
        ("length", [Value::Map(entries)]) => Value::Number(entries.len() as f64),
        ("length", [Value::String(s)]) => Value::Number(s.chars().count() as f64),
        _ => return None,
    })
}

/// String functions.
fn strings(name: &str, args: &[Value]) -> Option<Value> {
    Some(match (name, args) {
        ("lower", [v]) => Value::string(v.as_string()?.to_lowercase()),
        ("upper", [v]) => Value::string(v.as_string()?.to_uppercase()),
        ("trimspace", [v]) => Value::string(v.as_string()?.trim()),
        ("title", [v]) => Value::string(title(&v.as_string()?)),
        ("format", [fmt, rest @ ..]) => Value::string(format(&fmt.as_string()?, rest)?),
        ("join", [sep, lists @ ..]) => {
            let sep = sep.as_string()?;
            let mut parts = Vec::new();
            for list in lists {
                let Value::List(items) = list else {
                    return None;
                };
                for item in items.iter() {
                    parts.push(item.as_string()?.to_string());
                }
            }
            Value::string(parts.join(&sep))
        }
        ("split", [sep, s]) => {
            let (sep, s) = (sep.as_string()?, s.as_string()?);
            Value::list(s.split(&*sep).map(Value::string).collect())
        }
        ("replace", [s, from, to]) => {
            let from = from.as_string()?;
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                return None; // regular expressions are not evaluated
            }
            Value::string(s.as_string()?.replace(&*from, &to.as_string()?))
        }
        ("substr", [s, offset, length]) => {
            let s = s.as_string()?;
            let (offset, length) = (offset.as_number()?, length.as_number()?);
            if offset < 0.0 {
                return None;
            }
            let chars = s.chars().skip(offset as usize);
            let out: String = if length < 0.0 {
                chars.collect()
            } else {
                chars.take(length as usize).collect()
            };
            Value::string(out)
        }
        _ => return None,
    })
}

/// List and set functions.
fn collections(name: &str, args: &[Value]) -> Option<Value> {
    Some(match (name, args) {
        ("concat", lists) => {
            let mut out = Vec::new();
            for list in lists {
                let Value::List(items) = list else {
                    return None;
                };
                out.extend(items.iter().cloned());
            }
            Value::list(out)
        }
        ("flatten", [v]) => {
            let mut out = Vec::new();
            flatten(v, &mut out);
            Value::list(out)
        }
        ("distinct", [Value::List(items)]) => {
            let mut out: Vec<Value> = Vec::new();
            for item in items.iter() {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            Value::list(out)
        }
        ("compact", [Value::List(items)]) => Value::list(
            items
                .iter()
                .filter(|v| {
                    !matches!(v, Value::Null) && v.as_string().is_none_or(|s| !s.is_empty())
                })
                .cloned()
                .collect(),
        ),
        ("contains", [Value::List(items) | Value::Set(items), v]) => Value::Bool(items.contains(v)),
        _ => return None,
    })
}

/// Map functions, and `element`, `one`.
fn maps(name: &str, args: &[Value]) -> Option<Value> {
    Some(match (name, args) {
        ("keys", [Value::Map(entries)]) => {
            Value::list(entries.keys().map(|k| Value::string(k.as_str())).collect())
        }
        ("values", [Value::Map(entries)]) => Value::list(entries.values().cloned().collect()),
        ("lookup", [Value::Map(entries), key, rest @ ..]) => {
            match (entries.get(&*key.as_string()?), rest) {
                (Some(v), _) => v.clone(),
                (None, [default]) => default.clone(),
                _ => return None,
            }
        }
        ("merge", maps) => {
            let mut out = BTreeMap::new();
            for map in maps {
                match map {
                    Value::Map(entries) => {
                        out.extend(entries.iter().map(|(k, v)| (k.clone(), v.clone())))
                    }
                    Value::Null => {}
                    _ => return None,
                }
            }
            Value::map(out)
        }
        ("zipmap", [Value::List(keys), Value::List(values)]) if keys.len() == values.len() => {
            let mut out = BTreeMap::new();
            for (k, v) in keys.iter().zip(values.iter()) {
                out.insert(k.as_string()?.to_string(), v.clone());
            }
            Value::map(out)
        }
        ("element", [Value::List(items), i]) if !items.is_empty() => {
            let i = i.as_number()?;
            if i < 0.0 {
                return None;
            }
            items[i as usize % items.len()].clone()
        }
        ("one", [Value::List(items) | Value::Set(items)]) => match items.as_slice() {
            [] => Value::Null,
            [v] => v.clone(),
            _ => return None,
        },
        _ => return None,
    })
}

/// Numeric functions, and `can`.
fn arithmetic(name: &str, args: &[Value]) -> Option<Value> {
    Some(match (name, args) {
        ("range", nums) => range(nums)?,
        ("min", nums) if !nums.is_empty() => {
            Value::Number(numbers(nums)?.into_iter().fold(f64::INFINITY, f64::min))
        }
        ("max", nums) if !nums.is_empty() => {
            Value::Number(numbers(nums)?.into_iter().fold(f64::NEG_INFINITY, f64::max))
        }
        ("abs", [n]) => Value::Number(n.as_number()?.abs()),
        ("can", [_]) => Value::Bool(true),
        _ => return None,
    })
}

/// `try(a, b, ...)`: the first argument that is known and not an error.
/// Evaluation errors show up here as unknowns, so an unknown first argument
/// makes the result unknown (it might have succeeded at apply time).
fn try_(args: Vec<Value>) -> Value {
    args.into_iter().next().unwrap_or(Value::UNKNOWN)
}

/// `coalesce(a, b, ...)`: the first argument that is not null or "".
fn coalesce(args: Vec<Value>) -> Value {
    for arg in args {
        match &arg {
            Value::Unknown(_) => return Value::UNKNOWN,
            Value::Null => continue,
            Value::String(s) if s.is_empty() => continue,
            _ => return arg,
        }
    }
    Value::UNKNOWN
}

fn flatten(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::List(items) | Value::Set(items) => items.iter().for_each(|i| flatten(i, out)),
        other => out.push(other.clone()),
    }
}

fn numbers(values: &[Value]) -> Option<Vec<f64>> {
    values.iter().map(Value::as_number).collect()
}

fn range(args: &[Value]) -> Option<Value> {
    let nums = numbers(args)?;
    let (start, end, step) = match nums.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, if start <= end { 1.0 } else { -1.0 }),
        [start, end, step] if *step != 0.0 => (*start, *end, *step),
        _ => return None,
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0.0 && i < end) || (step < 0.0 && i > end) {
        out.push(Value::Number(i));
        i += step;
        if out.len() > 100_000 {
            return None;
        }
    }
    Some(Value::list(out))
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c.is_whitespace();
    }
    out
}

/// `format` with the verbs that appear in names: `%s`, `%d`, `%v`, `%%`.
fn format(fmt: &str, args: &[Value]) -> Option<String> {
    let mut out = String::with_capacity(fmt.len());
    let mut args = args.iter();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'v' => args.next()?.render(&mut out),
            'd' => {
                let n = args.next()?.as_number()?;
                if n.fract() != 0.0 {
                    return None;
                }
                out.push_str(&format_number(n));
            }
            _ => return None, // widths, precisions and other verbs: not evaluated
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::string(v)
    }

    #[test]
    fn string_functions() {
        assert_eq!(
            call("format", vec![s("%s-%d"), s("a"), Value::Number(2.0)]),
            s("a-2")
        );
        assert_eq!(call("lower", vec![s("AbC")]), s("abc"));
        assert_eq!(
            call("join", vec![s("-"), Value::list(vec![s("a"), s("b")])]),
            s("a-b")
        );
        assert_eq!(
            call("split", vec![s(":"), s("u:k")]),
            Value::list(vec![s("u"), s("k")])
        );
    }

    #[test]
    fn sets_sort_and_dedupe() {
        let v = call("toset", vec![Value::list(vec![s("b"), s("a"), s("b")])]);
        assert_eq!(v, Value::Set(std::rc::Rc::new(vec![s("a"), s("b")])));
    }

    #[test]
    fn unknown_arguments_give_unknown() {
        assert_eq!(call("lower", vec![Value::UNKNOWN]), Value::UNKNOWN);
        assert_eq!(call("md5", vec![s("x")]), Value::UNKNOWN);
        assert_eq!(call("format", vec![s("%5s"), s("x")]), Value::UNKNOWN);
    }

    #[test]
    fn length_of_list_with_unknowns_is_known() {
        let v = call("length", vec![Value::list(vec![Value::UNKNOWN, s("a")])]);
        assert_eq!(v, Value::Number(2.0));
    }

    #[test]
    fn concat_and_lookup() {
        let v = call(
            "concat",
            vec![Value::list(vec![s("a")]), Value::list(vec![s("b")])],
        );
        assert_eq!(v, Value::list(vec![s("a"), s("b")]));
        let map = Value::map([("k".to_string(), s("v"))].into_iter().collect());
        assert_eq!(call("lookup", vec![map.clone(), s("k")]), s("v"));
        assert_eq!(call("lookup", vec![map, s("x"), s("d")]), s("d"));
    }
}
