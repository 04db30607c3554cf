//! KL005 access-key-not-rotated (CIS AWS Foundations 1.14).

use super::common::{days, on_record, record_address};
use super::rule::{Rule, RuleSettings};
use crate::model::Model;
use crate::outcome::{Finding, RuleMeta, Severity};

static META: RuleMeta = RuleMeta {
    id: "KL005",
    name: "access-key-not-rotated",
    severity: Severity::Error,
    summary: "An active access key created 90 days ago or more",
    control: "CIS AWS Foundations 1.14",
    help: "rotate the key: create a new one, switch every client to it, then deactivate and delete the old one",
    label: "active access key",
    doc: include_str!("../../rules/KL005.md"),
};

/// Flags every active key created at least the configured number of days
/// before the as-of time.
pub struct AccessKeyNotRotated;

impl Rule for AccessKeyNotRotated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model, settings: &RuleSettings, out: &mut Vec<Finding>) {
        let as_of = settings.as_of(model);
        let limit = settings.rotation_days;
        for record in model.key_records.iter().filter(|r| r.active && !r.root) {
            let Some(created) = record.created else {
                continue;
            };
            if RuleSettings::days_before(created, as_of, limit) {
                let message = format!(
                    "access key `{}` of user `{}` was created {} days ago and not rotated since (limit: {limit})",
                    record_address(model, record),
                    record.user.display,
                    days(created, as_of)
                );
                out.push(on_record(&META, model, record, message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DAY, ModelBuilder};

    #[test]
    fn ninety_days_exactly_is_due_one_second_less_is_not() {
        let as_of = 1_700_000_000;
        let mut b = ModelBuilder::new();
        b.record("a/access_key_1", "a", |r| {
            r.created = Some(as_of - 90 * DAY)
        });
        b.record("b/access_key_1", "b", |r| {
            r.created = Some(as_of - 90 * DAY + 1)
        });
        b.record("c/access_key_1", "c", |r| {
            r.created = Some(0);
            r.active = false;
        });
        b.record("d/access_key_1", "d", |r| r.created = None);
        let settings = RuleSettings {
            as_of: Some(as_of),
            ..RuleSettings::at(0)
        };
        let found = AccessKeyNotRotated.findings_with(&b.build(), &settings);
        let resources: Vec<&str> = found.iter().map(|f| f.resource.as_str()).collect();
        assert_eq!(resources, ["a/access_key_1"]);
        assert_eq!(
            found[0].message,
            "access key `a/access_key_1` of user `a` was created 90 days ago and not rotated since (limit: 90)"
        );
    }
}
