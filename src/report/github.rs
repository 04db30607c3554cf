//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request.
//!
//! Every value is escaped as GitHub's toolkit (`@actions/core`) escapes it,
//! so no file name, resource name or message can end a command early or
//! start a new one: a workflow command is only recognised at the start of a
//! line, and no escaped value contains a line break.

use std::fmt::Write as _;

use super::locate::{error_start, utf16_range};
use super::{ReportOptions, Reporter, human};
use crate::escape::{workflow_data as escape_data, workflow_property as escape_property};
use crate::outcome::{Finding, InputError, Notice, Outcome};

/// `--format github`.
pub struct Github;

impl Reporter for Github {
    fn render(&self, outcome: &Outcome, _options: &ReportOptions) -> String {
        render(outcome)
    }
}

/// Renders one `::error`/`::warning` command per finding and per input
/// error, then the summary line as plain text.
pub fn render(result: &Outcome) -> String {
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
    let command = f.severity.as_str();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_become_error_commands() {
        let result = Outcome {
            errors: vec![InputError::file("dir,x/a:b.tf", "cannot read\nfile")],
            ..Outcome::default()
        };
        assert_eq!(
            render(&result),
            "::error file=dir%2Cx/a%3Ab.tf,title=keylint input error::cannot read%0Afile\n\
             No findings in 0 files. 1 file could not be read or parsed. (0.00s)\n"
        );
    }
}
