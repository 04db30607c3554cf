//! The GitHub Actions job summary: Markdown appended to the file named by
//! `GITHUB_STEP_SUMMARY`, whatever the output format.
//!
//! The environment is read through a lookup function, so tests never touch
//! the process environment.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use super::human;
use super::locate::{FilePath, absolute_path, error_start, locate, percent_encode};
use crate::escape::{markdown_cell as cell, markdown_cell_with_code};
use crate::outcome::{Outcome, SuppressedBy};

/// Rows per table: GitHub caps a step summary at 1 MiB, and nobody reads
/// thousands of rows in a browser.
const MAX_ROWS: usize = 500;

/// Appends the job summary to the file `GITHUB_STEP_SUMMARY` names, if any.
/// `cwd` is the current directory, against which display paths are relative.
/// Returns whether a summary was written.
pub fn append(
    result: &Outcome,
    cwd: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> std::io::Result<bool> {
    let Some(path) = env("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(false);
    };
    let markdown = markdown(result, cwd, env);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?;
    file.write_all(markdown.as_bytes())?;
    Ok(true)
}

/// The summary as Markdown: a heading, findings per rule, the findings and
/// the files that could not be read or parsed.
pub fn markdown(
    result: &Outcome,
    cwd: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> String {
    let links = Links::from_env(cwd, env);
    // A blank line first: the file may hold an earlier step's summary.
    let mut out = format!("\n## keylint\n\n{}\n", cell(&human::summary(result)));
    if !result.findings.is_empty() {
        rule_counts(result, &mut out);
        findings(result, &links, &mut out);
    }
    if !result.suppressed.is_empty()
        || !result.rule_overrides.is_empty()
        || !result.excluded.is_empty()
    {
        switched_off(result, &links, &mut out);
    }
    if !result.errors.is_empty() {
        errors(result, &links, &mut out);
    }
    out
}

fn rule_counts(result: &Outcome, out: &mut String) {
    out.push_str("\n| Rule | Name | Findings |\n| --- | --- | ---: |\n");
    for (id, count) in result.counts_by_rule() {
        let name = result
            .findings
            .iter()
            .find(|f| f.rule.id == id)
            .map_or("", |f| f.rule.name);
        let _ = writeln!(out, "| {id} | {} | {count} |", cell(name));
    }
}

fn findings(result: &Outcome, links: &Links, out: &mut String) {
    out.push_str("\n### Findings\n\n| Rule | Resource | User | Message | Location |\n");
    out.push_str("| --- | --- | --- | --- | --- |\n");
    for f in result.findings.iter().take(MAX_ROWS) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            f.rule.id,
            cell(&f.resource),
            cell(&f.user),
            markdown_cell_with_code(&f.message),
            links.place(&f.location.source.name, f.location.start().line),
        );
    }
    more(result.findings.len(), "findings", out);
}

/// What the repository switched off: rules its configuration changed, and
/// every finding a comment or the baseline left out, with what did it.
fn switched_off(result: &Outcome, links: &Links, out: &mut String) {
    out.push_str("\n### Switched off\n\n");
    if let Some(changed) = human::rule_overrides(result) {
        let _ = writeln!(out, "{}.\n", cell(&changed));
    }
    if !result.excluded.is_empty() {
        let shown: Vec<String> = result
            .excluded
            .iter()
            .take(MAX_ROWS)
            .map(|p| cell(p))
            .collect();
        let _ = writeln!(
            out,
            "Excluded by the configuration: {}.\n",
            shown.join(", ")
        );
        more(result.excluded.len(), "paths excluded", out);
    }
    if result.suppressed.is_empty() {
        return;
    }
    out.push_str("| Rule | Resource | Left out by | Location |\n| --- | --- | --- | --- |\n");
    for s in result.suppressed.iter().take(MAX_ROWS) {
        let f = &s.finding;
        let by = match &s.by {
            SuppressedBy::Comment { location, reason } => {
                let place = links.place(&location.source.name, location.start().line);
                match reason {
                    Some(reason) => format!("comment at {place}: {}", cell(reason)),
                    None => format!("comment at {place}"),
                }
            }
            SuppressedBy::Baseline { file } => format!("baseline {}", cell(file)),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {by} | {} |",
            f.rule.id,
            cell(&f.resource),
            links.place(&f.location.source.name, f.location.start().line),
        );
    }
    more(result.suppressed.len(), "findings left out", out);
}

fn errors(result: &Outcome, links: &Links, out: &mut String) {
    out.push_str("\n### Files that could not be read or parsed\n\n");
    out.push_str("| File | Error |\n| --- | --- |\n");
    for e in result.errors.iter().take(MAX_ROWS) {
        let place = match error_start(e) {
            Some((line, _)) => links.place(&e.file, line),
            None => cell(&e.file),
        };
        let _ = writeln!(out, "| {place} | {} |", cell(&e.message));
    }
    more(result.errors.len(), "errors", out);
}

fn more(total: usize, what: &str, out: &mut String) {
    if total > MAX_ROWS {
        let _ = writeln!(out, "\n…and {} more {what}.", total - MAX_ROWS);
    }
}

/// How to link a file and line to the repository on GitHub.
struct Links {
    /// `{server}/{repository}/blob/{sha}`, when all three are known.
    blob: Option<String>,
    /// Where display paths are relative to.
    cwd: Option<std::path::PathBuf>,
    /// The repository root: `GITHUB_WORKSPACE`, else the current directory.
    root: Option<std::path::PathBuf>,
}

