//! The YAML text, and what can be told from it of whether libyaml (which
//! Terraform uses) reads it as saphyr does. Each check answers "alike" or
//! "maybe not"; "maybe not" makes the result unknown, never an error. The
//! checks come from differential runs of both parsers (mutated snippets
//! and real files), and err on the side of unknown.

use saphyr_parser::{ScalarStyle, Span};

/// The longest implicit key libyaml reads (and a margin).
const MAX_KEY: usize = 1_000;

/// Whether the text as a whole is free of what the two parsers read
/// differently: directives (libyaml refuses `%YAML 1.2`), tabs (libyaml
/// refuses one where a token could start; saphyr often reads on), `:`
/// right before a flow indicator (`{a:, b}`: libyaml reads a key `a:`),
/// the `\/` escape (YAML 1.2 only), characters libyaml refuses, and NEL
/// and the Unicode separators (line breaks to YAML 1.1 only).
pub(super) fn read_alike(text: &str) -> bool {
    let allowed = |c: char| {
        matches!(c, '\n' | '\r' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    let colon_before_indicator = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b':' && b",[]{}?".contains(&w[1]));
    text.chars()
        .all(|c| allowed(c) && !matches!(c, '\u{2028}' | '\u{2029}'))
        && !colon_before_indicator
        && !text.contains("\\/")
        && !text.lines().any(|l| l.starts_with('%'))
}

/// The text, with byte offsets for saphyr's positions (which count
/// characters).
pub(super) struct Source<'t> {
    pub(super) text: &'t str,
    /// Byte offset of each character, when the text is not ASCII.
    offsets: Option<Vec<usize>>,
}

impl<'t> Source<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        let offsets = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Source { text, offsets }
    }

    pub(super) fn byte_offset(&self, char_index: usize) -> Option<usize> {
        match &self.offsets {
            Some(offsets) => offsets.get(char_index).copied(),
            None => Some(char_index),
        }
    }

    /// The text from a position on.
    fn from(&self, char_index: usize) -> &'t str {
        self.byte_offset(char_index)
            .and_then(|at| self.text.get(at..))
            .unwrap_or_default()
    }

    /// Whether libyaml reads a scalar as saphyr did: not a block scalar
    /// ending the text without a line break (saphyr adds one), nor one at
    /// the root with unindented content (libyaml wants an indentation of
    /// one at least); not a plain scalar starting with an indicator
    /// (saphyr reads `[a, |\n x]` as `"| x"`), nor one in a flow
    /// collection with a `?` in it.
    pub(super) fn same_scalar(
        &self,
        value: &str,
        style: ScalarStyle,
        span: &Span,
        root: bool,
        flow: bool,
    ) -> bool {
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let rest = self.from(span.end.index());
                let ends_text = rest.trim().is_empty() && !self.text.ends_with(['\n', '\r']);
                // A stripped scalar (`|-`) has no line break to add.
                !(ends_text && value.ends_with('\n') || root && span.start.col() == 0)
            }
            ScalarStyle::Plain => {
                let indicator = value.starts_with([
                    '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"',
                    '%', '@', '`',
                ]);
                !(indicator || flow && value.contains('?'))
            }
            _ => true,
        }
    }

    /// Whether a key is one libyaml reads as saphyr does: short enough
    /// for an implicit key.
    pub(super) fn same_key(&self, span: &Span) -> bool {
        span.end.index().saturating_sub(span.start.index()) <= MAX_KEY
    }

    /// Whether a collection starting here is a flow one (`[`, `{`).
    pub(super) fn is_flow(&self, span: &Span) -> bool {
        let mut rest = head(self.from(span.start.index()));
        // An anchor or a tag may come first.
        while rest.starts_with(['&', '!']) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            rest = rest[end..].trim_start();
        }
        rest.starts_with(['[', '{'])
    }

    /// Whether a line break separates two positions (an implicit key in a
    /// flow mapping from its value: libyaml refuses it, saphyr reads it).
    pub(super) fn line_break_between(&self, from: usize, to: usize) -> bool {
        let (Some(a), Some(b)) = (self.byte_offset(from), self.byte_offset(to)) else {
            return true;
        };
        self.text.get(a..b).is_none_or(|s| s.contains(['\n', '\r']))
    }

    /// The name of the anchor (`&`) or alias (`*`) a node starts with, if
    /// libyaml reads the same name saphyr does: letters, digits, `-` and
    /// `_`, then a space or one of `?:,]}%@` and a backquote.
    pub(super) fn anchor_name(&self, span: &Span, sigil: char) -> Option<String> {
        let mut rest = head(self.from(span.start.index()));
        // A tag may come first (`!!map &a`).
        if rest.starts_with('!') {
            let end = rest.find(char::is_whitespace)?;
            rest = rest[end..].trim_start();
        }
        let name = rest.strip_prefix(sigil)?;
        let libyaml_end = name
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(name.len());
        let saphyr_end = name
            .find(|c: char| " \t\r\n,[]{}".contains(c))
            .unwrap_or(name.len());
        let next = name[libyaml_end..].chars().next();
        let terminated = next.is_none_or(|c| " \t\r\n?:,]}%@`".contains(c));
        (libyaml_end > 0 && libyaml_end == saphyr_end && terminated)
            .then(|| name[..libyaml_end].to_owned())
    }
}

/// The first kilobyte of a text (what node properties are looked for in:
/// scanning to the end for each node would be quadratic).
fn head(text: &str) -> &str {
    let mut end = text.len().min(1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
