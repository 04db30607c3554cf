//! Reading the files that configure a run (`keylint.toml`, baselines,
//! CloudFormation parameters files) as IaC files are read: regular files
//! of bounded size, never through a symbolic link that leads out of the
//! scanned directories and the current directory, and never quoted in
//! errors. In a pull request these files are as
//! untrusted as the IaC: a `keylint.toml` that is a symbolic link to
//! `/proc/self/environ` must not print the environment, and one that links
//! to `/dev/zero` must not exhaust memory.

use std::path::{Path, PathBuf};

use crate::error::read_text;
use crate::escape;
use crate::paths::Boundary;

/// Largest settings file read: far beyond any real configuration or baseline.
pub const MAX_SETTINGS_FILE: u64 = 16 << 20;

/// The text of a settings file. `what` names it in errors ("baseline").
pub fn read(path: &Path, what: &str, boundary: &Boundary) -> Result<String, String> {
    let name = escape::terminal(&path.display().to_string());
    if !boundary.admits_file(path) {
        return Err(format!(
            "{name}: {what} is a symbolic link to a file outside the scanned directories \
             and the current directory: not read"
        ));
    }
    read_text(&PathBuf::from(path), &name, MAX_SETTINGS_FILE)
        .map_err(|e| format!("{name}: cannot read {what}: {}", e.message))
}

/// A parser's complaint about a settings file, made safe to print: the
/// position and the message, escaped and cut short, never the file's text.
pub fn parse_error(
    path: &Path,
    what: &str,
    position: Option<(usize, usize)>,
    message: &str,
) -> String {
    const MAX_MESSAGE: usize = 200;
    let first_line = message.lines().next().unwrap_or_default();
    let mut shown: String = first_line.chars().take(MAX_MESSAGE).collect();
    if shown.len() < first_line.len() {
        shown.push_str("...");
    }
    let at = position.map_or_else(String::new, |(line, column)| {
        format!(" at line {line}, column {column}")
    });
    format!(
        "{}: invalid {what}{at}: {}",
        escape::terminal(&path.display().to_string()),
        escape::terminal(&shown)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_outside_and_special_files_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.txt");
        std::fs::write(&secret, "TOKEN=hunter2").unwrap();
        let link = dir.path().join("keylint.toml");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let boundary = Boundary::of_scan(&[dir.path().to_path_buf()]);
        let err = read(&link, "configuration", &boundary).unwrap_err();
        assert!(err.contains("symbolic link to a file outside"), "{err}");
        assert!(!err.contains("hunter2"));

        let zero = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let err = read(&zero, "baseline", &Boundary::anywhere()).unwrap_err();
        assert!(
            err.ends_with("cannot read baseline: cannot read file: not a regular file"),
            "{err}"
        );

        let inside = dir.path().join("ok.toml");
        std::fs::write(&inside, "fail_on = \"error\"\n").unwrap();
        assert_eq!(
            read(&inside, "configuration", &boundary).unwrap(),
            "fail_on = \"error\"\n"
        );
    }

    #[test]
    fn parse_errors_show_a_position_and_an_escaped_message() {
        let message = "unknown rule `\u{1b}]0;x\u{7}`\nsnippet line with SECRET";
        let shown = parse_error(Path::new("k.toml"), "configuration", Some((3, 7)), message);
        assert_eq!(
            shown,
            "k.toml: invalid configuration at line 3, column 7: unknown rule `\\x1b]0;x\\x07`"
        );
        let long = "x".repeat(500);
        let shown = parse_error(Path::new("b.json"), "baseline", None, &long);
        assert_eq!(shown.len(), "b.json: invalid baseline: ".len() + 203);
    }
}
