//! KL002 multiple-active-access-keys (CIS AWS Foundations 1.13).

use std::collections::{BTreeMap, HashMap};

use super::common::{
    MAX_RELATED, Report, active_keys_at, finding, for_every, group_by_decl, keys_per_decl,
    list_names, may_be_same_user, record_address, recorded_by_user, reported_address,
    something_left_out,
};
use super::rule::{Rule, RuleSettings};
use crate::model::{AccessKey, DeclId, Model, Quantifier, ResourceKind, exists_when};
use crate::outcome::{Finding, Related, RuleMeta, Severity};

static META: RuleMeta = RuleMeta {
    id: "KL002",
    name: "multiple-active-access-keys",
    severity: Severity::Error,
    summary: "More than one active access key for one user",
    control: "CIS AWS Foundations 1.13",
    help: "keep one active access key per user: delete the extra keys or set status = \"Inactive\" on all but one (rotate by creating the new key, switching to it, then deactivating and deleting the old one)",
    label: "active access key",
    doc: include_str!("../../rules/KL002.md"),
};

/// Flags every active access key of a user who has more than one.
pub struct MultipleActiveAccessKeys;

impl Rule for MultipleActiveAccessKeys {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model, _: &RuleSettings, out: &mut Vec<Finding>) {
        check_declared(model, out);
        check_recorded(model, out);
    }

    /// When the key exists, active, and its user may have another: a key
    /// of a user it may be, or more instances of its own collection.
    fn may_hold(&self, model: &Model, finding: &Finding) -> bool {
        if something_left_out(model, finding, &[ResourceKind::AccessKey]) {
            return true;
        }
        let keys = active_keys_at(model, finding);
        keys.iter().any(|k| {
            let mut same = model
                .access_keys
                .iter()
                .filter(|o| o.active && may_be_same_user(&o.user, &k.user));
            // Itself among them: a second, or itself standing for many.
            same.nth(1).is_some() || !k.every.is_empty()
        })
    }
}

/// One finding per user whose account records more than one active key
/// (both slots of a credential report row), on the user. Root keys are the
/// root-key rule's.
fn check_recorded(model: &Model, out: &mut Vec<Finding>) {
    for records in recorded_by_user(model)
        .values()
        .filter(|records| records.len() > 1)
    {
        let user = records[0].user.display.clone();
        let names: Vec<String> = records.iter().map(|r| record_address(model, r)).collect();
        let message = format!(
            "user `{user}` has {} active access keys: {}",
            records.len(),
            list_names(&names)
        );
        let report = Report {
            resource: user.clone(),
            user,
            message,
            related: Vec::new(),
        };
        out.push(finding(&META, model, records[0].user_decl, report));
    }
}

/// One finding per active key declaration of a user with more than one
/// (IaC, plans).
fn check_declared(model: &Model, out: &mut Vec<Finding>) {
    let mut by_user: BTreeMap<&str, Vec<&AccessKey>> = BTreeMap::new();
    for key in model.access_keys.iter().filter(|k| k.active) {
        by_user.entry(key.user.key.as_str()).or_default().push(key);
    }
    let counts = keys_per_decl(model);
    for keys in by_user.values().filter(|keys| keys.len() > 1) {
        let groups = group_by_decl(keys.iter().copied());
        for (&decl, instances) in &groups {
            // The keys that exist whenever this declaration's do: a key
            // over a collection these do not range over may create nothing.
            let every = &instances[0].every;
            let mut alongside: Vec<&AccessKey> = Vec::new();
            // Keys that exist alongside for the elements passing a filter
            // (`--all-inputs`): the finding then holds for those.
            let mut filters: Vec<&Quantifier> = Vec::new();
            let mut when_filtered: Vec<&AccessKey> = Vec::new();
            for &key in keys {
                match exists_when(&key.every, every) {
                    Some(f) if f.is_empty() => alongside.push(key),
                    Some(f) if model.all_inputs => {
                        for q in f {
                            if !filters.contains(&q) {
                                filters.push(q);
                            }
                        }
                        when_filtered.push(key);
                    }
                    _ => {}
                }
            }
            if alongside.len() > 1 {
                report_declared(model, &counts, decl, instances, &alongside, &[], out);
            } else if alongside.len() + when_filtered.len() > 1 {
                alongside.extend(when_filtered);
                report_declared(model, &counts, decl, instances, &alongside, &filters, out);
            }
        }
    }
}

