//! Scalar types as CloudFormation's tools read them: YAML 1.1, through
//! PyYAML's `SafeLoader` resolver (cfn-lint, SAM, `aws cloudformation
//! package`). AWS documents CloudFormation's YAML as 1.1 too.
//!
//! This matters for values, not only for types: `Status: yes` is the boolean
//! `true` (deployed as the string `"true"`), `010` is the integer 8, `0x1F`
//! is 31 and `1:30` is 90, so `!Equals [!Ref P, yes]` compares with `"true"`.
//! YAML 1.2 (saphyr's own schema) would read them as the strings `yes`,
//! `010`... Integers are kept as the decimal text CloudFormation is given;
//! floats keep the text as written (how a float is printed back depends on
//! the tool, and no real template names a user by a float). Timestamps stay
//! text: CloudFormation does not support the timestamp type.

use crate::frontend::cloudformation::tree::NodeValue;

/// Types an untagged plain scalar as YAML 1.1 does.
pub(super) fn plain(text: &str) -> NodeValue {
    if is_null(text) {
        return NodeValue::Null;
    }
    if let Some(b) = bool_word(text) {
        return NodeValue::Bool(b);
    }
    if is_float(text) {
        return NodeValue::Number(text.to_owned());
    }
    if is_int(text) {
        return NodeValue::Number(int_text(text).unwrap_or_else(|| text.to_owned()));
    }
    NodeValue::String(text.to_owned())
}

/// Types a scalar with an explicit core tag (`!!int "12"`). Text that does
/// not fit the tag (cfn-lint rejects it) is kept as written.
pub(super) fn core_tagged(text: &str, suffix: &str) -> NodeValue {
    match suffix {
        "null" => NodeValue::Null,
        "bool" => match bool_word(text) {
            Some(b) => NodeValue::Bool(b),
            None => NodeValue::String(text.to_owned()),
        },
        "int" => NodeValue::Number(int_text(text).unwrap_or_else(|| text.to_owned())),
        "float" => NodeValue::Number(text.to_owned()),
        _ => NodeValue::String(text.to_owned()),
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// YAML 1.1 booleans as PyYAML has them (not `y`/`n`, which PyYAML leaves
/// strings).
fn bool_word(text: &str) -> Option<bool> {
    match text {
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

fn all(s: &str, ok: impl Fn(u8) -> bool) -> bool {
    s.bytes().all(ok)
}

fn digit_or_underscore(b: u8) -> bool {
    b.is_ascii_digit() || b == b'_'
}

/// `:[0-5]?[0-9]` parts of a sexagesimal number, after the first part.
fn sexagesimal_parts(parts: &str) -> bool {
    parts.split(':').skip(1).all(|p| {
        matches!(p.as_bytes(), [d] if d.is_ascii_digit())
            || matches!(p.as_bytes(), [t, d] if (b'0'..=b'5').contains(t) && d.is_ascii_digit())
    }) && parts.contains(':')
}

/// PyYAML's int pattern: `0b1_0`, `017` (octal), `0x1F`, `1_000`, `1:30`,
/// each with an optional sign.
fn is_int(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if let Some(bits) = unsigned.strip_prefix("0b") {
        return !bits.is_empty() && all(bits, |b| matches!(b, b'0' | b'1' | b'_'));
    }
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return !hex.is_empty() && all(hex, |b| b.is_ascii_hexdigit() || b == b'_');
    }
    if let Some(octal) = unsigned.strip_prefix('0') {
        return octal.is_empty() || all(octal, |b| matches!(b, b'0'..=b'7' | b'_'));
    }
    let Some((first, rest)) = unsigned.split_once(':') else {
        return unsigned.starts_with(|c: char| c.is_ascii_digit())
            && all(unsigned, digit_or_underscore);
    };
    let _ = rest;
    first.starts_with(|c: char| c.is_ascii_digit())
        && all(first, digit_or_underscore)
        && sexagesimal_parts(unsigned)
}

/// PyYAML's float pattern: a dot is required (`1.5`, `1.`, `.5`, `1.0e+3`;
/// the exponent needs a sign), or sexagesimal `1:30.5`, `.inf`, `.nan`.
fn is_float(text: &str) -> bool {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let signed = text.strip_prefix(['-', '+']);
    let unsigned = signed.unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        e.strip_prefix(['-', '+'])
            .is_some_and(|d| !d.is_empty() && all(d, |b| b.is_ascii_digit()))
    });
    let Some((whole, fraction)) = mantissa.split_once('.') else {
        return false;
    };
    if !exponent_ok || !all(fraction, digit_or_underscore) {
        return false;
    }
    if whole.is_empty() {
        // `.5`: no sign allowed, a digit first, no sexagesimal.
        return signed.is_none() && fraction.starts_with(|c: char| c.is_ascii_digit());
    }
    let first = whole.split(':').next().unwrap_or_default();
    let base_ok =
        first.starts_with(|c: char| c.is_ascii_digit()) && all(first, digit_or_underscore);
    if whole.contains(':') {
        exponent.is_none() && base_ok && sexagesimal_parts(whole)
    } else {
        base_ok
    }
}

/// The decimal text of a YAML 1.1 integer, as PyYAML computes it (`010` is
/// 8, `1:30` is 90). `None` when it does not fit in 128 bits or has no
/// digits (`0b_`): the text is then kept as written.
fn int_text(text: &str) -> Option<String> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, &cleaned[1..]),
        Some(b'+') => (false, &cleaned[1..]),
        _ => (false, cleaned.as_str()),
    };
    let magnitude = if digits == "0" {
        Some(0)
    } else if let Some(bits) = digits.strip_prefix("0b") {
        radix(bits, 2)
    } else if let Some(hex) = digits.strip_prefix("0x") {
        radix(hex, 16)
    } else if let Some(octal) = digits.strip_prefix('0') {
        radix(octal, 8)
    } else if digits.contains(':') {
        digits.split(':').try_fold(0i128, |total, part| {
            total.checked_mul(60)?.checked_add(radix(part, 10)?)
        })
    } else {
        radix(digits, 10)
    }?;
    Some(if negative && magnitude != 0 {
        format!("-{magnitude}")
    } else {
        magnitude.to_string()
    })
}

