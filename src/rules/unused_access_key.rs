//! KL003 unused-access-key (CIS AWS Foundations 1.12).

use super::common::{days, on_record, record_address};
use super::rule::{Rule, RuleSettings};
use crate::model::{KeyRecord, LastUsed, Model};
use crate::outcome::{Finding, RuleMeta, Severity};

static META: RuleMeta = RuleMeta {
    id: "KL003",
    name: "unused-access-key",
    severity: Severity::Error,
    summary: "An active access key not used for 45 days or more",
    control: "CIS AWS Foundations 1.12",
    help: "deactivate the key (aws iam update-access-key --status Inactive), then delete it once nothing breaks; a key nobody uses is only a risk",
    label: "active access key",
    doc: include_str!("../../rules/KL003.md"),
};

/// Flags every active key last used, or (never used) created, at least the
/// configured number of days before the as-of time.
pub struct UnusedAccessKey;

impl Rule for UnusedAccessKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model, settings: &RuleSettings, out: &mut Vec<Finding>) {
        let as_of = settings.as_of(model);
        for record in model.key_records.iter().filter(|r| r.active && !r.root) {
            if let Some(message) = unused(model, record, as_of, settings.unused_days) {
                out.push(on_record(&META, model, record, message));
            }
        }
    }
}

/// Why a key counts as unused, or `None`. A key whose last use is not
/// recorded (`no_information`) is not judged: keylint does not guess.
fn unused(model: &Model, record: &KeyRecord, as_of: i64, limit: u32) -> Option<String> {
    let key = record_address(model, record);
    let user = &record.user.display;
    match record.last_used {
        LastUsed::At(used) if RuleSettings::days_before(used, as_of, limit) => Some(format!(
            "access key `{key}` of user `{user}` is active but was last used {} days ago (limit: {limit})",
            days(used, as_of)
        )),
        LastUsed::Never => {
            let created = record.created?;
            RuleSettings::days_before(created, as_of, limit).then(|| {
                format!(
                    "access key `{key}` of user `{user}` is active but has never been used in the {} days since it was created (limit: {limit})",
                    days(created, as_of)
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DAY, ModelBuilder};

    const AS_OF: i64 = 1_700_000_000;

    fn record(created: Option<i64>, last_used: LastUsed, active: bool) -> Vec<Finding> {
        let mut b = ModelBuilder::new();
        b.record("bob/access_key_1", "bob", |r| {
            r.created = created;
            r.last_used = last_used;
            r.active = active;
        });
        let model = b.build();
        let settings = RuleSettings {
            as_of: Some(AS_OF),
            ..RuleSettings::at(0)
        };
        UnusedAccessKey.findings_with(&model, &settings)
    }

    #[test]
    fn forty_five_days_exactly_is_unused_one_second_less_is_not() {
        let at = |t| record(Some(0), LastUsed::At(t), true).len();
        assert_eq!(at(AS_OF - 45 * DAY), 1);
        assert_eq!(at(AS_OF - 45 * DAY + 1), 0);
        // Used after the as-of time: not unused.
        assert_eq!(at(AS_OF + DAY), 0);
    }

    #[test]
    fn never_used_counts_from_creation() {
        let never = |created| record(created, LastUsed::Never, true).len();
        assert_eq!(never(Some(AS_OF - 45 * DAY)), 1);
        assert_eq!(never(Some(AS_OF - 44 * DAY)), 0);
        assert_eq!(never(None), 0);
    }

    #[test]
    fn inactive_and_unknown_keys_are_not_reported() {
        assert!(record(Some(0), LastUsed::At(0), false).is_empty());
        assert!(record(Some(0), LastUsed::Unknown, true).is_empty());
    }

    #[test]
    fn the_message_counts_whole_days() {
        let found = record(Some(0), LastUsed::At(AS_OF - 50 * DAY - 5), true);
        assert_eq!(
            found[0].message,
            "access key `bob/access_key_1` of user `bob` is active but was last used 50 days ago (limit: 45)"
        );
        assert_eq!(found[0].resource, "bob/access_key_1");
    }
}
