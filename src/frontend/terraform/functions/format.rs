//! `format` and `formatlist`: Go-style verbs (`%s %d %v %q %t %f %e %g %x
//! %X %o %b %#v %%`) with flags, width, precision and explicit argument
//! indexes, as Terraform implements them.

use super::encoding::to_json;
use super::{Function, string};
use crate::frontend::terraform::value::Value;

pub(super) const TABLE: &[(&str, Function)] = &[("format", format), ("formatlist", formatlist)];

/// Longest text `format` may produce (widths come from untrusted files).
const MAX_OUTPUT: usize = 1 << 20;

fn format(args: &[Value]) -> Result<Value, String> {
    let Some((spec, args)) = args.split_first() else {
        return Err("takes a format string".into());
    };
    render(&string(spec)?, args).map(Value::string)
}

/// `formatlist(spec, args...)`: `format` once per element; list arguments
/// are iterated together (they must have one length), others repeated.
fn formatlist(args: &[Value]) -> Result<Value, String> {
    let Some((spec, args)) = args.split_first() else {
        return Err("takes a format string".into());
    };
    let spec = string(spec)?;
    let mut length = None;
    for arg in args {
        if let Value::List(list) = arg {
            match length {
                Some(n) if n != list.len() => {
                    return Err("all list arguments must have the same length".into());
                }
                _ => length = Some(list.len()),
            }
        }
    }
    let length = length.unwrap_or(1);
    let mut out = Vec::with_capacity(length);
    for i in 0..length {
        let row: Vec<Value> = args
            .iter()
            .map(|a| match a {
                Value::List(list) => list[i].clone(),
                other => other.clone(),
            })
            .collect();
        out.push(Value::string(render(&spec, &row)?));
    }
    Ok(Value::list(out))
}

/// One verb's flags, width and precision.
#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

fn render(spec: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next_arg = 0;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut s = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => s.minus = true,
                '+' => s.plus = true,
                ' ' => s.space = true,
                '0' => s.zero = true,
                '#' => s.sharp = true,
                _ => break,
            }
            chars.next();
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            next_arg = digits(&mut chars).ok_or("invalid argument index")?.max(1) - 1;
            if chars.next() != Some(']') {
                return Err("invalid argument index".into());
            }
        }
        s.width = digits(&mut chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            s.precision = Some(digits(&mut chars).unwrap_or(0));
        }
        let verb = chars.next().ok_or("the format string ends inside a verb")?;
        let arg = args
            .get(next_arg)
            .ok_or_else(|| format!("not enough arguments for %{verb}"))?;
        next_arg += 1;
        let text = verb_text(verb, &s, arg)?;
        pad(&mut out, &text, &s, verb);
        if out.len() > MAX_OUTPUT {
            return Err("the result is too long to evaluate".into());
        }
    }
    if next_arg < args.len() {
        return Err(format!(
            "too many arguments; only {next_arg} used by format string"
        ));
    }
    Ok(out)
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        chars.next();
        n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize));
    }
    n.map(|n| n.min(MAX_OUTPUT))
}

/// The text of one verb applied to one argument, before padding.
fn verb_text(verb: char, s: &Spec, arg: &Value) -> Result<String, String> {
    if matches!(arg, Value::Null) {
        return Err(format!("unsupported value for %{verb}: null"));
    }
    Ok(match verb {
        'v' if s.sharp => json(arg)?,
        'v' => match arg {
            Value::Number(n) => float(*n, 'g', None, s),
            Value::String(_) | Value::Bool(_) => string(arg)?.to_string(),
            other => json(other)?,
        },
        's' => truncate(&string(arg)?, s.precision),
        'q' => json(&Value::String(string(arg)?))?,
        't' => match arg {
            Value::Bool(b) => b.to_string(),
            _ => return Err("%t needs a bool".into()),
        },
        'd' | 'b' | 'o' | 'x' | 'X' => integer(verb, s, number(arg, verb)?)?,
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => float(number(arg, verb)?, verb, s.precision, s),
        other => return Err(format!("unsupported verb %{other}")),
    })
}

fn json(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    to_json(v, &mut out)?;
    Ok(out)
}

fn number(v: &Value, verb: char) -> Result<f64, String> {
    match v {
        Value::Number(n) => Ok(*n),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("%{verb} needs a number")),
        _ => Err(format!("%{verb} needs a number")),
    }
}

fn truncate(text: &str, precision: Option<usize>) -> String {
    match precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_owned(),
    }
}

