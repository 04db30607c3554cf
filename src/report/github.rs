//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request.
//!
//! Every value is escaped as GitHub's toolkit (`@actions/core`) escapes it,
//! so no file name, resource name or message can end a command early or
//! start a new one: a workflow command is only recognised at the start of a
//! line, and no escaped value contains a line break.

use std::fmt::Write as _;

use super::{error_start, human, utf16_range};
use crate::error::InputError;
use crate::lint::{LintResult, Notice};
use crate::rules::{Finding, Severity};

/// Renders one `::error`/`::warning` command per finding and per input
/// error, then the summary line as plain text.
pub fn render(result: &LintResult) -> String {
    let mut out = String::new();
    for f in &result.findings {
        finding(f, &mut out);
    }
    for w in &result.warnings {
        warning(w, &mut out);
    }
    for e in &result.errors {
        error(e, &mut out);
    }
    out.push_str(&human::summary(result));
    out.push('\n');
    out
}

fn finding(f: &Finding, out: &mut String) {
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let (start, end) = utf16_range(&f.location.source, &f.location.span);
    let mut properties = format!(
        "file={},line={},endLine={}",
        escape_property(&f.location.source.name),
        start.line,
        end.line
    );
    // GitHub's annotations take columns only within one line: the runner
    // drops `col`/`endColumn` when `line` and `endLine` differ (and the
    // checks API rejects them), so a block over several lines gets lines only.
    if start.line == end.line {
        let _ = write!(properties, ",col={},endColumn={}", start.column, end.column);
    }
    let _ = writeln!(
        out,
        "::{command} {properties},title={}::{}",
        escape_property(&format!("{} {}", f.rule.id, f.rule.name)),
        escape_data(&f.message),
    );
}

fn warning(notice: &Notice, out: &mut String) {
    let mut properties = String::new();
    if let Some(location) = &notice.location {
        let (start, _) = utf16_range(&location.source, &location.span);
        let _ = write!(
            properties,
            "file={},line={},col={},",
            escape_property(&location.source.name),
            start.line,
            start.column
        );
    }
    let _ = writeln!(
        out,
        "::warning {properties}title=keylint::{}",
        escape_data(&notice.message)
    );
}

fn error(e: &InputError, out: &mut String) {
    let mut properties = format!("file={}", escape_property(&e.file));
    if let Some((line, column)) = error_start(e) {
        let _ = write!(properties, ",line={line}");
        if let Some(column) = column {
            let _ = write!(properties, ",col={column}");
        }
    }
    let _ = writeln!(
        out,
        "::error {properties},title=keylint input error::{}",
        escape_data(&e.message)
    );
}

/// Escapes a command's message as `escapeData` in `@actions/core` does.
///
/// Other control characters (an ESC from a file name would colour or spoof
/// the log, which renders ANSI codes) and bidirectional overrides are shown
/// as `\u{1b}` instead.
pub fn escape_data(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if super::is_unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value as `escapeProperty` in `@actions/core` does:
/// as data, plus `:` and `,`, which end a value.
pub fn escape_property(value: &str) -> String {
    escape_data(value).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_toolkit() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        // `%` first, so an escape already in the text is not decoded by GitHub.
        assert_eq!(escape_data("%0A::error::x"), "%250A::error::x");
        assert_eq!(
            escape_data("a\u{1b}[31mb\u{202e}"),
            "a\\u{1b}[31mb\\u{202e}"
        );
        assert_eq!(escape_property("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae");
        assert_eq!(escape_property("KL001 name"), "KL001 name");
    }

    #[test]
    fn input_errors_become_error_commands() {
        let result = LintResult {
            errors: vec![InputError::file("dir,x/a:b.tf", "cannot read\nfile")],
            ..LintResult::default()
        };
        assert_eq!(
            render(&result),
            "::error file=dir%2Cx/a%3Ab.tf,title=keylint input error::cannot read%0Afile\n\
             No findings in 0 files. 1 file could not be read or parsed. (0.00s)\n"
        );
    }
}
