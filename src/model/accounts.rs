//! Users told apart by account: what `--verbose` says when one name is
//! declared under configurations that may target different accounts.

use std::collections::{BTreeMap, BTreeSet};

use super::Model;

/// Notes every key and login profile whose user name is also declared
/// under a configuration that may target another account: they are not
/// compared across configurations.
pub fn note_names_across_accounts(model: &mut Model) {
    let mut accounts: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let users = model
        .access_keys
        .iter()
        .map(|k| &k.user)
        .chain(model.login_profiles.iter().map(|p| &p.user));
    for user in users {
        if let Some(account) = &user.account {
            accounts.entry(user.name_key()).or_default().insert(account);
        }
    }
    let ambiguous: BTreeSet<String> = accounts
        .into_iter()
        .filter(|(_, set)| set.len() > 1 && !set.iter().all(|a| a.starts_with("account:")))
        .map(|(name, _)| name.to_owned())
        .collect();
    if ambiguous.is_empty() {
        return;
    }
    let instances: Vec<(usize, Option<String>, String)> = model
        .access_keys
        .iter()
        .map(|k| (k.decl, k.instance.clone(), &k.user))
        .chain(
            model
                .login_profiles
                .iter()
                .map(|p| (p.decl, p.instance.clone(), &p.user)),
        )
        .filter(|(_, _, user)| ambiguous.contains(user.name_key()))
        .map(|(decl, instance, user)| (decl, instance, user.display.clone()))
        .collect();
    for (decl, instance, name) in instances {
        let address = model.instance_address(decl, instance.as_deref());
        let location = model.decl(decl).location.clone();
        let reason = format!(
            "user `{name}` is also declared under another provider configuration, which may target another account: not compared across them"
        );
        model.partly_checked(location, &address, reason);
    }
}
