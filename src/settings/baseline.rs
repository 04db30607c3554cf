//! Baselines: today's findings recorded by fingerprint, so that a run with
//! `--baseline` reports only new ones.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config_file as file;
use crate::outcome::Finding;
use crate::paths::Boundary;

/// One recorded finding.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// [`Finding::fingerprint`].
    pub fingerprint: String,
    /// Rule id, for people reading the file.
    pub rule: String,
    /// File, for people reading the file.
    pub file: String,
    /// Resource, for people reading the file.
    pub resource: String,
}

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version, 1.
    pub version: u32,
    /// The recorded findings.
    pub findings: Vec<Entry>,
    /// The file it was read from, as named (empty for one made in memory).
    #[serde(skip)]
    pub file: String,
}

impl Baseline {
    /// Records `findings`.
    pub fn of(findings: &[Finding]) -> Self {
        Baseline {
            version: 1,
            file: String::new(),
            findings: findings
                .iter()
                .map(|f| Entry {
                    fingerprint: f.fingerprint(),
                    rule: f.rule.id.to_owned(),
                    file: f.location.source.name.clone(),
                    resource: f.resource.clone(),
                })
                .collect(),
        }
    }

    /// Reads a baseline file.
    pub fn read(path: &Path, boundary: &Boundary) -> Result<Self, String> {
        let text = file::read(path, "baseline", boundary)?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            let position = (e.line() > 0).then(|| (e.line(), e.column()));
            // serde_json ends its message with the position: given apart.
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or_default();
            file::parse_error(path, "baseline", position, message)
        })?;
        let mut baseline = baseline;
        baseline.file = crate::paths::display_path(path);
        if baseline.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Writes the baseline as pretty JSON.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write baseline: {e}", path.display()))
    }

    /// Removes findings the baseline records; returns them
    /// and the entries that matched nothing (fixed, or changed beyond recognition).
    pub fn apply(&self, findings: &mut Vec<Finding>) -> (Vec<Finding>, Vec<&Entry>) {
        let current: HashSet<String> = findings.iter().map(Finding::fingerprint).collect();
        let recorded: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let (removed, kept) = std::mem::take(findings)
            .into_iter()
            .partition(|f| recorded.contains(f.fingerprint().as_str()));
        *findings = kept;
        let stale = self
            .findings
            .iter()
            .filter(|e| !current.contains(&e.fingerprint))
            .collect();
        (removed, stale)
    }
}
