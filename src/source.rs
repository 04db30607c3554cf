//! Source files as read from disk, with a line index built once per file.
//!
//! Every span in the model is a byte range into [`SourceFile::text`]. Line and
//! column numbers are derived from the line index on demand: lines are
//! 1-based, columns are 1-based and counted in Unicode scalar values, so that
//! `é` or `日` count as one column whatever their UTF-8 length.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// One file's text plus what is needed to turn byte offsets into positions.
#[derive(Debug)]
pub struct SourceFile {
    /// The path on disk.
    pub path: PathBuf,
    /// The path as reached from the command-line argument, with `/` separators.
    pub name: String,
    /// The file's text (a leading UTF-8 BOM removed).
    pub text: String,
    /// Whether reporters may quote its text in snippets. A plan is not: it
    /// is often one huge line, and is named by file and position instead.
    pub quotable: bool,
    line_starts: Vec<usize>,
    /// The text with secrets masked, made on first display (`None`: nothing to mask).
    shown: OnceLock<Option<String>>,
    /// Byte ranges a front-end found sensitive (a `sensitive` variable's
    /// default, a `NoEcho` parameter's), masked in the shown text too.
    hidden: Mutex<Vec<Range<usize>>>,
    /// Characters before every [`CHECKPOINT`]-th byte, made on first need:
    /// columns on a 100 MB single-line plan must not cost a scan each.
    char_checkpoints: OnceLock<Vec<Counts>>,
}

/// Replaces, byte for byte with `?`, what a terminal would act on: C0
/// controls other than tab and line ends (a `\r` counts only before `\n`),
/// DEL, C1 controls and bidirectional overrides. `None` when there are none.
fn neutralise(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // How many bytes to replace at `i` (0: keep).
    let unsafe_len = |i: usize| -> usize {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        match bytes[i] {
            b'\n' | b'\t' => 0,
            b'\r' => usize::from(next(1) != b'\n'),
            0..=0x1f | 0x7f => 1,
            // U+0080..U+009F
            0xc2 if (0x80..=0x9f).contains(&next(1)) => 2,
            // U+202A..U+202E, U+2066..U+2069
            0xe2 if (next(1) == 0x80 && (0xaa..=0xae).contains(&next(2)))
                || (next(1) == 0x81 && (0xa6..=0xa9).contains(&next(2))) =>
            {
                3
            }
            _ => 0,
        }
    };
    let first = (0..bytes.len()).find(|&i| unsafe_len(i) > 0)?;
    let mut out = bytes.to_vec();
    let mut i = first;
    while i < bytes.len() {
        let n = unsafe_len(i);
        out[i..i + n].fill(b'?');
        i += n.max(1);
    }
    // Whole characters were replaced by ASCII: still UTF-8.
    String::from_utf8(out).ok()
}

/// Spacing of the character-count checkpoints, in bytes.
const CHECKPOINT: usize = 4096;