impl Links {
    fn from_env(cwd: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| env(name).filter(|v| !v.is_empty());
        let blob = match (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            (Some(server), Some(repo), Some(sha)) => Some(format!(
                "{}/{}/blob/{}",
                server.trim_end_matches('/'),
                repo,
                sha
            )),
            _ => None,
        };
        let root = var("GITHUB_WORKSPACE")
            .map(std::path::PathBuf::from)
            .or_else(|| cwd.map(Path::to_path_buf));
        Links {
            blob,
            cwd: cwd.map(Path::to_path_buf),
            root,
        }
    }

    /// `[path:line](url)` for a file in the repository, else `path:line`.
    fn place(&self, name: &str, line: usize) -> String {
        let absolute = absolute_path(name, self.cwd.as_deref());
        let located = locate(&absolute, self.root.as_deref());
        match (&self.blob, located) {
            (Some(blob), FilePath::Relative(path)) => format!(
                "[{}]({blob}/{}#L{line})",
                link_text(&format!("{path}:{line}")),
                percent_encode(&path)
            ),
            (_, FilePath::Relative(path)) => cell(&format!("{path}:{line}")),
            (_, FilePath::Absolute(_)) => cell(&format!("{name}:{line}")),
        }
    }
}

/// Cell text that is also safe inside `[...]`.
fn link_text(text: &str) -> String {
    cell(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{EXAMPLE_RULE, Finding, InputError, Related, Severity};
    use crate::source::{Location, SourceFile};

    fn finding(name: &str, resource: &str, user: &str) -> Finding {
        let text = "# top\nresource \"aws_iam_access_key\" \"k\" {\n}\n".to_owned();
        let source = SourceFile::new(name.into(), name.into(), text);
        let start = source.text.find("resource").unwrap();
        Finding {
            rule: &EXAMPLE_RULE,
            severity: Severity::Error,
            message: format!("key for `{user}`"),
            location: Location::new(&source, start..source.text.len() - 1),
            resource: resource.to_owned(),
            user: user.to_owned(),
            related: Vec::<Related>::new(),
            via: Vec::new(),
            via_kind: "module call",
        }
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    #[test]
    fn links_to_the_commit_when_github_says_which() {
        let result = Outcome {
            findings: vec![finding(
                "mod dir/main.tf",
                "aws_iam_access_key.k",
                "bob|x\ny",
            )],
            files: 1,
            ..Outcome::default()
        };
        let env = env(&[
            ("GITHUB_SERVER_URL", "https://github.com/"),
            ("GITHUB_REPOSITORY", "o/r"),
            ("GITHUB_SHA", "abc123"),
        ]);
        let md = markdown(&result, Some(Path::new("/w")), &env);
        assert!(
            md.starts_with("\n## keylint\n\nFound 1 finding \\(R1: 1\\) in 1 file. \\(0.00s\\)\n"),
            "{md}"
        );
        assert!(md.contains("| R1 | example-rule | 1 |"), "{md}");
        assert!(
            md.contains(
                "| R1 | aws\\_iam\\_access\\_key.k | bob\\|x\\\\ny | key for `bob\\|x\\ny` | \
                 [mod dir/main.tf:2](https://github.com/o/r/blob/abc123/mod%20dir/main.tf#L2) |"
            ),
            "{md}"
        );
        // Without the commit, the place is plain text.
        let md = markdown(&result, Some(Path::new("/w")), &|_| None);
        assert!(md.contains("| mod dir/main.tf:2 |"), "{md}");
    }

    #[test]
    fn paths_are_relative_to_the_workspace() {
        let result = Outcome {
            findings: vec![finding("infra/main.tf", "r", "u")],
            ..Outcome::default()
        };
        let env = env(&[
            ("GITHUB_SERVER_URL", "https://ghe.example"),
            ("GITHUB_REPOSITORY", "o/r"),
            ("GITHUB_SHA", "s"),
            ("GITHUB_WORKSPACE", "/w"),
        ]);
        let md = markdown(&result, Some(Path::new("/w/sub")), &env);
        assert!(
            md.contains(
                "[sub/infra/main.tf:2](https://ghe.example/o/r/blob/s/sub/infra/main.tf#L2)"
            ),
            "{md}"
        );
    }

    #[test]
    fn long_lists_are_cut_and_errors_listed() {
        let result = Outcome {
            findings: vec![finding("a.tf", "r", "u"); MAX_ROWS + 7],
            errors: vec![InputError::file("bad.tf", "cannot read | file")],
            ..Outcome::default()
        };
        let md = markdown(&result, None, &|_| None);
        assert_eq!(md.matches("| R1 | r | u |").count(), MAX_ROWS);
        assert!(md.contains("…and 7 more findings."), "{md}");
        assert!(md.contains("| bad.tf | cannot read \\| file |"), "{md}");
    }

    #[test]
    fn appends_to_the_step_summary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        std::fs::write(&path, "earlier step\n").unwrap();
        let path_str = path.to_string_lossy().into_owned();
        let env = env(&[("GITHUB_STEP_SUMMARY", &path_str)]);
        let result = Outcome::default();
        assert!(append(&result, None, &env).unwrap());
        assert!(append(&result, None, &env).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("earlier step\n\n## keylint\n"), "{text}");
        assert_eq!(text.matches("No findings in 0 files.").count(), 2);
        // Unset or empty: nothing written.
        assert!(!append(&result, None, &|_| None).unwrap());
        assert!(!append(&result, None, &env_empty).unwrap());
    }

    fn env_empty(_: &str) -> Option<String> {
        Some(String::new())
    }
}