/// `%d %b %o %x %X`: a whole number in its base, with its sign.
fn integer(verb: char, s: &Spec, n: f64) -> Result<String, String> {
    if n.fract() != 0.0 || !n.is_finite() {
        return Err(format!("%{verb} needs a whole number"));
    }
    let magnitude = n.abs() as u128;
    let digits = match verb {
        'b' => format!("{magnitude:b}"),
        'o' => format!("{magnitude:o}"),
        'x' => format!("{magnitude:x}"),
        'X' => format!("{magnitude:X}"),
        _ => magnitude.to_string(),
    };
    let prefix = match (s.sharp, verb) {
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        (true, 'o') => "0",
        (true, 'b') => "0b",
        _ => "",
    };
    Ok(format!("{}{prefix}{digits}", sign(n < 0.0, s)))
}

fn sign(negative: bool, s: &Spec) -> &'static str {
    match (negative, s.plus, s.space) {
        (true, _, _) => "-",
        (false, true, _) => "+",
        (false, false, true) => " ",
        _ => "",
    }
}

/// `%e %f %g` (and upper-case forms) as Go writes them: exponents with a
/// sign and at least two digits, `%g` in the shortest form.
fn float(n: f64, verb: char, precision: Option<usize>, s: &Spec) -> String {
    let body = match verb {
        'e' | 'E' => exponent(n.abs(), precision.unwrap_or(6)),
        'f' | 'F' => format!("{:.*}", precision.unwrap_or(6), n.abs()),
        _ => general(n.abs(), precision),
    };
    let body = if verb.is_ascii_uppercase() {
        body.to_uppercase()
    } else {
        body
    };
    format!("{}{body}", sign(n.is_sign_negative() && n != 0.0, s))
}

/// `1.234568e+03`.
fn exponent(n: f64, precision: usize) -> String {
    let text = format!("{n:.precision$e}");
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    format!(
        "{mantissa}e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    )
}

/// `%g` as Go's strconv writes it: `precision` significant digits (or
/// the shortest that read back exactly), in exponent form when the
/// exponent is below -4 or at least the precision (6 for the shortest).
fn general(n: f64, precision: Option<usize>) -> String {
    if n == 0.0 {
        return "0".into();
    }
    let (digits, exp) = match precision {
        Some(p) => decimal_parts(&format!("{n:.*e}", p.max(1) - 1)),
        None => decimal_parts(&format!("{n:e}")),
    };
    let nd = digits.len() as i32;
    let dp = exp + 1;
    let mut prec = precision.map_or(nd, |p| p.max(1) as i32);
    let mut eprec = prec;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    if precision.is_none() {
        eprec = 6;
    }
    if exp < -4 || exp >= eprec {
        prec = prec.min(nd);
        let mantissa = match prec {
            1 => digits[..1].to_owned(),
            _ => format!("{}.{}", &digits[..1], &digits[1..prec as usize]),
        };
        return format!(
            "{mantissa}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        );
    }
    if prec > dp {
        prec = nd;
    }
    let decimals = (prec - dp).max(0) as usize;
    fixed(&digits, dp, decimals)
}

/// Digits with the decimal point after `dp` of them, to `decimals` places.
fn fixed(digits: &str, dp: i32, decimals: usize) -> String {
    let integer = if dp <= 0 {
        "0".to_owned()
    } else if dp as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(dp as usize - digits.len()))
    } else {
        digits[..dp as usize].to_owned()
    };
    if decimals == 0 {
        return integer;
    }
    let mut fraction = String::new();
    for i in 0..decimals as i32 {
        let at = dp + i;
        let digit = if at < 0 {
            None
        } else {
            digits.as_bytes().get(at as usize)
        };
        fraction.push(digit.map_or('0', |b| *b as char));
    }
    format!("{integer}.{fraction}")
}

/// The significant digits (trailing zeros removed) and decimal exponent of
/// Rust's `{:e}` text.
fn decimal_parts(text: &str) -> (String, i32) {
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (digits.to_owned(), exp.parse().unwrap_or(0))
}

/// Pads to the width: spaces on the left, or the right with `-`, or zeros
/// after the sign with `0` (numbers and strings alike, as Go does).
fn pad(out: &mut String, text: &str, s: &Spec, verb: char) {
    let len = text.chars().count();
    let Some(width) = s.width.filter(|w| *w > len) else {
        out.push_str(text);
        return;
    };
    let fill = width - len;
    if s.minus {
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if s.zero && verb != 'v' {
        let sign_len = text.starts_with(['-', '+', ' ']) as usize;
        out.push_str(&text[..sign_len]);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(&text[sign_len..]);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(text);
    }
}
