//! KL001 access-key-with-console-login (CIS AWS Foundations 1.11).

use std::collections::HashMap;

use super::{
    Finding, MAX_RELATED, Related, Rule, RuleMeta, Severity, group_by_decl, notes, reported_address,
};
use crate::model::{DeclId, Model};

static META: RuleMeta = RuleMeta {
    id: "KL001",
    name: "access-key-with-console-login",
    severity: Severity::Error,
    summary: "An active access key for a user who also has a console password",
    cis: "CIS AWS Foundations 1.11",
    help: "delete the access key or set its status to \"Inactive\"; give people console access through IAM Identity Center or roles, and create keys for machines as a separate, deliberate step",
    doc: include_str!("../../rules/KL001.md"),
};

/// Flags every active access key whose user also has a console login profile.
pub struct AccessKeyWithConsoleLogin;

impl Rule for AccessKeyWithConsoleLogin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        // User key → the login profile declarations of that user.
        let mut profiles: HashMap<&str, Vec<DeclId>> = HashMap::new();
        for profile in &model.login_profiles {
            let decls = profiles.entry(profile.user.key.as_str()).or_default();
            if !decls.contains(&profile.decl) {
                decls.push(profile.decl);
            }
        }
        if profiles.is_empty() {
            return;
        }
        let offending = model
            .access_keys
            .iter()
            .filter(|k| k.active && profiles.contains_key(k.user.key.as_str()));
        for (decl, keys) in group_by_decl(offending) {
            // One declaration may hold keys of several users (for_each).
            let mut by_user: Vec<(&str, Vec<_>)> = Vec::new();
            for key in keys {
                match by_user.iter_mut().find(|(u, _)| *u == key.user.key) {
                    Some((_, list)) => list.push(key),
                    None => by_user.push((key.user.key.as_str(), vec![key])),
                }
            }
            for (user_key, instances) in by_user {
                let user = &instances[0].user.display;
                let resource = reported_address(model, decl, &instances);
                let related = profiles[user_key]
                    .iter()
                    .take(MAX_RELATED)
                    .map(|&p| Related {
                        location: model.decl(p).location.clone(),
                        message: format!("console login profile of `{user}`"),
                    })
                    .chain(notes(model, decl))
                    .collect();
                out.push(Finding {
                    rule: &META,
                    severity: META.severity,
                    message: format!("access key `{resource}` is active for user `{user}`, who also has a console password"),
                    location: model.decl(decl).location.clone(),
                    resource,
                    user: user.clone(),
                    related,
                    via: model.decl(decl).via.clone(),
                });
            }
        }
    }
}
