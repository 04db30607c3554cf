//! Findings under scenarios (`--all-inputs`): a finding of every scenario
//! holds for every input; one of only some scenarios holds exactly when the
//! inputs are set as in those, and its message says when, in the fewest
//! terms (a minimal sum of products over the scenarios' boolean inputs).

use std::collections::HashMap;

use crate::frontend::Scenario;
use crate::outcome::Finding;

/// The findings of a unit's scenarios (`found[i]` are those of
/// `scenarios[i]`), merged: each finding once, with its condition when it
/// does not hold in all of them. `may_hold(s, f)` says whether `f`, not
/// found in scenario `s`, may still hold there for some values of the
/// inputs left unknown: the condition is then what suffices ("at least
/// when"), else exactly when the finding holds ("when").
pub fn merge(
    scenarios: &[Scenario],
    found: Vec<Vec<Finding>>,
    may_hold: impl Fn(usize, &Finding) -> bool,
) -> Vec<Finding> {
    let mut order: Vec<Finding> = Vec::new();
    let mut holds: HashMap<FindingKey, Vec<usize>> = HashMap::new();
    for (index, findings) in found.into_iter().enumerate() {
        for finding in findings {
            let in_scenarios = holds.entry(key(&finding)).or_default();
            if in_scenarios.is_empty() {
                order.push(finding);
            }
            in_scenarios.push(index);
        }
    }
    let Some(first) = scenarios.first() else {
        return order;
    };
    let names: Vec<&str> = first.given.iter().map(|g| g.input.as_str()).collect();
    // Scenario 0 sets every input to its first value, the last to its
    // second: how each value is written.
    let last = &scenarios[scenarios.len() - 1];
    let words: Vec<[&str; 2]> = first
        .given
        .iter()
        .zip(&last.given)
        .map(|(a, b)| [a.value.as_str(), b.value.as_str()])
        .collect();
    // Inputs with a value the scenarios do not cover (a nullable bool that
    // the module compares): a finding of every scenario holds when they
    // have one of theirs, and a condition suffices only.
    let incomplete: Vec<String> = first
        .given
        .iter()
        .filter(|g| !g.complete)
        .map(|g| format!("`{}`", g.input))
        .collect();
    for finding in &mut order {
        let minterms = &holds[&key(finding)];
        if minterms.len() == scenarios.len() && !incomplete.is_empty() {
            let verb = if incomplete.len() == 1 { "is" } else { "are" };
            let message = &finding.message;
            let names = list(&incomplete);
            finding.message = format!("{message}, at least when {names} {verb} not null");
        } else if minterms.len() < scenarios.len() {
            let value = |m: usize, i: usize| scenarios[m].given[i].bit;
            let terms = minimal_terms(minterms, names.len(), value);
            let open = !incomplete.is_empty()
                || (0..scenarios.len())
                    .filter(|s| !minterms.contains(s))
                    .any(|s| may_hold(s, finding));
            let when = if open { "at least when" } else { "when" };
            let condition = describe(&terms, &names, &words);
            finding.message = format!("{}, {when} {condition}", finding.message);
        }
    }
    order
}

