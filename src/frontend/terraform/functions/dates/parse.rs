//! Go's `time.Parse` for the few layouts Terraform and its YAML decoder
//! use, the strict RFC 3339 reader of Terraform's function library, and
//! Go's `time.ParseDuration`, each with Go's acceptance rules: where Go is
//! lenient (a one-digit hour, a `+24:00` offset, a comma before the
//! fraction) so is this, and errors carry what Go's `ParseError` does,
//! from which Terraform words its messages.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// One element of a Go layout.
#[derive(Clone, Copy, PartialEq)]
pub(in crate::frontend::terraform::functions) enum Std {
    /// `2006`.
    LongYear,
    /// `01` (fixed: two digits) or `1`.
    Month(bool),
    /// `02` or `2`.
    Day(bool),
    /// `15`: one or two digits.
    Hour,
    /// `04` or `4`.
    Minute(bool),
    /// `05` or `5`.
    Second(bool),
    /// `.999999999`: an optional fraction.
    Fraction,
    /// `Z07:00`: `Z` or `±hh:mm`.
    Zone,
}

/// A layout: each element with the literal text before it, and the
/// element's own text (which Go's errors name).
pub(in crate::frontend::terraform::functions) type Layout =
    &'static [(&'static str, Std, &'static str)];

/// `time.RFC3339`.
pub(in crate::frontend::terraform::functions) const RFC3339: Layout = &[
    ("", Std::LongYear, "2006"),
    ("-", Std::Month(true), "01"),
    ("-", Std::Day(true), "02"),
    ("T", Std::Hour, "15"),
    (":", Std::Minute(true), "04"),
    (":", Std::Second(true), "05"),
    ("", Std::Zone, "Z07:00"),
];

/// Go's `time.ParseError`, as far as Terraform's messages use it.
pub(in crate::frontend::terraform::functions) struct ParseError {
    pub(in crate::frontend::terraform::functions) layout_elem: &'static str,
    pub(in crate::frontend::terraform::functions) value_elem: String,
    pub(in crate::frontend::terraform::functions) message: String,
}

fn error(layout_elem: &'static str, value_elem: &[u8], message: String) -> ParseError {
    ParseError {
        layout_elem,
        value_elem: String::from_utf8_lossy(value_elem).into_owned(),
        message,
    }
}

/// The parsed fields.
#[derive(Default)]
struct Fields {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
    offset: i32,
}

/// `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &[u8], fixed: bool) -> Option<(u8, &[u8])> {
    let digit = |i: usize| s.get(i).filter(|c| c.is_ascii_digit()).map(|c| c - b'0');
    let first = digit(0)?;
    match digit(1) {
        Some(second) => Some((first * 10 + second, &s[2..])),
        None if fixed => None,
        None => Some((first, &s[1..])),
    }
}

/// `parseNanoseconds` of a `.ddd` (or `,ddd`) of `n` bytes: at most nine
/// digits count.
fn nanoseconds(s: &[u8], n: usize) -> u32 {
    let digits = &s[1..n.min(10)];
    let value = digits
        .iter()
        .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
    value * 10u32.pow(9 - digits.len() as u32)
}

/// How many ASCII digits `s` starts with, from `from` on.
fn digits_from(s: &[u8], from: usize) -> usize {
    s.iter()
        .skip(from)
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// `skip`: the literal prefix, with runs of spaces matching runs of spaces.
fn skip<'a>(mut value: &'a [u8], mut prefix: &[u8]) -> Result<&'a [u8], &'a [u8]> {
    while let Some(&p) = prefix.first() {
        if p == b' ' {
            if value.first().is_some_and(|c| *c != b' ') {
                return Err(value);
            }
            prefix = trim_spaces(prefix);
            value = trim_spaces(value);
            continue;
        }
        if value.first() != Some(&p) {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Ok(value)
}

fn trim_spaces(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|c| **c == b' ').count();
    &s[n..]
}

/// Go's `time.Parse(layout, value)`.
pub(in crate::frontend::terraform::functions) fn parse(
    layout: Layout,
    value: &str,
) -> Result<OffsetDateTime, ParseError> {
    let mut v = value.as_bytes();
    let mut f = Fields {
        month: 1,
        day: 1,
        ..Fields::default()
    };
    for (i, (prefix, std, text)) in layout.iter().enumerate() {
        v = skip(v, prefix.as_bytes()).map_err(|rest| error(prefix, rest, String::new()))?;
        let hold = v;
        let fraction_next = layout.get(i + 1).is_some_and(|e| e.1 == Std::Fraction);
        let step = element(*std, v, &mut f, fraction_next);
        if let Some(what) = step.range {
            return Err(error(text, step.rest, format!(": {what} out of range")));
        }
        if !step.read {
            return Err(error(text, hold, String::new()));
        }
        v = step.rest;
    }
    if !v.is_empty() {
        let extra = String::from_utf8_lossy(v).into_owned();
        return Err(error("", v, format!(": extra text: {extra:?}")));
    }
    build(&f).ok_or_else(|| error("", v, ": day out of range".into()))
}

/// What reading one element did: the value after it (Go advances even
/// past some elements it then rejects), whether it read, and what is out
/// of range, if anything.
struct Step<'a> {
    rest: &'a [u8],
    read: bool,
    range: Option<&'static str>,
}

