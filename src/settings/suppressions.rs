//! Applies the suppressions written in source to the findings, after the
//! rules ran: resolves the rule names each one gives (by id or name), drops
//! the findings it covers, and reports suppressions without a reason or
//! that silence nothing.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::model::{Suppression, SuppressionRequest};
use crate::outcome::{Finding, Notice, Suppressed, SuppressedBy};
use crate::rules;
use crate::source::Location;

/// What applying suppressions left over for the report.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings suppressed, with the comment that did it.
    pub suppressed: Vec<Suppressed>,
    /// Suppressions without a reason, or naming no known rule.
    pub warnings: Vec<Notice>,
    /// Suppressions that silenced nothing (for `--verbose`).
    pub unused: Vec<Notice>,
}

/// A suppression with its rule names resolved.
struct Resolved<'s> {
    suppression: &'s Suppression,
    rules: Vec<&'static str>,
    reason: Option<String>,
}

/// Suppression targets by file, sorted by start, to find the ones that
/// cover a place in logarithmic time (a file with thousands of blocks and
/// comments would otherwise cost their product). Targets are blocks or
/// logical resources: they do not overlap, so only those that share the
/// greatest start at or before a place can cover it.
struct Targets<'s> {
    by_file: HashMap<&'s str, Vec<(Range<usize>, usize)>>,
}

impl<'s> Targets<'s> {
    fn new(targets: impl Iterator<Item = &'s Location>) -> Self {
        let mut by_file: HashMap<&str, Vec<(Range<usize>, usize)>> = HashMap::new();
        for (i, target) in targets.enumerate() {
            by_file
                .entry(target.source.name.as_str())
                .or_default()
                .push((target.span.clone(), i));
        }
        for list in by_file.values_mut() {
            list.sort_by_key(|(span, i)| (span.start, *i));
        }
        Targets { by_file }
    }

    /// The indices of the targets that cover `place`'s start.
    fn covering(&self, place: &Location) -> impl Iterator<Item = usize> + '_ {
        let list = self
            .by_file
            .get(place.source.name.as_str())
            .map_or(&[][..], Vec::as_slice);
        let at = place.span.start;
        let end = list.partition_point(|(span, _)| span.start <= at);
        let start = list[..end].last().map_or(end, |(last, _)| {
            list[..end].partition_point(|(s, _)| s.start < last.start)
        });
        list[start..end]
            .iter()
            .filter(move |(span, _)| span.contains(&at))
            .map(|&(_, i)| i)
    }
}

/// Removes the findings a suppression covers (on the declaration itself or
/// on a module call it was reached through).
pub fn apply(findings: &mut Vec<Finding>, suppressions: &[Suppression]) -> Outcome {
    // The same module is often analysed from several roots: one comment, one entry.
    let mut seen = HashSet::new();
    let unique: Vec<Resolved<'_>> = suppressions
        .iter()
        .filter(|s| seen.insert((s.location.source.name.clone(), s.location.span.start)))
        .map(|suppression| {
            let (rules, reason) = resolve(&suppression.request);
            Resolved {
                suppression,
                rules,
                reason,
            }
        })
        .collect();
    let mut used = vec![false; unique.len()];
    let mut suppressed = Vec::new();
    let targets = Targets::new(unique.iter().map(|s| &s.suppression.target));
    for f in std::mem::take(findings) {
        let places = std::iter::once(&f.location).chain(f.via.iter());
        // The first suppression that covers the finding is named for it;
        // every one that covers it counts as used.
        let mut by = None;
        for place in places {
            let mut covering: Vec<usize> = targets.covering(place).collect();
            covering.sort_unstable();
            for i in covering {
                if unique[i].rules.contains(&f.rule.id) {
                    used[i] = true;
                    by.get_or_insert(i);
                }
            }
        }
        match by {
            Some(i) => suppressed.push(Suppressed {
                finding: f,
                by: SuppressedBy::Comment {
                    location: unique[i].suppression.location.clone(),
                    reason: unique[i].reason.clone(),
                },
            }),
            None => findings.push(f),
        }
    }
    let mut outcome = Outcome {
        suppressed,
        ..Outcome::default()
    };
    for (s, used) in unique.iter().zip(used) {
        report(s, used, &mut outcome);
    }
    outcome
}

