//! `--format human`: miette diagnostics with source snippets, then one
//! summary line; `--verbose` notes on stderr.

mod diagnostic;

use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use super::{ReportOptions, Reporter};
use crate::escape::{terminal, terminal_lines};
use crate::outcome::{Finding, InputError, Notice, Outcome, Severity, SuppressedBy};
use crate::source::Location;
use diagnostic::{Report, first_line, located, showable, where_};

/// Human output: miette diagnostics, then the summary line.
pub struct Human;

impl Reporter for Human {
    fn render(&self, outcome: &Outcome, options: &ReportOptions) -> String {
        let mut out = String::new();
        render(outcome, HumanOptions::from(options), &mut out);
        out
    }
}

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap at this many columns.
    pub width: usize,
    /// End with the summary line (off with `--quiet`).
    pub summary: bool,
}

impl From<&ReportOptions> for HumanOptions {
    fn from(options: &ReportOptions) -> Self {
        HumanOptions {
            color: options.color,
            width: options.width,
            summary: options.summary,
        }
    }
}

fn finding_report(f: &Finding) -> Report {
    let mut report = located(
        terminal(&f.message),
        &f.location,
        f.rule.label,
        match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
    );
    report.code = Some(format!("{} {}", f.rule.id, f.rule.name));
    report.help = Some(f.rule.help.to_owned());
    report.url = Some(f.rule.url());
    for related in &f.related {
        let same_file = report
            .source
            .as_ref()
            .is_some_and(|s| std::sync::Arc::ptr_eq(s, &related.location.source));
        if same_file && showable(&related.location) {
            report.labels.push(LabeledSpan::new_with_span(
                Some(terminal(&related.message)),
                first_line(&related.location),
            ));
        } else {
            report.related.push(located(
                terminal(&related.message),
                &related.location,
                "declared here",
                miette::Severity::Advice,
            ));
        }
    }
    for call in &f.via {
        report.related.push(located(
            format!("reached through this {}", f.via_kind),
            call,
            f.via_kind,
            miette::Severity::Advice,
        ));
    }
    report
}

fn error_report(e: &InputError) -> Report {
    let (file, text) = (terminal(&e.file), terminal_lines(&e.message));
    let message = format!("{file}: {text}");
    match &e.snippet {
        Some((source, span)) => {
            let location = Location::new(source, span.clone());
            let mut report = located(message, &location, "here", miette::Severity::Error);
            if report.source.is_none() {
                // `located` appended the position already.
                return report;
            }
            report.message = format!("{file}:{}: {text}", e.position.map_or(0, |p| p.line));
            report
        }
        None => {
            let message = match e.position {
                Some(p) => format!("{file}:{}:{}: {text}", p.line, p.column),
                None => message,
            };
            Report::plain(message, miette::Severity::Error)
        }
    }
}

/// Renders findings and errors as miette diagnostics, then a summary line.
pub fn render(result: &Outcome, options: HumanOptions, out: &mut String) {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false);
    let reports = result
        .findings
        .iter()
        .map(finding_report)
        .chain(
            result
                .warnings
                .iter()
                .map(|n| notice_report(n, miette::Severity::Warning)),
        )
        .chain(result.errors.iter().map(error_report));
    for report in reports {
        let _ = handler.render_report(out, &report);
        out.push('\n');
    }
    if options.summary {
        out.push_str(&summary(result));
        out.push('\n');
    }
}

fn notice_report(notice: &Notice, severity: miette::Severity) -> Report {
    match &notice.location {
        Some(location) => located(terminal(&notice.message), location, "here", severity),
        None => Report::plain(terminal(&notice.message), severity),
    }
}

/// `Found 2 findings (<rule>: 1, <rule>: 1) in 3 files.` and any errors.
pub fn summary(result: &Outcome) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut line = if result.findings.is_empty() {
        format!("No findings in {}.", plural(result.files, "file"))
    } else {
        let per_rule: Vec<String> = result
            .counts_by_rule()
            .iter()
            .map(|(id, n)| format!("{id}: {n}"))
            .collect();
        format!(
            "Found {} ({}) in {}.",
            plural(result.findings.len(), "finding"),
            per_rule.join(", "),
            plural(result.files, "file")
        )
    };
    let mut left_out = Vec::new();
    if result.suppressed_in_source() > 0 {
        left_out.push(format!("{} suppressed", result.suppressed_in_source()));
    }
    if result.baselined() > 0 {
        left_out.push(format!("{} in the baseline", result.baselined()));
    }
    if !left_out.is_empty() {
        line.pop();
        let _ = write!(line, "; {}.", left_out.join(", "));
    }
    if let Some(changed) = rule_overrides(result) {
        let _ = write!(line, " {changed}.");
    }
    if !result.excluded.is_empty() {
        let _ = write!(
            line,
            " {} excluded by the configuration.",
            plural(result.excluded.len(), "path")
        );
    }
    if !result.warnings.is_empty() {
        let _ = write!(line, " {}.", plural(result.warnings.len(), "warning"));
    }
    if !result.errors.is_empty() {
        let _ = write!(
            line,
            " {} could not be read or parsed.",
            plural(result.errors.len(), "file")
        );
    }
    let _ = write!(line, " ({:.2}s)", result.elapsed.as_secs_f64());
    line
}

/// `Rules changed by keylint.toml: <id> off, <id> warning`, or `None`.
pub fn rule_overrides(result: &Outcome) -> Option<String> {
    let first = result.rule_overrides.first()?;
    let changes: Vec<String> = result
        .rule_overrides
        .iter()
        .map(|o| format!("{} {}", o.rule.id, o.setting))
        .collect();
    Some(format!(
        "Rules changed by {}: {}",
        terminal(&first.file),
        changes.join(", ")
    ))
}

/// One line per unresolved item, unused suppression and stale baseline
/// entry, for `--verbose`.
pub fn render_notes(result: &Outcome, out: &mut String) {
    for n in &result.notes {
        match &n.location {
            Some(location) => {
                let _ = writeln!(out, "note: {}: {}", where_(location), terminal(&n.message));
            }
            None => {
                let _ = writeln!(out, "note: {}", terminal(&n.message));
            }
        }
    }
    for u in &result.unresolved {
        let _ = writeln!(
            out,
            "note: {}: {}: {}: {}",
            where_(&u.location),
            terminal(&u.address),
            if u.partly {
                "partly checked"
            } else {
                "not checked"
            },
            terminal(&u.reason)
        );
    }
    for s in &result.suppressed {
        let f = &s.finding;
        let by = match &s.by {
            SuppressedBy::Comment { location, reason } => format!(
                "suppressed by the comment at {}{}",
                where_(location),
                reason
                    .as_deref()
                    .map_or_else(String::new, |r| format!(" ({})", terminal(r)))
            ),
            SuppressedBy::Baseline { file } => format!("in the baseline {}", terminal(file)),
        };
        let _ = writeln!(
            out,
            "note: {}: {} {}: {}",
            where_(&f.location),
            f.rule.id,
            terminal(&f.resource),
            by
        );
    }
}
