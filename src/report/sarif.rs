//! `--format sarif`: one SARIF 2.1.0 run, as GitHub code scanning and other
//! SARIF viewers ingest it.
//!
//! Never quotes source text (`region.snippet`, artifact contents): a snippet
//! could hold a secret. Columns are UTF-16 code units, SARIF's default
//! `columnKind`, computed from the source text.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};

use super::locate::{FilePath, error_start, file_uri, locate, percent_encode, utf16_range};
use super::{ReportOptions, Reporter};
use crate::outcome::{Finding, InputError, Notice, Outcome, RuleMeta, Severity, SuppressedBy};
use crate::source::{Location, Position};

/// `--format sarif`.
pub struct Sarif;

impl Reporter for Sarif {
    fn render(&self, outcome: &Outcome, options: &ReportOptions) -> String {
        render(outcome, options.base.as_deref())
    }
}

/// The published schema this document follows.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base every relative `artifactLocation.uri` is resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// Renders the result as one SARIF run. `base` is the directory relative
/// URIs are relative to (the current directory, normally the repository
/// root); files outside it get absolute `file:` URIs.
pub fn render(result: &Outcome, base: Option<&Path>) -> String {
    let rule_index: HashMap<&str, usize> = result
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i))
        .collect();
    let mut results: Vec<Value> = result
        .findings
        .iter()
        .map(|f| finding(f, rule_index.get(f.rule.id).copied(), base))
        .collect();
    // Suppressed and baselined results stay, marked: code scanning shows
    // them as dismissed, and nothing disappears without a trace.
    results.extend(result.suppressed.iter().map(|s| {
        let mut value = finding(&s.finding, rule_index.get(s.finding.rule.id).copied(), base);
        value["suppressions"] = json!([suppression(&s.by, base)]);
        value
    }));
    let mut run = json!({
        "tool": {"driver": driver(&result.rules)},
        "invocations": [invocation(result, base)],
        "results": results,
        "columnKind": "utf16CodeUnits",
    });
    if let Some(base) = base {
        run["originalUriBaseIds"] = json!({ SRCROOT: {"uri": base_uri(base)} });
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn driver(rules: &[&RuleMeta]) -> Value {
    let rules: Vec<Value> = rules.iter().map(|r| rule(r)).collect();
    json!({
        "name": "keylint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": crate::REPOSITORY,
        "rules": rules,
    })
}

/// A rule's descriptor, with the properties GitHub reads: `security-severity`
/// (a number as a string) and a `security` tag make its results security
/// alerts; `precision` and `problem.severity` rank them.
fn rule(meta: &RuleMeta) -> Value {
    json!({
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": sentence(meta.summary)},
        "fullDescription": {"text": format!("{} ({}).", meta.summary, meta.control)},
        "help": {"text": meta.doc, "markdown": meta.doc},
        "helpUri": meta.url(),
        "defaultConfiguration": {"level": meta.severity.as_str()},
        "properties": {
            "security-severity": security_severity(meta.severity),
            "tags": ["security", "iam", meta.control],
            "precision": "very-high",
            "problem.severity": meta.severity.as_str(),
        },
    })
}

/// GitHub maps over 7.0 to "high" and 4.0-6.9 to "medium".
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "7.5",
        Severity::Warning => "4.0",
    }
}

