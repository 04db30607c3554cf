//! KL004 root-access-key (CIS AWS Foundations 1.4).

use super::common::{on_record, record_address};
use super::rule::{Rule, RuleSettings};
use crate::model::Model;
use crate::outcome::{Finding, RuleMeta, Severity};

static META: RuleMeta = RuleMeta {
    id: "KL004",
    name: "root-access-key",
    severity: Severity::Error,
    summary: "An active access key of the account's root user",
    control: "CIS AWS Foundations 1.4",
    help: "sign in as the root user and delete the key (Security credentials, Access keys); use IAM roles or users for programmatic access",
    label: "active root access key",
    doc: include_str!("../../rules/KL004.md"),
};

/// Flags every active key of the root user.
pub struct RootAccessKey;

impl Rule for RootAccessKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model, _: &RuleSettings, out: &mut Vec<Finding>) {
        for record in model.key_records.iter().filter(|r| r.active && r.root) {
            let message = format!(
                "the root user has an active access key: `{}`",
                record_address(model, record)
            );
            out.push(on_record(&META, model, record, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelBuilder;

    #[test]
    fn each_active_root_key_is_reported_and_nothing_else() {
        let mut b = ModelBuilder::new();
        b.record("<root_account>/access_key_1", "<root_account>", |r| {
            r.root = true
        });
        b.record("<root_account>/access_key_2", "<root_account>", |r| {
            r.root = true;
            r.active = false;
        });
        b.record("bob/access_key_1", "bob", |_| {});
        let found = RootAccessKey.findings(&b.build());
        let resources: Vec<&str> = found.iter().map(|f| f.resource.as_str()).collect();
        assert_eq!(resources, ["<root_account>/access_key_1"]);
        assert_eq!(
            found[0].message,
            "the root user has an active access key: `<root_account>/access_key_1`"
        );
    }
}
