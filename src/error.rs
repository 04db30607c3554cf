//! Errors about input files: a file that could not be read or parsed.

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

/// Reads a file as UTF-8 text, with a clear error for unreadable or
/// non-UTF-8 content.
pub fn read_text(path: &PathBuf, name: &str) -> Result<String, InputError> {
    let bytes = std::fs::read(path)
        .map_err(|e| InputError::file(name, format!("cannot read file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        InputError::at_position(
            name,
            Position { line, column },
            "file is not valid UTF-8 text",
        )
    })
}
