//! What the structure-aware generators share: short lists, bounded nesting,
//! identifier pools and a text writer with indentation.
//!
//! The generators build a program from the fuzzer's bytes with `arbitrary`.
//! Every recursive position is a [`Sub`], which stops at [`MAX_DEPTH`], so
//! neither building, rendering nor dropping a program can overflow the
//! stack, whatever the bytes say; the text the program renders to is what
//! the analysis is fed, and it must survive whatever that text says.

use std::cell::Cell;
use std::fmt::Write as _;

use arbitrary::{Arbitrary, Result, Unstructured};

/// How deep [`Sub`]s nest; deeper ones are left empty (a leaf).
pub const MAX_DEPTH: u32 = 6;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// A nested part of a program, absent below [`MAX_DEPTH`] (or when the
/// bytes run out): the renderer puts a leaf there.
#[derive(Debug)]
pub struct Sub<T>(pub Option<Box<T>>);

/// Leaves one level of nesting when dropped, even on an early return.
struct Level;

impl Level {
    /// Enters one level, or `None` at the bottom.
    fn enter() -> Option<Level> {
        let depth = DEPTH.get();
        (depth < MAX_DEPTH).then(|| {
            DEPTH.set(depth + 1);
            Level
        })
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.set(DEPTH.get() - 1);
    }
}

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Sub<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u.is_empty() {
            return Ok(Sub(None));
        }
        let Some(_level) = Level::enter() else {
            return Ok(Sub(None));
        };
        Ok(Sub(Some(Box::new(T::arbitrary(u)?))))
    }
}

/// Whether the part being drawn should be compound rather than a leaf:
/// likely near the top, ever less likely deeper, so that programs stay
/// small enough to mean something.
pub fn nest(u: &mut Unstructured<'_>) -> Result<bool> {
    let coin: u8 = u.arbitrary()?;
    let level = DEPTH.get().saturating_sub(1).min(7);
    Ok(u32::from(coin) < 160 >> level)
}

impl<T> Sub<T> {
    /// The nested part, if there is one.
    pub fn get(&self) -> Option<&T> {
        self.0.as_deref()
    }
}

/// At most `N` items (the length is drawn first, so short lists are as
/// likely as long ones).
#[derive(Debug)]
pub struct Few<T, const N: usize>(pub Vec<T>);

impl<'a, T: Arbitrary<'a>, const N: usize> Arbitrary<'a> for Few<T, N> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let len = u.int_in_range(0..=N)?;
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            if u.is_empty() {
                break;
            }
            items.push(T::arbitrary(u)?);
        }
        Ok(Few(items))
    }
}

impl<T, const N: usize> Few<T, N> {
    /// The items.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

/// An identifier of a pool.
pub trait Pooled: Copy + PartialEq {
    /// Its place in the pool.
    fn index(self) -> usize;
}

/// `name` if `declared` holds it (or is empty), else one that it holds:
/// how a reference is made to resolve.
pub fn declared<T: Pooled>(name: T, declared: &[T]) -> T {
    match declared.len() {
        0 => name,
        _ if declared.contains(&name) => name,
        n => declared[name.index() % n],
    }
}

/// A fieldless enum drawn from the bytes, one variant per identifier, with
/// `as_str` giving the identifier: small pools make references resolve.
macro_rules! pool {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:expr),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, arbitrary::Arbitrary)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The identifier.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl $crate::arb::Pooled for $name {
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}
pub(crate) use pool;

/// Text with an indentation level, for block-structured output.
#[derive(Default)]
pub struct Out {
    /// What has been written.
    pub text: String,
    indent: usize,
}

impl Out {
    /// Writes one line at the current indentation.
    pub fn line(&mut self, line: impl AsRef<str>) {
        for _ in 0..self.indent {
            self.text.push_str("  ");
        }
        self.text.push_str(line.as_ref());
        self.text.push('\n');
    }

    /// Writes `head {`, the body one level deeper, then `}`.
    pub fn block(&mut self, head: impl AsRef<str>, body: impl FnOnce(&mut Out)) {
        self.line(format!("{} {{", head.as_ref()));
        self.indent += 1;
        body(self);
        self.indent -= 1;
        self.line("}");
    }

    /// Runs `body` one level deeper.
    pub fn nested(&mut self, body: impl FnOnce(&mut Out)) {
        self.indent += 1;
        body(self);
        self.indent -= 1;
    }
}

/// `s` as a JSON string literal (also a valid double-quoted YAML scalar).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => _ = write!(out, "\\u{:04x}", c as u32),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
