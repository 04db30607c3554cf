//! Users known by address whose name is an unknown with an identity of
//! its own: `aws_iam_user.this[each.key]` with `name = each.key`, or
//! `aws_iam_user.u` with `name = var.name`. Its `name` attribute is that
//! identity, so a key naming `aws_iam_user.this[each.key].name` and a
//! password naming `each.key` are of one user. References to the user
//! block keep its address (what people read); the model's user keys are
//! made one after extraction.

use std::collections::HashMap;

use super::config::Mode;
use super::eval::{ChildCalls, Evaluator, InstanceKey, Instances, ModuleInstance};
use super::value::Value;
use crate::model::{Model, ResourceKind, UserId};

/// Chains of users named after other users' names are followed this far.
const MAX_CHAIN: usize = 8;

/// The user keys of `model`'s keys and login profiles that stand for a
/// user block's instance whose name has an identity, replaced by that
/// identity's user key.
pub fn unify(ev: &Evaluator<'_>, root: &ModuleInstance, model: &mut Model) {
    let mut aliases = HashMap::new();
    collect(ev, root, &mut aliases);
    if aliases.is_empty() {
        return;
    }
    let users = model
        .access_keys
        .iter_mut()
        .map(|k| &mut k.user)
        .chain(model.login_profiles.iter_mut().map(|p| &mut p.user));
    for user in users {
        let mut key = user.name_key().to_owned();
        let mut changed = false;
        for _ in 0..MAX_CHAIN {
            let Some(next) = aliases.get(&key) else {
                break;
            };
            key.clone_from(next);
            changed = true;
        }
        if changed {
            user.key = match &user.account {
                Some(account) => format!("{key}@{account}"),
                None => key,
            };
        }
    }
}

/// `ref:<user instance address>` → `ref:<its name's identity>`, for the
/// user blocks of `m` and the modules it calls.
fn collect(ev: &Evaluator<'_>, m: &ModuleInstance, aliases: &mut HashMap<String, String>) {
    let users = m.config.resources.iter().enumerate().filter(|(_, r)| {
        r.mode == Mode::Managed
            && ResourceKind::from_terraform_type(&r.rtype) == Some(ResourceKind::User)
    });
    for (idx, resource) in users {
        let instances = ev.instances(m, idx);
        let list = match &*instances {
            Instances::Known(list) => list.as_slice(),
            Instances::Every(instance, _) => std::slice::from_ref(instance),
            Instances::Unknown(_) => continue,
        };
        let address = m.address(resource);
        for instance in list {
            if let Value::Unknown(Some(identity)) = ev.argument(m, idx, instance, "name") {
                let suffix = instance.key.as_ref().map(InstanceKey::suffix);
                let own = format!("{address}{}", suffix.unwrap_or_default());
                let by_address = UserId::by_identity(&own, &own).key;
                let by_name = UserId::by_identity(&identity, &identity).key;
                aliases.insert(by_address, by_name);
            }
        }
    }
    for call in &m.config.modules {
        if let ChildCalls::Known(children) = &*ev.children(m, &call.name) {
            for (_, child) in children {
                collect(ev, child, aliases);
            }
        }
    }
}
