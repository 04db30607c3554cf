//! `yamlencode`, as Terraform's go-cty-yaml emits (libyaml's emitter):
//! block collections (two spaces per level, a sequence in a mapping not
//! indented), empty ones as `[]` and `{}`, keys in sorted order, strings
//! double-quoted with libyaml's escapes (`\e`, `\N`, `\x7F`, `\U0001F600`:
//! four-byte characters are escaped) and folded at the first space past
//! column 80, numbers, booleans and null plain (`...` after one at the
//! root).
//!
//! A string with a line feed (which libyaml writes as a literal block, by
//! rules keylint does not reproduce) and a key libyaml would not write as
//! a simple key (over 128 bytes, or with a line break) make the result
//! unknown.

use crate::frontend::terraform::budget;
use crate::frontend::terraform::value::Value;

/// libyaml's preferred line width.
const BEST_WIDTH: usize = 80;
/// libyaml's longest simple key, in bytes.
const MAX_SIMPLE_KEY: usize = 128;
/// Deepest nesting encoded.
const MAX_DEPTH: usize = 64;

/// The YAML text of a value, or `None` where keylint cannot be sure of it.
pub(super) fn encode(value: &Value) -> Option<String> {
    let mut e = Emitter::default();
    match value {
        Value::List(items) | Value::Set(items) if !items.is_empty() => {
            e.sequence(items, 0, true, 0)?
        }
        Value::Map(entries) if !entries.is_empty() => e.mapping(entries, 0, true, 0)?,
        Value::String(s) => e.quoted(s, true, 2)?,
        other => {
            // A plain scalar at the root leaves the document open.
            if e.scalar(other, 2)? {
                e.out.push_str("\n...");
            }
        }
    }
    e.out.push('\n');
    Some(e.out)
}

#[derive(Default)]
struct Emitter {
    out: String,
    /// Characters on the current line.
    column: usize,
}

impl Emitter {
    fn put(&mut self, text: &str) {
        self.out.push_str(text);
        self.column += text.chars().count();
    }

    fn newline(&mut self, indent: usize) {
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.column = indent;
    }

    /// A scalar or an empty collection; `Some(true)` when written plain
    /// (a number, a bool, null). A string folds to `indent`.
    fn scalar(&mut self, value: &Value, indent: usize) -> Option<bool> {
        match value {
            Value::Null => self.put("null"),
            Value::Bool(b) => self.put(if *b { "true" } else { "false" }),
            Value::Number(n) => self.put(&n.to_string()),
            Value::String(s) => {
                self.quoted(s, true, indent)?;
                return Some(false);
            }
            Value::List(items) | Value::Set(items) if items.is_empty() => {
                self.put("[]");
                return Some(false);
            }
            Value::Map(entries) if entries.is_empty() => {
                self.put("{}");
                return Some(false);
            }
            _ => return None,
        }
        Some(true)
    }

    /// A block sequence at `indent`; the first item goes where the cursor
    /// is when `inline` (after `- `, or at the start of the text).
    fn sequence(
        &mut self,
        items: &[Value],
        indent: usize,
        inline: bool,
        depth: usize,
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        for (i, item) in items.iter().enumerate() {
            // A list may hold one shared value many times: the text can be
            // far larger than the values, so it is checked as it grows.
            if !budget::room_for_string(self.out.len()) {
                return None;
            }
            if i > 0 || !inline {
                self.newline(indent);
            }
            self.put("- ");
            match item {
                Value::List(inner) | Value::Set(inner) if !inner.is_empty() => {
                    self.sequence(inner, indent + 2, true, depth + 1)?;
                }
                Value::Map(entries) if !entries.is_empty() => {
                    self.mapping(entries, indent + 2, true, depth + 1)?;
                }
                scalar => {
                    self.scalar(scalar, indent + 2)?;
                }
            }
        }
        Some(())
    }

    /// A block mapping at `indent` (see [`Emitter::sequence`]).
    fn mapping(
        &mut self,
        entries: &std::collections::BTreeMap<String, Value>,
        indent: usize,
        inline: bool,
        depth: usize,
    ) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        for (i, (key, value)) in entries.iter().enumerate() {
            if !budget::room_for_string(self.out.len()) {
                return None;
            }
            if i > 0 || !inline {
                self.newline(indent);
            }
            if key.len() > MAX_SIMPLE_KEY || key.contains(is_break) {
                return None;
            }
            self.quoted(key, false, indent)?;
            self.put(":");
            match value {
                // A sequence in a mapping is not indented.
                Value::List(items) | Value::Set(items) if !items.is_empty() => {
                    self.sequence(items, indent, false, depth + 1)?;
                }
                Value::Map(inner) if !inner.is_empty() => {
                    self.mapping(inner, indent + 2, false, depth + 1)?;
                }
                scalar => {
                    self.put(" ");
                    self.scalar(scalar, indent + 2)?;
                }
            }
        }
        Some(())
    }

    /// libyaml's `write_double_quoted_scalar`: escapes, and (`breaks`) a
    /// line break for the first space of a run once past the line width,
    /// the next line indented to `indent`.
    fn quoted(&mut self, s: &str, breaks: bool, indent: usize) -> Option<()> {
        if s.contains('\n') {
            return None;
        }
        self.put("\"");
        let mut spaces = false;
        for (i, c) in s.char_indices() {
            if c == ' ' {
                let last = i + 1 == s.len();
                if breaks && !spaces && self.column > BEST_WIDTH && i > 0 && !last {
                    self.newline(indent);
                    if s[i + 1..].starts_with(' ') {
                        self.put("\\");
                    }
                } else {
                    self.put(" ");
                }
                spaces = true;
                continue;
            }
            spaces = false;
            match escape(c) {
                Some(escaped) => self.put(&escaped),
                None => {
                    self.out.push(c);
                    self.column += 1;
                }
            }
        }
        self.put("\"");
        Some(())
    }
}

/// libyaml's line breaks.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// How libyaml writes a character in a double-quoted scalar, if it
/// escapes it: anything not printable to it (four-byte characters
/// included), a byte order mark, a line break, `"` and `\`.
fn escape(c: char) -> Option<String> {
    let printable =
        matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}') && c != '\u{feff}';
    if printable && !is_break(c) && c != '"' && c != '\\' {
        return None;
    }
    let short = match c {
        '\0' => "0",
        '\u{7}' => "a",
        '\u{8}' => "b",
        '\t' => "t",
        '\n' => "n",
        '\u{b}' => "v",
        '\u{c}' => "f",
        '\r' => "r",
        '\u{1b}' => "e",
        '"' => "\"",
        '\\' => "\\",
        '\u{85}' => "N",
        '\u{a0}' => "_",
        '\u{2028}' => "L",
        '\u{2029}' => "P",
        _ => {
            let code = u32::from(c);
            return Some(match code {
                0..=0xff => format!("\\x{code:02X}"),
                0x100..=0xffff => format!("\\u{code:04X}"),
                _ => format!("\\U{code:08X}"),
            });
        }
    };
    Some(format!("\\{short}"))
}
