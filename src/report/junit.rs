//! `--format junit`: JUnit XML, for the test reports of CI systems (GitLab's
//! `artifacts:reports:junit`, Jenkins, Azure Pipelines), which show each
//! finding as a failed test.
//!
//! One `<testsuite>` per file (named by its path relative to the base
//! directory, as SARIF's are), one `<testcase>` per finding with a
//! `<failure>`, whatever the finding's severity: a finding is a failed
//! check, and whether it fails the job is the exit code's decision
//! (`--fail-on`). A file that could not be read or parsed is a test case with
//! an `<error>`, so a broken file turns the test report red; a suppressed or
//! baselined finding is a `<skipped>` one, so nothing disappears without a
//! trace. A run with no finding and no error is one passing test case, as
//! test reports show nothing (and Jenkins fails) without a test.
//!
//! Written by hand rather than with an XML crate: the document is small and
//! fixed in shape, and every value from input goes through
//! [`escape::xml`](crate::escape::xml), which also removes the characters
//! XML 1.0 forbids (an ESC in a file name, say), so the document is always
//! well-formed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::locate::{FilePath, error_start, locate};
use super::{ReportOptions, Reporter};
use crate::escape::xml;
use crate::outcome::{Finding, InputError, Outcome, Suppressed, SuppressedBy};
use crate::source::Location;

/// `--format junit`.
pub struct Junit;

impl Reporter for Junit {
    fn render(&self, outcome: &Outcome, options: &ReportOptions) -> String {
        render(outcome, options.base.as_deref())
    }
}

/// The test cases of one file, already written, and their counts.
#[derive(Default)]
struct Suite {
    cases: String,
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

/// Renders the outcome as one `<testsuites>` document. `base` is the
/// directory paths are relative to (the repository root); a file outside it
/// keeps its absolute path.
pub fn render(result: &Outcome, base: Option<&Path>) -> String {
    let mut suites: BTreeMap<String, Suite> = BTreeMap::new();
    for f in &result.findings {
        let path = path(&f.location.source.name, base);
        let suite = suites.entry(path.clone()).or_default();
        failure(f, &path, base, suite);
    }
    for s in &result.suppressed {
        let path = path(&s.finding.location.source.name, base);
        let suite = suites.entry(path.clone()).or_default();
        skipped(s, &path, suite);
    }
    for e in &result.errors {
        let path = path(&e.file, base);
        let suite = suites.entry(path.clone()).or_default();
        error(e, &path, suite);
    }
    if result.findings.is_empty() && result.errors.is_empty() {
        let suite = suites.entry("keylint".to_owned()).or_default();
        passed(result.files, suite);
    }
    document(&suites)
}

/// The declaration, `<testsuites>` with the totals, and each suite.
fn document(suites: &BTreeMap<String, Suite>) -> String {
    let total = |count: fn(&Suite) -> usize| suites.values().map(count).sum::<usize>();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"keylint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
        total(|s| s.tests),
        total(|s| s.failures),
        total(|s| s.errors),
    );
    for (name, suite) in suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            xml(name),
            suite.tests,
            suite.failures,
            suite.errors,
            suite.skipped,
        );
        out.push_str(&suite.cases);
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// A file's path as the suite's name and the cases' `classname` and `file`
/// (GitLab links a failed test to the file by it).
fn path(name: &str, base: Option<&Path>) -> String {
    match locate(name, base) {
        FilePath::Relative(path) | FilePath::Absolute(path) => path,
    }
}

/// Where a test case points: the file (its path is also the `classname`),
/// and the line when known.
struct At<'a> {
    path: &'a str,
    line: Option<usize>,
}

/// `<testcase ...>`, opened: named by rule and resource, which stay the same
/// from run to run (CI systems track a test's history by its name).
fn open_case(name: &str, at: At<'_>, suite: &mut Suite) {
    let path = xml(at.path);
    let _ = write!(
        suite.cases,
        "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\"",
        xml(name)
    );
    if let Some(line) = at.line {
        let _ = write!(suite.cases, " line=\"{line}\"");
    }
    suite.cases.push_str(">\n");
    suite.tests += 1;
}

fn close_case(suite: &mut Suite) {
    suite.cases.push_str("    </testcase>\n");
}

fn case_name(f: &Finding) -> String {
    format!("{} {}: {}", f.rule.id, f.rule.name, f.resource)
}

/// `path:line:column` of a location, the path as in the suite's name.
fn place(location: &Location, base: Option<&Path>) -> String {
    let start = location.start();
    format!(
        "{}:{}:{}",
        path(&location.source.name, base),
        start.line,
        start.column
    )
}

