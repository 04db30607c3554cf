//! Numbers as text, as Go's `big.Float.Text('f', -1)` writes them: the
//! shortest decimal that rounds back to the same binary number.

use std::fmt;

use num_bigint::BigUint;
use num_traits::{One, Zero};

use super::{INTEGER_PRECISION, Number, Repr};

/// A decimal `0.d₁d₂… × 10^dp`, digits without trailing zeros.
struct Decimal {
    digits: Vec<u8>,
    dp: i64,
}

impl Decimal {
    /// The exact decimal of `mant × 2^exp`.
    fn of(mant: &BigUint, exp: i64) -> Decimal {
        if mant.is_zero() {
            return Decimal {
                digits: Vec::new(),
                dp: 0,
            };
        }
        let (text, dp_shift) = if exp >= 0 {
            ((mant << exp as u64).to_string(), 0)
        } else {
            let scaled = mant * BigUint::from(5u32).pow((-exp) as u32);
            (scaled.to_string(), exp)
        };
        let mut digits = text.into_bytes();
        let dp = digits.len() as i64 + dp_shift;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Decimal { digits, dp }
    }

    /// Digit `i`, or `0` past the end.
    fn at(&self, i: usize) -> u8 {
        self.digits.get(i).copied().unwrap_or(b'0')
    }

    fn round_down(&mut self, n: usize) {
        self.digits.truncate(n);
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.dp = 0;
        }
    }

    fn round_up(&mut self, n: usize) {
        let mut n = n.min(self.digits.len());
        while n > 0 && self.digits[n - 1] == b'9' {
            n -= 1;
        }
        if n == 0 {
            // All nines: 0.999 becomes 1.0.
            self.digits = vec![b'1'];
            self.dp += 1;
            return;
        }
        self.digits[n - 1] += 1;
        self.digits.truncate(n);
    }

    /// Rounds to `n` digits, half to even.
    fn round(&mut self, n: usize) {
        if n >= self.digits.len() {
            return;
        }
        let up = if self.digits[n] == b'5' && n + 1 == self.digits.len() {
            n > 0 && (self.digits[n - 1] - b'0') % 2 == 1
        } else {
            self.digits[n] >= b'5'
        };
        if up {
            self.round_up(n)
        } else {
            self.round_down(n)
        }
    }
}

/// The shortest decimal text of `±mant × 2^exp` at `precision` bits.
pub(super) fn shortest(neg: bool, mant: &BigUint, exp: i64, precision: u64) -> String {
    fixed(neg, &shortest_decimal(mant, exp, precision))
}

/// The shortest decimal that rounds back to `mant × 2^exp` at `precision`
/// bits.
fn shortest_decimal(mant: &BigUint, exp: i64, precision: u64) -> Decimal {
    let mut d = Decimal::of(mant, exp);
    if mant.is_zero() {
        return d;
    }
    // The mantissa with one more bit than the precision: its last bit is
    // half a unit in the last place, the distance to the halfway points.
    let shift = precision + 1 - mant.bits().min(precision);
    let m = mant << shift;
    let e = exp - shift as i64;
    let lower = Decimal::of(&(&m - BigUint::one()), e);
    let upper = Decimal::of(&(&m + BigUint::one()), e);
    // The bounds are themselves possible outputs only when the mantissa at
    // full precision is even (rounding to even would then come back here).
    let inclusive = shift >= 2;
    for i in 0..d.digits.len() {
        let (l, digit, u) = (lower.at(i), d.digits[i], upper.at(i));
        let ok_down = l != digit || (inclusive && i + 1 == lower.digits.len());
        let ok_up = digit != u && (inclusive || digit + 1 < u || i + 1 < upper.digits.len());
        match (ok_down, ok_up) {
            (true, true) => {
                d.round(i + 1);
                break;
            }
            (true, false) => {
                d.round_down(i + 1);
                break;
            }
            (false, true) => {
                d.round_up(i + 1);
                break;
            }
            (false, false) => {}
        }
    }
    d
}

