//! What a YAML scalar means to Terraform: go-cty-yaml's `resolveScalar`,
//! YAML 1.1 flavoured (`yes`, `on` and `y` are true, `0o17` and `0x1F`
//! are numbers, `2001-12-14` becomes an RFC 3339 timestamp string).

use regex::Regex;
use std::sync::LazyLock;

use crate::frontend::terraform::functions::dates::{parse as dates_parse, rfc3339};
use crate::frontend::terraform::functions::encoding::go_base64;
use crate::frontend::terraform::value::{Number, Value};

pub(super) const STR: &str = "tag:yaml.org,2002:str";
const BINARY: &str = "tag:yaml.org,2002:binary";
const BOOL: &str = "tag:yaml.org,2002:bool";
const INT: &str = "tag:yaml.org,2002:int";
const FLOAT: &str = "tag:yaml.org,2002:float";
const NULL: &str = "tag:yaml.org,2002:null";
const TIMESTAMP: &str = "tag:yaml.org,2002:timestamp";
pub(super) const MAP: &str = "tag:yaml.org,2002:map";
pub(super) const SEQ: &str = "tag:yaml.org,2002:seq";

/// A resolved scalar.
pub(super) enum Scalar {
    Value(Value),
    /// `<<`, which merges a mapping when it is a key.
    Merge,
}

/// The integers and floats YAML 1.2 writes (go-cty-yaml's expressions).
static INTEGER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\A([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\z").ok());
static FLOAT_TEXT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\A[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z").ok());
/// What else Go's `big.ParseFloat` reads in base 10, and keylint does not
/// compute: an infinity, or a binary (`p`) exponent.
static GO_ONLY_FLOAT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\A[-+]?([iI]nf|(\.[0-9]+|[0-9]+(\.[0-9]*)?)[pP][-+]?[0-9]+)\z").ok()
});

fn matches(re: &LazyLock<Option<Regex>>, s: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(s))
}

/// The words of go-cty-yaml's resolve table: booleans, nulls, and the
/// infinities (which keylint does not compute with: `None`).
fn word(s: &str) -> Option<(Option<Value>, &'static str)> {
    let v =
        match s {
            "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
                (Some(Value::Bool(true)), BOOL)
            }
            "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off"
            | "OFF" => (Some(Value::Bool(false)), BOOL),
            "" | "~" | "null" | "Null" | "NULL" => (Some(Value::Null), NULL),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf"
            | "-.INF" => (None, FLOAT),
            _ => return None,
        };
    Some(v)
}

/// Whether a tag is one go-cty-yaml reads (no tag, or a core-schema one).
fn resolvable(tag: &str) -> bool {
    matches!(
        tag,
        "" | STR | BOOL | INT | FLOAT | NULL | TIMESTAMP | BINARY
    )
}

/// go-cty-yaml's `resolveScalar`. `Ok(Scalar::Value(Value::UNKNOWN))` is
/// a value keylint does not represent (an infinity, a negative zero).
pub(super) fn resolve(tag: &str, src: &str, quoted: bool) -> Result<Scalar, String> {
    if !resolvable(tag) {
        return Err(format!("unsupported tag {tag:?}"));
    }
    let hint = match src.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    let mut tag = tag;
    if hint != 0 && tag != STR && tag != BINARY {
        if quoted {
            return Ok(Scalar::Value(Value::string(src)));
        }
        if let Some((value, _)) = word(src) {
            return Ok(Scalar::Value(value.unwrap_or(Value::UNKNOWN)));
        }
        if tag.is_empty() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return Err("floating point NaN is not supported".into());
        }
        match hint {
            b'.' => {
                if let Some(n) = number(src) {
                    return Ok(Scalar::Value(n));
                }
            }
            b'D' | b'S' => {
                if (tag.is_empty() || tag == TIMESTAMP)
                    && let Some(t) = timestamp(src)
                {
                    return Ok(Scalar::Value(Value::string(t)));
                }
                if matches(&INTEGER, src) {
                    tag = INT;
                } else if matches(&FLOAT_TEXT, src) {
                    tag = FLOAT;
                }
            }
            _ => {}
        }
    }
    if tag.is_empty() && src == "<<" {
        return Ok(Scalar::Merge);
    }
    let cannot = || format!("cannot parse {src:?} as {tag}");
    let value = match tag {
        BINARY if go_base64(src).is_none() => {
            return Err(format!("{}: not valid base64", cannot()));
        }
        STR | BINARY | "" => Value::string(src),
        BOOL => match word(src) {
            Some((value, BOOL)) => value.unwrap_or(Value::UNKNOWN),
            _ => return Err(cannot()),
        },
        INT | FLOAT => {
            let plain = src.replace('_', "");
            number(&plain)
                .or_else(|| go_integer(&plain))
                .ok_or_else(cannot)?
        }
        TIMESTAMP => Value::string(timestamp(src).ok_or_else(cannot)?),
        _ => Value::Null,
    };
    Ok(Scalar::Value(value))
}

