//! KL002 multiple-active-access-keys (CIS AWS Foundations 1.13).

use std::collections::BTreeMap;

use super::{
    Finding, MAX_RELATED, Related, Rule, RuleMeta, Severity, group_by_decl, list_names, notes,
    reported_address,
};
use crate::model::{AccessKey, Model};

static META: RuleMeta = RuleMeta {
    id: "KL002",
    name: "multiple-active-access-keys",
    severity: Severity::Error,
    summary: "More than one active access key for one user",
    cis: "CIS AWS Foundations 1.13",
    help: "keep one active access key per user: delete the extra keys or set status = \"Inactive\" on all but one (rotate by creating the new key, switching to it, then deactivating and deleting the old one)",
    doc: include_str!("../../rules/KL002.md"),
};

/// Flags every active access key of a user who has more than one.
pub struct MultipleActiveAccessKeys;

impl Rule for MultipleActiveAccessKeys {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model, out: &mut Vec<Finding>) {
        let mut by_user: BTreeMap<&str, Vec<&AccessKey>> = BTreeMap::new();
        for key in model.access_keys.iter().filter(|k| k.active) {
            by_user.entry(key.user.key.as_str()).or_default().push(key);
        }
        for keys in by_user.values().filter(|keys| keys.len() > 1) {
            let user = &keys[0].user.display;
            let names: Vec<String> = keys
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
            let groups = group_by_decl(keys.iter().copied());
            for (&decl, instances) in &groups {
                let resource = reported_address(model, decl, instances);
                // The message names every key; labels stop at a few, so a user
                // with thousands of keys costs linear, not quadratic, output.
                let related = groups
                    .keys()
                    .filter(|&&other| other != decl)
                    .take(MAX_RELATED)
                    .map(|&other| Related {
                        location: model.decl(other).location.clone(),
                        message: format!("another active access key of `{user}`"),
                    })
                    .chain(notes(model, decl))
                    .collect();
                out.push(Finding {
                    rule: &META,
                    severity: META.severity,
                    message: format!(
                        "user `{user}` has {} active access keys: {}",
                        keys.len(),
                        list_names(&names)
                    ),
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
