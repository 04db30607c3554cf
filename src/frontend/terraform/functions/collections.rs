//! Collection functions and type conversions.

use std::collections::BTreeMap;

use super::{Function, arity, boolean, entries, integer, items, number, string};
use crate::frontend::terraform::budget;
use crate::frontend::terraform::value::Value;

pub(super) const TABLE: &[(&str, Function)] = &[
    ("alltrue", |a| all_or_any(a, true)),
    ("anytrue", |a| all_or_any(a, false)),
    ("chunklist", chunklist),
    ("coalesce", coalesce),
    ("coalescelist", coalescelist),
    ("compact", compact),
    ("concat", concat),
    ("contains", contains),
    ("distinct", distinct),
    ("element", element),
    // keylint has no ephemeral values: every value is kept as it is.
    ("ephemeralasnull", |a| single(a).cloned()),
    ("flatten", flatten),
    ("index", index),
    ("keys", keys),
    ("length", length),
    ("list", |_| Err(removed("list", "tolist([ ... ])", "list"))),
    ("lookup", lookup),
    ("map", |_| Err(removed("map", "tomap({ ... })", "map"))),
    ("matchkeys", matchkeys),
    ("merge", merge),
    ("one", one),
    ("reverse", reverse),
    ("setintersection", |a| set_op(a, SetOp::Intersection)),
    ("setproduct", setproduct),
    ("setsubtract", |a| set_op(a, SetOp::Subtract)),
    ("setunion", |a| set_op(a, SetOp::Union)),
    ("slice", slice),
    ("sort", sort),
    ("tobool", tobool),
    ("tolist", |a| Ok(Value::list(items(single(a)?)?.to_vec()))),
    ("tomap", |a| {
        entries(single(a)?).map(|e| Value::map(e.clone()))
    }),
    ("tonumber", tonumber),
    ("toset", |a| Ok(Value::set(items(single(a)?)?.to_vec()))),
    ("tostring", tostring),
    ("transpose", transpose),
    ("values", |a| {
        Ok(Value::list(
            entries(single(a)?)?.values().cloned().collect(),
        ))
    }),
    ("zipmap", zipmap),
];

/// The error of `list` and `map`, removed from the language in 0.12.
fn removed(name: &str, syntax: &str, kind: &str) -> String {
    format!(
        "the \"{name}\" function was deprecated in Terraform v0.12 and is no longer available; use {syntax} syntax to write a literal {kind}."
    )
}

/// The one argument of a one-argument function.
fn single(args: &[Value]) -> Result<&Value, String> {
    arity(args, 1)?;
    Ok(&args[0])
}

fn all_or_any(args: &[Value], all: bool) -> Result<Value, String> {
    let mut result = all;
    for item in items(single(args)?)? {
        if boolean(item)? != all {
            result = !all;
        }
    }
    Ok(Value::Bool(result))
}

fn chunklist(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let list = items(&args[0])?;
    let size = integer(&args[1])?;
    if size < 0 {
        return Err("the chunk size must not be negative".into());
    }
    if size == 0 {
        return Ok(Value::list(vec![Value::list(list.to_vec())]));
    }
    let chunks = list
        .chunks(size as usize)
        .map(|c| Value::list(c.to_vec()))
        .collect();
    Ok(Value::list(chunks))
}

fn coalesce(args: &[Value]) -> Result<Value, String> {
    args.iter()
        .find(|a| !matches!(a, Value::Null) && a.as_string().is_none_or(|s| !s.is_empty()))
        .cloned()
        .ok_or_else(|| "no non-null, non-empty-string arguments".into())
}

fn coalescelist(args: &[Value]) -> Result<Value, String> {
    for arg in args {
        if !items(arg)?.is_empty() {
            return Ok(arg.clone());
        }
    }
    Err("no non-empty list arguments".into())
}

fn compact(args: &[Value]) -> Result<Value, String> {
    let mut out = Vec::new();
    for item in items(single(args)?)? {
        if matches!(item, Value::Null) {
            continue;
        }
        if !string(item)?.is_empty() {
            out.push(Value::String(string(item)?));
        }
    }
    Ok(Value::list(out))
}

