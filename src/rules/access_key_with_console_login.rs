//! KL001 access-key-with-console-login (CIS AWS Foundations 1.11).

use std::collections::HashMap;

use super::common::{
    MAX_RELATED, Report, active_keys_at, finding, for_every, group_by_decl, keys_per_decl,
    may_be_same_user, on_record, record_address, reported_address, something_left_out,
};
use super::rule::{Rule, RuleSettings};
use crate::model::{
    AccessKey, DeclId, KeyRecord, Model, Quantifier, ResourceKind, SECOND, exists_when,
};
use crate::outcome::{Finding, Related, RuleMeta, Severity};

static META: RuleMeta = RuleMeta {
    id: "KL001",
    name: "access-key-with-console-login",
    severity: Severity::Error,
    summary: "An active access key for a user who also has a console password",
    control: "CIS AWS Foundations 1.11",
    help: "delete the access key or set its status to \"Inactive\"; give people console access through IAM Identity Center or roles, and create keys for machines as a separate, deliberate step",
    label: "active access key",
    doc: include_str!("../../rules/KL001.md"),
};

/// Flags every active access key whose user also has a console login profile.
pub struct AccessKeyWithConsoleLogin;

impl Rule for AccessKeyWithConsoleLogin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model, settings: &RuleSettings, out: &mut Vec<Finding>) {
        check_declared(model, out);
        for record in &model.key_records {
            if let Some(gap) = created_at_setup(record, settings) {
                out.push(recorded(model, record, gap));
            }
        }
    }

    /// When the key exists, active, and a password exists for a user it
    /// may be: over a collection or count the key does not range over
    /// (it may have elements), or of a user who may be the key's.
    fn may_hold(&self, model: &Model, finding: &Finding) -> bool {
        // A password may be on a user (CloudFormation) or of its own.
        let kinds = [ResourceKind::LoginProfile, ResourceKind::User];
        if something_left_out(model, finding, &kinds) {
            return true;
        }
        let keys = active_keys_at(model, finding);
        keys.iter().any(|k| {
            model
                .login_profiles
                .iter()
                .any(|p| may_be_same_user(&p.user, &k.user))
        })
    }
}

/// How long after its user a recorded key was created, when it is
/// active, its user has a console password, and it was created at setup:
/// within the setup window after the user, not before it. A key made later
/// is what CIS recommends (a deliberate, separate step), whether or not it
/// was used since. Root keys are the root-key rule's.
fn created_at_setup(record: &KeyRecord, settings: &RuleSettings) -> Option<i64> {
    if !record.active || record.root || record.password_enabled != Some(true) {
        return None;
    }
    let gap = record.created?.checked_sub(record.user_created?)?;
    (0..i64::from(settings.setup_window_seconds) * SECOND)
        .contains(&gap)
        .then_some(gap)
}

/// The finding on a recorded key created with its console user.
fn recorded(model: &Model, record: &KeyRecord, gap: i64) -> Finding {
    let message = format!(
        "access key `{}` is active for user `{}`, who also has a console password; the key was created with the user ({} s after it)",
        record_address(model, record),
        record.user.display,
        gap / SECOND
    );
    on_record(&META, model, record, message)
}

/// User key → the login profile declarations of that user, with the
/// collections each ranges over.
fn profiles_by_user(model: &Model) -> HashMap<&str, Vec<(DeclId, &[Quantifier])>> {
    let mut profiles: HashMap<&str, Vec<(DeclId, &[Quantifier])>> = HashMap::new();
    for profile in &model.login_profiles {
        let decls = profiles.entry(profile.user.key.as_str()).or_default();
        if !decls.iter().any(|&(d, _)| d == profile.decl) {
            decls.push((profile.decl, &profile.every));
        }
    }
    profiles
}

