//! Where saphyr's markers point in the source text.
//!
//! saphyr reports a 1-based line and a 0-based column that counts
//! characters, and it ends lines at `\n`, `\r\n` and a lone `\r` alike. The
//! lenient reading ([`super::lenient`]) parses a copy of the text with spaces
//! inserted in some lines; a marker after them is moved back by as many
//! columns, and one inside them points where they were inserted, so spans
//! always point into the original text.
//!
//! Lookups walk from the previous one on the same line (saphyr reports
//! positions in document order), so that a template written on one
//! megabyte-long line costs linear time, not one scan of the line per token.

use std::cell::Cell;

use saphyr_parser::Marker;

/// Maps markers to byte offsets into the text that was read.
pub(super) struct Geometry<'t> {
    text: &'t str,
    /// Byte offset where each line starts, as saphyr counts lines.
    line_starts: Vec<usize>,
    /// `(line, column, spaces)`: where the lenient reading inserted spaces,
    /// by 1-based line and 0-based column of the original; sorted.
    inserts: Vec<(usize, usize, usize)>,
    /// The last lookup: line, column and byte offset.
    cursor: Cell<(usize, usize, usize)>,
}

impl<'t> Geometry<'t> {
    /// Markers of a parse of `text` itself.
    pub(super) fn new(text: &'t str) -> Self {
        Geometry::shifted(text, Vec::new())
    }

    /// Markers of a parse of `text` with spaces inserted (`inserts`, sorted).
    pub(super) fn shifted(text: &'t str, inserts: Vec<(usize, usize, usize)>) -> Self {
        Geometry {
            text,
            line_starts: line_starts(text),
            inserts,
            cursor: Cell::new((1, 0, 0)),
        }
    }

    /// The byte offset a marker points at (the end of the text past it).
    pub(super) fn offset(&self, marker: &Marker) -> usize {
        self.offset_at(marker.line(), marker.col())
    }

    /// The byte offset of a 1-based line and 0-based character column, clamped
    /// to the end of the line.
    pub(super) fn offset_at(&self, line: usize, col: usize) -> usize {
        let col = self.original_col(line, col);
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let (cursor_line, cursor_col, cursor_offset) = self.cursor.get();
        let offset = if cursor_line != line {
            forward(self.text, start, end, col)
        } else if col >= cursor_col {
            forward(self.text, cursor_offset, end, col - cursor_col)
        } else {
            backward(self.text, start, cursor_offset, cursor_col - col)
        };
        // A column past the end of the line is clamped: count what is there.
        let reached = if offset == end {
            self.text[start..end].chars().count().min(col)
        } else {
            col
        };
        self.cursor.set((line, reached, offset));
        offset
    }

    /// The 1-based line of a byte offset.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// The column in the original line of column `col` of the parsed copy.
    fn original_col(&self, line: usize, col: usize) -> usize {
        let first = self.inserts.partition_point(|&(l, _, _)| l < line);
        let mut inserted = 0;
        for &(_, at, spaces) in self.inserts[first..].iter().take_while(|i| i.0 == line) {
            if col < at + inserted {
                break;
            }
            if col < at + inserted + spaces {
                return at;
            }
            inserted += spaces;
        }
        col - inserted
    }
}

/// The offset `chars` characters after `from`, at most `end`.
fn forward(text: &str, from: usize, end: usize, chars: usize) -> usize {
    text[from..end]
        .char_indices()
        .nth(chars)
        .map_or(end, |(i, _)| from + i)
}

/// The offset `chars` characters before `from`, at least `start`.
fn backward(text: &str, start: usize, from: usize, chars: usize) -> usize {
    text[start..from]
        .char_indices()
        .rev()
        .nth(chars - 1)
        .map_or(start, |(i, _)| start + i)
}

/// Where lines start: after `\n`, after `\r\n`, and after a lone `\r`.
pub(super) fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_in_any_order() {
        let text = "ab\né日x\r\nz\rlast";
        let g = Geometry::new(text);
        assert_eq!(g.offset_at(2, 2), text.find('x').unwrap());
        assert_eq!(g.offset_at(2, 1), text.find('日').unwrap());
        assert_eq!(g.offset_at(2, 0), 3);
        assert_eq!(g.offset_at(2, 3), text.find('x').unwrap() + 1);
        assert_eq!(g.offset_at(1, 1), 1);
        // A lone `\r` ends a line too.
        assert_eq!(g.offset_at(4, 0), text.find("last").unwrap());
        assert_eq!(g.offset_at(3, 0), text.find('z').unwrap());
        assert_eq!(g.offset_at(9, 0), text.len());
        // Past the end of a line: its end.
        assert_eq!(g.offset_at(1, 50), 3);
        assert_eq!(g.offset_at(1, 1), 1);
        assert_eq!(g.line_of(text.find('z').unwrap()), 3);
        assert_eq!(g.line_of(0), 1);
    }

    #[test]
    fn inserted_spaces_are_taken_off() {
        let text = "a: \"x\nyz\"\n";
        let g = Geometry::shifted(text, vec![(2, 0, 4), (2, 2, 1)]);
        // In the parsed copy, line 2 reads `    yz "`.
        assert_eq!(g.offset_at(2, 5), text.find('z').unwrap());
        assert_eq!(g.offset_at(2, 1), text.find('y').unwrap());
        assert_eq!(g.offset_at(2, 4), text.find('y').unwrap());
        assert_eq!(g.offset_at(2, 6), text.find("\"\n").unwrap());
        assert_eq!(g.offset_at(2, 7), text.find("\"\n").unwrap());
        assert_eq!(g.offset_at(1, 3), 3);
    }

    #[test]
    fn long_lines_are_walked_not_rescanned() {
        let line = "x".repeat(2_000_000);
        let g = Geometry::new(&line);
        // Each lookup moves a little: this must not take 10^12 steps.
        for col in (0..2_000_000).step_by(1_000) {
            assert_eq!(g.offset_at(1, col + 1), col + 1);
            assert_eq!(g.offset_at(1, col), col);
        }
    }
}
