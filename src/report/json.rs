//! `--format json`: a stable, versioned document for tools.

use serde::Serialize;

use super::{ReportOptions, Reporter};
use crate::outcome::{self, Outcome};
use crate::source::Location;

/// `--format json`.
pub struct Json;

impl Reporter for Json {
    fn render(&self, outcome: &Outcome, _options: &ReportOptions) -> String {
        render(outcome)
    }
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<Finding<'a>>,
    errors: Vec<Error<'a>>,
    warnings: Vec<Warning<'a>>,
    unresolved: Vec<Unresolved<'a>>,
    /// Findings left out, with what left each out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressed: Vec<SuppressedFinding<'a>>,
    /// Rules a configuration file switched off or changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rule_overrides: Vec<RuleOverride<'a>>,
    /// Paths the configuration's `exclude` kept out.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    excluded: &'a [String],
    summary: Summary,
}

#[derive(Serialize)]
struct SuppressedFinding<'a> {
    #[serde(flatten)]
    finding: Finding<'a>,
    suppression: Suppression<'a>,
}

/// Spelled as SARIF spells its `suppression`: `inSource` or `external`.
#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<Related<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a str>,
}

#[derive(Serialize)]
struct RuleOverride<'a> {
    rule: &'static str,
    setting: &'static str,
    file: &'a str,
}

#[derive(Serialize)]
struct Warning<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    resource: &'a str,
    user: &'a str,
    fingerprint: String,
    related: Vec<Related<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    via: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct Error<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct Unresolved<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    resource: &'a str,
    reason: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    partly_checked: bool,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    suppressed: usize,
    baselined: usize,
}

fn related<'a>(location: &'a Location, message: &'a str) -> Related<'a> {
    let start = location.start();
    Related {
        file: &location.source.name,
        line: start.line,
        column: start.column,
        message,
    }
}

/// Renders the result as pretty-printed JSON.
pub fn render(result: &Outcome) -> String {
    let doc = Document {
        version: 1,
        findings: result.findings.iter().map(finding).collect(),
        errors: result.errors.iter().map(error).collect(),
        warnings: result.warnings.iter().map(warning).collect(),
        unresolved: result.unresolved.iter().map(unresolved).collect(),
        suppressed: result.suppressed.iter().map(suppressed).collect(),
        rule_overrides: result
            .rule_overrides
            .iter()
            .map(|o| RuleOverride {
                rule: o.rule.id,
                setting: o.setting,
                file: &o.file,
            })
            .collect(),
        excluded: &result.excluded,
        summary: Summary {
            files: result.files,
            findings: result.findings.len(),
            errors: result.errors.len(),
            warnings: result.warnings.len(),
            suppressed: result.suppressed_in_source(),
            baselined: result.baselined(),
        },
    };
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}

fn finding(f: &outcome::Finding) -> Finding<'_> {
    let (start, end) = f.location.range();
    Finding {
        rule: f.rule.id,
        name: f.rule.name,
        severity: f.severity.as_str(),
        message: &f.message,
        file: &f.location.source.name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        resource: &f.resource,
        user: &f.user,
        fingerprint: f.fingerprint(),
        related: f
            .related
            .iter()
            .map(|r| related(&r.location, &r.message))
            .collect(),
        via: f.via.iter().map(|l| related(l, f.via_kind)).collect(),
    }
}

fn suppressed(s: &outcome::Suppressed) -> SuppressedFinding<'_> {
    let suppression = match &s.by {
        outcome::SuppressedBy::Comment { location, reason } => Suppression {
            kind: "inSource",
            justification: reason.as_deref(),
            comment: Some(related(location, "suppression comment")),
            baseline: None,
        },
        outcome::SuppressedBy::Baseline { file } => Suppression {
            kind: "external",
            justification: None,
            comment: None,
            baseline: Some(file),
        },
    };
    SuppressedFinding {
        finding: finding(&s.finding),
        suppression,
    }
}

fn error(e: &outcome::InputError) -> Error<'_> {
    Error {
        file: &e.file,
        line: e.position.map(|p| p.line),
        column: e.position.map(|p| p.column),
        message: &e.message,
    }
}

fn unresolved(u: &outcome::Unresolved) -> Unresolved<'_> {
    let start = u.location.start();
    Unresolved {
        file: &u.location.source.name,
        line: start.line,
        column: start.column,
        resource: &u.address,
        reason: &u.reason,
        partly_checked: u.partly,
    }
}

fn warning(w: &outcome::Notice) -> Warning<'_> {
    let start = w.location.as_ref().map(|l| l.start());
    Warning {
        file: w.location.as_ref().map(|l| l.source.name.as_str()),
        line: start.map(|p| p.line),
        column: start.map(|p| p.column),
        message: &w.message,
    }
}
