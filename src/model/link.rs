//! Ties what an account records (credential report rows, Terraform state)
//! to the code that declares the same users, across the units of one run:
//! each recorded
//! key's declaration gets a note pointing at the user's declaration in
//! code, so a finding on the account shows where to fix it; and, where the
//! account is provably the same and the code was fully resolved, how many
//! active keys the code declares for that user.

use std::collections::HashMap;

use super::{Model, Note, UserId};
use crate::source::Location;

/// The most code declarations noted on one recorded key.
const MAX_NOTES: usize = 3;

/// A user declared in code, as the link sees it.
struct CodeUser {
    address: String,
    location: Location,
    account: Option<String>,
    /// Active keys the code declares for this user.
    active_keys: usize,
    /// Whether everything in its unit was resolved (no key could be missing).
    complete: bool,
}

/// Links the recorded keys of every model to the users that other models
/// declare in code.
pub fn link(models: &mut [&mut Model]) {
    let index = index(models);
    if index.is_empty() {
        return;
    }
    for model in models.iter_mut() {
        for i in 0..model.key_records.len() {
            let record = &model.key_records[i];
            if record.root {
                continue;
            }
            let Some(name) = plain_name(&record.user) else {
                continue;
            };
            let account = record.user.account.clone();
            let matches: Vec<&CodeUser> = index
                .get(name)
                .into_iter()
                .flatten()
                .filter(|c| !provably_different(c.account.as_deref(), account.as_deref()))
                .collect();
            let proven: Vec<&&CodeUser> = matches
                .iter()
                .filter(|c| c.account.is_some() && c.account == account)
                .collect();
            // Keys in state are the code's own: only a report's are counted.
            let code_keys = match !record.declared && proven.iter().all(|c| c.complete) {
                true => proven.iter().map(|c| c.active_keys).max(),
                false => None,
            };
            let notes: Vec<Note> = matches
                .iter()
                .take(MAX_NOTES)
                .map(|c| note(c, name, c.account.is_some() && c.account == account))
                .collect();
            let (decl, user_decl) = (record.decl, record.user_decl);
            model.key_records[i].code_keys = code_keys;
            for d in [decl, user_decl] {
                let declaration = &mut model.declarations[d];
                for n in &notes {
                    if !declaration.notes.iter().any(|o| o.location.is(&n.location)) {
                        declaration.notes.push(n.clone());
                    }
                }
            }
        }
    }
}

/// Every user declared in code, by name.
fn index(models: &[&mut Model]) -> HashMap<String, Vec<CodeUser>> {
    let mut index: HashMap<String, Vec<CodeUser>> = HashMap::new();
    for model in models {
        if model.users.is_empty() {
            continue;
        }
        // A key standing for every element of a collection may be many:
        // the code's count is then not known either. (Once per model: per
        // user it would be quadratic.)
        let complete =
            model.unresolved.is_empty() && model.access_keys.iter().all(|k| k.every.is_empty());
        let mut active: HashMap<&str, usize> = HashMap::new();
        for key in model.access_keys.iter().filter(|k| k.active) {
            *active.entry(key.user.key.as_str()).or_default() += 1;
        }
        for user in &model.users {
            let Some(name) = plain_name(&user.user) else {
                continue;
            };
            let declaration = model.decl(user.decl);
            index.entry(name.to_owned()).or_default().push(CodeUser {
                address: model.instance_address(user.decl, user.instance.as_deref()),
                location: declaration.location.clone(),
                account: user.user.account.clone(),
                active_keys: active.get(user.user.key.as_str()).copied().unwrap_or(0),
                complete,
            });
        }
    }
    index
}

/// The IAM user name of a user known by name.
fn plain_name(user: &UserId) -> Option<&str> {
    user.name_key().strip_prefix("name:")
}

/// Whether two accounts are provably different: both named, and not the
/// same.
fn provably_different(code: Option<&str>, recorded: Option<&str>) -> bool {
    match (code, recorded) {
        (Some(a), Some(b)) => a.starts_with("account:") && a != b,
        _ => false,
    }
}

fn note(code: &CodeUser, name: &str, same_account: bool) -> Note {
    let message = match same_account {
        true => format!("user `{name}` is declared in code as `{}`", code.address),
        false => format!(
            "a user named `{name}` is declared in code as `{}` (its account is not known)",
            code.address
        ),
    };
    Note {
        location: code.location.clone(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeclaredUser, KeyStatus, ModelBuilder};

    /// The code declares user `ci` in account 123456789012 with one key
    /// (standing for every slot of `var.slots` when `every`); the account
    /// records two active keys of `ci`.
    fn code_keys(every: bool) -> Option<usize> {
        let account = "account:123456789012";
        let mut code = ModelBuilder::new();
        let user = code.declare(crate::model::ResourceKind::User, "aws_iam_user.ci");
        let ci = UserId::named("ci").in_account(account);
        let key = code.access_key("aws_iam_access_key.ci", ci.clone(), KeyStatus::Active);
        if every {
            code.for_every(key, "var.slots");
        }
        let mut code = code.build();
        code.users.push(DeclaredUser {
            decl: user,
            instance: None,
            user: ci.clone(),
        });
        let mut report = ModelBuilder::new();
        report.record("ci/access_key_1", ci.clone(), |_| {});
        report.record("ci/access_key_2", ci, |_| {});
        let mut report = report.build();
        link(&mut [&mut code, &mut report]);
        report.key_records[0].code_keys
    }

    #[test]
    fn a_key_for_every_element_leaves_the_code_count_unknown() {
        assert_eq!(code_keys(false), Some(1));
        // One key per slot: how many the code declares is not known, so
        // an account with more is no drift.
        assert_eq!(code_keys(true), None);
    }
}
