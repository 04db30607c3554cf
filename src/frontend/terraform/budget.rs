//! The analysis budget of one Terraform unit (a root module and every module
//! it calls), so that the cost of a unit stays linear in its text whatever
//! the text says: a module calling itself with `count = 2`, locals that
//! double a string forty times, `join` with a long separator over a long
//! list, a hundred thousand chained splats.
//!
//! Values and functions charge the budget as they build; checks come before
//! the allocation they guard. Once a limit is passed the budget is spent:
//! everything evaluates to unknown from then on (cheaply), and the unit is
//! reported as an error (exit 2) without findings, while every other unit
//! is analysed as usual. Real configurations stay far below every limit.
//!
//! The meter is per thread: a unit is analysed on one thread, from
//! [`start`] to [`finish`].

use std::cell::Cell;

/// Longest string built, in bytes.
pub const MAX_STRING: usize = 1 << 20;
/// All the string bytes built in a unit.
pub const MAX_STRING_BYTES: usize = 256 << 20;
/// All the collection elements built in a unit.
pub const MAX_ELEMENTS: usize = 4_000_000;
/// Module instances in a unit (the root counts).
pub const MAX_MODULE_INSTANCES: usize = 10_000;
/// Expressions evaluated in a unit.
pub const MAX_STEPS: u64 = 50_000_000;

thread_local! {
    static BYTES: Cell<usize> = const { Cell::new(0) };
    static ELEMENTS: Cell<usize> = const { Cell::new(0) };
    static MODULES: Cell<usize> = const { Cell::new(0) };
    static STEPS: Cell<u64> = const { Cell::new(0) };
    static SPENT: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Starts a unit with the whole budget.
pub fn start() {
    BYTES.set(0);
    ELEMENTS.set(0);
    MODULES.set(0);
    STEPS.set(0);
    SPENT.set(None);
}

/// Ends a unit: which limit was passed, if one was.
pub fn finish() -> Option<&'static str> {
    let spent = SPENT.get();
    start();
    spent
}

/// Whether the budget is spent.
pub fn spent() -> bool {
    SPENT.get().is_some()
}

/// Records that a limit was passed (the first reason stays).
pub fn spend(reason: &'static str) -> bool {
    if SPENT.get().is_none() {
        SPENT.set(Some(reason));
    }
    false
}

fn charge(counter: &'static std::thread::LocalKey<Cell<usize>>, n: usize, max: usize) -> bool {
    let total = counter.get().saturating_add(n);
    counter.set(total);
    total <= max
}

/// Whether a string of `len` bytes may be built; charges it.
pub fn string(len: usize) -> bool {
    if spent() {
        return false;
    }
    if len > MAX_STRING {
        return spend("a string longer than 1 MiB");
    }
    charge(&BYTES, len, MAX_STRING_BYTES) || spend("more than 256 MiB of strings")
}

/// Whether a string of `len` bytes could be built, without charging it:
/// the check before an allocation that [`string`] charges afterwards.
pub fn room_for_string(len: usize) -> bool {
    !spent()
        && (len <= MAX_STRING || spend("a string longer than 1 MiB"))
        && (BYTES.get().saturating_add(len) <= MAX_STRING_BYTES
            || spend("more than 256 MiB of strings"))
}

/// Whether `n` collection elements could be built, without charging them.
pub fn room_for_elements(n: usize) -> bool {
    !spent()
        && (ELEMENTS.get().saturating_add(n) <= MAX_ELEMENTS
            || spend("more than 4,000,000 collection elements"))
}

/// Whether `n` more collection elements may be built; charges them.
pub fn elements(n: usize) -> bool {
    !spent()
        && (charge(&ELEMENTS, n, MAX_ELEMENTS) || spend("more than 4,000,000 collection elements"))
}

/// Whether `n` more module instances may be made; charges them.
pub fn module_instances(n: usize) -> bool {
    !spent()
        && (charge(&MODULES, n, MAX_MODULE_INSTANCES) || spend("more than 10,000 module instances"))
}

/// Whether one more expression may be evaluated; charges it.
pub fn step() -> bool {
    let steps = STEPS.get() + 1;
    STEPS.set(steps);
    !spent() && (steps <= MAX_STEPS || spend("more than 50,000,000 evaluation steps"))
}

/// What the error of a unit whose budget is spent says.
pub fn message(reason: &str) -> String {
    format!(
        "analysis budget exceeded ({reason}): this module is not checked; \
         a real configuration stays far below the limits"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_limit_passed_is_kept_until_the_next_unit() {
        start();
        assert!(string(MAX_STRING));
        assert!(!spent());
        assert!(!string(MAX_STRING + 1));
        assert!(!elements(1), "a spent budget grants nothing");
        assert_eq!(finish(), Some("a string longer than 1 MiB"));
        assert!(elements(MAX_ELEMENTS));
        assert!(!elements(1));
        assert!(!module_instances(1));
        assert_eq!(finish(), Some("more than 4,000,000 collection elements"));
        assert_eq!(finish(), None);
        assert!(room_for_string(MAX_STRING) && room_for_elements(MAX_ELEMENTS));
        assert!(!spent(), "looking for room charges nothing");
        assert!(!room_for_elements(MAX_ELEMENTS + 1));
        assert_eq!(finish(), Some("more than 4,000,000 collection elements"));
    }
}
