//! Numeric functions.

use std::cmp::Ordering;

use num_bigint::BigUint;
use num_traits::Zero;

use super::{Function, arity, float, integer, number, string};
use crate::frontend::terraform::value::{Number, Value};

pub(super) const TABLE: &[(&str, Function)] = &[
    ("abs", |a| unary(a, Number::abs)),
    ("ceil", |a| unary(a, Number::ceil)),
    ("floor", |a| unary(a, Number::floor)),
    ("log", log),
    ("max", |a| extreme(a, Ordering::Greater)),
    ("min", |a| extreme(a, Ordering::Less)),
    ("parseint", parseint),
    ("pow", pow),
    ("range", range),
    ("signum", |a| unary(a, Number::signum)),
    ("sum", sum),
];

/// Most elements `range` makes, as Terraform limits it.
const MAX_RANGE: usize = 1024;

/// Longest text `parseint` reads: Terraform reads longer ones, but the
/// work grows with the square of the length.
const MAX_PARSEINT_TEXT: usize = 1024;

fn unary(args: &[Value], f: fn(&Number) -> Number) -> Result<Value, String> {
    arity(args, 1)?;
    Ok(Value::Number(f(&number(&args[0])?)))
}

/// `max` or `min`: the first of the numbers furthest in that direction.
fn extreme(args: &[Value], direction: Ordering) -> Result<Value, String> {
    let Some((first, rest)) = args.split_first() else {
        return Err("takes at least one number".into());
    };
    let mut best = number(first)?;
    for arg in rest {
        let n = number(arg)?;
        if n.partial_cmp(&best) == Some(direction) {
            best = n;
        }
    }
    Ok(Value::Number(best))
}

/// A result Terraform computes with 64-bit floats. Infinities and NaN,
/// which keylint does not compute with, are unknown.
fn float_result(f: f64) -> Result<Value, String> {
    Ok(Number::from_f64(f).map_or(Value::UNKNOWN, Value::Number))
}

/// A result keylint could not compute within its bounds.
fn bounded(n: Option<Number>) -> Value {
    n.map_or(Value::UNKNOWN, Value::Number)
}

fn log(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    float_result(float(&args[0])?.ln() / float(&args[1])?.ln())
}

fn pow(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    float_result(float(&args[0])?.powf(float(&args[1])?))
}

fn sum(args: &[Value]) -> Result<Value, String> {
    arity(args, 1)?;
    let list = super::items(&args[0])?;
    let Some((first, rest)) = list.split_first() else {
        return Err("cannot sum an empty list".into());
    };
    let mut total = Some(number(first)?);
    for item in rest {
        let item = number(item)?;
        total = total.and_then(|t| t.add(&item));
    }
    Ok(bounded(total))
}

/// `parseint(s, base)`: an integer written in base 2 to 62 (digits, then
/// lower-case letters, then upper-case letters; case-insensitive up to 36).
fn parseint(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let (text, base) = (string(&args[0])?, integer(&args[1])?);
    if !(2..=62).contains(&base) {
        return Err(format!("base {base} is not between 2 and 62"));
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty() {
        return Err(format!("cannot parse {text:?} as a base {base} integer"));
    }
    if digits.len() > MAX_PARSEINT_TEXT {
        return Ok(Value::UNKNOWN);
    }
    let mut value = BigUint::zero();
    for c in digits.chars() {
        let digit = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => base,
        };
        if digit >= base {
            return Err(format!("cannot parse {text:?} as a base {base} integer"));
        }
        value = value * base as u64 + digit as u64;
    }
    Ok(bounded(Number::integer(negative, value)))
}

fn range(args: &[Value]) -> Result<Value, String> {
    let nums = args.iter().map(number).collect::<Result<Vec<_>, _>>()?;
    let (start, end, step) = match nums.as_slice() {
        [end] => (Number::ZERO, end.clone(), Number::int(1)),
        [start, end] => {
            let step = if start <= end { 1 } else { -1 };
            (start.clone(), end.clone(), Number::int(step))
        }
        [start, end, step] => (start.clone(), end.clone(), step.clone()),
        _ => return Err("takes one to three numbers".into()),
    };
    let ascending = step > Number::ZERO;
    if step == Number::ZERO || ascending != (start <= end) && start != end {
        return Err("the step must not be zero, and must go from start toward end".into());
    }
    let mut out = Vec::new();
    let mut i = start;
    while (ascending && i < end) || (!ascending && i > end) {
        if out.len() == MAX_RANGE {
            return Err(format!("more than {MAX_RANGE} elements"));
        }
        let Some(next) = i.add(&step) else {
            return Ok(Value::UNKNOWN);
        };
        out.push(Value::Number(std::mem::replace(&mut i, next)));
    }
    Ok(Value::list(out))
}
