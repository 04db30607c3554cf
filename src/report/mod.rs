//! Reporters: turn findings and errors into output. They know findings, not
//! rules or formats.

pub mod human;
pub mod json;

use std::collections::BTreeMap;

use crate::lint::LintResult;

/// Findings counted per rule id, in id order.
pub fn counts_by_rule(result: &LintResult) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for f in &result.findings {
        *counts.entry(f.rule.id).or_insert(0) += 1;
    }
    counts
}