fn read<'a>(rest: &'a [u8], range: Option<&'static str>) -> Step<'a> {
    Step {
        rest,
        read: true,
        range,
    }
}

fn unread(rest: &[u8]) -> Step<'_> {
    Step {
        rest,
        read: false,
        range: None,
    }
}

/// Reads one element into `f`.
fn element<'a>(std: Std, v: &'a [u8], f: &mut Fields, fraction_next: bool) -> Step<'a> {
    let number = |fixed: bool| getnum(v, fixed);
    match std {
        Std::LongYear => {
            if v.len() < 4 || !v[..4].iter().all(u8::is_ascii_digit) {
                return unread(v);
            }
            f.year = v[..4].iter().fold(0, |y, d| y * 10 + i32::from(d - b'0'));
            read(&v[4..], None)
        }
        Std::Month(fixed) => number(fixed).map_or(unread(v), |(m, rest)| {
            f.month = m;
            read(rest, (m == 0 || m > 12).then_some("month"))
        }),
        Std::Day(fixed) => number(fixed).map_or(unread(v), |(d, rest)| {
            f.day = d;
            read(rest, None)
        }),
        Std::Hour => number(false).map_or(unread(v), |(h, rest)| {
            f.hour = h;
            read(rest, (h >= 24).then_some("hour"))
        }),
        Std::Minute(fixed) => number(fixed).map_or(unread(v), |(m, rest)| {
            f.minute = m;
            read(rest, (m >= 60).then_some("minute"))
        }),
        Std::Second(fixed) => second(v, fixed, f, fraction_next),
        Std::Fraction => {
            let starts = v.len() >= 2 && matches!(v[0], b'.' | b',') && v[1].is_ascii_digit();
            if !starts {
                return read(v, None);
            }
            let n = 1 + digits_from(v, 1);
            f.nanos = nanoseconds(v, n);
            read(&v[n..], None)
        }
        Std::Zone => zone(v, f),
    }
}

/// Seconds, and a fraction after them that the layout does not name
/// (Go reads one anyway).
fn second<'a>(v: &'a [u8], fixed: bool, f: &mut Fields, fraction_next: bool) -> Step<'a> {
    let Some((s, rest)) = getnum(v, fixed) else {
        return unread(v);
    };
    f.second = s;
    if s >= 60 {
        return read(rest, Some("second"));
    }
    let fraction = rest.len() >= 2 && matches!(rest[0], b'.' | b',') && rest[1].is_ascii_digit();
    if !fraction || fraction_next {
        return read(rest, None);
    }
    let n = 2 + digits_from(rest, 2);
    f.nanos = nanoseconds(rest, n);
    read(&rest[n..], None)
}

/// `Z07:00`: `Z`, or a sign, hours, `:` and minutes (Go allows up to 24
/// hours and 60 minutes).
fn zone<'a>(v: &'a [u8], f: &mut Fields) -> Step<'a> {
    if let Some(rest) = v.strip_prefix(b"Z") {
        f.offset = 0;
        return read(rest, None);
    }
    if v.len() < 6 || v[3] != b':' {
        return unread(v);
    }
    let hours = getnum(&v[1..3], true).map(|p| p.0);
    let minutes = hours.and_then(|_| getnum(&v[4..6], true)).map(|p| p.0);
    let (h, m) = (hours.unwrap_or(0), minutes.unwrap_or(0));
    let range = if m > 60 {
        Some("time zone offset minute")
    } else if h > 24 {
        Some("time zone offset hour")
    } else {
        None
    };
    let seconds = (i32::from(h) * 60 + i32::from(m)) * 60;
    f.offset = match v[0] {
        b'+' => seconds,
        b'-' => -seconds,
        _ => 0,
    };
    Step {
        rest: &v[6..],
        read: minutes.is_some() && matches!(v[0], b'+' | b'-'),
        range,
    }
}