/// `%f` with the digits it has: integer part, then the fraction if any.
fn fixed(neg: bool, d: &Decimal) -> String {
    let decimals = (d.digits.len() as i64 - d.dp).max(0);
    let text = fixed_form(d, decimals);
    if neg { format!("-{text}") } else { text }
}

/// The magnitude `mant × 2^exp` as Go writes a `big.Float` of `precision`
/// bits with `%e`, `%f` or `%g` (upper-case forms too): `digits` after the
/// point (significant digits for `%g`), or the fewest that read back.
pub(super) fn with_verb(
    mant: &BigUint,
    exp: i64,
    precision: u64,
    verb: char,
    digits: Option<usize>,
) -> String {
    let lower = verb.to_ascii_lowercase();
    let letter = if verb.is_ascii_uppercase() { 'E' } else { 'e' };
    let (d, prec) = match digits {
        None => {
            let d = shortest_decimal(mant, exp, precision);
            let n = d.digits.len() as i64;
            let prec = match lower {
                'e' => n - 1,
                'f' => (n - d.dp).max(0),
                _ => n,
            };
            (d, prec)
        }
        Some(p) => {
            let mut d = Decimal::of(mant, exp);
            let p = if lower == 'g' { p.max(1) } else { p } as i64;
            let keep = match lower {
                'e' => p + 1,
                'f' => d.dp + p,
                _ => p,
            };
            if keep >= 0 {
                d.round(keep as usize);
            }
            (d, p)
        }
    };
    match lower {
        'e' => exponent_form(&d, prec, letter),
        'f' => fixed_form(&d, prec),
        _ => general_form(&d, prec, digits.is_none(), letter),
    }
}

/// `%g`: exponent form for small and large exponents, else fixed.
fn general_form(d: &Decimal, mut prec: i64, shortest: bool, letter: char) -> String {
    let n = d.digits.len() as i64;
    let eprec = match prec {
        _ if shortest => 6,
        p if p > n && n >= d.dp => n,
        p => p,
    };
    let exp = d.dp - 1;
    if exp < -4 || exp >= eprec {
        return exponent_form(d, prec.min(n) - 1, letter);
    }
    if prec > d.dp {
        prec = n;
    }
    fixed_form(d, (prec - d.dp).max(0))
}

/// `d.ddde±dd`, `prec` digits after the point.
fn exponent_form(d: &Decimal, prec: i64, letter: char) -> String {
    let mut out = String::new();
    out.push(d.digits.first().map_or('0', |c| *c as char));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec as usize {
            out.push(d.at(i) as char);
        }
    }
    let exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    out.push(letter);
    out.push(if exp < 0 { '-' } else { '+' });
    if exp.abs() < 10 {
        out.push('0');
    }
    out.push_str(&exp.abs().to_string());
    out
}

/// `ddd.ddd`, `prec` digits after the point.
fn fixed_form(d: &Decimal, prec: i64) -> String {
    let mut out = String::new();
    if d.dp > 0 {
        let whole = (d.dp as usize).min(d.digits.len());
        out.extend(d.digits[..whole].iter().map(|c| *c as char));
        out.extend(std::iter::repeat_n('0', d.dp as usize - whole));
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            let at = d.dp + i;
            out.push(if at < 0 {
                '0'
            } else {
                d.at(at as usize) as char
            });
        }
    }
    out
}

impl fmt::Display for Number {
    /// As Terraform prints a number: the shortest decimal that reads back as
    /// this number at its precision, without an exponent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Int(i)
                if self.prec >= INTEGER_PRECISION || i.unsigned_abs() >> self.prec == 0 =>
            {
                write!(f, "{i}")
            }
            _ => {
                let (neg, mant, exp) = self.parts();
                let text = shortest(neg, &mant, exp, u64::from(self.prec));
                f.write_str(&text)
            }
        }
    }
}