/// Marks in `model` each declaration a suppression comment covers (itself,
/// or a module call it is reached through), with the rules it names.
pub fn mark_silenced(model: &mut crate::model::Model) {
    if model.suppressions.is_empty() {
        return;
    }
    let rules: Vec<Vec<&'static str>> = model
        .suppressions
        .iter()
        .map(|s| resolve(&s.request).0)
        .collect();
    let targets = Targets::new(model.suppressions.iter().map(|s| &s.target));
    let mut silenced = HashSet::new();
    for (id, decl) in model.declarations.iter().enumerate() {
        let places = std::iter::once(&decl.location).chain(decl.via.iter());
        for place in places {
            for i in targets.covering(place) {
                silenced.extend(rules[i].iter().map(|&r| (id, r)));
            }
        }
    }
    model.silenced = silenced;
}

/// The warnings and notes one suppression deserves.
fn report(s: &Resolved<'_>, used: bool, outcome: &mut Outcome) {
    let location = Some(s.suppression.location.clone());
    if let SuppressionRequest::Malformed(text) = &s.suppression.request {
        outcome.warnings.push(Notice {
            location,
            message: format!(
                "`{}` is not a suppression and silences nothing: write `keylint:ignore <rule> <reason>`",
                crate::escape::terminal(text)
            ),
        });
        return;
    }
    if s.rules.is_empty() {
        let example = rules::metadata().last().map_or("", |m| m.id);
        outcome.warnings.push(Notice {
            location,
            message: format!(
                "keylint:ignore names no known rule (write e.g. `keylint:ignore {example} reason`)"
            ),
        });
        return;
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

/// The rule ids a suppression names (unknown names are left out) and its
/// reason.
pub fn resolve(request: &SuppressionRequest) -> (Vec<&'static str>, Option<String>) {
    match request {
        SuppressionRequest::Directive(text) => parse_directive(text),
        SuppressionRequest::Malformed(_) => (Vec::new(), None),
        SuppressionRequest::Listed {
            rules: names,
            reason,
        } => (
            names
                .iter()
                .filter_map(|n| rules::find(n))
                .map(|m| m.id)
                .collect(),
            reason.clone(),
        ),
    }
}

/// `<rule>,<rule> reason text` → rule ids and the reason. Rules may be given
/// by id or name, separated by commas or spaces; the first word that is not
/// a rule starts the reason.
fn parse_directive(text: &str) -> (Vec<&'static str>, Option<String>) {
    let mut rules_found = Vec::new();
    let mut rest = text.trim_start();
    loop {
        let word_end = rest
            .find(|c: char| c.is_whitespace() || c == ',' || c == ':')
            .unwrap_or(rest.len());
        let word = &rest[..word_end];
        let Some(meta) = (!word.is_empty()).then(|| rules::find(word)).flatten() else {
            break;
        };
        rules_found.push(meta.id);
        rest = rest[word_end..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    }
    let reason = rest.trim().trim_start_matches([':', '-', '—']).trim();
    (rules_found, (!reason.is_empty()).then(|| reason.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first two rules of the registry, by id and by name.
    fn two_rules() -> (
        &'static crate::outcome::RuleMeta,
        &'static crate::outcome::RuleMeta,
    ) {
        let mut metas = rules::metadata();
        (metas.next().unwrap(), metas.next().unwrap())
    }

    #[test]
    fn directives() {
        let (a, b) = two_rules();
        assert_eq!(
            parse_directive(&format!(" {} rotation in progress", b.id)),
            (vec![b.id], Some("rotation in progress".into()))
        );
        assert_eq!(
            parse_directive(&format!(" {}, {}: legacy", a.id, b.id)),
            (vec![a.id, b.id], Some("legacy".into()))
        );
        assert_eq!(parse_directive(&format!(" {}", b.name)), (vec![b.id], None));
        assert_eq!(
            parse_directive(" because"),
            (vec![], Some("because".into()))
        );
    }

    #[test]
    fn listed_names_resolve_by_id_or_name_and_unknown_ones_drop() {
        let (a, b) = two_rules();
        let request = SuppressionRequest::Listed {
            rules: vec![a.id.to_lowercase(), b.name.to_owned(), "nonsense".into()],
            reason: Some("why".into()),
        };
        assert_eq!(resolve(&request), (vec![a.id, b.id], Some("why".into())));
    }
}
