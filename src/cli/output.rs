//! Where output goes: standard output, a file, the terminal's width.

use std::io::Write;
use std::path::Path;

use super::{EXIT_CLEAN, EXIT_ERROR};

/// `COLUMNS` if set, else the terminal's width, else 100.
pub(super) fn width() -> usize {
    if let Some(cols) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return cols;
    }
    terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0))
}

/// Writes `--output FILE`; an exit code.
pub(super) fn write_file(path: &Path, text: &str) -> u8 {
    match std::fs::write(path, text) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: cannot write --output {}: {e}", path.display());
            EXIT_ERROR
        }
    }
}

/// Writes to standard output; an exit code.
pub(super) fn write_stdout(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => EXIT_CLEAN,
        // A closed pipe (`keylint check | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            EXIT_ERROR
        }
    }
}
