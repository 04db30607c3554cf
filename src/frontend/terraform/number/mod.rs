//! Terraform numbers: binary floating point rounded to nearest even after
//! every operation, as Terraform computes them (Go's `big.Float`), and
//! printed as Terraform prints them: the shortest decimal that reads back
//! as the same number at its precision.
//!
//! A number remembers its precision, because Terraform's does: a literal
//! has 512 bits, a count or length 64, the result of `pow` or `log` 53, and
//! an operation takes the larger of its operands'. So `9007199254740992 +
//! 1` is `9007199254740993` (a 64-bit float would say `...992`), `0.1 +
//! 0.2` is `0.3`, `1/3` has 155 digits and `length(a)/length(b)` about 20.
//! Whole numbers that fit 64 bits, the common case, are kept as they are.

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigUint;
use num_traits::{One, ToPrimitive, Zero};

mod rounding;
mod text;

use rounding::{divide, round};

/// Mantissa bits of a number literal (and of a number read from text).
const LITERAL_PRECISION: u32 = 512;

/// Mantissa bits of a whole number Terraform makes (a count, a length).
const INTEGER_PRECISION: u32 = 64;

/// Mantissa bits of a 64-bit float (`pow`, `log`).
const FLOAT_PRECISION: u32 = 53;

/// Largest binary exponent kept: beyond it a number is too large (or too
/// small) to compute with, and evaluates to unknown. Bounds the work and
/// the text of any number (about 1,200 digits).
const MAX_EXP: i64 = 4_096;

/// Largest decimal exponent read in a number literal.
const MAX_DECIMAL_EXP: i64 = 1_000;

/// Longest number text read: Terraform reads longer ones, but nothing real
/// writes them, and reading is quadratic in the length.
const MAX_TEXT: usize = 1_024;

/// A Terraform number: a value and its precision. Equal numbers are equal
/// whatever their precisions, as in Terraform.
#[derive(Clone, Debug)]
pub struct Number {
    repr: Repr,
    prec: u32,
}

/// The value, normalised so that equal values have equal representations.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Repr {
    /// A whole number that fits 64 bits.
    Int(i64),
    /// Any other number: `±mant × 2^exp`, the mantissa odd.
    Big(Rc<Big>),
}

/// `±mant × 2^exp`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big {
    neg: bool,
    mant: BigUint,
    exp: i64,
}

impl Number {
    /// Zero.
    pub const ZERO: Number = Number {
        repr: Repr::Int(0),
        prec: INTEGER_PRECISION,
    };

    /// A whole number as Terraform makes one (a count, an index, a length).
    pub fn int(i: i64) -> Number {
        match i.checked_abs() {
            Some(_) => Number {
                repr: Repr::Int(i),
                prec: INTEGER_PRECISION,
            },
            None => Number::from_parts(true, BigUint::from(i.unsigned_abs()), 0, false, 64)
                .unwrap_or(Number::ZERO),
        }
    }

    /// A whole number from its sign and magnitude (`parseint`), with the
    /// precision Terraform gives it: 64 bits, or as many as it needs.
    pub fn integer(neg: bool, magnitude: BigUint) -> Option<Number> {
        let prec = (magnitude.bits() as u32).max(INTEGER_PRECISION);
        Number::from_parts(neg, magnitude, 0, false, prec)
    }

    /// A number from sign, mantissa and exponent: rounded to `prec` bits,
    /// normalised, and `None` when out of range.
    fn from_parts(neg: bool, mant: BigUint, exp: i64, sticky: bool, prec: u32) -> Option<Number> {
        if mant.is_zero() {
            return Some(Number {
                repr: Repr::Int(0),
                prec,
            });
        }
        let (mut mant, mut exp) = round(mant, exp, sticky, prec);
        let zeros = mant.trailing_zeros().unwrap_or(0);
        mant >>= zeros;
        exp = exp.checked_add(zeros as i64)?;
        if exp.abs() > MAX_EXP {
            return None;
        }
        let repr = if exp >= 0 && mant.bits() as i64 + exp <= 63 {
            let magnitude = (mant << exp as u64).to_i64()?;
            Repr::Int(if neg { -magnitude } else { magnitude })
        } else {
            Repr::Big(Rc::new(Big { neg, mant, exp }))
        };
        Some(Number { repr, prec })
    }

