//! Where things are, as tools outside keylint count it: UTF-16 columns,
//! paths relative to a base directory, `file:` URIs.

use std::ops::Range;
use std::path::Path;

use crate::outcome::InputError;
use crate::paths::clean_slashed;
use crate::source::{Position, SourceFile, floor_char_boundary};

/// The start and end of a span with columns counted in UTF-16 code units, as
/// SARIF's default `columnKind` and GitHub's (JavaScript) annotations count
/// them: a character outside the Basic Multilingual Plane counts 2. Lines are
/// 1-based, columns 1-based, the end column one past the last character, as
/// in [`SourceFile::range`].
pub fn utf16_range(source: &SourceFile, span: &Range<usize>) -> (Position, Position) {
    let text = &source.text;
    let start = source.utf16_position(span.start);
    let end = span.end.min(text.len());
    if end <= span.start {
        return (start, start);
    }
    let last = floor_char_boundary(text, end - 1);
    let mut end = source.utf16_position(last);
    end.column += text[last..].chars().next().map_or(1, char::len_utf16);
    (start, end)
}

/// Where an input error is: its line, and its column in UTF-16 code units
/// when the source text is at hand. Errors known only by a character column
/// (a file that is not valid UTF-8) give no column: it could not be
/// converted, and a line alone is never wrong.
pub fn error_start(e: &InputError) -> Option<(usize, Option<usize>)> {
    match (&e.snippet, e.position) {
        (Some((source, span)), _) => {
            let (start, _) = utf16_range(source, span);
            Some((start.line, Some(start.column)))
        }
        (None, Some(p)) => Some((p.line, None)),
        (None, None) => None,
    }
}

/// A file's path as tools outside keylint want it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilePath {
    /// Relative to the base directory: `/`-separated, without `.` or `..`.
    Relative(String),
    /// Absolute and `/`-separated: the file lies outside the base directory.
    Absolute(String),
}

/// Places a display path (relative to the current directory, or absolute)
/// relative to `base`, the directory tools resolve paths against (the
/// repository root, normally the current directory). Lexical only: symbolic
/// links are not followed, so the answer never depends on the disk.
pub fn locate(name: &str, base: Option<&Path>) -> FilePath {
    let base = base.map(path_string);
    let absolute = if is_absolute(name) {
        clean_slashed(name)
    } else {
        let relative = clean_slashed(name);
        match &base {
            // A relative path that stays inside the base is already right.
            _ if relative != ".." && !relative.starts_with("../") => {
                return FilePath::Relative(relative);
            }
            Some(base) => clean_slashed(&format!("{base}/{name}")),
            None => return FilePath::Relative(relative),
        }
    };
    let inside = base.as_deref().map(clean_slashed).and_then(|base| {
        let base = base.trim_end_matches('/');
        let rest = absolute.strip_prefix(base)?.strip_prefix('/')?;
        Some(rest.to_owned())
    });
    match inside {
        Some(rest) if !rest.is_empty() => FilePath::Relative(rest),
        _ => FilePath::Absolute(absolute),
    }
}

/// An absolute path made from the current directory and a display path,
/// or the display path itself when the current directory is not known.
pub fn absolute_path(name: &str, cwd: Option<&Path>) -> String {
    match cwd {
        Some(cwd) if !is_absolute(name) => clean_slashed(&format!("{}/{name}", path_string(cwd))),
        _ => name.to_owned(),
    }
}

fn path_string(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// `/x`, or `C:/x` for a Windows drive.
fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/') || (bytes.len() > 2 && bytes[1] == b':' && bytes[2] == b'/')
}

