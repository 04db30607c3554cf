//! `formatdate`, `timeadd` and `timecmp`: pure functions of RFC 3339
//! timestamps. `formatdate` and `timeadd` read timestamps strictly (cty's
//! reader), `timecmp` as Go's `time.Parse` does (a one-digit hour passes);
//! both word their errors as Terraform does.

pub(super) mod parse;

use std::cmp::Ordering;
use std::fmt::Write as _;

use time::OffsetDateTime;

use super::{Function, arity, string};
use crate::frontend::terraform::value::Value;
use parse::ParseError;

pub(super) const TABLE: &[(&str, Function)] = &[
    ("formatdate", formatdate),
    ("timeadd", timeadd),
    ("timecmp", timecmp),
];

/// Longest format `formatdate` reads: Go's scanner stops silently at a
/// token over 64 KiB, leaving a truncated result keylint does not mimic.
const MAX_FORMAT: usize = 60_000;

/// A timestamp as `formatdate` and `timeadd` read it (cty's reader: strict
/// RFC 3339, with Go's lenient parser only to explain a failure).
fn cty_timestamp(text: &str) -> Result<OffsetDateTime, String> {
    if let Some(t) = parse::strict(text) {
        return Ok(t);
    }
    let e = match parse::parse(parse::RFC3339, text) {
        Err(e) => e,
        // Go's parser accepts what cty refuses: say why, as cty does.
        Ok(_) => strict_only(text),
    };
    Err(message(&e, true))
}

/// Why cty refuses a timestamp Go's parser accepts.
fn strict_only(text: &str) -> ParseError {
    let b = text.as_bytes();
    let elem = |layout_elem, value_elem: &[u8]| ParseError {
        layout_elem,
        value_elem: String::from_utf8_lossy(value_elem).into_owned(),
        message: String::new(),
    };
    let two = |s: &[u8]| {
        s.iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d.wrapping_sub(b'0')))
    };
    if b.get(12) == Some(&b':') {
        return elem("15", &b[11..12]);
    }
    if b.get(19) == Some(&b',') {
        return elem(".", b",");
    }
    let n = b.len();
    if b.last() != Some(&b'Z') && n >= 6 {
        let zone = &b[n - 6..];
        if two(&b[n - 5..n - 3]) >= 24 || two(&b[n - 2..]) >= 60 {
            return elem("Z07:00", zone);
        }
    }
    elem("2006-01-02T15:04:05Z07:00", b)
}

/// A timestamp as `timecmp` reads it (Go's `time.Parse`).
fn go_timestamp(text: &str) -> Result<OffsetDateTime, String> {
    parse::parse(parse::RFC3339, text).map_err(|e| message(&e, false))
}

/// Terraform's wording of a parse error; cty's (`formatdate`, `timeadd`)
/// says more about hours and minutes than Terraform's own (`timecmp`).
fn message(e: &ParseError, cty: bool) -> String {
    const PREFIX: &str = "not a valid RFC3339 timestamp";
    if e.layout_elem.is_empty() && e.value_elem.is_empty() && !e.message.is_empty() {
        return format!("{PREFIX}{}", e.message);
    }
    let what = match e.layout_elem {
        "2006" => "year",
        "01" => "month",
        "02" => "day of month",
        "15" => "hour",
        "04" => "minute",
        "05" => "second",
        "Z07:00" => "UTC offset",
        "T" => return format!("{PREFIX}: missing required time introducer 'T'"),
        ":" | "-" if e.value_elem.is_empty() => {
            return format!(
                "{PREFIX}: end of string where {:?} is expected",
                e.layout_elem
            );
        }
        ":" | "-" => {
            return format!(
                "{PREFIX}: found {:?} where {:?} is expected",
                e.value_elem, e.layout_elem
            );
        }
        _ => "timestamp segment",
    };
    let value = &e.value_elem;
    match what {
        _ if value.is_empty() => format!("{PREFIX}: end of string before {what}"),
        "hour" if cty && value.contains(':') => {
            format!("{PREFIX}: hour must be between 0 and 23 inclusive")
        }
        "hour" | "minute" if cty && value.len() != 2 => {
            format!("{PREFIX}: {what} must have exactly two digits")
        }
        _ => format!("{PREFIX}: cannot use {value:?} as {what}"),
    }
}