fn finding(f: &Finding, rule_index: Option<usize>, base: Option<&Path>) -> Value {
    let reached = format!("reached through this {}", f.via_kind);
    let related = f
        .related
        .iter()
        .map(|r| (&r.location, r.message.as_str()))
        .chain(f.via.iter().map(|l| (l, reached.as_str())))
        .enumerate()
        .map(|(i, (location, message))| {
            json!({
                "id": i + 1,
                "physicalLocation": physical_location(location, base),
                "message": {"text": sentence(message)},
            })
        })
        .collect::<Vec<_>>();
    let mut result = json!({
        "ruleId": f.rule.id,
        "level": f.severity.as_str(),
        "message": {"text": sentence(&f.message)},
        "locations": [{
            "physicalLocation": physical_location(&f.location, base),
            "logicalLocations": [{
                "name": f.resource,
                "fullyQualifiedName": f.resource,
                "kind": "resource",
            }],
        }],
        "partialFingerprints": {
            "primaryLocationLineHash": format!("{}:1", f.fingerprint()),
        },
        "properties": {"user": f.user, "resource": f.resource},
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

fn physical_location(location: &Location, base: Option<&Path>) -> Value {
    let (start, end) = utf16_range(&location.source, &location.span);
    json!({
        "artifactLocation": artifact_location(&location.source.name, base),
        "region": region(start, end),
    })
}

/// A region from start to end (end column exclusive, UTF-16 code units).
fn region(start: Position, end: Position) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A relative URI against `%SRCROOT%`, or an absolute `file:` URI for a file
/// outside the base directory.
fn artifact_location(name: &str, base: Option<&Path>) -> Value {
    match locate(name, base) {
        FilePath::Relative(path) => json!({"uri": percent_encode(&path), "uriBaseId": SRCROOT}),
        FilePath::Absolute(path) => json!({"uri": file_uri(&path, false)}),
    }
}

/// The base directory as a `file:` URI ending in `/`, as SARIF requires of
/// a base.
fn base_uri(base: &Path) -> String {
    file_uri(&base.to_string_lossy().replace('\\', "/"), true)
}

/// Files that could not be read or parsed become error notifications (the
/// run then did not fully succeed); problems with suppressions, warnings.
fn invocation(result: &Outcome, base: Option<&Path>) -> Value {
    let notifications: Vec<Value> = result
        .errors
        .iter()
        .map(|e| notification(e, base))
        .chain(result.warnings.iter().map(|w| warning(w, base)))
        .collect();
    let mut invocation = json!({
        "executionSuccessful": result.errors.is_empty(),
        "toolExecutionNotifications": notifications,
    });
    if !result.rule_overrides.is_empty() {
        let index = |id: &str| result.rules.iter().position(|r| r.id == id);
        let overrides: Vec<Value> = result
            .rule_overrides
            .iter()
            .map(|o| {
                let configuration = match o.setting {
                    "off" => json!({"enabled": false}),
                    level => json!({"level": level}),
                };
                let mut descriptor = json!({"id": o.rule.id});
                if let Some(i) = index(o.rule.id) {
                    descriptor["index"] = json!(i);
                }
                json!({
                    "descriptor": descriptor,
                    "configuration": configuration,
                    "properties": {"file": o.file},
                })
            })
            .collect();
        invocation["ruleConfigurationOverrides"] = Value::Array(overrides);
    }
    if let Some(base) = base {
        invocation["workingDirectory"] = json!({"uri": base_uri(base)});
    }
    invocation
}

/// A SARIF `suppression`: a comment in the source, or the baseline.
fn suppression(by: &SuppressedBy, base: Option<&Path>) -> Value {
    match by {
        SuppressedBy::Comment { location, reason } => {
            let mut value = json!({
                "kind": "inSource",
                "location": {"physicalLocation": physical_location(location, base)},
            });
            if let Some(reason) = reason {
                value["justification"] = json!(reason);
            }
            value
        }
        SuppressedBy::Baseline { file } => json!({
            "kind": "external",
            "justification": format!("recorded in the baseline {file}"),
        }),
    }
}

fn notification(e: &InputError, base: Option<&Path>) -> Value {
    let mut physical = json!({"artifactLocation": artifact_location(&e.file, base)});
    if let Some((line, column)) = error_start(e) {
        physical["region"] = json!({"startLine": line});
        if let Some(column) = column {
            physical["region"]["startColumn"] = json!(column);
        }
    }
    json!({
        "level": "error",
        "message": {"text": sentence(&e.message)},
        "locations": [{"physicalLocation": physical}],
    })
}

fn warning(notice: &Notice, base: Option<&Path>) -> Value {
    let mut value = json!({
        "level": "warning",
        "message": {"text": sentence(&notice.message)},
    });
    if let Some(location) = &notice.location {
        value["locations"] = json!([{"physicalLocation": physical_location(location, base)}]);
    }
    value
}

/// SARIF asks for messages that are full sentences, ending in a period.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_with_a_period() {
        assert_eq!(sentence("key is active"), "key is active.");
        assert_eq!(sentence("done. "), "done.");
    }

    #[test]
    fn every_rule_is_described() {
        let outcome = Outcome {
            rules: vec![&crate::outcome::EXAMPLE_RULE],
            ..Outcome::default()
        };
        let doc: Value = serde_json::from_str(&render(&outcome, None)).unwrap();
        let rules = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), outcome.rules.len());
        for rule in rules {
            assert!(rule["properties"]["security-severity"].is_string());
            assert!(rule["help"]["markdown"].as_str().unwrap().starts_with('#'));
        }
        assert_eq!(
            doc["runs"][0]["invocations"][0]["executionSuccessful"],
            true
        );
        assert!(doc["runs"][0].get("originalUriBaseIds").is_none());
    }

    #[test]
    fn artifact_locations() {
        let base = Some(Path::new("/w/repo"));
        assert_eq!(
            artifact_location("a b/ü.tf", base),
            json!({"uri": "a%20b/%C3%BC.tf", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("/w/repo/x.tf", base),
            json!({"uri": "x.tf", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("/tmp/x y.tf", base),
            json!({"uri": "file:///tmp/x%20y.tf"})
        );
    }
}
