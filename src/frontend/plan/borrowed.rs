//! Borrowing serde building blocks for huge JSON documents: strings that
//! borrow from the input, raw strings that know where they are, and lists
//! that keep only the elements that matter while they are read.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Unexpected, Visitor};
use serde_json::value::RawValue;

/// A JSON string, borrowed from the input unless it holds escapes.
///
/// (`Cow<str>` alone would always allocate: serde borrows it only for a
/// field marked `#[serde(borrow)]`, not inside `Option` or `Vec`.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Str<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor<'a>(PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for StrVisitor<'a> {
            type Value = Str<'a>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(StrVisitor(PhantomData))
    }
}

/// A JSON string kept as its raw text: its position in the file is known,
/// and it is decoded only for the resources that matter.
#[derive(Debug, Clone, Copy)]
pub(super) struct RawStr<'a>(&'a RawValue);

impl<'de: 'a, 'a> Deserialize<'de> for RawStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&'a RawValue>::deserialize(deserializer)?;
        if raw.get().starts_with('"') {
            Ok(RawStr(raw))
        } else {
            Err(de::Error::invalid_type(
                Unexpected::Other(raw.get()),
                &"a string",
            ))
        }
    }
}

impl<'a> RawStr<'a> {
    /// The decoded string; borrowed when it has no escapes.
    pub(super) fn decode(&self) -> Cow<'a, str> {
        let raw = self.0.get();
        let inner = raw
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(raw);
        if !inner.contains('\\') {
            return Cow::Borrowed(inner);
        }
        // The raw text was validated as a JSON string when it was read.
        serde_json::from_str::<String>(raw).map_or(Cow::Borrowed(inner), Cow::Owned)
    }

    /// Where the string, quotes included, is in `text` (the text it was
    /// read from).
    pub(super) fn span_in(&self, text: &str) -> Option<Range<usize>> {
        raw_span(text, self.0)
    }
}

/// Where a raw value borrowed from `text` is in it. serde_json hands out
/// slices of the input itself, so this is pointer arithmetic, not a search.
pub(super) fn raw_span(text: &str, raw: &RawValue) -> Option<Range<usize>> {
    let part = raw.get();
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= text.len()).then_some(start..end)
}

/// Something a filtered list keeps or drops while it is read.
pub(super) trait Relevant {
    /// Whether the rules need this element.
    fn relevant(&self) -> bool;
}

/// A JSON array of which only the relevant elements are kept, so that the
/// thousands of other resources of a big plan never make a vector.
#[derive(Debug)]
pub(super) struct Filtered<T>(pub Vec<T>);

impl<T> Default for Filtered<T> {
    fn default() -> Self {
        Filtered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de> + Relevant> Deserialize<'de> for Filtered<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FilterVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de> + Relevant> Visitor<'de> for FilterVisitor<T> {
            type Value = Filtered<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut kept = Vec::new();
                while let Some(item) = seq.next_element::<T>()? {
                    if item.relevant() {
                        kept.push(item);
                    }
                }
                Ok(Filtered(kept))
            }
        }

        deserializer.deserialize_seq(FilterVisitor(PhantomData))
    }
}