/// The moment, or `None` when the day is not in the month.
fn build(f: &Fields) -> Option<OffsetDateTime> {
    let date = Date::from_calendar_date(f.year, Month::try_from(f.month).ok()?, f.day).ok()?;
    let time = Time::from_hms_nano(f.hour, f.minute, f.second, f.nanos).ok()?;
    let offset = UtcOffset::from_whole_seconds(f.offset).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// The strict RFC 3339 reader of Terraform's function library (cty's
/// `parseRFC3339`): two-digit fields in range, `.` before a fraction,
/// `Z` or an offset below 24 hours.
pub(in crate::frontend::terraform::functions) fn strict(s: &str) -> Option<OffsetDateTime> {
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |from: usize, to: usize, max: u8| -> Option<u8> {
        let d = &b[from..to];
        let n = d.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })?;
        u8::try_from(n).ok().filter(|n| *n <= max)
    };
    let year = b[..4].iter().try_fold(0i32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
    })?;
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !separators.iter().all(|(i, c)| b[*i] == *c) {
        return None;
    }
    let mut f = Fields {
        year,
        month: num(5, 7, 12).filter(|m| *m >= 1)?,
        day: num(8, 10, 31).filter(|d| *d >= 1)?,
        hour: num(11, 13, 23)?,
        minute: num(14, 16, 59)?,
        second: num(17, 19, 59)?,
        ..Fields::default()
    };
    let mut rest = &b[19..];
    if rest.len() >= 2 && rest[0] == b'.' && rest[1].is_ascii_digit() {
        let n = 2 + digits_from(rest, 2);
        f.nanos = nanoseconds(rest, n);
        rest = &rest[n..];
    }
    if rest != b"Z" {
        let sign = match rest {
            [b'+', _, _, b':', _, _] => 1,
            [b'-', _, _, b':', _, _] => -1,
            _ => return None,
        };
        let hours = i32::from(getnum(&rest[1..3], true).filter(|h| h.0 <= 23)?.0);
        let minutes = i32::from(getnum(&rest[4..6], true).filter(|m| m.0 <= 59)?.0);
        f.offset = sign * (hours * 60 + minutes) * 60;
    }
    build(&f)
}

/// Go's `time.ParseDuration`, in nanoseconds.
pub(in crate::frontend::terraform::functions) fn duration(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {text:?}");
    let mut s = text.as_bytes();
    let mut negative = false;
    if let Some((&c, rest)) = s.split_first()
        && (c == b'-' || c == b'+')
    {
        negative = c == b'-';
        s = rest;
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut total: u64 = 0;
    while !s.is_empty() {
        let (value, rest) = component(s).ok_or_else(invalid)?;
        let unit_len = rest
            .iter()
            .take_while(|c| **c != b'.' && !c.is_ascii_digit())
            .count();
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {text:?}"));
        }
        let unit = &rest[..unit_len];
        s = &rest[unit_len..];
        let scale: u64 = match unit {
            b"ns" => 1,
            // `µ` (micro sign) and `μ` (Greek mu), in UTF-8.
            b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                let unit = String::from_utf8_lossy(unit);
                return Err(format!("time: unknown unit {unit:?} in duration {text:?}"));
            }
        };
        let (whole, fraction, fraction_scale) = value;
        if whole > LIMIT / scale {
            return Err(invalid());
        }
        let mut v = whole * scale;
        if fraction > 0 {
            // As Go: in float64, accurate to the nanosecond for an hour.
            v += (fraction as f64 * (scale as f64 / fraction_scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        // Go adds in uint64, wrapping around.
        total = total.wrapping_add(v);
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if negative {
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// The number of one duration component: whole part, fraction digits and
/// the fraction's scale, and the rest; `None` when there is no number.
type Component<'a> = ((u64, u64, f64), &'a [u8]);

fn component(s: &[u8]) -> Option<Component<'_>> {
    if !(s[0] == b'.' || s[0].is_ascii_digit()) {
        return None;
    }
    // Go's leadingInt: stop with an error beyond 1 << 63.
    let mut whole: u64 = 0;
    let n = digits_from(s, 0);
    for d in &s[..n] {
        if whole > (1 << 63) / 10 {
            return None;
        }
        whole = whole * 10 + u64::from(d - b'0');
        if whole > 1 << 63 {
            return None;
        }
    }
    let mut rest = &s[n..];
    let (mut fraction, mut scale, mut post) = (0u64, 1f64, false);
    if let Some(after) = rest.strip_prefix(b".") {
        // Go's leadingFraction: digits past the precision are skipped.
        let m = digits_from(after, 0);
        let mut overflow = false;
        for d in &after[..m] {
            if overflow || fraction > ((1 << 63) - 1) / 10 {
                overflow = true;
                continue;
            }
            let next = fraction * 10 + u64::from(d - b'0');
            if next > 1 << 63 {
                overflow = true;
                continue;
            }
            fraction = next;
            scale *= 10.0;
        }
        post = m > 0;
        rest = &after[m..];
    }
    (n > 0 || post).then_some(((whole, fraction, scale), rest))
}
