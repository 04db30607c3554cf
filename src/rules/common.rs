//! What the access-key rules share: grouping key instances by declaration,
//! naming what is reported, and building findings on declarations.

use std::collections::{BTreeMap, HashMap};

use crate::model::{
    AccessKey, DAY, DeclId, Instant, KeyRecord, Model, Quantifier, ResourceKind, UserId,
};
use crate::outcome::{Finding, Related, RuleMeta};

/// The active key instances of the declaration `finding` is on.
pub(super) fn active_keys_at<'m>(model: &'m Model, finding: &Finding) -> Vec<&'m AccessKey> {
    model
        .access_keys
        .iter()
        .filter(|k| k.active && model.decl(k.decl).location.is(&finding.location))
        .collect()
}

/// Whether something that may matter was left out of `model` altogether
/// (not only checked against what shares its identity): a resource of
/// `kinds`, one at `finding`'s own declaration, or one of no known kind
/// (a module call not followed may hold anything).
pub(super) fn something_left_out(model: &Model, finding: &Finding, kinds: &[ResourceKind]) -> bool {
    model.unresolved.iter().any(|u| {
        let own = u.location.within(&finding.location);
        !u.partly && (own || u.kind.is_none_or(|k| kinds.contains(&k)))
    })
}

/// Whether users `a` and `b` may be one user for some inputs: the same
/// name, or either not known by name (a variable, an address).
pub(super) fn may_be_same_user(a: &UserId, b: &UserId) -> bool {
    let named = |u: &UserId| u.key.starts_with("name:");
    a.name_key() == b.name_key() || !named(a) || !named(b)
}

/// Related places shown at most per finding.
pub(super) const MAX_RELATED: usize = 8;

/// Key instances grouped by declaration, in declaration order: the unit a
/// finding is reported on.
pub(super) fn group_by_decl<'m>(
    keys: impl Iterator<Item = &'m AccessKey>,
) -> BTreeMap<DeclId, Vec<&'m AccessKey>> {
    let mut groups: BTreeMap<DeclId, Vec<&AccessKey>> = BTreeMap::new();
    for key in keys {
        groups.entry(key.decl).or_default().push(key);
    }
    groups
}

/// How many access key instances each declaration has, counted once per
/// rule run: counting per finding would make the rules quadratic.
pub(super) fn keys_per_decl(model: &Model) -> HashMap<DeclId, usize> {
    let mut counts = HashMap::new();
    for key in &model.access_keys {
        *counts.entry(key.decl).or_default() += 1;
    }
    counts
}

/// The address to report for some instances of a declaration: the
/// declaration's address when they are all of its instances for this user,
/// or the single instance's address when the declaration's instances belong
/// to several users. `counts` is [`keys_per_decl`].
pub(super) fn reported_address(
    model: &Model,
    counts: &HashMap<DeclId, usize>,
    decl: DeclId,
    instances: &[&AccessKey],
) -> String {
    let total = counts.get(&decl).copied().unwrap_or(0);
    match instances {
        // `k[each.key]`: the instance that stands for every element.
        [one] if total > 1 || !one.every.is_empty() => {
            model.instance_address(decl, one.instance.as_deref())
        }
        _ => model.decl(decl).address.clone(),
    }
}

/// How a message states that it holds for every element of the
/// collections a fact ranges over: `, for every entry of `var.users``, or
/// nothing for a concrete instance.
pub(super) fn for_every(every: &[Quantifier]) -> String {
    if every.is_empty() {
        return String::new();
    }
    // Collections joined by `and`; a filter follows what it filters.
    let mut out = String::from(", for");
    for (i, q) in every.iter().enumerate() {
        out.push_str(if i == 0 || q.filter { " " } else { " and " });
        out.push_str(&q.shown);
    }
    out
}

/// What a finding on a declaration says, beyond where it is.
pub(super) struct Report {
    /// The declaration's address, or one instance's.
    pub resource: String,
    /// The user, as people should read it.
    pub user: String,
    /// What is wrong.
    pub message: String,
    /// Other places involved (the declaration's own notes are added).
    pub related: Vec<Related>,
}

/// A finding of `rule` at declaration `decl`, at the rule's default
/// severity, with the declaration's notes and module calls.
pub(super) fn finding(
    rule: &'static RuleMeta,
    model: &Model,
    decl: DeclId,
    report: Report,
) -> Finding {
    let declaration = model.decl(decl);
    let notes = declaration.notes.iter().map(|n| Related {
        location: n.location.clone(),
        message: n.message.clone(),
    });
    Finding {
        rule,
        severity: rule.severity,
        message: report.message,
        location: declaration.location.clone(),
        resource: report.resource,
        user: report.user,
        related: report.related.into_iter().chain(notes).collect(),
        via: declaration.via.clone(),
        via_kind: declaration.via_kind,
    }
}

/// A finding of `rule` on one recorded key, saying `message`.
pub(super) fn on_record(
    rule: &'static RuleMeta,
    model: &Model,
    record: &KeyRecord,
    message: String,
) -> Finding {
    let report = Report {
        resource: record_address(model, record),
        user: record.user.display.clone(),
        message,
        related: Vec::new(),
    };
    finding(rule, model, record.decl, report)
}

/// A recorded key's address, with its instance key.
pub(super) fn record_address(model: &Model, record: &KeyRecord) -> String {
    model.instance_address(record.decl, record.instance.as_deref())
}

/// The active keys an account records for each user (not the root user's,
/// not those that are declared facts too, as keys in state are: rules count
/// those with the declared keys), by user, in user order.
pub(super) fn recorded_by_user(model: &Model) -> BTreeMap<&str, Vec<&KeyRecord>> {
    let mut by_user: BTreeMap<&str, Vec<&KeyRecord>> = BTreeMap::new();
    let counted = model
        .key_records
        .iter()
        .filter(|r| r.active && !r.root && !r.declared);
    for record in counted {
        by_user
            .entry(record.user.key.as_str())
            .or_default()
            .push(record);
    }
    by_user
}

/// Whole days from `time` to `as_of`, rounded down.
pub(super) fn days(time: Instant, as_of: Instant) -> i64 {
    as_of.saturating_sub(time).div_euclid(DAY)
}

/// Joins names for a message: `a, b and 3 more`.
pub(super) fn list_names(names: &[String]) -> String {
    const SHOWN: usize = 4;
    if names.len() <= SHOWN {
        return names.join(", ");
    }
    format!(
        "{} and {} more",
        names[..SHOWN].join(", "),
        names.len() - SHOWN
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_name_lists_are_cut() {
        let names: Vec<String> = (1..=6).map(|i| format!("k{i}")).collect();
        assert_eq!(list_names(&names[..2]), "k1, k2");
        assert_eq!(list_names(&names), "k1, k2, k3, k4 and 2 more");
    }
}