/// The findings on declared keys (IaC, plans): any active key of a user
/// with a login profile.
fn check_declared(model: &Model, out: &mut Vec<Finding>) {
    let profiles = profiles_by_user(model);
    if profiles.is_empty() {
        return;
    }
    // The profiles that exist whenever the key does: one over a collection
    // the key does not range over may create nothing.
    let profiles_of = |key: &AccessKey| -> Vec<DeclId> {
        let all = profiles.get(key.user.key.as_str()).into_iter().flatten();
        all.filter(|(_, every)| exists_when(every, &key.every).is_some())
            .map(|&(decl, _)| decl)
            .collect()
    };
    // Under which filters the key's user has a password: none when a
    // profile exists whenever the key does (the first decides), else those
    // of the first profile that exists for the elements passing a filter
    // (`--all-inputs` only: the finding then holds for some inputs).
    let password_when = |key: &AccessKey| -> Option<Vec<&Quantifier>> {
        let mut conditional = None;
        for (_, every) in profiles.get(key.user.key.as_str())? {
            match exists_when(every, &key.every) {
                Some(filters) if filters.is_empty() => return Some(filters),
                Some(filters) if conditional.is_none() => conditional = Some(filters),
                _ => {}
            }
        }
        conditional.filter(|_| model.all_inputs)
    };
    let offending = model
        .access_keys
        .iter()
        .filter(|k| k.active && password_when(k).is_some());
    let counts = keys_per_decl(model);
    for (decl, keys) in group_by_decl(offending) {
        // One declaration may hold keys of many users (for_each): grouped
        // by hash, in the order the users first appear.
        let mut by_user: Vec<(&str, Vec<_>)> = Vec::new();
        let mut slot: HashMap<&str, usize> = HashMap::new();
        for key in keys {
            let user = key.user.key.as_str();
            let at = *slot.entry(user).or_insert_with(|| {
                by_user.push((user, Vec::new()));
                by_user.len() - 1
            });
            by_user[at].1.push(key);
        }
        for (_, instances) in by_user {
            let user = instances[0].user.display.clone();
            let resource = reported_address(model, &counts, decl, &instances);
            let related = profiles_of(instances[0])
                .into_iter()
                .take(MAX_RELATED)
                .map(|p| Related {
                    location: model.decl(p).location.clone(),
                    message: format!("console login profile of `{user}`"),
                })
                .collect();
            let mut every = instances[0].every.clone();
            every.extend(password_when(instances[0]).into_iter().flatten().cloned());
            let message = format!(
                "access key `{resource}` is active for user `{user}`, who also has a console password{}",
                for_every(&every)
            );
            let report = Report {
                resource,
                user,
                message,
                related,
            };
            out.push(finding(&META, model, decl, report));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyStatus, ModelBuilder, ResourceKind, UserId};

    fn check(model: &Model) -> Vec<Finding> {
        AccessKeyWithConsoleLogin.findings(model)
    }

    #[test]
    fn an_active_key_of_a_user_with_a_console_password() {
        let mut b = ModelBuilder::new();
        b.login_profile("aws_iam_user_login_profile.p", "bob");
        b.access_key("aws_iam_access_key.k", "bob", KeyStatus::Active);
        let found = check(&b.build());
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(f.rule.id, META.id);
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.resource, "aws_iam_access_key.k");
        assert_eq!(f.user, "bob");
        assert_eq!(
            f.message,
            "access key `aws_iam_access_key.k` is active for user `bob`, who also has a console password"
        );
        assert_eq!(f.location.start().line, 2, "the key's own line");
        assert_eq!(f.related.len(), 1);
        assert_eq!(f.related[0].message, "console login profile of `bob`");
        assert_eq!(f.related[0].location.start().line, 1);
    }

    #[test]
    fn a_finding_may_hold_where_a_password_may_exist_for_a_user_the_key_may_be() {
        // A scenario (`--all-inputs`) with the key and, maybe, a password.
        let scenario = |key_user: UserId, profile: Option<(UserId, bool)>| {
            let mut b = ModelBuilder::new();
            b.access_key("aws_iam_access_key.k", key_user, KeyStatus::Active);
            if let Some((user, over_count)) = profile {
                let p = b.login_profile("aws_iam_user_login_profile.p", user);
                if over_count {
                    b.for_every(p, "count var.n");
                }
            }
            b.build()
        };
        let var = |name: &str| UserId::by_identity(name, name);
        let held = scenario(var("var.name"), Some((var("var.name"), false)));
        let finding = check(&held).remove(0);
        let may_hold = |model: Model| AccessKeyWithConsoleLogin.may_hold(&model, &finding);
        // No password: it cannot hold, whatever the other inputs are.
        assert!(!may_hold(scenario(var("var.name"), None)));
        // A password over a count that may be 0 or more: it may.
        assert!(may_hold(scenario(
            var("var.name"),
            Some((var("var.name"), true))
        )));
        // A password of a user named by another variable: the names may be equal.
        assert!(may_hold(scenario(
            var("var.name"),
            Some((var("var.other"), false))
        )));
        // Two users known by different names never are one.
        assert!(!may_hold(scenario(
            "ci".into(),
            Some(("bob".into(), false))
        )));
    }

    #[test]
    fn inactive_keys_and_other_users_are_fine() {
        let mut b = ModelBuilder::new();
        b.login_profile("aws_iam_user_login_profile.p", "bob");
        b.access_key("aws_iam_access_key.off", "bob", KeyStatus::Inactive);
        b.access_key("aws_iam_access_key.ci", "ci", KeyStatus::Active);
        assert!(check(&b.build()).is_empty());
    }

    #[test]
    fn a_name_and_an_identity_are_different_users() {
        // A CloudFormation user without UserName is not the user literally
        // named after its logical id.
        let mut b = ModelBuilder::new();
        b.login_profile("U", UserId::by_identity("U", "U"));
        b.access_key("K", "U", KeyStatus::Active);
        assert!(check(&b.build()).is_empty());
    }

    #[test]
    fn instances_of_several_users_are_reported_one_by_one() {
        let mut b = ModelBuilder::new();
        b.login_profile("aws_iam_user_login_profile.p", "ann");
        let keys = b.declare(ResourceKind::AccessKey, "aws_iam_access_key.k");
        b.key(keys, Some("[\"ann\"]"), "ann", KeyStatus::Active)
            .key(keys, Some("[\"ci\"]"), "ci", KeyStatus::Active);
        let found = check(&b.build());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource, "aws_iam_access_key.k[\"ann\"]");
    }

    #[test]
    fn a_key_for_every_entry_meets_profiles_that_exist_with_it() {
        // For every entry of var.users: a key and a password of its user.
        let mut b = ModelBuilder::new();
        let entry = UserId::by_identity("each.key of var.users", "each.key");
        let p = b.login_profile("aws_iam_user_login_profile.p[each.key]", entry.clone());
        b.for_every(p, "var.users");
        let k = b.access_key("aws_iam_access_key.k[each.key]", entry, KeyStatus::Active);
        b.for_every(k, "var.users");
        let found = check(&b.build());
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "access key `aws_iam_access_key.k[each.key]` is active for user `each.key`, who also has a console password, for every entry of `var.users`"
        );
        // A password for every entry of another collection, or of the same
        // one for a concrete key, may not exist when the key does.
        let mut b = ModelBuilder::new();
        let p = b.login_profile("aws_iam_user_login_profile.p", "ci");
        b.for_every(p, "var.admins");
        let k = b.access_key("aws_iam_access_key.k", "ci", KeyStatus::Active);
        b.for_every(k, "var.users");
        b.access_key("aws_iam_access_key.single", "ci", KeyStatus::Active);
        assert!(check(&b.build()).is_empty());
        // A concrete password exists whenever any key does.
        let mut b = ModelBuilder::new();
        b.login_profile("aws_iam_user_login_profile.p", "ci");
        let k = b.access_key("aws_iam_access_key.k", "ci", KeyStatus::Active);
        b.for_every(k, "var.users");
        assert_eq!(check(&b.build()).len(), 1);
    }

    #[test]
    fn all_instances_of_one_user_are_the_declaration() {
        let mut b = ModelBuilder::new();
        b.login_profile("aws_iam_user_login_profile.p", "ann");
        let keys = b.declare(ResourceKind::AccessKey, "aws_iam_access_key.k");
        b.key(keys, Some("[0]"), "ann", KeyStatus::Active).key(
            keys,
            Some("[1]"),
            "ann",
            KeyStatus::Active,
        );
        let found = check(&b.build());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].resource, "aws_iam_access_key.k");
    }
}
