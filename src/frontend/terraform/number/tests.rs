//! Each expected text is what `terraform console` prints.

use super::*;

fn n(text: &str) -> Number {
    Number::parse(text).unwrap()
}

#[test]
fn arithmetic_and_text_like_terraform() {
    // Each expected text is what `terraform console` prints.
    let sum = n("9007199254740992").add(&n("1")).unwrap();
    assert_eq!(sum.to_string(), "9007199254740993");
    assert_eq!(n("0.1").add(&n("0.2")).unwrap().to_string(), "0.3");
    assert_eq!(
        n("1e17").add(&n("16")).unwrap().to_string(),
        "100000000000000016"
    );
    let third = n("1").div(&n("3")).unwrap();
    assert_eq!(third.to_string(), format!("0.{}5", "3".repeat(154)));
    let two = n("2").div(&n("3")).unwrap().mul(&n("3")).unwrap();
    assert_eq!(two.to_string(), "2");
    assert_eq!(n("1e400").to_string(), format!("1{}", "0".repeat(400)));
    let big = n("100000000000000000000000000000").add(&n("1")).unwrap();
    assert_eq!(big.to_string(), "100000000000000000000000000001");
    let difference = n("20000000000000002").sub(&n("20000000000000000")).unwrap();
    assert_eq!(difference, Number::int(2));
    assert_eq!(
        n("9007199254740994").sub(&n("9007199254740993")),
        Some(Number::int(1))
    );
}

#[test]
fn literals_and_small_values() {
    assert_eq!(n("1.5").to_string(), "1.5");
    assert_eq!(n("-2.25").to_string(), "-2.25");
    assert_eq!(n("0.0001").to_string(), "0.0001");
    assert_eq!(n("1.50"), n("1.5"));
    assert_eq!(n("3"), Number::int(3));
    assert_eq!(n("1e3"), Number::int(1000));
    assert_eq!(Number::from_f64(0.5).unwrap().to_string(), "0.5");
    assert!(Number::parse("1e99999").is_none());
    assert!(Number::parse("x").is_none());
    assert!(Number::parse(".").is_none());
}

#[test]
fn division_remainder_and_rounding() {
    assert_eq!(n("7").div(&n("2")).unwrap().to_string(), "3.5");
    assert!(n("1").div(&n("0")).is_none());
    assert_eq!(n("7").rem(&n("3")), Some(Number::int(1)));
    assert_eq!(n("-7").rem(&n("3")), Some(Number::int(-1)));
    assert_eq!(n("7.5").rem(&n("2")).unwrap().to_string(), "1.5");
    assert_eq!(n("2.5").floor(), Number::int(2));
    assert_eq!(n("-2.5").floor(), Number::int(-3));
    assert_eq!(n("-2.5").ceil(), Number::int(-2));
    assert!(n("2.5") > n("2"));
    assert!(n("-0.1") < Number::ZERO);
}

#[test]
fn precision_follows_the_operands() {
    // Each expected text is what `terraform console` prints for
    // `length(...)/length(...)`, `pow(2, 0.5)`, `pow(2, 0.5) * 1`, ...
    let int = Number::int;
    assert_eq!(
        int(1).div(&int(3)).unwrap().to_string(),
        "0.33333333333333333334"
    );
    assert_eq!(
        int(2).div(&int(3)).unwrap().to_string(),
        "0.6666666666666666667"
    );
    let root = Number::from_f64(2f64.sqrt()).unwrap();
    assert_eq!(root.to_string(), "1.4142135623730951");
    let exact = "1.4142135623730951454746218587388284504413604736328125";
    assert_eq!(root.mul(&n("1")).unwrap().to_string(), exact);
    assert_eq!(root.mul(&root).unwrap().to_string(), "2.0000000000000004");
    let power = Number::from_f64(2f64.powi(64)).unwrap();
    assert_eq!(power.to_string(), "18446744073709550000");
    assert_eq!(
        int(1).div(&n("3")).unwrap().to_string(),
        format!("0.{}5", "3".repeat(154))
    );
    let parsed = Number::integer(false, BigUint::from(1u32)).unwrap();
    assert_eq!(
        parsed.div(&int(3)).unwrap().to_string(),
        "0.33333333333333333334"
    );
    assert_eq!(int(i64::MIN).to_string(), i64::MIN.to_string());
    assert_eq!(int(i64::MIN).neg().to_string(), "9223372036854775808");
    assert!(int(i64::MIN) < int(i64::MAX));
}

#[test]
fn huge_exponents_are_out_of_range_not_slow() {
    let huge = n("1e300");
    let mut x = huge.clone();
    let mut steps = 0;
    while let Some(next) = x.mul(&huge) {
        x = next;
        steps += 1;
    }
    assert!(steps < 10, "{steps}");
    assert_eq!(huge.add(&n("1")), Some(huge.clone()));
}
