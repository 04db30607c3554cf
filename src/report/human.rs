//! `--format human`: miette diagnostics with source snippets.
//!
//! miette reads snippets through [`SourceCode`]; ours uses the line index
//! built once per file, so rendering thousands of findings never re-scans a
//! file. Plans, and any line too long to show (minified JSON), are named by
//! file and position instead of quoted: miette cannot label columns past
//! 65,535, and nobody can read such a snippet anyway.

use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::counts_by_rule;
use crate::error::InputError;
use crate::lint::{LintResult, Notice};
use crate::rules::{Finding, Severity};
use crate::source::{Location, Source, SourceFile, SourceKind};

/// Lines longer than this are never quoted.
const MAX_SNIPPET_LINE: usize = 2_000;

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

/// One diagnostic as miette sees it: findings, errors and related notes.
struct Report {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    url: Option<String>,
    source: Option<Source>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Report {
    /// A message with nothing else: no code, help, snippet or related notes.
    fn plain(message: String, severity: miette::Severity) -> Self {
        Report {
            message,
            code: None,
            severity,
            help: None,
            url: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        }
    }
}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_deref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // Snippets come from the redacted text: same offsets, no secrets.
        let text = self.shown_text().as_bytes();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let starts = self.line_starts();
        let span_first = self.line_index(start);
        let span_last = self.line_index(end.saturating_sub(1).max(start));
        let first = span_first.saturating_sub(context_lines_before);
        let last = (span_last + context_lines_after).min(starts.len() - 1);
        let from = starts[first];
        let to = starts.get(last + 1).copied().unwrap_or(text.len());
        let column = if context_lines_before == 0 {
            start - starts[span_first]
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            safe(&self.name),
            &text[from..to],
            (from, to - from).into(),
            first,
            column,
            last + 1,
        )))
    }
}

/// Whether a location can be quoted as a snippet.
fn showable(location: &Location) -> bool {
    if location.source.kind == SourceKind::Plan {
        return false;
    }
    let source = &location.source;
    let line = source.line_index(location.span.start);
    let starts = source.line_starts();
    let end = starts.get(line + 1).copied().unwrap_or(source.text.len());
    end - starts[line] <= MAX_SNIPPET_LINE
}

/// The first line of a span: the `resource "..." "..." {` line or the
/// logical id, so a label never quotes a whole block.
fn first_line(location: &Location) -> Range<usize> {
    let text = &location.source.text;
    let start = location.span.start.min(text.len());
    let end = location.span.end.min(text.len()).max(start);
    let line_end = text[start..end].find('\n').map_or(end, |i| start + i);
    let trimmed = text[start..line_end].trim_end().len();
    start..start + trimmed.max(1).min(text.len() - start)
}

fn where_(location: &Location) -> String {
    let p = location.start();
    format!("{}:{}:{}", safe(&location.source.name), p.line, p.column)
}

/// Text from input (file names, resource and user names, parser messages)
/// made safe for a terminal: control characters, which could move the
/// cursor, recolour or retitle the terminal or start a line that looks like
/// output of its own, are shown as escapes (`\x1b`, `\r`, `\n`, `\u{9b}`), and
/// so are bidirectional overrides.
pub fn safe(text: &str) -> String {
    escape(text, false)
}

/// Like [`safe`], but line breaks stay (multi-line parser messages).
fn safe_lines(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> String {
    if !text.chars().any(super::is_unsafe_char) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if super::is_unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// A report for `message` at `location`: a snippet when showable, else the
/// position appended to the message.
fn located(
    message: String,
    location: &Location,
    label: &str,
    severity: miette::Severity,
) -> Report {
    let mut report = Report::plain(message, severity);
    if showable(location) {
        report.source = Some(location.source.clone());
        report.labels.push(LabeledSpan::new_primary_with_span(
            Some(label.to_owned()),
            first_line(location),
        ));
    } else {
        let _ = write!(report.message, " (at {})", where_(location));
    }
    report
}

fn finding_report(f: &Finding) -> Report {
    let mut report = located(
        safe(&f.message),
        &f.location,
        "active access key",
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
                Some(safe(&related.message)),
                first_line(&related.location),
            ));
        } else {
            report.related.push(located(
                safe(&related.message),
                &related.location,
                "declared here",
                miette::Severity::Advice,
            ));
        }
    }
    for call in &f.via {
        report.related.push(located(
            "reached through this module call".to_owned(),
            call,
            "module call",
            miette::Severity::Advice,
        ));
    }
    report
}

fn error_report(e: &InputError) -> Report {
    let (file, text) = (safe(&e.file), safe_lines(&e.message));
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
pub fn render(result: &LintResult, options: HumanOptions, out: &mut String) {
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
        Some(location) => located(safe(&notice.message), location, "here", severity),
        None => Report::plain(safe(&notice.message), severity),
    }
}

/// `Found 2 findings (KL001: 1, KL002: 1) in 3 files.` and any errors.
pub fn summary(result: &LintResult) -> String {
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
        let per_rule: Vec<String> = counts_by_rule(result)
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
    if result.suppressed > 0 {
        left_out.push(format!("{} suppressed", result.suppressed));
    }
    if result.baselined > 0 {
        left_out.push(format!("{} in the baseline", result.baselined));
    }
    if !left_out.is_empty() {
        line.pop();
        let _ = write!(line, "; {}.", left_out.join(", "));
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

/// One line per unresolved item, unused suppression and stale baseline
/// entry, for `--verbose`.
pub fn render_unresolved(result: &LintResult, out: &mut String) {
    for n in &result.notes {
        match &n.location {
            Some(location) => {
                let _ = writeln!(out, "note: {}: {}", where_(location), safe(&n.message));
            }
            None => {
                let _ = writeln!(out, "note: {}", safe(&n.message));
            }
        }
    }
    for u in &result.unresolved {
        let _ = writeln!(
            out,
            "note: {}: {}: not checked: {}",
            where_(&u.location),
            safe(&u.address),
            safe(&u.reason)
        );
    }
}
