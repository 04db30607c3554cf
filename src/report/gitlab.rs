//! `--format gitlab`: a GitLab Code Quality report, the JSON array of Code
//! Climate issues that `artifacts:reports:codequality` takes, for the merge
//! request widget, the changes view and the pipeline's Code Quality tab.
//!
//! Only findings become issues. Files that could not be read or parsed are
//! not code quality issues, and the format has no place for a tool's own
//! errors (GitLab reads the array and nothing else), so they are left out:
//! the exit code (2) still fails the job, and SARIF or JSON report them.
//! Suppressed and baselined findings are left out too: GitLab cannot show
//! an issue as dismissed, only count it.
//!
//! Paths are relative to the base directory, as SARIF's are. Descriptions
//! are the findings' messages, which never hold a secret; serde_json does
//! all the escaping JSON needs.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::locate::{FilePath, locate};
use super::{ReportOptions, Reporter};
use crate::outcome::{Finding, Outcome, Severity};

/// `--format gitlab`.
pub struct Gitlab;

impl Reporter for Gitlab {
    fn render(&self, outcome: &Outcome, options: &ReportOptions) -> String {
        render(outcome, options.base.as_deref())
    }
}

/// Renders the findings as a Code Quality report: a pretty-printed JSON
/// array, `[]` when there are none (GitLab then shows no degradation).
/// `base` is the directory paths are relative to (the repository root);
/// a file outside it keeps its absolute path.
pub fn render(result: &Outcome, base: Option<&Path>) -> String {
    let mut fingerprints = Fingerprints::default();
    let issues: Vec<Issue<'_>> = result
        .findings
        .iter()
        .map(|f| issue(f, fingerprints.unique(f.fingerprint()), base))
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    out.push('\n');
    out
}

/// One Code Climate issue, with the fields GitLab reads (`description`,
/// `check_name`, `fingerprint`, `severity`, `location.path`,
/// `location.lines.begin`) in the order its documentation shows them, and
/// those the Code Climate spec requires of every issue (`type`,
/// `categories`), for other tools that read the format.
#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    /// The rule's id: what `keylint explain`, suppressions and the other
    /// formats (JSON's `rule`, SARIF's `ruleId`) name it by.
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
    #[serde(rename = "type")]
    kind: &'static str,
    categories: [&'static str; 1],
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

/// The declaration's first and last lines, 1-based.
#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

fn issue<'a>(f: &'a Finding, fingerprint: String, base: Option<&Path>) -> Issue<'a> {
    let (start, end) = f.location.range();
    let path = match locate(&f.location.source.name, base) {
        FilePath::Relative(path) | FilePath::Absolute(path) => path,
    };
    Issue {
        description: &f.message,
        check_name: f.rule.id,
        fingerprint,
        severity: severity(f.severity),
        location: IssueLocation {
            path,
            lines: Lines {
                begin: start.line,
                end: end.line,
            },
        },
        kind: "issue",
        categories: ["Security"],
    }
}

/// Code Quality ranks `info` < `minor` < `major` < `critical` < `blocker`.
/// keylint's errors are failed CIS controls on credentials (SARIF gives them
/// a "high" security severity): `critical`, so that they sort above the
/// `major` most linters give their own errors. Warnings ("medium" in SARIF)
/// are `major`. `blocker` is left alone: whether a finding blocks the merge
/// is the exit code's decision (`--fail-on`), not the report's.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
    }
}

/// GitLab keys issues by fingerprint: a second issue with the same one
/// would replace the first. Findings' fingerprints ignore line numbers, so
/// that an issue survives an edit above it, and two findings could share
/// one; a repeat gets `-2`, `-3`, ... in report order (sorted, so stable).
#[derive(Default)]
struct Fingerprints {
    seen: HashMap<String, usize>,
}

impl Fingerprints {
    fn unique(&mut self, fingerprint: String) -> String {
        let count = self.seen.entry(fingerprint.clone()).or_insert(0);
        *count += 1;
        match *count {
            1 => fingerprint,
            n => {
                let repeat = format!("{fingerprint}-{n}");
                // A fingerprint could already end in `-2` only if it were
                // not a finding's (always 16 hex digits); checked anyway.
                self.unique(repeat)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fingerprints_are_made_unique() {
        let mut fingerprints = Fingerprints::default();
        let made: Vec<String> = ["a", "b", "a", "a", "a-2"]
            .iter()
            .map(|f| fingerprints.unique((*f).to_owned()))
            .collect();
        assert_eq!(made, ["a", "b", "a-2", "a-3", "a-2-2"]);
    }

    #[test]
    fn no_findings_is_an_empty_array() {
        assert_eq!(render(&Outcome::default(), None), "[]\n");
    }

    #[test]
    fn errors_rank_above_warnings() {
        assert_eq!(severity(Severity::Error), "critical");
        assert_eq!(severity(Severity::Warning), "major");
    }
}