    /// The value of a 64-bit float (`None` for infinities and NaN).
    pub fn from_f64(f: f64) -> Option<Number> {
        if !f.is_finite() {
            return None;
        }
        let bits = f.to_bits();
        let neg = bits >> 63 == 1;
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1 << 52) - 1);
        let (mant, exp) = match biased {
            0 => (fraction, -1074),
            _ => (fraction | (1 << 52), biased - 1075),
        };
        Number::from_parts(neg, BigUint::from(mant), exp, false, FLOAT_PRECISION)
    }

    /// Reads a decimal number (`-12`, `1.5`, `6.02e23`), rounded to 512
    /// bits as Terraform reads it.
    pub fn parse(text: &str) -> Option<Number> {
        let text = text.trim();
        if text.len() > MAX_TEXT {
            return None;
        }
        let (neg, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(at) => (&body[..at], body[at + 1..].parse::<i64>().ok()?),
            None => (body, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let digits = BigUint::parse_bytes(format!("{whole}{fraction}").as_bytes(), 10)?;
        let exp10 = exponent.checked_sub(fraction.len() as i64)?;
        if exp10.abs() > MAX_DECIMAL_EXP {
            return None;
        }
        if exp10 >= 0 {
            let value = digits * BigUint::from(10u32).pow(exp10 as u32);
            return Number::from_parts(neg, value, 0, false, LITERAL_PRECISION);
        }
        let denominator = BigUint::from(10u32).pow((-exp10) as u32);
        divide(neg, digits, 0, &denominator, 0, LITERAL_PRECISION)
    }

    /// The nearest 64-bit float.
    pub fn to_f64(&self) -> f64 {
        match &self.repr {
            Repr::Int(i) => *i as f64,
            Repr::Big(b) => {
                // Scale in two steps: the mantissa alone may not fit a float.
                let bits = b.mant.bits() as i64;
                let top = (&b.mant >> (bits - 64).max(0) as u64)
                    .to_f64()
                    .unwrap_or(0.0);
                let exp = b.exp + (bits - 64).max(0);
                let magnitude = top * 2f64.powi(exp.clamp(-2000, 2000) as i32);
                if b.neg { -magnitude } else { magnitude }
            }
        }
    }

    /// The value as a 64-bit integer, when it is a whole number that fits.
    pub fn to_i64(&self) -> Option<i64> {
        match &self.repr {
            Repr::Int(i) => Some(*i),
            Repr::Big(_) => None,
        }
    }

    /// Whether the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        match &self.repr {
            Repr::Int(_) => true,
            Repr::Big(b) => b.exp >= 0,
        }
    }

    fn parts(&self) -> (bool, BigUint, i64) {
        match &self.repr {
            Repr::Int(i) => (*i < 0, BigUint::from(i.unsigned_abs()), 0),
            Repr::Big(b) => (b.neg, b.mant.clone(), b.exp),
        }
    }

    /// The precision of a result of `self` and `other`, as Go gives it.
    fn prec_with(&self, other: &Number) -> u32 {
        self.prec.max(other.prec)
    }

    /// A whole result computed exactly in 64 bits, if the precision holds it.
    fn exact(i: i64, prec: u32) -> Option<Number> {
        let fits = prec >= INTEGER_PRECISION || i.unsigned_abs() >> prec == 0;
        (fits && i != i64::MIN).then_some(Number {
            repr: Repr::Int(i),
            prec,
        })
    }

    /// `self + other`.
    pub fn add(&self, other: &Number) -> Option<Number> {
        let prec = self.prec_with(other);
        if let (Repr::Int(a), Repr::Int(b)) = (&self.repr, &other.repr)
            && let Some(sum) = a.checked_add(*b).and_then(|s| Number::exact(s, prec))
        {
            return Some(sum);
        }
        let (a, b) = (self.parts(), other.parts());
        if a.1.is_zero() || b.1.is_zero() {
            let (n, _) = if a.1.is_zero() {
                (other, self)
            } else {
                (self, other)
            };
            let (neg, mant, exp) = n.parts();
            return Number::from_parts(neg, mant, exp, false, prec);
        }
        // A term below a quarter of the other's last bit only decides
        // rounding: a single sticky bit stands in for it.
        let top = |p: &(bool, BigUint, i64)| p.2 + p.1.bits() as i64;
        let gap = prec as i64 + 2;
        let (a, b) = if top(&a) < top(&b) { (b, a) } else { (a, b) };
        let b = if top(&b) < top(&a) - gap {
            // Keep the sign, move the term just below the sticky position.
            (b.0, BigUint::one(), top(&a) - gap - 2)
        } else {
            b
        };
        let exp = a.2.min(b.2);
        let ma = a.1 << (a.2 - exp) as u64;
        let mb = b.1 << (b.2 - exp) as u64;
        let (neg, mant) = match (a.0 == b.0, ma.cmp(&mb)) {
            (true, _) => (a.0, ma + mb),
            (false, Ordering::Less) => (b.0, mb - ma),
            (false, _) => (a.0, ma - mb),
        };
        Number::from_parts(neg, mant, exp, false, prec)
    }

    /// `-self`.
    pub fn neg(&self) -> Number {
        match &self.repr {
            Repr::Int(i) => Number {
                repr: Repr::Int(-i),
                prec: self.prec,
            },
            Repr::Big(b) => Number {
                repr: Repr::Big(Rc::new(Big {
                    neg: !b.neg,
                    ..(**b).clone()
                })),
                prec: self.prec,
            },
        }
    }

    /// `self - other`.
    pub fn sub(&self, other: &Number) -> Option<Number> {
        self.add(&other.neg())
    }

    /// `self * other`.
    pub fn mul(&self, other: &Number) -> Option<Number> {
        let prec = self.prec_with(other);
        if let (Repr::Int(a), Repr::Int(b)) = (&self.repr, &other.repr)
            && let Some(product) = a.checked_mul(*b).and_then(|p| Number::exact(p, prec))
        {
            return Some(product);
        }
        let (a, b) = (self.parts(), other.parts());
        Number::from_parts(a.0 != b.0, a.1 * b.1, a.2.checked_add(b.2)?, false, prec)
    }

    /// `self / other`; `None` when dividing by zero (Terraform makes an
    /// infinity, which keylint does not compute with) or out of range.
    pub fn div(&self, other: &Number) -> Option<Number> {
        let (a, b) = (self.parts(), other.parts());
        if b.1.is_zero() {
            return None;
        }
        divide(a.0 != b.0, a.1, a.2, &b.1, b.2, self.prec_with(other))
    }

    /// `self % other` as Terraform computes it: `self - other *
    /// trunc(self / other)`.
    pub fn rem(&self, other: &Number) -> Option<Number> {
        if let (Repr::Int(a), Repr::Int(b)) = (&self.repr, &other.repr)
            && *b != 0
            && let Some(r) = a.checked_rem(*b)
        {
            return Some(Number {
                repr: Repr::Int(r),
                prec: self.prec_with(other),
            });
        }
        let quotient = self.div(other)?.trunc();
        self.sub(&other.mul(&quotient)?)
    }

    /// The whole part, toward zero.
    pub fn trunc(&self) -> Number {
        match &self.repr {
            Repr::Big(b) if b.exp < 0 => {
                let whole = &b.mant >> (-b.exp) as u64;
                Number::from_parts(b.neg, whole, 0, false, self.prec).unwrap_or(Number::ZERO)
            }
            _ => self.clone(),
        }
    }

    /// The largest whole number not above this one.
    pub fn floor(&self) -> Number {
        let t = self.trunc();
        if self.is_negative() && t != *self {
            t.sub(&Number::int(1)).map_or(t, |n| n.with_prec(self.prec))
        } else {
            t
        }
    }

    /// The smallest whole number not below this one.
    pub fn ceil(&self) -> Number {
        let t = self.trunc();
        if !self.is_negative() && t != *self {
            t.add(&Number::int(1)).map_or(t, |n| n.with_prec(self.prec))
        } else {
            t
        }
    }

    /// The same value with another precision (the value already fits it).
    fn with_prec(self, prec: u32) -> Number {
        Number { prec, ..self }
    }

    /// Whether the number is below zero.
    pub fn is_negative(&self) -> bool {
        match &self.repr {
            Repr::Int(i) => *i < 0,
            Repr::Big(b) => b.neg,
        }
    }

    /// The magnitude as Go writes it with `%e`, `%f` or `%g` (and their
    /// upper-case forms), as Terraform's `format` does: `digits` after the
    /// point (significant digits for `%g`), or the fewest that read back.
    pub fn magnitude_text(&self, verb: char, digits: Option<usize>) -> String {
        let (_, mant, exp) = self.parts();
        text::with_verb(&mant, exp, u64::from(self.prec), verb, digits)
    }

    /// The magnitude of a whole number (`None` when not whole).
    pub fn whole_magnitude(&self) -> Option<BigUint> {
        let (_, mant, exp) = self.parts();
        (exp >= 0).then(|| mant << exp as u64)
    }

    /// The magnitude.
    pub fn abs(&self) -> Number {
        if self.is_negative() {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// `-1`, `0` or `1`, as `signum` gives it.
    pub fn signum(&self) -> Number {
        match self.partial_cmp(&Number::ZERO) {
            Some(Ordering::Less) => Number::int(-1),
            Some(Ordering::Greater) => Number::int(1),
            _ => Number::ZERO,
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.repr == other.repr
    }
}

impl PartialOrd for Number {
    /// Exact comparison of the values (precision aside).
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        if let (Repr::Int(a), Repr::Int(b)) = (&self.repr, &other.repr) {
            return Some(a.cmp(b));
        }
        let (a, b) = (self.parts(), other.parts());
        let sign = |p: &(bool, BigUint, i64)| match (p.1.is_zero(), p.0) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let by_sign = sign(&a).cmp(&sign(&b));
        if by_sign != Ordering::Equal || sign(&a) == 0 {
            return Some(by_sign);
        }
        // Same sign: compare magnitudes at a common exponent (exponents
        // are bounded, so the shift is too).
        let exp = a.2.min(b.2);
        let magnitude = (a.1 << (a.2 - exp) as u64).cmp(&(b.1 << (b.2 - exp) as u64));
        Some(if a.0 { magnitude.reverse() } else { magnitude })
    }
}

#[cfg(test)]
mod tests;
