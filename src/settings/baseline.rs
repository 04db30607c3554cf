//! Baselines: today's findings recorded by fingerprint, so that a run with
//! `--baseline` reports only new ones.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

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
    /// Format version: 2 names files relative to the baseline's own
    /// directory; 1 (still read) named them as the run that wrote it did.
    pub version: u32,
    /// The recorded findings.
    pub findings: Vec<Entry>,
    /// The file it was read from, as named (empty for one made in memory).
    #[serde(skip)]
    pub file: String,
    /// The directory files are named relative to (version 2), so that a
    /// baseline written in `infra/` matches from the repository root too.
    #[serde(skip)]
    dir: Option<PathBuf>,
}

impl Baseline {
    /// Records `findings` in a baseline to be written at `path`.
    pub fn of(findings: &[Finding], path: &Path) -> Self {
        let dir = Some(crate::paths::parent_dir(path).to_path_buf());
        let findings = findings
            .iter()
            .map(|f| {
                let file = file_of(f, dir.as_deref());
                Entry {
                    fingerprint: f.fingerprint_as(&file),
                    rule: f.rule.id.to_owned(),
                    file,
                    resource: f.resource.clone(),
                }
            })
            .collect();
        Baseline {
            version: 2,
            file: String::new(),
            findings,
            dir,
        }
    }

    /// A finding's fingerprint as this baseline records it.
    fn fingerprint(&self, finding: &Finding) -> String {
        finding.fingerprint_as(&file_of(finding, self.dir.as_deref()))
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
        if baseline.version == 2 {
            baseline.dir = Some(crate::paths::parent_dir(path).to_path_buf());
        }
        if !matches!(baseline.version, 1 | 2) {
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
        let current: HashSet<String> = findings.iter().map(|f| self.fingerprint(f)).collect();
        let recorded: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let (removed, kept) = std::mem::take(findings)
            .into_iter()
            .partition(|f| recorded.contains(self.fingerprint(f).as_str()));
        *findings = kept;
        let stale = self
            .findings
            .iter()
            .filter(|e| !current.contains(&e.fingerprint))
            .collect();
        (removed, stale)
    }
}

/// A finding's file as a baseline names it: relative to the baseline's
/// directory (version 2), else as the run shows it (version 1).
fn file_of(finding: &Finding, dir: Option<&Path>) -> String {
    match dir {
        Some(dir) => {
            let relative = crate::paths::relative_to(&finding.location.source.path, dir);
            crate::paths::display_path(&relative)
        }
        None => finding.location.source.name.clone(),
    }
}
