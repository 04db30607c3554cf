//! Applies suppressions written in the source to the findings, after the rules.

use std::collections::HashSet;

use crate::lint::Notice;
use crate::model::Suppression;
use crate::rules::Finding;
use crate::source::Location;

/// What applying suppressions left over for the report.
#[derive(Debug, Default)]
pub struct Outcome {
    /// How many findings were suppressed.
    pub suppressed: usize,
    /// Suppressions without a reason, or naming no known rule.
    pub warnings: Vec<Notice>,
    /// Suppressions that silenced nothing (for `--verbose`).
    pub unused: Vec<Notice>,
}

fn covers(target: &Location, location: &Location) -> bool {
    target.source.name == location.source.name && target.span.contains(&location.span.start)
}

/// Removes the findings a suppression covers (on the declaration itself or
/// on a module call it was reached through).
pub fn apply(findings: &mut Vec<Finding>, suppressions: &[Suppression]) -> Outcome {
    // The same module is often analysed from several roots: one comment, one entry.
    let mut seen = HashSet::new();
    let unique: Vec<&Suppression> = suppressions
        .iter()
        .filter(|s| seen.insert((s.location.source.name.clone(), s.location.span.start)))
        .collect();
    let mut used = vec![false; unique.len()];
    let before = findings.len();
    findings.retain(|f| {
        let places = std::iter::once(&f.location).chain(f.via.iter());
        let mut suppressed = false;
        for place in places {
            for (i, s) in unique.iter().enumerate() {
                if s.rules.contains(&f.rule.id) && covers(&s.target, place) {
                    used[i] = true;
                    suppressed = true;
                }
            }
        }
        !suppressed
    });
    let mut outcome = Outcome {
        suppressed: before - findings.len(),
        ..Outcome::default()
    };
    for (s, used) in unique.iter().zip(used) {
        let location = Some(s.location.clone());
        if s.rules.is_empty() {
            outcome.warnings.push(Notice {
                location,
                message:
                    "keylint:ignore names no known rule (write e.g. `keylint:ignore KL002 reason`)"
                        .into(),
            });
            continue;
        }
        if s.reason.is_none() {
            outcome.warnings.push(Notice {
                location: location.clone(),
                message: format!(
                    "suppression of {} has no reason: say why it is safe",
                    s.rules.join(", ")
                ),
            });
        }
        if !used {
            outcome.unused.push(Notice {
                location,
                message: format!(
                    "unused suppression of {}: nothing to silence here",
                    s.rules.join(", ")
                ),
            });
        }
    }
    outcome
}
