//! KL006 access-key-outside-code: keys the account has that the code does
//! not declare.

use super::common::{Report, finding, list_names, record_address, recorded_by_user};
use super::rule::{Rule, RuleSettings};
use crate::model::Model;
use crate::outcome::{Finding, RuleMeta, Severity};

static META: RuleMeta = RuleMeta {
    id: "KL006",
    name: "access-key-outside-code",
    severity: Severity::Warning,
    summary: "More active access keys in the account than the code declares for a user it declares",
    control: "drift between account and code",
    help: "find who created the extra key (CloudTrail CreateAccessKey), then delete it or declare it in code; keys made by hand are unrotated, unreviewed and easy to forget",
    label: "user with keys made outside the code",
    doc: include_str!("../../rules/KL006.md"),
};

/// Flags each user of a credential report whose active keys outnumber the
/// active keys that the code linted in the same run declares for the same
/// user in the same account.
pub struct AccessKeyOutsideCode;

impl Rule for AccessKeyOutsideCode {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, model: &Model, _: &RuleSettings, out: &mut Vec<Finding>) {
        for records in recorded_by_user(model).values() {
            // Known only where the account is provably the same and the code
            // was wholly resolved: never a guess. The link gives every key
            // of one user the same count.
            let Some(declared) = records[0].code_keys else {
                continue;
            };
            if records.len() <= declared {
                continue;
            }
            let user = records[0].user.display.clone();
            let names: Vec<String> = records.iter().map(|r| record_address(model, r)).collect();
            let count = records.len();
            let keys = if count == 1 { "key" } else { "keys" };
            let message = format!(
                "user `{user}` has {count} active access {keys} in the account ({}), and the code declares {declared}",
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ModelBuilder;

    fn found(code_keys: Option<usize>, active: [bool; 2]) -> Vec<Finding> {
        let mut b = ModelBuilder::new();
        for (n, active) in active.into_iter().enumerate() {
            b.record(&format!("bob/access_key_{}", n + 1), "bob", |r| {
                r.active = active;
                r.code_keys = code_keys;
            });
        }
        AccessKeyOutsideCode.findings(&b.build())
    }

    #[test]
    fn more_active_keys_than_declared_is_reported_once_per_user() {
        let f = found(Some(1), [true, true]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "user `bob` has 2 active access keys in the account (bob/access_key_1, bob/access_key_2), and the code declares 1"
        );
        assert_eq!(found(Some(0), [true, false]).len(), 1);
    }

    #[test]
    fn as_many_as_declared_or_unknown_is_not() {
        assert!(found(Some(2), [true, true]).is_empty());
        assert!(found(Some(1), [true, false]).is_empty());
        assert!(found(None, [true, true]).is_empty());
    }
}
