//! From the analyses of every unit to one outcome: merged, sorted and
//! deduplicated, with suppressions and the baseline applied.

use super::LintOptions;
use crate::frontend::Analysis;
use crate::outcome::{Finding, InputError, Notice, Outcome, Suppressed, SuppressedBy, Unresolved};
use crate::rules;
use crate::settings::suppressions;

/// Merges the analyses, sorts, and applies suppressions and the baseline.
pub(super) fn gather(
    analyses: Vec<(Analysis, Vec<Finding>)>,
    errors: Vec<InputError>,
    options: &LintOptions,
) -> Outcome {
    let baseline = options.baseline.as_ref();
    let mut outcome = Outcome {
        rules: rules::metadata().collect(),
        errors,
        ..Outcome::default()
    };
    let mut written = Vec::new();
    for (analysis, findings) in analyses {
        outcome.files += analysis.files;
        outcome.errors.extend(analysis.errors);
        outcome.unresolved.extend(analysis.model.unresolved);
        written.extend(analysis.model.suppressions);
        outcome.findings.extend(findings);
    }
    sort(&mut outcome);
    if options.strict {
        // Comments are the repository's to write: in strict mode they
        // switch nothing off.
        written.clear();
    }
    let applied = suppressions::apply(&mut outcome.findings, &written);
    outcome.suppressed = applied.suppressed;
    outcome.warnings = applied.warnings;
    outcome.notes = applied.unused;
    if let Some(baseline) = baseline {
        let (removed, stale) = baseline.apply(&mut outcome.findings);
        outcome
            .suppressed
            .extend(removed.into_iter().map(|finding| Suppressed {
                finding,
                by: SuppressedBy::Baseline {
                    file: baseline.file.clone(),
                },
            }));
        outcome.notes.extend(stale.into_iter().map(|e| Notice {
            location: None,
            message: format!(
                "baseline entry {} ({} {} in {}) matches no finding: fixed, or changed; rewrite the baseline",
                e.fingerprint, e.rule, e.resource, e.file
            ),
        }));
    }
    outcome
}

/// Sorts and removes duplicates: a module that is both a root and called
/// from another root is analysed twice, and its file errors are met twice.
fn sort(outcome: &mut Outcome) {
    sort_unique(&mut outcome.findings, |f: &Finding| {
        let p = f.location.start();
        (
            f.location.source.name.clone(),
            p.line,
            p.column,
            f.rule.id,
            f.resource.clone(),
            f.user.clone(),
            // `--all-inputs` may find a key twice, with other keys beside
            // it under other inputs: each says when.
            f.message.clone(),
        )
    });
    sort_unique(&mut outcome.errors, |e: &InputError| {
        (e.file.clone(), e.position, e.message.clone())
    });
    sort_unique(&mut outcome.unresolved, |u: &Unresolved| {
        (
            u.location.source.name.clone(),
            u.location.start(),
            u.address.clone(),
            u.reason.clone(),
        )
    });
}

/// Sorts by `key` (stably: of equal items the first met stays) and keeps
/// one item per key.
fn sort_unique<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    items.sort_by_cached_key(&key);
    items.dedup_by(|a, b| key(a) == key(b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_keeps_the_first_of_equal_keys() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
        sort_unique(&mut items, |&(k, _)| k);
        assert_eq!(items, [(1, 'b'), (2, 'a')]);
    }
}