/// Shared handle to a source file; cheap to clone, used by every span.
pub type Source = Arc<SourceFile>;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl SourceFile {
    /// Wraps already-decoded text that may be quoted in snippets. A leading
    /// BOM is dropped so that offsets and columns agree with what editors show.
    pub fn new(path: PathBuf, name: String, text: String) -> Source {
        SourceFile::with_quoting(path, name, text, true)
    }

    /// Like [`new`](Self::new), for a file never quoted in snippets (only
    /// named by file and position).
    pub fn never_quoted(path: PathBuf, name: String, text: String) -> Source {
        SourceFile::with_quoting(path, name, text, false)
    }

    fn with_quoting(path: PathBuf, name: String, text: String, quotable: bool) -> Source {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        };
        let line_starts = line_starts(&text);
        Arc::new(SourceFile {
            path,
            name,
            text,
            quotable,
            line_starts,
            shown: OnceLock::new(),
            hidden: Mutex::default(),
            char_checkpoints: OnceLock::new(),
        })
    }

    /// The text as it may be shown to people: sensitive literal values
    /// (passwords, secrets, tokens) masked, and control characters that a
    /// terminal would act on replaced by `?` (one per byte), so every byte
    /// offset is unchanged.
    pub fn shown_text(&self) -> &str {
        self.shown
            .get_or_init(|| {
                let redacted = crate::redact::redact(&self.text);
                let hidden = self.hidden.lock().map(|h| h.clone()).unwrap_or_default();
                let redacted =
                    crate::redact::mask(redacted.unwrap_or_default(), &self.text, &hidden);
                neutralise(redacted.as_deref().unwrap_or(&self.text)).or(redacted)
            })
            .as_deref()
            .unwrap_or(&self.text)
    }

    /// Masks `range` wherever the text is shown, as a secret is masked. For
    /// front-ends, during analysis: the text is shown only after it.
    pub fn hide(&self, range: Range<usize>) {
        if let Ok(mut hidden) = self.hidden.lock() {
            hidden.push(range);
        }
    }

    /// How many characters, and UTF-16 code units, start before byte `offset`.
    fn counts_before(&self, offset: usize) -> Counts {
        let bytes = self.text.as_bytes();
        let checkpoints = self.char_checkpoints.get_or_init(|| {
            let mut counts = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
            let mut total = Counts::default();
            for chunk in bytes.chunks(CHECKPOINT) {
                counts.push(total);
                total = total.plus(Counts::of(chunk));
            }
            counts.push(total);
            counts
        });
        let block = offset / CHECKPOINT;
        checkpoints[block].plus(Counts::of(&bytes[block * CHECKPOINT..offset]))
    }

    /// Counts between the start of `offset`'s line and `offset`.
    fn counts_in_line(&self, offset: usize) -> (usize, Counts) {
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let counts = if offset - start > CHECKPOINT {
            let (a, b) = (self.counts_before(offset), self.counts_before(start));
            Counts {
                chars: a.chars - b.chars,
                astral: a.astral - b.astral,
            }
        } else {
            Counts::of(&self.text.as_bytes()[start..offset])
        };
        (line, counts)
    }

    /// The position of a byte offset with the column in UTF-16 code units,
    /// as SARIF and GitHub count them (a character outside the Basic
    /// Multilingual Plane counts 2).
    pub fn utf16_position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let (line, counts) = self.counts_in_line(offset);
        Position {
            line: line + 1,
            column: counts.chars + counts.astral + 1,
        }
    }

    /// Byte offsets at which each line starts (the first is always 0).
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The 0-based index of the line holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_index(offset);
        let (_, counts) = self.counts_in_line(offset);
        let column = counts.chars + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text from `offset` to the end of its line, at most `max` bytes
    /// (cut at a character boundary), trimmed. Never scans past the line.
    pub fn line_text_from(&self, offset: usize, max: usize) -> &str {
        let start = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_index(start);
        let line_end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self.floor_char_boundary(line_end.min(start.saturating_add(max)));
        self.text[start..end].trim()
    }

    /// The start and end positions of a span. The end column is exclusive:
    /// one past the span's last character (a block ending in `}` at column 1
    /// ends at column 2), as SARIF regions and editors count it.
    pub fn range(&self, span: &Range<usize>) -> (Position, Position) {
        let start = self.position(span.start);
        let end = if span.end > span.start {
            let last = self.floor_char_boundary(span.end - 1);
            let mut p = self.position(last);
            p.column += 1;
            p
        } else {
            start
        };
        (start, end)
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        floor_char_boundary(&self.text, offset)
    }

    /// The path on disk, for messages about the file itself.
    pub fn disk_path(&self) -> &Path {
        &self.path
    }
}

/// Characters in some UTF-8 bytes, and how many of them lie outside the
/// Basic Multilingual Plane (4-byte sequences: two UTF-16 code units).
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    chars: usize,
    astral: usize,
}

impl Counts {
    /// Counts eight bytes at a time: a continuation byte is `10xxxxxx`, a
    /// 4-byte sequence starts with `11110xxx` (`>= 0xF0` in valid UTF-8).
    fn of(bytes: &[u8]) -> Counts {
        const LOW: u64 = 0x0101_0101_0101_0101;
        let mut continuation = 0usize;
        let mut astral = 0usize;
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            continuation += ((w >> 7) & !(w >> 6) & LOW).count_ones() as usize;
            astral += ((w >> 7) & (w >> 6) & (w >> 5) & (w >> 4) & LOW).count_ones() as usize;
        }
        for &b in words.remainder() {
            continuation += usize::from(b & 0xC0 == 0x80);
            astral += usize::from(b >= 0xF0);
        }
        Counts {
            chars: bytes.len() - continuation,
            astral,
        }
    }

    fn plus(self, other: Counts) -> Counts {
        Counts {
            chars: self.chars + other.chars,
            astral: self.astral + other.astral,
        }
    }
}

/// `text` on one line, for a message: runs of whitespace (newlines
/// included) become one space, and text longer than `max` bytes is cut at a
/// character boundary and ends in `...`.
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max + 1));
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.len() > max {
            // A cut inside a multi-byte character would panic.
            let cut = floor_char_boundary(&out, max.saturating_sub(3));
            out.truncate(cut);
            out.push_str("...");
            break;
        }
    }
    out
}

