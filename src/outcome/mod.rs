//! The outcome of a run: findings, notices, input errors, what was left
//! unresolved, and counts. Reporters read this and nothing else.

mod finding;

use std::collections::BTreeMap;

pub use crate::error::InputError;
pub use crate::model::Unresolved;
#[cfg(test)]
pub(crate) use finding::EXAMPLE_RULE;
pub use finding::{Finding, Related, RuleMeta, Severity};

use crate::source::Location;

/// A message about the run itself, tied to a place when there is one:
/// a suppression without a reason, an unused suppression, a stale baseline entry.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Where, when it is about a place in a file.
    pub location: Option<Location>,
    /// What.
    pub message: String,
}

/// Everything a reporter needs.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every rule keylint has, in id order, for reporters that describe the
    /// tool itself (SARIF's rule list), whether or not it ran.
    pub rules: Vec<&'static RuleMeta>,
    /// Findings, sorted by file, line and rule.
    pub findings: Vec<Finding>,
    /// Files that could not be read or parsed, sorted by file.
    pub errors: Vec<InputError>,
    /// What was left unresolved, sorted by file and line.
    pub unresolved: Vec<Unresolved>,
    /// How many files were read.
    pub files: usize,
    /// How long linting took (discovery to sorted results).
    pub elapsed: std::time::Duration,
    /// Problems with suppressions (they count as warnings for `--fail-on`).
    pub warnings: Vec<Notice>,
    /// What `--verbose` adds: unused suppressions, stale baseline entries.
    pub notes: Vec<Notice>,
    /// Findings left out of [`Outcome::findings`], with what left each out:
    /// a suppression comment or the baseline. Kept so that every report can
    /// say what was switched off, and by what.
    pub suppressed: Vec<Suppressed>,
    /// Rules a configuration file switched off or changed the severity of.
    pub rule_overrides: Vec<RuleOverride>,
    /// Paths the configuration's `exclude` kept out, sorted.
    pub excluded: Vec<String>,
}

/// A finding left out of the results, with what left it out.
#[derive(Debug, Clone)]
pub struct Suppressed {
    /// The finding as the rule made it.
    pub finding: Finding,
    /// What left it out.
    pub by: SuppressedBy,
}

/// What left a finding out.
#[derive(Debug, Clone)]
pub enum SuppressedBy {
    /// A suppression comment in the source, with its reason when it gives one.
    Comment {
        /// Where the comment is.
        location: Location,
        /// The reason written after the rule names.
        reason: Option<String>,
    },
    /// The baseline file (`--baseline`).
    Baseline {
        /// The file, as named on the command line.
        file: String,
    },
}

/// A rule whose setting a configuration file changed.
#[derive(Debug, Clone)]
pub struct RuleOverride {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// `off`, `warning` or `error`.
    pub setting: &'static str,
    /// The configuration file.
    pub file: String,
}

impl Outcome {
    /// Findings counted per rule id, in id order.
    pub fn counts_by_rule(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for f in &self.findings {
            *counts.entry(f.rule.id).or_insert(0) += 1;
        }
        counts
    }

    /// How many findings suppression comments left out.
    pub fn suppressed_in_source(&self) -> usize {
        self.suppressed
            .iter()
            .filter(|s| matches!(s.by, SuppressedBy::Comment { .. }))
            .count()
    }

    /// How many findings the baseline left out.
    pub fn baselined(&self) -> usize {
        self.suppressed.len() - self.suppressed_in_source()
    }

    /// Whether any finding has severity error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}