/// Percent-encodes a `/`-separated path for a URI (RFC 3986): every byte but
/// the unreserved characters and `/` is encoded, so spaces, `%`, `#`, `?`,
/// `:` (which would read as a scheme in a relative reference) and non-ASCII
/// (as UTF-8) are all safe.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A `file:` URI for an absolute `/`-separated path; `dir` adds the trailing
/// `/` that makes it usable as a base URI.
pub fn file_uri(absolute: &str, dir: bool) -> String {
    let slash = if absolute.starts_with('/') { "" } else { "/" };
    // `:` may stay in an absolute URI's path (`file:///C:/x`); only a relative
    // reference must encode it. A literal `%3A` was encoded as `%253A`.
    let path = percent_encode(absolute).replace("%3A", ":");
    let mut uri = format!("file://{slash}{path}");
    if dir && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    fn src(text: &str) -> crate::source::Source {
        SourceFile::new("t".into(), "t".into(), text.into())
    }

    fn cols(source: &SourceFile, span: Range<usize>) -> (usize, usize, usize, usize) {
        let (a, b) = utf16_range(source, &span);
        (a.line, a.column, b.line, b.column)
    }

    #[test]
    fn utf16_columns_count_astral_characters_twice() {
        let s = src("# 😀é日\nx = \"🔑\" {\n}\n");
        let brace = s.text.find('{').unwrap();
        // `x = "🔑" ` is 8 characters but 9 UTF-16 code units.
        assert_eq!(cols(&s, brace..brace + 1), (2, 10, 2, 11));
        assert_eq!(s.position(brace).column, 9);
        // A span ending in an astral character ends two units later.
        let key = s.text.find('🔑').unwrap();
        assert_eq!(cols(&s, key..key + 4), (2, 6, 2, 8));
        // é and 日 are in the BMP: one unit each.
        let ri = s.text.find('日').unwrap();
        assert_eq!(cols(&s, 0..ri + 3), (1, 1, 1, 7));
        // A block over lines ends one past its closing brace.
        assert_eq!(cols(&s, brace..s.text.len() - 1), (2, 10, 3, 2));
    }

    #[test]
    fn utf16_columns_tolerate_odd_spans() {
        let s = src("a😀\r\nb");
        assert_eq!(cols(&s, 3..3), (1, 2, 1, 2)); // inside 😀: floored to its start
        assert_eq!(cols(&s, 0..100), (1, 1, 2, 2)); // clamped to the text
        assert_eq!(cols(&s, 5..6), (1, 4, 1, 5)); // the CR counts
        assert_eq!(cols(&s, 7..8), (2, 1, 2, 2)); // after CRLF
        assert_eq!(cols(&s, 8..9), (2, 2, 2, 2)); // past the end: empty
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(percent_encode("a/b-c_d.e~f"), "a/b-c_d.e~f");
        assert_eq!(
            percent_encode("my dir/a,b:c%d#e?.tf"),
            "my%20dir/a%2Cb%3Ac%25d%23e%3F.tf"
        );
        assert_eq!(percent_encode("ü/日"), "%C3%BC/%E6%97%A5");
        assert_eq!(file_uri("/work/my repo", true), "file:///work/my%20repo/");
        assert_eq!(file_uri("/", true), "file:///");
        assert_eq!(file_uri("C:/a b/%3A:", false), "file:///C:/a%20b/%253A:");
    }

    #[test]
    fn paths_relative_to_the_base() {
        let base = Some(Path::new("/repo"));
        let rel = |s: &str| FilePath::Relative(s.to_owned());
        let abs = |s: &str| FilePath::Absolute(s.to_owned());
        assert_eq!(locate("a/b.tf", base), rel("a/b.tf"));
        assert_eq!(locate("./a//./b.tf", base), rel("a/b.tf"));
        assert_eq!(locate("a/../b.tf", None), rel("b.tf"));
        assert_eq!(locate("/repo/x/y.tf", base), rel("x/y.tf"));
        assert_eq!(locate("/repository/y.tf", base), abs("/repository/y.tf"));
        assert_eq!(locate("/other/y.tf", base), abs("/other/y.tf"));
        assert_eq!(locate("../other/y.tf", base), abs("/other/y.tf"));
        assert_eq!(locate("../repo/y.tf", base), rel("y.tf"));
        assert_eq!(locate("../y.tf", None), rel("../y.tf"));
        assert_eq!(locate("..a/y.tf", base), rel("..a/y.tf"));
        assert_eq!(locate("/repo/x.tf", Some(Path::new("/repo/"))), rel("x.tf"));
        assert_eq!(absolute_path("a/b.tf", base), "/repo/a/b.tf");
        assert_eq!(absolute_path("/x/b.tf", base), "/x/b.tf");
        assert_eq!(absolute_path("a/b.tf", None), "a/b.tf");
    }
}