/// A finding: `<failure>` with the message, and in its text where it is,
/// the places involved, the help and the rule's documentation.
fn failure(f: &Finding, path: &str, base: Option<&Path>, suite: &mut Suite) {
    let line = Some(f.location.start().line);
    open_case(&case_name(f), At { path, line }, suite);
    let mut text = format!(
        "{}: {}: {}",
        place(&f.location, base),
        f.severity.as_str(),
        f.message
    );
    for r in &f.related {
        let _ = write!(text, "\n{}: {}", place(&r.location, base), r.message);
    }
    for via in &f.via {
        let _ = write!(
            text,
            "\n{}: reached through this {}",
            place(via, base),
            f.via_kind
        );
    }
    let _ = write!(text, "\nhelp: {}\n{}", f.rule.help, f.rule.url());
    let _ = writeln!(
        suite.cases,
        "      <failure message=\"{}\" type=\"{}\">{}</failure>",
        xml(&f.message),
        xml(&format!("{} {}", f.rule.id, f.rule.name)),
        xml_lines(&text),
    );
    close_case(suite);
    suite.failures += 1;
}

/// A suppressed or baselined finding: `<skipped>`, saying what left it out.
fn skipped(s: &Suppressed, path: &str, suite: &mut Suite) {
    let f = &s.finding;
    let line = Some(f.location.start().line);
    open_case(&case_name(f), At { path, line }, suite);
    let why = match &s.by {
        SuppressedBy::Comment {
            reason: Some(reason),
            ..
        } => format!("suppressed by a comment: {reason}"),
        SuppressedBy::Comment { reason: None, .. } => "suppressed by a comment".to_owned(),
        SuppressedBy::Baseline { file } => format!("recorded in the baseline {file}"),
    };
    let _ = writeln!(suite.cases, "      <skipped message=\"{}\"/>", xml(&why));
    close_case(suite);
    suite.skipped += 1;
}

/// A file that could not be read or parsed: `<error>`.
fn error(e: &InputError, path: &str, suite: &mut Suite) {
    let start = error_start(e);
    let line = start.map(|(line, _)| line);
    open_case("could not be read or parsed", At { path, line }, suite);
    let place = match start {
        Some((line, Some(column))) => format!("{path}:{line}:{column}"),
        Some((line, None)) => format!("{path}:{line}"),
        None => path.to_owned(),
    };
    let _ = writeln!(
        suite.cases,
        "      <error message=\"{}\" type=\"input error\">{}</error>",
        xml(&e.message),
        xml_lines(&format!("{place}: {}", e.message)),
    );
    close_case(suite);
    suite.errors += 1;
}

/// The one passing case of a clean run, in a suite of its own: no file.
fn passed(files: usize, suite: &mut Suite) {
    let _ = writeln!(
        suite.cases,
        "    <testcase name=\"no findings\" classname=\"keylint\">"
    );
    suite.tests += 1;
    let plural = if files == 1 { "" } else { "s" };
    let _ = writeln!(
        suite.cases,
        "      <system-out>No findings in {files} file{plural}.</system-out>"
    );
    close_case(suite);
}

/// Element text over several lines: escaped as [`xml`] escapes, but line
/// breaks stay, for people reading it (in an attribute a line break must be
/// `&#10;`, or parsers read a space; in text it is itself). A line of text
/// may then start with what a CI log reads as a command: `log_safe`
/// neutralises it on standard output, as for the human format.
fn xml_lines(text: &str) -> String {
    text.split('\n').map(xml).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_run_is_one_passing_test() {
        let outcome = Outcome {
            files: 3,
            ..Outcome::default()
        };
        assert_eq!(
            render(&outcome, None),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <testsuites name=\"keylint\" tests=\"1\" failures=\"0\" errors=\"0\">\n\
             \x20 <testsuite name=\"keylint\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n\
             \x20   <testcase name=\"no findings\" classname=\"keylint\">\n\
             \x20     <system-out>No findings in 3 files.</system-out>\n\
             \x20   </testcase>\n\
             \x20 </testsuite>\n\
             </testsuites>\n"
        );
    }

    #[test]
    fn input_errors_are_errors_with_escaped_names() {
        let outcome = Outcome {
            errors: vec![InputError::file("a\"<b>\u{1b}.tf", "bad & worse\nline")],
            ..Outcome::default()
        };
        let doc = render(&outcome, None);
        assert!(
            doc.contains(
                "<testcase name=\"could not be read or parsed\" \
                 classname=\"a&quot;&lt;b&gt;\\u{1b}.tf\" file=\"a&quot;&lt;b&gt;\\u{1b}.tf\">\n"
            ),
            "{doc}"
        );
        assert!(
            doc.contains(
                "<error message=\"bad &amp; worse&#10;line\" type=\"input error\">\
                 a&quot;&lt;b&gt;\\u{1b}.tf: bad &amp; worse\nline</error>"
            ),
            "{doc}"
        );
        assert!(doc.contains("tests=\"1\" failures=\"0\" errors=\"1\">"));
    }
}