/// The largest character boundary of `text` at or before `offset` (which
/// may lie inside a multi-byte character, but not past the end).
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn line_starts(text: &str) -> Vec<usize> {
    // memchr finds newlines at memory speed: this runs over every byte of
    // every file, 100+ MB for a large plan.
    let mut starts = Vec::with_capacity(text.len() / 32 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

/// A byte span in one source file.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file.
    pub source: Source,
    /// Byte range into the file's text.
    pub span: Range<usize>,
}

impl Location {
    /// A location covering `span` in `source`.
    pub fn new(source: &Source, span: Range<usize>) -> Self {
        Location {
            source: Arc::clone(source),
            span,
        }
    }

    /// Start and end positions (end column exclusive).
    pub fn range(&self) -> (Position, Position) {
        self.source.range(&self.span)
    }

    /// The start position.
    pub fn start(&self) -> Position {
        self.source.position(self.span.start)
    }

    /// Whether this lies within `other`: the same file, inside its span
    /// (the same span included).
    pub fn within(&self, other: &Location) -> bool {
        self.source.name == other.source.name
            && self.span.start >= other.span.start
            && self.span.end <= other.span.end
    }

    /// Whether this is `other`'s place: the same file and span.
    pub fn is(&self, other: &Location) -> bool {
        self.source.name == other.source.name && self.span == other.span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        SourceFile::new("t".into(), "t".into(), text.into())
    }

    #[test]
    fn shown_text_neutralises_control_characters_byte_for_byte() {
        let text = "a\x1b[31mb\r\nc\rd\te\u{9b}f\u{202e}g\x7f\n";
        let s = src(text);
        assert_eq!(s.shown_text(), "a?[31mb\r\nc?d\te??f???g?\n");
        assert_eq!(s.shown_text().len(), s.text.len());
        let clean = src("x = 1\r\n\ty = \"é\"\n");
        assert_eq!(clean.shown_text(), clean.text);
        let secret = src("password = \"\x1bx\"\n# \x07\n");
        assert_eq!(secret.shown_text(), "password = \"**\"\n# ?\n");
    }

    #[test]
    fn one_line_collapses_whitespace_and_cuts_at_a_character_boundary() {
        assert_eq!(one_line("a \n\t b\r\nc", 120), "a b c");
        // Byte 7 falls inside the first "é": the cut moves back before it.
        assert_eq!(one_line("aaaaaaéé and more", 10), "aaaaaa...");
        assert_eq!(one_line("short", 5), "short");
        assert_eq!(one_line("", 5), "");
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let s = src("# é日本\nresource {\n}\n");
        let brace = s.text.find('{').unwrap();
        assert_eq!(
            s.position(brace),
            Position {
                line: 2,
                column: 10
            }
        );
        let after = s.text.find('本').unwrap();
        assert_eq!(s.position(after), Position { line: 1, column: 5 });
    }

    #[test]
    fn bom_is_dropped() {
        let s = src("\u{feff}a = 1\n");
        assert_eq!(s.text, "a = 1\n");
        assert_eq!(s.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn range_end_column_is_one_past_the_last_character() {
        let s = src("ab\ncd {\n}\n");
        let (a, b) = s.range(&(3..9));
        assert_eq!((a.line, a.column, b.line, b.column), (2, 1, 3, 2));
    }

    #[test]
    fn columns_on_very_long_lines_use_checkpoints() {
        let text = format!("{}é{}x", "a".repeat(10_000), "日".repeat(5_000));
        let s = src(&text);
        let x = text.len() - 1;
        assert_eq!(
            s.position(x),
            Position {
                line: 1,
                column: 10_000 + 1 + 5_000 + 1
            }
        );
        assert_eq!(s.position(x).column, text[..x].chars().count() + 1);
    }

    #[test]
    fn line_text_is_bounded() {
        let s = src("ab\n  résumé here  \nnext");
        assert_eq!(s.line_text_from(3, 100), "résumé here");
        assert_eq!(s.line_text_from(3, 4), "r", "cut before the 2-byte é");
    }

    #[test]
    fn utf16_columns_count_astral_characters_twice_also_on_long_lines() {
        for pad in [10, 10_000] {
            let text = format!("{}🦀é日x", "a".repeat(pad));
            let s = src(&text);
            let x = text.len() - 1;
            assert_eq!(s.utf16_position(x).column, pad + 2 + 1 + 1 + 1);
            assert_eq!(s.position(x).column, pad + 1 + 1 + 1 + 1);
        }
    }

    #[test]
    fn word_counts_match_char_counts() {
        let text = "aé日🦀b".repeat(37) + "xyz";
        for end in 0..=text.len() {
            if text.is_char_boundary(end) {
                let counts = Counts::of(&text.as_bytes()[..end]);
                assert_eq!(counts.chars, text[..end].chars().count(), "at {end}");
                assert_eq!(
                    counts.astral,
                    text[..end].chars().filter(|c| c.len_utf16() == 2).count()
                );
            }
        }
    }

    #[test]
    fn crlf_lines() {
        let s = src("a\r\nbb\r\n");
        assert_eq!(s.position(3), Position { line: 2, column: 1 });
    }
}