/// The finding on key declaration `decl` (these `instances`) of a user with
/// these active keys (`alongside`, its own among them), for the elements
/// that pass `filters` (none: for all), unless suppressions leave it at
/// most one.
fn report_declared(
    model: &Model,
    counts: &HashMap<DeclId, usize>,
    decl: DeclId,
    instances: &[&AccessKey],
    alongside: &[&AccessKey],
    filters: &[&Quantifier],
    out: &mut Vec<Finding>,
) {
    // A key suppressed for this rule (a known exception, such as the old
    // key of a blue/green rotation) no longer counts: when the others are
    // at most one, only the suppressed keys are reported (and then left
    // out, with a trace), not the one that remains.
    let counted = alongside
        .iter()
        .filter(|k| !model.is_silenced(k.decl, META.id))
        .count();
    if counted <= 1 && !model.is_silenced(decl, META.id) {
        return;
    }
    let user = &instances[0].user.display;
    let names: Vec<String> = alongside
        .iter()
        .map(|k| {
            let address = model.instance_address(k.decl, k.instance.as_deref());
            if k.existing {
                format!("{address} (already exists)")
            } else {
                address
            }
        })
        .collect();
    // One instance may stand for many (every entry of a collection).
    let at_least = match alongside.iter().any(|k| !k.every.is_empty()) {
        true => "at least ",
        false => "",
    };
    let mut every = instances[0].every.clone();
    every.extend(filters.iter().map(|&q| q.clone()));
    let message = format!(
        "user `{user}` has {at_least}{} active access keys: {}{}",
        alongside.len(),
        list_names(&names),
        for_every(&every)
    );
    // The message names every key; labels stop at a few, so a user with
    // thousands of keys costs linear, not quadratic, output.
    let mut others: Vec<DeclId> = alongside.iter().map(|k| k.decl).collect();
    others.sort_unstable();
    others.dedup();
    let related = others
        .into_iter()
        .filter(|&other| other != decl)
        .take(MAX_RELATED)
        .map(|other| Related {
            location: model.decl(other).location.clone(),
            message: format!("another active access key of `{user}`"),
        })
        .collect();
    let report = Report {
        resource: reported_address(model, counts, decl, instances),
        user: user.clone(),
        message,
        related,
    };
    out.push(finding(&META, model, decl, report));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyStatus, ModelBuilder, ResourceKind};

    fn check(model: &Model) -> Vec<Finding> {
        MultipleActiveAccessKeys.findings(model)
    }

    #[test]
    fn keys_for_every_entry_count_only_where_they_exist() {
        // `slot` stands for one key per entry of var.slots, `single` is one
        // key: whenever a slot exists so does `single`, not the other way.
        let mut b = ModelBuilder::new();
        let slot = b.access_key("aws_iam_access_key.slot[each.key]", "ci", KeyStatus::Active);
        b.for_every(slot, "var.slots");
        b.access_key("aws_iam_access_key.single", "ci", KeyStatus::Active);
        let found = check(&b.build());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource, "aws_iam_access_key.slot[each.key]");
        assert_eq!(
            found[0].message,
            "user `ci` has at least 2 active access keys: aws_iam_access_key.slot[each.key], aws_iam_access_key.single, for every entry of `var.slots`"
        );
        // One key per entry of each of two collections: either may be empty.
        let mut b = ModelBuilder::new();
        let a = b.access_key("aws_iam_access_key.a", "ci", KeyStatus::Active);
        b.for_every(a, "var.a");
        let other = b.access_key("aws_iam_access_key.b", "ci", KeyStatus::Active);
        b.for_every(other, "var.b");
        assert!(check(&b.build()).is_empty());
    }

    #[test]
    fn two_active_keys_of_one_user_are_both_reported() {
        let mut b = ModelBuilder::new();
        b.access_key("aws_iam_access_key.a", "bob", KeyStatus::Active);
        b.access_key("aws_iam_access_key.b", "bob", KeyStatus::Active);
        let found = check(&b.build());
        let resources: Vec<&str> = found.iter().map(|f| f.resource.as_str()).collect();
        assert_eq!(resources, ["aws_iam_access_key.a", "aws_iam_access_key.b"]);
        assert_eq!(
            found[0].message,
            "user `bob` has 2 active access keys: aws_iam_access_key.a, aws_iam_access_key.b"
        );
        assert_eq!(found[0].related.len(), 1);
        assert_eq!(found[0].related[0].location.start().line, 2);
        assert_eq!(
            found[0].related[0].message,
            "another active access key of `bob`"
        );
    }

    #[test]
    fn an_inactive_key_or_another_user_does_not_count() {
        let mut b = ModelBuilder::new();
        b.access_key("aws_iam_access_key.a", "bob", KeyStatus::Active);
        b.access_key("aws_iam_access_key.b", "bob", KeyStatus::Inactive);
        b.access_key("aws_iam_access_key.c", "ann", KeyStatus::Active);
        assert!(check(&b.build()).is_empty());
    }

    #[test]
    fn counted_instances_and_keys_already_in_state_count() {
        let mut b = ModelBuilder::new();
        let keys = b.declare(ResourceKind::AccessKey, "aws_iam_access_key.k");
        b.key(keys, Some("[0]"), "bob", KeyStatus::Active)
            .existing_key(keys, Some("[1]"), "bob");
        let found = check(&b.build());
        assert_eq!(found.len(), 1, "one finding per declaration");
        assert_eq!(found[0].resource, "aws_iam_access_key.k");
        assert_eq!(
            found[0].message,
            "user `bob` has 2 active access keys: aws_iam_access_key.k[0], aws_iam_access_key.k[1] (already exists)"
        );
        assert!(found[0].related.is_empty());
    }

    #[test]
    fn related_places_are_bounded() {
        let mut b = ModelBuilder::new();
        for i in 0..20 {
            b.access_key(
                &format!("aws_iam_access_key.k{i}"),
                "bob",
                KeyStatus::Active,
            );
        }
        let found = check(&b.build());
        assert_eq!(found.len(), 20);
        assert!(found.iter().all(|f| f.related.len() == MAX_RELATED));
        assert!(
            found[0].message.ends_with("and 16 more"),
            "{}",
            found[0].message
        );
    }
}