fn radix(digits: &str, base: u32) -> Option<i128> {
    if digits.is_empty() {
        return None;
    }
    i128::from_str_radix(digits, base).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        match plain(text) {
            NodeValue::Null => "null".into(),
            NodeValue::Bool(b) => b.to_string(),
            NodeValue::Number(n) => format!("#{n}"),
            NodeValue::String(s) => format!("'{s}'"),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn yaml_1_1_booleans_and_nulls() {
        for (text, shown) in [
            ("yes", "true"),
            ("No", "false"),
            ("ON", "true"),
            ("off", "false"),
            ("True", "true"),
            ("y", "'y'"),
            ("n", "'n'"),
            ("yES", "'yES'"),
            ("~", "null"),
            ("", "null"),
            ("NULL", "null"),
            ("nul", "'nul'"),
        ] {
            assert_eq!(show(text), shown, "{text}");
        }
    }

    #[test]
    fn yaml_1_1_integers_are_read_as_their_decimal_value() {
        for (text, shown) in [
            ("12", "#12"),
            ("+12", "#12"),
            ("-0", "#0"),
            ("010", "#8"),
            ("-010", "#-8"),
            ("0x1F", "#31"),
            ("0x1f_ff", "#8191"),
            ("0b101", "#5"),
            ("1_000", "#1000"),
            ("1:30", "#90"),
            ("-1:0:0", "#-3600"),
            ("0", "#0"),
            ("00", "#0"),
            ("012345678901", "'012345678901'"),
            ("0o17", "'0o17'"),
            ("1:60", "'1:60'"),
            ("0b", "'0b'"),
            ("0b_", "#0b_"),
            ("0x", "'0x'"),
            ("1e3", "'1e3'"),
            ("12a", "'12a'"),
            ("2010-09-09", "'2010-09-09'"),
            (
                "99999999999999999999999999999999999999999",
                "#99999999999999999999999999999999999999999",
            ),
        ] {
            assert_eq!(show(text), shown, "{text}");
        }
    }

    #[test]
    fn yaml_1_1_floats_keep_their_text() {
        for (text, shown) in [
            ("1.5", "#1.5"),
            ("1.50", "#1.50"),
            ("-1.", "#-1."),
            (".5", "#.5"),
            ("+.5", "'+.5'"),
            ("1.0e+3", "#1.0e+3"),
            ("1.0e3", "'1.0e3'"),
            ("-1.5e3", "'-1.5e3'"),
            ("1_0.5", "#1_0.5"),
            ("1:30.5", "#1:30.5"),
            (".inf", "#.inf"),
            ("-.Inf", "#-.Inf"),
            (".NaN", "#.NaN"),
            ("-.nan", "'-.nan'"),
            (".", "'.'"),
            ("1.2.3", "'1.2.3'"),
        ] {
            assert_eq!(show(text), shown, "{text}");
        }
    }

    #[test]
    fn explicit_core_tags() {
        assert_eq!(core_tagged("0x1F", "int"), NodeValue::Number("31".into()));
        assert_eq!(core_tagged("abc", "int"), NodeValue::Number("abc".into()));
        assert_eq!(core_tagged("yes", "bool"), NodeValue::Bool(true));
        assert_eq!(
            core_tagged("maybe", "bool"),
            NodeValue::String("maybe".into())
        );
        assert_eq!(core_tagged("x", "null"), NodeValue::Null);
        assert_eq!(core_tagged("010", "str"), NodeValue::String("010".into()));
    }
}
