//! Numeric functions.

use super::{Function, arity, integer, number, string};
use crate::frontend::terraform::value::Value;

pub(super) const TABLE: &[(&str, Function)] = &[
    ("abs", |a| unary(a, f64::abs)),
    ("ceil", |a| unary(a, f64::ceil)),
    ("floor", |a| unary(a, f64::floor)),
    ("log", log),
    ("max", |a| extreme(a, f64::max)),
    ("min", |a| extreme(a, f64::min)),
    ("parseint", parseint),
    ("pow", pow),
    ("range", range),
    ("signum", |a| {
        unary(a, |n| if n == 0.0 { 0.0 } else { n.signum() })
    }),
    ("sum", sum),
];

/// Most elements `range` makes, as Terraform limits it.
const MAX_RANGE: usize = 1024;

fn unary(args: &[Value], f: fn(f64) -> f64) -> Result<Value, String> {
    arity(args, 1)?;
    Ok(Value::Number(f(number(&args[0])?)))
}

fn extreme(args: &[Value], pick: fn(f64, f64) -> f64) -> Result<Value, String> {
    let Some((first, rest)) = args.split_first() else {
        return Err("takes at least one number".into());
    };
    let mut best = number(first)?;
    for arg in rest {
        best = pick(best, number(arg)?);
    }
    Ok(Value::Number(best))
}

fn log(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    Ok(Value::Number(
        number(&args[0])?.ln() / number(&args[1])?.ln(),
    ))
}

fn pow(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    Ok(Value::Number(number(&args[0])?.powf(number(&args[1])?)))
}

fn sum(args: &[Value]) -> Result<Value, String> {
    arity(args, 1)?;
    let list = super::items(&args[0])?;
    if list.is_empty() {
        return Err("cannot sum an empty list".into());
    }
    list.iter()
        .map(number)
        .sum::<Result<f64, _>>()
        .map(Value::Number)
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
    let mut value: f64 = 0.0;
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
        value = value * base as f64 + digit as f64;
    }
    Ok(Value::Number(if negative { -value } else { value }))
}

fn range(args: &[Value]) -> Result<Value, String> {
    let nums = args.iter().map(number).collect::<Result<Vec<_>, _>>()?;
    let (start, end, step) = match nums.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, if start <= end { 1.0 } else { -1.0 }),
        [start, end, step] => (*start, *end, *step),
        _ => return Err("takes one to three numbers".into()),
    };
    if step == 0.0 || (step > 0.0) != (start <= end) && start != end {
        return Err("the step must not be zero, and must go from start toward end".into());
    }
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0.0 && i < end) || (step < 0.0 && i > end) {
        if out.len() == MAX_RANGE {
            return Err(format!("more than {MAX_RANGE} elements"));
        }
        out.push(Value::Number(i));
        i += step;
    }
    Ok(Value::list(out))
}
