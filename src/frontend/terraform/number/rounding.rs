//! Rounding to a precision, as Go's `big.Float` rounds: to nearest, ties
//! to even.

use std::cmp::Ordering;

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{One, Zero};

use super::{Number, Repr};

/// `±num·2^num_exp / den·2^den_exp`, correctly rounded to `prec` bits.
pub(super) fn divide(
    neg: bool,
    num: BigUint,
    num_exp: i64,
    den: &BigUint,
    den_exp: i64,
    prec: u32,
) -> Option<Number> {
    if num.is_zero() {
        return Some(Number {
            repr: Repr::Int(0),
            prec,
        });
    }
    // Enough quotient bits to round correctly, the rest in a sticky bit.
    let shift = (prec as i64 + 2 + den.bits() as i64 - num.bits() as i64).max(0);
    let (quotient, remainder) = (num << shift as u64).div_rem(den);
    let exp = num_exp.checked_sub(den_exp)?.checked_sub(shift)?;
    Number::from_parts(neg, quotient, exp, !remainder.is_zero(), prec)
}

/// A mantissa rounded to `prec` bits, to nearest even (`sticky`: the exact
/// value is a little above `mant·2^exp`).
pub(super) fn round(mant: BigUint, exp: i64, sticky: bool, prec: u32) -> (BigUint, i64) {
    let prec = u64::from(prec);
    let bits = mant.bits();
    if bits <= prec {
        return (mant, exp);
    }
    let shift = bits - prec;
    let remainder = &mant & ((BigUint::one() << shift) - 1u32);
    let half = BigUint::one() << (shift - 1);
    let mut rounded = mant >> shift;
    let up = match remainder.cmp(&half) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => sticky || rounded.is_odd(),
    };
    if up {
        rounded += 1u32;
    }
    let mut exp = exp + shift as i64;
    if rounded.bits() > prec {
        rounded >>= 1u32;
        exp += 1;
    }
    (rounded, exp)
}