/// `cty.ParseNumberVal` (Go's `big.ParseFloat` in base 10): `Some` for a
/// number, unknown for one keylint does not represent (an infinity, a
/// negative zero, a `p` exponent it does not read), `None` for text that
/// is not a number.
fn number(s: &str) -> Option<Value> {
    if matches(&GO_ONLY_FLOAT, s) {
        return Some(Value::UNKNOWN);
    }
    if !matches(&FLOAT_TEXT, s) {
        return None;
    }
    let n = Number::parse(s);
    let negative_zero = s.starts_with('-') && n.as_ref().is_some_and(|n| *n == Number::ZERO);
    Some(match n {
        Some(n) if !negative_zero => Value::Number(n),
        _ => Value::UNKNOWN,
    })
}

/// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint`: a `0x`, `0o`,
/// `0b` or `0` (octal) prefix, the signed range of 64 bits, or the
/// unsigned one.
fn go_integer(s: &str) -> Option<Value> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    let signed = s.starts_with(['+', '-']);
    if negative {
        // ParseInt down to i64::MIN; ParseUint takes no sign.
        let value = 0i64.checked_sub_unsigned(magnitude)?;
        return Some(Value::Number(Number::int(value)));
    }
    if magnitude > i64::MAX as u64 && signed {
        return None;
    }
    Number::integer(false, magnitude.into()).map(Value::Number)
}

/// go-cty-yaml's timestamps: four digits and `-`, then one of four Go
/// layouts (RFC 3339 with short fields and any fraction, `t` for `T`, a
/// space and no zone, or a date alone), as an RFC 3339 string.
fn timestamp(s: &str) -> Option<String> {
    use dates_parse::Std::{Day, Fraction, Hour, LongYear, Minute, Month, Second, Zone};
    const LAYOUTS: [dates_parse::Layout; 4] = [
        &[
            ("", LongYear, "2006"),
            ("-", Month(false), "1"),
            ("-", Day(false), "2"),
            ("T", Hour, "15"),
            (":", Minute(false), "4"),
            (":", Second(false), "5"),
            ("", Fraction, ".999999999"),
            ("", Zone, "Z07:00"),
        ],
        &[
            ("", LongYear, "2006"),
            ("-", Month(false), "1"),
            ("-", Day(false), "2"),
            ("t", Hour, "15"),
            (":", Minute(false), "4"),
            (":", Second(false), "5"),
            ("", Fraction, ".999999999"),
            ("", Zone, "Z07:00"),
        ],
        &[
            ("", LongYear, "2006"),
            ("-", Month(false), "1"),
            ("-", Day(false), "2"),
            (" ", Hour, "15"),
            (":", Minute(false), "4"),
            (":", Second(false), "5"),
            ("", Fraction, ".999999999"),
        ],
        &[
            ("", LongYear, "2006"),
            ("-", Month(false), "1"),
            ("-", Day(false), "2"),
        ],
    ];
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 || s.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    LAYOUTS
        .iter()
        .find_map(|layout| dates_parse::parse(layout, s).ok())
        .map(rfc3339)
}
