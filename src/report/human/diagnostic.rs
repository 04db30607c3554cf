//! miette's view of keylint's reports: one diagnostic type for findings,
//! errors and notices, and source snippets read through the line index.
//!
//! miette reads snippets through [`SourceCode`]; ours uses the line index
//! built once per file, so rendering thousands of findings never re-scans a
//! file. Files that may not be quoted (plans), and any line too long to show
//! (minified JSON), are named by file and position instead: miette cannot
//! label columns past 65,535, and nobody can read such a snippet anyway.

use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::escape;
use crate::source::{Location, Source, SourceFile};

/// Lines longer than this are never quoted.
const MAX_SNIPPET_LINE: usize = 2_000;

/// One diagnostic as miette sees it: findings, errors and related notes.
pub(super) struct Report {
    /// The headline.
    pub(super) message: String,
    /// `<rule id> <rule name>` for findings.
    pub(super) code: Option<String>,
    severity: miette::Severity,
    /// How to fix it.
    pub(super) help: Option<String>,
    /// Where the rule is documented.
    pub(super) url: Option<String>,
    /// The file snippets are quoted from, when they are.
    pub(super) source: Option<Source>,
    /// Labelled spans in `source`.
    pub(super) labels: Vec<LabeledSpan>,
    /// Reports shown under this one (places in other files).
    pub(super) related: Vec<Report>,
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
    pub(super) fn plain(message: String, severity: miette::Severity) -> Self {
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
            escape::terminal(&self.name),
            &text[from..to],
            (from, to - from).into(),
            first,
            column,
            last + 1,
        )))
    }
}

/// Whether a location can be quoted as a snippet.
pub(super) fn showable(location: &Location) -> bool {
    if !location.source.quotable {
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
pub(super) fn first_line(location: &Location) -> Range<usize> {
    let text = &location.source.text;
    let start = location.span.start.min(text.len());
    let end = location.span.end.min(text.len()).max(start);
    let line_end = text[start..end].find('\n').map_or(end, |i| start + i);
    let trimmed = text[start..line_end].trim_end().len();
    start..start + trimmed.max(1).min(text.len() - start)
}

/// `file:line:column` of a location, for people.
pub(super) fn where_(location: &Location) -> String {
    let p = location.start();
    format!(
        "{}:{}:{}",
        escape::terminal(&location.source.name),
        p.line,
        p.column
    )
}

/// A report for `message` at `location`: a snippet when showable, else the
/// position appended to the message.
pub(super) fn located(
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