/// Go's `Format(time.RFC3339)`: whole seconds, `Z` for UTC.
pub(super) fn rfc3339(t: OffsetDateTime) -> String {
    let mut out = String::new();
    let year = t.year();
    if year < 0 {
        out.push('-');
    }
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        year.unsigned_abs(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    out.push_str(&zone(t, true, true));
    out
}

/// The UTC offset as Go writes it: `Z` for UTC when `z`, else `±hh:mm`
/// (or `±hhmm` without `colon`).
fn zone(t: OffsetDateTime, z: bool, colon: bool) -> String {
    let seconds = t.offset().whole_seconds();
    if z && seconds == 0 {
        return "Z".into();
    }
    let minutes = seconds / 60;
    let sign = if minutes < 0 { '-' } else { '+' };
    let minutes = minutes.abs();
    let colon = if colon { ":" } else { "" };
    format!("{sign}{:02}{colon}{:02}", minutes / 60, minutes % 60)
}

fn timeadd(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let t = cty_timestamp(&string(&args[0])?)?;
    let nanos = parse::duration(&string(&args[1])?)?;
    let later = t.checked_add(time::Duration::nanoseconds(nanos));
    Ok(later.map_or(Value::UNKNOWN, |t| Value::string(rfc3339(t))))
}

fn timecmp(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let a = go_timestamp(&string(&args[0])?)?;
    let b = go_timestamp(&string(&args[1])?)?;
    Ok(Value::int(match a.cmp(&b) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}

fn formatdate(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let format = string(&args[0])?;
    let t = cty_timestamp(&string(&args[1])?)?;
    if format.len() > MAX_FORMAT {
        return Ok(Value::UNKNOWN);
    }
    let mut out = String::new();
    for token in tokens(format.as_bytes()) {
        match token.first() {
            Some(b'\'') => quoted(token, &mut out)?,
            Some(c) if c.is_ascii_alphabetic() => out.push_str(&verb(token, t)?),
            _ => out.push_str(&String::from_utf8_lossy(token)),
        }
    }
    Ok(Value::string(out))
}

/// cty's `splitDateFormat`: quoted literals (`''` is a quote), runs of one
/// letter (verbs), and runs of anything else (literal text).
fn tokens(mut s: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while let Some(&first) = s.first() {
        let n = if first == b'\'' {
            quoted_len(s)
        } else if first.is_ascii_alphabetic() {
            s.iter().take_while(|c| **c == first).count()
        } else {
            s.iter()
                .take_while(|c| **c != b'\'' && !c.is_ascii_alphabetic())
                .count()
        };
        out.push(&s[..n]);
        s = &s[n..];
    }
    out
}

/// The length of a quoted literal: to the closing quote (doubled quotes
/// inside are escapes), or to the end.
fn quoted_len(s: &[u8]) -> usize {
    if s.get(1) == Some(&b'\'') {
        return 2;
    }
    let mut i = 1;
    while i < s.len() {
        if s[i] == b'\'' {
            if s.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    s.len()
}

fn quoted(token: &[u8], out: &mut String) -> Result<(), String> {
    if token.len() == 1 || token.last() != Some(&b'\'') {
        return Err("unterminated literal '".into());
    }
    if token.len() == 2 {
        out.push('\'');
        return Ok(());
    }
    let raw = &token[1..token.len() - 1];
    let mut text = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        text.push(c);
        // A doubled quote writes one.
        i += if c == b'\'' { 2 } else { 1 };
    }
    out.push_str(&String::from_utf8_lossy(&text));
    Ok(())
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One verb (a run of one letter) applied to the time.
fn verb(token: &[u8], t: OffsetDateTime) -> Result<String, String> {
    let name = String::from_utf8_lossy(token);
    let invalid = |why: &str| -> Result<String, String> {
        Err(format!("invalid date format verb {name:?}{why}"))
    };
    let n = token.len();
    let two = |v: u8, why: &str| match n {
        1 => Ok(v.to_string()),
        2 => Ok(format!("{v:02}")),
        _ => invalid(why),
    };
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let month = MONTHS[usize::from(u8::from(t.month()) - 1)];
    let weekday = t.weekday().to_string();
    match (token[0], n) {
        (b'Y', 2) => Ok(format!("{:02}", t.year() % 100)),
        (b'Y', 4) => Ok(format!("{:04}", t.year())),
        (b'Y', _) => invalid(": year must either be \"YY\" or \"YYYY\""),
        (b'M', 3) => Ok(month[..3].to_owned()),
        (b'M', 4) => Ok(month.to_owned()),
        (b'M', _) => two(
            u8::from(t.month()),
            ": month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"",
        ),
        (b'D', _) => two(t.day(), ": day of month must either be \"D\" or \"DD\""),
        (b'E', 3) => Ok(weekday[..3].to_owned()),
        (b'E', 4) => Ok(weekday),
        (b'E', _) => invalid(": day of week must either be \"EEE\" or \"EEEE\""),
        (b'h', _) => two(t.hour(), ": 24-hour must either be \"h\" or \"hh\""),
        (b'H', _) => two(hour12, ": 12-hour must either be \"H\" or \"HH\""),
        (b'A' | b'a', 2) => {
            let marker = if t.hour() < 12 { "AM" } else { "PM" };
            Ok(if token[0] == b'a' {
                marker.to_lowercase()
            } else {
                marker.to_owned()
            })
        }
        (c @ (b'A' | b'a'), _) => {
            let c = char::from(c);
            invalid(&format!(": must be \"{c}{c}\""))
        }
        (b'm', _) => two(t.minute(), ": minute must either be \"m\" or \"mm\""),
        (b's', _) => two(t.second(), ": second must either be \"s\" or \"ss\""),
        (b'Z', 1) => Ok(zone(t, true, true)),
        (b'Z', 3) if t.offset().is_utc() => Ok("UTC".into()),
        (b'Z', 3 | 4) => Ok(zone(t, false, false)),
        (b'Z', 5) => Ok(zone(t, false, true)),
        (b'Z', _) => invalid(": timezone must be Z, ZZZZ, or ZZZZZ"),
        _ => invalid(""),
    }
}
