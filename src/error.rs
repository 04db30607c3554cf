//! Errors about input files: a file that could not be read or parsed.

use std::io::Read as _;
use std::ops::Range;
use std::path::PathBuf;

use crate::source::{Position, Source};

/// A file that could not be read or parsed. One such error never stops the
/// other files from being linted; it makes the exit code 2.
#[derive(Debug, Clone)]
pub struct InputError {
    /// The path as reached from the command line.
    pub file: String,
    /// Where in the file, when known (read errors have no position).
    pub position: Option<Position>,
    /// What is wrong, in words.
    pub message: String,
    /// The source and span, so the error can be shown as a snippet.
    pub snippet: Option<(Source, Range<usize>)>,
}

impl InputError {
    /// An error at a byte span of a source file.
    pub fn at(source: &Source, span: Range<usize>, message: impl Into<String>) -> Self {
        InputError {
            file: source.name.clone(),
            position: Some(source.position(span.start)),
            message: message.into(),
            snippet: Some((source.clone(), span)),
        }
    }

    /// An error about a whole file (it could not be read, for example).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            file: file.into(),
            position: None,
            message: message.into(),
            snippet: None,
        }
    }

    /// An error at a known line and column, without a usable snippet.
    pub fn at_position(
        file: impl Into<String>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        InputError {
            file: file.into(),
            position: Some(position),
            message: message.into(),
            snippet: None,
        }
    }
}

/// The default for `--max-file-size`: plans of large estates are big, but
/// nothing keylint reads is legitimately bigger than this.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 << 20;

/// Parses a size: bytes, or a number with a binary suffix `K`, `M`, `G`
/// (`KiB`, `MB` and lower case are accepted too; all mean powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let s = text.trim();
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, suffix) = s.split_at(digits);
    let shift = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "`{text}` is not a size (examples: 1000000, 512K, 10M, 1G)"
            ));
        }
    };
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (examples: 1000000, 512K, 10M, 1G)"))?;
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Reads a file as UTF-8 text, with a clear error for unreadable, oversized
/// (over `limit` bytes) or non-UTF-8 content. The size is checked before the
/// file is opened, and reading stops at the limit should the file grow meanwhile.
pub fn read_text(path: &PathBuf, name: &str, limit: u64) -> Result<String, InputError> {
    let cannot_read = |e: std::io::Error| InputError::file(name, format!("cannot read file: {e}"));
    // Checked before opening: opening a FIFO would block.
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(InputError::file(
            name,
            "cannot read file: not a regular file",
        ));
    }
    let too_big = |size: u64| {
        InputError::file(
            name,
            format!("file is {size} bytes, over the limit of {limit} (--max-file-size)"),
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let line = prefix.matches('\n').count() + 1;
        // A leading BOM is not a column (it is dropped from the text).
        let prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        InputError::at_position(
            name,
            Position { line, column },
            "file is not valid UTF-8 text",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("4K"), Ok(4096));
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("1 GiB"), Ok(1 << 30));
        assert_eq!(parse_size("2mb"), Ok(2 << 20));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn a_missing_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(
            &dir.path().join("gone.tf"),
            "gone.tf",
            DEFAULT_MAX_FILE_SIZE,
        )
        .unwrap_err();
        assert_eq!(e.file, "gone.tf");
        assert!(
            e.message.starts_with("cannot read file: No such file"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_directory_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(&dir.path().to_path_buf(), "d", DEFAULT_MAX_FILE_SIZE).unwrap_err();
        assert!(e.message.starts_with("cannot read file:"), "{}", e.message);
    }
}