/// What tells findings of different scenarios apart as the same one: the
/// message too, since it names what else is involved (a user's other keys,
/// a filter), which may differ from one scenario to another.
type FindingKey = (&'static str, String, usize, usize, String, String, String);

fn key(f: &Finding) -> FindingKey {
    let span = &f.location.span;
    let file = f.location.source.name.clone();
    (
        f.rule.id,
        file,
        span.start,
        span.end,
        f.resource.clone(),
        f.user.clone(),
        f.message.clone(),
    )
}

/// A term: for each input, `Some(value)` when the term requires it.
type Term = Vec<Option<bool>>;

/// The prime implicants of the scenarios `minterms` (scenario `m` sets
/// input `i` to `value(m, i)`), then a small cover of them: exact for the
/// few inputs enumerated (at most 64 scenarios).
fn minimal_terms(
    minterms: &[usize],
    inputs: usize,
    value: impl Fn(usize, usize) -> bool,
) -> Vec<Term> {
    let mut terms: Vec<Term> = minterms
        .iter()
        .map(|&m| (0..inputs).map(|i| Some(value(m, i))).collect())
        .collect();
    let covers = |t: &Term, m: usize| (0..inputs).all(|i| t[i].is_none_or(|v| v == value(m, i)));
    let mut primes: Vec<Term> = Vec::new();
    while !terms.is_empty() {
        let mut merged: Vec<Term> = Vec::new();
        let mut used = vec![false; terms.len()];
        for a in 0..terms.len() {
            for b in a + 1..terms.len() {
                if let Some(t) = combine(&terms[a], &terms[b]) {
                    used[a] = true;
                    used[b] = true;
                    if !merged.contains(&t) {
                        merged.push(t);
                    }
                }
            }
        }
        for (t, used) in terms.into_iter().zip(used) {
            if !used && !primes.contains(&t) {
                primes.push(t);
            }
        }
        terms = merged;
    }
    // Greedy cover: the prime covering most uncovered scenarios first,
    // fewer literals on ties.
    let mut uncovered: Vec<usize> = minterms.to_vec();
    let mut cover = Vec::new();
    while !uncovered.is_empty() {
        let best = primes
            .iter()
            .max_by_key(|t| {
                let n = uncovered.iter().filter(|&&m| covers(t, m)).count();
                (n, usize::MAX - t.iter().flatten().count())
            })
            .cloned();
        let Some(best) = best else { break };
        uncovered.retain(|&m| !covers(&best, m));
        cover.push(best);
    }
    cover.sort();
    cover
}

/// Two terms that differ in exactly one required value, merged.
fn combine(a: &Term, b: &Term) -> Option<Term> {
    let mut differ = None;
    for i in 0..a.len() {
        if a[i] != b[i] {
            if differ.is_some() || a[i].is_none() || b[i].is_none() {
                return None;
            }
            differ = Some(i);
        }
    }
    let i = differ?;
    let mut t = a.clone();
    t[i] = None;
    Some(t)
}

/// ``var.a` and `var.b` are true and `var.c` is false`, or several such
/// joined by `or`: inputs `names`, whose two values are written `words`,
/// grouped by the value they must have (second values first).
fn describe(terms: &[Term], names: &[&str], words: &[[&str; 2]]) -> String {
    let term = |t: &Term| {
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        for bit in [true, false] {
            for (i, name) in names.iter().enumerate() {
                if t[i] != Some(bit) {
                    continue;
                }
                let word = words[i][usize::from(bit)];
                let shown = format!("`{name}`");
                match groups.iter_mut().find(|(w, _)| *w == word) {
                    Some((_, names)) => names.push(shown),
                    None => groups.push((word, vec![shown])),
                }
            }
        }
        let parts: Vec<String> = groups
            .into_iter()
            .map(|(word, names)| {
                let verb = if names.len() == 1 { "is" } else { "are" };
                format!("{} {verb} {word}", list(&names))
            })
            .collect();
        parts.join(" and ")
    };
    let shown: Vec<String> = terms.iter().map(term).collect();
    match shown.len() {
        1 => shown.into_iter().next().unwrap_or_default(),
        _ => shown
            .iter()
            .map(|s| format!("({s})"))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scenario m sets input i to bit i of m, as the front-ends number them.
    fn terms(minterms: &[usize], inputs: usize) -> String {
        let names = ["var.a", "var.b", "var.c"];
        let found = minimal_terms(minterms, inputs, |m, i| m >> i & 1 == 1);
        describe(&found, &names[..inputs], &[["false", "true"]; 3][..inputs])
    }

    #[test]
    fn conditions_are_stated_in_the_fewest_terms() {
        // a and b both true: scenario 3 of 4.
        assert_eq!(terms(&[3], 2), "`var.a` and `var.b` are true");
        assert_eq!(terms(&[7], 3), "`var.a`, `var.b` and `var.c` are true");
        // a true, whatever b is.
        assert_eq!(terms(&[1, 3], 2), "`var.a` is true");
        // a or b.
        assert_eq!(
            terms(&[1, 2, 3], 2),
            "(`var.b` is true) or (`var.a` is true)"
        );
        // a and not c, whatever b is.
        assert_eq!(terms(&[1, 3], 3), "`var.a` is true and `var.c` is false");
    }

    #[test]
    fn inputs_with_values_of_their_own_are_grouped_by_value() {
        // CloudFormation parameters with two allowed values each.
        let names = ["CreateKey", "Env", "Console"];
        let words = [["`No`", "`Yes`"], ["`dev`", "`prod`"], ["`No`", "`Yes`"]];
        let found = minimal_terms(&[7], 3, |m, i| m >> i & 1 == 1);
        assert_eq!(
            describe(&found, &names, &words),
            "`CreateKey` and `Console` are `Yes` and `Env` is `prod`"
        );
        let found = minimal_terms(&[0, 2], 3, |m, i| m >> i & 1 == 1);
        assert_eq!(
            describe(&found, &names, &words),
            "`CreateKey` and `Console` are `No`"
        );
    }
}