fn concat(args: &[Value]) -> Result<Value, String> {
    let mut lists = Vec::with_capacity(args.len());
    for arg in args {
        lists.push(items(arg)?);
    }
    let total = lists.iter().fold(0usize, |n, l| n.saturating_add(l.len()));
    if !budget::room_for_elements(total) {
        return Ok(Value::UNKNOWN);
    }
    Ok(Value::list(lists.concat()))
}

fn contains(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    Ok(Value::Bool(items(&args[0])?.contains(&args[1])))
}

fn distinct(args: &[Value]) -> Result<Value, String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for item in items(single(args)?)? {
        // Values are compared by their rendering (kind and content).
        let mut key = format!("{}:", item.type_name());
        item.render(&mut key);
        if seen.insert(key) {
            out.push(item.clone());
        }
    }
    Ok(Value::list(out))
}

fn element(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let list = items(&args[0])?;
    let i = integer(&args[1])?;
    if list.is_empty() {
        return Err("cannot use element function with an empty list".into());
    }
    if i < 0 {
        return Err("cannot use element function with a negative index".into());
    }
    Ok(list[i as usize % list.len()].clone())
}

fn flatten(args: &[Value]) -> Result<Value, String> {
    /// Appends the leaves of `v`; `false` once the budget has no room: a
    /// list may hold one shared list many times, so the result can be far
    /// larger than the values it is made of.
    fn walk(v: &Value, out: &mut Vec<Value>) -> bool {
        match v {
            Value::List(items) | Value::Set(items) => items.iter().all(|i| walk(i, out)),
            other => {
                out.push(other.clone());
                !out.len().is_multiple_of(4096) || budget::room_for_elements(out.len())
            }
        }
    }
    let mut out = Vec::new();
    for item in items(single(args)?)? {
        if !walk(item, &mut out) {
            return Ok(Value::UNKNOWN);
        }
    }
    Ok(Value::list(out))
}

fn index(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    items(&args[0])?
        .iter()
        .position(|v| *v == args[1])
        .map(|i| Value::int(i as i64))
        .ok_or_else(|| "item not found".into())
}

fn keys(args: &[Value]) -> Result<Value, String> {
    let keys = entries(single(args)?)?.keys();
    Ok(Value::list(
        keys.map(|k| Value::string(k.as_str())).collect(),
    ))
}

fn length(args: &[Value]) -> Result<Value, String> {
    let n = match single(args)? {
        Value::List(items) | Value::Set(items) => items.len(),
        Value::Map(entries) => entries.len(),
        Value::String(s) => super::strings::graphemes(s).len(),
        other => return Err(format!("cannot take the length of a {}", other.type_name())),
    };
    Ok(Value::int(n as i64))
}

fn lookup(args: &[Value]) -> Result<Value, String> {
    if !(2..=3).contains(&args.len()) {
        return Err("takes 2 or 3 arguments".into());
    }
    let key = string(&args[1])?;
    match (entries(&args[0])?.get(&*key), args.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(format!("the given key \"{key}\" is not in the map")),
    }
}

fn matchkeys(args: &[Value]) -> Result<Value, String> {
    arity(args, 3)?;
    let (values, keys, search) = (items(&args[0])?, items(&args[1])?, items(&args[2])?);
    if values.len() != keys.len() {
        return Err("the values and keys lists must have the same length".into());
    }
    let out = values
        .iter()
        .zip(keys)
        .filter(|(_, k)| search.contains(k))
        .map(|(v, _)| v.clone())
        .collect();
    Ok(Value::list(out))
}

