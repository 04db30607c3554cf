//! `format` and `formatlist`: Go-style verbs (`%s %d %v %q %t %f %e %g %x
//! %X %o %b %#v %%`) with flags, width, precision and explicit argument
//! indexes, as Terraform implements them.

use super::encoding::to_json;
use super::{Function, string};
use crate::frontend::terraform::value::{Number, Value};

pub(super) const TABLE: &[(&str, Function)] = &[("format", format), ("formatlist", formatlist)];

/// Longest text `format` may produce (widths come from untrusted files).
const MAX_OUTPUT: usize = 1 << 20;

fn format(args: &[Value]) -> Result<Value, String> {
    let Some((spec, args)) = args.split_first() else {
        return Err("takes a format string".into());
    };
    Ok(render(&string(spec)?, args)?.map_or(Value::UNKNOWN, Value::string))
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
    let mut total = 0;
    for i in 0..length {
        let row: Vec<Value> = args
            .iter()
            .map(|a| match a {
                Value::List(list) => list[i].clone(),
                other => other.clone(),
            })
            .collect();
        let Some(text) = render(&spec, &row)?.filter(|t| {
            total += t.len();
            total <= MAX_OUTPUT
        }) else {
            return Ok(Value::UNKNOWN);
        };
        out.push(Value::string(text));
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

/// The formatted text; `None` when longer than keylint computes.
fn render(spec: &str, args: &[Value]) -> Result<Option<String>, String> {
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
            return Ok(None);
        }
    }
    if next_arg < args.len() {
        return Err(format!(
            "too many arguments; only {next_arg} used by format string"
        ));
    }
    Ok(Some(out))
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
            Value::Number(n) => float(n, 'g', None, s),
            Value::String(_) | Value::Bool(_) => string(arg)?.to_string(),
            other => json(other)?,
        },
        's' => truncate(&string(arg)?, s.precision),
        'q' => json(&Value::String(string(arg)?))?,
        't' => match arg {
            Value::Bool(b) => b.to_string(),
            _ => return Err("%t needs a bool".into()),
        },
        'd' | 'b' | 'o' | 'x' | 'X' => integer(verb, s, &number(arg, verb)?)?,
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => float(&number(arg, verb)?, verb, s.precision, s),
        other => return Err(format!("unsupported verb %{other}")),
    })
}

fn json(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    to_json(v, &mut out)?;
    Ok(out)
}

fn number(v: &Value, verb: char) -> Result<Number, String> {
    match v {
        Value::Number(_) | Value::String(_) => v.as_number(),
        _ => None,
    }
    .ok_or_else(|| format!("%{verb} needs a number"))
}

fn truncate(text: &str, precision: Option<usize>) -> String {
    match precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_owned(),
    }
}

/// `%d %b %o %x %X`: a whole number in its base, with its sign.
fn integer(verb: char, s: &Spec, n: &Number) -> Result<String, String> {
    let Some(magnitude) = n.whole_magnitude() else {
        return Err(format!("%{verb} needs a whole number"));
    };
    let digits = match verb {
        'b' => magnitude.to_str_radix(2),
        'o' => magnitude.to_str_radix(8),
        'x' => magnitude.to_str_radix(16),
        'X' => magnitude.to_str_radix(16).to_uppercase(),
        _ => magnitude.to_string(),
    };
    let prefix = match (s.sharp, verb) {
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        (true, 'o') => "0",
        (true, 'b') => "0b",
        _ => "",
    };
    Ok(format!("{}{prefix}{digits}", sign(n.is_negative(), s)))
}

fn sign(negative: bool, s: &Spec) -> &'static str {
    match (negative, s.plus, s.space) {
        (true, _, _) => "-",
        (false, true, _) => "+",
        (false, false, true) => " ",
        _ => "",
    }
}

/// `%e %f %g` (and upper-case forms) as Go writes a `big.Float`, which
/// is what Terraform formats: `%e` and `%f` with 6 digits unless told,
/// `%g` with the fewest that read back.
fn float(n: &Number, verb: char, precision: Option<usize>, s: &Spec) -> String {
    let precision = match verb {
        'g' | 'G' => precision,
        _ => Some(precision.unwrap_or(6)),
    };
    let verb = if verb == 'F' { 'f' } else { verb };
    let body = n.magnitude_text(verb, precision);
    format!("{}{body}", sign(n.is_negative(), s))
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