fn merge(args: &[Value]) -> Result<Value, String> {
    let mut out = BTreeMap::new();
    for arg in args {
        if matches!(arg, Value::Null) {
            continue;
        }
        out.extend(entries(arg)?.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(Value::map(out))
}

fn one(args: &[Value]) -> Result<Value, String> {
    match items(single(args)?)? {
        [] => Ok(Value::Null),
        [v] => Ok(v.clone()),
        more => Err(format!(
            "must have zero or one elements, not {}",
            more.len()
        )),
    }
}

fn reverse(args: &[Value]) -> Result<Value, String> {
    let mut list = items(single(args)?)?.to_vec();
    list.reverse();
    Ok(Value::list(list))
}

#[derive(Clone, Copy)]
enum SetOp {
    Intersection,
    Subtract,
    Union,
}

fn set_op(args: &[Value], op: SetOp) -> Result<Value, String> {
    let Some((first, rest)) = args.split_first() else {
        return Err("takes at least one argument".into());
    };
    let mut out = items(first)?.to_vec();
    for arg in rest {
        let other = items(arg)?;
        match op {
            SetOp::Intersection => out.retain(|v| other.contains(v)),
            SetOp::Subtract => out.retain(|v| !other.contains(v)),
            SetOp::Union => out.extend(other.iter().cloned()),
        }
    }
    Ok(Value::set(out))
}

fn setproduct(args: &[Value]) -> Result<Value, String> {
    if args.is_empty() {
        return Err("takes at least one argument".into());
    }
    let mut product: Vec<Vec<Value>> = vec![Vec::new()];
    for arg in args {
        let elements = items(arg)?;
        let size = product.len().saturating_mul(elements.len());
        if size > 100_000 || !budget::room_for_elements(size.saturating_mul(args.len())) {
            budget::spend("a setproduct of more than 100,000 elements");
            return Ok(Value::UNKNOWN);
        }
        product = product
            .into_iter()
            .flat_map(|prefix| {
                elements.iter().map(move |e| {
                    let mut next = prefix.clone();
                    next.push(e.clone());
                    next
                })
            })
            .collect();
    }
    let lists: Vec<Value> = product.into_iter().map(Value::list).collect();
    // Sets in, a set out; a list among them, a list out.
    if args.iter().all(|a| matches!(a, Value::Set(_))) {
        Ok(Value::set(lists))
    } else {
        Ok(Value::list(lists))
    }
}

fn slice(args: &[Value]) -> Result<Value, String> {
    arity(args, 3)?;
    let list = items(&args[0])?;
    let (start, end) = (integer(&args[1])?, integer(&args[2])?);
    if start < 0 || end < start || end as usize > list.len() {
        return Err(format!(
            "invalid slice [{start}:{end}] of {} elements",
            list.len()
        ));
    }
    Ok(Value::list(list[start as usize..end as usize].to_vec()))
}

fn sort(args: &[Value]) -> Result<Value, String> {
    let mut texts = items(single(args)?)?
        .iter()
        .map(string)
        .collect::<Result<Vec<_>, _>>()?;
    texts.sort();
    Ok(Value::list(texts.into_iter().map(Value::String).collect()))
}

fn tobool(args: &[Value]) -> Result<Value, String> {
    match single(args)? {
        Value::Null => Ok(Value::Null),
        v => boolean(v).map(Value::Bool),
    }
}

fn tonumber(args: &[Value]) -> Result<Value, String> {
    match single(args)? {
        Value::Null => Ok(Value::Null),
        v => number(v).map(Value::Number),
    }
}

fn tostring(args: &[Value]) -> Result<Value, String> {
    match single(args)? {
        Value::Null => Ok(Value::Null),
        v => string(v).map(Value::String),
    }
}

fn transpose(args: &[Value]) -> Result<Value, String> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (key, list) in entries(single(args)?)? {
        for item in items(list)? {
            out.entry(string(item)?.to_string())
                .or_default()
                .push(Value::string(key.as_str()));
        }
    }
    Ok(Value::map(
        out.into_iter().map(|(k, v)| (k, Value::list(v))).collect(),
    ))
}

fn zipmap(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let (keys, values) = (items(&args[0])?, items(&args[1])?);
    if keys.len() != values.len() {
        return Err("the keys and values lists must have the same length".into());
    }
    let mut out = BTreeMap::new();
    for (k, v) in keys.iter().zip(values) {
        out.insert(string(k)?.to_string(), v.clone());
    }
    Ok(Value::map(out))
}
